/*
** fuzz-refi.c -- libFuzzer target: any bytes as a .qdpx (zip) and as a .qdc (XML).
** Reading must end in sources and codings or a clear error, never a crash, a read
** outside the archive or an allocation without bound.  The .qdc's codes are also
** merged into a codebook ('codebook import --merge'), which must still parse.
*/
#include "config.h"

#include "cbmerge.h"
#include "codebook.h"
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

/* The Codes of the .qdc merged into a small codebook (cbmerge.h): the merged text
** must parse again. */
static void merge_into_codebook(const char *qdc, const cdr_refi_options *opt)
{
	static const char book[] = "codebook: t\ncode: a\n  label: Aap\n  group: G / H\n"
				   "  definition: x\n  word: aap\n\ncode: b\n  word: b\n";
	cdr_diag d = CDR_DIAG_INIT;
	cdr_qdc_code *codes = NULL;
	size_t n = 0;
	cdr_codebook *cb = NULL;
	if (cdr_qdc_read_codes(qdc, opt, &codes, &n, &d) == CDR_OK &&
	    cdr_codebook_parse("t.codebook", book, sizeof book - 1, &cb, &d) == CDR_OK) {
		cdr_buf out = CDR_BUF_INIT;
		cdr_merge_report rep = { 0 };
		if (cdr_codebook_merge(cb, book, sizeof book - 1, codes, n, &out, &rep, &d) ==
		    CDR_OK) {
			cdr_codebook *again = NULL;
			if (cdr_codebook_parse_text("merged.codebook", out.data, out.len, &again,
						    &d) != CDR_OK)
				abort(); /* the merge wrote a codebook that does not parse */
			cdr_codebook_free(again);
		}
		cdr_merge_report_free(&rep);
		cdr_buf_free(&out);
	}
	cdr_codebook_free(cb);
	cdr_qdc_codes_free(codes, n);
	cdr_diag_free(&d);
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
		merge_into_codebook(qdc, &opt);
	}
	unlink(qdc);
	return 0;
}
