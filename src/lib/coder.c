/*
** coder.c -- from a document to its codings (see coder.h).
**
** Paragraphs are the unit of work: each is normalised and matched on its own, so
** no match runs across a blank line and memory follows the largest paragraph.
** Atom matches are mapped back to original byte spans through the normaliser's
** map, combined into rule hits by the evaluator (eval.h), grouped into units,
** sorted, and finally given code point offsets in one sweep over the document.
*/
#include "config.h"

#include "coder.h"
#include "eval.h"
#include "invariant.h"
#include "mem.h"
#include "norm.h"
#include "seg.h"
#include "turns.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cdr_coder {
	const cdr_matcher *matcher;
	const cdr_codebook *cb;
	const cdr_program *program;
	cdr_unit unit;
	cdr_seg *seg; /* NULL unless sentences or words are needed */
	cdr_match_scratch *scratch;
	cdr_evaluator *evaluator;
	cdr_norm norm;
	cdr_matches matches;
	cdr_hits hits;
	cdr_spans paragraphs;
	cdr_spans sentences;
	cdr_spans words;
	cdr_spans units;
	cdr_turns turns;
	cdr_hits turn_hits; /* with CDR_UNIT_TURN or _ANSWER: the hits of the whole document */
	size_t *para_hits;  /* with CDR_UNIT_TURN: turn_hits.count after paragraph i */
	size_t para_hits_cap;
	size_t hits_scanned; /* hits code_unit() has looked at, for tests (cdr_coder_work) */
	cdr_hits by_start;   /* with CDR_UNIT_SENTENCE: a paragraph's hits by start */
	cdr_eval_input input;
	size_t *first_rule; /* per code: rule of the first hit in the unit, or CDR_NONE */
	size_t *first_at;   /* per code: where that hit starts */
	int *obstacle;      /* per code: some hit in the unit is an obstacle */
	int keep_units;     /* list every unit (cdr_coder_units) */
	int answers;        /* documents are survey answers (cdr_coder_set_answers) */
	cdr_codings unit_list;
	cdr_codings sort_tmp; /* room for sort_codings() */
	struct coding_key *sort_keys;
	size_t sort_keys_cap;
};

static const char *const unit_names[] = { "match", "sentence", "paragraph", "turn", "answer" };

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

const cdr_codebook *cdr_coder_codebook(const cdr_coder *c)
{
	return c->cb;
}

const cdr_program *cdr_coder_program(const cdr_coder *c)
{
	return c->program;
}

/* Append the letter 'tag' and the number v to buf[*at..n), keeping it terminated. */
static void label_part(char *buf, size_t n, size_t *at, char tag, size_t v)
{
	char digits[CDR_SIZE_DIGITS];
	size_t len;
	const char *d = cdr_size_digits(v, digits, &len);
	if (*at + 1 + len >= n)
		return;
	buf[(*at)++] = tag;
	memcpy(buf + *at, d, len);
	*at += len;
	buf[*at] = '\0';
}

const char *cdr_coding_unit(const cdr_coding *k, cdr_unit unit, char *buf, size_t n)
{
	size_t at = 0;
	if (n)
		buf[0] = '\0';
	if (unit == CDR_UNIT_ANSWER) {
		snprintf(buf, n, "answer");
	} else if (unit == CDR_UNIT_TURN) {
		label_part(buf, n, &at, 't', k->turn);
	} else {
		label_part(buf, n, &at, 'p', k->paragraph);
		if (k->sentence && at + 1 < n) {
			buf[at++] = '.';
			buf[at] = '\0';
			label_part(buf, n, &at, 's', k->sentence);
		}
	}
	return buf;
}

int cdr_codings_in_unit(const cdr_codings *codings, size_t *from, const cdr_coding *unit,
			unsigned char *codes)
{
	size_t k = *from;
	int any = 0;
	while (k < codings->count && codings->v[k].bstart < unit->bstart)
		k++;
	*from = k;
	for (; k < codings->count; k++) {
		const cdr_coding *x = &codings->v[k];
		/* An empty unit (an empty answer) holds the codings that start at it. */
		if (x->bstart >= unit->bend &&
		    !(x->bstart == unit->bstart && unit->bend == unit->bstart))
			break;
		codes[x->code] = 1;
		any = 1;
	}
	return any;
}

const char *cdr_coding_polarity(const cdr_coding *k)
{
	return k->obstacle ? "obstacle" : "neutral";
}

