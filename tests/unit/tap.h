/*
** tap.h -- a minimal Test Anything Protocol emitter for the unit tests.
**
** Each check prints "ok N - description" or "not ok N - description" followed by
** the place and the values that differ; tap_done() prints the plan and returns the
** exit status.  Automake's tap-driver.sh counts every check as a test.
*/
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TAP_UNUSED __attribute__((unused))

static int tap_count, tap_failures;

static void tap_vreport(int pass, const char *file, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void tap_vreport(int pass, const char *file, int line, const char *fmt, va_list ap)
{
	tap_count++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass) {
		tap_failures++;
		printf("#   failed at %s:%d\n", file, line);
	}
}

static TAP_UNUSED int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static TAP_UNUSED int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vreport(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

static TAP_UNUSED int tap_is_str(const char *got, const char *want, const char *file, int line,
				 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static TAP_UNUSED int tap_is_str(const char *got, const char *want, const char *file, int line,
				 const char *fmt, ...)
{
	int pass = got && want ? strcmp(got, want) == 0 : got == want;
	va_list ap;
	va_start(ap, fmt);
	tap_vreport(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got ? got : "(null)",
		       want ? want : "(null)");
	return pass;
}

static TAP_UNUSED int tap_is_num(long long got, long long want, const char *file, int line,
				 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static TAP_UNUSED int tap_is_num(long long got, long long want, const char *file, int line,
				 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vreport(got == want, file, line, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return got == want;
}

#define ok(cond, ...)          tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_num(got, want, ...) \
	tap_is_num((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)

static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif
