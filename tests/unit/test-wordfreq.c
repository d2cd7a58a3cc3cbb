/*
** test-wordfreq.c -- the counting of `codeer words` (words, phrases within a
** sentence, stop words, sets and their totals) and its keyness figures, G2 and the
** log ratio, checked against values computed by hand.
*/
#include "config.h"

#include "tap.h"
#include "wordfreq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int near(double got, double want)
{
	return fabs(got - want) < 5e-4;
}

/* The count of 'text' in 'set' among its 'n'-word terms (0 when absent). */
static size_t count_of(const cdr_wordfreq *w, size_t set, size_t n, const char *text)
{
	cdr_wordfreq_term *v;
	size_t nv = cdr_wordfreq_top(w, set, n, CDR_WORDFREQ_BY_COUNT, 1, 1000000, &v);
	size_t c = 0;
	for (size_t i = 0; i < nv; i++)
		if (strcmp(v[i].text, text) == 0)
			c = v[i].count;
	free(v);
	return c;
}

static void test_g2(void)
{
	/*
	** Dunning's G2 as Rayson and Garside (2000) and the UCREL log-likelihood
	** calculator compute it, E1 = N1 (a + b) / (N1 + N2), E2 = N2 (a + b) / (N1 + N2),
	** G2 = 2 (a ln(a/E1) + b ln(b/E2)), worked by hand:
	**
	** a = 100, b = 50, N1 = N2 = 1,000,000: E1 = E2 = 75;
	**   G2 = 2 (100 ln(100/75) + 50 ln(50/75))
	**      = 2 (100 * 0.2876821 + 50 * -0.4054651) = 2 * 8.4949 = 16.990
	**   (the UCREL calculator gives 16.99); log ratio log2((100/1e6)/(50/1e6)) = 1.
	** a = 10, b = 0, N1 = 1,000, N2 = 9,000: E1 = 1000 * 10 / 10000 = 1;
	**   G2 = 2 * 10 ln 10 = 46.052; log ratio log2((10/1000)/(0.5/9000)) = 7.492.
	** a = 5, b = 40, N1 = 1,000, N2 = 4,000: E1 = 9, E2 = 36;
	**   G2 = 2 (5 ln(5/9) + 40 ln(40/36)) = 2 (-2.93893 + 4.21442) = 2.551, and
	**   since 5/1000 < 40/4000 the term is under-used: -2.551; log ratio -1.
	*/
	ok(near(cdr_wordfreq_g2(100, 50, 1e6, 1e6), 16.9899), "G2 100/1M against 50/1M is 16.99");
	ok(near(cdr_wordfreq_log_ratio(100, 50, 1e6, 1e6), 1.0), "its log ratio is 1");
	ok(near(cdr_wordfreq_g2(10, 0, 1000, 9000), 46.0517),
	   "G2 with no count in the rest: 2a ln 10");
	ok(near(cdr_wordfreq_log_ratio(10, 0, 1000, 9000), 7.4919),
	   "a zero count is 0.5 in the log ratio");
	ok(near(cdr_wordfreq_g2(5, 40, 1000, 4000), -2.5510), "under-use gets a minus sign");
	ok(near(cdr_wordfreq_log_ratio(5, 40, 1000, 4000), -1.0), "and a negative log ratio");
	ok(cdr_wordfreq_g2(3, 6, 100, 200) == 0, "the same relative frequency: G2 0");
	ok(isnan(cdr_wordfreq_g2(1, 0, 10, 0)), "an empty reference corpus: no G2");
}

