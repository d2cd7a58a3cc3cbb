/*
** test-agree.c -- agreement statistics: published values, the two-coder alpha
** against the general one, the conventions for undefined figures, micro and macro
** averages, the random numbers against their reference outputs, and the bootstrap
** (reproducible, resampling units, equal to a naive resampling).
*/
#include "config.h"

#include "agree.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define M CDR_AGREE_MISSING

static int near(double got, double want, double tol, const char *what)
{
	double d = got - want;
	int pass = d <= tol && -d <= tol;
	ok(pass, "%s: %.12g (want %.12g within %g)", what, got, want, tol);
	return pass;
}

static cdr_agree_stats score(size_t tp, size_t fp, size_t fn, size_t tn)
{
	cdr_agree_table t = { tp, fp, fn, tn };
	cdr_agree_stats s;
	cdr_agree_score(&t, &s);
	return s;
}

/* Alpha of two coders' 0/1 data given as a table, through the general function. */
static double alpha_general(const cdr_agree_table *t)
{
	size_t n = t->tp + t->fp + t->fn + t->tn, u = 0;
	int32_t *v = malloc(2 * (n ? n : 1) * sizeof *v);
	/* coder 0 is the reference, coder 1 the measured rater */
	for (size_t i = 0; i < t->tp; i++, u++)
		v[u] = 1, v[n + u] = 1;
	for (size_t i = 0; i < t->fp; i++, u++)
		v[u] = 0, v[n + u] = 1;
	for (size_t i = 0; i < t->fn; i++, u++)
		v[u] = 1, v[n + u] = 0;
	for (size_t i = 0; i < t->tn; i++, u++)
		v[u] = 0, v[n + u] = 0;
	double a = cdr_agree_alpha_nominal(v, 2, n, NULL);
	free(v);
	return a;
}

