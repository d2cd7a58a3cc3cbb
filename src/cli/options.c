/*
** options.c -- one parsing loop for every command's option table, and the
** "Options:" part of --help made from the same rows (see cli.h).
*/
#include "config.h"

#include "cli.h"
#include "mem.h"
#include "writer.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the description starts in an option's help line. */
#define HELP_COLUMN 23

static int is_end(const cli_option *o)
{
	return !o->name && !o->help;
}

/* The help lines of one table. */
static void add_help(cdr_buf *b, const cli_option *opts)
{
	for (const cli_option *o = opts; !is_end(o); o++) {
		if (!o->name) { /* a section heading */
			cdr_buf_printf(b, "\n%s\n", o->help);
			continue;
		}
		size_t from = b->len;
		if (o->letter)
			cdr_buf_printf(b, "  -%c, --%s", o->letter, o->name);
		else
			cdr_buf_printf(b, "      --%s", o->name);
		if (o->arg)
			cdr_buf_printf(b, " %s", o->arg);
		size_t used = b->len - from;
		cdr_buf_printf(b, "%*s", used + 2 <= HELP_COLUMN ? (int)(HELP_COLUMN - used) : 2,
			       "");
		for (const char *h = o->help; *h;) {
			const char *nl = strchr(h, '\n');
			size_t n = nl ? (size_t)(nl - h) : strlen(h);
			cdr_buf_add(b, h, n);
			cdr_buf_addc(b, '\n');
			if (!nl)
				break;
			h = nl + 1;
			cdr_buf_printf(b, "%*s", HELP_COLUMN, "");
		}
	}
}

cli_option *cli_options_without(const cli_option *from, const int *drop)
{
	size_t n = 0;
	while (!is_end(&from[n]))
		n++;
	cli_option *rows = cdr_xcalloc(n + 1, sizeof *rows);
	for (size_t i = 0, k = 0; i < n; i++) {
		int keep = 1;
		for (const int *id = drop; *id && keep; id++)
			keep = !from[i].name || from[i].id != *id;
		if (keep)
			rows[k++] = from[i];
	}
	return rows; /* ended by the zeroed rows after the last kept */
}

void cli_print_options(const cli_option *const *tables, void *out)
{
	cdr_buf b = CDR_BUF_INIT;
	for (; *tables; tables++)
		add_help(&b, *tables);
	fputs(cdr_buf_cstr(&b), (FILE *)out);
	cdr_buf_free(&b);
}

static void print_help(const cli_option *const *opts, const cli_help *help)
{
	if (help && help->before)
		fputs(help->before, stdout);
	fputs("\nOptions:\n", stdout);
	cli_print_options(opts, stdout);
	if (help && help->formats) {
		size_t n;
		const cdr_writer_format *f = cdr_writer_formats(&n);
		fputs("\nOutput formats, by the extension of the output's name:\n", stdout);
		for (size_t i = 0; i < n; i++)
			printf("  %-8s %s\n", f[i].extension, f[i].help);
	}
	if (help && help->after) {
		fputc('\n', stdout);
		fputs(help->after, stdout);
	}
}

int cli_parse(const char *cmd, const cli_option *const *opts, const cli_help *help, int argc,
	      char **argv, cli_option_fn fn, void *ctx, int *first)
{
	size_t n = 0;
	for (const cli_option *const *t = opts; *t; t++)
		for (const cli_option *o = *t; !is_end(o); o++)
			n++;
	struct option *longopts = cdr_xcalloc(n + 1, sizeof *longopts);
	cdr_buf shortopts = CDR_BUF_INIT;
	cdr_buf_addc(&shortopts, ':'); /* report a missing value as ':' */
	size_t k = 0;
	for (const cli_option *const *t = opts; *t; t++)
		for (const cli_option *o = *t; !is_end(o); o++) {
			if (!o->name)
				continue;
			longopts[k++] =
				(struct option){ o->name, o->arg ? required_argument : no_argument,
						 NULL, o->id };
			if (o->letter) {
				cdr_buf_addc(&shortopts, o->letter);
				if (o->arg)
					cdr_buf_addc(&shortopts, ':');
			}
		}
	int status = -1, c;
	opterr = 0;
	optind = 1;
	while (status < 0 &&
	       (c = getopt_long(argc, argv, cdr_buf_cstr(&shortopts), longopts, NULL)) != -1) {
		if (c == 'h') {
			print_help(opts, help);
			status = CLI_EXIT_OK;
		} else if (c == ':') {
			status =
				cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		} else if (c == '?') {
			status = cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		} else {
			int r = fn(ctx, c, optarg);
			if (r != CLI_EXIT_OK)
				status = r;
		}
	}
	free(longopts);
	cdr_buf_free(&shortopts);
	*first = optind;
	return status;
}

int cli_parse_size(const char *s, size_t *size)
{
	char *end;
	if (*s < '0' || *s > '9')
		return 0;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned long long mul = 1;
	if (*end == 'K' || *end == 'k')
		mul = 1ull << 10;
	else if (*end == 'M' || *end == 'm')
		mul = 1ull << 20;
	else if (*end == 'G' || *end == 'g')
		mul = 1ull << 30;
	if (mul > 1)
		end++;
	if (*end || v == 0 || v > SIZE_MAX / mul)
		return 0;
	*size = (size_t)(v * mul);
	return 1;
}

int cli_parse_number(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;
	if (*s < '0' || *s > '9')
		return 0;
	unsigned long x = strtoul(s, &end, 10);
	if (*end || x < min || x > max)
		return 0;
	*v = x;
	return 1;
}
