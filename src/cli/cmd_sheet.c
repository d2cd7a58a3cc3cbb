/*
** cmd_sheet.c -- 'codeer sheet': every unit of a corpus (or a random sample of
** them) as a coding sheet for people to code by hand, for 'codeer agree'.
*/
#include "config.h"

#include "cli.h"
#include "corpus.h"
#include "sheet.h"

typedef struct sheet_run {
	cli_corpus corpus; /* first: the shared rows store into it */
	const char *output;
	unsigned long sample, seed;
	cdr_sheet *sheet;
} sheet_run;

static const cli_option sheet_options[] = {
	CLI_SECTION("The sheet:"),
	{ "output", 'o', "FILE", CLI_STRING(sheet_run, output),
	  ".tsv or .csv (a table for Excel or LibreOffice), or\n"
	  ".qdpx (one source per unit, to code in a QDA tool)" },
	{ "sample", 0, "N", CLI_NUMBER(sheet_run, sample, 1, 100000000),
	  "a simple random sample of N units (without replacement,\n"
	  "in corpus order), instead of every unit" },
	{ "seed", 0, "S", CLI_NUMBER(sheet_run, seed, 0, 4000000000ul),
	  "the sample's seed (default 1): the same seed, the same sample" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help sheet_help = {
	"Usage: codeer sheet [OPTIONS] -o SHEET INPUT...\n"
	"\n"
	"Write every unit of the inputs, coded or not, one row each, as a coding sheet\n"
	"for people to fill in: columns unit (a stable id: SOURCE#p3, SOURCE#p3.s2, or\n"
	"the answer's ROWID:COLUMN), source, start, end (code points), text, and an\n"
	"empty codes column for code ids or labels separated by spaces, commas or\n"
	"semicolons.  A filled-in sheet is what 'codeer agree --human' reads.  The\n"
	"units are those of --unit (paragraphs of text, whole survey answers).\n",
	"Examples:\n"
	"  codeer sheet -o sheet.csv interviews/\n"
	"  codeer sheet --sample 200 --seed 7 -o sample.qdpx antwoorden.csv\n",
	0
};

/* Every coded document, in input order: its units. */
static int write_job(void *ctx, cdr_pipeline_job *j)
{
	sheet_run *r = ctx;
	return cdr_sheet_add(r->sheet, j->source, &j->doc, cli_corpus_unit(&r->corpus, j->answer),
			     &j->units, &r->corpus.diag) != CDR_OK;
}

int cmd_sheet(int argc, char **argv)
{
	static const cli_option *const tables[] = { cli_corpus_options, sheet_options, NULL };
	sheet_run r = { .output = NULL, .seed = 1 };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c);
	c->opt.keep_units = 1;
	int first, status = cli_parse("sheet", tables, &sheet_help, argc, argv, NULL, &r, &first);
	if (status >= 0)
		goto done;
	if (!r.output || !cdr_sheet_format_ok(r.output)) {
		status = cli_usage_error("sheet", "name the sheet with -o FILE.tsv, .csv or .qdpx");
		goto done;
	}
	status = cli_corpus_open(c, "sheet", argv + first, argc - first, r.output);
	if (status != CLI_EXIT_OK)
		goto done;
	status = CLI_EXIT_INPUT;
	if (cdr_sheet_open(r.output, c->cb, r.sample, r.seed, &r.sheet, &c->diag) != CDR_OK ||
	    cli_corpus_run(c, NULL, write_job, &r) != CLI_EXIT_OK)
		goto done;
	size_t kept, seen = cdr_sheet_units(r.sheet, &kept);
	cdr_sheet *sheet = r.sheet;
	r.sheet = NULL;
	if (cdr_sheet_commit(sheet, &c->diag) != CDR_OK)
		goto done;
	status = CLI_EXIT_OK;
	if (!c->quiet)
		cli_error("%s: %zu of %zu units%s", r.output, kept, seen,
			  r.sample ? " (a simple random sample)" : "");
done:
	cdr_sheet_abort(r.sheet);
	cli_corpus_free(c);
	return status;
}
