/*
** test-norm.c -- normalisation and its offset map: every trap of issue 3, and a
** property test over random Unicode strings.
*/
#include "config.h"

#include "norm.h"
#include "tap.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *normalised(const char *s)
{
	return cdr_norm_string(s, strlen(s));
}

static void norm_is(const char *in, const char *want, const char *what)
{
	char *got = normalised(in);
	is_str(got, want, "%s", what);
	free(got);
}

/* Find 'needle' in the normalised form of 'orig' and check that its span maps back
** to exactly 'want' in the original. */
static void maps_to(const char *orig, const char *needle, const char *want, const char *what)
{
	cdr_norm n = CDR_NORM_INIT;
	cdr_norm_run(&n, orig, strlen(orig), 0);
	const char *hit = strstr(n.text.data, needle);
	if (!ok(hit != NULL, "%s: '%s' is in the normalised text", what, needle)) {
		printf("#   normalised: \"%s\"\n", n.text.data);
		cdr_norm_free(&n);
		return;
	}
	size_t a = (size_t)(hit - n.text.data), os, oe;
	cdr_norm_span(&n, a, a + strlen(needle), &os, &oe);
	char *got = strndup(orig + os, oe - os);
	is_str(got, want, "%s: maps back to the original span", what);
	free(got);
	cdr_norm_free(&n);
}

/* ---------------------------------------------------------- properties --- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Pieces that stress the map: expansions, drops, marks, astral characters. */
static const char *const tricky[] = {
	"a",
	"E",
	"é",
	"e\xCC\x81",
	"\xEF\xAC\x81",
	"ß",
	"😀",
	"-",
	"\n",
	"\r\n",
	" ",
	"\xC2\xAD",
	"\xC2\xA0",
	"’",
	"“",
	"İ",
	"1",
	"\xE2\x80\x8B",
	"ŉ",
	"Ǆ",
	"Ĳ",
	"–",
	"z",
	"\xCC\x88",
	"ｆ",
	"\r",
};
/* Pieces whose normal form does not depend on their neighbours. */
static const char *const plain[] = {
	"a", "E", "é", "\xEF\xAC\x81", "ß", "😀", " ", "\xC2\xA0", "’", "“", "İ", "1", "ŉ", "Ǆ",
	"Ĳ", "–", "z", "ｆ",           "Q",
};

static int is_boundary(const char *s, size_t i)
{
	return ((unsigned char)s[i] & 0xC0) != 0x80;
}

/* Check the map's invariants on 'orig'; with 'context_free', also that every span of
** whole normalised characters normalises back to itself.  Returns failures. */
static int check_map(const char *orig, int context_free)
{
	size_t len = strlen(orig);
	cdr_norm n = CDR_NORM_INIT;
	int bad = 0;

	cdr_norm_run(&n, orig, len, 0);
	size_t nl = n.text.len;
	for (size_t k = 0; k < nl; k++) {
		if (!(n.from[k] < n.to[k] && n.to[k] <= len && is_boundary(orig, n.from[k]) &&
		      (n.to[k] == len || is_boundary(orig, n.to[k]))))
			bad++;
		if (k && n.from[k] < n.from[k - 1])
			bad++;
		if (k && n.from[k] != n.from[k - 1] && n.to[k - 1] > n.from[k])
			bad++; /* groups overlap */
	}
	/* Spans of whole groups. */
	size_t starts[256], ns = 0;
	for (size_t k = 0; k < nl && ns < 255; k++)
		if (k == 0 || n.from[k] != n.from[k - 1])
			starts[ns++] = k;
	starts[ns] = nl;
	for (size_t i = 0; i < ns; i++) {
		for (size_t j = i + 1; j <= ns; j++) {
			size_t a = starts[i], b = starts[j], os, oe;
			cdr_norm_span(&n, a, b, &os, &oe);
			if (os > oe || oe > len)
				bad++;
			for (size_t k = 0; k < nl; k++)
				if (n.from[k] >= os && n.from[k] < oe && (k < a || k >= b))
					bad++; /* a byte from inside the span lies outside it */
			if (context_free) {
				char *back = cdr_norm_string(orig + os, oe - os);
				if (strlen(back) != b - a ||
				    memcmp(back, n.text.data + a, b - a) != 0)
					bad++;
				free(back);
			}
		}
	}
	if (bad)
		printf("#   map broken for \"%s\" -> \"%s\"\n", orig, n.text.data);
	cdr_norm_free(&n);
	return bad;
}

