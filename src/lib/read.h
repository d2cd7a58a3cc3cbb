/*
** read.h -- reading a text document into memory as validated UTF-8.
**
** A document's "original text", the text every offset codeer reports counts in,
** is the file decoded: UTF-8 as is, or UTF-16 (marked by a byte order mark)
** converted to UTF-8, in both cases without the byte order mark.  Line ends (LF,
** CRLF, CR) are kept exactly as they are.
*/
#ifndef CDR_READ_H
#define CDR_READ_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "status.h"

typedef enum cdr_encoding {
	CDR_ENC_UTF8,
	CDR_ENC_UTF8_BOM,
	CDR_ENC_UTF16LE,
	CDR_ENC_UTF16BE
} cdr_encoding;

/* The largest document codeer reads (offsets are kept in 32 bits). */
#define CDR_DOC_MAX_BYTES ((size_t)1 << 30)

typedef struct cdr_doc {
	char *name;            /* as given by the caller ("-" for standard input) */
	char *text;            /* the original text: valid UTF-8, NUL-terminated */
	size_t len;            /* bytes in 'text' (excluding the NUL) */
	cdr_encoding encoding; /* how the bytes were encoded */
} cdr_doc;

/* Open the file at 'path' for reading ("-": standard input), refusing a directory.
** Returns the stream, or NULL with *rc set to CDR_EIO and an error naming the path
** in 'd'.  Close with fclose() unless it is stdin. */
FILE *cdr_open_input(const char *path, cdr_rc *rc, cdr_diag *d);

/* Read the file at 'path' ("-": standard input) into *doc, decoded and validated.
** Returns CDR_OK; CDR_EIO if it cannot be read; CDR_EINPUT if it is not text
** (invalid UTF-8 or UTF-16, a NUL byte) or CDR_ELIMIT if it is larger than
** CDR_DOC_MAX_BYTES, with an item in 'd' naming the file, line and column.
** On failure *doc is left empty.  Free with cdr_doc_free(). */
cdr_rc cdr_doc_read(const char *path, cdr_doc *doc, cdr_diag *d);

/* Decode the bytes 'raw[0..n)' as cdr_doc_read() decodes a file; 'name' is used
** for the document and in diagnostics.  'raw' is borrowed. */
cdr_rc cdr_doc_decode(const char *name, const char *raw, size_t n, cdr_doc *doc, cdr_diag *d);

/* Make a document of text that is already decoded: a survey cell, a JSON string, a
** project's source.  't[0..n)' must be valid UTF-8 (its reader checked it); it is
** copied as it is, a leading U+FEFF included, since offsets count that text exactly.
** Never fails. */
void cdr_doc_from_text(const char *name, const char *t, size_t n, cdr_doc *doc);

/* Free what *doc holds; safe on an empty or already freed doc. */
void cdr_doc_free(cdr_doc *doc);

#endif
