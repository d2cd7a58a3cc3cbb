/*
** refi.h -- REFI-QDA exchange (www.qdasoftware.org): exporting codings to a
** project (.qdpx archive or bare .qde) and a codebook (.qdc), and importing a
** .qdc codebook and the texts and codings of a .qdpx project.
**
** Exports are reproducible: the same input gives byte-identical files.  Every
** GUID is a name-based UUID (version 5) of what it identifies, in lower case
** without braces; zip entries carry a fixed time; dates are written only when
** asked for.  Source texts are written as UTF-8 without a byte order mark and
** with LF line ends, and every position counts exactly that text: code points
** (the standard), or UTF-16 code units (what NVivo counts) when asked for.
** doc/refi-qda.md describes the files and what each QDA tool expects.
*/
#ifndef CDR_REFI_H
#define CDR_REFI_H

#include <stddef.h>

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "mem.h"
#include "read.h"
#include "status.h"

/* Reading: the largest uncompressed archive entry accepted by default. */
#define CDR_REFI_MAX_ENTRY ((size_t)512 << 20)
/* Reading: entries above 16 MiB that expand more than this many times are refused
** as zip bombs (ordinary text compresses 3 to 10 times). */
#define CDR_REFI_MAX_RATIO 200

typedef struct cdr_refi_options {
	const char *origin;     /* Project/@origin; NULL: "codeer <version>" */
	int utf16_positions;    /* positions in UTF-16 code units (NVivo), not code points */
	int timestamps;         /* write creationDateTime attributes */
	long long now;          /* with 'timestamps': seconds since 1970 (UTC); 0: the clock */
	size_t max_entry_bytes; /* reading: largest uncompressed entry; 0: CDR_REFI_MAX_ENTRY */
} cdr_refi_options;

/* A variable of a case: a survey answer, a respondent's attribute. */
typedef struct cdr_refi_var {
	const char *name;
	const char *value; /* "" for no value */
} cdr_refi_var;

/* ------------------------------------------------------------------ export --- */

typedef struct cdr_qdpx_writer cdr_qdpx_writer; /* opaque */

/* Start a .qdpx archive at 'path' for codings with codebook 'cb'.  'cb' and the
** strings in 'opt' (NULL: defaults) are borrowed until close or discard.  Nothing
** is written to 'path' before cdr_qdpx_close(), which replaces it atomically
** (libzip writes a temporary file beside it and renames).  Returns CDR_OK, or
** CDR_EIO with an error if 'path' cannot be written. */
cdr_rc cdr_qdpx_open(const char *path, const cdr_codebook *cb, const cdr_refi_options *opt,
		     cdr_qdpx_writer **out, cdr_diag *d);

/* The same for a bare project.qde file (no archive): each text is written into
** its TextSource as PlainTextContent.  Written through cdr_outfile ("-" is
** standard output).  Characters XML cannot hold (controls other than tab and LF,
** U+FFFE, U+FFFF) are written as U+FFFD, which keeps every position. */
cdr_rc cdr_qde_open(const char *path, const cdr_codebook *cb, const cdr_refi_options *opt,
		    cdr_qdpx_writer **out, cdr_diag *d);

/* Add document 'doc' as a TextSource named 'source_name' (NULL: doc->name) with its
** codings 'cs' (as cdr_coder_run() returns them for 'doc').  Each coding becomes a
** PlainTextSelection with one Coding; its Description names the rule
** ("glob: samenwerk*") and, if 'descriptions' is not NULL and descriptions[i] is
** not NULL or "", adds that text on a second line (e.g. a polarity).
** 'case_name' (may be NULL) puts the source in that Case; 'vars[0..nvars)' are
** the case's variables (a NULL 'case_name' with variables gives an unnamed Case
** holding only this source: the MAXQDA convention for document variables).  The
** first value given for a variable of a case wins; a different later one is a
** warning.  Everything is copied.  Returns CDR_OK, or CDR_EINPUT if a coding does
** not fit the document or names no code of the codebook, or CDR_EINTERNAL if
** libzip fails; the writer stays usable (or discardable) after an error. */
cdr_rc cdr_qdpx_add(cdr_qdpx_writer *w, const cdr_doc *doc, const char *source_name,
		    const cdr_codings *cs, const char *const *descriptions, const char *case_name,
		    const cdr_refi_var *vars, size_t nvars, cdr_diag *d);

