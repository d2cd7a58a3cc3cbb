/*
** diff_report.c -- the report of 'codeer diff' (see diff_report.h).
**
** Both forms, codebooks and tables, are first made one model: the items (what
** the two sides say about codes and rules), the codes in listing order, the
** changes counted per code and ordered by code, then input order.  Each format
** renders the model.
*/
#include "config.h"

#include "diff_report.h"
#include "table.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
	const char *what; /* "code added", "code removed", "code renamed", "rule added", ... */
	const char *code; /* the code ("" for obstacle cues) */
	const char *to;   /* a rename's new id, else NULL */
	char *rule;       /* the rule's text (owned), or NULL */
	size_t line;      /* where the rule or code is written (0: unknown) */
	char side;        /* '+' NEW, '-' OLD, '=' both */
} item;

struct cdr_diff_report {
	const char *old_name, *new_name;
	const cdr_changes *changes;
	const char **codes; /* in listing order */
	size_t ncodes;
	item *items;
	size_t nitems, items_cap;
	size_t *gained, *lost, *flipped; /* per code */
	int *removed, *added;            /* per code */
	int *rules_changed;              /* per code: a rule or exception added or removed */
	const char **renamed_from;       /* per code: the OLD id, or NULL */
	size_t *order;                   /* the changes by code, then input order */
};

static void add_item(cdr_diff_report *m, const char *what, const char *code, const char *to,
		     char *rule, size_t line, char side)
{
	CDR_GROW(m->items, m->items_cap, m->nitems + 1);
	m->items[m->nitems++] = (item){ what, code, to, rule, line, side };
}

static char *rule_string(const cdr_rule *r)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_rule_text(r, &b);
	cdr_buf_cstr(&b);
	return cdr_buf_take(&b);
}

/* A word list as a codebook writes it, "list: NAME = member, exact: member". */
static char *list_string(const cdr_list *l)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_printf(&b, "list: %s =", l->name);
	for (size_t k = 0; k < l->member_count; k++)
		cdr_buf_printf(&b, "%s %s%s", k ? "," : "", l->members[k].exact ? "exact: " : "",
			       l->members[k].text);
	return cdr_buf_take(&b);
}

/* The word lists added, removed or changed (their rules change with them). */
static void model_lists(cdr_diff_report *m, const cdr_codebook *o, const cdr_codebook *n)
{
	for (size_t i = 0; i < o->list_count; i++) {
		const cdr_list *ol = &o->lists[i];
		const cdr_list *nl = cdr_codebook_find_list(n, ol->name, strlen(ol->name));
		char *ot = list_string(ol), *nt = nl ? list_string(nl) : NULL;
		if (!nl) {
			add_item(m, "list removed", "", NULL, ot, ol->pos.line, '-');
		} else if (strcmp(ot, nt) != 0) {
			add_item(m, "list changed", "", NULL, ot, ol->pos.line, '-');
			add_item(m, "list changed", "", NULL, nt, nl->pos.line, '+');
			nt = NULL;
		} else {
			free(ot);
		}
		free(nt);
	}
	for (size_t k = 0; k < n->list_count; k++)
		if (!cdr_codebook_find_list(o, n->lists[k].name, strlen(n->lists[k].name)))
			add_item(m, "list added", "", NULL, list_string(&n->lists[k]),
				 n->lists[k].pos.line, '+');
}

