/*
** wordfreq.c -- words and phrases counted over sets of units, and their keyness
** (see wordfreq.h).
**
** Terms live in one table (a string hash with open addressing) holding their
** count in set 0; the counts in other sets are small maps from term number to
** count, one per set, so that a set costs memory only for the terms it holds.
*/
#include "config.h"

#include "wordfreq.h"
#include "keyness.h"
#include "coder.h"
#include "eval.h"
#include "kwic.h"
#include "norm.h"
#include "read.h"
#include "seg.h"
#include "utf8.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct term {
	size_t text, spelling; /* offsets into the strings */
	uint64_t hash;
	uint32_t len; /* of the text */
	uint32_t n;
	size_t count; /* in set 0 */
} term;

/* A set's counts: term number + 1 -> count, open addressing. */
typedef struct setmap {
	uint32_t *keys;
	size_t *counts;
	size_t cap, used;
	size_t total[CDR_WORDFREQ_MAX_N + 1];
	size_t units;
} setmap;

/* A word of the current sentence: its bytes in the normalised text. */
typedef struct token {
	size_t start, end;
	int skip; /* a stop word or no letter */
} token;

struct cdr_wordfreq {
	size_t max_n, nsets;
	term *terms;
	size_t nterms, cap;
	uint32_t *slots; /* term number + 1 */
	size_t nslots;
	cdr_buf strings;
	char **stop; /* a string set, open addressing */
	size_t nstop, stopcap;
	setmap *sets;
	cdr_seg *seg;
	cdr_spans paragraphs, sentences;
	cdr_norm norm;
	token *tokens;
	size_t ntokens, tokcap;
	cdr_buf key, spell;
};

cdr_rc cdr_wordfreq_new(size_t max_n, size_t nsets, cdr_wordfreq **out, cdr_diag *d)
{
	cdr_wordfreq *w = cdr_xcalloc(1, sizeof *w);
	w->max_n = max_n < 1 ? 1 : max_n > CDR_WORDFREQ_MAX_N ? CDR_WORDFREQ_MAX_N : max_n;
	w->nsets = nsets < 1 ? 1 : nsets;
	w->sets = cdr_xcalloc(w->nsets, sizeof *w->sets);
	w->nslots = 4096;
	w->slots = cdr_xcalloc(w->nslots, sizeof *w->slots);
	w->norm = (cdr_norm)CDR_NORM_INIT;
	*out = NULL;
	cdr_rc rc = cdr_seg_new(&w->seg, d);
	if (rc != CDR_OK) {
		cdr_wordfreq_free(w);
		return rc;
	}
	*out = w;
	return CDR_OK;
}

void cdr_wordfreq_free(cdr_wordfreq *w)
{
	if (!w)
		return;
	free(w->terms);
	free(w->slots);
	cdr_buf_free(&w->strings);
	for (size_t i = 0; i < w->stopcap; i++)
		free(w->stop[i]);
	free(w->stop);
	for (size_t i = 0; i < w->nsets; i++) {
		free(w->sets[i].keys);
		free(w->sets[i].counts);
	}
	free(w->sets);
	cdr_seg_free(w->seg);
	cdr_spans_free(&w->paragraphs);
	cdr_spans_free(&w->sentences);
	cdr_norm_free(&w->norm);
	free(w->tokens);
	cdr_buf_free(&w->key);
	cdr_buf_free(&w->spell);
	free(w);
}

/* ------------------------------------------------------------ stop words --- */

static int is_stop(const cdr_wordfreq *w, const char *s, size_t n)
{
	if (!w->nstop)
		return 0;
	size_t i = (size_t)cdr_kwic_hash(s, n) & (w->stopcap - 1);
	for (; w->stop[i]; i = (i + 1) & (w->stopcap - 1))
		if (strncmp(w->stop[i], s, n) == 0 && w->stop[i][n] == '\0')
			return 1;
	return 0;
}

