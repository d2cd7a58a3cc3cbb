/*
** test-outfile.c -- output files that are never half-written (outfile.h): a new
** file, one replaced, one given up, a directory that is not there, a device, a
** write past the write-back step, a failing device, and the temporary files that a
** signal handler removes.
*/
#include "config.h"

#include "outfile.h"
#include "tap.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[600];

/* The whole of file 'path' (NUL-terminated, *len its length), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	cdr_buf b = CDR_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		cdr_buf_add(&b, chunk, n);
	fclose(f);
	cdr_buf_add(&b, "", 0);
	if (len)
		*len = b.len;
	return cdr_buf_take(&b);
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
}

/* The number of entries of the test directory (no temporary file left behind). */
static size_t entries(void)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* The first error of 'd', rendered, or "". */
static char *first_error(const cdr_diag *d)
{
	cdr_buf b = CDR_BUF_INIT;
	if (d->count)
		cdr_diag_render(&d->items[0], &b);
	while (b.len && b.data[b.len - 1] == '\n')
		b.len--;
	cdr_buf_add(&b, "", 0);
	return cdr_buf_take(&b);
}

int main(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/test-outfile-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make a directory in %s\n", base && *base ? base : "/tmp");
		return 1;
	}
	char path[700], missing[700];
	snprintf(path, sizeof path, "%s/out.tsv", dir);
	snprintf(missing, sizeof missing, "%s/no-such-dir/out.tsv", dir);
	cdr_diag d = CDR_DIAG_INIT;
	char *got;

	/* A new file. */
	is_num(cdr_outfile_put(path, "a\tb\n", 4, &d), CDR_OK, "a new file is written");
	got = slurp(path, NULL);
	is_str(got, "a\tb\n", "with what was put");
	free(got);
	is_num(entries(), 1, "and no temporary file beside it");
	struct stat st;
	mode_t mask = umask(0);
	umask(mask);
	int stated = stat(path, &st) == 0;
	is_num(stated ? st.st_mode & 0777 : 01000, 0666 & ~mask,
	       "with the mode a new file gets, not mkstemp()'s private one");

	/* An existing file is replaced whole. */
	spit(path, "an old and longer content\n");
	is_num(cdr_outfile_put(path, "new\n", 4, &d), CDR_OK, "an existing file is replaced");
	got = slurp(path, NULL);
	is_str(got, "new\n", "by the new content only");
	free(got);

	/* Until the commit, the target is as it was; given up, it stays so. */
	cdr_outfile o;
	is_num(cdr_outfile_open(&o, path, &d), CDR_OK, "open over an existing file");
	is_num(cdr_outfile_write(&o, "half", 4, &d), CDR_OK, "write part of an output");
	ok(o.tmp && strncmp(o.tmp, dir, strlen(dir)) == 0,
	   "the temporary file is in the target's directory (%s)", o.tmp ? o.tmp : "none");
	is_num(entries(), 2, "the temporary file exists while it is written");
	got = slurp(path, NULL);
	is_str(got, "new\n", "the target is unchanged before the commit");
	free(got);
	cdr_outfile_abort(&o);
	got = slurp(path, NULL);
	is_str(got, "new\n", "and after giving up");
	free(got);
	is_num(entries(), 1, "giving up removes the temporary file");
	cdr_outfile_abort(&o); /* twice is safe */

	/* A directory that is not there: an error naming the path, nothing made. */
	is_num(cdr_outfile_put(missing, "x", 1, &d), CDR_EIO, "no such directory: an I/O error");
	got = first_error(&d);
	ok(strstr(got, missing) && strstr(got, "cannot create the output file"),
	   "which names the path: %s", got);
	free(got);
	cdr_diag_clear(&d);
	is_num(entries(), 1, "and leaves nothing behind");

	/* More than one write-back step (the kernel is asked to write as it goes). */
	size_t big = CDR_OUTFILE_WRITEBACK + CDR_OUTFILE_WRITEBACK / 2 + 7;
	char *block = malloc(big);
	for (size_t i = 0; i < big; i++)
		block[i] = (char)('a' + i % 26);
	is_num(cdr_outfile_open(&o, path, &d), CDR_OK, "open for a large output");
	int written = 1;
	for (size_t at = 0; at < big; at += 100000) {
		size_t n = big - at < 100000 ? big - at : 100000;
		written &= cdr_outfile_write(&o, block + at, n, &d) == CDR_OK;
	}
	ok(written, "%zu bytes written in pieces", big);
	ok(o.requested > 0 && o.requested <= o.written,
	   "write-back was asked for along the way (%llu of %llu bytes)", o.requested, o.written);
	is_num(cdr_outfile_commit(&o, &d), CDR_OK, "and committed");
	cdr_outfile_abort(&o);
	size_t len = 0;
	got = slurp(path, &len);
	ok(got && len == big && memcmp(got, block, big) == 0, "the file holds every byte (%zu)",
	   len);
	free(got);
	free(block);
	is_num(entries(), 1, "one file, no temporary one");

	/* A device is written directly: nothing to rename, nothing made beside it. */
	is_num(cdr_outfile_put("/dev/null", "x", 1, &d), CDR_OK, "/dev/null is written directly");
	if (access("/dev/full", W_OK) == 0) {
		char data[8192];
		memset(data, 'x', sizeof data);
		is_num(cdr_outfile_put("/dev/full", data, sizeof data, &d), CDR_EIO,
		       "a full device is an I/O error");
		got = first_error(&d);
		ok(strstr(got, "/dev/full") && strstr(got, "cannot write"), "naming it: %s", got);
		free(got);
		cdr_diag_clear(&d);
	} else {
		ok(1, "# SKIP no writable /dev/full");
		ok(1, "# SKIP no writable /dev/full");
	}

	/* What a signal handler calls: every temporary file not yet committed goes. */
	cdr_outfile o2;
	char path2[700];
	snprintf(path2, sizeof path2, "%s/second.tsv", dir);
	is_num(cdr_outfile_open(&o, path, &d), CDR_OK, "two outputs open");
	is_num(cdr_outfile_open(&o2, path2, &d), CDR_OK, "at once");
	is_num(entries(), 3, "each with its temporary file");
	cdr_outfile_remove_pending();
	is_num(entries(), 1, "removing the pending ones leaves the committed file only");
	cdr_outfile_abort(&o);
	cdr_outfile_abort(&o2);
	got = slurp(path, NULL);
	ok(got && strlen(got) == CDR_OUTFILE_WRITEBACK + CDR_OUTFILE_WRITEBACK / 2 + 7,
	   "which is untouched");
	free(got);

	unlink(path);
	rmdir(dir);
	cdr_diag_free(&d);
	return tap_done();
}
