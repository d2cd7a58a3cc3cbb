/*
** test-widen.c -- a regular expression widened for the prefilter (widen.h):
** examples of the rewriting, what it refuses, and soundness: for every expression
** of a list (the benchmark table's and the reference codebook's regexes, constructs
** that touch Unicode) and every text of another (the seeds' paragraphs, normalised,
** and strings with non-ASCII letters, digits, spaces and the Kelvin sign), when
** PCRE2 finds a match, Hyperscan finds one for the widened expression.
*/
#include "config.h"

#include "mem.h"
#include "norm.h"
#include "read.h"
#include "seeds.h"
#include "seg.h"
#include "tap.h"
#include "verbs.h"
#include "widen.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

#define W  "\\x30-\\x39\\x41-\\x5A\\x5F\\x61-\\x7A"
#define SP "\\x09-\\x0D\\x20"

static void widen_is(const char *rx, unsigned flags, const char *want)
{
	char *got = cdr_widen_regex(rx, flags);
	is_str(got, want, "widened /%s/ (flags %u)", rx, flags);
	free(got);
}

/* Expressions for the soundness check, matched caseless on folded text as regex
** rules are, besides the benchmark table's. */
static const char *const extra[] = {
	"\\bna\\w+f\\b",
	"caf\xc3\xa9",
	"CAF\xc3\x89",
	"\\d+\\s*fte",
	"\\bx\\b",
	"[^a-z]+k",
	"[[:alpha:]]+ing",
	"\\p{L}{3}",
	"\\P{L}\\d",
	"a.b",
	"\xe2\x82\xac\\s?\\d+",
	"(?<!x)ab(?=c)",
	"[\\w-]+-tool",
	"\\W+en\\W+",
	"k",
	"[ks]",
	"\xe2\x84\xaa",
	"\\S+\\s+\\S+",
	"[^\\d\\s]{2}",
	"\\h+x\\v*",
	"(?:ab|cd){2,3}",
	"x{0,200}y",
	"[\\p{N}]+",
	"(?<n>ab)c",
	"\\Bing\\B",
	"^\\s*de",
	"en$",
	"[\\x{e9}-\\x{ff}]",
	"\xe2\x92\xb6\xe2\x85\xa0", /* circled A and Roman numeral one have case */
	"\xce\xa3x",                /* capital sigma: three caseless partners */
	"\xe1\xba\x9e",             /* capital sharp s */
	"ab\\s+(\\w+\\s+){0,2}cd",
	"x\\s+(\\S+\\s+)*\\p{L}",
	"(?:[a-z\xe9]+-?){0,3}tool",
};

static const char *const texts[] = {
	"na\xc3\xaf"
	"ef", /* U+00EF: the folded copy below loses the trema */
	"naief",
	"\xc7\x84"
	"aa \xce\xb1\xce\xb2\xce\xb3 \xd9\xa3\xd9\xa4 fte",
	"x\xc2\xa0y \xe2\x80\xa8 \xe2\x82\xac 300 \xe2\x82\xac"
	"300",
	"\xe2\x84\xaa kelvin \xc5\xbf long s",
	"caf\xc3\xa9 CAF\xc3\x89 abc",
	"ict-tool \xc3\xa9-tool en en",
	"de \xe2\x80\x94 en \xe2\x80\x94",
	"\xc3\xbf\xc3\xa9 acbd abcdcd",
	"k\xc3\xa9k \xd9\xa3\xd9\xa3",
	"\t x\n\n",
	"ing\xc3\xa9 thing",
	/* one construct each, so that no other match hides a miss */
	"\xe2\x84\xaa",
	"\xc5\xbf",
	"x\xc2\xa0y",
	"\xd9\xa3\xd9\xa4",
	"caf\xc3\x89",
	"\xce\xb1\xce\xb2\xce\xb3",
	"\xc3\xa9-tool",
	"\xc3\xa9\xc3\xa9 en\xc2\xa0",
	"x\xe2\x80\xa8",
	"ok",
	"KS",
	"\xe2\x93\x90\xe2\x85\xb0 \xcf\x82x \xcf\x83x \xc3\x9f",
	"ab cd",
	"AB\xc2\xa0\xc3\xa9\xc3\xa9n twee\tcd",
	"x \xe2\x80\x94 \xc3\xa9",
	"caf\xc3\xa9-tooltool",
};

