/*
** corpus.c -- the options, codebook, inputs and coding run that every command
** coding a corpus shares (see corpus.h).
*/
#include "config.h"

#include "corpus.h"
#include "mem.h"
#include "prefilter.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_choice units[] = {
	{ "match", CDR_UNIT_MATCH },         { "sentence", CDR_UNIT_SENTENCE },
	{ "paragraph", CDR_UNIT_PARAGRAPH }, { "turn", CDR_UNIT_TURN },
	{ "answer", CDR_UNIT_ANSWER },       { NULL, 0 }
};

static const cli_choice input_formats[] = { { "text", CDR_INPUT_TEXT },
					    { "csv", CDR_INPUT_CSV },
					    { "jsonl", CDR_INPUT_JSONL },
					    { NULL, 0 } };

static const cli_choice delimiters[] = { { ",", ',' },    { ";", ';' },   { "tab", '\t' },
					 { "\\t", '\t' }, { "\t", '\t' }, { NULL, 0 } };

static const cli_choice prefilters[] = { { "auto", CLI_PREFILTER_AUTO },
					 { "all", CDR_PREFILTER_ALL },
					 { "words", CDR_PREFILTER_WORDS },
					 { "off", CDR_PREFILTER_OFF },
					 { NULL, 0 } };

const cli_option cli_corpus_options[] = {
	{ "codebook", 'b', "FILE", CLI_STRING(cli_corpus, codebook_path),
	  "the codebook: a codebook file or a pattern table\n"
	  "(code<TAB>kind<TAB>pattern); default: the bundled\n"
	  "reference codebook (" CLI_REFERENCE_CODEBOOK ")" },
	{ "unit", 0, "UNIT", CLI_CHOICE(cli_corpus, unit, units),
	  "what a coding covers: match (the matched words),\n"
	  "sentence, paragraph (the default for text), turn (a\n"
	  "speaker's turn in a transcript: I:, R:, ...), or answer\n"
	  "(a whole survey answer: the default for CSV)" },
	{ "jobs", 'j', "N", CLI_NUMBER(cli_corpus, jobs, 1, 256),
	  "threads that code, the main one among them (default:\n"
	  "all processors); the output is the same for every N" },
	{ "input-format", 0, "F", CLI_CHOICE(cli_corpus, source.stdin_kind, input_formats),
	  "what '-' (standard input) holds: text (the default),\n"
	  "csv (a survey export) or jsonl (answers, one JSON object\n"
	  "{\"id\": ..., \"text\": ...} a line)" },
	{ "follow", 0, NULL, CLI_FLAG(cli_corpus, source.follow_links),
	  "follow symbolic links met inside a directory (default:\n"
	  "skip them, and say how many)" },
	{ "quiet", 'q', NULL, CLI_FLAG(cli_corpus, quiet), "no summary on stderr" },
	CLI_SECTION("Survey exports (.csv; Qualtrics exports are recognised):"),
	{ "text-column", 0, "NAME", CLI_LIST(cli_corpus, text_columns, source.ntext, 0),
	  "a column of open answers to code (repeatable;\n"
	  "default: every free-text column, as the summary shows)" },
	{ "id-column", 0, "NAME", CLI_STRING(cli_corpus, source.survey.id_column),
	  "the respondent id (default: ResponseId in Qualtrics,\n"
	  "else a column named id or respondent..., else the row)" },
	{ "case-column", 0, "NAME", CLI_LIST(cli_corpus, case_columns, source.ncase, 0),
	  "a column carried into every output as a case\n"
	  "variable (repeatable)" },
	{ "delimiter", 0, "C", CLI_CHOICE(cli_corpus, source.survey.csv.delimiter, delimiters),
	  "',' ';' or 'tab' (default: sniffed from the header)" },
	{ "lenient", 0, NULL, CLI_FLAG(cli_corpus, source.survey.csv.lenient),
	  "skip rows with more cells than the header, and say how\n"
	  "many, instead of stopping" },
	{ "max-record", 0, "SIZE", CLI_SIZE(cli_corpus, source.survey.csv.max_record),
	  "the largest CSV record (default 64M; K, M, G suffixes)" },
	CLI_SECTION("Matching:"),
	{ "prefilter", 0, "MODE", CLI_CHOICE(cli_corpus, prefilter, prefilters),
	  "how rules are found; every mode gives the same result:\n"
	  "all (Hyperscan finds where words and expressions may\n"
	  "match; fastest, but takes 0.1-0.5 s to build, on a\n"
	  "thread of its own while the input is read), words\n"
	  "(only words; quick to build), off (every rule through\n"
	  "PCRE2 on every paragraph: the reference the others\n"
	  "are tested on), auto (the default: words for inputs\n"
	  "under 512 KiB, else all; standard input starts with\n"
	  "words, building all once 512 KiB are read)" },
	{ "no-prefilter", 0, NULL, CLI_SET(cli_corpus, prefilter, CDR_PREFILTER_OFF),
	  "the same as --prefilter off" },
	{ "match-limit", 0, "N", CLI_NUMBER(cli_corpus, match_limit, 1, 4000000000ul),
	  "PCRE2's match limit per rule and paragraph (default\n"
	  "10000000); a rule that reaches it stops the run" },
	{ "depth-limit", 0, "N", CLI_NUMBER(cli_corpus, depth_limit, 1, 4000000000ul),
	  "PCRE2's depth limit (default 100000)" },
	{ "max-zip-entry", 0, "SIZE", CLI_SIZE(cli_corpus, source.refi.max_entry_bytes),
	  "the largest entry of a .qdpx read (default 512M)" },
	CLI_END
};

