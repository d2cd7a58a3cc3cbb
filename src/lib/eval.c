/*
** eval.c -- combining atom matches into rule hits (see eval.h).
*/
#include "config.h"

#include "eval.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

struct cdr_evaluator {
	const cdr_matcher *m;
	size_t *first;     /* per atom: index of its first match */
	size_t *count;     /* per atom: how many matches */
	size_t *except;    /* exception rules, grouped by code: codes' ranges below */
	size_t *except_at; /* per code + 1: start of its exceptions in 'except' */
	size_t *cues;      /* the obstacle rules */
	size_t ncues;
	size_t *touched; /* the atoms whose count the last run set */
	size_t ntouched;
	size_t *rules; /* the rules with a matched atom, in this run */
	size_t nrules;
	/* Where clauses begin and end in this run's paragraph, built at the first
	** clause asked for (cdr_eval_clause): 'left' holds 2p for a clause that may
	** begin at p after a delimiter, 2p + 1 for one that begins at a conjunction at
	** p (which begins the clause only of a span after it); 'right' the positions
	** where a clause ends (a delimiter or a conjunction).  Both ascending. */
	size_t *left, nleft, left_cap;
	size_t *right, nright, right_cap;
	int clauses_ready;
};

cdr_evaluator *cdr_evaluator_new(const cdr_matcher *m)
{
	const cdr_program *p = cdr_matcher_program(m);
	cdr_evaluator *e = cdr_xcalloc(1, sizeof *e);
	e->m = m;
	e->first = cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *e->first);
	e->count = cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *e->count);
	/* Exceptions by code, and the obstacle cues, so a hit looks only at its own. */
	const cdr_codebook *cb = cdr_matcher_codebook(m);
	e->except = cdr_xcalloc(cb->rule_count ? cb->rule_count : 1, sizeof *e->except);
	e->except_at = cdr_xcalloc(cb->code_count + 1, sizeof *e->except_at);
	e->cues = cdr_xcalloc(cb->rule_count ? cb->rule_count : 1, sizeof *e->cues);
	e->touched = cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *e->touched);
	/* a rule per matched atom at most (every rule has an atom) */
	e->rules = cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *e->rules);
	size_t n = 0;
	for (size_t c = 0; c < cb->code_count; c++) {
		e->except_at[c] = n;
		for (size_t r = 0; r < cb->rule_count; r++)
			if (cb->rules[r].role == CDR_ROLE_EXCEPT && cb->rules[r].code == c)
				e->except[n++] = r;
	}
	e->except_at[cb->code_count] = n;
	for (size_t r = 0; r < cb->rule_count; r++)
		if (cb->rules[r].role == CDR_ROLE_OBSTACLE)
			e->cues[e->ncues++] = r;
	return e;
}

void cdr_evaluator_free(cdr_evaluator *e)
{
	if (!e)
		return;
	free(e->first);
	free(e->count);
	free(e->except);
	free(e->except_at);
	free(e->cues);
	free(e->touched);
	free(e->rules);
	free(e->left);
	free(e->right);
	free(e);
}

size_t cdr_eval_atom_matches(const cdr_evaluator *e, size_t atom, size_t *first)
{
	*first = e->first[atom];
	return e->count[atom];
}

void cdr_hits_free(cdr_hits *h)
{
	free(h->v);
	free(h->parts);
	h->v = NULL;
	h->parts = NULL;
	h->count = h->cap = h->part_count = h->part_cap = 0;
}

/* Add a hit of 'rule' on [start, end), made of the matches parts[0..n). */
static void push_hit(cdr_hits *out, size_t rule, size_t start, size_t end, const size_t *parts,
		     size_t n)
{
	CDR_GROW(out->v, out->cap, out->count + 1);
	CDR_GROW(out->parts, out->part_cap, out->part_count + n);
	out->v[out->count++] =
		(cdr_hit){ rule, start, end, 0, CDR_NONE, CDR_NONE, CDR_NONE, out->part_count, n };
	memcpy(out->parts + out->part_count, parts, n * sizeof *parts);
	out->part_count += n;
}

