/*
** coder.c -- from a document to its codings (see coder.h).
**
** Paragraphs are the unit of work: each is normalised and matched on its own, so
** no match runs across a blank line and memory follows the largest paragraph.
** Matches are mapped back to original byte spans through the normaliser's map,
** grouped into units, sorted, and finally given code point offsets in one sweep
** over the document.
*/
#include "config.h"

#include "coder.h"
#include "mem.h"
#include "norm.h"
#include "seg.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

struct cdr_coder {
	const cdr_matcher *matcher;
	const cdr_codebook *cb;
	cdr_unit unit;
	cdr_seg *seg; /* NULL unless the unit needs sentences */
	cdr_match_scratch *scratch;
	cdr_norm norm;
	cdr_matches matches;
	cdr_spans paragraphs;
	cdr_spans sentences;
	size_t *first_rule; /* per code: rule of the first match in the unit, or -1 */
	size_t *first_at;   /* per code: where that match starts */
};

static const char *const unit_names[] = { "match", "sentence", "paragraph" };

const char *cdr_unit_name(cdr_unit unit)
{
	return unit_names[unit];
}

int cdr_unit_parse(const char *s, cdr_unit *unit)
{
	for (size_t i = 0; i < sizeof unit_names / sizeof *unit_names; i++) {
		if (strcmp(s, unit_names[i]) == 0) {
			*unit = (cdr_unit)i;
			return 1;
		}
	}
	return 0;
}

void cdr_codings_free(cdr_codings *cs)
{
	free(cs->v);
	cs->v = NULL;
	cs->count = cs->cap = 0;
}

cdr_rc cdr_coder_new(const cdr_matcher *m, const cdr_codebook *cb, cdr_unit unit, cdr_coder **out,
		     cdr_diag *d)
{
	cdr_coder *c = cdr_xcalloc(1, sizeof *c);
	c->matcher = m;
	c->cb = cb;
	c->unit = unit;
	if (unit == CDR_UNIT_SENTENCE) {
		cdr_rc rc = cdr_seg_new(&c->seg, d);
		if (rc != CDR_OK) {
			free(c);
			*out = NULL;
			return rc;
		}
	}
	c->scratch = cdr_match_scratch_new(m);
	c->first_rule = cdr_xcalloc(cb->code_count, sizeof *c->first_rule);
	c->first_at = cdr_xcalloc(cb->code_count, sizeof *c->first_at);
	*out = c;
	return CDR_OK;
}

void cdr_coder_free(cdr_coder *c)
{
	if (!c)
		return;
	cdr_seg_free(c->seg);
	cdr_match_scratch_free(c->scratch);
	cdr_norm_free(&c->norm);
	cdr_matches_free(&c->matches);
	cdr_spans_free(&c->paragraphs);
	cdr_spans_free(&c->sentences);
	free(c->first_rule);
	free(c->first_at);
	free(c);
}

static void push(cdr_codings *out, size_t bstart, size_t bend, size_t code, size_t rule,
		 size_t paragraph, size_t sentence)
{
	CDR_GROW(out->v, out->cap, out->count + 1);
	cdr_coding *k = &out->v[out->count++];
	memset(k, 0, sizeof *k);
	k->bstart = bstart;
	k->bend = bend;
	k->code = code;
	k->rule = rule;
	k->paragraph = paragraph;
	k->sentence = sentence;
}

/* One coding per code that has a match in the unit [ustart, uend) of the original,
** among the mapped matches (start in ms[].start, original bytes). */
static void code_unit(cdr_coder *c, const cdr_match *ms, size_t n, size_t ustart, size_t uend,
		      size_t paragraph, size_t sentence, cdr_codings *out)
{
	size_t ncodes = c->cb->code_count;
	for (size_t k = 0; k < ncodes; k++)
		c->first_rule[k] = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		if (ms[i].start < ustart || ms[i].start >= uend)
			continue;
		size_t code = c->cb->rules[ms[i].rule].code;
		if (c->first_rule[code] == (size_t)-1 || ms[i].start < c->first_at[code] ||
		    (ms[i].start == c->first_at[code] && ms[i].rule < c->first_rule[code])) {
			c->first_rule[code] = ms[i].rule;
			c->first_at[code] = ms[i].start;
		}
	}
	for (size_t k = 0; k < ncodes; k++)
		if (c->first_rule[k] != (size_t)-1)
			push(out, ustart, uend, k, c->first_rule[k], paragraph, sentence);
}

