/*
** keyness.c -- word and phrase counts in two kinds of text, and log-likelihood
** keyness (see keyness.h).
**
** Two open-addressing hash tables: words (FNV-1a of the lower-cased bytes; each
** entry points into a string pool) and phrases (pairs of word numbers).  Both grow
** by doubling up to their caps, at most half full.
*/
#include "config.h"

#include "keyness.h"
#include "mem.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct word {
	uint64_t hash;
	uint32_t off; /* of its NUL-terminated text in 'pool' */
	uint16_t len;
	uint8_t stop;
	uint8_t has_letter;
	uint32_t n[2]; /* [0] reference, [1] target */
} word;

typedef struct phrase {
	uint32_t a, b; /* word numbers, 1-based; a == 0: an empty slot */
	uint32_t n[2];
} phrase;

struct cdr_keyness {
	word *words; /* 'nwords' of them, numbered from 1 */
	size_t nwords, words_cap;
	uint32_t *slots; /* word number, 0 empty; 'mask' + 1 of them */
	size_t mask;
	cdr_buf pool;
	phrase *phrases; /* the table itself; 'pmask' + 1 slots */
	size_t pmask, nphrases;
	uint64_t tokens[2], left_out, phrases_left_out;
	cdr_buf listed; /* the terms of the last cdr_keyness_top() */
};

/* A short Dutch stop list, sorted (strcmp), for bsearch. */
static const char *const stop_words[] = {
	"aan",    "al",   "alle",   "als",    "ben",    "bij",    "dan",   "dat",    "de",   "deze",
	"die",    "dit",  "door",   "dus",    "een",    "en",     "er",    "ga",     "gaat", "had",
	"hadden", "heb",  "hebben", "heeft",  "het",    "hier",   "hij",   "hoe",    "hun",  "ik",
	"in",     "is",   "je",     "kan",    "kunnen", "maar",   "me",    "meer",   "men",  "met",
	"mij",    "mijn", "moet",   "moeten", "na",     "naar",   "nog",   "nu",     "of",   "om",
	"onder",  "ons",  "onze",   "ook",    "op",     "over",   "te",    "tegen",  "ten",  "ter",
	"toch",   "tot",  "u",      "uit",    "van",    "veel",   "via",   "voor",   "was",  "wat",
	"we",     "wel",  "werd",   "waren",  "wie",    "wij",    "wordt", "worden", "zal",  "ze",
	"zich",   "zij",  "zijn",   "zo",     "zou",    "zouden",
};

static int cmp_stop(const void *key, const void *elt)
{
	return strcmp(key, *(const char *const *)elt);
}

int cdr_keyness_is_stop(const char *w, size_t n)
{
	char buf[16];
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, w, n);
	buf[n] = '\0';
	return bsearch(buf, stop_words, sizeof stop_words / sizeof *stop_words, sizeof *stop_words,
		       cmp_stop) != NULL;
}

cdr_keyness *cdr_keyness_new(void)
{
	cdr_keyness *k = cdr_xcalloc(1, sizeof *k);
	k->mask = 4095;
	k->slots = cdr_xcalloc(k->mask + 1, sizeof *k->slots);
	k->pmask = 4095;
	k->phrases = cdr_xcalloc(k->pmask + 1, sizeof *k->phrases);
	return k;
}

