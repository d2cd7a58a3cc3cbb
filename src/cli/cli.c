/*
** cli.c -- messages and the location of the bundled codebook (see cli.h).
*/
#include "config.h"

#include "cli.h"
#include "mem.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void vmessage(const char *fmt, va_list ap)
{
	fputs("codeer: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "codeer: try 'codeer %s --help' for more information\n", cmd);
	else
		fputs("codeer: try 'codeer --help' for more information\n", stderr);
	return CLI_EXIT_USAGE;
}

int cli_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 &&
	       stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void cli_print_diag(cdr_diag *d)
{
	cdr_buf out = CDR_BUF_INIT;
	for (size_t i = 0; i < d->count; i++)
		cdr_diag_render(&d->items[i], &out);
	fputs(cdr_buf_cstr(&out), stderr);
	cdr_buf_free(&out);
	cdr_diag_clear(d);
}

char *cli_data_file(const char *name, const char *what, char *path, size_t cap)
{
	const char *env = getenv("CODEER_DATADIR");

	if (env && *env) {
		snprintf(path, cap, "%s/%s", env, name);
		if (access(path, R_OK) != 0)
			cli_error("note: CODEER_DATADIR is '%s': codeer looks for the bundled "
				  "%s at %s",
				  env, what, path);
		return path;
	}
	/* Running from the build tree (not installed): use the source tree's copy. */
	char self[PATH_MAX], built[PATH_MAX];
	if (realpath("/proc/self/exe", self) && realpath(CODEER_BUILD_EXE, built) &&
	    strcmp(self, built) == 0) {
		char dir[PATH_MAX];
		snprintf(path, cap, "%s/%s",
			 realpath(CODEER_SOURCE_CODEBOOKS, dir) ? dir : CODEER_SOURCE_CODEBOOKS,
			 name);
		return path;
	}
	snprintf(path, cap, "%s/%s", CODEER_PKGDATADIR, name);
	return path;
}

const char *cli_default_codebook(void)
{
	static char path[PATH_MAX + 64];
	return cli_data_file(CLI_REFERENCE_CODEBOOK, "codebook", path, sizeof path);
}
