/*
** fuzz-norm.c -- libFuzzer target: any bytes decoded as a document, normalised, and
** segmented.  Beyond "no crash", it checks the offset map's contract: every
** normalised byte maps into the original, the map is monotone, every span of whole
** normalised characters maps back to a span that owns exactly those bytes, and
** paragraphs and sentences lie inside the text.
*/
#include "config.h"

#include "norm.h"
#include "read.h"
#include "seg.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cdr_seg *seg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	if (!seg && cdr_seg_new(&seg, &d) != CDR_OK)
		abort();
	if (cdr_doc_decode("fuzz.txt", (const char *)data, size, &doc, &d) != CDR_OK) {
		cdr_diag_free(&d);
		return 0;
	}
	cdr_norm n = CDR_NORM_INIT;
	cdr_norm_run(&n, doc.text, doc.len, 0);
	size_t nl = n.text.len;
	for (size_t k = 0; k < nl; k++) {
		if (!(n.from[k] < n.to[k] && n.to[k] <= doc.len))
			abort();
		if (k && n.from[k] < n.from[k - 1])
			abort();
		if (k && n.from[k] != n.from[k - 1] && n.to[k - 1] > n.from[k])
			abort();
	}
	/* Spans starting and ending at group boundaries own exactly their bytes. */
	for (size_t a = 0; a < nl && a < 64; a++) {
		if (a && n.from[a] == n.from[a - 1])
			continue;
		size_t os, oe;
		cdr_norm_span(&n, a, nl, &os, &oe);
		if (os > oe || oe > doc.len)
			abort();
		for (size_t k = 0; k < a; k++)
			if (n.from[k] >= os)
				abort();
	}
	cdr_spans paras = CDR_SPANS_INIT, sents = CDR_SPANS_INIT, words = CDR_SPANS_INIT;
	cdr_seg_paragraphs(doc.text, doc.len, &paras);
	for (size_t p = 0; p < paras.count; p++) {
		if (paras.v[p].start >= paras.v[p].end || paras.v[p].end > doc.len)
			abort();
		cdr_seg_sentences(seg, doc.text, paras.v[p].start, paras.v[p].end, &sents);
	}
	for (size_t i = 0; i < sents.count; i++)
		if (sents.v[i].start > sents.v[i].end || sents.v[i].end > doc.len)
			abort();
	cdr_seg_words(seg, n.text.data, 0, nl, &words);
	for (size_t i = 0; i < words.count; i++)
		if (words.v[i].start >= words.v[i].end || words.v[i].end > nl)
			abort();
	cdr_spans_free(&paras);
	cdr_spans_free(&sents);
	cdr_spans_free(&words);
	cdr_norm_free(&n);
	cdr_doc_free(&doc);
	cdr_diag_free(&d);
	return 0;
}
