/*
** test-match.c -- rule semantics (word boundaries, globs, phrases, regexes over
** normalised text), compile errors at codebook positions, and match limits.
*/
#include "config.h"

#include "codebook.h"
#include "coder.h"
#include "match.h"
#include "prefilter.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* Code 'text' with the codebook 'src' at --unit match, finding atoms in 'mode',
** and describe the codings: the original substrings joined with "|", each followed
** by "!" when it is an obstacle; "ERROR" if the codebook does not compile,
** "LIMIT..." on a match limit. */
static char *coded_in_mode(const char *src, const char *text, cdr_prefilter_mode mode)
{
	cdr_buf out = CDR_BUF_INIT;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_coder *c = NULL;
	cdr_doc doc = { 0 };
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };

	if (cdr_codebook_parse("t.codebook", src, strlen(src), &cb, &d) != CDR_OK ||
	    cdr_matcher_new(cb, &m, &d) != CDR_OK ||
	    cdr_matcher_set_prefilter(m, mode, &d) != CDR_OK ||
	    cdr_coder_new(m, CDR_UNIT_MATCH, &c, &d) != CDR_OK ||
	    cdr_doc_decode("doc", text, strlen(text), &doc, &d) != CDR_OK) {
		cdr_buf_adds(&out, "ERROR");
	} else if (cdr_coder_run(c, &doc, &cs, &st, &d) != CDR_OK) {
		cdr_buf_adds(&out, "LIMIT");
	} else {
		for (size_t i = 0; i < cs.count; i++) {
			if (i)
				cdr_buf_addc(&out, '|');
			cdr_buf_add(&out, doc.text + cs.v[i].bstart, cs.v[i].bend - cs.v[i].bstart);
			if (cs.v[i].obstacle)
				cdr_buf_addc(&out, '!');
		}
	}
	cdr_doc_free(&doc);
	cdr_codings_free(&cs);
	cdr_coder_free(c);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return cdr_buf_take(&out);
}

/* The same with the full prefilter, checked against the other modes, and against
** both prefilters when every scan fails (the matcher then runs PCRE2, compiling
** what it left out): a result that depends on the mode comes back as
** "MODES DIFFER: ..." and fails. */
static char *coded_with(const char *src, const char *text)
{
	char *all = coded_in_mode(src, text, CDR_PREFILTER_ALL);
	const cdr_prefilter_mode other[] = { CDR_PREFILTER_WORDS, CDR_PREFILTER_OFF,
					     CDR_PREFILTER_ALL, CDR_PREFILTER_WORDS };
	cdr_buf differ = CDR_BUF_INIT;
	for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
		cdr_prefilter_failing = i >= 2;
		char *got = coded_in_mode(src, text, other[i]);
		cdr_prefilter_failing = 0;
		if (strcmp(got, all) != 0)
			cdr_buf_printf(&differ, " / mode %d%s: %s", (int)other[i],
				       i >= 2 ? " failing" : "", got);
		free(got);
	}
	if (differ.len) {
		cdr_buf b = CDR_BUF_INIT;
		cdr_buf_printf(&b, "MODES DIFFER: all: %s%s", all, differ.data);
		free(all);
		all = cdr_buf_take(&b);
	}
	cdr_buf_free(&differ);
	return all;
}

/* The same for a one-rule codebook 'kind: pattern'. */
static char *matched(const char *kind, const char *pattern, const char *text)
{
	cdr_buf src = CDR_BUF_INIT;
	cdr_buf_printf(&src, "code: t\n%s: %s\n", kind, pattern);
	char *got = coded_with(src.data, text);
	cdr_buf_free(&src);
	return got;
}

static void codes_as(const char *src, const char *text, const char *want, const char *what)
{
	char *got = coded_with(src, text);
	is_str(got, want, "%s", what);
	free(got);
}

static void matches(const char *kind, const char *pattern, const char *text, const char *want)
{
	char *got = matched(kind, pattern, text);
	is_str(got, want, "%s '%s' in \"%s\"", kind, pattern, text);
	free(got);
}

