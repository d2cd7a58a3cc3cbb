/*
** report.h -- the HTML report (`-o report.html`): what a coding run adds up to,
** as one self-contained page (doc/report.md describes every section).
**
** The report is a whole-file format: cdr_report_add() sees every document in
** input order and keeps counts, never codings, so its memory does not grow with
** the corpus:
**   - per code and group: units coded, units with an obstacle, cases with it;
**   - the co-occurrence of codes in a unit: one count per pair of codes (up to
**     CDR_REPORT_MAX_COOC_CODES codes; with more, it is left out and the page
**     says so);
**   - per case variable: up to CDR_REPORT_MAX_VALUES distinct values, each with
**     its cases and, per code, the cases with that code; later values are pooled
**     as "(other values)";
**   - samples (keyword in context): CDR_REPORT_SAMPLES units per code, drawn by
**     reservoir sampling with a PRNG seeded from the options (each keeps the text
**     of its paragraph or unit, at most CDR_REPORT_SAMPLE_BYTES);
**   - coverage: word and phrase counts of coded and uncoded text (keyness.h,
**     bounded tables) and CDR_REPORT_EXAMPLES uncoded stretches (reservoir, each
**     cut to CDR_REPORT_EXAMPLE_BYTES) to find examples of the key terms in.
**
** Units.  A unit is what the run coded at: a paragraph, sentence, turn or answer;
** with the match unit, the paragraph.  A document's units are counted as the coder
** counted them (cdr_writer_doc.stats); its units with codings are told apart as
** cdr_tally does (a new paragraph, sentence or turn starts a new one).  Uncoded
** text is what no coded unit covers, split at paragraph breaks
** (cdr_seg_paragraphs, which needs no ICU, so the report never segments into
** sentences again).
**
** Cases.  A text document is a case; so is a respondent: consecutive survey
** answers with the same respondent (one record of an export: its answers come
** one after the other).  Answers of one respondent that are not consecutive
** count as several cases (keeping every respondent's name would not be bounded).
*/
#ifndef CDR_REPORT_H
#define CDR_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "keyness.h"
#include "mem.h"
#include "writer.h"

#define CDR_REPORT_SAMPLES        5
#define CDR_REPORT_SAMPLE_BYTES   16384
#define CDR_REPORT_MAX_VALUES     40
#define CDR_REPORT_MAX_COOC_CODES 2048
#define CDR_REPORT_EXAMPLES       4096
#define CDR_REPORT_EXAMPLE_BYTES  1000

/* ---- The units of a document, shared with the matrix (matrix.h). ---- */

/* The units 'doc' was coded at, as its coder counted them (paragraphs for the
** match unit); without stats, its paragraphs (its one answer). */
size_t cdr_report_doc_units(const cdr_writer_doc *doc);

/* The next unit of 'doc' holding codings: doc->codings->v[*from, *to).  Start
** with *to = 0.  Returns 0 when there are no more. */
int cdr_report_next_unit(const cdr_writer_doc *doc, size_t *from, size_t *to);

/* The case a document belongs to, followed over consecutive documents. */
typedef struct cdr_case_follow {
	cdr_buf name; /* the respondent of the current case */
	int open;     /* a case is open */
	int respondent;
} cdr_case_follow;

/* 1 if 'doc' belongs to the open case (an answer of the same respondent). */
int cdr_case_follow_same(const cdr_case_follow *f, const cdr_writer_doc *doc);

/* Open the case 'doc' starts (the previous one is over). */
void cdr_case_follow_start(cdr_case_follow *f, const cdr_writer_doc *doc);

/* ---- What the report keeps. ---- */

typedef struct cdr_report_code {
	size_t units;    /* units coded with it */
	size_t obstacle; /* of those, units where it is an obstacle */
	size_t cases;    /* cases with it */
	size_t codings;
} cdr_report_code;

typedef struct cdr_report_value {
	char *value; /* "" for an empty cell */
	size_t cases;
	size_t *code_cases; /* per code: its cases with the code */
} cdr_report_value;

