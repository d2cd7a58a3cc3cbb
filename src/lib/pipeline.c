/*
** pipeline.c -- batches of documents coded by worker threads, written in order
** (see pipeline.h).
**
** Batches go round a ring of three slots.  A batch copies what each document brings
** (text, name, fields) into its arena; a coding thread appends its results (codings,
** formatted rows) to buffers it keeps for that slot.  All of them are reset when the
** batch is written, so an answer costs no allocation once the ring is warm, no
** memory is freed on another thread than the one that took it, and what is kept
** between batches is bounded by the arenas' spare blocks and ROWS_KEEP.
**
** A slot is FREE, FILLING (the caller adds jobs), QUEUED (threads take jobs from it
** by index) or DONE (every job coded, to be written).  Threads always serve the
** oldest QUEUED batch, taking a run of consecutive jobs at a time (fewer turns of
** the lock, and rows that lie in order in one buffer); the caller writes batches in
** ring order, so output order is input order whatever the timing.  With N coding
** threads, N - 1 are workers and the caller is the N-th: while it waits for the
** oldest batch it codes jobs too, so no more threads than N compete for the cores.
**
** A job is coded at one prefilter stage (match.h), which its thread sets on its
** coder before it: the batch's, read when the batch is queued, or, for a batch
** queued at stage 0, the one the matcher has published when the job starts (an
** acquire load per job), since one batch can hold a small corpus whole.  While the
** full prefilter is built in the background the first jobs are coded with the
** words' one, and every job that starts after it is published with the full one.
** cdr_pipeline_switch_at() makes a batch's stage hold for all its jobs.
*/
#include "config.h"

#include "pipeline.h"
#include "arena.h"
#include "invariant.h"
#include "mem.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS      3
#define RUN_MAX    32 /* jobs a thread takes at once, at most */
#define CACHE_LINE 64
#define ROWS_KEEP  (2 * CDR_PIPELINE_BATCH_BYTES) /* a larger row buffer is freed, not kept */

enum slot_state { FREE, FILLING, QUEUED, DONE };

typedef struct batch {
	enum slot_state state;
	cdr_pipeline_job *jobs; /* 'count' in use (room for 'cap') */
	size_t count, cap;
	cdr_arena arena; /* the jobs' documents and strings */
	size_t bytes;
	size_t next; /* next job a thread takes */
	size_t done; /* jobs coded */
	unsigned long seq;
	int stage; /* the prefilter stage its jobs are coded at */
} batch;

/* A coding thread's own state.  Aligned to cache lines (CACHE_LINE), so that what
** one thread writes for every job never shares a line with what another reads. */
typedef struct worker {
	_Alignas(CACHE_LINE) cdr_pipeline *p;
	pthread_t thread;
	cdr_coder *text, *answer;
	cdr_codings codings;     /* what the coder finds, before it is copied */
	cdr_arena result[SLOTS]; /* the copies, for the jobs of each slot's batch */
	cdr_buf rows[SLOTS];     /* rows formatted for the jobs of each slot's batch */
} worker;

struct cdr_pipeline {
	/* Set up once, then only read. */
	const cdr_matcher *m;
	cdr_unit text_unit, answer_unit;
	cdr_pipeline_format_fn format;
	cdr_pipeline_write_fn write;
	void *ctx;
	size_t nworkers; /* threads besides the caller (0: the caller codes alone) */
	worker *thread;  /* [0] the caller's coders and buffers, then the workers' */
	/* Shared, under the lock, on cache lines of their own. */
	_Alignas(CACHE_LINE) pthread_mutex_t lock;
	batch slot[SLOTS];
	size_t filling;      /* the slot being filled */
	size_t oldest;       /* the next slot to write */
	unsigned long seq;   /* batches queued so far */
	pthread_cond_t work; /* a batch was queued, or stop */
	pthread_cond_t done; /* a batch is done */
	int stop;            /* workers must exit */
	int stopped;         /* a write stopped the pipeline */
	int keep_units;      /* give every job its units */
	/* The caller's only. */
	unsigned long switch_at;  /* cdr_pipeline_switch_at(), or ULONG_MAX */
	unsigned long first_full; /* the first batch coded at stage 1, or ULONG_MAX */
	unsigned long jobs_at[2]; /* jobs written, by the stage they were coded at */
};

