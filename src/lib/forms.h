/*
** forms.h -- Dutch word forms: a lemma's inflected forms by the published spelling
** rules, for the 'forms:' rule (doc/codebook.md, "Word forms").
**
** The forms are a finite list made when a codebook is compiled, so each is matched
** as an ordinary word (the word matcher and the prefilter need nothing new).  What
** the rules produce for a lemma W (lower case, as normalised):
**   - W itself;
**   - plurals: W+s, and W+en with the spelling changes of a syllable that opens
**     (bed -> bedden, maan -> manen, brief -> brieven, huis -> huizen); a W in -e
**     takes -n and -s (gemeente -> gemeenten, gemeentes), -heid becomes -heden;
**   - the adjectival -e with the same changes (groot -> grote, wit -> witte);
**   - diminutives in -je, -tje, -pje, -etje, -kje and their plurals in -s
**     (boek -> boekje, stoel -> stoeltje, boom -> boompje, bal -> balletje,
**     koning -> koninkje);
**   - for W in -en (an infinitive): the stem and stem+t, the past in -te(n) or
**     -de(n) by 't kofschip, the participle with ge- (none after be-, ge-, er-,
**     her-, ont-, ver-; after a separable particle, inside: samengewerkt), the
**     present participle in -end(e), and the participle's -e (delen -> deel, deelt,
**     deelde, deelden, gedeeld, gedeelde, delend, delende).
** Where the spelling depends on what a word cannot show (stress, a long or short
** vowel before f/s), both candidates are listed: a form that is no Dutch word
** costs nothing, since no text contains it.  Irregular and strong forms (liep,
** gelopen, steden) are not made: write them as words.
*/
#ifndef CDR_FORMS_H
#define CDR_FORMS_H

#include <stddef.h>

/* A list of distinct forms, in the order they were made (the lemma first). */
typedef struct cdr_forms {
	char **v;
	size_t count, cap;
} cdr_forms;

#define CDR_FORMS_INIT     \
	{                  \
		NULL, 0, 0 \
	}

/* The shortest lemma, in bytes, that 'forms:' accepts; compound parts (the rest
** of a compound after a first part, the first part before a head) are at least
** CDR_FORMS_MIN_PART bytes. */
#define CDR_FORMS_MIN_LEMMA 2
#define CDR_FORMS_MIN_PART  3

/* Append the forms of 'lemma' (NUL-terminated, normalised: lower case, no accents)
** to 'out', skipping forms already in it.  The lemma comes first. */
void cdr_forms_of(const char *lemma, cdr_forms *out);

/* Append the shapes 'lemma' takes as the first part of a compound to 'out': the
** lemma, with a linking -s- or -en- (as its plural in -en makes it: boekenkast).
** Not a verb's stem: deel in deelproject is the noun, not delen. */
void cdr_forms_first_parts(const char *lemma, cdr_forms *out);

/* Whether the lemma is a word 'forms:' can inflect: CDR_FORMS_MIN_LEMMA bytes or
** more, of letters (ASCII a-z after normalisation, or any non-ASCII letter) and
** inner hyphens.  Returns NULL if so, else what is wrong with it. */
const char *cdr_forms_check(const char *lemma);

/* The verb prefixes and separable particles that a word begins with without being
** a compound (afdeling, verdeling, mededeling are not compounds of deling), and the
** derivational suffixes after which a word is no compound of its first part
** (gemeentelijk is not a compound of gemeente), as the whole rest, and those a
** rest may not start with (vertrouwelijkheid, borgingsfase): NULL-terminated
** lists. */
extern const char *const cdr_forms_not_first[];
extern const char *const cdr_forms_not_rest[];
extern const char *const cdr_forms_not_rest_start[];

void cdr_forms_free(cdr_forms *f);

#endif
