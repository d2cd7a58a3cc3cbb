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
#include "outfile.h"
#include "read.h"
#include "table.h"

#include <dirent.h>
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
	"INPUT is a .txt or .md file, a Word .docx file, a directory (its .txt, .md and\n"
	".docx files, recursively, in name order), or '-' for standard input; with no\n"
	"INPUT, standard input.  Text is UTF-8, or UTF-16 with a byte order mark.\n"
	"\n"
	"Options:\n"
	"  -b, --codebook FILE  the codebook: a codebook file or a pattern table\n"
	"                       (code<TAB>kind<TAB>pattern); default: the bundled\n"
	"                       reference codebook (" CLI_REFERENCE_CODEBOOK ")\n"
	"  -o, --output FILE    where to write; the format follows the extension:\n"
	"                       .tsv or .csv; '-' (the default) writes TSV to stdout\n"
	"      --unit UNIT      what a coding covers: match (the matched words),\n"
	"                       sentence, paragraph (the default), or turn (a speaker's\n"
	"                       turn in a transcript: I:, R:, Interviewer: ...)\n"
	"  -q, --quiet          no summary line on stderr\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"Columns: source document unit speaker start end code label group polarity\n"
	"rule text.  polarity is 'obstacle' when an obstacle cue of the codebook stands\n"
	"in the same clause as a match, else 'neutral'.\n"
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
static char *volatile pending_tmp;

