/*
** wordstudy.c -- which units count in which set of the word counter, and the
** lists reported of them (see wordstudy.h).
*/
#include "config.h"

#include "wordstudy.h"

#include <stdlib.h>
#include <string.h>

/* The sets of a human study: per code k, 1 + 3k the person's units, 2 + 3k the
** misses, 3 + 3k the false hits.  An uncoded study's set 1 is the uncoded units. */
#define SET_HUMAN(k)  (1 + 3 * (k))
#define SET_MISSED(k) (2 + 3 * (k))
#define SET_FALSE(k)  (3 + 3 * (k))

struct cdr_wordstudy {
	const cdr_codebook *cb;
	cdr_wordstudy_options opt;
	cdr_wordfreq *wf;
	size_t matched_sources;
	cdr_human_source view;       /* an answer's part of a respondent source */
	unsigned char *gold, *coded; /* per code, for the unit at hand */
	size_t *sets;                /* the sets of the unit at hand */
};

cdr_rc cdr_wordstudy_new(const cdr_codebook *cb, const cdr_wordstudy_options *opt,
			 cdr_wordstudy **out, cdr_diag *d)
{
	cdr_wordstudy *s = cdr_xcalloc(1, sizeof *s);
	s->cb = cb;
	s->opt = *opt;
	size_t ncodes = cb->code_count;
	size_t nsets = opt->kind == CDR_WORDSTUDY_HUMAN     ? 1 + 3 * ncodes
		       : opt->kind == CDR_WORDSTUDY_UNCODED ? 2
							    : 1;
	s->gold = cdr_xcalloc(ncodes + 1, 1);
	s->coded = cdr_xcalloc(ncodes + 1, 1);
	s->sets = cdr_xcalloc(nsets + 1, sizeof *s->sets);
	cdr_rc rc = cdr_wordfreq_new(opt->max_words, nsets, &s->wf, d);
	if (rc != CDR_OK) {
		cdr_wordstudy_free(s);
		s = NULL;
	}
	*out = s;
	return rc;
}

void cdr_wordstudy_free(cdr_wordstudy *s)
{
	if (!s)
		return;
	cdr_human_view_free(&s->view);
	cdr_wordfreq_free(s->wf);
	free(s->gold);
	free(s->coded);
	free(s->sets);
	free(s);
}

void cdr_wordstudy_stopwords(cdr_wordstudy *s, const char *t, size_t len)
{
	cdr_wordfreq_stopwords(s->wf, t, len);
}

cdr_rc cdr_wordstudy_document(cdr_wordstudy *s, const char *source, const cdr_doc *doc,
			      cdr_unit unit, const cdr_codings *units, const cdr_codings *codings,
			      cdr_diag *d)
{
	size_t ncodes = s->cb->code_count;
	const cdr_human_source *hs = NULL;
	if (s->opt.kind == CDR_WORDSTUDY_HUMAN) {
		cdr_human_view_free(&s->view);
		if (cdr_human_match(s->opt.human, source, doc, &s->view, &hs, &s->matched_sources,
				    d) != CDR_OK)
			return CDR_EINPUT;
		if (!hs)
			return CDR_OK;
	}
	size_t k = 0;
	for (size_t ui = 0; ui < units->count; ui++) {
		const cdr_coding *u = &units->v[ui];
		memset(s->coded, 0, ncodes);
		int any = cdr_codings_in_unit(codings, &k, u, s->coded);
		size_t n = 0;
		if (hs) {
			char label[64];
			cdr_coding_unit(u, unit, label, sizeof label);
			memset(s->gold, 0, ncodes);
			if (!cdr_human_unit_codes(hs, u, label, s->gold))
				continue; /* the person did not code it */
			for (size_t code = 0; code < ncodes; code++) {
				if (s->gold[code])
					s->sets[n++] = SET_HUMAN(code);
				if (s->gold[code] && !s->coded[code])
					s->sets[n++] = SET_MISSED(code);
				if (!s->gold[code] && s->coded[code])
					s->sets[n++] = SET_FALSE(code);
			}
		} else if (s->opt.kind == CDR_WORDSTUDY_UNCODED && !any) {
			s->sets[n++] = 1;
		}
		cdr_rc rc = cdr_wordfreq_add(s->wf, doc->text, u->bstart, u->bend, s->sets, n, d);
		if (rc != CDR_OK)
			return rc;
	}
	return CDR_OK;
}

cdr_rc cdr_wordstudy_check(const cdr_wordstudy *s, cdr_diag *d)
{
	if (s->opt.kind != CDR_WORDSTUDY_HUMAN)
		return CDR_OK;
	const cdr_human *h = s->opt.human;
	cdr_diag_pos pos = { h->path, 0, 0, 0, NULL, 0 };
	if (!s->matched_sources)
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "none of its %zu sources is among the inputs (sources are matched "
			     "by name, then by file name)",
			     h->nsources);
	else if (!cdr_wordfreq_units(s->wf, 0))
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "no unit of the inputs was coded in it");
	else
		return CDR_OK;
	return CDR_EINPUT;
}

static int wanted(const cdr_wordstudy *s, size_t code)
{
	for (size_t i = 0; i < s->opt.ncodes; i++)
		if (s->opt.codes[i] == code)
			return 1;
	return !s->opt.ncodes;
}

