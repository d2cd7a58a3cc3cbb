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
	const cdr_prefilter_mode other[] = { CDR_PREFILTER_WORDS,    CDR_PREFILTER_OFF,
					     CDR_PREFILTER_LITERALS, CDR_PREFILTER_ALL,
					     CDR_PREFILTER_WORDS,    CDR_PREFILTER_LITERALS };
	cdr_buf differ = CDR_BUF_INIT;
	for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
		cdr_prefilter_failing = i >= 3;
		char *got = coded_in_mode(src, text, other[i]);
		cdr_prefilter_failing = 0;
		if (strcmp(got, all) != 0)
			cdr_buf_printf(&differ, " / mode %d%s: %s", (int)other[i],
				       i >= 3 ? " failing" : "", got);
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

/* The first diagnostic of 'sev' when the codebook 'src' is parsed and compiled, as
** "line:column: message" and, for an error, its note (owned; "" if none). */
static char *diag_of(const char *src, cdr_severity sev)
{
	cdr_buf out = CDR_BUF_INIT;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	if (cdr_codebook_parse("t.codebook", src, strlen(src), &cb, &d) == CDR_OK)
		cdr_matcher_new(cb, &m, &d);
	for (size_t i = 0; i < d.count; i++) {
		if (d.items[i].severity != sev)
			continue;
		cdr_buf_printf(&out, "%zu:%zu: %s", d.items[i].line, d.items[i].column,
			       d.items[i].message);
		if (i + 1 < d.count && d.items[i + 1].severity == CDR_DIAG_NOTE)
			cdr_buf_printf(&out, " / note: %s", d.items[i + 1].message);
		break;
	}
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return cdr_buf_take(&out);
}

static void diag_is(const char *src, cdr_severity sev, const char *want, const char *what)
{
	char *got = diag_of(src, sev);
	is_str(got, want, "%s", what);
	free(got);
}

