/*
** norm.h -- the normalised text that rules are matched against, with a map from
** every normalised byte back to the original text.
**
** Normalisation (doc/codebook.md, "How text is matched"): compatibility
** decomposition, case folding, combining marks stripped, curly quotes and all
** dashes unified, spaces unified, default-ignorable characters (soft hyphen,
** zero-width space ...) dropped, and words hyphenated across a line break joined.
**
** The map: normalised byte k came from the original bytes [from[k], to[k]).  Bytes
** of one original character share one range; a character that expands (U+FB01 ->
** "fi") gives every output byte the same range; characters that are dropped own no
** normalised byte, so a span that covers their neighbours covers them too.  A
** combining mark that is stripped is added to the range of the character before
** it, so a span never ends between a letter and its accent.  Invariants: from[] is
** non-decreasing, from[k] < to[k], and every range lies inside the input.
*/
#ifndef CDR_NORM_H
#define CDR_NORM_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"

typedef struct cdr_norm {
	cdr_buf text;    /* the normalised text, UTF-8, NUL-terminated */
	uint32_t *from;  /* per normalised byte: start of its original character */
	uint32_t *to;    /* per normalised byte: end of its original character(s) */
	size_t cap;      /* capacity of 'from' and 'to' */
	size_t orig_end; /* end of the input in the original ('base + len') */
} cdr_norm;

#define CDR_NORM_INIT                          \
	{                                      \
		CDR_BUF_INIT, NULL, NULL, 0, 0 \
	}

/* Normalise the valid UTF-8 text orig[0..len), replacing what 'n' held.  Offsets
** in the map are orig-relative plus 'base' (so a paragraph normalised on its own
** maps into its whole document).  'base + len' must be below 2^32. */
void cdr_norm_run(cdr_norm *n, const char *orig, size_t len, size_t base);

/* Map the normalised byte span [nstart, nend) to the original byte span
** [*ostart, *oend).  An empty span maps to an empty span at from[nstart]. */
void cdr_norm_span(const cdr_norm *n, size_t nstart, size_t nend, size_t *ostart, size_t *oend);

/* The normalised form of the valid UTF-8 string s[0..len), newly allocated. */
char *cdr_norm_string(const char *s, size_t len);

/* 1 if the map of 'n', made by cdr_norm_run() with 'base', keeps the invariants
** above: from[] non-decreasing, from[k] < to[k], every range inside
** [base, n->orig_end]; else 0.  For CDR_ASSERT (invariant.h) and tests. */
int cdr_norm_valid(const cdr_norm *n, size_t base);

void cdr_norm_free(cdr_norm *n);

#endif
