/*
** match.h -- compiling a codebook's rules to PCRE2 and finding their matches in
** normalised text.
**
** Word, glob and phrase rules are translated into regular expressions over the
** normalised text (their patterns normalised the same way); regex rules are used
** as written, caseless.  A compiled matcher is immutable and may be shared by
** threads; each thread brings its own cdr_match_scratch.
*/
#ifndef CDR_MATCH_H
#define CDR_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "codebook.h"
#include "diag.h"
#include "status.h"

typedef struct cdr_matcher cdr_matcher;             /* opaque */
typedef struct cdr_match_scratch cdr_match_scratch; /* opaque, one per thread */

/* PCRE2's limits for one match attempt; reaching one is an error (CDR_ELIMIT)
** that names the rule, never a hang. */
#define CDR_MATCH_LIMIT_DEFAULT 10000000u
#define CDR_DEPTH_LIMIT_DEFAULT 100000u

/* Compile every rule of 'cb' (borrowed: it must outlive the matcher).  Returns
** CDR_OK, or CDR_ESYNTAX with one error per bad rule in 'd', at the rule's place in
** the codebook file (for a regex, at the column PCRE2 complains about). */
cdr_rc cdr_matcher_new(const cdr_codebook *cb, cdr_matcher **out, cdr_diag *d);
void cdr_matcher_free(cdr_matcher *m);

/* The regular expression rule 'i' was compiled from. */
const char *cdr_matcher_regex(const cdr_matcher *m, size_t i);

cdr_match_scratch *cdr_match_scratch_new(const cdr_matcher *m);
void cdr_match_scratch_free(cdr_match_scratch *s);

typedef struct cdr_match {
	size_t rule;       /* index into the codebook's rules */
	size_t start, end; /* bytes of the normalised text, end exclusive */
} cdr_match;

typedef struct cdr_matches {
	cdr_match *v;
	size_t count, cap;
} cdr_matches;

#define CDR_MATCHES_INIT   \
	{                  \
		NULL, 0, 0 \
	}

/* Append to 'out' every match of every rule in the normalised text t[0..len), rule
** by rule (matches of one rule do not overlap).  Returns CDR_OK, or CDR_ELIMIT if a
** rule reached a PCRE2 limit, with an error naming the rule (the caller adds where
** in the text that happened). */
cdr_rc cdr_matcher_run(const cdr_matcher *m, cdr_match_scratch *s, const char *t, size_t len,
		       cdr_matches *out, cdr_diag *d);

void cdr_matches_free(cdr_matches *ms);

#endif
