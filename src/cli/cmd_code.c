/*
** cmd_code.c -- 'codeer code': code text files with a codebook and write the
** codings as a table.
**
** Order of work, so that bad input never costs an existing result: parse options,
** load and compile the codebook, list the inputs and check that none of them is
** the output, then open the output (a temporary file), code each document, and
** rename the output into place only when everything succeeded.
*/
#include "config.h"

#include "cli.h"
#include "codebook.h"
#include "coder.h"
#include "input.h"
#include "match.h"
#include "mem.h"
#include "csv.h"
#include "output.h"
#include "pipeline.h"
#include "read.h"
#include "refi.h"

#include <dirent.h>
#include <jansson.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char code_help[] =
	"Usage: codeer code [OPTIONS] [INPUT...]\n"
	"\n"
	"Code text documents with a codebook and write one row per coding.\n"
	"\n"
	"INPUT is a .txt or .md file, a Word .docx file, a survey export .csv (every\n"
	"answer is a document, named ROWID:COLUMN), answers as JSON Lines (.jsonl, one\n"
	"{\"id\": ..., \"text\": ...} object a line), a REFI-QDA project .qdpx (its\n"
	"text sources), a directory (its .txt, .md and .docx files, recursively, in\n"
	"name order), or '-' for standard input; with no INPUT, standard input.  Text\n"
	"is UTF-8, or UTF-16 with a byte order mark.\n"
	"\n"
	"Options:\n"
	"  -b, --codebook FILE  the codebook: a codebook file or a pattern table\n"
	"                       (code<TAB>kind<TAB>pattern); default: the bundled\n"
	"                       reference codebook (" CLI_REFERENCE_CODEBOOK ")\n"
	"  -o, --output FILE    where to write; the format follows the extension:\n"
	"                       .tsv or .csv (a table), .jsonl (JSON Lines), .qdpx (a\n"
	"                       REFI-QDA project for ATLAS.ti, MAXQDA, NVivo,\n"
	"                       QualCoder) or .qde;\n"
	"                       '-' (the default) writes TSV to stdout\n"
	"      --unit UNIT      what a coding covers: match (the matched words),\n"
	"                       sentence, paragraph (the default for text), turn (a\n"
	"                       speaker's turn in a transcript: I:, R:, ...), or answer\n"
	"                       (a whole survey answer: the default for CSV)\n"
	"\n"
	"Survey exports (.csv; Qualtrics exports are recognised):\n"
	"      --text-column NAME  a column of open answers to code (repeatable;\n"
	"                       default: every free-text column, as the summary shows)\n"
	"      --id-column NAME  the respondent id (default: ResponseId in Qualtrics,\n"
	"                       else a column named id or respondent..., else the row)\n"
	"      --case-column NAME  a column carried into every output as a case\n"
	"                       variable (repeatable)\n"
	"      --delimiter C    ',' ';' or 'tab' (default: sniffed from the header)\n"
	"      --lenient        skip rows with more cells than the header, and say how\n"
	"                       many, instead of stopping\n"
	"      --max-record SIZE  the largest CSV record (default 64M; K, M, G suffixes)\n"
	"  -j, --jobs N         threads that code, the main one among them (default:\n"
	"                       all processors); the output is the same for every N\n"
	"      --input-format F  what '-' (standard input) holds: text (the default),\n"
	"                       csv (a survey export) or jsonl (answers, one JSON object\n"
	"                       {\"id\": ..., \"text\": ...} a line)\n"
	"      --no-header      no header line in a table (for shards to concatenate)\n"
	"      --match-limit N  PCRE2's match limit per rule and paragraph (default\n"
	"                       10000000); a rule that reaches it stops the run\n"
	"      --depth-limit N  PCRE2's depth limit (default 100000)\n"
	"      --max-zip-entry SIZE  the largest entry of a .qdpx read (default 512M)\n"
	"  -q, --quiet          no summary line on stderr\n"
	"      --prefilter MODE  how rules are found; every mode gives the same result:\n"
	"                       all (Hyperscan finds where words and expressions may\n"
	"                       match; fastest, but takes 0.1-0.5 s to build), words\n"
	"                       (only words; quick to build), off (every rule through\n"
	"                       PCRE2 on every paragraph: the reference the others\n"
	"                       are tested on), auto (the default: words for inputs\n"
	"                       under 512 KiB, else all)\n"
	"      --no-prefilter   the same as --prefilter off\n"
	"      --utf16-positions  in a .qdpx/.qde, count positions in UTF-16 units, as\n"
	"                       NVivo does (default: code points, as the standard says)\n"
	"      --timestamp      in a .qdpx/.qde, record the time of the run (default:\n"
	"                       none, so the same input gives the same bytes)\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"Columns: source document unit speaker question start end code label group\n"
	"polarity rule text, then the case columns.  polarity is 'obstacle' when an\n"
	"obstacle cue of the codebook stands in the same clause as a match, else\n"
	"'neutral'.\n"
	"start and end count Unicode code points of the original text (end exclusive);\n"
	"text is the original text of that span, with tab, newline, carriage return\n"
	"and backslash written as \\t \\n \\r \\\\.\n"
	"\n"
	"Exit status: 0 success, 1 bad input or codebook, 2 bad usage.\n"
	"\n"
	"Examples:\n"
	"  codeer code -o coded.tsv interview.txt notes.md\n"
	"  codeer code -o - < answer.txt\n"
	"  codeer code -b mijn.codebook --unit sentence -o coded.csv transcripts/\n";

