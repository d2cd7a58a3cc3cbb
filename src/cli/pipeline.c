/*
** pipeline.c -- batches of documents coded by worker threads, written in order
** (see pipeline.h).
**
** Batches go round a ring of three slots.  A batch copies what each document brings
** (text, name, fields) into its arena; a worker codes and formats into buffers of
** its own and copies the results (codings, rows) into its arena for that slot.  All
** of them are reset when the batch is written, so an answer costs no allocation
** once the ring is warm, no memory is freed on another thread than the one that
** took it, and what is kept between batches is bounded by the arenas' spare blocks.
**
** A slot is FREE, FILLING (the caller adds jobs), QUEUED (workers take jobs from it
** by index) or DONE (every job coded, to be written).  Workers always serve the
** oldest QUEUED batch; the caller writes batches in ring order, so output order is
** input order whatever the timing.
*/
#include "config.h"

#include "pipeline.h"
#include "arena.h"
#include "mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 3

enum slot_state { FREE, FILLING, QUEUED, DONE };

typedef struct batch {
	enum slot_state state;
	pl_job *jobs; /* 'count' in use (room for 'cap') */
	size_t count, cap;
	cdr_arena arena; /* the jobs' documents and strings */
	size_t bytes;
	size_t next; /* next job a worker takes */
	size_t done; /* jobs coded */
	unsigned long seq;
} batch;

typedef struct worker {
	pipeline *p;
	pthread_t thread;
	cdr_coder *text, *answer;
	cdr_codings codings;     /* what the coder finds, before it is copied */
	cdr_buf rows;            /* rows formatted, before they are copied */
	cdr_arena result[SLOTS]; /* the copies, for the jobs of each slot's batch */
} worker;

struct pipeline {
	const cdr_matcher *m;
	const cdr_codebook *cb;
	cdr_unit text_unit, answer_unit;
	pl_format_fn format;
	pl_write_fn write;
	void *ctx;
	batch slot[SLOTS];
	size_t filling;    /* the slot being filled */
	size_t oldest;     /* the next slot to write */
	unsigned long seq; /* batches queued so far */
	size_t nworkers;   /* threads (0: the caller codes) */
	worker *workers;
	worker inline_worker;
	pthread_mutex_t lock;
	pthread_cond_t work; /* a batch was queued, or stop */
	pthread_cond_t done; /* a batch is done */
	int stop;            /* workers must exit */
	int stopped;         /* a write stopped the pipeline */
};

size_t pipeline_default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

static void job_free(pl_job *j)
{
	cdr_diag_free(&j->diag);
	memset(j, 0, sizeof *j);
}

static void worker_free(worker *w)
{
	cdr_coder_free(w->text);
	cdr_coder_free(w->answer);
	cdr_codings_free(&w->codings);
	cdr_buf_free(&w->rows);
	for (size_t s = 0; s < SLOTS; s++)
		cdr_arena_free(&w->result[s]);
}

/* Copy the codings worker w found for job j into 'a': the array, and the speaker
** names, which belong to the coder only until its next run. */
static void keep_codings(worker *w, pl_job *j, cdr_arena *a)
{
	size_t n = w->codings.count;
	cdr_coding *v = cdr_arena_alloc(a, n * sizeof *v);
	if (n)
		memcpy(v, w->codings.v, n * sizeof *v);
	const char *from = NULL, *to = "";
	for (size_t i = 0; i < n; i++) {
		const char *sp = v[i].speaker;
		if (!sp || !*sp) {
			v[i].speaker = "";
			continue;
		}
		if (sp != from) { /* a turn's codings share its name */
			from = sp;
			to = cdr_arena_strdup(a, sp);
		}
		v[i].speaker = to;
	}
	j->codings = (cdr_codings){ v, n, n };
}

/* Code job j of slot s with worker w's coders. */
static void run_job(worker *w, size_t s, pl_job *j)
{
	pipeline *p = w->p;
	cdr_coder **c = j->answer ? &w->answer : &w->text;
	if (!*c && cdr_coder_new(p->m, p->cb, j->answer ? p->answer_unit : p->text_unit, c,
				 &j->diag) != CDR_OK)
		return;
	if (cdr_coder_run(*c, &j->doc, &w->codings, &j->stats, &j->diag) != CDR_OK)
		return;
	keep_codings(w, j, &w->result[s]);
	if (p->format && p->nworkers && !j->diag.errors) {
		cdr_buf_reset(&w->rows);
		p->format(p->ctx, j, &w->rows);
		if (j->formatted) {
			j->rows = cdr_arena_strndup(&w->result[s], w->rows.data ? w->rows.data : "",
						    w->rows.len);
			j->rows_len = w->rows.len;
		}
	}
}

