/*
** invariant.h -- CDR_ASSERT(cond): the invariants the headers state, checked in
** test and sanitizer builds (configure --enable-asserts, which --enable-sanitizers
** turns on) and compiled out of release builds, where 'cond' is not evaluated (only
** its type is looked at, so that what it names counts as used).
**
** An assertion that fails is a bug in codeer, not a problem with the input: like
** running out of memory (mem.h), it is fatal, and it is the library's one other
** message of its own: "codeer: internal error: ..." on standard error, then abort().
** The checks themselves (cdr_norm_valid(), cdr_spans_valid(), cdr_codings_valid())
** are ordinary functions in every build, so that tests can call them.
*/
#ifndef CDR_INVARIANT_H
#define CDR_INVARIANT_H

#ifdef CDR_ASSERTS
#define CDR_ASSERT(cond) \
	((cond) ? (void)0 : cdr_invariant_failed(#cond, __FILE__, __LINE__, __func__))
#else
#define CDR_ASSERT(cond) ((void)sizeof(!(cond))) /* not evaluated; its variables used */
#endif

/* Print which invariant failed, where, and abort(). */
_Noreturn void cdr_invariant_failed(const char *cond, const char *file, int line, const char *func);

#endif