/* Compile 'kind: pattern' and check the first diagnostic's rendering. */
static void compile_error(const char *kind, const char *pattern, const char *want)
{
	cdr_buf src = CDR_BUF_INIT, out = CDR_BUF_INIT;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;

	cdr_buf_printf(&src, "code: t\n  %s: %s\n", kind, pattern);
	cdr_codebook_parse("t.codebook", src.data, src.len, &cb, &d);
	is_num(cdr_matcher_new(cb, &m, &d), CDR_ESYNTAX, "%s '%s' is rejected", kind, pattern);
	for (size_t i = 0; i < d.count; i++) {
		if (d.items[i].severity == CDR_DIAG_ERROR) {
			cdr_diag_render(&d.items[i], &out);
			break;
		}
	}
	is_str(cdr_buf_cstr(&out), want, "... with its position");
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	cdr_buf_free(&src);
	cdr_buf_free(&out);
}

/* Compile the one-rule codebook "code: t\n  KIND: PATTERN" and return its first
** error as "line:column: message" (owned; "" if it compiles). */
static char *first_error(const char *kind, const char *pattern)
{
	cdr_buf src = CDR_BUF_INIT, out = CDR_BUF_INIT;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_buf_printf(&src, "code: t\n  %s: %s\n", kind, pattern);
	if (cdr_codebook_parse("t.codebook", src.data, src.len, &cb, &d) == CDR_OK)
		cdr_matcher_new(cb, &m, &d);
	for (size_t i = 0; i < d.count; i++)
		if (d.items[i].severity == CDR_DIAG_ERROR) {
			cdr_buf_printf(&out, "%zu:%zu: %s", d.items[i].line, d.items[i].column,
				       d.items[i].message);
			break;
		}
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	cdr_buf_free(&src);
	return cdr_buf_take(&out);
}

/* 'n' times 'a', then 'mid', then 'n' times 'b' (owned). */
static char *nested(const char *a, size_t n, const char *mid, const char *b)
{
	cdr_buf x = CDR_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		cdr_buf_adds(&x, a);
	cdr_buf_adds(&x, mid);
	for (size_t i = 0; i < n; i++)
		cdr_buf_adds(&x, b);
	return cdr_buf_take(&x);
}

/* Deep nesting is an error at its place in the codebook, not a stack overflow. */
static void test_deep(void)
{
	char *p = nested("(", 50000, "politie", ")");
	char *e = first_error("all", p);
	is_str(e, "2:108: NOT and parentheses nest more than 100 deep here",
	       "all: 50,000 nested parentheses");
	free(e);
	free(p);
	p = nested("NOT ", 1000000, "politie AND gemeente", "");
	e = first_error("all", p);
	is_str(e, "2:408: NOT and parentheses nest more than 100 deep here", "all: a million NOTs");
	free(e);
	free(p);
	p = nested("(NOT ", 50, "politie", ")");
	e = first_error("all", p);
	is_str(e, "", "all: 100 levels are allowed");
	free(e);
	free(p);
	/* A long chain of AND is no deeper than its logarithm. */
	cdr_buf chain = CDR_BUF_INIT;
	for (int i = 0; i < 20000; i++)
		cdr_buf_printf(&chain, "%sw%d", i ? " OR " : "", i);
	e = first_error("all", chain.data);
	is_str(e, "", "all: 20,000 terms in a chain of OR");
	free(e);
	cdr_buf_free(&chain);
	/* A regex: PCRE2 refuses it, with its place; the prefilter's analysis gave up
	** before (it used to overflow the stack on it). */
	p = nested("(", 10000, "politie", ")");
	e = first_error("regex", p);
	ok(strncmp(e, "2:", 2) == 0 &&
		   strstr(e, ": regular expression does not compile: parentheses are too "
			     "deeply nested"),
	   "regex: 10,000 nested groups: %s", e);
	free(e);
	free(p);
	p = nested("(?:", 200, "politie", ")");
	matches("regex", p, "de politie", "politie");
	free(p);
}

