/*
** compare.c -- a coding run against human codings, and the report of it (see
** compare.h).
*/
#include "config.h"

#include "compare.h"
#include "explain.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 600 /* bytes of a unit's text kept for a disagreement */

typedef struct disagreement {
	size_t human;
	size_t code;
	int codeer;    /* 1: codeer gave the code and the person not; 0: the other way */
	char *unit;    /* the unit id */
	char *text;    /* its text, codeer's matches of the code marked with [[ ]] */
	char *account; /* explain's account of the code on the unit */
} disagreement;

typedef struct per_human {
	cdr_human *h;
	cdr_agree *agree;
	cdr_agree_result result;
	size_t left_out;             /* units of its sources that the person did not code */
	size_t sources;              /* its sources found among the inputs */
	const cdr_human_source *now; /* its source for the document being compared */
	cdr_human_source view;       /* an answer's part of a respondent source */
	unsigned char *flags;        /* per code, for the unit being compared */
	int coded_unit;              /* the person coded the unit being compared */
} per_human;

typedef struct pair {
	size_t a, b;
	cdr_agree *agree;
	cdr_agree_result result;
} pair;

struct cdr_compare {
	const cdr_codebook *cb;
	per_human *hum;
	size_t nhum;
	pair *pairs;
	size_t npairs;
	cdr_coder *explainer, *marker;
	unsigned char *codeer; /* per code, for the unit being compared */
	/* Per code, for the unit being compared: someone disagrees with codeer on it
	** (all 0 between units), and what describe_unit() made of it. */
	unsigned char *need;
	size_t *need_list;
	char **note_text, **note_account;
	size_t *ref, *test; /* code lists for cdr_agree_add_unit */
	disagreement *dis;
	size_t ndis, cap;
	int finished;
};

