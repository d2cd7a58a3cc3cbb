/*
** tally.c -- the counts of a coding run (see tally.h).
*/
#include "config.h"

#include "tally.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cdr_tally_init(cdr_tally *t, size_t ncodes)
{
	memset(t, 0, sizeof *t);
	t->ncodes = ncodes;
	t->per_code = cdr_xcalloc(ncodes ? ncodes : 1, sizeof *t->per_code);
}

void cdr_tally_add(cdr_tally *t, int answer, cdr_unit unit, const cdr_codings *cs,
		   const cdr_coder_stats *stats)
{
	cdr_coder_stats *st = &t->stats[answer != 0];
	st->paragraphs += stats->paragraphs;
	st->sentences += stats->sentences;
	st->units += stats->units;
	st->turns += stats->turns;
	t->total += cs->count;
	for (size_t k = 0; k < cs->count; k++) {
		const cdr_coding *x = &cs->v[k], *prev = k ? x - 1 : NULL;
		t->per_code[x->code]++;
		if (!prev || prev->paragraph != x->paragraph || prev->sentence != x->sentence ||
		    prev->turn != x->turn)
			t->units_coded[answer != 0] += unit == CDR_UNIT_ANSWER ? !prev : 1;
	}
}

size_t cdr_tally_codes_used(const cdr_tally *t)
{
	size_t used = 0;
	for (size_t k = 0; k < t->ncodes; k++)
		used += t->per_code[k] > 0;
	return used;
}

size_t cdr_tally_units(const cdr_tally *t, int answer, cdr_unit unit)
{
	const cdr_coder_stats *st = &t->stats[answer != 0];
	return unit == CDR_UNIT_MATCH ? st->paragraphs : st->units;
}

void cdr_tally_free(cdr_tally *t)
{
	free(t->per_code);
	t->per_code = NULL;
}

static const char *unit_noun(cdr_unit unit)
{
	return unit == CDR_UNIT_MATCH ? "paragraph" : cdr_unit_name(unit);
}

void cdr_tally_describe(const cdr_tally *t, const cdr_source_stats *st, cdr_unit text_unit,
			cdr_unit answer_unit, const cdr_codebook *cb, double seconds,
			const char *output, cdr_buf *out)
{
	cdr_buf *b = out;
	size_t from = b->len;
	if (st->documents || !st->answers) {
		cdr_unit u = text_unit;
		size_t n = cdr_tally_units(t, 0, u);
		cdr_buf_printf(b, " %zu document%s, %zu %s%s (%zu coded),", st->documents,
			       st->documents == 1 ? "" : "s", n, unit_noun(u), n == 1 ? "" : "s",
			       t->units_coded[0]);
	}
	if (st->answers) {
		cdr_unit u = answer_unit;
		cdr_buf_printf(b, " %zu answer%s (%zu empty", st->answers,
			       st->answers == 1 ? "" : "s", st->empty_answers);
		if (u == CDR_UNIT_ANSWER)
			cdr_buf_printf(b, ", %zu coded),", t->units_coded[1]);
		else
			cdr_buf_printf(b, "), %zu %ss (%zu coded),", cdr_tally_units(t, 1, u),
				       unit_noun(u), t->units_coded[1]);
	}
	cdr_buf_printf(b, " %zu coding%s, %zu of %zu codes used, %.2f s -> %s\n", t->total,
		       t->total == 1 ? "" : "s", cdr_tally_codes_used(t), cb->code_count, seconds,
		       output);
	/* Each part above starts with a space: not the first. */
	memmove(b->data + from, b->data + from + 1, b->len - from - 1);
	b->len--;
	b->data[b->len] = '\0';
	/* Codings per group, in the order groups first appear in the codebook. */
	if (t->total) {
		cdr_buf_adds(b, "codings per group:");
		for (size_t k = 0; k < cb->code_count; k++) {
			const char *g = cb->codes[k].group;
			size_t first = k;
			for (size_t j = 0; j < k && first == k; j++)
				if (strcmp(cb->codes[j].group, g) == 0)
					first = j;
			if (first != k)
				continue;
			size_t n = 0;
			for (size_t j = k; j < cb->code_count; j++)
				if (strcmp(cb->codes[j].group, g) == 0)
					n += t->per_code[j];
			cdr_buf_printf(b, "%s %s %zu", k ? "," : "", *g ? g : "(no group)", n);
		}
		cdr_buf_addc(b, '\n');
	}
}