/* The temporary output file, for the signal handler to remove. */
static const char *volatile pending_tmp;

static void on_signal(int sig)
{
	const char *tmp = pending_tmp;
	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

typedef struct input_list {
	char **paths;
	size_t count, cap;
} input_list;

static void add_input(input_list *l, const char *path)
{
	CDR_GROW(l->paths, l->cap, l->count + 1);
	l->paths[l->count++] = cdr_xstrdup(path);
}

/* In a directory: the files codeer reads as documents. */
static int is_document_name(const char *name)
{
	cdr_input_kind k = cdr_input_kind_of(name);
	return strchr(name, '.') && (k == CDR_INPUT_TEXT || k == CDR_INPUT_DOCX);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the text files under directory 'dir', sorted by name.  Returns 0 after
** printing an error. */
static int add_directory(input_list *l, const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		cli_error("%s: cannot open directory", dir);
		return 0;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		CDR_GROW(names, cap, n + 1);
		names[n++] = cdr_xstrdup(de->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);

	int ok = 1;
	for (size_t i = 0; i < n; i++) {
		cdr_buf p = CDR_BUF_INIT;
		size_t dl = strlen(dir);
		cdr_buf_add(&p, dir, dl);
		if (dl && dir[dl - 1] != '/')
			cdr_buf_addc(&p, '/');
		cdr_buf_adds(&p, names[i]);
		struct stat st;
		if (ok && stat(cdr_buf_cstr(&p), &st) == 0) {
			if (S_ISDIR(st.st_mode))
				ok = add_directory(l, cdr_buf_cstr(&p));
			else if (S_ISREG(st.st_mode) && is_document_name(names[i]))
				add_input(l, cdr_buf_cstr(&p));
		}
		cdr_buf_free(&p);
		free(names[i]);
	}
	free(names);
	return ok;
}

/* Check an input given on the command line and add it (or a directory's files).
** Returns 0 after printing an error. */
static int add_argument(input_list *l, const char *arg)
{
	if (strcmp(arg, "-") == 0) {
		add_input(l, arg);
		return 1;
	}
	struct stat st;
	if (stat(arg, &st) != 0) {
		add_input(l, arg); /* reading it will report why it cannot be opened */
		return 1;
	}
	if (S_ISDIR(st.st_mode))
		return add_directory(l, arg);
	if (cdr_input_kind_of(arg) == CDR_INPUT_UNKNOWN) {
		const char *dot = strrchr(arg, '.');
		cli_error("%s: cannot read '%s' files: codeer reads plain text (.txt, .md), Word "
			  "(.docx) and REFI-QDA projects (.qdpx); convert the file first",
			  arg, dot);
		return 0;
	}
	add_input(l, arg);
	return 1;
}

static void free_inputs(input_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->paths[i]);
	free(l->paths);
}

/* --prefilter auto: building the full prefilter costs about as much as the
** words-only one loses on half a megabyte of text (1.5 ms an expression to build,
** 2.5 ms an expression and megabyte to run it through PCRE2 instead; measured with
** the reference codebook and the bench table, see doc/performance.md), so below
** that the words-only one is quicker.  The size is the files' (a Word document's
** or a project's counted three times, for the compression of their text); standard
** input, of unknown size, gets it all. */
#define PREFILTER_AUTO       (-1)
#define PREFILTER_UNKNOWN    (-2)
#define PREFILTER_SMALL_SIZE (512u << 10)

static int prefilter_mode(const char *name)
{
	static const struct {
		const char *name;
		int mode;
	} modes[] = { { "auto", PREFILTER_AUTO },
		      { "all", CDR_PREFILTER_ALL },
		      { "words", CDR_PREFILTER_WORDS },
		      { "off", CDR_PREFILTER_OFF } };
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		if (strcmp(name, modes[i].name) == 0)
			return modes[i].mode;
	return PREFILTER_UNKNOWN;
}

static cdr_prefilter_mode auto_prefilter(const input_list *in)
{
	unsigned long long total = 0;
	for (size_t i = 0; i < in->count; i++) {
		struct stat st;
		if (strcmp(in->paths[i], "-") == 0 || stat(in->paths[i], &st) != 0 ||
		    !S_ISREG(st.st_mode))
			return CDR_PREFILTER_ALL;
		cdr_input_kind k = cdr_input_kind_of(in->paths[i]);
		/* Word documents and projects are zips: their text is larger. */
		unsigned factor = k == CDR_INPUT_DOCX || k == CDR_INPUT_QDPX ? 3 : 1;
		total += (unsigned long long)st.st_size * factor;
	}
	return total < PREFILTER_SMALL_SIZE ? CDR_PREFILTER_WORDS : CDR_PREFILTER_ALL;
}

/* Refuse an output that is one of the inputs.  Returns 0 after printing an error. */
static int output_is_safe(const char *out, const input_list *in)
{
	struct stat so;
	if (strcmp(out, "-") == 0 || stat(out, &so) != 0)
		return 1;
	for (size_t i = 0; i < in->count; i++) {
		struct stat si;
		if (strcmp(in->paths[i], "-") != 0 && stat(in->paths[i], &si) == 0 &&
		    si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
			cli_error("%s: the output file is also an input; refusing to overwrite it",
				  out);
			return 0;
		}
	}
	return 1;
}

/* The state of one 'codeer code' run. */
typedef struct run {
	cdr_codebook *cb;
	cdr_matcher *matcher;
	cdr_unit text_unit;   /* for text, Word and project documents */
	cdr_unit answer_unit; /* for survey answers */
	pipeline *pl;         /* codes documents on the worker threads */
	cli_output *out;
	cdr_coder_stats text_stats, answer_stats;
	size_t documents;      /* text documents coded */
	size_t answers;        /* survey answers read (cells of text columns) */
	size_t empty_answers;  /* of those, empty */
	size_t units_coded[2]; /* [0] text units, [1] answer units with a coding */
	size_t total;          /* codings written */
	size_t *per_code;      /* codings per code */
	int quiet, progress;   /* progress: stderr is a terminal */
	struct timespec t0, last_progress;
	cdr_diag *d;
} run;

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* On a terminal, a progress line for runs longer than a second. */
static void show_progress(run *r)
{
	if (!r->progress || ((r->documents + r->answers) & 255) != 0)
		return;
	double t = seconds_since(&r->t0);
	if (t < 1.0 || seconds_since(&r->last_progress) < 0.25)
		return;
	clock_gettime(CLOCK_MONOTONIC, &r->last_progress);
	fprintf(stderr, "\rcodeer: %zu documents, %zu answers, %zu codings, %.1f s", r->documents,
		r->answers, r->total, t);
	fflush(stderr);
}

static void end_progress(const run *r)
{
	if (r->progress && seconds_since(&r->t0) >= 1.0)
		fputs("\r\033[K", stderr);
}

/* The pipeline's formatter: called on a worker thread for every coded document.
** It reads only what does not change during the run. */
static void format_job(void *ctx, pl_job *j, cdr_buf *out)
{
	const run *r = ctx;
	cdr_unit unit = j->answer ? r->answer_unit : r->text_unit;
	cdr_row_context ctx2 = { j->source, j->question, (const char *const *)j->case_values };
	j->formatted = cli_output_format(r->out, unit, &j->doc, &ctx2, &j->codings, out);
}

/* The pipeline's writer: called in input order for every coded document. */
static int write_job(void *ctx, pl_job *j)
{
	run *r = ctx;
	if (j->diag.errors) { /* keep the messages for the end; stop */
		cdr_diag_append(r->d, &j->diag);
		return 1;
	}
	cli_print_diag(&j->diag); /* warnings */
	cdr_coder_stats *st = j->answer ? &r->answer_stats : &r->text_stats;
	st->paragraphs += j->stats.paragraphs;
	st->sentences += j->stats.sentences;
	st->units += j->stats.units;
	st->turns += j->stats.turns;
	cdr_unit unit = j->answer ? r->answer_unit : r->text_unit;
	cdr_row_context ctx2 = { j->source, j->question, (const char *const *)j->case_values };
	if (j->formatted ? !cli_output_rows(r->out, j->rows, j->rows_len, r->d)
			 : !cli_output_document(r->out, unit, &j->doc, &ctx2, &j->codings,
						j->case_name, r->d))
		return 1;
	r->total += j->codings.count;
	/* Units holding codings: their codings are contiguous (sorted by position). */
	for (size_t k = 0; k < j->codings.count; k++) {
		const cdr_coding *x = &j->codings.v[k], *prev = k ? x - 1 : NULL;
		r->per_code[x->code]++;
		if (!prev || prev->paragraph != x->paragraph || prev->sentence != x->sentence ||
		    prev->turn != x->turn)
			r->units_coded[j->answer] += unit == CDR_UNIT_ANSWER ? !prev : 1;
	}
	show_progress(r);
	return 0;
}

/* Hand one document to the pipeline (which copies it). */
static void code_document(run *r, const cdr_doc *doc, const cdr_row_context *ctx, size_t ncase,
			  const char *case_name, int answer)
{
	pipeline_add(r->pl, doc, ctx->source, ctx->question, ctx->case_values, ncase, case_name,
		     answer);
}

/* Code the text sources of a REFI-QDA project; each is named PROJECT:SOURCE. */
static void code_project(run *r, const char *path, const cdr_refi_options *opt)
{
	cdr_qdpx_source *src = NULL;
	size_t n = 0;
	if (cdr_qdpx_read(path, opt, &src, &n, r->d) != CDR_OK)
		return;
	for (size_t i = 0; i < n && !r->d->errors; i++) {
		cdr_buf name = CDR_BUF_INIT;
		cdr_buf_printf(&name, "%s:%s", path, src[i].name);
		cdr_doc doc;
		cdr_doc_from_text(cdr_buf_cstr(&name), src[i].text, src[i].len, &doc);
		cdr_row_context ctx = { doc.name, "", NULL };
		code_document(r, &doc, &ctx, 0, NULL, 0);
		r->documents++;
		cdr_doc_free(&doc);
		cdr_buf_free(&name);
	}
	cdr_qdpx_sources_free(src, n);
}

/* What the user asked of survey exports. */
typedef struct csv_request {
	cdr_csv_options opt;
	const char **text_columns;
	size_t ntext;
	const char **case_columns;
	size_t ncase;
} csv_request;

/* The column 'name' of 'c', or report that it has none. */
static size_t need_column(run *r, cdr_csv *c, const char *path, const char *name, const char *what)
{
	size_t col = cdr_csv_find_column(c, name);
	if (col == (size_t)-1) {
		cdr_diag_pos pos = { path, 1, 0, 0, NULL, 0 };
		cdr_diag_add(r->d, CDR_DIAG_ERROR, &pos, "no column named '%s' (given as %s)", name,
			     what);
	}
	return col;
}

/* Code the open answers of a survey export. */
static void code_survey(run *r, const char *path, const csv_request *req)
{
	cdr_csv *c = NULL;
	if (cdr_csv_open(path, &req->opt, &c, r->d) != CDR_OK)
		return;
	size_t ncol = cdr_csv_column_count(c);
	size_t *text = cdr_xcalloc(ncol, sizeof *text), ntext = 0;
	size_t *cases = cdr_xcalloc(req->ncase ? req->ncase : 1, sizeof *cases);
	const char **values = cdr_xcalloc(req->ncase ? req->ncase : 1, sizeof *values);
	size_t id = cdr_csv_id_column(c);

	for (size_t i = 0; i < req->ntext; i++) {
		size_t col = need_column(r, c, path, req->text_columns[i], "--text-column");
		if (col != (size_t)-1)
			text[ntext++] = col;
	}
	if (!req->ntext)
		for (size_t col = 0; col < ncol; col++)
			if (cdr_csv_is_free_text(c, col, NULL))
				text[ntext++] = col;
	for (size_t i = 0; i < req->ncase; i++)
		cases[i] = need_column(r, c, path, req->case_columns[i], "--case-column");
	if (!r->d->errors && !ntext) {
		cdr_diag_pos pos = { path, 1, 0, 0, NULL, 0 };
		cdr_diag_add(r->d, CDR_DIAG_ERROR, &pos,
			     "no column looks like open answers; name them with --text-column");
	}
	if (!r->quiet && !r->d->errors) {
		cdr_buf b = CDR_BUF_INIT;
		cdr_buf_printf(
			&b, "codeer: %s: %s, delimiter '%s', id column %s; coding", path,
			cdr_csv_is_qualtrics(c) ? "Qualtrics export" : "CSV",
			cdr_csv_delimiter(c) == '\t' ? "tab" : (char[]){ cdr_csv_delimiter(c), 0 },
			id == (size_t)-1 ? "none (rows are numbered)" : cdr_csv_column_name(c, id));
		for (size_t i = 0; i < ntext; i++)
			cdr_buf_printf(&b, "%s %s", i ? "," : "", cdr_csv_column_name(c, text[i]));
		if (!req->ntext) {
			cdr_buf_adds(&b, "\ncodeer:   (free text, from a sample of ");
			cdr_buf_printf(&b, "%zu rows; not coded:", cdr_csv_sample_rows(c));
			size_t shown = 0;
			for (size_t col = 0; col < ncol; col++) {
				const char *why = NULL;
				if (cdr_csv_is_free_text(c, col, &why))
					continue;
				cdr_buf_printf(&b, "%s %s (%s)", shown++ ? "," : "",
					       cdr_csv_column_name(c, col), why ? why : "");
			}
			cdr_buf_adds(&b, ")");
		}
		fprintf(stderr, "%s\n", cdr_buf_cstr(&b));
		cdr_buf_free(&b);
	}

	cdr_csv_record rec;
	int done = 0;
	char rowid[32];
	cdr_buf source = CDR_BUF_INIT;
	while (!r->d->errors && cdr_csv_next(c, &rec, &done, r->d) == CDR_OK && !done) {
		const char *who = id == (size_t)-1 ? NULL : rec.cell[id];
		if (!who || !*who) {
			snprintf(rowid, sizeof rowid, "%zu", rec.row);
			who = rowid;
		}
		for (size_t i = 0; i < req->ncase; i++)
			values[i] = rec.cell[cases[i]];
		for (size_t i = 0; i < ntext && !r->d->errors; i++) {
			size_t col = text[i];
			r->answers++;
			if (rec.len[col] == 0) {
				r->empty_answers++;
				continue;
			}
			cdr_buf_reset(&source);
			cdr_buf_adds(&source, who);
			cdr_buf_addc(&source, ':');
			cdr_buf_adds(&source, cdr_csv_column_name(c, col));
			/* The cell as it is (the reader validated it), lent to the pipeline. */
			cdr_doc doc = { (char *)path, (char *)rec.cell[col], rec.len[col],
					CDR_ENC_UTF8 };
			cdr_row_context ctx = { cdr_buf_cstr(&source), cdr_csv_column_label(c, col),
						values };
			code_document(r, &doc, &ctx, req->ncase, who, 1);
		}
	}
	if (!r->d->errors && cdr_csv_skipped(c)) {
		cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(r->d, CDR_DIAG_WARNING, &pos,
			     "--lenient skipped %zu row%s with more cells than the header",
			     cdr_csv_skipped(c), cdr_csv_skipped(c) == 1 ? "" : "s");
	}
	cdr_buf_free(&source);
	free(values);
	free(cases);
	free(text);
	cdr_csv_free(c);
}

/* Code answers given as JSON Lines: one object a line, {"id": ..., "text": ...},
** with the case columns among its other fields.  Named ID:text. */
static void code_jsonl(run *r, const char *path, const csv_request *req)
{
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	cdr_rc rc;
	FILE *f = cdr_open_input(path, &rc, r->d);
	if (!f)
		return;
	char *line = NULL;
	size_t cap = 0, number = 0;
	ssize_t n;
	const char **values = cdr_xcalloc(req->ncase ? req->ncase : 1, sizeof *values);
	char **owned = cdr_xcalloc(req->ncase ? req->ncase : 1, sizeof *owned);
	cdr_buf source = CDR_BUF_INIT;
	while (!r->d->errors && (n = getline(&line, &cap, f)) > 0) {
		number++;
		json_error_t err;
		json_t *o = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &err);
		json_t *id = o ? json_object_get(o, "id") : NULL;
		json_t *text = o ? json_object_get(o, "text") : NULL;
		cdr_diag_pos pos = { shown, number, o ? 0 : (size_t)err.column, 0, NULL, 0 };
		if (!o || !json_is_object(o) || !json_is_string(text) ||
		    (id && !json_is_string(id) && !json_is_integer(id))) {
			if (o || n > 1 || line[0] != '\n') /* blank lines are fine */
				cdr_diag_add(
					r->d, CDR_DIAG_ERROR, &pos, "%s",
					!o ? err.text
					   : "expected an object with a string \"text\" and a string or "
					     "number \"id\"");
			json_decref(o);
			continue;
		}
		char rowid[32];
		const char *who = rowid;
		if (json_is_string(id))
			who = json_string_value(id);
		else
			snprintf(rowid, sizeof rowid, "%lld",
				 id ? (long long)json_integer_value(id) : (long long)number);
		for (size_t i = 0; i < req->ncase; i++) {
			json_t *v = json_object_get(o, req->case_columns[i]);
			free(owned[i]);
			owned[i] = !v ? cdr_xstrdup("")
				   : json_is_string(v)
					   ? cdr_xstrdup(json_string_value(v))
					   : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			values[i] = owned[i];
		}
		r->answers++;
		size_t len = json_string_length(text);
		if (len == 0) {
			r->empty_answers++;
		} else {
			cdr_buf_reset(&source);
			cdr_buf_printf(&source, "%s:text", who);
			/* jansson hands out valid UTF-8 and refuses "\u0000" */
			cdr_doc doc = { (char *)shown, (char *)json_string_value(text), len,
					CDR_ENC_UTF8 };
			cdr_row_context ctx = { cdr_buf_cstr(&source), "", values };
			code_document(r, &doc, &ctx, req->ncase, who, 1);
		}
		json_decref(o);
	}
	for (size_t i = 0; i < req->ncase; i++)
		free(owned[i]);
	free(owned);
	free(values);
	free(line);
	cdr_buf_free(&source);
	if (f != stdin)
		fclose(f);
}

