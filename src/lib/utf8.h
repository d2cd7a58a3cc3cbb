/*
** utf8.h -- small UTF-8 primitives: strict validation with a position, decoding
** of already-validated text, and counting code points.
*/
#ifndef CDR_UTF8_H
#define CDR_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode the code point at s[0] of VALID UTF-8 text and store its length in
** bytes (1..4) in *len.  Behaviour on invalid input is undefined: validate first. */
static inline uint32_t cdr_utf8_decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*len = 2;
		return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (s[0] < 0xF0) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		       (s[2] & 0x3F);
	}
	*len = 4;
	return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
	       ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Length in bytes of the sequence whose lead byte is 'c' (1 for bytes that are
** not lead bytes, so that a scan always advances). */
static inline size_t cdr_utf8_seqlen(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Where strict validation stopped. */
typedef struct cdr_utf8_error {
	size_t offset;      /* byte offset of the first invalid byte */
	size_t line;        /* 1-based line of that byte (LF, CRLF and CR end lines) */
	size_t column;      /* 1-based column, in code points */
	unsigned char byte; /* the offending byte */
} cdr_utf8_error;

/* Check that s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates, nothing
** above U+10FFFF).  Returns 1 if it is; otherwise 0, with *err filled in. */
int cdr_utf8_validate(const char *s, size_t n, cdr_utf8_error *err);

/* Number of code points in the valid UTF-8 text s[0..n). */
size_t cdr_utf8_count(const char *s, size_t n);

/* Length of the longest prefix of s[0..n) that is ASCII: up to there, byte and
** code point offsets are the same. */
size_t cdr_utf8_ascii_prefix(const char *s, size_t n);

/* Byte offset of code point number 'cp' in the valid UTF-8 text s[0..n), or n if
** the text has fewer code points. */
size_t cdr_utf8_offset(const char *s, size_t n, size_t cp);

#endif