static void add_stop(cdr_wordfreq *w, char *s)
{
	if (is_stop(w, s, strlen(s))) {
		free(s);
		return;
	}
	if ((w->nstop + 1) * 2 > w->stopcap) {
		size_t cap = w->stopcap ? w->stopcap * 2 : 256;
		char **v = cdr_xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < w->stopcap; i++)
			if (w->stop[i]) {
				size_t k = (size_t)cdr_kwic_hash(w->stop[i], strlen(w->stop[i])) &
					   (cap - 1);
				while (v[k])
					k = (k + 1) & (cap - 1);
				v[k] = w->stop[i];
			}
		free(w->stop);
		w->stop = v;
		w->stopcap = cap;
	}
	size_t k = (size_t)cdr_kwic_hash(s, strlen(s)) & (w->stopcap - 1);
	while (w->stop[k])
		k = (k + 1) & (w->stopcap - 1);
	w->stop[k] = s;
	w->nstop++;
}

void cdr_wordfreq_stopwords(cdr_wordfreq *w, const char *t, size_t len)
{
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(t + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - t) : len;
		size_t a = at, b = end;
		while (a < b && (t[a] == ' ' || t[a] == '\t'))
			a++;
		while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r'))
			b--;
		if (a < b && t[a] != '#')
			add_stop(w, cdr_norm_string(t + a, b - a));
		at = end + 1;
	}
}

/* -------------------------------------------------------------- counting --- */

static void grow_terms(cdr_wordfreq *w)
{
	size_t n = w->nslots * 2;
	uint32_t *slots = cdr_xcalloc(n, sizeof *slots);
	for (size_t i = 0; i < w->nterms; i++) {
		size_t s = (size_t)w->terms[i].hash & (n - 1);
		while (slots[s])
			s = (s + 1) & (n - 1);
		slots[s] = (uint32_t)(i + 1);
	}
	free(w->slots);
	w->slots = slots;
	w->nslots = n;
}

/* The number of the term 'key' of 'n' words; a new term is first spelled 'spell'. */
static size_t find_term(cdr_wordfreq *w, const cdr_buf *key, size_t n, const cdr_buf *spell)
{
	uint64_t h = cdr_kwic_hash(key->data, key->len);
	size_t i = (size_t)h & (w->nslots - 1);
	for (; w->slots[i]; i = (i + 1) & (w->nslots - 1)) {
		const term *t = &w->terms[w->slots[i] - 1];
		if (t->hash == h && t->len == key->len &&
		    memcmp(w->strings.data + t->text, key->data, key->len) == 0)
			return w->slots[i] - 1;
	}
	CDR_GROW(w->terms, w->cap, w->nterms + 1);
	term *t = &w->terms[w->nterms];
	t->hash = h;
	t->len = (uint32_t)key->len;
	t->n = (uint32_t)n;
	t->count = 0;
	t->text = w->strings.len;
	cdr_buf_add(&w->strings, key->data, key->len + 1);
	t->spelling = w->strings.len;
	cdr_buf_add(&w->strings, spell->data, spell->len + 1);
	w->slots[i] = (uint32_t)++w->nterms;
	if (w->nterms * 2 > w->nslots)
		grow_terms(w);
	return w->nterms - 1;
}