static void published(void)
{
	/* Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
	** nominal data, 4 observers x 12 units, missing data; alpha = 0.743.  The
	** table, as in the paper (and as the DescTools/irr example "the C data from
	** Krippendorff" and the Python krippendorff package's doctest give it): */
	static const int32_t kripp[4 * 12] = {
		/* A */ 1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M,
		/* B */ 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3,
		/* C */ M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M,
		/* D */ 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M,
	};
	cdr_agree_alpha_parts p;
	double a = cdr_agree_alpha_nominal(kripp, 4, 12, &p);
	near(a, 0.743, 0.0005, "Krippendorff 2011 nominal example: alpha = 0.743");
	/* Its coincidence matrix: n = 40 pairable values (unit 12 has one), margins
	** n_1..n_5 = 9, 13, 10, 5, 3, diagonal 32: alpha = 1 - 39 * 8 / (1600 - 384). */
	is_num(p.pairable, 40, "the example has 40 pairable values");
	near(p.observed, 8.0 / 40, 1e-15, "D_o = 8/40");
	near(p.expected, 1216.0 / (40 * 39), 1e-15, "D_e = 1216/1560");
	near(a, 1 - 312.0 / 1216, 1e-15, "alpha = 1 - 312/1216 exactly");

	/* Binary data, two observers, no missing data: Jon and Han, ten newspaper
	** articles (Krippendorff, Content Analysis, 2004, section 11.3.1; the table as
	** in the R package jucor/krippendorff's news_presence data, whose test expects
	** alpha = .0952).  Jon 1100000000, Han 0110010100: 1 unit both 1, 5 both 0,
	** 1 only Jon, 3 only Han.  alpha = 1 - (20 - 1) * 4 / (14 * 6) = 0.0952. */
	static const int32_t jonhan[2 * 10] = {
		1, 1, 0, 0, 0, 0, 0, 0, 0, 0, /* Jon */
		0, 1, 1, 0, 0, 1, 0, 1, 0, 0, /* Han */
	};
	a = cdr_agree_alpha_nominal(jonhan, 2, 10, NULL);
	near(a, 0.095, 0.0005, "Krippendorff binary example (general alpha): 0.095");
	near(a, 1 - 76.0 / 84, 1e-15, "binary example: 1 - 76/84 exactly");
	cdr_agree_stats s = score(1, 3, 1, 5); /* Jon the reference */
	near(s.v[CDR_AGREE_ALPHA], 1 - 76.0 / 84, 1e-15, "binary example: the 2x2 alpha agrees");
	/* and kappa differs: po = .6, pe = .2 x .4 + .8 x .6 = .56, kappa = .04/.44 */
	near(s.v[CDR_AGREE_KAPPA], 0.04 / 0.44, 1e-12, "binary example: kappa 0.0909, not alpha");

	/* Cohen's kappa, Wikipedia "Cohen's kappa", simple example: 50 proposals, A and
	** B both yes 20, A yes B no 5, A no B yes 10, both no 15: po = .7, pe = .5,
	** kappa = 0.4. */
	s = score(20, 10, 5, 15); /* A the reference: fp = B only, fn = A only */
	near(s.v[CDR_AGREE_KAPPA], 0.4, 1e-12, "Wikipedia Cohen's kappa example: 0.4");
	near(s.v[CDR_AGREE_AGREEMENT], 0.7, 1e-12, "its percent agreement: 0.7");
	near(s.v[CDR_AGREE_PREVALENCE_REF], 0.5, 1e-12, "A said yes to 25 of 50");
	near(s.v[CDR_AGREE_PREVALENCE_TEST], 0.6, 1e-12, "B said yes to 30 of 50");

	/* Gwet's AC1: Wongpakaran, Wongpakaran, Wedding & Gwet, "A comparison of
	** Cohen's Kappa and Gwet's AC1 ...", BMC Med Res Methodol 13:61 (2013), the
	** two-rater schizoid example: no/no 13, rater 1 no rater 2 yes 2, yes/no 1,
	** yes/yes 3 (19 subjects); published kappa .565 and AC1 .752 (the lowest AC1
	** in its abstract).  The cell counts were taken from a transcription (the R
	** package contentvalidR's tests); that kappa comes out at the published .565
	** confirms their orientation.  By hand: po = 16/19; pi = (4 + 5) / 38;
	** pe = 2 pi (1 - pi) = 522/1444; AC1 = (po - pe) / (1 - pe) = 0.75271, printed
	** truncated as .752. */
	s = score(3, 2, 1, 13);
	near(s.v[CDR_AGREE_KAPPA], 0.565, 0.0005, "Wongpakaran 2013: kappa .565");
	near(s.v[CDR_AGREE_AC1], 0.752, 0.001, "Wongpakaran 2013: AC1 .752");
	double pe = 522.0 / 1444;
	near(s.v[CDR_AGREE_AC1], (16.0 / 19 - pe) / (1 - pe), 1e-12, "its AC1 by hand");
	/* PABAK (Byrt, Bishop & Carlin 1993) = 2 po - 1 = 13/19 */
	near(s.v[CDR_AGREE_PABAK], 13.0 / 19, 1e-12, "its PABAK by hand: 2 po - 1");
	/* Byrt et al.'s point: with a skewed prevalence kappa is low although the raters
	** agree on 90 of 100 units, while AC1 and PABAK stay near the agreement.
	** 85 both no, 5 both yes, 5 + 5 differ: po = .9, pe(kappa) = .82, kappa = .444;
	** pi = .1, pe(AC1) = .18, AC1 = .72 / .82 = .878; PABAK = .8. */
	s = score(5, 5, 5, 85);
	near(s.v[CDR_AGREE_KAPPA], 0.08 / 0.18, 1e-12, "skewed prevalence: kappa .444");
	near(s.v[CDR_AGREE_AC1], 0.72 / 0.82, 1e-12, "skewed prevalence: AC1 .878");
	near(s.v[CDR_AGREE_PABAK], 0.8, 1e-12, "skewed prevalence: PABAK .8");
}

