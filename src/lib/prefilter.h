/*
** prefilter.h -- finding, in one pass over a text, which of many regular
** expressions can match it, so that the exact matcher (PCRE2) runs only on those.
**
** Built on Hyperscan in prefilter mode, which accepts every construct the atoms use
** (lookarounds included) by over-approximating: a prefilter may say "can match"
** where PCRE2 then finds nothing, never the other way round, so results do not
** change.  Without Hyperscan (configure found none), cdr_prefilter_new() returns
** NULL and every atom is run.
*/
#ifndef CDR_PREFILTER_H
#define CDR_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

typedef struct cdr_prefilter cdr_prefilter;                 /* opaque, immutable, shareable */
typedef struct cdr_prefilter_scratch cdr_prefilter_scratch; /* one per thread */

/* Build a prefilter for 'count' patterns: pattern[i] is a literal (escaped as in a
** regular expression) or, where is_regex[i], a PCRE2 regular expression matched
** caseless if caseless[i].  A NULL pattern, and one Hyperscan cannot take even in
** prefilter mode, is left out and reported by cdr_prefilter_always(): it must always
** be run.  Returns NULL when there is no Hyperscan or nothing to filter. */
cdr_prefilter *cdr_prefilter_new(const char *const *pattern, const int *is_regex,
				 const int *caseless, size_t count);
void cdr_prefilter_free(cdr_prefilter *p);

/* 1 if pattern i is not in the prefilter (always run it). */
int cdr_prefilter_always(const cdr_prefilter *p, size_t i);

cdr_prefilter_scratch *cdr_prefilter_scratch_new(const cdr_prefilter *p);
void cdr_prefilter_scratch_free(cdr_prefilter_scratch *s);

/* Scan t[0..len) and set flag[i] = 1 for every pattern i that may match it (flags of
** other patterns are left as they are).  Returns 0 if Hyperscan fails (then the
** caller must run every pattern). */
int cdr_prefilter_scan(const cdr_prefilter *p, cdr_prefilter_scratch *s, const char *t, size_t len,
		       unsigned char *flag);

/* "hyperscan 5.4.0" or "none". */
const char *cdr_prefilter_engine(void);

#endif