static int cmp_coding(const void *a, const void *b)
{
	const cdr_coding *x = a, *y = b;
	if (x->bstart != y->bstart)
		return x->bstart < y->bstart ? -1 : 1;
	if (x->bend != y->bend)
		return x->bend < y->bend ? -1 : 1;
	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return 0;
}

cdr_rc cdr_coder_run(cdr_coder *c, const cdr_doc *doc, cdr_codings *out, cdr_coder_stats *stats,
		     cdr_diag *d)
{
	out->count = 0;
	c->paragraphs.count = 0;
	cdr_seg_paragraphs(doc->text, doc->len, &c->paragraphs);
	stats->paragraphs += c->paragraphs.count;
	if (c->unit == CDR_UNIT_PARAGRAPH)
		stats->units += c->paragraphs.count;

	for (size_t p = 0; p < c->paragraphs.count; p++) {
		cdr_span para = c->paragraphs.v[p];
		cdr_norm_run(&c->norm, doc->text + para.start, para.end - para.start, para.start);
		c->matches.count = 0;
		cdr_rc rc = cdr_matcher_run(c->matcher, c->scratch, c->norm.text.data,
					    c->norm.text.len, &c->matches, d);
		if (rc != CDR_OK) {
			size_t line = 1;
			for (size_t i = 0; i < para.start; i++)
				line += doc->text[i] == '\n' ||
					(doc->text[i] == '\r' && doc->text[i + 1] != '\n');
			cdr_diag_pos pos = { doc->name, line, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_NOTE, &pos, "while coding paragraph %zu", p + 1);
		}
		if (rc != CDR_OK)
			return rc;

		/* Matches now in original byte offsets. */
		for (size_t i = 0; i < c->matches.count; i++) {
			cdr_match *m = &c->matches.v[i];
			cdr_norm_span(&c->norm, m->start, m->end, &m->start, &m->end);
		}

		switch (c->unit) {
		case CDR_UNIT_MATCH:
			for (size_t i = 0; i < c->matches.count; i++) {
				const cdr_match *m = &c->matches.v[i];
				push(out, m->start, m->end, c->cb->rules[m->rule].code, m->rule,
				     p + 1, 0);
			}
			break;
		case CDR_UNIT_PARAGRAPH:
			code_unit(c, c->matches.v, c->matches.count, para.start, para.end, p + 1, 0,
				  out);
			break;
		case CDR_UNIT_SENTENCE: {
			c->sentences.count = 0;
			rc = cdr_seg_sentences(c->seg, doc->text, para.start, para.end,
					       &c->sentences);
			if (rc != CDR_OK) {
				cdr_diag_add(d, CDR_DIAG_ERROR, NULL,
					     "ICU could not segment %s into sentences", doc->name);
				return rc;
			}
			stats->sentences += c->sentences.count;
			stats->units += c->sentences.count;
			for (size_t s = 0; s < c->sentences.count; s++) {
				/* A sentence owns the matches that start in it or in the white
				** space before the next sentence. */
				size_t from = s == 0 ? para.start : c->sentences.v[s].start;
				size_t to = s + 1 < c->sentences.count ? c->sentences.v[s + 1].start
								       : para.end;
				size_t before = out->count;
				code_unit(c, c->matches.v, c->matches.count, from, to, p + 1, s + 1,
					  out);
				for (size_t k = before; k < out->count; k++) {
					out->v[k].bstart = c->sentences.v[s].start;
					out->v[k].bend = c->sentences.v[s].end;
				}
			}
			break;
		}
		}
	}

	if (out->count > 1) /* qsort must not get NULL, even for 0 items */
		qsort(out->v, out->count, sizeof *out->v, cmp_coding);
	/* One coding per (span, code): keep the first rule. */
	size_t kept = 0;
	for (size_t i = 0; i < out->count; i++) {
		if (kept && out->v[kept - 1].bstart == out->v[i].bstart &&
		    out->v[kept - 1].bend == out->v[i].bend &&
		    out->v[kept - 1].code == out->v[i].code)
			continue;
		out->v[kept++] = out->v[i];
	}
	out->count = kept;

	/* Code point offsets, in one sweep: starts are sorted. */
	size_t at_byte = 0, at_cp = 0;
	for (size_t i = 0; i < out->count; i++) {
		cdr_coding *k = &out->v[i];
		at_cp += cdr_utf8_count(doc->text + at_byte, k->bstart - at_byte);
		at_byte = k->bstart;
		k->start = at_cp;
		k->end = at_cp + cdr_utf8_count(doc->text + k->bstart, k->bend - k->bstart);
	}
	return CDR_OK;
}