/* The codebooks' differences as items, and the codes in listing order. */
static void model_codebooks(cdr_diff_report *m, const cdr_cbdiff *cd)
{
	const cdr_codebook *o = cd->old, *n = cd->new;
	m->codes = cdr_xcalloc(o->code_count + n->code_count + 1, sizeof *m->codes);
	for (size_t k = 0; k < n->code_count; k++)
		m->codes[m->ncodes++] = n->codes[k].id;
	for (size_t i = 0; i < o->code_count; i++)
		if (cd->new_of_old[i] == CDR_NONE)
			m->codes[m->ncodes++] = o->codes[i].id;
	for (size_t k = 0; k < n->code_count; k++) {
		size_t i = cd->old_of_new[k];
		if (i == CDR_NONE)
			add_item(m, "code added", n->codes[k].id, NULL, NULL, n->codes[k].line,
				 '+');
		else if (strcmp(o->codes[i].id, n->codes[k].id) != 0)
			add_item(m, "code renamed", o->codes[i].id, n->codes[k].id, NULL,
				 n->codes[k].line, '=');
	}
	for (size_t i = 0; i < o->code_count; i++)
		if (cd->new_of_old[i] == CDR_NONE)
			add_item(m, "code removed", o->codes[i].id, NULL, NULL, o->codes[i].line,
				 '-');
	model_lists(m, o, n);
	/* Rules of the codes on both sides, and the cues: removed, then added. */
	for (size_t k = 0; k <= n->code_count; k++) {
		size_t kn = k < n->code_count ? k : CDR_NONE;
		size_t ko = kn == CDR_NONE ? CDR_NONE : cd->old_of_new[kn];
		if (kn != CDR_NONE && ko == CDR_NONE)
			continue;
		const char *code = kn == CDR_NONE ? "" : n->codes[kn].id;
		for (size_t r = 0; r < o->rule_count; r++)
			if (o->rules[r].code == ko && cd->rule_new_of_old[r] == CDR_NONE)
				add_item(m,
					 o->rules[r].role == CDR_ROLE_OBSTACLE ? "cue removed"
									       : "rule removed",
					 code, NULL, rule_string(&o->rules[r]),
					 o->rules[r].pos.line, '-');
		for (size_t r = 0; r < n->rule_count; r++)
			if (n->rules[r].code == kn && cd->rule_old_of_new[r] == CDR_NONE)
				add_item(m,
					 n->rules[r].role == CDR_ROLE_OBSTACLE ? "cue added"
									       : "rule added",
					 code, NULL, rule_string(&n->rules[r]),
					 n->rules[r].pos.line, '+');
	}
}

/* The tables' differences as items. */
static void model_tables(cdr_diff_report *m, const cdr_table_diff *td)
{
	size_t n = 0;
	while (td->codes[n])
		n++;
	m->codes = cdr_xcalloc(n + 1, sizeof *m->codes);
	for (size_t i = 0; i < n; i++)
		m->codes[m->ncodes++] = td->codes[i];
	for (size_t i = 0; td->new_only[i]; i++)
		add_item(m, "code added", td->new_only[i], NULL, NULL, 0, '+');
	for (size_t i = 0; td->renamed[i]; i += 2)
		add_item(m, "code renamed", td->renamed[i], td->renamed[i + 1], NULL, 0, '=');
	for (size_t i = 0; td->old_only[i]; i++)
		add_item(m, "code removed", td->old_only[i], NULL, NULL, 0, '-');
}

static size_t code_index(const cdr_diff_report *m, const char *code)
{
	for (size_t k = 0; k < m->ncodes; k++)
		if (strcmp(m->codes[k], code) == 0)
			return k;
	return 0; /* not reached: every change's code is listed */
}

/* A change's place in the listing: its code's index, then its own. */
typedef struct ranked {
	size_t rank, i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Count the changes per code and order them by code. */
static void model_count(cdr_diff_report *m)
{
	size_t n = m->ncodes + 1;
	m->gained = cdr_xcalloc(n, sizeof *m->gained);
	m->lost = cdr_xcalloc(n, sizeof *m->lost);
	m->flipped = cdr_xcalloc(n, sizeof *m->flipped);
	m->added = cdr_xcalloc(n, sizeof *m->added);
	m->removed = cdr_xcalloc(n, sizeof *m->removed);
	m->renamed_from = cdr_xcalloc(n, sizeof *m->renamed_from);
	m->rules_changed = cdr_xcalloc(n, sizeof *m->rules_changed);
	for (size_t i = 0; i < m->nitems; i++) {
		const item *it = &m->items[i];
		if (strcmp(it->what, "code added") == 0)
			m->added[code_index(m, it->code)] = 1;
		else if (strcmp(it->what, "code removed") == 0)
			m->removed[code_index(m, it->code)] = 1;
		else if (strcmp(it->what, "code renamed") == 0)
			m->renamed_from[code_index(m, it->to)] = it->code;
		else if (*it->code)
			m->rules_changed[code_index(m, it->code)] = 1;
	}
	/* a lookup of codes by id, as the changes are many and the codes few */
	size_t count = m->changes->count;
	ranked *rank = cdr_xcalloc(count + 1, sizeof *rank);
	const char *last = NULL;
	size_t last_k = 0;
	for (size_t i = 0; i < count; i++) {
		const cdr_change *c = &m->changes->v[i];
		size_t k = last && strcmp(last, c->code) == 0 ? last_k : code_index(m, c->code);
		last = c->code;
		last_k = k;
		rank[i] = (ranked){ k, i };
		if (c->kind == CDR_CHANGE_GAIN)
			m->gained[k]++;
		else if (c->kind == CDR_CHANGE_LOSS)
			m->lost[k]++;
		else
			m->flipped[k]++;
	}
	if (count > 1)
		qsort(rank, count, sizeof *rank, cmp_ranked);
	m->order = cdr_xcalloc(count + 1, sizeof *m->order);
	for (size_t i = 0; i < count; i++)
		m->order[i] = rank[i].i;
	free(rank);
}

void cdr_diff_report_free(cdr_diff_report *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nitems; i++)
		free(m->items[i].rule);
	free(m->items);
	free(m->codes);
	free(m->gained);
	free(m->lost);
	free(m->flipped);
	free(m->added);
	free(m->removed);
	free(m->renamed_from);
	free(m->rules_changed);
	free(m->order);
	free(m);
}

