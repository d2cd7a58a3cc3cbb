/*
** match.h -- running a compiled codebook: every atom of the rule program (compile.h)
** compiled with PCRE2 (JIT) and matched against a paragraph, or, with a prefilter,
** only the atoms it lets through, words and simple phrases by the word matcher
** (words.h).
**
** A compiled matcher is immutable and may be shared by threads; each thread brings
** its own cdr_match_scratch.
*/
#ifndef CDR_MATCH_H
#define CDR_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "codebook.h"
#include "diag.h"
#include "compile.h"
#include "status.h"

typedef struct cdr_matcher cdr_matcher;             /* opaque */
typedef struct cdr_match_scratch cdr_match_scratch; /* opaque, one per thread */

/* PCRE2's limits for one match attempt; reaching one is an error (CDR_ELIMIT)
** that names the rule, never a hang. */
#define CDR_MATCH_LIMIT_DEFAULT 10000000u
#define CDR_DEPTH_LIMIT_DEFAULT 100000u

/* Compile the rules of 'cb' (borrowed: it must outlive the matcher) with PCRE2: every
** atom but those the word matcher can finish (words.h), which PCRE2 compiles only
** when it must run them.  Returns CDR_OK, or CDR_ESYNTAX with one error per bad rule
** in 'd', at the rule's place in the codebook file (for a regex, at the column PCRE2
** complains about).  The matcher starts without a prefilter and without JIT code:
** choose one with cdr_matcher_set_prefilter() before coding more than a few texts. */
cdr_rc cdr_matcher_new(const cdr_codebook *cb, cdr_matcher **out, cdr_diag *d);
void cdr_matcher_free(cdr_matcher *m);

/* The most errors a codebook gets reported in one run; then "and N more". */
#define CDR_CODEBOOK_MAX_ERRORS 20

/* Parse the codebook text t[0..len) named 'path' and compile it: *cb and *out on
** CDR_OK (free both).  A codebook with errors gets them all in one run, as a
** compiler reports them: the rules that parse are compiled and their regular
** expressions checked even when other lines have errors, and the errors come in
** file order, at most CDR_CODEBOOK_MAX_ERRORS of them.  Returns the first failing
** stage's status (CDR_ESYNTAX for errors of any stage), with *cb and *out NULL. */
cdr_rc cdr_matcher_parse(const char *path, const char *t, size_t len, cdr_codebook **cb,
			 cdr_matcher **out, cdr_diag *d);

/* The same for the codebook file at 'path' (CDR_EIO, CDR_EINPUT as cdr_doc_read). */
cdr_rc cdr_matcher_load(const char *path, cdr_codebook **cb, cdr_matcher **out, cdr_diag *d);

const cdr_program *cdr_matcher_program(const cdr_matcher *m);

/* Set PCRE2's match and depth limits for scratch spaces made after this call
** (0 keeps the default). */
void cdr_matcher_set_limits(cdr_matcher *m, uint32_t match_limit, uint32_t depth_limit);

/* How atoms are found (results are the same in every mode):
**   OFF    every atom through PCRE2 on every paragraph: the reference;
**   WORDS  a prefilter (prefilter.h) of the words of words, globs and simple
**          phrases, which are then finished natively; every other atom through
**          PCRE2 on every paragraph.  Cheap to build: for a few texts;
**   ALL    the same, and the others through PCRE2 only where their widened form
**          (widen.h) may match.  Hyperscan builds it at about 2 ms an expression
**          (0.1 s for the 364-pattern bench table, 0.8 s for the reference
**          codebook), so it pays from a few megabytes of text on.
**   LITERALS  the words, and the others through PCRE2 only where the literals
**          every match of theirs holds occur (required.h; a phrase's longest
**          word), where there are such; else always.  Built in a fraction of
**          ALL's time (literals only: codeer starts with the reference codebook
**          in 0.12 s, against 0.08 s with WORDS and 0.8 s with ALL), it lets more
**          through to PCRE2 than ALL: the stage coded while ALL is built.
** Without Hyperscan every mode is OFF. */
typedef enum cdr_prefilter_mode {
	CDR_PREFILTER_OFF,
	CDR_PREFILTER_WORDS,
	CDR_PREFILTER_ALL,
	CDR_PREFILTER_LITERALS
} cdr_prefilter_mode;

/* Use 'mode', building its prefilter the first time it is asked for, and
** JIT-compile the atoms PCRE2 will run.  Call it before any thread uses the
** matcher, and make scratch spaces after it.  Returns CDR_OK, or CDR_EINTERNAL
** with an error at each rule whose atom does not compile though the codebook let
** it through (a bug in the rule compiler); the matcher must then only be freed. */
cdr_rc cdr_matcher_set_prefilter(cdr_matcher *m, cdr_prefilter_mode mode, cdr_diag *d);