static void on_signal(int sig)
{
	char *tmp = pending_tmp;
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
		cli_error("%s: cannot read '%s' files: codeer reads plain text (.txt, .md) and "
			  "Word (.docx); convert the file first",
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

/* The output format from the file name; returns 0 after printing a usage error. */
static int output_format(const char *path, cdr_table_format *fmt)
{
	if (strcmp(path, "-") == 0) {
		*fmt = CDR_TABLE_TSV;
		return 1;
	}
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	if (dot && strcmp(dot, ".tsv") == 0) {
		*fmt = CDR_TABLE_TSV;
		return 1;
	}
	if (dot && strcmp(dot, ".csv") == 0) {
		*fmt = CDR_TABLE_CSV;
		return 1;
	}
	cli_usage_error("code",
			"cannot tell the output format of '%s': name it .tsv or .csv "
			"(or '-' for TSV on stdout)",
			path);
	return 0;
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

typedef struct run_totals {
	size_t documents;
	size_t codings;
	cdr_coder_stats stats;
	char *code_used; /* per code: used at least once */
} run_totals;

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

enum { OPT_UNIT = 256 };

int cmd_code(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "codebook", required_argument, NULL, 'b' },  { "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },    { "quiet", no_argument, NULL, 'q' },
		{ "unit", required_argument, NULL, OPT_UNIT }, { NULL, 0, NULL, 0 },
	};
	const char *codebook_path = NULL, *output = "-";
	cdr_unit unit = CDR_UNIT_PARAGRAPH;
	int quiet = 0, c;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":b:ho:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			codebook_path = optarg;
			break;
		case 'h':
			fputs(code_help, stdout);
			return CLI_EXIT_OK;
		case 'o':
			output = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_UNIT:
			if (!cdr_unit_parse(optarg, &unit))
				return cli_usage_error("code",
						       "unknown unit '%s' (use match, sentence, "
						       "paragraph or turn)",
						       optarg);
			break;
		case ':':
			return cli_usage_error("code", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("code", "unknown option '%s'", argv[optind - 1]);
		}
	}
	cdr_table_format fmt;
	if (!output_format(output, &fmt))
		return CLI_EXIT_USAGE;

	input_list inputs = { NULL, 0, 0 };
	int status = CLI_EXIT_INPUT;
	for (int i = optind; i < argc; i++) {
		if (!add_argument(&inputs, argv[i])) {
			free_inputs(&inputs);
			return CLI_EXIT_INPUT;
		}
	}
	if (optind == argc) {
		if (isatty(STDIN_FILENO)) {
			free_inputs(&inputs);
			return cli_usage_error("code", "no input: name files or directories, or "
						       "pipe text to standard input");
		}
		add_input(&inputs, "-");
	}
	if (!output_is_safe(output, &inputs)) {
		free_inputs(&inputs);
		return CLI_EXIT_INPUT;
	}

	cdr_diag diag = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *matcher = NULL;
	cdr_coder *coder = NULL;
	cdr_outfile out = { 0 };
	int out_open = 0;
	cdr_buf rows = CDR_BUF_INIT;
	run_totals totals = { 0 };

	if (!codebook_path)
		codebook_path = cli_default_codebook();
	if (cdr_codebook_load(codebook_path, &cb, &diag) != CDR_OK)
		goto done;
	if (cdr_matcher_new(cb, &matcher, &diag) != CDR_OK)
		goto done;
	if (cdr_coder_new(matcher, cb, unit, &coder, &diag) != CDR_OK)
		goto done;
	cli_print_diag(&diag); /* warnings */

	catch_signals();
	if (cdr_outfile_open(&out, output, &diag) != CDR_OK)
		goto done;
	out_open = 1;
	pending_tmp = out.tmp;

	totals.code_used = cdr_xcalloc(cb->code_count, 1);
	cdr_table_header(&rows, fmt);
	cdr_codings codings = CDR_CODINGS_INIT;
	for (size_t i = 0; i < inputs.count; i++) {
		cdr_doc doc;
		if (cdr_input_read(inputs.paths[i], &doc, &diag) != CDR_OK)
			break;
		cdr_rc rc = cdr_coder_run(coder, &doc, &codings, &totals.stats, &diag);
		if (rc == CDR_OK) {
			cdr_table_rows(&rows, fmt, unit, cb, &doc, doc.name, &codings);
			totals.documents++;
			totals.codings += codings.count;
			for (size_t k = 0; k < codings.count; k++)
				totals.code_used[codings.v[k].code] = 1;
		}
		cdr_doc_free(&doc);
		if (rc != CDR_OK)
			break;
		if (rows.len >= (1 << 20)) {
			if (cdr_outfile_write(&out, rows.data, rows.len, &diag) != CDR_OK)
				break;
			cdr_buf_reset(&rows);
		}
	}
	cdr_codings_free(&codings);
	if (diag.errors)
		goto done;
	if (cdr_outfile_write(&out, rows.data, rows.len, &diag) != CDR_OK)
		goto done;
	pending_tmp = NULL;
	out_open = 0;
	if (cdr_outfile_commit(&out, &diag) != CDR_OK)
		goto done;

	status = CLI_EXIT_OK;
	if (!quiet) {
		size_t used = 0;
		for (size_t k = 0; k < cb->code_count; k++)
			used += totals.code_used[k];
		size_t units = unit == CDR_UNIT_SENTENCE ? totals.stats.sentences
			       : unit == CDR_UNIT_TURN   ? totals.stats.units
							 : totals.stats.paragraphs;
		const char *noun = unit == CDR_UNIT_SENTENCE ? "sentence"
				   : unit == CDR_UNIT_TURN   ? "turn"
							     : "paragraph";
		fprintf(stderr,
			"codeer: %zu document%s, %zu %s%s, %zu coding%s, %zu of %zu codes used, "
			"%.2f s -> %s\n",
			totals.documents, totals.documents == 1 ? "" : "s", units, noun,
			units == 1 ? "" : "s", totals.codings, totals.codings == 1 ? "" : "s", used,
			cb->code_count, seconds_since(&t0),
			strcmp(output, "-") == 0 ? "<stdout>" : output);
	}
done:
	pending_tmp = NULL;
	if (out_open)
		cdr_outfile_abort(&out);
	cli_print_diag(&diag);
	cdr_diag_free(&diag);
	cdr_buf_free(&rows);
	free(totals.code_used);
	cdr_coder_free(coder);
	cdr_matcher_free(matcher);
	cdr_codebook_free(cb);
	free_inputs(&inputs);
	return status;
}