void cli_corpus_init(cli_corpus *c)
{
	memset(c, 0, sizeof *c);
	c->unit = CLI_UNIT_DEFAULT;
	c->jobs = cdr_pipeline_default_workers();
	c->prefilter = CLI_PREFILTER_AUTO;
	c->source.stdin_kind = CDR_INPUT_TEXT;
	c->diag = (cdr_diag)CDR_DIAG_INIT;
}

/* --prefilter auto: building the full prefilter costs about as much as the
** words-only one loses on half a megabyte of text (1.5 ms an expression to build,
** 2.5 ms an expression and megabyte to run it through PCRE2 instead; measured with
** the reference codebook and the bench table, see doc/performance.md), so below
** that the words-only one is quicker.  Standard input, whose size is not known,
** starts with the words' one and has the full one built on a thread of its own
** once that much text has been read (so that a small shard piped in never waits
** for a build it does not need), switching to it when it is ready. */
#define PREFILTER_SMALL_SIZE (512u << 10)

static cdr_prefilter_mode auto_prefilter(const cdr_source *s, size_t *build_after)
{
	unsigned long long bytes;
	*build_after = 0;
	if (!cdr_source_size(s, &bytes)) {
		*build_after = PREFILTER_SMALL_SIZE;
		return CDR_PREFILTER_WORDS;
	}
	return bytes < PREFILTER_SMALL_SIZE ? CDR_PREFILTER_WORDS : CDR_PREFILTER_ALL;
}

