/*
** output.c -- the outputs of 'codeer code' (see output.h).
**
** Tables are streamed through a cdr_outfile (temporary file, then rename), flushed
** every megabyte.  REFI-QDA projects go through the refi module: libzip keeps the
** archive's entries until zip_close(), which writes a temporary file and renames it,
** so an interrupted run leaves nothing behind there either.
*/
#include "config.h"

#include "output.h"
#include "jsonl.h"
#include "mem.h"
#include "outfile.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

struct cli_output {
	cli_output_kind kind;
	const cdr_codebook *cb;
	const char *const *case_columns;
	size_t ncase;
	cdr_outfile file;      /* tables */
	cdr_buf rows;          /* tables: rows not yet written */
	cdr_table *table;      /* tables */
	cdr_qdpx_writer *refi; /* projects */
	cdr_buf descriptions;  /* projects: per coding "polarity: ..." strings */
};

int cli_output_kind_of(const char *path, cli_output_kind *kind)
{
	if (strcmp(path, "-") == 0) {
		*kind = CLI_OUT_TSV;
		return 1;
	}
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	static const struct {
		const char *ext;
		cli_output_kind kind;
	} kinds[] = {
		{ ".tsv", CLI_OUT_TSV },   { ".csv", CLI_OUT_CSV }, { ".jsonl", CLI_OUT_JSONL },
		{ ".qdpx", CLI_OUT_QDPX }, { ".qde", CLI_OUT_QDE },
	};
	for (size_t i = 0; dot && i < sizeof kinds / sizeof *kinds; i++) {
		if (strcmp(dot, kinds[i].ext) == 0) {
			*kind = kinds[i].kind;
			return 1;
		}
	}
	return 0;
}

static cdr_table_format table_format(const cli_output *o)
{
	return o->kind == CLI_OUT_CSV ? CDR_TABLE_CSV : CDR_TABLE_TSV;
}

/* Tables and JSON Lines are streamed through a cdr_outfile. */
static int is_stream(const cli_output *o)
{
	return o->kind == CLI_OUT_TSV || o->kind == CLI_OUT_CSV || o->kind == CLI_OUT_JSONL;
}

cli_output *cli_output_open(const char *path, const cdr_codebook *cb,
			    const char *const *case_columns, size_t ncase,
			    const cdr_refi_options *refi, int header, cdr_diag *d)
{
	cli_output *o = cdr_xcalloc(1, sizeof *o);
	cdr_refi_options none = { 0 };
	if (!cli_output_kind_of(path, &o->kind))
		o->kind = CLI_OUT_TSV;
	o->cb = cb;
	o->case_columns = case_columns;
	o->ncase = ncase;
	cdr_rc rc = CDR_OK;
	switch (o->kind) {
	case CLI_OUT_TSV:
	case CLI_OUT_CSV:
		rc = cdr_outfile_open(&o->file, path, d);
		if (rc == CDR_OK && header)
			cdr_table_header(&o->rows, table_format(o), case_columns, ncase);
		if (rc == CDR_OK)
			o->table = cdr_table_new(cb, table_format(o));
		break;
	case CLI_OUT_JSONL:
		rc = cdr_outfile_open(&o->file, path, d);
		break;
	case CLI_OUT_QDPX:
		rc = cdr_qdpx_open(path, cb, refi ? refi : &none, &o->refi, d);
		break;
	case CLI_OUT_QDE:
		rc = cdr_qde_open(path, cb, refi ? refi : &none, &o->refi, d);
		break;
	}
	if (rc != CDR_OK) {
		cdr_buf_free(&o->rows);
		free(o);
		return NULL;
	}
	return o;
}

int cli_output_format(const cli_output *o, cdr_unit unit, const cdr_doc *doc,
		      const cdr_row_context *ctx, const cdr_codings *cs, cdr_buf *rows)
{
	if (!is_stream(o))
		return 0;
	if (o->kind == CLI_OUT_JSONL)
		cdr_jsonl_rows(rows, unit, o->cb, doc, ctx, o->case_columns, o->ncase, cs);
	else
		cdr_table_rows(rows, o->table, unit, doc, ctx, o->ncase, cs);
	return 1;
}

/* Write the pending rows once they hold a megabyte. */
static int flush_rows(cli_output *o, cdr_diag *d)
{
	if (o->rows.len < (1 << 20))
		return 1;
	cdr_rc rc = cdr_outfile_write(&o->file, o->rows.data, o->rows.len, d);
	cdr_buf_reset(&o->rows);
	return rc == CDR_OK;
}

int cli_output_rows(cli_output *o, const char *rows, size_t len, cdr_diag *d)
{
	cdr_buf_add(&o->rows, rows, len);
	return flush_rows(o, d);
}

int cli_output_document(cli_output *o, cdr_unit unit, const cdr_doc *doc,
			const cdr_row_context *ctx, const cdr_codings *cs, const char *case_name,
			cdr_diag *d)
{
	if (cli_output_format(o, unit, doc, ctx, cs, &o->rows))
		return flush_rows(o, d);
	/* A project: each coding's description says its polarity (and speaker). */
	size_t n = cs->count ? cs->count : 1;
	size_t *offset = cdr_xcalloc(n, sizeof *offset);
	const char **desc = cdr_xcalloc(n, sizeof *desc);
	cdr_refi_var *vars = cdr_xcalloc(o->ncase ? o->ncase : 1, sizeof *vars);
	cdr_buf_reset(&o->descriptions);
	for (size_t i = 0; i < cs->count; i++) {
		offset[i] = o->descriptions.len;
		cdr_buf_printf(&o->descriptions, "polarity: %s", cdr_coding_polarity(&cs->v[i]));
		if (cs->v[i].speaker && *cs->v[i].speaker)
			cdr_buf_printf(&o->descriptions, "; speaker: %s", cs->v[i].speaker);
		cdr_buf_addc(&o->descriptions, '\0');
	}
	for (size_t i = 0; i < cs->count; i++)
		desc[i] = o->descriptions.data + offset[i];
	for (size_t v = 0; v < o->ncase; v++) {
		vars[v].name = o->case_columns[v];
		vars[v].value = ctx->case_values && ctx->case_values[v] ? ctx->case_values[v] : "";
	}
	cdr_rc rc = cdr_qdpx_add(o->refi, doc, ctx->source, cs, desc, case_name, vars, o->ncase, d);
	free(vars);
	free(desc);
	free(offset);
	return rc == CDR_OK;
}

int cli_output_close(cli_output *o, cdr_diag *d)
{
	cdr_rc rc;
	if (is_stream(o)) {
		rc = cdr_outfile_write(&o->file, o->rows.data, o->rows.len, d);
		if (rc == CDR_OK)
			rc = cdr_outfile_commit(&o->file, d);
		else
			cdr_outfile_abort(&o->file);
	} else {
		rc = cdr_qdpx_close(o->refi, d);
	}
	cdr_buf_free(&o->rows);
	cdr_buf_free(&o->descriptions);
	cdr_table_free(o->table);
	free(o);
	return rc == CDR_OK;
}

void cli_output_abort(cli_output *o)
{
	if (!o)
		return;
	if (is_stream(o))
		cdr_outfile_abort(&o->file);
	else
		cdr_qdpx_discard(o->refi);
	cdr_buf_free(&o->rows);
	cdr_buf_free(&o->descriptions);
	cdr_table_free(o->table);
	free(o);
}

const char *cli_output_temp_path(const cli_output *o)
{
	return o && is_stream(o) ? o->file.tmp : NULL;
}
