/*
** csv.h -- a streaming reader of CSV, semicolon- and tab-separated files (RFC 4180),
** one record at a time in bounded memory: the header and the records after it.  What
** the records of a survey export mean (Qualtrics rows, the id column, free-text
** columns) is the survey layer above it (survey.h).
**
** Input.  UTF-8 (a byte order mark at the start is skipped) or UTF-16 with a byte
** order mark (Excel's "Unicode text"), decoded to UTF-8 as it is read.  Bytes are
** validated as they are read; invalid UTF-8, an unpaired UTF-16 surrogate or a NUL
** byte is CDR_EINPUT at file:line:column (line of the file, column in code points).
**
** Records (RFC 4180).  Fields are separated by the delimiter; a field that starts
** with a double quote runs to the matching closing quote and may hold the delimiter,
** line breaks (LF, CRLF, CR, blank lines) and doubled quotes ("" for one ").  A
** record ends at LF, CRLF or CR outside quotes.  Decisions beyond the RFC:
**   - a quote in the middle of an unquoted field (ab"c) is kept literally, as Excel,
**     Python and R read it;
**   - a character other than the delimiter or a line end right after a closing quote
**     ("ab"c, also "ab" followed by a space) is an error: the quotes are malformed
**     and guessing would change the answer silently;
**   - an unterminated quote is an error at the line and column where it opened;
**   - blank lines outside quotes are skipped (they are no records);
**   - a record with fewer cells than the header is padded with empty cells (exports
**     often drop trailing empty cells);
**   - a record with more cells than the header is an error at the line where it
**     starts, or, with options.lenient, skipped and counted (cdr_csv_skipped) with a
**     warning for each of the first CDR_CSV_SKIP_WARNINGS;
**   - a record larger than options.max_record bytes is CDR_ELIMIT.
**
** Delimiter.  Given by the caller, or named by Excel's "sep=X" first line (which is
** then skipped: it is no header), or sniffed from the first record (the header):
** whichever of tab, semicolon and comma occurs most often outside quotes; a tie goes
** to tab, then semicolon, then comma (commas are the likeliest to appear in header
** text); none at all gives comma (a one-column file).
**
** Streaming.  Only the current record is kept (its cells stay valid until the next
** call), and the header's names.
*/
#ifndef CDR_CSV_H
#define CDR_CSV_H

#include <stddef.h>

#include "diag.h"
#include "status.h"

#define CDR_CSV_MAX_RECORD    ((size_t)64 << 20) /* default options.max_record */
#define CDR_CSV_MAX_COLUMNS   100000             /* columns in the header, at most */
#define CDR_CSV_SKIP_WARNINGS 5                  /* lenient: warnings for the first N */

typedef struct cdr_csv_options {
	char delimiter;    /* 0: sniff; else ',', ';' or '\t' */
	int lenient;       /* skip records with too many cells instead of failing */
	size_t max_record; /* bytes; 0: the default (CDR_CSV_MAX_RECORD) */
	int no_quotes;     /* quotes are characters like any other (IANA TSV, where
			      fields hold no delimiter or line end); give 'delimiter' */
} cdr_csv_options;

typedef struct cdr_csv cdr_csv; /* opaque reader */

typedef struct cdr_csv_record {
	size_t row;              /* record number after the header, from 1 (the survey
				    layer numbers data rows, after its header rows) */
	size_t line;             /* file line where the record starts, from 1 */
	size_t count;            /* number of cells (== column count) */
	const char *const *cell; /* cell[i] NUL-terminated UTF-8, valid until the next
				    call that reads a record, or the reader is freed */
	const size_t *len;       /* len[i] in bytes */
} cdr_csv_record;

/* Open 'path' ("-": standard input, shown as "<stdin>" in diagnostics), sniff the
** delimiter unless it is given, and read the header.  'opt' may be NULL for the
** defaults.  Returns CDR_OK with *out owned by the caller (cdr_csv_free); CDR_EIO if
** it cannot be read; CDR_EINPUT for an empty file, malformed text in the header or
** a bad options.delimiter; CDR_ELIMIT for a header over max_record bytes or
** CDR_CSV_MAX_COLUMNS cells.  On failure *out is NULL and 'd' says where and why. */
cdr_rc cdr_csv_open(const char *path, const cdr_csv_options *opt, cdr_csv **out, cdr_diag *d);

/* As cdr_csv_open, reading the bytes t[0..len) (borrowed: they must stay until the
** reader is freed), named 'name' in diagnostics. */
cdr_rc cdr_csv_open_text(const char *name, const char *t, size_t len, const cdr_csv_options *opt,
			 cdr_csv **out, cdr_diag *d);

size_t cdr_csv_column_count(const cdr_csv *c);
/* The header cell of column 'col', or NULL if there is no such column.  Owned by
** the reader. */
const char *cdr_csv_column_name(const cdr_csv *c, size_t col);
/* The first column named exactly 'name', else the first whose name matches ignoring
** ASCII case; (size_t)-1 if none does. */
size_t cdr_csv_find_column(const cdr_csv *c, const char *name);
/* The delimiter, given or sniffed. */
char cdr_csv_delimiter(const cdr_csv *c);
/* The file's name in diagnostics ("<stdin>" for standard input); owned by the reader. */
const char *cdr_csv_name(const cdr_csv *c);
/* The line of the file where the header starts. */
size_t cdr_csv_header_line(const cdr_csv *c);

/* Next record after the header: returns CDR_OK with *rec filled and *done 0; CDR_OK
** with *done 1 at the end (and at every later call); or an error (CDR_EIO,
** CDR_EINPUT, CDR_ELIMIT) with a diagnostic, which every later call returns again
** (the reader must then only be freed).  With options.lenient, a skipped record may
** add a warning to 'd'. */
cdr_rc cdr_csv_next(cdr_csv *c, cdr_csv_record *rec, int *done, cdr_diag *d);

/* Records skipped so far because they had more cells than the header (lenient). */
size_t cdr_csv_skipped(const cdr_csv *c);

/* Bytes the reader currently holds in its buffers (for tests: this stays bounded by
** the largest record, whatever the number of rows). */
size_t cdr_csv_memory(const cdr_csv *c);

/* Close the file (not standard input) and free everything; cdr_csv_free(NULL) does
** nothing. */
void cdr_csv_free(cdr_csv *c);

#endif