cdr_rc cdr_compare_new(const cdr_matcher *m, cdr_human *const *humans, size_t nhumans,
		       cdr_compare **out, cdr_diag *d)
{
	cdr_compare *c = cdr_xcalloc(1, sizeof *c);
	c->cb = cdr_matcher_codebook(m);
	size_t n = c->cb->code_count ? c->cb->code_count : 1;
	c->nhum = nhumans;
	c->hum = cdr_xcalloc(nhumans ? nhumans : 1, sizeof *c->hum);
	for (size_t i = 0; i < nhumans; i++) {
		c->hum[i].h = humans[i];
		c->hum[i].agree = cdr_agree_new(c->cb->code_count);
		c->hum[i].flags = cdr_xcalloc(n, 1);
	}
	c->npairs = nhumans * (nhumans - (nhumans > 0)) / 2;
	c->pairs = cdr_xcalloc(c->npairs ? c->npairs : 1, sizeof *c->pairs);
	for (size_t i = 0, k = 0; i < nhumans; i++)
		for (size_t j = i + 1; j < nhumans; j++, k++)
			c->pairs[k] = (pair){ i, j, cdr_agree_new(c->cb->code_count), { 0 } };
	c->codeer = cdr_xcalloc(n, 1);
	c->need = cdr_xcalloc(n, 1);
	c->need_list = cdr_xcalloc(n, sizeof *c->need_list);
	c->note_text = cdr_xcalloc(n, sizeof *c->note_text);
	c->note_account = cdr_xcalloc(n, sizeof *c->note_account);
	c->ref = cdr_xcalloc(n, sizeof *c->ref);
	c->test = cdr_xcalloc(n, sizeof *c->test);
	cdr_rc rc = cdr_coder_new(m, CDR_UNIT_PARAGRAPH, &c->explainer, d);
	if (rc == CDR_OK)
		rc = cdr_coder_new(m, CDR_UNIT_MATCH, &c->marker, d);
	if (rc != CDR_OK) {
		cdr_compare_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

/* The unit's text with codeer's matches of 'code' (in cs) marked with [[ ]], cut
** at TEXT_MAX bytes, its white space folded so that it reads as one line. */
static char *marked_text(const cdr_doc *ud, const cdr_codings *cs, size_t code)
{
	cdr_buf b = CDR_BUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < cs->count && at < TEXT_MAX; i++) {
		const cdr_coding *k = &cs->v[i];
		if (k->code != code || k->bstart < at)
			continue;
		cdr_buf_add(&b, ud->text + at, k->bstart - at);
		cdr_buf_adds(&b, "[[");
		cdr_buf_add(&b, ud->text + k->bstart, k->bend - k->bstart);
		cdr_buf_adds(&b, "]]");
		at = k->bend;
	}
	size_t rest = ud->len - at, keepn = rest;
	if (b.len + keepn > TEXT_MAX) { /* cut at a character's start */
		keepn = b.len < TEXT_MAX ? TEXT_MAX - b.len : 0;
		while (keepn > 0 && keepn < rest && (ud->text[at + keepn] & 0xC0) == 0x80)
			keepn--;
	}
	cdr_buf_add(&b, ud->text + at, keepn);
	if (keepn < rest)
		cdr_buf_adds(&b, "...");
	size_t w = 0;
	for (size_t r = 0; r < b.len; r++) {
		char ch = b.data[r];
		int space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
		if (space && (w == 0 || b.data[w - 1] == ' '))
			continue;
		b.data[w++] = space ? ' ' : ch;
	}
	char *text = cdr_xstrndup(b.data ? b.data : "", w);
	cdr_buf_free(&b);
	return text;
}

/* For each code on which someone disagrees with codeer in unit 'u' of 'doc'
** (c->need[code] set; c->need_list holds them): the unit's text with codeer's
** matches of the code marked, and explain's account of the code, into
** c->note_text and c->note_account.  The unit is coded once and traced once, however
** many codes and people disagree on it. */
static void describe_unit(cdr_compare *c, const char *source, const cdr_doc *doc,
			  const cdr_coding *u, size_t nneed)
{
	cdr_doc ud;
	cdr_doc_from_text(source, doc->text + u->bstart, u->bend - u->bstart, &ud);
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	cdr_diag quiet = CDR_DIAG_INIT;
	if (cdr_coder_run(c->marker, &ud, &cs, &st, &quiet) != CDR_OK)
		cs.count = 0;
	cdr_buf *accounts = cdr_xcalloc(nneed, sizeof *accounts);
	int explained = cdr_explain_codes(c->explainer, &ud, c->need_list, nneed, accounts,
					  &quiet) == CDR_OK;
	for (size_t i = 0; i < nneed; i++) {
		size_t code = c->need_list[i];
		c->note_text[code] = marked_text(&ud, &cs, code);
		c->note_account[code] = cdr_xstrdup(explained ? cdr_buf_cstr(&accounts[i]) : "");
		cdr_buf_free(&accounts[i]);
	}
	free(accounts);
	cdr_diag_free(&quiet);
	cdr_codings_free(&cs);
	cdr_doc_free(&ud);
}

/* Keep a disagreement of person 'human' on 'code' in the unit described last. */
static void keep(cdr_compare *c, size_t human, size_t code, int by_codeer, const char *unit_id)
{
	CDR_GROW(c->dis, c->cap, c->ndis + 1);
	disagreement *x = &c->dis[c->ndis++];
	x->human = human;
	x->code = code;
	x->codeer = by_codeer;
	x->unit = cdr_xstrdup(unit_id);
	x->text = cdr_xstrdup(c->note_text[code]);
	x->account = cdr_xstrdup(c->note_account[code]);
}

/* Flags to a list of code indices; returns the count. */
static size_t to_list(const unsigned char *flags, size_t n, size_t *list)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (flags[i])
			list[k++] = i;
	return k;
}