/* The full prefilter built in the background (cdr_matcher_set_prefilter_background):
** one coder codes a text at stage 0 (the words' prefilter, or PCRE2 without JIT code),
** then, once the builder has published, at stage 1 (with every scan failing too): the
** same codings as without any prefilter. */
static void test_stages(cdr_prefilter_mode first)
{
	static const char src[] = "code: a\n  word: samenwerking\n  glob: *deling\n"
				  "  phrase: gebrek aan (goede)? samenwerk*\n"
				  "code: b\n  regex: polit(ie|ioneel)\\b\n  word: OM\n"
				  "  near: informatie* NEAR/5 politie\n";
	static const char text[] = "Gebrek aan goede samenwerking tussen politie en OM.\n\n"
				   "Informatiedeling met de politie, kennisdeling, samenwerking.";
	char *want = coded_in_mode(src, text, CDR_PREFILTER_OFF);
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_coder *c = NULL;
	cdr_doc doc = { 0 };
	int ready = cdr_codebook_parse("t.codebook", src, strlen(src), &cb, &d) == CDR_OK &&
		    cdr_matcher_new(cb, &m, &d) == CDR_OK &&
		    cdr_matcher_set_prefilter_background(m, first, &d) == CDR_OK &&
		    cdr_coder_new(m, CDR_UNIT_MATCH, &c, &d) == CDR_OK &&
		    cdr_doc_decode("doc", text, strlen(text), &doc, &d) == CDR_OK;
	ok(ready, "a matcher building its full prefilter in the background, stage 0 in mode %d",
	   (int)first);
	for (int pass = 0; ready && pass < 3; pass++) {
		if (pass == 1) {
			int stage = cdr_matcher_wait_stage(m);
			int hyperscan = strcmp(cdr_prefilter_engine(), "none") != 0;
			ok(stage == hyperscan, "stage %d after the build (hyperscan: %d)", stage,
			   hyperscan);
			cdr_coder_stage(c, stage);
		}
		cdr_prefilter_failing = pass == 2;
		cdr_codings cs = CDR_CODINGS_INIT;
		cdr_coder_stats st = { 0 };
		cdr_buf out = CDR_BUF_INIT;
		cdr_rc rc = cdr_coder_run(c, &doc, &cs, &st, &d);
		cdr_prefilter_failing = 0;
		for (size_t i = 0; rc == CDR_OK && i < cs.count; i++) {
			if (i)
				cdr_buf_addc(&out, '|');
			cdr_buf_add(&out, doc.text + cs.v[i].bstart, cs.v[i].bend - cs.v[i].bstart);
		}
		ok(rc == CDR_OK && strcmp(cdr_buf_cstr(&out), want) == 0, "pass %d (%s): %s = %s",
		   pass,
		   pass == 0   ? "stage 0"
		   : pass == 1 ? "stage 1"
			       : "stage 1, scans failing",
		   cdr_buf_cstr(&out), want);
		cdr_buf_free(&out);
		cdr_codings_free(&cs);
	}
	ok(strstr(want, "samenwerking|") != NULL && strstr(want, "politie") != NULL,
	   "the reference codes the text: %s", want);
	cdr_doc_free(&doc);
	cdr_coder_free(c);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	free(want);

	/* Freed while (perhaps) still building: the builder is waited for. */
	cb = NULL;
	m = NULL;
	ok(cdr_codebook_parse("t.codebook", src, strlen(src), &cb, &d) == CDR_OK &&
		   cdr_matcher_new(cb, &m, &d) == CDR_OK &&
		   cdr_matcher_set_prefilter_background(m, CDR_PREFILTER_OFF, &d) == CDR_OK,
	   "a second background build");
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
}

