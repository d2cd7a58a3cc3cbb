/*
** options.c -- one parsing loop for every command's option table, and the
** "Options:" part of --help made from the same rows (see cli.h).
*/
#include "config.h"

#include "cli.h"
#include "invariant.h"
#include "mem.h"
#include "writer.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cli_choice cli_report_formats[] = { { "text", 0 }, { "tsv", 1 }, { "json", 2 }, { NULL, 0 } };

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

cli_option *cli_options_without(const cli_option *from, const char *const *drop)
{
	size_t n = 0;
	while (!is_end(&from[n]))
		n++;
	cli_option *rows = cdr_xcalloc(n + 1, sizeof *rows);
	for (size_t i = 0, k = 0; i < n; i++) {
		int keep = 1;
		for (const char *const *name = drop; *name && keep; name++)
			keep = !from[i].name || strcmp(from[i].name, *name) != 0;
		if (keep)
			rows[k++] = from[i];
	}
	return rows; /* ended by the zeroed rows after the last kept */
}

/* The "Options:" block of the tables to 'out'. */
static void print_options(const cli_option *const *tables, FILE *out)
{
	cdr_buf b = CDR_BUF_INIT;
	for (; *tables; tables++)
		add_help(&b, *tables);
	fputs(cdr_buf_cstr(&b), out);
	cdr_buf_free(&b);
}

static void print_help(const cli_option *const *opts, const cli_help *help)
{
	if (help && help->before)
		fputs(help->before, stdout);
	fputs("\nOptions:\n", stdout);
	print_options(opts, stdout);
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

/* Store 'v' in the integer field of 'width' bytes at 'p' (char, int, an enum,
** unsigned, long, size_t, uint64_t, ...). */
static void store(void *p, size_t width, long v)
{
	if (width == sizeof(char))
		*(char *)p = (char)v;
	else if (width == sizeof(int))
		*(int *)p = (int)v;
	else if (width == sizeof(long))
		*(long *)p = v;
	else {
		CDR_ASSERT(width == sizeof(long long));
		*(long long *)p = v;
	}
}

static int parse_size(const char *s, size_t *size)
{
	char *end;
	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE)
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
	if (*end || v == 0 || v > SIZE_MAX / mul)
		return 0;
	*size = (size_t)(v * mul);
	return 1;
}

static int parse_number(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;
	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	unsigned long x = strtoul(s, &end, 10);
	if (*end || errno == ERANGE || x < min || x > max)
		return 0;
	*v = x;
	return 1;
}

/* "a, b or c": the words of a choice but its aliases, all quoted if one is not
** letters. */
static void choice_words(const cli_choice *c, cdr_buf *b)
{
	size_t n = 0, said = 0;
	int quote = 0;
	for (size_t i = 0; c[i].name; i++) {
		size_t k = 0;
		while (c[k].value != c[i].value)
			k++;
		n += k == i;
		quote |= k == i &&
			 strspn(c[i].name, "abcdefghijklmnopqrstuvwxyz") != strlen(c[i].name);
	}
	for (size_t i = 0; c[i].name; i++) {
		size_t k = 0;
		while (c[k].value != c[i].value)
			k++;
		if (k == i)
			cdr_buf_printf(b, "%s%s%s%s",
				       ++said == 1 ? ""
				       : said == n ? " or "
						   : ", ",
				       quote ? "'" : "", c[i].name, quote ? "'" : "");
	}
}

