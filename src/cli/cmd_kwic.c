/*
** cmd_kwic.c -- 'codeer kwic': every match of one rule (or of a code's rules) in
** its context, grouped by the form it matched, to try a rule before it goes into
** the codebook.
**
** The rule becomes a codebook of one code ("code: kwic" and the rule on the next
** line) that codes the inputs at the match unit; errors in it are reported as
** RULE:1:COLUMN, pointing into the argument.
*/
#include "config.h"

#include "cli.h"
#include "corpus.h"
#include "outfile.h"
#include "kwic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kwic_run {
	cli_corpus corpus; /* first: the shared rows store into it */
	const char *code, *output;
	cdr_kwic_options opt;
	int format; /* a cdr_kwic_format */
	cdr_kwic *kwic;
} kwic_run;

static const cli_option kwic_options[] = {
	CLI_SECTION("Keyword in context:"),
	{ "code", 0, "ID", CLI_STRING(kwic_run, code),
	  "the matches of the rules of this code of the codebook\n"
	  "(with its exceptions), instead of a RULE" },
	{ "context", 0, "N", CLI_NUMBER(kwic_run, opt.context, 0, 10000),
	  "code points of context on either side (default 40;\n"
	  "never beyond the match's paragraph)" },
	{ "examples", 0, "N", CLI_NUMBER(kwic_run, opt.examples, 0, 1000000),
	  "examples shown per form: its first N matches in input\n"
	  "order (default 3; 0: the counts alone)" },
	{ "format", 0, "F", CLI_CHOICE(kwic_run, format, cli_report_formats),
	  "text (the default), tsv (one row per example) or json" },
	{ "output", 'o', "FILE", CLI_STRING(kwic_run, output),
	  "where to write ('-', the default: stdout)" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help kwic_help = {
	"Usage: codeer kwic [OPTIONS] RULE INPUT...\n"
	"       codeer kwic [OPTIONS] --code ID INPUT...\n"
	"\n"
	"Show every match of RULE, a rule as a codebook writes it ('glob: geld*',\n"
	"'near: informatie NEAR/5 delen', 'phrase: gebrek aan (goede)? samenwerk*'), or\n"
	"of the rules of a code, in the inputs, grouped by the form matched (the text\n"
	"normalised as rules see it: case and accents folded) and sorted by count, so\n"
	"that false friends (Gelderland, gelden for geld*) show before the rule goes into\n"
	"the codebook.  Each form is shown in its most frequent spelling, with the\n"
	"documents it occurs in and its first matches in context: the left context,\n"
	"[the match], the right context, and where (SOURCE#pN: paragraph N).  The\n"
	"inputs are read as 'codeer code' reads them.  See doc/kwic.md.\n",
	"Exit status: 0 success (also when nothing matches), 1 bad input or rule,\n"
	"2 bad usage.\n"
	"\n"
	"Examples:\n"
	"  codeer kwic 'glob: geld*' interviews/\n"
	"  codeer kwic 'near: informatie NEAR/5 delen' --context 60 antwoorden.csv\n"
	"  codeer kwic 'forms: gemeente+' interviews/\n"
	"  codeer kwic --code wil.vertrouwen --examples 0 interviews/\n",
	0
};

#define RULE_FILE "RULE"

/* The codebook of one rule, written as in a codebook (with the word lists of the
** codebook -b names, else the bundled one, when it names one).  Returns 1, or 0
** after printing why not. */
static int rule_codebook(cli_corpus *c, const char *rule)
{
	if (strchr(rule, '\n') || strchr(rule, '\r')) {
		cli_error("RULE is one line of a codebook, such as 'glob: geld*'");
		return 0;
	}
	cdr_codebook *lists = NULL;
	if (strchr(rule, '@')) {
		const char *path = c->opt.codebook ? c->opt.codebook : cli_default_codebook();
		if (cdr_codebook_load(path, &lists, &c->diag) != CDR_OK) {
			cli_print_diag(&c->diag);
			return 0;
		}
		cdr_diag_clear(&c->diag); /* its warnings are the codebook's, not the rule's */
	}
	cdr_rc rc = cdr_kwic_rule_codebook(RULE_FILE, rule, lists, &c->cb, &c->matcher, &c->diag);
	cdr_codebook_free(lists);
	if (rc == CDR_OK && (c->cb->code_count != 1 || c->cb->codes[0].rule_count != 1)) {
		cdr_diag_clear(&c->diag);
		cli_error("RULE: '%s' is not a rule that codes: write one line as a codebook "
			  "does, KIND: PATTERN, with KIND one of word, glob, phrase, regex, "
			  "exact, near, all",
			  rule);
		return 0;
	}
	cli_print_diag(&c->diag); /* the rule's errors, or warnings */
	if (rc != CDR_OK && !strchr(rule, ':'))
		cli_error("RULE is written as in a codebook, KIND: PATTERN, such as 'glob: %s'",
			  rule);
	return rc == CDR_OK;
}

/* The codebook reduced to the code 'id'.  Returns 1, or 0 after printing why not. */
static int code_codebook(cli_corpus *c, const char *id)
{
	const char *path = c->opt.codebook ? c->opt.codebook : cli_default_codebook();
	if (cdr_codebook_load(path, &c->cb, &c->diag) != CDR_OK) {
		cli_print_diag(&c->diag);
		return 0;
	}
	size_t k = cdr_codebook_find(c->cb, id);
	if (k == (size_t)-1) {
		cli_error("%s: no code '%s' in the codebook", path, id);
		return 0;
	}
	if (!c->cb->codes[k].rule_count) {
		cli_error("%s: code '%s' has no rules", path, id);
		return 0;
	}
	cdr_kwic_only_code(c->cb, k);
	if (cdr_matcher_new(c->cb, &c->matcher, &c->diag) != CDR_OK) {
		cli_print_diag(&c->diag);
		return 0;
	}
	return 1;
}

/* Every coded document, in input order: group its matches. */
static int write_job(void *ctx, cdr_pipeline_job *j)
{
	kwic_run *r = ctx;
	cdr_kwic_add(r->kwic, j->source, &j->doc, j->answer, &j->codings);
	return 0;
}

int cmd_kwic(int argc, char **argv)
{
	/* The shared rows but --unit: kwic shows matches. */
	cli_option *corpus_rows =
		cli_options_without(cli_corpus_options, (const char *const[]){ "unit", NULL });
	const cli_option *const tables[] = { corpus_rows, kwic_options, NULL };
	kwic_run r = { .output = "-", .opt = { 40, 3 } };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c);
	int first, status = cli_parse("kwic", tables, &kwic_help, argc, argv, NULL, &r, &first);
	if (status >= 0)
		goto done;
	c->opt.unit = CDR_UNIT_MATCH;
	const char *rule = NULL;
	if (!r.code) {
		if (first >= argc) {
			status = cli_usage_error("kwic", "name a RULE (such as 'glob: geld*') or "
							 "--code ID");
			goto done;
		}
		rule = argv[first++];
	}
	status = CLI_EXIT_INPUT;
	if (!(rule ? rule_codebook(c, rule) : code_codebook(c, r.code)))
		goto done;
	status = cli_corpus_open(c, "kwic", argv + first, argc - first, r.output);
	if (status != CLI_EXIT_OK)
		goto done;
	status = CLI_EXIT_INPUT;
	r.kwic = cdr_kwic_new(c->cb, &r.opt);
	if (cli_corpus_run(c, NULL, write_job, &r) != CLI_EXIT_OK)
		goto done;
	cdr_buf title = CDR_BUF_INIT, report = CDR_BUF_INIT;
	if (rule)
		cdr_buf_adds(&title, rule);
	else
		cdr_buf_printf(&title, "code %s", r.code);
	cdr_kwic_render(r.kwic, cdr_buf_cstr(&title), (cdr_kwic_format)r.format, &report);
	status = cdr_outfile_put(r.output, report.data, report.len, &c->diag) == CDR_OK
			 ? CLI_EXIT_OK
			 : CLI_EXIT_INPUT;
	cdr_buf_free(&title);
	cdr_buf_free(&report);
done:
	free(corpus_rows);
	cdr_kwic_free(r.kwic);
	cli_corpus_free(c);
	return status;
}
