/*
** corpus.h -- what every command that codes a corpus shares: the options that
** say what the inputs are and how to code them (one table of rows), and the
** printing around a coding run of the library (run.h): notes, warnings, the
** progress line and the summary.
*/
#ifndef CLI_CORPUS_H
#define CLI_CORPUS_H

#include "cli.h"
#include "run.h"

typedef struct cli_corpus {
	cdr_run_options opt; /* the shared rows store here */
	int quiet;
	const char **text_columns, **case_columns; /* counted in opt.source */
	/* Before cli_corpus_open, a codebook (and matcher) the command made, which the
	** run takes over (kwic: one rule; diff: OLD); after, the run's. */
	cdr_codebook *cb;
	cdr_matcher *matcher;
	cdr_run *run;
	int progress; /* stderr is a terminal */
	cdr_diag diag;
} cli_corpus;

/* The rows of the shared options, typed rows into a cli_corpus: a command's
** context holds its cli_corpus as its first member. */
extern const cli_option cli_corpus_options[];

/* Defaults. */
void cli_corpus_init(cli_corpus *c);

/* Load the codebook, list the inputs 'args[0..n)' (none: standard input unless it
** is a terminal) and refuse an 'output' that is one of them (run.h).  Returns
** CLI_EXIT_OK or the status to end with (errors printed). */
int cli_corpus_open(cli_corpus *c, const char *cmd, char **args, int n, const char *output);

/* The unit documents of each kind are coded at. */
cdr_unit cli_corpus_unit(const cli_corpus *c, int answer);

/* Code every input through a pipeline with 'format' and 'write' (see run.h),
** printing survey notes, warnings and progress as they come.  Returns
** CLI_EXIT_OK, or CLI_EXIT_INPUT with the errors left in c->diag. */
int cli_corpus_run(cli_corpus *c, cdr_pipeline_format_fn format, cdr_pipeline_write_fn write,
		   void *ctx);

/* The same into the writer 'w' (cdr_run_write). */
int cli_corpus_write(cli_corpus *c, cdr_writer *w);

/* The summary lines of a run ("codeer: 5 documents, ...") on stderr, naming
** 'output' as where the result went. */
void cli_corpus_summary(const cli_corpus *c, const char *output);

/* Free everything the run holds. */
void cli_corpus_free(cli_corpus *c);

#endif
