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
	if (cdr_codebook_load(path, cb, d) != CDR_OK || cdr_matcher_new(*cb, m, d) != CDR_OK) {
		cli_print_diag(d);
		cdr_codebook_free(*cb);
		*cb = NULL;
		return 0;
	}
	cli_print_diag(d); /* warnings */
	return 1;
}
