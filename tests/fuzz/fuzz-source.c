/*
** fuzz-source.c -- libFuzzer target: the inputs a command is given (source.h).
**
** The first byte chooses what the rest is:
**   even: a JSON Lines file, read to its end with two case columns;
**   odd:  a directory tree, built in a fresh temporary folder from the bytes read
**         as operations of two bytes each (make a folder, make a file, link to a
**         folder up the tree, link to another folder or file of the tree, link out
**         of the tree), then walked without and with 'follow_links'.
** Reading must never crash, leak or hang: a walk that yields more items than the
** tree could hold without loops aborts.  Without 'follow_links' no document may
** come through a link: its path, resolved, must be the path itself.
*/
#include "config.h"

#include "source.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPS  64
#define MAX_DIRS 32

static char base[PATH_MAX]; /* this process's folder: tree/ and outside/ below it */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (len && fwrite(text, 1, len, f) != len)
		abort();
	fclose(f);
}

static void setup(void)
{
	if (base[0])
		return;
	const char *tmp = getenv("TMPDIR");
	snprintf(base, sizeof base, "%s/fuzz-source-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(base))
		abort();
	char real[PATH_MAX];
	if (!realpath(base, real)) /* so that paths below it resolve to themselves */
		abort();
	snprintf(base, sizeof base, "%s", real);
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/outside", base);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/outside/elders.txt", base);
	write_file(path, "Tekst van buiten de boom.\n", 26);
}

/* Read every item of 'args'; returns how many documents came. */
static size_t read_all(const char *arg, const cdr_source_options *opt, const char *root)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_source *s = NULL;
	size_t docs = 0, items = 0;
	if (cdr_source_open(&arg, 1, opt, &s, &d) == CDR_OK) {
		cdr_source_item it;
		while (cdr_source_next(s, &it, &d) == CDR_OK && it.event != CDR_SOURCE_END) {
			if (++items > 100000)
				abort(); /* more than a loop-free tree of MAX_OPS entries can hold
					  */
			if (it.event != CDR_SOURCE_DOCUMENT)
				continue;
			docs++;
			if (root && !opt->follow_links) {
				/* Not through a link: the path resolved is the path itself. */
				char real[PATH_MAX];
				if (!realpath(it.doc.name, real) || strcmp(real, it.doc.name) != 0)
					abort();
			}
		}
	}
	cdr_source_free(s);
	cdr_diag_free(&d);
	return docs;
}

static void fuzz_jsonl(const uint8_t *data, size_t size)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/in.jsonl", base);
	write_file(path, (const char *)data, size);
	static const char *const cases[] = { "regio", "leeftijd" };
	cdr_source_options opt = { 0 };
	opt.case_columns = cases;
	opt.ncase = 2;
	opt.survey.csv.max_record = 1 << 16;
	read_all(path, &opt, NULL);
	remove(path);
}

static void fuzz_tree(const uint8_t *data, size_t size)
{
	char dirs[MAX_DIRS][PATH_MAX];
	size_t ndirs = 1, files = 0;
	snprintf(dirs[0], sizeof dirs[0], "%s/tree", base);
	remove_tree(dirs[0]);
	if (mkdir(dirs[0], 0700) != 0)
		abort();
	char path[PATH_MAX + 64], target[PATH_MAX + 64];
	for (size_t i = 0; i + 1 < size && i / 2 < MAX_OPS; i += 2) {
		const char *parent = dirs[data[i + 1] % ndirs];
		unsigned arg = data[i + 1] >> 3;
		snprintf(path, sizeof path, "%s/e%zu%s", parent, i / 2,
			 data[i] % 5 == 1   ? ".txt"
			 : data[i] % 5 >= 2 ? (arg & 1 ? ".md" : "")
					    : "");
		switch (data[i] % 5) {
		case 0: /* a folder */
			if (ndirs < MAX_DIRS && strlen(path) < PATH_MAX - 64 &&
			    mkdir(path, 0700) == 0)
				snprintf(dirs[ndirs++], sizeof dirs[0], "%s", path);
			break;
		case 1: /* a file */
			write_file(path, "Samenwerking met de gemeente.\n", 30);
			files++;
			break;
		case 2: { /* a link to a folder up the tree: "..", "../..", ... */
			size_t up = arg % 4, n = 0;
			for (size_t k = 0; k < up && n + 3 < sizeof target; k++)
				n += (size_t)snprintf(target + n, sizeof target - n, "../");
			snprintf(target + n, sizeof target - n, ".");
			(void)!symlink(target, path);
			break;
		}
		case 3: /* a link to another folder of the tree, by its full path */
			(void)!symlink(dirs[arg % ndirs], path);
			break;
		default: /* a link out of the tree */
			snprintf(target, sizeof target, "%s/outside%s", base,
				 arg & 2 ? "/elders.txt" : "");
			(void)!symlink(target, path);
			break;
		}
	}
	cdr_source_options opt = { 0 };
	size_t plain = read_all(dirs[0], &opt, dirs[0]);
	if (plain != files)
		abort(); /* every file of the tree, and none through a link */
	opt.follow_links = 1;
	read_all(dirs[0], &opt, dirs[0]);
	remove_tree(dirs[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	if (size == 0)
		return 0;
	if (data[0] & 1)
		fuzz_tree(data + 1, size - 1);
	else
		fuzz_jsonl(data + 1, size - 1);
	return 0;
}
