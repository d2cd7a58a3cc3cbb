/*
** table.c -- writing codings as TSV or CSV rows (see table.h).
*/
#include "config.h"

#include "table.h"
#include "writer.h"

#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
	"source", "document", "unit",  "speaker",  "question", "start", "end",
	"code",   "label",    "group", "polarity", "rule",     "text",
};

/* The characters a field spells as a backslash escape. */
static const unsigned char needs_escape[256] = { ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\\'] = 1 };

static void escape(cdr_buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (!needs_escape[(unsigned char)s[i]])
			continue;
		char rep[2] = { '\\', s[i] == '\t'   ? 't'
				      : s[i] == '\n' ? 'n'
				      : s[i] == '\r' ? 'r'
						     : '\\' };
		cdr_buf_add(out, s + run, i - run);
		cdr_buf_add(out, rep, 2);
		run = i + 1;
	}
	cdr_buf_add(out, s + run, n - run);
}

void cdr_table_field(cdr_buf *out, cdr_table_format fmt, const char *s, size_t n)
{
	if (fmt == CDR_TABLE_CSV && (memchr(s, ',', n) || memchr(s, '"', n))) {
		cdr_buf esc = CDR_BUF_INIT;
		escape(&esc, s, n);
		cdr_buf_addc(out, '"');
		for (size_t i = 0; i < esc.len; i++) {
			if (esc.data[i] == '"')
				cdr_buf_addc(out, '"');
			cdr_buf_addc(out, esc.data[i]);
		}
		cdr_buf_addc(out, '"');
		cdr_buf_free(&esc);
		return;
	}
	escape(out, s, n);
}

static char separator(cdr_table_format fmt)
{
	return fmt == CDR_TABLE_CSV ? ',' : '\t';
}

void cdr_table_header(cdr_buf *out, cdr_table_format fmt, const char *const *case_columns,
		      size_t ncase)
{
	for (size_t i = 0; i < sizeof columns / sizeof *columns; i++) {
		if (i)
			cdr_buf_addc(out, separator(fmt));
		cdr_buf_adds(out, columns[i]);
	}
	for (size_t i = 0; i < ncase; i++) {
		cdr_buf_addc(out, separator(fmt));
		cdr_table_field(out, fmt, case_columns[i], strlen(case_columns[i]));
	}
	cdr_buf_addc(out, '\n');
}

static void str_field(cdr_buf *out, cdr_table_format fmt, const char *s)
{
	cdr_table_field(out, fmt, s, strlen(s));
	cdr_buf_addc(out, separator(fmt));
}

struct cdr_table {
	const cdr_codebook *cb;
	cdr_table_format fmt;
	cdr_buf fields;          /* the escaped fields below, each followed by the separator */
	size_t *code_at;         /* per code: "code label group " (3 fields), and its end */
	size_t *rule_at;         /* per rule: "key: pattern ", and its end */
	const char *polarity[2]; /* of a coding without and with an obstacle: a word */
	size_t polarity_len[2];
};

cdr_table *cdr_table_new(const cdr_codebook *cb, cdr_table_format fmt)
{
	cdr_table *t = cdr_xcalloc(1, sizeof *t);
	t->cb = cb;
	t->fmt = fmt;
	for (int o = 0; o < 2; o++) {
		t->polarity[o] = cdr_coding_polarity(&(cdr_coding){ .obstacle = o });
		t->polarity_len[o] = strlen(t->polarity[o]);
	}
	t->code_at = cdr_xcalloc(cb->code_count + 1, sizeof *t->code_at);
	t->rule_at = cdr_xcalloc(cb->rule_count + 1, sizeof *t->rule_at);
	for (size_t c = 0; c < cb->code_count; c++) {
		t->code_at[c] = t->fields.len;
		str_field(&t->fields, fmt, cb->codes[c].id);
		str_field(&t->fields, fmt, cb->codes[c].label);
		str_field(&t->fields, fmt, cb->codes[c].group);
	}
	t->code_at[cb->code_count] = t->fields.len;
	cdr_buf rule_text = CDR_BUF_INIT;
	for (size_t r = 0; r < cb->rule_count; r++) {
		t->rule_at[r] = t->fields.len;
		cdr_buf_reset(&rule_text);
		cdr_buf_adds(&rule_text, cdr_rule_key(&cb->rules[r]));
		cdr_buf_add(&rule_text, ": ", 2);
		cdr_buf_adds(&rule_text, cb->rules[r].pattern);
		str_field(&t->fields, fmt, cdr_buf_cstr(&rule_text));
	}
	t->rule_at[cb->rule_count] = t->fields.len;
	cdr_buf_free(&rule_text);
	return t;
}