/* Named word lists, NEAR/clause and phrases in parts, in every prefilter mode. */
static void test_lists_and_clauses(void)
{
	const char *partners = "list: p = gemeente, politie*, exact: OM, openbaar ministerie\n"
			       "code: t\n"
			       "  near: @p NEAR/clause samenwerk*\n";
	codes_as(partners, "De samenwerking met het OM is goed.", "samenwerking met het OM",
		 "list: an exact member beside NEAR/clause");
	codes_as(partners, "Om de samenwerking te verbeteren.", "",
		 "list: an exact member keeps its capitals");
	codes_as(partners, "Het Openbaar  Ministerie wil samenwerken.",
		 "Openbaar  Ministerie wil samenwerken", "list: a phrase member");
	codes_as(partners, "De politieagenten willen het, maar samenwerking is er niet.", "",
		 "NEAR/clause: a conjunction opens a new clause");
	codes_as(partners, "Samenwerking (met de gemeente) is er niet.", "",
		 "NEAR/clause: parentheses bound clauses");
	codes_as(partners, "Samenwerking, zegt de gemeente, is lastig.",
		 "Samenwerking, zegt de gemeente", "NEAR/clause: commas do not bound clauses");
	codes_as("list: p = gemeente, politie\ncode: t\n  phrase: samen met (de)? @p\n",
		 "samen met de politie en samen met gemeente, samen met het OM",
		 "samen met de politie|samen met gemeente", "list: in a phrase");
	codes_as("list: p = gemeente, politie\nlist: q = overleg*, samenwerk*\n"
		 "code: t\n  phrase: @q met @p\n",
		 "overleg met gemeente, samenwerking met politie, overleg met OM",
		 "overleg met gemeente|samenwerking met politie", "list: two lists in a phrase");
	codes_as("list: p = gemeente, politie\ncode: t\n  all: @p AND NOT burgemeester\n",
		 "De politie en de gemeente.", "politie|gemeente", "list: a term of all");
	codes_as("list: p = gemeente, politie\ncode: t\n  all: @p AND NOT burgemeester\n",
		 "De politie en de burgemeester.", "", "list: ... under AND NOT");
	codes_as("list: p = politie, politie*\ncode: t\n  phrase: @p\n", "de politie", "politie",
		 "list: two members on one span give one coding");
	codes_as("list: p = exact: OM, politie\ncode: t\n  all: @p\n", "het OM en het om", "OM",
		 "list: an exact member in all");

	codes_as("code: t\n  near: gebrek BEFORE/clause capaciteit\n",
		 "Gebrek aan geld en capaciteit. Capaciteit is er, gebrek niet.",
		 "Gebrek aan geld en capaciteit", "BEFORE/clause: in order, one clause");
	codes_as("code: t\n  near: gebrek NEAR/clause capaciteit\n",
		 "Gebrek aan geld; capaciteit is er.", "", "NEAR/clause: ';' bounds a clause");

	const char *split = "code: t\n  phrase: werken ... samen\n";
	codes_as(split, "Wij werken al jaren goed samen.", "werken al jaren goed samen",
		 "split phrase: words between");
	codes_as(split, "Wij werken samen.", "werken samen", "split phrase: no words between");
	codes_as(split, "Samen werken wij.", "", "split phrase: parts in order");
	codes_as(split, "Wij werken hard, maar samen lukt het.", "", "split phrase: in one clause");
	codes_as(split, "Wij werken hard. Samen lukt het.", "", "split phrase: not over a '.'");
	codes_as(split, "werken en werken samen", "werken en werken samen|werken samen",
		 "split phrase: a hit per first part");
	codes_as("code: t\n  phrase: op de ... agenda\n", "Het staat op de politieke agenda.",
		 "op de politieke agenda", "split phrase: a part of two words");
	codes_as("code: t\n  phrase: zet* ... (extra)? in\n", "Wij zetten extra mensen in.",
		 "zetten extra mensen in", "split phrase: globs and optional words in a part");
	codes_as("code: t\n  phrase: a ... b ... c\n", "a b x c; a c b", "a b x c",
		 "split phrase: three parts");
	codes_as("code: t\n  phrase: a ... b ... b\n", "a b b c", "a b b",
		 "split phrase: parts do not overlap");
	codes_as("list: p = gemeente, politie\ncode: t\n  phrase: werken ... samen met @p\n",
		 "wij werken graag samen met politie", "werken graag samen met politie",
		 "split phrase: a list in a part");
	codes_as("list: p = exact: OM, politie\ncode: t\n  phrase: @p ... samen\n",
		 "Het OM werkt samen, om samen te werken; de politie ook samen.",
		 "OM werkt samen|politie ook samen", "split phrase: an exact list as a part");
	codes_as("obstacle: geen\ncode: t\n  phrase: werken ... samen\n",
		 "Zij werken geen dag samen.", "werken geen dag samen!",
		 "split phrase: an obstacle cue in its clause");

	diag_is("list: partners = a\ncode: t\n  phrase: samen met @partner\n", CDR_DIAG_ERROR,
		"3:21: unknown list '@partner' / note: did you mean '@partners'?",
		"unknown list: did you mean");
	diag_is("code: t\n  phrase: samen met @partners\n", CDR_DIAG_ERROR,
		"2:21: unknown list '@partners' / note: define it before the first code: 'list: "
		"NAME = member, member, ...'",
		"unknown list without lists");
	diag_is("list: p = exact: OM\ncode: t\n  phrase: samen met @p\n", CDR_DIAG_ERROR,
		"3:21: this list has 'exact:' members, which are matched in the original text: "
		"name it alone (a whole phrase, a side of NEAR, a phrase of 'all') / note: words "
		"right before or after it: 'samen met BEFORE/0 @list', '@list BEFORE/0 zegt'",
		"an exact list inside a phrase");
	diag_is("list: p = a\ncode: t\n  except: x @p\n", CDR_DIAG_ERROR,
		"3:13: a list can be named in phrase, near and all rules, not in an exception "
		"or an obstacle cue",
		"no list in an exception");
	diag_is("list: p = sam*en\ncode: t\n  phrase: @p\n", CDR_DIAG_ERROR,
		"1:14: a '*' may only stand at the start or end of a word, next to letters",
		"a bad member: at its place in the list");
	diag_is("list: p = a, b, c, d, e, f, g, h, i, j, k\n"
		"code: t\n  phrase: @p @p @p\n",
		CDR_DIAG_ERROR,
		"3:17: the lists named in this phrase make more than 1000 phrases (the product "
		"of their sizes)",
		"too many combinations");
	{
		cdr_buf b = CDR_BUF_INIT;
		cdr_buf_adds(&b, "list: p = a\ncode: t\n  phrase:");
		for (int i = 0; i < 64; i++)
			cdr_buf_adds(&b, " @p");
		cdr_buf_adds(&b, "\n");
		diag_is(b.data, CDR_DIAG_ERROR, "3:200: a phrase names at most 63 lists",
			"too many lists in one phrase");
		cdr_buf_free(&b);
	}
	diag_is("list: p = a\ncode: t\n  phrase: x sam*en @p\n", CDR_DIAG_ERROR,
		"3:16: a '*' may only stand at the start or end of a word, next to letters",
		"an error beside a list: at its place");
	diag_is("code: t\n  near: werken ... samen NEAR/3 x\n", CDR_DIAG_ERROR,
		"2:16: '...' (parts of a phrase apart in a clause) may only stand in a 'phrase:' "
		"rule",
		"'...' in near");
	diag_is("code: t\n  phrase: ... samen\n", CDR_DIAG_ERROR,
		"2:11: '...' stands between two parts of a phrase, as in 'werken ... samen'",
		"'...' at the start");
	diag_is("code: t\n  phrase: werken ...\n", CDR_DIAG_ERROR,
		"2:18: '...' stands between two parts of a phrase, as in 'werken ... samen'",
		"'...' at the end");
	diag_is("code: t\n  phrase: a ... b ... c ... d ... e ... f ... g ... h ... i ... j ... "
		"k ... l ... m ... n ... o ... p ... q\n",
		CDR_DIAG_ERROR, "2:107: a phrase has at most 16 parts", "too many parts");
	/* A list's phrase is checked in a template and compiled from copies: the column
	** of a later error counts in the rule again (fuzz-codebook found it counted from
	** the freed template). */
	diag_is("list: w = samenwerk*, overleg*\ncode: a\n  near: @w NEAR/clause gebrek (aan\n",
		CDR_DIAG_ERROR, "3:31: '(' without ')?' after it",
		"an error after a list: its column");
	diag_is("code: t\n  phrase: werken ... (samen\n", CDR_DIAG_ERROR,
		"2:22: '(' without ')?' after it", "an error in a part: at its place");
	diag_is("code: t\n  except: werken ... samen\n  word: x\n", CDR_DIAG_ERROR,
		"2:18: '...' (parts of a phrase apart in a clause) may only stand in a 'phrase:' "
		"rule",
		"'...' in an exception");
}