cdr_rc cdr_compare_document(cdr_compare *c, const char *source, const cdr_doc *doc, cdr_unit unit,
			    const cdr_codings *units, const cdr_codings *codings, cdr_diag *d)
{
	size_t ncodes = c->cb->code_count, any = 0;
	for (size_t i = 0; i < c->nhum; i++) {
		per_human *p = &c->hum[i];
		cdr_human_view_free(&p->view);
		if (cdr_human_match(p->h, source, doc, &p->view, &p->now, &p->sources, d) != CDR_OK)
			return CDR_EINPUT;
		any |= p->now != NULL;
	}
	if (!any)
		return CDR_OK;
	size_t k = 0;
	for (size_t ui = 0; ui < units->count; ui++) {
		const cdr_coding *u = &units->v[ui];
		char label[64];
		cdr_coding_unit(u, unit, label, sizeof label);
		memset(c->codeer, 0, ncodes);
		cdr_codings_in_unit(codings, &k, u, c->codeer);
		int covered[64];
		for (size_t i = 0; i < c->nhum; i++) {
			per_human *p = &c->hum[i];
			covered[i % 64] = 0;
			p->coded_unit = 0;
			if (!p->now)
				continue;
			memset(p->flags, 0, ncodes);
			if (!cdr_human_unit_codes(p->now, u, label, p->flags)) {
				p->left_out++;
				continue;
			}
			covered[i % 64] = 1;
			p->coded_unit = 1;
			size_t nref = to_list(p->flags, ncodes, c->ref);
			size_t ntest = to_list(c->codeer, ncodes, c->test);
			cdr_agree_add_unit(p->agree, c->ref, nref, c->test, ntest);
			for (size_t code = 0; code < ncodes; code++)
				c->need[code] |= p->flags[code] != c->codeer[code];
		}
		/* The disagreements, person by person and code by code, each unit and
		** code described once. */
		size_t nneed = to_list(c->need, ncodes, c->need_list);
		if (nneed) {
			describe_unit(c, source, doc, u, nneed);
			cdr_buf id = CDR_BUF_INIT;
			cdr_unit_id(source, u, unit, &id);
			for (size_t i = 0; i < c->nhum; i++)
				for (size_t code = 0; c->hum[i].coded_unit && code < ncodes; code++)
					if (c->hum[i].flags[code] != c->codeer[code])
						keep(c, i, code, c->codeer[code],
						     cdr_buf_cstr(&id));
			cdr_buf_free(&id);
			for (size_t j = 0; j < nneed; j++) {
				size_t code = c->need_list[j];
				free(c->note_text[code]);
				free(c->note_account[code]);
				c->note_text[code] = c->note_account[code] = NULL;
				c->need[code] = 0;
			}
		}
		for (size_t q = 0; q < c->npairs; q++) {
			pair *pr = &c->pairs[q];
			if (pr->a >= 64 || pr->b >= 64 || !covered[pr->a] || !covered[pr->b])
				continue;
			size_t nref = to_list(c->hum[pr->a].flags, ncodes, c->ref);
			size_t ntest = to_list(c->hum[pr->b].flags, ncodes, c->test);
			cdr_agree_add_unit(pr->agree, c->ref, nref, c->test, ntest);
		}
	}
	return CDR_OK;
}

void cdr_compare_finish(cdr_compare *c, const cdr_agree_options *opt)
{
	for (size_t i = 0; i < c->nhum; i++)
		cdr_agree_compute(c->hum[i].agree, opt, &c->hum[i].result);
	for (size_t q = 0; q < c->npairs; q++)
		cdr_agree_compute(c->pairs[q].agree, opt, &c->pairs[q].result);
	c->finished = 1;
}

cdr_rc cdr_compare_check(const cdr_compare *c, cdr_diag *d)
{
	cdr_rc rc = CDR_OK;
	for (size_t i = 0; i < c->nhum; i++) {
		const per_human *p = &c->hum[i];
		cdr_diag_pos pos = { p->h->path, 0, 0, 0, NULL, 0 };
		if (!p->sources) {
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "none of its %zu sources is among the inputs (sources are "
				     "matched by name, then by file name)",
				     p->h->nsources);
			rc = CDR_EINPUT;
		} else if (cdr_agree_units(p->agree) == 0) {
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "no unit of the inputs was coded in it: nothing to compare");
			rc = CDR_EINPUT;
		}
	}
	return rc;
}