typedef struct cdr_report_var {
	const char *name;
	cdr_report_value values[CDR_REPORT_MAX_VALUES + 1]; /* the last: "(other values)" */
	size_t nvalues;                                     /* values[0..nvalues) in use */
	size_t pooled_values; /* distinct values pooled (counted only until the pool ends) */
	int pooled;           /* values[CDR_REPORT_MAX_VALUES] is in use */
} cdr_report_var;

typedef struct cdr_report_sample {
	char *source, *question;
	char unit[48];   /* "p3.s2" */
	char *text;      /* the paragraph (or the unit) holding the coding */
	size_t cs, ce;   /* the coding's bytes in 'text' */
	int whole_match; /* the coding is the match (the match unit) */
} cdr_report_sample;

typedef struct cdr_report_example {
	char *source;
	char *text; /* an uncoded stretch, at most CDR_REPORT_EXAMPLE_BYTES */
} cdr_report_example;

typedef struct cdr_report {
	cdr_writer_options opt;
	const cdr_codebook *cb;
	size_t ncodes;
	/* The run. */
	size_t documents, answers, respondents, cases;
	size_t units, units_coded, codings;
	int units_of[2][5]; /* [answer][unit]: a document of that kind was coded at it */
	/* Codes and groups. */
	cdr_report_code *code;
	size_t ngroups;
	const char **group;     /* names, in codebook order of first appearance */
	size_t *group_of;       /* per code */
	cdr_report_code *gstat; /* per group: units, obstacle units, cases */
	/* Co-occurrence: pairs a < b at cooc[b * (b - 1) / 2 + a]; NULL if too many codes. */
	uint32_t *cooc;
	/* Per case variable. */
	cdr_report_var *vars;
	size_t nvars;
	/* The current case and unit (scratch). */
	cdr_case_follow follow;
	size_t *case_units; /* per code: its units in the current case */
	size_t *touched;    /* the codes with case_units > 0, 'ntouched' */
	size_t ntouched;
	size_t *case_value;     /* per variable: the current case's value */
	size_t *unit_mark;      /* per code: the unit serial it was last counted in */
	size_t *group_mark;     /* per group: likewise, for units */
	size_t *group_obstacle; /* per group: the unit serial an obstacle was counted in */
	size_t *group_case;     /* per group: the case serial it was last counted in */
	size_t unit_serial, case_serial;
	size_t *unit_codes; /* the distinct codes of the current unit */
	/* Samples. */
	uint64_t rng;
	cdr_report_sample *samples; /* CDR_REPORT_SAMPLES per code */
	/* Coverage. */
	cdr_keyness *keyness;
	cdr_report_example *examples; /* CDR_REPORT_EXAMPLES */
	size_t stretches;             /* uncoded stretches seen */
	cdr_spans paragraphs, coded;  /* scratch */
} cdr_report;

/* A report for the run 'opt' describes (copied; what it points to is borrowed). */
cdr_report *cdr_report_new(const cdr_writer_options *opt);

/* Count one document (in input order). */
void cdr_report_add(cdr_report *r, const cdr_writer_doc *doc);

/* Count the last case (cdr_report_render() does it; calling it twice is fine). */
void cdr_report_finish(cdr_report *r);

/* Finish counting (the last case) and append the page to 'out'. */
void cdr_report_render(cdr_report *r, cdr_buf *out);

void cdr_report_free(cdr_report *r);

/* Append s[0..n) to 'out' escaped for HTML text and attribute values. */
void cdr_html_escape(cdr_buf *out, const char *s, size_t n);

/* The WCAG 2 contrast ratio of two colours 0xRRGGBB (1 to 21). */
double cdr_contrast_ratio(unsigned a, unsigned b);

/* 'rgb' darkened (towards black, hue kept) until its contrast with white is at
** least 'ratio'. */
unsigned cdr_colour_for_white(unsigned rgb, double ratio);

#endif
