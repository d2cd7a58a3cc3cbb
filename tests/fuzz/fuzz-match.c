/*
** fuzz-match.c -- libFuzzer target: the fast matching path must find exactly what
** PCRE2 alone finds.
**
** Input: a pattern table (lines "code<TAB>kind<TAB>pattern", as in
** ../shared/bench/codebook.tsv), a line holding only "---", then a text.  The text
** is normalised as the coder does, and every atom of the table runs on it four
** times: with the full prefilter while every scan fails (PCRE2 then runs what the
** prefilter would have finished, compiling the words it left out), with the full
** prefilter (Hyperscan, widened expressions, words finished natively), with the
** words' prefilter only, and last without (every atom through PCRE2, compiled by
** the matcher).  Any difference from the last in the matches, in order or in span,
** aborts.  Without Hyperscan every run takes the PCRE2 path and they agree
** trivially.
*/
#include "config.h"

#include "codebook.h"
#include "match.h"
#include "norm.h"
#include "prefilter.h"
#include "read.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(cdr_matcher *m, cdr_prefilter_mode mode, const cdr_norm *n, const char *orig,
		size_t olen, cdr_matches *out, cdr_diag *d)
{
	cdr_matcher_set_prefilter(m, mode);
	cdr_match_scratch *s = cdr_match_scratch_new(m);
	out->count = 0;
	if (cdr_matcher_run(m, s, n->text.data, n->text.len, orig, olen, out, d) != CDR_OK)
		out->count = (size_t)-1; /* a PCRE2 limit: must happen both ways */
	cdr_match_scratch_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	if (cdr_doc_decode("fuzz.tsv", (const char *)data, size, &doc, &d) != CDR_OK) {
		cdr_diag_free(&d);
		return 0;
	}
	const char *sep = strstr(doc.text, "\n---\n");
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	if (sep &&
	    cdr_codebook_parse("fuzz.tsv", doc.text, (size_t)(sep - doc.text) + 1, &cb, &d) ==
		    CDR_OK &&
	    cdr_matcher_new(cb, &m, &d) == CDR_OK) {
		const char *text = sep + 5;
		size_t len = doc.len - (size_t)(text - doc.text);
		cdr_norm n = CDR_NORM_INIT;
		cdr_norm_run(&n, text, len, 0);
		const cdr_prefilter_mode modes[] = { CDR_PREFILTER_ALL, CDR_PREFILTER_ALL,
						     CDR_PREFILTER_WORDS };
		cdr_matches fast[3] = { CDR_MATCHES_INIT, CDR_MATCHES_INIT, CDR_MATCHES_INIT };
		cdr_matches slow = CDR_MATCHES_INIT;
		for (size_t k = 0; k < 3; k++) {
			cdr_prefilter_failing = k == 0;
			run(m, modes[k], &n, text, len, &fast[k], &d);
			cdr_prefilter_failing = 0;
		}
		run(m, CDR_PREFILTER_OFF, &n, text, len, &slow, &d);
		for (size_t k = 0; k < 3; k++) {
			const cdr_matches *f = &fast[k];
			if (f->count != slow.count)
				abort();
			for (size_t i = 0; f->count != (size_t)-1 && i < f->count; i++)
				if (f->v[i].atom != slow.v[i].atom ||
				    f->v[i].start != slow.v[i].start ||
				    f->v[i].end != slow.v[i].end)
					abort();
			cdr_matches_free(&fast[k]);
		}
		cdr_matches_free(&slow);
		cdr_norm_free(&n);
	}
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_doc_free(&doc);
	cdr_diag_free(&d);
	return 0;
}