void cdr_codings_free(cdr_codings *cs)
{
	free(cs->v);
	cs->v = NULL;
	cs->count = cs->cap = 0;
}

cdr_rc cdr_coder_new(const cdr_matcher *m, cdr_unit unit, cdr_coder **out, cdr_diag *d)
{
	const cdr_codebook *cb = cdr_matcher_codebook(m);
	cdr_coder *c = cdr_xcalloc(1, sizeof *c);
	c->matcher = m;
	c->cb = cb;
	c->program = cdr_matcher_program(m);
	c->unit = unit;
	if (unit == CDR_UNIT_SENTENCE || c->program->needs_words || c->program->needs_sentences) {
		cdr_rc rc = cdr_seg_new(&c->seg, d);
		if (rc != CDR_OK) {
			free(c);
			*out = NULL;
			return rc;
		}
	}
	c->scratch = cdr_match_scratch_new(m);
	c->evaluator = cdr_evaluator_new(m);
	c->first_rule = cdr_xcalloc(cb->code_count, sizeof *c->first_rule);
	c->first_at = cdr_xcalloc(cb->code_count, sizeof *c->first_at);
	c->obstacle = cdr_xcalloc(cb->code_count, sizeof *c->obstacle);
	*out = c;
	return CDR_OK;
}

void cdr_coder_set_answers(cdr_coder *c, int on)
{
	c->answers = on;
}

void cdr_coder_free(cdr_coder *c)
{
	if (!c)
		return;
	cdr_seg_free(c->seg);
	cdr_match_scratch_free(c->scratch);
	cdr_evaluator_free(c->evaluator);
	cdr_norm_free(&c->norm);
	cdr_matches_free(&c->matches);
	cdr_hits_free(&c->hits);
	cdr_spans_free(&c->paragraphs);
	cdr_codings_free(&c->unit_list);
	cdr_codings_free(&c->sort_tmp);
	free(c->sort_keys);
	cdr_spans_free(&c->sentences);
	cdr_spans_free(&c->words);
	cdr_spans_free(&c->units);
	cdr_turns_free(&c->turns);
	cdr_hits_free(&c->turn_hits);
	free(c->para_hits);
	cdr_hits_free(&c->by_start);
	free(c->first_rule);
	free(c->first_at);
	free(c->obstacle);
	free(c);
}

static void push(cdr_codings *out, size_t bstart, size_t bend, size_t code, size_t rule,
		 size_t paragraph, size_t sentence, int obstacle)
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
	k->obstacle = obstacle;
}

/* One coding per code with one of the 'nhits' hits at 'hits' that starts in
** [from, to), spanning [ustart, uend). */
static void code_unit(cdr_coder *c, const cdr_hit *hits, size_t nhits, size_t from, size_t to,
		      size_t ustart, size_t uend, size_t paragraph, size_t sentence,
		      cdr_codings *out)
{
	size_t ncodes = c->cb->code_count;
	for (size_t k = 0; k < ncodes; k++) {
		c->first_rule[k] = CDR_NONE;
		c->obstacle[k] = 0;
	}
	c->hits_scanned += nhits;
	for (size_t i = 0; i < nhits; i++) {
		const cdr_hit *h = &hits[i];
		if (h->cancelled_by != CDR_NONE || h->start < from || h->start >= to)
			continue;
		size_t code = c->cb->rules[h->rule].code;
		c->obstacle[code] |= h->obstacle;
		if (c->first_rule[code] == CDR_NONE || h->start < c->first_at[code] ||
		    (h->start == c->first_at[code] && h->rule < c->first_rule[code])) {
			c->first_rule[code] = h->rule;
			c->first_at[code] = h->start;
		}
	}
	for (size_t k = 0; k < ncodes; k++)
		if (c->first_rule[k] != CDR_NONE)
			push(out, ustart, uend, k, c->first_rule[k], paragraph, sentence,
			     c->obstacle[k]);
}

