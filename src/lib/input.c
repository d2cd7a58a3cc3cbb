/*
** input.c -- input kinds by extension, and reading documents (see input.h).
*/
#include "config.h"

#include "input.h"
#include "docx.h"
#include "mem.h"
#include "seg.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

cdr_input_kind cdr_input_kind_of(const char *path)
{
	if (strcmp(path, "-") == 0)
		return CDR_INPUT_TEXT;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return CDR_INPUT_TEXT;
	static const char *const text[] = { ".txt", ".text", ".md", ".markdown" };
	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		if (strcasecmp(dot, text[i]) == 0)
			return CDR_INPUT_TEXT;
	if (strcasecmp(dot, ".docx") == 0)
		return CDR_INPUT_DOCX;
	if (strcasecmp(dot, ".csv") == 0)
		return CDR_INPUT_CSV;
	if (strcasecmp(dot, ".qdpx") == 0 || strcasecmp(dot, ".qde") == 0)
		return CDR_INPUT_QDPX;
	if (strcasecmp(dot, ".jsonl") == 0)
		return CDR_INPUT_JSONL;
	return CDR_INPUT_UNKNOWN;
}

cdr_rc cdr_input_read(const char *path, cdr_doc *doc, cdr_diag *d)
{
	if (cdr_input_kind_of(path) == CDR_INPUT_DOCX)
		return cdr_docx_read(path, doc, d);
	return cdr_doc_read(path, doc, d);
}

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

cdr_rc cdr_input_read_arg(const char *arg, int units, cdr_doc *doc, cdr_diag *d)
{
	struct stat st;
	return strcmp(arg, "-") == 0 || stat(arg, &st) == 0 ? cdr_input_read(arg, doc, d)
	       : units && is_unit(arg)                      ? read_unit(arg, doc, d)
				       : cdr_doc_decode("text", arg, strlen(arg), doc, d);
}
