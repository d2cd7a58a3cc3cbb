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

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char check_help[] =
	"Usage: codeer check [OPTIONS] [CODEBOOK]\n"
	"\n"
	"Parse and compile a codebook and run its examples as tests: every 'example:'\n"
	"must be coded with its code, every 'not-example:' must not.  For a failure,\n"
	"show the example and, rule by rule, what matched or why nothing did.\n"
	"With no CODEBOOK, check the bundled reference codebook (" CLI_REFERENCE_CODEBOOK ").\n"
	"\n"
	"Options:\n"
	"  -q, --quiet  print only failures and the total\n"
	"  -h, --help   show this help and exit\n"
	"\n"
	"Exit status: 0 all examples pass, 1 an example fails or the codebook has\n"
	"errors, 2 bad usage.\n";

typedef struct tally {
	size_t pos, pos_ok, neg, neg_ok;
} tally;

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	int quiet = 0, c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(check_help, stdout);
			return CLI_EXIT_OK;
		case 'q':
			quiet = 1;
			break;
		default:
			return cli_usage_error("check", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("check", "check takes one codebook");

	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb;
	cdr_matcher *m;
	cdr_coder *coder = NULL;
	if (!cli_load_codebook(optind < argc ? argv[optind] : NULL, &cb, &m, &d))
		return CLI_EXIT_INPUT;
	if (cdr_coder_new(m, cb, CDR_UNIT_PARAGRAPH, &coder, &d) != CDR_OK) {
		cli_print_diag(&d);
		cdr_matcher_free(m);
		cdr_codebook_free(cb);
		return CLI_EXIT_INPUT;
	}

	tally *t = cdr_xcalloc(cb->code_count, sizeof *t);
	cdr_buf report = CDR_BUF_INIT, fails = CDR_BUF_INIT;
	size_t failed = 0, limit_errors = 0, rules = 0;
	for (size_t r = 0; r < cb->rule_count; r++)
		rules += cb->rules[r].role == CDR_ROLE_MATCH;
	for (size_t i = 0; i < cb->example_count; i++) {
		const cdr_example *ex = &cb->examples[i];
		cdr_doc doc;
		cdr_codings cs = CDR_CODINGS_INIT;
		cdr_coder_stats st = { 0 };
		int coded = 0;
		if (cdr_doc_decode("example", ex->text, strlen(ex->text), &doc, &d) != CDR_OK ||
		    cdr_coder_run(coder, &doc, &cs, &st, &d) != CDR_OK) {
			limit_errors++;
			cdr_doc_free(&doc);
			continue;
		}
		for (size_t k = 0; k < cs.count; k++)
			coded |= cs.v[k].code == ex->code;
		tally *tc = &t[ex->code];
		int pass = coded == ex->must_match;
		if (ex->must_match) {
			tc->pos++;
			tc->pos_ok += pass;
		} else {
			tc->neg++;
			tc->neg_ok += pass;
		}
		if (!pass) {
			failed++;
			cdr_buf_printf(&fails, "%s:%zu: %s %s %s:\n    \"%s\"\n", cb->path,
				       ex->pos.line, ex->must_match ? "example" : "not-example",
				       ex->must_match ? "is not coded" : "is coded",
				       cb->codes[ex->code].id, ex->text);
			cdr_explain(coder, &doc, ex->code, &fails, &d);
		}
		cdr_codings_free(&cs);
		cdr_doc_free(&doc);
	}

	cdr_buf_printf(&report, "%s: %zu codes, %zu rules, %zu examples\n", cb->path,
		       cb->code_count, rules, cb->example_count);
	for (size_t k = 0; k < cb->code_count && !quiet; k++) {
		const tally *tc = &t[k];
		int ok = tc->pos_ok == tc->pos && tc->neg_ok == tc->neg;
		cdr_buf_printf(&report, "%-4s  %-28s %zu/%zu examples, %zu/%zu not-examples%s\n",
			       ok ? "ok" : "FAIL", cb->codes[k].id, tc->pos_ok, tc->pos, tc->neg_ok,
			       tc->neg, tc->pos + tc->neg ? "" : " (no examples)");
	}
	fputs(cdr_buf_cstr(&report), stdout);
	if (fails.len) {
		fputs("\n", stdout);
		fputs(cdr_buf_cstr(&fails), stdout);
	}
	size_t total = cb->example_count;
	printf("\n%zu example%s: %zu passed, %zu failed\n", total, total == 1 ? "" : "s",
	       total - failed - limit_errors, failed + limit_errors);
	cli_print_diag(&d);

	cdr_buf_free(&report);
	cdr_buf_free(&fails);
	free(t);
	cdr_diag_free(&d);
	cdr_coder_free(coder);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	return failed || limit_errors ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
