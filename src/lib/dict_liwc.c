/*
** dict_liwc.c -- the LIWC dictionary reader (.dic; see dict.h, doc/import.md).
**
** The format: a line '%', the categories one a line as "NUMBER<TAB>NAME" (a
** leading tab per level nests a category under the one above, as LIWC2015's
** legend does), a line '%', then the entries one a line as
** "WORD<TAB>NUMBER<TAB>NUMBER...": a word ending in '*' matches every word that
** starts with it; a word with spaces is a phrase.  LIWC2007's conditional
** entries ("(02 134)125/464", "<of>") say a category depends on the words
** around; codeer cannot say that in a word rule, so they are refused.
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

/* The line without blanks at its ends: [*a, *b). */
static void trim(const cdr_dict_lines *it, const char **a, const char **b)
{
	*a = it->line;
	*b = it->line + it->n;
	while (*a < *b && blank(**a))
		(*a)++;
	while (*b > *a && blank((*b)[-1]))
		(*b)--;
}

static int all_digits(const char *s, size_t n)
{
	if (n == 0 || n > 9)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

typedef struct liwc {
	cdr_dict *dict;
	long *number; /* per category */
	size_t cap;
} liwc;

static size_t find_number(const liwc *l, long num)
{
	for (size_t i = 0; i < l->dict->cat_count; i++)
		if (l->number[i] == num)
			return i;
	return (size_t)-1;
}

/* One line of the category list. 'depth', 'stack' and 'nstack' track nesting. */
static void header_line(liwc *l, const cdr_dict_lines *it, size_t **stack, size_t *stack_cap,
			size_t *nstack)
{
	cdr_dict *dict = l->dict;
	const char *p = it->line, *end = it->line + it->n;
	size_t depth = 0;
	while (p < end && *p == '\t')
		p++, depth++;
	while (p < end && *p == ' ')
		p++;
	while (end > p && blank(end[-1]))
		end--;
	const char *num = p;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	size_t numn = (size_t)(p - num);
	const char *name = p;
	while (name < end && blank(*name))
		name++;
	if (!all_digits(num, numn) || name == p || name == end) {
		cdr_dict_error(dict, it->number, cdr_dict_column(it->line, num), 1,
			       "a category line is a number, a tab and a name (as '1<TAB>posemo')");
		return;
	}
	long n = strtol(num, NULL, 10);
	size_t prev = find_number(l, n);
	if (prev != (size_t)-1) {
		cdr_dict_error(dict, it->number, cdr_dict_column(it->line, num), numn,
			       "category number %ld is defined twice (first on line %zu)", n,
			       dict->cats[prev].line);
		return;
	}
	if (depth > *nstack)
		depth = *nstack; /* deeper than one level below the last: under the last */
	size_t parent = depth ? (*stack)[depth - 1] : (size_t)-1;
	size_t c = cdr_dict_add_cat(dict, name, (size_t)(end - name), parent, it->number,
				    cdr_dict_column(it->line, name));
	CDR_GROW(l->number, l->cap, c + 1);
	l->number[c] = n;
	CDR_GROW(*stack, *stack_cap, depth + 1);
	(*stack)[depth] = c;
	*nstack = depth + 1;
}

/* One entry line: a word (or phrase) and its category numbers. */
static void entry_line(liwc *l, const cdr_dict_lines *it, const char *a, const char *b)
{
	cdr_dict *dict = l->dict;
	/* The word runs to the first tab; without a tab (files edited by hand), to
	** the blank before the first number. */
	const char *wend = memchr(a, '\t', (size_t)(b - a));
	if (!wend) {
		for (const char *q = a; q < b; q++) {
			if (!blank(*q))
				continue;
			const char *r = q;
			while (r < b && (blank(*r) || (*r >= '0' && *r <= '9')))
				r++;
			if (r == b) {
				wend = q;
				break;
			}
		}
	}
	if (!wend)
		wend = b;
	const char *wordend = wend;
	while (wordend > a && blank(wordend[-1]))
		wordend--;
	/* The word in the neutral form: runs of blanks one space. */
	cdr_buf word = CDR_BUF_INIT;
	for (const char *q = a; q < wordend; q++) {
		if (blank(*q)) {
			if (word.len && word.data[word.len - 1] != ' ')
				cdr_buf_addc(&word, ' ');
		} else {
			cdr_buf_addc(&word, *q);
		}
	}
	size_t col = cdr_dict_column(it->line, a);
	size_t added = 0, first_entry = dict->entry_count;
	int bad = 0;
	for (const char *q = wend; q < b;) {
		while (q < b && blank(*q))
			q++;
		if (q >= b)
			break;
		const char *t = q;
		while (q < b && !blank(*q))
			q++;
		size_t tn = (size_t)(q - t);
		if (memchr(t, '(', tn) || memchr(t, '/', tn) || memchr(t, '<', tn)) {
			cdr_dict_error(
				dict, it->number, cdr_dict_column(it->line, t), tn,
				"conditional LIWC categories ('(02 134)125/464', '<of>') are "
				"not supported: give the word plain category numbers");
			bad = 1;
			break;
		}
		if (!all_digits(t, tn)) {
			cdr_dict_error(dict, it->number, cdr_dict_column(it->line, t), tn,
				       "'%.*s' is not a category number", (int)tn, t);
			bad = 1;
			continue;
		}
		size_t c = find_number(l, strtol(t, NULL, 10));
		if (c == (size_t)-1) {
			cdr_dict_error(dict, it->number, cdr_dict_column(it->line, t), tn,
				       "category %.*s is not in the category list", (int)tn, t);
			bad = 1;
			continue;
		}
		int again = 0;
		for (size_t k = first_entry; k < dict->entry_count; k++)
			again |= dict->entries[k].cat == c;
		if (!again && word.len)
			cdr_dict_add_entry(dict, c, word.data, word.len, it->number, col);
		added++;
	}
	if (!bad && word.len == 0)
		cdr_dict_error(dict, it->number, col, 1, "an entry line starts with its word");
	else if (!bad && added == 0)
		cdr_dict_error(dict, it->number, col, cdr_utf8_count(word.data, word.len),
			       "'%s' has no category numbers", cdr_buf_cstr(&word));
	cdr_buf_free(&word);
}

cdr_rc cdr_dict_read_liwc(cdr_dict *dict)
{
	cdr_dict_lines it = { dict->text, dict->len, 0, 0, NULL, 0 };
	liwc l = { dict, NULL, 0 };
	size_t *stack = NULL, stack_cap = 0, nstack = 0;
	size_t errors = dict->d->errors, open_line = 0;
	int state = 0; /* 0: before the first '%', 1: categories, 2: entries */
	while (cdr_dict_next_line(&it)) {
		const char *a, *b;
		trim(&it, &a, &b);
		if (a == b)
			continue;
		int percent = b - a == 1 && *a == '%';
		if (state == 0) {
			if (!percent) {
				cdr_dict_error(
					dict, it.number, cdr_dict_column(it.line, a), 1,
					"a LIWC dictionary starts with a line '%%' before its "
					"categories");
				break;
			}
			state = 1;
			open_line = it.number;
		} else if (state == 1) {
			if (percent)
				state = 2;
			else
				header_line(&l, &it, &stack, &stack_cap, &nstack);
		} else if (percent) {
			cdr_dict_error(dict, it.number, cdr_dict_column(it.line, a), 1,
				       "a third '%%' line: the category list has ended already");
		} else {
			entry_line(&l, &it, a, b);
		}
	}
	if (state == 1) {
		cdr_dict_error(dict, open_line, 1, 1,
			       "the category list that starts here has no closing '%%' line");
	}
	free(stack);
	free(l.number);
	return dict->d->errors == errors ? CDR_OK : CDR_ESYNTAX;
}
