/*
** agree.c -- agreement statistics (see agree.h for the figures, their sources and
** what each is when undefined).
**
** Each unit keeps its codes once, in one flat array of 32-bit code indices: first
** the codes both raters gave, then those only the reference gave, then those only
** the measured rater gave, each run sorted.  A unit is thus 24 bytes plus 4 per
** distinct code, and the tables are counted without looking at the codes a unit
** lacks.  A bootstrap replicate counts how often it drew each unit and adds that
** weight to the unit's codes, so it costs O(units + codings + codes), not
** O(units x codes).
*/
#include "config.h"

#include "agree.h"

#include "mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct agree_unit {
	size_t start;             /* its first code in cdr_agree.codes */
	uint32_t both, ref, test; /* how many codes: both gave, only ref, only test */
} agree_unit;

struct cdr_agree {
	size_t ncodes;
	agree_unit *units;
	size_t nunits, units_cap;
	uint32_t *codes; /* the units' codes, as described at the top */
	size_t ncodings, codes_cap;
	size_t *scratch; /* cdr_agree_add_unit's sorting and merging */
	size_t scratch_cap;
};

static const char *const stat_names[CDR_AGREE_NSTATS] = {
	"precision", "recall", "f1",    "agreement",      "kappa",
	"alpha",     "ac1",    "pabak", "prevalence_ref", "prevalence_test",
};

const char *cdr_agree_stat_name(int stat)
{
	return stat >= 0 && stat < CDR_AGREE_NSTATS ? stat_names[stat] : NULL;
}

/* num / den, or NaN for a zero denominator. */
static double ratio(double num, double den)
{
	return den != 0 ? num / den : NAN;
}

/* F1 and kappa are also what the bootstrap recomputes. */
static double f1_of(double tp, double fp, double fn)
{
	return ratio(2 * tp, 2 * tp + fp + fn);
}

static double kappa_of(double tp, double fp, double fn, double tn)
{
	return ratio(2 * (tp * tn - fp * fn), (tp + fp) * (fp + tn) + (tp + fn) * (fn + tn));
}

void cdr_agree_score(const cdr_agree_table *t, cdr_agree_stats *s)
{
	double tp = (double)t->tp, fp = (double)t->fp, fn = (double)t->fn, tn = (double)t->tn;
	double n = tp + fp + fn + tn;

	for (int i = 0; i < CDR_AGREE_NSTATS; i++)
		s->v[i] = NAN;
	if (n == 0)
		return;
	double po = (tp + tn) / n;
	s->v[CDR_AGREE_PRECISION] = ratio(tp, tp + fp);
	s->v[CDR_AGREE_RECALL] = ratio(tp, tp + fn);
	s->v[CDR_AGREE_F1] = f1_of(tp, fp, fn);
	s->v[CDR_AGREE_AGREEMENT] = po;
	s->v[CDR_AGREE_KAPPA] = kappa_of(tp, fp, fn, tn);
	/* The coincidence matrix of 2n values: o01 = o10 = fp + fn. */
	double n1 = 2 * tp + fp + fn, n0 = 2 * tn + fp + fn;
	s->v[CDR_AGREE_ALPHA] = 1 - ratio((2 * n - 1) * (fp + fn), n0 * n1);
	double pi = n1 / (2 * n), pe = 2 * pi * (1 - pi);
	s->v[CDR_AGREE_AC1] = (po - pe) / (1 - pe);
	s->v[CDR_AGREE_PABAK] = 2 * po - 1;
	s->v[CDR_AGREE_PREVALENCE_REF] = (tp + fn) / n;
	s->v[CDR_AGREE_PREVALENCE_TEST] = (tp + fp) / n;
}

int cdr_agree_unstable(const cdr_agree_table *t)
{
	return t->tp + t->fn < CDR_AGREE_MIN_POSITIVES || t->tp + t->fp < CDR_AGREE_MIN_POSITIVES;
}

