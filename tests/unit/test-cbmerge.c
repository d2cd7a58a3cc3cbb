/*
** test-cbmerge.c -- a QDA tool's code list merged into a codebook (cbmerge.h):
** matching by GUID and by label, fields rewritten in place or added after a
** code's own, what stays, and what is refused.
*/
#include "config.h"

#include "cbimport.h"
#include "cbmerge.h"
#include "codebook.h"
#include "refi.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cdr_qdc_code qcode(const char *id_for_guid, const char *name, const char *group,
			  const char *colour, const char *def)
{
	cdr_qdc_code q;
	memset(&q, 0, sizeof q);
	if (id_for_guid) {
		char key[256];
		snprintf(key, sizeof key, "code\n%s", id_for_guid);
		cdr_refi_uuid(key, strlen(key), q.guid);
	}
	q.name = (char *)name;
	q.group = (char *)group;
	q.colour = (char *)colour;
	q.definition = (char *)def;
	q.codable = 1;
	q.line = 7;
	return q;
}

/* Merge 'codes' into 'text'; the merged text into *out (owned), the report into rep. */
static cdr_rc merge(const char *text, const cdr_qdc_code *codes, size_t n, char **out,
		    cdr_merge_report *rep)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_buf b = CDR_BUF_INIT;
	cdr_rc rc = cdr_codebook_parse("t.codebook", text, strlen(text), &cb, &d);
	if (rc == CDR_OK)
		rc = cdr_codebook_merge(cb, text, strlen(text), codes, n, &b, rep, &d);
	*out = cdr_buf_take(&b);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return rc;
}

static const char book[] = "# kop\r\n"
			   "code: a\r\n"
			   "  label: Aap\r\n"
			   "  definition: een\r\n"
			   "  definition: twee\r\n"
			   "  word: aap\r\n"
			   "  example: een aap\r\n"
			   "\r\n"
			   "code: b\r\n"
			   "  word: beer\r\n";

static void test_guid_and_fields(void)
{
	cdr_qdc_code q[] = { qcode("a", "Aapje", "Dieren", "", "een twee"),
			     qcode("b", "b", "", "#00ff00", "Een beer.\nGroot.") };
	char *out;
	cdr_merge_report rep = { 0 };
	is_num(merge(book, q, 2, &out, &rep), CDR_OK, "merges");
	is_str(out,
	       "# kop\r\n"
	       "code: a\r\n"
	       "  label: Aapje\r\n"
	       "  definition: een\r\n"
	       "  definition: twee\r\n"
	       "  group: Dieren\r\n"
	       "  word: aap\r\n"
	       "  example: een aap\r\n"
	       "\r\n"
	       "code: b\r\n"
	       "  colour: #00ff00\r\n"
	       "  definition: Een beer.\r\n"
	       "  definition: Groot.\r\n"
	       "  word: beer\r\n",
	       "line ends as the file's; label in place, a new group after the code's fields, the same definition "
	       "over two lines kept, new fields for b, rules and examples untouched");
	is_num(rep.matched, 2, "both matched by GUID");
	is_num(rep.by_label, 0, "none by label");
	is_num(rep.count, 4, "label and group of a, colour and definition of b");
	ok(rep.count && rep.v[0].kind == CDR_MERGE_CHANGED &&
		   strcmp(rep.v[0].field, "label") == 0 && strcmp(rep.v[0].old_value, "Aap") == 0,
	   "the label change with its old value");
	cdr_merge_report_free(&rep);
	free(out);
}

