/*
** input.h -- what kind of input a path names, and reading a document of any kind
** codeer reads as a whole: plain text (.txt, .md, standard input) or Word (.docx).
*/
#ifndef CDR_INPUT_H
#define CDR_INPUT_H

#include "diag.h"
#include "read.h"
#include "status.h"

typedef enum cdr_input_kind {
	CDR_INPUT_TEXT,   /* .txt .text .md .markdown, no extension, or "-" */
	CDR_INPUT_DOCX,   /* .docx */
	CDR_INPUT_CSV,    /* .csv (and .tsv as a table of answers) */
	CDR_INPUT_QDPX,   /* .qdpx, .qde: a REFI-QDA project, whose sources are documents */
	CDR_INPUT_JSONL,  /* .jsonl: answers, one JSON object {"id", "text", ...} a line */
	CDR_INPUT_UNKNOWN /* anything else */
} cdr_input_kind;

/* The kind of input 'path' names, from its extension (case-insensitive). */
cdr_input_kind cdr_input_kind_of(const char *path);

/* Read a text or Word document (see read.h and docx.h). */
cdr_rc cdr_input_read(const char *path, cdr_doc *doc, cdr_diag *d);

#endif
