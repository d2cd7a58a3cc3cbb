/*
** cmd_explain.c -- 'codeer explain': show on a text which rules fire where, which
** do not and why.
*/
#include "config.h"

#include "cli.h"
#include "coder.h"
#include "eval.h"
#include "explain.h"
#include "seg.h"
#include "input.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	"The argument is read as a file if one exists by that name ('-' for standard\n"
	"input), as one paragraph of a file if it is FILE#pN or FILE:pN (as tables\n"
	"and sheets name units; positions then count from the paragraph's start), and\n"
	"is the text itself otherwise.\n",
	"Example:\n"
	"  codeer explain --code wil.vertrouwen \"Er is onvoldoende vertrouwen tussen de partners.\"\n",
	0
};

/* FILE#pN or FILE:pN, as tables and sheets name a paragraph, of an existing FILE? */
static const char *unit_mark(const char *arg)
{
	const char *mark = strrchr(arg, '#');
	const char *colon = strrchr(arg, ':');
	if (!mark || (colon && colon > mark))
		mark = colon;
	return mark && mark[1] == 'p' && mark[2] >= '1' && mark[2] <= '9' &&
			       strspn(mark + 2, "0123456789") == strlen(mark + 2)
		       ? mark
		       : NULL;
}

static int is_unit(const char *arg)
{
	const char *mark = unit_mark(arg);
	struct stat st;
	if (!mark)
		return 0;
	char *path = cdr_xstrndup(arg, (size_t)(mark - arg));
	int ok = stat(path, &st) == 0;
	free(path);
	return ok;
}

/* The paragraph FILE#pN as a document of its own (positions then count from its
** start). */
static cdr_rc read_unit(const char *arg, cdr_doc *doc, cdr_diag *d)
{
	const char *mark = unit_mark(arg);
	char *path = cdr_xstrndup(arg, (size_t)(mark - arg));
	size_t n = strtoul(mark + 2, NULL, 10);
	cdr_doc whole = { 0 };
	cdr_spans paras = CDR_SPANS_INIT;
	cdr_rc rc = cdr_input_read(path, &whole, d);
	if (rc == CDR_OK) {
		cdr_seg_paragraphs(whole.text, whole.len, &paras);
		if (n > paras.count) {
			cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "it has %zu paragraphs, not %zu",
				     paras.count, n);
			rc = CDR_EINPUT;
		} else {
			const cdr_span *p = &paras.v[n - 1];
			cdr_doc_from_text(arg, whole.text + p->start, p->end - p->start, doc);
		}
	}
	cdr_spans_free(&paras);
	cdr_doc_free(&whole);
	free(path);
	return rc;
}

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
	struct stat st;
	cdr_rc rc = strcmp(arg, "-") == 0 || stat(arg, &st) == 0 ? cdr_doc_read(arg, &doc, &d)
		    : is_unit(arg)                               ? read_unit(arg, &doc, &d)
				   : cdr_doc_decode("text", arg, strlen(arg), &doc, &d);
	if (rc != CDR_OK || cdr_coder_new(m, CDR_UNIT_PARAGRAPH, &coder, &d) != CDR_OK)
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
