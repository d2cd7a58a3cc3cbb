/*
** matrix.c -- the case x code matrix (`-o NAME.matrix.tsv` or `.matrix.csv`):
** one row per case (a text document, or a respondent: the consecutive answers of
** one survey record; see report.h), one column per code, and in each cell the
** units of the case coded with the code (with cdr_writer_options.binary: 1 if
** there is at least one, else 0).  What MAXQDA's code matrix and quanteda's
** document-feature matrix hold, ready for R, SPSS or Stata.
**
** Columns: case, the case variables, units (the case's units, the denominator),
** then one per code named by its id.  Fields are escaped as in the flat table
** (table.h).  A row is written when its case ends, so memory holds one row.
*/
#include "config.h"

#include "outfile.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

typedef struct matrix_output {
	cdr_table_format fmt;
	cdr_outfile file;
	int binary;
	size_t ncodes, ncase;
	cdr_case_follow follow;
	cdr_buf row_start; /* the case and its variables, escaped, each with a separator */
	size_t units;      /* of the current case */
	size_t *count;     /* per code: units of the current case */
	cdr_buf out;       /* rows not yet written */
} matrix_output;

static char sep(const matrix_output *m)
{
	return m->fmt == CDR_TABLE_CSV ? ',' : '\t';
}

static cdr_rc open_matrix(void **state, const char *path, const cdr_writer_options *opt,
			  cdr_diag *d, cdr_table_format fmt)
{
	matrix_output *m = cdr_xcalloc(1, sizeof *m);
	*state = NULL;
	cdr_rc rc = cdr_outfile_open(&m->file, path, d);
	if (rc != CDR_OK) {
		free(m);
		return rc;
	}
	m->fmt = fmt;
	m->binary = opt->binary;
	m->ncodes = opt->cb->code_count;
	m->ncase = opt->ncase;
	m->count = cdr_xcalloc(m->ncodes ? m->ncodes : 1, sizeof *m->count);
	if (!opt->no_header) {
		cdr_table_field(&m->out, fmt, "case", 4);
		for (size_t v = 0; v < opt->ncase; v++) {
			cdr_buf_addc(&m->out, sep(m));
			cdr_table_field(&m->out, fmt, opt->case_columns[v],
					strlen(opt->case_columns[v]));
		}
		cdr_buf_addc(&m->out, sep(m));
		cdr_buf_adds(&m->out, "units");
		for (size_t k = 0; k < m->ncodes; k++) {
			const char *id = opt->cb->codes[k].id;
			cdr_buf_addc(&m->out, sep(m));
			cdr_table_field(&m->out, fmt, id, strlen(id));
		}
		cdr_buf_addc(&m->out, '\n');
	}
	*state = m;
	return CDR_OK;
}

static cdr_rc open_tsv(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d)
{
	return open_matrix(state, path, opt, d, CDR_TABLE_TSV);
}

static cdr_rc open_csv(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d)
{
	return open_matrix(state, path, opt, d, CDR_TABLE_CSV);
}

/* Write the row of the current case, if there is one. */
static void end_row(matrix_output *m)
{
	if (!m->follow.open)
		return;
	cdr_buf_add(&m->out, m->row_start.data, m->row_start.len);
	cdr_buf_add_size(&m->out, m->units);
	for (size_t k = 0; k < m->ncodes; k++) {
		cdr_buf_addc(&m->out, sep(m));
		cdr_buf_add_size(&m->out, m->binary ? m->count[k] > 0 : m->count[k]);
		m->count[k] = 0;
	}
	cdr_buf_addc(&m->out, '\n');
	m->units = 0;
	m->follow.open = 0;
}

static cdr_rc flush(matrix_output *m, size_t at_least, cdr_diag *d)
{
	if (m->out.len < at_least)
		return CDR_OK;
	cdr_rc rc = cdr_outfile_write(&m->file, m->out.data, m->out.len, d);
	cdr_buf_reset(&m->out);
	return rc;
}

static cdr_rc matrix_document(void *state, const cdr_writer_options *opt, const cdr_writer_doc *doc,
			      cdr_diag *d)
{
	matrix_output *m = state;
	if (!cdr_case_follow_same(&m->follow, doc)) {
		end_row(m);
		cdr_case_follow_start(&m->follow, doc);
		cdr_buf_reset(&m->row_start);
		const char *name = doc->case_name                 ? doc->case_name
				   : doc->ctx && doc->ctx->source ? doc->ctx->source
								  : doc->doc->name;
		cdr_table_field(&m->row_start, m->fmt, name, strlen(name));
		cdr_buf_addc(&m->row_start, sep(m));
		const char *const *values = doc->ctx ? doc->ctx->case_values : NULL;
		for (size_t v = 0; v < opt->ncase; v++) {
			const char *x = values && values[v] ? values[v] : "";
			cdr_table_field(&m->row_start, m->fmt, x, strlen(x));
			cdr_buf_addc(&m->row_start, sep(m));
		}
	}
	m->units += cdr_report_doc_units(doc);
	const cdr_codings *cs = doc->codings;
	size_t from, to = 0;
	while (cdr_report_next_unit(doc, &from, &to))
		for (size_t i = from; i < to; i++) {
			size_t k = cs->v[i].code, dup = 0;
			for (size_t j = from; j < i && !dup; j++)
				dup = cs->v[j].code == k;
			m->count[k] += !dup;
		}
	return flush(m, 1u << 20, d);
}

static void matrix_discard(void *state)
{
	matrix_output *m = state;
	if (!m)
		return;
	cdr_outfile_abort(&m->file);
	cdr_buf_free(&m->follow.name);
	cdr_buf_free(&m->row_start);
	cdr_buf_free(&m->out);
	free(m->count);
	free(m);
}

static cdr_rc matrix_commit(void *state, cdr_diag *d)
{
	matrix_output *m = state;
	end_row(m);
	cdr_rc rc = flush(m, 0, d);
	if (rc == CDR_OK)
		rc = cdr_outfile_commit(&m->file, d);
	matrix_discard(m);
	return rc;
}

const cdr_writer_ops cdr_matrix_tsv_ops = { open_tsv,        NULL,          NULL,
					    matrix_document, matrix_commit, matrix_discard };
const cdr_writer_ops cdr_matrix_csv_ops = { open_csv,        NULL,          NULL,
					    matrix_document, matrix_commit, matrix_discard };
