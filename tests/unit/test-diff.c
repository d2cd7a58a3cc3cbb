/*
** test-diff.c -- the report of 'codeer diff' (diff_report.h) from codebooks and
** changes made here: nothing to say, a rename, changes listed by code in input
** order, the marks and colours, every format; and loading a codebook given as a
** file or as REV:PATH (gitfile.h), with its errors.
*/
#include "config.h"

#include "diff_report.h"
#include "gitfile.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cdr_codebook *parse(const char *name, const char *text)
{
	cdr_codebook *cb = NULL;
	cdr_diag d = CDR_DIAG_INIT;
	if (cdr_codebook_parse(name, text, strlen(text), &cb, &d) != CDR_OK)
		printf("# %s does not parse\n", name);
	cdr_diag_free(&d);
	return cb;
}

static char *render(const cdr_diff_report *r, cdr_diff_format fmt, int colour)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_diff_report_render(r, fmt, colour, &b);
	cdr_buf_cstr(&b);
	return cdr_buf_take(&b);
}

static void add_change(cdr_changes *cs, cdr_change_kind kind, const char *source, const char *unit,
		       size_t start, const char *code, const char *context)
{
	CDR_GROW(cs->v, cs->cap, cs->count + 1);
	cdr_change *c = &cs->v[cs->count++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->source = cdr_xstrdup(source);
	snprintf(c->unit, sizeof c->unit, "%s", unit);
	c->start = start;
	c->end = start + 10;
	c->code = cdr_xstrdup(code);
	c->rule = cdr_xstrdup("word: x");
	c->obstacle = 0;
	c->cause = cdr_xstrdup("rule 'word: x' is new");
	c->context = cdr_xstrdup(context);
}

static void test_nothing(void)
{
	const char *t = "code: a\n  word: x\n";
	cdr_codebook *o = parse("old", t), *n = parse("new", t);
	cdr_cbdiff cd;
	cdr_cbdiff_init(&cd, o, n);
	cdr_changes none = CDR_CHANGES_INIT;
	cdr_diff_report *r = cdr_diff_report_codebooks(&cd, &none, "old", "new");
	char *s;
	is_str(s = render(r, CDR_DIFF_TEXT, 1), "", "no differences: no text, as git diff");
	free(s);
	is_str(s = render(r, CDR_DIFF_STAT, 0), "", "no differences: no stat");
	free(s);
	is_str(s = render(r, CDR_DIFF_TSV, 0),
	       "change\tsource\tunit\tstart\tend\tcode\trule\tpolarity\tcause\ttext\n",
	       "no differences: the TSV header");
	free(s);
	is_str(s = render(r, CDR_DIFF_JSON, 0),
	       "{\n \"old\": \"old\",\n \"new\": \"new\",\n \"codebook\": [],\n \"codes\": [],\n "
	       "\"changes\": []\n}\n",
	       "no differences: an empty JSON report");
	free(s);
	is_num(cdr_diff_report_differs(r), 0, "no differences: the coding does not differ");
	cdr_diff_report_free(r);
	cdr_diff_report_free(NULL);
	cdr_cbdiff_free(&cd);
	cdr_codebook_free(o);
	cdr_codebook_free(n);
}

static void test_codebooks(void)
{
	cdr_codebook *o = parse("old", "code: a\n  word: x\ncode: b\n  word: y\n");
	cdr_codebook *n = parse("new", "code: c\n  word: x\ncode: b\n  word: y\n  word: z\n");
	cdr_cbdiff cd;
	cdr_cbdiff_init(&cd, o, n);
	cdr_changes cs = CDR_CHANGES_INIT;
	cdr_diff_report *r = cdr_diff_report_codebooks(&cd, &cs, "old", "new");
	is_num(cdr_diff_report_differs(r), 1, "a rename alone: the coding differs");
	char *s = render(r, CDR_DIFF_TEXT, 0);
	is_str(s,
	       "--- old\n+++ new\ncodebook:\n= code renamed a -> c (NEW line 1)\n"
	       "+ rule added b: word: z (NEW line 5)\n\n@@ c +0 -0 (renamed from a) @@\n\n"
	       "@@ b +0 -0 @@\n\n 2 codes changed, 0 unit codings gained (+), 0 lost (-), 0 "
	       "polarities changed (~)\n",
	       "the codebook's changes, then each changed code");
	free(s);
	cdr_diff_report_free(r);

	/* Changes of b and c, interleaved in input order: listed by code (NEW's
	** order), each code's in input order. */
	add_change(&cs, CDR_CHANGE_GAIN, "d1.txt", "p1", 0, "b", "een \x01z\x02 hier");
	add_change(&cs, CDR_CHANGE_LOSS, "d1.txt", "p2", 20, "c", "\x01x\x02 weg");
	add_change(&cs, CDR_CHANGE_GAIN, "d2.txt", "p1", 0, "b", "nog een \x01z\x02");
	r = cdr_diff_report_codebooks(&cd, &cs, "old", "new");
	s = render(r, CDR_DIFF_TSV, 0);
	const char *c1 = strstr(s, "-\td1.txt\tp2\t");
	const char *b1 = strstr(s, "+\td1.txt\tp1\t"), *b2 = strstr(s, "+\td2.txt\tp1\t");
	ok(c1 && b1 && b2 && c1 < b1 && b1 < b2,
	   "TSV rows by code in NEW's order (c, b), then input order");
	ok(strstr(s, "\tnog een [[z]]\n") != NULL, "TSV: the matched words between [[ ]]");
	free(s);
	s = render(r, CDR_DIFF_STAT, 0);
	is_str(s,
	       " c | +0 -1 (renamed from a)\n b | +2 -0\n 2 codes changed, 2 unit codings "
	       "gained (+), 1 lost (-), 0 polarities changed (~)\n",
	       "stat: a line per changed code and the total");
	free(s);
	s = render(r, CDR_DIFF_STAT, 1);
	ok(strstr(s, " b | \033[32m+2\033[m \033[31m-0\033[m\n") != NULL, "stat in colour");
	free(s);
	s = render(r, CDR_DIFF_TEXT, 0);
	ok(strstr(s, "+ d1.txt#p1 0-10\n    een [[z]] hier\n    rule 'word: x' is new\n") != NULL,
	   "text: a change, its words marked, its cause");
	ok(strstr(s, "\033") == NULL, "text without colour has no escapes");
	free(s);
	s = render(r, CDR_DIFF_TEXT, 1);
	ok(strstr(s, "een \033[1;4mz\033[22;24m hier") != NULL, "text in colour: the words bold");
	free(s);
	s = render(r, CDR_DIFF_JSON, 1);
	ok(strstr(s, "\"renamed_from\": \"a\"") && strstr(s, "\"text\": \"een [[z]] hier\"") &&
		   !strstr(s, "\033"),
	   "JSON: the counts, the rename, the text marked and never coloured");
	free(s);
	cdr_diff_report_free(r);
	cdr_changes_free(&cs);
	cdr_cbdiff_free(&cd);
	cdr_codebook_free(o);
	cdr_codebook_free(n);
}

static void test_load(void)
{
	char dir[] = "/tmp/test-diff-XXXXXX";
	if (!mkdtemp(dir)) {
		ok(0, "a temporary directory");
		return;
	}
	cdr_buf path = CDR_BUF_INIT;
	cdr_buf_printf(&path, "%s/a:b.codebook", dir);
	FILE *f = fopen(cdr_buf_cstr(&path), "w");
	fputs("code: a\n  word: x\n", f);
	fclose(f);
	cdr_codebook *cb = NULL;
	cdr_diag d = CDR_DIAG_INIT;
	ok(cdr_gitfile_load_codebook(cdr_buf_cstr(&path), &cb, &d) == CDR_OK && cb &&
		   cb->code_count == 1,
	   "a file whose name has a colon is read as a file");
	cdr_codebook_free(cb);

	/* REV:PATH with git not found: said so, naming the spec. */
	const char *old_path = getenv("PATH");
	char *saved = old_path ? cdr_xstrdup(old_path) : NULL;
	setenv("PATH", "/nonexistent", 1);
	cdr_buf spec = CDR_BUF_INIT;
	cdr_buf_printf(&spec, "HEAD:%s/x.codebook", dir);
	cdr_rc rc = cdr_gitfile_load_codebook(cdr_buf_cstr(&spec), &cb, &d);
	ok(rc == CDR_EIO && cb == NULL && d.errors == 1 &&
		   strcmp(d.items[0].message, "cannot run git to read it") == 0 &&
		   strcmp(d.items[0].file, cdr_buf_cstr(&spec)) == 0,
	   "REV:PATH without git: 'cannot run git to read it', naming the spec");
	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
	cdr_diag_clear(&d);

	/* With git, outside a repository: git's reason. */
	if (system("git --version >/dev/null 2>&1") == 0) {
		rc = cdr_gitfile_load_codebook(cdr_buf_cstr(&spec), &cb, &d);
		ok(rc == CDR_EIO && d.errors == 1 &&
			   strncmp(d.items[0].message, "git show HEAD:./x.codebook failed: ", 35) ==
				   0,
		   "REV:PATH that git cannot show: git's reason (%s)",
		   d.count ? d.items[0].message : "none");
		cdr_diag_clear(&d);
	} else {
		ok(1, "# SKIP git is not installed");
	}
	unlink(cdr_buf_cstr(&path));
	rmdir(dir);
	cdr_buf_free(&path);
	cdr_buf_free(&spec);
	cdr_diag_free(&d);
}

int main(void)
{
	test_nothing();
	test_codebooks();
	test_load();
	return tap_done();
}
