/*
** writer.h -- one way out: every output format behind one interface, chosen by the
** output file's extension from one table.
**
** A format is a row of the table in writer.c: its name, extension, a line of help
** (from which the command's --help and its "unknown extension" error are made),
** and its operations.  Formats are of two kinds:
**   - streams (tables, JSON Lines): each document's rows depend on that document
**     alone, so coding threads may format them ('rows' reads only); writer.c
**     writes them through a cdr_outfile (temporary file, then rename; "-" is
**     standard output);
**   - whole-file formats (REFI-QDA projects, the report): they see every document
**     in input order ('document'), and write and put the file in place at
**     'commit'.
** Whatever the format, a failed or interrupted run leaves no partial file and an
** existing file as it was.
**
** Adding a format: one module with its cdr_writer_ops, one row in writer.c, tests.
*/
#ifndef CDR_WRITER_H
#define CDR_WRITER_H

#include <stddef.h>

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "match.h"
#include "mem.h"
#include "read.h"
#include "refi.h"
#include "status.h"
#include "table.h"

/* What every writer is told when it is opened.  Everything is borrowed and must
** outlive the writer. */
typedef struct cdr_writer_options {
	const cdr_codebook *cb;
	const char *const *case_columns; /* the case variables' names, 'ncase' of them */
	size_t ncase;
	cdr_refi_options refi; /* projects: positions, timestamps (the report too) */
	int no_header;         /* tables: leave out the header line (shards to concatenate) */
	/* The report (report.h) and the matrix (matrix.h): */
	const char *const *inputs;  /* the inputs as the command was given them, 'ninputs' */
	size_t ninputs;             /* (0: standard input) */
	const cdr_matcher *matcher; /* finds the matched words of the report's samples; NULL:
				       the samples show their unit without marks */
	unsigned long long seed;    /* of the report's samples */
	int binary;                 /* the matrix: 1 if a case has a code, else 0 */
} cdr_writer_options;

/* One document and its codings, as a writer is given them. */
typedef struct cdr_writer_doc {
	cdr_unit unit;                /* the unit it was coded at */
	const cdr_doc *doc;           /* the document */
	const cdr_row_context *ctx;   /* source, question, 'ncase' case values */
	const cdr_codings *codings;   /* as cdr_coder_run() returns them for 'doc' */
	const char *case_name;        /* the respondent of a survey answer, or NULL */
	const cdr_coder_stats *stats; /* what coding it counted (its units), or NULL */
} cdr_writer_doc;

/* A format's operations.  'state' is what 'open' made. */
typedef struct cdr_writer_ops {
	/* Make the format's state for writing 'path'.  A stream must not touch the
	** file (writer.c does); a whole-file format must leave 'path' as it is until
	** 'commit'.  Returns CDR_OK, or an error in 'd'. */
	cdr_rc (*open)(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d);
	/* Streams: append the header, if the format has one (may be NULL). */
	void (*header)(const void *state, const cdr_writer_options *opt, cdr_buf *out);
	/* Streams: append the rows of one document.  Only reads 'state': threads call
	** it at once.  NULL for a whole-file format. */
	void (*rows)(const void *state, const cdr_writer_options *opt, const cdr_writer_doc *doc,
		     cdr_buf *out);
	/* Whole-file formats: take one document, in input order. */
	cdr_rc (*document)(void *state, const cdr_writer_options *opt, const cdr_writer_doc *doc,
			   cdr_diag *d);
	/* Whole-file formats: write the file and put it in place; releases 'state'
	** whatever happens (on failure nothing is left at the path). */
	cdr_rc (*commit)(void *state, cdr_diag *d);
	/* Release 'state' without writing (whole-file formats remove what they
	** wrote).  NULL state is fine. */
	void (*discard)(void *state);
} cdr_writer_ops;

typedef struct cdr_writer_format {
	const char *name;      /* "tsv" */
	const char *extension; /* ".tsv"; matched case-insensitively at the end of the name */
	const char *help;      /* what it is, for --help: "a table, tab-separated" */
	const cdr_writer_ops *ops;
} cdr_writer_format;

/* The formats, in the order --help lists them; *count of them. */
const cdr_writer_format *cdr_writer_formats(size_t *count);

/* The format of output 'path' ("-": TSV on standard output), or NULL if its
** extension names none.  The longest matching extension wins; a character device
** or a pipe without one (/dev/null) gets TSV, as "-". */
const cdr_writer_format *cdr_writer_format_of(const char *path);

/* The extensions, for messages: ".tsv, .csv, .jsonl, .qdpx or .qde". */
void cdr_writer_extensions(cdr_buf *out);

typedef struct cdr_writer cdr_writer; /* opaque */

/* Open a writer of format 'fmt' (NULL: by the extension of 'path', which must have
** one) for 'path'.  'opt' is copied; what it points to is borrowed.  Returns
** CDR_OK with *out, or an error in 'd' (then *out is NULL). */
cdr_rc cdr_writer_open(const char *path, const cdr_writer_format *fmt,
		       const cdr_writer_options *opt, cdr_writer **out, cdr_diag *d);

/* For a stream: append the rows of 'doc' to 'out', as cdr_writer_add() would write
** them, and return 1.  Only reads 'w', so coding threads may call it.  Returns 0
** (appending nothing) for a whole-file format. */
int cdr_writer_format_rows(const cdr_writer *w, const cdr_writer_doc *doc, cdr_buf *out);

/* Write rows made by cdr_writer_format_rows(), in input order. */
cdr_rc cdr_writer_add_rows(cdr_writer *w, const char *rows, size_t len, cdr_diag *d);

/* Write one document and its codings. */
cdr_rc cdr_writer_add(cdr_writer *w, const cdr_writer_doc *doc, cdr_diag *d);

/* Finish and put the output in place; 'w' is freed whatever happens, and after a
** failure nothing is left at the path. */
cdr_rc cdr_writer_commit(cdr_writer *w, cdr_diag *d);

/* Give up: remove what was written and free 'w'.  NULL does nothing. */
void cdr_writer_abort(cdr_writer *w);

/* The formats' operations (defined by their modules). */
extern const cdr_writer_ops cdr_table_tsv_ops, cdr_table_csv_ops, cdr_jsonl_ops, cdr_qdpx_ops,
	cdr_qde_ops, cdr_report_ops, cdr_matrix_tsv_ops, cdr_matrix_csv_ops;

#endif
