/*
** wordfreq.h -- words and phrases counted over sets of units, with their keyness:
** what `codeer words` reports.
**
** Counting.  A unit (a paragraph, sentence or answer of a document) is split into
** paragraphs and sentences (seg.h), each sentence is normalised as rules see text
** (norm.h: case and accents folded), and its words are the runs of letters, digits
** and marks in the normalised text, with a hyphen or apostrophe between two of
** them kept inside the word (publiek-private, auto's), as the codebook language
** reads words.  A term is a word or a phrase of two or three consecutive words of
** one sentence, written as the normalised words joined by one space.  Terms that
** are a stop word, or a phrase that starts or ends with one, and terms with a word
** that holds no letter (a number), are not counted; they still count in the
** totals, which are the positions of every n-word term of the set.
**
** Sets.  Set 0 holds every unit added; a caller defines further sets (units no
** code got, units a person gave a code, ...) by naming them when it adds a unit.
** Keyness compares a set with the rest of set 0.
**
** Keyness is Dunning's log-likelihood G2 as Rayson and Garside (2000) compute it
** for two corpora: with a the term's count in the set, b its count in the rest,
** and N1, N2 the totals of terms of its length in each,
**     E1 = N1 (a + b) / (N1 + N2),  E2 = N2 (a + b) / (N1 + N2),
**     G2 = 2 (a ln(a / E1) + b ln(b / E2))   (0 ln 0 = 0),
** given a minus sign when the term is relatively rarer in the set than in the rest.
** Beside it, the effect size log ratio (Hardie 2014): log2 of the ratio of the
** relative frequencies, a zero count taken as 0.5.
*/
#ifndef CDR_WORDFREQ_H
#define CDR_WORDFREQ_H

#include <stddef.h>

#include "diag.h"
#include "match.h"
#include "mem.h"
#include "status.h"

#define CDR_WORDFREQ_MAX_N 3

typedef struct cdr_wordfreq cdr_wordfreq; /* opaque */

/* A counter for terms of 1 to 'max_n' words over set 0 and 'nsets' - 1 further
** sets.  Returns CDR_EINTERNAL if ICU's break rules cannot be opened. */
cdr_rc cdr_wordfreq_new(size_t max_n, size_t nsets, cdr_wordfreq **out, cdr_diag *d);
void cdr_wordfreq_free(cdr_wordfreq *w);

/* Add the stop words of t[0..len): one a line, normalised; blank lines and lines
** starting with '#' are skipped. */
void cdr_wordfreq_stopwords(cdr_wordfreq *w, const char *t, size_t len);

/* Count the unit t[start..end) (valid UTF-8) in set 0 and in each of the sets
** 'sets[0..n)' (each below nsets; set 0 is not to be named).  Returns CDR_OK, or
** CDR_EINTERNAL if ICU fails. */
cdr_rc cdr_wordfreq_add(cdr_wordfreq *w, const char *t, size_t start, size_t end,
			const size_t *sets, size_t n, cdr_diag *d);

/* Units added to set 'set'. */
size_t cdr_wordfreq_units(const cdr_wordfreq *w, size_t set);

/* The positions of n-word terms in set 'set' (its total for keyness). */
size_t cdr_wordfreq_total(const cdr_wordfreq *w, size_t set, size_t n);

typedef struct cdr_wordfreq_term {
	const char *text;     /* normalised words joined by one space; valid while 'w' lives */
	const char *spelling; /* the original text where it was first seen, white space folded */
	size_t n;             /* its words */
	size_t count;         /* in the set */
	size_t other;         /* in the rest of set 0 (0 for set 0 itself) */
	double g2;            /* signed G2 of the set against the rest (NaN for set 0) */
	double log_ratio;     /* log2 ratio of the relative frequencies (NaN for set 0) */
} cdr_wordfreq_term;

typedef enum cdr_wordfreq_order {
	CDR_WORDFREQ_BY_COUNT,  /* most frequent first */
	CDR_WORDFREQ_BY_KEYNESS /* highest G2 first; only terms over-represented in the set */
} cdr_wordfreq_order;

/* The first 'top' terms of set 'set' with 'n' words (0: any number) and a count
** of at least 'min_count' in the set, in 'order' (ties: the higher count, then
** the text), in *out (free() it).  Returns how many. */
size_t cdr_wordfreq_top(const cdr_wordfreq *w, size_t set, size_t n, cdr_wordfreq_order order,
			size_t min_count, size_t top, cdr_wordfreq_term **out);

/* ---- The report. ---- */

typedef struct cdr_wordfreq_list {
	const char *kind;  /* for tsv and json: "all", "uncoded", "human", "missed", "false-hit" */
	const char *title; /* for text: what the set is */
	size_t set;
	size_t n;    /* words per term, or 0 for any */
	size_t code; /* mark whether a rule of this code matches each term; CDR_NONE: none */
	cdr_wordfreq_order order;
} cdr_wordfreq_list;

typedef enum cdr_wordfreq_format {
	CDR_WORDFREQ_TEXT,
	CDR_WORDFREQ_TSV,
	CDR_WORDFREQ_JSON
} cdr_wordfreq_format;

/* Append the lists 'lists[0..nlists)' ('top' terms each, 'min_count' as for
** cdr_wordfreq_top) after the line 'heading' (text) in 'fmt'.  With a matcher 'm'
** (may be NULL), each term is coded on its own, as a text of one paragraph, in its
** normalised form and its spelling, and the codes whose rules fire on it are
** listed; in a list with a code, it is marked whether that code fires.  Returns
** CDR_OK, or an error of coding (ICU, a PCRE2 limit). */
cdr_rc cdr_wordfreq_render(const cdr_wordfreq *w, const char *heading,
			   const cdr_wordfreq_list *lists, size_t nlists, size_t top,
			   size_t min_count, const cdr_matcher *m, cdr_wordfreq_format fmt,
			   cdr_buf *out, cdr_diag *d);

/* G2 (keyness.h's) and log ratio of a term counted 'a' times in a corpus of 'n1'
** and 'b' times in one of 'n2', signed as above; NaN when either corpus is empty. */
double cdr_wordfreq_g2(double a, double b, double n1, double n2);
double cdr_wordfreq_log_ratio(double a, double b, double n1, double n2);

#endif