static void conventions(void)
{
	cdr_agree_stats s = score(8, 2, 4, 86);
	near(s.v[CDR_AGREE_PRECISION], 0.8, 1e-15, "precision = tp / (tp + fp)");
	near(s.v[CDR_AGREE_RECALL], 8.0 / 12, 1e-15, "recall = tp / (tp + fn)");
	near(s.v[CDR_AGREE_F1], 16.0 / 22, 1e-15, "F1 = 2 tp / (2 tp + fp + fn)");
	near(s.v[CDR_AGREE_F1], 2 * 0.8 * (8.0 / 12) / (0.8 + 8.0 / 12), 1e-15,
	     "F1 is the harmonic mean of precision and recall");

	s = score(0, 0, 0, 0);
	int all_nan = 1;
	for (int i = 0; i < CDR_AGREE_NSTATS; i++)
		all_nan &= isnan(s.v[i]) != 0;
	ok(all_nan, "no units: every figure is NaN");

	s = score(0, 0, 0, 40); /* a code no one used */
	ok(isnan(s.v[CDR_AGREE_PRECISION]) && isnan(s.v[CDR_AGREE_RECALL]) &&
		   isnan(s.v[CDR_AGREE_F1]),
	   "code no one used: precision, recall and F1 are NaN (0/0)");
	ok(isnan(s.v[CDR_AGREE_KAPPA]) && isnan(s.v[CDR_AGREE_ALPHA]),
	   "code no one used: kappa and alpha are NaN (expected agreement 1)");
	near(s.v[CDR_AGREE_AGREEMENT], 1, 0, "code no one used: agreement 1");
	near(s.v[CDR_AGREE_AC1], 1, 0, "code no one used: AC1 1");
	near(s.v[CDR_AGREE_PABAK], 1, 0, "code no one used: PABAK 1");
	near(s.v[CDR_AGREE_PREVALENCE_REF], 0, 0, "code no one used: prevalence 0");

	s = score(40, 0, 0, 0); /* both gave every unit the code */
	near(s.v[CDR_AGREE_F1], 1, 0, "code on every unit: F1 1");
	ok(isnan(s.v[CDR_AGREE_KAPPA]) && isnan(s.v[CDR_AGREE_ALPHA]),
	   "code on every unit: kappa and alpha NaN");

	s = score(0, 3, 0, 37); /* codeer only */
	ok(isnan(s.v[CDR_AGREE_RECALL]), "the human never used it: recall NaN");
	near(s.v[CDR_AGREE_PRECISION], 0, 0, "codeer used it wrongly: precision 0");
	near(s.v[CDR_AGREE_F1], 0, 0, "one rater used it, the other never: F1 0");
	near(s.v[CDR_AGREE_KAPPA], 0, 1e-15, "kappa 0 when one rater is constant");

	s = score(7, 0, 0, 13);
	int perfect = 1;
	for (int i = CDR_AGREE_PRECISION; i <= CDR_AGREE_PABAK; i++)
		perfect &= s.v[i] == 1;
	ok(perfect, "perfect agreement: every figure is 1");

	s = score(0, 5, 5, 0);
	near(s.v[CDR_AGREE_F1], 0, 0, "total disagreement: F1 0");
	near(s.v[CDR_AGREE_AGREEMENT], 0, 0, "total disagreement: agreement 0");
	near(s.v[CDR_AGREE_KAPPA], -1, 1e-15, "total disagreement: kappa -1");
	near(s.v[CDR_AGREE_AC1], -1, 1e-15, "total disagreement: AC1 -1");
	near(s.v[CDR_AGREE_PABAK], -1, 1e-15, "total disagreement: PABAK -1");
	/* alpha = 1 - 19 x 10 / (10 x 10): below -1 with so few units */
	near(s.v[CDR_AGREE_ALPHA], -0.9, 1e-15, "total disagreement: alpha -0.9");

	cdr_agree_table t = { 4, 0, 0, 100 };
	ok(cdr_agree_unstable(&t), "4 positives: unstable");
	t = (cdr_agree_table){ 5, 0, 0, 100 };
	ok(!cdr_agree_unstable(&t), "5 positives in both: stable");
	t = (cdr_agree_table){ 3, 9, 1, 100 };
	ok(cdr_agree_unstable(&t), "4 positives in the reference, 12 in codeer: unstable");
	t = (cdr_agree_table){ 3, 1, 9, 100 };
	ok(cdr_agree_unstable(&t), "4 positives in codeer, 12 in the reference: unstable");

	is_str(cdr_agree_stat_name(CDR_AGREE_KAPPA), "kappa", "the column name of kappa");
	ok(cdr_agree_stat_name(CDR_AGREE_NSTATS) == NULL, "no name past the last figure");
}

