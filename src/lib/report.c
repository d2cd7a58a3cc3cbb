/*
** report.c -- the report's counts, kept document by document, and the report as
** an output format (see report.h; report_html.c writes the page).
*/
#include "config.h"

#include "report.h"
#include "outfile.h"
#include "seg.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ units, cases --- */

size_t cdr_report_doc_units(const cdr_writer_doc *doc)
{
	if (doc->stats)
		return doc->unit == CDR_UNIT_MATCH ? doc->stats->paragraphs : doc->stats->units;
	if (doc->unit == CDR_UNIT_ANSWER)
		return 1;
	cdr_spans p = CDR_SPANS_INIT;
	cdr_seg_paragraphs(doc->doc->text, doc->doc->len, &p);
	size_t n = p.count;
	cdr_spans_free(&p);
	return n;
}

int cdr_report_next_unit(const cdr_writer_doc *doc, size_t *from, size_t *to)
{
	const cdr_codings *cs = doc->codings;
	if (*to >= cs->count)
		return 0;
	size_t i = *to, j = i + 1;
	const cdr_coding *a = &cs->v[i];
	if (doc->unit == CDR_UNIT_ANSWER)
		j = cs->count;
	else
		while (j < cs->count && cs->v[j].paragraph == a->paragraph &&
		       cs->v[j].sentence == a->sentence && cs->v[j].turn == a->turn)
			j++;
	*from = i;
	*to = j;
	return 1;
}

int cdr_case_follow_same(const cdr_case_follow *f, const cdr_writer_doc *doc)
{
	return f->open && f->respondent && doc->case_name &&
	       strcmp(f->name.data ? f->name.data : "", doc->case_name) == 0;
}

void cdr_case_follow_start(cdr_case_follow *f, const cdr_writer_doc *doc)
{
	cdr_buf_reset(&f->name);
	f->respondent = doc->case_name != NULL;
	if (doc->case_name)
		cdr_buf_adds(&f->name, doc->case_name);
	f->open = 1;
}

/* ------------------------------------------------------------------ counts --- */

static uint64_t next_random(uint64_t *state) /* splitmix64 */
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform number in [0, n), n > 0. */
static uint64_t random_below(uint64_t *state, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	for (;;) {
		uint64_t x = next_random(state);
		if (x < limit)
			return x % n;
	}
}

cdr_report *cdr_report_new(const cdr_writer_options *opt)
{
	cdr_report *r = cdr_xcalloc(1, sizeof *r);
	r->opt = *opt;
	r->cb = opt->cb;
	size_t n = r->ncodes = opt->cb->code_count, n1 = n ? n : 1;
	r->code = cdr_xcalloc(n1, sizeof *r->code);
	r->group = cdr_xcalloc(n1, sizeof *r->group);
	r->group_of = cdr_xcalloc(n1, sizeof *r->group_of);
	for (size_t k = 0; k < n; k++) {
		const char *g = r->cb->codes[k].group;
		size_t i = 0;
		while (i < r->ngroups && strcmp(r->group[i], g) != 0)
			i++;
		if (i == r->ngroups)
			r->group[r->ngroups++] = g;
		r->group_of[k] = i;
	}
	r->gstat = cdr_xcalloc(n1, sizeof *r->gstat);
	if (n >= 2 && n <= CDR_REPORT_MAX_COOC_CODES)
		r->cooc = cdr_xcalloc(n * (n - 1) / 2, sizeof *r->cooc);
	r->nvars = opt->ncase;
	r->vars = cdr_xcalloc(r->nvars ? r->nvars : 1, sizeof *r->vars);
	for (size_t v = 0; v < r->nvars; v++)
		r->vars[v].name = opt->case_columns[v];
	r->case_value = cdr_xcalloc(r->nvars ? r->nvars : 1, sizeof *r->case_value);
	r->case_units = cdr_xcalloc(n1, sizeof *r->case_units);
	r->touched = cdr_xcalloc(n1, sizeof *r->touched);
	r->unit_mark = cdr_xcalloc(n1, sizeof *r->unit_mark);
	r->group_mark = cdr_xcalloc(n1, sizeof *r->group_mark);
	r->group_case = cdr_xcalloc(n1, sizeof *r->group_case);
	r->group_obstacle = cdr_xcalloc(n1, sizeof *r->group_obstacle);
	r->unit_codes = cdr_xcalloc(n1, sizeof *r->unit_codes);
	r->rng = opt->seed;
	r->samples = cdr_xcalloc(n1 * CDR_REPORT_SAMPLES, sizeof *r->samples);
	r->keyness = cdr_keyness_new();
	r->examples = cdr_xcalloc(CDR_REPORT_EXAMPLES, sizeof *r->examples);
	return r;
}

