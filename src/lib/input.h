/*
** input.h -- what kind of input a path names, and reading a document of any kind
** codeer reads as a whole: plain text (.txt, .md, standard input) or Word (.docx),
** and a command's argument that is a file, a paragraph of one, or the text.
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

/* A command's TEXT|FILE argument (explain, debug) as a document: the text or Word
** file of that name if one exists ('-': standard input); with 'units', FILE#pN or FILE:pN
** of an existing FILE, as tables and sheets name a paragraph, is that paragraph
** as a document of its own, named 'arg' (positions count from its start; an error
** if FILE has fewer paragraphs); else the argument itself, as the text "text". */
cdr_rc cdr_input_read_arg(const char *arg, int units, cdr_doc *doc, cdr_diag *d);

#endif
