/*
** pipeline.c -- batches of documents coded by worker threads, written in order
** (see pipeline.h).
**
** Batches go round a ring of three slots.  A batch copies what each document brings
** (text, name, fields) into its arena, and its jobs keep their result buffers from
** batch to batch, so an answer costs no allocation once the ring is warm.  A slot is FREE, FILLING
*(the caller adds
** jobs), QUEUED (workers take jobs from it by index) or DONE (every job coded, to be
** written).  Workers always serve the oldest QUEUED batch; the caller writes batches
** in ring order, so output order is input order whatever the timing.
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
/* A written batch's jobs keep their result buffers for the next batch up to this
** many bytes in all (so that memory stays bounded whatever the mix of sizes). */
#define KEEP_BYTES (2u << 20)

enum slot_state { FREE, FILLING, QUEUED, DONE };

typedef struct batch {
	enum slot_state state;
	pl_job *jobs; /* 'cap' of them, all initialised */
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

/* Empty a written job for the next batch: its strings are in the batch's arena;
** its result buffers stay while *budget (bytes) allows, and are freed after. */
static void job_clear(pl_job *j, size_t *budget)
{
	cdr_codings codings = j->codings;
	cdr_buf speakers = j->speakers, rows = j->rows;
	size_t size = codings.cap * sizeof *codings.v + speakers.cap + rows.cap;
	cdr_diag_free(&j->diag);
	if (size > *budget) {
		cdr_codings_free(&codings);
		cdr_buf_free(&speakers);
		cdr_buf_free(&rows);
	} else {
		*budget -= size;
	}
	codings.count = 0;
	cdr_buf_reset(&speakers);
	cdr_buf_reset(&rows);
	memset(j, 0, sizeof *j);
	j->codings = codings;
	j->speakers = speakers;
	j->rows = rows;
}

static void job_free(pl_job *j)
{
	cdr_codings_free(&j->codings);
	cdr_diag_free(&j->diag);
	cdr_buf_free(&j->speakers);
	cdr_buf_free(&j->rows);
	memset(j, 0, sizeof *j);
}

/* Code one job with worker w's coders. */
static void run_job(worker *w, pl_job *j)
{
	pipeline *p = w->p;
	cdr_coder **c = j->answer ? &w->answer : &w->text;
	if (!*c && cdr_coder_new(p->m, p->cb, j->answer ? p->answer_unit : p->text_unit, c,
				 &j->diag) != CDR_OK)
		return;
	if (cdr_coder_run(*c, &j->doc, &j->codings, &j->stats, &j->diag) != CDR_OK)
		return;
	/* Speaker names belong to the coder until its next run: keep copies (if any;
	** survey answers have none). */
	size_t with_speaker = 0;
	for (size_t i = 0; i < j->codings.count; i++)
		with_speaker += j->codings.v[i].speaker != NULL;
	if (with_speaker) {
		size_t *at = cdr_xcalloc(j->codings.count, sizeof *at);
		for (size_t i = 0; i < j->codings.count; i++) {
			const char *sp = j->codings.v[i].speaker ? j->codings.v[i].speaker : "";
			at[i] = j->speakers.len;
			cdr_buf_add(&j->speakers, sp, strlen(sp) + 1);
		}
		for (size_t i = 0; i < j->codings.count; i++)
			j->codings.v[i].speaker = j->speakers.data + at[i];
		free(at);
	}
	if (p->format && p->nworkers && !j->diag.errors)
		p->format(p->ctx, j);
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
		run_job(w, &b->jobs[i]);
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
	size_t budget = KEEP_BYTES;
	for (size_t i = 0; i < b->count; i++) {
		if (!p->stopped && p->write(p->ctx, &b->jobs[i]))
			p->stopped = 1;
		job_clear(&b->jobs[i], &budget);
	}
	for (size_t i = b->count; i < b->cap; i++) /* kept from earlier batches */
		job_clear(&b->jobs[i], &budget);
	cdr_arena_reset(&b->arena);
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
			run_job(&p->inline_worker, &b->jobs[i]);
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
	if (b->count == b->cap) {
		size_t old = b->cap;
		CDR_GROW(b->jobs, b->cap, b->count + 1);
		memset(b->jobs + old, 0, (b->cap - old) * sizeof *b->jobs);
	}
	pl_job *j = &b->jobs[b->count++]; /* cleared when its last batch was written */
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
		cdr_coder_free(p->workers[i].text);
		cdr_coder_free(p->workers[i].answer);
	}
	cdr_coder_free(p->inline_worker.text);
	cdr_coder_free(p->inline_worker.answer);
	for (size_t s = 0; s < SLOTS; s++) {
		for (size_t i = 0; i < p->slot[s].cap; i++)
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
