/*
** csv.h -- a streaming reader for survey exports: CSV, semicolon- and tab-separated
** files (RFC 4180) and Qualtrics exports, one record at a time in bounded memory.
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
** Delimiter.  Given by the caller, or sniffed from the first record (the header):
** whichever of tab, semicolon and comma occurs most often outside quotes; a tie goes
** to tab, then semicolon, then comma (commas are the likeliest to appear in header
** text); none at all gives comma (a one-column file).
**
** Qualtrics.  If the third record's non-empty cells all start with {"ImportId" the
** file is a Qualtrics export: record 1 holds the column ids (the names), record 2 the
** question texts (the labels), record 3 the import ids; none of them is data.
**
** Streaming.  Only the current record is kept, plus, until it has been handed out,
** the sample used for free-text detection: cdr_csv_open() reads up to
** CDR_CSV_SAMPLE_ROWS data records (stopping early once they hold
** CDR_CSV_SAMPLE_BYTES) and cdr_csv_next() replays them before reading on.  Any
** error in the sample makes cdr_csv_open() fail.
**
** Free-text columns are decided from the sample, by the first rule that applies:
**   1. the id column: no.  It is options.id_column; else, in a Qualtrics export,
**      ResponseId; else the first column whose name, lower-cased and reduced to
**      letters and digits, is responseid, respondentid, respondent, id,
**      respondentnummer, respondentnr or respnr;
**   2. survey metadata: no.  Names that, reduced the same way, are startdate,
**      enddate, status, ipaddress, progress, durationinseconds, finished,
**      recordeddate, responseid, recipientlastname, recipientfirstname,
**      recipientemail, externalreference, externaldatareference, locationlatitude,
**      locationlongitude, distributionchannel, userlanguage, responseset,
**      emailaddress, recordid, collectorid, respondentid, startdatum or einddatum;
**      names starting with Q_ or q_ (Q_RecaptchaScore, Q_TotalDuration, ...) or
**      ending in _DO (Qualtrics display order);
**   3. in a Qualtrics export, a column whose import id is QID... without _TEXT (a
**      choice or matrix question): no;
**   4. no non-empty value in the sample: yes for a Qualtrics text-entry column
**      (import id ending in _TEXT), else no;
**   5. every non-empty value (trimmed) is a number (1, -2.5, 3,5, 1.234,56, 12%),
**      a date or time (2021-05-03, 3-5-2021, 03/05/2021 10:12, 10:12:45) or a yes/no
**      value (ja, nee, yes, no, true, false, waar, onwaar, j, n, y): no;
**   6. categorical: at most 20 distinct values, each used twice on average
**      (2 * distinct <= values): no;
**   7. at least half of the values have two or more words (a word is a run of
**      non-space characters holding a letter): yes; otherwise no (short values).
*/
#ifndef CDR_CSV_H
#define CDR_CSV_H

#include <stddef.h>

#include "diag.h"
#include "status.h"

#define CDR_CSV_MAX_RECORD    ((size_t)64 << 20) /* default options.max_record */
#define CDR_CSV_MAX_COLUMNS   100000             /* columns in the header, at most */
#define CDR_CSV_SAMPLE_ROWS   500                /* data records sampled for free text */
#define CDR_CSV_SAMPLE_BYTES  ((size_t)16 << 20) /* ... or fewer, once they hold this */
#define CDR_CSV_SKIP_WARNINGS 5                  /* lenient: warnings for the first N */

typedef struct cdr_csv_options {
	char delimiter;        /* 0: sniff; else ',', ';' or '\t' */
	int lenient;           /* skip records with too many cells instead of failing */
	size_t max_record;     /* bytes; 0: the default (CDR_CSV_MAX_RECORD) */
	const char *id_column; /* NULL: the default (see above); must exist if given */
	int no_quotes;         /* quotes are characters like any other (IANA TSV, where
				  fields hold no delimiter or line end); give 'delimiter' */
} cdr_csv_options;

typedef struct cdr_csv cdr_csv; /* opaque reader */

typedef struct cdr_csv_record {
	size_t row;              /* data row, from 1 (after header rows) */
	size_t line;             /* file line where the record starts, from 1 */
	size_t count;            /* number of cells (== column count) */
	const char *const *cell; /* cell[i] NUL-terminated UTF-8, valid until the next
				    cdr_csv_next or cdr_csv_free */
	const size_t *len;       /* len[i] in bytes */
} cdr_csv_record;

/* Open 'path' ("-": standard input, shown as "<stdin>" in diagnostics) and read the
** header, the Qualtrics rows if any, and the free-text sample.  'opt' may be NULL
** for the defaults.  Returns CDR_OK with *out owned by the caller (cdr_csv_free);
** CDR_EIO if it cannot be read; CDR_EINPUT for an empty file, malformed text or
** records, an unknown options.id_column or a bad options.delimiter; CDR_ELIMIT for a
** record over max_record or a header over CDR_CSV_MAX_COLUMNS.  On failure *out is
** NULL and 'd' says where and why. */
cdr_rc cdr_csv_open(const char *path, const cdr_csv_options *opt, cdr_csv **out, cdr_diag *d);

size_t cdr_csv_column_count(const cdr_csv *c);
/* The header cell of column 'col', or NULL if there is no such column.  Owned by
** the reader. */
const char *cdr_csv_column_name(const cdr_csv *c, size_t col);
/* The Qualtrics question text of 'col' if there is one, else its name. */
const char *cdr_csv_column_label(const cdr_csv *c, size_t col);
/* The first column named exactly 'name', else the first whose name matches ignoring
** ASCII case; (size_t)-1 if none does. */
size_t cdr_csv_find_column(const cdr_csv *c, const char *name);
/* The id column (see above), or (size_t)-1 if there is none. */
size_t cdr_csv_id_column(const cdr_csv *c);
int cdr_csv_is_qualtrics(const cdr_csv *c);
char cdr_csv_delimiter(const cdr_csv *c);

/* 1 if column 'col' holds free text (open answers), else 0 (also for no such
** column).  If 'reason' is not NULL, *reason is a short explanation ("categorical:
** 4 distinct values", "multi-word text in 92% of 480 values"), owned by the reader. */
int cdr_csv_is_free_text(const cdr_csv *c, size_t col, const char **reason);
/* Number of data records in the sample the decisions were made from. */
size_t cdr_csv_sample_rows(const cdr_csv *c);

/* Next data record: returns CDR_OK with *rec filled and *done 0; CDR_OK with *done 1
** at the end (and at every later call); or an error (CDR_EIO, CDR_EINPUT,
** CDR_ELIMIT) with a diagnostic, after which the reader must only be freed.  With
** options.lenient, a skipped record may add a warning to 'd'. */
cdr_rc cdr_csv_next(cdr_csv *c, cdr_csv_record *rec, int *done, cdr_diag *d);

/* Records skipped so far because they had more cells than the header (lenient). */
size_t cdr_csv_skipped(const cdr_csv *c);

/* Bytes the reader currently holds in its buffers (for tests: this stays bounded by
** the largest record and the sample, whatever the number of rows). */
size_t cdr_csv_memory(const cdr_csv *c);

/* Close the file (not standard input) and free everything; cdr_csv_free(NULL) does
** nothing. */
void cdr_csv_free(cdr_csv *c);

#endif
