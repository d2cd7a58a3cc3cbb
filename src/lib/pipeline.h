/*
** pipeline.h -- coding documents on several threads with output in input order.
**
** The caller (the main thread) adds documents one by one; they are grouped into
** batches (a batch closes once it holds CDR_PIPELINE_BATCH_JOBS documents or
** CDR_PIPELINE_BATCH_BYTES of text), worker threads code the documents of a batch in
** parallel, and finished batches are handed back to the caller's 'write' callback
** strictly in the order they were added.  At most three batches exist at once, so
** memory is bounded by the batch size and the largest document, not by the corpus.
** A batch's slot goes FREE -> FILLING -> QUEUED -> DONE -> FREE, which pipeline.c
** checks with CDR_ASSERT (invariant.h).  The caller's thread is one of the coding threads: it
** codes while it waits for a batch to write, and with one thread it does everything.
*/
#ifndef CDR_PIPELINE_H
#define CDR_PIPELINE_H

#include "coder.h"
#include "diag.h"
#include "match.h"
#include "mem.h"
#include "read.h"
#include "source.h"

#define CDR_PIPELINE_BATCH_JOBS  1024
#define CDR_PIPELINE_BATCH_BYTES (4u << 20)

/* One document and what becomes of it. */
typedef struct cdr_pipeline_job {
	cdr_doc doc;           /* a copy, in the batch's arena (never cdr_doc_free() it) */
	char *source;          /* the 'source' column; like all strings here, in the arena */
	char *question;        /* the 'question' column ("" for none) */
	char **case_values;    /* 'ncase' strings and a NULL, or NULL */
	char *case_name;       /* or NULL */
	int answer;            /* a survey answer (coded at the answer unit) */
	cdr_codings codings;   /* the result, in the worker's arena (never grow or free it) */
	cdr_codings units;     /* with cdr_pipeline_keep_units: every unit (cdr_coder_units) */
	cdr_coder_stats stats; /* what coding it added */
	cdr_diag diag;         /* its errors and warnings */
	int stage;             /* the prefilter stage it was coded at (match.h) */
	const char *rows;      /* output formatted on a thread, if 'formatted': */
	size_t rows_len;       /* set for the write callback */
	int formatted;
	const cdr_buf *rows_buf; /* where a thread formatted it, from rows_off */
	size_t rows_off;
} cdr_pipeline_job;

typedef struct cdr_pipeline cdr_pipeline; /* opaque */

/* Called on the caller's thread for every job, in the order they were added.  A
** nonzero return stops the pipeline (no more jobs are written). */
typedef int (*cdr_pipeline_write_fn)(void *ctx, cdr_pipeline_job *job);

/* Called on a coding thread for every job coded without error, so that the writer
** has less to do: appends the job's output to 'out' and sets job->formatted (the
** pipeline keeps 'out' until the job is written, and points job->rows at the
** output then).  It must only read what it shares with other threads. */
typedef void (*cdr_pipeline_format_fn)(void *ctx, cdr_pipeline_job *job, cdr_buf *out);

/* A pipeline with 'workers' coding threads, the caller's among them (1: the caller
** codes alone).  'm' (and its codebook) is shared read-only by all threads.
** 'format' may be NULL; with one thread it is not used (the writer formats as it
** writes, holding no formatted batch).  Never fails: if a thread cannot be
** started, the pipeline runs with the threads it has. */
cdr_pipeline *cdr_pipeline_new(size_t workers, const cdr_matcher *m, cdr_unit text_unit,
			       cdr_unit answer_unit, cdr_pipeline_format_fn format,
			       cdr_pipeline_write_fn write, void *ctx);

/* Add the document of item 'it' (a CDR_SOURCE_DOCUMENT): its text, names and case
** values are copied (a project's codings are not: a caller that needs them keeps
** them when it adds the item).  May write finished
** batches, and returns 0 once a write has stopped the pipeline. */
int cdr_pipeline_add(cdr_pipeline *p, const cdr_source_item *it);

/* Give every job its units, coded or not (job->units), from now on. */
void cdr_pipeline_keep_units(cdr_pipeline *p);

/* Where the switch between prefilter stages (match.h) happens: code the batches
** before the 'at'-th (counting from 0) at stage 0 even if the full prefilter is
** ready, and from it on at stage 1, waiting there for the builder.  0: wait for the
** full prefilter before coding, while the first batch is read; a chosen K: a test
** of the switch, whatever the timing; ULONG_MAX (the default): a job is coded at
** the stage the matcher has published when the job starts. */
void cdr_pipeline_switch_at(cdr_pipeline *p, unsigned long at);

/* What was coded at which prefilter stage: the batches queued so far, the first
** of them queued at stage 1 ('batches' if none was), and the jobs written coded
** at stage 0 and at stage 1 (a job of a batch queued at stage 0 may be coded at
** stage 1, see cdr_pipeline_switch_at()). */
typedef struct cdr_pipeline_stages {
	unsigned long batches, first_full;
	unsigned long jobs[2];
} cdr_pipeline_stages;
void cdr_pipeline_stages_of(const cdr_pipeline *p, cdr_pipeline_stages *out);

/* Code and write everything still pending.  Returns 0 if a write stopped the
** pipeline. */
int cdr_pipeline_finish(cdr_pipeline *p);

/* Stop the workers and free everything (pending jobs are dropped). */
void cdr_pipeline_free(cdr_pipeline *p);

/* What cdr_pipeline_run() calls besides the pipeline's own callbacks; any may be
** NULL.  All run on the caller's thread. */
typedef struct cdr_pipeline_hooks {
	void *ctx;
	/* A survey export was opened ('it->survey' says how it is read). */
	void (*survey)(void *ctx, const cdr_source_item *it);
	/* A document is about to be added (e.g. to keep a project's codings). */
	void (*document)(void *ctx, const cdr_source_item *it);
	/* 'd' holds warnings and no error: show them, and empty 'd'. */
	void (*warnings)(void *ctx, cdr_diag *d);
} cdr_pipeline_hooks;

/* Code every document of 'src' through 'p', then finish it.  Returns CDR_OK, or
** the source's error (in 'd'); a write that stopped the pipeline returns
** CDR_EIO, its error being the writer's to report. */
cdr_rc cdr_pipeline_run(cdr_pipeline *p, cdr_source *src, const cdr_pipeline_hooks *h, cdr_diag *d);

/* The number of workers to use by default: the processors this process may run
** on (its affinity mask, where the system tells it), else those online. */
size_t cdr_pipeline_default_workers(void);

#endif
