/*
** sheet.c -- coding sheets for people (see sheet.h).
*/
#include "config.h"

#include "sheet.h"
#include "agree.h"
#include "human.h"
#include "mem.h"
#include "outfile.h"
#include "refi_write.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct row {
	size_t seq;
	char *id, *source, *text;
	size_t start, end;
} row;

struct cdr_sheet {
	const char *path;
	int csv, project;
	size_t sample; /* 0: every unit, written as it comes */
	cdr_agree_rng rng;
	size_t seen;
	row *rows; /* the sample */
	size_t nrows;
	cdr_outfile file;
	cdr_buf buf;
	cdr_qdpx_writer *qdpx;
};

static int ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);
	return n > e && strcasecmp(s + n - e, ext) == 0;
}

int cdr_sheet_format_ok(const char *path)
{
	return strcmp(path, "-") == 0 || ends_with(path, ".tsv") || ends_with(path, ".csv") ||
	       ends_with(path, ".qdpx");
}

cdr_rc cdr_sheet_open(const char *path, const cdr_codebook *cb, size_t sample, uint64_t seed,
		      cdr_sheet **out, cdr_diag *d)
{
	cdr_sheet *s = cdr_xcalloc(1, sizeof *s);
	s->path = path;
	s->csv = ends_with(path, ".csv");
	s->project = ends_with(path, ".qdpx");
	s->sample = sample;
	cdr_agree_rng_seed(&s->rng, seed);
	s->rows = cdr_xcalloc(sample ? sample : 1, sizeof *s->rows);
	cdr_refi_options refi = { 0 };
	cdr_rc rc = s->project ? cdr_qdpx_open(path, cb, &refi, &s->qdpx, d)
			       : cdr_outfile_open(&s->file, path, d);
	if (rc != CDR_OK) {
		free(s->rows);
		free(s);
		s = NULL;
	} else if (!s->project) {
		cdr_buf_adds(&s->buf, s->csv ? "unit,source,start,end,text,codes\n"
					     : "unit\tsource\tstart\tend\ttext\tcodes\n");
	}
	*out = s;
	return rc;
}

/* Write one unit: a row, or a project's source. */
static cdr_rc put(cdr_sheet *s, const row *x, cdr_diag *d)
{
	if (s->project) {
		cdr_doc doc;
		cdr_doc_from_text(x->id, x->text, strlen(x->text), &doc);
		cdr_codings none = CDR_CODINGS_INIT;
		cdr_rc rc = cdr_qdpx_add(s->qdpx, &doc, x->id, &none, NULL, NULL, NULL, 0, d);
		cdr_doc_free(&doc);
		return rc;
	}
	cdr_table_format f = s->csv ? CDR_TABLE_CSV : CDR_TABLE_TSV;
	char sep = s->csv ? ',' : '\t';
	cdr_table_field(&s->buf, f, x->id, strlen(x->id));
	cdr_buf_addc(&s->buf, sep);
	cdr_table_field(&s->buf, f, x->source, strlen(x->source));
	cdr_buf_printf(&s->buf, "%c%zu%c%zu%c", sep, x->start, sep, x->end, sep);
	cdr_table_field(&s->buf, f, x->text, strlen(x->text));
	cdr_buf_printf(&s->buf, "%c\n", sep);
	if (s->buf.len < (1u << 20))
		return CDR_OK;
	cdr_rc rc = cdr_outfile_write(&s->file, s->buf.data, s->buf.len, d);
	cdr_buf_reset(&s->buf);
	return rc;
}

static void free_row(row *x)
{
	free(x->id);
	free(x->source);
	free(x->text);
}

cdr_rc cdr_sheet_add(cdr_sheet *s, const char *source, const cdr_doc *doc, cdr_unit unit,
		     const cdr_codings *units, cdr_diag *d)
{
	cdr_buf id = CDR_BUF_INIT;
	cdr_rc rc = CDR_OK;
	for (size_t i = 0; i < units->count && rc == CDR_OK; i++) {
		const cdr_coding *u = &units->v[i];
		cdr_buf_reset(&id);
		cdr_unit_id(source, u, unit, &id);
		row x = { s->seen++,
			  cdr_xstrdup(cdr_buf_cstr(&id)),
			  cdr_xstrdup(source),
			  cdr_xstrndup(doc->text + u->bstart, u->bend - u->bstart),
			  u->start,
			  u->end };
		if (!s->sample) {
			rc = put(s, &x, d);
			free_row(&x);
		} else if (s->nrows < s->sample) {
			s->rows[s->nrows++] = x;
		} else {
			size_t k = cdr_agree_rng_below(&s->rng, x.seq + 1);
			if (k < s->sample) {
				free_row(&s->rows[k]);
				s->rows[k] = x;
			} else {
				free_row(&x);
			}
		}
	}
	cdr_buf_free(&id);
	return rc;
}

size_t cdr_sheet_units(const cdr_sheet *s, size_t *kept)
{
	*kept = s->sample ? s->nrows : s->seen;
	return s->seen;
}

static int cmp_seq(const void *a, const void *b)
{
	const row *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void release(cdr_sheet *s)
{
	for (size_t i = 0; i < s->nrows; i++)
		free_row(&s->rows[i]);
	free(s->rows);
	cdr_buf_free(&s->buf);
	free(s);
}

cdr_rc cdr_sheet_commit(cdr_sheet *s, cdr_diag *d)
{
	cdr_diag_pos pos = { s->path, 0, 0, 0, NULL, 0 };
	cdr_rc rc = CDR_OK;
	if (s->seen == 0) {
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "the inputs have no units: nothing to code");
		rc = CDR_EINPUT;
	} else if (s->sample && s->seen < s->sample) {
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "the sample asks for %zu units; the inputs have %zu", s->sample,
			     s->seen);
		rc = CDR_EINPUT;
	}
	if (s->nrows > 1)
		qsort(s->rows, s->nrows, sizeof *s->rows, cmp_seq);
	for (size_t i = 0; rc == CDR_OK && i < s->nrows; i++)
		rc = put(s, &s->rows[i], d);
	if (rc != CDR_OK) {
		cdr_sheet_abort(s);
		return rc;
	}
	if (s->project) {
		rc = cdr_qdpx_close(s->qdpx, d);
	} else {
		rc = cdr_outfile_write(&s->file, s->buf.data, s->buf.len, d);
		if (rc == CDR_OK)
			rc = cdr_outfile_commit(&s->file, d);
		else
			cdr_outfile_abort(&s->file);
	}
	release(s);
	return rc;
}

void cdr_sheet_abort(cdr_sheet *s)
{
	if (!s)
		return;
	if (s->project)
		cdr_qdpx_discard(s->qdpx);
	else
		cdr_outfile_abort(&s->file);
	release(s);
}
