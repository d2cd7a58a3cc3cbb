/*
** forms-measure.c -- how well three ways of finding a Dutch word's forms serve a
** codebook ('make forms-measure'; tests/bench/forms.md has the method and figures):
**   own       the forms the 'forms:' rule makes (src/lib/forms.h);
**   snowball  the words with the lemma's Snowball Dutch stem (libstemmer);
**   hunspell  the words that hunspell-nl gives the lemma as a stem (libhunspell).
** and, for compounds, 'forms: W+' against 'glob: W*'.
**
** Usage: forms-measure LEMMAS JUDGED DIC AFF TEXT...
**   LEMMAS  one lemma a line ('#' comments);
**   JUDGED  lemma<TAB>word<TAB>mark, written by hand: 'f' a form of the lemma,
**           'c' a compound with the lemma as its first part, '0' neither;
**   TEXT    the files whose word types (normalised as rules see them) are searched.
** Prints, per method, the words found that are forms and that are not, and the
** words found that have no judgement yet (as 'lemma<TAB>word<TAB>?' lines on
** stderr, to be judged and added to JUDGED).  Only words the texts contain count.
*/
#include "config.h"

#include "forms.h"
#include "mem.h"
#include "norm.h"

#include <hunspell/hunspell.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct list {
	char **v;
	size_t n, cap;
} list;

static void push(list *l, const char *s)
{
	CDR_GROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = cdr_xstrdup(s);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wordbyte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* The word types of file 'path', normalised, into 'types'. */
static void read_types(const char *path, list *types)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	cdr_buf raw = CDR_BUF_INIT;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		cdr_buf_add(&raw, chunk, got);
	fclose(f);
	char *t = cdr_norm_string(raw.data ? raw.data : "", raw.len);
	cdr_buf_free(&raw);
	size_t n = strlen(t);
	for (size_t i = 0; i < n;) {
		if (!wordbyte((unsigned char)t[i])) {
			i++;
			continue;
		}
		size_t s = i;
		while (i < n && (wordbyte((unsigned char)t[i]) ||
				 (t[i] == '-' && i + 1 < n && wordbyte((unsigned char)t[i + 1]))))
			i++;
		char save = t[i];
		t[i] = '\0';
		push(types, t + s);
		t[i] = save;
	}
	free(t);
}

static int in_list(const list *l, const char *s)
{
	return bsearch(&s, l->v, l->n, sizeof *l->v, cmp) != NULL;
}

typedef struct judged {
	char *lemma, *word;
	char mark;
} judged;

static judged *judgements;
static size_t njudged;

static char judgement(const char *lemma, const char *word)
{
	for (size_t i = 0; i < njudged; i++)
		if (strcmp(judgements[i].lemma, lemma) == 0 &&
		    strcmp(judgements[i].word, word) == 0)
			return judgements[i].mark;
	return '?';
}

static void read_judged(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	if (!f) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof line, f)) {
		char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		if (line[0] == '#' || !tab2)
			continue;
		*tab1 = *tab2 = '\0';
		judgements = cdr_xreallocarray(judgements, njudged + 1, sizeof *judgements);
		judgements[njudged++] =
			(judged){ cdr_xstrdup(line), cdr_xstrdup(tab1 + 1), tab2[1] };
	}
	fclose(f);
}

enum { OWN, SNOWBALL, HUNSPELL, COMPOUND, GLOB, NMETHODS };
static const char *const method_name[NMETHODS] = { "own forms", "snowball", "hunspell",
						   "forms: W+ (compounds)", "glob: W*" };

typedef struct tally {
	size_t forms, compounds, wrong, unjudged;
} tally;