int main(void)
{
	test_deep();
	test_stages(CDR_PREFILTER_WORDS);
	test_stages(CDR_PREFILTER_OFF);
	matches("word", "samenwerking", "De Samenwerking loopt.", "Samenwerking");
	matches("word", "samenwerking", "samenwerkingsverband", "");
	matches("word", "samenwerking", "publiek-private samenwerking", "samenwerking");
	matches("word", "private", "publiek-private samenwerking", "");
	matches("word", "publiek-private", "Publiek-Private samenwerking", "Publiek-Private");
	matches("word", "riec", "de RIEC's en het RIEC-overleg", "RIEC");
	matches("word", "één", "Eén overheid, een overheid, één overheid", "Eén|een|één");
	matches("word", "geïntegreerde", "een geintegreerde aanpak", "geintegreerde");
	matches("word", "o.a.", "o.a. het OM", "o.a.");
	matches("word", "samenwerking",
		"samen\xC2\xAD"
		"werking en samen-\nwerking",
		"samen\xC2\xAD"
		"werking|samen-\nwerking");
	matches("glob", "samenwerk*", "samenwerken, samenwerkingsverbanden, samenwerk",
		"samenwerken|samenwerkingsverbanden|samenwerk");
	matches("glob", "samenwerk*", "ketensamenwerking", "");
	matches("glob", "*deling", "informatiedeling en kennisdeling, deling",
		"informatiedeling|kennisdeling|deling");
	matches("glob", "*uitwisseling", "informatie-uitwisseling", "informatie-uitwisseling");
	matches("glob", "*criminaliteit*", "drugscriminaliteitsbeeld en criminaliteit",
		"drugscriminaliteitsbeeld|criminaliteit");
	matches("glob", "riec*", "RIEC-partners en RIEC's", "RIEC-partners|RIEC");
	matches("glob", "belangen", "belangen, eigenbelangen", "belangen");
	matches("phrase", "gebrek aan (goede)? samenwerk*",
		"gebrek aan goede samenwerking; gebrek  aan\nsamenwerken",
		"gebrek aan goede samenwerking|gebrek  aan\nsamenwerken");
	matches("phrase", "(als)? één overheid", "als één overheid, één overheid",
		"als één overheid|één overheid");
	matches("phrase", "signalen herkennen", "signalen te herkennen", "");
	matches("phrase", "korte lijnen", "Korte  Lijnen", "Korte  Lijnen");
	matches("regex", "\\bsignalen\\s+(\\w+\\s+){0,2}herkennen\\b", "signalen leren herkennen",
		"signalen leren herkennen");
	matches("regex", "RIEC", "het riec", "riec");
	matches("regex", "\\bc\\w+", "coördinatie", "coördinatie");

	compile_error("regex", "(abc",
		      "t.codebook:2:14: error: regular expression does not compile: missing "
		      "closing parenthesis\n"
		      "    2 |   regex: (abc\n"
		      "      |              ^\n");
	compile_error("regex", "x|a*",
		      "t.codebook:2:10: error: this can match the empty string, so it would "
		      "code everything; make part of it required\n"
		      "    2 |   regex: x|a*\n"
		      "      |          ^~~~\n");
	compile_error("glob", "sam*werk",
		      "t.codebook:2:12: error: a '*' may only stand at the start or end of a "
		      "word, next to letters\n"
		      "    2 |   glob: sam*werk\n"
		      "      |            ^\n");
	compile_error("word", "twee woorden",
		      "t.codebook:2:13: error: a word or glob is one word; use 'phrase:' for "
		      "several\n"
		      "    2 |   word: twee woorden\n"
		      "      |             ^\n");
	compile_error("word", "samen*",
		      "t.codebook:2:14: error: '*' in a word rule; use 'glob:' for a word with "
		      "'*'\n"
		      "    2 |   word: samen*\n"
		      "      |              ^\n");
	compile_error("phrase", "(alleen)?",
		      "t.codebook:2:11: error: a phrase needs at least one word that is not "
		      "optional\n"
		      "    2 |   phrase: (alleen)?\n"
		      "      |           ^~~~~~~~~\n");
	compile_error("phrase", "gebrek (aan goede",
		      "t.codebook:2:18: error: '(' without ')?' after it\n"
		      "    2 |   phrase: gebrek (aan goede\n"
		      "      |                  ^\n");

	/* Catastrophic backtracking ends in an error, not a hang. */
	/* exact: capitals and accents as written, for acronyms. */
	matches("exact", "OM", "Het OM en de politie, om te beginnen; het Om.", "OM");
	matches("exact", "RIEC", "RIEC's en riec en RIEC-overleg", "RIEC");
	matches("exact", "AVG", "de AVG, de avg", "AVG");

	/* NEAR and BEFORE count the words between the two sides. */
	matches("near", "informatie* NEAR/4 delen",
		"informatie kunnen we niet goed delen; delen van de informatie",
		"informatie kunnen we niet goed delen|delen van de informatie");
	matches("near", "informatie* NEAR/3 delen", "informatie kunnen we niet goed delen", "");
	matches("near", "gebrek aan BEFORE/2 vertrouwen",
		"er is gebrek aan onderling vertrouwen; vertrouwen is er, geen gebrek aan",
		"gebrek aan onderling vertrouwen");
	matches("near", "privacy NEAR/sentence informatie*",
		"De privacy staat voorop. Dus delen we informatie niet. Informatie en privacy.",
		"Informatie en privacy");
	matches("near", "samen werken NEAR/0 goed", "samen werken goed", "samen werken goed");

	/* all: AND / OR / NOT over the unit (here the paragraph). */
	const char *all =
		"code: t\nall: (capaciteit OR mensen) AND (tekort OR te weinig) AND NOT politie\n";
	codes_as(all,
		 "Er zijn te weinig mensen.\n\nDe capaciteit is op orde.\n\n"
		 "Tekort aan capaciteit bij de politie.",
		 "te weinig|mensen",
		 "all: the phrases that are not negated, where the whole holds");

	/* except cancels matches inside its own matches. */
	const char *ex = "code: t\nglob: vertrouw*\nexcept: vertrouwelijk*\n"
			 "except: vertrouwen in de overheid\n";
	codes_as(ex,
		 "Vertrouwen tussen partners; vertrouwelijke stukken; vertrouwen in de overheid.",
		 "Vertrouwen", "except: vertrouwelijk and 'vertrouwen in de overheid' cancelled");

	/* Obstacle cues in the same clause mark a coding as an obstacle. */
	const char *pol = "obstacle: geen\nobstacle: gebrek aan\nobstacle: te weinig\n"
			  "obstacle: stroperig*\n"
			  "code: cap\n  word: capaciteit\ncode: sam\n  word: samenwerking\n";
	codes_as(pol, "De samenwerking is goed, maar er is te weinig capaciteit.",
		 "samenwerking|capaciteit!", "a cue after 'maar' marks only its own clause");
	codes_as(pol, "Er is geen samenwerking. De capaciteit is voldoende.",
		 "samenwerking!|capaciteit", "a sentence end bounds the clause");
	codes_as(pol, "De samenwerking verloopt stroperig (door gebrek aan capaciteit).",
		 "samenwerking!|capaciteit!", "parentheses bound clauses; both have a cue");
	codes_as(pol, "Geen enkel probleem met de samenwerking, omdat er capaciteit is.",
		 "samenwerking!|capaciteit", "'omdat' opens a new clause");

	compile_error("near", "informatie NEAR/x delen",
		      "t.codebook:2:25: error: after NEAR/ or BEFORE/ comes a number of words (0 "
		      "to 1000) or 'sentence'\n"
		      "    2 |   near: informatie NEAR/x delen\n"
		      "      |                         ^\n");
	compile_error("near", "informatie delen",
		      "t.codebook:2:9: error: a 'near' rule is written 'A NEAR/5 B', 'A BEFORE/5 "
		      "B' or 'A NEAR/sentence B'\n"
		      "    2 |   near: informatie delen\n"
		      "      |         ^~~~~~~~~~~~~~~~\n");
	compile_error("all", "NOT politie",
		      "t.codebook:2:8: error: this expression holds in a unit without any of its "
		      "phrases, so it would code everything; it needs a phrase that is not under "
		      "NOT\n"
		      "    2 |   all: NOT politie\n"
		      "      |        ^~~~~~~~~~~\n");
	compile_error("all", "(a OR b AND c",
		      "t.codebook:2:8: error: this '(' is not closed\n"
		      "    2 |   all: (a OR b AND c\n"
		      "      |        ^\n");
	compile_error("all", "a OR OR b",
		      "t.codebook:2:13: error: expected a phrase here\n"
		      "    2 |   all: a OR OR b\n"
		      "      |             ^\n");
	compile_error("except-regex", "(",
		      "t.codebook:2:18: error: regular expression does not compile: missing "
		      "closing parenthesis\n"
		      "    2 |   except-regex: (\n"
		      "      |                  ^\n");

	/* PCRE2's verbs and the options at the start of a pattern: the prefilters do not
	** understand them and must leave such a regex to PCRE2 on every paragraph (they
	** once read "(*MARK:x)" as the literal "mark:x" and dropped every match). */
	static const struct {
		const char *rx, *text, *want;
	} verbs[] = {
		{ "(*MARK:x)samen", "de samenwerking", "samen" },
		{ "(*MARK:samenwerkingsverband)werk", "de samenwerking", "werk" },
		{ "(*:samenwerkingsverband)werk", "de samenwerking", "werk" },
		{ "samen(*PRUNE)werk", "de samenwerking", "samenwerk" },
		{ "samen(*PRUNE:naam)werk", "de samenwerking", "samenwerk" },
		{ "samen(*SKIP)werk", "de samenwerking", "samenwerk" },
		{ "samen(*SKIP:naam)werk", "de samenwerking", "samenwerk" },
		{ "samen(*COMMIT)werk", "de samenwerking", "samenwerk" },
		{ "samen(*COMMIT:naam)werk", "de samenwerking", "samenwerk" },
		{ "samen(*THEN)werk|politie", "de samenwerking", "samenwerk" },
		{ "samen(*THEN:naam)werk|politie", "de samenwerking", "samenwerk" },
		{ "samen(*ACCEPT)werkingsverband", "de samenwerking", "samen" },
		{ "(*NO_AUTO_POSSESS)samen", "de samenwerking", "samen" },
		{ "(*NO_DOTSTAR_ANCHOR)samen", "de samenwerking", "samen" },
		{ "(*NO_JIT)samen", "de samenwerking", "samen" },
		{ "(*LIMIT_MATCH=100000)samen", "de samenwerking", "samen" },
		{ "(*LIMIT_DEPTH=1000)samen", "de samenwerking", "samen" },
		{ "(*LIMIT_HEAP=1000)samen", "de samenwerking", "samen" },
		{ "(*NOTEMPTY)samen", "de samenwerking", "samen" },
		{ "(*NOTEMPTY_ATSTART)samen", "de samenwerking", "samen" },
		{ "(*UTF)samen", "de samenwerking", "samen" },
		{ "(*UCP)samen", "de samenwerking", "samen" },
		{ "(*CR)samen", "de samenwerking", "samen" },
		{ "(*LF)samen", "de samenwerking", "samen" },
		{ "(*CRLF)samen", "de samenwerking", "samen" },
		{ "(*ANYCRLF)samen", "de samenwerking", "samen" },
		{ "(*ANY)samen", "de samenwerking", "samen" },
		{ "(*NUL)samen", "de samenwerking", "samen" },
		{ "(*BSR_ANYCRLF)samen", "de samenwerking", "samen" },
		{ "(*BSR_UNICODE)samen", "de samenwerking", "samen" },
		{ "(*pla:samen)samenwerk", "de samenwerking", "samenwerk" },
		{ "(*positive_lookahead:samenwerking)samen", "de samenwerking", "samen" },
		{ "(*nla:politie)samen", "de samenwerking", "samen" },
		{ "(*negative_lookahead:politie)samen", "de samenwerking", "samen" },
		{ "(*plb:de )samen", "de samenwerking", "samen" },
		{ "(*positive_lookbehind:de )samen", "de samenwerking", "samen" },
		{ "(*nlb:politie)samen", "de samenwerking", "samen" },
		{ "(*negative_lookbehind:politie)samen", "de samenwerking", "samen" },
		{ "(*napla:samenwerking)samen", "de samenwerking", "samen" },
		{ "(*non_atomic_positive_lookahead:samenwerking)samen", "de samenwerking",
		  "samen" },
		{ "(*atomic:samen)werk", "de samenwerking", "samenwerk" },
		{ "(*sr:samen)werk", "de samenwerking", "samenwerk" },
		{ "(*script_run:samen)werk", "de samenwerking", "samenwerk" },
		{ "(*asr:samen)werk", "de samenwerking", "samenwerk" },
		{ "(*atomic_script_run:samen)werk", "de samenwerking", "samenwerk" },
		{ "samen[[:>:]]", "samen", "samen" },
		{ "[[:<:]]samen", "samen", "samen" },
	};
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		matches("regex", verbs[i].rx, verbs[i].text, verbs[i].want);

	/* The empty-match check is PCRE2's: what can consume nothing is refused, even when
	** a lookahead needs characters after it; what PCRE2 knows consumes something is
	** taken, even when it has not computed a minimum length. */
	matches("regex", "(*NO_START_OPT)samen", "de samenwerking", "samen");
	matches("regex", "(*NO_START_OPT)(*NO_AUTO_POSSESS)\\bsamen\\w+", "de samenwerking",
		"samenwerking");
	static const char *const empty[] = {
		"(?=politie)",   "\\b(?=w)", "(?!x)", "(?<=de )",  "x(?=y)|(?=z)",
		"(?:samen|)\\K", "a{0}",     "\\b",   "(*MARK:x)", "(*ACCEPT)x",
	};
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		char *e = first_error("regex", empty[i]);
		ok(strstr(e, "2:10: this can match the empty string") == e,
		   "regex '%s' is refused: %s", empty[i], e);
		free(e);
	}
	/* \K can end a match where it starts: no coding rather than an empty one. */
	matches("regex", "samen\\K|politie", "samenwerking met de politie", "politie");
	matches("regex", "\\Ksamen", "de samenwerking", "samen");
	matches("regex", "de \\Ksamen", "de samenwerking", "samen");

	char *got = matched("regex", "^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
	ok(strncmp(got, "LIMIT", 5) == 0, "a backtracking regex hits the match limit");
	free(got);
	return tap_done();
}
