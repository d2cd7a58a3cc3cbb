/*
** gitfile.c -- a codebook from a file or from git's REV:PATH (see gitfile.h).
*/
#include "config.h"

#include "gitfile.h"
#include "mem.h"
#include "read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run 'argv' and read its standard output into *out, the start of its standard
** error (some 4 KiB) into *err.  Returns its exit status, or -1 if it could not be
** run or ended by a signal (127: execvp failed, as a shell says). */
static int run_capture(char *const argv[], cdr_buf *out, cdr_buf *err)
{
	int po[2], pe[2];
	if (pipe(po) != 0)
		return -1;
	if (pipe(pe) != 0) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(po[0]);
		close(po[1]);
		close(pe[0]);
		close(pe[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		close(po[0]);
		close(po[1]);
		close(pe[0]);
		close(pe[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	char chunk[65536];
	ssize_t n;
	while ((n = read(po[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			cdr_buf_add(out, chunk, (size_t)n);
	close(po[0]);
	while ((n = read(pe[0], chunk, sizeof chunk)) > 0)
		if (err->len < 4096)
			cdr_buf_add(err, chunk, (size_t)n);
	close(pe[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

cdr_rc cdr_gitfile_load_codebook(const char *spec, cdr_codebook **cb, cdr_diag *d)
{
	*cb = NULL;
	struct stat st;
	const char *colon = strchr(spec, ':');
	if (!colon || stat(spec, &st) == 0)
		return cdr_codebook_load(spec, cb, d);
	/* git show REV:./BASE in PATH's directory, so that PATH is read as the
	** command line names it and the repository is the one that holds it. */
	char *rev = cdr_xstrndup(spec, (size_t)(colon - spec));
	const char *path = colon + 1;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? cdr_xstrndup(path, (size_t)(slash - path + 1)) : cdr_xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) { /* gone: from here */
		free(dir);
		dir = cdr_xstrdup(".");
		base = path;
	}
	cdr_buf object = CDR_BUF_INIT, out = CDR_BUF_INIT, err = CDR_BUF_INIT;
	cdr_buf_printf(&object, "%s:./%s", rev, base);
	char *argv[] = { "git", "-C", dir, "show", (char *)cdr_buf_cstr(&object), NULL };
	int status = run_capture(argv, &out, &err);
	cdr_rc rc = CDR_EIO;
	cdr_diag_pos pos = { spec, 0, 0, 0, NULL, 0 };
	if (status != 0) {
		const char *e = cdr_buf_cstr(&err);
		size_t n = strcspn(e, "\n");
		if (strncmp(e, "fatal: ", 7) == 0) {
			e += 7;
			n -= 7;
		}
		if (status < 0 || status == 127)
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot run git to read it");
		else
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "git show %s failed: %.*s",
				     cdr_buf_cstr(&object), (int)n, e);
	} else {
		cdr_doc doc;
		rc = cdr_doc_decode(spec, out.data ? out.data : "", out.len, &doc, d);
		if (rc == CDR_OK) {
			rc = cdr_codebook_parse(spec, doc.text, doc.len, cb, d);
			cdr_doc_free(&doc);
		}
	}
	cdr_buf_free(&object);
	cdr_buf_free(&out);
	cdr_buf_free(&err);
	free(rev);
	free(dir);
	return rc;
}
