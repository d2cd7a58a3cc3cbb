/*
** fuzz-docx.c -- libFuzzer target: Word documents (docx.h).
**
** The first byte chooses what the rest is:
**   even: the bytes of a .docx file as they are (the zip container: libzip's and
**         codeer's limits on entries, sizes and names);
**   odd:  the text of word/document.xml, put into a well-formed .docx with libzip
**         (the XML reader: paragraphs, runs, breaks, tabs, DOCTYPEs and entities,
**         attribute counts), which random bytes would rarely reach through a zip.
** Reading must end in a document or a clear error, never a crash, a leak or an
** allocation without bound; a document read is valid UTF-8 of its stated length.
*/
#include "config.h"

#include "docx.h"
#include "utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

/* A .docx at 'path' holding 'xml' as word/document.xml; 0 if libzip fails. */
static int write_docx(const char *path, const uint8_t *xml, size_t n)
{
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z)
		return 0;
	zip_source_t *ct = zip_source_buffer(z, content_types, sizeof content_types - 1, 0);
	zip_source_t *doc = zip_source_buffer(z, n ? xml : (const uint8_t *)"", n, 0);
	int ok = ct && zip_file_add(z, "[Content_Types].xml", ct, ZIP_FL_OVERWRITE) >= 0;
	if (!ok)
		zip_source_free(ct);
	ok = ok && doc && zip_file_add(z, "word/document.xml", doc, ZIP_FL_OVERWRITE) >= 0;
	if (!ok) {
		zip_source_free(doc);
		zip_discard(z);
		return 0;
	}
	return zip_close(z) == 0;
}

static int write_raw(const char *path, const uint8_t *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	int ok = fwrite(data, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	char path[] = "/tmp/fuzz-docx-XXXXXX.docx";
	int fd = mkstemps(path, 5);
	if (fd < 0)
		return 0;
	close(fd);
	int ok = data[0] & 1 ? write_docx(path, data + 1, size - 1)
			     : write_raw(path, data + 1, size - 1);
	if (ok) {
		cdr_diag d = CDR_DIAG_INIT;
		cdr_doc doc = { 0 };
		cdr_utf8_error bad;
		if (cdr_docx_read(path, &doc, &d) == CDR_OK) {
			if (!doc.text || strlen(doc.text) != doc.len ||
			    !cdr_utf8_validate(doc.text, doc.len, &bad))
				abort(); /* a document must be valid UTF-8 of its length */
			cdr_doc_free(&doc);
		} else if (d.errors == 0) {
			abort(); /* refused without saying why */
		}
		cdr_diag_free(&d);
	}
	unlink(path);
	return 0;
}
