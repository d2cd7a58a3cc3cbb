/*
** seg.h -- segmentation of a document into paragraphs, sentences and words.
**
** All spans are half-open byte ranges [start, end) into the text given, already
** trimmed of white space.  Paragraphs need no state; sentences and words use ICU
** break iterators (locale nl), which a cdr_seg holds so they are opened once and
** reused.  A cdr_seg is not thread-safe: use one per thread.
*/
#ifndef CDR_SEG_H
#define CDR_SEG_H

#include <stddef.h>

#include "diag.h"
#include "status.h"

typedef struct cdr_span {
	size_t start, end;
} cdr_span;

/* A growable array of spans. */
typedef struct cdr_spans {
	cdr_span *v;
	size_t count, cap;
} cdr_spans;

#define CDR_SPANS_INIT     \
	{                  \
		NULL, 0, 0 \
	}

void cdr_spans_push(cdr_spans *s, size_t start, size_t end);
void cdr_spans_free(cdr_spans *s);

/* 1 if the 'count' spans at 'v' are units of the text [start, end): each non-empty
** and inside it, in order, none overlapping the one before; else 0.  What every
** segmentation below appends; for CDR_ASSERT (invariant.h) and tests. */
int cdr_spans_valid(const cdr_span *v, size_t count, size_t start, size_t end);

/* Append to 'out' the paragraphs of the valid UTF-8 text t[0..len): maximal runs of
** lines that are not blank (a blank line holds nothing but white space), each
** trimmed of leading and trailing white space. */
void cdr_seg_paragraphs(const char *t, size_t len, cdr_spans *out);

typedef struct cdr_seg cdr_seg; /* opaque: ICU break iterators and scratch space */

/* Create a segmenter.  Returns CDR_EINTERNAL (with a diagnostic) if ICU cannot
** open its Dutch break rules. */
cdr_rc cdr_seg_new(cdr_seg **out, cdr_diag *d);
void cdr_seg_free(cdr_seg *seg);

/* Append to 'out' the sentences of t[start..end) (offsets into t).  Line ends
** inside the range do not end a sentence; a period after a Dutch abbreviation
** (o.a., bijv., d.w.z., nr., ...), an initial or an enumeration number does not. */
cdr_rc cdr_seg_sentences(cdr_seg *seg, const char *t, size_t start, size_t end, cdr_spans *out);

/* Append to 'out' the words of t[start..end): letters and digits, with words joined
** by a hyphen kept as one word (publiek-private, 2019-2021) and an apostrophe
** inside a word kept (RIEC's, auto's).  Punctuation and white space are skipped. */
cdr_rc cdr_seg_words(cdr_seg *seg, const char *t, size_t start, size_t end, cdr_spans *out);

/* 1 if the text of 'span' ends in an abbreviation that does not end a sentence
** (exposed for tests). */
int cdr_seg_is_abbreviation(const char *word, size_t len);

#endif
