/*
** mem.h -- allocation that never returns NULL, and a growable byte buffer.
**
** codeer treats running out of memory as fatal: cdr_xmalloc() and friends print
** "codeer: out of memory" and abort.  Every other failure is reported through
** return codes (see status.h), so callers never test allocations for NULL.
*/
#ifndef CDR_MEM_H
#define CDR_MEM_H

#include <stddef.h>
#include <string.h>

/* Print "codeer: out of memory" and abort; for allocators of other libraries. */
_Noreturn void cdr_out_of_memory(size_t n);

/* Called (if set) by cdr_out_of_memory() before it aborts: a command sets it to
** remove its temporary output files (cdr_outfile_remove_pending). */
extern void (*cdr_out_of_memory_hook)(void);

void *cdr_xmalloc(size_t n);
void *cdr_xcalloc(size_t count, size_t size);
/* Resize 'p' to hold 'count' items of 'size' bytes; checks count*size for overflow. */
void *cdr_xreallocarray(void *p, size_t count, size_t size);
char *cdr_xstrdup(const char *s);
char *cdr_xstrndup(const char *s, size_t n);

/* Grow the array '*items' (holding '*cap' items of 'size' bytes) so that it can
** hold at least 'need' items.  Capacity doubles, so appends are amortised O(1). */
void cdr_grow(void **items, size_t *cap, size_t need, size_t size);
/* The same for an array variable; calls cdr_grow() only when it must grow, since it
** sits in hot loops (a call per report and per match: 2 % of the coding's
** instructions with the 3,000-pattern table). */
#define CDR_GROW(arr, cap, need)                                                  \
	do {                                                                      \
		if ((need) > (cap))                                               \
			cdr_grow((void **)&(arr), &(cap), (need), sizeof *(arr)); \
	} while (0)

/* A growable byte buffer.  'data' is always NUL-terminated once anything has been
** appended (or after cdr_buf_cstr()); 'len' excludes the NUL.  Appending may move
** 'data': pointers into it are invalid after any append. */
typedef struct cdr_buf {
	char *data;
	size_t len;
	size_t cap;
} cdr_buf;

#define CDR_BUF_INIT       \
	{                  \
		NULL, 0, 0 \
	}

/* Make room for n more bytes and the NUL (the slow path of the appends below). */
void cdr_buf_reserve(cdr_buf *b, size_t n);

/* Appends are inline: output rows are built from many short pieces. */
static inline void cdr_buf_add(cdr_buf *b, const void *p, size_t n)
{
	if (n >= b->cap - b->len) /* also when nothing is allocated (cap == len == 0) */
		cdr_buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void cdr_buf_addc(cdr_buf *b, char c)
{
	if (b->cap - b->len < 2)
		cdr_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void cdr_buf_adds(cdr_buf *b, const char *s);
void cdr_buf_add_size(cdr_buf *b, size_t v); /* in decimal */

/* v in decimal, written at the end of 'digits' (not terminated); returns where it
** starts and its length in *n. */
#define CDR_SIZE_DIGITS 24
const char *cdr_size_digits(size_t v, char digits[CDR_SIZE_DIGITS], size_t *n);
void cdr_buf_printf(cdr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append the UTF-8 encoding of code point 'cp' (which must be a valid scalar value). */
void cdr_buf_add_cp(cdr_buf *b, unsigned cp);
/* Return the contents as a NUL-terminated string ("" when empty); never NULL. */
const char *cdr_buf_cstr(cdr_buf *b);
/* Hand the contents to the caller (NUL-terminated, never NULL) and reset 'b'. */
char *cdr_buf_take(cdr_buf *b);
void cdr_buf_reset(cdr_buf *b);
void cdr_buf_free(cdr_buf *b);

#endif
