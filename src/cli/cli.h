/*
** cli.h -- what the codeer command's files share: exit codes, messages, the table
** of commands, option tables with one parsing loop and help made from the rows,
** and where the bundled reference codebook lives.
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

/* ------------------------------------------------------------- options --- */

/* One row of a command's option table.  A row with a NULL 'name' and a 'help' is
** a section heading in --help; a row with both NULL ends the table. */
typedef struct cli_option {
	const char *name; /* the long name, without "--" */
	char letter;      /* the short name, or 0 */
	const char *arg;  /* the value's name in --help ("FILE"); NULL: takes none */
	int id;           /* what the handler is given: the letter, or a number >= 256 */
	const char *help; /* the text in --help; '\n' starts a new line */
} cli_option;

#define CLI_SECTION(text)              \
	{                              \
		NULL, 0, NULL, 0, text \
	}
#define CLI_END                        \
	{                              \
		NULL, 0, NULL, 0, NULL \
	}
/* Every command's last option row. */
#define CLI_HELP_OPTION                                           \
	{                                                         \
		"help", 'h', NULL, 'h', "show this help and exit" \
	}

/* A command's help: the usage and description before the options, and what
** follows them (either may be NULL). */
typedef struct cli_help {
	const char *before;
	const char *after;
	int formats; /* list the output formats (writer.h) after the options */
} cli_help;

/* Called for each option given: 'id' from its row, 'value' its argument (NULL if
** it takes none).  Returns CLI_EXIT_OK to go on, or an exit status to stop with
** (after printing why, e.g. with cli_usage_error). */
typedef int (*cli_option_fn)(void *ctx, int id, const char *value);

/* Parse the options of command 'cmd' (argv[0] is its name) by the tables 'opts'
** (a NULL-terminated list, so commands can share rows), calling 'fn' for each.  --help prints the
*help made from 'help' and 'opts' to
** stdout.  Returns -1 when the operands start at argv[*first], else the exit
** status to end with (0 after --help, 2 after a usage error). */
int cli_parse(const char *cmd, const cli_option *const *opts, const cli_help *help, int argc,
	      char **argv, cli_option_fn fn, void *ctx, int *first);

/* A copy of the table 'from' without the rows whose id is in drop[] (ended by 0),
** for a command that shares a table but for a few rows; free() it. */
cli_option *cli_options_without(const cli_option *from, const int *drop);

/* Print the help of the tables 'opts' (the "Options:" block) to 'out' (a FILE *). */
void cli_print_options(const cli_option *const *opts, void *out);

/* Parse a size with an optional K, M or G suffix into *size; 0 if 's' is not a
** positive size. */
int cli_parse_size(const char *s, size_t *size);

/* Parse a whole number in [min, max] into *v; 0 if 's' is not one. */
int cli_parse_number(const char *s, unsigned long min, unsigned long max, unsigned long *v);

/* ------------------------------------------------------------ messages --- */

/* "codeer: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A usage error for 'cmd': the message, then a pointer to its --help; returns
** CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 if the paths name one existing file (not "-"): an output that is an input. */
int cli_same_file(const char *a, const char *b);

/* Print every item of 'd' to stderr and empty it. */
void cli_print_diag(cdr_diag *d);

/* ------------------------------------------------------------ codebook --- */

/* The path of the bundled reference codebook: $CODEER_DATADIR if set, the source
** tree when this binary runs from its build tree, else the installed copy. */
const char *cli_default_codebook(void);

/* The bundled codebook's file name. */
#define CLI_REFERENCE_CODEBOOK "ondermijning.codebook"

/* Load the codebook at 'path' (NULL: the bundled one) and compile it.  Prints
** warnings and errors; returns 1 on success, 0 (with *cb and *m NULL, and 'd'
** freed) on failure. */
int cli_load_codebook(const char *path, cdr_codebook **cb, cdr_matcher **m, cdr_diag *d);

/* ------------------------------------------------------------- reports --- */

/* --format of a command that writes one report: 'v' is text (0), tsv (1) or json
** (2), stored in *format; else a usage error's status. */
int cli_report_format(const char *cmd, const char *v, int *format);

/* Write 'report' to 'path' ("-": stdout) through a temporary file that replaces
** it only when all is written.  Returns CLI_EXIT_OK, or CLI_EXIT_INPUT with the
** error in 'd'. */
int cli_write_report(const char *path, const cdr_buf *report, cdr_diag *d);

/* ------------------------------------------------------------ commands --- */

int cmd_code(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_codebook(int argc, char **argv);
int cmd_debug(int argc, char **argv);
int cmd_agree(int argc, char **argv);
int cmd_sheet(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_kwic(int argc, char **argv);
int cmd_words(int argc, char **argv);

#endif
