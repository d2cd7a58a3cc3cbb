/*
** writer.c -- the table of output formats, and what every stream shares: rows
** buffered a megabyte at a time through a cdr_outfile (see writer.h).
*/
#include "config.h"

#include "writer.h"
#include "outfile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The formats, in the order --help lists them.  "-" is the first row's. */
static const cdr_writer_format formats[] = {
	{ "tsv", ".tsv", "a table, tab-separated ('-': to standard output)", &cdr_table_tsv_ops },
	{ "csv", ".csv", "a table, comma-separated (RFC 4180)", &cdr_table_csv_ops },
	{ "jsonl", ".jsonl", "JSON Lines, one object per coding", &cdr_jsonl_ops },
	{ "qdpx", ".qdpx", "a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo, QualCoder",
	  &cdr_qdpx_ops },
	{ "qde", ".qde", "a bare REFI-QDA project file (texts inside)", &cdr_qde_ops },
	{ "html", ".html", "a report to read and show: counts, charts, samples", &cdr_report_ops },
	{ "matrix-tsv", ".matrix.tsv", "the case x code matrix, tab-separated",
	  &cdr_matrix_tsv_ops },
	{ "matrix-csv", ".matrix.csv", "the case x code matrix, comma-separated",
	  &cdr_matrix_csv_ops },
};

#define FLUSH_BYTES (1u << 20)

struct cdr_writer {
	const cdr_writer_format *fmt;
	cdr_writer_options opt;
	void *state;
	cdr_outfile file; /* streams */
	cdr_buf rows;     /* streams: rows not yet written */
};

const cdr_writer_format *cdr_writer_formats(size_t *count)
{
	*count = sizeof formats / sizeof *formats;
	return formats;
}

const cdr_writer_format *cdr_writer_format_of(const char *path)
{
	if (strcmp(path, "-") == 0)
		return &formats[0];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t len = strlen(base);
	const cdr_writer_format *best = NULL;
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		size_t el = strlen(formats[i].extension);
		if (len > el && strcasecmp(base + len - el, formats[i].extension) == 0 &&
		    (!best || el > strlen(best->extension)))
			best = &formats[i];
	}
	/* A device or a pipe with no extension (/dev/null, /dev/stdout): as "-". */
	struct stat st;
	if (!best && stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
		best = &formats[0];
	return best;
}

void cdr_writer_extensions(cdr_buf *out)
{
	size_t n = sizeof formats / sizeof *formats;
	for (size_t i = 0; i < n; i++)
		cdr_buf_printf(out, "%s%s",
			       i == 0       ? ""
			       : i + 1 == n ? " or "
					    : ", ",
			       formats[i].extension);
}

static int is_stream(const cdr_writer *w)
{
	return w->fmt->ops->rows != NULL;
}

cdr_rc cdr_writer_open(const char *path, const cdr_writer_format *fmt,
		       const cdr_writer_options *opt, cdr_writer **out, cdr_diag *d)
{
	*out = NULL;
	if (!fmt)
		fmt = cdr_writer_format_of(path);
	if (!fmt) {
		cdr_buf ext = CDR_BUF_INIT;
		cdr_writer_extensions(&ext);
		cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot tell the output format: name it %s",
			     cdr_buf_cstr(&ext));
		cdr_buf_free(&ext);
		return CDR_EINPUT;
	}
	cdr_writer *w = cdr_xcalloc(1, sizeof *w);
	w->fmt = fmt;
	w->opt = *opt;
	cdr_rc rc = fmt->ops->open(&w->state, path, &w->opt, d);
	if (rc == CDR_OK && is_stream(w)) {
		rc = cdr_outfile_open(&w->file, path, d);
		if (rc == CDR_OK && fmt->ops->header && !opt->no_header)
			fmt->ops->header(w->state, &w->opt, &w->rows);
		if (rc != CDR_OK)
			fmt->ops->discard(w->state);
	}
	if (rc != CDR_OK) {
		cdr_buf_free(&w->rows);
		free(w);
		return rc;
	}
	*out = w;
	return CDR_OK;
}

int cdr_writer_format_rows(const cdr_writer *w, const cdr_writer_doc *doc, cdr_buf *out)
{
	if (!is_stream(w))
		return 0;
	w->fmt->ops->rows(w->state, &w->opt, doc, out);
	return 1;
}

/* Write the pending rows once they hold a megabyte. */
static cdr_rc flush_rows(cdr_writer *w, cdr_diag *d)
{
	if (w->rows.len < FLUSH_BYTES)
		return CDR_OK;
	cdr_rc rc = cdr_outfile_write(&w->file, w->rows.data, w->rows.len, d);
	cdr_buf_reset(&w->rows);
	return rc;
}

cdr_rc cdr_writer_add_rows(cdr_writer *w, const char *rows, size_t len, cdr_diag *d)
{
	cdr_buf_add(&w->rows, rows, len);
	return flush_rows(w, d);
}

cdr_rc cdr_writer_add(cdr_writer *w, const cdr_writer_doc *doc, cdr_diag *d)
{
	if (cdr_writer_format_rows(w, doc, &w->rows))
		return flush_rows(w, d);
	return w->fmt->ops->document(w->state, &w->opt, doc, d);
}

cdr_rc cdr_writer_commit(cdr_writer *w, cdr_diag *d)
{
	cdr_rc rc;
	if (is_stream(w)) {
		rc = cdr_outfile_write(&w->file, w->rows.data, w->rows.len, d);
		if (rc == CDR_OK)
			rc = cdr_outfile_commit(&w->file, d);
		else
			cdr_outfile_abort(&w->file);
		w->fmt->ops->discard(w->state);
	} else {
		rc = w->fmt->ops->commit(w->state, d);
	}
	cdr_buf_free(&w->rows);
	free(w);
	return rc;
}

void cdr_writer_abort(cdr_writer *w)
{
	if (!w)
		return;
	if (is_stream(w))
		cdr_outfile_abort(&w->file);
	w->fmt->ops->discard(w->state);
	cdr_buf_free(&w->rows);
	free(w);
}
