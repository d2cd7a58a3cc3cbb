/*
** diff_corpus.c -- a corpus coded under two codebooks in one pipeline run (see
** diff_corpus.h).
**
** Each coding thread has its own differs (one per unit: text and answers), found
** by its thread id under a lock, made the first time.  A thread's changes of a
** document travel to the writer as a pointer in the job's formatted output; the
** allocations are also listed here, so that those never written (a run that
** stopped) are freed too.
*/
#include "config.h"

#include "diff_corpus.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The differs of one coding thread, for text and for survey answers. */
typedef struct slot {
	pthread_t thread;
	cdr_differ *df[2];
} slot;

struct cdr_diff_corpus {
	const cdr_matcher *old, *new;
	cdr_unit unit[2]; /* text, answers */
	cdr_cbdiff cd;
	pthread_mutex_t lock; /* guards 'slots' and 'nodes' */
	slot *slots;
	size_t nslots, slots_cap;
	cdr_changes **nodes; /* a thread's changes of a document, until written */
	size_t nnodes, nodes_cap;
	cdr_changes changes; /* all, in input order */
};

cdr_diff_corpus *cdr_diff_corpus_new(const cdr_matcher *old, const cdr_matcher *new,
				     cdr_unit text_unit, cdr_unit answer_unit)
{
	cdr_diff_corpus *dc = cdr_xcalloc(1, sizeof *dc);
	dc->old = old;
	dc->new = new;
	dc->unit[0] = text_unit;
	dc->unit[1] = answer_unit;
	cdr_cbdiff_init(&dc->cd, cdr_matcher_codebook(old), cdr_matcher_codebook(new));
	pthread_mutex_init(&dc->lock, NULL);
	dc->changes = (cdr_changes)CDR_CHANGES_INIT;
	return dc;
}

/* This thread's differ for the unit of answers or text, made the first time. */
static cdr_differ *differ_of(cdr_diff_corpus *dc, int answer, cdr_diag *d)
{
	pthread_t self = pthread_self();
	cdr_differ *df = NULL;
	pthread_mutex_lock(&dc->lock);
	slot *s = NULL;
	for (size_t i = 0; i < dc->nslots && !s; i++)
		if (pthread_equal(dc->slots[i].thread, self))
			s = &dc->slots[i];
	if (!s) {
		CDR_GROW(dc->slots, dc->slots_cap, dc->nslots + 1);
		s = &dc->slots[dc->nslots++];
		memset(s, 0, sizeof *s);
		s->thread = self;
	}
	if (!s->df[answer] && cdr_differ_new(&dc->cd, dc->old, dc->new, dc->unit[answer],
					     &s->df[answer], d) == CDR_OK)
		cdr_differ_set_answers(s->df[answer], answer);
	df = s->df[answer];
	pthread_mutex_unlock(&dc->lock);
	return df;
}

/* Code job 'j' with NEW and compare; the changes go to 'out'.  Returns 0 with the
** errors in j->diag on failure (warnings of the second coding are dropped: the
** first gave them). */
static int diff_job(cdr_diff_corpus *dc, cdr_pipeline_job *j, cdr_changes *out)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_differ *df = differ_of(dc, j->answer ? 1 : 0, &d);
	int ok = df && cdr_differ_run(df, &j->doc, j->source, &j->codings, out, &d) == CDR_OK;
	if (d.errors)
		cdr_diag_append(&j->diag, &d);
	cdr_diag_free(&d);
	return ok;
}

void cdr_diff_corpus_format(cdr_diff_corpus *dc, cdr_pipeline_job *j, cdr_buf *out)
{
	cdr_changes local = CDR_CHANGES_INIT;
	if (!diff_job(dc, j, &local)) {
		cdr_changes_free(&local);
		return;
	}
	j->formatted = 1;
	if (!local.count) { /* nothing changed: no output */
		cdr_changes_free(&local);
		return;
	}
	cdr_changes *node = cdr_xmalloc(sizeof *node);
	*node = local;
	pthread_mutex_lock(&dc->lock);
	CDR_GROW(dc->nodes, dc->nodes_cap, dc->nnodes + 1);
	dc->nodes[dc->nnodes++] = node;
	pthread_mutex_unlock(&dc->lock);
	cdr_buf_add(out, &node, sizeof node);
}

void cdr_diff_corpus_take(cdr_diff_corpus *dc, cdr_pipeline_job *j)
{
	if (!j->formatted && !j->diag.errors)
		diff_job(dc, j, &dc->changes);
	if (j->diag.errors)
		return;
	if (j->formatted && j->rows_len == sizeof(cdr_changes *)) {
		cdr_changes *node;
		memcpy(&node, j->rows, sizeof node);
		cdr_changes_move(&dc->changes, node);
	}
}

const cdr_cbdiff *cdr_diff_corpus_cbdiff(const cdr_diff_corpus *dc)
{
	return &dc->cd;
}

const cdr_changes *cdr_diff_corpus_changes(const cdr_diff_corpus *dc)
{
	return &dc->changes;
}

void cdr_diff_corpus_free(cdr_diff_corpus *dc)
{
	if (!dc)
		return;
	for (size_t i = 0; i < dc->nslots; i++) {
		cdr_differ_free(dc->slots[i].df[0]);
		cdr_differ_free(dc->slots[i].df[1]);
	}
	free(dc->slots);
	for (size_t i = 0; i < dc->nnodes; i++) {
		cdr_changes_free(dc->nodes[i]);
		free(dc->nodes[i]);
	}
	free(dc->nodes);
	cdr_changes_free(&dc->changes);
	cdr_cbdiff_free(&dc->cd);
	pthread_mutex_destroy(&dc->lock);
	free(dc);
}
