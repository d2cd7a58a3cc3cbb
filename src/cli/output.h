/*
** output.h -- where 'codeer code' writes its codings: a table (.tsv, .csv, or TSV on
** stdout), a REFI-QDA project (.qdpx, or a bare .qde), chosen by the file name.
** Every kind is written so that a failed or interrupted run leaves no partial file
** and an existing file as it was.
*/
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "read.h"
#include "refi.h"
#include "table.h"

typedef enum cli_output_kind {
	CLI_OUT_TSV,
	CLI_OUT_CSV,
	CLI_OUT_JSONL,
	CLI_OUT_QDPX,
	CLI_OUT_QDE
} cli_output_kind;

/* The kind of output 'path' names; returns 0 if its extension names none. */
int cli_output_kind_of(const char *path, cli_output_kind *kind);

typedef struct cli_output cli_output; /* opaque */

/* Open the output, with 'ncase' case variables named 'case_columns' (borrowed; they
** must outlive the output).  'refi' holds the REFI-QDA options (NULL: defaults).
** 'header' 0 leaves out a table's header line (for shards that are concatenated).
** Returns NULL after adding an error to 'd'. */
cli_output *cli_output_open(const char *path, const cdr_codebook *cb,
			    const char *const *case_columns, size_t ncase,
			    const cdr_refi_options *refi, int header, cdr_diag *d);

/* Write the codings of one document, coded at 'unit'; 'ctx' names its source and
** question and holds its case values; 'case_name' (NULL for none) is the respondent
** of a survey answer.  Returns 0 after adding an error to 'd'. */
int cli_output_document(cli_output *o, cdr_unit unit, const cdr_doc *doc,
			const cdr_row_context *ctx, const cdr_codings *cs, const char *case_name,
			cdr_diag *d);

/* For tables and JSON Lines, whose rows do not depend on other documents: format
** the rows of one document into 'rows' (appending), as cli_output_document() would
** write them.  Only reads 'o', so worker threads may call it.  Returns 0 (and
** appends nothing) for a project, which must go through cli_output_document(). */
int cli_output_format(const cli_output *o, cdr_unit unit, const cdr_doc *doc,
		      const cdr_row_context *ctx, const cdr_codings *cs, cdr_buf *rows);

/* Write rows made by cli_output_format(), in order.  Returns 0 after adding an
** error to 'd'. */
int cli_output_rows(cli_output *o, const char *rows, size_t len, cdr_diag *d);

/* Finish and put the output in place; returns 0 after adding an error to 'd'.
** The output is freed either way. */
int cli_output_close(cli_output *o, cdr_diag *d);

/* Give up: remove what was written so far and free the output.  NULL is fine. */
void cli_output_abort(cli_output *o);

/* The temporary file being written, for a signal handler to remove (NULL if none). */
const char *cli_output_temp_path(const cli_output *o);

#endif