static void test_counting(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_wordfreq *w;
	ok(cdr_wordfreq_new(3, 2, &w, &d) == CDR_OK, "a counter opens");
	const char *stop = "# comment\nde\n  het \n\nEen\n";
	cdr_wordfreq_stopwords(w, stop, strlen(stop));

	/* Unit 1, in set 1: two sentences; the phrase never crosses the full stop. */
	const char *t1 =
		"Geld is op. Geld stromen\nnaar het Zuiden, 2019-2021 en de publiek-private "
		"aanpak van RIEC's.";
	size_t sets[] = { 1 };
	ok(cdr_wordfreq_add(w, t1, 0, strlen(t1), sets, 1, &d) == CDR_OK, "unit 1 counted");
	/* Unit 2, only in set 0, two paragraphs. */
	const char *t2 = "Géld stromen.\n\nZuiden geld";
	ok(cdr_wordfreq_add(w, t2, 0, strlen(t2), NULL, 0, &d) == CDR_OK, "unit 2 counted");

	is_num(count_of(w, 0, 1, "geld"), 4, "case and accents folded: geld 4 times");
	is_num(count_of(w, 1, 1, "geld"), 2, "twice in set 1");
	is_num(count_of(w, 0, 1, "het"), 0, "a stop word is not counted");
	is_num(count_of(w, 0, 1, "een"), 0, "stop words are normalised too");
	is_num(count_of(w, 0, 1, "2019-2021"), 0, "a number is not a term");
	is_num(count_of(w, 0, 1, "publiek-private"), 1, "a hyphen inside a word joins it");
	is_num(count_of(w, 0, 1, "riec's"), 1, "so does an apostrophe");
	is_num(count_of(w, 0, 2, "geld stromen"), 2, "a phrase across a line break");
	is_num(count_of(w, 0, 2, "op geld"), 0, "no phrase across a sentence end");
	is_num(count_of(w, 0, 2, "stromen zuiden"), 0, "nor across a paragraph");
	is_num(count_of(w, 0, 2, "zuiden geld"), 1, "a phrase at a paragraph's end");
	is_num(count_of(w, 0, 3, "stromen naar het"), 0, "a phrase ending in a stop word is out");
	is_num(count_of(w, 0, 3, "naar het zuiden"), 1, "a stop word inside a phrase is kept");
	is_num(count_of(w, 0, 2, "de publiek-private"), 0, "one starting with one is out");

	/* Totals count every position: t1 has the sentences "Geld is op" (3 words)
	** and "Geld stromen naar het Zuiden 2019-2021 en de publiek-private aanpak
	** van RIEC's" (12); t2 "Geld stromen" (2) and "Zuiden geld" (2). */
	is_num(cdr_wordfreq_total(w, 1, 1), 15, "set 1: 15 words");
	is_num(cdr_wordfreq_total(w, 1, 2), 2 + 11, "and 13 two-word positions");
	is_num(cdr_wordfreq_total(w, 0, 1), 19, "set 0: 19 words");
	is_num(cdr_wordfreq_total(w, 0, 3), 1 + 10, "and 11 three-word positions");
	is_num(cdr_wordfreq_units(w, 0), 2, "two units in set 0");
	is_num(cdr_wordfreq_units(w, 1), 1, "one in set 1");

	/* Keyness of set 1 against the rest: geld 2 of 15 against 2 of 4. */
	cdr_wordfreq_term *v;
	size_t nv = cdr_wordfreq_top(w, 1, 1, CDR_WORDFREQ_BY_COUNT, 1, 100, &v);
	const cdr_wordfreq_term *g = NULL;
	for (size_t i = 0; i < nv; i++)
		if (strcmp(v[i].text, "geld") == 0)
			g = &v[i];
	ok(g && g->count == 2 && g->other == 2, "geld: 2 in set 1, 2 in the rest");
	ok(g && near(g->g2, cdr_wordfreq_g2(2, 2, 15, 4)) && g->g2 < 0,
	   "its G2 is that of 2/15 against 2/4, under-used");
	ok(g && strcmp(g->spelling, "Geld") == 0, "spelled as first seen");
	free(v);
	nv = cdr_wordfreq_top(w, 1, 0, CDR_WORDFREQ_BY_KEYNESS, 1, 100, &v);
	int over = 1;
	for (size_t i = 0; i < nv; i++)
		over &= v[i].g2 > 0 && (i == 0 || v[i - 1].g2 >= v[i].g2);
	ok(nv > 0 && over, "by keyness: only over-used terms, highest G2 first");
	free(v);
	nv = cdr_wordfreq_top(w, 0, 1, CDR_WORDFREQ_BY_COUNT, 2, 100, &v);
	ok(nv == 3 && strcmp(v[0].text, "geld") == 0 && v[0].count == 4 &&
		   strcmp(v[1].text, "stromen") == 0 && strcmp(v[2].text, "zuiden") == 0,
	   "min count 2 keeps geld 4, stromen 2, zuiden 2, ties by text");
	free(v);
	cdr_wordfreq_free(w);
	cdr_diag_free(&d);
}

int main(void)
{
	test_g2();
	test_counting();
	return tap_done();
}