static void test_label_and_sides(void)
{
	cdr_qdc_code q[] = { qcode(NULL, "Aap", "", "", ""),
			     qcode(NULL, "Nieuw ding", "X", "", "") };
	char *out;
	cdr_merge_report rep = { 0 };
	is_num(merge(book, q, 2, &out, &rep), CDR_OK, "merges");
	is_num(rep.matched, 1, "a matched by its label");
	is_num(rep.by_label, 1, "... counted as by label");
	ok(strstr(out, "code: nieuw-ding\r\n  label: Nieuw ding\r\n  group: X\r\n") != NULL,
	   "an unmatched Code added with an id from its name");
	int added = 0, only = 0;
	for (size_t i = 0; i < rep.count; i++) {
		added += rep.v[i].kind == CDR_MERGE_ADDED && strcmp(rep.v[i].id, "nieuw-ding") == 0;
		only += rep.v[i].kind == CDR_MERGE_ONLY_CODEBOOK && strcmp(rep.v[i].id, "b") == 0 &&
			rep.v[i].line == 9;
	}
	is_num(added, 1, "the addition reported");
	is_num(only, 1, "the code only the codebook has reported with its line");
	ok(strstr(out, "  definition: een\r\n  definition: twee\r\n") != NULL,
	   "an empty description is no change");
	cdr_merge_report_free(&rep);
	free(out);

	/* Two codes with one label: the name matches neither. */
	const char two[] =
		"code: a\n  label: Zelfde\n  word: x\ncode: b\n  label: Zelfde\n  word: y\n";
	cdr_qdc_code z[] = { qcode(NULL, "Zelfde", "", "", "") };
	cdr_merge_report rep2 = { 0 };
	is_num(merge(two, z, 1, &out, &rep2), CDR_OK, "merges");
	is_num(rep2.matched, 0, "an ambiguous label matches nothing");
	ok(strstr(out, "code: zelfde\n") != NULL, "... and the Code is added");
	cdr_merge_report_free(&rep2);
	free(out);
}

static void test_refused(void)
{
	cdr_qdc_code q[] = { qcode("a", "A", "", "", "") };
	char *out;
	cdr_merge_report rep = { 0 };
	is_num(merge("a\tword\tb\n", q, 1, &out, &rep), CDR_EINPUT, "a pattern table is refused");
	free(out);
	q[0].codable = 0;
	is_num(merge(book, q, 1, &out, &rep), CDR_EINPUT, "a list of folders alone is refused");
	free(out);
	cdr_merge_report_free(&rep);
}

/* Write 'text' to a new temporary file whose name ends in 'ext'; returns its path. */
static const char *temp_file(char *path, size_t size, const char *ext, const char *text)
{
	const char *base = getenv("TMPDIR");
	snprintf(path, size, "%s/test-cbimport-XXXXXX%s", base && *base ? base : "/tmp", ext);
	int fd = mkstemps(path, (int)strlen(ext));
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
			perror(path);
		close(fd);
	}
	return path;
}

/* The files 'codebook import' reads (cbimport.h). */
static void test_import(void)
{
	char dic[600], pdf[600];
	cdr_refi_options opt = { 0 };
	cdr_diag d = CDR_DIAG_INIT;
	cdr_buf text = CDR_BUF_INIT;
	ok(cdr_codebook_import_is_qdc("a/b.QDC") && !cdr_codebook_import_is_qdc("b.qdcx") &&
		   !cdr_codebook_import_is_qdc(".qdc"),
	   ".qdc in any case, and a name before it");
	temp_file(dic, sizeof dic, ".dic", "%\n1\tgeld\n%\ngeld*\t1\n");
	is_num(cdr_codebook_import(dic, &opt, &text, &d), CDR_OK, "a LIWC dictionary");
	ok(strstr(cdr_buf_cstr(&text), "code: geld") && strstr(cdr_buf_cstr(&text), "glob: geld*"),
	   "... is a codebook with its code and rule");
	cdr_buf_reset(&text);
	temp_file(pdf, sizeof pdf, ".pdf", "%PDF-1.4\n");
	is_num(cdr_codebook_import(pdf, &opt, &text, &d), CDR_EINPUT, "a file of no kind it reads");
	ok(d.count && strstr(d.items[0].message, "not a file 'codebook import' reads"),
	   "... says what it reads");
	cdr_diag_clear(&d);
	cdr_merge_report rep = { 0 };
	is_num(cdr_codebook_import_merge("x.qdc", dic, &opt, &text, &rep, &d), CDR_EINPUT,
	       "a dictionary to merge into is refused");
	ok(d.count && strstr(d.items[0].message, "import the dictionary first"),
	   "... saying to import it first");
	cdr_merge_report_free(&rep);
	unlink(dic);
	unlink(pdf);
	cdr_buf_free(&text);
	cdr_diag_free(&d);
}

int main(void)
{
	test_guid_and_fields();
	test_label_and_sides();
	test_refused();
	test_import();
	return tap_done();
}