/* Move slot b from state 'from' to 'to' (FREE -> FILLING -> QUEUED -> DONE -> FREE),
** checking (CDR_ASSERT) that it was in 'from' and that its counts agree.  Under the
** lock, or before any worker exists. */
static void move(batch *b, enum slot_state from, enum slot_state to)
{
	CDR_ASSERT(b->state == from);
	CDR_ASSERT(b->done <= b->next && b->next <= b->count);
	CDR_ASSERT(to != QUEUED || (b->count > 0 && b->next == 0 && b->done == 0));
	CDR_ASSERT(to != DONE || b->done == b->count);
	CDR_ASSERT(to != FREE || b->count == 0);
	b->state = to;
}

/* n zeroed objects of 'size' bytes (a multiple of CACHE_LINE), at a line's start. */
static void *aligned_calloc(size_t n, size_t size)
{
	void *v = aligned_alloc(CACHE_LINE, n * size);
	if (!v)
		cdr_out_of_memory(n * size);
	return memset(v, 0, n * size);
}

size_t cdr_pipeline_default_workers(void)
{
#ifdef CPU_COUNT
	/* The processors this process may run on (taskset, a cgroup's cpuset), as
	** nproc(1) counts them. */
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (size_t)CPU_COUNT(&set);
#endif
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

static void job_free(cdr_pipeline_job *j)
{
	cdr_diag_free(&j->diag);
	memset(j, 0, sizeof *j);
}

static void worker_free(worker *w)
{
	cdr_coder_free(w->text);
	cdr_coder_free(w->answer);
	cdr_codings_free(&w->codings);
	for (size_t s = 0; s < SLOTS; s++) {
		cdr_arena_free(&w->result[s]);
		cdr_buf_free(&w->rows[s]);
	}
}

/* Copy the codings worker w found for job j into 'a': the array, and the speaker
** names, which belong to the coder only until its next run. */
static void keep_codings(worker *w, cdr_pipeline_job *j, cdr_arena *a)
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

/* Code job j of slot s with worker w's coders.  With threads, format its rows too,
** after those of w's earlier jobs of that slot (j->rows is set when it is written:
** the buffer may still move). */
static void run_job(worker *w, size_t s, cdr_pipeline_job *j)
{
	cdr_pipeline *p = w->p;
	cdr_coder **c = j->answer ? &w->answer : &w->text;
	if (!*c &&
	    cdr_coder_new(p->m, j->answer ? p->answer_unit : p->text_unit, c, &j->diag) != CDR_OK)
		return;
	cdr_coder_keep_units(*c, p->keep_units);
	cdr_coder_set_answers(*c, j->answer);
	/* A batch queued at stage 0 takes stage 1 from the job after it is published:
	** a first batch can hold a small corpus whole. */
	int stage = p->slot[s].stage;
	if (!stage && p->switch_at == ULONG_MAX)
		stage = cdr_matcher_stage(p->m);
	cdr_coder_stage(*c, stage);
	j->stage = stage;
	if (cdr_coder_run(*c, &j->doc, &w->codings, &j->stats, &j->diag) != CDR_OK)
		return;
	keep_codings(w, j, &w->result[s]);
	if (p->keep_units) {
		const cdr_codings *u = cdr_coder_units(*c);
		cdr_coding *v =
			cdr_arena_alloc(&w->result[s], (u->count ? u->count : 1) * sizeof *v);
		if (u->count)
			memcpy(v, u->v, u->count * sizeof *v);
		j->units = (cdr_codings){ v, u->count, u->count };
	}
	if (p->format && p->nworkers && !j->diag.errors) {
		cdr_buf *rows = &w->rows[s];
		size_t from = rows->len;
		p->format(p->ctx, j, rows);
		if (j->formatted) {
			j->rows_buf = rows;
			j->rows_off = from;
			j->rows_len = rows->len - from;
		}
	}
}

/* The oldest QUEUED batch with a job nobody took yet, or NULL.  Under the lock. */
static batch *next_batch(cdr_pipeline *p)
{
	batch *b = NULL;
	for (size_t s = 0; s < SLOTS; s++) {
		batch *x = &p->slot[s];
		if (x->state == QUEUED && x->next < x->count && (!b || x->seq < b->seq))
			b = x;
	}
	return b;
}

/* Take a run of b's jobs and code them with w; called and returns under the lock.
** A run is a share of what is left (at most RUN_MAX), so that the threads finish a
** batch at about the same time. */
static void code_run(cdr_pipeline *p, worker *w, batch *b)
{
	size_t left = b->count - b->next, threads = p->nworkers + 1;
	size_t n = left / (2 * threads);
	n = n < 1 ? 1 : n > RUN_MAX ? RUN_MAX : n;
	size_t first = b->next;
	b->next += n;
	pthread_mutex_unlock(&p->lock);
	for (size_t i = first; i < first + n; i++)
		run_job(w, (size_t)(b - p->slot), &b->jobs[i]);
	pthread_mutex_lock(&p->lock);
	b->done += n;
	if (b->done == b->count) {
		move(b, QUEUED, DONE);
		pthread_cond_broadcast(&p->done);
	}
}

static void *work_loop(void *arg)
{
	worker *w = arg;
	cdr_pipeline *p = w->p;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		batch *b = next_batch(p);
		if (b)
			code_run(p, w, b);
		else if (p->stop)
			break;
		else
			pthread_cond_wait(&p->work, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

cdr_pipeline *cdr_pipeline_new(size_t workers, const cdr_matcher *m, cdr_unit text_unit,
			       cdr_unit answer_unit, cdr_pipeline_format_fn format,
			       cdr_pipeline_write_fn write, void *ctx)
{
	cdr_pipeline *p = aligned_calloc(1, sizeof *p);
	p->m = m;
	p->text_unit = text_unit;
	p->answer_unit = answer_unit;
	p->format = format;
	p->write = write;
	p->ctx = ctx;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	move(&p->slot[0], FREE, FILLING);
	p->switch_at = p->first_full = ULONG_MAX;
	p->nworkers = workers > 1 ? workers - 1 : 0; /* the caller codes too */
	p->thread = aligned_calloc(p->nworkers + 1, sizeof *p->thread);
	p->thread[0].p = p;
	for (size_t i = 1; i <= p->nworkers; i++) {
		p->thread[i].p = p;
		if (pthread_create(&p->thread[i].thread, NULL, work_loop, &p->thread[i]) != 0) {
			p->nworkers = i - 1; /* run with the threads we have */
			break;
		}
	}
	return p;
}

/* Forget what worker w kept for slot s, keeping room for the next batch unless a
** large document made it larger than batches need. */
static void worker_reset(worker *w, size_t s)
{
	cdr_arena_reset(&w->result[s]);
	if (w->rows[s].cap > ROWS_KEEP)
		cdr_buf_free(&w->rows[s]);
	else
		cdr_buf_reset(&w->rows[s]);
}

/* Write the oldest batch once it is done, coding its jobs (or a newer batch's) on
** the caller's thread meanwhile; returns 0 if a write stopped us. */
static int write_oldest(cdr_pipeline *p)
{
	batch *b = &p->slot[p->oldest];
	pthread_mutex_lock(&p->lock);
	while (b->state != DONE) {
		batch *next = next_batch(p);
		if (next)
			code_run(p, &p->thread[0], next);
		else
			pthread_cond_wait(&p->done, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < b->count; i++) {
		cdr_pipeline_job *j = &b->jobs[i];
		if (j->formatted)
			j->rows = j->rows_buf->data + j->rows_off;
		p->jobs_at[j->stage != 0]++;
		if (!p->stopped && p->write(p->ctx, j))
			p->stopped = 1;
		job_free(j);
	}
	/* No thread is in this batch any more: its memory can be used again. */
	cdr_arena_reset(&b->arena);
	for (size_t w = 0; w <= p->nworkers; w++)
		worker_reset(&p->thread[w], p->oldest);
	pthread_mutex_lock(&p->lock); /* workers read every slot's state */
	b->count = b->bytes = b->next = b->done = 0;
	move(b, DONE, FREE);
	pthread_mutex_unlock(&p->lock);
	p->oldest = (p->oldest + 1) % SLOTS;
	return !p->stopped;
}

/* Queue the batch being filled and start filling the next slot. */
static void dispatch(cdr_pipeline *p)
{
	batch *b = &p->slot[p->filling];
	if (b->count == 0)
		return;
	/* Its stage: the one published now, or, for a test, the one it is told. */
	if (p->switch_at == ULONG_MAX)
		b->stage = cdr_matcher_stage(p->m);
	else
		b->stage = p->seq >= p->switch_at ? cdr_matcher_wait_stage(p->m) : 0;
	if (b->stage && p->first_full == ULONG_MAX)
		p->first_full = p->seq;
	pthread_mutex_lock(&p->lock);
	b->seq = p->seq++;
	move(b, FILLING, QUEUED);
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	if (!p->nworkers) { /* no threads: code it here */
		for (size_t i = 0; i < b->count; i++)
			run_job(&p->thread[0], p->filling, &b->jobs[i]);
		pthread_mutex_lock(&p->lock);
		b->next = b->done = b->count;
		move(b, QUEUED, DONE);
		pthread_mutex_unlock(&p->lock);
	} /* else the caller joins in when it waits for the oldest batch */
	p->filling = (p->filling + 1) % SLOTS;
	pthread_mutex_lock(&p->lock);
	enum slot_state next = p->slot[p->filling].state;
	pthread_mutex_unlock(&p->lock);
	if (next != FREE) /* the ring is full: write the oldest */
		write_oldest(p);
	pthread_mutex_lock(&p->lock);
	move(&p->slot[p->filling], FREE, FILLING);
	pthread_mutex_unlock(&p->lock);
}

int cdr_pipeline_add(cdr_pipeline *p, const cdr_source_item *it)
{
	if (p->stopped)
		return 0;
	batch *b = &p->slot[p->filling];
	CDR_GROW(b->jobs, b->cap, b->count + 1);
	cdr_pipeline_job *j = &b->jobs[b->count++];
	memset(j, 0, sizeof *j);
	cdr_arena *a = &b->arena;
	j->doc.name = cdr_arena_strdup(a, it->doc.name);
	j->doc.text = cdr_arena_strndup(a, it->doc.text, it->doc.len);
	j->doc.len = it->doc.len;
	j->doc.encoding = it->doc.encoding;
	j->source = cdr_arena_strdup(a, it->ctx.source);
	j->question = cdr_arena_strdup(a, it->ctx.question ? it->ctx.question : "");
	if (it->ncase) {
		j->case_values = cdr_arena_alloc(a, (it->ncase + 1) * sizeof *j->case_values);
		for (size_t i = 0; i < it->ncase; i++) {
			const char *v = it->ctx.case_values[i];
			j->case_values[i] = cdr_arena_strdup(a, v ? v : "");
		}
		j->case_values[it->ncase] = NULL;
	}
	j->case_name = it->case_name ? cdr_arena_strdup(a, it->case_name) : NULL;
	j->answer = it->answer;
	b->bytes += j->doc.len;
	if (b->count >= CDR_PIPELINE_BATCH_JOBS || b->bytes >= CDR_PIPELINE_BATCH_BYTES)
		dispatch(p);
	return !p->stopped;
}

/* The state of slot s, read under the lock. */
static enum slot_state state_of(cdr_pipeline *p, size_t s)
{
	pthread_mutex_lock(&p->lock);
	enum slot_state st = p->slot[s].state;
	pthread_mutex_unlock(&p->lock);
	return st;
}

void cdr_pipeline_keep_units(cdr_pipeline *p)
{
	p->keep_units = 1;
}

void cdr_pipeline_switch_at(cdr_pipeline *p, unsigned long at)
{
	p->switch_at = at;
}

void cdr_pipeline_stages_of(const cdr_pipeline *p, cdr_pipeline_stages *out)
{
	out->batches = p->seq;
	out->first_full = p->first_full == ULONG_MAX ? p->seq : p->first_full;
	out->jobs[0] = p->jobs_at[0];
	out->jobs[1] = p->jobs_at[1];
}

int cdr_pipeline_finish(cdr_pipeline *p)
{
	dispatch(p);
	while (state_of(p, p->oldest) == QUEUED || state_of(p, p->oldest) == DONE)
		write_oldest(p);
	return !p->stopped;
}

void cdr_pipeline_free(cdr_pipeline *p)
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
	for (size_t i = 1; i <= p->nworkers; i++)
		pthread_join(p->thread[i].thread, NULL);
	for (size_t i = 0; i <= p->nworkers; i++)
		worker_free(&p->thread[i]);
	for (size_t s = 0; s < SLOTS; s++) {
		for (size_t i = 0; i < p->slot[s].count; i++)
			job_free(&p->slot[s].jobs[i]);
		free(p->slot[s].jobs);
		cdr_arena_free(&p->slot[s].arena);
	}
	free(p->thread);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p);
}

cdr_rc cdr_pipeline_run(cdr_pipeline *p, cdr_source *src, const cdr_pipeline_hooks *h, cdr_diag *d)
{
	static const cdr_pipeline_hooks none = { 0 };
	if (!h)
		h = &none;
	cdr_rc rc;
	for (;;) {
		cdr_source_item it;
		rc = cdr_source_next(src, &it, d);
		if (rc != CDR_OK || it.event == CDR_SOURCE_END)
			break;
		if (it.event == CDR_SOURCE_SURVEY) {
			if (h->survey)
				h->survey(h->ctx, &it);
		} else {
			if (h->document)
				h->document(h->ctx, &it);
			if (!cdr_pipeline_add(p, &it))
				return CDR_EIO;
		}
		if (h->warnings && d->count && !d->errors)
			h->warnings(h->ctx, d);
	}
	if (rc != CDR_OK)
		return rc;
	return cdr_pipeline_finish(p) ? CDR_OK : CDR_EIO;
}
