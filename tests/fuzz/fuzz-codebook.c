/*
** fuzz-codebook.c -- libFuzzer target: any bytes as a codebook file.  Parsing and
** compiling must never crash, leak or hang (PCRE2 limits), whatever the input; the
** rules of a codebook with errors are compiled too (cdr_matcher_parse: every error
** in one run), and a codebook refused has at least one error.
*/
#include "config.h"

#include "codebook.h"
#include "match.h"
#include "read.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	if (cdr_doc_decode("fuzz.codebook", (const char *)data, size, &doc, &d) == CDR_OK) {
		cdr_codebook *cb = NULL;
		cdr_matcher *m = NULL;
		if (cdr_matcher_parse("fuzz.codebook", doc.text, doc.len, &cb, &m, &d) == CDR_OK) {
			/* Widening and the literal analysis, and Hyperscan on them. */
			if (cdr_matcher_set_prefilter(m, CDR_PREFILTER_ALL, &d) != CDR_OK)
				abort(); /* a rule the compiler let through fails */
			cdr_matcher_free(m);
			cdr_codebook_free(cb);
		} else if (d.errors == 0 || cb || m) {
			abort(); /* refused without saying why, or half-returned */
		}
		cdr_doc_free(&doc);
	}
	cdr_buf out = CDR_BUF_INIT;
	for (size_t i = 0; i < d.count; i++)
		cdr_diag_render(&d.items[i], &out);
	cdr_buf_free(&out);
	cdr_diag_free(&d);
	return 0;
}
