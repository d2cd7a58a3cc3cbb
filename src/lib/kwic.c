/*
** kwic.c -- every match of a rule, grouped by form, with examples in context
** (see kwic.h).
*/
#include "config.h"

#include "kwic.h"
#include "norm.h"
#include "seg.h"
#include "utf8.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct spelling {
	char *text; /* the original text, white space folded */
	size_t count;
} spelling;

typedef struct example {
	char *source, *unit;
	size_t start, end; /* code points of the document */
	char *left, *match, *right;
} example;

typedef struct form {
	char *key; /* normalised, white space folded */
	uint64_t hash;
	size_t count, documents, last_doc;
	size_t rule; /* the rule of its first match */
	spelling spellings[CDR_KWIC_SPELLINGS];
	size_t nspellings, other_spellings; /* matches of spellings beyond the cap */
	example *examples;
	size_t nexamples;
} form;

struct cdr_kwic {
	const cdr_codebook *cb;
	cdr_kwic_options opt;
	form *forms;
	size_t nforms, cap;
	size_t *slots; /* open addressing: form index + 1, 0 for empty */
	size_t nslots;
	size_t matches, documents, matched_documents;
	cdr_spans paragraphs; /* of the current document, found when an example needs them */
	cdr_buf scratch;
};

cdr_kwic *cdr_kwic_new(const cdr_codebook *cb, const cdr_kwic_options *opt)
{
	cdr_kwic *k = cdr_xcalloc(1, sizeof *k);
	k->cb = cb;
	k->opt = *opt;
	k->nslots = 1024;
	k->slots = cdr_xcalloc(k->nslots, sizeof *k->slots);
	return k;
}

size_t cdr_kwic_matches(const cdr_kwic *k)
{
	return k->matches;
}

uint64_t cdr_kwic_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int is_space(uint32_t cp)
{
	if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85)
		return 1;
	if (cp < 0x80)
		return 0;
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

/* Append s[0..len) with runs of white space as one space; 'trim' bit 1: none at
** the start, bit 2: none at the end. */
static void fold(const char *s, size_t len, int trim, cdr_buf *out)
{
	int pending = 0, any = 0;
	for (size_t i = 0; i < len;) {
		size_t n;
		uint32_t cp = cdr_utf8_decode((const unsigned char *)s + i, &n);
		if (is_space(cp)) {
			pending = 1;
		} else {
			if (pending && (any || !(trim & 1)))
				cdr_buf_addc(out, ' ');
			pending = 0;
			any = 1;
			cdr_buf_add(out, s + i, n);
		}
		i += n;
	}
	if (pending && !(trim & 2))
		cdr_buf_addc(out, ' ');
}

void cdr_kwic_fold(const char *s, size_t len, cdr_buf *out)
{
	fold(s, len, 3, out);
}

void cdr_kwic_context(const char *t, size_t lo, size_t hi, size_t bstart, size_t bend, size_t n,
		      cdr_buf *left, cdr_buf *right)
{
	size_t a = bstart;
	for (size_t i = 0; i < n && a > lo; i++) {
		a--;
		while (a > lo && ((unsigned char)t[a] & 0xC0) == 0x80)
			a--;
	}
	size_t b = bend;
	for (size_t i = 0; i < n && b < hi; i++)
		b += cdr_utf8_seqlen((unsigned char)t[b]);
	if (b > hi)
		b = hi;
	fold(t + a, bstart - a, 1, left);
	fold(t + bend, b - bend, 2, right);
}

static void grow_table(cdr_kwic *k)
{
	size_t n = k->nslots * 2;
	size_t *slots = cdr_xcalloc(n, sizeof *slots);
	for (size_t i = 0; i < k->nforms; i++) {
		size_t s = (size_t)k->forms[i].hash & (n - 1);
		while (slots[s])
			s = (s + 1) & (n - 1);
		slots[s] = i + 1;
	}
	free(k->slots);
	k->slots = slots;
	k->nslots = n;
}

