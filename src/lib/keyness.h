/*
** keyness.h -- words and two-word phrases counted in two kinds of text (the
** report's uncoded units, the target, against its coded units, the reference),
** and the terms most over-represented in the target by log-likelihood (G2,
** Rayson and Garside 2000), as corpus linguists' keyword lists give them.
**
** Words are runs of letters and digits, with an inner hyphen or apostrophe kept
** (publiek-private, RIEC's), lower-cased (Unicode simple case mapping).  A
** phrase is two content words in a row with nothing but white space between
** them: a stop word (a short Dutch list: de, het, van, ...), any other character
** (a comma, a full stop, a bracket) and the start of each text added end the
** chain.  Stop words are counted as words (they are tokens) but never listed,
** nor are words without a letter or of one character.
** Words longer than CDR_KEYNESS_MAX_WORD bytes are skipped.
**
** Memory is bounded: at most CDR_KEYNESS_MAX_WORDS distinct words and
** CDR_KEYNESS_MAX_PHRASES distinct phrases are kept.  Once a table is full, words
** (phrases) met for the first time are not counted (cdr_keyness_totals says how
** many tokens were left out); those already in the table go on being counted.  The
** first words of a corpus are its frequent ones, so what is left out is its tail.
** Counts saturate at 2^32 - 1.  Everything is deterministic: the same texts in
** the same order give the same lists.
*/
#ifndef CDR_KEYNESS_H
#define CDR_KEYNESS_H

#include <stddef.h>
#include <stdint.h>

#define CDR_KEYNESS_MAX_WORD    64
#define CDR_KEYNESS_MAX_WORDS   (1u << 18)
#define CDR_KEYNESS_MAX_PHRASES (1u << 19)

typedef struct cdr_keyness cdr_keyness; /* opaque */

cdr_keyness *cdr_keyness_new(void);
void cdr_keyness_free(cdr_keyness *k);

/* Count the words and phrases of the valid UTF-8 text t[0..len) as target
** ('target' 1: the uncoded units) or reference (0). */
void cdr_keyness_add(cdr_keyness *k, const char *t, size_t len, int target);

typedef struct cdr_key_term {
	const char *term;   /* "word" or "word word"; owned by the cdr_keyness */
	uint64_t target;    /* occurrences in the target */
	uint64_t reference; /* in the reference */
	double g2;          /* log-likelihood; over-representation in the target */
} cdr_key_term;

/* The at most 'max' words ('phrases' 0) or phrases (1) over-represented in the
** target with G2 >= 3.84 (p < 0.05, one degree of freedom) and at least
** 'min_target' occurrences there, stop words left out, strongest first (ties: the
** more frequent, then by term).  Writes them to out[0..) and returns how many.
** With no reference tokens at all, G2 is 0 and the most frequent come first. */
size_t cdr_keyness_top(cdr_keyness *k, int phrases, size_t max, uint64_t min_target,
		       cdr_key_term *out);

typedef struct cdr_keyness_totals {
	uint64_t tokens[2];      /* words counted: [0] reference, [1] target */
	uint64_t words, phrases; /* distinct ones kept */
	uint64_t left_out;       /* word tokens not counted because the word table was full */
	uint64_t phrases_left_out;
} cdr_keyness_totals;

void cdr_keyness_get_totals(const cdr_keyness *k, cdr_keyness_totals *out);

/* Log-likelihood G2 of a term seen 'a' times in 'na' target tokens and 'b' times
** in 'nb' reference tokens (exposed for tests). */
double cdr_keyness_g2(double a, double na, double b, double nb);

/* 1 if the lower-case word w[0..n) is on the stop list. */
int cdr_keyness_is_stop(const char *w, size_t n);

#endif