/* ---------------------------------------------------------------- NEAR --- */

/* Index of the first span in ss that starts at or after 'pos'. */
static size_t first_from(const cdr_spans *ss, size_t pos)
{
	size_t lo = 0, hi = ss->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ss->v[mid].start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Number of words wholly inside [from, to). */
static size_t words_between(const cdr_spans *words, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = first_from(words, from); i < words->count && words->v[i].end <= to; i++)
		n++;
	return n;
}

/* Index of the sentence holding 'pos' (the last one starting at or before it). */
static size_t sentence_of(const cdr_spans *ss, size_t pos)
{
	size_t i = first_from(ss, pos + 1);
	return i ? i - 1 : 0;
}

static void eval_near(cdr_evaluator *e, const cdr_eval_input *in, size_t rule, const cdr_logic *lg,
		      cdr_hits *out)
{
	const size_t *at = lg->part_at; /* side A: atoms [at[0], at[1]); side B: [at[1], at[2]) */
	for (size_t aa = at[0]; aa < at[1]; aa++) {
		for (size_t i = e->first[aa]; i < e->first[aa] + e->count[aa]; i++) {
			const cdr_match *a = &in->matches->v[i];
			size_t best = CDR_NONE, best_gap = (size_t)-1, cs = 0, ce = 0;
			if (lg->in_clause)
				cdr_eval_clause(e, in, a->start, a->end, &cs, &ce);
			for (size_t ba = at[1]; ba < at[2]; ba++) {
				for (size_t j = e->first[ba]; j < e->first[ba] + e->count[ba];
				     j++) {
					const cdr_match *b = &in->matches->v[j];
					if (b->start < a->end && a->start < b->end)
						continue; /* the same words cannot be both sides */
					int b_after = b->start >= a->end;
					if (lg->ordered && !b_after)
						continue;
					size_t gap =
						b_after ? b->start - a->end : a->start - b->end;
					if (lg->in_clause) {
						if (b->start < cs || b->end > ce)
							continue;
					} else if (lg->in_sentence) {
						if (sentence_of(in->sentences, a->start) !=
						    sentence_of(in->sentences, b->start))
							continue;
					} else {
						size_t w =
							b_after ? words_between(in->words, a->end,
										b->start)
								: words_between(in->words, b->end,
										a->start);
						if (w > lg->words)
							continue;
					}
					if (gap < best_gap) {
						best_gap = gap;
						best = j;
					}
				}
			}
			if (best != CDR_NONE) {
				const cdr_match *b = &in->matches->v[best];
				size_t parts[2] = { i, best };
				push_hit(out, rule, a->start < b->start ? a->start : b->start,
					 a->end > b->end ? a->end : b->end, parts, 2);
			}
		}
	}
}

/* A phrase in parts ('werken ... samen'): from each match of the first part, the
** next parts in order, each starting after the one before ends, within the first
** part's clause; of the candidates for a part, the one that ends first (which
** leaves the most room for the parts after it). */
static void eval_split(cdr_evaluator *e, const cdr_eval_input *in, size_t rule, const cdr_logic *lg,
		       cdr_hits *out)
{
	size_t chain[CDR_MAX_PHRASE_PARTS];
	const size_t *at = lg->part_at;
	for (size_t fa = at[0]; fa < at[1]; fa++) {
		for (size_t i = e->first[fa]; i < e->first[fa] + e->count[fa]; i++) {
			const cdr_match *first = &in->matches->v[i];
			size_t cs, ce, pos = first->end, k;
			cdr_eval_clause(e, in, first->start, first->end, &cs, &ce);
			chain[0] = i;
			for (k = 1; k < lg->part_count; k++) {
				size_t best = CDR_NONE;
				for (size_t pa = at[k]; pa < at[k + 1]; pa++) {
					for (size_t j = e->first[pa];
					     j < e->first[pa] + e->count[pa]; j++) {
						const cdr_match *m = &in->matches->v[j];
						if (m->start < pos || m->end > ce)
							continue;
						const cdr_match *b =
							best == CDR_NONE ? NULL
									 : &in->matches->v[best];
						if (!b || m->end < b->end ||
						    (m->end == b->end && m->start < b->start))
							best = j;
					}
				}
				if (best == CDR_NONE)
					break;
				chain[k] = best;
				pos = in->matches->v[best].end;
			}
			if (k == lg->part_count)
				push_hit(out, rule, first->start, pos, chain, k);
		}
	}
}

