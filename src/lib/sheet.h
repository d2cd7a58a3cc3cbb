/*
** sheet.h -- coding sheets for people: every unit of a corpus, coded or not, or a
** simple random sample of them, as a table (.tsv, .csv) with an empty `codes`
** column, or as a REFI-QDA project (.qdpx) of one text source per unit, named by
** its unit id (human.h reads both back).
**
** Table columns: unit (the unit id of human.h: SOURCE#p3, SOURCE#p3.s2, SOURCE#t4,
** or a survey answer's source), source, start, end (code points), text (escaped
** as every codeer table: \t \n \r \\), codes (empty).
**
** A sample of N is drawn without replacement by reservoir sampling (Algorithm R:
** the k-th unit, from 0, replaces a kept one with probability N/(k+1)) over the
** units in corpus order, with the seeded xoshiro256** generator of agree.h, so the
** same seed and inputs give the same sample on every machine; rows are written in
** corpus order.  Only the sample is kept in memory.  Nothing is left at the path
** unless the sheet is committed.
*/
#ifndef CDR_SHEET_H
#define CDR_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "codebook.h"
#include "coder.h"
#include "diag.h"
#include "read.h"
#include "status.h"

typedef struct cdr_sheet cdr_sheet; /* opaque */

/* 1 if 'path' names a sheet format: .tsv, .csv, .qdpx, or "-" (TSV on stdout). */
int cdr_sheet_format_ok(const char *path);

/* Start a sheet at 'path' for codebook 'cb' (borrowed; a project needs its codes);
** 'sample' 0 writes every unit.  Returns CDR_OK with *out, or an error. */
cdr_rc cdr_sheet_open(const char *path, const cdr_codebook *cb, size_t sample, uint64_t seed,
		      cdr_sheet **out, cdr_diag *d);

/* Add the units of one document (cdr_coder_units(), coded at 'unit'); 'source'
** names it as the tables do. */
cdr_rc cdr_sheet_add(cdr_sheet *s, const char *source, const cdr_doc *doc, cdr_unit unit,
		     const cdr_codings *units, cdr_diag *d);

/* Units seen so far, and how many the sheet holds (the sample, or all). */
size_t cdr_sheet_units(const cdr_sheet *s, size_t *kept);

/* Write and put the sheet in place; frees 's' whatever happens.  CDR_EINPUT when
** the inputs have no unit, or fewer than the sample asks for (then nothing is
** written). */
cdr_rc cdr_sheet_commit(cdr_sheet *s, cdr_diag *d);

/* Give up: nothing is left at the path.  NULL does nothing. */
void cdr_sheet_abort(cdr_sheet *s);

#endif
