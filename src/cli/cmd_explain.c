/*
** cmd_explain.c -- 'codeer explain': show on a text which rules fire where, which
** do not and why.
*/
#include "config.h"

#include "cli.h"
#include "coder.h"
#include "eval.h"
#include "explain.h"
#include "input.h"

#include <stdio.h>
#include <string.h>

typedef struct explain_args {
	const char *codebook_path, *code_id;
	int answer;
} explain_args;

static const cli_option explain_options[] = {
	{ "codebook", 'b', "FILE", CLI_STRING(explain_args, codebook_path),
	  "the codebook (default: the bundled reference codebook)" },
	{ "code", 0, "ID", CLI_STRING(explain_args, code_id),
	  "explain this code only, rule by rule" },
	{ "answer", 0, NULL, CLI_FLAG(explain_args, answer),
	  "read the text as a survey answer, so that rules under\n"
	  "'when: answer' apply (as they do to CSV and JSON Lines)" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help explain_help = {
	"Usage: codeer explain [OPTIONS] TEXT|FILE\n"
	"\n"
	"Show how a codebook codes a text: which codes apply, which rules fire where\n"
	"(positions in code points of the text), which matches an exception cancels,\n"
	"and which cue makes a coding an obstacle.  With --code, every rule of that\n"
	"code is listed, with the reason for each one that does not fire.\n"
	"\n"
	"The argument is read as a file if one exists by that name (text or .docx;\n"
	"'-' for standard input), as one paragraph of a file if it is FILE#pN or\n"
	"FILE:pN (as tables and sheets name units; positions then count from the\n"
	"paragraph's start), and is the text itself otherwise.\n",
	"Example:\n"
	"  codeer explain --code wil.vertrouwen \"Er is onvoldoende vertrouwen tussen de partners.\"\n",
	0
};

int cmd_explain(int argc, char **argv)
{
	static const cli_option *const tables[] = { explain_options, NULL };
	explain_args a = { NULL, NULL, 0 };
	int first,
		status = cli_parse("explain", tables, &explain_help, argc, argv, NULL, &a, &first);
	if (status >= 0)
		return status;
	const char *codebook_path = a.codebook_path, *code_id = a.code_id;
	if (argc - first != 1)
		return cli_usage_error("explain", "explain takes one TEXT or FILE");
	const char *arg = argv[first];

	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb;
	cdr_matcher *m;
	cdr_coder *coder = NULL;
	cdr_doc doc = { 0 };
	status = CLI_EXIT_INPUT;
	if (!cli_load_codebook(codebook_path, &cb, &m, &d))
		return CLI_EXIT_INPUT;
	size_t code = CDR_NONE;
	if (code_id && (code = cdr_codebook_find(cb, code_id)) == CDR_NONE) {
		const char *guess = cdr_codebook_suggest(cb, code_id);
		status = cli_usage_error("explain", "the codebook has no code '%s'%s%s%s", code_id,
					 guess ? "; did you mean '" : "", guess ? guess : "",
					 guess ? "'?" : "");
		goto done;
	}
	if (cdr_input_read_arg(arg, 1, &doc, &d) != CDR_OK ||
	    cdr_coder_new(m, CDR_UNIT_PARAGRAPH, &coder, &d) != CDR_OK)
		goto done;

	cdr_coder_set_answers(coder, a.answer);
	cdr_buf out = CDR_BUF_INIT;
	cdr_buf_printf(&out, "%s%s, coded with %s:\n", doc.name, a.answer ? " (an answer)" : "",
		       cb->path);
	if (cdr_explain(coder, &doc, code, &out, &d) == CDR_OK) {
		fputs(cdr_buf_cstr(&out), stdout);
		status = CLI_EXIT_OK;
	}
	cdr_buf_free(&out);
done:
	cli_print_diag(&d);
	cdr_diag_free(&d);
	cdr_doc_free(&doc);
	cdr_coder_free(coder);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	return status;
}
