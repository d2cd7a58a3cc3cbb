/*
** test-kwic.c -- keyword in context: the context of a match (folded white space,
** cut at its paragraph), grouping by normalised form with the most frequent
** spelling, the first examples kept, and a codebook reduced to one code.
*/
#include "config.h"

#include "coder.h"
#include "kwic.h"
#include "match.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_context(void)
{
	const char *t = "Eerste alinea.\n\nEr is  geen\tgeld\nvoor de aanpak.\n\nVolgende.";
	const char *m = strstr(t, "geld");
	size_t b = (size_t)(m - t), lo = 16, hi = (size_t)(strstr(t, ".\n\nV") - t) + 1;
	cdr_buf l = CDR_BUF_INIT, r = CDR_BUF_INIT;
	cdr_kwic_context(t, lo, hi, b, b + 4, 100, &l, &r);
	is_str(cdr_buf_cstr(&l), "Er is geen ", "left context: folded, to the paragraph's start");
	is_str(cdr_buf_cstr(&r), " voor de aanpak.", "right context: to the paragraph's end");
	cdr_buf_reset(&l);
	cdr_buf_reset(&r);
	cdr_kwic_context(t, lo, hi, b, b + 4, 5, &l, &r);
	is_str(cdr_buf_cstr(&l), "geen ", "five code points on the left");
	is_str(cdr_buf_cstr(&r), " voor", "and on the right");
	const char *u = "één café geld";
	cdr_buf_reset(&l);
	cdr_buf_reset(&r);
	cdr_kwic_context(u, 0, strlen(u), strlen(u) - 4, strlen(u), 6, &l, &r);
	is_str(cdr_buf_cstr(&l), "café ", "code points, not bytes; no space at the start");
	cdr_buf_free(&l);
	cdr_buf_free(&r);
	cdr_buf f = CDR_BUF_INIT;
	cdr_kwic_fold("  a \n\t b\u00a0c ", strlen("  a \n\t b\u00a0c "), &f);
	is_str(cdr_buf_cstr(&f), "a b c", "folding trims and joins white space, NBSP too");
	cdr_buf_free(&f);
}

/* Code 'text' with a one-rule codebook at the match unit into the collector. */
static void add(cdr_kwic *k, const cdr_matcher *m, const char *name, const char *text)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_coder *c;
	cdr_coder_new(m, CDR_UNIT_MATCH, &c, &d);
	cdr_doc doc;
	cdr_doc_from_text(name, text, strlen(text), &doc);
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	cdr_coder_run(c, &doc, &cs, &st, &d);
	cdr_kwic_add(k, name, &doc, 0, &cs);
	cdr_codings_free(&cs);
	cdr_doc_free(&doc);
	cdr_coder_free(c);
	cdr_diag_free(&d);
}

static void test_grouping(void)
{
	const char *book = "code: kwic\nglob: geld*\n";
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb;
	cdr_matcher *m;
	ok(cdr_codebook_parse("RULE", book, strlen(book), &cb, &d) == CDR_OK &&
		   cdr_matcher_new(cb, &m, &d) == CDR_OK,
	   "a one-rule codebook compiles");
	cdr_kwic_options opt = { 10, 2 };
	cdr_kwic *k = cdr_kwic_new(cb, &opt);
	add(k, m, "a.txt", "Geld, geld en geld.\n\nGelden in Gelderland.");
	add(k, m, "b.txt", "Het géld\nis op.");
	is_num(cdr_kwic_matches(k), 6, "six matches");
	cdr_buf out = CDR_BUF_INIT;
	cdr_kwic_render(k, "glob: geld*", CDR_KWIC_TSV, &out);
	const char *want =
		"form\tcount\tdocuments\tspelling\trule\tsource\tunit\tstart\tend\tleft\tmatch\tright\n"
		"geld\t4\t2\tgeld\tglob: geld*\ta.txt\tp1\t0\t4\t\tGeld\t, geld en\n"
		"geld\t4\t2\tgeld\tglob: geld*\ta.txt\tp1\t6\t10\tGeld, \tgeld\t en geld.\n"
		"gelden\t1\t1\tGelden\tglob: geld*\ta.txt\tp2\t21\t27\t\tGelden\t in Gelder\n"
		"gelderland\t1\t1\tGelderland\tglob: geld*\ta.txt\tp2\t31\t41\tGelden in \t"
		"Gelderland\t.\n";
	is_str(cdr_buf_cstr(&out), want,
	       "grouped by normalised form, most frequent first, the first two examples, "
	       "spelled the most frequent way");
	cdr_buf_free(&out);
	cdr_kwic_free(k);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);

	/* A codebook reduced to one code keeps its rules and exceptions. */
	const char *two = "obstacle: geen\ncode: a\n  word: x\ncode: b\n  glob: geld*\n  except: "
			  "gelderland\n  example: geld\n";
	ok(cdr_codebook_parse("two", two, strlen(two), &cb, &d) == CDR_OK, "two codes parse");
	cdr_kwic_only_code(cb, 1);
	ok(cb->code_count == 2 && cb->codes[0].rule_count == 0 && cb->rule_count == 2 &&
		   cb->rules[0].code == 1 && cb->rules[1].role == CDR_ROLE_EXCEPT &&
		   cb->rules[0].pos.line == 5 && cb->example_count == 0,
	   "only code b's rules: its glob and its exception, on their lines");
	ok(cdr_matcher_new(cb, &m, &d) == CDR_OK, "and it compiles");
	k = cdr_kwic_new(cb, &opt);
	add(k, m, "c.txt", "Geld uit Gelderland.");
	is_num(cdr_kwic_matches(k), 1, "the exception cancels Gelderland");
	cdr_kwic_free(k);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
}

/* A rule as its own codebook, with the lists of another, its errors on line 1. */
static void test_rule_codebook(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL, *lists = NULL;
	cdr_matcher *m = NULL;
	is_num(cdr_kwic_rule_codebook("RULE", "glob: geld*", NULL, &cb, &m, &d), CDR_OK,
	       "a rule alone");
	ok(cb && cb->code_count == 1 && cb->codes[0].rule_count == 1 && m, "one code, one rule");
	is_str(cb ? cb->codes[0].id : NULL, "kwic", "the code is kwic");
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	const char *book =
		"list: partners = gemeente*, exact: OM\nlist: b = x\n\ncode: c\nword: x\n";
	cdr_codebook_parse_text("book", book, strlen(book), &lists, &d);
	cdr_diag_clear(&d); /* lists no rule of its own uses */
	is_num(cdr_kwic_rule_codebook("RULE", "phrase: @partners", lists, &cb, &m, &d), CDR_OK,
	       "a rule naming a list of another codebook");
	is_num(cb ? cb->list_count : 0, 2, "has its lists");
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	is_num(cdr_kwic_rule_codebook("RULE", "phrase: @nope", lists, &cb, &m, &d), CDR_ESYNTAX,
	       "an unknown list");
	ok(d.count == 1 && d.items[0].line == 1 && d.items[0].column == 9 && d.errors == 1,
	   "one error, at line 1 column 9 of the rule");
	cdr_diag_clear(&d);
	cdr_codebook_free(lists);
	cdr_diag_free(&d);
}

int main(void)
{
	test_context();
	test_grouping();
	test_rule_codebook();
	return tap_done();
}
