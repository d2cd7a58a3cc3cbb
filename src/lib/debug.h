/*
** debug.h -- one stage of coding, printed in a fixed form, so that each stage can
** have golden tests of its own (the hidden `codeer debug` command).
**
** Stages (every position is a byte offset of the document's original UTF-8 text,
** end exclusive; texts are written with \t \n \r \\ escaped):
**   paragraphs  "p<N> [start,end) text"
**   norm        per paragraph, "p<N> [start,end)" and its normalised text, then
**               one line per normalised character: "  <n> <char> <- [from,to) <orig>"
**               (n: its byte offset in the normalised paragraph)
**   sentences   "p<N>.s<M> [start,end) text"
**   words       "p<N> [start,end) word"
**   atoms       "p<N> atom <A> rule <R> [start,end) text", every match of every
**               atom of the codebook, in the order the matcher gives them
*/
#ifndef CDR_DEBUG_H
#define CDR_DEBUG_H

#include "diag.h"
#include "match.h"
#include "mem.h"
#include "read.h"
#include "status.h"

/* 1 if 'stage' names a stage; the names, space-separated, for a message. */
int cdr_debug_is_stage(const char *stage);
extern const char cdr_debug_stages[];

/* Append stage 'stage' of 'doc' to 'out'.  'm' is needed for "atoms" only (may be
** NULL otherwise).  Returns CDR_OK, or an error in 'd' (ICU could not be opened, a
** rule reached a PCRE2 limit). */
cdr_rc cdr_debug_stage(const char *stage, const cdr_doc *doc, const cdr_matcher *m, cdr_buf *out,
		       cdr_diag *d);

#endif
