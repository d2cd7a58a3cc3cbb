/*
** cmd_codebook.c -- 'codeer codebook export' and 'codeer codebook import': the
** REFI-QDA codebook exchange file (.qdc) that QDA tools read and write.
*/
#include "config.h"

#include "cli.h"
#include "mem.h"
#include "outfile.h"
#include "refi.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char codebook_help[] =
	"Usage: codeer codebook export [-b CODEBOOK] -o FILE.qdc\n"
	"       codeer codebook import FILE.qdc -o FILE.codebook\n"
	"\n"
	"export  write the codebook's codes (labels, colours, definitions, groups as\n"
	"        folders) as a REFI-QDA codebook (.qdc) for ATLAS.ti, MAXQDA, NVivo or\n"
	"        QualCoder; default: the bundled reference codebook\n"
	"import  turn a .qdc from a QDA tool into a codeer codebook with the same codes\n"
	"        (ids made from the names, labels, colours, definitions, the folder\n"
	"        hierarchy as groups), ready for rules\n"
	"\n"
	"Options:\n"
	"  -b, --codebook FILE  (export) the codebook to export\n"
	"  -o, --output FILE    where to write; '-' for standard output\n"
	"  -h, --help           show this help and exit\n";

int cmd_codebook(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "codebook", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *codebook_path = NULL, *output = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":b:ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			codebook_path = optarg;
			break;
		case 'h':
			fputs(codebook_help, stdout);
			return CLI_EXIT_OK;
		case 'o':
			output = optarg;
			break;
		case ':':
			return cli_usage_error("codebook", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("codebook", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("codebook", "say 'export' or 'import'");
	const char *what = argv[optind++];
	if (!output)
		return cli_usage_error("codebook", "name the output with -o FILE ('-' for stdout)");

	cdr_diag d = CDR_DIAG_INIT;
	cdr_refi_options opt = { 0 };
	int status = CLI_EXIT_INPUT;
	if (strcmp(what, "export") == 0) {
		if (optind != argc)
			return cli_usage_error("codebook",
					       "export takes no arguments (use -b CODEBOOK)");
		cdr_codebook *cb = NULL;
		cdr_matcher *m = NULL;
		if (!cli_load_codebook(codebook_path, &cb, &m, &d))
			return CLI_EXIT_INPUT;
		if (cdr_qdc_write(output, cb, &opt, &d) == CDR_OK)
			status = CLI_EXIT_OK;
		cdr_matcher_free(m);
		cdr_codebook_free(cb);
	} else if (strcmp(what, "import") == 0) {
		if (optind + 1 != argc)
			return cli_usage_error("codebook", "import takes one .qdc file");
		cdr_buf text = CDR_BUF_INIT;
		cdr_outfile out;
		if (cdr_qdc_to_codebook(argv[optind], &opt, &text, &d) == CDR_OK &&
		    cdr_outfile_open(&out, output, &d) == CDR_OK) {
			if (cdr_outfile_write(&out, text.data, text.len, &d) == CDR_OK &&
			    cdr_outfile_commit(&out, &d) == CDR_OK)
				status = CLI_EXIT_OK;
			else
				cdr_outfile_abort(&out);
		}
		cdr_buf_free(&text);
	} else {
		return cli_usage_error("codebook", "unknown action '%s' (use export or import)",
				       what);
	}
	cli_print_diag(&d);
	cdr_diag_free(&d);
	return status;
}
