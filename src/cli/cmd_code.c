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
#include "output.h"
#include "read.h"
#include "refi.h"

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
	"INPUT is a .txt or .md file, a Word .docx file, a REFI-QDA project .qdpx (its\n"
	"text sources), a directory (its .txt, .md and .docx files, recursively, in\n"
	"name order), or '-' for standard input; with no INPUT, standard input.  Text\n"
	"is UTF-8, or UTF-16 with a byte order mark.\n"
	"\n"
	"Options:\n"
	"  -b, --codebook FILE  the codebook: a codebook file or a pattern table\n"
	"                       (code<TAB>kind<TAB>pattern); default: the bundled\n"
	"                       reference codebook (" CLI_REFERENCE_CODEBOOK ")\n"
	"  -o, --output FILE    where to write; the format follows the extension:\n"
	"                       .tsv or .csv (a table), .qdpx (a REFI-QDA project for\n"
	"                       ATLAS.ti, MAXQDA, NVivo, QualCoder) or .qde; '-' (the\n"
	"                       default) writes TSV to stdout\n"
	"      --unit UNIT      what a coding covers: match (the matched words),\n"
	"                       sentence, paragraph (the default), or turn (a speaker's\n"
	"                       turn in a transcript: I:, R:, Interviewer: ...)\n"
	"  -q, --quiet          no summary line on stderr\n"
	"      --utf16-positions  in a .qdpx/.qde, count positions in UTF-16 units, as\n"
	"                       NVivo does (default: code points, as the standard says)\n"
	"      --timestamp      in a .qdpx/.qde, record the time of the run (default:\n"
	"                       none, so the same input gives the same bytes)\n"
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
	cdr_unit unit;
	cdr_codebook *cb;
	cdr_matcher *matcher;
	cdr_coder *coder;
	cli_output *out;
	cdr_codings codings;
	cdr_coder_stats stats;
	size_t documents; /* documents (or answers) coded */
	size_t total;     /* codings written */
	char *code_used;  /* per code: applied at least once */
	cdr_diag *d;
} run;

/* Code one document and write its codings; errors go to r->d. */
static void code_document(run *r, const cdr_doc *doc, const char *source, const char *case_name,
			  const cli_var *vars, size_t nvars)
{
	if (cdr_coder_run(r->coder, doc, &r->codings, &r->stats, r->d) != CDR_OK)
		return;
	if (!cli_output_document(r->out, doc, source, &r->codings, case_name, vars, nvars, r->d))
		return;
	r->documents++;
	r->total += r->codings.count;
	for (size_t k = 0; k < r->codings.count; k++)
		r->code_used[r->codings.v[k].code] = 1;
}

/* Code the text sources of a REFI-QDA project; each is named PROJECT:SOURCE. */
static void code_project(run *r, const char *path)
{
	cdr_qdpx_source *src = NULL;
	size_t n = 0;
	if (cdr_qdpx_read(path, NULL, &src, &n, r->d) != CDR_OK)
		return;
	for (size_t i = 0; i < n && !r->d->errors; i++) {
		cdr_buf name = CDR_BUF_INIT;
		cdr_buf_printf(&name, "%s:%s", path, src[i].name);
		cdr_doc doc;
		if (cdr_doc_decode(cdr_buf_cstr(&name), src[i].text, src[i].len, &doc, r->d) ==
		    CDR_OK)
			code_document(r, &doc, doc.name, NULL, NULL, 0);
		cdr_doc_free(&doc);
		cdr_buf_free(&name);
	}
	cdr_qdpx_sources_free(src, n);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void print_summary(const run *r, const char *output, const struct timespec *t0)
{
	size_t used = 0;
	for (size_t k = 0; k < r->cb->code_count; k++)
		used += r->code_used[k];
	size_t units = r->unit == CDR_UNIT_SENTENCE ? r->stats.sentences
		       : r->unit == CDR_UNIT_TURN   ? r->stats.units
						    : r->stats.paragraphs;
	const char *noun = r->unit == CDR_UNIT_SENTENCE ? "sentence"
			   : r->unit == CDR_UNIT_TURN   ? "turn"
							: "paragraph";
	fprintf(stderr,
		"codeer: %zu document%s, %zu %s%s, %zu coding%s, %zu of %zu codes used, %.2f s -> "
		"%s\n",
		r->documents, r->documents == 1 ? "" : "s", units, noun, units == 1 ? "" : "s",
		r->total, r->total == 1 ? "" : "s", used, r->cb->code_count, seconds_since(t0),
		strcmp(output, "-") == 0 ? "<stdout>" : output);
}

enum { OPT_UNIT = 256, OPT_UTF16, OPT_TIMESTAMP };

int cmd_code(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "codebook", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "timestamp", no_argument, NULL, OPT_TIMESTAMP },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "utf16-positions", no_argument, NULL, OPT_UTF16 },
		{ NULL, 0, NULL, 0 },
	};
	const char *codebook_path = NULL, *output = "-";
	cdr_unit unit = CDR_UNIT_PARAGRAPH;
	int quiet = 0, c;
	cdr_refi_options refi = { 0 };
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
		case OPT_UTF16:
			refi.utf16_positions = 1;
			break;
		case OPT_TIMESTAMP:
			refi.timestamps = 1;
			break;
		case ':':
			return cli_usage_error("code", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("code", "unknown option '%s'", argv[optind - 1]);
		}
	}
	cli_output_kind kind;
	if (!cli_output_kind_of(output, &kind))
		return cli_usage_error("code",
				       "cannot tell the output format of '%s': name it .tsv, .csv, "
				       ".qdpx or .qde (or '-' for TSV on stdout)",
				       output);

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
	run r = { 0 };
	r.unit = unit;
	r.d = &diag;

	if (!codebook_path)
		codebook_path = cli_default_codebook();
	if (cdr_codebook_load(codebook_path, &r.cb, &diag) != CDR_OK)
		goto done;
	if (cdr_matcher_new(r.cb, &r.matcher, &diag) != CDR_OK)
		goto done;
	if (cdr_coder_new(r.matcher, r.cb, unit, &r.coder, &diag) != CDR_OK)
		goto done;
	cli_print_diag(&diag); /* warnings */

	catch_signals();
	r.out = cli_output_open(output, unit, r.cb, &refi, &diag);
	if (!r.out)
		goto done;
	pending_tmp = cli_output_temp_path(r.out);
	r.code_used = cdr_xcalloc(r.cb->code_count, 1);
	for (size_t i = 0; i < inputs.count && !diag.errors; i++) {
		const char *path = inputs.paths[i];
		if (cdr_input_kind_of(path) == CDR_INPUT_QDPX) {
			code_project(&r, path);
		} else {
			cdr_doc doc;
			if (cdr_input_read(path, &doc, &diag) != CDR_OK)
				break;
			code_document(&r, &doc, doc.name, NULL, NULL, 0);
			cdr_doc_free(&doc);
		}
		cli_print_warnings(&diag);
	}
	if (diag.errors)
		goto done;
	pending_tmp = NULL;
	cli_output *out = r.out;
	r.out = NULL;
	if (!cli_output_close(out, &diag))
		goto done;

	status = CLI_EXIT_OK;
	if (!quiet)
		print_summary(&r, output, &t0);
done:
	pending_tmp = NULL;
	cli_output_abort(r.out);
	cli_print_diag(&diag);
	cdr_diag_free(&diag);
	cdr_codings_free(&r.codings);
	free(r.code_used);
	cdr_coder_free(r.coder);
	cdr_matcher_free(r.matcher);
	cdr_codebook_free(r.cb);
	free_inputs(&inputs);
	return status;
}