/* Two coders, random 0/1 tables: the 2x2 alpha is the general one. */
static void alpha_cross_check(void)
{
	cdr_agree_rng rng;
	size_t bad = 0;

	cdr_agree_rng_seed(&rng, 7);
	for (int k = 0; k < 500; k++) {
		cdr_agree_table t = { cdr_agree_rng_below(&rng, 30), cdr_agree_rng_below(&rng, 30),
				      cdr_agree_rng_below(&rng, 30),
				      cdr_agree_rng_below(&rng, 30) };
		if (k % 50 == 0)
			t.tp = t.fp = t.fn = 0; /* some with a single value */
		cdr_agree_stats s;
		cdr_agree_score(&t, &s);
		double g = alpha_general(&t), d = g - s.v[CDR_AGREE_ALPHA];
		if (isnan(g) != isnan(s.v[CDR_AGREE_ALPHA]) ||
		    (!isnan(g) && (d > 1e-12 || d < -1e-12)))
			bad++;
	}
	is_num(bad, 0, "500 random two-coder tables: 2x2 alpha = general alpha");

	static const int32_t lonely[3 * 3] = { 1, M, 2, M, M, M, M, 3, M };
	ok(isnan(cdr_agree_alpha_nominal(lonely, 3, 3, NULL)), "no unit with two values: NaN");
	static const int32_t same[2 * 3] = { 4, 4, 4, 4, 4, M };
	ok(isnan(cdr_agree_alpha_nominal(same, 2, 3, NULL)), "one value throughout: NaN");
}

/* The interval limits against R 4.2's quantile(x, c(0.025, 0.975)) (type 7). */
static void quantiles(void)
{
	static const double x[] = { 1, 2, 4, 8, 16 }, y[] = { 0.5, 0.75 }, z[] = { 3 };
	near(cdr_agree_quantile(x, 5, 0.025), 1.1, 1e-15, "quantile 0.025 of 1 2 4 8 16 (R: 1.1)");
	near(cdr_agree_quantile(x, 5, 0.975), 15.2, 1e-14,
	     "quantile 0.975 of 1 2 4 8 16 (R: 15.2)");
	near(cdr_agree_quantile(y, 2, 0.025), 0.50625, 1e-15,
	     "quantile 0.025 of .5 .75 (R: .50625)");
	near(cdr_agree_quantile(y, 2, 0.975), 0.74375, 1e-15,
	     "quantile 0.975 of .5 .75 (R: .74375)");
	near(cdr_agree_quantile(z, 1, 0.025), 3, 0, "quantile of one value");
	near(cdr_agree_quantile(x, 5, 1), 16, 0, "quantile 1 is the largest");
	near(cdr_agree_quantile(x, 5, 0), 1, 0, "quantile 0 is the smallest");
}

static void rng(void)
{
	cdr_agree_rng r;
	/* splitmix64's first outputs for seed 1234567 (Rosetta Code, "Pseudo-random
	** numbers/Splitmix64") are the seeded state. */
	cdr_agree_rng_seed(&r, 1234567);
	ok(r.s[0] == UINT64_C(6457827717110365317) && r.s[1] == UINT64_C(3203168211198807973) &&
		   r.s[2] == UINT64_C(9817491932198370423) &&
		   r.s[3] == UINT64_C(4593380528125082431),
	   "seeding: splitmix64's reference outputs for 1234567");
	/* xoshiro256** (reference xoshiro256starstar.c) from the state {1, 2, 3, 4}. */
	static const uint64_t want[] = { 11520,
					 0,
					 1509978240,
					 UINT64_C(1215971899390074240),
					 UINT64_C(1216172134540287360),
					 UINT64_C(607988272756665600) };
	r = (cdr_agree_rng){ { 1, 2, 3, 4 } };
	size_t bad = 0;
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		bad += cdr_agree_rng_next(&r) != want[i];
	is_num(bad, 0, "xoshiro256**: the reference outputs from {1, 2, 3, 4}");

	cdr_agree_rng_seed(&r, 3);
	size_t hist[7] = { 0 };
	bad = 0;
	for (int i = 0; i < 70000; i++) {
		size_t x = cdr_agree_rng_below(&r, 7);
		if (x >= 7)
			bad++;
		else
			hist[x]++;
	}
	for (int i = 0; i < 7; i++)
		bad += hist[i] < 9500 || hist[i] > 10500;
	is_num(bad, 0, "below(7): in range, each value about 1/7 of the time");
	ok(cdr_agree_rng_below(&r, 1) == 0, "below(1) is 0");
}

