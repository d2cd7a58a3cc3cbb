/*
** dict.c -- dictionaries from other tools as codebooks (see dict.h): which format
** a file is in, the model the readers fill, the codebook text made from it and
** the codebook with its positions moved back into the dictionary.
*/
#include "config.h"

#include "dict.h"
#include "codeid.h"
#include "norm.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------- formats --- */

static const struct {
	const char *ext;
	cdr_dict_format format;
} extensions[] = {
	{ ".dic", CDR_DICT_LIWC },     { ".yml", CDR_DICT_YAML },  { ".yaml", CDR_DICT_YAML },
	{ ".cat", CDR_DICT_WORDSTAT }, { ".csv", CDR_DICT_TABLE },
};

const char *cdr_dict_format_name(cdr_dict_format f)
{
	switch (f) {
	case CDR_DICT_NONE:
		return "codebook";
	case CDR_DICT_LIWC:
		return "LIWC dictionary";
	case CDR_DICT_YAML:
		return "quanteda YAML dictionary";
	case CDR_DICT_WORDSTAT:
		return "WordStat dictionary";
	case CDR_DICT_TABLE:
		return "pattern table";
	}
	return "codebook";
}

/* The first line of t[0..len) that is not blank: *line, *n (without its end). */
static int first_line(const char *t, size_t len, const char **line, size_t *n)
{
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && t[e] != '\n' && t[e] != '\r')
			e++;
		size_t a = i, b = e;
		while (a < b && (t[a] == ' ' || t[a] == '\t'))
			a++;
		while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
			b--;
		if (a < b) {
			*line = t + a;
			*n = b - a;
			return 1;
		}
		i = e + 1;
	}
	return 0;
}

/* Is s[0..n) the header of a pattern table: code, kind, pattern separated by one
** delimiter (tab, ';' or ','), each perhaps quoted, any case? */
static int table_header(const char *s, size_t n)
{
	static const char *const names[] = { "code", "kind", "pattern" };
	char delim = 0;
	size_t i = 0;
	for (size_t k = 0; k < 3; k++) {
		int quoted = i < n && s[i] == '"';
		i += (size_t)quoted;
		size_t w = strlen(names[k]);
		if (i + w > n || strncasecmp(s + i, names[k], w) != 0)
			return 0;
		i += w;
		if (quoted) {
			if (i >= n || s[i] != '"')
				return 0;
			i++;
		}
		if (k < 2) {
			if (i >= n || (s[i] != '\t' && s[i] != ';' && s[i] != ','))
				return 0;
			if (delim && s[i] != delim)
				return 0;
			delim = s[i++];
		}
	}
	return i == n || s[i] == delim; /* more columns are allowed */
}

cdr_dict_format cdr_dict_detect(const char *path, const char *t, size_t len)
{
	size_t pn = strlen(path);
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		size_t en = strlen(extensions[i].ext);
		if (pn > en && strcasecmp(path + pn - en, extensions[i].ext) == 0)
			return extensions[i].format;
	}
	const char *line;
	size_t n;
	if (!first_line(t, len, &line, &n))
		return CDR_DICT_NONE;
	if (n == 1 && line[0] == '%')
		return CDR_DICT_LIWC;
	/* A table's header may follow comment lines, as in a tab-separated table. */
	while (line[0] == '#') {
		size_t rest = (size_t)(t + len - (line + n));
		if (!first_line(line + n, rest, &line, &n))
			return CDR_DICT_NONE;
	}
	if ((n == 5 && strncmp(line, "sep=", 4) == 0) || table_header(line, n))
		return CDR_DICT_TABLE;
	return CDR_DICT_NONE;
}

/* --------------------------------------------------------------- model --- */

size_t cdr_dict_add_cat(cdr_dict *dict, const char *name, size_t n, size_t parent, size_t line,
			size_t column)
{
	CDR_GROW(dict->cats, dict->cat_cap, dict->cat_count + 1);
	cdr_dict_cat *c = &dict->cats[dict->cat_count];
	memset(c, 0, sizeof *c);
	c->name = cdr_xstrndup(name, n);
	c->parent = parent;
	c->line = line;
	c->column = column;
	if (parent != (size_t)-1)
		dict->cats[parent].children++;
	return dict->cat_count++;
}

size_t cdr_dict_add_entry(cdr_dict *dict, size_t cat, const char *pattern, size_t n, size_t line,
			  size_t column)
{
	CDR_GROW(dict->entries, dict->entry_cap, dict->entry_count + 1);
	cdr_dict_entry *e = &dict->entries[dict->entry_count];
	e->cat = cat;
	e->pattern = cdr_xstrndup(pattern, n);
	e->line = line;
	e->column = column;
	e->width = cdr_utf8_count(pattern, n);
	e->key = NULL;
	dict->cats[cat].entries++;
	return dict->entry_count++;
}

int cdr_dict_next_line(cdr_dict_lines *it)
{
	size_t i = it->pos;
	if (i >= it->len)
		return 0;
	size_t e = i;
	while (e < it->len && it->t[e] != '\n' && it->t[e] != '\r')
		e++;
	it->number++;
	it->line = it->t + i;
	it->n = e - i;
	if (e < it->len)
		e += it->t[e] == '\r' && e + 1 < it->len && it->t[e + 1] == '\n' ? 2 : 1;
	it->pos = e;
	return 1;
}

size_t cdr_dict_column(const char *line_start, const char *p)
{
	return cdr_utf8_count(line_start, (size_t)(p - line_start)) + 1;
}

/* Where each line of t[0..len) starts: LF, CRLF and CR end lines, as the readers
** count them. */
typedef struct line_index {
	size_t *start;
	size_t count;
} line_index;

static void index_lines(line_index *x, const char *t, size_t len)
{
	size_t cap = 0;
	x->start = NULL;
	x->count = 0;
	for (size_t i = 0;;) {
		CDR_GROW(x->start, cap, x->count + 1);
		x->start[x->count++] = i;
		while (i < len && t[i] != '\n' && t[i] != '\r')
			i++;
		if (i >= len)
			break;
		i += t[i] == '\r' && i + 1 < len && t[i + 1] == '\n' ? 2 : 1;
	}
}

/* The text of line 'number' (from 1): NULL (and *n 0) if there is none. */
static const char *line_text(const line_index *x, const char *t, size_t len, size_t number,
			     size_t *n)
{
	*n = 0;
	if (number == 0 || number > x->count)
		return NULL;
	size_t i = x->start[number - 1], e = i;
	while (e < len && t[e] != '\n' && t[e] != '\r')
		e++;
	*n = e - i;
	return t + i;
}

const char *cdr_dict_line(cdr_dict *dict, size_t number, size_t *n)
{
	if (!dict->line_start) {
		line_index x;
		index_lines(&x, dict->text, dict->len);
		dict->line_start = x.start;
		dict->line_count = x.count;
	}
	line_index x = { dict->line_start, dict->line_count };
	return line_text(&x, dict->text, dict->len, number, n);
}

void cdr_dict_error(cdr_dict *dict, size_t line, size_t column, size_t width, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t n;
	const char *src = cdr_dict_line(dict, line, &n);
	cdr_diag_pos pos = { dict->path, line, column, width, src, src ? n : 0 };
	cdr_diag_add(dict->d, CDR_DIAG_ERROR, &pos, "%s", msg);
}

void cdr_dict_free(cdr_dict *dict)
{
	for (size_t i = 0; i < dict->cat_count; i++)
		free(dict->cats[i].name);
	for (size_t i = 0; i < dict->entry_count; i++)
		free(dict->entries[i].pattern);
	free(dict->cats);
	free(dict->entries);
	free(dict->line_start);
	dict->line_start = NULL;
	dict->cats = NULL;
	dict->entries = NULL;
	dict->cat_count = dict->entry_count = 0;
}

