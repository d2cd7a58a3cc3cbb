/*
** fuzz-refi.c -- libFuzzer target: any bytes as a .qdpx (zip) and as a .qdc (XML).
** Reading must end in sources and codings or a clear error, never a crash, a read
** outside the archive or an allocation without bound.
*/
#include "config.h"

#include "mem.h"
#include "refi_read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int to_file(char *path, const uint8_t *data, size_t size)
{
	int fd = mkstemps(path, 5);
	if (fd < 0)
		return 0;
	int ok = write(fd, data, size) == (ssize_t)size;
	close(fd);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdr_refi_options opt = { 0 };
	opt.max_entry_bytes = 8 << 20;
	char qdpx[] = "/tmp/codeer-fuzz-XXXXXX.qdpx";
	if (to_file(qdpx, data, size)) {
		cdr_diag d = CDR_DIAG_INIT;
		cdr_qdpx_source *src = NULL;
		size_t n = 0;
		if (cdr_qdpx_read(qdpx, &opt, &src, &n, &d) == CDR_OK)
			cdr_qdpx_sources_free(src, n);
		cdr_diag_free(&d);
	}
	unlink(qdpx);
	char qdc[] = "/tmp/codeer-fuzz-XXXXXX.qdc_";
	if (to_file(qdc, data, size)) {
		cdr_diag d = CDR_DIAG_INIT;
		cdr_buf out = CDR_BUF_INIT;
		cdr_qdc_to_codebook(qdc, &opt, &out, &d);
		cdr_buf_free(&out);
		cdr_diag_free(&d);
	}
	unlink(qdc);
	return 0;
}
