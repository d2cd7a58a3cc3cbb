/*
** refi_read.h -- REFI-QDA import: a .qdc codebook, and the texts and codings of a
** .qdpx project or a bare .qde (refi_read.c).
** The options and GUIDs they share are in refi.h.
*/
#ifndef CDR_REFI_READ_H
#define CDR_REFI_READ_H

#include "refi.h"

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

/* One Code element of a REFI-QDA codebook, as 'codebook import --merge' reads it. */
typedef struct cdr_qdc_code {
	char guid[37];    /* lower case, no braces; "" if missing or malformed */
	char *name;       /* one line, white space runs as one space */
	char *group;      /* its parents' names, "A / B" (" / " in a name as "/"); "" at the top */
	char *colour;     /* "#rrggbb" in lower case, or "" */
	char *definition; /* the Description's lines, each on one line, joined by '\n'; "" */
	int codable;      /* isCodable="true": a code; else a folder */
	size_t line;      /* of the element in the file */
	size_t parent;    /* index of the parent Code in the list, or (size_t)-1 */
	char *bad_colour; /* a color attribute that is not a colour, as written; else NULL */
} cdr_qdc_code;

/* Read every Code of the REFI-QDA codebook at 'path' in document order (parents
** before their children).  Returns CDR_OK with *codes (free with
** cdr_qdc_codes_free) and *count, or an error as cdr_qdc_to_codebook() does, with
** *codes NULL. */
cdr_rc cdr_qdc_read_codes(const char *path, const cdr_refi_options *opt, cdr_qdc_code **codes,
			  size_t *count, cdr_diag *d);
void cdr_qdc_codes_free(cdr_qdc_code *codes, size_t count);

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

#endif
