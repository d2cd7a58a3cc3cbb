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

#include <stddef.h>

/* Exit status, the contract of doc/cli.md. */
enum cli_exit {
	CLI_EXIT_OK = 0,    /* success */
	CLI_EXIT_INPUT = 1, /* bad input or codebook, or an I/O error */
	CLI_EXIT_USAGE = 2  /* bad usage */
};

/* ------------------------------------------------------------- options --- */

/* What the parsing loop does with an option given.  The typed kinds store the
** value at 'offset' in the context given to cli_parse (a field of 'width' bytes) and
** write the usage error themselves, in one wording for every command. */
typedef enum cli_kind {
	CLI_KIND_CALL,   /* call the command's handler with 'value' as the id */
	CLI_KIND_SET,    /* store 'value' (a flag: 1) */
	CLI_KIND_STRING, /* store the argument (a const char *) */
	CLI_KIND_NUMBER, /* store a whole number in [min, max] */
	CLI_KIND_SIZE,   /* store a size_t with an optional K, M or G suffix */
	CLI_KIND_CHOICE, /* store the value of the word of 'choices' given */
	CLI_KIND_LIST,   /* add the argument to a growing const char ** (free() it), its
			 ** count a size_t at 'count'; at most 'max' of them */
	CLI_KIND_HELP    /* print --help */
} cli_kind;

/* A word a choice option takes and the value it stores.  A word whose value an
** earlier word has is an alias, left out of the usage error.  Ended by a NULL name. */
typedef struct cli_choice {
	const char *name;
	long value;
} cli_choice;

/* One row of a command's option table.  A row with a NULL 'name' and a 'help' is
** a section heading in --help; a row with both NULL ends the table.  Rows are
** written with the macros below: { "jobs", 'j', "N", CLI_NUMBER(ctx, jobs, 1, 256),
** "help" }. */
typedef struct cli_option {
	const char *name; /* the long name, without "--" */
	char letter;      /* the short name, or 0 */
	const char *arg;  /* the value's name in --help ("FILE"); NULL: takes none */
	cli_kind kind;
	size_t offset, width;      /* where the typed kinds store, in the context */
	long value;                /* SET: what is stored; CALL: the handler's id */
	unsigned long min, max;    /* NUMBER: the range; LIST: the most (0: no limit) */
	const cli_choice *choices; /* CHOICE */
	size_t count;              /* LIST: where the count is */
	const char *help;          /* the text in --help; '\n' starts a new line */
} cli_option;

/* The field 'member' of the context type 'type'. */
#define CLI_AT(type, member) offsetof(type, member), sizeof(((type *)0)->member)

#define CLI_CALL(id)             CLI_KIND_CALL, 0, 0, (id), 0, 0, NULL, 0
#define CLI_SET(type, member, v) CLI_KIND_SET, CLI_AT(type, member), (v), 0, 0, NULL, 0
#define CLI_FLAG(type, member)   CLI_SET(type, member, 1)
#define CLI_STRING(type, member) CLI_KIND_STRING, CLI_AT(type, member), 0, 0, 0, NULL, 0
#define CLI_SIZE(type, member)   CLI_KIND_SIZE, CLI_AT(type, member), 0, 0, 0, NULL, 0
#define CLI_NUMBER(type, member, lo, hi) \
	CLI_KIND_NUMBER, CLI_AT(type, member), 0, (lo), (hi), NULL, 0
#define CLI_CHOICE(type, member, words) CLI_KIND_CHOICE, CLI_AT(type, member), 0, 0, 0, (words), 0
#define CLI_LIST(type, member, n, most) \
	CLI_KIND_LIST, CLI_AT(type, member), 0, 0, (most), NULL, offsetof(type, n)

#define CLI_SECTION(text)    \
	{                    \
		.help = text \
	}
#define CLI_END   \
	{         \
		0 \
	}
/* Every command's last option row. */
#define CLI_HELP_OPTION                                                   \
	{                                                                 \
		"help", 'h', NULL, CLI_KIND_HELP, 0, 0, 0, 0, 0, NULL, 0, \
			"show this help and exit"                         \
	}

/* A command's help: the usage and description before the options, and what
** follows them (either may be NULL). */
typedef struct cli_help {
	const char *before;
	const char *after;
	int formats; /* list the output formats (writer.h) after the options */
} cli_help;

/* Called for each CLI_CALL option given: 'id' from its row, 'value' its argument
** (NULL if it takes none).  Returns CLI_EXIT_OK to go on, or an exit status to stop
** with (after printing why, e.g. with cli_usage_error). */
typedef int (*cli_option_fn)(void *ctx, int id, const char *value);

/* Parse the options of command 'cmd' (argv[0] is its name) by the tables 'opts'
** (a NULL-terminated list, so commands can share rows), storing the typed ones in
** 'ctx' and calling 'fn' (NULL if no row is CLI_CALL) for the others.  --help
** prints the help made from 'help' and 'opts' to stdout.  Returns -1 when the
** operands start at argv[*first], else the exit status to end with (0 after
** --help, 2 after a usage error). */
int cli_parse(const char *cmd, const cli_option *const *opts, const cli_help *help, int argc,
	      char **argv, cli_option_fn fn, void *ctx, int *first);

/* A copy of the table 'from' without the rows named in drop[] (ended by NULL),
** for a command that shares a table but for a few rows; free() it. */
cli_option *cli_options_without(const cli_option *from, const char *const *drop);

/* The words of --format of a command that writes one report: text (0), tsv (1)
** and json (2). */
extern const cli_choice cli_report_formats[];

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

/* The path of the bundled data file 'name' (what it is, for a note: "codebook")
** in path[0..cap): in $CODEER_DATADIR if set, the source tree's codebooks/ when
** this binary runs from its build tree, else the installed copy.  Returns path. */
char *cli_data_file(const char *name, const char *what, char *path, size_t cap);

/* The path of the bundled reference codebook (cli_data_file()), in a buffer of its
** own. */
const char *cli_default_codebook(void);

/* The bundled codebook's file name. */
#define CLI_REFERENCE_CODEBOOK "ondermijning.codebook"

/* Load the codebook at 'path' (NULL: the bundled one) and compile it.  Prints
** warnings and errors; returns 1 on success, 0 (with *cb and *m NULL, and 'd'
** freed) on failure. */
int cli_load_codebook(const char *path, cdr_codebook **cb, cdr_matcher **m, cdr_diag *d);

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
