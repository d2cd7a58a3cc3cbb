/*
** run.c -- coding a corpus: the inputs, the codebook, the prefilter, the pipeline
** and the count (see run.h).
*/
#include "config.h"

#include "run.h"
#include "prefilter.h"
#include "survey.h"
#include "tally.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cdr_run {
	cdr_run_options opt;
	cdr_codebook *cb;
	cdr_matcher *matcher;
	cdr_source *inputs;
	cdr_prefilter_mode prefilter; /* what opt.prefilter chose */
	int wait_full;      /* with the full prefilter: wait for it, coding nothing meanwhile */
	size_t build_after; /* auto on standard input: build the full prefilter after this
			    ** much text (0: no) */
	size_t bytes_added; /* text added to the pipeline so far */
	cdr_tally tally;
	int counting; /* the tally is started */
	struct timespec t0, last_progress;
	cdr_pipeline_stages stages;
	/* During cdr_run_code(). */
	const cdr_run_hooks *hooks;
	cdr_pipeline_format_fn format;
	cdr_pipeline_write_fn write;
	void *ctx;
	cdr_diag *diag;
};

void cdr_run_options_init(cdr_run_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->unit = CDR_RUN_UNIT_DEFAULT;
	opt->jobs = cdr_pipeline_default_workers();
	opt->prefilter = CDR_RUN_PREFILTER_AUTO;
	opt->source.stdin_kind = CDR_INPUT_TEXT;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

cdr_rc cdr_run_open(const cdr_run_options *opt, const char *const *args, size_t n, cdr_codebook *cb,
		    cdr_matcher *m, cdr_run **out, cdr_diag *d)
{
	cdr_run *r = cdr_xcalloc(1, sizeof *r);
	r->opt = *opt;
	r->cb = cb;
	r->matcher = m;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	cdr_rc rc = cdr_source_open(args, n, &r->opt.source, &r->inputs, d);
	if (rc != CDR_OK) {
		cdr_run_free(r);
		r = NULL;
	}
	*out = r;
	return rc;
}

const cdr_source *cdr_run_source(const cdr_run *r)
{
	return r->inputs;
}

/* --prefilter auto, by the size of the input (doc/performance.md, "The prefilter of
** literals"):
**   - under PREFILTER_TINY_SIZE, the words' prefilter: built fastest, and a few
**     paragraphs run every expression through PCRE2 quickly enough;
**   - under PREFILTER_SMALL_SIZE, the prefilter of literals alone (a start-up of
**     0.12 s with the reference codebook, against 0.8 s with the full one, which
**     the full one's faster coding does not make up below a few megabytes);
**   - from there on, the full prefilter, built on a thread of its own while the
**     first batches are coded with the literals' one, switching when it is ready.
** Standard input, whose size is not known, starts with the literals' one and has
** the full one built once PREFILTER_SMALL_SIZE have been read (so that a shard
** piped in never waits for a build it does not need), switching when it is ready. */
#define PREFILTER_TINY_SIZE  (32u << 10)
#define PREFILTER_SMALL_SIZE (4u << 20)

static cdr_prefilter_mode auto_prefilter(const cdr_source *s, size_t *build_after)
{
	unsigned long long bytes;
	*build_after = 0;
	if (!cdr_source_size(s, &bytes)) {
		*build_after = PREFILTER_SMALL_SIZE;
		return CDR_PREFILTER_LITERALS;
	}
	return bytes < PREFILTER_TINY_SIZE    ? CDR_PREFILTER_WORDS
	       : bytes < PREFILTER_SMALL_SIZE ? CDR_PREFILTER_LITERALS
					      : CDR_PREFILTER_ALL;
}

/* Give 'm' the run's prefilter and limits; with the full prefilter, built on a
** thread of its own, 'first' codes meanwhile (CDR_PREFILTER_OFF: nothing). */
static cdr_rc set_up_matcher(const cdr_run *r, cdr_matcher *m, cdr_prefilter_mode first,
			     cdr_diag *d)
{
	cdr_rc rc = r->prefilter == CDR_PREFILTER_ALL
			    ? cdr_matcher_set_prefilter_background(m, first, d)
			    : cdr_matcher_set_prefilter(m, r->prefilter, d);
	if (rc == CDR_OK)
		cdr_matcher_set_limits(m, (uint32_t)r->opt.match_limit,
				       (uint32_t)r->opt.depth_limit);
	return rc;
}

cdr_rc cdr_run_prepare(cdr_run *r, cdr_diag *d)
{
	cdr_rc rc = !r->cb        ? cdr_matcher_load(r->opt.codebook, &r->cb, &r->matcher, d)
		    : !r->matcher ? cdr_matcher_new(r->cb, &r->matcher, d)
				  : CDR_OK;
	if (rc != CDR_OK)
		return rc;
	r->prefilter = r->opt.prefilter == CDR_RUN_PREFILTER_AUTO
			       ? auto_prefilter(r->inputs, &r->build_after)
			       : (cdr_prefilter_mode)r->opt.prefilter;
	/* The full prefilter is built on a thread of its own (match.h).  With a
	** processor to spare for the builder, stage 0 codes with the literals' one
	** meanwhile; with every processor coding, the run waits for the full one at
	** its first batch (cdr_run_code()) and nothing is built for stage 0: the
	** literals' stage takes more CPU than it saves then (doc/performance.md).  A
	** test of the switch says which (0: wait). */
	const char *at = r->opt.test_switch;
	r->wait_full = at ? strcmp(at, "0") == 0 : r->opt.jobs >= cdr_pipeline_default_workers();
	rc = set_up_matcher(r, r->matcher,
			    r->wait_full ? CDR_PREFILTER_OFF : CDR_PREFILTER_LITERALS, d);
	if (rc != CDR_OK)
		return rc;
	cdr_tally_init(&r->tally, r->cb->code_count);
	r->counting = 1;
	return CDR_OK;
}

const cdr_codebook *cdr_run_codebook(const cdr_run *r)
{
	return r->cb;
}

cdr_matcher *cdr_run_matcher(const cdr_run *r)
{
	return r->matcher;
}

cdr_prefilter_mode cdr_run_prefilter(const cdr_run *r)
{
	return r->prefilter;
}

cdr_rc cdr_run_prepare_matcher(const cdr_run *r, cdr_matcher *m, cdr_diag *d)
{
	return set_up_matcher(r, m, CDR_PREFILTER_LITERALS, d);
}

cdr_unit cdr_run_unit(const cdr_run *r, int answer)
{
	return r->opt.unit != CDR_RUN_UNIT_DEFAULT ? (cdr_unit)r->opt.unit
	       : answer                            ? CDR_UNIT_ANSWER
						   : CDR_UNIT_PARAGRAPH;
}

double cdr_run_seconds(const cdr_run *r)
{
	return seconds_since(&r->t0);
}

static void on_survey(void *ctx, const cdr_source_item *it)
{
	cdr_run *r = ctx;
	if (!r->hooks->survey)
		return;
	cdr_buf b = CDR_BUF_INIT;
	cdr_survey_choice_describe(it->survey, it->path, &b);
	r->hooks->survey(r->hooks->ctx, cdr_buf_cstr(&b));
	cdr_buf_free(&b);
}

static void on_document(void *ctx, const cdr_source_item *it)
{
	cdr_run *r = ctx;
	if (r->build_after) { /* --prefilter auto on standard input */
		r->bytes_added += it->doc.len;
		if (r->bytes_added >= r->build_after) {
			cdr_matcher_build_full(r->matcher);
			r->build_after = 0;
		}
	}
}

static void on_warnings(void *ctx, cdr_diag *d)
{
	cdr_run *r = ctx;
	if (r->hooks->warnings)
		r->hooks->warnings(r->hooks->ctx, d);
	cdr_diag_clear(d);
}

static void format_job(void *ctx, cdr_pipeline_job *j, cdr_buf *out)
{
	cdr_run *r = ctx;
	r->format(r->ctx, j, out);
}

/* Count job 'j' and tell the progress. */
static void count(cdr_run *r, cdr_pipeline_job *j)
{
	on_warnings(r, &j->diag);
	cdr_tally_add(&r->tally, j->answer, cdr_run_unit(r, j->answer), &j->codings, &j->stats);
	if (!r->hooks->progress)
		return;
	const cdr_source_stats *st = cdr_source_stats_of(r->inputs);
	if (((st->documents + st->answers) & 255) != 0)
		return;
	double t = seconds_since(&r->t0);
	if (t < 1.0 || seconds_since(&r->last_progress) < 0.25)
		return;
	clock_gettime(CLOCK_MONOTONIC, &r->last_progress);
	cdr_run_progress p = { st->documents, st->answers, r->tally.total, t };
	r->hooks->progress(r->hooks->ctx, &p);
}

/* Every coded document, in input order: a failed one's errors are kept and stop
** the run; the others are counted, then written. */
static int write_job(void *ctx, cdr_pipeline_job *j)
{
	cdr_run *r = ctx;
	if (j->diag.errors) {
		cdr_diag_append(r->diag, &j->diag);
		return 1;
	}
	count(r, j);
	return r->write ? r->write(r->ctx, j) : 0;
}

cdr_rc cdr_run_code(cdr_run *r, const cdr_run_hooks *h, cdr_pipeline_format_fn format,
		    cdr_pipeline_write_fn write, void *ctx, cdr_diag *d)
{
	static const cdr_run_hooks none = { 0 };
	r->hooks = h ? h : &none;
	r->format = format;
	r->write = write;
	r->ctx = ctx;
	r->diag = d;
	cdr_pipeline_hooks hooks = { r, on_survey, on_document, on_warnings };
	cdr_pipeline *p =
		cdr_pipeline_new(r->opt.jobs, r->matcher, cdr_run_unit(r, 0), cdr_run_unit(r, 1),
				 format ? format_job : NULL, write_job, r);
	if (r->opt.keep_units)
		cdr_pipeline_keep_units(p);
	/* Either the first batch waits for the full prefilter, or the first batches
	** are coded with the literals' one while it is built, each job switching to it
	** once it is published (see cdr_run_prepare()).  A test of the switch sets the
	** batch of the switch, or "ready": when it is built. */
	if (r->prefilter == CDR_PREFILTER_ALL && r->wait_full)
		cdr_pipeline_switch_at(p, 0);
	const char *at = r->opt.test_switch;
	if (at)
		cdr_pipeline_switch_at(p, strcmp(at, "ready") == 0 ? ULONG_MAX
								   : strtoul(at, NULL, 10));
	cdr_rc rc = cdr_pipeline_run(p, r->inputs, &hooks, d);
	cdr_pipeline_stages_of(p, &r->stages);
	cdr_pipeline_free(p);
	r->hooks = &none;
	return rc != CDR_OK ? rc : d->errors ? CDR_EINPUT : CDR_OK;
}

/* cdr_run_write(): the run and its writer. */
typedef struct to_writer {
	const cdr_run *run;
	cdr_writer *w;
	cdr_diag *d;
} to_writer;

static cdr_writer_doc writer_doc(const cdr_run *r, const cdr_pipeline_job *j, cdr_row_context *ctx)
{
	*ctx = (cdr_row_context){ j->source, j->question, (const char *const *)j->case_values };
	return (cdr_writer_doc){
		cdr_run_unit(r, j->answer), &j->doc, ctx, &j->codings, j->case_name, &j->stats
	};
}

/* On a coding thread: reads only what does not change. */
static void format_rows(void *ctx, cdr_pipeline_job *j, cdr_buf *out)
{
	const to_writer *t = ctx;
	cdr_row_context rc;
	cdr_writer_doc doc = writer_doc(t->run, j, &rc);
	j->formatted = cdr_writer_format_rows(t->w, &doc, out);
}

static int write_rows(void *ctx, cdr_pipeline_job *j)
{
	to_writer *t = ctx;
	cdr_row_context rc;
	cdr_writer_doc doc = writer_doc(t->run, j, &rc);
	return (j->formatted ? cdr_writer_add_rows(t->w, j->rows, j->rows_len, t->d)
			     : cdr_writer_add(t->w, &doc, t->d)) != CDR_OK;
}

cdr_rc cdr_run_write(cdr_run *r, const cdr_run_hooks *h, cdr_writer *w, cdr_diag *d)
{
	to_writer t = { r, w, d };
	return cdr_run_code(r, h, format_rows, write_rows, &t, d);
}

void cdr_run_stages(const cdr_run *r, cdr_pipeline_stages *st)
{
	*st = r->stages;
}

void cdr_run_summary(const cdr_run *r, const char *output, cdr_buf *out)
{
	cdr_tally_describe(&r->tally, cdr_source_stats_of(r->inputs), cdr_run_unit(r, 0),
			   cdr_run_unit(r, 1), r->cb, seconds_since(&r->t0), output, out);
}

void cdr_run_free(cdr_run *r)
{
	if (!r)
		return;
	if (r->counting)
		cdr_tally_free(&r->tally);
	cdr_source_free(r->inputs);
	cdr_matcher_free(r->matcher);
	cdr_codebook_free(r->cb);
	free(r);
}
