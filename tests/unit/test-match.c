/*
** test-match.c -- rule semantics (word boundaries, globs, phrases, regexes over
** normalised text), compile errors at codebook positions, and match limits.
*/
#include "config.h"

#include "codebook.h"
#include "match.h"
#include "norm.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* The original substrings matched by the one rule 'kind: pattern' in 'text',
** joined with "|"; "ERROR" if the rule does not compile. */
static char *matched(const char *kind, const char *pattern, const char *text)
{
	cdr_buf src = CDR_BUF_INIT, out = CDR_BUF_INIT;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;

	cdr_buf_printf(&src, "code: t\n%s: %s\n", kind, pattern);
	if (cdr_codebook_parse("t.codebook", src.data, src.len, &cb, &d) != CDR_OK ||
	    cdr_matcher_new(cb, &m, &d) != CDR_OK) {
		cdr_buf_adds(&out, "ERROR");
	} else {
		cdr_norm n = CDR_NORM_INIT;
		cdr_matches ms = CDR_MATCHES_INIT;
		cdr_match_scratch *s = cdr_match_scratch_new(m);
		cdr_norm_run(&n, text, strlen(text), 0);
		if (cdr_matcher_run(m, s, n.text.data, n.text.len, &ms, &d) != CDR_OK)
			cdr_buf_adds(&out, "LIMIT");
		for (size_t i = 0; i < ms.count; i++) {
			size_t a, b;
			cdr_norm_span(&n, ms.v[i].start, ms.v[i].end, &a, &b);
			if (i)
				cdr_buf_addc(&out, '|');
			cdr_buf_add(&out, text + a, b - a);
		}
		cdr_matches_free(&ms);
		cdr_match_scratch_free(s);
		cdr_norm_free(&n);
	}
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	cdr_buf_free(&src);
	return cdr_buf_take(&out);
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
	if (d.count)
		cdr_diag_render(&d.items[0], &out);
	is_str(cdr_buf_cstr(&out), want, "... with its position");
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	cdr_buf_free(&src);
	cdr_buf_free(&out);
}

int main(void)
{
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
		      "t.codebook:2:10: error: this rule can match the empty string, so it would "
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
	char *got = matched("regex", "^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
	ok(strncmp(got, "LIMIT", 5) == 0, "a backtracking regex hits the match limit");
	free(got);
	return tap_done();
}
