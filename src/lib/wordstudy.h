/*
** wordstudy.h -- the study behind `codeer words`: which units of a coding run count
** in which set of a word counter (wordfreq.h), and the lists reported of them.
**
** Three studies:
**   all       every unit, one list per phrase length, by count;
**   uncoded   the units no code got, against the coded ones;
**   human     against a person's coding (human.h, matched to the inputs as `agree`
**             matches it), per code: the units the person gave the code (against
**             the other units the person coded), the units codeer missed (the
**             person gave it, codeer did not) and codeer's false hits; by keyness.
** Units a person did not code are left out of a human study.
*/
#ifndef CDR_WORDSTUDY_H
#define CDR_WORDSTUDY_H

#include <stddef.h>

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "human.h"
#include "match.h"
#include "mem.h"
#include "read.h"
#include "status.h"
#include "eval.h"
#include "wordfreq.h"

typedef enum cdr_wordstudy_kind {
	CDR_WORDSTUDY_ALL,
	CDR_WORDSTUDY_UNCODED,
	CDR_WORDSTUDY_HUMAN
} cdr_wordstudy_kind;

typedef struct cdr_wordstudy_options {
	cdr_wordstudy_kind kind;
	cdr_human *human;    /* CDR_WORDSTUDY_HUMAN: the person's coding (borrowed) */
	const size_t *codes; /* with human: only these codes (indices); NULL: every code */
	size_t ncodes;
	size_t max_words; /* the longest phrase counted, 1 to CDR_WORDFREQ_MAX_N */
	int order;        /* a cdr_wordfreq_order, or -1: by count, by keyness with human */
} cdr_wordstudy_options;

typedef struct cdr_wordstudy cdr_wordstudy; /* opaque */

/* A study of runs coded with codebook 'cb' (borrowed).  Returns CDR_OK, or
** CDR_EINTERNAL if ICU's break rules cannot be opened. */
cdr_rc cdr_wordstudy_new(const cdr_codebook *cb, const cdr_wordstudy_options *opt,
			 cdr_wordstudy **out, cdr_diag *d);
void cdr_wordstudy_free(cdr_wordstudy *s);

/* Stop words, one a line (cdr_wordfreq_stopwords). */
void cdr_wordstudy_stopwords(cdr_wordstudy *s, const char *t, size_t len);

/* Count one coded document, in input order: 'source' names it as the table does,
** 'units' are all its units at 'unit' (coded or not, cdr_coder_units) and
** 'codings' codeer's codings.  Returns CDR_OK, CDR_EINPUT when a project's copy of
** the source has another text than the input, or an error of ICU. */
cdr_rc cdr_wordstudy_document(cdr_wordstudy *s, const char *source, const cdr_doc *doc,
			      cdr_unit unit, const cdr_codings *units, const cdr_codings *codings,
			      cdr_diag *d);

/* After the last document: an error when a human study found none of the
** person's sources among the inputs, or no unit the person coded.  CDR_OK or
** CDR_EINPUT. */
cdr_rc cdr_wordstudy_check(const cdr_wordstudy *s, cdr_diag *d);

/* Append the report: its heading and lists ('top' terms each, at least
** 'min_count' times), each term marked with the codes of matcher 'm' that match
** it (cdr_wordfreq_render). */
cdr_rc cdr_wordstudy_render(const cdr_wordstudy *s, const cdr_matcher *m, size_t top,
			    size_t min_count, cdr_wordfreq_format fmt, cdr_buf *out, cdr_diag *d);

#endif
