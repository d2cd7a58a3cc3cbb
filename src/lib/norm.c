/*
** norm.c -- normalisation with an offset map (see norm.h).
**
** Each original character is handled on its own, so the map is exact:
**   * ASCII takes a fast path (A-Z lowered, everything else copied);
**   * other characters go through utf8proc_decompose_char() with compatibility
**     decomposition, case folding, mark stripping and ignorable stripping, and
**     quotes, dashes and spaces are unified (UTF8PROC_LUMP plus the double and low
**     quotes it leaves alone);
**   * a hyphen ('-', U+2010 or the soft hyphen U+00AD) after a letter, followed by
**     optional blanks, a line end, optional blanks and a lower-case letter, is a
**     word broken across lines: hyphen, blanks and line end are dropped.  Dutch
**     writes compounds whose parts would otherwise run two vowels together with a
**     hyphen (informatie-uitwisseling), so between two vowels a '-' is kept.
*/
#include "config.h"

#include "norm.h"
#include "invariant.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define FOLD_OPTIONS                                                                     \
	(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | \
	 UTF8PROC_IGNORE | UTF8PROC_LUMP)

typedef struct emitter {
	cdr_norm *n;
	size_t base;
	size_t last_start; /* first normalised byte of the last character emitted */
	uint32_t last_cp;  /* last code point emitted, 0 if none */
} emitter;

/* Lower the ASCII letters of s[0..n), which is all ASCII: eight bytes at a time,
** where a byte's high bit is free to say whether it lies in 'A'..'Z'. */
static void lower_ascii(unsigned char *s, size_t n)
{
	size_t k = 0;
	for (; k + 8 <= n; k += 8) {
		uint64_t x, ge_a, gt_z;
		memcpy(&x, s + k, 8);
		ge_a = x + 0x3f3f3f3f3f3f3f3full; /* high bit: byte >= 'A' (0x80 - 0x41) */
		gt_z = x + 0x2525252525252525ull; /* high bit: byte > 'Z' (0x80 - 0x5b) */
		x |= (ge_a & ~gt_z & 0x8080808080808080ull) >> 2; /* 0x20 on upper case */
		memcpy(s + k, &x, 8);
	}
	for (; k < n; k++)
		s[k] = (unsigned char)(s[k] + (((unsigned)(s[k] - 'A') < 26u) << 5));
}

/* Two map entries in one 64-bit word: 'a' at the lower address. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define MAP_PAIR(a, b) ((uint64_t)(a) << 32 | (uint64_t)(b))
#else
#define MAP_PAIR(a, b) ((uint64_t)(a) | (uint64_t)(b) << 32)
#endif

/* The map of n bytes copied one for one from the original at 'first': two
** entries per 64-bit store (first + k stays below 2^32, so no carry crosses from
** one half into the other).  With lower_ascii(), this took normalising the 100 MB
** benchmark text line by line from 0.15-0.17 s to 0.10-0.11 s. */
static void map_identity(uint32_t *from, uint32_t *to, uint32_t first, size_t n)
{
	uint64_t f = MAP_PAIR(first, first + 1);
	uint64_t t = MAP_PAIR(first + 1, first + 2);
	const uint64_t step = 2 | 2ull << 32;
	size_t k = 0;
	for (; k + 2 <= n; k += 2, f += step, t += step) {
		memcpy(from + k, &f, 8);
		memcpy(to + k, &t, 8);
	}
	if (k < n) {
		from[k] = first + (uint32_t)k;
		to[k] = first + 1 + (uint32_t)k;
	}
}

static void emit_cp(emitter *e, uint32_t cp, size_t from, size_t to)
{
	cdr_norm *n = e->n;
	size_t before = n->text.len;

	cdr_buf_add_cp(&n->text, cp);
	if (n->text.len > n->cap) {
		CDR_GROW(n->from, n->cap, n->text.len);
		n->to = cdr_xreallocarray(n->to, n->cap, sizeof *n->to);
	}
	for (size_t k = before; k < n->text.len; k++) {
		n->from[k] = (uint32_t)(e->base + from);
		n->to[k] = (uint32_t)(e->base + to);
	}
	e->last_cp = cp;
}

/* Quotes that UTF8PROC_LUMP leaves alone. */
static uint32_t unify_quote(uint32_t cp)
{
	switch (cp) {
	case 0x201A: /* single low-9 quotation mark */
	case 0x201B: /* single high-reversed-9 quotation mark */
		return '\'';
	case 0x00AB: /* guillemets */
	case 0x00BB:
	case 0x201C: /* double quotation marks */
	case 0x201D:
	case 0x201E:
	case 0x201F:
	case 0x2033: /* double prime */
	case 0xFF02: /* fullwidth quotation mark */
		return '"';
	}
	return cp;
}

static int is_vowel(uint32_t cp)
{
	return cp == 'a' || cp == 'e' || cp == 'i' || cp == 'o' || cp == 'u' || cp == 'y';
}

/* The first code point of the folded form of 'cp' (0 if it folds to nothing). */
static uint32_t fold_first(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	utf8proc_int32_t out[32];
	int last_boundclass = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(
		(utf8proc_int32_t)cp, out, 32, (utf8proc_option_t)FOLD_OPTIONS, &last_boundclass);
	return k > 0 ? (uint32_t)out[0] : 0;
}

static int is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 32) >= 'a' && (cp | 32) <= 'z';
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

static int is_line_hyphen(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x00AD;
}