void cdr_table_free(cdr_table *t)
{
	if (!t)
		return;
	cdr_buf_free(&t->fields);
	free(t->code_at);
	free(t->rule_at);
	free(t);
}

/* Append again the n bytes written at out->data + at (earlier in this call). */
static void repeat(cdr_buf *out, size_t at, size_t n)
{
	cdr_buf_reserve(out, n);
	memcpy(out->data + out->len, out->data + at, n);
	out->len += n;
	out->data[out->len] = '\0';
}

void cdr_table_rows(cdr_buf *out, const cdr_table *t, cdr_unit unit, const cdr_doc *doc,
		    const cdr_row_context *ctx, size_t ncase, const cdr_codings *cs)
{
	cdr_table_format fmt = t->fmt;
	char sep = separator(fmt);
	char label[64];
	size_t label_len = 0;
	const cdr_coding *labelled = NULL; /* the coding 'label' was made for */
	/* The fields every row of the document shares are escaped on its first row and
	** copied from there: source and document, and the question. */
	size_t head_at = 0, head_len = 0, question_at = 0, question_len = 0;

	for (size_t i = 0; i < cs->count; i++) {
		const cdr_coding *k = &cs->v[i];
		if (i == 0) {
			head_at = out->len;
			str_field(out, fmt, ctx->source);
			str_field(out, fmt, doc->name);
			head_len = out->len - head_at;
		} else {
			repeat(out, head_at, head_len);
		}
		/* A unit label is letters, digits and dots: nothing to escape.  Codings
		** come in text order, so the rows of one unit follow each other. */
		if (!labelled || k->paragraph != labelled->paragraph ||
		    k->sentence != labelled->sentence || k->turn != labelled->turn) {
			label_len = strlen(cdr_coding_unit(k, unit, label, sizeof label));
			labelled = k;
		}
		cdr_buf_add(out, label, label_len);
		cdr_buf_addc(out, sep);
		if (k->speaker && *k->speaker)
			str_field(out, fmt, k->speaker);
		else
			cdr_buf_addc(out, sep);
		if (i == 0) {
			question_at = out->len;
			str_field(out, fmt, ctx->question ? ctx->question : "");
			question_len = out->len - question_at;
		} else {
			repeat(out, question_at, question_len);
		}
		cdr_buf_add_size(out, k->start);
		cdr_buf_addc(out, sep);
		cdr_buf_add_size(out, k->end);
		cdr_buf_addc(out, sep);
		cdr_buf_add(out, t->fields.data + t->code_at[k->code],
			    t->code_at[k->code + 1] - t->code_at[k->code]);
		cdr_buf_add(out, t->polarity[k->obstacle != 0], t->polarity_len[k->obstacle != 0]);
		cdr_buf_addc(out, sep);
		cdr_buf_add(out, t->fields.data + t->rule_at[k->rule],
			    t->rule_at[k->rule + 1] - t->rule_at[k->rule]);
		cdr_table_field(out, fmt, doc->text + k->bstart, k->bend - k->bstart);
		for (size_t c = 0; c < ncase; c++) {
			cdr_buf_addc(out, sep);
			const char *v =
				ctx->case_values && ctx->case_values[c] ? ctx->case_values[c] : "";
			cdr_table_field(out, fmt, v, strlen(v));
		}
		cdr_buf_addc(out, '\n');
	}
}

/* ------------------------------------------------------------- as writer --- */

static cdr_rc open_table(void **state, const cdr_writer_options *opt, cdr_table_format fmt)
{
	*state = cdr_table_new(opt->cb, fmt);
	return CDR_OK;
}

static cdr_rc open_tsv(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d)
{
	(void)path;
	(void)d;
	return open_table(state, opt, CDR_TABLE_TSV);
}

static cdr_rc open_csv(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d)
{
	(void)path;
	(void)d;
	return open_table(state, opt, CDR_TABLE_CSV);
}

static void table_header(const void *state, const cdr_writer_options *opt, cdr_buf *out)
{
	const cdr_table *t = state;
	cdr_table_header(out, t->fmt, opt->case_columns, opt->ncase);
}

static void table_rows(const void *state, const cdr_writer_options *opt, const cdr_writer_doc *doc,
		       cdr_buf *out)
{
	cdr_table_rows(out, state, doc->unit, doc->doc, doc->ctx, opt->ncase, doc->codings);
}

static void table_discard(void *state)
{
	cdr_table_free(state);
}

const cdr_writer_ops cdr_table_tsv_ops = { open_tsv, table_header, table_rows,
					   NULL,     NULL,         table_discard };
const cdr_writer_ops cdr_table_csv_ops = { open_csv, table_header, table_rows,
					   NULL,     NULL,         table_discard };
