/*
** diff.c -- two codebooks compared, a document's codings under both compared unit
** by unit with the cause of each change, and two coded tables compared (see
** diff.h).
**
** A document is coded with NEW here; its codings under OLD come from the caller
** (the pipeline codes with OLD).  Only a paragraph that holds a change is traced
** again, with both codebooks, to find the words and the cause: changes are rare,
** so that costs next to nothing.
*/
#include "diff.h"

#include "eval.h"
#include "read.h"
#include "seg.h"
#include "turns.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ two codebooks --- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void cdr_rule_text(const cdr_rule *r, cdr_buf *out)
{
	cdr_buf_adds(out, cdr_rule_key(r));
	cdr_buf_adds(out, ": ");
	cdr_buf_adds(out, r->pattern);
	if (r->when) {
		cdr_buf_adds(out, " (when: ");
		cdr_when_describe(r->when, out);
		cdr_buf_addc(out, ')');
	}
}

/* The rule's key and pattern with white space runs made one space, and the members
** of each list it names: what two rules must share to be the same (a rule naming a
** list whose members changed is a changed rule). */
static char *rule_norm(const cdr_codebook *cb, const cdr_rule *r)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, cdr_rule_key(r));
	cdr_buf_addc(&b, ':');
	int space = 1;
	for (const char *p = r->pattern; *p; p++) {
		if (is_space(*p)) {
			space = 1;
			continue;
		}
		if (space)
			cdr_buf_addc(&b, ' ');
		space = 0;
		cdr_buf_addc(&b, *p);
	}
	const char *end = r->pattern + strlen(r->pattern), *at = r->pattern;
	size_t n;
	while ((at = cdr_list_ref_next(r->pattern, at, end, &n))) {
		const cdr_list *l = cdr_codebook_find_list(cb, at + 1, n);
		for (size_t m = 0; l && m < l->member_count; m++)
			cdr_buf_printf(&b, "%s%s%s",
				       m ? ", " : " [@=", l->members[m].exact ? "exact:" : "",
				       l->members[m].text);
		if (l)
			cdr_buf_addc(&b, ']');
		at += 1 + n;
	}
	if (r->when) { /* the same pattern under another condition is another rule */
		cdr_buf_adds(&b, " when:");
		cdr_when_describe(r->when, &b);
	}
	return cdr_buf_take(&b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted texts of code k's rules, one per line ("" for none). */
static char *code_signature(const cdr_codebook *cb, char **norm, size_t k)
{
	size_t n = 0;
	char **v = cdr_xcalloc(cb->rule_count + 1, sizeof *v);
	for (size_t i = 0; i < cb->rule_count; i++)
		if (cb->rules[i].code == k)
			v[n++] = norm[i];
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_str);
	cdr_buf b = CDR_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		cdr_buf_adds(&b, v[i]);
		cdr_buf_addc(&b, '\n');
	}
	free(v);
	cdr_buf_cstr(&b);
	return cdr_buf_take(&b);
}