static size_t *set_slot(setmap *s, size_t id)
{
	if ((s->used + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		uint32_t *keys = cdr_xcalloc(cap, sizeof *keys);
		size_t *counts = cdr_xcalloc(cap, sizeof *counts);
		for (size_t i = 0; i < s->cap; i++)
			if (s->keys[i]) {
				size_t k = (s->keys[i] * 2654435761u) & (cap - 1);
				while (keys[k])
					k = (k + 1) & (cap - 1);
				keys[k] = s->keys[i];
				counts[k] = s->counts[i];
			}
		free(s->keys);
		free(s->counts);
		s->keys = keys;
		s->counts = counts;
		s->cap = cap;
	}
	uint32_t key = (uint32_t)(id + 1);
	size_t k = (key * 2654435761u) & (s->cap - 1);
	while (s->keys[k] && s->keys[k] != key)
		k = (k + 1) & (s->cap - 1);
	if (!s->keys[k]) {
		s->keys[k] = key;
		s->used++;
	}
	return &s->counts[k];
}

static size_t set_count(const setmap *s, size_t id)
{
	if (!s->cap)
		return 0;
	uint32_t key = (uint32_t)(id + 1);
	size_t k = (key * 2654435761u) & (s->cap - 1);
	for (; s->keys[k]; k = (k + 1) & (s->cap - 1))
		if (s->keys[k] == key)
			return s->counts[k];
	return 0;
}

static int is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* The words of the normalised text s[0..len) into w->tokens. */
static void tokenise(cdr_wordfreq *w, const char *s, size_t len)
{
	w->ntokens = 0;
	size_t i = 0;
	while (i < len) {
		size_t n;
		uint32_t cp = cdr_utf8_decode((const unsigned char *)s + i, &n);
		if (!is_word_char(cp)) {
			i += n;
			continue;
		}
		size_t start = i;
		int letter = 0;
		while (i < len) {
			cp = cdr_utf8_decode((const unsigned char *)s + i, &n);
			if (is_word_char(cp)) {
				letter |= is_letter(cp);
				i += n;
				continue;
			}
			/* A hyphen or apostrophe between two word characters joins them. */
			if ((cp == '-' || cp == '\'') && i + 1 < len) {
				size_t m;
				uint32_t next =
					cdr_utf8_decode((const unsigned char *)s + i + 1, &m);
				if (is_word_char(next)) {
					i += 1;
					continue;
				}
			}
			break;
		}
		CDR_GROW(w->tokens, w->tokcap, w->ntokens + 1);
		w->tokens[w->ntokens++] =
			(token){ start, i, !letter || is_stop(w, s + start, i - start) };
	}
}

/* Count the terms of the sentence t[start..end) in set 0 and sets[0..nsets). */
static void count_sentence(cdr_wordfreq *w, const char *t, size_t start, size_t end,
			   const size_t *sets, size_t nsets)
{
	cdr_norm_run(&w->norm, t + start, end - start, start);
	const char *s = w->norm.text.data;
	tokenise(w, s, w->norm.text.len);
	for (size_t n = 1; n <= w->max_n; n++) {
		if (w->ntokens < n)
			break;
		size_t positions = w->ntokens - n + 1;
		w->sets[0].total[n] += positions;
		for (size_t k = 0; k < nsets; k++)
			w->sets[sets[k]].total[n] += positions;
		for (size_t i = 0; i < positions; i++) {
			const token *a = &w->tokens[i], *b = &w->tokens[i + n - 1];
			if (a->skip || b->skip)
				continue;
			cdr_buf_reset(&w->key);
			for (size_t j = i; j < i + n; j++) {
				if (j > i)
					cdr_buf_addc(&w->key, ' ');
				cdr_buf_add(&w->key, s + w->tokens[j].start,
					    w->tokens[j].end - w->tokens[j].start);
			}
			size_t os, oe;
			cdr_norm_span(&w->norm, a->start, b->end, &os, &oe);
			cdr_buf_reset(&w->spell);
			cdr_kwic_fold(t + os, oe - os, &w->spell);
			cdr_buf_cstr(&w->spell);
			size_t id = find_term(w, &w->key, n, &w->spell);
			w->terms[id].count++;
			for (size_t k = 0; k < nsets; k++)
				++*set_slot(&w->sets[sets[k]], id);
		}
	}
}

cdr_rc cdr_wordfreq_add(cdr_wordfreq *w, const char *t, size_t start, size_t end,
			const size_t *sets, size_t nsets, cdr_diag *d)
{
	w->sets[0].units++;
	for (size_t k = 0; k < nsets; k++)
		w->sets[sets[k]].units++;
	w->paragraphs.count = 0;
	cdr_seg_paragraphs(t + start, end - start, &w->paragraphs);
	for (size_t p = 0; p < w->paragraphs.count; p++) {
		size_t ps = start + w->paragraphs.v[p].start, pe = start + w->paragraphs.v[p].end;
		w->sentences.count = 0;
		cdr_rc rc = cdr_seg_sentences(w->seg, t, ps, pe, &w->sentences);
		if (rc != CDR_OK) {
			cdr_diag_add(d, CDR_DIAG_ERROR, NULL, "cannot split a text into sentences");
			return rc;
		}
		for (size_t s = 0; s < w->sentences.count; s++)
			count_sentence(w, t, w->sentences.v[s].start, w->sentences.v[s].end, sets,
				       nsets);
	}
	return CDR_OK;
}

size_t cdr_wordfreq_units(const cdr_wordfreq *w, size_t set)
{
	return set < w->nsets ? w->sets[set].units : 0;
}

size_t cdr_wordfreq_total(const cdr_wordfreq *w, size_t set, size_t n)
{
	return set < w->nsets && n <= CDR_WORDFREQ_MAX_N ? w->sets[set].total[n] : 0;
}

/* -------------------------------------------------------------- keyness --- */

double cdr_wordfreq_g2(double a, double b, double n1, double n2)
{
	if (!(n1 > 0 && n2 > 0))
		return NAN;
	double g = cdr_keyness_g2(a, n1, b, n2); /* the report's: unsigned */
	if (g < 0)                               /* rounding, when a/n1 == b/n2 */
		g = 0;
	return a / n1 < b / n2 ? -g : g;
}

double cdr_wordfreq_log_ratio(double a, double b, double n1, double n2)
{
	if (!(n1 > 0 && n2 > 0))
		return NAN;
	return log2(((a > 0 ? a : 0.5) / n1) / ((b > 0 ? b : 0.5) / n2));
}

static int by_count(const void *x, const void *y)
{
	const cdr_wordfreq_term *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->text, b->text);
}