/* Store the value of a typed option 'o' given as 'v' in 'ctx'.  Returns
** CLI_EXIT_OK or a usage error's status. */
static int set_option(const char *cmd, const cli_option *o, const char *v, void *ctx)
{
	char *at = (char *)ctx + o->offset;
	unsigned long n;
	size_t size;
	switch (o->kind) {
	case CLI_KIND_SET:
		store(at, o->width, o->value);
		return CLI_EXIT_OK;
	case CLI_KIND_STRING:
		*(const char **)at = v;
		return CLI_EXIT_OK;
	case CLI_KIND_NUMBER:
		if (!parse_number(v, o->min, o->max, &n))
			return o->max == ULONG_MAX
				       ? cli_usage_error(cmd, "--%s takes a whole number, not '%s'",
							 o->name, v)
				       : cli_usage_error(cmd,
							 "--%s takes a number from %lu to %lu, not "
							 "'%s'",
							 o->name, o->min, o->max, v);
		store(at, o->width, (long)n);
		return CLI_EXIT_OK;
	case CLI_KIND_SIZE:
		if (!parse_size(v, &size))
			return cli_usage_error(cmd, "--%s takes a size such as 64M, not '%s'",
					       o->name, v);
		*(size_t *)at = size;
		return CLI_EXIT_OK;
	case CLI_KIND_CHOICE:
		for (const cli_choice *c = o->choices; c->name; c++)
			if (strcmp(v, c->name) == 0) {
				store(at, o->width, c->value);
				return CLI_EXIT_OK;
			}
		cdr_buf words = CDR_BUF_INIT;
		choice_words(o->choices, &words);
		int status = cli_usage_error(cmd, "--%s is %s, not '%s'", o->name,
					     cdr_buf_cstr(&words), v);
		cdr_buf_free(&words);
		return status;
	case CLI_KIND_LIST: {
		size_t *count = (size_t *)((char *)ctx + o->count);
		if (o->max && *count == o->max)
			return o->max == 1
				       ? cli_usage_error(cmd, "--%s can be given at most once",
							 o->name)
				       : cli_usage_error(cmd, "--%s can be given at most %lu times",
							 o->name, o->max);
		const char **list =
			cdr_xreallocarray(*(const char ***)at, *count + 1, sizeof *list);
		list[(*count)++] = v;
		*(const char ***)at = list;
		return CLI_EXIT_OK;
	}
	default: /* CALL and HELP are cli_parse()'s */
		return CLI_EXIT_OK;
	}
}

int cli_parse(const char *cmd, const cli_option *const *opts, const cli_help *help, int argc,
	      char **argv, cli_option_fn fn, void *ctx, int *first)
{
	size_t n = 0;
	for (const cli_option *const *t = opts; *t; t++)
		for (const cli_option *o = *t; !is_end(o); o++)
			n++;
	/* getopt_long() gives a long option as 256 + its index in rows[]. */
	const cli_option **rows = cdr_xcalloc(n + 1, sizeof *rows);
	struct option *longopts = cdr_xcalloc(n + 1, sizeof *longopts);
	cdr_buf shortopts = CDR_BUF_INIT;
	cdr_buf_addc(&shortopts, ':'); /* report a missing value as ':' */
	size_t k = 0;
	for (const cli_option *const *t = opts; *t; t++)
		for (const cli_option *o = *t; !is_end(o); o++) {
			if (!o->name)
				continue;
			longopts[k] =
				(struct option){ o->name, o->arg ? required_argument : no_argument,
						 NULL, 256 + (int)k };
			rows[k++] = o;
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
		const cli_option *o = NULL;
		if (c >= 256)
			o = rows[c - 256];
		for (size_t i = 0; c > 0 && c < 256 && i < k && !o; i++)
			if (rows[i]->letter == c)
				o = rows[i];
		int r = CLI_EXIT_OK;
		if (c == ':')
			r = cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		else if (!o)
			r = cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		else if (o->kind == CLI_KIND_HELP)
			print_help(opts, help);
		else if (o->kind == CLI_KIND_CALL)
			r = fn(ctx, (int)o->value, optarg);
		else
			r = set_option(cmd, o, optarg, ctx);
		if (r != CLI_EXIT_OK || (o && o->kind == CLI_KIND_HELP))
			status = r;
	}
	free(rows);
	free(longopts);
	cdr_buf_free(&shortopts);
	*first = optind;
	return status;
}
