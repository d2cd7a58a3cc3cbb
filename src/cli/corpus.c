/*
** corpus.c -- the options every command coding a corpus shares, and the printing
** around its run (see corpus.h; the run itself is the library's, run.h).
*/
#include "config.h"

#include "corpus.h"

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

static const cli_choice prefilters[] = {
	{ "auto", CDR_RUN_PREFILTER_AUTO }, { "all", CDR_PREFILTER_ALL },
	{ "words", CDR_PREFILTER_WORDS },   { "literals", CDR_PREFILTER_LITERALS },
	{ "off", CDR_PREFILTER_OFF },       { NULL, 0 }
};

const cli_option cli_corpus_options[] = {
	{ "codebook", 'b', "FILE", CLI_STRING(cli_corpus, opt.codebook),
	  "the codebook: a codebook file or a pattern table\n"
	  "(code<TAB>kind<TAB>pattern); default: the bundled\n"
	  "reference codebook (" CLI_REFERENCE_CODEBOOK ")" },
	{ "unit", 0, "UNIT", CLI_CHOICE(cli_corpus, opt.unit, units),
	  "what a coding covers: match (the matched words),\n"
	  "sentence, paragraph (the default for text), turn (a\n"
	  "speaker's turn in a transcript: I:, R:, ...), or answer\n"
	  "(a whole survey answer: the default for CSV)" },
	{ "jobs", 'j', "N", CLI_NUMBER(cli_corpus, opt.jobs, 1, 256),
	  "threads that code, the main one among them (default:\n"
	  "all processors); the output is the same for every N" },
	{ "input-format", 0, "F", CLI_CHOICE(cli_corpus, opt.source.stdin_kind, input_formats),
	  "what '-' (standard input) holds: text (the default),\n"
	  "csv (a survey export) or jsonl (answers, one JSON object\n"
	  "{\"id\": ..., \"text\": ...} a line)" },
	{ "follow", 0, NULL, CLI_FLAG(cli_corpus, opt.source.follow_links),
	  "follow symbolic links met inside a directory (default:\n"
	  "skip them, and say how many)" },
	{ "quiet", 'q', NULL, CLI_FLAG(cli_corpus, quiet), "no summary on stderr" },
	CLI_SECTION("Survey exports (.csv; Qualtrics exports are recognised):"),
	{ "text-column", 0, "NAME", CLI_LIST(cli_corpus, text_columns, opt.source.ntext, 0),
	  "a column of open answers to code (repeatable;\n"
	  "default: every free-text column, as the summary shows)" },
	{ "id-column", 0, "NAME", CLI_STRING(cli_corpus, opt.source.survey.id_column),
	  "the respondent id (default: ResponseId in Qualtrics,\n"
	  "else a column named id or respondent..., else the row)" },
	{ "case-column", 0, "NAME", CLI_LIST(cli_corpus, case_columns, opt.source.ncase, 0),
	  "a column carried into every output as a case\n"
	  "variable (repeatable)" },
	{ "delimiter", 0, "C", CLI_CHOICE(cli_corpus, opt.source.survey.csv.delimiter, delimiters),
	  "',' ';' or 'tab' (default: sniffed from the header)" },
	{ "lenient", 0, NULL, CLI_FLAG(cli_corpus, opt.source.survey.csv.lenient),
	  "skip rows with more cells than the header, and say how\n"
	  "many, instead of stopping" },
	{ "max-record", 0, "SIZE", CLI_SIZE(cli_corpus, opt.source.survey.csv.max_record),
	  "the largest CSV record (default 64M; K, M, G suffixes)" },
	CLI_SECTION("Matching:"),
	{ "prefilter", 0, "MODE", CLI_CHOICE(cli_corpus, opt.prefilter, prefilters),
	  "how rules are found; every mode gives the same result:\n"
	  "all (Hyperscan finds where words and expressions may\n"
	  "match; fastest, but takes 0.1-1 s to build, on a thread\n"
	  "of its own; with a processor to spare the first answers\n"
	  "are coded with literals meanwhile), literals (words,\n"
	  "and the literals each expression needs; quick to\n"
	  "build), words (only words; quicker), off (every rule\n"
	  "through PCRE2 on every paragraph: the reference the\n"
	  "others are tested on), auto (the default: words for\n"
	  "inputs under 32 KiB, literals under 4 MiB, else all;\n"
	  "standard input starts with literals, building all once\n"
	  "4 MiB are read)" },
	{ "no-prefilter", 0, NULL, CLI_SET(cli_corpus, opt.prefilter, CDR_PREFILTER_OFF),
	  "the same as --prefilter off" },
	{ "match-limit", 0, "N", CLI_NUMBER(cli_corpus, opt.match_limit, 1, 4000000000ul),
	  "PCRE2's match limit per rule and paragraph (default\n"
	  "10000000); a rule that reaches it stops the run" },
	{ "depth-limit", 0, "N", CLI_NUMBER(cli_corpus, opt.depth_limit, 1, 4000000000ul),
	  "PCRE2's depth limit (default 100000)" },
	{ "max-zip-entry", 0, "SIZE", CLI_SIZE(cli_corpus, opt.source.refi.max_entry_bytes),
	  "the largest entry of a .qdpx read (default 512M)" },
	CLI_END
};

