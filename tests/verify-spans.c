/*
** verify-spans.c -- checks a table written by 'codeer code' against the documents
** it names: for every row, the 'text' column (unescaped) must be exactly the code
** points [start, end) of the document's original text.  Used by the end-to-end
** tests; prints "N rows checked" and exits 1 on the first mismatch or a malformed row.
**
** usage: verify-spans TABLE.tsv
*/
#include "config.h"

#include "input.h"
#include "mem.h"
#include "read.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 32

static void unescape(const char *s, cdr_buf *out)
{
	cdr_buf_reset(out);
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			cdr_buf_addc(out, *s == 't'   ? '\t'
					  : *s == 'n' ? '\n'
					  : *s == 'r' ? '\r'
						      : *s);
		} else {
			cdr_buf_addc(out, *s);
		}
	}
	cdr_buf_cstr(out);
}

static size_t split(char *line, char **fields)
{
	size_t n = 0;
	fields[n++] = line;
	for (char *p = line; *p && n < MAX_FIELDS; p++) {
		if (*p == '\t') {
			*p = '\0';
			fields[n++] = p + 1;
		}
	}
	return n;
}

static int column(char **names, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0)
			return (int)i;
	fprintf(stderr, "verify-spans: the table has no '%s' column\n", want);
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: verify-spans TABLE.tsv\n", stderr);
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	char *line = NULL, *fields[MAX_FIELDS], *header[MAX_FIELDS];
	size_t cap = 0, rows = 0, nh;
	ssize_t got;
	cdr_doc doc = { 0 };
	cdr_diag d = CDR_DIAG_INIT;
	cdr_buf text = CDR_BUF_INIT, docname = CDR_BUF_INIT;
	int status = 0;

	if ((got = getline(&line, &cap, f)) <= 0) {
		fputs("verify-spans: empty table\n", stderr);
		return 1;
	}
	line[strcspn(line, "\n")] = '\0';
	char *hline = cdr_xstrdup(line);
	nh = split(hline, header);
	int c_doc = column(header, nh, "document"), c_start = column(header, nh, "start"),
	    c_end = column(header, nh, "end"), c_text = column(header, nh, "text");

	while ((got = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		size_t n = split(line, fields);
		if (n != nh) {
			fprintf(stderr, "verify-spans: row %zu has %zu fields, the header %zu\n",
				rows + 1, n, nh);
			status = 1;
			break;
		}
		unescape(fields[c_doc], &docname);
		if (!doc.text || strcmp(doc.name, docname.data) != 0) {
			cdr_doc_free(&doc);
			if (cdr_input_read(docname.data, &doc, &d) != CDR_OK) {
				fprintf(stderr, "verify-spans: cannot read %s\n", docname.data);
				status = 1;
				break;
			}
		}
		size_t start = strtoul(fields[c_start], NULL, 10);
		size_t end = strtoul(fields[c_end], NULL, 10);
		size_t a = cdr_utf8_offset(doc.text, doc.len, start);
		size_t b = cdr_utf8_offset(doc.text, doc.len, end);
		unescape(fields[c_text], &text);
		if (end < start || end > cdr_utf8_count(doc.text, doc.len) || b - a != text.len ||
		    memcmp(doc.text + a, text.data, text.len) != 0) {
			fprintf(stderr,
				"verify-spans: row %zu: %s [%zu, %zu) is \"%.*s\" in the document "
				"but \"%s\" in the table\n",
				rows + 1, docname.data, start, end, (int)(b - a), doc.text + a,
				text.data);
			status = 1;
			break;
		}
		rows++;
	}
	printf("%zu rows checked\n", rows);
	free(line);
	free(hline);
	fclose(f);
	cdr_doc_free(&doc);
	cdr_diag_free(&d);
	cdr_buf_free(&text);
	cdr_buf_free(&docname);
	return status;
}
