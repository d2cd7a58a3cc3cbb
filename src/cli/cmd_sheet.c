/*
** cmd_sheet.c -- 'codeer sheet': every unit of a corpus (or a random sample of
** them) as a coding sheet for people to code by hand, for 'codeer agree'.
*/
#include "config.h"

#include "agree.h"
#include "cli.h"
#include "corpus.h"
#include "human.h"
#include "outfile.h"
#include "refi_write.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { OPT_SAMPLE = 256, OPT_SEED };

static const cli_option sheet_options[] = {
	CLI_SECTION("The sheet:"),
	{ "output", 'o', "FILE", 'o',
	  ".tsv or .csv (a table for Excel or LibreOffice), or\n"
	  ".qdpx (one source per unit, to code in a QDA tool)" },
	{ "sample", 0, "N", OPT_SAMPLE,
	  "a simple random sample of N units (without replacement,\n"
	  "in corpus order), instead of every unit" },
	{ "seed", 0, "S", OPT_SEED,
	  "the sample's seed (default 1): the same seed, the same sample" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help sheet_help = {
	"Usage: codeer sheet [OPTIONS] -o SHEET INPUT...\n"
	"\n"
	"Write every unit of the inputs, coded or not, one row each, as a coding sheet\n"
	"for people to fill in: columns unit (a stable id: SOURCE#p3, SOURCE#p3.s2, or\n"
	"the answer's ROWID:COLUMN), source, start, end (code points), text, and an\n"
	"empty codes column for code ids or labels separated by spaces, commas or\n"
	"semicolons.  A filled-in sheet is what 'codeer agree --human' reads.  The\n"
	"units are those of --unit (paragraphs of text, whole survey answers).\n",
	"Examples:\n"
	"  codeer sheet -o sheet.csv interviews/\n"
	"  codeer sheet --sample 200 --seed 7 -o sample.qdpx antwoorden.csv\n",
	0
};

/* A unit of the sample. */
typedef struct row {
	size_t seq;
	char *id, *source, *text;
	size_t start, end;
} row;

typedef struct sheet_run {
	cli_corpus corpus;
	const char *output;
	int csv, project;
	unsigned long sample, seed;
	cdr_agree_rng rng;
	size_t seen;
	row *rows;
	size_t nrows;
	cdr_outfile file;
	cdr_buf buf;
	cdr_qdpx_writer *qdpx;
} sheet_run;

static int on_option(void *ctx, int id, const char *v)
{
	sheet_run *r = ctx;
	switch (id) {
	case 'o':
		r->output = v;
		return CLI_EXIT_OK;
	case OPT_SAMPLE:
		if (!cli_parse_number(v, 1, 100000000, &r->sample))
			return cli_usage_error("sheet",
					       "--sample takes a number of units, not '%s'", v);
		return CLI_EXIT_OK;
	case OPT_SEED:
		if (!cli_parse_number(v, 0, 4000000000ul, &r->seed))
			return cli_usage_error("sheet", "--seed takes a whole number, not '%s'", v);
		return CLI_EXIT_OK;
	default:
		return cli_corpus_option(&r->corpus, "sheet", id, v);
	}
}

/* Write one unit: a row, or a project's source. */
static cdr_rc put(sheet_run *r, const row *x, cdr_diag *d)
{
	if (r->project) {
		cdr_doc doc;
		cdr_doc_from_text(x->id, x->text, strlen(x->text), &doc);
		cdr_codings none = CDR_CODINGS_INIT;
		cdr_rc rc = cdr_qdpx_add(r->qdpx, &doc, x->id, &none, NULL, NULL, NULL, 0, d);
		cdr_doc_free(&doc);
		return rc;
	}
	cdr_table_format f = r->csv ? CDR_TABLE_CSV : CDR_TABLE_TSV;
	char sep = r->csv ? ',' : '\t';
	cdr_table_field(&r->buf, f, x->id, strlen(x->id));
	cdr_buf_addc(&r->buf, sep);
	cdr_table_field(&r->buf, f, x->source, strlen(x->source));
	cdr_buf_printf(&r->buf, "%c%zu%c%zu%c", sep, x->start, sep, x->end, sep);
	cdr_table_field(&r->buf, f, x->text, strlen(x->text));
	cdr_buf_printf(&r->buf, "%c\n", sep);
	if (r->buf.len < (1u << 20))
		return CDR_OK;
	cdr_rc rc = cdr_outfile_write(&r->file, r->buf.data, r->buf.len, d);
	cdr_buf_reset(&r->buf);
	return rc;
}

static void free_row(row *x)
{
	free(x->id);
	free(x->source);
	free(x->text);
}

/* Every coded document, in input order: its units. */
static int write_job(void *ctx, cdr_pipeline_job *j)
{
	sheet_run *r = ctx;
	cdr_diag *d = &r->corpus.diag;
	if (j->diag.errors) {
		cdr_diag_append(d, &j->diag);
		return 1;
	}
	cli_corpus_count(&r->corpus, j);
	cdr_unit unit = cli_corpus_unit(&r->corpus, j->answer);
	cdr_buf id = CDR_BUF_INIT;
	int stop = 0;
	for (size_t i = 0; i < j->units.count && !stop; i++) {
		const cdr_coding *u = &j->units.v[i];
		cdr_buf_reset(&id);
		cdr_unit_id(j->source, u, unit, &id);
		row x = { r->seen++,
			  cdr_xstrdup(cdr_buf_cstr(&id)),
			  cdr_xstrdup(j->source),
			  cdr_xstrndup(j->doc.text + u->bstart, u->bend - u->bstart),
			  u->start,
			  u->end };
		if (!r->sample) {
			stop = put(r, &x, d) != CDR_OK;
			free_row(&x);
		} else if (r->nrows < r->sample) { /* reservoir sampling (algorithm R) */
			r->rows[r->nrows++] = x;
		} else {
			size_t k = cdr_agree_rng_below(&r->rng, x.seq + 1);
			if (k < r->sample) {
				free_row(&r->rows[k]);
				r->rows[k] = x;
			} else {
				free_row(&x);
			}
		}
	}
	cdr_buf_free(&id);
	return stop;
}

static int cmp_seq(const void *a, const void *b)
{
	const row *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);
	return n > e && strcasecmp(s + n - e, ext) == 0;
}

int cmd_sheet(int argc, char **argv)
{
	static const cli_option *const tables[] = { cli_corpus_options, sheet_options, NULL };
	sheet_run r = { .output = NULL, .seed = 1 };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c, argc);
	c->keep_units = 1;
	int first,
		status = cli_parse("sheet", tables, &sheet_help, argc, argv, on_option, &r, &first);
	if (status >= 0)
		goto done;
	if (!r.output) {
		status = cli_usage_error("sheet",
					 "name the sheet with -o FILE (.tsv, .csv or .qdpx)");
		goto done;
	}
	r.csv = ends_with(r.output, ".csv");
	r.project = ends_with(r.output, ".qdpx");
	if (!r.csv && !r.project && !ends_with(r.output, ".tsv") && strcmp(r.output, "-") != 0) {
		status = cli_usage_error("sheet", "a sheet is .tsv, .csv or .qdpx, not '%s'",
					 r.output);
		goto done;
	}
	status = cli_corpus_open(c, "sheet", argv + first, argc - first, r.output);
	if (status != CLI_EXIT_OK)
		goto done;
	status = CLI_EXIT_INPUT;
	cdr_agree_rng_seed(&r.rng, r.seed);
	r.rows = cdr_xcalloc(r.sample ? r.sample : 1, sizeof *r.rows);
	cdr_refi_options refi = { 0 };
	if (r.project ? cdr_qdpx_open(r.output, c->cb, &refi, &r.qdpx, &c->diag) != CDR_OK
		      : cdr_outfile_open(&r.file, r.output, &c->diag) != CDR_OK)
		goto done;
	if (!r.project)
		cdr_buf_adds(&r.buf, r.csv ? "unit,source,start,end,text,codes\n"
					   : "unit\tsource\tstart\tend\ttext\tcodes\n");
	if (cli_corpus_run(c, NULL, write_job, NULL, &r) != CLI_EXIT_OK)
		goto done;
	if (r.sample && r.nrows < r.sample) {
		cli_error("%s: the sample asks for %lu units; the inputs have %zu", r.output,
			  r.sample, r.nrows);
		goto done;
	}
	if (r.nrows > 1)
		qsort(r.rows, r.nrows, sizeof *r.rows, cmp_seq);
	for (size_t i = 0; i < r.nrows; i++)
		if (put(&r, &r.rows[i], &c->diag) != CDR_OK)
			goto done;
	if (r.seen == 0) {
		cli_error("%s: the inputs have no units: nothing to code", r.output);
		goto done;
	}
	cdr_rc rc;
	if (r.project) {
		rc = cdr_qdpx_close(r.qdpx, &c->diag);
		r.qdpx = NULL;
	} else {
		rc = cdr_outfile_write(&r.file, r.buf.data, r.buf.len, &c->diag);
		if (rc == CDR_OK)
			rc = cdr_outfile_commit(&r.file, &c->diag);
	}
	if (rc != CDR_OK)
		goto done;
	status = CLI_EXIT_OK;
	if (!c->quiet)
		cli_error("%s: %zu of %zu units%s", r.output, r.sample ? r.nrows : r.seen, r.seen,
			  r.sample ? " (a simple random sample)" : "");
done:
	if (status != CLI_EXIT_OK && r.output) {
		if (r.project)
			cdr_qdpx_discard(r.qdpx);
		else if (r.file.path)
			cdr_outfile_abort(&r.file);
	}
	for (size_t i = 0; i < r.nrows; i++)
		free_row(&r.rows[i]);
	free(r.rows);
	cdr_buf_free(&r.buf);
	cli_corpus_free(c);
	return status;
}