/* Does the coding differ: a unit changed, or a code was renamed? */
int cdr_diff_report_differs(const cdr_diff_report *m)
{
	if (m->changes->count)
		return 1;
	for (size_t i = 0; i < m->nitems; i++)
		if (strcmp(m->items[i].what, "code renamed") == 0)
			return 1;
	return 0;
}

/* Colours (SGR), or "" without. */
typedef struct paint {
	const char *bold, *plus, *minus, *flip, *hunk, *mark, *unmark, *reset;
} paint;

static const paint with_colour = { "\033[1m",  "\033[32m",  "\033[31m",    "\033[33m",
				   "\033[36m", "\033[1;4m", "\033[22;24m", "\033[m" };
static const paint without_colour = { "", "", "", "", "", "[[", "]]", "" };

/* The context with its marks rendered. */
static void add_context(cdr_buf *b, const char *s, const paint *p)
{
	for (; *s; s++) {
		if (*s == CDR_MARK_OPEN)
			cdr_buf_adds(b, p->mark);
		else if (*s == CDR_MARK_CLOSE)
			cdr_buf_adds(b, p->unmark);
		else
			cdr_buf_addc(b, *s);
	}
}

static const char *kind_colour(const paint *p, char kind)
{
	return kind == '+' ? p->plus : kind == '-' ? p->minus : kind == '~' ? p->flip : p->hunk;
}

static void code_counts(cdr_buf *b, const cdr_diff_report *m, size_t k)
{
	cdr_buf_printf(b, "+%zu -%zu", m->gained[k], m->lost[k]);
	if (m->flipped[k])
		cdr_buf_printf(b, " ~%zu", m->flipped[k]);
}

static int code_listed(const cdr_diff_report *m, size_t k)
{
	return m->gained[k] || m->lost[k] || m->flipped[k] || m->added[k] || m->removed[k] ||
	       m->renamed_from[k] || m->rules_changed[k];
}

static void total_line(cdr_buf *b, const cdr_diff_report *m)
{
	size_t codes = 0, g = 0, l = 0, f = 0;
	for (size_t k = 0; k < m->ncodes; k++) {
		codes += code_listed(m, k);
		g += m->gained[k];
		l += m->lost[k];
		f += m->flipped[k];
	}
	cdr_buf_printf(b,
		       " %zu code%s changed, %zu unit coding%s gained (+), %zu lost (-), %zu "
		       "polarit%s changed (~)\n",
		       codes, codes == 1 ? "" : "s", g, g == 1 ? "" : "s", l, f,
		       f == 1 ? "y" : "ies");
}

static void render_stat(cdr_buf *b, const cdr_diff_report *m, const paint *p)
{
	if (!m->nitems && !m->changes->count)
		return; /* no differences: nothing, as git diff --stat */
	size_t width = 0;
	for (size_t k = 0; k < m->ncodes; k++)
		if (code_listed(m, k) && strlen(m->codes[k]) > width)
			width = strlen(m->codes[k]);
	for (size_t k = 0; k < m->ncodes; k++) {
		if (!code_listed(m, k))
			continue;
		cdr_buf_printf(b, " %-*s | %s+%zu%s %s-%zu%s", (int)width, m->codes[k], p->plus,
			       m->gained[k], p->reset, p->minus, m->lost[k], p->reset);
		if (m->flipped[k])
			cdr_buf_printf(b, " %s~%zu%s", p->flip, m->flipped[k], p->reset);
		if (m->added[k])
			cdr_buf_adds(b, " (code added)");
		if (m->removed[k])
			cdr_buf_adds(b, " (code removed)");
		if (m->renamed_from[k])
			cdr_buf_printf(b, " (renamed from %s)", m->renamed_from[k]);
		cdr_buf_addc(b, '\n');
	}
	total_line(b, m);
}

