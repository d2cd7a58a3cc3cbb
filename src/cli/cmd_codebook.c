/*
** cmd_codebook.c -- 'codeer codebook export' and 'codeer codebook import': the
** REFI-QDA codebook exchange file (.qdc) that QDA tools read and write, and
** dictionaries from other tools (dict.h).
*/
#include "config.h"

#include "cbimport.h"
#include "cli.h"
#include "outfile.h"
#include "refi_write.h"

#include <stdio.h>
#include <string.h>

typedef struct codebook_args {
	const char *codebook_path, *output, *merge;
} codebook_args;

static const cli_option codebook_options[] = {
	{ "codebook", 'b', "FILE", CLI_STRING(codebook_args, codebook_path),
	  "(export) the codebook to export" },
	{ "output", 'o', "FILE", CLI_STRING(codebook_args, output),
	  "where to write; '-' for standard output" },
	{ "merge", 'm', "CODEBOOK", CLI_STRING(codebook_args, merge),
	  "(import of a .qdc) merge its labels, definitions,\n"
	  "colours and groups into this codebook, keeping its\n"
	  "ids, rules and examples; says what changed" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help codebook_help = {
	"Usage: codeer codebook export [-b CODEBOOK] -o FILE.qdc\n"
	"       codeer codebook import FILE -o FILE.codebook\n"
	"       codeer codebook import FILE.qdc --merge CODEBOOK -o FILE.codebook\n"
	"\n"
	"export  write the codebook's codes (labels, colours, definitions, groups as\n"
	"        folders) as a REFI-QDA codebook (.qdc) for ATLAS.ti, MAXQDA, NVivo or\n"
	"        QualCoder; default: the bundled reference codebook\n"
	"import  turn a .qdc from a QDA tool into a codeer codebook with the same codes\n"
	"        (ids made from the names, labels, colours, definitions, the folder\n"
	"        hierarchy as groups), ready for rules; or a dictionary from another\n"
	"        tool into a codebook with its rules: LIWC (.dic), quanteda YAML (.yml,\n"
	"        .yaml), WordStat (.cat) or a pattern table saved as .csv, each\n"
	"        category a code, nested categories groups, wildcards as globs\n"
	"        (every command's -b also reads these files directly; doc/import.md)\n",
	NULL, 0
};

/* 's' on standard error with its line ends as spaces (a definition's lines). */
static void print_one_line(const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' ? ' ' : *s, stderr);
}

/* Say on standard error what a merge changed, added and left alone. */
static void print_merge(const cdr_merge_report *rep, const char *qdc, const char *codebook)
{
	size_t changed = 0, added = 0, only = 0;
	for (size_t i = 0; i < rep->count; i++) {
		const cdr_merge_change *c = &rep->v[i];
		switch (c->kind) {
		case CDR_MERGE_CHANGED:
			changed++;
			fprintf(stderr, "codeer: changed %s: %s '", c->id, c->field);
			print_one_line(c->old_value);
			fputs("' -> '", stderr);
			print_one_line(c->new_value);
			fputs("'\n", stderr);
			break;
		case CDR_MERGE_ADDED:
			added++;
			fprintf(stderr, "codeer: added %s ('%s', %s line %zu): no rules yet\n",
				c->id, c->new_value, qdc, c->line);
			break;
		case CDR_MERGE_ONLY_CODEBOOK:
			only++;
			fprintf(stderr, "codeer: only in %s: %s (line %zu), kept as it is\n",
				codebook, c->id, c->line);
			break;
		}
	}
	fprintf(stderr,
		"codeer: merged %s into %s: %zu code%s matched (%zu by label), %zu change%s, "
		"%zu added, %zu only in the codebook\n",
		qdc, codebook, rep->matched, rep->matched == 1 ? "" : "s", rep->by_label, changed,
		changed == 1 ? "" : "s", added, only);
}

int cmd_codebook(int argc, char **argv)
{
	static const cli_option *const tables[] = { codebook_options, NULL };
	codebook_args a = { NULL, NULL, NULL };
	int first;
	int status = cli_parse("codebook", tables, &codebook_help, argc, argv, NULL, &a, &first);
	if (status >= 0)
		return status;
	const char *codebook_path = a.codebook_path, *output = a.output;
	if (first >= argc)
		return cli_usage_error("codebook", "say 'export' or 'import'");
	const char *what = argv[first++];
	if (!output)
		return cli_usage_error("codebook", "name the output with -o FILE ('-' for stdout)");

	const char *input = strcmp(what, "export") == 0 ? codebook_path
			    : first < argc              ? argv[first]
							: NULL;
	if (input && cli_same_file(input, output)) {
		cli_error("%s: the output file is also an input; refusing to overwrite it", output);
		return CLI_EXIT_INPUT;
	}
	cdr_diag d = CDR_DIAG_INIT;
	cdr_refi_options opt = { 0 };
	status = CLI_EXIT_INPUT;
	if (strcmp(what, "export") == 0) {
		if (first != argc)
			return cli_usage_error("codebook",
					       "export takes no arguments (use -b CODEBOOK)");
		if (a.merge)
			return cli_usage_error("codebook", "--merge goes with import");
		cdr_codebook *cb = NULL;
		cdr_matcher *m = NULL;
		if (!cli_load_codebook(codebook_path, &cb, &m, &d))
			return CLI_EXIT_INPUT;
		if (cdr_qdc_write(output, cb, &opt, &d) == CDR_OK)
			status = CLI_EXIT_OK;
		cdr_matcher_free(m);
		cdr_codebook_free(cb);
	} else if (strcmp(what, "import") == 0) {
		if (first + 1 != argc)
			return cli_usage_error("codebook", "import takes one file");
		if (a.merge && !cdr_codebook_import_is_qdc(argv[first]))
			return cli_usage_error("codebook",
					       "--merge takes a REFI-QDA codebook (.qdc) to merge");
		cdr_buf text = CDR_BUF_INIT;
		cdr_merge_report rep = { 0 };
		cdr_rc rc = a.merge ? cdr_codebook_import_merge(argv[first], a.merge, &opt, &text,
								&rep, &d)
				    : cdr_codebook_import(argv[first], &opt, &text, &d);
		if (rc == CDR_OK && a.merge)
			print_merge(&rep, argv[first], a.merge);
		cdr_merge_report_free(&rep);
		if (rc == CDR_OK && cdr_outfile_put(output, text.data, text.len, &d) == CDR_OK)
			status = CLI_EXIT_OK;
		cdr_buf_free(&text);
	} else {
		return cli_usage_error("codebook", "unknown action '%s' (use export or import)",
				       what);
	}
	cli_print_diag(&d);
	cdr_diag_free(&d);
	return status;
}