/* ------------------------------------------------------------ emitting --- */

#define WORDCHAR "[\\p{L}\\p{N}_]"
#define BEFORE   "(?<!" WORDCHAR ")(?<!" WORDCHAR "-)"
#define AFTER    "(?!" WORDCHAR ")(?!-" WORDCHAR ")"
#define STAR     "(?:" WORDCHAR "|-(?=" WORDCHAR "))*"

typedef struct emitter {
	cdr_buf *out;
	cdr_dict_map *map;
	size_t line_start; /* offset in out of the line being written */
} emitter;

/* Record where the generated line that starts at e->line_start came from;
** 'value' is the offset in out where its value starts. */
static void mapped(emitter *e, size_t line, size_t column, size_t width, size_t value)
{
	if (!e->map)
		return;
	CDR_GROW(e->map->lines, e->map->cap, e->map->count + 1);
	cdr_dict_origin *l = &e->map->lines[e->map->count++];
	l->line = line;
	l->column = column;
	l->width = width;
	l->gen_column = cdr_utf8_count(e->out->data + e->line_start, value - e->line_start) + 1;
}

/* Append a whole line "fmt..." that came from line:column of the dictionary (0
** for none); the value starts after 'key' ("" for a comment). */
static void emit(emitter *e, size_t line, size_t column, size_t width, const char *key,
		 const char *value)
{
	e->line_start = e->out->len;
	cdr_buf_adds(e->out, key);
	size_t at = e->out->len;
	for (const char *p = value; *p; p++) /* one line: line ends and tabs as spaces */
		cdr_buf_addc(e->out, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
	cdr_buf_addc(e->out, '\n');
	mapped(e, line, column, width, at);
}

/* A name as a one-line value; " / " (the group separator) written "/". */
static void add_name(cdr_buf *b, const char *name)
{
	for (const char *p = name; *p; p++) {
		if (strncmp(p, " / ", 3) == 0) {
			cdr_buf_addc(b, '/');
			p += 2;
		} else {
			cdr_buf_addc(b, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
		}
	}
}

/* The group path of category c: its ancestors' names, "A / B". */
static void group_of(const cdr_dict *dict, size_t c, cdr_buf *b)
{
	size_t p = dict->cats[c].parent;
	if (p == (size_t)-1)
		return;
	group_of(dict, p, b);
	if (b->len)
		cdr_buf_adds(b, " / ");
	add_name(b, dict->cats[p].name);
}

/* The rule key and pattern for an entry's neutral pattern (dict.h). */
static const char *rule_for(const char *pat, cdr_buf *rule)
{
	int words = strchr(pat, ' ') != NULL, regex = strchr(pat, '?') != NULL;
	for (const char *w = pat; *w && !regex;) {
		size_t n = strcspn(w, " ");
		for (size_t i = 0; i < n; i++)
			if ((w[i] == '*' && i > 0 && i + 1 < n) ||
			    (words && (w[i] == '(' || w[i] == ')')))
				regex = 1;
		if (n == 1 && w[0] == '*')
			regex = 1;
		w += n;
		while (*w == ' ')
			w++;
	}
	if (!regex) {
		cdr_buf_adds(rule, pat);
		return words ? "  phrase: " : strchr(pat, '*') ? "  glob: " : "  word: ";
	}
	/* The regex the compiler would make of such a word (compile.c), with '?' one
	** word character and '*' any run of them. */
	cdr_buf_adds(rule, BEFORE);
	for (const char *w = pat; *w;) {
		size_t n = strcspn(w, " ");
		for (size_t i = 0; i < n;) {
			if (w[i] == '*' || w[i] == '?') {
				/* '**' is '*': a run of them would only make the regex (and
				** Hyperscan's compile of it) longer */
				if (!(w[i] == '*' && i > 0 && w[i - 1] == '*'))
					cdr_buf_adds(rule, w[i] == '*' ? STAR : WORDCHAR);
				i++;
				continue;
			}
			size_t k = i;
			while (k < n && w[k] != '*' && w[k] != '?')
				k++;
			char *text = cdr_norm_string(w + i, k - i);
			for (const char *q = text; *q; q++) {
				unsigned char ch = (unsigned char)*q;
				if (ch < 0x80 && !((ch | 32) >= 'a' && (ch | 32) <= 'z') &&
				    !(ch >= '0' && ch <= '9'))
					cdr_buf_addc(rule, '\\');
				cdr_buf_addc(rule, (char)ch);
			}
			free(text);
			i = k;
		}
		w += n;
		while (*w == ' ')
			w++;
		if (*w)
			cdr_buf_adds(rule, "\\s+");
	}
	cdr_buf_adds(rule, AFTER);
	return "  regex: ";
}

/* Do two entries make the same rule (same pattern, same key)? */
static int same_entry(const cdr_dict_entry *a, const cdr_dict_entry *b)
{
	if ((a->key == NULL) != (b->key == NULL) || (a->key && strcmp(a->key, b->key) != 0))
		return 0;
	return strcmp(a->pattern, b->pattern) == 0;
}

/* The entries of one category seen so far, to find a repeat at once (a category
** of a large dictionary holds thousands). */
typedef struct seen_set {
	size_t *slot; /* entry index + 1; 0: empty */
	size_t cap;   /* a power of two, at least twice the entries */
} seen_set;

static size_t entry_hash(const cdr_dict_entry *e)
{
	size_t h = 1469598103934665603u;
	for (const char *p = e->pattern; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	for (const char *p = e->key ? e->key : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return h;
}

/* Empty 's', with room for n entries. */
static void seen_reset(seen_set *s, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	if (cap > s->cap) {
		free(s->slot);
		s->slot = cdr_xcalloc(cap, sizeof *s->slot);
		s->cap = cap;
	} else {
		memset(s->slot, 0, s->cap * sizeof *s->slot);
	}
}

/* Add entry i; returns the entry it repeats (same_entry), or (size_t)-1. */
static size_t seen_add(seen_set *s, const cdr_dict_entry *entries, size_t i)
{
	size_t m = s->cap - 1;
	for (size_t h = entry_hash(&entries[i]) & m;; h = (h + 1) & m) {
		if (!s->slot[h]) {
			s->slot[h] = i + 1;
			return (size_t)-1;
		}
		if (same_entry(&entries[s->slot[h] - 1], &entries[i]))
			return s->slot[h] - 1;
	}
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The codebook text of 'dict' (dict.h, cdr_dict_to_codebook). */
static void emit_codebook(cdr_dict *dict, cdr_dict_format f, emitter *e, cdr_diag *d)
{
	cdr_buf v = CDR_BUF_INIT;
	const char *base = base_name(dict->path);
	cdr_buf_printf(&v, "# Imported from the %s %s by codeer codebook import.",
		       cdr_dict_format_name(f), base);
	emit(e, 0, 0, 0, "", cdr_buf_cstr(&v));
	cdr_buf_reset(&v);
	const char *dot = strrchr(base, '.');
	cdr_buf_add(&v, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
	emit(e, 0, 0, 0, "codebook: ", v.len ? cdr_buf_cstr(&v) : "codebook");

	/* Entries by category, in file order; ids by category, parents first. */
	size_t nc = dict->cat_count;
	size_t *first = cdr_xcalloc(nc + 1, sizeof *first), *order;
	order = cdr_xcalloc(dict->entry_count + 1, sizeof *order);
	for (size_t i = 0; i < dict->entry_count; i++)
		first[dict->entries[i].cat]++;
	for (size_t c = 0, sum = 0; c <= nc; c++) {
		size_t k = c < nc ? first[c] : 0;
		first[c] = sum;
		sum += k;
	}
	size_t *fill = cdr_xcalloc(nc + 1, sizeof *fill);
	for (size_t i = 0; i < dict->entry_count; i++) {
		size_t c = dict->entries[i].cat;
		order[first[c] + fill[c]++] = i;
	}
	cdr_codeids ids = CDR_CODEIDS_INIT;
	char **part = cdr_xcalloc(nc + 1, sizeof *part);
	cdr_buf rule = CDR_BUF_INIT, key = CDR_BUF_INIT;
	seen_set seen = { NULL, 0 };
	for (size_t c = 0; c < nc; c++) {
		const cdr_dict_cat *cat = &dict->cats[c];
		const char *parent = cat->parent != (size_t)-1 ? part[cat->parent] : "";
		if (cat->entries == 0 && cat->children > 0) { /* a group only */
			part[c] = cdr_codeid_slug(cat->name);
			continue;
		}
		if (cat->is_id && !cdr_codeid_taken(&ids, cat->name)) {
			part[c] = cdr_xstrdup(cat->name);
			cdr_codeid_take(&ids, cat->name);
		} else {
			part[c] = cdr_codeid_make(&ids, cat->name, parent);
		}
		emit(e, 0, 0, 0, "", "");
		emit(e, cat->line, cat->column, cdr_utf8_count(cat->name, strlen(cat->name)),
		     "code: ", part[c]);
		cdr_buf_reset(&v);
		add_name(&v, cat->name);
		if (v.len && strcmp(v.data, part[c]) != 0)
			emit(e, cat->line, cat->column, 0, "  label: ", cdr_buf_cstr(&v));
		cdr_buf_reset(&v);
		group_of(dict, c, &v);
		if (v.len)
			emit(e, cat->line, cat->column, 0, "  group: ", cdr_buf_cstr(&v));
		seen_reset(&seen, cat->entries);
		for (size_t k = first[c]; k < first[c] + cat->entries; k++) {
			const cdr_dict_entry *en = &dict->entries[order[k]];
			size_t dup = seen_add(&seen, dict->entries, order[k]);
			if (dup != (size_t)-1) {
				size_t n;
				const char *src = cdr_dict_line(dict, en->line, &n);
				cdr_diag_pos pos = { dict->path, en->line, en->column,
						     en->width,  src,      src ? n : 0 };
				cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
					     "'%s' is listed twice in '%s' (first on line %zu); "
					     "kept once",
					     en->pattern, cat->name, dict->entries[dup].line);
				continue;
			}
			cdr_buf_reset(&rule);
			cdr_buf_reset(&key);
			if (en->key) {
				cdr_buf_printf(&key, "  %s: ", en->key);
				cdr_buf_adds(&rule, en->pattern);
			} else {
				cdr_buf_adds(&key, rule_for(en->pattern, &rule));
			}
			emit(e, en->line, en->column, en->width, cdr_buf_cstr(&key),
			     cdr_buf_cstr(&rule));
		}
	}
	for (size_t c = 0; c < nc; c++)
		free(part[c]);
	free(part);
	free(first);
	free(fill);
	free(order);
	cdr_codeids_free(&ids);
	free(seen.slot);
	cdr_buf_free(&rule);
	cdr_buf_free(&key);
	cdr_buf_free(&v);
}

cdr_rc cdr_dict_to_codebook(const char *path, const char *t, size_t len, cdr_dict_format f,
			    cdr_buf *out, cdr_dict_map *map, cdr_diag *d)
{
	cdr_dict dict = { 0 };
	dict.path = path;
	dict.text = t;
	dict.len = len;
	dict.d = d;
	size_t errors = d->errors;
	cdr_rc rc = CDR_ESYNTAX;
	switch (f) {
	case CDR_DICT_LIWC:
		rc = cdr_dict_read_liwc(&dict);
		break;
	case CDR_DICT_YAML:
		rc = cdr_dict_read_yaml(&dict);
		break;
	case CDR_DICT_WORDSTAT:
		rc = cdr_dict_read_wordstat(&dict);
		break;
	case CDR_DICT_TABLE:
		rc = cdr_dict_read_table(&dict);
		break;
	case CDR_DICT_NONE:
		cdr_diag_add(d, CDR_DIAG_ERROR, NULL, "%s: not a dictionary", path);
		break;
	}
	if (rc == CDR_OK && d->errors == errors) {
		if (dict.entry_count == 0) {
			cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "the %s has no entries",
				     cdr_dict_format_name(f));
			rc = CDR_ESYNTAX;
		} else {
			emitter e = { out, map, out->len };
			emit_codebook(&dict, f, &e, d);
		}
	} else {
		rc = CDR_ESYNTAX;
	}
	cdr_dict_free(&dict);
	return rc;
}

/* ---------------------------------------------------- positions mapped --- */

void cdr_dict_map_free(cdr_dict_map *map)
{
	free(map->lines);
	map->lines = NULL;
	map->count = map->cap = 0;
}

/* The dictionary place of generated line:column, per 'map': *line (0 if none) and
** *column. */
static void place_of(const cdr_dict_map *map, size_t gline, size_t gcol, size_t *line,
		     size_t *column)
{
	*line = 0;
	*column = 0;
	if (gline == 0 || gline > map->count)
		return;
	const cdr_dict_origin *l = &map->lines[gline - 1];
	*line = l->line;
	*column = l->column;
	if (l->line && gcol >= l->gen_column && gcol - l->gen_column < l->width)
		*column = l->column + (gcol - l->gen_column);
}

cdr_rc cdr_dict_parse(const char *path, const char *t, size_t len, cdr_dict_format f,
		      cdr_codebook **out, cdr_diag *d)
{
	cdr_buf text = CDR_BUF_INIT;
	cdr_dict_map map = { 0 };
	*out = NULL;
	cdr_rc rc = cdr_dict_to_codebook(path, t, len, f, &text, &map, d);
	if (rc != CDR_OK) {
		cdr_buf_free(&text);
		cdr_dict_map_free(&map);
		return rc;
	}
	line_index x;
	index_lines(&x, t, len);
	cdr_diag sub = CDR_DIAG_INIT;
	rc = cdr_codebook_parse_text(path, text.data, text.len, out, &sub);
	for (size_t i = 0; i < sub.count; i++) { /* back to the dictionary */
		cdr_diag_item *it = &sub.items[i];
		if (!it->file || strcmp(it->file, path) != 0 || it->line == 0)
			continue;
		size_t line, column, n;
		place_of(&map, it->line, it->column, &line, &column);
		it->line = line;
		it->column = line ? column : 0;
		free(it->source_line);
		it->source_line = NULL;
		const char *src = line ? line_text(&x, t, len, line, &n) : NULL;
		if (src)
			it->source_line = cdr_xstrndup(src, n);
		else
			it->width = 0;
	}
	cdr_diag_append(d, &sub);
	cdr_diag_free(&sub);
	if (*out) {
		cdr_codebook *cb = *out;
		for (size_t i = 0; i < cb->rule_count; i++) {
			cdr_srcpos *p = &cb->rules[i].pos;
			size_t line, column, n;
			place_of(&map, p->line, p->column, &line, &column);
			const char *src = line_text(&x, t, len, line, &n);
			p->line = line;
			p->column = column;
			free(p->source_line);
			p->source_line = cdr_xstrndup(src ? src : "", src ? n : 0);
		}
		for (size_t i = 0; i < cb->code_count; i++) {
			size_t line, column;
			place_of(&map, cb->codes[i].line, 0, &line, &column);
			cb->codes[i].line = line;
		}
	}
	free(x.start);
	cdr_buf_free(&text);
	cdr_dict_map_free(&map);
	return rc;
}
