/*
** survey.h -- a survey export read as a survey: the layer above the RFC 4180 reader
** (csv.h) that recognises Qualtrics exports, takes the id column, decides which
** columns hold free text (and says why) from a sample of the first rows, and hands
** out the data records in order.
**
** Qualtrics.  If the third record's non-empty cells all start with {"ImportId" the
** file is a Qualtrics export: record 1 holds the column ids (the names), record 2 the
** question texts (the labels), record 3 the import ids; none of them is data.
**
** Streaming.  Besides the reader's current record, the survey keeps, until it has
** been handed out, the sample used for free-text detection: cdr_survey_open() reads
** up to CDR_SURVEY_SAMPLE_ROWS data records (stopping early once they hold
** CDR_SURVEY_SAMPLE_BYTES) and cdr_survey_next() replays them before reading on.
** Any error in the sample makes cdr_survey_open() fail.
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
#ifndef CDR_SURVEY_H
#define CDR_SURVEY_H

#include <stddef.h>

#include "csv.h"
#include "diag.h"
#include "mem.h"
#include "status.h"

#define CDR_SURVEY_SAMPLE_ROWS  500                /* data records sampled for free text */
#define CDR_SURVEY_SAMPLE_BYTES ((size_t)16 << 20) /* ... or fewer, once they hold this */

typedef struct cdr_survey_options {
	cdr_csv_options csv;   /* the reader's: delimiter, lenient, record size */
	const char *id_column; /* NULL: the default (see above); must exist if given */
} cdr_survey_options;

typedef struct cdr_survey cdr_survey; /* opaque */

/* Open 'path' with the reader (cdr_csv_open, "-" is standard input), then read the
** Qualtrics rows if any and the free-text sample.  'opt' may be NULL for the
** defaults.  Returns CDR_OK with *out owned by the caller (cdr_survey_free); the
** reader's errors (CDR_EIO, CDR_EINPUT, CDR_ELIMIT), also for a record of the
** sample; CDR_EINPUT for an unknown options.id_column.  On failure *out is NULL and
** 'd' says where and why. */
cdr_rc cdr_survey_open(const char *path, const cdr_survey_options *opt, cdr_survey **out,
		       cdr_diag *d);

/* The reader underneath, for the header (names, cdr_csv_find_column), the delimiter
** and the records skipped; owned by the survey. */
const cdr_csv *cdr_survey_reader(const cdr_survey *s);

/* The Qualtrics question text of 'col' if there is one, else its name; NULL if there
** is no such column.  Owned by the survey. */
const char *cdr_survey_column_label(const cdr_survey *s, size_t col);
/* The id column (see above), or (size_t)-1 if there is none. */
size_t cdr_survey_id_column(const cdr_survey *s);
int cdr_survey_is_qualtrics(const cdr_survey *s);

/* 1 if column 'col' holds free text (open answers), else 0 (also for no such
** column).  If 'reason' is not NULL, *reason is a short explanation ("categorical:
** 4 distinct values", "multi-word text in 92% of 480 values"), owned by the survey. */
int cdr_survey_is_free_text(const cdr_survey *s, size_t col, const char **reason);
/* Number of data records in the sample the decisions were made from. */
size_t cdr_survey_sample_rows(const cdr_survey *s);

/* Next data record (rec->row counts data rows from 1; the Qualtrics rows are not
** data): the sample first, then the reader's records, as cdr_csv_next() returns them
** (the same statuses, *done and lifetime of the cells). */
cdr_rc cdr_survey_next(cdr_survey *s, cdr_csv_record *rec, int *done, cdr_diag *d);

/* Bytes the survey and its reader currently hold (for tests: this stays bounded by
** the largest record and the sample, whatever the number of rows). */
size_t cdr_survey_memory(const cdr_survey *s);

/* Free the survey and its reader; cdr_survey_free(NULL) does nothing. */
void cdr_survey_free(cdr_survey *s);

/* How a survey export is read: the summary a command prints when it opens one. */
typedef struct cdr_survey_choice {
	const cdr_survey *survey; /* delimiter, Qualtrics, column names and reasons */
	const size_t *text;       /* the columns coded, 'ntext' of them */
	size_t ntext;
	size_t id;    /* the id column, or (size_t)-1: rows are numbered */
	int detected; /* 1: 'text' was detected as free text; 0: named by the user */
} cdr_survey_choice;

/* Describe how a survey export at 'path' is read, for a summary: the kind, the
** delimiter, the id column, the columns coded and, when they were detected, why
** each other column was not.  Appends one line, two when the columns were detected
** (no final newline), to 'out'. */
void cdr_survey_choice_describe(const cdr_survey_choice *c, const char *path, cdr_buf *out);

#endif
