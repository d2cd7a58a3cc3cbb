/*
** diag.h -- diagnostics: errors, warnings and notes with a file position.
**
** The library never prints.  Functions that can fail take a cdr_diag sink and add
** items to it; the caller renders them (cdr_diag_render) in the GNU form
** "file:line:column: severity: message", followed, where the source line is known,
** by the line and a caret under the culprit, as compilers do.  Lines and columns
** are 1-based; columns count code points.
*/
#ifndef CDR_DIAG_H
#define CDR_DIAG_H

#include <stddef.h>

#include "mem.h"

typedef enum cdr_severity { CDR_DIAG_ERROR, CDR_DIAG_WARNING, CDR_DIAG_NOTE } cdr_severity;

typedef struct cdr_diag_item {
	cdr_severity severity;
	char *file;        /* NULL when the message is about no file */
	size_t line;       /* 1-based; 0 when unknown */
	size_t column;     /* 1-based, in code points; 0 when unknown */
	size_t width;      /* code points to underline from 'column'; 0: none */
	char *source_line; /* the text of 'line' (no line end), or NULL */
	char *message;     /* lower case, no final period */
} cdr_diag_item;

typedef struct cdr_diag {
	cdr_diag_item *items;
	size_t count;
	size_t cap;
	size_t errors;   /* items with severity CDR_DIAG_ERROR */
	size_t warnings; /* items with severity CDR_DIAG_WARNING */
} cdr_diag;

#define CDR_DIAG_INIT            \
	{                        \
		NULL, 0, 0, 0, 0 \
	}

/* Where a diagnostic points.  'src'/'src_len' is the whole source line or NULL. */
typedef struct cdr_diag_pos {
	const char *file;
	size_t line, column, width;
	const char *src;
	size_t src_len;
} cdr_diag_pos;

/* Add an item; 'pos' may be NULL for a message about no particular place. */
void cdr_diag_add(cdr_diag *d, cdr_severity sev, const cdr_diag_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Append the rendering of 'item' (one or three lines, each ending in '\n'). */
void cdr_diag_render(const cdr_diag_item *item, cdr_buf *out);

/* Append copies of every item of 'src' to 'dst' ('src' is left as it is). */
void cdr_diag_append(cdr_diag *dst, const cdr_diag *src);

/* Put the items added since the first 'from' in file order, as a compiler lists
** its errors: an error or warning moves with the notes after it, ordered by line
** and column (items without a line first, each kind in the order added), and
** keep the first 'max_errors' errors (0: all), dropping the items after the last
** one kept and adding a note "and N more errors".  Returns the errors dropped. */
size_t cdr_diag_order(cdr_diag *d, size_t from, size_t max_errors);

/* Remove all items (the sink can be reused). */
void cdr_diag_clear(cdr_diag *d);
void cdr_diag_free(cdr_diag *d);

#endif