void cdr_keyness_free(cdr_keyness *k)
{
	if (!k)
		return;
	free(k->words);
	free(k->slots);
	free(k->phrases);
	cdr_buf_free(&k->pool);
	cdr_buf_free(&k->listed);
	free(k);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static void bump(uint32_t *n)
{
	if (*n != UINT32_MAX)
		(*n)++;
}

static void words_rehash(cdr_keyness *k)
{
	size_t mask = k->mask * 2 + 1;
	uint32_t *slots = cdr_xcalloc(mask + 1, sizeof *slots);
	for (size_t i = 0; i < k->nwords; i++) {
		size_t s = k->words[i].hash & mask;
		while (slots[s])
			s = (s + 1) & mask;
		slots[s] = (uint32_t)(i + 1);
	}
	free(k->slots);
	k->slots = slots;
	k->mask = mask;
}

/* The number of word w[0..n) (hash 'h'), adding it if there is room; 0 if the
** table is full and the word is new. */
static uint32_t word_number(cdr_keyness *k, const char *w, size_t n, uint64_t h, int has_letter)
{
	size_t s = h & k->mask;
	for (;;) {
		uint32_t at = k->slots[s];
		if (!at)
			break;
		const word *x = &k->words[at - 1];
		if (x->hash == h && x->len == n && memcmp(k->pool.data + x->off, w, n) == 0)
			return at;
		s = (s + 1) & k->mask;
	}
	if (k->nwords >= CDR_KEYNESS_MAX_WORDS)
		return 0;
	CDR_GROW(k->words, k->words_cap, k->nwords + 1);
	word *x = &k->words[k->nwords++];
	memset(x, 0, sizeof *x);
	x->hash = h;
	x->off = (uint32_t)k->pool.len;
	x->len = (uint16_t)n;
	x->stop = (uint8_t)cdr_keyness_is_stop(w, n);
	x->has_letter = (uint8_t)has_letter;
	cdr_buf_add(&k->pool, w, n);
	cdr_buf_addc(&k->pool, '\0');
	k->slots[s] = (uint32_t)k->nwords;
	if (k->nwords * 2 > k->mask + 1)
		words_rehash(k);
	return (uint32_t)k->nwords;
}

static void phrases_rehash(cdr_keyness *k)
{
	size_t mask = k->pmask * 2 + 1;
	phrase *t = cdr_xcalloc(mask + 1, sizeof *t);
	for (size_t i = 0; i <= k->pmask; i++) {
		const phrase *p = &k->phrases[i];
		if (!p->a)
			continue;
		size_t s = mix((uint64_t)p->a << 32 | p->b) & mask;
		while (t[s].a)
			s = (s + 1) & mask;
		t[s] = *p;
	}
	free(k->phrases);
	k->phrases = t;
	k->pmask = mask;
}

static void count_phrase(cdr_keyness *k, uint32_t a, uint32_t b, int target)
{
	size_t s = mix((uint64_t)a << 32 | b) & k->pmask;
	for (;;) {
		phrase *p = &k->phrases[s];
		if (!p->a)
			break;
		if (p->a == a && p->b == b) {
			bump(&p->n[target]);
			return;
		}
		s = (s + 1) & k->pmask;
	}
	if (k->nphrases >= CDR_KEYNESS_MAX_PHRASES) {
		k->phrases_left_out++;
		return;
	}
	k->phrases[s] = (phrase){ a, b, { 0, 0 } };
	k->phrases[s].n[target] = 1;
	k->nphrases++;
	if (k->nphrases * 2 > k->pmask + 1)
		phrases_rehash(k);
}

/* Character classes of ASCII bytes: 1 a word character, 2 white space, 3 a joiner
** inside a word (hyphen, apostrophe), 0 anything else. */
static const unsigned char ascii_class[128] = {
	['\t'] = 2, ['\n'] = 2, ['\v'] = 2, ['\f'] = 2, ['\r'] = 2, [' '] = 2, ['-'] = 3,
	['\''] = 3, ['0'] = 1,  ['1'] = 1,  ['2'] = 1,  ['3'] = 1,  ['4'] = 1, ['5'] = 1,
	['6'] = 1,  ['7'] = 1,  ['8'] = 1,  ['9'] = 1,  ['A'] = 1,  ['B'] = 1, ['C'] = 1,
	['D'] = 1,  ['E'] = 1,  ['F'] = 1,  ['G'] = 1,  ['H'] = 1,  ['I'] = 1, ['J'] = 1,
	['K'] = 1,  ['L'] = 1,  ['M'] = 1,  ['N'] = 1,  ['O'] = 1,  ['P'] = 1, ['Q'] = 1,
	['R'] = 1,  ['S'] = 1,  ['T'] = 1,  ['U'] = 1,  ['V'] = 1,  ['W'] = 1, ['X'] = 1,
	['Y'] = 1,  ['Z'] = 1,  ['a'] = 1,  ['b'] = 1,  ['c'] = 1,  ['d'] = 1, ['e'] = 1,
	['f'] = 1,  ['g'] = 1,  ['h'] = 1,  ['i'] = 1,  ['j'] = 1,  ['k'] = 1, ['l'] = 1,
	['m'] = 1,  ['n'] = 1,  ['o'] = 1,  ['p'] = 1,  ['q'] = 1,  ['r'] = 1, ['s'] = 1,
	['t'] = 1,  ['u'] = 1,  ['v'] = 1,  ['w'] = 1,  ['x'] = 1,  ['y'] = 1, ['z'] = 1,
};

/* The class of the character at s[0..n) (n >= 1), its code point and length. */
static int char_class(const unsigned char *s, size_t n, uint32_t *cp, size_t *len)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		*len = 1;
		return ascii_class[s[0]];
	}
	(void)n;
	*cp = cdr_utf8_decode(s, len);
	if (*cp == 0x2019)
		return 3;
	switch (utf8proc_category((utf8proc_int32_t)*cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return 2;
	default:
		return *cp == 0x85 ? 2 : 0;
	}
}