static size_t *nones(size_t n)
{
	size_t *v = cdr_xmalloc((n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = CDR_NONE;
	return v;
}

void cdr_cbdiff_init(cdr_cbdiff *cd, const cdr_codebook *old, const cdr_codebook *new)
{
	memset(cd, 0, sizeof *cd);
	cd->old = old;
	cd->new = new;
	cd->new_of_old = nones(old->code_count);
	cd->old_of_new = nones(new->code_count);
	cd->rule_new_of_old = nones(old->rule_count);
	cd->rule_old_of_new = nones(new->rule_count);
	for (size_t i = 0; i < old->code_count; i++) {
		size_t k = cdr_codebook_find(new, old->codes[i].id);
		cd->new_of_old[i] = k;
		if (k != CDR_NONE)
			cd->old_of_new[k] = i;
	}
	char **onorm = cdr_xcalloc(old->rule_count + 1, sizeof *onorm);
	char **nnorm = cdr_xcalloc(new->rule_count + 1, sizeof *nnorm);
	for (size_t i = 0; i < old->rule_count; i++)
		onorm[i] = rule_norm(old, &old->rules[i]);
	for (size_t i = 0; i < new->rule_count; i++)
		nnorm[i] = rule_norm(new, &new->rules[i]);

	/* Renames: the same rules under another id. */
	char **nsig = cdr_xcalloc(new->code_count + 1, sizeof *nsig);
	for (size_t k = 0; k < new->code_count; k++)
		if (cd->old_of_new[k] == CDR_NONE)
			nsig[k] = code_signature(new, nnorm, k);
	for (size_t i = 0; i < old->code_count; i++) {
		if (cd->new_of_old[i] != CDR_NONE)
			continue;
		char *sig = code_signature(old, onorm, i);
		for (size_t k = 0; *sig && k < new->code_count; k++) {
			if (nsig[k] && cd->old_of_new[k] == CDR_NONE && strcmp(sig, nsig[k]) == 0) {
				cd->new_of_old[i] = k;
				cd->old_of_new[k] = i;
				break;
			}
		}
		free(sig);
	}
	for (size_t k = 0; k < new->code_count; k++)
		free(nsig[k]);
	free(nsig);

	/* Rules: the same text in corresponding codes (or both cues). */
	for (size_t r = 0; r < new->rule_count; r++) {
		size_t owner = new->rules[r].code;
		size_t oowner = owner == CDR_NONE ? CDR_NONE : cd->old_of_new[owner];
		if (owner != CDR_NONE && oowner == CDR_NONE)
			continue;
		for (size_t o = 0; o < old->rule_count; o++) {
			if (cd->rule_new_of_old[o] == CDR_NONE && old->rules[o].code == oowner &&
			    strcmp(onorm[o], nnorm[r]) == 0) {
				cd->rule_new_of_old[o] = r;
				cd->rule_old_of_new[r] = o;
				break;
			}
		}
	}
	for (size_t i = 0; i < old->rule_count; i++)
		free(onorm[i]);
	for (size_t i = 0; i < new->rule_count; i++)
		free(nnorm[i]);
	free(onorm);
	free(nnorm);

	for (size_t k = 0; k < new->code_count; k++)
		cd->changed_codes += cdr_cbdiff_code_changed(cd, 0, k);
	for (size_t i = 0; i < old->code_count; i++)
		cd->changed_codes += cd->new_of_old[i] == CDR_NONE;
	for (size_t r = 0; r < new->rule_count; r++)
		cd->changed_cues +=
			new->rules[r].code == CDR_NONE && cd->rule_old_of_new[r] == CDR_NONE;
	for (size_t o = 0; o < old->rule_count; o++)
		cd->changed_cues +=
			old->rules[o].code == CDR_NONE && cd->rule_new_of_old[o] == CDR_NONE;
}

int cdr_cbdiff_code_changed(const cdr_cbdiff *cd, int old_side, size_t k)
{
	size_t ko = old_side ? k : cd->old_of_new[k];
	size_t kn = old_side ? cd->new_of_old[k] : k;
	if (ko == CDR_NONE || kn == CDR_NONE)
		return 1;
	if (strcmp(cd->old->codes[ko].id, cd->new->codes[kn].id) != 0)
		return 1;
	for (size_t r = 0; r < cd->new->rule_count; r++)
		if (cd->new->rules[r].code == kn && cd->rule_old_of_new[r] == CDR_NONE)
			return 1;
	for (size_t o = 0; o < cd->old->rule_count; o++)
		if (cd->old->rules[o].code == ko && cd->rule_new_of_old[o] == CDR_NONE)
			return 1;
	return 0;
}

void cdr_cbdiff_free(cdr_cbdiff *cd)
{
	free(cd->new_of_old);
	free(cd->old_of_new);
	free(cd->rule_new_of_old);
	free(cd->rule_old_of_new);
	memset(cd, 0, sizeof *cd);
}

/* ----------------------------------------------------------- changes --- */

void cdr_changes_clear(cdr_changes *cs)
{
	for (size_t i = 0; i < cs->count; i++) {
		cdr_change *c = &cs->v[i];
		free(c->source);
		free(c->code);
		free(c->rule);
		free(c->cause);
		free(c->context);
	}
	cs->count = 0;
}

void cdr_changes_free(cdr_changes *cs)
{
	cdr_changes_clear(cs);
	free(cs->v);
	*cs = (cdr_changes)CDR_CHANGES_INIT;
}

void cdr_changes_move(cdr_changes *dst, cdr_changes *src)
{
	CDR_GROW(dst->v, dst->cap, dst->count + src->count);
	if (src->count)
		memcpy(dst->v + dst->count, src->v, src->count * sizeof *src->v);
	dst->count += src->count;
	src->count = 0;
}

/* The unit's text t[start, end) as one line, white space runs made one space,
** the spans 'marks' (sorted by start) between the marks, and shortened to about
** CONTEXT bytes around them. */
#define CONTEXT 80

static char *context_of(const char *t, size_t start, size_t end, const cdr_spans *marks)
{
	size_t from = start, to = end;
	if (marks->count && end - start > 4 * CONTEXT) {
		size_t first = marks->v[0].start, last = marks->v[0].end;
		for (size_t i = 1; i < marks->count; i++)
			if (marks->v[i].end > last)
				last = marks->v[i].end;
		from = first > start + CONTEXT ? first - CONTEXT : start;
		to = last + CONTEXT < end ? last + CONTEXT : end;
		while (from > start && (t[from] & 0xC0) == 0x80)
			from--;
		while (to < end && (t[to] & 0xC0) == 0x80)
			to++;
		/* at a word boundary, if one is near */
		for (size_t i = 0; from > start && i < 16 && from + i < first; i++)
			if (is_space(t[from + i])) {
				from += i + 1;
				break;
			}
		for (size_t i = 0; to < end && i < 16 && to - i > last; i++)
			if (is_space(t[to - i - 1])) {
				to -= i + 1;
				break;
			}
	}
	cdr_buf b = CDR_BUF_INIT;
	if (from > start)
		cdr_buf_adds(&b, "\xe2\x80\xa6"); /* … */
	int space = 0, open = 0;
	size_t m = 0;
	for (size_t i = from; i < to; i++) {
		if (open && i >= marks->v[m].end) {
			cdr_buf_addc(&b, CDR_MARK_CLOSE);
			open = 0;
			m++;
		}
		if (!open && m < marks->count && marks->v[m].start <= i) {
			if (space && b.len)
				cdr_buf_addc(&b, ' ');
			space = 0;
			cdr_buf_addc(&b, CDR_MARK_OPEN);
			open = 1;
		}
		if (is_space(t[i]) || (unsigned char)t[i] < 0x20) {
			space = 1;
			continue;
		}
		if (space && b.len && b.data[b.len - 1] != CDR_MARK_OPEN)
			cdr_buf_addc(&b, ' ');
		space = 0;
		cdr_buf_addc(&b, t[i]);
	}
	if (open)
		cdr_buf_addc(&b, CDR_MARK_CLOSE);
	if (to < end)
		cdr_buf_adds(&b, " \xe2\x80\xa6");
	cdr_buf_cstr(&b);
	return cdr_buf_take(&b);
}

/* ------------------------------------------------- coding under both --- */

/* A hit of a trace, as much as a cause needs. */
typedef struct hitrec {
	size_t rule, cancelled_by, cue_rule; /* cue_rule: CDR_NONE unless an obstacle */
	size_t start, end;
	size_t cue_start, cue_end; /* the cue's words, when an obstacle */
} hitrec;

typedef struct hitrecs {
	hitrec *v;
	size_t count, cap;
} hitrecs;

/* A change being worked out. */
typedef struct pending {
	cdr_change_kind kind;
	size_t ocode, ncode;       /* the code on each side (CDR_NONE: none there) */
	const cdr_coding *oc, *nc; /* the coding on each side, if the unit has one */
	hitrecs ohits, nhits;      /* the code's hits in the unit, on each side */
} pending;

struct cdr_differ {
	const cdr_cbdiff *cd;
	const cdr_program *pold, *pnew;
	cdr_unit unit;
	cdr_coder *cnew, *told; /* 'cnew' codes and traces NEW; 'told' traces OLD */
	cdr_codings codings;    /* the document under NEW */
	cdr_coder_stats stats;
	cdr_spans paragraphs;
	cdr_turns turns;
	size_t *oidx, *nidx; /* the codings on each side in a common order */
	size_t oidx_cap, nidx_cap;
	pending *pend;
	size_t npend, pend_cap;
	cdr_buf buf;
};

cdr_rc cdr_differ_new(const cdr_cbdiff *cd, const cdr_matcher *old, const cdr_matcher *new,
		      cdr_unit unit, cdr_differ **out, cdr_diag *d)
{
	cdr_differ *df = cdr_xcalloc(1, sizeof *df);
	df->cd = cd;
	df->pold = cdr_matcher_program(old);
	df->pnew = cdr_matcher_program(new);
	df->unit = unit;
	cdr_rc rc = cdr_coder_new(new, unit, &df->cnew, d);
	if (rc == CDR_OK)
		rc = cdr_coder_new(old, unit, &df->told, d);
	if (rc != CDR_OK) {
		cdr_differ_free(df);
		df = NULL;
	}
	*out = df;
	return rc;
}

void cdr_differ_set_answers(cdr_differ *df, int on)
{
	cdr_coder_set_answers(df->cnew, on);
	cdr_coder_set_answers(df->told, on);
}

static void pending_reset(cdr_differ *df)
{
	for (size_t i = 0; i < df->npend; i++) {
		free(df->pend[i].ohits.v);
		free(df->pend[i].nhits.v);
	}
	df->npend = 0;
}

void cdr_differ_free(cdr_differ *df)
{
	if (!df)
		return;
	pending_reset(df);
	free(df->pend);
	cdr_coder_free(df->cnew);
	cdr_coder_free(df->told);
	cdr_codings_free(&df->codings);
	cdr_spans_free(&df->paragraphs);
	cdr_turns_free(&df->turns);
	free(df->oidx);
	free(df->nidx);
	cdr_buf_free(&df->buf);
	free(df);
}

/* For sorting the codings of both sides in one order: by span, then by the NEW
** index of the code (OLD codes without one after every NEW code). */
typedef struct sort_ctx {
	const cdr_coding *v;
	const size_t *map; /* OLD code to NEW, or NULL for NEW codings */
	size_t ncodes;     /* NEW codes */
} sort_ctx;

static size_t common_code(const sort_ctx *s, const cdr_coding *k)
{
	if (!s->map)
		return k->code;
	size_t n = s->map[k->code];
	return n != CDR_NONE ? n : s->ncodes + k->code;
}

static int cmp_coding(const cdr_coding *a, const sort_ctx *sa, const cdr_coding *b,
		      const sort_ctx *sb)
{
	if (a->bstart != b->bstart)
		return a->bstart < b->bstart ? -1 : 1;
	if (a->bend != b->bend)
		return a->bend < b->bend ? -1 : 1;
	size_t x = common_code(sa, a), y = common_code(sb, b);
	return x < y ? -1 : x > y;
}

/* Insertion sort of the index 'idx' (codings are nearly in order already: only
** the codes' order differs between the codebooks). */
static void sort_index(size_t *idx, size_t n, const sort_ctx *s)
{
	for (size_t i = 1; i < n; i++) {
		size_t x = idx[i], j = i;
		while (j > 0 && cmp_coding(&s->v[idx[j - 1]], s, &s->v[x], s) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = x;
	}
}

static pending *add_pending(cdr_differ *df, cdr_change_kind kind, const cdr_coding *oc,
			    const cdr_coding *nc)
{
	CDR_GROW(df->pend, df->pend_cap, df->npend + 1);
	pending *p = &df->pend[df->npend++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->oc = oc;
	p->nc = nc;
	p->ocode = oc ? oc->code : df->cd->old_of_new[nc->code];
	p->ncode = nc ? nc->code : df->cd->new_of_old[oc->code];
	return p;
}

/* Does a hit starting at h_start..h_end belong to the unit of coding k? */
static int in_unit(const cdr_differ *df, const cdr_coding *k, size_t s, size_t e)
{
	if (df->unit == CDR_UNIT_MATCH)
		return s == k->bstart && e == k->bend;
	return s >= k->bstart && s < k->bend;
}

/* Keep from the trace 'tr' of one side the hits of each pending change's code
** in its unit. */
static void collect(cdr_differ *df, int old_side, const cdr_paragraph_trace *tr)
{
	const cdr_codebook *cb = old_side ? df->cd->old : df->cd->new;
	const cdr_program *prog = old_side ? df->pold : df->pnew;
	for (size_t i = 0; i < df->npend; i++) {
		pending *p = &df->pend[i];
		size_t code = old_side ? p->ocode : p->ncode;
		const cdr_coding *k = p->oc ? p->oc : p->nc;
		hitrecs *hs = old_side ? &p->ohits : &p->nhits;
		if (code == CDR_NONE)
			continue;
		for (size_t h = 0; h < tr->hits->count; h++) {
			const cdr_hit *x = &tr->hits->v[h];
			if (cb->rules[x->rule].code != code || !in_unit(df, k, x->start, x->end))
				continue;
			CDR_GROW(hs->v, hs->cap, hs->count + 1);
			hitrec *r = &hs->v[hs->count++];
			r->rule = x->rule;
			r->cancelled_by = x->cancelled_by;
			r->start = x->start;
			r->end = x->end;
			r->cue_rule = CDR_NONE;
			if (x->obstacle && x->cancelled_by == CDR_NONE) {
				const cdr_match *q = &tr->input->matches->v[x->cue];
				r->cue_rule = prog->atoms[q->atom].rule;
				r->cue_start = q->start;
				r->cue_end = q->end;
			}
		}
	}
}

/* Append "; " and a cause built from 'what' and rule 'r' of 'cb', unless 'b'
** holds it already. */
static void add_cause(cdr_buf *b, const char *before, const cdr_codebook *cb, size_t r,
		      const char *after)
{
	cdr_buf one = CDR_BUF_INIT;
	cdr_buf_adds(&one, before);
	if (r != CDR_NONE) {
		cdr_buf_adds(&one, " '");
		cdr_rule_text(&cb->rules[r], &one);
		cdr_buf_adds(&one, "'");
	}
	cdr_buf_adds(&one, after);
	const char *s = cdr_buf_cstr(&one);
	if (!b->len || !strstr(cdr_buf_cstr(b), s)) {
		if (b->len)
			cdr_buf_adds(b, "; ");
		cdr_buf_adds(b, s);
	}
	cdr_buf_free(&one);
}

/* A hit of 'rule' in 'hs' that an exception cancels, or NULL. */
static const hitrec *cancelled_hit(const hitrecs *hs, size_t rule)
{
	for (size_t i = 0; rule != CDR_NONE && i < hs->count; i++)
		if (hs->v[i].rule == rule && hs->v[i].cancelled_by != CDR_NONE)
			return &hs->v[i];
	return NULL;
}

/* The cause of a gain (or, with 'old_side', a loss): for each rule that codes the
** unit on its side, why it does not on the other. */
static void cause_of_change(const cdr_differ *df, const pending *p, int loss, cdr_buf *b)
{
	const cdr_cbdiff *cd = df->cd;
	const cdr_codebook *here = loss ? cd->old : cd->new, *there = loss ? cd->new : cd->old;
	const size_t *other = loss ? cd->rule_new_of_old : cd->rule_old_of_new;
	const hitrecs *hs = loss ? &p->ohits : &p->nhits, *ths = loss ? &p->nhits : &p->ohits;
	if ((loss ? p->ncode : p->ocode) == CDR_NONE) {
		add_cause(b, loss ? "the code is gone" : "the code is new", NULL, CDR_NONE, "");
		return;
	}
	for (size_t i = 0; i < hs->count; i++) {
		const hitrec *h = &hs->v[i];
		if (h->cancelled_by != CDR_NONE)
			continue;
		size_t r2 = other[h->rule];
		const hitrec *c = cancelled_hit(ths, r2);
		if (r2 == CDR_NONE)
			add_cause(b, "rule", here, h->rule, loss ? " is gone" : " is new");
		else if (c && loss)
			add_cause(b, "exception", there, c->cancelled_by,
				  cd->rule_old_of_new[c->cancelled_by] == CDR_NONE
					  ? " (new) now cancels the match"
					  : " now cancels the match");
		else if (c)
			add_cause(b, "exception", there, c->cancelled_by,
				  cd->rule_new_of_old[c->cancelled_by] == CDR_NONE
					  ? " is gone, which cancelled the match"
					  : " no longer cancels the match");
		else
			add_cause(b, "rule", here, h->rule,
				  loss ? " no longer fires" : " now fires");
	}
	if (!b->len)
		add_cause(b, loss ? "no rule codes it now" : "a rule now codes it", NULL, CDR_NONE,
			  "");
}

/* Append "; " and 'fmt' with rules 'r1' and 'r2' (CDR_NONE: none) of 'cb' quoted
** in place of its "%s", unless 'b' holds it already. */
static void add_cause2(cdr_buf *b, const cdr_codebook *cb, size_t r1, size_t r2, const char *fmt)
{
	cdr_buf one = CDR_BUF_INIT;
	size_t r[2] = { r1, r2 }, n = 0;
	for (const char *f = fmt; *f; f++) {
		if (f[0] == '%' && f[1] == 's' && n < 2) {
			cdr_buf_addc(&one, '\'');
			if (r[n] != CDR_NONE)
				cdr_rule_text(&cb->rules[r[n]], &one);
			n++;
			cdr_buf_addc(&one, '\'');
			f++;
			continue;
		}
		cdr_buf_addc(&one, *f);
	}
	add_cause(b, cdr_buf_cstr(&one), NULL, CDR_NONE, "");
	cdr_buf_free(&one);
}

/* The cause of a polarity change. */
static void cause_of_polarity(const cdr_differ *df, const pending *p, cdr_buf *b)
{
	const cdr_cbdiff *cd = df->cd;
	int now = p->nc->obstacle;
	const cdr_codebook *here = now ? cd->new : cd->old;
	const size_t *other = now ? cd->rule_old_of_new : cd->rule_new_of_old;
	const hitrecs *hs = now ? &p->nhits : &p->ohits;
	for (size_t i = 0; i < hs->count; i++) {
		const hitrec *h = &hs->v[i];
		if (h->cue_rule == CDR_NONE)
			continue;
		if (other[h->cue_rule] == CDR_NONE)
			add_cause(b, "obstacle cue", here, h->cue_rule,
				  now ? " is new" : " is gone");
		else if (other[h->rule] == CDR_NONE)
			add_cause2(
				b, here, h->rule, h->cue_rule,
				now ? "rule %s is new and matches in the clause of obstacle cue %s"
				    : "rule %s is gone, whose match stood in the clause of "
				      "obstacle cue %s");
		else
			add_cause2(
				b, here, h->cue_rule, CDR_NONE,
				now ? "obstacle cue %s now stands in the clause of a match"
				    : "obstacle cue %s no longer stands in the clause of a match");
	}
	if (!b->len)
		add_cause(b, now ? "now an obstacle" : "no longer an obstacle", NULL, CDR_NONE, "");
}

static int cmp_span(const void *a, const void *b)
{
	const cdr_span *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static void finish(cdr_differ *df, const cdr_doc *doc, const char *source, pending *p,
		   cdr_changes *out)
{
	const cdr_cbdiff *cd = df->cd;
	const cdr_coding *k = p->kind == CDR_CHANGE_LOSS ? p->oc : p->nc;
	const cdr_codebook *cb = p->kind == CDR_CHANGE_LOSS ? cd->old : cd->new;
	/* the words that code it; for a polarity change, with the cue (that now
	** marks it, or that did) */
	int old_words =
		p->kind == CDR_CHANGE_LOSS || (p->kind == CDR_CHANGE_POLARITY && !p->nc->obstacle);
	const hitrecs *hs = old_words ? &p->ohits : &p->nhits;
	cdr_buf *b = &df->buf;
	b->len = 0;
	if (p->kind == CDR_CHANGE_POLARITY)
		cause_of_polarity(df, p, b);
	else
		cause_of_change(df, p, p->kind == CDR_CHANGE_LOSS, b);
	cdr_spans marks = { NULL, 0, 0 };
	for (size_t i = 0; i < hs->count; i++)
		if (hs->v[i].cancelled_by == CDR_NONE) {
			cdr_spans_push(&marks, hs->v[i].start, hs->v[i].end);
			if (p->kind == CDR_CHANGE_POLARITY && hs->v[i].cue_rule != CDR_NONE)
				cdr_spans_push(&marks, hs->v[i].cue_start, hs->v[i].cue_end);
		}
	if (marks.count > 1)
		qsort(marks.v, marks.count, sizeof *marks.v, cmp_span);
	size_t kept = 0; /* overlapping marks made one */
	for (size_t i = 0; i < marks.count; i++) {
		if (kept && marks.v[i].start <= marks.v[kept - 1].end) {
			if (marks.v[i].end > marks.v[kept - 1].end)
				marks.v[kept - 1].end = marks.v[i].end;
		} else {
			marks.v[kept++] = marks.v[i];
		}
	}
	marks.count = kept;

	CDR_GROW(out->v, out->cap, out->count + 1);
	cdr_change *c = &out->v[out->count++];
	memset(c, 0, sizeof *c);
	c->kind = p->kind;
	c->source = cdr_xstrdup(source);
	cdr_coding_unit(k, df->unit, c->unit, sizeof c->unit);
	c->start = k->start;
	c->end = k->end;
	c->code = cdr_xstrdup(cb->codes[k->code].id);
	cdr_buf rule = CDR_BUF_INIT;
	cdr_rule_text(&cb->rules[k->rule], &rule);
	cdr_buf_cstr(&rule);
	c->rule = cdr_buf_take(&rule);
	c->obstacle = k->obstacle;
	c->cause = cdr_xstrdup(cdr_buf_cstr(b));
	c->context = context_of(doc->text, k->bstart, k->bend, &marks);
	c->code_added_removed = p->kind != CDR_CHANGE_POLARITY &&
				(p->kind == CDR_CHANGE_LOSS ? p->ncode : p->ocode) == CDR_NONE;
	cdr_spans_free(&marks);
}

cdr_rc cdr_differ_run(cdr_differ *df, const cdr_doc *doc, const char *source,
		      const cdr_codings *old, cdr_changes *out, cdr_diag *d)
{
	cdr_rc rc = cdr_coder_run(df->cnew, doc, &df->codings, &df->stats, d);
	if (rc != CDR_OK)
		return rc;
	const cdr_codings *new = &df->codings;
	CDR_GROW(df->oidx, df->oidx_cap, old->count + 1);
	CDR_GROW(df->nidx, df->nidx_cap, new->count + 1);
	for (size_t i = 0; i < old->count; i++)
		df->oidx[i] = i;
	for (size_t i = 0; i < new->count; i++)
		df->nidx[i] = i;
	sort_ctx so = { old->v, df->cd->new_of_old, df->cd->new->code_count };
	sort_ctx sn = { new->v, NULL, df->cd->new->code_count };
	sort_index(df->oidx, old->count, &so);

	pending_reset(df);
	size_t i = 0, j = 0;
	while (i < old->count || j < new->count) {
		const cdr_coding *a = i < old->count ? &old->v[df->oidx[i]] : NULL;
		const cdr_coding *b = j < new->count ? &new->v[df->nidx[j]] : NULL;
		int c = !a ? 1 : !b ? -1 : cmp_coding(a, &so, b, &sn);
		if (c < 0) {
			add_pending(df, CDR_CHANGE_LOSS, a, NULL);
			i++;
		} else if (c > 0) {
			add_pending(df, CDR_CHANGE_GAIN, NULL, b);
			j++;
		} else {
			if (!a->obstacle != !b->obstacle)
				add_pending(df, CDR_CHANGE_POLARITY, a, b);
			i++;
			j++;
		}
	}
	if (!df->npend)
		return CDR_OK;

	/* Trace the paragraphs that hold a change, on both sides, as the coder does
	** (a speaker's label is never matched). */
	df->paragraphs.count = 0;
	cdr_seg_paragraphs(doc->text, doc->len, &df->paragraphs);
	cdr_turns_free(&df->turns);
	size_t labelled = 0;
	if (df->unit == CDR_UNIT_TURN || df->paragraphs.count >= CDR_TURNS_MIN_PARAGRAPHS)
		labelled = cdr_turns_find(doc->text, doc->len, &df->paragraphs, &df->turns);
	size_t turn = 0;
	for (size_t p = 0; p < df->paragraphs.count; p++) {
		cdr_span para = df->paragraphs.v[p];
		size_t match_start = para.start;
		while (turn < df->turns.count && df->turns.v[turn].start < para.start)
			turn++;
		if (labelled && turn < df->turns.count && df->turns.v[turn].start == para.start)
			match_start = df->turns.v[turn].text_start;
		int wanted = 0;
		for (size_t k = 0; k < df->npend && !wanted; k++) {
			const cdr_coding *x = df->pend[k].oc ? df->pend[k].oc : df->pend[k].nc;
			wanted = x->bstart < para.end && x->bend > para.start;
		}
		if (!wanted)
			continue;
		cdr_paragraph_trace tr;
		if ((rc = cdr_coder_trace(df->told, doc, match_start, para.end, &tr, d)) != CDR_OK)
			return rc;
		collect(df, 1, &tr);
		if ((rc = cdr_coder_trace(df->cnew, doc, match_start, para.end, &tr, d)) != CDR_OK)
			return rc;
		collect(df, 0, &tr);
	}
	for (size_t k = 0; k < df->npend; k++)
		finish(df, doc, source, &df->pend[k], out);
	return CDR_OK;
}

/* -------------------------------------------------------- two tables --- */

typedef struct trow {
	const char *source, *unit, *code, *rule, *text; /* in the table's text */
	size_t start, end;
	size_t line;
	size_t rank; /* of its source, in the order of both tables */
	int obstacle;
	const char *key; /* its code, or for OLD the NEW id it was renamed to */
} trow;

typedef struct ttable {
	const char *path;
	cdr_doc doc; /* the file, fields cut and unescaped in place */
	trow *v;
	size_t count, cap;
	const char **sources; /* in order of first appearance */
	size_t nsources, sources_cap;
	const char **byname; /* the same, sorted */
} ttable;

/* Undo the table's escapes (\t \n \r \\) of s in place. */
static void unescape(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static size_t parse_size(const char *s)
{
	return s ? (size_t)strtoull(s, NULL, 10) : 0;
}

static cdr_rc table_read(ttable *t, const char *path, cdr_diag *d)
{
	memset(t, 0, sizeof *t);
	t->path = path;
	cdr_rc rc = cdr_doc_read(path, &t->doc, d);
	if (rc != CDR_OK)
		return rc;
	enum { SOURCE, UNIT, START, END, CODE, POLARITY, RULE, TEXT, NCOLS };
	static const char *const names[NCOLS] = { "source", "unit",     "start", "end",
						  "code",   "polarity", "rule",  "text" };
	size_t col[NCOLS];
	for (size_t i = 0; i < NCOLS; i++)
		col[i] = CDR_NONE;
	const char *fields[64];
	char *p = t->doc.text, *end = t->doc.text + t->doc.len;
	for (size_t line = 1; p < end; line++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		if (e > p && e[-1] == '\r')
			e--;
		*e = '\0';
		size_t n = 0;
		for (char *f = p;;) {
			char *tab = strchr(f, '\t');
			if (n < 64)
				fields[n++] = f;
			if (!tab)
				break;
			*tab = '\0';
			f = tab + 1;
		}
		char *next = nl ? nl + 1 : end;
		if (line == 1) {
			for (size_t i = 0; i < n; i++)
				for (size_t c = 0; c < NCOLS; c++)
					if (strcmp(fields[i], names[c]) == 0 && col[c] == CDR_NONE)
						col[c] = i;
			for (size_t c = 0; c < NCOLS; c++) {
				if (col[c] == CDR_NONE && (c == SOURCE || c == UNIT || c == CODE)) {
					cdr_diag_pos pos = { path, 1, 0, 0, NULL, 0 };
					cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
						     "no '%s' column: not a table 'codeer code' "
						     "wrote (as TSV, with its header)",
						     names[c]);
					return CDR_EINPUT;
				}
			}
			p = next;
			continue;
		}
		p = next;
		if (n == 1 && !*fields[0])
			continue; /* a blank line */
		const char *v[NCOLS];
		for (size_t c = 0; c < NCOLS; c++) {
			v[c] = col[c] != CDR_NONE && col[c] < n ? fields[col[c]] : NULL;
			if (v[c])
				unescape((char *)v[c]);
		}
		if (!v[SOURCE] || !v[UNIT] || !v[CODE]) {
			cdr_diag_pos pos = { path, line, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "a row with %zu fields, too few for "
				     "the header",
				     n);
			return CDR_EINPUT;
		}
		CDR_GROW(t->v, t->cap, t->count + 1);
		trow *r = &t->v[t->count++];
		*r = (trow){ v[SOURCE],
			     v[UNIT],
			     v[CODE],
			     v[RULE] ? v[RULE] : "",
			     v[TEXT] ? v[TEXT] : "",
			     parse_size(v[START]),
			     parse_size(v[END]),
			     line,
			     0,
			     v[POLARITY] && strcmp(v[POLARITY], "obstacle") == 0,
			     v[CODE] };
		if (!t->nsources || strcmp(t->sources[t->nsources - 1], r->source) != 0) {
			CDR_GROW(t->sources, t->sources_cap, t->nsources + 1);
			t->sources[t->nsources++] = r->source;
		}
	}
	/* Sources by first appearance, without repeats. */
	t->byname = cdr_xcalloc(t->nsources + 1, sizeof *t->byname);
	if (t->nsources)
		memcpy(t->byname, t->sources, t->nsources * sizeof *t->sources);
	if (t->nsources > 1)
		qsort(t->byname, t->nsources, sizeof *t->byname, cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < t->nsources; i++)
		if (!u || strcmp(t->byname[u - 1], t->byname[i]) != 0)
			t->byname[u++] = t->byname[i];
	/* first appearance: keep a source where it first stands */
	size_t kept = 0;
	for (size_t i = 0; i < t->nsources; i++) {
		int seen = 0;
		for (size_t j = 0; j < kept && !seen; j++) /* runs of one source are rare */
			seen = strcmp(t->sources[j], t->sources[i]) == 0;
		if (!seen)
			t->sources[kept++] = t->sources[i];
		if (kept == u)
			break;
	}
	t->nsources = u;
	return CDR_OK;
}

static void table_free(ttable *t)
{
	cdr_doc_free(&t->doc);
	free(t->v);
	free(t->sources);
	free(t->byname);
}

/* Index of 'name' in t->byname, or CDR_NONE. */
static size_t find_source(const ttable *t, const char *name)
{
	size_t lo = 0, hi = t->nsources;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->byname[mid], name);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CDR_NONE;
}

static int cmp_trow(const void *a, const void *b)
{
	const trow *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The rank of every source in one order of both tables' sources; CDR_EINPUT if
** the sources they share stand in another order. */
static cdr_rc rank_sources(ttable *o, ttable *n, cdr_diag *d)
{
	/* position in n->sources of each of n->byname */
	size_t *npos = cdr_xcalloc(n->nsources + 1, sizeof *npos);
	for (size_t i = 0; i < n->nsources; i++)
		npos[find_source(n, n->sources[i])] = i;
	size_t *rank_o = cdr_xcalloc(o->nsources + 1, sizeof *rank_o);
	size_t *rank_n = nones(n->nsources);
	size_t rank = 0, j = 0, common = 0, last = 0;
	const char *last_name = NULL;
	cdr_rc rc = CDR_OK;
	for (size_t i = 0; i < o->nsources; i++) {
		size_t q = find_source(n, o->sources[i]);
		if (q != CDR_NONE) {
			size_t at = npos[q];
			if (common && at < last) {
				cdr_diag_pos pos = { o->path, 0, 0, 0, NULL, 0 };
				cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
					     "'%s' comes after '%s' here but before it in %s: the "
					     "tables are not of the same corpus",
					     o->sources[i], last_name, n->path);
				rc = CDR_EINPUT;
				goto done;
			}
			for (; j <= at; j++)
				rank_n[find_source(n, n->sources[j])] = rank++;
			rank_o[i] = rank_n[q];
			common++;
			last = at;
			last_name = o->sources[i];
		} else {
			rank_o[i] = rank++;
		}
	}
	for (; j < n->nsources; j++)
		rank_n[find_source(n, n->sources[j])] = rank++;
	if (!common && o->count && n->count) {
		cdr_diag_pos pos = { o->path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "no source in common with %s (here '%s', there '%s'): the tables are "
			     "not of the same corpus",
			     n->path, o->sources[0], n->sources[0]);
		rc = CDR_EINPUT;
		goto done;
	}
	/* rank_o is by first appearance: look it up by name */
	size_t *rank_o_byname = cdr_xcalloc(o->nsources + 1, sizeof *rank_o_byname);
	for (size_t i = 0; i < o->nsources; i++)
		rank_o_byname[find_source(o, o->sources[i])] = rank_o[i];
	for (size_t i = 0; i < o->count; i++)
		o->v[i].rank = rank_o_byname[find_source(o, o->v[i].source)];
	for (size_t i = 0; i < n->count; i++)
		n->v[i].rank = rank_n[find_source(n, n->v[i].source)];
	free(rank_o_byname);
done:
	free(npos);
	free(rank_o);
	free(rank_n);
	return rc;
}

/* The codes of 't' in order of first appearance, NULL-terminated (pointers into
** the table). */
static const char **codes_of(const ttable *t, size_t *count)
{
	const char **v = cdr_xcalloc(t->count + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++) {
		int seen = 0;
		for (size_t j = n; j-- > 0 && !seen;)
			seen = strcmp(v[j], t->v[i].code) == 0;
		if (!seen)
			v[n++] = t->v[i].code;
	}
	*count = n;
	return v;
}

static int has_code(const char **v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], code) == 0)
			return 1;
	return 0;
}

/* Do the rows of code a in 'o' and of code b in 'n' (both sorted) stand on the
** same units with the same rules? */
static int same_rows(const ttable *o, const char *a, const ttable *n, const char *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < o->count && strcmp(o->v[i].code, a) != 0)
			i++;
		while (j < n->count && strcmp(n->v[j].code, b) != 0)
			j++;
		if (i == o->count || j == n->count)
			return i == o->count && j == n->count;
		const trow *x = &o->v[i++], *y = &n->v[j++];
		if (x->rank != y->rank || x->start != y->start || x->end != y->end ||
		    strcmp(x->unit, y->unit) != 0 || strcmp(x->rule, y->rule) != 0)
			return 0;
	}
}

