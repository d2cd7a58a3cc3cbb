/*
** cbimport.c -- the codebook text of another tool's file, and a .qdc merged into a
** codebook file (see cbimport.h).
*/
#include "config.h"

#include "cbimport.h"
#include "dict.h"
#include "match.h"
#include "read.h"

#include <string.h>
#include <strings.h>

cdr_rc cdr_codebook_import_merge(const char *qdc, const char *codebook, const cdr_refi_options *opt,
				 cdr_buf *text, cdr_merge_report *rep, cdr_diag *d)
{
	cdr_doc doc;
	cdr_rc rc = cdr_doc_read(codebook, &doc, d);
	if (rc != CDR_OK)
		return rc;
	cdr_codebook *cb = NULL;
	cdr_qdc_code *codes = NULL;
	size_t n = 0;
	if (cdr_dict_detect(codebook, doc.text, doc.len) != CDR_DICT_NONE) {
		cdr_diag_pos pos = { codebook, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "--merge needs a codebook file: import the dictionary first");
		rc = CDR_EINPUT;
	} else {
		rc = cdr_codebook_parse_text(codebook, doc.text, doc.len, &cb, d);
	}
	if (rc == CDR_OK)
		rc = cdr_qdc_read_codes(qdc, opt, &codes, &n, d);
	if (rc == CDR_OK)
		rc = cdr_codebook_merge(cb, doc.text, doc.len, codes, n, text, rep, d);
	if (rc == CDR_OK) {
		cdr_codebook *check = NULL; /* what is written must parse */
		cdr_diag quiet = CDR_DIAG_INIT;
		rc = cdr_codebook_parse_text(codebook, text->data, text->len, &check, &quiet);
		if (rc != CDR_OK)
			cdr_diag_append(d, &quiet);
		cdr_diag_free(&quiet);
		cdr_codebook_free(check);
	}
	cdr_qdc_codes_free(codes, n);
	cdr_codebook_free(cb);
	cdr_doc_free(&doc);
	return rc;
}

int cdr_codebook_import_is_qdc(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcasecmp(path + n - 4, ".qdc") == 0;
}

/* A dictionary's rules are compiled first, so that a rule codeer cannot run is an
** error at the dictionary's line and column now, not at the first use. */
cdr_rc cdr_codebook_import(const char *path, const cdr_refi_options *opt, cdr_buf *text,
			   cdr_diag *d)
{
	if (cdr_codebook_import_is_qdc(path)) /* libxml2 reads it, in its declared encoding */
		return cdr_qdc_to_codebook(path, opt, text, d);
	cdr_doc doc;
	cdr_rc rc = cdr_doc_read(path, &doc, d);
	if (rc != CDR_OK)
		return rc;
	if (doc.len > 0 && doc.text[0] == '<') { /* XML under another name */
		cdr_doc_free(&doc);
		return cdr_qdc_to_codebook(path, opt, text, d);
	}
	cdr_dict_format f = cdr_dict_detect(path, doc.text, doc.len);
	if (f == CDR_DICT_NONE) {
		cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "not a file 'codebook import' reads: a REFI-QDA codebook (.qdc), a "
			     "LIWC (.dic), quanteda YAML (.yml, .yaml) or WordStat (.cat) "
			     "dictionary, or a pattern table (.csv)");
		cdr_doc_free(&doc);
		return CDR_EINPUT;
	}
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	rc = cdr_dict_parse(path, doc.text, doc.len, f, &cb, d);
	if (rc == CDR_OK)
		rc = cdr_matcher_new(cb, &m, d);
	if (rc == CDR_OK) {
		cdr_diag quiet = CDR_DIAG_INIT; /* its warnings were given by the parse */
		rc = cdr_dict_to_codebook(path, doc.text, doc.len, f, text, NULL, &quiet);
		cdr_diag_free(&quiet);
	}
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_doc_free(&doc);
	return rc;
}
