/*
** jsonl.c -- codings as JSON Lines, with jansson (see jsonl.h).
*/
#include "config.h"

#include "jsonl.h"
#include "utf8.h"
#include "writer.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Set o[key] to s[0..n).  Texts are valid UTF-8 (their readers check), but a file
** name need not be: then each byte that is not part of a valid sequence becomes
** U+FFFD, so that 'source' and 'document' are never left out. */
static void set_str(json_t *o, const char *key, const char *s, size_t n)
{
	json_t *v = json_stringn(s, n);
	if (!v) {
		cdr_buf fixed = CDR_BUF_INIT;
		for (size_t i = 0; i < n;) {
			cdr_utf8_error err;
			if (cdr_utf8_validate(s + i, n - i, &err)) {
				cdr_buf_add(&fixed, s + i, n - i);
				break;
			}
			cdr_buf_add(&fixed, s + i, err.offset);
			cdr_buf_adds(&fixed, "\xEF\xBF\xBD");
			i += err.offset + 1;
		}
		v = json_stringn(fixed.data ? fixed.data : "", fixed.len);
		cdr_buf_free(&fixed);
	}
	json_object_set_new(o, key, v);
}

void cdr_jsonl_rows(cdr_buf *out, cdr_unit unit, const cdr_codebook *cb, const cdr_doc *doc,
		    const cdr_row_context *ctx, const char *const *case_columns, size_t ncase,
		    const cdr_codings *cs)
{
	char label[64];
	cdr_buf rule = CDR_BUF_INIT;

	for (size_t i = 0; i < cs->count; i++) {
		const cdr_coding *k = &cs->v[i];
		const cdr_code *code = &cb->codes[k->code];
		const cdr_rule *r = &cb->rules[k->rule];
		json_t *o = json_object();
		const char *question = ctx->question ? ctx->question : "";
		const char *speaker = k->speaker ? k->speaker : "";

		set_str(o, "source", ctx->source, strlen(ctx->source));
		set_str(o, "document", doc->name, strlen(doc->name));
		const char *u = cdr_coding_unit(k, unit, label, sizeof label);
		set_str(o, "unit", u, strlen(u));
		set_str(o, "speaker", speaker, strlen(speaker));
		set_str(o, "question", question, strlen(question));
		json_object_set_new(o, "start", json_integer((json_int_t)k->start));
		json_object_set_new(o, "end", json_integer((json_int_t)k->end));
		set_str(o, "code", code->id, strlen(code->id));
		set_str(o, "label", code->label, strlen(code->label));
		set_str(o, "group", code->group, strlen(code->group));
		const char *pol = cdr_coding_polarity(k);
		set_str(o, "polarity", pol, strlen(pol));
		cdr_buf_reset(&rule);
		cdr_buf_printf(&rule, "%s: %s", cdr_rule_key(r), r->pattern);
		set_str(o, "rule", rule.data, rule.len);
		set_str(o, "text", doc->text + k->bstart, k->bend - k->bstart);
		if (ncase) {
			json_t *c = json_object();
			for (size_t v = 0; v < ncase; v++) {
				const char *val = ctx->case_values && ctx->case_values[v]
							  ? ctx->case_values[v]
							  : "";
				set_str(c, case_columns[v], val, strlen(val));
			}
			json_object_set_new(o, "case", c);
		}
		char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!line)
			cdr_out_of_memory(0);
		cdr_buf_adds(out, line);
		cdr_buf_addc(out, '\n');
		free(line);
		json_decref(o);
	}
	cdr_buf_free(&rule);
}

/* ------------------------------------------------------------- as writer --- */

static cdr_rc open_jsonl(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d)
{
	(void)path;
	(void)opt;
	(void)d;
	*state = NULL;
	return CDR_OK;
}

static void jsonl_rows(const void *state, const cdr_writer_options *opt, const cdr_writer_doc *doc,
		       cdr_buf *out)
{
	(void)state;
	cdr_jsonl_rows(out, doc->unit, opt->cb, doc->doc, doc->ctx, opt->case_columns, opt->ncase,
		       doc->codings);
}

static void jsonl_discard(void *state)
{
	(void)state;
}

const cdr_writer_ops cdr_jsonl_ops = { open_jsonl, NULL, jsonl_rows, NULL, NULL, jsonl_discard };
