/*
** test-run.c -- coding a corpus with the library alone (run.h): the units, the
** inputs and a failed open, the prefilter chosen, every document counted and
** written in input order, the survey note and the summary, a codebook given by
** the caller, and a document's error stopping the run.
*/
#include "config.h"

#include "run.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[512];

/* Write 'text' to dir/name; returns the path (static, per call slot). */
static const char *put(int slot, const char *name, const char *text)
{
	static char paths[8][600];
	snprintf(paths[slot], sizeof paths[slot], "%s/%s", dir, name);
	FILE *f = fopen(paths[slot], "w");
	if (!f)
		return paths[slot];
	fputs(text, f);
	fclose(f);
	return paths[slot];
}

typedef struct seen {
	size_t jobs, codings, surveys, warnings;
	char sources[4][600];
	cdr_buf survey;
} seen;

static int on_write(void *ctx, cdr_pipeline_job *j)
{
	seen *s = ctx;
	if (s->jobs < 4)
		snprintf(s->sources[s->jobs], sizeof s->sources[0], "%s", j->source);
	s->jobs++;
	s->codings += j->codings.count;
	return 0;
}

static void on_survey(void *ctx, const char *text)
{
	seen *s = ctx;
	s->surveys++;
	cdr_buf_adds(&s->survey, text);
}

static void on_warnings(void *ctx, cdr_diag *d)
{
	((seen *)ctx)->warnings += d->count;
}

static void test_units(void)
{
	cdr_run_options opt;
	cdr_run_options_init(&opt);
	cdr_run *r = NULL;
	cdr_diag d = CDR_DIAG_INIT;
	const char *in[] = { put(0, "a.txt", "Een zin.\n") };
	ok(cdr_run_open(&opt, in, 1, NULL, NULL, &r, &d) == CDR_OK, "open one file");
	is_num(cdr_run_unit(r, 0), CDR_UNIT_PARAGRAPH, "default unit of text: the paragraph");
	is_num(cdr_run_unit(r, 1), CDR_UNIT_ANSWER, "default unit of an answer: the answer");
	cdr_run_free(r);
	opt.unit = CDR_UNIT_SENTENCE;
	cdr_run_open(&opt, in, 1, NULL, NULL, &r, &d);
	is_num(cdr_run_unit(r, 1), CDR_UNIT_SENTENCE, "a unit given holds for answers too");
	cdr_run_free(r);
	cdr_diag_free(&d);
}

static void test_open_fails(void)
{
	cdr_run_options opt;
	cdr_run_options_init(&opt);
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	const char *text = "code: geld\nglob: geld*\n";
	cdr_matcher_parse("test", text, strlen(text), &cb, &m, &d);
	const char *in[] = { put(6, "report.pdf", "%PDF-1.4\n") };
	cdr_run *r = (cdr_run *)&d; /* not NULL, to see it set */
	/* The run takes the codebook over even now: LeakSanitizer sees a leak if not. */
	ok(cdr_run_open(&opt, in, 1, cb, m, &r, &d) != CDR_OK,
	   "an input of a kind codeer cannot read fails the open");
	ok(r == NULL, "and gives no run");
	ok(d.errors == 1 && strstr(d.items[0].file, "report.pdf"), "the error names the file");
	cdr_diag_free(&d);
}