static const char *unit_noun(cdr_unit unit)
{
	switch (unit) {
	case CDR_UNIT_SENTENCE:
		return "sentence";
	case CDR_UNIT_TURN:
		return "turn";
	case CDR_UNIT_ANSWER:
		return "answer";
	default:
		return "paragraph";
	}
}

static size_t units_of(const cdr_coder_stats *st, cdr_unit unit)
{
	return unit == CDR_UNIT_MATCH ? st->paragraphs : st->units;
}

static void print_summary(const run *r, const char *output)
{
	cdr_buf b = CDR_BUF_INIT;
	size_t used = 0;
	for (size_t k = 0; k < r->cb->code_count; k++)
		used += r->per_code[k] > 0;
	cdr_buf_adds(&b, "codeer:");
	if (r->documents || !r->answers) {
		size_t n = units_of(&r->text_stats, r->text_unit);
		cdr_buf_printf(&b, " %zu document%s, %zu %s%s (%zu coded),", r->documents,
			       r->documents == 1 ? "" : "s", n, unit_noun(r->text_unit),
			       n == 1 ? "" : "s", r->units_coded[0]);
	}
	if (r->answers) {
		cdr_buf_printf(&b, " %zu answer%s (%zu empty", r->answers,
			       r->answers == 1 ? "" : "s", r->empty_answers);
		if (r->answer_unit == CDR_UNIT_ANSWER)
			cdr_buf_printf(&b, ", %zu coded),", r->units_coded[1]);
		else
			cdr_buf_printf(&b, "), %zu %ss (%zu coded),",
				       units_of(&r->answer_stats, r->answer_unit),
				       unit_noun(r->answer_unit), r->units_coded[1]);
	}
	cdr_buf_printf(&b, " %zu coding%s, %zu of %zu codes used, %.2f s -> %s\n", r->total,
		       r->total == 1 ? "" : "s", used, r->cb->code_count, seconds_since(&r->t0),
		       strcmp(output, "-") == 0 ? "<stdout>" : output);
	/* Codings per group, in the order groups first appear in the codebook. */
	if (r->total) {
		cdr_buf_adds(&b, "codeer: codings per group:");
		for (size_t k = 0; k < r->cb->code_count; k++) {
			const char *g = r->cb->codes[k].group;
			size_t first = k;
			for (size_t j = 0; j < k; j++)
				if (strcmp(r->cb->codes[j].group, g) == 0) {
					first = j;
					break;
				}
			if (first != k)
				continue;
			size_t n = 0;
			for (size_t j = k; j < r->cb->code_count; j++)
				if (strcmp(r->cb->codes[j].group, g) == 0)
					n += r->per_code[j];
			cdr_buf_printf(&b, "%s %s %zu", k ? "," : "", *g ? g : "(no group)", n);
		}
		cdr_buf_addc(&b, '\n');
	}
	fputs(cdr_buf_cstr(&b), stderr);
	cdr_buf_free(&b);
}

