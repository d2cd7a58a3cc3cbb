/*
** cmd_agree.c -- 'codeer agree': the codebook against human codings, per code.
*/
#include "config.h"

#include "cli.h"
#include "compare.h"
#include "corpus.h"
#include "outfile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HUMANS 16

typedef struct agree_run {
	cli_corpus corpus; /* first: the shared rows store into it */
	const char **humans;
	size_t nhumans;
	cdr_human_options hopt;
	cdr_human *loaded[MAX_HUMANS];
	int format; /* a cdr_compare_format */
	const char *output;
	double min_f1;
	cdr_agree_options agree;
	unsigned long show;
	cdr_compare *cmp;
} agree_run;

static const cli_choice formats[] = { { "text", CDR_COMPARE_TEXT },
				      { "tsv", CDR_COMPARE_TSV },
				      { "json", CDR_COMPARE_JSON },
				      { NULL, 0 } };

/* --min-f1, a fraction. */
static int on_option(void *ctx, int id, const char *v)
{
	agree_run *r = ctx;
	char *end;
	(void)id;
	r->min_f1 = strtod(v, &end);
	if (end == v || *end || !(r->min_f1 >= 0 && r->min_f1 <= 1))
		return cli_usage_error("agree", "--min-f1 takes a number from 0 to 1, not '%s'", v);
	return CLI_EXIT_OK;
}

static const cli_option agree_options[] = {
	CLI_SECTION("Agreement:"),
	{ "human", 0, "FILE", CLI_LIST(agree_run, humans, nhumans, MAX_HUMANS),
	  "a human coding: a coding sheet (.tsv/.csv, as 'codeer\n"
	  "sheet' writes it, filled in) or a REFI-QDA project\n"
	  "(.qdpx/.qde) from a QDA tool; repeatable (up to 16):\n"
	  "then the people are also compared with each other" },
	{ "map", 0, "FILE", CLI_STRING(agree_run, hopt.map_path),
	  "names in the human codings that are neither ids nor\n"
	  "labels of the codebook: lines name<TAB>code" },
	{ "units", 0, "FILE", CLI_STRING(agree_run, hopt.units_path),
	  "a sheet's own unit ids: columns unit, file (or source),\n"
	  "start, end (code points)" },
	{ "format", 0, "F", CLI_CHOICE(agree_run, format, formats),
	  "text (the default: a table to read), tsv (one row per\n"
	  "human and code) or json (also every disagreement)" },
	{ "output", 'o', "FILE", CLI_STRING(agree_run, output),
	  "where to write ('-', the default: stdout)" },
	{ "min-f1", 0, "X", CLI_CALL(0),
	  "exit 1 when the micro-F1 against a human is below X\n"
	  "(0 to 1), so that a codebook's quality can be a CI check" },
	{ "seed", 0, "N", CLI_NUMBER(agree_run, agree.seed, 0, 4000000000ul),
	  "the bootstrap's seed (default 1)" },
	{ "bootstrap", 0, "N", CLI_NUMBER(agree_run, agree.replicates, 0, 100000),
	  "bootstrap replicates for the 95% intervals (default\n"
	  "1000; 0: none)" },
	{ "show", 0, "N", CLI_NUMBER(agree_run, show, 0, 1000000),
	  "disagreements shown per human in text (default 10)" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help agree_help = {
	"Usage: codeer agree [OPTIONS] --human FILE [--human FILE]... INPUT...\n"
	"\n"
	"Code INPUT with the codebook and compare, unit by unit and code by code, with\n"
	"the codings people made of the same texts: per code the units each gave it,\n"
	"tp fp fn, precision, recall, F1, percent agreement, Cohen's kappa,\n"
	"Krippendorff's alpha, Gwet's AC1 and PABAK, with 95% bootstrap intervals for\n"
	"F1 and kappa; micro and macro averages; and every disagreement with the rule\n"
	"that fired or the rules that did not.  A unit counts as coded by the person\n"
	"with every code of a selection or row that covers part of it; units the person\n"
	"did not code are left out, and said so.  See doc/agree.md.\n",
	"Exit status: 0 success, 1 bad input or codebook (or micro-F1 below --min-f1),\n"
	"2 bad usage.\n"
	"\n"
	"Examples:\n"
	"  codeer sheet --sample 200 --seed 7 -o sheet.csv antwoorden.csv\n"
	"  codeer agree --human sheet-ingevuld.csv antwoorden.csv\n"
	"  codeer agree --human coder1.qdpx --human coder2.qdpx --format tsv interviews/\n",
	0
};

/* Every coded document, in input order: compare it. */
static int write_job(void *ctx, cdr_pipeline_job *j)
{
	agree_run *r = ctx;
	return cdr_compare_document(r->cmp, j->source, &j->doc,
				    cli_corpus_unit(&r->corpus, j->answer), &j->units, &j->codings,
				    &r->corpus.diag) != CDR_OK;
}

int cmd_agree(int argc, char **argv)
{
	static const cli_option *const tables[] = { cli_corpus_options, agree_options, NULL };
	agree_run r = { .output = "-", .min_f1 = -1, .show = 10 };
	r.agree = (cdr_agree_options)CDR_AGREE_OPTIONS_INIT;
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c);
	c->opt.keep_units = 1;
	int first,
		status = cli_parse("agree", tables, &agree_help, argc, argv, on_option, &r, &first);
	if (status >= 0)
		goto done;
	if (!r.nhumans) {
		status = cli_usage_error("agree", "name a human coding with --human FILE");
		goto done;
	}
	status = cli_corpus_open(c, "agree", argv + first, argc - first, r.output);
	if (status != CLI_EXIT_OK)
		goto done;
	status = CLI_EXIT_INPUT;
	r.hopt.refi = c->opt.source.refi;
	for (size_t i = 0; i < r.nhumans; i++)
		if (cdr_human_load(r.humans[i], c->cb, &r.hopt, &r.loaded[i], &c->diag) != CDR_OK)
			goto done;
	if (cdr_compare_new(c->matcher, r.loaded, r.nhumans, &r.cmp, &c->diag) != CDR_OK ||
	    cli_corpus_run(c, NULL, write_job, &r) != CLI_EXIT_OK ||
	    cdr_compare_check(r.cmp, &c->diag) != CDR_OK)
		goto done;
	cdr_compare_finish(r.cmp, &r.agree);
	cdr_buf report = CDR_BUF_INIT;
	cdr_compare_render(r.cmp, (cdr_compare_format)r.format, r.show, &report);
	if (cdr_outfile_put(r.output, report.data, report.len, &c->diag) == CDR_OK)
		status = CLI_EXIT_OK;
	cdr_buf_free(&report);
	for (size_t i = 0; status == CLI_EXIT_OK && i < r.nhumans && r.min_f1 >= 0; i++) {
		double f1 = cdr_compare_micro_f1(r.cmp, i);
		if (isnan(f1) || f1 < r.min_f1) {
			cli_error("%s: micro-F1 %.3f is below --min-f1 %g", r.humans[i], f1,
				  r.min_f1);
			status = CLI_EXIT_INPUT;
		}
	}
done:
	cdr_compare_free(r.cmp);
	for (size_t i = 0; i < r.nhumans; i++)
		cdr_human_free(r.loaded[i]);
	free(r.humans);
	cli_corpus_free(c);
	return status;
}
