/*
** refi.h -- REFI-QDA exchange (www.qdasoftware.org): what reading and writing
** share (options, case variables, GUIDs).  refi_write.h exports codings to a
** project (.qdpx archive or bare .qde) and a codebook (.qdc); refi_read.h imports
** a .qdc codebook and the texts and codings of a .qdpx project.
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
	int polarity_codes;     /* writing: codes "Obstakel" and "Neutraal" in a group
				** "Polariteit", applied beside each coding */
	int answer_sources;     /* writing a survey (the command's writer): a source per
				** answer, not one per respondent */
	size_t *work;           /* if not NULL, gets the names and ids compared while
				** importing a .qdc or gathering a project's cases (tests:
				** this grows in proportion to the input, not faster) */
} cdr_refi_options;

/* A variable of a case: a survey answer, a respondent's attribute. */
typedef struct cdr_refi_var {
	const char *name;
	const char *value; /* "" for no value */
} cdr_refi_var;

/* --------------------------------------------------------------- helpers --- */

/* The name-based UUID (version 5, SHA-1) of name[0..n) in codeer's namespace, as
** 36 lower-case characters plus a NUL in 'out'. */
void cdr_refi_uuid(const void *name, size_t n, char out[37]);

#endif
