/*
** human.c -- reading people's codings: coding sheets and REFI-QDA projects (see
** human.h).
**
** Both are read into a flat list of spans, each naming its source; the list is
** then sorted by source (stably, so a source's spans keep the order read) and cut
** into sources.
*/
#include "config.h"

#include "human.h"
#include "csv.h"
#include "mem.h"
#include "refi_read.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A span while reading, with the name of its source. */
typedef struct raw_span {
	char *source;
	char *text; /* a project's source text (the first span of it carries it) */
	size_t len;
	cdr_human_span span;
	size_t order;
} raw_span;

typedef struct raw_list {
	raw_span *v;
	size_t count, cap;
} raw_list;

/* A name and what it stands for: a map entry, a units file row. */
typedef struct named {
	char *name;
	char *value; /* map: the code id; units: the source */
	size_t start, end;
} named;

typedef struct loader {
	const char *path;
	const cdr_codebook *cb;
	named *map;
	size_t nmap;
	named *units;
	size_t nunits;
	cdr_human *h;
	raw_list raw;
	cdr_diag *d;
} loader;

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

static const named *find_named(const named *v, size_t n, const char *name)
{
	named key = { (char *)name, NULL, 0, 0 };
	return n ? bsearch(&key, v, n, sizeof *v, cmp_named) : NULL;
}

