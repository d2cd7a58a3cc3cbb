/*
** forms.c -- Dutch word forms by the spelling rules (see forms.h).
**
** Words are bytes of normalised text: lower case, accents stripped.  A vowel is
** one of a e i o u y; "ij" counts as one vowel.  The rules follow the Woordenlijst's
** spelling of inflection: a closed syllable whose vowel is written single doubles
** its consonant when a syllable opens after it (bed -> bedden), a long vowel
** written double is written single in an open syllable (maan -> manen), and a
** final f or s may become v or z (brief -> brieven, huis -> huizen).
*/
#include "config.h"

#include "forms.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

const char *const cdr_forms_not_first[] = { "aan",   "af",  "be",   "bij",  "door",  "er",
					    "ge",    "her", "in",   "mede", "mis",   "na",
					    "om",    "ont", "op",   "over", "toe",   "uit",
					    "onder", "ver", "voor", "weg",  "tegen", "terug",
					    "samen", NULL };

const char *const cdr_forms_not_rest[] = {
	"lijk",   "lijke",   "lijker", "lijkst", "lijkste", "heid", "heden", "isch",  "ische",
	"achtig", "achtige", "loos",   "loze",   "baar",    "bare", "ing",   "ingen", "erig",
	"erige",  "ig",      "ige",    "er",     "ers",     "erij", "ster",  "sters", "schap",
	"tje",    "tjes",    "je",     "jes",    "pje",     "pjes", "etje",  "etjes", "kje",
	"kjes",   "en",      "ens",    "es",     "te",      "ten",  "de",    "den",   "end",
	"ende",   "ene",     "eren",   "der",    "ders",    NULL
};

const char *const cdr_forms_not_rest_start[] = { "elijk", "lijk", "ings",   "rijk", "ering",
						 "eren",  "isch", "achtig", NULL };

static int vowel(const char *w, size_t i)
{
	char c = w[i];
	if (c == 'j')
		return i > 0 && w[i - 1] == 'i'; /* the j of "ij" */
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int ends_with(const char *w, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && memcmp(w + n - k, s, k) == 0;
}

static void add(cdr_forms *f, const char *s)
{
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->v[i], s) == 0)
			return;
	CDR_GROW(f->v, f->cap, f->count + 1);
	f->v[f->count++] = cdr_xstrdup(s);
}

/* Add w[0..n) followed by 'suffix'. */
static void add_cat(cdr_forms *f, const char *w, size_t n, const char *suffix)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_add(&b, w, n);
	cdr_buf_adds(&b, suffix);
	add(f, cdr_buf_cstr(&b));
	cdr_buf_free(&b);
}

/* The shape of the end of w[0..n): the consonants after the last vowel group
** (*ncons), the vowel group's start and length. */
static void last_syllable(const char *w, size_t n, size_t *ncons, size_t *vstart, size_t *vlen)
{
	size_t i = n;
	while (i > 0 && !vowel(w, i - 1))
		i--;
	*ncons = n - i;
	size_t e = i;
	while (i > 0 && vowel(w, i - 1))
		i--;
	*vstart = i;
	*vlen = e - i;
}

/* Whether w[0..n) has a vowel before position 'at'. */
static int vowel_before(const char *w, size_t at)
{
	for (size_t i = 0; i < at; i++)
		if (vowel(w, i))
			return 1;
	return 0;
}

/* An unstressed last syllable that never doubles: a polysyllable's e before l,
** m, n, r (lepel, bezem, teken, kamer), or i before g or k (twintig, monnik). */
static int unstressed(const char *w, size_t vstart, size_t vlen, char cons)
{
	if (vlen != 1 || !vowel_before(w, vstart))
		return 0;
	return (w[vstart] == 'e' && strchr("lmnr", cons)) ||
	       (w[vstart] == 'i' && (cons == 'g' || cons == 'k'));
}

