/*
** dict_table.c -- pattern tables as spreadsheets save them (see dict.h,
** doc/codebook.md "Pattern tables"): code, kind and pattern columns in a .csv
** with ',' or ';' (Dutch Excel), a byte order mark, Excel's "sep=" line, quoted
** cells, and a header line naming the columns (in any order, more columns
** ignored) or none (then the first three columns, in that order).  The records
** are read by the RFC 4180 reader (csv.h).
*/
#include "config.h"

#include "csv.h"
#include "dict.h"
#include "utf8.h"

#include <string.h>
#include <strings.h>

static const char *const kinds[] = { "word", "glob", "phrase", "regex", "exact" };
#define NKINDS (sizeof kinds / sizeof *kinds)

/* The column (code points, from 1) where cell k of the record on line 'line'
** starts, counting delimiters outside quotes; 1 if the line cannot be found. */
static size_t cell_column(cdr_dict *dict, size_t line, char delim, size_t k)
{
	size_t n;
	const char *s = cdr_dict_line(dict, line, &n);
	if (!s)
		return 1;
	int quoted = 0;
	size_t i = 0;
	if (line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (size_t cell = 0; i < n && cell < k; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == delim && !quoted)
			cell++;
	}
	return cdr_dict_column(s, s + i);
}

static int valid_id(const char *s)
{
	if (!((*s | 32) >= 'a' && (*s | 32) <= 'z'))
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* One row: its three cells. */
static void table_row(cdr_dict *dict, char delim, size_t line, const char *const *cell,
		      const size_t *col)
{
	const char *code = cell[0], *kind = cell[1], *pat = cell[2];
	if (!code[0] && !kind[0] && !pat[0])
		return;
	int bad = 0;
	if (!valid_id(code)) {
		cdr_dict_error(dict, line, cell_column(dict, line, delim, col[0]), 1,
			       "a code id starts with a letter and holds only letters, digits, "
			       "'.', '-' and '_'");
		bad = 1;
	}
	const char *key = NULL;
	for (size_t k = 0; k < NKINDS; k++)
		if (strcasecmp(kind, kinds[k]) == 0)
			key = kinds[k];
	if (!key) {
		cdr_dict_error(dict, line, cell_column(dict, line, delim, col[1]),
			       kind[0] ? cdr_utf8_count(kind, strlen(kind)) : 1,
			       "unknown pattern kind '%s'; use word, glob, phrase, regex or exact",
			       kind);
		bad = 1;
	}
	if (!pat[0] || strpbrk(pat, "\r\n")) {
		cdr_dict_error(dict, line, cell_column(dict, line, delim, col[2]), 1,
			       pat[0] ? "a pattern on more than one line" : "empty pattern");
		bad = 1;
	}
	if (bad)
		return;
	size_t c = (size_t)-1;
	for (size_t i = 0; i < dict->cat_count && c == (size_t)-1; i++)
		if (strcmp(dict->cats[i].name, code) == 0)
			c = i;
	if (c == (size_t)-1) {
		c = cdr_dict_add_cat(dict, code, strlen(code), (size_t)-1, line,
				     cell_column(dict, line, delim, col[0]));
		dict->cats[c].is_id = 1;
	}
	size_t e = cdr_dict_add_entry(dict, c, pat, strlen(pat), line,
				      cell_column(dict, line, delim, col[2]));
	dict->entries[e].key = key;
}

/* Hand the reader's diagnostics 'from' on to dict->d, 'lines' lines further down
** (the comment lines it did not see), and free them. */
static void moved(cdr_dict *dict, cdr_diag *from, size_t lines)
{
	for (size_t i = 0; i < from->count; i++)
		if (from->items[i].line)
			from->items[i].line += lines;
	cdr_diag_append(dict->d, from);
	cdr_diag_free(from);
}

static int is_header(const cdr_csv *csv)
{
	return cdr_csv_find_column(csv, "code") != (size_t)-1 &&
	       cdr_csv_find_column(csv, "kind") != (size_t)-1 &&
	       cdr_csv_find_column(csv, "pattern") != (size_t)-1;
}

cdr_rc cdr_dict_read_table(cdr_dict *dict)
{
	size_t errors = dict->d->errors;
	/* Comment lines before the header: the reader starts after them, and its
	** lines are counted on from there. */
	cdr_dict_lines it = { dict->text, dict->len, 0, 0, NULL, 0 };
	size_t skip = 0, skip_lines = 0;
	while (cdr_dict_next_line(&it)) {
		size_t i = 0;
		while (i < it.n && (it.line[i] == ' ' || it.line[i] == '\t'))
			i++;
		if (i < it.n && it.line[i] != '#')
			break;
		skip = it.pos;
		skip_lines = it.number;
	}
	cdr_diag csvd = CDR_DIAG_INIT; /* the reader's diagnostics, lines to move */
	cdr_csv *csv = NULL;
	if (cdr_csv_open_text(dict->path, dict->text + skip, dict->len - skip, NULL, &csv, &csvd) !=
	    CDR_OK) {
		moved(dict, &csvd, skip_lines);
		return CDR_ESYNTAX;
	}
	size_t header_line = cdr_csv_header_line(csv) + skip_lines;
	char delim = cdr_csv_delimiter(csv);
	size_t col[3] = { 0, 1, 2 };
	if (is_header(csv)) {
		col[0] = cdr_csv_find_column(csv, "code");
		col[1] = cdr_csv_find_column(csv, "kind");
		col[2] = cdr_csv_find_column(csv, "pattern");
	} else if (cdr_csv_column_count(csv) < 3) {
		cdr_dict_error(dict, header_line, 1, 1,
			       "a pattern table has three columns, code, kind and pattern (a "
			       "header line naming them, or these three first)");
		cdr_csv_free(csv);
		moved(dict, &csvd, skip_lines);
		return CDR_ESYNTAX;
	} else {
		const char *cell[3] = { cdr_csv_column_name(csv, 0), cdr_csv_column_name(csv, 1),
					cdr_csv_column_name(csv, 2) };
		table_row(dict, delim, header_line, cell, col);
	}
	for (;;) {
		cdr_csv_record rec;
		int done = 0;
		if (cdr_csv_next(csv, &rec, &done, &csvd) != CDR_OK || done)
			break;
		if (rec.cell[0][0] == '#')
			continue; /* a comment, as in a tab-separated table */
		const char *cell[3] = { rec.cell[col[0]], rec.cell[col[1]], rec.cell[col[2]] };
		table_row(dict, delim, rec.line + skip_lines, cell, col);
	}
	cdr_csv_free(csv);
	moved(dict, &csvd, skip_lines);
	return dict->d->errors == errors ? CDR_OK : CDR_ESYNTAX;
}