/* Parse a size with an optional K, M or G suffix; returns 0 if 's' is not one. */
static size_t parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s)
		return 0;
	unsigned long long mul = 1;
	if (*end == 'K' || *end == 'k')
		mul = 1ull << 10;
	else if (*end == 'M' || *end == 'm')
		mul = 1ull << 20;
	else if (*end == 'G' || *end == 'g')
		mul = 1ull << 30;
	if (mul > 1)
		end++;
	if (*end || v > SIZE_MAX / mul)
		return 0;
	return (size_t)(v * mul);
}

enum {
	OPT_UNIT = 256,
	OPT_UTF16,
	OPT_TIMESTAMP,
	OPT_TEXT_COLUMN,
	OPT_ID_COLUMN,
	OPT_CASE_COLUMN,
	OPT_DELIMITER,
	OPT_LENIENT,
	OPT_MAX_RECORD,
	OPT_NO_PREFILTER,
	OPT_PREFILTER,
	OPT_NO_HEADER,
	OPT_INPUT_FORMAT,
	OPT_MATCH_LIMIT,
	OPT_DEPTH_LIMIT,
	OPT_MAX_ZIP_ENTRY
};

int cmd_code(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "case-column", required_argument, NULL, OPT_CASE_COLUMN },
		{ "codebook", required_argument, NULL, 'b' },
		{ "delimiter", required_argument, NULL, OPT_DELIMITER },
		{ "depth-limit", required_argument, NULL, OPT_DEPTH_LIMIT },
		{ "help", no_argument, NULL, 'h' },
		{ "id-column", required_argument, NULL, OPT_ID_COLUMN },
		{ "jobs", required_argument, NULL, 'j' },
		{ "lenient", no_argument, NULL, OPT_LENIENT },
		{ "match-limit", required_argument, NULL, OPT_MATCH_LIMIT },
		{ "max-record", required_argument, NULL, OPT_MAX_RECORD },
		{ "max-zip-entry", required_argument, NULL, OPT_MAX_ZIP_ENTRY },
		{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT },
		{ "no-header", no_argument, NULL, OPT_NO_HEADER },
		{ "no-prefilter", no_argument, NULL, OPT_NO_PREFILTER },
		{ "output", required_argument, NULL, 'o' },
		{ "prefilter", required_argument, NULL, OPT_PREFILTER },
		{ "quiet", no_argument, NULL, 'q' },
		{ "text-column", required_argument, NULL, OPT_TEXT_COLUMN },
		{ "timestamp", no_argument, NULL, OPT_TIMESTAMP },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "utf16-positions", no_argument, NULL, OPT_UTF16 },
		{ NULL, 0, NULL, 0 },
	};
	const char *codebook_path = NULL, *output = "-";
	int quiet = 0, c, unit_given = 0, prefilter = PREFILTER_AUTO, header = 1;
	int stdin_kind = CDR_INPUT_TEXT;
	unsigned long match_limit = 0, depth_limit = 0;
	cdr_unit unit = CDR_UNIT_PARAGRAPH;
	cdr_refi_options refi = { 0 };
	csv_request req = { 0 };
	const char **texts = cdr_xcalloc((size_t)argc, sizeof *texts);
	const char **cases = cdr_xcalloc((size_t)argc, sizeof *cases);
	req.text_columns = texts;
	req.case_columns = cases;
	int status = CLI_EXIT_USAGE;

	opterr = 0;
	optind = 1;
	size_t jobs = pipeline_default_workers();
	while ((c = getopt_long(argc, argv, ":b:hj:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			codebook_path = optarg;
			break;
		case 'h':
			fputs(code_help, stdout);
			status = CLI_EXIT_OK;
			goto usage_done;
		case 'o':
			output = optarg;
			break;
		case 'j': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v < 1 || v > 256) {
				cli_usage_error("code",
						"--jobs takes a number from 1 to 256, not '%s'",
						optarg);
				goto usage_done;
			}
			jobs = v;
			break;
		}
		case 'q':
			quiet = 1;
			break;
		case OPT_UNIT:
			if (!cdr_unit_parse(optarg, &unit)) {
				cli_usage_error(
					"code",
					"unknown unit '%s' (use match, sentence, paragraph, turn "
					"or answer)",
					optarg);
				goto usage_done;
			}
			unit_given = 1;
			break;
		case OPT_UTF16:
			refi.utf16_positions = 1;
			break;
		case OPT_TIMESTAMP:
			refi.timestamps = 1;
			break;
		case OPT_TEXT_COLUMN:
			texts[req.ntext++] = optarg;
			break;
		case OPT_CASE_COLUMN:
			cases[req.ncase++] = optarg;
			break;
		case OPT_ID_COLUMN:
			req.opt.id_column = optarg;
			break;
		case OPT_DELIMITER:
			if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0 ||
			    strcmp(optarg, "\t") == 0)
				req.opt.delimiter = '\t';
			else if (strcmp(optarg, ",") == 0 || strcmp(optarg, ";") == 0)
				req.opt.delimiter = optarg[0];
			else {
				cli_usage_error("code",
						"the delimiter is ',', ';' or 'tab', not '%s'",
						optarg);
				goto usage_done;
			}
			break;
		case OPT_MATCH_LIMIT:
		case OPT_DEPTH_LIMIT: {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v < 1 || v > 4000000000ul) {
				cli_usage_error("code", "%s takes a positive number, not '%s'",
						argv[optind - 1], optarg);
				goto usage_done;
			}
			*(c == OPT_MATCH_LIMIT ? &match_limit : &depth_limit) = v;
			break;
		}
		case OPT_MAX_ZIP_ENTRY:
			refi.max_entry_bytes = parse_size(optarg);
			if (!refi.max_entry_bytes) {
				cli_usage_error(
					"code",
					"--max-zip-entry takes a size such as 512M, not '%s'",
					optarg);
				goto usage_done;
			}
			break;
		case OPT_NO_HEADER:
			header = 0;
			break;
		case OPT_INPUT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				stdin_kind = CDR_INPUT_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				stdin_kind = CDR_INPUT_CSV;
			else if (strcmp(optarg, "jsonl") == 0)
				stdin_kind = CDR_INPUT_JSONL;
			else {
				cli_usage_error("code",
						"--input-format is text, csv or jsonl, not '%s'",
						optarg);
				goto usage_done;
			}
			break;
		case OPT_NO_PREFILTER:
			prefilter = CDR_PREFILTER_OFF;
			break;
		case OPT_PREFILTER:
			prefilter = prefilter_mode(optarg);
			if (prefilter == PREFILTER_UNKNOWN) {
				cli_usage_error("code",
						"--prefilter is auto, all, words or off, not '%s'",
						optarg);
				goto usage_done;
			}
			break;
		case OPT_LENIENT:
			req.opt.lenient = 1;
			break;
		case OPT_MAX_RECORD:
			req.opt.max_record = parse_size(optarg);
			if (!req.opt.max_record) {
				cli_usage_error("code",
						"--max-record takes a size such as 64M, not '%s'",
						optarg);
				goto usage_done;
			}
			break;
		case ':':
			cli_usage_error("code", "option '%s' needs a value", argv[optind - 1]);
			goto usage_done;
		default:
			cli_usage_error("code", "unknown option '%s'", argv[optind - 1]);
			goto usage_done;
		}
	}
	cli_output_kind kind;
	if (!cli_output_kind_of(output, &kind)) {
		cli_usage_error(
			"code",
			"cannot tell the output format of '%s': name it .tsv, .csv, .jsonl, "
			".qdpx or .qde (or '-' for TSV on stdout)",
			output);
		goto usage_done;
	}

	input_list inputs = { NULL, 0, 0 };
	status = CLI_EXIT_INPUT;
	for (int i = optind; i < argc; i++) {
		if (!add_argument(&inputs, argv[i])) {
			free_inputs(&inputs);
			goto usage_done;
		}
	}
	if (optind == argc) {
		if (isatty(STDIN_FILENO)) {
			free_inputs(&inputs);
			status = cli_usage_error("code", "no input: name files or directories, or "
							 "pipe text to standard input");
			goto usage_done;
		}
		add_input(&inputs, "-");
	}
	if (!output_is_safe(output, &inputs)) {
		free_inputs(&inputs);
		goto usage_done;
	}

	cdr_diag diag = CDR_DIAG_INIT;
	run r = { 0 };
	r.text_unit = unit;
	r.answer_unit = unit_given ? unit : CDR_UNIT_ANSWER;
	r.d = &diag;
	r.quiet = quiet;
	r.progress = !quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &r.t0);

	if (!codebook_path)
		codebook_path = cli_default_codebook();
	if (cdr_codebook_load(codebook_path, &r.cb, &diag) != CDR_OK)
		goto done;
	if (cdr_matcher_new(r.cb, &r.matcher, &diag) != CDR_OK)
		goto done;
	cdr_matcher_set_prefilter(r.matcher, prefilter == PREFILTER_AUTO
						     ? auto_prefilter(&inputs)
						     : (cdr_prefilter_mode)prefilter);
	cdr_matcher_set_limits(r.matcher, (uint32_t)match_limit, (uint32_t)depth_limit);
	cli_print_diag(&diag); /* warnings */

	catch_signals();
	r.out = cli_output_open(output, r.cb, req.case_columns, req.ncase, &refi, header, &diag);
	if (!r.out)
		goto done;
	pending_tmp = cli_output_temp_path(r.out);
	r.per_code = cdr_xcalloc(r.cb->code_count, sizeof *r.per_code);
	r.pl = pipeline_new(jobs, r.matcher, r.cb, r.text_unit, r.answer_unit, format_job,
			    write_job, &r, &diag);
	for (size_t i = 0; i < inputs.count && !diag.errors; i++) {
		const char *path = inputs.paths[i];
		int in_kind = strcmp(path, "-") == 0 ? stdin_kind : (int)cdr_input_kind_of(path);
		switch (in_kind) {
		case CDR_INPUT_JSONL:
			code_jsonl(&r, path, &req);
			break;
		case CDR_INPUT_QDPX:
			code_project(&r, path, &refi);
			break;
		case CDR_INPUT_CSV:
			code_survey(&r, path, &req);
			break;
		default: {
			cdr_doc doc;
			if (cdr_input_read(path, &doc, &diag) != CDR_OK)
				break;
			cdr_row_context ctx = { doc.name, "", NULL };
			code_document(&r, &doc, &ctx, 0, NULL, 0);
			r.documents++;
			cdr_doc_free(&doc);
			break;
		}
		}
		if (!diag.errors)
			cli_print_diag(&diag); /* warnings along the way */
	}
	if (!diag.errors)
		pipeline_finish(r.pl);
	end_progress(&r);
	if (diag.errors)
		goto done;
	pending_tmp = NULL;
	cli_output *out = r.out;
	r.out = NULL;
	if (!cli_output_close(out, &diag))
		goto done;

	status = CLI_EXIT_OK;
	if (!quiet)
		print_summary(&r, output);
done:
	pending_tmp = NULL;
	cli_output_abort(r.out);
	cli_print_diag(&diag);
	cdr_diag_free(&diag);
	pipeline_free(r.pl);
	free(r.per_code);
	cdr_matcher_free(r.matcher);
	cdr_codebook_free(r.cb);
	free_inputs(&inputs);
usage_done:
	free(texts);
	free(cases);
	return status;
}
