/*
** table.c -- writing codings as TSV or CSV rows (see table.h).
*/
#include "config.h"

#include "table.h"

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

void cdr_table_rows(cdr_buf *out, cdr_table_format fmt, cdr_unit unit, const cdr_codebook *cb,
		    const cdr_doc *doc, const cdr_row_context *ctx, size_t ncase,
		    const cdr_codings *cs)
{
	char sep = separator(fmt);
	char label[64];
	cdr_buf rule_text = CDR_BUF_INIT;

	for (size_t i = 0; i < cs->count; i++) {
		const cdr_coding *k = &cs->v[i];
		const cdr_code *code = &cb->codes[k->code];
		const cdr_rule *rule = &cb->rules[k->rule];

		str_field(out, fmt, ctx->source);
		str_field(out, fmt, doc->name);
		str_field(out, fmt, cdr_coding_unit(k, unit, label, sizeof label));
		str_field(out, fmt, k->speaker ? k->speaker : "");
		str_field(out, fmt, ctx->question ? ctx->question : "");
		cdr_buf_add_size(out, k->start);
		cdr_buf_addc(out, sep);
		cdr_buf_add_size(out, k->end);
		cdr_buf_addc(out, sep);
		str_field(out, fmt, code->id);
		str_field(out, fmt, code->label);
		str_field(out, fmt, code->group);
		str_field(out, fmt, cdr_coding_polarity(k));
		cdr_buf_reset(&rule_text);
		cdr_buf_adds(&rule_text, cdr_rule_key(rule));
		cdr_buf_add(&rule_text, ": ", 2);
		cdr_buf_adds(&rule_text, rule->pattern);
		str_field(out, fmt, cdr_buf_cstr(&rule_text));
		cdr_table_field(out, fmt, doc->text + k->bstart, k->bend - k->bstart);
		for (size_t c = 0; c < ncase; c++) {
			cdr_buf_addc(out, sep);
			const char *v =
				ctx->case_values && ctx->case_values[c] ? ctx->case_values[c] : "";
			cdr_table_field(out, fmt, v, strlen(v));
		}
		cdr_buf_addc(out, '\n');
	}
	cdr_buf_free(&rule_text);
}