/* The lists of a human study: per code the person's units, the misses, the false
** hits (those with units); titles appended to 'titles' NUL-separated, their
** offsets in offs[]. */
static size_t human_lists(const cdr_wordstudy *s, cdr_wordfreq_order order, cdr_wordfreq_list *v,
			  size_t *offs, cdr_buf *titles, cdr_buf *heading)
{
	static const char *const kinds[] = { "human", "missed", "false-hit" };
	const cdr_codebook *cb = s->cb;
	size_t n = 0, all = cdr_wordfreq_units(s->wf, 0);
	cdr_buf_printf(heading, "%s: %zu units the person coded, %zu words", s->opt.human->path,
		       all, cdr_wordfreq_total(s->wf, 0, 1));
	for (size_t k = 0; k < cb->code_count; k++) {
		if (!wanted(s, k))
			continue;
		if (!cdr_wordfreq_units(s->wf, SET_HUMAN(k)) &&
		    !cdr_wordfreq_units(s->wf, SET_FALSE(k))) {
			if (s->opt.ncodes) /* asked for: say why it has no lists */
				cdr_buf_printf(heading,
					       "; %s: no unit the person gave it, no false hit",
					       cb->codes[k].id);
			continue;
		}
		const char *id = cb->codes[k].id;
		for (size_t kind = 0; kind < 3; kind++) {
			size_t set = SET_HUMAN(k) + kind, units = cdr_wordfreq_units(s->wf, set);
			if (!units && kind > 0)
				continue;
			offs[n] = titles->len;
			if (kind == 0)
				cdr_buf_printf(titles,
					       "%s (%s): over-represented in the %zu units the "
					       "person gave it (against the other %zu)",
					       id, cb->codes[k].label, units, all - units);
			else if (kind == 1)
				cdr_buf_printf(titles,
					       "%s: in the %zu units codeer missed (the person "
					       "gave it, codeer did not)",
					       id, units);
			else
				cdr_buf_printf(titles,
					       "%s: in the %zu false hits (codeer gave it, the "
					       "person did not)",
					       id, units);
			cdr_buf_addc(titles, '\0');
			v[n++] = (cdr_wordfreq_list){ kinds[kind], NULL, set, 0, k, order };
		}
	}
	return n;
}

/* The lists of an all or uncoded study: one per phrase length. */
static size_t length_lists(const cdr_wordstudy *s, cdr_wordfreq_order order, cdr_wordfreq_list *v,
			   size_t *offs, cdr_buf *titles, cdr_buf *heading)
{
	static const char *const names[] = { "", "Words", "Two-word phrases",
					     "Three-word phrases" };
	int uncoded = s->opt.kind == CDR_WORDSTUDY_UNCODED;
	size_t n = 0, all = cdr_wordfreq_units(s->wf, 0), words = cdr_wordfreq_total(s->wf, 0, 1);
	if (uncoded)
		cdr_buf_printf(heading, "%zu units, %zu words; %zu units no code got, %zu words",
			       all, words, cdr_wordfreq_units(s->wf, 1),
			       cdr_wordfreq_total(s->wf, 1, 1));
	else
		cdr_buf_printf(heading, "%zu units, %zu words", all, words);
	for (size_t len = 1; len <= s->opt.max_words; len++) {
		offs[n] = titles->len;
		cdr_buf_printf(titles, uncoded ? "%s in the units no code got" : "%s", names[len]);
		cdr_buf_addc(titles, '\0');
		v[n++] = (cdr_wordfreq_list){
			uncoded ? "uncoded" : "all", NULL, uncoded ? 1 : 0, len, CDR_NONE, order
		};
	}
	return n;
}

cdr_rc cdr_wordstudy_render(const cdr_wordstudy *s, const cdr_matcher *m, size_t top,
			    size_t min_count, cdr_wordfreq_format fmt, cdr_buf *out, cdr_diag *d)
{
	int human = s->opt.kind == CDR_WORDSTUDY_HUMAN;
	cdr_wordfreq_order order = s->opt.order >= 0 ? (cdr_wordfreq_order)s->opt.order
				   : human           ? CDR_WORDFREQ_BY_KEYNESS
						     : CDR_WORDFREQ_BY_COUNT;
	size_t most = 3 * s->cb->code_count + CDR_WORDFREQ_MAX_N + 1;
	cdr_wordfreq_list *lists = cdr_xcalloc(most, sizeof *lists);
	size_t *offs = cdr_xcalloc(most, sizeof *offs);
	cdr_buf titles = CDR_BUF_INIT, heading = CDR_BUF_INIT;
	size_t n = human ? human_lists(s, order, lists, offs, &titles, &heading)
			 : length_lists(s, order, lists, offs, &titles, &heading);
	/* The titles point into one buffer once it is complete. */
	for (size_t i = 0; i < n; i++)
		lists[i].title = titles.data + offs[i];
	cdr_rc rc = cdr_wordfreq_render(s->wf, cdr_buf_cstr(&heading), lists, n, top, min_count, m,
					fmt, out, d);
	free(lists);
	free(offs);
	cdr_buf_free(&titles);
	cdr_buf_free(&heading);
	return rc;
}
