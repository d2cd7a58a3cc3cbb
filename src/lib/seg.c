/*
** seg.c -- paragraphs, sentences and words (see seg.h).
**
** Sentences come from ICU's sentence break iterator for "nl", run over a copy of
** the paragraph in which every line end is a space (ICU would otherwise end a
** sentence at every hard line break of a PDF extract), and then filtered: a break
** after a period that closes a Dutch abbreviation, an initial ("H. Nelen") or an
** enumeration number ("1.  Aanleiding") is dropped.  ICU itself does not break
** inside numbers (1.000, 7.12.2022) or before a lower-case word.
**
** Words come from ICU's word break iterator; word tokens separated by exactly one
** hyphen are merged into one word.
*/
#include "config.h"

#include "seg.h"
#include "invariant.h"
#include "mem.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <utf8proc.h>

struct cdr_seg {
	UBreakIterator *sentences;
	UBreakIterator *words;
	UText *text;
	cdr_buf scratch; /* the paragraph with line ends turned into spaces */
};

void cdr_spans_push(cdr_spans *s, size_t start, size_t end)
{
	CDR_GROW(s->v, s->cap, s->count + 1);
	s->v[s->count].start = start;
	s->v[s->count].end = end;
	s->count++;
}

void cdr_spans_free(cdr_spans *s)
{
	free(s->v);
	s->v = NULL;
	s->count = s->cap = 0;
}

int cdr_spans_valid(const cdr_span *v, size_t count, size_t start, size_t end)
{
	for (size_t i = 0; i < count; i++) {
		if (v[i].start < start || v[i].start >= v[i].end || v[i].end > end)
			return 0;
		if (i > 0 && v[i].start < v[i - 1].end)
			return 0;
	}
	return 1;
}

/* White space: ASCII blanks and line ends, and the Unicode space separators
** (no-break space, narrow no-break space, ...) plus NEL, LS and PS. */
static int is_space_at(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r');
	}
	uint32_t cp = cdr_utf8_decode(s, len);
	if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
		return 1;
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
}

/* Trim [*a, *b) of white space. */
static void trim(const char *t, size_t *a, size_t *b)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t l;
	while (*a < *b && is_space_at(s + *a, &l))
		*a += l;
	while (*b > *a) {
		size_t p = *b - 1;
		while (p > *a && (s[p] & 0xC0) == 0x80)
			p--;
		if (!is_space_at(s + p, &l))
			break;
		*b = p;
	}
}

void cdr_seg_paragraphs(const char *t, size_t len, cdr_spans *out)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t first = out->count, i = 0, para_start = 0, next_cr = 0;
	int in_para = 0, cr_known = 0;

	while (i < len) {
		/* One line: [i, eol), then its line end. */
		size_t eol = i, l;
		int blank = 1;
		while (eol < len && s[eol] != '\n' && s[eol] != '\r' && is_space_at(s + eol, &l))
			eol += l;
		if (eol < len && s[eol] != '\n' && s[eol] != '\r') {
			/* The rest of the line does not matter: find its end (no byte of a
			** multibyte character is LF or CR).  memchr is fast; the next CR is
			** remembered, so a text without one is searched for it once. */
			blank = 0;
			const unsigned char *lf = memchr(s + eol, '\n', len - eol);
			if (!cr_known || next_cr < eol) {
				const unsigned char *cr = memchr(s + eol, '\r', len - eol);
				next_cr = cr ? (size_t)(cr - s) : len;
				cr_known = 1;
			}
			size_t at_lf = lf ? (size_t)(lf - s) : len;
			eol = at_lf < next_cr ? at_lf : next_cr;
		}
		size_t next = eol;
		if (next < len) /* skip the line end: LF, CR or CRLF */
			next += s[next] == '\r' && next + 1 < len && s[next + 1] == '\n' ? 2 : 1;
		if (!blank && !in_para) {
			in_para = 1;
			para_start = i;
		} else if (blank && in_para) {
			size_t a = para_start, b = i;
			trim(t, &a, &b);
			cdr_spans_push(out, a, b);
			in_para = 0;
		}
		i = next;
	}
	if (in_para) {
		size_t a = para_start, b = len;
		trim(t, &a, &b);
		cdr_spans_push(out, a, b);
	}
	CDR_ASSERT(cdr_spans_valid(out->v + first, out->count - first, 0, len));
}

cdr_rc cdr_seg_new(cdr_seg **out, cdr_diag *d)
{
	UErrorCode st = U_ZERO_ERROR;
	cdr_seg *seg = cdr_xcalloc(1, sizeof *seg);

	seg->sentences = ubrk_open(UBRK_SENTENCE, "nl", NULL, 0, &st);
	if (U_SUCCESS(st))
		seg->words = ubrk_open(UBRK_WORD, "nl", NULL, 0, &st);
	if (U_FAILURE(st)) {
		cdr_diag_add(d, CDR_DIAG_ERROR, NULL, "ICU cannot open its break rules: %s",
			     u_errorName(st));
		cdr_seg_free(seg);
		*out = NULL;
		return CDR_EINTERNAL;
	}
	*out = seg;
	return CDR_OK;
}

void cdr_seg_free(cdr_seg *seg)
{
	if (!seg)
		return;
	if (seg->sentences)
		ubrk_close(seg->sentences);
	if (seg->words)
		ubrk_close(seg->words);
	if (seg->text)
		utext_close(seg->text);
	cdr_buf_free(&seg->scratch);
	free(seg);
}