static size_t put_cp(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

void cdr_keyness_add(cdr_keyness *k, const char *t, size_t len, int target)
{
	const unsigned char *s = (const unsigned char *)t;
	target = target != 0;
	uint32_t prev = 0; /* the word before, if only white space came between */
	char w[CDR_KEYNESS_MAX_WORD + 8];
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t l;
		int cls = char_class(s + i, len - i, &cp, &l);
		if (cls == 2) {
			i += l;
			continue;
		}
		if (cls != 1) {
			prev = 0;
			i += l;
			continue;
		}
		/* A word: word characters, joined by single hyphens or apostrophes. */
		size_t n = 0;
		int too_long = 0, has_letter = 0;
		uint64_t h = 0xcbf29ce484222325ULL;
		for (;;) {
			if (cls == 1) {
				if (cp < 0x80) {
					has_letter |= cp > '9';
					cp = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
				} else {
					has_letter |= 1;
					cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
				}
			} else {
				cp = '\''; /* U+2019 as an apostrophe */
				if (s[i] == '-')
					cp = '-';
			}
			if (n + 4 <= CDR_KEYNESS_MAX_WORD) {
				size_t m = put_cp(w + n, cp);
				for (size_t j = 0; j < m; j++)
					h = (h ^ (unsigned char)w[n + j]) * 0x100000001b3ULL;
				n += m;
			} else {
				too_long = 1;
			}
			i += l;
			if (i >= len)
				break;
			uint32_t cp2;
			size_t l2;
			int c2 = char_class(s + i, len - i, &cp2, &l2);
			if (c2 == 3) { /* a joiner only between word characters */
				uint32_t cp3;
				size_t l3;
				if (i + l2 >= len ||
				    char_class(s + i + l2, len - i - l2, &cp3, &l3) != 1)
					break;
			} else if (c2 != 1) {
				break;
			}
			cls = c2;
			cp = cp2;
			l = l2;
		}
		if (too_long) {
			prev = 0;
			continue;
		}
		k->tokens[target]++;
		uint32_t num = word_number(k, w, n, h, has_letter);
		if (!num) {
			k->left_out++;
			prev = 0;
			continue;
		}
		word *x = &k->words[num - 1];
		bump(&x->n[target]);
		if (x->stop) {
			prev = 0; /* a phrase is two content words */
			continue;
		}
		if (prev)
			count_phrase(k, prev, num, target);
		prev = num;
	}
}

double cdr_keyness_g2(double a, double na, double b, double nb)
{
	if (na + nb <= 0 || a + b <= 0)
		return 0;
	double e1 = na * (a + b) / (na + nb), e2 = nb * (a + b) / (na + nb);
	double g = 0;
	if (a > 0 && e1 > 0)
		g += a * log(a / e1);
	if (b > 0 && e2 > 0)
		g += b * log(b / e2);
	return 2 * g;
}

typedef struct candidate {
	size_t off;       /* of the term in k->listed */
	const char *term; /* set once 'listed' stops growing */
	uint64_t a, b;
	double g2;
} candidate;

static int cmp_candidate(const void *x, const void *y)
{
	const candidate *p = x, *q = y;
	if (p->g2 != q->g2)
		return p->g2 > q->g2 ? -1 : 1;
	if (p->a != q->a)
		return p->a > q->a ? -1 : 1;
	return strcmp(p->term, q->term);
}

static int listable(const word *x)
{
	return x->has_letter && !x->stop && x->len > 1;
}

size_t cdr_keyness_top(cdr_keyness *k, int phrases, size_t max, uint64_t min_target,
		       cdr_key_term *out)
{
	double na = (double)k->tokens[1], nb = (double)k->tokens[0];
	candidate *c = NULL;
	size_t nc = 0, cap = 0;
	cdr_buf_reset(&k->listed);
	size_t n = phrases ? k->pmask + 1 : k->nwords;
	for (size_t i = 0; i < n; i++) {
		uint64_t a, b;
		const word *x = NULL, *y = NULL;
		if (phrases) {
			const phrase *p = &k->phrases[i];
			if (!p->a)
				continue;
			x = &k->words[p->a - 1];
			y = &k->words[p->b - 1];
			if (!x->has_letter || !y->has_letter)
				continue;
			a = p->n[1];
			b = p->n[0];
		} else {
			x = &k->words[i];
			if (!listable(x))
				continue;
			a = x->n[1];
			b = x->n[0];
		}
		if (a < min_target || a == 0)
			continue;
		if (nb > 0 && (double)a / na <= (double)b / nb)
			continue;
		double g = nb > 0 ? cdr_keyness_g2((double)a, na, (double)b, nb) : 0;
		if (nb > 0 && g < 3.84)
			continue;
		CDR_GROW(c, cap, nc + 1);
		c[nc].off = k->listed.len;
		cdr_buf_adds(&k->listed, k->pool.data + x->off);
		if (y) {
			cdr_buf_addc(&k->listed, ' ');
			cdr_buf_adds(&k->listed, k->pool.data + y->off);
		}
		cdr_buf_addc(&k->listed, '\0');
		c[nc].a = a;
		c[nc].b = b;
		c[nc].g2 = g;
		nc++;
	}
	for (size_t i = 0; i < nc; i++)
		c[i].term = k->listed.data + c[i].off;
	if (nc > 1)
		qsort(c, nc, sizeof *c, cmp_candidate);
	size_t m = nc < max ? nc : max;
	for (size_t i = 0; i < m; i++)
		out[i] = (cdr_key_term){ c[i].term, c[i].a, c[i].b, c[i].g2 };
	free(c);
	return m;
}

void cdr_keyness_get_totals(const cdr_keyness *k, cdr_keyness_totals *out)
{
	out->tokens[0] = k->tokens[0];
	out->tokens[1] = k->tokens[1];
	out->words = k->nwords;
	out->phrases = k->nphrases;
	out->left_out = k->left_out;
	out->phrases_left_out = k->phrases_left_out;
}
