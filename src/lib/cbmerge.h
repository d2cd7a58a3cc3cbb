/*
** cbmerge.h -- an edited code list from a QDA tool (a REFI-QDA codebook) merged
** into an existing codebook file: labels, definitions, colours and the hierarchy
** (groups) come from the tool; ids, rules, examples, comments and the order of the
** file stay.  What 'codeer codebook import FILE.qdc --merge CODEBOOK' does
** (doc/import.md).
**
** Matching.  A Code is the codebook's code whose id gives its GUID the way
** 'codebook export' makes it (refi.h: the name-based UUID of "code\n" ID, which
** QDA tools keep through an import and an export), else the code whose label is
** its name, when exactly one unmatched code has that label.  Folders (codes that
** are not codable) only make the hierarchy.
**
** Changes.  A matched code takes the Code's name as its label, its parents' names
** as its group, its colour and its description as definition; a colour or a
** description the tool leaves out is not a change (some tools export neither).
** A changed entry's lines are rewritten in place (the first of them; the others of
** the same key dropped); a new one goes after the 'code:' line.  A Code that
** matches nothing is added at the end, as a code without rules.  A code of the
** codebook that matches no Code stays as it is.
*/
#ifndef CDR_CBMERGE_H
#define CDR_CBMERGE_H

#include <stddef.h>

#include "codebook.h"
#include "diag.h"
#include "mem.h"
#include "refi_read.h"
#include "status.h"

typedef enum cdr_merge_kind {
	CDR_MERGE_CHANGED,      /* a field of a matched code: field, old_value, new_value */
	CDR_MERGE_ADDED,        /* a Code that matched no code, added (id: the new id) */
	CDR_MERGE_ONLY_CODEBOOK /* a code no Code matched, kept */
} cdr_merge_kind;

typedef struct cdr_merge_change {
	cdr_merge_kind kind;
	char *id;          /* the code's id */
	const char *field; /* "label", "group", "colour", "definition"; NULL otherwise */
	char *old_value;   /* CHANGED: as the codebook had it; else NULL */
	char *new_value;   /* CHANGED: as the tool has it; ADDED: the Code's name */
	size_t line;       /* the code's line in the codebook, or the Code's in the .qdc */
} cdr_merge_change;

typedef struct cdr_merge_report {
	cdr_merge_change
		*v; /* changed (codebook order), added (.qdc order), only in the codebook */
	size_t count, cap;
	size_t matched;  /* codes matched */
	size_t by_label; /* of them, matched by their label (not their GUID) */
} cdr_merge_report;

/* Merge 'codes' (count n, from cdr_qdc_read_codes) into the codebook 'cb' parsed
** from text[0..len), appending the merged codebook text to 'out' and what changed
** to 'rep' (zeroed by the caller, freed with cdr_merge_report_free).  Returns
** CDR_OK, or CDR_EINPUT when 'cb' is not a codebook file (a pattern table or a
** dictionary has no labels to merge into) or the .qdc has no codable code. */
cdr_rc cdr_codebook_merge(const cdr_codebook *cb, const char *text, size_t len,
			  const cdr_qdc_code *codes, size_t n, cdr_buf *out, cdr_merge_report *rep,
			  cdr_diag *d);

void cdr_merge_report_free(cdr_merge_report *rep);

#endif
