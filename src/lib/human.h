/*
** human.h -- codings made by people, as `agree` reads them: a coding sheet (.tsv,
** .csv) that people filled in, or a REFI-QDA project (.qdpx, .qde) exported from
** a QDA tool after a person coded the same texts.  Each becomes, per source, a list
** of coded spans in code points of the source's text, with their codes resolved to
** the codebook's.
**
** A sheet has a header naming its columns (in any order, case ignored):
**   - `codes` (required): code ids or labels, separated by spaces, commas or
**     semicolons; empty means "no code" (the unit was coded and has none);
**   - `source` (or `file`) and `start` and `end` (code points, end exclusive), or
**     `unit`: a unit id as `codeer sheet` writes it (SOURCE#p3, SOURCE#p3.s2,
**     SOURCE#t4; for a survey answer the source alone), or, with a units file
**     (cdr_human_options.units_path), an id of that file.
** A row is an error (file:line) when it names a code the codebook does not have
** (by id, then label, then the map), an unknown unit, or bounds that are not
** numbers.  A unit no row covers was not coded by this person: it is left out.
**
** A project: every text source with its text and its selections; a selection's
** codes are mapped by id, then label, then the map.  Codes the codebook lacks are
** not an error (a project has codes of its own): they are counted and reported as
** left out.  Every unit of a source the project holds was coded by the person: a
** unit no selection overlaps has no code.
**
** A units file (unit, file or source, start, end) names the units a sheet's ids
** stand for, and says which units the person coded: with one, only the units that
** overlap one of its rows are compared, for a project too.
**
** The overlap rule: a unit gets the codes of every span that covers part of it
** (at least one code point).
*/
#ifndef CDR_HUMAN_H
#define CDR_HUMAN_H

#include <stddef.h>

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "read.h"
#include "refi.h"
#include "status.h"

typedef struct cdr_human_options {
	const char *map_path;   /* a map: lines "name<TAB>code id" (NULL: none) */
	const char *units_path; /* a units file: unit, file or source, start, end (NULL) */
	cdr_refi_options refi;  /* reading projects: size limits */
} cdr_human_options;

typedef struct cdr_human_span {
	size_t start, end; /* code points of the source's text, end exclusive */
	char *unit;        /* a unit label ("p3", "p3.s2", "t4", "answer") given instead of
			      start/end, or NULL */
	size_t *codes;     /* code indices, sorted, each once */
	size_t ncodes;
	size_t line; /* the sheet's line (0 for a project) */
} cdr_human_span;

typedef struct cdr_human_source {
	char *name; /* as the file names it */
	char *text; /* a project's text of the source (NULL for a sheet) */
	size_t len;
	cdr_human_span *spans; /* in the order read */
	size_t nspans;
	int whole;   /* 1: a project: every unit was coded */
	int matched; /* an input document was this source */
} cdr_human_source;

/* What a human coding names that the codebook lacks. */
typedef struct cdr_human_unknown {
	char *name;
	size_t count;
} cdr_human_unknown;

typedef struct cdr_human {
	char *path;
	cdr_human_source *sources; /* sorted by name */
	size_t nsources;
	cdr_human_unknown *unknown; /* a project's codes the codebook lacks */
	size_t nunknown;
	size_t spans; /* spans read in all */
} cdr_human;

/* Read the human coding at 'path' (a sheet by its .tsv/.csv extension, else a
** project) against codebook 'cb' (borrowed).  Returns CDR_OK with *out, or an
** error (CDR_EIO, CDR_EINPUT, CDR_ELIMIT) with file:line in 'd'. */
cdr_rc cdr_human_load(const char *path, const cdr_codebook *cb, const cdr_human_options *opt,
		      cdr_human **out, cdr_diag *d);

void cdr_human_free(cdr_human *h);

/* The source of 'h' that the input document named 'source' is: the same name, or
** else the same file name without its directories.  NULL if none. */
cdr_human_source *cdr_human_find(cdr_human *h, const char *source);

/* A survey answer in a project written with one source per respondent (`codeer
** code -o x.qdpx`, the default for surveys): when 'source' is ROWID:COLUMN, 'h'
** has a source named ROWID, and its text holds the answer text[0..len) right
** after a heading line beginning with COLUMN, returns that respondent's source
** (marked matched by the caller) and fills *view with the answer's part of it:
** its selections clipped to the answer and shifted to the answer's own code
** points (borrowing their codes; free with cdr_human_view_free).  Else NULL. */
cdr_human_source *cdr_human_find_answer(cdr_human *h, const char *source, const char *text,
					size_t len, cdr_human_source *view);
void cdr_human_view_free(cdr_human_source *view);

/* The source of 'h' for the input document 'source' with text 'doc': by name
** (cdr_human_find), else a survey answer in a respondent's source
** (cdr_human_find_answer, filling *view, which the caller frees with
** cdr_human_view_free before the next call).  Marks the source matched and adds 1
** to *newly when that is the first time.  *out is the source to read the unit's
** codes from (the view for an answer), NULL when 'h' does not hold the document.
** Returns CDR_OK, or CDR_EINPUT when a project's copy of the source has another
** text than the input (positions would not match), with the error in 'd'. */
cdr_rc cdr_human_match(cdr_human *h, const char *source, const cdr_doc *doc, cdr_human_source *view,
		       const cdr_human_source **out, size_t *newly, cdr_diag *d);

/* The codes source 's' gives the unit 'unit' (a cdr_coder_units() entry, labelled
** 'label'), appended to codes[] as 0/1 flags per code (codes has one per code of
** the codebook, zeroed by the caller).  Returns 1 if the person coded the unit (a
** project's source always; a sheet when a row covers or names it), else 0. */
int cdr_human_unit_codes(const cdr_human_source *s, const cdr_coding *unit, const char *label,
			 unsigned char *codes);

/* The id of a unit, as sheets write it: SOURCE#LABEL, or SOURCE alone for a survey
** answer (the answer unit).  Appended to 'out'. */
void cdr_unit_id(const char *source, const cdr_coding *unit, cdr_unit u, cdr_buf *out);

#endif
