/*
** cmd_code.c -- 'codeer code': code the inputs with a codebook and write the
** codings in the format the output's extension names.
**
** Order of work, so that bad input never costs an existing result: parse options,
** list the inputs and check that none of them is the output, load and compile the
** codebook, then open the output (a temporary file), code each document, and put
** the output in place only when everything succeeded.
*/
#include "config.h"

#include "cli.h"
#include "corpus.h"
#include "writer.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct code_run {
	cli_corpus corpus; /* first: the shared rows store into it */
	const char *output;
	cdr_writer_options wopt;
	cdr_writer *out;
} code_run;

static const cli_choice project_sources[] = { { "respondent", 0 }, { "answer", 1 }, { NULL, 0 } };

static const cli_option code_options[] = {
	{ "output", 'o', "FILE", CLI_STRING(code_run, output),
	  "where to write, in the format its extension names\n"
	  "(see Output formats below); '-' (the default) writes\n"
	  "TSV to stdout" },
	{ "no-header", 0, NULL, CLI_FLAG(code_run, wopt.no_header),
	  "no header line in a table (for shards to concatenate)" },
	{ "utf16-positions", 0, NULL, CLI_FLAG(code_run, wopt.refi.utf16_positions),
	  "in a .qdpx/.qde, count positions in UTF-16 units, as\n"
	  "NVivo does (default: code points, as the standard says)" },
	{ "timestamp", 0, NULL, CLI_FLAG(code_run, wopt.refi.timestamps),
	  "in a .qdpx/.qde or .html, record the time of the run\n"
	  "(default: none, so the same input gives the same bytes)" },
	{ "seed", 0, "N", CLI_NUMBER(code_run, wopt.seed, 0, ULONG_MAX),
	  "in a .html report, the seed of the samples (default 1)" },
	{ "binary", 0, NULL, CLI_FLAG(code_run, wopt.binary),
	  "in a .matrix.tsv/.csv, 1 if a case has a code, else 0\n"
	  "(default: the case's units coded with it)" },
	{ "polarity-codes", 0, NULL, CLI_FLAG(code_run, wopt.refi.polarity_codes),
	  "in a .qdpx/.qde, also code each passage 'Obstakel' or\n"
	  "'Neutraal' (group 'Polariteit'), for QDA tools to filter\n"
	  "on (default: the polarity only in each passage's comment)" },
	{ "project-sources", 0, "KIND",
	  CLI_CHOICE(code_run, wopt.refi.answer_sources, project_sources),
	  "in a .qdpx/.qde of a survey: 'respondent' (the default:\n"
	  "one source per respondent, each answer under its\n"
	  "question) or 'answer' (one source per answer)" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help code_help = {
	"Usage: codeer code [OPTIONS] [INPUT...]\n"
	"\n"
	"Code text documents with a codebook and write one row per coding.\n"
	"\n"
	"INPUT is a .txt or .md file, a Word .docx file, a survey export .csv (every\n"
	"answer is a document, named ROWID:COLUMN), answers as JSON Lines (.jsonl, one\n"
	"{\"id\": ..., \"text\": ...} object a line), a REFI-QDA project .qdpx or\n"
	".qde (its text sources), a directory (its .txt, .md and .docx files,\n"
	"recursively, in name order), or '-' for standard input; with no INPUT,\n"
	"standard input.  Text is UTF-8, or UTF-16 with a byte order mark.\n",
	"Columns: source document unit speaker question start end code label group\n"
	"polarity rule text, then the case columns.  polarity is 'obstacle' when an\n"
	"obstacle cue of the codebook stands in the same clause as a match, else\n"
	"'neutral'.\n"
	"start and end count Unicode code points of the original text (end exclusive);\n"
	"text is the original text of that span, with tab, newline, carriage return\n"
	"and backslash written as \\t \\n \\r \\\\.\n"
	"\n"
	"Exit status: 0 success, 1 bad input or codebook, 2 bad usage.\n"
	"\n"
	"Examples:\n"
	"  codeer code -o coded.tsv interview.txt notes.md\n"
	"  codeer code -o - < answer.txt\n"
	"  codeer code -b mijn.codebook --unit sentence -o coded.csv transcripts/\n"
	"  codeer code --case-column regio -o report.html answers.csv\n"
	"  codeer code --case-column regio -o cases.matrix.csv answers.csv\n",
	1
};

int cmd_code(int argc, char **argv)
{
	static const cli_option *const tables[] = { cli_corpus_options, code_options, NULL };
	code_run r = { .output = "-", .wopt.seed = 1 };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c);
	int first, status = cli_parse("code", tables, &code_help, argc, argv, NULL, &r, &first);
	if (status >= 0)
		goto done;
	if (!cdr_writer_format_of(r.output)) {
		cdr_buf ext = CDR_BUF_INIT;
		cdr_writer_extensions(&ext);
		status =
			cli_usage_error("code",
					"cannot tell the output format of '%s': name it %s (or '-' "
					"for TSV on stdout)",
					r.output, cdr_buf_cstr(&ext));
		cdr_buf_free(&ext);
		goto done;
	}
	status = cli_corpus_open(c, "code", argv + first, argc - first, r.output);
	if (status != CLI_EXIT_OK)
		goto done;
	status = CLI_EXIT_INPUT;
	r.wopt.cb = c->cb;
	r.wopt.case_columns = c->opt.source.case_columns;
	r.wopt.ncase = c->opt.source.ncase;
	r.wopt.inputs = (const char *const *)argv + first;
	r.wopt.ninputs = (size_t)(argc - first);
	r.wopt.matcher = c->matcher;
	if (cdr_writer_open(r.output, NULL, &r.wopt, &r.out, &c->diag) != CDR_OK)
		goto done;
	if (cli_corpus_write(c, r.out) != CLI_EXIT_OK)
		goto done;
	cdr_writer *out = r.out;
	r.out = NULL;
	if (cdr_writer_commit(out, &c->diag) != CDR_OK)
		goto done;
	status = CLI_EXIT_OK;
	if (!c->quiet)
		cli_corpus_summary(c, r.output);
done:
	cdr_writer_abort(r.out);
	cli_corpus_free(c);
	return status;
}
