/*
** cmd_debug.c -- 'codeer debug STAGE [-b CODEBOOK] TEXT|FILE': one stage of coding
** in a fixed form, for golden tests of each stage (see debug.h).  Left out of the
** main help: the form may change with the stages.
*/
#include "config.h"

#include "cli.h"
#include "debug.h"
#include "input.h"

#include <stdio.h>
#include <string.h>

typedef struct debug_args {
	const char *codebook;
} debug_args;

static const cli_option debug_options[] = {
	{ "codebook", 'b', "FILE", CLI_STRING(debug_args, codebook),
	  "the codebook, for 'atoms' (default: the bundled one)" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help debug_help = {
	"Usage: codeer debug STAGE [OPTIONS] TEXT|FILE\n"
	"\n"
	"Print one stage of coding a text in a fixed form, for tests: paragraphs, norm\n"
	"(the normalised text and its map back), sentences, words, or atoms (every\n"
	"match of every atom of the codebook).  Positions are bytes of the original\n"
	"UTF-8 text.  The argument is a file if one exists by that name, else the text.\n",
	NULL, 0
};

int cmd_debug(int argc, char **argv)
{
	static const cli_option *const tables[] = { debug_options, NULL };
	debug_args a = { NULL };
	int first, status = cli_parse("debug", tables, &debug_help, argc, argv, NULL, &a, &first);
	if (status >= 0)
		return status;
	if (argc - first != 2)
		return cli_usage_error("debug", "debug takes a STAGE and a TEXT or FILE");
	const char *stage = argv[first], *arg = argv[first + 1];
	if (!cdr_debug_is_stage(stage))
		return cli_usage_error("debug", "unknown stage '%s' (use %s)", stage,
				       cdr_debug_stages);
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_doc doc = { 0 };
	cdr_buf out = CDR_BUF_INIT;
	status = CLI_EXIT_INPUT;
	if (strcmp(stage, "atoms") == 0 && !cli_load_codebook(a.codebook, &cb, &m, &d))
		goto done;
	if (cdr_input_read_arg(arg, 0, &doc, &d) == CDR_OK &&
	    cdr_debug_stage(stage, &doc, m, &out, &d) == CDR_OK) {
		fputs(cdr_buf_cstr(&out), stdout);
		status = CLI_EXIT_OK;
	}
done:
	cli_print_diag(&d);
	cdr_diag_free(&d);
	cdr_buf_free(&out);
	cdr_doc_free(&doc);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	return status;
}
