/*
** corpus.h -- what every command that codes a corpus shares: the options that
** say what the inputs are and how to code them (one table of rows), loading the
** codebook, and the coding run with its progress line and summary.
*/
#ifndef CLI_CORPUS_H
#define CLI_CORPUS_H

#include "cli.h"
#include "coder.h"
#include "pipeline.h"
#include "source.h"
#include "tally.h"

#include <time.h>

typedef struct cli_corpus {
	/* Options. */
	const char *codebook_path; /* NULL: the bundled codebook */
	int unit; /* a cdr_unit, or CLI_UNIT_DEFAULT: paragraph, and answer for answers */
	size_t jobs;
	int prefilter; /* a cdr_prefilter_mode, or CLI_PREFILTER_AUTO */
	unsigned long match_limit, depth_limit;
	int quiet;
	int keep_units; /* give every job its units (sheet, agree) */
	cdr_source_options source;
	const char **text_columns, **case_columns; /* counted in 'source' */
	/* The run. */
	cdr_codebook *cb;
	cdr_matcher *matcher; /* set before cli_corpus_open: used (and freed) instead of loading */
	cdr_prefilter_mode prefilter_used; /* what --prefilter chose, once open */
	size_t build_after;      /* auto: build the full prefilter after this much text (0: no) */
	const char *test_switch; /* CODEER_PREFILTER_SWITCH (tests only), or NULL */
	size_t bytes_added;      /* text added to the pipeline so far */
	cdr_source *inputs;
	cdr_tally tally;
	int progress; /* stderr is a terminal */
	struct timespec t0, last_progress;
	cdr_diag diag;
} cli_corpus;

#define CLI_PREFILTER_AUTO (-1)
#define CLI_UNIT_DEFAULT   (-1)

/* The rows of the shared options, typed rows into a cli_corpus: a command's
** context holds its cli_corpus as its first member. */
extern const cli_option cli_corpus_options[];

/* Defaults. */
void cli_corpus_init(cli_corpus *c);

/* Load the codebook, list the inputs 'args[0..n)' (none: standard input unless it
** is a terminal) and refuse an 'output' that is one of them.  Returns CLI_EXIT_OK
** or the status to end with (errors printed).  A command that made its own
** codebook (kwic: one rule) sets c->cb, and may set c->matcher, before. */
int cli_corpus_open(cli_corpus *c, const char *cmd, char **args, int n, const char *output);

/* The unit documents of each kind are coded at. */
cdr_unit cli_corpus_unit(const cli_corpus *c, int answer);

/* Code every input through a pipeline with 'format' and 'write' (see pipeline.h),
** printing survey summaries and warnings as they come.  'document' (may be NULL)
** sees each document before it is coded.  Returns CLI_EXIT_OK, or CLI_EXIT_INPUT
** with the errors left in c->diag. */
int cli_corpus_run(cli_corpus *c, cdr_pipeline_format_fn format, cdr_pipeline_write_fn write,
		   void (*document)(void *ctx, const cdr_source_item *it), void *ctx);

/* For a write callback: count job 'j' and show progress.  Prints its warnings. */
void cli_corpus_count(cli_corpus *c, cdr_pipeline_job *j);

/* For a write callback, first: a job that failed has its errors kept in c->diag
** and returns 0 (stop); else it is counted (cli_corpus_count) and returns 1. */
int cli_corpus_take(cli_corpus *c, cdr_pipeline_job *j);

/* The summary lines of a run ("codeer: 5 documents, ...") on stderr, naming
** 'output' as where the result went. */
void cli_corpus_summary(const cli_corpus *c, const char *output);

/* Free everything the run holds. */
void cli_corpus_free(cli_corpus *c);

#endif