static void property(const char *const *alphabet, size_t count, int context_free, const char *what)
{
	int failures = 0;
	for (int round = 0; round < 1500 && failures < 5; round++) {
		char s[512] = "";
		int pieces = (int)(next_random() % 24);
		for (int p = 0; p < pieces; p++)
			strcat(s, alphabet[next_random() % count]);
		failures += check_map(s, context_free) != 0;
	}
	is_num(failures, 0, "%s", what);
}

int main(void)
{
	norm_is("", "", "empty text");
	norm_is("Samenwerking RIEC", "samenwerking riec", "ASCII is lowered");
	{
		/* Every ASCII byte but '-' (which may join a broken word) at every place in
		** a run, as the eight-bytes-at-a-time lowering sees it: like tolower(). */
		char in[160], want[160];
		size_t wrong = 0;
		for (unsigned shift = 0; shift < 8; shift++) {
			size_t n = 0;
			for (unsigned i = 0; i < shift; i++)
				in[n] = want[n] = 'x', n++;
			for (unsigned c = 1; c < 128; c++) {
				if (c == '-')
					continue;
				in[n] = (char)c;
				want[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			}
			char *got = cdr_norm_string(in, n);
			wrong += strlen(got) != n || memcmp(got, want, n) != 0;
			free(got);
		}
		is_num(wrong, 0, "every ASCII byte at every alignment is lowered as by tolower()");
	}
	norm_is("geïntegreerde", "geintegreerde", "trema stripped");
	norm_is("Geïntegreerde", "geintegreerde", "capital and trema");
	norm_is("één overheid", "een overheid", "acute accents stripped");
	norm_is("coördinatie", "coordinatie", "trema on o");
	norm_is("cafe\xCC\x81", "cafe", "a combining accent is stripped");
	norm_is("\xEF\xAC\x81nanciering", "financiering", "ligature fi expanded");
	norm_is("Straße", "strasse", "sharp s folds to ss");
	norm_is("Ĳsselmeer", "ijsselmeer", "IJ ligature");
	norm_is("ＲＩＥＣ", "riec", "fullwidth letters");
	norm_is("‘slimmer’ rechercheren", "'slimmer' rechercheren", "curly single quotes");
	norm_is("“a” „b” «c»", "\"a\" \"b\" \"c\"", "double quotes and guillemets");
	norm_is("2019–2021 — x−y", "2019-2021 - x-y", "en dash, em dash, minus");
	norm_is("a\xC2\xA0"
		"b\xE2\x80\xAF"
		"c",
		"a b c", "no-break spaces");
	norm_is("samen\xC2\xAD"
		"werking",
		"samenwerking", "soft hyphen dropped");
	norm_is("samen\xE2\x80\x8Bwerking", "samenwerking", "zero-width space dropped");
	norm_is("weten-\nschappelijke", "wetenschappelijke", "line-break hyphenation joined (LF)");
	norm_is("samen-\r\nwerking", "samenwerking", "... (CRLF)");
	norm_is("samen-\rwerking", "samenwerking", "... (CR)");
	norm_is("samen- \n   werking", "samenwerking", "... with blanks around the line end");
	norm_is("samen\xC2\xAD\nwerking", "samenwerking", "... soft hyphen at the line end");
	norm_is("samen\xE2\x80\x90\nwerking", "samenwerking", "... U+2010 hyphen at the line end");
	norm_is("informatie-\nuitwisseling", "informatie-uitwisseling",
		"hyphen between vowels kept when joining");
	norm_is("Noord-\nHolland", "noord-\nholland", "not joined before a capital");
	norm_is("2019-\n2021", "2019-\n2021", "not joined after a digit");
	norm_is("samen-\n\nwerking", "samen-\n\nwerking", "not joined across a blank line");
	norm_is("publiek-private", "publiek-private", "a hyphenated compound stays one word");
	norm_is("😀 Samenwerking", "😀 samenwerking", "emoji pass through");

	maps_to("De samen\xC2\xAD"
		"werking",
		"samenwerking",
		"samen\xC2\xAD"
		"werking",
		"soft hyphen inside the span");
	maps_to("samen-\nwerking loopt", "samenwerking", "samen-\nwerking", "hyphenation inside");
	maps_to("samen-\r\nwerking", "samenwerking", "samen-\r\nwerking", "hyphenation with CRLF");
	maps_to("informatie-\nuitwisseling", "informatie-uitwisseling", "informatie-\nuitwisseling",
		"kept hyphen maps to its own character");
	maps_to("😀😀 samenwerking", "samenwerking", "samenwerking", "after astral characters");
	maps_to("een café\xCC\x81!", "cafe", "café\xCC\x81", "a stripped mark joins its letter");
	maps_to("\xEF\xAC\x81nanciering", "financiering", "\xEF\xAC\x81nanciering",
		"a span over an expanded ligature");
	maps_to("x \xEF\xAC\x81 y", "i", "\xEF\xAC\x81", "half a ligature maps to all of it");
	maps_to("Straße", "ss", "ß", "expanded sharp s");
	maps_to("Geïntegreerde aanpak", "geintegreerde", "Geïntegreerde", "stripped trema");
	maps_to("‘slimmer’", "'slimmer'", "‘slimmer’", "curly quotes");

	/* The normalised text of a paragraph maps into its document. */
	cdr_norm n = CDR_NORM_INIT;
	const char *doc = "Kop\n\nTweede alinea";
	cdr_norm_run(&n, doc + 5, 13, 5);
	size_t os, oe;
	cdr_norm_span(&n, 7, 13, &os, &oe);
	ok(os == 12 && oe == 18, "offsets carry the paragraph's base (%zu, %zu)", os, oe);
	cdr_norm_span(&n, 13, 13, &os, &oe);
	ok(os == 18 && oe == 18, "an empty span at the end maps to the end");
	cdr_norm_free(&n);

	{
		/* Folding leaves no ASCII capital, Kelvin sign or long s, alone or after a
		** capital: the prefilter spells caseless letters in lower case only on
		** the normalised text (widen.c). */
		size_t bad = 0;
		for (uint32_t cp = 1; cp < 0x110000; cp++) {
			if (cp >= 0xD800 && cp < 0xE000)
				continue;
			unsigned char b[8];
			size_t len = 1;
			b[0] = 'Q';
			if (cp < 0x80) {
				b[len++] = (unsigned char)cp;
			} else if (cp < 0x800) {
				b[len++] = (unsigned char)(0xC0 | cp >> 6);
				b[len++] = (unsigned char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				b[len++] = (unsigned char)(0xE0 | cp >> 12);
				b[len++] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
				b[len++] = (unsigned char)(0x80 | (cp & 0x3F));
			} else {
				b[len++] = (unsigned char)(0xF0 | cp >> 18);
				b[len++] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
				b[len++] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
				b[len++] = (unsigned char)(0x80 | (cp & 0x3F));
			}
			char *f = cdr_norm_string((const char *)b, len);
			int capital = 0;
			for (const char *p = f; *p; p++)
				capital |= *p >= 'A' && *p <= 'Z';
			if (capital || strstr(f, "\xE2\x84\xAA") || strstr(f, "\xC5\xBF")) {
				if (bad++ < 5)
					printf("#   U+%04X folds to \"%s\"\n", (unsigned)cp, f);
			}
			free(f);
		}
		is_num(bad, 0,
		       "no code point folds to an ASCII capital, a Kelvin sign or a long s");
	}

	property(tricky, sizeof tricky / sizeof *tricky, 0,
		 "random strings: map monotone, inside the original, spans own their bytes");
	property(plain, sizeof plain / sizeof *plain, 1,
		 "random context-free strings: every span normalises back to itself");
	return tap_done();
}
