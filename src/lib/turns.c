/*
** turns.c -- speaker labels and turns (see turns.h for the exact rule).
**
** Labels are recognised by a small hand-written scanner over the start of each
** paragraph (no regular expression: the rule needs Unicode letter classes and a
** word count).  Whether the document is a transcript is decided afterwards, from
** the labels found: they are sorted and counted, so the cost is O(P log P) for P
** paragraphs.
*/
#include "config.h"

#include "turns.h"
#include "mem.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Words that begin a "Heading:" in notes, reports and coded memos: a label whose
** first word is one of these is not a speaker. */
static const char *const heading_words[] = {
	"Aanbeveling",
	"Aanbevelingen",
	"Aandachtspunt",
	"Aandachtspunten",
	"Aanpak",
	"Aanwezig",
	"Aanwezigen",
	"Achtergrond",
	"Actie",
	"Actiepunt",
	"Actiepunten",
	"Advies",
	"Afspraak",
	"Afspraken",
	"Afwezig",
	"Agenda",
	"Analyse",
	"Antwoord",
	"Auteur",
	"Beperkingen",
	"Besluit",
	"Besluiten",
	"Betreft",
	"Bijlage",
	"Bron",
	"Bronnen",
	"Citaat",
	"Code",
	"Codes",
	"Conclusie",
	"Conclusies",
	"Context",
	"Datum",
	"Deadline",
	"Definitie",
	"Discussie",
	"Doel",
	"Doelen",
	"Duur",
	"Eigenaar",
	"Fase",
	"Figuur",
	"Hoofdstuk",
	"Inleiding",
	"Interpretatie",
	"Kenmerk",
	"Kernpunt",
	"Kernpunten",
	"Let",
	"Locatie",
	"Memo",
	"Methode",
	"NB",
	"Noot",
	"Notitie",
	"Notities",
	"Observatie",
	"Observaties",
	"Onderwerp",
	"Opmerking",
	"Opmerkingen",
	"Opzet",
	"Paragraaf",
	"Plaats",
	"Prioriteit",
	"PS",
	"Quote",
	"Reflectie",
	"Resultaat",
	"Resultaten",
	"Samenvatting",
	"Situatie",
	"Status",
	"Stap",
	"Tabel",
	"Thema",
	"Tijd",
	"Tip",
	"Tips",
	"Titel",
	"Toelichting",
	"Uitkomst",
	"Uitkomsten",
	"Versie",
	"Vervolg",
	"Voorbeeld",
	"Voorbeelden",
	"Vraag",
	"Waarom",
	"Wanneer",
	"Waar",
	"Wat",
	"Wie",
	"Hoe",
	"Zie",
	"Note",
	"Summary",
	"Conclusion",
};

/* E-mail header words: not a speaker when they are the whole label ("Van: ..."),
** though "Van Dijk:" is one. */
static const char *const header_words[] = {
	"Aan", "Bcc", "Cc", "Date", "From", "Sent", "Subject", "To", "Van", "Verzonden",
};

/* Lower-case name particles allowed between the capitalised words of a name. */
static const char *const particles[] = {
	"van", "de", "der", "den", "het", "'t", "\xE2\x80\x99t", "ten", "ter", "te",
	"in",  "op", "aan", "la",  "le",  "du", "von",
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *const *list, size_t count, const char *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

/* The code point at s[i] (i < n), its length in *l; a truncated sequence is
** returned as U+FFFD so that a scan never reads past n. */
static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *l)
{
	const unsigned char *u = (const unsigned char *)s + i;
	if (u[0] < 0x80) {
		*l = 1;
		return u[0];
	}
	if (cdr_utf8_seqlen(u[0]) > n - i) {
		*l = n - i;
		return 0xFFFD;
	}
	return cdr_utf8_decode(u, l);
}