static void *work_loop(void *arg)
{
	worker *w = arg;
	pipeline *p = w->p;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		batch *b = NULL;
		unsigned long best = (unsigned long)-1;
		for (size_t s = 0; s < SLOTS; s++)
			if (p->slot[s].state == QUEUED && p->slot[s].next < p->slot[s].count &&
			    p->slot[s].seq < best) {
				b = &p->slot[s];
				best = b->seq;
			}
		if (!b) {
			if (p->stop)
				break;
			pthread_cond_wait(&p->work, &p->lock);
			continue;
		}
		size_t i = b->next++;
		pthread_mutex_unlock(&p->lock);
		run_job(w, (size_t)(b - p->slot), &b->jobs[i]);
		pthread_mutex_lock(&p->lock);
		if (++b->done == b->count) {
			b->state = DONE;
			pthread_cond_broadcast(&p->done);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

pipeline *pipeline_new(size_t workers, const cdr_matcher *m, const cdr_codebook *cb,
		       cdr_unit text_unit, cdr_unit answer_unit, pl_format_fn format,
		       pl_write_fn write, void *ctx, cdr_diag *d)
{
	(void)d;
	pipeline *p = cdr_xcalloc(1, sizeof *p);
	p->m = m;
	p->cb = cb;
	p->text_unit = text_unit;
	p->answer_unit = answer_unit;
	p->format = format;
	p->write = write;
	p->ctx = ctx;
	p->inline_worker.p = p;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->slot[0].state = FILLING;
	p->nworkers = workers > 1 ? workers : 0;
	p->workers = cdr_xcalloc(p->nworkers ? p->nworkers : 1, sizeof *p->workers);
	for (size_t i = 0; i < p->nworkers; i++) {
		p->workers[i].p = p;
		if (pthread_create(&p->workers[i].thread, NULL, work_loop, &p->workers[i]) != 0) {
			p->nworkers = i; /* run with the threads we have */
			break;
		}
	}
	return p;
}

/* Write the oldest batch once it is done; returns 0 if a write stopped us. */
static int write_oldest(pipeline *p)
{
	batch *b = &p->slot[p->oldest];
	pthread_mutex_lock(&p->lock);
	while (b->state != DONE)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < b->count; i++) {
		if (!p->stopped && p->write(p->ctx, &b->jobs[i]))
			p->stopped = 1;
		job_free(&b->jobs[i]);
	}
	/* No worker is in this batch any more: its memory can be used again. */
	cdr_arena_reset(&b->arena);
	for (size_t w = 0; w < p->nworkers; w++)
		cdr_arena_reset(&p->workers[w].result[p->oldest]);
	cdr_arena_reset(&p->inline_worker.result[p->oldest]);
	pthread_mutex_lock(&p->lock); /* workers read every slot's state */
	b->count = b->bytes = b->next = b->done = 0;
	b->state = FREE;
	pthread_mutex_unlock(&p->lock);
	p->oldest = (p->oldest + 1) % SLOTS;
	return !p->stopped;
}

/* Queue the batch being filled and start filling the next slot. */
static void dispatch(pipeline *p)
{
	batch *b = &p->slot[p->filling];
	if (b->count == 0)
		return;
	pthread_mutex_lock(&p->lock);
	b->seq = p->seq++;
	b->state = QUEUED;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	if (!p->nworkers) { /* no threads: code it here */
		for (size_t i = 0; i < b->count; i++)
			run_job(&p->inline_worker, p->filling, &b->jobs[i]);
		pthread_mutex_lock(&p->lock);
		b->next = b->done = b->count;
		b->state = DONE;
		pthread_mutex_unlock(&p->lock);
	}
	p->filling = (p->filling + 1) % SLOTS;
	pthread_mutex_lock(&p->lock);
	enum slot_state next = p->slot[p->filling].state;
	pthread_mutex_unlock(&p->lock);
	if (next != FREE) /* the ring is full: write the oldest */
		write_oldest(p);
	pthread_mutex_lock(&p->lock);
	p->slot[p->filling].state = FILLING;
	pthread_mutex_unlock(&p->lock);
}

int pipeline_add(pipeline *p, const cdr_doc *doc, const char *source, const char *question,
		 const char *const *case_values, size_t ncase, const char *case_name, int answer)
{
	if (p->stopped)
		return 0;
	batch *b = &p->slot[p->filling];
	CDR_GROW(b->jobs, b->cap, b->count + 1);
	pl_job *j = &b->jobs[b->count++];
	memset(j, 0, sizeof *j);
	cdr_arena *a = &b->arena;
	j->doc.name = cdr_arena_strdup(a, doc->name);
	j->doc.text = cdr_arena_strndup(a, doc->text, doc->len);
	j->doc.len = doc->len;
	j->doc.encoding = doc->encoding;
	j->source = cdr_arena_strdup(a, source);
	j->question = cdr_arena_strdup(a, question ? question : "");
	if (ncase) {
		j->case_values = cdr_arena_alloc(a, (ncase + 1) * sizeof *j->case_values);
		for (size_t i = 0; i < ncase; i++)
			j->case_values[i] =
				cdr_arena_strdup(a, case_values[i] ? case_values[i] : "");
		j->case_values[ncase] = NULL;
	}
	j->case_name = case_name ? cdr_arena_strdup(a, case_name) : NULL;
	j->answer = answer;
	b->bytes += j->doc.len;
	if (b->count >= PIPELINE_BATCH_JOBS || b->bytes >= PIPELINE_BATCH_BYTES)
		dispatch(p);
	return !p->stopped;
}

/* The state of slot s, read under the lock. */
static enum slot_state state_of(pipeline *p, size_t s)
{
	pthread_mutex_lock(&p->lock);
	enum slot_state st = p->slot[s].state;
	pthread_mutex_unlock(&p->lock);
	return st;
}

int pipeline_finish(pipeline *p)
{
	dispatch(p);
	while (state_of(p, p->oldest) == QUEUED || state_of(p, p->oldest) == DONE)
		write_oldest(p);
	return !p->stopped;
}

void pipeline_free(pipeline *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	for (size_t s = 0; s < SLOTS; s++) /* no more work for anyone */
		if (p->slot[s].state == QUEUED)
			p->slot[s].next = p->slot[s].count;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < p->nworkers; i++) {
		pthread_join(p->workers[i].thread, NULL);
		worker_free(&p->workers[i]);
	}
	worker_free(&p->inline_worker);
	for (size_t s = 0; s < SLOTS; s++) {
		for (size_t i = 0; i < p->slot[s].count; i++)
			job_free(&p->slot[s].jobs[i]);
		free(p->slot[s].jobs);
		cdr_arena_free(&p->slot[s].arena);
	}
	free(p->workers);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p);
}
