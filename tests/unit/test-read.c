/*
** test-read.c -- decoding documents: byte order marks, UTF-16, errors with
** file:line:column.
*/
#include "config.h"

#include "input.h"
#include "read.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *first_message(cdr_diag *d)
{
	return d->count ? d->items[0].message : "(none)";
}

/* The directory part of 'path' (a static copy). */
static const char *dirname_of(const char *path)
{
	static char dir[512];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	return dir;
}

/* The TEXT|FILE argument of explain and debug (input.h). */
static void test_arg(void)
{
	cdr_doc doc;
	cdr_diag d = CDR_DIAG_INIT;
	const char *base = getenv("TMPDIR");
	char path[600], arg[640];
	snprintf(path, sizeof path, "%s/test-read-XXXXXX", base && *base ? base : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, "Een.\n\nTwee drie.\n", 17) != 17)
		perror("mkstemp");
	if (fd >= 0)
		close(fd);
	is_num(cdr_input_read_arg(path, 0, &doc, &d), CDR_OK, "an existing file is read");
	is_num(doc.len, 17, "... whole");
	cdr_doc_free(&doc);
	snprintf(arg, sizeof arg, "%s#p2", path);
	is_num(cdr_input_read_arg(arg, 1, &doc, &d), CDR_OK, "FILE#p2 with units");
	is_str(doc.text, "Twee drie.", "... is the second paragraph, without its line end");
	is_str(doc.name, arg, "... named as given");
	cdr_doc_free(&doc);
	snprintf(arg, sizeof arg, "%s:p3", path);
	is_num(cdr_input_read_arg(arg, 1, &doc, &d), CDR_EINPUT, "FILE:p3 of two paragraphs");
	is_str(first_message(&d), "it has 2 paragraphs, not 3", "... says so");
	cdr_diag_clear(&d);
	is_num(cdr_input_read_arg(arg, 0, &doc, &d), CDR_OK, "without units, the text itself");
	is_str(doc.text, arg, "... as it is");
	is_str(doc.name, "text", "... named text");
	cdr_doc_free(&doc);
	/* A Word document is read as one (it was read as text: invalid UTF-8).  The
	** tests' data is found through $TOP_SRCDIR, else beside this file. */
	const char *top = getenv("TOP_SRCDIR");
	if (top && *top)
		snprintf(arg, sizeof arg, "%s/tests/data/docx/focusgroep.docx", top);
	else
		snprintf(arg, sizeof arg, "%s/../data/docx/focusgroep.docx", dirname_of(__FILE__));
	is_num(cdr_input_read_arg(arg, 0, &doc, &d), CDR_OK, "a .docx is read as Word");
	ok(doc.text && strstr(doc.text, "Bibob") != NULL, "... its text, found by a word of it");
	cdr_doc_free(&doc);
	cdr_diag_clear(&d);
	is_num(cdr_input_read_arg("geen geld", 1, &doc, &d), CDR_OK, "words are the text");
	is_str(doc.text, "geen geld", "... as they are");
	cdr_doc_free(&doc);
	unlink(path);
	cdr_diag_free(&d);
}

int main(void)
{
	cdr_doc doc;
	cdr_diag d = CDR_DIAG_INIT;

	is_num(cdr_doc_decode("a.txt", "samen\r\nwerking", 14, &doc, &d), CDR_OK, "plain UTF-8");
	is_str(doc.text, "samen\r\nwerking", "CRLF kept as it is");
	is_num(doc.encoding, CDR_ENC_UTF8, "encoding UTF-8");
	cdr_doc_free(&doc);

	is_num(cdr_doc_decode("b.txt", "\xEF\xBB\xBFwij", 6, &doc, &d), CDR_OK, "UTF-8 with BOM");
	is_str(doc.text, "wij", "the byte order mark is not part of the text");
	is_num(doc.encoding, CDR_ENC_UTF8_BOM, "encoding UTF-8 with BOM");
	cdr_doc_free(&doc);

	/* "é😀\r\n" in UTF-16LE and UTF-16BE with BOM. */
	const char le[] = "\xFF\xFE\xE9\x00\x3D\xD8\x00\xDE\x0D\x00\x0A\x00";
	is_num(cdr_doc_decode("c.txt", le, sizeof le - 1, &doc, &d), CDR_OK, "UTF-16LE");
	is_str(doc.text, "é😀\r\n", "UTF-16LE decoded, surrogate pair joined");
	is_num(doc.encoding, CDR_ENC_UTF16LE, "encoding UTF-16LE");
	cdr_doc_free(&doc);
	const char be[] = "\xFE\xFF\x00\xE9\xD8\x3D\xDE\x00\x00\x0D\x00\x0A";
	is_num(cdr_doc_decode("d.txt", be, sizeof be - 1, &doc, &d), CDR_OK, "UTF-16BE");
	is_str(doc.text, "é😀\r\n", "UTF-16BE decoded");
	cdr_doc_free(&doc);

	const char lone[] = "\xFF\xFE\x61\x00\x0A\x00\x62\x00\x00\xDC";
	is_num(cdr_doc_decode("e.txt", lone, sizeof lone - 1, &doc, &d), CDR_EINPUT,
	       "an unpaired surrogate is an error");
	is_num(d.items[0].line, 2, "... on line 2");
	is_num(d.items[0].column, 2, "... column 2");
	cdr_diag_clear(&d);

	const char odd[] = "\xFF\xFE\x61\x00\x62";
	is_num(cdr_doc_decode("f.txt", odd, sizeof odd - 1, &doc, &d), CDR_EINPUT,
	       "an odd number of UTF-16 bytes is an error");
	cdr_diag_clear(&d);

	is_num(cdr_doc_decode("g.txt", "regel 1\nhet \xE9\xE9n", 14, &doc, &d), CDR_EINPUT,
	       "Latin-1 text is an error");
	ok(d.count == 2 && d.items[0].line == 2 && d.items[0].column == 5,
	   "... at line 2, column 5: %s", first_message(&d));
	is_str(d.items[0].file, "g.txt", "... naming the file");
	ok(d.count == 2 && d.items[1].severity == CDR_DIAG_NOTE, "... with a note on converting");
	cdr_diag_clear(&d);

	is_num(cdr_doc_decode("h.bin", "ab\ncd\0ef", 8, &doc, &d), CDR_EINPUT,
	       "a NUL byte means not a text file");
	ok(d.count && d.items[0].line == 2 && d.items[0].column == 3, "... at line 2, column 3");
	cdr_diag_clear(&d);

	is_num(cdr_doc_decode("i.txt", "", 0, &doc, &d), CDR_OK, "an empty file is fine");
	is_num(doc.len, 0, "... and empty");
	cdr_doc_free(&doc);

	is_num(cdr_doc_read("/nonexistent/x.txt", &doc, &d), CDR_EIO, "a missing file");
	is_str(first_message(&d), "cannot open: No such file or directory", "... says why");
	cdr_diag_clear(&d);
	is_num(cdr_doc_read("/", &doc, &d), CDR_EIO, "a directory is not a document");
	cdr_diag_free(&d);
	test_arg();
	return tap_done();
}