/* ----------------------------------------------------------------- all --- */

static int term_in_unit(const cdr_evaluator *e, const cdr_eval_input *in, const cdr_expr *x,
			const cdr_span *u)
{
	for (size_t atom = x->atom; atom < x->atom + x->atoms; atom++)
		for (size_t k = e->first[atom]; k < e->first[atom] + e->count[atom]; k++)
			if (in->matches->v[k].start >= u->start && in->matches->v[k].start < u->end)
				return 1;
	return 0;
}

static int eval_expr(const cdr_evaluator *e, const cdr_eval_input *in, const cdr_logic *lg,
		     size_t n, const cdr_span *u)
{
	const cdr_expr *x = &lg->expr[n];
	switch (x->op) {
	case CDR_EXPR_TERM:
		return term_in_unit(e, in, x, u);
	case CDR_EXPR_NOT:
		return !eval_expr(e, in, lg, x->a, u);
	case CDR_EXPR_AND:
		return eval_expr(e, in, lg, x->a, u) && eval_expr(e, in, lg, x->b, u);
	case CDR_EXPR_OR:
		return eval_expr(e, in, lg, x->a, u) || eval_expr(e, in, lg, x->b, u);
	}
	return 0;
}

static void eval_all(const cdr_evaluator *e, const cdr_eval_input *in, size_t rule,
		     const cdr_logic *lg, cdr_hits *out)
{
	for (size_t u = 0; u < in->units->count; u++) {
		const cdr_span *unit = &in->units->v[u];
		if (!eval_expr(e, in, lg, lg->root, unit))
			continue;
		/* The hits are the occurrences of the phrases that are not negated. */
		for (size_t n = 0; n < lg->expr_count; n++) {
			const cdr_expr *x = &lg->expr[n];
			if (x->op != CDR_EXPR_TERM || x->negated)
				continue;
			for (size_t a = x->atom; a < x->atom + x->atoms; a++) {
				for (size_t k = e->first[a]; k < e->first[a] + e->count[a]; k++) {
					const cdr_match *mt = &in->matches->v[k];
					if (mt->start >= unit->start && mt->start < unit->end)
						push_hit(out, rule, mt->start, mt->end, &k, 1);
				}
			}
		}
	}
}

/* ------------------------------------------------------------- clauses --- */

static const char *const conjunctions[] = {
	"alhoewel", "daarentegen", "desondanks", "doordat",  "echter", "hoewel", "maar",
	"ofschoon", "omdat",       "terwijl",    "waardoor", "want",   "zodat",
};

static int is_conjunction(const char *w, size_t n)
{
	char low[16];
	if (n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
	low[n] = '\0';
	for (size_t i = 0; i < sizeof conjunctions / sizeof *conjunctions; i++)
		if (strcmp(low, conjunctions[i]) == 0)
			return 1;
	return 0;
}

/* Length of the clause delimiter at t[i] (looking at t[lo..hi)), or 0. */
static size_t delimiter_at(const char *t, size_t i, size_t lo, size_t hi)
{
	switch (t[i]) {
	case '.':
	case '!':
	case '?':
	case ';':
	case ':':
	case '(':
	case ')':
	case '[':
	case ']':
		return 1;
	case '-': /* a dash between spaces */
		return i > lo && i + 1 < hi && t[i - 1] == ' ' && t[i + 1] == ' ';
	}
	/* en dash and em dash: E2 80 93 / E2 80 94 */
	if ((unsigned char)t[i] == 0xE2 && i + 2 < hi && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94))
		return 3;
	return 0;
}

