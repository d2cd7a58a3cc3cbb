/*
** explain.h -- a readable account of how a codebook codes a text: which rules fire
** where, which do not and why (an exception cancelled the match, the other side of
** a NEAR rule is too far away, a phrase of an 'all' rule is missing), and which
** cue makes a coding an obstacle.  Positions are code points of the original text.
*/
#ifndef CDR_EXPLAIN_H
#define CDR_EXPLAIN_H

#include "coder.h"
#include "mem.h"

/* Explain how 'c' codes 'doc', appending the account to 'out'.  With 'code' set to
** a code's index, every rule of that code is listed (also those that do not fire);
** with CDR_NONE, the codes that apply and the rules that found something.  Returns
** what cdr_coder_trace() returns. */
cdr_rc cdr_explain(cdr_coder *c, const cdr_doc *doc, size_t code, cdr_buf *out, cdr_diag *d);

/* cdr_explain, setting *work (if not NULL) to the bytes of text counted to turn
** byte offsets into code points: the document's length plus less than 256 bytes per
** position shown.  For tests: it grows with the text, not with its square. */
cdr_rc cdr_explain_counted(cdr_coder *c, const cdr_doc *doc, size_t code, cdr_buf *out,
			   size_t *work, cdr_diag *d);

/* The accounts cdr_explain() gives of each of the codes[0..n) on 'doc', into
** out[0..n) (appended), with each paragraph traced once: what a caller explaining
** several codes of one text needs. */
cdr_rc cdr_explain_codes(cdr_coder *c, const cdr_doc *doc, const size_t *codes, size_t n,
			 cdr_buf *out, cdr_diag *d);

/* Run the examples of the codebook of 'coder' (a paragraph coder) as tests: an
** example must be coded with its code, a not-example must not.  Appends to 'out'
** the codebook's size, a line per code ("ok"/"FAIL", unless 'quiet'), every failure
** with its explanation, and the total; sets *failed.  Returns CDR_OK, or CDR_ELIMIT
** if an example reached a PCRE2 limit (counted as failed, the error in 'd'). */
cdr_rc cdr_explain_check(cdr_coder *coder, int quiet, cdr_buf *out, size_t *failed, cdr_diag *d);

#endif
