/*
** kwic.h -- keyword in context: every match of a rule, grouped by the form it
** matched, for `codeer kwic`.
**
** Matches come in as codings at the match unit (one coding per match), document
** by document in input order.  Each is grouped by its form: the matched text
** normalised as rules see it (case and accents folded) with white space folded to
** one space, so "Geld", "geld" and "géld" are one form; a form is shown in its
** most frequent original spelling.  Per form it keeps the count, the documents it
** occurs in, its spellings (at most CDR_KWIC_SPELLINGS) and the first 'examples'
** matches in input order (so the same inputs give the same report on any number
** of threads), each with up to 'context' code points of its paragraph on either
** side.  Memory grows with the number of distinct forms, not with the matches.
*/
#ifndef CDR_KWIC_H
#define CDR_KWIC_H

#include <stddef.h>
#include <stdint.h>

#include "codebook.h"
#include "match.h"
#include "coder.h"
#include "mem.h"
#include "read.h"

#define CDR_KWIC_SPELLINGS 8

typedef enum cdr_kwic_format {
	CDR_KWIC_TEXT, /* the forms with counts, then each form's examples, aligned */
	CDR_KWIC_TSV,  /* one row per example (per form when no examples are kept) */
	CDR_KWIC_JSON  /* everything, one object */
} cdr_kwic_format;

typedef struct cdr_kwic_options {
	size_t context;  /* code points of context on either side */
	size_t examples; /* examples kept per form */
} cdr_kwic_options;

typedef struct cdr_kwic cdr_kwic; /* opaque */

/* A collector for matches of the rules of 'cb' (borrowed: it names the rules). */
cdr_kwic *cdr_kwic_new(const cdr_codebook *cb, const cdr_kwic_options *opt);

/* Add the matches 'codings' (codings at the match unit, of any code) of document
** 'doc', named 'source'; 'answer' says it is a survey answer (its unit ids are the
** source alone, as sheets write them). */
void cdr_kwic_add(cdr_kwic *k, const char *source, const cdr_doc *doc, int answer,
		  const cdr_codings *codings);

/* Append the report in 'fmt'; 'title' names what was searched for (the rule as
** written, or the code). */
void cdr_kwic_render(const cdr_kwic *k, const char *title, cdr_kwic_format fmt, cdr_buf *out);

/* Reduce 'cb' to the rules and exceptions of code 'code': the other codes stay
** (with no rules, so that code indices do not change), obstacle cues and examples
** go.  The rules keep their positions in the file, so that errors compiling them
** point there. */
void cdr_kwic_only_code(cdr_codebook *cb, size_t code);

/* The codebook of one rule 'rule', a line as a codebook writes it ("glob: geld*"),
** as the code "kwic", with the word lists of 'lists' (may be NULL) for a rule that
** names one ('@partners'), and its matcher (cdr_matcher_parse).  Of what is said of
** the file 'name', only the items of the rule's line stay in 'd', as line 1 (the
** columns then point into 'rule'); the others (of the code, the lists) go.
** Returns what cdr_matcher_parse() returns; whether the rule codes (one code, one
** rule, not an exception or a cue) is the caller's to check. */
cdr_rc cdr_kwic_rule_codebook(const char *name, const char *rule, const cdr_codebook *lists,
			      cdr_codebook **cb, cdr_matcher **m, cdr_diag *d);

/* Matches added so far. */
size_t cdr_kwic_matches(const cdr_kwic *k);

void cdr_kwic_free(cdr_kwic *k);

/* The context of the span [bstart, bend) of t[0..len): up to 'n' code points
** before it and after it, not beyond [lo, hi) (its paragraph), with every run of
** white space folded to one space, appended to 'left' and 'right'.  Exposed for
** tests. */
void cdr_kwic_context(const char *t, size_t lo, size_t hi, size_t bstart, size_t bend, size_t n,
		      cdr_buf *left, cdr_buf *right);

/* A 64-bit FNV-1a hash of s[0..n), for the tables here and in wordfreq.c. */
uint64_t cdr_kwic_hash(const char *s, size_t n);

/* Append s[0..len) with every run of white space folded to one space (and none at
** either end). */
void cdr_kwic_fold(const char *s, size_t len, cdr_buf *out);

#endif