double cdr_compare_micro_f1(const cdr_compare *c, size_t i)
{
	return c->hum[i].result.micro.v[CDR_AGREE_F1];
}

/* ---------------------------------------------------------------- report --- */

static void add_num(cdr_buf *b, double v, const char *sep)
{
	if (isnan(v))
		cdr_buf_printf(b, "%sNA", sep);
	else
		cdr_buf_printf(b, "%s%.3f", sep, v);
}

static const int shown_stats[] = { CDR_AGREE_PRECISION, CDR_AGREE_RECALL, CDR_AGREE_F1,
				   CDR_AGREE_AGREEMENT, CDR_AGREE_KAPPA,  CDR_AGREE_ALPHA,
				   CDR_AGREE_AC1,       CDR_AGREE_PABAK };
#define NSHOWN (sizeof shown_stats / sizeof *shown_stats)

static void tsv_row(cdr_buf *b, const char *who, const char *code, size_t units,
		    const cdr_agree_table *t, const cdr_agree_stats *s,
		    const cdr_agree_interval *f1, const cdr_agree_interval *kappa, int unstable)
{
	cdr_buf_printf(b, "%s\t%s\t%zu", who, code, units);
	add_num(b, s->v[CDR_AGREE_PREVALENCE_REF], "\t");
	add_num(b, s->v[CDR_AGREE_PREVALENCE_TEST], "\t");
	cdr_buf_printf(b, "\t%zu\t%zu\t%zu\t%zu", t->tp, t->fp, t->fn, t->tn);
	for (size_t i = 0; i < NSHOWN; i++)
		add_num(b, s->v[shown_stats[i]], "\t");
	add_num(b, f1 ? f1->lo : NAN, "\t");
	add_num(b, f1 ? f1->hi : NAN, "\t");
	add_num(b, kappa ? kappa->lo : NAN, "\t");
	add_num(b, kappa ? kappa->hi : NAN, "\t");
	cdr_buf_printf(b, "\t%s\n", unstable < 0 ? "" : unstable ? "unstable" : "");
}

static void tsv_result(const cdr_compare *c, cdr_buf *b, const char *who, const cdr_agree_result *r)
{
	for (size_t k = 0; k < r->ncodes; k++) {
		const cdr_agree_code *x = &r->codes[k];
		tsv_row(b, who, c->cb->codes[k].id, r->units, &x->table, &x->stats, &x->f1_ci,
			&x->kappa_ci, x->unstable);
	}
	tsv_row(b, who, "(micro)", r->units, &r->micro_table, &r->micro, &r->micro_f1_ci, NULL, -1);
	cdr_agree_table none = { 0, 0, 0, 0 };
	tsv_row(b, who, "(macro)", r->units, &none, &r->macro, NULL, NULL, -1);
}

static void text_row(cdr_buf *b, const char *code, const cdr_agree_table *t,
		     const cdr_agree_stats *s, const cdr_agree_interval *f1, int unstable)
{
	cdr_buf_printf(b, "%-26s %5zu %5zu %4zu %4zu %4zu", code, t->tp + t->fn, t->tp + t->fp,
		       t->tp, t->fp, t->fn);
	static const int cols[] = { CDR_AGREE_PRECISION, CDR_AGREE_RECALL, CDR_AGREE_F1,
				    CDR_AGREE_KAPPA,     CDR_AGREE_ALPHA,  CDR_AGREE_AC1 };
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		double v = s->v[cols[i]];
		if (isnan(v))
			cdr_buf_adds(b, "      -");
		else
			cdr_buf_printf(b, " %6.3f", v);
	}
	if (f1 && !isnan(f1->lo))
		cdr_buf_printf(b, "  [%.2f, %.2f]", f1->lo, f1->hi);
	else if (f1)
		cdr_buf_adds(b, "              ");
	cdr_buf_adds(b, unstable > 0 ? " *\n" : "\n");
}