/* The units of a small comparison over three codes, from strings such as "02/1":
** reference codes 0 and 2, measured code 1. */
static void add(cdr_agree *a, const char *spec)
{
	size_t ref[8], test[8], nr = 0, nt = 0;
	const char *p = spec;
	for (; *p && *p != '/'; p++)
		ref[nr++] = (size_t)(*p - '0');
	for (p += *p == '/'; *p; p++)
		test[nt++] = (size_t)(*p - '0');
	cdr_agree_add_unit(a, ref, nr, test, nt);
}

static void units_and_averages(void)
{
	cdr_agree *a = cdr_agree_new(4);
	size_t r[] = { 2, 0, 2, 0 }, t[] = { 1, 2 }, badidx[] = { 4 };

	ok(cdr_agree_add_unit(a, r, 4, t, 2), "a unit with repeats, out of order");
	ok(!cdr_agree_add_unit(a, badidx, 1, t, 2), "a code index past the last is refused");
	ok(!cdr_agree_add_unit(a, t, 2, badidx, 1), "also in the measured set");
	is_num(cdr_agree_units(a), 1, "the refused units were not added");
	add(a, "0/0");
	add(a, "/");
	add(a, "1/01");
	/* code 0: fn (unit 1), tp (unit 2), fp (unit 4); code 1: fp (unit 1), tp (unit 4);
	** code 2: tp (unit 1); code 3: never used. */
	cdr_agree_options opt = { 0, 1 };
	cdr_agree_result res;
	cdr_agree_compute(a, &opt, &res);
	is_num(res.units, 4, "4 units");
	cdr_agree_table *t0 = &res.codes[0].table, *t1 = &res.codes[1].table;
	ok(t0->tp == 1 && t0->fp == 1 && t0->fn == 1 && t0->tn == 1, "code 0: tp 1 fp 1 fn 1 tn 1");
	ok(t1->tp == 1 && t1->fp == 1 && t1->fn == 0 && t1->tn == 2, "code 1: tp 1 fp 1 fn 0 tn 2");
	ok(res.codes[2].table.tp == 1 && res.codes[2].table.tn == 3, "code 2: tp 1 tn 3");
	ok(res.codes[3].table.tn == 4, "code 3: tn 4");
	ok(res.micro_table.tp == 3 && res.micro_table.fp == 2 && res.micro_table.fn == 1 &&
		   res.micro_table.tn == 10,
	   "micro table pools 16 unit x code pairs: tp 3 fp 2 fn 1 tn 10");
	near(res.micro.v[CDR_AGREE_F1], 6.0 / 9, 1e-15, "micro-F1 from the pooled table");
	/* per-code F1: 1/2, 2/3, 1, NaN */
	is_num(res.macro_codes[CDR_AGREE_F1], 3, "macro-F1 is over the 3 codes that have one");
	near(res.macro.v[CDR_AGREE_F1], (0.5 + 2.0 / 3 + 1) / 3, 1e-15,
	     "macro-F1: the mean over those codes");
	is_num(res.macro_codes[CDR_AGREE_AGREEMENT], 4, "agreement is defined for all 4 codes");
	ok(res.codes[3].unstable && res.codes[0].unstable, "few positives: flagged unstable");
	ok(isnan(res.micro_f1_ci.lo) && res.micro_f1_ci.replicates == 0,
	   "no replicates asked: no interval");
	cdr_agree_result_free(&res);
	ok(res.codes == NULL, "the result is emptied");
	cdr_agree_result_free(NULL);

	cdr_agree *empty = cdr_agree_new(2);
	cdr_agree_compute(empty, NULL, &res);
	ok(res.units == 0 && isnan(res.micro.v[CDR_AGREE_F1]) && isnan(res.codes[1].stats.v[0]),
	   "zero units: figures NaN");
	ok(isnan(res.codes[0].f1_ci.lo) && res.codes[0].f1_ci.replicates == 0 &&
		   res.replicates == CDR_AGREE_REPLICATES,
	   "zero units: default options, no interval");
	is_num(res.macro_codes[CDR_AGREE_F1], 0, "zero units: no code in the macro mean");
	ok(isnan(res.macro.v[CDR_AGREE_F1]), "zero units: macro-F1 NaN");
	cdr_agree_result_free(&res);
	cdr_agree_free(empty);
	cdr_agree_free(a);
	cdr_agree_free(NULL);
}