/* The form with key s[0..len), added if new. */
static form *find_form(cdr_kwic *k, const char *s, size_t len, size_t rule)
{
	uint64_t h = cdr_kwic_hash(s, len);
	size_t i = (size_t)h & (k->nslots - 1);
	for (; k->slots[i]; i = (i + 1) & (k->nslots - 1)) {
		form *f = &k->forms[k->slots[i] - 1];
		if (f->hash == h && strlen(f->key) == len && memcmp(f->key, s, len) == 0)
			return f;
	}
	CDR_GROW(k->forms, k->cap, k->nforms + 1);
	form *f = &k->forms[k->nforms];
	memset(f, 0, sizeof *f);
	f->key = cdr_xstrndup(s, len);
	f->hash = h;
	f->rule = rule;
	f->last_doc = (size_t)-1;
	k->slots[i] = ++k->nforms;
	if (k->nforms * 2 > k->nslots)
		grow_table(k);
	return f;
}

static void add_spelling(form *f, const char *s)
{
	for (size_t i = 0; i < f->nspellings; i++)
		if (strcmp(f->spellings[i].text, s) == 0) {
			f->spellings[i].count++;
			return;
		}
	if (f->nspellings == CDR_KWIC_SPELLINGS) {
		f->other_spellings++;
		return;
	}
	f->spellings[f->nspellings++] = (spelling){ cdr_xstrdup(s), 1 };
}

/* The paragraph of 'doc' holding coding 'x' (the whole text if unknown). */
static cdr_span paragraph_of(cdr_kwic *k, const cdr_doc *doc, const cdr_coding *x)
{
	if (!k->paragraphs.count)
		cdr_seg_paragraphs(doc->text, doc->len, &k->paragraphs);
	if (x->paragraph >= 1 && x->paragraph <= k->paragraphs.count) {
		cdr_span p = k->paragraphs.v[x->paragraph - 1];
		if (p.start <= x->bstart && x->bend <= p.end)
			return p;
	}
	return (cdr_span){ 0, doc->len };
}

static void add_example(cdr_kwic *k, form *f, const char *source, const cdr_doc *doc, int answer,
			const cdr_coding *x, const char *match)
{
	f->examples = cdr_xreallocarray(f->examples, f->nexamples + 1, sizeof *f->examples);
	example *e = &f->examples[f->nexamples++];
	e->source = cdr_xstrdup(source);
	cdr_buf b = CDR_BUF_INIT;
	if (!answer) {
		char label[64];
		cdr_buf_adds(&b, cdr_coding_unit(x, CDR_UNIT_PARAGRAPH, label, sizeof label));
	}
	e->unit = cdr_buf_take(&b);
	e->start = x->start;
	e->end = x->end;
	cdr_span p = paragraph_of(k, doc, x);
	cdr_buf left = CDR_BUF_INIT, right = CDR_BUF_INIT;
	cdr_kwic_context(doc->text, p.start, p.end, x->bstart, x->bend, k->opt.context, &left,
			 &right);
	e->left = cdr_buf_take(&left);
	e->right = cdr_buf_take(&right);
	e->match = cdr_xstrdup(match);
}

void cdr_kwic_add(cdr_kwic *k, const char *source, const cdr_doc *doc, int answer,
		  const cdr_codings *codings)
{
	size_t doc_no = k->documents++;
	k->paragraphs.count = 0;
	k->matched_documents += codings->count > 0;
	cdr_buf spell = CDR_BUF_INIT;
	for (size_t i = 0; i < codings->count; i++) {
		const cdr_coding *x = &codings->v[i];
		const char *t = doc->text + x->bstart;
		size_t n = x->bend - x->bstart;
		char *norm = cdr_norm_string(t, n);
		cdr_buf_reset(&k->scratch);
		cdr_kwic_fold(norm, strlen(norm), &k->scratch);
		free(norm);
		form *f = find_form(k, cdr_buf_cstr(&k->scratch), k->scratch.len, x->rule);
		f->count++;
		k->matches++;
		if (f->last_doc != doc_no) {
			f->last_doc = doc_no;
			f->documents++;
		}
		cdr_buf_reset(&spell);
		cdr_kwic_fold(t, n, &spell);
		add_spelling(f, cdr_buf_cstr(&spell));
		if (f->nexamples < k->opt.examples)
			add_example(k, f, source, doc, answer, x, cdr_buf_cstr(&spell));
	}
	cdr_buf_free(&spell);
}

