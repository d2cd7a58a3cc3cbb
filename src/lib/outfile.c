/*
** outfile.c -- temporary file, then rename (see outfile.h).
*/
#include "config.h"

#include "outfile.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The temporary files being written, for cdr_outfile_remove_pending() (a signal
** handler): set when one is made, cleared before it is renamed or removed. */
#define PENDING_SLOTS 16
static char *volatile pending[PENDING_SLOTS];

static void hold(char *tmp)
{
	for (size_t i = 0; i < PENDING_SLOTS; i++)
		if (!pending[i]) {
			pending[i] = tmp;
			return;
		}
}

static void release(const char *tmp)
{
	for (size_t i = 0; tmp && i < PENDING_SLOTS; i++)
		if (pending[i] == tmp)
			pending[i] = NULL;
}

void cdr_outfile_remove_pending(void)
{
	for (size_t i = 0; i < PENDING_SLOTS; i++) {
		char *tmp = pending[i];
		if (tmp)
			unlink(tmp);
	}
}

static unsigned commit_pause_ms; /* cdr_outfile_set_commit_pause() */

void cdr_outfile_set_commit_pause(unsigned ms)
{
	commit_pause_ms = ms;
}

static void io_error(cdr_diag *d, const char *path, const char *what, int err)
{
	cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s: %s", what, strerror(err));
}

cdr_rc cdr_outfile_open(cdr_outfile *o, const char *path, cdr_diag *d)
{
	memset(o, 0, sizeof *o);
	o->path = cdr_xstrdup(path);
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return CDR_OK;
	}
	/* A device or a pipe (/dev/null, /dev/stdout, a FIFO) cannot be replaced by a
	** rename: write it directly, as standard output. */
	struct stat st;
	if (stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		o->fp = fopen(path, "wb");
		if (!o->fp) {
			io_error(d, path, "cannot write the output file", errno);
			cdr_outfile_abort(o);
			return CDR_EIO;
		}
		o->device = 1;
		return CDR_OK;
	}

	const char *slash = strrchr(path, '/');
	cdr_buf tmp = CDR_BUF_INIT;
	if (slash)
		cdr_buf_add(&tmp, path, (size_t)(slash - path) + 1);
	cdr_buf_printf(&tmp, ".%s.codeer-XXXXXX", slash ? slash + 1 : path);
	o->tmp = cdr_buf_take(&tmp);

	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		int err = errno;
		io_error(d, path, "cannot create the output file", err);
		free(o->tmp);
		o->tmp = NULL;
		cdr_outfile_abort(o);
		return CDR_EIO;
	}
	/* mkstemp makes the file private; give it the mode a new file would get. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	hold(o->tmp);
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		int err = errno;
		close(fd);
		io_error(d, path, "cannot write the output file", err);
		cdr_outfile_abort(o); /* removes the file */
		return CDR_EIO;
	}
	return CDR_OK;
}

/* Ask the kernel to start writing back what was written since the last request:
** only a hint, whose own errors are the fsync()'s to report.  Returns 0 if the
** buffered bytes could not be written (errno says why). */
static int start_writeback(cdr_outfile *o)
{
#ifdef HAVE_SYNC_FILE_RANGE
	if (fflush(o->fp) != 0)
		return 0;
	sync_file_range(fileno(o->fp), (off_t)o->requested, (off_t)(o->written - o->requested),
			SYNC_FILE_RANGE_WRITE);
#endif
	o->requested = o->written;
	return 1;
}

cdr_rc cdr_outfile_write(cdr_outfile *o, const void *p, size_t n, cdr_diag *d)
{
	if (o->failed)
		return CDR_EIO;
	o->written += n;
	if ((n && fwrite(p, 1, n, o->fp) != n) ||
	    (o->tmp && o->written - o->requested >= CDR_OUTFILE_WRITEBACK && !start_writeback(o))) {
		o->failed = 1;
		io_error(d, o->tmp || o->device ? o->path : "<stdout>", "cannot write", errno);
		return CDR_EIO;
	}
	return CDR_OK;
}

cdr_rc cdr_outfile_commit(cdr_outfile *o, cdr_diag *d)
{
	const char *shown = o->tmp || o->device ? o->path : "<stdout>";
	if (o->failed) {
		cdr_outfile_abort(o);
		return CDR_EIO;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		io_error(d, shown, "cannot write", errno);
		cdr_outfile_abort(o);
		return CDR_EIO;
	}
	if (!o->tmp) {
		FILE *fp = o->fp;
		o->fp = NULL;
		int closed = !o->device || fclose(fp) == 0;
		o->device = 0;
		if (!closed) {
			io_error(d, shown, "cannot write", errno);
			free(o->path);
			o->path = NULL;
			return CDR_EIO;
		}
		free(o->path);
		o->path = NULL;
		return CDR_OK;
	}
	if (commit_pause_ms) {
		struct timespec ts = { commit_pause_ms / 1000,
				       (long)(commit_pause_ms % 1000) * 1000000 };
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
	if (fsync(fileno(o->fp)) != 0 && errno != EINVAL) {
		io_error(d, shown, "cannot write", errno);
		cdr_outfile_abort(o);
		return CDR_EIO;
	}
	FILE *fp = o->fp;
	o->fp = NULL;
	if (fclose(fp) != 0) {
		io_error(d, shown, "cannot write", errno);
		cdr_outfile_abort(o);
		return CDR_EIO;
	}
	if (rename(o->tmp, o->path) != 0) {
		io_error(d, shown, "cannot replace the output file", errno);
		cdr_outfile_abort(o);
		return CDR_EIO;
	}
	release(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return CDR_OK;
}

void cdr_outfile_abort(cdr_outfile *o)
{
	if (o->fp && (o->tmp || o->device))
		fclose(o->fp);
	o->fp = NULL;
	o->device = 0;
	if (o->tmp) {
		unlink(o->tmp);
		release(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
	free(o->path);
	o->path = NULL;
}

cdr_rc cdr_outfile_put(const char *path, const void *p, size_t n, cdr_diag *d)
{
	cdr_outfile o;
	cdr_rc rc = cdr_outfile_open(&o, path, d);
	if (rc != CDR_OK)
		return rc;
	rc = cdr_outfile_write(&o, p, n, d);
	if (rc == CDR_OK)
		rc = cdr_outfile_commit(&o, d);
	cdr_outfile_abort(&o); /* after a commit: frees what is left */
	return rc;
}