static void sample_free(cdr_report_sample *s)
{
	free(s->source);
	free(s->question);
	free(s->text);
	memset(s, 0, sizeof *s);
}

void cdr_report_free(cdr_report *r)
{
	if (!r)
		return;
	for (size_t v = 0; v < r->nvars; v++)
		for (size_t i = 0; i <= CDR_REPORT_MAX_VALUES; i++) {
			free(r->vars[v].values[i].value);
			free(r->vars[v].values[i].code_cases);
		}
	for (size_t i = 0; i < r->ncodes * CDR_REPORT_SAMPLES; i++)
		sample_free(&r->samples[i]);
	for (size_t i = 0; i < CDR_REPORT_EXAMPLES; i++) {
		free(r->examples[i].source);
		free(r->examples[i].text);
	}
	free(r->examples);
	free(r->samples);
	cdr_keyness_free(r->keyness);
	free(r->code);
	free(r->group);
	free(r->group_of);
	free(r->gstat);
	free(r->cooc);
	free(r->vars);
	free(r->case_value);
	free(r->case_units);
	free(r->touched);
	free(r->unit_mark);
	free(r->group_mark);
	free(r->group_case);
	free(r->group_obstacle);
	free(r->unit_codes);
	cdr_buf_free(&r->follow.name);
	cdr_spans_free(&r->paragraphs);
	cdr_spans_free(&r->coded);
	free(r);
}

/* The value number of 'value' of variable 'v', added if there is room. */
static size_t value_of(cdr_report *r, cdr_report_var *v, const char *value)
{
	for (size_t i = 0; i < v->nvalues; i++)
		if (strcmp(v->values[i].value, value) == 0)
			return i;
	size_t i = v->nvalues;
	if (i == CDR_REPORT_MAX_VALUES) {
		if (!v->pooled) {
			v->pooled = 1;
			v->values[i].value = cdr_xstrdup("(other values)");
			v->values[i].code_cases =
				cdr_xcalloc(r->ncodes ? r->ncodes : 1, sizeof(size_t));
		}
		v->pooled_values++;
		return i;
	}
	v->values[i].value = cdr_xstrdup(value);
	v->values[i].code_cases = cdr_xcalloc(r->ncodes ? r->ncodes : 1, sizeof(size_t));
	v->nvalues++;
	return i;
}

/* The current case is over: count it. */
static void end_case(cdr_report *r)
{
	if (!r->follow.open)
		return;
	r->cases++;
	r->respondents += r->follow.respondent;
	r->case_serial++;
	for (size_t v = 0; v < r->nvars; v++)
		if (r->case_value[v] != (size_t)-1)
			r->vars[v].values[r->case_value[v]].cases++;
	for (size_t t = 0; t < r->ntouched; t++) {
		size_t k = r->touched[t], g = r->group_of[k];
		r->code[k].cases++;
		if (r->group_case[g] != r->case_serial) {
			r->group_case[g] = r->case_serial;
			r->gstat[g].cases++;
		}
		for (size_t v = 0; v < r->nvars; v++)
			if (r->case_value[v] != (size_t)-1)
				r->vars[v].values[r->case_value[v]].code_cases[k]++;
		r->case_units[k] = 0;
	}
	r->ntouched = 0;
	r->follow.open = 0;
}

void cdr_report_finish(cdr_report *r)
{
	end_case(r);
}

/* Keep 'doc's coding 'k' (the first of its code in its unit) as sample 'slot'. */
static void keep_sample(cdr_report *r, cdr_report_sample *s, const cdr_writer_doc *doc,
			const cdr_coding *k)
{
	sample_free(s);
	const cdr_doc *d = doc->doc;
	size_t a = k->bstart, b = k->bend;
	if (doc->unit == CDR_UNIT_MATCH || doc->unit == CDR_UNIT_SENTENCE ||
	    doc->unit == CDR_UNIT_PARAGRAPH) {
		if (k->paragraph >= 1 && k->paragraph <= r->paragraphs.count) {
			a = r->paragraphs.v[k->paragraph - 1].start;
			b = r->paragraphs.v[k->paragraph - 1].end;
		}
	}
	if (b - a > CDR_REPORT_SAMPLE_BYTES) { /* a window around the coding */
		size_t half = CDR_REPORT_SAMPLE_BYTES / 2;
		size_t wa = k->bstart > a + half ? k->bstart - half : a;
		size_t wb = wa + CDR_REPORT_SAMPLE_BYTES < b ? wa + CDR_REPORT_SAMPLE_BYTES : b;
		while (wa > a && ((unsigned char)d->text[wa] & 0xC0) == 0x80)
			wa--;
		while (wb < b && ((unsigned char)d->text[wb] & 0xC0) == 0x80)
			wb--;
		a = wa;
		b = wb;
	}
	s->text = cdr_xstrndup(d->text + a, b - a);
	s->cs = k->bstart > a ? k->bstart - a : 0;
	s->ce = k->bend > a ? (k->bend - a < b - a ? k->bend - a : b - a) : 0;
	s->source = cdr_xstrdup(doc->ctx->source ? doc->ctx->source : d->name);
	s->question = cdr_xstrdup(doc->ctx->question ? doc->ctx->question : "");
	cdr_coding_unit(k, doc->unit, s->unit, sizeof s->unit);
	s->whole_match = doc->unit == CDR_UNIT_MATCH;
}

