/*
** prefilter.h -- finding, in one pass over a text, which of many patterns can match
** it and where some of them occur, so that the exact matcher runs only on those.
**
** Built on Hyperscan, on bytes.  A pattern is a literal (escaped as in a regular
** expression) or an expression that over-approximates an atom (widen.h), compiled
** in Hyperscan's prefilter mode: a prefilter may say "can match" where the exact
** matcher then finds nothing, never the other way round, so results do not change.
** A literal may also ask for its positions: every occurrence's end offset is
** reported, and the word matcher finishes words and globs from those (words.c).
** Without Hyperscan (configure found none), cdr_prefilter_new() returns NULL and
** every atom is run by PCRE2.
*/
#ifndef CDR_PREFILTER_H
#define CDR_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

typedef struct cdr_prefilter cdr_prefilter;                 /* opaque, immutable, shareable */
typedef struct cdr_prefilter_scratch cdr_prefilter_scratch; /* one per thread */

typedef struct cdr_prefilter_pattern {
	const char *text; /* the pattern; NULL: none (always run the atom) */
	int caseless;     /* ignore ASCII case */
	int positions;    /* a literal whose every occurrence is wanted */
} cdr_prefilter_pattern;

/* Build a prefilter for 'count' patterns.  A NULL pattern, and one Hyperscan cannot
** take even in prefilter mode, is left out and reported by cdr_prefilter_always():
** it must always be run.  Returns NULL when there is no Hyperscan or nothing to
** filter. */
cdr_prefilter *cdr_prefilter_new(const cdr_prefilter_pattern *pattern, size_t count);
void cdr_prefilter_free(cdr_prefilter *p);

/* 1 if pattern i is not in the prefilter (always run it). */
int cdr_prefilter_always(const cdr_prefilter *p, size_t i);

cdr_prefilter_scratch *cdr_prefilter_scratch_new(const cdr_prefilter *p);
void cdr_prefilter_scratch_free(cdr_prefilter_scratch *s);

/* An occurrence of a literal that asked for positions. */
typedef struct cdr_prefilter_hit {
	size_t pattern;
	size_t end; /* byte offset just past the occurrence */
} cdr_prefilter_hit;

typedef struct cdr_prefilter_hits {
	cdr_prefilter_hit *v;
	size_t count, cap;
} cdr_prefilter_hits;

/* Scan t[0..len) and append to 'hits' a report for each pattern that may match it:
** one (the first) for most patterns, every occurrence for the literals that asked
** for positions, in the order Hyperscan reports them.  Returns 0 if Hyperscan fails
** (then the caller must run every pattern with the exact matcher). */
int cdr_prefilter_scan(const cdr_prefilter *p, cdr_prefilter_scratch *s, const char *t, size_t len,
		       cdr_prefilter_hits *hits);

/* 1 if the pattern holds a regular-expression construct beyond escaped literals and
** an alternation of them (a class, '.', a quantifier), else 0: literals, which
** Hyperscan compiles quickly, and which need no HS_FLAG_PREFILTER. */
int cdr_prefilter_is_expression(const char *pattern);

/* For tests: while nonzero, every scan fails, as Hyperscan's would on a paragraph
** over 4 GiB, so that the matcher's way around a failed scan is exercised. */
extern int cdr_prefilter_failing;

/* "hyperscan 5.4.0" or "none". */
const char *cdr_prefilter_engine(void);

#endif
