/*
** cmd_diff.c -- 'codeer diff': what a codebook change does to the coding of a
** corpus (doc/diff.md).  OLD and NEW are codebooks (files, or REV:PATH read with
** 'git show': gitfile.h), then the inputs, as for 'code'; or two tables 'code' wrote.
**
** The corpus runs through one pipeline coding with OLD; on each coding thread a
** differ (diff.h) codes the same document with NEW and keeps what changed, so
** both codings run on every thread and the result comes back in input order.
** The changes are kept (they are few) and rendered at the end, by code.
*/
#include "config.h"

#include "cli.h"
#include "corpus.h"
#include "diff.h"
#include "gitfile.h"
#include "mem.h"
#include "outfile.h"
#include "table.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_STAT = 256, OPT_FORMAT, OPT_COLOR, OPT_NO_COLOR, OPT_EXIT_CODE };

static const cli_option diff_options[] = {
	{ "output", 'o', "FILE", 'o', "where to write (default: standard output)" },
	{ "format", 0, "F", OPT_FORMAT,
	  "text (the default: by code, with the words and the\n"
	  "cause of each change), tsv (one row per change) or\n"
	  "json" },
	{ "stat", 0, NULL, OPT_STAT,
	  "only a line per changed code (+gained -lost ~polarity)\n"
	  "and the total" },
	{ "color", 0, NULL, OPT_COLOR, "colour the text even when not on a terminal" },
	{ "no-color", 0, NULL, OPT_NO_COLOR, "no colour (the default in a pipe or a file)" },
	{ "exit-code", 0, NULL, OPT_EXIT_CODE,
	  "exit 1 when the coding differs (as 'git diff\n"
	  "--exit-code'), 0 when it does not" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help diff_help = {
	"Usage: codeer diff [OPTIONS] OLD NEW INPUT...\n"
	"       codeer diff [OPTIONS] OLD.tsv NEW.tsv\n"
	"\n"
	"Show what a codebook change does to the coding of a corpus: for each code, the\n"
	"units that gain it and those that lose it, and the units whose polarity\n"
	"changes, each with its text (the matched words marked) and the cause: the\n"
	"rule that is new or gone, the exception that now cancels a match, the\n"
	"obstacle cue.  Codes added, removed and renamed (the same rules under a new\n"
	"id) are said as such.\n"
	"\n"
	"OLD and NEW are codebook files, or REV:PATH for a codebook as git has it in\n"
	"commit REV (PATH as on the command line, in the repository that holds it):\n"
	"  codeer diff HEAD:codebooks/x.codebook codebooks/x.codebook corpus/\n"
	"INPUT as for 'codeer code' (give '-' for standard input).  With two operands,\n"
	"they are two tables 'codeer code' wrote (TSV) of the same corpus: the rows\n"
	"are compared, with their rule column as the cause.\n",
	"Exit status: 0 success (with or without differences), 1 bad input or codebook,\n"
	"2 bad usage.  With --exit-code, 1 also when the coding differs: a script that\n"
	"must tell the two apart reads stderr (trouble always says why there) or\n"
	"leaves --exit-code out and tests whether --format tsv gives any row.\n"
	"\n"
	"Examples:\n"
	"  codeer diff old.codebook new.codebook interviews/\n"
	"  codeer diff --stat HEAD:mijn.codebook mijn.codebook antwoorden.csv\n"
	"  codeer diff --format tsv -o changes.tsv oud.tsv nieuw.tsv\n",
	0
};

typedef enum { FMT_TEXT, FMT_TSV, FMT_JSON } out_format;

/* The differs of one coding thread, for text and for survey answers. */
typedef struct slot {
	pthread_t thread;
	cdr_differ *df[2];
} slot;

typedef struct diff_run {
	cli_corpus corpus; /* codes with OLD */
	const char *output;
	out_format format;
	int stat, color, no_color, exit_code;
	const char *old_name, *new_name;
	cdr_codebook *ncb; /* NEW */
	cdr_matcher *nm;
	cdr_cbdiff cd;
	pthread_mutex_t lock; /* guards 'slots' and 'nodes' */
	slot *slots;
	size_t nslots, slots_cap;
	cdr_changes **nodes; /* a thread's changes of a document, until written */
	size_t nnodes, nodes_cap;
	cdr_changes changes; /* all, in input order */
} diff_run;

static int on_option(void *ctx, int id, const char *v)
{
	diff_run *r = ctx;
	switch (id) {
	case 'o':
		r->output = v;
		return CLI_EXIT_OK;
	case OPT_FORMAT:
		if (strcmp(v, "text") == 0)
			r->format = FMT_TEXT;
		else if (strcmp(v, "tsv") == 0)
			r->format = FMT_TSV;
		else if (strcmp(v, "json") == 0)
			r->format = FMT_JSON;
		else
			return cli_usage_error("diff", "--format is text, tsv or json, not '%s'",
					       v);
		return CLI_EXIT_OK;
	case OPT_STAT:
		r->stat = 1;
		return CLI_EXIT_OK;
	case OPT_COLOR:
		r->color = 1;
		return CLI_EXIT_OK;
	case OPT_NO_COLOR:
		r->no_color = 1;
		return CLI_EXIT_OK;
	case OPT_EXIT_CODE:
		r->exit_code = 1;
		return CLI_EXIT_OK;
	default:
		return cli_corpus_option(&r->corpus, "diff", id, v);
	}
}

/* ------------------------------------------------- loading a codebook --- */

/* Load and compile both codebooks, reporting the errors of both.  Returns 1 on
** success. */
static int load_both(diff_run *r, cdr_diag *d)
{
	cli_corpus *c = &r->corpus;
	int ok = cdr_gitfile_load_codebook(r->old_name, &c->cb, d) == CDR_OK &&
		 cdr_matcher_new(c->cb, &c->matcher, d) == CDR_OK;
	ok &= cdr_gitfile_load_codebook(r->new_name, &r->ncb, d) == CDR_OK &&
	      cdr_matcher_new(r->ncb, &r->nm, d) == CDR_OK;
	cli_print_diag(d);
	return ok;
}

/* ------------------------------------------------------- the coding run --- */

/* This thread's differ for the unit of answers or text, made the first time. */
static cdr_differ *differ_of(diff_run *r, int answer, cdr_diag *d)
{
	pthread_t self = pthread_self();
	cdr_differ *df = NULL;
	pthread_mutex_lock(&r->lock);
	slot *s = NULL;
	for (size_t i = 0; i < r->nslots && !s; i++)
		if (pthread_equal(r->slots[i].thread, self))
			s = &r->slots[i];
	if (!s) {
		CDR_GROW(r->slots, r->slots_cap, r->nslots + 1);
		s = &r->slots[r->nslots++];
		memset(s, 0, sizeof *s);
		s->thread = self;
	}
	if (!s->df[answer])
		cdr_differ_new(&r->cd, r->corpus.matcher, r->nm,
			       cli_corpus_unit(&r->corpus, answer), &s->df[answer], d);
	df = s->df[answer];
	pthread_mutex_unlock(&r->lock);
	return df;
}

/* Code job 'j' with NEW and compare; the changes go to 'out'.  Returns 0 with the
** errors in j->diag on failure (warnings of the second coding are dropped: the
** first gave them). */
static int diff_job(diff_run *r, cdr_pipeline_job *j, cdr_changes *out)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_differ *df = differ_of(r, j->answer, &d);
	int ok = df && cdr_differ_run(df, &j->doc, j->source, &j->codings, out, &d) == CDR_OK;
	if (d.errors)
		cdr_diag_append(&j->diag, &d);
	cdr_diag_free(&d);
	return ok;
}

/* On a coding thread: the changes of a document, as a pointer in 'out' (none:
** nothing). */
static void format_job(void *ctx, cdr_pipeline_job *j, cdr_buf *out)
{
	diff_run *r = ctx;
	cdr_changes local = CDR_CHANGES_INIT;
	if (!diff_job(r, j, &local)) {
		cdr_changes_free(&local);
		return;
	}
	j->formatted = 1;
	if (!local.count) {
		cdr_changes_free(&local);
		return;
	}
	cdr_changes *node = cdr_xmalloc(sizeof *node);
	*node = local;
	pthread_mutex_lock(&r->lock);
	CDR_GROW(r->nodes, r->nodes_cap, r->nnodes + 1);
	r->nodes[r->nnodes++] = node;
	pthread_mutex_unlock(&r->lock);
	cdr_buf_add(out, &node, sizeof node);
}

static int write_job(void *ctx, cdr_pipeline_job *j)
{
	diff_run *r = ctx;
	cli_corpus *c = &r->corpus;
	if (!j->formatted && !j->diag.errors)
		diff_job(r, j, &r->changes);
	if (j->diag.errors) {
		cdr_diag_append(&c->diag, &j->diag);
		return 1;
	}
	if (j->formatted && j->rows_len == sizeof(cdr_changes *)) {
		cdr_changes *node;
		memcpy(&node, j->rows, sizeof node);
		cdr_changes_move(&r->changes, node);
	}
	cli_corpus_count(c, j);
	return 0;
}

/* ---------------------------------------------------------- rendering --- */

/* What the two sides say about codes, for every format. */
typedef struct item {
	const char *what; /* "code added", "code removed", "code renamed", "rule added", ... */
	const char *code; /* the code ("" for obstacle cues) */
	const char *to;   /* a rename's new id, else NULL */
	char *rule;       /* the rule's text (owned), or NULL */
	size_t line;      /* where the rule or code is written (0: unknown) */
	char side;        /* '+' NEW, '-' OLD, '=' both */
} item;

typedef struct model {
	const char *old_name, *new_name;
	cdr_changes *changes;
	const char **codes; /* in listing order */
	size_t ncodes;
	item *items;
	size_t nitems, items_cap;
	size_t *gained, *lost, *flipped; /* per code */
	int *removed, *added;            /* per code */
	int *rules_changed;              /* per code: a rule or exception added or removed */
	const char **renamed_from;       /* per code: the OLD id, or NULL */
	size_t *order;                   /* the changes by code, then input order */
} model;

static void add_item(model *m, const char *what, const char *code, const char *to, char *rule,
		     size_t line, char side)
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

/* The codebooks' differences as items, and the codes in listing order. */
static void model_codebooks(model *m, const cdr_cbdiff *cd)
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
static void model_tables(model *m, const cdr_table_diff *td)
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

static size_t code_index(const model *m, const char *code)
{
	for (size_t k = 0; k < m->ncodes; k++)
		if (strcmp(m->codes[k], code) == 0)
			return k;
	return 0; /* not reached: every change's code is listed */
}

static size_t *g_rank; /* for cmp_order: each change's code index */

static int cmp_order(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (g_rank[x] != g_rank[y])
		return g_rank[x] < g_rank[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Count the changes per code and order them by code. */
static void model_count(model *m)
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
	size_t *rank = cdr_xcalloc(count + 1, sizeof *rank);
	const char *last = NULL;
	size_t last_k = 0;
	for (size_t i = 0; i < count; i++) {
		const cdr_change *c = &m->changes->v[i];
		size_t k = last && strcmp(last, c->code) == 0 ? last_k : code_index(m, c->code);
		last = c->code;
		last_k = k;
		rank[i] = k;
		if (c->kind == CDR_CHANGE_GAIN)
			m->gained[k]++;
		else if (c->kind == CDR_CHANGE_LOSS)
			m->lost[k]++;
		else
			m->flipped[k]++;
	}
	m->order = cdr_xcalloc(count + 1, sizeof *m->order);
	for (size_t i = 0; i < count; i++)
		m->order[i] = i;
	g_rank = rank;
	if (count > 1)
		qsort(m->order, count, sizeof *m->order, cmp_order);
	g_rank = NULL;
	free(rank);
}

static void model_free(model *m)
{
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
}

/* Does the coding differ: a unit changed, or a code was renamed? */
static int model_differs(const model *m)
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

static void code_counts(cdr_buf *b, const model *m, size_t k)
{
	cdr_buf_printf(b, "+%zu -%zu", m->gained[k], m->lost[k]);
	if (m->flipped[k])
		cdr_buf_printf(b, " ~%zu", m->flipped[k]);
}

static int code_listed(const model *m, size_t k)
{
	return m->gained[k] || m->lost[k] || m->flipped[k] || m->added[k] || m->removed[k] ||
	       m->renamed_from[k] || m->rules_changed[k];
}

static void total_line(cdr_buf *b, const model *m)
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

static void render_stat(cdr_buf *b, const model *m, const paint *p)
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

static void render_text(cdr_buf *b, const model *m, const paint *p)
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
			cdr_buf_printf(b, "%s%c %s %s %zu-%zu", col, (char)c->kind, c->source,
				       c->unit, c->start, c->end);
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

static void render_tsv(cdr_buf *b, const model *m)
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

static void render_json(cdr_buf *b, const model *m)
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

/* Render 'm' to the output.  Returns the exit status. */
static int render(diff_run *r, model *m, cdr_diag *d)
{
	model_count(m);
	int tty = strcmp(r->output, "-") == 0 && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	const paint *p = !r->no_color && (r->color || tty) ? &with_colour : &without_colour;
	cdr_buf b = CDR_BUF_INIT;
	if (r->stat && r->format == FMT_TEXT)
		render_stat(&b, m, p);
	else if (r->format == FMT_TEXT)
		render_text(&b, m, p);
	else if (r->format == FMT_TSV)
		render_tsv(&b, m);
	else
		render_json(&b, m);
	cdr_outfile f;
	int status = CLI_EXIT_INPUT;
	if (cdr_outfile_open(&f, r->output, d) == CDR_OK) {
		if (cdr_outfile_write(&f, b.data ? b.data : "", b.len, d) == CDR_OK &&
		    cdr_outfile_commit(&f, d) == CDR_OK)
			status = r->exit_code && model_differs(m) ? CLI_EXIT_INPUT : CLI_EXIT_OK;
		cdr_outfile_abort(&f);
	}
	cdr_buf_free(&b);
	return status;
}

/* ------------------------------------------------------------ the forms --- */

static int diff_tables(diff_run *r, const char *old_path, const char *new_path)
{
	cdr_diag *d = &r->corpus.diag;
	cdr_table_diff td;
	if (cdr_table_diff_run(old_path, new_path, &td, d) != CDR_OK) {
		cdr_table_diff_free(&td);
		return CLI_EXIT_INPUT;
	}
	model m = { .old_name = old_path, .new_name = new_path, .changes = &td.changes };
	model_tables(&m, &td);
	int status = render(r, &m, d);
	model_free(&m);
	cdr_table_diff_free(&td);
	return status;
}

static int diff_codebooks(diff_run *r, char **inputs, int n)
{
	cli_corpus *c = &r->corpus;
	if (!load_both(r, &c->diag))
		return CLI_EXIT_INPUT;
	int status = cli_corpus_open(c, "diff", inputs, n,
				     strcmp(r->output, "-") == 0 ? NULL : r->output);
	if (status != CLI_EXIT_OK)
		return status;
	cdr_matcher_set_prefilter(r->nm, c->prefilter_used);
	cdr_matcher_set_limits(r->nm, (uint32_t)c->match_limit, (uint32_t)c->depth_limit);
	cdr_cbdiff_init(&r->cd, c->cb, r->ncb);
	if (cli_corpus_run(c, format_job, write_job, NULL, r) != CLI_EXIT_OK)
		return CLI_EXIT_INPUT;
	model m = { .old_name = r->old_name, .new_name = r->new_name, .changes = &r->changes };
	model_codebooks(&m, &r->cd);
	status = render(r, &m, &c->diag);
	model_free(&m);
	return status;
}

int cmd_diff(int argc, char **argv)
{
	/* The shared rows but -b: the codebooks are OLD and NEW. */
	size_t nrows = 0;
	while (cli_corpus_options[nrows].name || cli_corpus_options[nrows].help)
		nrows++;
	cli_option *corpus_rows = cdr_xcalloc(nrows + 1, sizeof *corpus_rows);
	for (size_t i = 0, k = 0; i < nrows; i++)
		if (cli_corpus_options[i].id != 'b')
			corpus_rows[k++] = cli_corpus_options[i];
	const cli_option *const tables[] = { corpus_rows, diff_options, NULL };
	diff_run r = { .output = "-" };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c, argc);
	pthread_mutex_init(&r.lock, NULL);
	int first,
		status = cli_parse("diff", tables, &diff_help, argc, argv, on_option, &r, &first);
	if (status >= 0)
		goto done;
	int n = argc - first;
	if (n < 2) {
		status = cli_usage_error("diff", "diff takes OLD NEW INPUT... (two codebooks and "
						 "the inputs) or OLD.tsv NEW.tsv (two tables)");
		goto done;
	}
	if (r.stat && r.format != FMT_TEXT) {
		status = cli_usage_error("diff", "--stat is a text format: leave out --format");
		goto done;
	}
	r.old_name = argv[first];
	r.new_name = argv[first + 1];
	status = n == 2 ? diff_tables(&r, r.old_name, r.new_name)
			: diff_codebooks(&r, argv + first + 2, n - 2);
done:
	for (size_t i = 0; i < r.nslots; i++) {
		cdr_differ_free(r.slots[i].df[0]);
		cdr_differ_free(r.slots[i].df[1]);
	}
	free(r.slots);
	for (size_t i = 0; i < r.nnodes; i++) {
		cdr_changes_free(r.nodes[i]);
		free(r.nodes[i]);
	}
	free(r.nodes);
	cdr_changes_free(&r.changes);
	if (r.cd.old)
		cdr_cbdiff_free(&r.cd);
	cli_corpus_free(c); /* OLD's codebook and matcher */
	cdr_matcher_free(r.nm);
	cdr_codebook_free(r.ncb);
	pthread_mutex_destroy(&r.lock);
	free(corpus_rows);
	return status;
}
