/*
** invariant.c -- what a failed CDR_ASSERT does (see invariant.h).
*/
#include "config.h"

#include "invariant.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void cdr_invariant_failed(const char *cond, const char *file, int line, const char *func)
{
	fprintf(stderr, "codeer: internal error: %s:%d: %s: invariant '%s' does not hold\n", file,
		line, func, cond);
	abort();
}
