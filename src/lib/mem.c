/*
** mem.c -- allocation helpers and the growable byte buffer (see mem.h).
*/
#include "config.h"

#include "mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void (*cdr_out_of_memory_hook)(void);

_Noreturn void cdr_out_of_memory(size_t n)
{
	fprintf(stderr, "codeer: out of memory allocating %zu bytes\n", n);
	if (cdr_out_of_memory_hook)
		cdr_out_of_memory_hook();
	abort();
}

void *cdr_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		cdr_out_of_memory(n);
	return p;
}

void *cdr_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		cdr_out_of_memory(count * size);
	return p;
}

void *cdr_xreallocarray(void *p, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		cdr_out_of_memory(SIZE_MAX);
	size_t n = count * size;
	void *q = realloc(p, n ? n : 1);
	if (!q)
		cdr_out_of_memory(n);
	return q;
}

char *cdr_xstrdup(const char *s)
{
	return cdr_xstrndup(s, strlen(s));
}

char *cdr_xstrndup(const char *s, size_t n)
{
	char *p = cdr_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void cdr_grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			cdr_out_of_memory(SIZE_MAX);
		n *= 2;
	}
	*items = cdr_xreallocarray(*items, n, size);
	*cap = n;
}

void cdr_buf_reserve(cdr_buf *b, size_t n)
{
	if (n > SIZE_MAX - b->len - 1)
		cdr_out_of_memory(SIZE_MAX);
	if (b->len + n + 1 > b->cap)
		cdr_grow((void **)&b->data, &b->cap, b->len + n + 1, 1);
}

const char *cdr_size_digits(size_t v, char digits[CDR_SIZE_DIGITS], size_t *n)
{
	size_t i = CDR_SIZE_DIGITS;
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	*n = CDR_SIZE_DIGITS - i;
	return digits + i;
}

/* Written straight into the buffer, two digits at a time from the last: every row
** of a table holds two of these, and going through cdr_size_digits() and a copy
** cost three times as many instructions. */
void cdr_buf_add_size(cdr_buf *b, size_t v)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324"
				    "25262728293031323334353637383940414243444546474849"
				    "50515253545556575859606162636465666768697071727374"
				    "75767778798081828384858687888990919293949596979899";
	size_t n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : 5;
	for (size_t x = v / 100000; x; x /= 10)
		n++;
	if (n >= b->cap - b->len)
		cdr_buf_reserve(b, n);
	char *end = b->data + b->len + n;
	*end = '\0';
	while (v >= 100) {
		end -= 2;
		memcpy(end, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		end -= 2;
		memcpy(end, pairs + 2 * v, 2);
	} else {
		*--end = (char)('0' + v);
	}
	b->len += n;
}

void cdr_buf_adds(cdr_buf *b, const char *s)
{
	cdr_buf_add(b, s, strlen(s));
}

void cdr_buf_printf(cdr_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		cdr_buf_add(b, small, (size_t)n);
		return;
	}
	cdr_grow((void **)&b->data, &b->cap, b->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void cdr_buf_add_cp(cdr_buf *b, unsigned cp)
{
	char s[4];
	size_t n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	cdr_buf_add(b, s, n);
}

const char *cdr_buf_cstr(cdr_buf *b)
{
	return b->data ? b->data : "";
}

char *cdr_buf_take(cdr_buf *b)
{
	char *p = b->data ? b->data : cdr_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void cdr_buf_reset(cdr_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void cdr_buf_free(cdr_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
