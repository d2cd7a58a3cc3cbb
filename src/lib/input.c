/*
** input.c -- input kinds by extension, and reading documents (see input.h).
*/
#include "config.h"

#include "input.h"
#include "docx.h"

#include <string.h>
#include <strings.h>

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
