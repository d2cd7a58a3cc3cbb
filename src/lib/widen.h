/*
** widen.h -- a PCRE2 expression rewritten for the prefilter (prefilter.h): an
** expression Hyperscan compiles fast, on bytes, without Unicode properties, that
** matches somewhere in every text where the original matches.
**
** The original is compiled by PCRE2 with PCRE2_UTF | PCRE2_UCP (and
** PCRE2_CASELESS if asked), so \w, \d, \s, \b and caseless letters follow Unicode.
** Compiling those Unicode classes is what makes Hyperscan slow (seconds to minutes
** for a codebook).  The widened form keeps the ASCII part of each class exact and
** lets any run of non-ASCII bytes in where the original might accept a non-ASCII
** character:
**     \w  ->  [0-9A-Z_a-z\x80-\xFF]+      \w*  ->  [0-9A-Z_a-z\x80-\xFF]*
**     \W  ->  [\x00-\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\xFF]+
** and likewise \d, \s, \p{L}, \p{N}, POSIX classes, '.', caseless letters;
** assertions (\b, ^, $, lookarounds) are dropped.  A group repeated from zero up
** to two or more times that holds every lower-case letter, a gap of words such as
** (\w+\s+){0,3}, becomes a run of every character it may hold, which Hyperscan
** compiles faster than the repeats.  Dropping a condition, widening a class and
** running a gap together only add matches, so the prefilter may say "can match"
** where PCRE2 finds nothing, never the other way round.  What the rewriter does not
** understand (backreferences, inline options, \Q..\E, verbs) makes it give up:
** the caller then uses a weaker filter.
*/
#ifndef CDR_WIDEN_H
#define CDR_WIDEN_H

#define CDR_WIDEN_CASELESS 1u /* PCRE2_CASELESS */
#define CDR_WIDEN_FOLDED_TEXT                                    \
	2u /* the text is case-folded (the normalised view): it  \
	    ** holds no Kelvin sign nor long s, which a caseless \
	    ** k or s would also match */

/* The widened form of 'regex' (valid UTF-8), for Hyperscan in byte mode (neither
** HS_FLAG_UTF8 nor HS_FLAG_UCP nor HS_FLAG_CASELESS: caseless letters are spelled
** out, in both cases, or with CDR_WIDEN_FOLDED_TEXT in lower case only, as folded
** text holds no capital), or NULL when it cannot be widened safely.  Newly
** allocated. */
char *cdr_widen_regex(const char *regex, unsigned flags);

#endif
