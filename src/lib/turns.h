/*
** turns.h -- speaker turns in interview and focus-group transcripts.
**
** A turn starts at a paragraph that begins with a speaker label and runs to the
** next such paragraph.  A paragraph begins with a label when it starts with
**
**     NAME [NUMBER] [(NOTE)] ':' white-space TEXT
**
** where TEXT holds at least one character that is not white space, the part before
** ':' is at most CDR_TURNS_MAX_LABEL bytes, and
**
** - NAME is 1 to 3 capitalised words (an upper-case letter, then letters, with
**   single inner hyphens or apostrophes: "I", "Interviewer", "Geïnterviewde",
**   "Anna de Vries", "Jan-Willem", or an initial such as "J.") separated by single
**   spaces, with up to 3 Dutch name particles between them ("van", "de", "der",
**   "den", "het", "'t", "ten", "ter", "te", "in", "op", "aan", "la", "le", "du",
**   "von"); the last word may carry 1 to 3 digits directly ("R3");
** - NUMBER is 1 to 3 digits after a space ("Respondent 3");
** - NOTE is 1 to 40 bytes in parentheses, without ':' or parentheses, after an
**   optional space ("Interviewer (Jan)");
** - the first word is not a heading or e-mail header word that notes use before a
**   colon (Conclusie, Samenvatting, Opmerking, Datum, Onderwerp, Van, Aan, Tip, ...;
**   the list is in turns.c), compared without regard to ASCII case.
**
** The label is the text before ':', as written.  A document is a transcript only if
** at least two different labels each begin at least two paragraphs (speakers that
** alternate); only then are labelled paragraphs turns.  So notes with a heading
** "Conclusie:" or a single "Anna:" are not transcripts.  See doc/transcripts.md.
*/
#ifndef CDR_TURNS_H
#define CDR_TURNS_H

#include <stddef.h>

#include "seg.h"

/* A transcript needs two labels that each start two paragraphs: a document with
** fewer paragraphs than this can never be one (callers may skip cdr_turns_find). */
#define CDR_TURNS_MIN_PARAGRAPHS 4

/* The longest label, in bytes, before the colon. */
#define CDR_TURNS_MAX_LABEL 64

typedef struct cdr_turn {
	size_t start, end; /* bytes of the document, trimmed, including the label */
	size_t text_start; /* after the label, its ':' and white space ('start' if none) */
	char *speaker;     /* the label as written, without ':' ("" if none); owned */
} cdr_turn;

typedef struct cdr_turns {
	cdr_turn *v;
	size_t count, cap;
} cdr_turns;

#define CDR_TURNS_INIT     \
	{                  \
		NULL, 0, 0 \
	}

/* Group the paragraphs of the valid UTF-8 text t[0..len) ('paragraphs', as
** cdr_seg_paragraphs() gives them, in order) into turns, appended to 'out'.
** In a transcript, paragraphs before the first label form one turn with speaker ""
** and every labelled paragraph starts a turn that runs to the end of the paragraph
** before the next labelled one.  Returns the number of labelled turns; 0 if the text
** is not a transcript, and then 'out' gets one turn per paragraph with speaker "". */
size_t cdr_turns_find(const char *t, size_t len, const cdr_spans *paragraphs, cdr_turns *out);

/* The length in bytes of the speaker label at the start of s[0..n) (the text before
** its ':'), or 0 if s does not begin with a label; *text_off gets the offset of the
** text after the ':' and its white space.  Exposed for tests. */
size_t cdr_turns_label(const char *s, size_t n, size_t *text_off);

/* Free the turns and their speakers and empty *ts; safe on an empty or NULL *ts. */
void cdr_turns_free(cdr_turns *ts);

#endif
