/*
** diff.h -- what a codebook change does to the coding of a corpus: the two
** codebooks compared (codes added, removed and renamed; rules and obstacle cues
** added and removed), and a document's codings under both compared unit by unit
** (the units that gain a code, lose one, or change polarity), each change with its
** cause and the words that made it.  Also two coded tables compared the same way.
** For 'codeer diff' (doc/diff.md), diff_corpus.h runs the comparison over a
** corpus and diff_report.h renders the result.
*/
#ifndef CDR_DIFF_H
#define CDR_DIFF_H

#include <stddef.h>

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "match.h"
#include "mem.h"
#include "status.h"

/* ------------------------------------------------------ two codebooks --- */

/* How the codes and rules of an OLD and a NEW codebook correspond.  Codes
** correspond by id; a code only in OLD whose rules (match rules and exceptions,
** compared by their text) equal those of a code only in NEW is renamed.  Rules
** correspond when their key and pattern (white space runs made one space) are
** the same and they belong to corresponding codes (or are both obstacle cues). */
typedef struct cdr_cbdiff {
	const cdr_codebook *old, *new; /* borrowed */
	size_t *new_of_old;            /* per OLD code: the NEW code, or CDR_NONE (removed) */
	size_t *old_of_new;            /* per NEW code: the OLD code, or CDR_NONE (added) */
	size_t *rule_new_of_old;       /* per OLD rule: the same rule in NEW, or CDR_NONE */
	size_t *rule_old_of_new;       /* per NEW rule: the same rule in OLD, or CDR_NONE */
	size_t changed_codes;          /* codes added, removed, renamed or with rules changed */
	size_t changed_cues;           /* obstacle cues added or removed */
} cdr_cbdiff;

/* Compare 'old' with 'new' (both borrowed: they must outlive 'cd'). */
void cdr_cbdiff_init(cdr_cbdiff *cd, const cdr_codebook *old, const cdr_codebook *new);
void cdr_cbdiff_free(cdr_cbdiff *cd);

/* Does NEW code 'k' (OLD code if 'old_side') differ from its counterpart: added,
** removed, renamed, or with a rule or exception added or removed? */
int cdr_cbdiff_code_changed(const cdr_cbdiff *cd, int old_side, size_t k);

/* Append rule 'r' as the table's rule column writes it ("glob: samenwerk*"). */
void cdr_rule_text(const cdr_rule *r, cdr_buf *out);

/* ----------------------------------------------------------- changes --- */

/* In a change's context, the matched words stand between these two bytes. */
#define CDR_MARK_OPEN  '\x01'
#define CDR_MARK_CLOSE '\x02'

typedef enum cdr_change_kind {
	CDR_CHANGE_GAIN = '+',    /* the unit is coded with the code under NEW only */
	CDR_CHANGE_LOSS = '-',    /* under OLD only */
	CDR_CHANGE_POLARITY = '~' /* under both, an obstacle under one only */
} cdr_change_kind;

/* One unit whose coding with one code changed.  Every string is owned. */
typedef struct cdr_change {
	cdr_change_kind kind;
	char *source;           /* the table's 'source' column */
	char unit[32];          /* the table's 'unit' column ("p3", "p3.s2", "answer") */
	size_t start, end;      /* the unit, in code points of the document */
	char *code;             /* the code's id: NEW's, or OLD's for a loss */
	char *rule;             /* the coding's rule column: NEW's, or OLD's for a loss */
	int obstacle;           /* the coding's polarity: NEW's, or OLD's for a loss */
	char *cause;            /* why, in a few words ("rule 'glob: x*' is new") */
	char *context;          /* the unit's text (one line, shortened around the
				   matched words, which stand between the marks) */
	int code_added_removed; /* the code itself is new (gain) or gone (loss) */
} cdr_change;

typedef struct cdr_changes {
	cdr_change *v;
	size_t count, cap;
} cdr_changes;

#define CDR_CHANGES_INIT   \
	{                  \
		NULL, 0, 0 \
	}

/* Free the changes' strings and forget them (the array is kept). */
void cdr_changes_clear(cdr_changes *cs);
void cdr_changes_free(cdr_changes *cs);
/* Move every change of 'src' to the end of 'dst' ('src' is left empty). */
void cdr_changes_move(cdr_changes *dst, cdr_changes *src);

/* ------------------------------------------------- coding under both --- */

typedef struct cdr_differ cdr_differ; /* opaque; one per thread */

/* A differ for documents coded at 'unit': it codes with 'new' and, for the
** causes and the words of a change, traces the changed paragraphs with both
** matchers (borrowed, as is 'cd', whose codebooks they compiled), each at the
** prefilter stage its matcher has published (coder.h).  Returns CDR_EINTERNAL if a
** coder cannot be made. */
cdr_rc cdr_differ_new(const cdr_cbdiff *cd, const cdr_matcher *old, const cdr_matcher *new,
		      cdr_unit unit, cdr_differ **out, cdr_diag *d);
void cdr_differ_free(cdr_differ *df);

/* With 'on', the documents compared are survey answers (cdr_coder_set_answers). */
void cdr_differ_set_answers(cdr_differ *df, int on);

/* Code 'doc' with NEW, compare with 'old' (its codings under OLD, at the same
** unit, as cdr_coder_run gives them) and append the changes to 'out', in text
** order, named 'source'.  Returns CDR_OK, or what coding with NEW returned
** (CDR_ELIMIT) with the error in 'd'. */
cdr_rc cdr_differ_run(cdr_differ *df, const cdr_doc *doc, const char *source,
		      const cdr_codings *old, cdr_changes *out, cdr_diag *d);

/* -------------------------------------------------------- two tables --- */

/* What comparing two tables found besides the changes. */
typedef struct cdr_table_diff {
	cdr_changes changes; /* in the order of the tables' sources */
	char **old_only;     /* codes only in OLD (not renamed), NULL-terminated */
	char **new_only;     /* codes only in NEW */
	char **renamed;      /* pairs OLD id, NEW id, NULL-terminated */
	char **codes;        /* every code of both in order of appearance, NEW's first */
	size_t old_rows, new_rows;
} cdr_table_diff;

/* Compare the coded tables (TSV as 'codeer code' writes them) at 'old_path' and
** 'new_path'.  Rows correspond by source, unit and code; a code only in OLD whose
** rows stand on the same units as those of a code only in NEW, with the same
** rules, is renamed.  Returns CDR_OK, CDR_EIO, or CDR_EINPUT when a table lacks a
** column or the two are not of the same corpus (a source in both whose rows
** disagree on a unit's text, or sources in another order), the first mismatch
** named in 'd'. */
cdr_rc cdr_table_diff_run(const char *old_path, const char *new_path, cdr_table_diff *out,
			  cdr_diag *d);
void cdr_table_diff_free(cdr_table_diff *td);

#endif