void cli_corpus_init(cli_corpus *c)
{
	memset(c, 0, sizeof *c);
	cdr_run_options_init(&c->opt);
	c->diag = (cdr_diag)CDR_DIAG_INIT;
}

int cli_corpus_open(cli_corpus *c, const char *cmd, char **args, int n, const char *output)
{
	if (n == 0 && isatty(STDIN_FILENO))
		return cli_usage_error(cmd, "no input: name files or directories, or pipe text "
					    "to standard input");
	cdr_run_options *o = &c->opt;
	o->source.text_columns = c->text_columns;
	o->source.case_columns = c->case_columns;
	if (!o->codebook)
		o->codebook = cli_default_codebook();
	o->test_switch = getenv("CODEER_PREFILTER_SWITCH"); /* tests only */
	if (o->test_switch && !*o->test_switch)
		o->test_switch = NULL;
	c->progress = !c->quiet && isatty(STDERR_FILENO);
	cdr_rc rc = cdr_run_open(o, (const char *const *)args, (size_t)n, c->cb, c->matcher,
				 &c->run, &c->diag);
	c->cb = NULL; /* the run's now */
	c->matcher = NULL;
	if (rc != CDR_OK)
		goto fail;
	if (output && cdr_source_has_file(cdr_run_source(c->run), output)) {
		cli_error("%s: the output file is also an input; refusing to overwrite it", output);
		return CLI_EXIT_INPUT;
	}
	if (cdr_run_prepare(c->run, &c->diag) != CDR_OK)
		goto fail;
	c->cb = (cdr_codebook *)cdr_run_codebook(c->run);
	c->matcher = cdr_run_matcher(c->run);
	cli_print_diag(&c->diag); /* warnings */
	return CLI_EXIT_OK;
fail:
	cli_print_diag(&c->diag);
	return CLI_EXIT_INPUT;
}

cdr_unit cli_corpus_unit(const cli_corpus *c, int answer)
{
	return cdr_run_unit(c->run, answer);
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

static void on_survey(void *ctx, const char *text)
{
	(void)ctx;
	print_prefixed(text);
}

static void on_warnings(void *ctx, cdr_diag *d)
{
	(void)ctx;
	cli_print_diag(d);
}

static void on_progress(void *ctx, const cdr_run_progress *p)
{
	(void)ctx;
	fprintf(stderr, "\rcodeer: %zu documents, %zu answers, %zu codings, %.1f s", p->documents,
		p->answers, p->codings, p->seconds);
	fflush(stderr);
}

/* After a run: the switch's stages for the tests, and the progress line cleared. */
static int ran(cli_corpus *c, cdr_rc rc)
{
	if (c->opt.test_switch) { /* where the switch happened, for the tests */
		cdr_pipeline_stages st;
		cdr_run_stages(c->run, &st);
		fprintf(stderr,
			"codeer: prefilter stages: %lu batches, %lu at stage 0, %lu at stage 1; "
			"%lu jobs at stage 0, %lu at stage 1\n",
			st.batches, st.first_full, st.batches - st.first_full, st.jobs[0],
			st.jobs[1]);
	}
	if (c->progress && cdr_run_seconds(c->run) >= 1.0)
		fputs("\r\033[K", stderr);
	return rc == CDR_OK ? CLI_EXIT_OK : CLI_EXIT_INPUT;
}

static cdr_run_hooks hooks_of(cli_corpus *c)
{
	return (cdr_run_hooks){ c, c->quiet ? NULL : on_survey, on_warnings,
				c->progress ? on_progress : NULL };
}

int cli_corpus_run(cli_corpus *c, cdr_pipeline_format_fn format, cdr_pipeline_write_fn write,
		   void *ctx)
{
	cdr_run_hooks h = hooks_of(c);
	return ran(c, cdr_run_code(c->run, &h, format, write, ctx, &c->diag));
}

int cli_corpus_write(cli_corpus *c, cdr_writer *w)
{
	cdr_run_hooks h = hooks_of(c);
	return ran(c, cdr_run_write(c->run, &h, w, &c->diag));
}

void cli_corpus_summary(const cli_corpus *c, const char *output)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_run_summary(c->run, strcmp(output, "-") == 0 ? "<stdout>" : output, &b);
	print_prefixed(cdr_buf_cstr(&b));
	cdr_buf_free(&b);
}

void cli_corpus_free(cli_corpus *c)
{
	cli_print_diag(&c->diag);
	cdr_diag_free(&c->diag);
	if (c->run) {
		cdr_run_free(c->run);
	} else {
		cdr_matcher_free(c->matcher);
		cdr_codebook_free(c->cb);
	}
	free(c->text_columns);
	free(c->case_columns);
}