static void test_code(void)
{
	const char *cbpath =
		put(0, "t.codebook", "code: geld\nglob: geld*\n\ncode: tijd\nword: tijd\n");
	const char *in[] = { put(1, "b.txt", "Geen geld.\n\nWel tijd en geld.\n"),
			     put(2, "a.txt", "Geldzorgen.\n") };
	cdr_run_options opt;
	cdr_run_options_init(&opt);
	opt.codebook = cbpath;
	opt.jobs = 2;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_run *r;
	ok(cdr_run_open(&opt, in, 2, NULL, NULL, &r, &d) == CDR_OK, "open two files");
	ok(cdr_source_has_file(cdr_run_source(r), in[1]), "an input is one of the inputs");
	ok(!cdr_source_has_file(cdr_run_source(r), cbpath), "the codebook is not");
	ok(cdr_run_prepare(r, &d) == CDR_OK, "prepare loads the codebook");
	is_num(cdr_run_codebook(r)->code_count, 2, "its two codes");
	ok(cdr_run_matcher(r) != NULL, "and a matcher");
	is_num(cdr_run_prefilter(r), CDR_PREFILTER_WORDS, "auto: tiny files, the words' one");
	seen s = { .survey = CDR_BUF_INIT };
	cdr_run_hooks h = { &s, on_survey, on_warnings, NULL };
	ok(cdr_run_code(r, &h, NULL, on_write, &s, &d) == CDR_OK, "code every input");
	is_num(s.jobs, 2, "each document written once");
	is_str(s.sources[0], in[0], "in input order: first");
	is_str(s.sources[1], in[1], "then second");
	is_num(s.codings, 4, "geld twice and tijd in b, geld in a (paragraphs)");
	is_num(s.surveys, 0, "no survey note for text");
	cdr_buf sum = CDR_BUF_INIT;
	cdr_run_summary(r, "out.tsv", &sum);
	ok(strstr(cdr_buf_cstr(&sum), "2 documents, 3 paragraphs (3 coded), 4 codings") != NULL,
	   "the summary counts the run");
	ok(strstr(cdr_buf_cstr(&sum), "-> out.tsv") != NULL, "and names the output");
	ok(cdr_run_seconds(r) >= 0, "the clock runs");
	cdr_buf_free(&sum);
	cdr_buf_free(&s.survey);
	cdr_run_free(r);

	opt.prefilter = CDR_PREFILTER_OFF;
	cdr_run_open(&opt, in, 2, NULL, NULL, &r, &d);
	cdr_run_prepare(r, &d);
	is_num(cdr_run_prefilter(r), CDR_PREFILTER_OFF, "a mode given is kept");
	cdr_run_free(r);
	cdr_diag_free(&d);
}

static void test_survey(void)
{
	const char *in[] = { put(3, "s.csv",
				 "id,antwoord\n1,Er is geen geld.\n2,Geen tijd.\n3,Niets.\n") };
	const char *cols[] = { "antwoord" };
	cdr_run_options opt;
	cdr_run_options_init(&opt);
	opt.source.text_columns = cols;
	opt.source.ntext = 1;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	const char *text = "code: geld\nglob: geld*\n";
	cdr_matcher_parse("given", text, strlen(text), &cb, &m, &d);
	cdr_run *r;
	cdr_run_open(&opt, in, 1, cb, NULL, &r, &d); /* the matcher is made again */
	cdr_matcher_free(m);
	ok(cdr_run_prepare(r, &d) == CDR_OK, "a codebook given, compiled by prepare");
	ok(cdr_run_codebook(r) == cb, "the run codes with it");
	seen s = { .survey = CDR_BUF_INIT };
	cdr_run_hooks h = { &s, on_survey, on_warnings, NULL };
	ok(cdr_run_code(r, &h, NULL, on_write, &s, &d) == CDR_OK, "code a survey export");
	is_num(s.surveys, 1, "one survey note");
	ok(strstr(cdr_buf_cstr(&s.survey), "antwoord") != NULL, "naming the column coded: %s",
	   cdr_buf_cstr(&s.survey));
	is_num(s.jobs, 3, "each answer a document");
	is_num(s.codings, 1, "one answer with geld");
	cdr_buf sum = CDR_BUF_INIT;
	cdr_run_summary(r, "x", &sum);
	ok(strstr(cdr_buf_cstr(&sum), "3 answers") != NULL, "answers counted");
	cdr_buf_free(&sum);
	cdr_buf_free(&s.survey);
	cdr_run_free(r);
	cdr_diag_free(&d);
}

/* Count the lines of the file 'path' and whether it holds 'what'. */
static size_t lines_of(const char *path, const char *what, int *has)
{
	char line[1024];
	size_t n = 0;
	*has = 0;
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		n++;
		*has |= strstr(line, what) != NULL;
	}
	if (f)
		fclose(f);
	return n;
}

