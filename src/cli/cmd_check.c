/*
** cmd_check.c -- 'codeer check': parse and compile a codebook and run its examples
** as tests: an example must be coded with its code, a not-example must not.
*/
#include "config.h"

#include "cli.h"
#include "coder.h"
#include "eval.h"
#include "explain.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_args {
	int quiet;
} check_args;

static const cli_option check_options[] = { { "quiet", 'q', NULL, CLI_FLAG(check_args, quiet),
					      "print only failures and the total" },
					    CLI_HELP_OPTION,
					    CLI_END };

static const cli_help check_help = {
	"Usage: codeer check [OPTIONS] [CODEBOOK]\n"
	"\n"
	"Parse and compile a codebook and run its examples as tests: every 'example:'\n"
	"must be coded with its code, every 'not-example:' must not.  For a failure,\n"
	"show the example and, rule by rule, what matched or why nothing did.\n"
	"With no CODEBOOK, check the bundled reference codebook (" CLI_REFERENCE_CODEBOOK ").\n",
	"Exit status: 0 all examples pass, 1 an example fails or the codebook has\n"
	"errors, 2 bad usage.\n",
	0
};

int cmd_check(int argc, char **argv)
{
	static const cli_option *const tables[] = { check_options, NULL };
	check_args a = { 0 };
	int first, status = cli_parse("check", tables, &check_help, argc, argv, NULL, &a, &first);
	if (status >= 0)
		return status;
	if (argc - first > 1)
		return cli_usage_error("check", "check takes one codebook");

	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb;
	cdr_matcher *m;
	cdr_coder *coder = NULL;
	if (!cli_load_codebook(first < argc ? argv[first] : NULL, &cb, &m, &d))
		return CLI_EXIT_INPUT;
	if (cdr_coder_new(m, CDR_UNIT_PARAGRAPH, &coder, &d) != CDR_OK) {
		cli_print_diag(&d);
		cdr_matcher_free(m);
		cdr_codebook_free(cb);
		return CLI_EXIT_INPUT;
	}

	cdr_buf report = CDR_BUF_INIT;
	size_t failed = 0;
	cdr_explain_check(coder, a.quiet, &report, &failed, &d);
	fputs(cdr_buf_cstr(&report), stdout);
	cli_print_diag(&d);
	cdr_buf_free(&report);
	cdr_diag_free(&d);
	cdr_coder_free(coder);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	return failed ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
