/*
** agree-calc.c -- the agreement statistics of libcodeer (agree.h) on units read
** from standard input, for tests/e2e/agree-stats.sh, which compares them with an
** independent implementation in R.
**
** usage: agree-calc [B SEED]   two raters; the input is the number of codes on the
**                              first line, then one line per unit: the reference's
**                              code numbers, '|', the measured rater's
**                              ("0 3 | 3 5", "|").  Prints, tab-separated, a line
**                              per code ("code", its number, tp fp fn tn, the ten
**                              figures of cdr_agree_stat_name order, unstable),
**                              then "micro" and "macro" lines of the same shape;
**                              with B, also per code "ci", the number, and the
**                              F1 and kappa intervals (lo hi replicates each),
**                              then "micro_ci" with the micro-F1 interval.
**        agree-calc alpha      any number of coders; one line per coder, its value
**                              for each unit (integers, NA for missing).  Prints
**                              "alpha", alpha, n, D_o and D_e.
** Numbers are printed with 17 significant digits; NaN as NA.  Exits 1 on
** malformed input.
*/
#include "config.h"

#include "agree.h"
#include "mem.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void num(double x)
{
	if (isnan(x))
		fputs("\tNA", stdout);
	else
		printf("\t%.17g", x);
}

static _Noreturn void fail(const char *what, size_t line)
{
	fprintf(stderr, "agree-calc: line %zu: %s\n", line, what);
	exit(1);
}

static void print_row(const char *kind, const char *name, const cdr_agree_table *t,
		      const cdr_agree_stats *s, int unstable)
{
	printf("%s\t%s\t%zu\t%zu\t%zu\t%zu", kind, name, t->tp, t->fp, t->fn, t->tn);
	for (int i = 0; i < CDR_AGREE_NSTATS; i++)
		num(s->v[i]);
	printf("\t%d\n", unstable);
}

static void print_ci(const cdr_agree_interval *ci)
{
	num(ci->lo);
	num(ci->hi);
	printf("\t%zu", ci->replicates);
}

/* Parse the unsigned numbers of s[0..) up to '|' or the end into v; returns the
** count and leaves *end after them. */
static size_t numbers(char *s, char **end, size_t **v, size_t *cap, size_t line)
{
	size_t k = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '|' || *s == '\n')
			break;
		char *e;
		errno = 0;
		unsigned long long x = strtoull(s, &e, 10);
		if (e == s || errno || *s == '-')
			fail("expected a code number", line);
		CDR_GROW(*v, *cap, k + 1);
		(*v)[k++] = (size_t)x;
		s = e;
	}
	*end = s;
	return k;
}

static int two_raters(unsigned replicates, uint64_t seed)
{
	char *line = NULL;
	size_t linecap = 0, lineno = 0, ncodes = 0, rcap = 0, tcap = 0;
	size_t *ref = NULL, *test = NULL;
	cdr_agree *a = NULL;

	while (getline(&line, &linecap, stdin) > 0) {
		lineno++;
		if (!a) {
			char *e;
			ncodes = strtoul(line, &e, 10);
			if (e == line)
				fail("expected the number of codes", lineno);
			a = cdr_agree_new(ncodes);
			continue;
		}
		char *p;
		size_t nr = numbers(line, &p, &ref, &rcap, lineno);
		if (*p != '|')
			fail("expected '|'", lineno);
		size_t nt = numbers(p + 1, &p, &test, &tcap, lineno);
		if (*p && *p != '\n')
			fail("unexpected text", lineno);
		if (!cdr_agree_add_unit(a, ref, nr, test, nt))
			fail("a code number past the last code", lineno);
	}
	if (!a)
		fail("no input", 0);

	cdr_agree_options opt = { replicates, seed };
	cdr_agree_result r;
	cdr_agree_compute(a, &opt, &r);
	char name[32];
	for (size_t c = 0; c < r.ncodes; c++) {
		snprintf(name, sizeof name, "%zu", c);
		print_row("code", name, &r.codes[c].table, &r.codes[c].stats, r.codes[c].unstable);
	}
	print_row("micro", "-", &r.micro_table, &r.micro, cdr_agree_unstable(&r.micro_table));
	cdr_agree_table none = { 0, 0, 0, 0 };
	print_row("macro", "-", &none, &r.macro, 0);
	if (replicates) {
		for (size_t c = 0; c < r.ncodes; c++) {
			printf("ci\t%zu", c);
			print_ci(&r.codes[c].f1_ci);
			print_ci(&r.codes[c].kappa_ci);
			putchar('\n');
		}
		fputs("micro_ci\t-", stdout);
		print_ci(&r.micro_f1_ci);
		putchar('\n');
	}
	cdr_agree_result_free(&r);
	cdr_agree_free(a);
	free(ref);
	free(test);
	free(line);
	return 0;
}

static int many_coders(void)
{
	char *line = NULL;
	size_t linecap = 0, lineno = 0, ncoders = 0, nunits = 0, n = 0, cap = 0;
	int32_t *v = NULL;

	while (getline(&line, &linecap, stdin) > 0) {
		size_t k = 0;
		lineno++;
		for (char *tok = strtok(line, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
			int32_t x = CDR_AGREE_MISSING;
			if (strcmp(tok, "NA") != 0) {
				char *e;
				errno = 0;
				long y = strtol(tok, &e, 10);
				if (*e || errno || y <= INT32_MIN || y > INT32_MAX)
					fail("expected an integer or NA", lineno);
				x = (int32_t)y;
			}
			CDR_GROW(v, cap, n + 1);
			v[n++] = x;
			k++;
		}
		if (ncoders == 0)
			nunits = k;
		else if (k != nunits)
			fail("coders with different numbers of units", lineno);
		ncoders++;
	}
	cdr_agree_alpha_parts parts;
	double alpha = cdr_agree_alpha_nominal(v, ncoders, nunits, &parts);
	fputs("alpha", stdout);
	num(alpha);
	num(parts.pairable);
	num(parts.observed);
	num(parts.expected);
	putchar('\n');
	free(v);
	free(line);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "alpha") == 0)
		return many_coders();
	if (argc == 1)
		return two_raters(0, 0);
	if (argc == 3)
		return two_raters((unsigned)strtoul(argv[1], NULL, 10),
				  (uint64_t)strtoull(argv[2], NULL, 10));
	fputs("usage: agree-calc [B SEED] | agree-calc alpha\n", stderr);
	return 2;
}
