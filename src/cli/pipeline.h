/*
** pipeline.h -- coding documents on several threads with output in input order.
**
** The caller (the main thread) adds documents one by one; they are grouped into
** batches (at most PIPELINE_BATCH_JOBS documents or PIPELINE_BATCH_BYTES of text),
** worker threads code the documents of a batch in parallel, and finished batches
** are handed back to the caller's 'write' callback strictly in the order they were
** added.  At most three batches exist at once, so memory is bounded by the batch
** size, not by the corpus.  The caller's thread is one of the coding threads: it
** codes while it waits for a batch to write, and with one thread it does everything.
*/
#ifndef CLI_PIPELINE_H
#define CLI_PIPELINE_H

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "match.h"
#include "mem.h"
#include "read.h"

#define PIPELINE_BATCH_JOBS  1024
#define PIPELINE_BATCH_BYTES (4u << 20)

/* One document and what becomes of it. */
typedef struct pl_job {
	cdr_doc doc;           /* a copy, in the batch's arena (never cdr_doc_free() it) */
	char *source;          /* the 'source' column; like all strings here, in the arena */
	char *question;        /* the 'question' column ("" for none) */
	char **case_values;    /* 'ncase' strings and a NULL, or NULL */
	char *case_name;       /* or NULL */
	int answer;            /* a survey answer (coded at the answer unit) */
	cdr_codings codings;   /* the result, in the worker's arena (never grow or free it) */
	cdr_coder_stats stats; /* what coding it added */
	cdr_diag diag;         /* its errors and warnings */
	const char *rows;      /* output formatted on a thread, if 'formatted': */
	size_t rows_len;       /* set for the write callback */
	int formatted;
	const cdr_buf *rows_buf; /* where a thread formatted it, from rows_off */
	size_t rows_off;
} pl_job;

typedef struct pipeline pipeline; /* opaque */

/* Called on the caller's thread for every job, in the order they were added.  A
** nonzero return stops the pipeline (no more jobs are written). */
typedef int (*pl_write_fn)(void *ctx, pl_job *job);

/* Called on a coding thread for every job coded without error, so that the writer
** has less to do: appends the job's output to 'out' and sets job->formatted (the
** pipeline keeps 'out' until the job is written, and points job->rows at the
** output then).  It must only read what it shares with other threads. */
typedef void (*pl_format_fn)(void *ctx, pl_job *job, cdr_buf *out);

/* A pipeline with 'workers' coding threads, the caller's among them (1: the caller
** codes alone).  'm' and 'cb' are shared read-only by all threads.  'format' may
** be NULL; with one thread it is not used (the writer formats as it writes,
** holding no formatted batch).  Returns NULL
** after an error in 'd' (ICU could not be opened). */
pipeline *pipeline_new(size_t workers, const cdr_matcher *m, const cdr_codebook *cb,
		       cdr_unit text_unit, cdr_unit answer_unit, pl_format_fn format,
		       pl_write_fn write, void *ctx, cdr_diag *d);

/* Add a document: its name and text are copied, like the strings.  May write
** finished batches, and returns 0 once a write has stopped the pipeline. */
int pipeline_add(pipeline *p, const cdr_doc *doc, const char *source, const char *question,
		 const char *const *case_values, size_t ncase, const char *case_name, int answer);

/* Code and write everything still pending.  Returns 0 if a write stopped the
** pipeline. */
int pipeline_finish(pipeline *p);

/* Stop the workers and free everything (pending jobs are dropped). */
void pipeline_free(pipeline *p);

/* The number of workers to use by default: the processors online. */
size_t pipeline_default_workers(void);

#endif