int cli_corpus_open(cli_corpus *c, const char *cmd, char **args, int n, const char *output)
{
	if (n == 0 && isatty(STDIN_FILENO))
		return cli_usage_error(cmd, "no input: name files or directories, or pipe text "
					    "to standard input");
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	c->source.text_columns = c->text_columns;
	c->source.case_columns = c->case_columns;
	c->progress = !c->quiet && isatty(STDERR_FILENO);
	if (cdr_source_open((const char *const *)args, (size_t)n, &c->source, &c->inputs,
			    &c->diag) != CDR_OK)
		goto fail;
	if (output && cdr_source_has_file(c->inputs, output)) {
		cli_error("%s: the output file is also an input; refusing to overwrite it", output);
		return CLI_EXIT_INPUT;
	}
	const char *path = c->codebook_path ? c->codebook_path : cli_default_codebook();
	if (!c->cb ? cdr_matcher_load(path, &c->cb, &c->matcher, &c->diag) != CDR_OK
		   : !c->matcher && cdr_matcher_new(c->cb, &c->matcher, &c->diag) != CDR_OK)
		goto fail;
	c->prefilter_used = c->prefilter == CLI_PREFILTER_AUTO
				    ? auto_prefilter(c->inputs, &c->build_after)
				    : (cdr_prefilter_mode)c->prefilter;
	/* The full prefilter is built on a thread of its own (match.h); nothing is
	** built for stage 0, since the run waits for it (see cli_corpus_run()), unless
	** a test of the switch (CODEER_PREFILTER_SWITCH) codes with the words' one
	** first. */
	c->test_switch = getenv("CODEER_PREFILTER_SWITCH");
	if (c->test_switch && !*c->test_switch)
		c->test_switch = NULL;
	cdr_prefilter_mode first = c->test_switch && strcmp(c->test_switch, "0") != 0
					   ? CDR_PREFILTER_WORDS
					   : CDR_PREFILTER_OFF;
	if ((c->prefilter_used == CDR_PREFILTER_ALL
		     ? cdr_matcher_set_prefilter_background(c->matcher, first, &c->diag)
		     : cdr_matcher_set_prefilter(c->matcher, c->prefilter_used, &c->diag)) !=
	    CDR_OK)
		goto fail;
	cdr_matcher_set_limits(c->matcher, (uint32_t)c->match_limit, (uint32_t)c->depth_limit);
	cdr_tally_init(&c->tally, c->cb->code_count);
	cli_print_diag(&c->diag); /* warnings */
	return CLI_EXIT_OK;
fail:
	cli_print_diag(&c->diag);
	return CLI_EXIT_INPUT;
}

cdr_unit cli_corpus_unit(const cli_corpus *c, int answer)
{
	return c->unit != CLI_UNIT_DEFAULT ? (cdr_unit)c->unit
	       : answer                    ? CDR_UNIT_ANSWER
					   : CDR_UNIT_PARAGRAPH;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Print 'text' with "codeer: " before each line. */
static void print_prefixed(const char *text)
{
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		fprintf(stderr, "codeer: %.*s\n", (int)n, line);
		line += n + (nl != NULL);
	}
}

static void on_survey(void *ctx, const cdr_source_item *it)
{
	cli_corpus *c = ctx;
	if (c->quiet)
		return;
	cdr_buf b = CDR_BUF_INIT;
	cdr_survey_choice_describe(it->survey, it->path, &b);
	print_prefixed(cdr_buf_cstr(&b));
	cdr_buf_free(&b);
}

static void on_warnings(void *ctx, cdr_diag *d)
{
	(void)ctx;
	cli_print_diag(d);
}

typedef struct hooks_ctx {
	cli_corpus *c;
	void (*document)(void *ctx, const cdr_source_item *it);
	void *ctx;
} hooks_ctx;

static void on_survey_hook(void *ctx, const cdr_source_item *it)
{
	on_survey(((hooks_ctx *)ctx)->c, it);
}

static void on_document_hook(void *ctx, const cdr_source_item *it)
{
	hooks_ctx *h = ctx;
	cli_corpus *c = h->c;
	if (c->build_after) { /* --prefilter auto on standard input */
		c->bytes_added += it->doc.len;
		if (c->bytes_added >= c->build_after) {
			cdr_matcher_build_full(c->matcher);
			c->build_after = 0;
		}
	}
	if (h->document)
		h->document(h->ctx, it);
}

