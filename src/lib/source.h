/*
** source.h -- one way in: everything a command is given, as a stream of documents.
**
** A command names its inputs (files, directories, "-" for standard input); a
** cdr_source lists them once (directories walked in name order) and then yields
** one document at a time, each with its row context: text and Markdown files and
** Word documents are one document each; a survey export (.csv) yields one
** document per non-empty answer cell of its open-answer columns, named
** ROWID:COLUMN; JSON Lines one per {"id", "text"} object, named ID:text; a
** REFI-QDA project (.qdpx, .qde) one per text source, named PROJECT:SOURCE, with the
** codings a person made in it (for `agree`).
**
** Directories.  Their .txt, .md and .docx files (names with a dot, not starting
** with one), recursively, sorted by name (strcmp).  Symbolic links met inside a
** walk are not followed unless 'follow_links' is set, as `grep -r` and `find` do:
** they are counted and reported in one warning per directory argument.  With
** 'follow_links' a link to a directory that is already on the current path (a
** loop) is skipped with a warning.  A link named on the command line is always
** followed.
**
** Memory.  Only the current input is held: one survey record (and, until they are
** handed out, the rows sampled for free-text detection: survey.h), one JSON line,
** one text file, or one project's sources.  What an item points to is borrowed and
** valid until the next cdr_source_next() or cdr_source_free().
**
** Errors are diagnostics with file:line:column; the first error ends the stream
** (cdr_source_next returns it, and every later call returns CDR_EINPUT).
*/
#ifndef CDR_SOURCE_H
#define CDR_SOURCE_H

#include <stddef.h>

#include "diag.h"
#include "input.h"
#include "read.h"
#include "refi_read.h"
#include "status.h"
#include "survey.h"
#include "table.h"

typedef struct cdr_source_options {
	cdr_survey_options survey;       /* survey exports: delimiter, lenient, record size,
					    id column */
	const char *const *text_columns; /* open-answer columns named by the user */
	size_t ntext;                    /* 0: every column that looks like free text */
	const char *const *case_columns; /* columns carried as case variables */
	size_t ncase;
	cdr_input_kind stdin_kind; /* what "-" holds: CDR_INPUT_TEXT (the default),
				      CDR_INPUT_CSV or CDR_INPUT_JSONL */
	cdr_refi_options refi;     /* reading projects: the entry size limit */
	int follow_links;          /* follow symbolic links inside directories */
} cdr_source_options;

typedef enum cdr_source_event {
	CDR_SOURCE_DOCUMENT, /* item.doc and its context */
	CDR_SOURCE_SURVEY,   /* a survey export was opened: item.survey says how it is read */
	CDR_SOURCE_END       /* no more inputs */
} cdr_source_event;

typedef struct cdr_source_item {
	cdr_source_event event;
	const char *path;      /* the input as given ("-": standard input) */
	cdr_doc doc;           /* the document; doc.name is the file it came from */
	cdr_row_context ctx;   /* source, question, case values */
	size_t ncase;          /* values in ctx.case_values (0 for a text document) */
	const char *case_name; /* the respondent of an answer, or NULL */
	int answer;            /* 1: a survey or JSON Lines answer (coded at the answer unit) */
	const cdr_qdpx_source *project;  /* a project's source: its codings; else NULL */
	const cdr_survey_choice *survey; /* with CDR_SOURCE_SURVEY */
} cdr_source_item;

typedef struct cdr_source_stats {
	size_t documents;     /* text documents: files and project sources */
	size_t answers;       /* answers read: cells of open-answer columns, JSON objects */
	size_t empty_answers; /* of those, empty (not yielded) */
} cdr_source_stats;

typedef struct cdr_source cdr_source; /* opaque */

/* List the inputs 'args[0..nargs)' (none: standard input) with options 'opt'
** (copied; the strings it points to are borrowed for the source's life).  A path
** that does not exist is listed, and reading it reports why.  Returns CDR_OK with
** *out owned by the caller; CDR_EINPUT for a file of a kind codeer does not read
** (with advice), CDR_EIO for a directory that cannot be read. */
cdr_rc cdr_source_open(const char *const *args, size_t nargs, const cdr_source_options *opt,
		       cdr_source **out, cdr_diag *d);

/* The next item.  Returns CDR_OK (item->event says what it is), or the error that
** ends the stream.  Warnings (rows --lenient skipped, links not followed) go to 'd'
** along the way. */
cdr_rc cdr_source_next(cdr_source *s, cdr_source_item *item, cdr_diag *d);

/* The files listed (after walking directories), and how many. */
const char *const *cdr_source_paths(const cdr_source *s, size_t *count);

/* 1 if the file at 'path' exists and is one of the inputs (the same file, by
** device and inode), so that a command can refuse to overwrite it. */
int cdr_source_has_file(const cdr_source *s, const char *path);

/* The text the inputs hold, estimated from their sizes (a Word document or a
** project, which are compressed, counted three times).  Returns 0 when it cannot
** be known (standard input, a device), else 1 with *bytes set. */
int cdr_source_size(const cdr_source *s, unsigned long long *bytes);

const cdr_source_stats *cdr_source_stats_of(const cdr_source *s);

/* Free 's' and what it holds; NULL does nothing. */
void cdr_source_free(cdr_source *s);

#endif