/* ---------------------------------------------------------------- random --- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void cdr_agree_rng_seed(cdr_agree_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t cdr_agree_rng_next(cdr_agree_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

size_t cdr_agree_rng_below(cdr_agree_rng *r, size_t n)
{
	uint64_t bound = n;
	uint64_t reject = (0 - bound) % bound; /* 2^64 mod n */

	for (;;) {
		uint64_t x = cdr_agree_rng_next(r);
		if (x >= reject)
			return (size_t)(x % bound);
	}
}

/* ----------------------------------------------------------------- units --- */

cdr_agree *cdr_agree_new(size_t ncodes)
{
	if (ncodes > UINT32_MAX)
		return NULL;
	cdr_agree *a = cdr_xcalloc(1, sizeof *a);
	a->ncodes = ncodes;
	return a;
}

void cdr_agree_free(cdr_agree *a)
{
	if (!a)
		return;
	free(a->units);
	free(a->codes);
	free(a->scratch);
	free(a);
}

size_t cdr_agree_units(const cdr_agree *a)
{
	return a->nunits;
}

static int cmp_size(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	return (x > y) - (x < y);
}

/* Sort v[0..n) and drop repeats; returns the new length. */
static size_t sort_unique(size_t *v, size_t n)
{
	size_t k = 0;

	qsort(v, n, sizeof *v, cmp_size);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

int cdr_agree_add_unit(cdr_agree *a, const size_t *ref, size_t nref, const size_t *test,
		       size_t ntest)
{
	for (size_t i = 0; i < nref; i++)
		if (ref[i] >= a->ncodes)
			return 0;
	for (size_t i = 0; i < ntest; i++)
		if (test[i] >= a->ncodes)
			return 0;

	/* scratch: the sorted ref and test sets, then the ref-only and test-only ones */
	CDR_GROW(a->scratch, a->scratch_cap, 2 * (nref + ntest));
	size_t *r = a->scratch, *t = r + nref, *ronly = t + ntest, *tonly = ronly + nref;
	if (nref)
		memcpy(r, ref, nref * sizeof *r);
	if (ntest)
		memcpy(t, test, ntest * sizeof *t);
	size_t nr = sort_unique(r, nref), nt = sort_unique(t, ntest);

	CDR_GROW(a->codes, a->codes_cap, a->ncodings + nr + nt);
	uint32_t *out = a->codes + a->ncodings;
	size_t i = 0, j = 0, nboth = 0, nro = 0, nto = 0;
	while (i < nr && j < nt) {
		if (r[i] == t[j]) {
			out[nboth++] = (uint32_t)r[i];
			i++;
			j++;
		} else if (r[i] < t[j]) {
			ronly[nro++] = r[i++];
		} else {
			tonly[nto++] = t[j++];
		}
	}
	while (i < nr)
		ronly[nro++] = r[i++];
	while (j < nt)
		tonly[nto++] = t[j++];
	for (size_t k = 0; k < nro; k++)
		out[nboth + k] = (uint32_t)ronly[k];
	for (size_t k = 0; k < nto; k++)
		out[nboth + nro + k] = (uint32_t)tonly[k];

	CDR_GROW(a->units, a->units_cap, a->nunits + 1);
	a->units[a->nunits++] =
		(agree_unit){ a->ncodings, (uint32_t)nboth, (uint32_t)nro, (uint32_t)nto };
	a->ncodings += nboth + nro + nto;
	return 1;
}

/* Add unit u's codes, 'w' times, to the counts tp, fn and fp (ncodes each). */
static void count_unit(const cdr_agree *a, const agree_unit *u, size_t w, size_t *tp, size_t *fn,
		       size_t *fp)
{
	const uint32_t *c = a->codes + u->start;

	for (uint32_t k = 0; k < u->both; k++)
		tp[c[k]] += w;
	c += u->both;
	for (uint32_t k = 0; k < u->ref; k++)
		fn[c[k]] += w;
	c += u->ref;
	for (uint32_t k = 0; k < u->test; k++)
		fp[c[k]] += w;
}

/* ------------------------------------------------------------- bootstrap --- */

static int cmp_double(const void *pa, const void *pb)
{
	double x = *(const double *)pa, y = *(const double *)pb;
	return (x > y) - (x < y);
}

double cdr_agree_quantile(const double *x, size_t k, double p)
{
	double h = (double)(k - 1) * p;
	size_t lo = (size_t)h;

	if (lo + 1 >= k)
		return x[k - 1];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* The 95 % percentile interval of the k defined replicates x[0..k) (sorts x). */
static cdr_agree_interval percentile(double *x, size_t k)
{
	cdr_agree_interval ci = { NAN, NAN, k };

	if (k == 0)
		return ci;
	qsort(x, k, sizeof *x, cmp_double);
	ci.lo = cdr_agree_quantile(x, k, 0.025);
	ci.hi = cdr_agree_quantile(x, k, 0.975);
	return ci;
}

/* Fill the intervals of 'out' from opt->replicates resamplings of the units;
** 'counts' is room for 3 x ncodes counts. */
static void bootstrap(const cdr_agree *a, const cdr_agree_options *opt, cdr_agree_result *out,
		      size_t *counts)
{
	size_t n = a->nunits, nc = a->ncodes, nrep = opt->replicates;
	size_t *tp = counts, *fn = counts + nc, *fp = counts + 2 * nc;

	if (nrep == 0 || n == 0)
		return;
	size_t *weight = cdr_xcalloc(n, sizeof *weight);
	/* The defined replicates: code c's from [c * nrep], then the micro-F1's. */
	double *f1s = cdr_xreallocarray(NULL, nc + 1, nrep * sizeof *f1s);
	double *kappas = cdr_xreallocarray(NULL, nc + 1, nrep * sizeof *kappas);
	size_t *nf1 = cdr_xcalloc(nc + 1, sizeof *nf1),
	       *nkappa = cdr_xcalloc(nc + 1, sizeof *nkappa);
	cdr_agree_rng rng;

	cdr_agree_rng_seed(&rng, opt->seed);
	for (size_t b = 0; b < nrep; b++) {
		memset(weight, 0, n * sizeof *weight);
		for (size_t i = 0; i < n; i++)
			weight[cdr_agree_rng_below(&rng, n)]++;
		memset(counts, 0, 3 * nc * sizeof *counts);
		for (size_t u = 0; u < n; u++)
			if (weight[u])
				count_unit(a, &a->units[u], weight[u], tp, fn, fp);
		double stp = 0, sfp = 0, sfn = 0;
		for (size_t c = 0; c < nc; c++) {
			double ctp = (double)tp[c], cfp = (double)fp[c], cfn = (double)fn[c];
			double ctn = (double)(n - tp[c] - fp[c] - fn[c]);
			double f1 = f1_of(ctp, cfp, cfn), kappa = kappa_of(ctp, cfp, cfn, ctn);
			if (!isnan(f1))
				f1s[c * nrep + nf1[c]++] = f1;
			if (!isnan(kappa))
				kappas[c * nrep + nkappa[c]++] = kappa;
			stp += ctp;
			sfp += cfp;
			sfn += cfn;
		}
		double micro = f1_of(stp, sfp, sfn);
		if (!isnan(micro))
			f1s[nc * nrep + nf1[nc]++] = micro;
	}
	for (size_t c = 0; c < nc; c++) {
		out->codes[c].f1_ci = percentile(f1s + c * nrep, nf1[c]);
		out->codes[c].kappa_ci = percentile(kappas + c * nrep, nkappa[c]);
	}
	out->micro_f1_ci = percentile(f1s + nc * nrep, nf1[nc]);
	free(weight);
	free(f1s);
	free(kappas);
	free(nf1);
	free(nkappa);
}

/* --------------------------------------------------------------- compute --- */

void cdr_agree_compute(const cdr_agree *a, const cdr_agree_options *opt, cdr_agree_result *out)
{
	static const cdr_agree_options defaults = CDR_AGREE_OPTIONS_INIT;
	const cdr_agree_interval none = { NAN, NAN, 0 };
	size_t n = a->nunits, nc = a->ncodes;

	if (!opt)
		opt = &defaults;
	memset(out, 0, sizeof *out);
	out->units = n;
	out->ncodes = nc;
	out->replicates = opt->replicates;
	out->seed = opt->seed;
	out->codes = cdr_xcalloc(nc, sizeof *out->codes);
	out->micro_f1_ci = none;

	size_t *counts = cdr_xcalloc(3 * nc, sizeof *counts);
	size_t *tp = counts, *fn = counts + nc, *fp = counts + 2 * nc;
	for (size_t u = 0; u < n; u++)
		count_unit(a, &a->units[u], 1, tp, fn, fp);

	double sum[CDR_AGREE_NSTATS] = { 0 };
	for (size_t c = 0; c < nc; c++) {
		cdr_agree_code *code = &out->codes[c];
		code->table = (cdr_agree_table){ tp[c], fp[c], fn[c], n - tp[c] - fp[c] - fn[c] };
		cdr_agree_score(&code->table, &code->stats);
		code->unstable = cdr_agree_unstable(&code->table);
		code->f1_ci = code->kappa_ci = none;
		out->micro_table.tp += code->table.tp;
		out->micro_table.fp += code->table.fp;
		out->micro_table.fn += code->table.fn;
		out->micro_table.tn += code->table.tn;
		for (int i = 0; i < CDR_AGREE_NSTATS; i++) {
			if (!isnan(code->stats.v[i])) {
				sum[i] += code->stats.v[i];
				out->macro_codes[i]++;
			}
		}
	}
	cdr_agree_score(&out->micro_table, &out->micro);
	for (int i = 0; i < CDR_AGREE_NSTATS; i++)
		out->macro.v[i] = out->macro_codes[i] ? sum[i] / (double)out->macro_codes[i] : NAN;

	bootstrap(a, opt, out, counts);
	free(counts);
}

void cdr_agree_result_free(cdr_agree_result *r)
{
	if (!r)
		return;
	free(r->codes);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------ alpha in general --- */

static int cmp_int32(const void *pa, const void *pb)
{
	int32_t x = *(const int32_t *)pa, y = *(const int32_t *)pb;
	return (x > y) - (x < y);
}

double cdr_agree_alpha_nominal(const int32_t *values, size_t ncoders, size_t nunits,
			       cdr_agree_alpha_parts *parts)
{
	/* For the nominal metric only the coincidence matrix's diagonal and margins
	** matter: sum over c != k of o_ck = n - sum of o_cc, and sum over c != k of
	** n_c n_k = n^2 - sum of n_c^2.  A unit with m_u values, n_uc of them c,
	** adds n_uc (n_uc - 1) / (m_u - 1) to o_cc and n_uc to n_c. */
	int32_t *pairable = cdr_xreallocarray(NULL, ncoders, nunits * sizeof *pairable);
	int32_t *unit = cdr_xreallocarray(NULL, ncoders, sizeof *unit);
	size_t n = 0;
	double diagonal = 0;

	for (size_t u = 0; u < nunits; u++) {
		size_t m = 0;
		for (size_t c = 0; c < ncoders; c++)
			if (values[c * nunits + u] != CDR_AGREE_MISSING)
				unit[m++] = values[c * nunits + u];
		if (m < 2)
			continue;
		qsort(unit, m, sizeof *unit, cmp_int32);
		for (size_t i = 0, run; i < m; i += run) {
			for (run = 1; i + run < m && unit[i + run] == unit[i]; run++)
				;
			diagonal += (double)run * (double)(run - 1) / (double)(m - 1);
		}
		memcpy(pairable + n, unit, m * sizeof *unit);
		n += m;
	}
	qsort(pairable, n, sizeof *pairable, cmp_int32);
	double squares = 0; /* sum of n_c^2 */
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && pairable[i + run] == pairable[i]; run++)
			;
		squares += (double)run * (double)run;
	}
	free(pairable);
	free(unit);

	double dn = (double)n;
	double observed = ratio(dn - diagonal, dn);
	double expected = n >= 2 ? (dn * dn - squares) / (dn * (dn - 1)) : NAN;
	if (parts) {
		parts->pairable = dn;
		parts->observed = observed;
		parts->expected = expected;
	}
	return 1 - ratio(observed, expected);
}
