/*
** coder.h -- coding one document: segment it, normalise and match each paragraph,
** and turn the matches into codings at the chosen unit, in positions of the
** original text.
*/
#ifndef CDR_CODER_H
#define CDR_CODER_H

#include <stddef.h>

#include "codebook.h"
#include "diag.h"
#include "eval.h"
#include "match.h"
#include "read.h"
#include "status.h"

typedef enum cdr_unit {
	CDR_UNIT_MATCH,     /* one coding per match */
	CDR_UNIT_SENTENCE,  /* one coding per sentence and code */
	CDR_UNIT_PARAGRAPH, /* one coding per paragraph and code */
	CDR_UNIT_TURN,      /* one coding per speaker turn and code (transcripts) */
	CDR_UNIT_ANSWER     /* one coding per document and code (a survey answer) */
} cdr_unit;

/* "match", "sentence", "paragraph", "turn", "answer". */
const char *cdr_unit_name(cdr_unit unit);
/* Parse a unit name; returns 0 if 's' names none. */
int cdr_unit_parse(const char *s, cdr_unit *unit);

typedef struct cdr_coding {
	size_t start, end;   /* code points of the original text, end exclusive */
	size_t bstart, bend; /* the same span in bytes of the document's UTF-8 text */
	size_t code;         /* index into the codebook's codes */
	size_t rule;         /* the rule that matched (the first match in the unit) */
	size_t paragraph;    /* 1-based paragraph of the document */
	size_t sentence;     /* 1-based sentence within it; 0 when not segmented */
	int obstacle;        /* an obstacle cue stands in the clause of a match */
	size_t turn;         /* 1-based speaker turn holding it; 0 if not a transcript */
	const char *speaker; /* that turn's speaker ("" if none); valid until the next run */
} cdr_coding;

typedef struct cdr_codings {
	cdr_coding *v;
	size_t count, cap;
} cdr_codings;

#define CDR_CODINGS_INIT   \
	{                  \
		NULL, 0, 0 \
	}

void cdr_codings_free(cdr_codings *cs);

typedef struct cdr_coder_stats {
	size_t paragraphs; /* paragraphs read */
	size_t sentences;  /* sentences found (0 unless the unit is sentence) */
	size_t units;      /* units coded at the chosen unit, with or without codes */
	size_t turns;      /* speaker turns found in transcripts */
} cdr_coder_stats;

typedef struct cdr_coder cdr_coder; /* opaque; one per thread */

/* A coder for 'unit' using 'm' and its codebook, both borrowed.  Returns
** CDR_EINTERNAL if ICU's break rules cannot be opened. */
cdr_rc cdr_coder_new(const cdr_matcher *m, cdr_unit unit, cdr_coder **out, cdr_diag *d);
void cdr_coder_free(cdr_coder *c);

/* Code 'doc', replacing the contents of 'out' with its codings ordered by start,
** end, code and rule (each (start, end, code) at most once), and adding to 'stats'.
** In a transcript (speaker labels: see turns.h) labels are never matched, and
** every coding knows its turn and speaker.  Returns CDR_OK; CDR_ELIMIT if a rule
** reached a PCRE2 limit, or CDR_EINTERNAL if PCRE2 or ICU failed, with an error and a
** note saying which paragraph.  With CDR_UNIT_TURN, a document without speaker
** labels gets a warning and one turn per paragraph. */
cdr_rc cdr_coder_run(cdr_coder *c, const cdr_doc *doc, cdr_codings *out, cdr_coder_stats *stats,
		     cdr_diag *d);

/* With 'on', the documents coded are survey answers: rules under 'when: answer'
** apply to them (codebook.h).  Off by default. */
void cdr_coder_set_answers(cdr_coder *c, int on);

/* With 'on', every cdr_coder_run() also lists the document's units at the coder's
** unit, coded or not (for the match unit: its paragraphs), for commands that
** need the uncoded ones too (sheet, agree).  Off by default. */
void cdr_coder_keep_units(cdr_coder *c, int on);

/* Match with prefilter stage 'stage' from the next run on, pinned there
** (cdr_match_scratch_stage()).  Without it a coder uses the stage its matcher has
** published when each run starts: what every coder outside the pipeline wants. */
void cdr_coder_stage(cdr_coder *c, int stage);

/* The prefilter stage the coder is at: its last run's, or one pinned since (0 at
** first). */
int cdr_coder_stage_of(const cdr_coder *c);

/* The units of the last run, in text order, as codings of no code (code and rule
** CDR_NONE; start, end, bstart, bend, paragraph, sentence and turn set, so that
** cdr_coding_unit() labels them as the codings in them).  Valid until the next
** run.  Empty unless cdr_coder_keep_units() is on. */
const cdr_codings *cdr_coder_units(const cdr_coder *c);

/* The work this coder has done grouping hits into units since it was made: the
** number of hits looked at, summed over units.  It grows in proportion to the
** hits, never to the hits times the units of a document or of a paragraph.  For
** tests. */
size_t cdr_coder_work(const cdr_coder *c);

/* 1 if the 'count' codings at 'v' keep cdr_coder_run()'s promises for a text of
** 'len' bytes: each span inside the text, non-empty, its code points no more than
** its bytes, in order of start, end and code with each (start, end, code) once;
** else 0.  For CDR_ASSERT (invariant.h) and tests. */
int cdr_codings_valid(const cdr_coding *v, size_t count, size_t len);

const cdr_codebook *cdr_coder_codebook(const cdr_coder *c);
const cdr_program *cdr_coder_program(const cdr_coder *c);

/* The label of the unit holding coding 'k' at 'unit' ("p3", "p3.s2", "t4", "answer"),
** written into buf[0..n); returns buf. */
const char *cdr_coding_unit(const cdr_coding *k, cdr_unit unit, char *buf, size_t n);

/* The codes of 'codings' (in document order) in the unit 'unit' (one of
** cdr_coder_units(), in order), as 0/1 flags in codes[] (one per code, zeroed by
** the caller).  '*from' is where the search starts and is moved on: start it at 0
** for a document's first unit and pass it on to the next.  Returns 1 if any. */
int cdr_codings_in_unit(const cdr_codings *codings, size_t *from, const cdr_coding *unit,
			unsigned char *codes);

/* The polarity column's word for a coding: "obstacle" or "neutral". */
const char *cdr_coding_polarity(const cdr_coding *k);

/* ---- For explain and check: the steps of cdr_coder_run on one paragraph. ---- */

/* Everything known about one paragraph after matching and evaluation.  Valid
** until the next call on the same coder. */
typedef struct cdr_paragraph_trace {
	const cdr_eval_input *input;    /* text, matches (original bytes), words, units */
	const cdr_hits *hits;           /* every hit, cancelled ones included */
	const cdr_evaluator *evaluator; /* which matches belong to which atom */
} cdr_paragraph_trace;

/* Match and evaluate the paragraph [start, end) of 'doc' (as cdr_coder_run does)
** and describe it in *trace. */
cdr_rc cdr_coder_trace(cdr_coder *c, const cdr_doc *doc, size_t start, size_t end,
		       cdr_paragraph_trace *trace, cdr_diag *d);

#endif
