/*
** main.c -- the codeer command: dispatches to a subcommand from one table.
**
** The command is a thin layer over libcodeer (src/lib): it parses options, turns
** library diagnostics into messages and status codes into exit codes, and prints
** help.  See doc/cli.md.
*/
#include "config.h"

#include "cli.h"
#include "mem.h"
#include "outfile.h"

#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* NULL: left out of the main help */
} command;

static const command commands[] = {
	{ "code", cmd_code, "code text files with a codebook" },
	{ "check", cmd_check, "run a codebook's examples as tests" },
	{ "explain", cmd_explain, "show which rules fire on a text, and why" },
	{ "sheet", cmd_sheet, "write every unit (or a sample) as a sheet for human coders" },
	{ "agree", cmd_agree, "measure the codebook against human codings, per code" },
	{ "diff", cmd_diff, "what a codebook change does to the coding of a corpus" },
	{ "kwic", cmd_kwic, "show every match of a rule in context, grouped by form" },
	{ "words", cmd_words, "list frequent words and phrases; what the codebook misses" },
	{ "codebook", cmd_codebook, "export a codebook to REFI-QDA (.qdc), or import one" },
	{ "debug", cmd_debug, NULL },
};

#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *f)
{
	fputs("Usage: codeer COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "codeer codes Dutch qualitative text (interview notes, transcripts, open\n"
	      "answers) with a codebook and writes the coded segments as a table.\n"
	      "\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (commands[i].summary)
			fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("  help      show help for a command\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help     show this help and exit\n"
	      "  -V, --version  show the version and exit\n"
	      "\n"
	      "Run 'codeer COMMAND --help' for a command's options.\n"
	      "Example: codeer code -o coded.tsv interview.txt notes.md\n",
	      f);
}

static const command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Killed or interrupted: no temporary output file is left behind. */
static void on_signal(int sig)
{
	cdr_outfile_remove_pending();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Past a file-size limit a write fails (EFBIG), with a message, instead. */
	signal(SIGXFSZ, SIG_IGN);
	cdr_out_of_memory_hook = cdr_outfile_remove_pending;
	/* tests/e2e/hardening.sh: a signal while an output is being written. */
	const char *pause = getenv("CODEER_TEST_COMMIT_PAUSE_MS");
	if (pause)
		cdr_outfile_set_commit_pause((unsigned)strtoul(pause, NULL, 10));
}

int main(int argc, char **argv)
{
	catch_signals();
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
	    (strcmp(name, "help") == 0 && argc == 2)) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
		printf("codeer %s\n", PACKAGE_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(name, "help") == 0) {
		const command *c = find(argv[2]);
		if (!c)
			return cli_usage_error(NULL, "no help for unknown command '%s'", argv[2]);
		char *args[] = { argv[2], "--help", NULL };
		return c->run(2, args);
	}
	const command *c = find(name);
	if (c)
		return c->run(argc - 1, argv + 1);
	if (name[0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", name);
	return cli_usage_error(NULL, "unknown command '%s'", name);
}