static void free_named(named *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

/* Parse a whole number of code points; 0 if 's' is not one. */
static int parse_offset(const char *s, size_t *v)
{
	char *end;
	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (*end || errno)
		return 0;
	*v = (size_t)x;
	return 1;
}

static void error_at(loader *L, const char *file, size_t line, const char *fmt, const char *arg)
{
	cdr_diag_pos pos = { file, line, 0, 0, NULL, 0 };
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	cdr_diag_add(L->d, CDR_DIAG_ERROR, &pos, fmt, arg);
#pragma GCC diagnostic pop
}

/* The index of the code 'name' names: an id, else a label, else a map entry. */
static size_t resolve_code(const loader *L, const char *name)
{
	size_t k = cdr_codebook_find(L->cb, name);
	if (k != CDR_NONE)
		return k;
	for (size_t i = 0; i < L->cb->code_count; i++)
		if (strcmp(L->cb->codes[i].label, name) == 0)
			return i;
	for (size_t i = 0; i < L->cb->code_count; i++)
		if (strcasecmp(L->cb->codes[i].label, name) == 0)
			return i;
	const named *m = find_named(L->map, L->nmap, name);
	return m ? cdr_codebook_find(L->cb, m->value) : CDR_NONE;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static void add_raw(loader *L, const char *source, const cdr_human_span *sp)
{
	CDR_GROW(L->raw.v, L->raw.cap, L->raw.count + 1);
	raw_span *r = &L->raw.v[L->raw.count];
	memset(r, 0, sizeof *r);
	r->source = cdr_xstrdup(source);
	r->span = *sp;
	r->order = L->raw.count++;
	if (sp->ncodes > 1) { /* sorted, each once */
		qsort(r->span.codes, sp->ncodes, sizeof *sp->codes, cmp_size);
		size_t kept = 1;
		for (size_t i = 1; i < sp->ncodes; i++)
			if (r->span.codes[i] != r->span.codes[kept - 1])
				r->span.codes[kept++] = r->span.codes[i];
		r->span.ncodes = kept;
	}
}

/* ------------------------------------------------------- map and units --- */

/* How a table a person made is read: .tsv is tab-separated without quoting (as
** IANA's text/tab-separated-values, and as codeer writes sheets, escaping tabs
** and line ends), anything else CSV as RFC 4180 (save from Excel as CSV). */
static cdr_csv_options table_options(const char *path)
{
	cdr_csv_options o = { 0 };
	size_t n = strlen(path);
	if (n > 4 && strcasecmp(path + n - 4, ".tsv") == 0) {
		o.delimiter = '\t';
		o.no_quotes = 1;
	}
	return o;
}

/* Read a tab- or comma-separated file of rows into 'out' by the named columns
** (value and bounds optional).  Returns CDR_OK or an error. */
static cdr_rc read_table(loader *L, const char *path, const char *key, const char *const *value,
			 int bounds, named **out, size_t *nout)
{
	cdr_csv *c = NULL;
	cdr_csv_options o = table_options(path);
	cdr_rc rc = cdr_csv_open(path, &o, &c, L->d);
	if (rc != CDR_OK)
		return rc;
	size_t kcol = cdr_csv_find_column(c, key), vcol = (size_t)-1;
	for (size_t i = 0; value[i] && vcol == (size_t)-1; i++)
		vcol = cdr_csv_find_column(c, value[i]);
	size_t scol = bounds ? cdr_csv_find_column(c, "start") : 0;
	size_t ecol = bounds ? cdr_csv_find_column(c, "end") : 0;
	if (kcol == (size_t)-1 || vcol == (size_t)-1 || scol == (size_t)-1 || ecol == (size_t)-1) {
		error_at(L, path, 1, "%s",
			 bounds ? "a units file needs the columns unit, file (or "
				  "source), start and end"
				: "a map needs two columns: name and code");
		cdr_csv_free(c);
		return CDR_EINPUT;
	}
	named *v = NULL;
	size_t n = 0, cap = 0;
	cdr_csv_record rec;
	int done = 0;
	while ((rc = cdr_csv_next(c, &rec, &done, L->d)) == CDR_OK && !done) {
		CDR_GROW(v, cap, n + 1);
		named *x = &v[n++];
		x->name = cdr_xstrdup(rec.cell[kcol]);
		x->value = cdr_xstrdup(rec.cell[vcol]);
		x->start = x->end = 0;
		if (bounds && (!parse_offset(rec.cell[scol], &x->start) ||
			       !parse_offset(rec.cell[ecol], &x->end) || x->end < x->start)) {
			error_at(L, path, rec.line, "%s",
				 "start and end must be whole numbers, start <= end");
			rc = CDR_EINPUT;
			break;
		}
	}
	cdr_csv_free(c);
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_named);
	*out = v;
	*nout = n;
	return rc;
}

static void count_unknown(cdr_human *h, const char *name);

/* ----------------------------------------------------------------- sheets --- */

/* Read the codes of a sheet's cell into sp->codes; an unknown one is an error. */
static int read_codes(loader *L, const char *cell, size_t line, cdr_human_span *sp)
{
	const char *seps = " ,;\t";
	int ok = 1;
	for (const char *p = cell; *p;) {
		p += strspn(p, seps);
		size_t n = strcspn(p, seps);
		if (!n)
			break;
		char *name = cdr_xstrndup(p, n);
		size_t k = resolve_code(L, name);
		if (k == CDR_NONE) {
			/* Each unknown name once, at its first line: a sheet made for another
			** codebook would otherwise give an error per cell. */
			size_t seen = L->h->nunknown;
			count_unknown(L->h, name);
			if (L->h->nunknown > seen) {
				cdr_diag_pos pos = { L->path, line, 0, 0, NULL, 0 };
				cdr_diag_add(L->d, CDR_DIAG_ERROR, &pos,
					     "unknown code '%s': not an id or label of %s; map it "
					     "with --map",
					     name, L->cb->path);
			}
			ok = 0;
		} else {
			sp->codes = cdr_xreallocarray(sp->codes, sp->ncodes + 1, sizeof *sp->codes);
			sp->codes[sp->ncodes++] = k;
		}
		free(name);
		p += n;
	}
	return ok;
}

/* Is 's' a unit label (p3, p3.s2, t4)? */
static int is_label(const char *s)
{
	if ((s[0] != 'p' && s[0] != 't') || s[1] < '0' || s[1] > '9')
		return 0;
	s += 1 + strspn(s + 1, "0123456789");
	if (s[0] == '.' && s[1] == 's' && s[2] >= '1' && s[2] <= '9')
		s += 2 + strspn(s + 2, "0123456789");
	return *s == '\0';
}

static cdr_rc load_sheet(loader *L)
{
	cdr_csv *c = NULL;
	cdr_csv_options o = table_options(L->path);
	cdr_rc rc = cdr_csv_open(L->path, &o, &c, L->d);
	if (rc != CDR_OK)
		return rc;
	size_t codes = cdr_csv_find_column(c, "codes");
	size_t source = cdr_csv_find_column(c, "source");
	if (source == (size_t)-1)
		source = cdr_csv_find_column(c, "file");
	size_t start = cdr_csv_find_column(c, "start"), end = cdr_csv_find_column(c, "end");
	size_t unit = cdr_csv_find_column(c, "unit");
	int bounds = source != (size_t)-1 && start != (size_t)-1 && end != (size_t)-1;
	if (codes == (size_t)-1 || (!bounds && unit == (size_t)-1)) {
		error_at(L, L->path, 1, "%s",
			 "a coding sheet needs a column 'codes' and either 'unit' or 'source', "
			 "'start' and 'end' (as 'codeer sheet' writes it)");
		cdr_csv_free(c);
		return CDR_EINPUT;
	}
	size_t errors = L->d->errors;
	cdr_csv_record rec;
	int done = 0;
	while ((rc = cdr_csv_next(c, &rec, &done, L->d)) == CDR_OK && !done) {
		cdr_human_span sp = { 0 };
		sp.line = rec.line;
		char *src = NULL;
		if (bounds && *rec.cell[source]) {
			if (!parse_offset(rec.cell[start], &sp.start) ||
			    !parse_offset(rec.cell[end], &sp.end) || sp.end < sp.start) {
				error_at(L, L->path, rec.line, "%s",
					 "start and end must be whole numbers, start <= end");
				continue;
			}
			src = cdr_xstrdup(rec.cell[source]);
		} else if (unit != (size_t)-1 && *rec.cell[unit]) {
			const char *id = rec.cell[unit];
			const named *u = find_named(L->units, L->nunits, id);
			const char *hash = strrchr(id, '#');
			if (u) {
				src = cdr_xstrdup(u->value);
				sp.start = u->start;
				sp.end = u->end;
			} else if (hash && is_label(hash + 1)) {
				src = cdr_xstrndup(id, (size_t)(hash - id));
				sp.unit = cdr_xstrdup(hash + 1);
			} else if (L->nunits) {
				error_at(L, L->path, rec.line,
					 "unknown unit '%s': not in the units file", id);
				continue;
			} else { /* a survey answer: the source is the unit */
				src = cdr_xstrdup(id);
				sp.unit = cdr_xstrdup("answer");
			}
		} else {
			error_at(L, L->path, rec.line, "%s", "a row names no unit");
			continue;
		}
		if (read_codes(L, rec.cell[codes], rec.line, &sp))
			add_raw(L, src, &sp);
		else {
			free(sp.codes);
			free(sp.unit);
		}
		free(src);
	}
	cdr_csv_free(c);
	if (rc == CDR_OK && L->d->errors != errors)
		rc = CDR_EINPUT;
	return rc;
}

/* --------------------------------------------------------------- projects --- */

static void count_unknown(cdr_human *h, const char *name)
{
	for (size_t i = 0; i < h->nunknown; i++)
		if (strcmp(h->unknown[i].name, name) == 0) {
			h->unknown[i].count++;
			return;
		}
	h->unknown = cdr_xreallocarray(h->unknown, h->nunknown + 1, sizeof *h->unknown);
	h->unknown[h->nunknown++] = (cdr_human_unknown){ cdr_xstrdup(name), 1 };
}

static cdr_rc load_project(loader *L, const cdr_refi_options *refi)
{
	cdr_qdpx_source *src = NULL;
	size_t n = 0;
	cdr_rc rc = cdr_qdpx_read(L->path, refi, &src, &n, L->d);
	if (rc != CDR_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *hash = strrchr(src[i].name, '#');
		if (hash && is_label(hash + 1)) {
			/* A unit of a coding sheet made by 'codeer sheet': the person coded
			** that unit, with the codes of its selections. */
			cdr_human_span sp = { 0 };
			sp.unit = cdr_xstrdup(hash + 1);
			for (size_t k = 0; k < src[i].ncodings; k++) {
				size_t code = resolve_code(L, src[i].codings[k].code);
				if (code == CDR_NONE) {
					count_unknown(L->h, src[i].codings[k].code);
					continue;
				}
				sp.codes = cdr_xreallocarray(sp.codes, sp.ncodes + 1,
							     sizeof *sp.codes);
				sp.codes[sp.ncodes++] = code;
			}
			char *name = cdr_xstrndup(src[i].name, (size_t)(hash - src[i].name));
			add_raw(L, name, &sp);
			free(name);
			continue;
		}
		/* The source itself, with its text, even when nobody coded anything. */
		cdr_human_span none = { 0 };
		add_raw(L, src[i].name, &none);
		raw_span *first = &L->raw.v[L->raw.count - 1];
		first->text = cdr_xstrndup(src[i].text, src[i].len);
		first->len = src[i].len;
		for (size_t k = 0; k < src[i].ncodings; k++) {
			const cdr_qdpx_coding *q = &src[i].codings[k];
			size_t code = resolve_code(L, q->code);
			if (code == CDR_NONE) {
				count_unknown(L->h, q->code);
				continue;
			}
			cdr_human_span sp = { q->start, q->end, NULL, NULL, 0, 0 };
			sp.codes = cdr_xmalloc(sizeof *sp.codes);
			sp.codes[0] = code;
			sp.ncodes = 1;
			add_raw(L, src[i].name, &sp);
		}
	}
	cdr_qdpx_sources_free(src, n);
	return CDR_OK;
}

/* ---------------------------------------------------------------- loading --- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int cmp_raw(const void *a, const void *b)
{
	const raw_span *x = a, *y = b;
	int c = strcmp(x->source, y->source);
	return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* Cut the sorted raw spans into sources.  A project's source that came with its
** text ('whole' files) was coded all through; a sheet's only where its rows say. */
static void make_sources(loader *L, int whole)
{
	cdr_human *h = L->h;
	raw_list *r = &L->raw;
	if (r->count > 1)
		qsort(r->v, r->count, sizeof *r->v, cmp_raw);
	for (size_t i = 0; i < r->count;) {
		size_t j = i;
		while (j < r->count && strcmp(r->v[j].source, r->v[i].source) == 0)
			j++;
		h->sources = cdr_xreallocarray(h->sources, h->nsources + 1, sizeof *h->sources);
		cdr_human_source *s = &h->sources[h->nsources++];
		memset(s, 0, sizeof *s);
		s->name = cdr_xstrdup(r->v[i].source);
		s->spans = cdr_xcalloc(j - i, sizeof *s->spans);
		for (size_t k = i; k < j; k++) {
			if (r->v[k].text) {
				s->text = r->v[k].text;
				s->len = r->v[k].len;
				s->whole = whole;
			}
			if (r->v[k].span.ncodes || r->v[k].span.unit || !r->v[k].text)
				s->spans[s->nspans++] = r->v[k].span;
			else
				free(r->v[k].span.codes);
			free(r->v[k].source);
		}
		h->spans += s->nspans;
		i = j;
	}
	free(r->v);
	r->v = NULL;
	r->count = r->cap = 0;
}

cdr_rc cdr_human_load(const char *path, const cdr_codebook *cb, const cdr_human_options *opt,
		      cdr_human **out, cdr_diag *d)
{
	static const cdr_human_options none = { 0 };
	static const char *const code_cols[] = { "code", "id", NULL };
	static const char *const source_cols[] = { "source", "file", NULL };
	if (!opt)
		opt = &none;
	loader L = { path, cb, NULL, 0, NULL, 0, NULL, { NULL, 0, 0 }, d };
	L.h = cdr_xcalloc(1, sizeof *L.h);
	L.h->path = cdr_xstrdup(path);
	cdr_rc rc = CDR_OK;
	if (opt->map_path)
		rc = read_table(&L, opt->map_path, "name", code_cols, 0, &L.map, &L.nmap);
	if (rc == CDR_OK && opt->units_path)
		rc = read_table(&L, opt->units_path, "unit", source_cols, 1, &L.units, &L.nunits);
	const char *dot = strrchr(base_name(path), '.');
	int sheet = dot && (strcasecmp(dot, ".tsv") == 0 || strcasecmp(dot, ".csv") == 0 ||
			    strcasecmp(dot, ".txt") == 0);
	if (rc == CDR_OK)
		rc = sheet ? load_sheet(&L) : load_project(&L, &opt->refi);
	/* A units file says which units the person coded, for a project too. */
	for (size_t i = 0; rc == CDR_OK && i < L.nunits; i++) {
		cdr_human_span cover = { L.units[i].start, L.units[i].end, NULL, NULL, 0, 0 };
		add_raw(&L, L.units[i].value, &cover);
	}
	make_sources(&L, !sheet && !L.nunits);
	free_named(L.map, L.nmap);
	free_named(L.units, L.nunits);
	if (rc != CDR_OK) {
		cdr_human_free(L.h);
		L.h = NULL;
	}
	*out = L.h;
	return rc;
}

void cdr_human_free(cdr_human *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nsources; i++) {
		cdr_human_source *s = &h->sources[i];
		for (size_t k = 0; k < s->nspans; k++) {
			free(s->spans[k].codes);
			free(s->spans[k].unit);
		}
		free(s->spans);
		free(s->name);
		free(s->text);
	}
	for (size_t i = 0; i < h->nunknown; i++)
		free(h->unknown[i].name);
	free(h->unknown);
	free(h->sources);
	free(h->path);
	free(h);
}

