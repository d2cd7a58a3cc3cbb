/*
** words.h -- the native word matcher: words, globs, exact words and simple phrases
** matched without PCRE2, from where the prefilter (prefilter.h) found the core of
** one of their words, with the same matches PCRE2 finds for their regular
** expressions (compile.h).  match.c decides when to use it.
**
** An atom's native form (cdr_atom.parts, compile.h) stands for the expression
**     BEFORE (STAR)? core1 (STAR)? (\s+ core2 (STAR)?)* AFTER
** where BEFORE is (?<!W)(?<!W-), AFTER is (?!W)(?!-W) and STAR is (?:W|-(?=W))*,
** W a letter, digit or '_' and \s a space in PCRE2's Unicode tables (asked of
** PCRE2 itself for non-ASCII characters).
**
** A cdr_words is immutable and may be shared by threads; each thread brings its
** own cdr_words_scratch.
*/
#ifndef CDR_WORDS_H
#define CDR_WORDS_H

#include <stddef.h>

#include "match.h"
#include "compile.h"

typedef struct cdr_words cdr_words;                 /* opaque: the character classes */
typedef struct cdr_words_scratch cdr_words_scratch; /* opaque, one per thread */

/* A word matcher, owned by the caller (cdr_words_free). */
cdr_words *cdr_words_new(void);
void cdr_words_free(cdr_words *w);

cdr_words_scratch *cdr_words_scratch_new(void);
void cdr_words_scratch_free(cdr_words_scratch *s);

/* 1 if cdr_words_match() finishes atom 'a' as PCRE2 would: it has a native form
** and an anchor, and its words hold no space (a space in a word would let \s+ next
** to it give some back, a choice the native matcher does not make); else 0. */
int cdr_words_can_match(const cdr_words *w, cdr_words_scratch *s, const cdr_atom *a);

/* Append to 'out' the matches of atom 'a' (a cdr_words_can_match() atom, whose
** index in the program is 'atom') in t[0..len), given the starts q[0..n) of every
** occurrence of the core of its anchor word (sorted here if they are not): the
** matches PCRE2 finds, leftmost first, then the greedy choice, then on from the
** end of the match. */
void cdr_words_match(const cdr_words *w, cdr_words_scratch *s, const cdr_atom *a, size_t atom,
		     const char *t, size_t len, size_t *q, size_t n, cdr_matches *out);

#endif
