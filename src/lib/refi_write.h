/*
** refi_write.h -- REFI-QDA export: codings to a project (.qdpx or a bare .qde) and a
** codebook to a .qdc (refi_write.c).
** The options and GUIDs they share are in refi.h.
*/
#ifndef CDR_REFI_WRITE_H
#define CDR_REFI_WRITE_H

#include "refi.h"

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
** codings 'cs' (as cdr_coder_run() returns them for 'doc').  The source is shown
** by a name without '/' or '\\' (QualCoder makes a file of it): the last part of
** the name, with as many parts before it as tell it from the other sources ("a -
** x.txt"), or " (2)" after it; a source shown by another name than it was given
** has the given one as its Description.  Codings of the same passage (start and
** end) share one PlainTextSelection, with one Coding per code (and, with the
** polarity codes, one per polarity); its Description has a line per coding: the
** code's name, the rule that matched ("glob: samenwerk*") and, if 'descriptions'
** is not NULL and descriptions[i] is not NULL or "", that text (e.g. a polarity):
** "Samenwerking (glob: samenwerk*; polarity: neutral)".
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

/* One part of a TextSource made of several documents (a respondent's answers). */
typedef struct cdr_qdpx_part {
	const char *source;              /* the TextSource's name (NULL: doc->name) */
	const char *description;         /* its Description (the first part's); NULL: none */
	const char *heading;             /* a line written before the part's text; NULL: none */
	const cdr_doc *doc;              /* the part's text */
	const cdr_codings *codings;      /* in code points of 'doc', as for cdr_qdpx_add() */
	const char *const *descriptions; /* per coding, as for cdr_qdpx_add(); may be NULL */
	const char *case_name;           /* as for cdr_qdpx_add() */
	const cdr_refi_var *vars;        /* the case's variables */
	size_t nvars;
} cdr_qdpx_part;

/* Add a part to a TextSource: consecutive parts with the same source and case
** name make one source, each part's text after a blank line and its heading line,
** every coding's positions shifted to where its part stands.  The source is
** written when a part of another source, a cdr_qdpx_add() or cdr_qdpx_close()
** comes.  Returns as cdr_qdpx_add() does (CDR_EINPUT leaves the part out; an
** error in writing the previous source is returned here). */
cdr_rc cdr_qdpx_add_part(cdr_qdpx_writer *w, const cdr_qdpx_part *part, cdr_diag *d);

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

#endif