static int by_keyness(const void *x, const void *y)
{
	const cdr_wordfreq_term *a = x, *b = y;
	if (a->g2 != b->g2)
		return a->g2 > b->g2 ? -1 : 1;
	return by_count(x, y);
}

size_t cdr_wordfreq_top(const cdr_wordfreq *w, size_t set, size_t n, cdr_wordfreq_order order,
			size_t min_count, size_t top, cdr_wordfreq_term **out)
{
	cdr_wordfreq_term *v = NULL;
	size_t count = 0, cap = 0;
	const setmap *s = set < w->nsets ? &w->sets[set] : NULL;
	for (size_t i = 0; s && i < w->nterms; i++) {
		const term *t = &w->terms[i];
		if (n && t->n != n)
			continue;
		size_t a = set ? set_count(s, i) : t->count;
		if (!a || a < min_count)
			continue;
		cdr_wordfreq_term x = { w->strings.data + t->text,
					w->strings.data + t->spelling,
					t->n,
					a,
					set ? t->count - a : 0,
					NAN,
					NAN };
		if (set) {
			double n1 = (double)s->total[t->n],
			       n2 = (double)w->sets[0].total[t->n] - n1;
			x.g2 = cdr_wordfreq_g2((double)a, (double)x.other, n1, n2);
			x.log_ratio = cdr_wordfreq_log_ratio((double)a, (double)x.other, n1, n2);
		}
		if (order == CDR_WORDFREQ_BY_KEYNESS && !(x.g2 > 0))
			continue;
		CDR_GROW(v, cap, count + 1);
		v[count++] = x;
	}
	if (count)
		qsort(v, count, sizeof *v,
		      order == CDR_WORDFREQ_BY_KEYNESS ? by_keyness : by_count);
	if (count > top)
		count = top;
	*out = v;
	return count;
}

/* --------------------------------------------------------------- report --- */

/* The codes whose rules fire on 'text' alone, as flags in 'codes'. */
static cdr_rc code_term(cdr_coder *coder, const char *text, unsigned char *codes, cdr_diag *d)
{
	cdr_doc doc;
	cdr_doc_from_text("term", text, strlen(text), &doc);
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	cdr_rc rc = cdr_coder_run(coder, &doc, &cs, &st, d);
	for (size_t i = 0; rc == CDR_OK && i < cs.count; i++)
		codes[cs.v[i].code] = 1;
	cdr_codings_free(&cs);
	cdr_doc_free(&doc);
	return rc;
}

