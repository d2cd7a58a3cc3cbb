/*
** jsonl.h -- codings as JSON Lines: one JSON object per coding and line, with the
** same fields as the flat table (table.h) and a "case" object for the case
** variables of a survey answer.  Written with jansson, so every string is
** escaped as JSON requires.
*/
#ifndef CDR_JSONL_H
#define CDR_JSONL_H

#include "codebook.h"
#include "coder.h"
#include "mem.h"
#include "read.h"
#include "table.h"

/* Append one line per coding of 'doc'.  'case_columns' names the 'ncase' values of
** ctx->case_values. */
void cdr_jsonl_rows(cdr_buf *out, cdr_unit unit, const cdr_codebook *cb, const cdr_doc *doc,
		    const cdr_row_context *ctx, const char *const *case_columns, size_t ncase,
		    const cdr_codings *cs);

#endif
