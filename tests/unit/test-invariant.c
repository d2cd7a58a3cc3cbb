/*
** test-invariant.c -- the checks behind CDR_ASSERT (invariant.h) on good and bad
** data, and that a failed assertion stops the process: a child runs CDR_ASSERT on
** a broken offset map and must die of SIGABRT after naming the invariant.  The
** macro is on here whatever the build says (CDR_ASSERTS below), so this runs in
** every build; --enable-asserts turns it on inside the library.
*/
#include "config.h"

#ifndef CDR_ASSERTS
#define CDR_ASSERTS 1
#endif

#include "coder.h"
#include "invariant.h"
#include "norm.h"
#include "seg.h"
#include "tap.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_norm(void)
{
	const char *text = "Ééneﬁets, twee-\nhonderd";
	cdr_norm n = CDR_NORM_INIT;
	cdr_norm_run(&n, text, strlen(text), 100);
	ok(cdr_norm_valid(&n, 100), "a normalised text's map holds");
	n.from[2] = n.from[1] - 1; /* back before the byte before it */
	ok(!cdr_norm_valid(&n, 100), "... not when from[] decreases");
	cdr_norm_run(&n, text, strlen(text), 100);
	n.to[0] = (uint32_t)n.orig_end + 1;
	ok(!cdr_norm_valid(&n, 100), "... nor when a range leaves the input");
	cdr_norm_run(&n, text, strlen(text), 100);
	n.to[3] = n.from[3];
	ok(!cdr_norm_valid(&n, 100), "... nor for an empty range");
	cdr_norm_free(&n);
}

static void test_spans(void)
{
	const char *text = "Eerste alinea.\n\nTweede, met twee zinnen. En nog een.\n";
	cdr_spans s = CDR_SPANS_INIT;
	cdr_seg_paragraphs(text, strlen(text), &s);
	ok(s.count == 2 && cdr_spans_valid(s.v, s.count, 0, strlen(text)),
	   "paragraphs are units of their text");
	cdr_span swapped[2] = { s.v[1], s.v[0] };
	ok(!cdr_spans_valid(swapped, 2, 0, strlen(text)), "... not out of order");
	cdr_span outside = { 10, strlen(text) + 1 };
	ok(!cdr_spans_valid(&outside, 1, 0, strlen(text)), "... nor past the end");
	cdr_span empty = { 3, 3 };
	ok(!cdr_spans_valid(&empty, 1, 0, strlen(text)), "... nor empty");
	cdr_spans_free(&s);
}

static void test_codings(void)
{
	cdr_coding v[3] = {
		{ .start = 0, .end = 4, .bstart = 0, .bend = 5, .code = 1 },
		{ .start = 0, .end = 4, .bstart = 0, .bend = 5, .code = 2 },
		{ .start = 6, .end = 9, .bstart = 7, .bend = 10, .code = 0 },
	};
	ok(cdr_codings_valid(v, 3, 10), "codings in order, inside the text");
	ok(!cdr_codings_valid(v, 3, 9), "... not past its end");
	v[1].code = 1;
	ok(!cdr_codings_valid(v, 3, 10), "... nor one (start, end, code) twice");
	v[1].code = 2;
	cdr_coding swapped[2] = { v[2], v[0] };
	ok(!cdr_codings_valid(swapped, 2, 10), "... nor out of order");
	v[0].end = 6;
	ok(!cdr_codings_valid(v, 1, 10), "... nor more code points than bytes");
}

/* Run CDR_ASSERT on a broken map in a child; its exit and what it printed. */
static void test_fires(void)
{
	int fd[2];
	if (pipe(fd) != 0) {
		ok(0, "pipe");
		return;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 2);
		const char *text = "twee woorden";
		cdr_norm n = CDR_NORM_INIT;
		cdr_norm_run(&n, text, strlen(text), 0);
		n.from[1] = 7;
		n.from[2] = 3;
		CDR_ASSERT(cdr_norm_valid(&n, 0));
		_exit(0); /* not reached when the assertion fires */
	}
	close(fd[1]);
	char msg[512] = "";
	size_t got = 0;
	ssize_t r;
	while (got + 1 < sizeof msg && (r = read(fd[0], msg + got, sizeof msg - 1 - got)) > 0)
		got += (size_t)r;
	msg[got] = '\0';
	close(fd[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	   "a failed CDR_ASSERT aborts (status %d)", status);
	ok(strstr(msg, "internal error") && strstr(msg, "cdr_norm_valid(&n, 0)") &&
		   strstr(msg, "test-invariant.c"),
	   "... naming the invariant and where: %s", msg);
}

int main(void)
{
	test_norm();
	test_spans();
	test_codings();
	test_fires();
	return tap_done();
}
