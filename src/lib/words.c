/*
** words.c -- the native word matcher (see words.h).
**
** The prefilter reports where the core of one of an atom's words occurs (the
** anchor: the longest word that the words before it let us reach going back, see
** compile.c), and cdr_words_match() finishes the match with the same boundaries and
** the same leftmost, greedy choice as the atom's PCRE2 form (words.h).  After core1
** there is nothing to choose: a greedy STAR stops where AFTER holds or a space
** follows, \s+ must take every space (the next core does not start with one), so a
** start gives one match or none; going back from an anchor after core1 is as
** determined, since the words before it end in no STAR and hold no space.  Only a
** STAR before core1 chooses (then core1 is the anchor), and PCRE2's choice (the
** leftmost start, then the last core1 it can reach) is made explicitly.
*/
#include "config.h"

#include "words.h"
#include "mem.h"
#include "utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

struct cdr_words {
	pcre2_code *word_char;  /* [\p{L}\p{N}_], for non-ASCII characters */
	pcre2_code *space_char; /* \s */
};

struct cdr_words_scratch {
	pcre2_match_data *md;
};

/* A one-character class, matched anchored. */
static pcre2_code *compile_class(const char *rx)
{
	int err;
	PCRE2_SIZE erroff;
	pcre2_code *code =
		pcre2_compile((PCRE2_SPTR)rx, strlen(rx), PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
			      &err, &erroff, NULL);
	if (!code)
		cdr_out_of_memory(0);
	return code;
}

/* Is the character at t[i] (i < len) a space, \s?  ASCII is answered here, the
** rest by PCRE2's Unicode tables. */
static int is_space(const cdr_words *wm, pcre2_match_data *md, const char *t, size_t len, size_t i)
{
	unsigned char c = (unsigned char)t[i];
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return pcre2_match(wm->space_char, (PCRE2_SPTR)t, len, i, PCRE2_NO_UTF_CHECK, md, NULL) > 0;
}

cdr_words *cdr_words_new(void)
{
	cdr_words *w = cdr_xcalloc(1, sizeof *w);
	w->word_char = compile_class("[\\p{L}\\p{N}_]");
	w->space_char = compile_class("\\s");
	return w;
}

void cdr_words_free(cdr_words *w)
{
	if (!w)
		return;
	pcre2_code_free(w->word_char);
	pcre2_code_free(w->space_char);
	free(w);
}

cdr_words_scratch *cdr_words_scratch_new(void)
{
	cdr_words_scratch *s = cdr_xcalloc(1, sizeof *s);
	s->md = pcre2_match_data_create(1, NULL);
	if (!s->md)
		cdr_out_of_memory(sizeof *s);
	return s;
}

void cdr_words_scratch_free(cdr_words_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	free(s);
}

int cdr_words_can_match(const cdr_words *wm, cdr_words_scratch *s, const cdr_atom *a)
{
	int ok = a->part_count > 0 && a->anchor;
	for (size_t k = 0; ok && k < a->part_count; k++) {
		const char *w = a->parts[k].core;
		for (size_t at = 0; ok && at < a->parts[k].len;
		     at += cdr_utf8_seqlen((unsigned char)w[at]))
			ok = !is_space(wm, s->md, w, a->parts[k].len, at);
	}
	return ok;
}

static int compare_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

/* Is the character at t[i] (i < len) a word character, \p{L}, \p{N} or '_'? */
static int word_char_at(const cdr_words *wm, cdr_words_scratch *s, const char *t, size_t len,
			size_t i)
{
	unsigned char c = (unsigned char)t[i];
	if (c < 0x80)
		return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '_';
	return pcre2_match(wm->word_char, (PCRE2_SPTR)t, len, i, PCRE2_NO_UTF_CHECK, s->md, NULL) >
	       0;
}

/* Can STAR take the character at t[i]: a word character, or a hyphen before one? */
static int star_takes(const cdr_words *wm, cdr_words_scratch *s, const char *t, size_t len,
		      size_t i)
{
	if (i >= len)
		return 0;
	if (t[i] == '-')
		return i + 1 < len && word_char_at(wm, s, t, len, i + 1);
	return word_char_at(wm, s, t, len, i);
}

static size_t prev_char(const char *t, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80);
	return i;
}

/* BEFORE at i: no word character before it, nor a word character and a hyphen. */
static int word_starts(const cdr_words *wm, cdr_words_scratch *s, const char *t, size_t len,
		       size_t i)
{
	if (i == 0)
		return 1;
	size_t b = prev_char(t, i);
	if (word_char_at(wm, s, t, len, b))
		return 0;
	return !(t[b] == '-' && b > 0 && word_char_at(wm, s, t, len, prev_char(t, b)));
}

/* Where a greedy STAR from i stops.  AFTER holds there, by construction. */
static size_t star_end(const cdr_words *wm, cdr_words_scratch *s, const char *t, size_t len,
		       size_t i)
{
	while (star_takes(wm, s, t, len, i))
		i += cdr_utf8_seqlen((unsigned char)t[i]);
	return i;
}

#define NO_MATCH ((size_t)-1)

