/*
** run.h -- coding a corpus as every corpus command does (code, sheet, agree, diff,
** kwic, words): the inputs listed, the codebook loaded, the prefilter chosen by
** the size of the input, every document coded through the pipeline and counted,
** and the summary of the run.  What the caller does with each coded document is
** its own write callback (a writer, a coding sheet, a comparison, ...).
**
** The run prints nothing: survey notes, warnings and progress go to hooks, the
** summary into a buffer, errors into a cdr_diag.  Order of use:
**
**     cdr_run_options_init(&opt);  ...set options...
**     cdr_run_open(&opt, inputs, n, cb, m, &run, d);   the inputs, listed
**     cdr_run_source(run)                               e.g. refuse an output among them
**     cdr_run_prepare(run, d);                          codebook, prefilter
**     cdr_run_code(run, &hooks, format, write, ctx, d); every document
**         (or cdr_run_write(run, &hooks, writer, d): into an output format)
**     cdr_run_summary(run, "out.tsv", &text);
**     cdr_run_free(run);
*/
#ifndef CDR_RUN_H
#define CDR_RUN_H

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "match.h"
#include "mem.h"
#include "pipeline.h"
#include "source.h"
#include "writer.h"

#include <stddef.h>

#define CDR_RUN_UNIT_DEFAULT   (-1) /* paragraphs of text, whole survey answers */
#define CDR_RUN_PREFILTER_AUTO (-1) /* by the size of the input (below) */

typedef struct cdr_run_options {
	const char *codebook; /* the codebook file cdr_run_prepare() loads, if not given */
	int unit;             /* a cdr_unit, or CDR_RUN_UNIT_DEFAULT */
	size_t jobs;          /* coding threads, the caller's among them */
	int prefilter;        /* a cdr_prefilter_mode, or CDR_RUN_PREFILTER_AUTO */
	unsigned long match_limit, depth_limit; /* PCRE2's; 0: its defaults (match.h) */
	int keep_units;            /* give every job all its units (cdr_pipeline_keep_units) */
	const char *test_switch;   /* tests only: the batch at which the full prefilter
				    ** takes over (cdr_pipeline_switch_at), or "ready"; the
				    ** first batches then code with the literals' one ("0":
				    ** none, the run waits for the full one) */
	cdr_source_options source; /* what the inputs are */
} cdr_run_options;

/* The defaults: paragraphs and answers, every processor, --prefilter auto. */
void cdr_run_options_init(cdr_run_options *opt);

typedef struct cdr_run cdr_run; /* opaque */

/* Start a run: the clock, and the inputs 'args[0..n)' listed (cdr_source_open;
** n == 0: standard input).  'cb' and 'm' (both may be NULL) are a codebook and
** its matcher the caller made, which the run takes over (even on failure):
** cdr_run_prepare() loads opt->codebook when 'cb' is NULL, and compiles 'cb' when
** 'm' is NULL.  'opt' is copied, its strings borrowed.  Returns CDR_OK, or the
** source's error with *out NULL. */
cdr_rc cdr_run_open(const cdr_run_options *opt, const char *const *args, size_t n, cdr_codebook *cb,
		    cdr_matcher *m, cdr_run **out, cdr_diag *d);

/* The inputs (cdr_source_has_file: is an output one of them?). */
const cdr_source *cdr_run_source(const cdr_run *r);

/* The codebook and matcher, then the prefilter: opt->prefilter, or under auto the
** words' one for inputs under 32 KiB, the literals' one under 4 MiB and the full
** one (built on a thread of its own) above, and for standard input, whose size is
** not known, the literals' one until 4 MiB are read.  While the full one is built,
** stage 0 codes with the literals' one if a processor is free for the builder
** (opt->jobs below their number), else the run waits for it.  Returns CDR_OK, or
** the codebook's errors. */
cdr_rc cdr_run_prepare(cdr_run *r, cdr_diag *d);

/* After cdr_run_prepare(): the codebook and matcher, owned by the run. */
const cdr_codebook *cdr_run_codebook(const cdr_run *r);
cdr_matcher *cdr_run_matcher(const cdr_run *r);

/* The prefilter mode chosen (auto resolved). */
cdr_prefilter_mode cdr_run_prefilter(const cdr_run *r);

/* After cdr_run_prepare(): give 'm', the matcher of a second codebook coded
** beside the run's (diff's NEW), the run's prefilter mode and PCRE2 limits.  With
** the full prefilter, 'm' builds it on a thread of its own and codes with its
** literals' one until it is published (match.h).  Returns CDR_OK, or CDR_ENOMEM
** or the like from the matcher, with an error in 'd'. */
cdr_rc cdr_run_prepare_matcher(const cdr_run *r, cdr_matcher *m, cdr_diag *d);

/* The unit text documents ('answer' 0) or survey answers (1) are coded at. */
cdr_unit cdr_run_unit(const cdr_run *r, int answer);

/* Seconds since cdr_run_open(). */
double cdr_run_seconds(const cdr_run *r);

/* What a run tells as it goes; any may be NULL.  All are called on the caller's
** thread. */
typedef struct cdr_run_progress {
	size_t documents, answers, codings;
	double seconds;
} cdr_run_progress;

typedef struct cdr_run_hooks {
	void *ctx;
	/* A survey export was opened: which columns are coded and why, as lines. */
	void (*survey)(void *ctx, const char *text);
	/* Warnings and no error, of the inputs or a document: show them; the run
	** empties 'd' after. */
	void (*warnings)(void *ctx, cdr_diag *d);
	/* Every 256 documents, from the first second on, at most 4 times a second. */
	void (*progress)(void *ctx, const cdr_run_progress *p);
} cdr_run_hooks;

/* Code every input, after cdr_run_prepare(), through a pipeline with 'format'
** and 'write' (see pipeline.h; 'format' may be NULL).  Each coded document is
** counted before 'write' sees it; a document with errors is not written, and
** stops the run.  Returns CDR_OK, or an error with the messages in 'd'. */
cdr_rc cdr_run_code(cdr_run *r, const cdr_run_hooks *h, cdr_pipeline_format_fn format,
		    cdr_pipeline_write_fn write, void *ctx, cdr_diag *d);

/* cdr_run_code() into the writer 'w' (writer.h), as 'codeer code' does: the rows
** of a document are formatted on the coding threads when the format allows it,
** and added in input order.  The caller commits (or aborts) 'w' after. */
cdr_rc cdr_run_write(cdr_run *r, const cdr_run_hooks *h, cdr_writer *w, cdr_diag *d);

/* After cdr_run_code(): at which prefilter stage the batches were coded. */
void cdr_run_stages(const cdr_run *r, cdr_pipeline_stages *st);

/* The summary of the run, naming 'output' as where the result went: lines of
** documents, answers, units and codings (cdr_tally_describe), appended to 'out'. */
void cdr_run_summary(const cdr_run *r, const char *output, cdr_buf *out);

void cdr_run_free(cdr_run *r);

#endif
