/*
** compare.h -- a coding run against human codings, unit by unit and code by code:
** what `codeer agree` reports.
**
** Documents come in input order with their units (cdr_coder_units) and codeer's
** codings.  For each human coding (human.h) that holds the document's source, every
** unit the person coded is compared: codeer's codes (those of its codings in the
** unit) against the person's (the overlap rule of human.h).  Units the person did
** not code are left out and counted.  With two or more humans, each pair of them
** is compared too, over the units both coded (the ceiling a codebook can reach).
** Every disagreement is kept: the unit, its text with the words codeer matched
** marked, and the account of `explain` for that code.
*/
#ifndef CDR_COMPARE_H
#define CDR_COMPARE_H

#include <stddef.h>

#include "agree.h"
#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "human.h"
#include "match.h"
#include "mem.h"
#include "read.h"
#include "status.h"

typedef enum cdr_compare_format {
	CDR_COMPARE_TEXT, /* a table a person reads in a terminal, then the disagreements */
	CDR_COMPARE_TSV,  /* one row per (human, code), and (micro), (macro) rows */
	CDR_COMPARE_JSON  /* all of it, with every disagreement */
} cdr_compare_format;

typedef struct cdr_compare cdr_compare; /* opaque */

/* Compare codings of codebook 'm' with the 'nhumans' human codings 'humans' (all
** borrowed, to outlive the comparison).  Returns CDR_OK, or an error if ICU cannot
** be opened for the explanations. */
cdr_rc cdr_compare_new(const cdr_matcher *m, cdr_human *const *humans, size_t nhumans,
		       cdr_compare **out, cdr_diag *d);

/* Compare one coded document: 'source' names it as the table does, 'units' are
** all its units at 'unit' (coded or not) and 'codings' codeer's codings.  Returns
** CDR_OK, or CDR_EINPUT when a project's copy of the source has another text than
** the input (positions would not match). */
cdr_rc cdr_compare_document(cdr_compare *c, const char *source, const cdr_doc *doc, cdr_unit unit,
			    const cdr_codings *units, const cdr_codings *codings, cdr_diag *d);

/* Compute the figures (bootstrap as 'opt' says; NULL: the defaults).  After the
** last document. */
void cdr_compare_finish(cdr_compare *c, const cdr_agree_options *opt);

/* Errors for what cannot be measured: a human coding none of whose sources was
** among the inputs, or with no unit in common.  Returns CDR_OK or CDR_EINPUT. */
cdr_rc cdr_compare_check(const cdr_compare *c, cdr_diag *d);

/* Append the report in 'fmt' ('max_shown': disagreements shown per human in the
** text format; every one in JSON). */
void cdr_compare_render(const cdr_compare *c, cdr_compare_format fmt, size_t max_shown,
			cdr_buf *out);

/* The micro-F1 of codeer against human 'i' (NaN if undefined). */
double cdr_compare_micro_f1(const cdr_compare *c, size_t i);

void cdr_compare_free(cdr_compare *c);

#endif