static int cmp_hit_start(const void *a, const void *b)
{
	const cdr_hit *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* c->by_start: the paragraph's hits ordered by start.  code_unit's choice (the
** first hit, then the lowest rule; an obstacle if any) does not depend on their
** order otherwise. */
static void sort_by_start(cdr_coder *c)
{
	CDR_GROW(c->by_start.v, c->by_start.cap, c->hits.count + 1);
	if (c->hits.count)
		memcpy(c->by_start.v, c->hits.v, c->hits.count * sizeof *c->hits.v);
	c->by_start.count = c->hits.count;
	if (c->by_start.count > 1)
		qsort(c->by_start.v, c->by_start.count, sizeof *c->by_start.v, cmp_hit_start);
}

/* A coding's place in the order of a document's codings (by span, then code, then
** rule), and where it is in the array. */
typedef struct coding_key {
	size_t bstart, bend, code, rule, at;
} coding_key;

static int key_before(const coding_key *x, const coding_key *y)
{
	if (x->bstart != y->bstart)
		return x->bstart < y->bstart;
	if (x->bend != y->bend)
		return x->bend < y->bend;
	if (x->code != y->code)
		return x->code < y->code;
	return x->rule < y->rule;
}

/* Sort the codings v[0..n) by span, code and rule, with c->sort_keys and c->sort_tmp
** for room: their keys are sorted (runs of 8 by insertion, then merged bottom-up),
** then the codings moved once.  Written out rather than qsort(): with a
** frequent-word table a document has dozens of codings of 88 bytes each, and
** qsort()'s calls through a pointer and moves of whole codings were 7 - 9 % of a
** run. */
static void sort_codings(cdr_coder *c, cdr_coding *v, size_t n)
{
	enum { RUN = 8 };
	CDR_GROW(c->sort_keys, c->sort_keys_cap, 2 * n);
	coding_key *key = c->sort_keys, *spare = c->sort_keys + n;
	int in_order = 1;
	for (size_t i = 0; i < n; i++) {
		key[i] = (coding_key){ v[i].bstart, v[i].bend, v[i].code, v[i].rule, i };
		in_order &= i == 0 || !key_before(&key[i], &key[i - 1]);
	}
	if (in_order) /* as a document with one code, or one match, has them */
		return;
	for (size_t lo = 0; lo < n; lo += RUN) {
		size_t hi = lo + RUN < n ? lo + RUN : n;
		for (size_t j = lo + 1; j < hi; j++) {
			coding_key x = key[j];
			size_t k = j;
			for (; k > lo && key_before(&x, &key[k - 1]); k--)
				key[k] = key[k - 1];
			key[k] = x;
		}
	}
	coding_key *from = key, *to = spare;
	for (size_t width = RUN; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				to[k++] = key_before(&from[b], &from[a]) ? from[b++] : from[a++];
			while (a < mid)
				to[k++] = from[a++];
			while (b < hi)
				to[k++] = from[b++];
		}
		coding_key *t = from;
		from = to;
		to = t;
	}
	CDR_GROW(c->sort_tmp.v, c->sort_tmp.cap, n);
	for (size_t i = 0; i < n; i++)
		c->sort_tmp.v[i] = v[from[i].at];
	memcpy(v, c->sort_tmp.v, n * sizeof *v);
}

/* Add a note saying where in 'doc' the paragraph starting at 'start' is. */
static void note_paragraph(const cdr_doc *doc, size_t start, size_t number, cdr_diag *d)
{
	size_t line = 1;
	for (size_t i = 0; i < start; i++)
		line += doc->text[i] == '\n' || (doc->text[i] == '\r' && doc->text[i + 1] != '\n');
	cdr_diag_pos pos = { doc->name, line, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_NOTE, &pos, "while coding paragraph %zu", number);
}