/* Whether 'word' is a compound of 'lemma' as 'forms: W+' finds it: one of the first
** parts, an optional hyphen, a rest of CDR_FORMS_MIN_PART bytes or more that is not a
** mere suffix (the regex compile.c makes, spelled out). */
static int own_compound(const cdr_forms *parts, const char *word)
{
	for (size_t i = 0; i < parts->count; i++) {
		size_t k = strlen(parts->v[i]);
		if (strncmp(word, parts->v[i], k) != 0)
			continue;
		const char *rest = word + k;
		if (*rest == '-')
			rest++;
		if (strlen(rest) < CDR_FORMS_MIN_PART || rest[0] == '-')
			continue;
		int suffix = 0;
		for (size_t s = 0; cdr_forms_not_rest[s]; s++)
			suffix |= strcmp(rest, cdr_forms_not_rest[s]) == 0;
		for (size_t s = 0; rest == word + k && cdr_forms_not_rest_start[s]; s++)
			suffix |= strncmp(rest, cdr_forms_not_rest_start[s],
					  strlen(cdr_forms_not_rest_start[s])) == 0;
		if (!suffix)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: forms-measure LEMMAS JUDGED DIC AFF TEXT...\n");
		return 2;
	}
	list types = { 0 }, lemmas = { 0 };
	for (int i = 5; i < argc; i++)
		read_types(argv[i], &types);
	qsort(types.v, types.n, sizeof *types.v, cmp);
	size_t u = 0;
	for (size_t i = 0; i < types.n; i++) {
		if (u && strcmp(types.v[u - 1], types.v[i]) == 0) {
			free(types.v[i]);
			continue;
		}
		types.v[u++] = types.v[i];
	}
	types.n = u;
	read_judged(argv[2]);
	FILE *lf = fopen(argv[1], "r");
	char line[256];
	if (!lf) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof line, lf)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] && line[0] != '#')
			push(&lemmas, line);
	}
	fclose(lf);

	struct sb_stemmer *sb = sb_stemmer_new("dutch", "UTF_8");
	Hunhandle *hs = Hunspell_create(argv[4], argv[3]);
	if (!sb || !hs) {
		fprintf(stderr, "forms-measure: cannot open the stemmer or the dictionary\n");
		return 2;
	}
	/* Every type's Snowball stem, once. */
	char **stem = cdr_xcalloc(types.n + 1, sizeof *stem);
	for (size_t i = 0; i < types.n; i++) {
		const sb_symbol *s =
			sb_stemmer_stem(sb, (const sb_symbol *)types.v[i], (int)strlen(types.v[i]));
		stem[i] = cdr_xstrndup((const char *)s, (size_t)sb_stemmer_length(sb));
	}
	tally t[NMETHODS] = { { 0 } };
	printf("# %zu word types, %zu lemmas\n", types.n, lemmas.n);
	printf("# lemma\tmethod\tword\tjudgement\n");
	for (size_t l = 0; l < lemmas.n; l++) {
		const char *lemma = lemmas.v[l];
		cdr_forms own = CDR_FORMS_INIT, parts = CDR_FORMS_INIT;
		cdr_forms_of(lemma, &own);
		cdr_forms_first_parts(lemma, &parts);
		const sb_symbol *ls =
			sb_stemmer_stem(sb, (const sb_symbol *)lemma, (int)strlen(lemma));
		char *lstem = cdr_xstrndup((const char *)ls, (size_t)sb_stemmer_length(sb));
		for (size_t i = 0; i < types.n; i++) {
			const char *w = types.v[i];
			int found[NMETHODS] = { 0 };
			for (size_t k = 0; k < own.count; k++)
				found[OWN] |= strcmp(own.v[k], w) == 0;
			found[SNOWBALL] = strcmp(stem[i], lstem) == 0;
			char **hl = NULL;
			int hn = Hunspell_stem(hs, &hl, w);
			for (int k = 0; k < hn; k++)
				found[HUNSPELL] |= strcmp(hl[k], lemma) == 0;
			Hunspell_free_list(hs, &hl, hn);
			found[COMPOUND] = found[OWN] || own_compound(&parts, w);
			found[GLOB] = strncmp(w, lemma, strlen(lemma)) == 0;
			char mark = judgement(lemma, w);
			int any = 0;
			for (int m = 0; m < NMETHODS; m++) {
				if (!found[m])
					continue;
				any = 1;
				printf("%s\t%s\t%s\t%c\n", lemma, method_name[m], w, mark);
				t[m].forms += mark == 'f';
				t[m].compounds += mark == 'c';
				t[m].wrong += mark == '0';
				t[m].unjudged += mark == '?';
			}
			if (any && mark == '?')
				fprintf(stderr, "%s\t%s\t?\n", lemma, w);
		}
		free(lstem);
		cdr_forms_free(&own);
		cdr_forms_free(&parts);
	}
	/* All judged forms and compounds that occur: what a method could find. */
	size_t all_f = 0, all_c = 0;
	for (size_t i = 0; i < njudged; i++) {
		int listed = 0;
		for (size_t l = 0; l < lemmas.n; l++)
			listed |= strcmp(lemmas.v[l], judgements[i].lemma) == 0;
		if (listed && in_list(&types, judgements[i].word)) {
			all_f += judgements[i].mark == 'f';
			all_c += judgements[i].mark == 'c';
		}
	}
	printf("\n# method\tfound\tforms\tcompounds\tneither\tunjudged\trecall of "
	       "forms\trecall of forms+compounds\n");
	for (int m = 0; m < NMETHODS; m++) {
		size_t found = t[m].forms + t[m].compounds + t[m].wrong + t[m].unjudged;
		printf("%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu/%zu\t%zu/%zu\n", method_name[m], found,
		       t[m].forms, t[m].compounds, t[m].wrong, t[m].unjudged, t[m].forms, all_f,
		       t[m].forms + t[m].compounds, all_f + all_c);
	}
	sb_stemmer_delete(sb);
	Hunspell_destroy(hs);
	for (size_t i = 0; i < types.n; i++) {
		free(types.v[i]);
		free(stem[i]);
	}
	free(stem);
	free(types.v);
	for (size_t i = 0; i < lemmas.n; i++)
		free(lemmas.v[i]);
	free(lemmas.v);
	for (size_t i = 0; i < njudged; i++) {
		free(judgements[i].lemma);
		free(judgements[i].word);
	}
	free(judgements);
	return 0;
}