/* If the hyphen at s[i..i+hlen) ends a line in the middle of a word, return the
** offset of the first character of the next line's part; otherwise 0. */
static size_t line_break_continuation(const unsigned char *s, size_t len, size_t i, size_t hlen,
				      uint32_t *next)
{
	size_t k = i + hlen;
	while (k < len && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (k >= len || (s[k] != '\n' && s[k] != '\r'))
		return 0;
	if (s[k] == '\r' && k + 1 < len && s[k + 1] == '\n')
		k++;
	k++;
	while (k < len && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (k >= len)
		return 0;
	size_t l;
	uint32_t cp = cdr_utf8_decode(s + k, &l);
	if (!is_lower(cp))
		return 0;
	*next = cp;
	return k;
}

void cdr_norm_run(cdr_norm *n, const char *orig, size_t len, size_t base)
{
	const unsigned char *s = (const unsigned char *)orig;
	emitter e = { n, base, 0, 0 };
	size_t i = 0;

	cdr_buf_reset(&n->text);
	cdr_buf_add(&n->text, "", 0); /* so that text.data is never NULL */
	n->orig_end = base + len;
	while (i < len) {
		/* The fast path: a run of ASCII other than '-' (which may end a line in the
		** middle of a word) is lowered and mapped byte for byte in one go. */
		if (s[i] < 0x80 && s[i] != '-') {
			size_t j = i;
			/* Eight bytes at a time while none is non-ASCII or a hyphen (the
			** zero-byte test of x ^ "--------"). */
			while (j + 8 <= len) {
				uint64_t x, h;
				memcpy(&x, s + j, 8);
				h = x ^ 0x2d2d2d2d2d2d2d2dull;
				if ((x | ((h - 0x0101010101010101ull) & ~h)) &
				    0x8080808080808080ull)
					break;
				j += 8;
			}
			while (j < len && s[j] < 0x80 && s[j] != '-')
				j++;
			size_t at = n->text.len, run = j - i;
			cdr_buf_add(&n->text, orig + i, run);
			if (n->text.len > n->cap) {
				CDR_GROW(n->from, n->cap, n->text.len);
				n->to = cdr_xreallocarray(n->to, n->cap, sizeof *n->to);
			}
			unsigned char *out = (unsigned char *)n->text.data + at;
			lower_ascii(out, run);
			map_identity(n->from + at, n->to + at, (uint32_t)(base + i), run);
			e.last_start = n->text.len - 1;
			e.last_cp = (unsigned char)out[run - 1];
			i = j;
			continue;
		}
		size_t l;
		uint32_t cp = s[i] < 0x80 ? (l = 1, s[i]) : cdr_utf8_decode(s + i, &l);

		if (is_line_hyphen(cp) && is_letter(e.last_cp)) {
			uint32_t next = 0;
			size_t k = line_break_continuation(s, len, i, l, &next);
			if (k) {
				if (cp != 0x00AD && is_vowel(e.last_cp) &&
				    is_vowel(fold_first(next))) {
					e.last_start = n->text.len;
					emit_cp(&e, '-', i, i + l);
				}
				i = k;
				continue;
			}
		}
		if (cp < 0x80) {
			e.last_start = n->text.len;
			emit_cp(&e, cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, i, i + l);
			i += l;
			continue;
		}

		utf8proc_int32_t out[32];
		int last_boundclass = 0;
		utf8proc_ssize_t k = 0;
		uint32_t q = unify_quote(cp);
		if (q != cp) {
			out[0] = (utf8proc_int32_t)q;
			k = 1;
		} else {
			k = utf8proc_decompose_char((utf8proc_int32_t)cp, out, 32,
						    (utf8proc_option_t)FOLD_OPTIONS,
						    &last_boundclass);
			if (k < 0 || k > 32) { /* cannot happen for valid input */
				out[0] = (utf8proc_int32_t)cp;
				k = 1;
			}
		}
		if (k == 0) {
			/* Dropped.  A stripped mark joins the character before it. */
			utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
			if ((c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
			     c == UTF8PROC_CATEGORY_ME) &&
			    n->text.len > e.last_start) {
				for (size_t b = e.last_start; b < n->text.len; b++)
					n->to[b] = (uint32_t)(base + i + l);
			}
			i += l;
			continue;
		}
		e.last_start = n->text.len;
		for (utf8proc_ssize_t j = 0; j < k; j++)
			emit_cp(&e, unify_quote((uint32_t)out[j]), i, i + l);
		i += l;
	}
	CDR_ASSERT(cdr_norm_valid(n, base));
}

int cdr_norm_valid(const cdr_norm *n, size_t base)
{
	for (size_t k = 0; k < n->text.len; k++) {
		if (n->from[k] < base || n->from[k] >= n->to[k] || n->to[k] > n->orig_end)
			return 0;
		if (k > 0 && n->from[k] < n->from[k - 1])
			return 0;
	}
	return 1;
}

void cdr_norm_span(const cdr_norm *n, size_t nstart, size_t nend, size_t *ostart, size_t *oend)
{
	if (nstart >= n->text.len) {
		/* At the very end: the end of the input. */
		size_t at = n->orig_end;
		*ostart = *oend = at;
		return;
	}
	*ostart = n->from[nstart];
	*oend = nend > nstart ? n->to[nend - 1] : n->from[nstart];
}

char *cdr_norm_string(const char *s, size_t len)
{
	cdr_norm n = CDR_NORM_INIT;
	cdr_norm_run(&n, s, len, 0);
	char *out = cdr_buf_take(&n.text);
	cdr_norm_free(&n);
	return out;
}

void cdr_norm_free(cdr_norm *n)
{
	cdr_buf_free(&n->text);
	free(n->from);
	free(n->to);
	n->from = n->to = NULL;
	n->cap = 0;
}
