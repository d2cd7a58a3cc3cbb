/*
** fuzz-match.c -- libFuzzer target: the fast matching path must find exactly what
** PCRE2 alone finds.
**
** Input: a pattern table (lines "code<TAB>kind<TAB>pattern", as in
** ../shared/bench/codebook.tsv), a line holding only "---", then a text.  The text
** is normalised as the coder does, and every atom of the table runs on it three
** times: with the full prefilter (Hyperscan, widened expressions, words finished
** natively), with the words' prefilter only, and without (every atom through
** PCRE2).  Any difference in the matches, in order or in span, aborts.  Without
** Hyperscan every run takes the PCRE2 path and they agree trivially.
*/
#include "config.h"

#include "codebook.h"
#include "match.h"
#include "norm.h"
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
		cdr_matches fast = CDR_MATCHES_INIT, slow = CDR_MATCHES_INIT;
		run(m, CDR_PREFILTER_OFF, &n, text, len, &slow, &d);
		const cdr_prefilter_mode modes[] = { CDR_PREFILTER_ALL, CDR_PREFILTER_WORDS };
		for (size_t k = 0; k < sizeof modes / sizeof *modes; k++) {
			run(m, modes[k], &n, text, len, &fast, &d);
			if (fast.count != slow.count)
				abort();
			for (size_t i = 0; fast.count != (size_t)-1 && i < fast.count; i++)
				if (fast.v[i].atom != slow.v[i].atom ||
				    fast.v[i].start != slow.v[i].start ||
				    fast.v[i].end != slow.v[i].end)
					abort();
		}
		cdr_matches_free(&fast);
		cdr_matches_free(&slow);
		cdr_norm_free(&n);
	}
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_doc_free(&doc);
	cdr_diag_free(&d);
	return 0;
}
