/*
** utf8.c -- strict UTF-8 validation and code point counting (see utf8.h).
**
** Notes on what counts as invalid, following RFC 3629 and Unicode 15 table 3-7:
**   * a continuation byte (80..BF) where a lead byte is expected;
**   * the bytes C0, C1 and F5..FF, which never appear in UTF-8;
**   * overlong forms (E0 80..9F, F0 80..8F), encoded surrogates (ED A0..BF) and
**     code points above U+10FFFF (F4 90..BF);
**   * a sequence cut short by the end of the text or by a non-continuation byte.
** The error position is that of the first byte that makes the text invalid.
*/
#include "config.h"

#include "utf8.h"

#include <string.h>

int cdr_utf8_validate(const char *str, size_t n, cdr_utf8_error *err)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, line = 1, col = 1;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;

		if (c < 0x80) {
			i++;
			if (c == '\n' || (c == '\r' && !(i < n && s[i] == '\n'))) {
				line++;
				col = 1;
			} else {
				col++;
			}
			continue;
		}
		unsigned char lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			goto invalid;
		}
		for (size_t k = 1; k < len; k++) {
			/* A sequence cut short blames its lead byte: it announced
			** continuation bytes that are not there. */
			if (i + k >= n)
				goto invalid;
			unsigned char d = s[i + k];
			if (k == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF))
				goto invalid;
		}
		i += len;
		col++;
		continue;
	invalid:
		if (err) {
			err->offset = i;
			err->line = line;
			err->column = col;
			err->byte = c;
		}
		return 0;
	}
	return 1;
}

size_t cdr_utf8_ascii_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) { /* eight bytes at a time: any with bit 7 set? */
		uint64_t x;
		memcpy(&x, s + i, 8);
		if (x & 0x8080808080808080ull)
			break;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

size_t cdr_utf8_count(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t count = 0, i = 0;
	/* Eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear;
	** (x & ~(x << 1)) has bit 7 of a byte set for exactly those, and the multiply
	** adds up the eight flags in the top byte. */
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t cont = ((x & ~(x << 1)) & 0x8080808080808080ull) >> 7;
		count += 8 - (size_t)((cont * 0x0101010101010101ull) >> 56);
	}
	for (; i < n; i++)
		count += (s[i] & 0xC0) != 0x80;
	return count;
}

size_t cdr_utf8_offset(const char *str, size_t n, size_t cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n && cp > 0) {
		i += cdr_utf8_seqlen(s[i]);
		cp--;
	}
	return i < n ? i : n;
}
