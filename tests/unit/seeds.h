/*
** seeds.h -- for unit tests: the paragraphs of the five seed documents
** (corpora/seeds/), normalised as rules see them.
*/
#ifndef TEST_SEEDS_H
#define TEST_SEEDS_H

#include "mem.h"
#include "norm.h"
#include "read.h"
#include "seg.h"

#include <stdio.h>

/* Append each seed paragraph, normalised and newly allocated, to texts[0..*n)
** (capacity *cap); 'top' is the source tree.  Returns how many were added. */
static size_t seed_paragraphs(const char *top, char ***texts, size_t *n, size_t *cap)
{
	static const char *const seeds[] = { "000_a8167812eabb9f98.txt", "001_3c111b7226d92381.txt",
					     "002_8fcc55c40e45ef88.txt", "003_863b473b8a5b0ad0.txt",
					     "004_3a2ab346d2f05ff7.txt" };
	cdr_diag d = CDR_DIAG_INIT;
	cdr_spans paras = CDR_SPANS_INIT;
	size_t before = *n;
	char path[4096];
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		cdr_doc doc;
		snprintf(path, sizeof path, "%s/corpora/seeds/%s", top ? top : ".", seeds[i]);
		if (cdr_doc_read(path, &doc, &d) != CDR_OK)
			continue;
		paras.count = 0;
		cdr_seg_paragraphs(doc.text, doc.len, &paras);
		for (size_t p = 0; p < paras.count; p++) {
			CDR_GROW(*texts, *cap, *n + 1);
			(*texts)[(*n)++] = cdr_norm_string(doc.text + paras.v[p].start,
							   paras.v[p].end - paras.v[p].start);
		}
		cdr_doc_free(&doc);
	}
	cdr_spans_free(&paras);
	cdr_diag_free(&d);
	return *n - before;
}

#endif