/* Write project.qde and finish the file; frees 'w' in every case.  Returns CDR_OK,
** or CDR_EIO with an error (then nothing is left at the path). */
cdr_rc cdr_qdpx_close(cdr_qdpx_writer *w, cdr_diag *d);

/* Give up: free 'w' and write nothing.  NULL does nothing. */
void cdr_qdpx_discard(cdr_qdpx_writer *w);

/* Write the codebook 'cb' as a REFI-QDA codebook (.qdc) to 'path' through
** cdr_outfile ("-": standard output).  Groups become codes with isCodable="false".
** Returns CDR_OK, CDR_EINPUT if 'cb' has no codes (a .qdc needs one), or CDR_EIO. */
cdr_rc cdr_qdc_write(const char *path, const cdr_codebook *cb, const cdr_refi_options *opt,
		     cdr_diag *d);

/* The same into 'out' (appended). */
cdr_rc cdr_qdc_render(const cdr_codebook *cb, const cdr_refi_options *opt, cdr_buf *out,
		      cdr_diag *d);

/* ------------------------------------------------------------------ import --- */

/* Read the REFI-QDA codebook at 'path' and append to 'out' the same codes as a
** codeer codebook file (doc/codebook.md), without rules: codable codes become
** codes whose id is made from the name (lower case, ASCII letters, '-' for
** spaces, unique), with label, colour, definition and their parents' names as the
** group path.  Returns CDR_OK, CDR_EIO, CDR_ELIMIT (file above 'max_entry_bytes'
** of 'opt', which may be NULL), or CDR_EINPUT (malformed XML, with the line, or
** not a codebook). */
cdr_rc cdr_qdc_to_codebook(const char *path, const cdr_refi_options *opt, cdr_buf *out,
			   cdr_diag *d);

typedef struct cdr_qdpx_coding {
	char *code;        /* the code's name */
	char *path;        /* its parents' names, "A / B"; "" at the top */
	size_t start, end; /* code points of 'text', end exclusive */
} cdr_qdpx_coding;

typedef struct cdr_qdpx_source {
	char *name; /* the TextSource's name ("" if none) */
	char *text; /* valid UTF-8 without a byte order mark, NUL-terminated */
	size_t len; /* bytes in 'text' */
	cdr_qdpx_coding *codings;
	size_t ncodings;
} cdr_qdpx_source;

/* Read the TextSources of the project in the .qdpx archive at 'path' (or of a bare
** .qde file, when 'path' does not start with a zip signature): their texts (from
** sources/ in the archive, or PlainTextContent) and codings in document order.
** Positions are read as code points, or as UTF-16 units when 'opt' asks for
** them, and returned as code points of 'text'.  A leading byte order mark is not
** part of the text and not counted.  Refuses, with an error and never a crash:
** entries whose names leave the archive (absolute, '..'), entries larger than
** the limit or compressed suspiciously well (CDR_ELIMIT), malformed XML (with
** the line), missing or external source files, invalid UTF-8, and selections
** outside their text or pointing at no code (CDR_EINPUT).  On success *sources
** (free with cdr_qdpx_sources_free) holds *count sources; on failure NULL, 0. */
cdr_rc cdr_qdpx_read(const char *path, const cdr_refi_options *opt, cdr_qdpx_source **sources,
		     size_t *count, cdr_diag *d);

void cdr_qdpx_sources_free(cdr_qdpx_source *s, size_t count);

/* --------------------------------------------------------------- helpers --- */

/* The name-based UUID (version 5, SHA-1) of name[0..n) in codeer's namespace, as
** 36 lower-case characters plus a NUL in 'out'. */
void cdr_refi_uuid(const void *name, size_t n, char out[37]);

#endif