#ifdef HAVE_HYPERSCAN
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
		    void *ctx)
{
	(void)id, (void)from, (void)to, (void)flags;
	*(int *)ctx = 1;
	return 1; /* one is enough */
}

/* The widened expression compiled as the prefilter compiles it, or NULL. */
static hs_database_t *hs_build(const char *widened)
{
	hs_database_t *db = NULL;
	hs_compile_error_t *err = NULL;
	if (hs_compile(widened, HS_FLAG_PREFILTER, HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
		hs_free_compile_error(err);
		return NULL;
	}
	return db;
}

/* Does Hyperscan find database db's expression in the text? */
static int hs_finds(const hs_database_t *db, hs_scratch_t *s, const char *text)
{
	int found = 0;
	hs_scan(db, text, (unsigned)strlen(text), 0, s, on_match, &found);
	return found;
}

/* The texts a widened form must find: all of them as written (caseless), or only
** the folded ones (caseless on folded text, as regex rules are matched). */
typedef struct text_set {
	char **all, **folded;
	size_t nall, nfolded;
} text_set;

/* Where PCRE2 matches 'rx' in a text (caseless), its widened form with 'flags'
** must match too: the number of texts where it does not. */
static size_t check_flags(const char *rx, unsigned flags, char **ts, size_t nts, size_t *matched,
			  size_t *widened)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)rx, strlen(rx),
					 PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
	char *w = cdr_widen_regex(rx, flags);
	size_t misses = 0;
	if (!code || !w) {
		pcre2_code_free(code);
		free(w);
		return 0;
	}
	(*widened)++;
	hs_database_t *db = hs_build(w);
	hs_scratch_t *s = NULL;
	if (db)
		hs_alloc_scratch(db, &s);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	for (size_t i = 0; i < nts; i++) {
		if (pcre2_match(code, (PCRE2_SPTR)ts[i], strlen(ts[i]), 0, 0, md, NULL) < 0)
			continue;
		(*matched)++;
		if (!db || !hs_finds(db, s, ts[i])) {
			misses++;
			printf("# /%s/ (flags %u) matches \"%s\" but its widened form %s %s\n", rx,
			       flags, ts[i], w, db ? "does not" : "does not compile");
		}
	}
	hs_free_scratch(s);
	hs_free_database(db);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	free(w);
	return misses;
}

/* The counts of the checks of one form of the expressions. */
typedef struct tally {
	size_t misses, matched, widened;
} tally;

/* Both: on every text (into 'all'), and as on folded text on the folded ones (into
** 'folded'). */
static void check(const char *rx, const text_set *t, tally *all, tally *folded)
{
	all->misses +=
		check_flags(rx, CDR_WIDEN_CASELESS, t->all, t->nall, &all->matched, &all->widened);
	folded->misses += check_flags(rx, CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, t->folded,
				      t->nfolded, &folded->matched, &folded->widened);
}
#endif