void cdr_kwic_only_code(cdr_codebook *cb, size_t code)
{
	size_t n = 0;
	for (size_t i = 0; i < cb->rule_count; i++) {
		cdr_rule *r = &cb->rules[i];
		if (r->code == code && r->role != CDR_ROLE_OBSTACLE) {
			cb->rules[n++] = *r;
		} else {
			free(r->pattern);
			free(r->pos.source_line);
		}
	}
	cb->rule_count = n;
	for (size_t i = 0; i < cb->code_count; i++)
		cb->codes[i].rule_count = i == code ? cb->codes[i].rule_count : 0;
	for (size_t i = 0; i < cb->example_count; i++) {
		free(cb->examples[i].text);
		free(cb->examples[i].pos.source_line);
	}
	cb->example_count = 0;
}

/* ---------------------------------------------------------------- report --- */

/* The spelling a form is shown in: its most frequent (the first seen on a tie). */
static const char *shown(const form *f)
{
	size_t best = 0;
	for (size_t i = 1; i < f->nspellings; i++)
		if (f->spellings[i].count > f->spellings[best].count)
			best = i;
	return f->nspellings ? f->spellings[best].text : f->key;
}

static int by_count(const void *a, const void *b)
{
	const form *x = *(const form *const *)a, *y = *(const form *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

static form **sorted(const cdr_kwic *k)
{
	form **v = cdr_xreallocarray(NULL, k->nforms + 1, sizeof *v);
	for (size_t i = 0; i < k->nforms; i++)
		v[i] = &k->forms[i];
	qsort(v, k->nforms, sizeof *v, by_count);
	return v;
}

static void rule_text(const cdr_kwic *k, size_t rule, cdr_buf *out)
{
	if (rule < k->cb->rule_count)
		cdr_buf_printf(out, "%s: %s", cdr_rule_key(&k->cb->rules[rule]),
			       k->cb->rules[rule].pattern);
}

/* Append 's' padded with spaces to 'width' code points, on the left ('right' 1) or
** the right. */
static void pad(cdr_buf *out, const char *s, size_t width, int right)
{
	size_t n = cdr_utf8_count(s, strlen(s));
	if (right)
		for (size_t i = n; i < width; i++)
			cdr_buf_addc(out, ' ');
	cdr_buf_adds(out, s);
	if (!right)
		for (size_t i = n; i < width; i++)
			cdr_buf_addc(out, ' ');
}

/* Several rules: say which rule found each form. */
static int several_rules(const cdr_kwic *k)
{
	size_t n = 0;
	for (size_t i = 0; i < k->cb->rule_count; i++)
		n += k->cb->rules[i].role == CDR_ROLE_MATCH;
	return n > 1;
}

static void render_text(const cdr_kwic *k, form **v, const char *title, cdr_buf *out)
{
	cdr_buf_printf(out, "%s: %zu match%s of %zu form%s in %zu of %zu document%s\n", title,
		       k->matches, k->matches == 1 ? "" : "es", k->nforms,
		       k->nforms == 1 ? "" : "s", k->matched_documents, k->documents,
		       k->documents == 1 ? "" : "s");
	if (!k->nforms)
		return;
	size_t width = 4, cw = 5;
	for (size_t i = 0; i < k->nforms; i++) {
		size_t n = cdr_utf8_count(shown(v[i]), strlen(shown(v[i])));
		if (n > width)
			width = n < 60 ? n : 60;
	}
	char num[32];
	snprintf(num, sizeof num, "%zu", v[0]->count);
	if (strlen(num) > cw)
		cw = strlen(num);
	int rules = several_rules(k);
	cdr_buf_addc(out, '\n');
	pad(out, "count", cw + 2, 1);
	cdr_buf_adds(out, "  ");
	pad(out, "form", width, 0);
	cdr_buf_adds(out, "  documents");
	cdr_buf_adds(out, rules ? "  rule\n" : "\n");
	for (size_t i = 0; i < k->nforms; i++) {
		const form *f = v[i];
		snprintf(num, sizeof num, "%zu", f->count);
		pad(out, num, cw + 2, 1);
		cdr_buf_adds(out, "  ");
		pad(out, shown(f), width, 0);
		snprintf(num, sizeof num, "%zu", f->documents);
		cdr_buf_adds(out, "  ");
		pad(out, num, 9, 1);
		if (rules) { /* the rule's line, and its start if it is long */
			cdr_buf r = CDR_BUF_INIT;
			rule_text(k, f->rule, &r);
			size_t cut = cdr_utf8_offset(r.data, r.len, 50);
			cdr_buf_printf(out, "  line %zu: %.*s%s", k->cb->rules[f->rule].pos.line,
				       (int)cut, r.data, cut < r.len ? "..." : "");
			cdr_buf_free(&r);
		}
		cdr_buf_addc(out, '\n');
	}
	for (size_t i = 0; i < k->nforms; i++) {
		const form *f = v[i];
		if (!f->nexamples)
			continue;
		cdr_buf_printf(out, "\n%s: %zu match%s", shown(f), f->count,
			       f->count == 1 ? "" : "es");
		if (f->nspellings > 1 || f->other_spellings) {
			cdr_buf_adds(out, " (");
			for (size_t s = 0; s < f->nspellings; s++)
				cdr_buf_printf(out, "%s%s %zu", s ? ", " : "", f->spellings[s].text,
					       f->spellings[s].count);
			if (f->other_spellings)
				cdr_buf_printf(out, ", other spellings %zu", f->other_spellings);
			cdr_buf_addc(out, ')');
		}
		if (f->nexamples < f->count)
			cdr_buf_printf(out, ", the first %zu", f->nexamples);
		cdr_buf_adds(out, "\n");
		for (size_t e = 0; e < f->nexamples; e++) {
			const example *x = &f->examples[e];
			cdr_buf_adds(out, "  ");
			pad(out, x->left, k->opt.context, 1);
			cdr_buf_printf(out, "[%s]%s  (%s%s%s)\n", x->match, x->right, x->source,
				       *x->unit ? "#" : "", x->unit);
		}
	}
}

static void render_tsv(const cdr_kwic *k, form **v, cdr_buf *out)
{
	cdr_buf_adds(out, "form\tcount\tdocuments\tspelling\trule\tsource\tunit\tstart\tend\tleft\t"
			  "match\tright\n");
	for (size_t i = 0; i < k->nforms; i++) {
		const form *f = v[i];
		for (size_t e = 0; e < f->nexamples || (e == 0 && !f->nexamples); e++) {
			cdr_buf_printf(out, "%s\t%zu\t%zu\t%s\t", f->key, f->count, f->documents,
				       shown(f));
			rule_text(k, f->rule, out);
			if (!f->nexamples) {
				cdr_buf_adds(out, "\t\t\t\t\t\t\t\n");
				continue;
			}
			const example *x = &f->examples[e];
			cdr_buf_printf(out, "\t%s\t%s\t%zu\t%zu\t%s\t%s\t%s\n", x->source, x->unit,
				       x->start, x->end, x->left, x->match, x->right);
		}
	}
}

static void render_json(const cdr_kwic *k, form **v, const char *title, cdr_buf *out)
{
	json_t *root = json_object(), *forms = json_array();
	json_object_set_new(root, "search", json_string(title));
	json_object_set_new(root, "matches", json_integer((json_int_t)k->matches));
	json_object_set_new(root, "documents", json_integer((json_int_t)k->documents));
	json_object_set_new(root, "matched_documents",
			    json_integer((json_int_t)k->matched_documents));
	json_object_set_new(root, "context", json_integer((json_int_t)k->opt.context));
	cdr_buf r = CDR_BUF_INIT;
	for (size_t i = 0; i < k->nforms; i++) {
		const form *f = v[i];
		json_t *o = json_object(), *sp = json_array(), *ex = json_array();
		json_object_set_new(o, "form", json_string(f->key));
		json_object_set_new(o, "shown", json_string(shown(f)));
		json_object_set_new(o, "count", json_integer((json_int_t)f->count));
		json_object_set_new(o, "documents", json_integer((json_int_t)f->documents));
		cdr_buf_reset(&r);
		rule_text(k, f->rule, &r);
		json_object_set_new(o, "rule", json_string(cdr_buf_cstr(&r)));
		for (size_t s = 0; s < f->nspellings; s++) {
			json_t *so = json_object();
			json_object_set_new(so, "text", json_string(f->spellings[s].text));
			json_object_set_new(so, "count",
					    json_integer((json_int_t)f->spellings[s].count));
			json_array_append_new(sp, so);
		}
		json_object_set_new(o, "spellings", sp);
		json_object_set_new(o, "other_spellings",
				    json_integer((json_int_t)f->other_spellings));
		for (size_t e = 0; e < f->nexamples; e++) {
			const example *x = &f->examples[e];
			json_t *eo = json_object();
			json_object_set_new(eo, "source", json_string(x->source));
			json_object_set_new(eo, "unit", json_string(x->unit));
			json_object_set_new(eo, "start", json_integer((json_int_t)x->start));
			json_object_set_new(eo, "end", json_integer((json_int_t)x->end));
			json_object_set_new(eo, "left", json_string(x->left));
			json_object_set_new(eo, "match", json_string(x->match));
			json_object_set_new(eo, "right", json_string(x->right));
			json_array_append_new(ex, eo);
		}
		json_object_set_new(o, "examples", ex);
		json_array_append_new(forms, o);
	}
	cdr_buf_free(&r);
	json_object_set_new(root, "forms", forms);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	cdr_buf_adds(out, s);
	cdr_buf_addc(out, '\n');
	free(s);
	json_decref(root);
}

void cdr_kwic_render(const cdr_kwic *k, const char *title, cdr_kwic_format fmt, cdr_buf *out)
{
	form **v = sorted(k);
	if (fmt == CDR_KWIC_TSV)
		render_tsv(k, v, out);
	else if (fmt == CDR_KWIC_JSON)
		render_json(k, v, title, out);
	else
		render_text(k, v, title, out);
	free(v);
}

void cdr_kwic_free(cdr_kwic *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->nforms; i++) {
		form *f = &k->forms[i];
		free(f->key);
		for (size_t s = 0; s < f->nspellings; s++)
			free(f->spellings[s].text);
		for (size_t e = 0; e < f->nexamples; e++) {
			example *x = &f->examples[e];
			free(x->source);
			free(x->unit);
			free(x->left);
			free(x->match);
			free(x->right);
		}
		free(f->examples);
	}
	free(k->forms);
	free(k->slots);
	cdr_spans_free(&k->paragraphs);
	cdr_buf_free(&k->scratch);
	free(k);
}

cdr_rc cdr_kwic_rule_codebook(const char *name, const char *rule, const cdr_codebook *lists,
			      cdr_codebook **cb, cdr_matcher **m, cdr_diag *d)
{
	cdr_buf text = CDR_BUF_INIT;
	size_t nlists = lists ? lists->list_count : 0;
	for (size_t i = 0; i < nlists; i++) {
		const cdr_list *l = &lists->lists[i];
		cdr_buf_printf(&text, "list: %s =", l->name);
		for (size_t k = 0; k < l->member_count; k++)
			cdr_buf_printf(&text, "%s %s%s", k ? "," : "",
				       l->members[k].exact ? "exact: " : "", l->members[k].text);
		cdr_buf_addc(&text, '\n');
	}
	size_t line = nlists + 2; /* the rule's, after the lists and the code */
	cdr_buf_printf(&text, "code: kwic\n%s\n", rule);
	size_t from = d->count;
	cdr_rc rc = cdr_matcher_parse(name, text.data, text.len, cb, m, d);
	cdr_buf_free(&text);
	size_t kept = from;
	for (size_t i = from; i < d->count; i++) {
		cdr_diag_item *it = &d->items[i];
		if (it->file && strcmp(it->file, name) == 0) {
			if (it->line != line) {
				d->errors -= it->severity == CDR_DIAG_ERROR;
				d->warnings -= it->severity == CDR_DIAG_WARNING;
				free(it->file);
				free(it->source_line);
				free(it->message);
				continue;
			}
			it->line = 1;
		}
		d->items[kept++] = *it;
	}
	d->count = kept;
	return rc;
}
