/*
** agree.h -- agreement statistics: how well one coding of a set of units agrees
** with another, code by code, for `codeer agree` (the codebook's codings against
** human coders').  Pure computation: no input, no output.
**
** THE TWO RATERS.  Rater 1 is the REFERENCE (a human coder); rater 2 is the one
** MEASURED (codeer).  For one code over N units, each rater either gives a unit the
** code or not, which makes the 2x2 table
**
**                                measured (codeer)
**                                has it     lacks it
**     reference (human)  has it    tp          fn
**                        lacks it  fp          tn          tp + fp + fn + tn = N
**
** so precision is about codeer's codings and recall about the human's.
**
** THE FIGURES (cdr_agree_score), with the convention each follows and what it is
** when undefined.  Undefined is NaN, never a made-up number: a caller prints it as
** such ("NA", "-").  Every figure is NaN when N = 0.
**   precision   tp / (tp + fp); NaN when codeer never gave the code.
**   recall      tp / (tp + fn); NaN when the human never gave the code.
**   f1          2 tp / (2 tp + fp + fn): the harmonic mean of precision and
**               recall wherever both are defined (van Rijsbergen's F with beta = 1,
**               Dice's coefficient), and 0 when one rater used the code and the
**               other never did; NaN only when neither used it (tp = fp = fn = 0).
**   agreement   percent agreement as a proportion: (tp + tn) / N.
**   kappa       Cohen's kappa (Cohen 1960): (po - pe) / (1 - pe) with po the
**               agreement and pe = p1 p2 + (1 - p1)(1 - p2), p1 and p2 the two
**               prevalences; computed as 2 (tp tn - fp fn) / ((tp + fp)(fp + tn) +
**               (tp + fn)(fn + tn)).  NaN when pe = 1, that is when both raters give
**               every unit the same one value (0 / 0).
**   alpha       Krippendorff's alpha, nominal, two coders, no missing data, from the
**               coincidence matrix (Krippendorff, "Computing Krippendorff's
**               Alpha-Reliability", 2011, binary data, two observers; Content
**               Analysis, 2004, 11.3.1): of the n = 2N values n1 = 2 tp +
**               fp + fn are "has it", n0 = 2 tn + fp + fn "lacks it", and every unit
**               on which the raters differ puts 1 into o01, so alpha = 1 - (n - 1)
**               (fp + fn) / (n0 n1).  Unlike kappa it takes one pooled distribution
**               for both raters (as Scott's pi does) and corrects for the sample
**               size; it comes close to kappa only for large N and similar
**               prevalences.  NaN when n0 n1 = 0 (all 2N values alike).
**   ac1         Gwet's AC1 for two categories (Gwet 2008): (po - pe) / (1 - pe) with
**               pi = (p1 + p2) / 2 and pe = 2 pi (1 - pi) <= 1/2, so defined
**               whenever N > 0.  Robust to a skewed prevalence, where kappa and
**               alpha drop although the raters mostly agree.
**   pabak       prevalence- and bias-adjusted kappa (Byrt, Bishop & Carlin 1993):
**               2 po - 1, kappa as if both categories were equally common and both
**               raters equally keen.  Defined whenever N > 0.
**   prevalence_ref, prevalence_test
**               the share of units each rater gave the code: (tp + fn) / N for the
**               reference, (tp + fp) / N for the measured rater.
**
** MICRO AND MACRO.  The micro figures are those of the table that pools tp, fp, fn
** and tn over every unit x code pair (so N there is units x codes).  The macro
** figures are the plain means of the per-code figures over the codes where the
** figure is defined; a code's NaN is left out, not counted as 0, and
** macro_codes[] says how many codes each mean is over (a code no one used has
** no F1 or kappa, so it does not pull macro-F1 down; its tn still counts in the
** micro table).  Unstable codes (below) are included in both.
**
** UNSTABLE CODES.  With fewer than CDR_AGREE_MIN_POSITIVES units that one rater
** (either) gave the code, a code's figures swing with a single unit: they are
** flagged (cdr_agree_unstable), not dropped.
**
** BOOTSTRAP INTERVALS.  95 % percentile intervals for each code's F1 and kappa and
** for the micro-F1.  UNITS are resampled with replacement (N of N, B times), since
** the units are the independent items: the codes of one unit travel together, so
** a replicate keeps whatever correlation the codes of a unit have.  In each
** replicate the statistic is computed again; replicates where it is undefined are
** left out, and the interval says how many it rests on.  The limits are R's
** default quantiles (type 7: linear interpolation between order statistics,
** Hyndman & Fan 1996; cdr_agree_quantile) at 0.025 and 0.975 of the defined
** replicates.
**
** The random numbers come from xoshiro256** (Blackman & Vigna 2018), its state
** the first four outputs of splitmix64 started at the seed; a unit index in
** [0, N) is the next output x taken modulo N, after rejecting every x below
** 2^64 mod N (so there is no modulo bias).  The replicates draw their N indices
** one replicate after another, so a given seed, B and sequence of units give the
** same intervals on every platform and with every C library.
**
** KRIPPENDORFF'S ALPHA IN GENERAL.  cdr_agree_alpha_nominal() is the nominal alpha
** for any number of coders, any set of integer values and missing values, the
** coincidence-matrix algorithm of Krippendorff (2011) for the reliability data of
** m coders x N units; `agree` with several human coders needs it, and it checks
** the two-coder formula above.
*/
#ifndef CDR_AGREE_H
#define CDR_AGREE_H