static void render_text(cdr_buf *b, const cdr_diff_report *m, const paint *p)
{
	if (!m->nitems && !m->changes->count)
		return; /* no differences: nothing, as git diff */
	cdr_buf_printf(b, "%s--- %s%s\n%s+++ %s%s\n", p->bold, m->old_name, p->reset, p->bold,
		       m->new_name, p->reset);
	if (m->nitems)
		cdr_buf_printf(b, "%scodebook:%s\n", p->bold, p->reset);
	for (size_t i = 0; i < m->nitems; i++) {
		const item *it = &m->items[i];
		cdr_buf_printf(b, "%s%c %s", kind_colour(p, it->side), it->side, it->what);
		if (*it->code)
			cdr_buf_printf(b, " %s", it->code);
		if (it->to)
			cdr_buf_printf(b, " -> %s", it->to);
		if (it->rule)
			cdr_buf_printf(b, ": %s", it->rule);
		if (it->line)
			cdr_buf_printf(b, " (%s line %zu)", it->side == '-' ? "OLD" : "NEW",
				       it->line);
		cdr_buf_printf(b, "%s\n", p->reset);
	}
	size_t at = 0, count = m->changes->count;
	for (size_t k = 0; k < m->ncodes; k++) {
		if (!code_listed(m, k))
			continue;
		cdr_buf_printf(b, "\n%s@@ %s ", p->hunk, m->codes[k]);
		code_counts(b, m, k);
		if (m->added[k])
			cdr_buf_adds(b, " (code added)");
		if (m->removed[k])
			cdr_buf_adds(b, " (code removed: its units are not listed)");
		if (m->renamed_from[k])
			cdr_buf_printf(b, " (renamed from %s)", m->renamed_from[k]);
		cdr_buf_printf(b, " @@%s\n", p->reset);
		for (; at < count && code_index(m, m->changes->v[m->order[at]].code) == k; at++) {
			const cdr_change *c = &m->changes->v[m->order[at]];
			if (m->removed[k])
				continue;
			const char *col = kind_colour(p, (char)c->kind);
			/* The unit as sheets, agree and kwic name it: SOURCE#p3, or SOURCE
			** alone for a survey answer. */
			int answer = strcmp(c->unit, "answer") == 0;
			cdr_buf_printf(b, "%s%c %s%s%s %zu-%zu", col, (char)c->kind, c->source,
				       answer ? "" : "#", answer ? "" : c->unit, c->start, c->end);
			if (c->kind == CDR_CHANGE_POLARITY)
				cdr_buf_printf(b, " %s -> %s", c->obstacle ? "neutral" : "obstacle",
					       c->obstacle ? "obstacle" : "neutral");
			cdr_buf_printf(b, "%s\n    %s", p->reset, col);
			add_context(b, c->context, p);
			cdr_buf_printf(b, "%s\n    %s\n", p->reset, c->cause);
		}
	}
	cdr_buf_addc(b, '\n');
	total_line(b, m);
}

static void tsv_field(cdr_buf *b, const char *s)
{
	cdr_table_field(b, CDR_TABLE_TSV, s, strlen(s));
}

static void render_tsv(cdr_buf *b, const cdr_diff_report *m)
{
	cdr_buf_adds(b, "change\tsource\tunit\tstart\tend\tcode\trule\tpolarity\tcause\ttext\n");
	for (size_t i = 0; i < m->changes->count; i++) {
		const cdr_change *c = &m->changes->v[m->order[i]];
		cdr_buf_adds(b, c->kind == CDR_CHANGE_GAIN   ? "+\t"
				: c->kind == CDR_CHANGE_LOSS ? "-\t"
							     : "polarity\t");
		tsv_field(b, c->source);
		cdr_buf_printf(b, "\t%s\t%zu\t%zu\t", c->unit, c->start, c->end);
		tsv_field(b, c->code);
		cdr_buf_addc(b, '\t');
		tsv_field(b, c->rule);
		cdr_buf_printf(b, "\t%s\t", c->obstacle ? "obstacle" : "neutral");
		tsv_field(b, c->cause);
		cdr_buf_addc(b, '\t');
		cdr_buf ctx = CDR_BUF_INIT;
		add_context(&ctx, c->context, &without_colour);
		tsv_field(b, cdr_buf_cstr(&ctx));
		cdr_buf_free(&ctx);
		cdr_buf_addc(b, '\n');
	}
}