/* ---------------------------------------------------------------- looking --- */

cdr_human_source *cdr_human_find(cdr_human *h, const char *source)
{
	size_t lo = 0, hi = h->nsources;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(h->sources[mid].name, source);
		if (c == 0)
			return &h->sources[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* A path given another way (the directory differs): the file name decides. */
	const char *base = base_name(source);
	for (size_t i = 0; base != source && i < h->nsources; i++)
		if (strcmp(base_name(h->sources[i].name), base) == 0)
			return &h->sources[i];
	return NULL;
}

/* Where the answer text[0..len) stands in respondent source 'r': right after a
** heading line that begins with 'column'.  Returns its byte offset, or -1. */
static long find_answer(const cdr_human_source *r, const char *column, const char *text, size_t len)
{
	size_t cl = strlen(column);
	for (size_t at = 0; r->text && at + cl <= r->len;) {
		const char *nl = memchr(r->text + at, '\n', r->len - at);
		size_t body = nl ? (size_t)(nl - r->text) + 1 : r->len;
		if (strncmp(r->text + at, column, cl) == 0 && body + len <= r->len &&
		    memcmp(r->text + body, text, len) == 0 &&
		    (body + len == r->len || r->text[body + len] == '\n'))
			return (long)body;
		if (!nl)
			break;
		at = body;
	}
	return -1;
}

cdr_human_source *cdr_human_find_answer(cdr_human *h, const char *source, const char *text,
					size_t len, cdr_human_source *view)
{
	const char *colon = strchr(source, ':');
	memset(view, 0, sizeof *view);
	if (!colon)
		return NULL;
	char *rowid = cdr_xstrndup(source, (size_t)(colon - source));
	cdr_human_source *r = cdr_human_find(h, rowid);
	free(rowid);
	long at = r && r->whole ? find_answer(r, colon + 1, text, len) : -1;
	if (at < 0)
		return NULL;
	size_t from = cdr_utf8_count(r->text, (size_t)at), n = cdr_utf8_count(text, len);
	view->name = r->name;
	view->whole = 1;
	view->spans = cdr_xcalloc(r->nspans ? r->nspans : 1, sizeof *view->spans);
	for (size_t i = 0; i < r->nspans; i++) {
		const cdr_human_span *sp = &r->spans[i];
		if (sp->unit || sp->end <= from || sp->start >= from + n)
			continue;
		cdr_human_span *v = &view->spans[view->nspans++];
		*v = *sp; /* codes borrowed from 'r' */
		v->start = (sp->start > from ? sp->start : from) - from;
		v->end = (sp->end < from + n ? sp->end : from + n) - from;
	}
	return r;
}

void cdr_human_view_free(cdr_human_source *view)
{
	free(view->spans);
	memset(view, 0, sizeof *view);
}

cdr_rc cdr_human_match(cdr_human *h, const char *source, const cdr_doc *doc, cdr_human_source *view,
		       const cdr_human_source **out, size_t *newly, cdr_diag *d)
{
	cdr_human_source *s = cdr_human_find(h, source);
	const cdr_human_source *now = s;
	if (!s) {
		s = cdr_human_find_answer(h, source, doc->text, doc->len, view);
		now = s ? view : NULL;
	}
	*out = now;
	if (!s)
		return CDR_OK;
	*newly += !s->matched;
	s->matched = 1;
	/* A project's copy of a source must be the input's text, or positions mean
	** other characters. */
	if (!now->text || (now->len == doc->len && memcmp(now->text, doc->text, doc->len) == 0))
		return CDR_OK;
	size_t at = 0;
	while (at < now->len && at < doc->len && now->text[at] == doc->text[at])
		at++;
	cdr_diag_pos pos = { h->path, 0, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
		     "the project's source '%s' is not the text of the input %s (they differ "
		     "from byte %zu on); code the same files the person coded",
		     now->name, source, at);
	*out = NULL;
	return CDR_EINPUT;
}

int cdr_human_unit_codes(const cdr_human_source *s, const cdr_coding *unit, const char *label,
			 unsigned char *codes)
{
	int covered = s->whole;
	for (size_t i = 0; i < s->nspans; i++) {
		const cdr_human_span *sp = &s->spans[i];
		int hit = sp->unit ? strcmp(sp->unit, label) == 0
			  : unit->end > unit->start
				  ? sp->start < unit->end && sp->end > unit->start
				  : sp->start <= unit->start && unit->start < sp->end;
		if (!hit)
			continue;
		covered = 1;
		for (size_t k = 0; k < sp->ncodes; k++)
			codes[sp->codes[k]] = 1;
	}
	return covered;
}

void cdr_unit_id(const char *source, const cdr_coding *unit, cdr_unit u, cdr_buf *out)
{
	cdr_buf_adds(out, source);
	if (u == CDR_UNIT_ANSWER)
		return;
	char label[64];
	cdr_buf_printf(out, "#%s", cdr_coding_unit(unit, u, label, sizeof label));
}