/* The end of the atom's match whose word 'k' has its core at q, or NO_MATCH: the
** rest of the pattern after a core (see the top of this file) has one way to
** match. */
static size_t forward(const cdr_words *wm, cdr_words_scratch *s, const cdr_atom *a, size_t k,
		      const char *t, size_t len, size_t q)
{
	size_t pos = q + a->parts[k].len;
	if (a->parts[k].trail)
		pos = star_end(wm, s, t, len, pos);
	for (k++; k < a->part_count; k++) {
		const cdr_word_part *w = &a->parts[k];
		size_t spaces = pos;
		while (spaces < len && is_space(wm, s->md, t, len, spaces))
			spaces += cdr_utf8_seqlen((unsigned char)t[spaces]);
		if (spaces == pos || len - spaces < w->len || memcmp(t + spaces, w->core, w->len))
			return NO_MATCH;
		pos = spaces + w->len;
		if (w->trail)
			pos = star_end(wm, s, t, len, pos);
	}
	if (!a->parts[a->part_count - 1].trail && star_takes(wm, s, t, len, pos))
		return NO_MATCH; /* AFTER fails */
	return pos;
}

/* Where the match whose word 'k' has its core at q starts, or NO_MATCH.  The words
** before k end in no '*' and hold no space, so going back is as determined as
** going on: \s+ took every space before the next word, and the word before ends
** right where those spaces begin. */
static size_t backward(const cdr_words *wm, cdr_words_scratch *s, const cdr_atom *a, size_t k,
		       const char *t, size_t len, size_t q)
{
	size_t pos = q;
	while (k-- > 0) {
		const cdr_word_part *w = &a->parts[k];
		size_t spaces = pos;
		while (spaces > 0 && is_space(wm, s->md, t, len, prev_char(t, spaces)))
			spaces = prev_char(t, spaces);
		if (spaces == pos || spaces < w->len ||
		    memcmp(t + spaces - w->len, w->core, w->len))
			return NO_MATCH;
		pos = spaces - w->len;
	}
	return word_starts(wm, s, t, len, pos) ? pos : NO_MATCH;
}

/* cdr_words_match() for an atom found by a word after the first: every report gives
** at most one match, found going on and going back from it; PCRE2 takes the
** leftmost, then goes on from its end. */
static void native_match_inner(const cdr_words *wm, cdr_words_scratch *s, const cdr_atom *a,
			       size_t atom, const char *t, size_t len, const size_t *q, size_t n,
			       cdr_matches *out)
{
	size_t first = out->count, from = 0;
	for (size_t k = 0; k < n; k++) {
		size_t end = forward(wm, s, a, a->anchor_part, t, len, q[k]);
		size_t start = end == NO_MATCH ? NO_MATCH
					       : backward(wm, s, a, a->anchor_part, t, len, q[k]);
		if (start == NO_MATCH)
			continue;
		CDR_GROW(out->v, out->cap, out->count + 1);
		out->v[out->count++] = (cdr_match){ atom, start, end };
	}
	/* The candidates come in the order of their reports; put them in the order of
	** their starts (insertion: they nearly are), then keep what PCRE2 would. */
	for (size_t i = first + 1; i < out->count; i++) {
		cdr_match x = out->v[i];
		size_t j = i;
		while (j > first && out->v[j - 1].start > x.start) {
			out->v[j] = out->v[j - 1];
			j--;
		}
		out->v[j] = x;
	}
	size_t kept = first;
	for (size_t i = first; i < out->count; i++) {
		if (out->v[i].start < from)
			continue;
		out->v[kept++] = out->v[i];
		from = out->v[i].end;
	}
	out->count = kept;
}

void cdr_words_match(const cdr_words *wm, cdr_words_scratch *s, const cdr_atom *a, size_t atom,
		     const char *t, size_t len, size_t *q, size_t n, cdr_matches *out)
{
	for (size_t k = 1; k < n; k++)
		if (q[k] < q[k - 1]) { /* reported out of order: never seen, but cheap */
			qsort(q, n, sizeof *q, compare_size);
			break;
		}
	if (a->anchor_part > 0) {
		native_match_inner(wm, s, a, atom, t, len, q, n, out);
		return;
	}
	size_t from = 0; /* where the search goes on */
	for (size_t k = 0; k < n; k++) {
		size_t at = q[k], start = at, end;
		if (at < from || (end = forward(wm, s, a, 0, t, len, at)) == NO_MATCH)
			continue;
		if (!a->lead) {
			if (!word_starts(wm, s, t, len, at))
				continue;
		} else {
			/* The leftmost start from which STAR reaches the core. */
			size_t lo = at;
			while (lo > from) {
				size_t b = prev_char(t, lo);
				if (!star_takes(wm, s, t, len, b))
					break;
				lo = b;
			}
			for (start = lo; start < at && !word_starts(wm, s, t, len, start);)
				start += cdr_utf8_seqlen((unsigned char)t[start]);
			if (!word_starts(wm, s, t, len, start))
				continue;
			/* STAR is greedy: the last core it can reach that works. */
			size_t reach = star_end(wm, s, t, len, start);
			for (size_t j = k + 1; j < n && q[j] <= reach; j++) {
				size_t e = forward(wm, s, a, 0, t, len, q[j]);
				if (e != NO_MATCH)
					end = e;
			}
		}
		CDR_GROW(out->v, out->cap, out->count + 1);
		out->v[out->count++] = (cdr_match){ atom, start, end };
		from = end;
	}
}