/* v with two decimals in 'width' columns, or nothing if it is NaN. */
static void add_num(cdr_buf *b, double v, int width)
{
	if (!isnan(v))
		cdr_buf_printf(b, "%*.2f", width, v);
}

static void pad_right(cdr_buf *b, const char *s, size_t width)
{
	cdr_buf_adds(b, s);
	for (size_t n = cdr_utf8_count(s, strlen(s)); n < width; n++)
		cdr_buf_addc(b, ' ');
}

static json_t *json_num(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 1000) / 1000);
}

cdr_rc cdr_wordfreq_render(const cdr_wordfreq *w, const char *heading,
			   const cdr_wordfreq_list *lists, size_t nlists, size_t top,
			   size_t min_count, const cdr_matcher *m, cdr_wordfreq_format fmt,
			   cdr_buf *out, cdr_diag *d)
{
	cdr_coder *coder = NULL;
	size_t ncodes = m ? cdr_matcher_codebook(m)->code_count : 0;
	const cdr_codebook *cb = m ? cdr_matcher_codebook(m) : NULL;
	cdr_rc rc = m ? cdr_coder_new(m, CDR_UNIT_PARAGRAPH, &coder, d) : CDR_OK;
	if (rc != CDR_OK)
		return rc;
	unsigned char *codes = cdr_xcalloc(ncodes + 1, 1);
	json_t *root = NULL, *jlists = NULL;
	if (fmt == CDR_WORDFREQ_JSON) {
		root = json_object();
		jlists = json_array();
		json_object_set_new(root, "units", json_integer((json_int_t)w->sets[0].units));
		json_t *tot = json_array();
		for (size_t n = 1; n <= w->max_n; n++)
			json_array_append_new(tot, json_integer((json_int_t)w->sets[0].total[n]));
		json_object_set_new(root, "totals", tot);
	} else if (fmt == CDR_WORDFREQ_TSV) {
		cdr_buf_adds(out,
			     "list\tcode\tterm\twords\tcount\tother\tg2\tlog_ratio\trule\tcodes\t"
			     "spelling\n");
	} else {
		cdr_buf_printf(out, "%s\n", heading);
	}
	cdr_buf cell = CDR_BUF_INIT;
	for (size_t l = 0; rc == CDR_OK && l < nlists; l++) {
		const cdr_wordfreq_list *L = &lists[l];
		cdr_wordfreq_term *v;
		size_t nv = cdr_wordfreq_top(w, L->set, L->n, L->order, min_count, top, &v);
		const char *code_id =
			cb && L->code != CDR_NONE && L->code < ncodes ? cb->codes[L->code].id : "";
		size_t width = 4;
		for (size_t i = 0; i < nv; i++) {
			size_t k = cdr_utf8_count(v[i].text, strlen(v[i].text));
			if (k > width)
				width = k;
		}
		json_t *jl = NULL, *jterms = NULL;
		if (fmt == CDR_WORDFREQ_JSON) {
			jl = json_object();
			jterms = json_array();
			json_object_set_new(jl, "list", json_string(L->kind));
			json_object_set_new(jl, "code",
					    *code_id ? json_string(code_id) : json_null());
			json_object_set_new(jl, "title", json_string(L->title));
			json_object_set_new(
				jl, "units",
				json_integer((json_int_t)cdr_wordfreq_units(w, L->set)));
			json_object_set_new(jl, "words", json_integer((json_int_t)L->n));
		} else if (fmt == CDR_WORDFREQ_TEXT) {
			cdr_buf_printf(out, "\n%s\n", L->title);
			if (!nv) {
				cdr_buf_adds(out, "  (none)\n");
				continue;
			}
			cdr_buf_adds(out, "  ");
			pad_right(out, "term", width);
			if (L->set)
				cdr_buf_adds(out, "  count  other      G2  log2 ratio");
			else
				cdr_buf_adds(out, "  count");
			if (m)
				cdr_buf_adds(out, *code_id ? "  rule" : "  codes");
			cdr_buf_addc(out, '\n');
		}
		for (size_t i = 0; i < nv; i++) {
			const cdr_wordfreq_term *t = &v[i];
			memset(codes, 0, ncodes + 1);
			if (coder) {
				rc = code_term(coder, t->text, codes, d);
				if (rc == CDR_OK && strcmp(t->text, t->spelling) != 0)
					rc = code_term(coder, t->spelling, codes, d);
				if (rc != CDR_OK)
					break;
			}
			cdr_buf_reset(&cell);
			for (size_t k = 0; k < ncodes; k++)
				if (codes[k])
					cdr_buf_printf(&cell, "%s%s", cell.len ? " " : "",
						       cb->codes[k].id);
			const char *rule = !m || !*code_id ? "" : codes[L->code] ? "yes" : "no";
			if (fmt == CDR_WORDFREQ_TSV) {
				cdr_buf_printf(out, "%s\t%s\t%s\t%zu\t%zu\t", L->kind, code_id,
					       t->text, t->n, t->count);
				if (L->set)
					cdr_buf_printf(out, "%zu", t->other);
				cdr_buf_addc(out, '\t');
				add_num(out, t->g2, 0);
				cdr_buf_addc(out, '\t');
				add_num(out, t->log_ratio, 0);
				cdr_buf_printf(out, "\t%s\t%s\t%s\n", rule, cdr_buf_cstr(&cell),
					       t->spelling);
			} else if (fmt == CDR_WORDFREQ_JSON) {
				json_t *o = json_object();
				json_object_set_new(o, "term", json_string(t->text));
				json_object_set_new(o, "words", json_integer((json_int_t)t->n));
				json_object_set_new(o, "count", json_integer((json_int_t)t->count));
				if (L->set) {
					json_object_set_new(o, "other",
							    json_integer((json_int_t)t->other));
					json_object_set_new(o, "g2", json_num(t->g2));
					json_object_set_new(o, "log_ratio", json_num(t->log_ratio));
				}
				if (m && *code_id)
					json_object_set_new(o, "rule",
							    json_boolean(codes[L->code]));
				if (m) {
					json_t *cs = json_array();
					for (size_t k = 0; k < ncodes; k++)
						if (codes[k])
							json_array_append_new(
								cs, json_string(cb->codes[k].id));
					json_object_set_new(o, "codes", cs);
				}
				json_object_set_new(o, "spelling", json_string(t->spelling));
				json_array_append_new(jterms, o);
			} else {
				cdr_buf_adds(out, "  ");
				pad_right(out, t->text, width);
				cdr_buf_printf(out, "  %5zu", t->count);
				if (L->set) {
					cdr_buf_printf(out, "  %5zu  ", t->other);
					cdr_buf_printf(out, "%6.1f  ", t->g2);
					add_num(out, t->log_ratio, 10);
				}
				if (m)
					cdr_buf_printf(out, "  %s",
						       *code_id ? (codes[L->code] ? "yes" : "-")
								: cdr_buf_cstr(&cell));
				/* no spaces at the end of a line */
				while (out->len && out->data[out->len - 1] == ' ')
					out->len--;
				cdr_buf_addc(out, '\n');
			}
		}
		free(v);
		if (jl) {
			json_object_set_new(jl, "terms", jterms);
			json_array_append_new(jlists, jl);
		}
	}
	cdr_buf_free(&cell);
	if (root) {
		json_object_set_new(root, "lists", jlists);
		if (rc == CDR_OK) {
			char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
							   JSON_REAL_PRECISION(10));
			cdr_buf_adds(out, s);
			cdr_buf_addc(out, '\n');
			free(s);
		}
		json_decref(root);
	}
	free(codes);
	cdr_coder_free(coder);
	return rc;
}
