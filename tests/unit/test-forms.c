/*
** test-forms.c -- Dutch word forms (forms.h): the spelling rules of inflection
** (doubling and undoubling of consonants and vowels, f/v and s/z), diminutives,
** verb forms, the first parts of compounds, and what a lemma may be.
*/
#include "config.h"

#include "forms.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static int has(const cdr_forms *f, const char *w)
{
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->v[i], w) == 0)
			return 1;
	return 0;
}

/* Every word of the blank-separated list 'want' is a form of 'lemma', and no word
** of 'not' is. */
static void forms_are(const char *lemma, const char *want, const char * not )
{
	cdr_forms f = CDR_FORMS_INIT;
	cdr_forms_of(lemma, &f);
	ok(f.count > 0 && strcmp(f.v[0], lemma) == 0, "%s: the lemma comes first", lemma);
	for (int pass = 0; pass < 2; pass++) {
		const char *list = pass ? not : want;
		char *copy = strdup(list ? list : "");
		for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
			ok(has(&f, w) == !pass, "%s %s %s", lemma, pass ? "does not make" : "makes",
			   w);
		free(copy);
	}
	for (size_t i = 0; i < f.count; i++)
		for (size_t j = i + 1; j < f.count; j++)
			if (strcmp(f.v[i], f.v[j]) == 0)
				ok(0, "%s: %s listed twice", lemma, f.v[i]);
	cdr_forms_free(&f);
}

static void first_parts_are(const char *lemma, const char *want, const char * not )
{
	cdr_forms f = CDR_FORMS_INIT;
	cdr_forms_first_parts(lemma, &f);
	for (int pass = 0; pass < 2; pass++) {
		char *copy = strdup((pass ? not : want) ? (pass ? not : want) : "");
		for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
			ok(has(&f, w) == !pass, "%s %s the first part %s", lemma,
			   pass ? "does not make" : "makes", w);
		free(copy);
	}
	cdr_forms_free(&f);
}

int main(void)
{
	/* Plurals: a consonant doubles after a short vowel, a long vowel written
	** double is written single in an open syllable, f/s may become v/z. */
	forms_are("bed", "bed bedden bedje bedjes", "beden");
	forms_are("kat", "katten katje katjes", "katen");
	forms_are("maan", "manen maantje maantjes", "maanen");
	forms_are("boom", "bomen boompje boompjes", "boomen");
	forms_are("peer", "peren peertje", "peeren");
	forms_are("brief", "brieven briefje briefjes", "brieffen");
	forms_are("huis", "huizen huisje huisjes", "huissen huiss");
	forms_are("kaas", "kazen", "kaasen");
	forms_are("gans", "ganzen", NULL);
	forms_are("wiet", "wiets wietje wietjes", "wietten");
	/* A schwa is unstressed: no doubling. */
	forms_are("lepel", "lepels lepeltje", "lepellen lepelletje");
	forms_are("monnik", "monniken", "monnikken");
	/* Words in -e, -ee, -ie, -heid, -ing. */
	forms_are("gemeente", "gemeenten gemeentes gemeentetje", "gemeenteen");
	forms_are("zee", "zeeen zees zeetje", NULL);
	forms_are("informatie", "informaties informatieen", NULL);
	forms_are("mogelijkheid", "mogelijkheden", "mogelijkheiden mogelijkheidje");
	forms_are("koning", "koningen koninkje koninkjes", NULL);
	forms_are("ring", "ringen ringetje ringetjes", NULL);
	/* Diminutives: -tje after a long vowel or diphthong + l, n, r; -pje after m;
	** -etje after a short vowel + l, n, r, m (the consonant doubled). */
	forms_are("stoel", "stoeltje stoelen", NULL);
	forms_are("bal", "ballen balletje balletjes", "baltje");
	forms_are("kam", "kammen kammetje", "kampje");
	forms_are("film", "filmpje films", NULL);
	forms_are("auto", "autos autootje autootjes", NULL);
	forms_are("tafel", "tafeltje tafels", NULL);
	/* Adjectival -e. */
	forms_are("groot", "grote", "groote");
	forms_are("wit", "witte", "wite");
	forms_are("lief", "lieve", NULL);
	forms_are("grijs", "grijze", NULL);
	/* Verbs: the stem, -t, the past by 't kofschip, the participle. */
	forms_are("delen", "deel deelt deelde deelden gedeeld gedeelde delend delende",
		  "deelte gedeelt");
	forms_are("werken", "werk werkt werkte werkten gewerkt gewerkte werkend", "werkde");
	forms_are("zetten", "zet zette zetten gezet", "zett gezett");
	forms_are("leven", "leef leeft leefde geleefd", NULL);
	forms_are("reizen", "reis reist reisde gereisd", "reiste");
	forms_are("informeren", "informeer informeert informeerde geinformeerd", NULL);
	forms_are("verdelen", "verdeel verdeelt verdeeld verdeelde", "geverdeeld");
	forms_are("samenwerken", "samenwerkt samenwerkte samengewerkt samenwerkend",
		  "gesamenwerkt");
	forms_are("tekenen", "teken tekent tekende getekend", NULL);
	forms_are("bellen", "bel belt belde gebeld", NULL);
	/* The first parts of compounds. */
	first_parts_are("wiet", "wiet wiets", "wietje");
	first_parts_are("gemeente", "gemeente gemeentes gemeenten", NULL);
	first_parts_are("boek", "boek boeken boeks", NULL);
	forms_are("budget", "budgetten budgetje", NULL);
	first_parts_are("werken", "werken werkens", "werk werkt");
	first_parts_are("signaal", "signaal signalen", "signale");
	/* What a lemma may be. */
	ok(cdr_forms_check("wiet") == NULL, "wiet is a lemma");
	ok(cdr_forms_check("publiek-private") == NULL, "an inner hyphen is allowed");
	ok(cdr_forms_check("a") != NULL, "one letter is too short");
	ok(cdr_forms_check("-wiet") != NULL, "a leading hyphen is refused");
	ok(cdr_forms_check("wiet-") != NULL, "a trailing hyphen is refused");
	ok(cdr_forms_check("a--b") != NULL, "two hyphens are refused");
	ok(cdr_forms_check("wi*t") != NULL, "a '*' is refused");
	ok(cdr_forms_check("2019") != NULL, "digits are refused");
	return tap_done();
}