/* The words w[0..n) becomes before a suffix that starts with a vowel (-en, -e),
** by the spelling rules; each candidate is passed to 'emit' with 'suffix'. */
static void before_vowel(cdr_forms *f, const char *w, size_t n, const char *suffix)
{
	size_t ncons, vs, vl;
	if (ends_with(w, n, "heid")) {
		add_cat(f, w, n - 2, suffix[0] == 'e' && suffix[1] == 'n' ? "den" : "de");
		return;
	}
	last_syllable(w, n, &ncons, &vs, &vl);
	if (vl == 0)
		return; /* no vowel: an abbreviation */
	if (ncons == 0) {
		/* Ends in a vowel: a single e takes -n or nothing; ee, ie take -en (zeeen,
		** knieen, as normalisation writes zeeën); others take 's (the word itself). */
		if (vl == 1 && w[n - 1] == 'e') {
			add_cat(f, w, n, suffix + 1);
		} else if (ends_with(w, n, "ee") || ends_with(w, n, "ie")) {
			add_cat(f, w, n, suffix);
		}
		return;
	}
	char last = w[n - 1];
	char alt = last == 'f' ? 'v' : last == 's' ? 'z' : 0;
	cdr_buf b = CDR_BUF_INIT;
	if (ncons == 1 && vl == 1 && last != 'w' && last != 'x' && last != 'j' &&
	    !unstressed(w, vs, vl, last)) {
		/* A short vowel in a closed syllable: the consonant doubles (bed -> bedden);
		** in a polysyllable the stress may lie elsewhere (bisschop, kanon): both. */
		cdr_buf_add(&b, w, n);
		cdr_buf_addc(&b, last);
		cdr_buf_adds(&b, suffix);
		add(f, cdr_buf_cstr(&b));
		if (vowel_before(w, vs))
			add_cat(f, w, n, suffix);
	} else if (ncons == 1 && vl == 2 && w[vs] == w[vs + 1] && w[vs] != 'i') {
		/* aa, ee, oo, uu in a closed syllable are written single in an open one
		** (maan -> manen, boos -> boze): both the f/s as it is and as v/z. */
		cdr_buf_add(&b, w, vs + 1);
		cdr_buf_addc(&b, last);
		cdr_buf_adds(&b, suffix);
		add(f, cdr_buf_cstr(&b));
		if (alt) {
			b.len = 0;
			cdr_buf_add(&b, w, vs + 1);
			cdr_buf_addc(&b, alt);
			cdr_buf_adds(&b, suffix);
			add(f, cdr_buf_cstr(&b));
		}
	} else {
		add_cat(f, w, n, suffix);
		/* f/s after a long vowel, a diphthong or l, r, n, m may become v/z
		** (brief -> brieven, huis -> huizen, half -> halve, gans -> ganzen). */
		char before = w[n - 2];
		if (alt && (ncons == 1 || (ncons == 2 && strchr("lrnm", before)))) {
			cdr_buf_add(&b, w, n - 1);
			cdr_buf_addc(&b, alt);
			cdr_buf_adds(&b, suffix);
			add(f, cdr_buf_cstr(&b));
		}
	}
	cdr_buf_free(&b);
}

/* The diminutives of w[0..n), each also with its plural -s. */
static void diminutives(cdr_forms *f, const char *w, size_t n)
{
	size_t ncons, vs, vl;
	const char *suffix[2] = { NULL, NULL };
	char dbl = 0;
	cdr_buf b = CDR_BUF_INIT;
	last_syllable(w, n, &ncons, &vs, &vl);
	if (vl == 0 || ends_with(w, n, "heid") || ends_with(w, n, "je"))
		return;
	char last = w[n - 1];
	if (ncons == 0) {
		/* A single a, o, u, i, y doubles (auto -> autootje); others take -tje. */
		if (vl == 1 && last != 'e' && last != 'i' && last != 'y')
			dbl = last;
		suffix[0] = "tje";
	} else if (ends_with(w, n, "ing") && vowel_before(w, n - 3)) {
		cdr_buf_add(&b, w, n - 1);
		cdr_buf_adds(&b, "kje"); /* koning -> koninkje */
		add(f, cdr_buf_cstr(&b));
		cdr_buf_adds(&b, "s");
		add(f, cdr_buf_cstr(&b));
		b.len = 0;
		suffix[0] = "je";
	} else if (ends_with(w, n, "ng")) {
		suffix[0] = "etje"; /* ring -> ringetje */
	} else if (ncons == 1 && strchr("lnrm", last)) {
		int short_vowel = vl == 1 && !unstressed(w, vs, vl, last);
		if (short_vowel) {
			dbl = last; /* bal -> balletje, kam -> kammetje */
			suffix[0] = "etje";
		} else {
			suffix[0] = last == 'm' ? "pje" : "tje"; /* boompje, stoeltje */
		}
	} else if (ncons == 1 && last == 'w') {
		suffix[0] = "tje";
	} else if (ncons == 2 && (ends_with(w, n, "lm") || ends_with(w, n, "rm"))) {
		suffix[0] = "pje"; /* film -> filmpje */
	} else {
		suffix[0] = "je"; /* boek -> boekje, hond -> hondje */
	}
	for (size_t i = 0; i < 2 && suffix[i]; i++) {
		b.len = 0;
		cdr_buf_add(&b, w, n);
		if (dbl)
			cdr_buf_addc(&b, dbl);
		cdr_buf_adds(&b, suffix[i]);
		add(f, cdr_buf_cstr(&b));
		cdr_buf_addc(&b, 's');
		add(f, cdr_buf_cstr(&b));
	}
	cdr_buf_free(&b);
}

