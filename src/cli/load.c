/*
** load.c -- loading and compiling a codebook for a command, printing what goes
** wrong (see cli.h).
*/
#include "config.h"

#include "cli.h"

#include <stddef.h>

int cli_load_codebook(const char *path, cdr_codebook **cb, cdr_matcher **m, cdr_diag *d)
{
	*cb = NULL;
	*m = NULL;
	if (!path)
		path = cli_default_codebook();
	/* check and explain code a few texts: the words' prefilter is built in
	** milliseconds, where the full one takes a third of a second for the
	** reference codebook (check: 0.08 s, against 0.36 s with the full one). */
	if (cdr_matcher_load(path, cb, m, d) != CDR_OK ||
	    cdr_matcher_set_prefilter(*m, CDR_PREFILTER_WORDS, d) != CDR_OK) {
		cli_print_diag(d);
		cdr_diag_free(d); /* callers return at once */
		cdr_matcher_free(*m);
		*m = NULL;
		cdr_codebook_free(*cb);
		*cb = NULL;
		return 0;
	}
	cli_print_diag(d); /* warnings */
	return 1;
}