/* Match and evaluate one paragraph; fills c->hits and c->input. */
static cdr_rc run_paragraph(cdr_coder *c, const cdr_doc *doc, size_t start, size_t end, cdr_diag *d)
{
	const cdr_program *p = c->program;
	const char *orig = doc->text + start;
	size_t olen = end - start;

	cdr_norm_run(&c->norm, orig, olen, start);
	c->matches.count = 0;
	cdr_rc rc = cdr_matcher_run(c->matcher, c->scratch, c->norm.text.data, c->norm.text.len,
				    orig, olen, &c->matches, d);
	if (rc != CDR_OK)
		return rc;
	for (size_t i = 0; i < c->matches.count; i++) {
		cdr_match *m = &c->matches.v[i];
		if (p->atoms[m->atom].view == CDR_VIEW_NORM) {
			cdr_norm_span(&c->norm, m->start, m->end, &m->start, &m->end);
		} else {
			m->start += start;
			m->end += start;
		}
	}

	c->sentences.count = 0;
	if (c->unit == CDR_UNIT_SENTENCE || p->needs_sentences) {
		rc = cdr_seg_sentences(c->seg, doc->text, start, end, &c->sentences);
		if (rc != CDR_OK) {
			cdr_diag_add(d, CDR_DIAG_ERROR, NULL,
				     "ICU could not find the sentences of %s", doc->name);
			return rc;
		}
	}
	c->words.count = 0;
	if (p->needs_words && c->matches.count) {
		rc = cdr_seg_words(c->seg, c->norm.text.data, 0, c->norm.text.len, &c->words);
		if (rc != CDR_OK) {
			cdr_diag_add(d, CDR_DIAG_ERROR, NULL, "ICU could not find the words of %s",
				     doc->name);
			return rc;
		}
		for (size_t i = 0; i < c->words.count; i++) {
			cdr_span *w = &c->words.v[i];
			cdr_norm_span(&c->norm, w->start, w->end, &w->start, &w->end);
		}
	}
	/* 'all' rules hold per unit: the sentence, else the paragraph. */
	c->units.count = 0;
	if (c->unit == CDR_UNIT_SENTENCE) {
		for (size_t s = 0; s < c->sentences.count; s++) {
			size_t from = s == 0 ? start : c->sentences.v[s].start;
			size_t to = s + 1 < c->sentences.count ? c->sentences.v[s + 1].start : end;
			cdr_spans_push(&c->units, from, to);
		}
	} else {
		cdr_spans_push(&c->units, start, end);
	}

#ifdef CDR_ASSERTS
	for (size_t i = 0; i < c->matches.count; i++)
		CDR_ASSERT(start <= c->matches.v[i].start &&
			   c->matches.v[i].start <= c->matches.v[i].end &&
			   c->matches.v[i].end <= end);
#endif
	CDR_ASSERT(cdr_spans_valid(c->units.v, c->units.count, start, end));
	c->input = (cdr_eval_input){ doc->text, start,         end,       &c->matches,
				     &c->words, &c->sentences, &c->units, c->answers };
	cdr_eval_run(c->evaluator, &c->input, &c->hits);
	return CDR_OK;
}

cdr_rc cdr_coder_trace(cdr_coder *c, const cdr_doc *doc, size_t start, size_t end,
		       cdr_paragraph_trace *trace, cdr_diag *d)
{
	cdr_rc rc = run_paragraph(c, doc, start, end, d);
	trace->input = &c->input;
	trace->hits = &c->hits;
	trace->evaluator = c->evaluator;
	return rc;
}

/* List a unit: a coding of no code, so that units and codings share their labels. */
static void add_unit(cdr_coder *c, size_t bstart, size_t bend, size_t paragraph, size_t sentence,
		     size_t turn)
{
	CDR_GROW(c->unit_list.v, c->unit_list.cap, c->unit_list.count + 1);
	c->unit_list.v[c->unit_list.count++] = (cdr_coding){ .bstart = bstart,
							     .bend = bend,
							     .code = CDR_NONE,
							     .rule = CDR_NONE,
							     .paragraph = paragraph,
							     .sentence = sentence,
							     .turn = turn,
							     .speaker = "" };
}

/* Code point offsets for spans in text order (starts non-decreasing): one sweep.
** Where the text is still ASCII (all of most answers), they are the byte offsets. */
static void code_points(const cdr_doc *doc, cdr_codings *cs)
{
	size_t ascii = cs->count ? cdr_utf8_ascii_prefix(doc->text, doc->len) : 0;
	size_t at_byte = 0, at_cp = 0;
	for (size_t i = 0; i < cs->count; i++) {
		cdr_coding *k = &cs->v[i];
		if (i > 0 && k->bstart == k[-1].bstart && k->bend == k[-1].bend) {
			k->start = k[-1].start;
			k->end = k[-1].end;
			continue;
		}
		if (k->bend <= ascii) {
			k->start = k->bstart;
			k->end = k->bend;
			continue;
		}
		at_cp += cdr_utf8_count(doc->text + at_byte, k->bstart - at_byte);
		at_byte = k->bstart;
		k->start = at_cp;
		k->end = at_cp + cdr_utf8_count(doc->text + k->bstart, k->bend - k->bstart);
	}
}

void cdr_coder_keep_units(cdr_coder *c, int on)
{
	c->keep_units = on;
}

void cdr_coder_stage(cdr_coder *c, int stage)
{
	cdr_match_scratch_stage(c->matcher, c->scratch, stage);
}

