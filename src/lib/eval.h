/*
** eval.h -- from the atom matches of one paragraph to the hits of the codebook's
** rules: NEAR and BEFORE pairing, AND / OR / NOT over units, exceptions that cancel
** hits, and the obstacle polarity of each hit.
**
** All positions here are byte offsets of the document's original text.
*/
#ifndef CDR_EVAL_H
#define CDR_EVAL_H

#include <stddef.h>

#include "match.h"
#include "seg.h"

#define CDR_NONE ((size_t)-1)

typedef struct cdr_hit {
	size_t rule;         /* a match rule of the codebook */
	size_t start, end;   /* original bytes */
	int obstacle;        /* an obstacle cue stands in the hit's clause */
	size_t cue;          /* then: index of the cue's match in the input matches */
	size_t cancelled_by; /* the exception rule that cancels the hit, or CDR_NONE */
	size_t except_match; /* then: index of the exception's match */
	/* The atom matches that make the hit (one; both sides of NEAR; each part of a
	** phrase in parts, in order): parts[part_first, part_first + part_count) of the
	** cdr_hits that holds it (a hit copied elsewhere keeps indexes into it). */
	size_t part_first, part_count;
} cdr_hit;

typedef struct cdr_hits {
	cdr_hit *v;
	size_t count, cap;
	size_t *parts; /* indexes of the input matches, for each hit's parts */
	size_t part_count, part_cap;
} cdr_hits;

#define CDR_HITS_INIT                  \
	{                              \
		NULL, 0, 0, NULL, 0, 0 \
	}

typedef struct cdr_eval_input {
	const char *text;            /* the document's original text */
	size_t para_start, para_end; /* the paragraph being evaluated */
	const cdr_matches *matches;  /* atom matches in original bytes, atom by atom */
	const cdr_spans *words;      /* the paragraph's words, if the program needs them */
	const cdr_spans *sentences;  /* its sentences, if the program needs them */
	const cdr_spans *units;      /* the units 'all' rules are evaluated over */
	int answer;                  /* the document is a survey answer (when: answer) */
} cdr_eval_input;

typedef struct cdr_evaluator cdr_evaluator; /* opaque; one per thread */

cdr_evaluator *cdr_evaluator_new(const cdr_matcher *m);
void cdr_evaluator_free(cdr_evaluator *e);

/* Replace the contents of 'out' with the hits of every match rule in the paragraph,
** in rule order.  Cancelled hits are kept, marked with 'cancelled_by'. */
void cdr_eval_run(cdr_evaluator *e, const cdr_eval_input *in, cdr_hits *out);

/* 1 if the conditions of rule 'r' (its 'when:') hold in the paragraph of 'in':
** an answer, and at most cb->short_words words (in->words, which the program then
** computes). */
int cdr_eval_when_holds(const cdr_codebook *cb, const cdr_rule *r, const cdr_eval_input *in);

/* The matches of atom 'atom' after the last cdr_eval_run: indexes [*first,
** *first + count) of the input matches.  Returns count. */
size_t cdr_eval_atom_matches(const cdr_evaluator *e, size_t atom, size_t *first);

/* The clause around [start, end) of the paragraph of the current cdr_eval_run (the
** obstacle cues' clause, and that of NEAR/clause and of a phrase in parts): bounded
** by . ! ? ; : ( ) [ ], a dash between spaces, or a clause-opening conjunction
** (maar, omdat, terwijl ...).  The first call in a run finds the paragraph's
** clauses; each call after it is a binary search. */
void cdr_eval_clause(cdr_evaluator *e, const cdr_eval_input *in, size_t start, size_t end,
		     size_t *cstart, size_t *cend);

void cdr_hits_free(cdr_hits *h);

#endif