/* Start-up off the critical path: build the full prefilter (CDR_PREFILTER_ALL) on
** a thread of its own, and code meanwhile at stage 0 with 'first':
**   CDR_PREFILTER_WORDS, CDR_PREFILTER_LITERALS  that prefilter, set at once as
**                        cdr_matcher_set_prefilter() does (same contract, errors);
**   CDR_PREFILTER_OFF    every atom through PCRE2 without JIT code: nothing is built
**                        for stage 0, for a caller that waits for stage 1
**                        (cdr_matcher_wait_stage()) before it codes much.
** Once built, the full prefilter is published as stage 1, and a scratch space
** switches to it when told to (cdr_match_scratch_stage()).  Results are the same
** at either stage, so a caller may switch between any two texts.  Without
** Hyperscan no thread starts: this is cdr_matcher_set_prefilter(ALL), and the
** stage stays 0.  The build takes a core for its duration (0.1-0.9 s; see
** CDR_PREFILTER_ALL).  cdr_matcher_set_prefilter() and cdr_matcher_free() wait for
** the builder to end. */
cdr_rc cdr_matcher_set_prefilter_background(cdr_matcher *m, cdr_prefilter_mode first, cdr_diag *d);

/* Start building the full prefilter on a thread of its own, when there is
** Hyperscan and the full one is neither built nor being built (else do
** nothing), after cdr_matcher_set_prefilter() with WORDS or OFF.  Coding threads may be using the
*matcher meanwhile: the builder writes
** nothing they read before it publishes.  Call it from the thread that owns the
** matcher (the one that calls the other cdr_matcher_* functions but
** cdr_matcher_run()); if no thread can be started, the prefilter is built here and
** published all the same. */
void cdr_matcher_build_full(cdr_matcher *m);

/* 1 once the full prefilter built in the background is published, else 0.  Any
** thread may ask (an acquire load: what the builder wrote is then visible). */
int cdr_matcher_stage(const cdr_matcher *m);

/* Wait until the builder, if one was started, has ended; returns
** cdr_matcher_stage() then (0 if no build ran or it failed).  From the thread that
** owns the matcher, as cdr_matcher_build_full(). */
int cdr_matcher_wait_stage(const cdr_matcher *m);

const cdr_codebook *cdr_matcher_codebook(const cdr_matcher *m);

cdr_match_scratch *cdr_match_scratch_new(const cdr_matcher *m);
void cdr_match_scratch_free(cdr_match_scratch *s);

/* A new scratch follows the matcher: each cdr_matcher_run() uses stage 1 once it is
** published (cdr_matcher_stage()), stage 0 before.  Every stage finds the same
** matches; stage 1 is the fastest.  cdr_match_scratch_stage() pins the scratch
** instead at stage 'stage' (0 or 1, see cdr_matcher_set_prefilter_background())
** from the next run on, for a caller that decides when to switch (the pipeline's
** batches, a test of the switch); stage 1 before it is published is ignored (the
** scratch stays where it is).  Either way the scratch's Hyperscan space for a
** stage's database is made the first time it is used. */
void cdr_match_scratch_stage(const cdr_matcher *m, cdr_match_scratch *s, int stage);

/* The stage the scratch is at: its last run's, or one pinned since (0 at first). */
int cdr_match_scratch_stage_of(const cdr_match_scratch *s);

typedef struct cdr_match {
	size_t atom;       /* index into the program's atoms */
	size_t start, end; /* bytes of the text the atom ran on, end exclusive */
} cdr_match;

typedef struct cdr_matches {
	cdr_match *v;
	size_t count, cap;
} cdr_matches;

#define CDR_MATCHES_INIT   \
	{                  \
		NULL, 0, 0 \
	}

/* Append to 'out' every match of every atom, atom by atom (matches of one atom do
** not overlap): atoms of the normalised view run on norm[0..nlen), the others on
** orig[0..olen).  Returns CDR_OK; CDR_ELIMIT if an atom reached a PCRE2 limit, or
** CDR_EINTERNAL if PCRE2 failed otherwise, with an error naming the rule (the caller
** adds where in the text). */
cdr_rc cdr_matcher_run(const cdr_matcher *m, cdr_match_scratch *s, const char *norm, size_t nlen,
		       const char *orig, size_t olen, cdr_matches *out, cdr_diag *d);

void cdr_matches_free(cdr_matches *ms);

#endif