static void text_result(const cdr_compare *c, cdr_buf *b, const cdr_agree_result *r)
{
	cdr_buf_adds(
		b, "code                         human codeer   tp   fp   fn  prec. recall     f1 "
		   " kappa  alpha    ac1  F1 95% CI\n");
	for (size_t k = 0; k < r->ncodes; k++) {
		const cdr_agree_code *x = &r->codes[k];
		if (x->table.tp + x->table.fp + x->table.fn == 0)
			continue; /* nobody used it: nothing to say */
		text_row(b, c->cb->codes[k].id, &x->table, &x->stats, &x->f1_ci, x->unstable);
	}
	text_row(b, "(micro)", &r->micro_table, &r->micro, &r->micro_f1_ci, 0);
	cdr_agree_table none = { 0, 0, 0, 0 };
	cdr_buf_printf(b, "%-26s %5s %5s %4s %4s %4s", "(macro)", "", "", "", "", "");
	static const int cols[] = { CDR_AGREE_PRECISION, CDR_AGREE_RECALL, CDR_AGREE_F1,
				    CDR_AGREE_KAPPA,     CDR_AGREE_ALPHA,  CDR_AGREE_AC1 };
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		double v = r->macro.v[cols[i]];
		if (isnan(v))
			cdr_buf_adds(b, "      -");
		else
			cdr_buf_printf(b, " %6.3f", v);
	}
	(void)none;
	cdr_buf_addc(b, '\n');
}

static void text_left_out(const per_human *p, cdr_buf *b)
{
	size_t unmatched = 0;
	for (size_t s = 0; s < p->h->nsources; s++)
		unmatched += !p->h->sources[s].matched;
	if (p->left_out)
		cdr_buf_printf(b,
			       "left out: %zu unit%s of its sources that the person did not code\n",
			       p->left_out, p->left_out == 1 ? "" : "s");
	if (unmatched) {
		cdr_buf_printf(b, "left out: %zu source%s not among the inputs:", unmatched,
			       unmatched == 1 ? "" : "s");
		size_t shown = 0;
		for (size_t s = 0; s < p->h->nsources && shown < 5; s++)
			if (!p->h->sources[s].matched)
				cdr_buf_printf(b, "%s %s", shown++ ? "," : "",
					       p->h->sources[s].name);
		cdr_buf_adds(b, unmatched > 5 ? ", ...\n" : "\n");
	}
	for (size_t u = 0; u < p->h->nunknown; u++)
		cdr_buf_printf(b,
			       "left out: code '%s' (%zu selection%s): not in the codebook; map it "
			       "with --map\n",
			       p->h->unknown[u].name, p->h->unknown[u].count,
			       p->h->unknown[u].count == 1 ? "" : "s");
}

static void render_text(const cdr_compare *c, size_t max_shown, cdr_buf *b)
{
	for (size_t i = 0; i < c->nhum; i++) {
		const per_human *p = &c->hum[i];
		cdr_buf_printf(b, "%s%s against %s: %zu units, %zu of %zu sources\n", i ? "\n" : "",
			       c->cb->path, p->h->path, p->result.units, p->sources,
			       p->h->nsources);
		text_result(c, b, &p->result);
		text_left_out(p, b);
	}
	for (size_t q = 0; q < c->npairs; q++) {
		const pair *pr = &c->pairs[q];
		cdr_buf_printf(b,
			       "\n%s against %s (two people: the ceiling; 'human' is the first,\n"
			       "'codeer' the second): %zu units\n",
			       c->hum[pr->b].h->path, c->hum[pr->a].h->path, pr->result.units);
		text_result(c, b, &pr->result);
	}
	int unstable = 0;
	for (size_t i = 0; i < c->nhum; i++)
		for (size_t k = 0; k < c->hum[i].result.ncodes; k++)
			unstable |= c->hum[i].result.codes[k].unstable;
	if (unstable)
		cdr_buf_printf(b,
			       "\n* fewer than %d units with the code: the figures are unstable\n",
			       CDR_AGREE_MIN_POSITIVES);
	for (size_t i = 0; i < c->nhum; i++) {
		size_t n = 0, shown = 0;
		for (size_t x = 0; x < c->ndis; x++)
			n += c->dis[x].human == i;
		if (!n)
			continue;
		cdr_buf_printf(
			b, "\nDisagreements with %s: %zu (showing %zu; --format json has all)\n",
			c->hum[i].h->path, n, n < max_shown ? n : max_shown);
		for (size_t x = 0; x < c->ndis && shown < max_shown; x++) {
			const disagreement *d = &c->dis[x];
			if (d->human != i)
				continue;
			shown++;
			cdr_buf_printf(b, "\n%s %s %s\n  \"%s\"\n", d->unit,
				       d->codeer ? "codeer only:" : "person only:",
				       c->cb->codes[d->code].id, d->text);
			/* The account without its first line (the unit again) and, where
			** codeer coded, without the rules that found nothing. */
			const char *line = strchr(d->account, '\n');
			while (line && *++line) {
				const char *nl = strchr(line, '\n');
				size_t len = nl ? (size_t)(nl - line) : strlen(line);
				if (!d->codeer || len < 10 ||
				    memcmp(line + len - 10, ": no match", 10) != 0) {
					cdr_buf_add(b, line, len);
					cdr_buf_addc(b, '\n');
				}
				line = nl;
			}
		}
	}
}

