/*
** required.h -- what every match of a regular expression must contain: a set of
** literal strings, one of which occurs in any text the expression matches.  The
** prefilter (prefilter.h) looks for those instead of compiling the expression
** itself, which Hyperscan does slowly for Unicode classes.
**
** The analysis is conservative: where it is unsure (classes, flags, escapes it does
** not know, optional parts) it finds nothing rather than something wrong, and the
** expression is then always run.
*/
#ifndef CDR_REQUIRED_H
#define CDR_REQUIRED_H

/* A prefilter pattern for the PCRE2 expression 'regex': a literal or an alternation
** of literals, escaped, ASCII only (to be matched caseless), at least 3 characters
** each; or NULL when none can be found.  Newly allocated. */
char *cdr_required_literals(const char *regex);

#endif