static void render_json(cdr_buf *b, const cdr_diff_report *m)
{
	json_t *root = json_object();
	json_object_set_new(root, "old", json_string(m->old_name));
	json_object_set_new(root, "new", json_string(m->new_name));
	json_t *items = json_array();
	for (size_t i = 0; i < m->nitems; i++) {
		const item *it = &m->items[i];
		json_t *o = json_object();
		json_object_set_new(o, "change", json_string(it->what));
		if (*it->code)
			json_object_set_new(o, "code", json_string(it->code));
		if (it->to)
			json_object_set_new(o, "to", json_string(it->to));
		if (it->rule)
			json_object_set_new(o, "rule", json_string(it->rule));
		if (it->line)
			json_object_set_new(o, "line", json_integer((json_int_t)it->line));
		json_array_append_new(items, o);
	}
	json_object_set_new(root, "codebook", items);
	json_t *codes = json_array();
	for (size_t k = 0; k < m->ncodes; k++) {
		if (!code_listed(m, k))
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(m->codes[k]));
		json_object_set_new(o, "gained", json_integer((json_int_t)m->gained[k]));
		json_object_set_new(o, "lost", json_integer((json_int_t)m->lost[k]));
		json_object_set_new(o, "polarity", json_integer((json_int_t)m->flipped[k]));
		if (m->added[k] || m->removed[k])
			json_object_set_new(o, m->added[k] ? "added" : "removed", json_true());
		if (m->renamed_from[k])
			json_object_set_new(o, "renamed_from", json_string(m->renamed_from[k]));
		json_array_append_new(codes, o);
	}
	json_object_set_new(root, "codes", codes);
	json_t *changes = json_array();
	for (size_t i = 0; i < m->changes->count; i++) {
		const cdr_change *c = &m->changes->v[m->order[i]];
		json_t *o = json_object();
		json_object_set_new(o, "change",
				    json_string(c->kind == CDR_CHANGE_GAIN   ? "+"
						: c->kind == CDR_CHANGE_LOSS ? "-"
									     : "polarity"));
		json_object_set_new(o, "source", json_string(c->source));
		json_object_set_new(o, "unit", json_string(c->unit));
		json_object_set_new(o, "start", json_integer((json_int_t)c->start));
		json_object_set_new(o, "end", json_integer((json_int_t)c->end));
		json_object_set_new(o, "code", json_string(c->code));
		json_object_set_new(o, "rule", json_string(c->rule));
		json_object_set_new(o, "polarity",
				    json_string(c->obstacle ? "obstacle" : "neutral"));
		json_object_set_new(o, "cause", json_string(c->cause));
		cdr_buf ctx = CDR_BUF_INIT;
		add_context(&ctx, c->context, &without_colour);
		json_object_set_new(o, "text", json_string(cdr_buf_cstr(&ctx)));
		cdr_buf_free(&ctx);
		json_array_append_new(changes, o);
	}
	json_object_set_new(root, "changes", changes);
	char *s = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	cdr_buf_adds(b, s);
	cdr_buf_addc(b, '\n');
	free(s);
	json_decref(root);
}

static cdr_diff_report *report_new(const cdr_changes *changes, const char *old_name,
				   const char *new_name)
{
	cdr_diff_report *m = cdr_xcalloc(1, sizeof *m);
	m->old_name = old_name;
	m->new_name = new_name;
	m->changes = changes;
	return m;
}

cdr_diff_report *cdr_diff_report_codebooks(const cdr_cbdiff *cd, const cdr_changes *changes,
					   const char *old_name, const char *new_name)
{
	cdr_diff_report *m = report_new(changes, old_name, new_name);
	model_codebooks(m, cd);
	model_count(m);
	return m;
}

cdr_diff_report *cdr_diff_report_tables(const cdr_table_diff *td, const char *old_name,
					const char *new_name)
{
	cdr_diff_report *m = report_new(&td->changes, old_name, new_name);
	model_tables(m, td);
	model_count(m);
	return m;
}

void cdr_diff_report_render(const cdr_diff_report *m, cdr_diff_format fmt, int colour, cdr_buf *out)
{
	const paint *p = colour ? &with_colour : &without_colour;
	switch (fmt) {
	case CDR_DIFF_TEXT:
		render_text(out, m, p);
		break;
	case CDR_DIFF_STAT:
		render_stat(out, m, p);
		break;
	case CDR_DIFF_TSV:
		render_tsv(out, m);
		break;
	case CDR_DIFF_JSON:
		render_json(out, m);
		break;
	}
}
