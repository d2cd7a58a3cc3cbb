/*
** diff_corpus.h -- a corpus coded under two codebooks in one pipeline run
** ('codeer diff'): the pipeline (pipeline.h) codes each document with OLD; on the
** same coding thread a differ (diff.h) codes it with NEW and keeps what changed;
** the writer gathers the changes in input order.  Both codings thus run on every
** thread.  The changes are few, so all are kept, for diff_report.h to render.
**
** Use: cdr_diff_corpus_new() with the pipeline's matcher as OLD; from the
** pipeline's format callback, cdr_diff_corpus_format(); from its write callback,
** before anything else, cdr_diff_corpus_take(); at the end, the changes.
*/
#ifndef CDR_DIFF_CORPUS_H
#define CDR_DIFF_CORPUS_H

#include "diff.h"
#include "match.h"
#include "mem.h"
#include "pipeline.h"

typedef struct cdr_diff_corpus cdr_diff_corpus; /* opaque */

/* Compare the coding with matcher 'old' (the pipeline's) and with 'new', text
** coded at 'text_unit' and survey answers at 'answer_unit' (as the pipeline was
** told).  The matchers and their codebooks are borrowed: they must outlive the
** result.  Never fails: a coding thread's differs are made when it first needs
** them. */
cdr_diff_corpus *cdr_diff_corpus_new(const cdr_matcher *old, const cdr_matcher *new,
				     cdr_unit text_unit, cdr_unit answer_unit);

/* On a coding thread, for a cdr_pipeline_format_fn: code job 'j' with NEW,
** compare, and put the changes (a pointer to them) in 'out', setting
** j->formatted.  On failure j is left unformatted with the errors in j->diag. */
void cdr_diff_corpus_format(cdr_diff_corpus *dc, cdr_pipeline_job *j, cdr_buf *out);

/* On the writing thread, for every job in input order: keep job 'j''s changes,
** those cdr_diff_corpus_format() found or, if it did not run (one thread, or a
** failure), found now.  A job with errors (coding with either codebook) is left
** with them in j->diag and adds nothing.  Warnings of the coding with NEW are
** dropped: coding with OLD gave them. */
void cdr_diff_corpus_take(cdr_diff_corpus *dc, cdr_pipeline_job *j);

/* The codebooks compared. */
const cdr_cbdiff *cdr_diff_corpus_cbdiff(const cdr_diff_corpus *dc);

/* Every change taken so far, in input order (valid until the next take or free). */
const cdr_changes *cdr_diff_corpus_changes(const cdr_diff_corpus *dc);

/* Free everything, changes never taken among them. */
void cdr_diff_corpus_free(cdr_diff_corpus *dc);

#endif
