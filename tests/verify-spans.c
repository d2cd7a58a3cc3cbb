/*
** verify-spans.c -- checks a table written by 'codeer code' against the documents
** it names: for every row, the 'text' column (unescaped) must be exactly the code
** points [start, end) of the document's original text.  Used by the end-to-end
** tests; prints "N rows checked" and exits 1 on the first mismatch or a malformed row.
**
** A row whose document is a survey export (.csv) is checked against the cell its
** source names (ROWID:COLUMN), read with the same CSV reader and id column rules.
**
** usage: verify-spans TABLE.tsv
*/
#include "config.h"

#include "input.h"
#include "mem.h"
#include "read.h"
#include "survey.h"
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

/* The cells of a survey export, by "ROWID:COLUMN". */
typedef struct survey {
	char *path;
	char **key, **cell;
	size_t count, cap;
} survey;

static void survey_free(survey *sv)
{
	for (size_t i = 0; i < sv->count; i++) {
		free(sv->key[i]);
		free(sv->cell[i]);
	}
	free(sv->key);
	free(sv->cell);
	free(sv->path);
	memset(sv, 0, sizeof *sv);
}

static int survey_load(survey *sv, const char *path, cdr_diag *d)
{
	cdr_survey *c;
	survey_free(sv);
	if (cdr_survey_open(path, NULL, &c, d) != CDR_OK)
		return 0;
	sv->path = cdr_xstrdup(path);
	size_t id = cdr_survey_id_column(c), cap = 0;
	cdr_csv_record rec;
	int done = 0;
	while (cdr_survey_next(c, &rec, &done, d) == CDR_OK && !done) {
		char row[32];
		snprintf(row, sizeof row, "%zu", rec.row);
		const char *who = id != (size_t)-1 && *rec.cell[id] ? rec.cell[id] : row;
		for (size_t col = 0; col < rec.count; col++) {
			cdr_buf k = CDR_BUF_INIT;
			cdr_buf_printf(&k, "%s:%s", who,
				       cdr_csv_column_name(cdr_survey_reader(c), col));
			CDR_GROW(sv->key, cap, sv->count + 1);
			sv->cell = cdr_xreallocarray(sv->cell, cap, sizeof *sv->cell);
			sv->key[sv->count] = cdr_buf_take(&k);
			sv->cell[sv->count++] = cdr_xstrndup(rec.cell[col], rec.len[col]);
		}
	}
	cdr_survey_free(c);
	return 1;
}

static const char *survey_cell(const survey *sv, const char *key)
{
	for (size_t i = 0; i < sv->count; i++)
		if (strcmp(sv->key[i], key) == 0)
			return sv->cell[i];
	return NULL;
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
	cdr_buf text = CDR_BUF_INIT, docname = CDR_BUF_INIT, source = CDR_BUF_INIT;
	survey sv = { 0 };
	int status = 0;

	if ((got = getline(&line, &cap, f)) <= 0) {
		fputs("verify-spans: empty table\n", stderr);
		return 1;
	}
	line[strcspn(line, "\n")] = '\0';
	char *hline = cdr_xstrdup(line);
	nh = split(hline, header);
	int c_src = column(header, nh, "source");
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
		size_t dl = docname.len;
		if (dl > 4 && strcmp(docname.data + dl - 4, ".csv") == 0) {
			unescape(fields[c_src], &source);
			if ((!sv.path || strcmp(sv.path, docname.data) != 0) &&
			    !survey_load(&sv, docname.data, &d)) {
				fprintf(stderr, "verify-spans: cannot read %s\n", docname.data);
				status = 1;
				break;
			}
			const char *cell = survey_cell(&sv, source.data);
			if (!cell) {
				fprintf(stderr, "verify-spans: row %zu: no cell %s in %s\n",
					rows + 1, source.data, docname.data);
				status = 1;
				break;
			}
			/* The cell itself, byte for byte: offsets count its code points. */
			cdr_doc_free(&doc);
			doc.text = cdr_xstrdup(cell);
			doc.len = strlen(cell);
			doc.name = NULL; /* not a file: the next row loads its own */
		} else if (!doc.name || strcmp(doc.name, docname.data) != 0) {
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
	cdr_buf_free(&source);
	survey_free(&sv);
	return status;
}
