/*
** diff_report.h -- the report of 'codeer diff' (doc/diff.md): what two codebooks
** (diff.h's cdr_cbdiff and the changes of a corpus coded under both) or two coded
** tables (cdr_table_diff) differ in, as text like 'git diff' (by code, each change
** with its words and cause), a --stat summary, one TSV row per change, or JSON.
*/
#ifndef CDR_DIFF_REPORT_H
#define CDR_DIFF_REPORT_H

#include "diff.h"
#include "mem.h"

typedef enum cdr_diff_format {
	CDR_DIFF_TEXT, /* the codebook's changes, then by code each unit changed */
	CDR_DIFF_STAT, /* a line per changed code (+gained -lost ~polarity) and the total */
	CDR_DIFF_TSV,  /* one row per change */
	CDR_DIFF_JSON  /* the codebook's changes, the counts per code, every change */
} cdr_diff_format;

typedef struct cdr_diff_report cdr_diff_report; /* opaque */

/* The report of two codebooks compared ('cd') and the changes they make to a
** corpus's coding ('changes', in input order), naming them 'old_name' and
** 'new_name' (all borrowed: they must outlive the report).  Never fails. */
cdr_diff_report *cdr_diff_report_codebooks(const cdr_cbdiff *cd, const cdr_changes *changes,
					   const char *old_name, const char *new_name);

/* The report of two tables compared ('td', borrowed, as are the names). */
cdr_diff_report *cdr_diff_report_tables(const cdr_table_diff *td, const char *old_name,
					const char *new_name);

/* Append the report in 'fmt' to 'out'; 'colour' colours the text formats with SGR
** escapes (TSV and JSON never are).  Nothing at all in the text formats when
** nothing differs, as 'git diff'. */
void cdr_diff_report_render(const cdr_diff_report *r, cdr_diff_format fmt, int colour,
			    cdr_buf *out);

/* Does the coding differ: a unit changed, or a code was renamed (what
** --exit-code tells)?  A rule changed that changed no unit is no difference. */
int cdr_diff_report_differs(const cdr_diff_report *r);

void cdr_diff_report_free(cdr_diff_report *r);

#endif