static void table_change(cdr_table_diff *td, cdr_change_kind kind, const trow *r, const char *cause)
{
	cdr_changes *cs = &td->changes;
	CDR_GROW(cs->v, cs->cap, cs->count + 1);
	cdr_change *c = &cs->v[cs->count++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->source = cdr_xstrdup(r->source);
	snprintf(c->unit, sizeof c->unit, "%s", r->unit);
	c->start = r->start;
	c->end = r->end;
	c->code = cdr_xstrdup(r->code);
	c->rule = cdr_xstrdup(r->rule);
	c->obstacle = r->obstacle;
	c->cause = cdr_xstrdup(cause);
	cdr_span whole = { 0, strlen(r->text) };
	cdr_spans marks = { &whole, 0, 1 };
	c->context = context_of(r->text, 0, whole.end, &marks);
}

static char **dup_list(const char **v, size_t n)
{
	char **out = cdr_xcalloc(n + 1, sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = cdr_xstrdup(v[i]);
	return out;
}

/* A unit of a table: its first row. */
static int cmp_unit(const void *a, const void *b)
{
	const trow *x = *(const trow *const *)a, *y = *(const trow *const *)b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	int c = strcmp(x->unit, y->unit);
	if (c)
		return c;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The units of 't', one row each, sorted by source and unit; NULL if a unit has
** rows of several spans (a table of matches, whose units are paragraphs). */
static const trow **units_of(const ttable *t, size_t *count)
{
	const trow **v = cdr_xcalloc(t->count + 1, sizeof *v);
	for (size_t i = 0; i < t->count; i++)
		v[i] = &t->v[i];
	if (t->count > 1)
		qsort(v, t->count, sizeof *v, cmp_unit);
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++) {
		const trow *last = n ? v[n - 1] : NULL;
		if (last && last->rank == v[i]->rank && strcmp(last->unit, v[i]->unit) == 0) {
			if (last->start != v[i]->start || last->end != v[i]->end) {
				free(v);
				return NULL;
			}
			continue;
		}
		v[n++] = v[i];
	}
	*count = n;
	return v;
}

/* A unit in both tables must span the same text in both. */
static cdr_rc check_units(const ttable *o, const ttable *n, cdr_diag *d)
{
	size_t no = 0, nn = 0;
	const trow **uo = units_of(o, &no), **un = units_of(n, &nn);
	cdr_rc rc = CDR_OK;
	for (size_t i = 0, j = 0; uo && un && i < no && j < nn;) {
		const trow *x = uo[i], *y = un[j];
		int c = x->rank != y->rank ? (x->rank < y->rank ? -1 : 1)
					   : strcmp(x->unit, y->unit);
		if (c) {
			*(c < 0 ? &i : &j) += 1;
			continue;
		}
		if (x->start != y->start || x->end != y->end || strcmp(x->text, y->text) != 0) {
			cdr_diag_pos pos = { o->path, x->line, 0, 0, NULL, 0 };
			cdr_diag_add(
				d, CDR_DIAG_ERROR, &pos,
				"%s %s is %zu-%zu here but %zu-%zu in %s:%zu%s: the tables are "
				"not of the same corpus (or not coded at the same --unit)",
				x->source, x->unit, x->start, x->end, y->start, y->end, n->path,
				y->line,
				x->start == y->start && x->end == y->end ? ", with other text"
									 : "");
			rc = CDR_EINPUT;
			break;
		}
		i++;
		j++;
	}
	free(uo);
	free(un);
	return rc;
}

cdr_rc cdr_table_diff_run(const char *old_path, const char *new_path, cdr_table_diff *out,
			  cdr_diag *d)
{
	memset(out, 0, sizeof *out);
	ttable o, n;
	cdr_rc rc = table_read(&o, old_path, d);
	cdr_rc rc2 = table_read(&n, new_path, d);
	const char **ocodes = NULL, **ncodes = NULL;
	if (rc == CDR_OK)
		rc = rc2;
	if (rc != CDR_OK || (rc = rank_sources(&o, &n, d)) != CDR_OK)
		goto done;
	out->old_rows = o.count;
	out->new_rows = n.count;
	if (o.count > 1)
		qsort(o.v, o.count, sizeof *o.v, cmp_trow);
	if (n.count > 1)
		qsort(n.v, n.count, sizeof *n.v, cmp_trow);

	/* The same span must read the same in both, at the same unit. */
	for (size_t i = 0, j = 0; i < o.count && j < n.count;) {
		const trow *x = &o.v[i], *y = &n.v[j];
		if (x->rank != y->rank || x->start != y->start || x->end != y->end) {
			if (x->rank < y->rank ||
			    (x->rank == y->rank &&
			     (x->start < y->start || (x->start == y->start && x->end < y->end))))
				i++;
			else
				j++;
			continue;
		}
		if (strcmp(x->text, y->text) != 0 || strcmp(x->unit, y->unit) != 0) {
			int text = strcmp(x->text, y->text) != 0;
			cdr_diag_pos pos = { old_path, x->line, 0, 0, NULL, 0 };
			cdr_diag_add(
				d, CDR_DIAG_ERROR, &pos,
				"%s %zu-%zu is %s '%s' here but '%s' in %s:%zu: the tables are "
				"not of the same corpus%s",
				x->source, x->start, x->end, text ? "the text" : "unit",
				text ? x->text : x->unit, text ? y->text : y->unit, new_path,
				y->line, text ? "" : " (or not coded at the same --unit)");
			rc = CDR_EINPUT;
			goto done;
		}
		i++;
		j++;
	}

	if ((rc = check_units(&o, &n, d)) != CDR_OK)
		goto done;

	/* Codes: renames, then the rest. */
	size_t no, nn;
	ocodes = codes_of(&o, &no);
	ncodes = codes_of(&n, &nn);
	const char **old_only = cdr_xcalloc(no + 1, sizeof *old_only);
	const char **new_only = cdr_xcalloc(nn + 1, sizeof *new_only);
	const char **renamed = cdr_xcalloc(2 * no + 1, sizeof *renamed);
	const char **all = cdr_xcalloc(no + nn + 1, sizeof *all);
	size_t nold = 0, nnew = 0, nren = 0, nall = 0;
	int *taken = cdr_xcalloc(nn + 1, sizeof *taken);
	for (size_t i = 0; i < no; i++) {
		if (has_code(ncodes, nn, ocodes[i]))
			continue;
		size_t k = 0;
		for (; k < nn; k++)
			if (!taken[k] && !has_code(ocodes, no, ncodes[k]) &&
			    same_rows(&o, ocodes[i], &n, ncodes[k]))
				break;
		if (k < nn) {
			taken[k] = 1;
			renamed[nren++] = ocodes[i];
			renamed[nren++] = ncodes[k];
			for (size_t r = 0; r < o.count; r++)
				if (strcmp(o.v[r].code, ocodes[i]) == 0)
					o.v[r].key = ncodes[k];
		} else {
			old_only[nold++] = ocodes[i];
		}
	}
	for (size_t k = 0; k < nn; k++) {
		all[nall++] = ncodes[k];
		if (!taken[k] && !has_code(ocodes, no, ncodes[k]))
			new_only[nnew++] = ncodes[k];
	}
	for (size_t i = 0; i < nold; i++)
		all[nall++] = old_only[i];
	free(taken);
	if (nren && o.count > 1)
		qsort(o.v, o.count, sizeof *o.v, cmp_trow);

	/* The changes. */
	cdr_buf cause = CDR_BUF_INIT;
	for (size_t i = 0, j = 0; i < o.count || j < n.count;) {
		const trow *x = i < o.count ? &o.v[i] : NULL, *y = j < n.count ? &n.v[j] : NULL;
		int c = !x ? 1 : !y ? -1 : 0;
		if (!c) {
			c = x->rank != y->rank     ? (x->rank < y->rank ? -1 : 1)
			    : x->start != y->start ? (x->start < y->start ? -1 : 1)
			    : x->end != y->end     ? (x->end < y->end ? -1 : 1)
						   : strcmp(x->key, y->key);
		}
		cause.len = 0;
		if (c < 0) {
			int gone = has_code(old_only, nold, x->code);
			if (gone)
				cdr_buf_adds(&cause, "the code is gone");
			else
				cdr_buf_printf(&cause, "was coded by rule '%s'", x->rule);
			table_change(out, CDR_CHANGE_LOSS, x, cdr_buf_cstr(&cause));
			out->changes.v[out->changes.count - 1].code_added_removed = gone;
			i++;
		} else if (c > 0) {
			int added = has_code(new_only, nnew, y->code);
			if (added)
				cdr_buf_adds(&cause, "the code is new");
			else
				cdr_buf_printf(&cause, "coded by rule '%s'", y->rule);
			table_change(out, CDR_CHANGE_GAIN, y, cdr_buf_cstr(&cause));
			out->changes.v[out->changes.count - 1].code_added_removed = added;
			j++;
		} else {
			if (x->obstacle != y->obstacle)
				table_change(out, CDR_CHANGE_POLARITY, y,
					     y->obstacle ? "now an obstacle"
							 : "no longer an obstacle");
			i++;
			j++;
		}
	}
	cdr_buf_free(&cause);
	out->old_only = dup_list(old_only, nold);
	out->new_only = dup_list(new_only, nnew);
	out->renamed = dup_list(renamed, nren);
	out->codes = dup_list(all, nall);
	free(old_only);
	free(new_only);
	free(renamed);
	free(all);
done:
	free(ocodes);
	free(ncodes);
	table_free(&o);
	table_free(&n);
	return rc;
}

static void free_list(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void cdr_table_diff_free(cdr_table_diff *td)
{
	cdr_changes_free(&td->changes);
	free_list(td->old_only);
	free_list(td->new_only);
	free_list(td->renamed);
	free_list(td->codes);
	memset(td, 0, sizeof *td);
}