/* Whether an infinitive's stem s[0..n) takes -te(n) and -t in the past ('t kofschip:
** it ends in t, k, f, s, ch or p, as written in the stem before v/z become f/s). */
static int kofschip(const char *s, size_t n)
{
	char c = s[n - 1];
	return c == 't' || c == 'k' || c == 'f' || c == 's' || c == 'p' || c == 'x' ||
	       ends_with(s, n, "ch");
}

/* The stems of the infinitive w[0..n) (ending in -en) into 'stems': undouble a
** double consonant (zetten -> zet); write a long vowel double in the now closed
** syllable (delen -> deel; an e in a polysyllable may be unstressed, tekenen ->
** teken, so both); a final v or z becomes f or s (leven -> leef).  Returns whether
** the past takes -de(n) rather than -te(n) ('t kofschip); 0 with no stems for a
** verb without a regular stem (gaan, zien, doen). */
static int verb_stems(const char *w, size_t n, cdr_forms *stems)
{
	size_t sn = n - 2; /* the stem before its spelling changes */
	size_t ncons, vs, vl;
	last_syllable(w, sn, &ncons, &vs, &vl);
	if (vl == 0 || ncons == 0)
		return 0;
	cdr_buf b = CDR_BUF_INIT;
	if (ncons >= 2 && w[sn - 1] == w[sn - 2]) {
		cdr_buf_add(&b, w, sn - 1);
		add(stems, cdr_buf_cstr(&b));
	} else if (ncons == 1 && vl == 1 && w[vs] != 'i') {
		cdr_buf_add(&b, w, vs + 1);
		cdr_buf_addc(&b, w[vs]);
		cdr_buf_add(&b, w + vs + 1, sn - vs - 1);
		add(stems, cdr_buf_cstr(&b));
		if (w[vs] == 'e' && vowel_before(w, vs)) {
			b.len = 0;
			cdr_buf_add(&b, w, sn);
			add(stems, cdr_buf_cstr(&b));
		}
	} else {
		cdr_buf_add(&b, w, sn);
		add(stems, cdr_buf_cstr(&b));
	}
	cdr_buf_free(&b);
	for (size_t i = 0; i < stems->count; i++) {
		char *s = stems->v[i];
		size_t k = strlen(s);
		if (s[k - 1] == 'v')
			s[k - 1] = 'f';
		else if (s[k - 1] == 'z')
			s[k - 1] = 's';
	}
	return !kofschip(w, sn);
}

