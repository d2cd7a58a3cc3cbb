/*
** tally.h -- what a coding run adds up: codings per code, units with a coding,
** and the coders' counts of paragraphs, sentences, units and turns, kept apart
** for text documents and survey answers.  Every command that codes a corpus
** (code, agree, the report) counts the same way.
*/
#ifndef CDR_TALLY_H
#define CDR_TALLY_H

#include <stddef.h>

#include "codebook.h"
#include "coder.h"
#include "mem.h"
#include "source.h"

typedef struct cdr_tally {
	size_t ncodes;
	size_t *per_code;         /* codings per code, 'ncodes' of them */
	size_t total;             /* codings */
	cdr_coder_stats stats[2]; /* [0] text documents, [1] survey answers */
	size_t units_coded[2];    /* units holding a coding: [0] text, [1] answers */
} cdr_tally;

/* Start counting for a codebook of 'ncodes' codes. */
void cdr_tally_init(cdr_tally *t, size_t ncodes);

/* Count the codings 'cs' of one document coded at 'unit' ('answer': a survey
** answer) and the coder's 'stats' for it.  'cs' is ordered as cdr_coder_run()
** orders it (a unit's codings are contiguous). */
void cdr_tally_add(cdr_tally *t, int answer, cdr_unit unit, const cdr_codings *cs,
		   const cdr_coder_stats *stats);

/* The codes with at least one coding. */
size_t cdr_tally_codes_used(const cdr_tally *t);

/* The units coded at 'unit' that the counts of [answer] hold (paragraphs read for
** the match unit, which has no units of its own). */
size_t cdr_tally_units(const cdr_tally *t, int answer, cdr_unit unit);

/* Append the run's summary to 'out', two lines (the second only if something was
** coded): documents and their units, answers (empty ones) and theirs, codings,
** codes used, 'seconds', and where the result went ('output'); then the codings
** per group in the order groups first appear in 'cb'. */
void cdr_tally_describe(const cdr_tally *t, const cdr_source_stats *st, cdr_unit text_unit,
			cdr_unit answer_unit, const cdr_codebook *cb, double seconds,
			const char *output, cdr_buf *out);

void cdr_tally_free(cdr_tally *t);

#endif