/* A random comparison: 'n' units over 'nc' codes, code c with prevalence about
** (c + 1) / (2 nc), codeer agreeing with the human 85 % of the time. */
static cdr_agree *random_units(size_t n, size_t nc, uint64_t seed, unsigned char *dense)
{
	cdr_agree *a = cdr_agree_new(nc);
	cdr_agree_rng r;
	size_t ref[16], test[16];

	cdr_agree_rng_seed(&r, seed);
	for (size_t u = 0; u < n; u++) {
		size_t nr = 0, nt = 0;
		for (size_t c = 0; c < nc; c++) {
			int h = cdr_agree_rng_below(&r, 2 * nc) <= c;
			int m = cdr_agree_rng_below(&r, 100) < 85 ? h : !h;
			if (h)
				ref[nr++] = c;
			if (m)
				test[nt++] = c;
			if (dense)
				dense[u * nc + c] = (unsigned char)(h << 1 | m);
		}
		cdr_agree_add_unit(a, ref, nr, test, nt);
	}
	return a;
}

static int cmp_d(const void *pa, const void *pb)
{
	double x = *(const double *)pa, y = *(const double *)pb;
	return (x > y) - (x < y);
}

static void bootstrap(void)
{
	enum { N = 150, NC = 6, B = 400 };
	static unsigned char dense[N * NC];
	cdr_agree *a = random_units(N, NC, 11, dense);
	cdr_agree_options opt = { B, 42 };
	cdr_agree_result r1, r2, r3;

	cdr_agree_compute(a, &opt, &r1);
	cdr_agree_compute(a, &opt, &r2);
	opt.seed = 43;
	cdr_agree_compute(a, &opt, &r3);
	ok(memcmp(r1.codes, r2.codes, NC * sizeof *r1.codes) == 0 &&
		   memcmp(&r1.micro_f1_ci, &r2.micro_f1_ci, sizeof r1.micro_f1_ci) == 0,
	   "the same seed gives the same intervals, bit for bit");
	ok(memcmp(&r1.micro_f1_ci, &r3.micro_f1_ci, sizeof r1.micro_f1_ci) != 0,
	   "another seed gives other intervals");
	size_t outside = 0, partial = 0;
	for (size_t c = 0; c < NC; c++) {
		const cdr_agree_code *k = &r1.codes[c];
		outside += !(k->f1_ci.lo <= k->stats.v[CDR_AGREE_F1] &&
			     k->stats.v[CDR_AGREE_F1] <= k->f1_ci.hi);
		outside += !(k->kappa_ci.lo <= k->stats.v[CDR_AGREE_KAPPA] &&
			     k->stats.v[CDR_AGREE_KAPPA] <= k->kappa_ci.hi);
		partial += k->f1_ci.replicates != B || k->kappa_ci.replicates != B;
	}
	is_num(outside, 0, "every code's F1 and kappa lie inside their intervals");
	is_num(partial, 0, "every replicate defined F1 and kappa for these common codes");
	ok(r1.micro_f1_ci.lo < r1.micro.v[CDR_AGREE_F1] &&
		   r1.micro.v[CDR_AGREE_F1] < r1.micro_f1_ci.hi,
	   "micro-F1 %.4f lies inside [%.4f, %.4f]", r1.micro.v[CDR_AGREE_F1], r1.micro_f1_ci.lo,
	   r1.micro_f1_ci.hi);
	ok(r1.micro_f1_ci.hi - r1.micro_f1_ci.lo < 0.2, "and the interval is not absurdly wide");

	/* The same intervals by resampling naively: draw N unit numbers per replicate
	** from the same stream and count each drawn unit's codes from the dense table. */
	cdr_agree_rng rng;
	static double f1s[NC][B], kappas[NC][B], micro[B];
	cdr_agree_rng_seed(&rng, 42);
	for (size_t b = 0; b < B; b++) {
		size_t cnt[NC][4] = { { 0 } }; /* [c][h << 1 | m]: tn, fp, fn, tp */
		for (size_t i = 0; i < N; i++) {
			size_t u = cdr_agree_rng_below(&rng, N);
			for (size_t c = 0; c < NC; c++)
				cnt[c][dense[u * NC + c]]++;
		}
		double stp = 0, sfp = 0, sfn = 0;
		for (size_t c = 0; c < NC; c++) {
			double tp = (double)cnt[c][3], fn = (double)cnt[c][2],
			       fp = (double)cnt[c][1], tn = (double)cnt[c][0];
			f1s[c][b] = 2 * tp / (2 * tp + fp + fn);
			kappas[c][b] = 2 * (tp * tn - fp * fn) /
				       ((tp + fp) * (fp + tn) + (tp + fn) * (fn + tn));
			stp += tp, sfp += fp, sfn += fn;
		}
		micro[b] = 2 * stp / (2 * stp + sfp + sfn);
	}
	size_t differ = 0;
	for (size_t c = 0; c < NC; c++) {
		qsort(f1s[c], B, sizeof(double), cmp_d);
		qsort(kappas[c], B, sizeof(double), cmp_d);
		differ += cdr_agree_quantile(f1s[c], B, 0.025) != r1.codes[c].f1_ci.lo;
		differ += cdr_agree_quantile(f1s[c], B, 0.975) != r1.codes[c].f1_ci.hi;
		differ += cdr_agree_quantile(kappas[c], B, 0.025) != r1.codes[c].kappa_ci.lo;
		differ += cdr_agree_quantile(kappas[c], B, 0.975) != r1.codes[c].kappa_ci.hi;
	}
	qsort(micro, B, sizeof(double), cmp_d);
	differ += cdr_agree_quantile(micro, B, 0.025) != r1.micro_f1_ci.lo;
	differ += cdr_agree_quantile(micro, B, 0.975) != r1.micro_f1_ci.hi;
	is_num(differ, 0, "the intervals equal those of a naive resampling of units");
	cdr_agree_result_free(&r1);
	cdr_agree_result_free(&r2);
	cdr_agree_result_free(&r3);
	cdr_agree_free(a);

	/* Identical units: every resampling of UNITS gives the same tables, so the
	** intervals have no width.  Resampling unit x code pairs, or each code's units
	** on their own, would not: the codes of this unit differ (tp, fp, fn, tn). */
	a = cdr_agree_new(4);
	for (int u = 0; u < 60; u++)
		add(a, "02/01");
	opt = (cdr_agree_options){ 200, 5 };
	cdr_agree_compute(a, &opt, &r1);
	near(r1.micro.v[CDR_AGREE_F1], 0.5, 1e-15, "identical units: micro-F1 0.5");
	ok(r1.micro_f1_ci.lo == 0.5 && r1.micro_f1_ci.hi == 0.5 && r1.micro_f1_ci.replicates == 200,
	   "identical units: the micro-F1 interval is [0.5, 0.5]");
	ok(r1.codes[0].f1_ci.lo == 1 && r1.codes[0].f1_ci.hi == 1,
	   "identical units: [1, 1] for code 0");
	ok(isnan(r1.codes[3].f1_ci.lo) && r1.codes[3].f1_ci.replicates == 0,
	   "a code no one used has no F1 in any replicate");
	cdr_agree_result_free(&r1);
	cdr_agree_free(a);

	/* A rare code: the replicates that miss its one positive unit have no F1. */
	a = cdr_agree_new(1);
	for (int u = 0; u < 40; u++)
		add(a, u == 0 ? "0/0" : "/");
	cdr_agree_compute(a, &opt, &r1);
	ok(r1.codes[0].f1_ci.replicates > 100 && r1.codes[0].f1_ci.replicates < 200,
	   "a rare code: F1 defined in %zu of 200 replicates (about 1 - 1/e)",
	   r1.codes[0].f1_ci.replicates);
	ok(r1.codes[0].unstable, "and it is flagged unstable");
	cdr_agree_result_free(&r1);
	cdr_agree_free(a);
}

int main(void)
{
	published();
	conventions();
	alpha_cross_check();
	rng();
	quantiles();
	units_and_averages();
	bootstrap();
	return tap_done();
}
