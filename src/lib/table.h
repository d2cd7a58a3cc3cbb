/*
** table.h -- the flat table of codings (TSV and CSV), as spec'd in doc/formats.md:
** a header line, then one row per coding with the columns
**     source document unit speaker question start end code label group polarity
**     rule text
** followed by one column per case variable (survey answers).
** Every field is escaped the same way: tab, line feed, carriage return and
** backslash become \t \n \r \\.  CSV then quotes a field holding a comma or a
** double quote (RFC 4180), doubling the quotes.
*/
#ifndef CDR_TABLE_H
#define CDR_TABLE_H

#include "codebook.h"
#include "coder.h"
#include "mem.h"
#include "read.h"

typedef enum cdr_table_format { CDR_TABLE_TSV, CDR_TABLE_CSV } cdr_table_format;

/* What the rows of one document say besides its codings. */
typedef struct cdr_row_context {
	const char *source;             /* the 'source' column */
	const char *question;           /* the 'question' column ("" for text documents) */
	const char *const *case_values; /* one value per case column, or NULL */
} cdr_row_context;

/* Append the header line, with 'ncase' case variable columns named 'case_columns'. */
void cdr_table_header(cdr_buf *out, cdr_table_format fmt, const char *const *case_columns,
		      size_t ncase);

/* A table writer for one codebook: the fields that depend only on a code or a rule
** (code, label, group; rule) escaped once.  Immutable once made: threads may
** share it. */
typedef struct cdr_table cdr_table;

cdr_table *cdr_table_new(const cdr_codebook *cb, cdr_table_format fmt); /* 'cb' borrowed */
void cdr_table_free(cdr_table *t);

/* Append one row per coding of 'doc', with 'ncase' case variable values from 'ctx'. */
void cdr_table_rows(cdr_buf *out, const cdr_table *t, cdr_unit unit, const cdr_doc *doc,
		    const cdr_row_context *ctx, size_t ncase, const cdr_codings *cs);

/* Append 's[0..n)' escaped as a field of 'fmt' (exposed for tests). */
void cdr_table_field(cdr_buf *out, cdr_table_format fmt, const char *s, size_t n);

#endif