/* Into a writer, as 'codeer code' does: a table with a row per coding. */
static void test_write(void)
{
	const char *cbpath = put(0, "t.codebook", "code: geld\nglob: geld*\n");
	const char *in[] = { put(1, "b.txt", "Geen geld.\n\nWel geld.\n"),
			     put(2, "a.txt", "Geldzorgen.\n") };
	const char *out = put(6, "out.tsv", "");
	cdr_run_options opt;
	cdr_run_options_init(&opt);
	opt.codebook = cbpath;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_run *r;
	cdr_run_open(&opt, in, 2, NULL, NULL, &r, &d);
	cdr_run_prepare(r, &d);
	cdr_writer_options wopt = { .cb = cdr_run_codebook(r) };
	cdr_writer *w = NULL;
	ok(cdr_writer_open(out, NULL, &wopt, &w, &d) == CDR_OK, "a TSV writer");
	ok(cdr_run_write(r, NULL, w, &d) == CDR_OK, "code into it");
	ok(cdr_writer_commit(w, &d) == CDR_OK, "and commit");
	int has;
	is_num(lines_of(out, "Geldzorgen", &has), 4, "a header and three codings");
	ok(has, "with the text of the match's unit");
	cdr_run_free(r);
	cdr_diag_free(&d);
}

/* A document whose coding fails (PCRE2's match limit) is not written and stops
** the run with its error. */
static void test_error_stops(void)
{
	const char *cbpath = put(4, "limit.codebook", "code: x\nregex: (\\w+\\s+){3}samen\\w*\n");
	const char *in[] = { put(5, "c.txt", "een twee drie vier vijf zes samenwerking\n") };
	cdr_run_options opt;
	cdr_run_options_init(&opt);
	opt.codebook = cbpath;
	opt.prefilter = CDR_PREFILTER_OFF;
	opt.match_limit = 2;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_run *r;
	cdr_run_open(&opt, in, 1, NULL, NULL, &r, &d);
	ok(cdr_run_prepare(r, &d) == CDR_OK, "prepare with a match limit of 2");
	seen s = { .survey = CDR_BUF_INIT };
	ok(cdr_run_code(r, NULL, NULL, on_write, &s, &d) != CDR_OK, "the limit fails the run");
	is_num(s.jobs, 0, "the failed document is not written");
	ok(d.errors >= 1, "its error is kept");

	/* A second codebook's matcher (diff's NEW) gets the run's limits too. */
	const char *text = "een twee drie vier vijf zes samenwerking\n";
	for (int prepared = 0; prepared < 2; prepared++) {
		cdr_diag d2 = CDR_DIAG_INIT;
		cdr_matcher *m = NULL;
		cdr_coder *c = NULL;
		cdr_doc doc;
		cdr_codings cs = CDR_CODINGS_INIT;
		cdr_coder_stats st = { 0 };
		int set_up = cdr_matcher_new(cdr_run_codebook(r), &m, &d2) == CDR_OK &&
			     (!prepared || cdr_run_prepare_matcher(r, m, &d2) == CDR_OK) &&
			     cdr_coder_new(m, CDR_UNIT_MATCH, &c, &d2) == CDR_OK &&
			     cdr_doc_decode("c.txt", text, strlen(text), &doc, &d2) == CDR_OK;
		ok(set_up, "a second matcher, %s", prepared ? "prepared by the run" : "as it is");
		if (set_up) {
			cdr_rc rc = cdr_coder_run(c, &doc, &cs, &st, &d2);
			if (prepared)
				ok(rc != CDR_OK, "stops at the run's match limit");
			else
				ok(rc == CDR_OK && cs.count == 1, "codes with PCRE2's own limits");
			cdr_doc_free(&doc);
		}
		cdr_codings_free(&cs);
		cdr_coder_free(c);
		cdr_matcher_free(m);
		cdr_diag_free(&d2);
	}
	cdr_run_free(r);
	cdr_diag_free(&d);
}

int main(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/test-run-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_units();
	test_open_fails();
	test_code();
	test_survey();
	test_write();
	test_error_stops();
	const char *names[] = { "a.txt",      "b.txt",          "c.txt",      "s.csv",
				"t.codebook", "limit.codebook", "report.pdf", "out.tsv" };
	char path[700];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return tap_done();
}