#include <stddef.h>
#include <stdint.h>

/* One code's 2x2 table (see above: 'fp' is a unit codeer coded and the human not). */
typedef struct cdr_agree_table {
	size_t tp, fp, fn, tn;
} cdr_agree_table;

/* The figures, in this order; cdr_agree_stat_name() gives each a column name. */
enum cdr_agree_stat {
	CDR_AGREE_PRECISION,
	CDR_AGREE_RECALL,
	CDR_AGREE_F1,
	CDR_AGREE_AGREEMENT,
	CDR_AGREE_KAPPA,
	CDR_AGREE_ALPHA,
	CDR_AGREE_AC1,
	CDR_AGREE_PABAK,
	CDR_AGREE_PREVALENCE_REF,
	CDR_AGREE_PREVALENCE_TEST,
	CDR_AGREE_NSTATS
};

typedef struct cdr_agree_stats {
	double v[CDR_AGREE_NSTATS]; /* indexed by enum cdr_agree_stat; NaN: undefined */
} cdr_agree_stats;

/* "precision", "recall", "f1", "agreement", "kappa", "alpha", "ac1", "pabak",
** "prevalence_ref", "prevalence_test"; NULL for an index out of range. */
const char *cdr_agree_stat_name(int stat);

/* The figures of table 't' into *s. */
void cdr_agree_score(const cdr_agree_table *t, cdr_agree_stats *s);

#define CDR_AGREE_MIN_POSITIVES 5

/* 1 when fewer than CDR_AGREE_MIN_POSITIVES units have the code in the reference
** (tp + fn) or in the measured coding (tp + fp): the figures are unstable. */
int cdr_agree_unstable(const cdr_agree_table *t);

/* A bootstrap percentile interval.  lo = hi = NaN when there were no replicates or
** the statistic was undefined in all of them. */
typedef struct cdr_agree_interval {
	double lo, hi;
	size_t replicates; /* replicates in which the statistic was defined */
} cdr_agree_interval;

/* One code's results. */
typedef struct cdr_agree_code {
	cdr_agree_table table;
	cdr_agree_stats stats;
	cdr_agree_interval f1_ci, kappa_ci;
	int unstable; /* cdr_agree_unstable(&table) */
} cdr_agree_code;

typedef struct cdr_agree_result {
	size_t units, ncodes;  /* N, and the codes compared */
	cdr_agree_code *codes; /* ncodes entries, owned (cdr_agree_result_free) */
	cdr_agree_table micro_table;
	cdr_agree_stats micro;
	cdr_agree_interval micro_f1_ci;
	cdr_agree_stats macro;                /* means over the codes where defined */
	size_t macro_codes[CDR_AGREE_NSTATS]; /* how many codes each mean is over */
	unsigned replicates;                  /* B, as asked */
	uint64_t seed;
} cdr_agree_result;

#define CDR_AGREE_REPLICATES 1000
#define CDR_AGREE_SEED       1