static int is_word_byte(unsigned char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Part of a word: an ASCII letter or any byte of a non-ASCII character. */
static int is_letterish(unsigned char c)
{
	return is_word_byte(c) || c >= 0x80;
}

/* 1 if a conjunction stands as a whole word at t[i] (within [lo, hi)). */
static int conjunction_at(const char *t, size_t i, size_t lo, size_t hi)
{
	if (!is_word_byte((unsigned char)t[i]) || (i > lo && is_letterish((unsigned char)t[i - 1])))
		return 0;
	size_t j = i;
	while (j < hi && is_word_byte((unsigned char)t[j]))
		j++;
	if (j < hi && is_letterish((unsigned char)t[j]))
		return 0;
	return is_conjunction(t + i, j - i);
}

/* Where the clauses of the paragraph begin and end (see struct cdr_evaluator): one
** pass, so that a clause costs a binary search, not a walk over it (a long
** paragraph with many hits made the walks quadratic). */
static void find_clauses(cdr_evaluator *e, const cdr_eval_input *in)
{
	const char *t = in->text;
	size_t lo = in->para_start, hi = in->para_end;
	e->nleft = e->nright = 0;
	for (size_t i = lo; i < hi; i++) {
		int delim = delimiter_at(t, i, lo, hi) != 0;
		if (!delim && !conjunction_at(t, i, lo, hi))
			continue;
		CDR_GROW(e->left, e->left_cap, e->nleft + 1);
		CDR_GROW(e->right, e->right_cap, e->nright + 1);
		e->left[e->nleft++] = delim ? 2 * (i + 1) : 2 * i + 1;
		e->right[e->nright++] = i;
	}
	e->clauses_ready = 1;
}

void cdr_eval_clause(cdr_evaluator *e, const cdr_eval_input *in, size_t start, size_t end,
		     size_t *cstart, size_t *cend)
{
	if (!e->clauses_ready)
		find_clauses(e, in);
	/* The clause begins after the last delimiter at or before the span, or at the
	** last conjunction before it; it ends at the first delimiter or conjunction at
	** or after the span's end. */
	size_t lo = 0, hi = e->nleft;
	while (lo < hi) { /* the first 'left' above 2 * start */
		size_t mid = lo + (hi - lo) / 2;
		if (e->left[mid] <= 2 * start)
			lo = mid + 1;
		else
			hi = mid;
	}
	*cstart = lo ? e->left[lo - 1] / 2 : in->para_start;
	lo = 0;
	hi = e->nright;
	while (lo < hi) { /* the first 'right' at or after end */
		size_t mid = lo + (hi - lo) / 2;
		if (e->right[mid] < end)
			lo = mid + 1;
		else
			hi = mid;
	}
	*cend = lo < e->nright ? e->right[lo] : in->para_end;
}

/* --------------------------------------------------------------- forms --- */

static int compare_hit(const void *x, const void *y)
{
	const cdr_hit *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* A 'forms:' rule: the matches of all its atoms (its forms, its compounds), in
** the text's order, each span once (a compound's atom may match a form too). */
static void eval_forms(const cdr_evaluator *e, const cdr_eval_input *in, size_t rule,
		       const cdr_logic *lg, cdr_hits *out)
{
	size_t from = out->count;
	for (size_t a = lg->first_atom; a < lg->first_atom + lg->atom_count; a++)
		for (size_t k = e->first[a]; k < e->first[a] + e->count[a]; k++)
			push_hit(out, rule, in->matches->v[k].start, in->matches->v[k].end, &k, 1);
	qsort(out->v + from, out->count - from, sizeof *out->v, compare_hit);
	size_t n = from;
	for (size_t i = from; i < out->count; i++)
		if (n == from || compare_hit(&out->v[n - 1], &out->v[i]) != 0)
			out->v[n++] = out->v[i];
	out->count = n;
}

/* ---------------------------------------------------------------- main --- */

static int compare_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

int cdr_eval_when_holds(const cdr_codebook *cb, const cdr_rule *r, const cdr_eval_input *in)
{
	if ((r->when & CDR_WHEN_ANSWER) && !in->answer)
		return 0;
	return !(r->when & CDR_WHEN_SHORT) || (in->words && in->words->count <= cb->short_words);
}

void cdr_eval_run(cdr_evaluator *e, const cdr_eval_input *in, cdr_hits *out)
{
	const cdr_program *p = cdr_matcher_program(e->m);
	const cdr_codebook *cb = cdr_matcher_codebook(e->m);

	out->count = 0;
	out->part_count = 0;
	e->clauses_ready = 0;
	for (size_t i = 0; i < e->ntouched; i++)
		e->count[e->touched[i]] = 0;
	e->ntouched = 0;
	/* Where each atom's matches are, and which rules have any: only those can hit
	** (every kind of rule needs a match of one of its atoms). */
	e->nrules = 0;
	int sorted = 1;
	for (size_t k = 0; k < in->matches->count; k++) {
		size_t a = in->matches->v[k].atom;
		if (e->count[a]++ == 0) {
			e->first[a] = k;
			e->touched[e->ntouched++] = a;
			size_t r = p->atoms[a].rule;
			if (e->nrules && e->rules[e->nrules - 1] == r)
				continue;
			if (e->nrules && e->rules[e->nrules - 1] > r)
				sorted = 0;
			e->rules[e->nrules++] = r;
		}
	}
	if (!sorted) {
		qsort(e->rules, e->nrules, sizeof *e->rules, compare_size);
		size_t n = 0;
		for (size_t i = 0; i < e->nrules; i++)
			if (!n || e->rules[n - 1] != e->rules[i])
				e->rules[n++] = e->rules[i];
		e->nrules = n;
	}

	for (size_t ri = 0; ri < e->nrules; ri++) {
		size_t r = e->rules[ri];
		const cdr_rule *rule = &cb->rules[r];
		const cdr_logic *lg = &p->logic[r];
		if (rule->role != CDR_ROLE_MATCH || !cdr_eval_when_holds(cb, rule, in))
			continue;
		switch (rule->kind) {
		case CDR_RULE_NEAR:
			eval_near(e, in, r, lg, out);
			break;
		case CDR_RULE_ALL:
			eval_all(e, in, r, lg, out);
			break;
		case CDR_RULE_FORMS:
			eval_forms(e, in, r, lg, out);
			break;
		default:
			if (lg->part_count > 1) {
				eval_split(e, in, r, lg, out);
				break;
			}
			/* one atom, or one per member of the lists the phrase names */
			for (size_t a = lg->first_atom; a < lg->first_atom + lg->atom_count; a++)
				for (size_t k = e->first[a]; k < e->first[a] + e->count[a]; k++)
					push_hit(out, r, in->matches->v[k].start,
						 in->matches->v[k].end, &k, 1);
			break;
		}
	}

	for (size_t h = 0; h < out->count; h++) {
		cdr_hit *hit = &out->v[h];
		size_t code = cb->rules[hit->rule].code;
		/* Exceptions of the same code whose match contains the hit cancel it. */
		for (size_t xi = e->except_at[code];
		     xi < e->except_at[code + 1] && hit->cancelled_by == CDR_NONE; xi++) {
			size_t r = e->except[xi];
			size_t a = p->logic[r].first_atom;
			for (size_t k = e->first[a]; k < e->first[a] + e->count[a]; k++) {
				const cdr_match *x = &in->matches->v[k];
				if (x->start <= hit->start && hit->end <= x->end) {
					hit->cancelled_by = r;
					hit->except_match = k;
					break;
				}
			}
		}
		if (hit->cancelled_by != CDR_NONE || !p->has_obstacles)
			continue;
		size_t cs, ce;
		cdr_eval_clause(e, in, hit->start, hit->end, &cs, &ce);
		for (size_t ci = 0; ci < e->ncues && !hit->obstacle; ci++) {
			size_t a = p->logic[e->cues[ci]].first_atom;
			for (size_t k = e->first[a]; k < e->first[a] + e->count[a]; k++) {
				const cdr_match *x = &in->matches->v[k];
				if (x->start >= cs && x->end <= ce) {
					hit->obstacle = 1;
					hit->cue = k;
					break;
				}
			}
		}
	}
}
