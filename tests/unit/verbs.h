/*
** verbs.h -- for the prefilter's unit tests (test-required, test-widen): regexes
** holding each PCRE2 verb and start-of-pattern option, which the analyses must give
** up on, and deeply nested groups.
*/
#ifndef TEST_VERBS_H
#define TEST_VERBS_H

#include "mem.h"

#include <stddef.h>

/* Each holds the literal "samen" (or more), which an analysis that misread the verb
** could take for what every match needs. */
static const char *const verb_patterns[] = {
	"(*MARK:x)samenwerking",
	"(*:x)samenwerking",
	"(*MARK:samenwerking)x",
	"samen(*PRUNE)werking",
	"samen(*PRUNE:abc)werking",
	"samen(*SKIP)werking",
	"samen(*SKIP:abc)werking",
	"samen(*COMMIT)werking",
	"samen(*THEN)werking|abc",
	"samen(*ACCEPT)werking",
	"(*F)|samenwerking",
	"(*FAIL)|samenwerking",
	"(*NO_AUTO_POSSESS)samen",
	"(*NO_START_OPT)samen",
	"(*NO_DOTSTAR_ANCHOR)samen",
	"(*NO_JIT)samen",
	"(*LIMIT_MATCH=1000)samen",
	"(*LIMIT_DEPTH=10)samen",
	"(*LIMIT_HEAP=10)samen",
	"(*NOTEMPTY)samen",
	"(*NOTEMPTY_ATSTART)samen",
	"(*UTF)samen",
	"(*UCP)samen",
	"(*CR)samen",
	"(*LF)samen",
	"(*CRLF)samen",
	"(*ANYCRLF)samen",
	"(*ANY)samen",
	"(*NUL)samen",
	"(*BSR_ANYCRLF)samen",
	"(*BSR_UNICODE)samen",
	"(*pla:samenwerking)samen",
	"(*plb:abcdef)samen",
	"(*nla:abcdef)samen",
	"(*nlb:abcdef)samen",
	"(*napla:abcdef)samen",
	"(*positive_lookahead:abcdef)samen",
	"(*atomic:samen)werk",
	"(*sr:samen)werk",
	"(*script_run:samen)werk",
	"(*asr:samen)werk",
};

/* 'n' times 'open', "politie", 'n' times ')' (newly allocated). */
static char *nested_groups(const char *open, size_t n)
{
	cdr_buf b = CDR_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		cdr_buf_adds(&b, open);
	cdr_buf_adds(&b, "politie");
	for (size_t i = 0; i < n; i++)
		cdr_buf_addc(&b, ')');
	return cdr_buf_take(&b);
}

#endif
