/*
** diag.c -- collecting and rendering diagnostics (see diag.h), and the text of
** the status codes of status.h.
*/
#include "config.h"

#include "diag.h"
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cdr_rc_str(cdr_rc rc)
{
	switch (rc) {
	case CDR_OK:
		return "success";
	case CDR_EIO:
		return "input/output error";
	case CDR_EINPUT:
		return "malformed input";
	case CDR_ESYNTAX:
		return "malformed codebook";
	case CDR_ELIMIT:
		return "limit reached";
	case CDR_EINTERNAL:
		return "internal error";
	}
	return "unknown status";
}

void cdr_diag_add(cdr_diag *d, cdr_severity sev, const cdr_diag_pos *pos, const char *fmt, ...)
{
	cdr_buf msg = CDR_BUF_INIT;
	char small[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof small) {
		cdr_buf_add(&msg, small, (size_t)n);
	} else if (n >= 0) {
		char *big = cdr_xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		cdr_buf_adds(&msg, big);
		free(big);
	}

	CDR_GROW(d->items, d->cap, d->count + 1);
	cdr_diag_item *it = &d->items[d->count++];
	memset(it, 0, sizeof *it);
	it->severity = sev;
	it->message = cdr_buf_take(&msg);
	if (pos) {
		it->file = pos->file ? cdr_xstrdup(pos->file) : NULL;
		it->line = pos->line;
		it->column = pos->column;
		it->width = pos->width;
		if (pos->src)
			it->source_line = cdr_xstrndup(pos->src, pos->src_len);
	}
	if (sev == CDR_DIAG_ERROR)
		d->errors++;
	else if (sev == CDR_DIAG_WARNING)
		d->warnings++;
}

static const char *severity_name(cdr_severity sev)
{
	switch (sev) {
	case CDR_DIAG_ERROR:
		return "error";
	case CDR_DIAG_WARNING:
		return "warning";
	case CDR_DIAG_NOTE:
		return "note";
	}
	return "error";
}

void cdr_diag_render(const cdr_diag_item *it, cdr_buf *out)
{
	if (it->file) {
		cdr_buf_adds(out, it->file);
		if (it->line) {
			cdr_buf_printf(out, ":%zu", it->line);
			if (it->column)
				cdr_buf_printf(out, ":%zu", it->column);
		}
		cdr_buf_adds(out, ": ");
	}
	cdr_buf_printf(out, "%s: %s\n", severity_name(it->severity), it->message);
	if (!it->source_line || !it->line)
		return;

	/* The quoted line, with tabs shown as one space so the caret lines up. */
	char num[32];
	int w = snprintf(num, sizeof num, "%zu", it->line);
	cdr_buf_printf(out, " %*s | ", w < 4 ? 4 : w, num);
	for (const char *p = it->source_line; *p; p++)
		cdr_buf_addc(out, *p == '\t' ? ' ' : *p);
	cdr_buf_addc(out, '\n');
	if (!it->column)
		return;
	cdr_buf_printf(out, " %*s | ", w < 4 ? 4 : w, "");
	for (size_t i = 1; i < it->column; i++)
		cdr_buf_addc(out, ' ');
	cdr_buf_addc(out, '^');
	for (size_t i = 1; i < it->width; i++)
		cdr_buf_addc(out, '~');
	cdr_buf_addc(out, '\n');
}

void cdr_diag_append(cdr_diag *dst, const cdr_diag *src)
{
	for (size_t i = 0; i < src->count; i++) {
		const cdr_diag_item *it = &src->items[i];
		cdr_diag_pos pos = {
			it->file,  it->line,        it->column,
			it->width, it->source_line, it->source_line ? strlen(it->source_line) : 0
		};
		cdr_diag_add(dst, it->severity, &pos, "%s", it->message);
	}
}

/* A run of items: an error or warning and the notes after it. */
typedef struct diag_group {
	size_t first, count;
	size_t line, column;
} diag_group;

static int group_cmp(const void *a, const void *b)
{
	const diag_group *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first; /* stable */
}

static void item_free(cdr_diag_item *it)
{
	free(it->file);
	free(it->source_line);
	free(it->message);
}

size_t cdr_diag_order(cdr_diag *d, size_t from, size_t max_errors)
{
	if (from >= d->count)
		return 0;
	size_t n = d->count - from, ngroups = 0;
	diag_group *g = cdr_xcalloc(n, sizeof *g);
	for (size_t i = from; i < d->count; i++) {
		if (d->items[i].severity == CDR_DIAG_NOTE && ngroups > 0) {
			g[ngroups - 1].count++;
			continue;
		}
		g[ngroups++] = (diag_group){ i, 1, d->items[i].line, d->items[i].column };
	}
	qsort(g, ngroups, sizeof *g, group_cmp);
	cdr_diag_item *v = cdr_xmalloc(n * sizeof *v);
	size_t kept = 0, errors = 0, dropped = 0;
	for (size_t k = 0; k < ngroups; k++) {
		cdr_diag_item *it = &d->items[g[k].first];
		int error = it->severity == CDR_DIAG_ERROR;
		if (max_errors && errors == max_errors && error) {
			dropped++;
			d->errors--;
		}
		if (max_errors && errors == max_errors) { /* past the last error kept */
			d->warnings -= it->severity == CDR_DIAG_WARNING;
			for (size_t j = 0; j < g[k].count; j++)
				item_free(&it[j]);
			continue;
		}
		errors += error;
		memcpy(v + kept, it, g[k].count * sizeof *v);
		kept += g[k].count;
	}
	memcpy(d->items + from, v, kept * sizeof *v);
	d->count = from + kept;
	free(v);
	free(g);
	if (dropped) {
		const cdr_diag_item *last = &d->items[d->count - 1];
		cdr_diag_pos pos = { last->file, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_NOTE, &pos,
			     "and %zu more error%s (codeer lists the first %zu)", dropped,
			     dropped == 1 ? "" : "s", max_errors);
	}
	return dropped;
}

void cdr_diag_clear(cdr_diag *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].source_line);
		free(d->items[i].message);
	}
	d->count = d->errors = d->warnings = 0;
}

void cdr_diag_free(cdr_diag *d)
{
	cdr_diag_clear(d);
	free(d->items);
	d->items = NULL;
	d->cap = 0;
}
