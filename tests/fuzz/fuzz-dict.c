/*
** fuzz-dict.c -- libFuzzer target: any bytes as a dictionary from another tool
** (dict.h).  The first byte picks the format (LIWC, quanteda YAML, WordStat, a
** .csv pattern table), the rest is the file.  Reading, importing and compiling
** must never crash, leak or hang; a dictionary that reads must give codebook text
** that parses again without an error (what 'codebook import' writes), and rules
** that the prefilter takes.
*/
#include "config.h"

#include "codebook.h"
#include "dict.h"
#include "match.h"
#include "read.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "fuzz.dic", "fuzz.yml", "fuzz.cat", "fuzz.csv" };
static const cdr_dict_format formats[] = { CDR_DICT_LIWC, CDR_DICT_YAML, CDR_DICT_WORDSTAT,
					   CDR_DICT_TABLE };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t which = data[0] % 4;
	const char *name = names[which];
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	if (cdr_doc_decode(name, (const char *)data + 1, size - 1, &doc, &d) == CDR_OK) {
		cdr_codebook *cb = NULL;
		if (cdr_dict_parse(name, doc.text, doc.len, formats[which], &cb, &d) == CDR_OK) {
			cdr_buf text = CDR_BUF_INIT;
			cdr_diag again = CDR_DIAG_INIT;
			cdr_codebook *cb2 = NULL;
			if (cdr_dict_to_codebook(name, doc.text, doc.len, formats[which], &text,
						 NULL, &again) != CDR_OK ||
			    cdr_codebook_parse_text("fuzz.codebook", text.data, text.len, &cb2,
						    &again) != CDR_OK ||
			    cb2->code_count != cb->code_count || cb2->rule_count != cb->rule_count)
				abort(); /* the import's text is not the codebook read */
			cdr_codebook_free(cb2);
			cdr_diag_free(&again);
			cdr_buf_free(&text);
			cdr_matcher *m = NULL;
			if (cdr_matcher_new(cb, &m, &d) == CDR_OK) {
				if (cdr_matcher_set_prefilter(m, CDR_PREFILTER_ALL, &d) != CDR_OK)
					abort(); /* a rule the compiler let through fails */
				cdr_matcher_free(m);
			}
			cdr_codebook_free(cb);
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
