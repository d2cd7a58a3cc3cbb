/*
** test-required.c -- the literals every match of a regular expression must contain
** (the prefilter's view of a regex rule): examples, and a soundness property: for
** every regex of the benchmark table and every paragraph of the seeds, when PCRE2
** finds a match the paragraph contains one of the literals.
*/
#include "config.h"

#include "mem.h"
#include "norm.h"
#include "read.h"
#include "required.h"
#include "seeds.h"
#include "seg.h"
#include "tap.h"
#include "verbs.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void req_is(const char *rx, const char *want)
{
	char *got = cdr_required_literals(rx);
	is_str(got, want, "required literals of /%s/", rx);
	free(got);
}

/* Does the folded text contain one of the literals of the prefilter pattern? */
static int contains_one(const char *text, const char *filter)
{
	char lit[256];
	const char *p = filter;
	if (strncmp(p, "(?:", 3) == 0)
		p += 3;
	while (*p) {
		size_t n = 0;
		while (*p && *p != '|' && *p != ')') {
			if (*p == '\\')
				p++;
			if (n < sizeof lit - 1)
				lit[n++] = *p;
			p++;
		}
		lit[n] = '\0';
		if (strcasestr(text, lit))
			return 1;
		if (*p)
			p++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	req_is("\\bsignalen\\s+(\\w+\\s+){0,2}herkennen\\b", "herkennen");
	req_is("\\b(signalen|ondermijning)\\s+zien", "(?:signalen|ondermijning)");
	req_is("(?<!tijd\\sen\\s)\\benergie\\w*", "energie");
	req_is("\\bweerba\\w*\\s+(\\w+\\s+){0,3}(overheid|samenleving|sector\\w*|bestuur)\\b",
	       "weerba"); /* a tie with the alternatives (6): the first wins */
	req_is("abc|def", "(?:abc|def)");
	req_is("abc|de", NULL);
	req_is("(a|bc)", NULL);
	req_is("foo?", NULL);
	req_is("(abc)?defg", "defg");
	req_is("[abc]xyz", "xyz");
	req_is("ab\\.cd", "ab\\.cd");
	req_is("x{0,2}yyy", "yyy");
	req_is("a+bcd", "bcd");
	req_is("RIEC", "riec");
	req_is("\\x41bcd", NULL);
	req_is("(?i)abcd", NULL);
	req_is("(\\w+)\\s+\\1", NULL);
	req_is("\\p{L}+ing\\b", "ing");
	req_is("caf\xc3\xa9s", "caf");
	req_is("", NULL);
	/* Found by fuzz-codebook: an unclosed POSIX class read past the end. */
	req_is("abcd[[:a", NULL);
	req_is("[[:alpha:]]abcd", "abcd");
	req_is("abcd[\\", NULL);
	req_is("abcd\\p", NULL);
	req_is("abcd\\p{L", NULL);

	/* 7,000 nested groups: given up on (PCRE2 refuses them too), not a stack
	** overflow; 64 are followed. */
	char *deep = nested_groups("(", 7000);
	req_is(deep, NULL);
	free(deep);
	deep = nested_groups("(?:", 64);
	req_is(deep, "politie");
	free(deep);
	/* Verbs and start-of-pattern options are not followed: nothing is required (they
	** were read as literals, "(*MARK:x)samen" requiring "mark:x"). */
	for (size_t i = 0; i < sizeof verb_patterns / sizeof *verb_patterns; i++)
		req_is(verb_patterns[i], NULL);
	/* Other syntax outside the allow-list. */
	req_is("samen\\Qwerk\\E", NULL);
	req_is("samen\\Kwerk", NULL);
	req_is("\\N{U+0041}bcd", NULL);
	req_is("(?#opmerking)samen", NULL);
	req_is("(?<naam>samen)", NULL);
	req_is("(?(1)abc|def)", NULL);
	req_is("samen(?1)", NULL);
	req_is("samen(?C1)", NULL);
	req_is("samenwerk{,3}", NULL); /* {,3} is a repeat from PCRE2 10.43 on */
	req_is("samenwerk{ 2}", NULL);
	req_is("samenwerk{2,x}", NULL);
	req_is("samen]werk", NULL);
	req_is("samen}werk", NULL);
	req_is("[[:<:]]samen", NULL);
	req_is("samen[[:>:]]", NULL);
	req_is("[\\Q]\\E]samen", NULL);
	req_is("[\\x41]samen", NULL);
	/* ... and what it still follows. */
	req_is("samen[[:alpha:]]werk", "samen");
	req_is("(?>samenwerk)ing", "samenwerk"); /* runs do not join across groups */
	req_is("(?|samen|werking)", "(?:samen|werking)");
	req_is("\\pLsamen", "samen");
	req_is("caf\xc3\xa9+samen", "samen");
	req_is("samen{2}", "samen");

	/* Soundness over real patterns and text. */
	const char *top = argc > 1 ? argv[1] : getenv("TOP_SRCDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/../shared/bench/codebook.tsv", top ? top : ".");
	FILE *f = fopen(path, "r");
	if (!f) {
		ok(1, "# SKIP the benchmark table is not beside the project");
		return tap_done();
	}
	char **texts = NULL;
	size_t ntexts = 0, cap = 0;
	seed_paragraphs(top, &texts, &ntexts, &cap);
	char line[2048];
	size_t regexes = 0, filtered = 0, matched = 0, unsound = 0;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (line[0] == '#' || !t2 || strncmp(t1 + 1, "regex", 5) != 0)
			continue;
		const char *rx = t2 + 1;
		regexes++;
		char *filter = cdr_required_literals(rx);
		int err;
		PCRE2_SIZE off;
		pcre2_code *code =
			pcre2_compile((PCRE2_SPTR)rx, strlen(rx),
				      PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
		if (filter && code) {
			filtered++;
			for (size_t i = 0; i < ntexts; i++) {
				if (pcre2_match(code, (PCRE2_SPTR)texts[i], strlen(texts[i]), 0, 0,
						md, NULL) < 0)
					continue;
				matched++;
				if (!contains_one(texts[i], filter)) {
					unsound++;
					printf("# /%s/ matched but its literals %s are missing\n",
					       rx, filter);
				}
			}
		}
		pcre2_code_free(code);
		free(filter);
	}
	fclose(f);
	ok(filtered > regexes / 2, "literals found for %zu of %zu benchmark regexes", filtered,
	   regexes);
	ok(matched > 100, "the regexes match %zu paragraph(s) of the seeds", matched);
	is_num(unsound, 0, "every match contains one of its required literals");
	pcre2_match_data_free(md);
	for (size_t i = 0; i < ntexts; i++)
		free(texts[i]);
	free(texts);

	return tap_done();
}