/* Count one unit: codings[i, j) of 'doc'. */
static void count_unit(cdr_report *r, const cdr_writer_doc *doc, size_t i, size_t j)
{
	const cdr_coding *v = doc->codings->v;
	size_t serial = ++r->unit_serial, n = 0;
	r->units_coded++;
	for (size_t x = i; x < j; x++) {
		size_t k = v[x].code;
		r->code[k].codings++;
		r->gstat[r->group_of[k]].codings++;
		if (r->unit_mark[k] == serial)
			continue;
		r->unit_mark[k] = serial;
		r->unit_codes[n++] = k;
		int obstacle = 0;
		for (size_t y = x; y < j; y++)
			obstacle |= v[y].code == k && v[y].obstacle;
		cdr_report_code *c = &r->code[k];
		c->units++;
		c->obstacle += obstacle;
		if (!r->case_units[k]++)
			r->touched[r->ntouched++] = k;
		size_t g = r->group_of[k];
		if (r->group_mark[g] != serial) {
			r->group_mark[g] = serial;
			r->gstat[g].units++;
		}
		if (obstacle && r->group_obstacle[g] != serial) {
			r->group_obstacle[g] = serial;
			r->gstat[g].obstacle++;
		}
		/* Reservoir sampling over the units of each code. */
		size_t slot = c->units <= CDR_REPORT_SAMPLES
				      ? c->units - 1
				      : (size_t)random_below(&r->rng, c->units);
		if (slot < CDR_REPORT_SAMPLES)
			keep_sample(r, &r->samples[k * CDR_REPORT_SAMPLES + slot], doc, &v[x]);
	}
	if (r->cooc)
		for (size_t a = 0; a < n; a++)
			for (size_t b = 0; b < n; b++) {
				size_t p = r->unit_codes[a], q = r->unit_codes[b];
				if (p < q && r->cooc[q * (q - 1) / 2 + p] != UINT32_MAX)
					r->cooc[q * (q - 1) / 2 + p]++;
			}
}