static json_t *json_num(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *json_figures(const cdr_agree_table *t, const cdr_agree_stats *s)
{
	json_t *o = json_object();
	if (t) {
		json_object_set_new(o, "tp", json_integer((json_int_t)t->tp));
		json_object_set_new(o, "fp", json_integer((json_int_t)t->fp));
		json_object_set_new(o, "fn", json_integer((json_int_t)t->fn));
		json_object_set_new(o, "tn", json_integer((json_int_t)t->tn));
	}
	for (int i = 0; i < CDR_AGREE_NSTATS; i++)
		json_object_set_new(o, cdr_agree_stat_name(i), json_num(s->v[i]));
	return o;
}

static json_t *json_interval(const cdr_agree_interval *ci)
{
	json_t *a = json_array();
	json_array_append_new(a, json_num(ci->lo));
	json_array_append_new(a, json_num(ci->hi));
	return a;
}

static json_t *json_result(const cdr_compare *c, const cdr_agree_result *r)
{
	json_t *o = json_object(), *codes = json_array();
	json_object_set_new(o, "units", json_integer((json_int_t)r->units));
	for (size_t k = 0; k < r->ncodes; k++) {
		const cdr_agree_code *x = &r->codes[k];
		json_t *row = json_figures(&x->table, &x->stats);
		json_object_set_new(row, "code", json_string(c->cb->codes[k].id));
		json_object_set_new(row, "f1_ci", json_interval(&x->f1_ci));
		json_object_set_new(row, "kappa_ci", json_interval(&x->kappa_ci));
		json_object_set_new(row, "unstable", json_boolean(x->unstable));
		json_array_append_new(codes, row);
	}
	json_object_set_new(o, "codes", codes);
	json_t *micro = json_figures(&r->micro_table, &r->micro);
	json_object_set_new(micro, "f1_ci", json_interval(&r->micro_f1_ci));
	json_object_set_new(o, "micro", micro);
	json_object_set_new(o, "macro", json_figures(NULL, &r->macro));
	return o;
}

static void render_json(const cdr_compare *c, cdr_buf *b)
{
	json_t *root = json_object(), *humans = json_array(), *pairs = json_array();
	json_object_set_new(root, "codebook", json_string(c->cb->path));
	for (size_t i = 0; i < c->nhum; i++) {
		const per_human *p = &c->hum[i];
		json_t *o = json_result(c, &p->result), *dis = json_array(), *miss = json_array();
		json_object_set_new(o, "human", json_string(p->h->path));
		json_object_set_new(o, "left_out_units", json_integer((json_int_t)p->left_out));
		for (size_t s = 0; s < p->h->nsources; s++)
			if (!p->h->sources[s].matched)
				json_array_append_new(miss, json_string(p->h->sources[s].name));
		json_object_set_new(o, "sources_not_in_inputs", miss);
		json_t *unknown = json_object();
		for (size_t u = 0; u < p->h->nunknown; u++)
			json_object_set_new(unknown, p->h->unknown[u].name,
					    json_integer((json_int_t)p->h->unknown[u].count));
		json_object_set_new(o, "codes_not_in_codebook", unknown);
		for (size_t x = 0; x < c->ndis; x++) {
			const disagreement *d = &c->dis[x];
			if (d->human != i)
				continue;
			json_t *r = json_object();
			json_object_set_new(r, "unit", json_string(d->unit));
			json_object_set_new(r, "code", json_string(c->cb->codes[d->code].id));
			json_object_set_new(r, "by", json_string(d->codeer ? "codeer" : "human"));
			json_object_set_new(r, "text", json_string(d->text));
			json_object_set_new(r, "explain", json_string(d->account));
			json_array_append_new(dis, r);
		}
		json_object_set_new(o, "disagreements", dis);
		json_array_append_new(humans, o);
	}
	for (size_t q = 0; q < c->npairs; q++) {
		json_t *o = json_result(c, &c->pairs[q].result);
		json_object_set_new(o, "reference", json_string(c->hum[c->pairs[q].a].h->path));
		json_object_set_new(o, "measured", json_string(c->hum[c->pairs[q].b].h->path));
		json_array_append_new(pairs, o);
	}
	json_object_set_new(root, "humans", humans);
	json_object_set_new(root, "humans_against_each_other", pairs);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	cdr_buf_adds(b, s);
	cdr_buf_addc(b, '\n');
	free(s);
	json_decref(root);
}

void cdr_compare_render(const cdr_compare *c, cdr_compare_format fmt, size_t max_shown,
			cdr_buf *out)
{
	if (fmt == CDR_COMPARE_JSON) {
		render_json(c, out);
		return;
	}
	if (fmt == CDR_COMPARE_TEXT) {
		render_text(c, max_shown, out);
		return;
	}
	cdr_buf_adds(out,
		     "human\tcode\tunits\tprevalence_human\tprevalence_codeer\ttp\tfp\tfn\ttn");
	for (size_t i = 0; i < NSHOWN; i++)
		cdr_buf_printf(out, "\t%s", cdr_agree_stat_name(shown_stats[i]));
	cdr_buf_adds(out, "\tf1_lo\tf1_hi\tkappa_lo\tkappa_hi\tflag\n");
	for (size_t i = 0; i < c->nhum; i++)
		tsv_result(c, out, c->hum[i].h->path, &c->hum[i].result);
	for (size_t q = 0; q < c->npairs; q++) {
		cdr_buf who = CDR_BUF_INIT;
		cdr_buf_printf(&who, "%s~%s", c->hum[c->pairs[q].a].h->path,
			       c->hum[c->pairs[q].b].h->path);
		tsv_result(c, out, cdr_buf_cstr(&who), &c->pairs[q].result);
		cdr_buf_free(&who);
	}
}

void cdr_compare_free(cdr_compare *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nhum; i++) {
		cdr_agree_free(c->hum[i].agree);
		if (c->finished)
			cdr_agree_result_free(&c->hum[i].result);
		free(c->hum[i].flags);
		cdr_human_view_free(&c->hum[i].view);
	}
	for (size_t q = 0; q < c->npairs; q++) {
		cdr_agree_free(c->pairs[q].agree);
		if (c->finished)
			cdr_agree_result_free(&c->pairs[q].result);
	}
	for (size_t x = 0; x < c->ndis; x++) {
		free(c->dis[x].unit);
		free(c->dis[x].text);
		free(c->dis[x].account);
	}
	free(c->dis);
	free(c->hum);
	free(c->pairs);
	free(c->codeer);
	free(c->need);
	free(c->need_list);
	free(c->note_text);
	free(c->note_account);
	free(c->ref);
	free(c->test);
	cdr_coder_free(c->explainer);
	cdr_coder_free(c->marker);
	free(c);
}