/* Abbreviations after which a period does not end a sentence, lower case.  Kept
** sorted for bsearch.  Words that often end a sentence (etc., enz.) are left out:
** ICU already keeps a sentence going when a lower-case word follows them. */
static const char *const abbreviations[] = {
	"a.s.",   "aug.",   "bijv.",  "blz.",   "bv.",    "ca.",   "d.d.",  "d.m.v.", "d.w.z.",
	"dec.",   "dhr.",   "dr.",    "drs.",   "e.a.",   "e.d.",  "excl.", "feb.",   "i.c.m.",
	"i.o.m.", "i.p.v.", "i.s.m.", "incl.",  "ing.",   "ir.",   "jan.",  "jl.",    "jr.",
	"jul.",   "jun.",   "m.b.t.", "m.b.v.", "m.i.v.", "m.n.",  "mevr.", "mln.",   "mr.",
	"mrd.",   "mrt.",   "n.a.v.", "nl.",    "nov.",   "nr.",   "o.a.",  "o.b.v.", "o.l.v.",
	"o.m.",   "okt.",   "p.",     "pag.",   "prof.",  "resp.", "sep.",  "sept.",  "sr.",
	"st.",    "t.a.v.", "t.b.v.", "t.g.v.", "t.o.v.", "vgl.",  "vs.",   "z.g.",   "zgn.",
};

static int cmp_abbrev(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

int cdr_seg_is_abbreviation(const char *word, size_t len)
{
	char low[16];
	if (len == 0 || len >= sizeof low)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)word[i];
		if (c >= 0x80)
			return 0;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[len] = '\0';
	return bsearch(low, abbreviations, sizeof abbreviations / sizeof *abbreviations,
		       sizeof *abbreviations, cmp_abbrev) != NULL;
}

/* Should the ICU break at 'b' in s[a..b) (the candidate sentence) be dropped? */
static int keep_going(const char *s, size_t a, size_t b)
{
	size_t e = b;
	while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e == a || s[e - 1] != '.')
		return 0;
	size_t w = e - 1;
	while (w > a && s[w - 1] != ' ' && s[w - 1] != '\t' && s[w - 1] != '(' && s[w - 1] != '"')
		w--;
	size_t n = e - w;
	if (cdr_seg_is_abbreviation(s + w, n))
		return 1;
	/* An initial: one upper-case ASCII letter and a period. */
	if (n == 2 && s[w] >= 'A' && s[w] <= 'Z')
		return 1;
	/* An enumeration number that is all the sentence holds so far: "1." "2.3." */
	if (w == a) {
		int digits = 0;
		for (size_t i = w; i < e; i++) {
			if (s[i] >= '0' && s[i] <= '9')
				digits = 1;
			else if (s[i] != '.')
				return 0;
		}
		return digits;
	}
	return 0;
}

static cdr_rc set_text(cdr_seg *seg, UBreakIterator *bi, const char *p, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	seg->text = utext_openUTF8(seg->text, p, (int64_t)n, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(bi, seg->text, &st);
	return U_SUCCESS(st) ? CDR_OK : CDR_EINTERNAL;
}

cdr_rc cdr_seg_sentences(cdr_seg *seg, const char *t, size_t start, size_t end, cdr_spans *out)
{
	cdr_buf *sc = &seg->scratch;
	cdr_buf_reset(sc);
	cdr_buf_add(sc, t + start, end - start);
	for (size_t i = 0; i < sc->len; i++) {
		unsigned char c = (unsigned char)sc->data[i];
		if (c == '\n' || c == '\r' || c == '\v' || c == '\f')
			sc->data[i] = ' ';
		else if (c == 0xC2 && i + 1 < sc->len && (unsigned char)sc->data[i + 1] == 0x85)
			sc->data[i] = sc->data[i + 1] = ' ';
		else if (c == 0xE2 && i + 2 < sc->len && (unsigned char)sc->data[i + 1] == 0x80 &&
			 ((unsigned char)sc->data[i + 2] == 0xA8 ||
			  (unsigned char)sc->data[i + 2] == 0xA9))
			sc->data[i] = sc->data[i + 1] = sc->data[i + 2] = ' ';
	}
	if (set_text(seg, seg->sentences, sc->data, sc->len) != CDR_OK)
		return CDR_EINTERNAL;

	size_t first = out->count, sent_start = 0;
	int32_t b = ubrk_first(seg->sentences);
	while ((b = ubrk_next(seg->sentences)) != UBRK_DONE) {
		size_t pos = (size_t)b;
		if (pos < sc->len && keep_going(sc->data, sent_start, pos))
			continue;
		size_t a = start + sent_start, z = start + pos;
		trim(t, &a, &z);
		if (z > a)
			cdr_spans_push(out, a, z);
		sent_start = pos;
	}
	CDR_ASSERT(cdr_spans_valid(out->v + first, out->count - first, start, end));
	return CDR_OK;
}

cdr_rc cdr_seg_words(cdr_seg *seg, const char *t, size_t start, size_t end, cdr_spans *out)
{
	if (set_text(seg, seg->words, t + start, end - start) != CDR_OK)
		return CDR_EINTERNAL;

	size_t first_new = out->count;
	int32_t prev = ubrk_first(seg->words), b;
	while ((b = ubrk_next(seg->words)) != UBRK_DONE) {
		int32_t status = ubrk_getRuleStatus(seg->words);
		size_t a = start + (size_t)prev, z = start + (size_t)b;
		prev = b;
		if (status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT)
			continue;
		/* word - word, with nothing else between: one word. */
		if (out->count > first_new) {
			cdr_span *last = &out->v[out->count - 1];
			if (last->end + 1 == a && t[last->end] == '-') {
				last->end = z;
				continue;
			}
		}
		cdr_spans_push(out, a, z);
	}
	CDR_ASSERT(cdr_spans_valid(out->v + first_new, out->count - first_new, start, end));
	return CDR_OK;
}
