/*
** cmd_diff.c -- 'codeer diff': what a codebook change does to the coding of a
** corpus (doc/diff.md).  OLD and NEW are codebooks (files, or REV:PATH read with
** 'git show': gitfile.h), then the inputs, as for 'code'; or two tables 'code'
** wrote (diff.h).  The corpus is coded under both in one run (diff_corpus.h) and
** the report (diff_report.h) written at the end.
*/
#include "config.h"

#include "cli.h"
#include "corpus.h"
#include "diff_corpus.h"
#include "diff_report.h"
#include "gitfile.h"
#include "mem.h"
#include "outfile.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct diff_run {
	cli_corpus corpus; /* first: the shared rows store into it; codes with OLD */
	const char *output;
	int format; /* a cdr_diff_format */
	int stat, color, no_color, exit_code;
	const char *old_name, *new_name;
	cdr_codebook *ncb; /* NEW */
	cdr_matcher *nm;
	cdr_diff_corpus *dc;
} diff_run;

static const cli_choice formats[] = {
	{ "text", CDR_DIFF_TEXT }, { "tsv", CDR_DIFF_TSV }, { "json", CDR_DIFF_JSON }, { NULL, 0 }
};

static const cli_option diff_options[] = {
	{ "output", 'o', "FILE", CLI_STRING(diff_run, output),
	  "where to write (default: standard output)" },
	{ "format", 0, "F", CLI_CHOICE(diff_run, format, formats),
	  "text (the default: by code, with the words and the\n"
	  "cause of each change), tsv (one row per change) or\n"
	  "json" },
	{ "stat", 0, NULL, CLI_FLAG(diff_run, stat),
	  "only a line per changed code (+gained -lost ~polarity)\n"
	  "and the total" },
	{ "color", 0, NULL, CLI_FLAG(diff_run, color),
	  "colour the text even when not on a terminal" },
	{ "no-color", 0, NULL, CLI_FLAG(diff_run, no_color),
	  "no colour (the default in a pipe or a file)" },
	{ "exit-code", 0, NULL, CLI_FLAG(diff_run, exit_code),
	  "exit 1 when the coding differs (as 'git diff\n"
	  "--exit-code'), 0 when it does not" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help diff_help = {
	"Usage: codeer diff [OPTIONS] OLD NEW INPUT...\n"
	"       codeer diff [OPTIONS] OLD.tsv NEW.tsv\n"
	"\n"
	"Show what a codebook change does to the coding of a corpus: for each code, the\n"
	"units that gain it and those that lose it, and the units whose polarity\n"
	"changes, each with its text (the matched words marked) and the cause: the\n"
	"rule that is new or gone, the exception that now cancels a match, the\n"
	"obstacle cue.  Codes added, removed and renamed (the same rules under a new\n"
	"id) are said as such.\n"
	"\n"
	"OLD and NEW are codebook files, or REV:PATH for a codebook as git has it in\n"
	"commit REV (PATH as on the command line, in the repository that holds it):\n"
	"  codeer diff HEAD:codebooks/x.codebook codebooks/x.codebook corpus/\n"
	"INPUT as for 'codeer code' (give '-' for standard input).  With two operands,\n"
	"they are two tables 'codeer code' wrote (TSV) of the same corpus: the rows\n"
	"are compared, with their rule column as the cause.\n",
	"Exit status: 0 success (with or without differences), 1 bad input or codebook,\n"
	"2 bad usage.  With --exit-code, 1 also when the coding differs: a script that\n"
	"must tell the two apart reads stderr (trouble always says why there) or\n"
	"leaves --exit-code out and tests whether --format tsv gives any row.\n"
	"\n"
	"Examples:\n"
	"  codeer diff old.codebook new.codebook interviews/\n"
	"  codeer diff --stat HEAD:mijn.codebook mijn.codebook antwoorden.csv\n"
	"  codeer diff --format tsv -o changes.tsv oud.tsv nieuw.tsv\n",
	0
};

static void format_job(void *ctx, cdr_pipeline_job *j, cdr_buf *out)
{
	cdr_diff_corpus_format(((diff_run *)ctx)->dc, j, out);
}

static int write_job(void *ctx, cdr_pipeline_job *j)
{
	cdr_diff_corpus_take(((diff_run *)ctx)->dc, j);
	return 0;
}

/* Write the report 'rep' to the output.  Returns the exit status. */
static int write_report(diff_run *r, cdr_diff_report *rep, cdr_diag *d)
{
	int tty = strcmp(r->output, "-") == 0 && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	cdr_buf b = CDR_BUF_INIT;
	cdr_diff_report_render(rep, r->stat ? CDR_DIFF_STAT : (cdr_diff_format)r->format,
			       !r->no_color && (r->color || tty), &b);
	int status = cdr_outfile_put(r->output, b.data, b.len, d) != CDR_OK ? CLI_EXIT_INPUT
		     : r->exit_code && cdr_diff_report_differs(rep)         ? CLI_EXIT_INPUT
									    : CLI_EXIT_OK;
	cdr_buf_free(&b);
	cdr_diff_report_free(rep);
	return status;
}

static int diff_tables(diff_run *r)
{
	cdr_diag *d = &r->corpus.diag;
	cdr_table_diff td;
	int status = CLI_EXIT_INPUT;
	if (cdr_table_diff_run(r->old_name, r->new_name, &td, d) == CDR_OK)
		status = write_report(r, cdr_diff_report_tables(&td, r->old_name, r->new_name), d);
	cdr_table_diff_free(&td);
	return status;
}

static int diff_codebooks(diff_run *r, char **inputs, int n)
{
	cli_corpus *c = &r->corpus;
	/* Both codebooks' errors before giving up. */
	int ok = cdr_gitfile_load_codebook(r->old_name, &c->cb, &c->diag) == CDR_OK &&
		 cdr_matcher_new(c->cb, &c->matcher, &c->diag) == CDR_OK;
	ok &= cdr_gitfile_load_codebook(r->new_name, &r->ncb, &c->diag) == CDR_OK &&
	      cdr_matcher_new(r->ncb, &r->nm, &c->diag) == CDR_OK;
	cli_print_diag(&c->diag);
	if (!ok)
		return CLI_EXIT_INPUT;
	int status = cli_corpus_open(c, "diff", inputs, n,
				     strcmp(r->output, "-") == 0 ? NULL : r->output);
	if (status != CLI_EXIT_OK)
		return status;
	/* NEW's full prefilter is built on a thread of its own, as OLD's is, the two at
	** once; NEW codes with its literals' one until it is published (diff.c). */
	if (cdr_run_prepare_matcher(c->run, r->nm, &c->diag) != CDR_OK)
		return CLI_EXIT_INPUT;
	r->dc = cdr_diff_corpus_new(c->matcher, r->nm, cli_corpus_unit(c, 0),
				    cli_corpus_unit(c, 1));
	if (cli_corpus_run(c, format_job, write_job, r) != CLI_EXIT_OK)
		return CLI_EXIT_INPUT;
	return write_report(r,
			    cdr_diff_report_codebooks(cdr_diff_corpus_cbdiff(r->dc),
						      cdr_diff_corpus_changes(r->dc), r->old_name,
						      r->new_name),
			    &c->diag);
}

int cmd_diff(int argc, char **argv)
{
	/* The shared rows but -b: the codebooks are OLD and NEW. */
	cli_option *corpus_rows =
		cli_options_without(cli_corpus_options, (const char *const[]){ "codebook", NULL });
	const cli_option *const tables[] = { corpus_rows, diff_options, NULL };
	diff_run r = { .output = "-" };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c);
	int first, status = cli_parse("diff", tables, &diff_help, argc, argv, NULL, &r, &first);
	if (status >= 0)
		goto done;
	int n = argc - first;
	if (n < 2) {
		status = cli_usage_error("diff", "diff takes OLD NEW INPUT... (two codebooks and "
						 "the inputs) or OLD.tsv NEW.tsv (two tables)");
		goto done;
	}
	if (r.stat && r.format != CDR_DIFF_TEXT) {
		status = cli_usage_error("diff", "--stat is a text format: leave out --format");
		goto done;
	}
	r.old_name = argv[first];
	r.new_name = argv[first + 1];
	status = n == 2 ? diff_tables(&r) : diff_codebooks(&r, argv + first + 2, n - 2);
done:
	cdr_diff_corpus_free(r.dc);
	cli_corpus_free(c); /* OLD's codebook and matcher */
	cdr_matcher_free(r.nm);
	cdr_codebook_free(r.ncb);
	free(corpus_rows);
	return status;
}
