/*
** cli.h -- what the codeer command's files share: exit codes, messages, and where
** the bundled reference codebook lives.
*/
#ifndef CLI_H
#define CLI_H

#include "codebook.h"
#include "diag.h"
#include "match.h"

/* Exit status, the contract of doc/cli.md. */
enum cli_exit {
	CLI_EXIT_OK = 0,    /* success */
	CLI_EXIT_INPUT = 1, /* bad input or codebook, or an I/O error */
	CLI_EXIT_USAGE = 2  /* bad usage */
};

/* "codeer: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A usage error for 'cmd': the message, then a pointer to its --help; returns
** CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print every item of 'd' to stderr and empty it. */
void cli_print_diag(cdr_diag *d);

/* The path of the bundled reference codebook: $CODEER_DATADIR if set, the source
** tree when this binary runs from its build tree, else the installed copy. */
const char *cli_default_codebook(void);

/* The bundled codebook's file name. */
#define CLI_REFERENCE_CODEBOOK "ondermijning.codebook"

/* Load the codebook at 'path' (NULL: the bundled one) and compile it.  Prints
** warnings and errors; returns 1 on success, 0 (with *cb and *m NULL) on failure. */
int cli_load_codebook(const char *path, cdr_codebook **cb, cdr_matcher **m, cdr_diag *d);

int cmd_code(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_codebook(int argc, char **argv);

#endif