/* The verb forms of the infinitive w[0..n) (ending in -en). */
static void verb_forms(cdr_forms *f, const char *w, size_t n)
{
	cdr_forms stems = CDR_FORMS_INIT;
	cdr_buf b = CDR_BUF_INIT;
	int dental_past = verb_stems(w, n, &stems);
	/* Where the participle's ge- goes: not after an unstressed prefix; after a
	** separable particle, inside (samen|ge|werkt), or nowhere (an inseparable
	** door-, over-, onder-: doorzocht, ondersteund); before a word that merely
	** starts like a short particle (in, op: geinformeerd, geopereerd). */
	static const char *const no_ge[] = { "be", "ge", "er", "her", "ont", "ver", NULL };
	static const char *const particle[] = { "aan",   "af",  "bij",    "door", "in",    "mee",
						"na",    "om",  "op",     "over", "samen", "tegen",
						"terug", "toe", "uit",    "vast", "voor",  "weg",
						"onder", "los", "achter", NULL };
	int ge = 1;
	size_t split = 0;
	for (size_t i = 0; no_ge[i]; i++)
		if (strncmp(w, no_ge[i], strlen(no_ge[i])) == 0 && n > strlen(no_ge[i]) + 4)
			ge = 0;
	for (size_t i = 0; particle[i]; i++) {
		size_t pl = strlen(particle[i]);
		if (strncmp(w, particle[i], pl) == 0 && n > pl + 4 && pl > split)
			split = pl;
	}
	for (size_t i = 0; i < stems.count; i++) {
		const char *s = stems.v[i];
		size_t k = strlen(s);
		const char *dental = dental_past ? "d" : "t";
		add(f, s);
		if (s[k - 1] != 't')
			add_cat(f, s, k, "t");
		add_cat(f, s, k, dental_past ? "de" : "te");
		add_cat(f, s, k, dental_past ? "den" : "ten");
		/* The participle: ge+stem+d/t, no second d or t (gezet, gebeld). */
		const char *end = s[k - 1] == dental[0] ? "" : dental;
		for (int variant = 0; variant < 3; variant++) {
			b.len = 0;
			if (variant == 0 && ge && split < 3) {
				cdr_buf_adds(&b, "ge");
				cdr_buf_adds(&b, s);
			} else if (variant == 1 && split) {
				cdr_buf_add(&b, s, split);
				cdr_buf_adds(&b, "ge");
				cdr_buf_adds(&b, s + split);
			} else if (variant == 2 && (!ge || split)) {
				cdr_buf_adds(&b, s);
			} else {
				continue;
			}
			cdr_buf_adds(&b, end);
			add(f, cdr_buf_cstr(&b));
			cdr_buf_adds(&b, "e");
			add(f, cdr_buf_cstr(&b));
		}
	}
	add_cat(f, w, n, "d");
	add_cat(f, w, n, "de");
	cdr_forms_free(&stems);
	cdr_buf_free(&b);
}

const char *cdr_forms_check(const char *lemma)
{
	size_t n = strlen(lemma);
	if (n < CDR_FORMS_MIN_LEMMA)
		return "a word for 'forms:' has at least two letters";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)lemma[i];
		if (c == '-' && i > 0 && i + 1 < n && lemma[i + 1] != '-')
			continue;
		if (!(c >= 'a' && c <= 'z') && c < 0x80)
			return "a word for 'forms:' is letters, with hyphens only inside";
	}
	return NULL;
}

/* Whether w[0..n) ends in an unstressed -en (teken, open, delen; not geen). */
static int schwa_en(const char *w, size_t n)
{
	return n > 3 && ends_with(w, n, "en") && !vowel(w, n - 3) && vowel_before(w, n - 2);
}

void cdr_forms_of(const char *lemma, cdr_forms *out)
{
	size_t n = strlen(lemma);
	add(out, lemma);
	int infinitive = n >= 5 && ends_with(lemma, n, "en") && !vowel(lemma, n - 3) &&
			 vowel_before(lemma, n - 3);
	if (lemma[n - 1] != 's')
		add_cat(out, lemma, n, "s");
	if (!schwa_en(lemma, n) && !ends_with(lemma, n, "je")) {
		before_vowel(out, lemma, n, "en");
		before_vowel(out, lemma, n, "e");
	}
	diminutives(out, lemma, n);
	if (infinitive)
		verb_forms(out, lemma, n);
}

void cdr_forms_first_parts(const char *lemma, cdr_forms *out)
{
	size_t n = strlen(lemma);
	add(out, lemma);
	if (lemma[n - 1] != 's')
		add_cat(out, lemma, n, "s");
	/* The linking -en- is the plural's (boekenkast, not a verb's stem, which
	** would open deelproject and samenwerkingsverband to delen, samenwerken). */
	if (!schwa_en(lemma, n))
		before_vowel(out, lemma, n, "en");
}

void cdr_forms_free(cdr_forms *f)
{
	for (size_t i = 0; i < f->count; i++)
		free(f->v[i]);
	free(f->v);
	f->v = NULL;
	f->count = f->cap = 0;
}
