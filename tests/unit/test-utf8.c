/*
** test-utf8.c -- strict UTF-8 validation with positions, and counting.
*/
#include "config.h"

#include "tap.h"
#include "utf8.h"

#include <string.h>

static void invalid(const char *s, size_t n, size_t off, size_t line, size_t col, const char *what)
{
	cdr_utf8_error e = { 0 };
	int valid = cdr_utf8_validate(s, n, &e);
	ok(!valid, "%s is invalid", what);
	is_num(e.offset, off, "%s: error at byte %zu", what, off);
	is_num(e.line, line, "%s: line %zu", what, line);
	is_num(e.column, col, "%s: column %zu", what, col);
}

int main(void)
{
	ok(cdr_utf8_validate("", 0, NULL), "empty text is valid");
	ok(cdr_utf8_validate("geïntegreerde één 😀 €", strlen("geïntegreerde één 😀 €"), NULL),
	   "Dutch accents, emoji, euro");
	ok(cdr_utf8_validate("\xF4\x8F\xBF\xBF", 4, NULL), "U+10FFFF is valid");
	ok(cdr_utf8_validate("\xEF\xBB\xBF", 3, NULL), "U+FEFF is valid");

	invalid("ab\x80", 3, 2, 1, 3, "a lone continuation byte");
	invalid("caf\xE9 au lait", 12, 3, 1, 4, "a Latin-1 e-acute");
	invalid("r1\nr2\r\nr\xC3", 9, 8, 3, 2, "a sequence cut off by the end (after LF, CRLF)");
	invalid("x\ry\xC0\x80", 5, 3, 2, 2, "overlong NUL after a lone CR");
	invalid("\xE0\x80\xAF", 3, 0, 1, 1, "overlong three-byte form");
	invalid("\xED\xA0\x80", 3, 0, 1, 1, "an encoded surrogate");
	invalid("\xF4\x90\x80\x80", 4, 0, 1, 1, "above U+10FFFF");
	invalid("\xF5\x80\x80\x80", 4, 0, 1, 1, "lead byte F5");
	invalid("é\xE2\x82", 4, 2, 1, 2, "a truncated euro sign");
	invalid("\xE2\x82(", 3, 0, 1, 1, "a euro sign cut by an ASCII byte");

	is_num(cdr_utf8_count("a😀é", 7), 3, "code points of a, emoji, e-acute");
	is_num(cdr_utf8_offset("a😀é", 7, 2), 5, "byte offset of the third code point");
	is_num(cdr_utf8_offset("a😀é", 7, 9), 7, "offset past the end is the length");
	/* Every prefix of a mixed text, against counting byte by byte (the count goes
	** eight bytes at a time, so lengths around multiples of eight matter). */
	const char *mixed = "Crée\xc3\xabren \xf0\x9f\x98\x80 - \xe2\x82\xac 3,5 fte na\xc3\xafef!";
	size_t bad = 0, len = strlen(mixed);
	for (size_t n = 0; n <= len; n++) {
		size_t want = 0;
		for (size_t i = 0; i < n; i++)
			want += ((unsigned char)mixed[i] & 0xC0) != 0x80;
		bad += cdr_utf8_count(mixed, n) != want;
	}
	is_num(bad, 0, "code points of every prefix of a mixed text");
	/* The ASCII prefix of every piece of it, against looking byte by byte. */
	bad = 0;
	for (size_t from = 0; from <= len; from++)
		for (size_t n = 0; from + n <= len; n++) {
			size_t want = 0;
			while (want < n && (unsigned char)mixed[from + want] < 0x80)
				want++;
			bad += cdr_utf8_ascii_prefix(mixed + from, n) != want;
		}
	is_num(bad, 0, "the ASCII prefix of every piece of a mixed text");
	is_num(cdr_utf8_ascii_prefix("plain text, twenty-six b", 24), 24, "all ASCII");
	return tap_done();
}