static int cmp_span(const void *x, const void *y)
{
	const cdr_span *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* An uncoded stretch t[a, b) of 'doc' (trimmed, not empty): count its words and
** maybe keep it as an example. */
static void uncoded(cdr_report *r, const cdr_writer_doc *doc, size_t a, size_t b)
{
	const char *t = doc->doc->text;
	while (a < b && (t[a] == ' ' || (t[a] >= '\t' && t[a] <= '\r')))
		a++;
	while (b > a && (t[b - 1] == ' ' || (t[b - 1] >= '\t' && t[b - 1] <= '\r')))
		b--;
	if (a == b)
		return;
	cdr_keyness_add(r->keyness, t + a, b - a, 1);
	r->stretches++;
	size_t slot = r->stretches <= CDR_REPORT_EXAMPLES
			      ? r->stretches - 1
			      : (size_t)random_below(&r->rng, r->stretches);
	if (slot >= CDR_REPORT_EXAMPLES)
		return;
	cdr_report_example *e = &r->examples[slot];
	free(e->source);
	free(e->text);
	size_t n = b - a;
	if (n > CDR_REPORT_EXAMPLE_BYTES) {
		n = CDR_REPORT_EXAMPLE_BYTES;
		while (n > 0 && ((unsigned char)t[a + n] & 0xC0) == 0x80)
			n--;
	}
	e->text = cdr_xstrndup(t + a, n);
	e->source = cdr_xstrdup(doc->ctx->source ? doc->ctx->source : doc->doc->name);
}

/* Coverage: the words of the coded units against those of the rest, which is
** split at paragraph breaks into uncoded stretches. */
static void count_words(cdr_report *r, const cdr_writer_doc *doc)
{
	const cdr_codings *cs = doc->codings;
	r->coded.count = 0;
	size_t from, to = 0;
	while (cdr_report_next_unit(doc, &from, &to)) {
		size_t a = cs->v[from].bstart, b = cs->v[from].bend;
		if (doc->unit == CDR_UNIT_MATCH) {
			size_t p = cs->v[from].paragraph;
			if (p >= 1 && p <= r->paragraphs.count) {
				a = r->paragraphs.v[p - 1].start;
				b = r->paragraphs.v[p - 1].end;
			}
		} else {
			for (size_t x = from; x < to; x++) {
				a = cs->v[x].bstart < a ? cs->v[x].bstart : a;
				b = cs->v[x].bend > b ? cs->v[x].bend : b;
			}
		}
		cdr_spans_push(&r->coded, a, b);
	}
	if (r->coded.count > 1)
		qsort(r->coded.v, r->coded.count, sizeof *r->coded.v, cmp_span);
	const char *t = doc->doc->text;
	size_t c = 0, at = 0; /* the next coded span; text before 'at' is done */
	for (size_t p = 0; p < r->paragraphs.count; p++) {
		size_t pa = r->paragraphs.v[p].start, pb = r->paragraphs.v[p].end;
		if (pa < at)
			pa = at < pb ? at : pb;
		while (pa < pb) {
			while (c < r->coded.count && r->coded.v[c].end <= pa)
				c++;
			if (c < r->coded.count && r->coded.v[c].start <= pa) {
				size_t e = r->coded.v[c].end;
				cdr_keyness_add(r->keyness, t + pa, e - pa, 0);
				at = e;
				pa = e < pb ? e : pb;
				continue;
			}
			size_t e = c < r->coded.count && r->coded.v[c].start < pb
					   ? r->coded.v[c].start
					   : pb;
			uncoded(r, doc, pa, e);
			pa = e;
			at = e;
		}
	}
}

void cdr_report_add(cdr_report *r, const cdr_writer_doc *doc)
{
	int answer = doc->case_name != NULL;
	if (!cdr_case_follow_same(&r->follow, doc)) {
		end_case(r);
		cdr_case_follow_start(&r->follow, doc);
		const char *const *values = doc->ctx ? doc->ctx->case_values : NULL;
		for (size_t v = 0; v < r->nvars; v++)
			r->case_value[v] = values && values[v] ? value_of(r, &r->vars[v], values[v])
							       : (size_t)-1;
	}
	if (answer)
		r->answers++;
	else
		r->documents++;
	r->units_of[answer][doc->unit] = 1;
	r->units += cdr_report_doc_units(doc);
	r->codings += doc->codings->count;
	r->paragraphs.count = 0;
	cdr_seg_paragraphs(doc->doc->text, doc->doc->len, &r->paragraphs);
	size_t from, to = 0;
	while (cdr_report_next_unit(doc, &from, &to))
		count_unit(r, doc, from, to);
	count_words(r, doc);
}

/* ------------------------------------------------------------ as a writer --- */

typedef struct report_output {
	char *path;
	cdr_report *r;
} report_output;

static cdr_rc report_open(void **state, const char *path, const cdr_writer_options *opt,
			  cdr_diag *d)
{
	*state = NULL;
	/* Find out now, not after coding, whether the file can be written there. */
	cdr_outfile probe;
	cdr_rc rc = cdr_outfile_open(&probe, path, d);
	if (rc != CDR_OK)
		return rc;
	cdr_outfile_abort(&probe);
	report_output *o = cdr_xcalloc(1, sizeof *o);
	o->path = cdr_xstrdup(path);
	o->r = cdr_report_new(opt);
	*state = o;
	return CDR_OK;
}

static cdr_rc report_document(void *state, const cdr_writer_options *opt, const cdr_writer_doc *doc,
			      cdr_diag *d)
{
	(void)opt;
	(void)d;
	report_output *o = state;
	cdr_report_add(o->r, doc);
	return CDR_OK;
}

static void report_discard(void *state)
{
	report_output *o = state;
	if (!o)
		return;
	cdr_report_free(o->r);
	free(o->path);
	free(o);
}

static cdr_rc report_commit(void *state, cdr_diag *d)
{
	report_output *o = state;
	cdr_buf page = CDR_BUF_INIT;
	cdr_report_render(o->r, &page);
	cdr_outfile f;
	cdr_rc rc = cdr_outfile_open(&f, o->path, d);
	if (rc == CDR_OK) {
		rc = cdr_outfile_write(&f, page.data, page.len, d);
		if (rc == CDR_OK)
			rc = cdr_outfile_commit(&f, d);
		else
			cdr_outfile_abort(&f);
	}
	cdr_buf_free(&page);
	report_discard(o);
	return rc;
}

const cdr_writer_ops cdr_report_ops = { report_open,     NULL,          NULL,
					report_document, report_commit, report_discard };
