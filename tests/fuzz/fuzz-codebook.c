/*
** fuzz-codebook.c -- libFuzzer target: any bytes as a codebook file.  Parsing and
** compiling must never crash, leak or hang (PCRE2 limits), whatever the input; the
** rules of a codebook with errors are compiled too (cdr_matcher_parse: every error
** in one run), and a codebook refused has at least one error.  A codebook that
** compiles has its examples checked ('codeer check': coding, lists, NEAR, phrases
** in parts, forms, conditions, exceptions, polarity and explain's account) with the
** full prefilter and without one: the two reports must be the same.
*/
#include "config.h"

#include "codebook.h"
#include "coder.h"
#include "explain.h"
#include "match.h"
#include "read.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The report of 'codeer check' on the examples of the codebook 'm' was built from,
** finding atoms in 'mode' (owned), or NULL when a rule gave up (a PCRE2 limit,
** which only the rules run can reach). */
static char *check_in_mode(cdr_matcher *m, cdr_prefilter_mode mode, cdr_diag *d)
{
	cdr_coder *c = NULL;
	cdr_buf out = CDR_BUF_INIT;
	size_t failed = 0;
	if (cdr_matcher_set_prefilter(m, mode, d) != CDR_OK)
		abort(); /* a rule the compiler let through fails */
	if (cdr_coder_new(m, CDR_UNIT_MATCH, &c, d) != CDR_OK ||
	    cdr_explain_check(c, 0, &out, &failed, d) != CDR_OK) {
		cdr_coder_free(c);
		cdr_buf_free(&out);
		return NULL;
	}
	cdr_coder_free(c);
	return cdr_buf_take(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	if (cdr_doc_decode("fuzz.codebook", (const char *)data, size, &doc, &d) == CDR_OK) {
		cdr_codebook *cb = NULL;
		cdr_matcher *m = NULL;
		if (cdr_matcher_parse("fuzz.codebook", doc.text, doc.len, &cb, &m, &d) == CDR_OK) {
			/* Widening and the literal analysis, and Hyperscan on them; then the
			** examples, each way. */
			char *fast = check_in_mode(m, CDR_PREFILTER_ALL, &d);
			char *slow = check_in_mode(m, CDR_PREFILTER_OFF, &d);
			if (fast && slow && strcmp(fast, slow) != 0)
				abort(); /* the prefilter changed what is coded */
			free(fast);
			free(slow);
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