/* The full prefilter built in the background (cdr_matcher_set_prefilter_background):
** a coder pinned at stage 0 (the words' or literals' prefilter, or PCRE2 without JIT
** code) codes a text, and stays there after the build; a coder that follows the
** matcher codes it at stage 1 once the builder has published (with every scan
** failing too): the same codings as without any prefilter. */
static char *coded_by(cdr_coder *c, const cdr_doc *doc, cdr_diag *d)
{
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	cdr_buf out = CDR_BUF_INIT;
	cdr_rc rc = cdr_coder_run(c, doc, &cs, &st, d);
	for (size_t i = 0; rc == CDR_OK && i < cs.count; i++) {
		if (i)
			cdr_buf_addc(&out, '|');
		cdr_buf_add(&out, doc->text + cs.v[i].bstart, cs.v[i].bend - cs.v[i].bstart);
	}
	if (rc != CDR_OK)
		cdr_buf_adds(&out, "ERROR");
	cdr_codings_free(&cs);
	return cdr_buf_take(&out);
}

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
	cdr_coder *pinned = NULL, *follows = NULL;
	cdr_doc doc = { 0 };
	int hyperscan = strcmp(cdr_prefilter_engine(), "none") != 0;
	int ready = cdr_codebook_parse("t.codebook", src, strlen(src), &cb, &d) == CDR_OK &&
		    cdr_matcher_new(cb, &m, &d) == CDR_OK &&
		    cdr_matcher_set_prefilter_background(m, first, &d) == CDR_OK &&
		    cdr_coder_new(m, CDR_UNIT_MATCH, &pinned, &d) == CDR_OK &&
		    cdr_coder_new(m, CDR_UNIT_MATCH, &follows, &d) == CDR_OK &&
		    cdr_doc_decode("doc", text, strlen(text), &doc, &d) == CDR_OK;
	ok(ready, "a matcher building its full prefilter in the background, stage 0 in mode %d",
	   (int)first);
	if (ready) {
		cdr_coder_stage(pinned, 0);
		char *got = coded_by(pinned, &doc, &d);
		is_str(got, want, "pinned at stage 0: the same codings");
		free(got);
		int stage = cdr_matcher_wait_stage(m);
		ok(stage == hyperscan, "stage %d after the build (hyperscan: %d)", stage,
		   hyperscan);
		got = coded_by(pinned, &doc, &d);
		ok(strcmp(got, want) == 0 && cdr_coder_stage_of(pinned) == 0,
		   "a pinned coder stays at stage 0 after the build (%d): %s",
		   cdr_coder_stage_of(pinned), got);
		free(got);
		for (int failing = 0; failing < 2; failing++) {
			cdr_prefilter_failing = failing;
			got = coded_by(follows, &doc, &d);
			cdr_prefilter_failing = 0;
			ok(strcmp(got, want) == 0 && cdr_coder_stage_of(follows) == hyperscan,
			   "a coder that follows the matcher codes at stage %d%s: %s",
			   cdr_coder_stage_of(follows), failing ? ", scans failing" : "", got);
			free(got);
		}
	}
	ok(strstr(want, "samenwerking|") != NULL && strstr(want, "politie") != NULL,
	   "the reference codes the text: %s", want);
	cdr_doc_free(&doc);
	cdr_coder_free(pinned);
	cdr_coder_free(follows);
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
	test_stages(CDR_PREFILTER_LITERALS);
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

	/* forms: a word's inflected forms as words; '+' for compounds (forms.h). */
	matches("forms", "gemeente", "De Gemeente, gemeenten en gemeentes; gemeentelijk.",
		"Gemeente|gemeenten|gemeentes");
	matches("forms", "brief", "Brieven, een briefje; de brieffen.", "Brieven|briefje");
	matches("forms", "delen", "Wij delen, hij deelt, zij deelden, het is gedeeld; de deling.",
		"delen|deelt|deelden|gedeeld");
	matches("forms", "wiet", "wiet, wietteelt en wiet-teelt", "wiet");
	matches("forms", "wiet+", "Wiet, wietteelt en wiet-teelt, wietjes; wieten.",
		"Wiet|wietteelt|wiet-teelt|wietjes|wieten");
	matches("forms", "gemeente+", "gemeentehuis, gemeentenraad, gemeentelijke, gemeentes",
		"gemeentehuis|gemeentenraad|gemeentes");
	matches("forms", "+deling",
		"informatiedeling, informatie-delingen, kennisdeling; afdeling, mededeling, "
		"deling, de-deling",
		"informatiedeling|informatie-delingen|kennisdeling|deling");
	matches("forms", "+deling+",
		"informatiedelingsconvenant, delingsplan, informatiedeling, afdelingshoofd",
		"informatiedelingsconvenant|delingsplan|informatiedeling");
	matches("forms", "publiek-privaat", "publiek-private samenwerking, private",
		"publiek-private");
	matches("forms", "één", "een, één, eens, enen", "een|één|eens|enen");
	codes_as("code: a\n  forms: wiet+\n  except: wietteelt\n", "wietteelt en wietplantage",
		 "wietplantage", "an exception cancels a compound");
	codes_as("obstacle: geen\ncode: a\n  forms: signaal\n",
		 "Er zijn geen signalen; wel een signaaltje.", "signalen!|signaaltje",
		 "a form is an obstacle as a word is");
	compile_error("forms", "twee woorden",
		      "t.codebook:2:14: error: 'forms:' takes one word; use a rule for each word\n"
		      "    2 |   forms: twee woorden\n"
		      "      |              ^\n");
	compile_error("forms", "wi+et",
		      "t.codebook:2:12: error: a '+' may only stand at the start or end of the "
		      "word\n"
		      "    2 |   forms: wi+et\n"
		      "      |            ^\n");
	compile_error("forms", "wiet*",
		      "t.codebook:2:14: error: '*' in a 'forms:' word; a '+' marks a compound\n"
		      "    2 |   forms: wiet*\n"
		      "      |              ^\n");
	compile_error("forms", "+",
		      "t.codebook:2:11: error: a word for 'forms:' has at least two letters\n"
		      "    2 |   forms: +\n"
		      "      |           ^\n");
	compile_error("forms", "2019",
		      "t.codebook:2:10: error: a word for 'forms:' is letters, with hyphens only "
		      "inside\n"
		      "    2 |   forms: 2019\n"
		      "      |          ^~~~\n");

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
		      "to 1000), 'sentence' or 'clause'\n"
		      "    2 |   near: informatie NEAR/x delen\n"
		      "      |                         ^\n");
	compile_error("near", "informatie delen",
		      "t.codebook:2:9: error: a 'near' rule is written 'A NEAR/5 B', 'A BEFORE/5 "
		      "B', 'A NEAR/sentence B' or 'A NEAR/clause B'\n"
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

	/* The empty-match check is exact both ways: what PCRE2 finds an empty match for is
	** refused, even when a lookahead needs characters after it; what PCRE2 knows
	** consumes something is taken, even when it has not computed a minimum length;
	** and where PCRE2's analysis errs on the side of "may be empty" ((*FAIL) counts as
	** empty to it), PCRE2 is asked to find an empty match, and none is found. */
	matches("regex", "(*NO_START_OPT)samen", "de samenwerking", "samen");
	matches("regex", "(*FAIL)|samen", "de samenwerking", "samen");
	matches("regex", "samen(*FAIL)|werk", "de samenwerking", "werk");
	matches("regex", "(*NOTEMPTY)(samen)?", "de samenwerking", "samen");
	matches("regex", "(?(?=s)samen|politie)", "de samenwerking", "samen");
	matches("regex", "(*NO_START_OPT)(*NO_AUTO_POSSESS)\\bsamen\\w+", "de samenwerking",
		"samenwerking");
	static const char *const empty[] = {
		"(?=politie)",     "\\b(?=w)",      "(?!x)",      "(?<=de )",
		"x(?=y)|(?=z)",    "(?:samen|)\\K", "a{0}",       "\\b",
		"(*MARK:x)",       "(*ACCEPT)x",    "(*FAIL)|x?", "(*LIMIT_MATCH=100)\\w*",
		"(?<=\\d)(?=\\d)",
	};
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		char *e = first_error("regex", empty[i]);
		ok(strstr(e, "2:10: this can match the empty string") == e,
		   "regex '%s' is refused: %s", empty[i], e);
		free(e);
	}
	/* Part of a word cannot be optional: the message shows how to write it. */
	char *pe = first_error("phrase", "de (persoons)?gegevens");
	is_str(pe,
	       "2:14: an optional part must be whole words, and '(persoons)?gegevens' makes "
	       "part of a word optional: write the two forms as two rules ('persoonsgegevens' "
	       "and 'gegevens' in its place), a glob ('glob: *gegevens', which also takes other "
	       "words) or a regex ('regex: \\b(persoons)?gegevens\\b')",
	       "an optional part of a word: the forms, a glob and a regex");
	free(pe);
	pe = first_error("phrase", "pers(oons)?gegevens");
	ok(strstr(pe, "2:15: an optional part must be whole words") == pe &&
		   strstr(pe, "('persoonsgegevens' and 'persgegevens' in its place) or a regex"),
	   "in the middle of a word: no glob offered: %s", pe);
	free(pe);

	/* At most CDR_PHRASE_MAX_OPTIONAL optional parts, with a message of its own
	** (5,000 made a regular expression too large, reported as a bug). */
	for (size_t n = CDR_PHRASE_MAX_OPTIONAL; n <= CDR_PHRASE_MAX_OPTIONAL + 1; n++) {
		cdr_buf ph = CDR_BUF_INIT;
		cdr_buf_adds(&ph, "samen");
		for (size_t i = 0; i < n; i++)
			cdr_buf_printf(&ph, " (w%zu)?", i);
		pe = first_error("phrase", cdr_buf_cstr(&ph));
		if (n == CDR_PHRASE_MAX_OPTIONAL)
			is_str(pe, "", "a phrase of %zu optional parts compiles", n);
		else
			ok(strstr(pe, "a phrase has at most 1000 optional parts") != NULL,
			   "one optional part more is refused: %.80s", pe);
		free(pe);
		cdr_buf_free(&ph);
	}

	/* \K can end a match where it starts: no coding rather than an empty one. */
	matches("regex", "samen\\K|politie", "samenwerking met de politie", "politie");
	matches("regex", "\\Ksamen", "de samenwerking", "samen");
	matches("regex", "de \\Ksamen", "de samenwerking", "samen");

	test_lists_and_clauses();
	char *got = matched("regex", "^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
	ok(strncmp(got, "LIMIT", 5) == 0, "a backtracking regex hits the match limit");
	free(got);
	return tap_done();
}