int cdr_coder_stage_of(const cdr_coder *c)
{
	return cdr_match_scratch_stage_of(c->scratch);
}

const cdr_codings *cdr_coder_units(const cdr_coder *c)
{
	return &c->unit_list;
}

size_t cdr_coder_work(const cdr_coder *c)
{
	return c->hits_scanned;
}

cdr_rc cdr_coder_run(cdr_coder *c, const cdr_doc *doc, cdr_codings *out, cdr_coder_stats *stats,
		     cdr_diag *d)
{
	out->count = 0;
	c->unit_list.count = 0;
	c->paragraphs.count = 0;
	cdr_seg_paragraphs(doc->text, doc->len, &c->paragraphs);
	stats->paragraphs += c->paragraphs.count;
	if (c->unit == CDR_UNIT_PARAGRAPH)
		stats->units += c->paragraphs.count;
	if (c->unit == CDR_UNIT_ANSWER)
		stats->units++;

	cdr_turns_free(&c->turns);
	c->turn_hits.count = 0;
	/* Most survey answers are one paragraph: no transcript, no turns to find. */
	size_t labelled = 0;
	if (c->unit == CDR_UNIT_TURN || c->paragraphs.count >= CDR_TURNS_MIN_PARAGRAPHS)
		labelled = cdr_turns_find(doc->text, doc->len, &c->paragraphs, &c->turns);
	stats->turns += labelled;
	if (c->unit == CDR_UNIT_TURN) {
		stats->units += c->turns.count;
		if (!labelled && c->paragraphs.count) {
			cdr_diag_pos pos = { doc->name, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
				     "no speaker labels (I:, R:, Interviewer: ...) found; each "
				     "paragraph is a turn");
		}
	}

	size_t turn = 0;
	for (size_t p = 0; p < c->paragraphs.count; p++) {
		cdr_span para = c->paragraphs.v[p];
		/* A speaker label is not part of what was said: never match it. */
		size_t match_start = para.start;
		while (turn < c->turns.count && c->turns.v[turn].start < para.start)
			turn++;
		if (labelled && turn < c->turns.count && c->turns.v[turn].start == para.start)
			match_start = c->turns.v[turn].text_start;
		cdr_rc rc = run_paragraph(c, doc, match_start, para.end, d);
		if (rc != CDR_OK) {
			note_paragraph(doc, para.start, p + 1, d);
			return rc;
		}
		if (c->keep_units && c->unit == CDR_UNIT_SENTENCE)
			for (size_t s = 0; s < c->sentences.count; s++)
				add_unit(c, c->sentences.v[s].start, c->sentences.v[s].end, p + 1,
					 s + 1, 0);
		else if (c->keep_units &&
			 (c->unit == CDR_UNIT_PARAGRAPH || c->unit == CDR_UNIT_MATCH ||
			  (c->unit == CDR_UNIT_TURN && !labelled)))
			add_unit(c, para.start, para.end, p + 1, 0,
				 c->unit == CDR_UNIT_TURN ? p + 1 : 0);
		switch (c->unit) {
		case CDR_UNIT_MATCH:
			for (size_t i = 0; i < c->hits.count; i++) {
				const cdr_hit *h = &c->hits.v[i];
				if (h->cancelled_by == CDR_NONE)
					push(out, h->start, h->end, c->cb->rules[h->rule].code,
					     h->rule, p + 1, 0, h->obstacle);
			}
			break;
		case CDR_UNIT_PARAGRAPH:
			code_unit(c, c->hits.v, c->hits.count, para.start, para.end, para.start,
				  para.end, p + 1, 0, out);
			break;
		case CDR_UNIT_SENTENCE:
			stats->sentences += c->sentences.count;
			stats->units += c->sentences.count;
			/* A sentence owns the hits that start in it or in the white space
			** before the next sentence.  The units follow each other, so with the
			** hits in order of start each looks only at its own (looking at all
			** of them made a paragraph of many sentences quadratic). */
			sort_by_start(c);
			for (size_t s = 0, h = 0; s < c->sentences.count; s++) {
				size_t first = h;
				while (h < c->by_start.count &&
				       c->by_start.v[h].start < c->units.v[s].end)
					h++;
				code_unit(c, c->by_start.v + first, h - first, c->units.v[s].start,
					  c->units.v[s].end, c->sentences.v[s].start,
					  c->sentences.v[s].end, p + 1, s + 1, out);
			}
			break;
		case CDR_UNIT_TURN:
		case CDR_UNIT_ANSWER:
			for (size_t i = 0; i < c->hits.count; i++) {
				CDR_GROW(c->turn_hits.v, c->turn_hits.cap, c->turn_hits.count + 1);
				c->turn_hits.v[c->turn_hits.count++] = c->hits.v[i];
			}
			if (c->unit == CDR_UNIT_TURN) {
				CDR_GROW(c->para_hits, c->para_hits_cap, p + 1);
				c->para_hits[p] = c->turn_hits.count;
			}
			break;
		}
	}
	if (c->unit == CDR_UNIT_ANSWER && c->paragraphs.count) {
		size_t first = c->paragraphs.v[0].start;
		size_t last = c->paragraphs.v[c->paragraphs.count - 1].end;
		if (c->keep_units)
			add_unit(c, first, last, 1, 0, 0);
		code_unit(c, c->turn_hits.v, c->turn_hits.count, first, last, first, last, 1, 0,
			  out);
	}
	if (c->unit == CDR_UNIT_TURN) {
		/* Turns are runs of whole paragraphs in order, and a paragraph's hits lie
		** in it: each turn looks only at the hits of its own paragraphs
		** (para_hits[] marks where they end), so the work is linear in the hits. */
		size_t p = 0, q = 0, from = 0;
		for (size_t t = 0; t < c->turns.count; t++) {
			const cdr_turn *tn = &c->turns.v[t];
			while (p + 1 < c->paragraphs.count && c->paragraphs.v[p].end <= tn->start)
				p++;
			size_t to = from;
			while (q < c->paragraphs.count && c->paragraphs.v[q].start < tn->end)
				to = c->para_hits[q++];
			if (c->keep_units)
				add_unit(c, tn->start, tn->end, p + 1, 0, t + 1);
			code_unit(c, c->turn_hits.v + from, to - from, tn->start, tn->end,
				  tn->start, tn->end, p + 1, 0, out);
			from = to;
		}
	}

	if (out->count > 1)
		sort_codings(c, out->v, out->count);
	/* One coding per (span, code): keep the first rule; an obstacle if any was. */
	size_t kept = 0;
	for (size_t i = 0; i < out->count; i++) {
		cdr_coding *last = kept ? &out->v[kept - 1] : NULL;
		if (last && last->bstart == out->v[i].bstart && last->bend == out->v[i].bend &&
		    last->code == out->v[i].code) {
			last->obstacle |= out->v[i].obstacle;
			continue;
		}
		out->v[kept++] = out->v[i];
	}
	out->count = kept;

	/* The turn of each coding (codings and turns are both in text order). */
	size_t t = 0;
	for (size_t i = 0; labelled && i < out->count; i++) {
		cdr_coding *k = &out->v[i];
		while (t + 1 < c->turns.count && c->turns.v[t + 1].start <= k->bstart)
			t++;
		k->turn = t + 1;
		k->speaker = c->turns.v[t].speaker;
	}
	for (size_t i = 0; !labelled && i < out->count; i++) {
		out->v[i].speaker = "";
		if (c->unit == CDR_UNIT_TURN) /* turns are paragraphs */
			out->v[i].turn = out->v[i].paragraph;
	}

	code_points(doc, out);
	if (c->keep_units) {
		/* Paragraphs and their sentences come in text order; turns too. */
		code_points(doc, &c->unit_list);
		for (size_t i = 0; !labelled && c->unit == CDR_UNIT_TURN && i < c->unit_list.count;
		     i++)
			c->unit_list.v[i].turn = c->unit_list.v[i].paragraph;
	}
	CDR_ASSERT(cdr_codings_valid(out->v, out->count, doc->len));
	return CDR_OK;
}

int cdr_codings_valid(const cdr_coding *v, size_t count, size_t len)
{
	for (size_t i = 0; i < count; i++) {
		const cdr_coding *k = &v[i];
		if (k->bstart >= k->bend || k->bend > len || k->start >= k->end ||
		    k->start > k->bstart || k->end - k->start > k->bend - k->bstart)
			return 0;
		if (i == 0)
			continue;
		const cdr_coding *j = &v[i - 1];
		if (j->bstart != k->bstart ? j->bstart > k->bstart
		    : j->bend != k->bend   ? j->bend > k->bend
					   : j->code >= k->code)
			return 0;
	}
	return 1;
}