typedef struct cdr_agree_options {
	unsigned replicates; /* bootstrap replicates B; 0: no intervals */
	uint64_t seed;       /* the PRNG's seed */
} cdr_agree_options;

#define CDR_AGREE_OPTIONS_INIT                       \
	{                                            \
		CDR_AGREE_REPLICATES, CDR_AGREE_SEED \
	}

/* The units of one comparison, for 'ncodes' codes numbered 0 .. ncodes - 1. */
typedef struct cdr_agree cdr_agree;

/* An empty comparison; NULL when ncodes is above UINT32_MAX (codes are stored in
** 32 bits). */
cdr_agree *cdr_agree_new(size_t ncodes);
void cdr_agree_free(cdr_agree *a);

/* Add a unit: the reference gave it the codes ref[0..nref), the measured rater the
** codes test[0..ntest).  Order does not matter and repeats count once.  Returns 1,
** or 0 without adding anything when an index is ncodes or more.  The arrays are
** copied (compactly: each unit keeps its codes once, sorted, with how many both
** raters gave). */
int cdr_agree_add_unit(cdr_agree *a, const size_t *ref, size_t nref, const size_t *test,
		       size_t ntest);

/* Number of units added so far. */
size_t cdr_agree_units(const cdr_agree *a);

/* Compute everything into *out, which the caller frees with cdr_agree_result_free().
** 'opt' NULL: CDR_AGREE_OPTIONS_INIT.  'a' is not changed: compute again with
** other options, or after adding units, as often as needed.  Time: O(B x (units +
** codings + codes)) plus sorting the replicates; memory while it runs: two doubles
** per code and replicate (B = 1000, 200 codes: 3.2 MB). */
void cdr_agree_compute(const cdr_agree *a, const cdr_agree_options *opt, cdr_agree_result *out);

/* Free what *r owns and empty it; cdr_agree_result_free(NULL) does nothing. */
void cdr_agree_result_free(cdr_agree_result *r);

/* The bootstrap's random numbers (see the top), exposed so that tests can check
** them against the reference outputs and callers can draw the same stream. */
typedef struct cdr_agree_rng {
	uint64_t s[4]; /* xoshiro256** state */
} cdr_agree_rng;

/* Seed *r with four outputs of splitmix64 started at 'seed'. */
void cdr_agree_rng_seed(cdr_agree_rng *r, uint64_t seed);
/* The next xoshiro256** output. */
uint64_t cdr_agree_rng_next(cdr_agree_rng *r);
/* A uniform integer in [0, n), n > 0, without modulo bias (see the top). */
size_t cdr_agree_rng_below(cdr_agree_rng *r, size_t n);

/* The p-quantile (0 <= p <= 1) of the k > 0 values sorted[0..k), ascending, by R's
** default rule (type 7): the value at 0-based position h = (k - 1) p, interpolating
** linearly between sorted[floor h] and the next.  The bootstrap's limits. */
double cdr_agree_quantile(const double *sorted, size_t k, double p);

/* Value of a missing datum for cdr_agree_alpha_nominal(). */
#define CDR_AGREE_MISSING INT32_MIN

/* What nominal alpha rests on, for reports and tests.  With o_ck the coincidence
** matrix and n_c its margins: n = sum n_c, D_o = sum over c != k of o_ck / n, and
** D_e = sum over c != k of n_c n_k / (n (n - 1)); alpha = 1 - D_o / D_e. */
typedef struct cdr_agree_alpha_parts {
	double pairable; /* n: the values in units that two coders or more coded */
	double observed; /* D_o: the observed disagreement */
	double expected; /* D_e: the disagreement expected by chance */
} cdr_agree_alpha_parts;

/* Krippendorff's alpha, nominal, for the reliability data 'values': 'ncoders' rows
** of 'nunits' values each (values[c * nunits + u] is what coder c gave unit u, or
** CDR_AGREE_MISSING).  Units with fewer than two values are left out.  Returns
** 1 - D_o / D_e, or NaN when fewer than two values are pairable or all pairable
** values are the same (D_e = 0).  'parts' (may be NULL) receives n, D_o and D_e. */
double cdr_agree_alpha_nominal(const int32_t *values, size_t ncoders, size_t nunits,
			       cdr_agree_alpha_parts *parts);

#endif