int cli_corpus_run(cli_corpus *c, cdr_pipeline_format_fn format, cdr_pipeline_write_fn write,
		   void (*document)(void *ctx, const cdr_source_item *it), void *ctx)
{
	hooks_ctx hc = { c, document, ctx };
	cdr_pipeline_hooks hooks = { &hc, on_survey_hook, on_document_hook, on_warnings };
	cdr_pipeline *p = cdr_pipeline_new(c->jobs, c->matcher, cli_corpus_unit(c, 0),
					   cli_corpus_unit(c, 1), format, write, ctx);
	if (c->keep_units)
		cdr_pipeline_keep_units(p);
	/* With the full prefilter building since the start, the first batch waits for
	** it while the input is read: coding with the words' one meanwhile took more
	** CPU than it saved (it codes 7-10 times slower per byte; doc/performance.md).
	** Standard input under --prefilter auto starts the build later, and switches
	** when it is ready.  CODEER_PREFILTER_SWITCH (tests) sets the batch of the
	** switch, or "ready": when the build is done; and says where it happened. */
	if (c->prefilter_used == CDR_PREFILTER_ALL)
		cdr_pipeline_switch_at(p, 0);
	const char *at = c->test_switch;
	if (at)
		cdr_pipeline_switch_at(p, strcmp(at, "ready") == 0 ? ULONG_MAX
								   : strtoul(at, NULL, 10));
	cdr_rc rc = cdr_pipeline_run(p, c->inputs, &hooks, &c->diag);
	if (at) {
		cdr_pipeline_stages st;
		cdr_pipeline_stages_of(p, &st);
		fprintf(stderr,
			"codeer: prefilter stages: %lu batches, %lu at stage 0, %lu at stage 1; "
			"%lu jobs at stage 0, %lu at stage 1\n",
			st.batches, st.first_full, st.batches - st.first_full, st.jobs[0],
			st.jobs[1]);
	}
	cdr_pipeline_free(p);
	if (c->progress && seconds_since(&c->t0) >= 1.0)
		fputs("\r\033[K", stderr);
	return rc == CDR_OK && !c->diag.errors ? CLI_EXIT_OK : CLI_EXIT_INPUT;
}

int cli_corpus_take(cli_corpus *c, cdr_pipeline_job *j)
{
	if (j->diag.errors) { /* keep the messages for the end; stop */
		cdr_diag_append(&c->diag, &j->diag);
		return 0;
	}
	cli_corpus_count(c, j);
	return 1;
}

void cli_corpus_count(cli_corpus *c, cdr_pipeline_job *j)
{
	cli_print_diag(&j->diag); /* warnings */
	cdr_tally_add(&c->tally, j->answer, cli_corpus_unit(c, j->answer), &j->codings, &j->stats);
	if (!c->progress)
		return;
	const cdr_source_stats *st = cdr_source_stats_of(c->inputs);
	if (((st->documents + st->answers) & 255) != 0)
		return;
	double t = seconds_since(&c->t0);
	if (t < 1.0 || seconds_since(&c->last_progress) < 0.25)
		return;
	clock_gettime(CLOCK_MONOTONIC, &c->last_progress);
	fprintf(stderr, "\rcodeer: %zu documents, %zu answers, %zu codings, %.1f s", st->documents,
		st->answers, c->tally.total, t);
	fflush(stderr);
}

void cli_corpus_summary(const cli_corpus *c, const char *output)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_tally_describe(&c->tally, cdr_source_stats_of(c->inputs), cli_corpus_unit(c, 0),
			   cli_corpus_unit(c, 1), c->cb, seconds_since(&c->t0),
			   strcmp(output, "-") == 0 ? "<stdout>" : output, &b);
	print_prefixed(cdr_buf_cstr(&b));
	cdr_buf_free(&b);
}

void cli_corpus_free(cli_corpus *c)
{
	cli_print_diag(&c->diag);
	cdr_diag_free(&c->diag);
	cdr_tally_free(&c->tally);
	cdr_source_free(c->inputs);
	cdr_matcher_free(c->matcher);
	cdr_codebook_free(c->cb);
	free(c->text_columns);
	free(c->case_columns);
}
