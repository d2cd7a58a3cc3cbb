/*
** outfile.h -- output files that are never half-written.
**
** cdr_outfile_open() creates a temporary file beside the target (same directory,
** so the final rename is atomic); cdr_outfile_commit() flushes, syncs and renames
** it over the target; cdr_outfile_abort() removes it.  Until commit, an existing
** target stays exactly as it was.  The path "-" writes to standard output
** directly (nothing to rename), and so does a path naming a character device or
** a pipe (/dev/null, a FIFO), which a rename could not replace.  On Linux, every
*CDR_OUTFILE_WRITEBACK bytes the
** kernel is asked to start writing what it has of the temporary file to disk, so
** that the fsync() of the commit waits for the tail, not the whole file.
*/
#ifndef CDR_OUTFILE_H
#define CDR_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "status.h"

#define CDR_OUTFILE_WRITEBACK (8u << 20)

typedef struct cdr_outfile {
	char *path; /* the target as given */
	char *tmp;  /* the temporary file, NULL for standard output */
	FILE *fp;
	int failed;                   /* a write failed; commit will refuse */
	int device;                   /* a device or pipe, written directly (no rename) */
	unsigned long long written;   /* bytes written so far */
	unsigned long long requested; /* of those, the kernel was asked to write back */
} cdr_outfile;

/* Open 'path' for writing.  Returns CDR_OK, or CDR_EIO (with an error naming the
** path) if the temporary file cannot be created there; then nothing is left to
** free or remove. */
cdr_rc cdr_outfile_open(cdr_outfile *o, const char *path, cdr_diag *d);

/* Write p[0..n).  Returns CDR_OK or CDR_EIO (disk full, ...) with an error. */
cdr_rc cdr_outfile_write(cdr_outfile *o, const void *p, size_t n, cdr_diag *d);

/* Finish: flush and sync, then rename over the target.  On CDR_EIO the temporary
** file is removed and the target left as it was. */
cdr_rc cdr_outfile_commit(cdr_outfile *o, cdr_diag *d);

/* Give up: close and remove the temporary file.  Safe to call after commit. */
void cdr_outfile_abort(cdr_outfile *o);

/* The whole output p[0..n) to 'path' at once: open, write, commit, or abort on
** failure (a report, a codebook).  Returns CDR_OK or CDR_EIO with an error. */
cdr_rc cdr_outfile_put(const char *path, const void *p, size_t n, cdr_diag *d);

/* Remove every temporary file not yet committed or aborted, of every cdr_outfile
** (up to 16 at once).  Only unlink(): safe in a signal handler, for a command
** that is killed or runs out of memory. */
void cdr_outfile_remove_pending(void);

/* For tests of interrupted runs: every commit of a temporary file waits 'ms'
** milliseconds once its bytes are written, before it syncs and renames, so that a
** signal can be sent while an output is being written (codeer reads it from
** CODEER_TEST_COMMIT_PAUSE_MS).  0, the default: no wait. */
void cdr_outfile_set_commit_pause(unsigned ms);

#endif
