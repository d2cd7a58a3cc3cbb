/*
** cbimport.h -- what 'codeer codebook import' makes of a file (doc/import.md): a
** codeer codebook's text from a REFI-QDA codebook (.qdc) of a QDA tool, or from a
** dictionary of another tool (dict.h: LIWC, quanteda YAML, WordStat, a pattern
** table as .csv) with its rules; or a .qdc merged into a codebook file
** (cbmerge.h).  Nothing is written: the caller writes the text where it wants.
*/
#ifndef CDR_CBIMPORT_H
#define CDR_CBIMPORT_H

#include "cbmerge.h"
#include "diag.h"
#include "mem.h"
#include "refi.h"
#include "status.h"

/* Does 'path' end in ".qdc" (any case)? */
int cdr_codebook_import_is_qdc(const char *path);

/* The codebook text of the file 'path', appended to 'text': a .qdc (or XML under
** another name) as codes without rules, a dictionary as codes with its rules,
** which must compile.  Returns CDR_OK, or an error in 'd' (a file of no kind it
** reads is CDR_EINPUT). */
cdr_rc cdr_codebook_import(const char *path, const cdr_refi_options *opt, cdr_buf *text,
			   cdr_diag *d);

/* The codebook file 'codebook' with the codes of the .qdc 'qdc' merged in
** (cdr_codebook_merge), appended to 'text', and what changed to 'rep' (zeroed by
** the caller, freed with cdr_merge_report_free).  The merged text is parsed
** again: an error in it is an error here.  A dictionary as 'codebook' is
** CDR_EINPUT: it has no labels to merge into. */
cdr_rc cdr_codebook_import_merge(const char *qdc, const char *codebook, const cdr_refi_options *opt,
				 cdr_buf *text, cdr_merge_report *rep, cdr_diag *d);

#endif