int main(int argc, char **argv)
{
	/* Assertions go, classes widen, letters are spelled in both cases. */
	widen_is("\\bfoo\\b", 0, "foo");
	widen_is("a\\w*", 0, "a[" W "\\x80-\\xFF]*");
	widen_is("a\\w", 0, "a[" W "\\x80-\\xFF]+");
	widen_is("a\\s?b", 0, "a[" SP "\\x80-\\xFF]*b");
	widen_is("x\\d{2,3}", 0, "x[\\x30-\\x39\\x80-\\xFF]+");
	widen_is("x[0-9]{2,3}", 0, "x[\\x30-\\x39]{2,3}");
	widen_is("Ab", CDR_WIDEN_CASELESS, "[\\x41\\x61][\\x42\\x62]");
	/* Folded text holds no capital: a caseless letter is its lower case there. */
	widen_is("Ab", CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, "ab");
	widen_is("[A-C]x", CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, "[\\x61-\\x63]x");
	/* k and s also match the Kelvin sign and the long s, unless the text is folded */
	widen_is("sk", CDR_WIDEN_CASELESS, "[\\x53\\x73\\x80-\\xFF]+[\\x4B\\x6B\\x80-\\xFF]+");
	widen_is("sk", CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, "sk");
	widen_is("caf\xc3\xa9", 0, "caf(?:\\xC3\\xA9)");
	/* ... and the Kelvin sign and the long s in a caseless pattern match k and s */
	widen_is("\xe2\x84\xaa", CDR_WIDEN_CASELESS, "[\\x4B\\x6B\\x80-\\xFF]+");
	widen_is("\xe2\x84\xaa", CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, "[\\x6B\\x80-\\xFF]+");
	widen_is("[\xc5\xbf]", CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, "[\\x73\\x80-\\xFF]+");
	/* A caseless character without case is itself; one with case, any non-ASCII run. */
	widen_is("\xe2\x82\xac", CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, "(?:\\xE2\\x82\\xAC)");
	widen_is("\xe2\x80\x94x", CDR_WIDEN_CASELESS, "(?:\\xE2\\x80\\x94)[\\x58\\x78]");
	widen_is("\xc3\xa9", CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, "[\\x80-\\xFF]+");
	widen_is("\xe2\x92\xb6", CDR_WIDEN_CASELESS, "[\\x80-\\xFF]+");
	widen_is("(?<!x)ab(?=c)|d", 0, "ab|d");
	widen_is("(a|bc)+", 0, "(?:a|bc)+");
	widen_is("x{0,500}", 0, "x{0,}");
	/* A gap of words, repeated from zero times, becomes a run of what it holds;
	** other repeated groups stay as they are. */
	widen_is("a\\s(\\w+\\s+){0,3}b", 0, "a[" SP "\\x80-\\xFF]+[" SP W "\\x80-\\xFF]*b");
	widen_is("(?:[a-z]+ (?:x|-)){0,}b", 0, "[\\x20\\x2D\\x61-\\x7A]*b");
	widen_is("(\\w+\\s+)?b", 0, "(?:[" W "\\x80-\\xFF]+[" SP "\\x80-\\xFF]+)?b");
	widen_is("(\\w+\\s+){1,3}b", 0, "(?:[" W "\\x80-\\xFF]+[" SP "\\x80-\\xFF]+){1,3}b");
	widen_is("([a-y] ){0,3}b", 0, "(?:[\\x61-\\x79]\\x20){0,3}b");
	widen_is("(?=[a-z]+)b", 0, "b");
	widen_is("a+?b*+", 0, "a+b*");
	widen_is("[^a-c\\d]", 0, "[\\x00-\\x2F\\x3A-\\x60\\x64-\\x7F\\x80-\\xFF]+");
	/* What it does not understand, it refuses. */
	widen_is("(a)\\1", 0, NULL);
	widen_is("(?i)abc", 0, NULL);
	widen_is("\\Qa.b\\E", 0, NULL);
	widen_is("a{2}{3}", 0, NULL);
	widen_is("\\bx\\b*", 0, NULL);
	widen_is("abc)", 0, NULL);
	widen_is("[abc", 0, NULL);
	widen_is("a\\", 0, NULL);
	widen_is("\\p{L", 0, NULL);
	/* 7,000 nested groups: given up on (PCRE2 refuses them too), not a stack
	** overflow; 64 are followed. */
	char *deep = nested_groups("(", 7000);
	widen_is(deep, 0, NULL);
	free(deep);
	deep = nested_groups("(?:", 64);
	char *w64 = cdr_widen_regex(deep, 0);
	ok(w64 != NULL, "64 nested groups are widened");
	free(w64);
	free(deep);
	/* Verbs and start-of-pattern options, each. */
	for (size_t i = 0; i < sizeof verb_patterns / sizeof *verb_patterns; i++)
		widen_is(verb_patterns[i], CDR_WIDEN_CASELESS | CDR_WIDEN_FOLDED_TEXT, NULL);
	/* [[:<:]] and [[:>:]] are word boundaries, not a character; "{,3}" and "{ 3 }"
	** are repeats from PCRE2 10.43 on: not followed. */
	widen_is("samen[[:>:]]", 0, NULL);
	widen_is("[[:<:]]samen", 0, NULL);
	widen_is("[[:foo:]]samen", 0, NULL);
	widen_is("samen{,3}", 0, NULL);
	widen_is("samen{ 3 }", 0, NULL);
	widen_is("samen{", 0, NULL);
	widen_is("[[:punct:]]", 0, "[\\x00-\\x7F\\x80-\\xFF]+");

#ifndef HAVE_HYPERSCAN
	(void)argc;
	(void)argv;
	ok(1, "# SKIP soundness needs Hyperscan");
	return tap_done();
#else
	/* Soundness: the texts above and the seeds' paragraphs, folded. */
	char **ts = NULL;
	size_t nts = 0, cap = 0;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		CDR_GROW(ts, cap, nts + 2);
		ts[nts++] = cdr_xstrdup(texts[i]);
		ts[nts++] = cdr_norm_string(texts[i], strlen(texts[i]));
	}
	const char *top = argc > 1 ? argv[1] : getenv("TOP_SRCDIR");
	char path[4096];
	seed_paragraphs(top, &ts, &nts, &cap);
	ok(nts > 100, "%zu texts to match", nts);
	text_set t = { ts, NULL, nts, 0 };
	t.folded = cdr_xcalloc(nts, sizeof *t.folded);
	for (size_t i = 0; i < nts; i++) /* the folded form of every one */
		t.folded[t.nfolded++] = cdr_norm_string(ts[i], strlen(ts[i]));

	tally all = { 0 }, folded = { 0 };
	size_t total = 0;
	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++, total++)
		check(extra[i], &t, &all, &folded);
	snprintf(path, sizeof path, "%s/../shared/bench/codebook.tsv", top ? top : ".");
	FILE *f = fopen(path, "r");
	char line[2048];
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (line[0] == '#' || !t2 || strncmp(t1 + 1, "regex", 5) != 0)
			continue;
		check(t2 + 1, &t, &all, &folded);
		total++;
	}
	if (f)
		fclose(f);
	/* ... and the reference codebook's (regex: and except-regex: lines). */
	snprintf(path, sizeof path, "%s/codebooks/ondermijning.codebook", top ? top : ".");
	f = fopen(path, "r");
	size_t reference = 0;
	static char rline[16384];
	while (f && fgets(rline, sizeof rline, f)) {
		rline[strcspn(rline, "\n")] = '\0';
		char *r = rline + strspn(rline, " ");
		if (strncmp(r, "except-", 7) == 0)
			r += 7;
		if (r == rline || strncmp(r, "regex: ", 7) != 0)
			continue;
		check(r + 7, &t, &all, &folded);
		total++;
		reference++;
	}
	if (f)
		fclose(f);
	ok(reference > 300, "%zu expressions of the reference codebook", reference);
	ok(all.widened + 2 >= total && folded.widened + 2 >= total,
	   "%zu and %zu (on folded text) of %zu expressions widened", all.widened, folded.widened,
	   total);
	ok(all.matched > 100, "%zu matches by PCRE2 to check", all.matched);
	ok(folded.matched > 100, "%zu matches by PCRE2 on the folded texts to check",
	   folded.matched);
	is_num(all.misses, 0, "Hyperscan finds every widened expression where PCRE2 matches");
	is_num(folded.misses, 0,
	       "and every widened expression for folded text where PCRE2 matches the folded texts");
	for (size_t i = 0; i < nts; i++) {
		free(ts[i]);
		free(t.folded[i]);
	}
	free(ts);
	free(t.folded);
	return tap_done();
#endif
}
