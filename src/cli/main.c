/*
** main.c -- the codeer command: dispatches to a subcommand.
**
** The command is a thin layer over libcodeer (src/lib): it parses options, turns
** library diagnostics into messages and status codes into exit codes, and prints
** help.  See doc/cli.md.
*/
#include "config.h"

#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"Usage: codeer COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"codeer codes Dutch qualitative text (interview notes, transcripts, open\n"
	"answers) with a codebook and writes the coded segments as a table.\n"
	"\n"
	"Commands:\n"
	"  code      code text files with a codebook\n"
	"  check     run a codebook's examples as tests\n"
	"  explain   show which rules fire on a text, and why\n"
	"  codebook  export a codebook to REFI-QDA (.qdc), or import one\n"
	"  help      show help for a command\n"
	"\n"
	"Options:\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n"
	"\n"
	"Run 'codeer COMMAND --help' for a command's options.\n"
	"Example: codeer code -o coded.tsv interview.txt notes.md\n";

static int help(const char *cmd)
{
	if (!cmd) {
		fputs(usage_text, stdout);
		return CLI_EXIT_OK;
	}
	char *argv[] = { (char *)cmd, "--help", NULL };
	if (strcmp(cmd, "code") == 0)
		return cmd_code(2, argv);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(2, argv);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(2, argv);
	if (strcmp(cmd, "codebook") == 0)
		return cmd_codebook(2, argv);
	return cli_usage_error(NULL, "no help for unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return CLI_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0)
		return help(NULL);
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("codeer %s\n", PACKAGE_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0)
		return help(argc > 2 ? argv[2] : NULL);
	if (strcmp(cmd, "code") == 0)
		return cmd_code(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(argc - 1, argv + 1);
	if (strcmp(cmd, "codebook") == 0)
		return cmd_codebook(argc - 1, argv + 1);
	if (cmd[0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", cmd);
	return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
