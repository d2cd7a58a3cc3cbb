/*
** dict_wordstat.c -- the WordStat dictionary reader (.cat; see dict.h,
** doc/import.md).
**
** The format: one line per category or entry; a tab per level of indentation.
** A line ending in a weight in parentheses ("HAPPY* (1)") is an entry of the
** category above it; any other line is a category, under the category one tab
** less indented above it.  '*' is the wildcard, '_' joins the words of a phrase.
** Weights are read and ignored: a codeer rule codes or does not.  WordStat's
** rules (lines starting with '@') are refused.
*/
#include "config.h"

#include "dict.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Does [a, b) end in a weight " (N)"?  Then *wstart is where the '(' is. */
static int has_weight(const char *a, const char *b, const char **wstart)
{
	if (b - a < 3 || b[-1] != ')')
		return 0;
	const char *p = b - 2;
	while (p > a && ((*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
		p--;
	if (*p != '(' || p == b - 2)
		return 0;
	*wstart = p;
	return 1;
}

cdr_rc cdr_dict_read_wordstat(cdr_dict *dict)
{
	cdr_dict_lines it = { dict->text, dict->len, 0, 0, NULL, 0 };
	size_t errors = dict->d->errors;
	size_t *stack = NULL, cap = 0, depth_now = 0; /* stack[k]: category at depth k */
	cdr_buf pat = CDR_BUF_INIT;
	while (cdr_dict_next_line(&it)) {
		const char *a = it.line, *b = it.line + it.n;
		size_t depth = 0;
		while (a < b && *a == '\t')
			a++, depth++;
		const char *text = a;
		while (text < b && blank(*text))
			text++;
		while (b > text && blank(b[-1]))
			b--;
		if (text == b)
			continue;
		if (text != a) {
			cdr_dict_error(dict, it.number, cdr_dict_column(it.line, a), 1,
				       "indent with tabs, one a level, as WordStat writes");
			continue;
		}
		const char *w;
		if (has_weight(a, b, &w)) {
			const char *e = w;
			while (e > a && blank(e[-1]))
				e--;
			size_t col = cdr_dict_column(it.line, a);
			if (depth == 0 || depth > depth_now) {
				cdr_dict_error(
					dict, it.number, col, 1,
					depth == 0 || depth_now == 0
						? "an entry outside a category (entries are "
						  "indented under a category)"
						: "an entry indented deeper than the line above");
				continue;
			}
			if (e == a) {
				cdr_dict_error(dict, it.number, col, 1, "an entry without a word");
				continue;
			}
			if (*a == '@') {
				cdr_dict_error(
					dict, it.number, col, 1,
					"WordStat rules ('@...') are not supported; write them as "
					"'near' or 'all' rules in the codebook");
				continue;
			}
			/* '_' and blanks between words: one space. */
			cdr_buf_reset(&pat);
			for (const char *q = a; q < e; q++) {
				char c = *q == '_' ? ' ' : *q;
				if (blank(c)) {
					if (pat.len && pat.data[pat.len - 1] != ' ')
						cdr_buf_addc(&pat, ' ');
				} else {
					cdr_buf_addc(&pat, c);
				}
			}
			while (pat.len && pat.data[pat.len - 1] == ' ')
				pat.data[--pat.len] = '\0';
			if (pat.len == 0) {
				cdr_dict_error(dict, it.number, col, 1, "an entry without a word");
				continue;
			}
			cdr_dict_add_entry(dict, stack[depth - 1], pat.data, pat.len, it.number,
					   col);
			continue;
		}
		if (depth > depth_now) {
			cdr_dict_error(
				dict, it.number, cdr_dict_column(it.line, a), 1,
				"a category indented deeper than one level below the one above");
			continue;
		}
		size_t parent = depth ? stack[depth - 1] : (size_t)-1;
		size_t c = cdr_dict_add_cat(dict, a, (size_t)(b - a), parent, it.number,
					    cdr_dict_column(it.line, a));
		CDR_GROW(stack, cap, depth + 1);
		stack[depth] = c;
		depth_now = depth + 1;
	}
	free(stack);
	cdr_buf_free(&pat);
	return dict->d->errors == errors ? CDR_OK : CDR_ESYNTAX;
}