static int is_upper(uint32_t c)
{
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

/* A letter or a combining mark (decomposed accents). */
static int is_letter(uint32_t c)
{
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

static int is_space(uint32_t c)
{
	if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0x2028 || c == 0x2029)
		return 1;
	return c >= 0x80 && utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ZS;
}

static int is_digit(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= '0' && s[i] <= '9';
}

static size_t count_digits(const char *s, size_t n, size_t i)
{
	size_t k = 0;
	while (is_digit(s, n, i + k))
		k++;
	return k;
}

/* Length of the capitalised word at s[i], or 0: an upper-case letter followed by
** '.' (an initial) or by letters, with single inner hyphens or apostrophes. */
static size_t name_word(const char *s, size_t n, size_t i)
{
	size_t l, j = i;
	if (i >= n || !is_upper(cp_at(s, n, j, &l)))
		return 0;
	j += l;
	if (j < n && s[j] == '.')
		return j + 1 - i;
	while (j < n) {
		uint32_t c = cp_at(s, n, j, &l);
		if (is_letter(c)) {
			j += l;
			continue;
		}
		if (c == '-' || c == '\'' || c == 0x2019) {
			size_t l2;
			if (j + l < n && is_letter(cp_at(s, n, j + l, &l2))) {
				j += l + l2;
				continue;
			}
		}
		break;
	}
	return j - i;
}

/* Length of the name particle at s[i] followed by a space, or 0. */
static size_t particle(const char *s, size_t n, size_t i)
{
	for (size_t k = 0; k < NELEMS(particles); k++) {
		size_t pl = strlen(particles[k]);
		if (i + pl < n && memcmp(s + i, particles[k], pl) == 0 && s[i + pl] == ' ')
			return pl;
	}
	return 0;
}

size_t cdr_turns_label(const char *s, size_t n, size_t *text_off)
{
	size_t i = 0, first_len = 0, l;
	int words = 0, parts = 0;

	*text_off = 0;
	for (;;) {
		size_t w = name_word(s, n, i);
		if (!w)
			return 0;
		if (words == 0)
			first_len = w;
		i += w;
		words++;
		size_t dg = count_digits(s, n, i);
		if (dg) { /* "R3": digits end the name */
			if (dg > 3)
				return 0;
			i += dg;
			break;
		}
		if (words == 3 || i + 1 >= n || s[i] != ' ')
			break;
		/* A single space, then particles and another capitalised word? */
		size_t j = i + 1, pl;
		int more = 0;
		while (parts + more < 3 && (pl = particle(s, n, j)) > 0) {
			j += pl + 1;
			more++;
		}
		if (!name_word(s, n, j))
			break;
		parts += more;
		i = j;
	}
	if (in_list(heading_words, NELEMS(heading_words), s, first_len))
		return 0;
	if (words == 1 && i == first_len && in_list(header_words, NELEMS(header_words), s, i))
		return 0;
	/* " 3" */
	if (i + 1 < n && s[i] == ' ' && is_digit(s, n, i + 1)) {
		size_t dg = count_digits(s, n, i + 1);
		if (dg > 3)
			return 0;
		i += 1 + dg;
	}
	/* " (Jan)" */
	size_t j = i < n && s[i] == ' ' ? i + 1 : i;
	if (j < n && s[j] == '(') {
		size_t k = j + 1;
		while (k < n && k - j <= 41 && s[k] != ')' && s[k] != '(' && s[k] != ':' &&
		       s[k] != '\n' && s[k] != '\r')
			k++;
		if (k >= n || s[k] != ')' || k == j + 1 || k - j > 41)
			return 0;
		i = k + 1;
	}
	if (i >= n || s[i] != ':' || i > CDR_TURNS_MAX_LABEL)
		return 0;
	size_t k = i + 1;
	if (k >= n || !is_space(cp_at(s, n, k, &l)))
		return 0;
	while (k < n && is_space(cp_at(s, n, k, &l)))
		k += l;
	if (k >= n)
		return 0;
	*text_off = k;
	return i;
}

typedef struct label_ref {
	const char *s;
	size_t n;
} label_ref;

static int label_cmp(const void *a, const void *b)
{
	const label_ref *x = a, *y = b;
	size_t m = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->s, y->s, m);
	if (c)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* 1 if at least two different labels each occur at least twice. */
static int alternating(label_ref *refs, size_t count)
{
	size_t repeated = 0;
	qsort(refs, count, sizeof *refs, label_cmp);
	for (size_t i = 0; i < count;) {
		size_t j = i + 1;
		while (j < count && label_cmp(&refs[i], &refs[j]) == 0)
			j++;
		if (j - i >= 2 && ++repeated >= 2)
			return 1;
		i = j;
	}
	return 0;
}

static void push_turn(cdr_turns *out, size_t start, size_t end, size_t text_start,
		      const char *speaker, size_t speaker_len)
{
	CDR_GROW(out->v, out->cap, out->count + 1);
	cdr_turn *t = &out->v[out->count++];
	t->start = start;
	t->end = end;
	t->text_start = text_start;
	t->speaker = cdr_xstrndup(speaker, speaker_len);
}

size_t cdr_turns_find(const char *t, size_t len, const cdr_spans *paragraphs, cdr_turns *out)
{
	size_t np = paragraphs->count;
	const cdr_span *p = paragraphs->v;
	if (np == 0)
		return 0;

	/* label[i]: length of paragraph i's label (0: none); off[i]: its text. */
	size_t *label = cdr_xcalloc(np, sizeof *label);
	size_t *off = cdr_xcalloc(np, sizeof *off);
	label_ref *refs = cdr_xcalloc(np, sizeof *refs);
	size_t nrefs = 0;
	for (size_t i = 0; i < np; i++) {
		if (p[i].start >= p[i].end || p[i].end > len)
			continue;
		label[i] = cdr_turns_label(t + p[i].start, p[i].end - p[i].start, &off[i]);
		if (label[i]) {
			refs[nrefs].s = t + p[i].start;
			refs[nrefs].n = label[i];
			nrefs++;
		}
	}

	size_t found = 0;
	if (!alternating(refs, nrefs)) {
		for (size_t i = 0; i < np; i++)
			push_turn(out, p[i].start, p[i].end, p[i].start, "", 0);
	} else {
		size_t i = 0;
		while (i < np) {
			size_t j = i + 1;
			while (j < np && !label[j])
				j++;
			if (label[i]) {
				push_turn(out, p[i].start, p[j - 1].end, p[i].start + off[i],
					  t + p[i].start, label[i]);
				found++;
			} else {
				push_turn(out, p[i].start, p[j - 1].end, p[i].start, "", 0);
			}
			i = j;
		}
	}
	free(label);
	free(off);
	free(refs);
	return found;
}

void cdr_turns_free(cdr_turns *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->count; i++)
		free(ts->v[i].speaker);
	free(ts->v);
	ts->v = NULL;
	ts->count = ts->cap = 0;
}
