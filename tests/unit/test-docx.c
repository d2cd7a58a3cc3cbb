/*
** test-docx.c -- Word documents to text (paragraphs, tables, breaks, tabs, hyphens,
** text boxes, tracked changes), hostile and broken archives, and speaker turns in
** transcripts.
**
** Fixtures made with LibreOffice are in tests/data/docx (see its README.md), found
** through argv[1], $TOP_SRCDIR or the path of this file; the other documents are
** zipped here with libzip.
*/
#include "config.h"

#include "docx.h"
#include "mem.h"
#include "seg.h"
#include "tap.h"
#include "turns.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

static char tmpdir[4096];
static char fixtures[4096];

static const char *first_message(const cdr_diag *d)
{
	return d->count ? d->items[0].message : "(none)";
}

static int has(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

/* A path in the scratch directory (static buffer, valid until the next call). */
static const char *tmp(const char *name)
{
	static char path[8192];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

typedef struct entry {
	const char *name;
	const char *data;
} entry;

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

/* Write a zip archive holding 'n' entries (deflated). Returns 1 on success. */
static int write_zip(const char *path, const entry *e, size_t n)
{
	int err = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		return 0;
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(za, e[i].data, strlen(e[i].data), 0);
		if (!src || zip_file_add(za, e[i].name, src, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			zip_discard(za);
			return 0;
		}
	}
	return zip_close(za) == 0;
}

/* Write a .docx whose word/document.xml is 'xml'. */
static int write_docx_xml(const char *path, const char *xml)
{
	entry e[] = { { "[Content_Types].xml", content_types }, { "word/document.xml", xml } };
	return write_zip(path, e, 2);
}

#define W_DOC_OPEN                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                \
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/" \
	"main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/"      \
	"2006\"><w:body>"
#define W_DOC_CLOSE "</w:body></w:document>"

/* Write a .docx whose body is 'body'. */
static int write_docx(const char *path, const char *body)
{
	cdr_buf xml = CDR_BUF_INIT;
	cdr_buf_adds(&xml, W_DOC_OPEN);
	cdr_buf_adds(&xml, body);
	cdr_buf_adds(&xml, W_DOC_CLOSE);
	int r = write_docx_xml(path, cdr_buf_cstr(&xml));
	cdr_buf_free(&xml);
	return r;
}

/* Read the whole file at 'path' (NULL if it cannot); *n gets its size. */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	cdr_buf b = CDR_BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		cdr_buf_add(&b, chunk, k);
	fclose(f);
	*n = b.len;
	return (unsigned char *)cdr_buf_take(&b);
}

static int spill(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	int ok = fwrite(data, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

static void put32(unsigned char *p, unsigned long v)
{
	p[0] = v & 0xFF;
	p[1] = (v >> 8) & 0xFF;
	p[2] = (v >> 16) & 0xFF;
	p[3] = (v >> 24) & 0xFF;
}

/* Forge the uncompressed size of entry 'name' in the zip at 'path', in both its
** local and its central header.  Returns the number of headers changed. */
static int forge_size(const char *path, const char *name, unsigned long size)
{
	size_t n, nl = strlen(name);
	int changed = 0;
	unsigned char *z = slurp(path, &n);
	if (!z)
		return 0;
	for (size_t i = 0; i + 46 + nl <= n; i++) {
		if (memcmp(z + i, "PK\3\4", 4) == 0 && z[i + 26] == nl && z[i + 27] == 0 &&
		    memcmp(z + i + 30, name, nl) == 0) {
			put32(z + i + 22, size);
			changed++;
		} else if (memcmp(z + i, "PK\1\2", 4) == 0 && z[i + 28] == nl && z[i + 29] == 0 &&
			   memcmp(z + i + 46, name, nl) == 0) {
			put32(z + i + 24, size);
			changed++;
		}
	}
	if (!spill(path, z, n))
		changed = 0;
	free(z);
	return changed;
}

/* Read the .docx at 'path'; returns the text (owned) or NULL, with rc in *rc. */
static char *docx_text(const char *path, cdr_rc *rc, cdr_diag *d)
{
	cdr_doc doc;
	*rc = cdr_docx_read(path, &doc, d);
	if (*rc != CDR_OK) {
		ok(doc.text == NULL && doc.len == 0, "failure leaves the doc empty (%s)", path);
		return NULL;
	}
	char *t = doc.text;
	doc.text = NULL;
	cdr_doc_free(&doc);
	return t;
}

/* The number of paragraphs cdr_seg_paragraphs finds in t. */
static size_t count_paragraphs(const char *t)
{
	cdr_spans ps = CDR_SPANS_INIT;
	cdr_seg_paragraphs(t, strlen(t), &ps);
	size_t n = ps.count;
	cdr_spans_free(&ps);
	return n;
}

static void test_hand_made(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_rc rc;
	const char *body =
		/* runs join; a tab; tab stops in w:pPr are not text */
		"<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
		"<w:r><w:t>Ge\xC3\xAFnter</w:t></w:r><w:r><w:t>viewde</w:t><w:tab/>"
		"<w:t>nr. 3</w:t></w:r></w:p>"
		/* empty paragraphs, one with only a tab stop, one of blanks */
		"<w:p/><w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
		"</w:p><w:p><w:r><w:t xml:space=\"preserve\">   </w:t><w:tab/></w:r></w:p>"
		/* a line break; two breaks in a row are one; a w:cr */
		"<w:p><w:r><w:t>regel een</w:t><w:br/><w:t>regel twee</w:t><w:br/><w:br/>"
		"<w:t>regel drie</w:t><w:cr/><w:t>regel vier</w:t><w:br/></w:r></w:p>"
		/* soft and non-breaking hyphens, preserved leading blanks, a line end in w:t */
		"<w:p><w:r><w:t xml:space=\"preserve\">  samen</w:t><w:softHyphen/>"
		"<w:t>werking met het RIEC</w:t><w:noBreakHyphen/><w:t>overleg&#10;en&#13;meer"
		"</w:t></w:r></w:p>"
		/* a table: its cell paragraphs in document order */
		"<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>cel A1</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>cel B1</w:t></w:r></w:p><w:p/></w:tc></w:tr>"
		"<w:tr><w:tc><w:p><w:r><w:t>cel A2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		/* tracked changes: deletions give nothing, insertions count */
		"<w:p><w:r><w:t>Wij </w:t></w:r><w:del w:id=\"1\" w:author=\"x\"><w:r>"
		"<w:delText>niet </w:delText><w:tab/></w:r></w:del><w:ins w:id=\"2\" "
		"w:author=\"x\"><w:r><w:t>zeker </w:t></w:r></w:ins><w:r><w:t>wel.</w:t></w:r>"
		"</w:p>"
		/* a text box in mc:AlternateContent: mc:Choice only, as its own paragraph,
		** before the paragraph that anchors it */
		"<w:p><w:r><w:t>Anker</w:t></w:r><w:r><mc:AlternateContent><mc:Choice "
		"Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>In het kader"
		"</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback>"
		"<w:pict><w:txbxContent><w:p><w:r><w:t>In het kader</w:t></w:r></w:p>"
		"</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
		"<w:r><w:t> tekst.</w:t></w:r></w:p>"
		/* an emoji, CDATA, field code not text */
		"<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t><![CDATA[Klaar "
		"\xF0\x9F\x98\x80 <ok>]]></w:t></w:r></w:p>";
	const char *want = "Ge\xC3\xAFnterviewde\tnr. 3\n\n"
			   "regel een\nregel twee\nregel drie\nregel vier\n\n"
			   "  samen\xC2\xADwerking met het RIEC-overleg en meer\n\n"
			   "cel A1\n\ncel B1\n\ncel A2\n\n"
			   "Wij zeker wel.\n\n"
			   "In het kader\n\nAnker tekst.\n\n"
			   "Klaar \xF0\x9F\x98\x80 <ok>";

	ok(write_docx(tmp("hand.docx"), body), "hand-made .docx written");
	char *t = docx_text(tmp("hand.docx"), &rc, &d);
	is_num(rc, CDR_OK, "hand-made .docx read: %s", first_message(&d));
	is_str(t, want, "paragraphs, tables, tabs, breaks, hyphens, tracked changes, text box");
	is_num(t ? count_paragraphs(t) : 0, 10,
	       "cdr_seg_paragraphs sees each non-empty Word paragraph as one paragraph");
	free(t);

	cdr_doc doc;
	rc = cdr_docx_read(tmp("hand.docx"), &doc, &d);
	is_str(doc.name, tmp("hand.docx"), "the doc is named by its path");
	is_num(doc.encoding, CDR_ENC_UTF8, "encoding: UTF-8");
	is_num(doc.len, strlen(want), "len counts bytes of the text");
	is_num(cdr_utf8_count(doc.text, doc.len), cdr_utf8_count(want, strlen(want)),
	       "code points of the text");
	cdr_doc_free(&doc);

	/* The Strict (ISO 29500) namespace; no paragraphs at all. */
	ok(write_docx_xml(tmp("strict.docx"),
			  "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/"
			  "main\"><w:body><w:p><w:r><w:t>strikt</w:t></w:r></w:p></w:body>"
			  "</w:document>"),
	   "strict .docx written");
	t = docx_text(tmp("strict.docx"), &rc, &d);
	is_str(t, "strikt", "Strict OOXML namespace read");
	free(t);
	ok(write_docx(tmp("leeg.docx"), "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"),
	   "empty .docx written");
	t = docx_text(tmp("leeg.docx"), &rc, &d);
	is_num(rc, CDR_OK, "a document of empty paragraphs reads");
	is_str(t, "", "... as empty text");
	free(t);
	/* Text in another namespace's "t" is not Word text. */
	ok(write_docx(tmp("ns.docx"), "<w:p><w:r><x:t xmlns:x=\"urn:x\">nee</x:t><w:t>ja</w:t>"
				      "</w:r></w:p>"),
	   "namespace .docx written");
	t = docx_text(tmp("ns.docx"), &rc, &d);
	is_str(t, "ja", "only w:t in the WordprocessingML namespace is text");
	free(t);
	is_num(d.count, 0, "no diagnostics for good documents");
	cdr_diag_free(&d);
}

/* Expect reading 'path' to fail with 'want_rc' and a message containing 'part'. */
static void fails(const char *path, cdr_rc want_rc, const char *part, const char *what)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_rc rc;
	char *t = docx_text(path, &rc, &d);
	is_num(rc, want_rc, "%s: rc", what);
	ok(d.count >= 1 && d.items[0].severity == CDR_DIAG_ERROR && has(d.items[0].file, path),
	   "%s: an error naming the file", what);
	ok(has(first_message(&d), part), "%s: message says \"%s\": %s", what, part,
	   first_message(&d));
	free(t);
	cdr_diag_free(&d);
}

/* A paragraph whose w:p has 'n' attributes, after a comment, a CDATA section and
** a processing instruction each holding 5,000 '=' (which are no attributes). */
static int write_attributes(const char *path, size_t n)
{
	cdr_buf b = CDR_BUF_INIT, eq = CDR_BUF_INIT;
	for (size_t i = 0; i < 5000; i++)
		cdr_buf_adds(&eq, "a=\"x\" ");
	cdr_buf_printf(&b, "<!-- %s --><w:p><w:r><w:t><![CDATA[%s]]></w:t></w:r></w:p><?pi %s ?>",
		       cdr_buf_cstr(&eq), cdr_buf_cstr(&eq), cdr_buf_cstr(&eq));
	cdr_buf_adds(&b, "<w:p");
	for (size_t i = 0; i < n; i++)
		cdr_buf_printf(&b, " w:a%zu='x'", i);
	cdr_buf_adds(&b, "><w:r><w:t>De samenwerking</w:t></w:r></w:p>");
	int r = write_docx(path, cdr_buf_cstr(&b));
	cdr_buf_free(&b);
	cdr_buf_free(&eq);
	return r;
}

/* libxml2 spends time quadratic in one element's attributes (48 s for 200,000):
** more than CDR_XML_MAX_ATTRIBUTES are refused before it sees them. */
static void test_attributes(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_rc rc;
	ok(write_attributes(tmp("attrs-max.docx"), CDR_XML_MAX_ATTRIBUTES) &&
		   write_attributes(tmp("attrs-over.docx"), CDR_XML_MAX_ATTRIBUTES + 1),
	   "documents with many attributes written");
	char *t = docx_text(tmp("attrs-max.docx"), &rc, &d);
	ok(rc == CDR_OK && t && has(t, "De samenwerking"),
	   "an element with %d attributes is read (and '=' in comments, CDATA and "
	   "instructions are no attributes)",
	   CDR_XML_MAX_ATTRIBUTES);
	free(t);
	cdr_diag_free(&d);
	fails(tmp("attrs-over.docx"), CDR_ELIMIT, "more than 1000 attributes",
	      "an element with one attribute too many");

	/* The scan gives the same answer however the bytes are cut. */
	const char *xml = "<a x='>' y=\"=\"/><!-- = -- = --><?p =?><b\nz=1 q=2>";
	cdr_xml_scan whole, bytes;
	memset(&whole, 0, sizeof whole);
	memset(&bytes, 0, sizeof bytes);
	cdr_xml_scan_feed(&whole, xml, strlen(xml));
	for (size_t i = 0; xml[i]; i++)
		cdr_xml_scan_feed(&bytes, xml + i, 1);
	is_num(whole.most, 2, "the scan counts 2 attributes at most, none in values or comments");
	is_num(bytes.most, 2, "the same fed a byte at a time");
	is_num(bytes.at_line, 2, "and counts lines");
}

static void test_bad_inputs(void)
{
	const char *txt = "I: dit is gewoon tekst\nR: geen zip\n";
	ok(spill(tmp("tekst.docx"), txt, strlen(txt)), "text file named .docx written");
	fails(tmp("tekst.docx"), CDR_EINPUT, "not a zip archive", "a .txt renamed to .docx");
	fails(tmp("bestaat-niet.docx"), CDR_EIO, "cannot open", "a missing file");
	fails(tmpdir, CDR_EIO, "is a directory", "a directory");
	ok(spill(tmp("leeg-bestand.docx"), "", 0), "empty file written");
	fails(tmp("leeg-bestand.docx"), CDR_EINPUT, ".docx", "an empty file");

	entry nodoc[] = { { "[Content_Types].xml", content_types }, { "word/other.xml", "<a/>" } };
	ok(write_zip(tmp("nodoc.docx"), nodoc, 2), "zip without word/document.xml written");
	fails(tmp("nodoc.docx"), CDR_EINPUT, "no word/document.xml", "a zip without the part");
	entry odt[] = { { "mimetype", "application/vnd.oasis.opendocument.text" },
			{ "content.xml", "<office:document-content/>" } };
	ok(write_zip(tmp("odt.docx"), odt, 2), "OpenDocument zip written");
	fails(tmp("odt.docx"), CDR_EINPUT, "OpenDocument", "an .odt renamed to .docx");

	ok(write_docx_xml(tmp("kapot.docx"),
			  W_DOC_OPEN "<w:p><w:r><w:t>open\n</w:r></w:p>" W_DOC_CLOSE),
	   "malformed XML written");
	fails(tmp("kapot.docx"), CDR_EINPUT, "malformed XML: Opening and ending tag mismatch",
	      "mismatched tags");
	{
		/* Named as every archive entry is: FILE.docx(word/document.xml):LINE:COLUMN. */
		cdr_diag d = CDR_DIAG_INIT;
		cdr_rc rc;
		char want[4200];
		snprintf(want, sizeof want, "%s(word/document.xml)", tmp("kapot.docx"));
		free(docx_text(tmp("kapot.docx"), &rc, &d));
		ok(d.count && strcmp(d.items[0].file, want) == 0 && d.items[0].line == 3 &&
			   d.items[0].column > 0,
		   "the error names the entry in the archive, its line and column (%s:%zu:%zu)",
		   d.count ? d.items[0].file : "", d.count ? d.items[0].line : 0,
		   d.count ? d.items[0].column : 0);
		cdr_diag_free(&d);
	}
	ok(write_docx_xml(tmp("afgekapt.docx"), W_DOC_OPEN "<w:p><w:r><w:t>half"),
	   "truncated XML written");
	fails(tmp("afgekapt.docx"), CDR_EINPUT, "malformed XML", "truncated XML");
	ok(write_docx_xml(tmp("leeg-xml.docx"), ""), "empty document.xml written");
	fails(tmp("leeg-xml.docx"), CDR_EINPUT, "malformed XML", "an empty word/document.xml");
	ok(write_docx_xml(tmp("html.docx"), "<html><body><p>geen Word</p></body></html>"),
	   "HTML as document.xml written");
	fails(tmp("html.docx"), CDR_EINPUT, "not a WordprocessingML document",
	      "a root that is not w:document");

	/* Entities: a billion laughs and an external entity are refused at the DOCTYPE. */
	ok(write_docx_xml(tmp("lol.docx"),
			  "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"hahaha\">"
			  "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
			  "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><w:document xmlns:w=\"http://"
			  "schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"
			  "<w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"),
	   "entity expansion .docx written");
	{
		/* libxml2 may stop the expansion itself before codeer sees the DOCTYPE. */
		cdr_diag d = CDR_DIAG_INIT;
		cdr_rc rc;
		char *t = docx_text(tmp("lol.docx"), &rc, &d);
		ok(rc == CDR_EINPUT &&
			   (has(first_message(&d), "DOCTYPE") || has(first_message(&d), "entity")),
		   "nested internal entities: refused: %s", first_message(&d));
		free(t);
		cdr_diag_free(&d);
	}
	ok(write_docx_xml(tmp("ent.docx"),
			  "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY "
			  "a \"hallo\">]><w:document xmlns:w=\"http://"
			  "schemas.openxmlformats.org/wordprocessingml/2006/main\">"
			  "<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body>"
			  "</w:document>"),
	   "internal entity .docx written");
	fails(tmp("ent.docx"), CDR_EINPUT, "DOCTYPE", "an internal entity");
	ok(write_docx_xml(tmp("xxe.docx"),
			  "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "
			  "\"file:///etc/passwd\">]><w:document xmlns:w=\"http://"
			  "schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"
			  "<w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"),
	   "external entity .docx written");
	fails(tmp("xxe.docx"), CDR_EINPUT, "DOCTYPE", "an external entity");

	/* A zip bomb's first sign: a declared size over the limit, checked before any
	** byte is decompressed. */
	ok(write_docx(tmp("bom.docx"), "<w:p><w:r><w:t>klein</w:t></w:r></w:p>"),
	   "bomb .docx written");
	is_num(forge_size(tmp("bom.docx"), "word/document.xml", 300UL << 20), 2,
	       "declared size forged to 300 MiB");
	fails(tmp("bom.docx"), CDR_ELIMIT, "limit of 256 MiB", "a declared size over the limit");
	/* Under the limit, but at a ratio deflate cannot reach. */
	ok(write_docx(tmp("ratio.docx"), "<w:p><w:r><w:t>klein</w:t></w:r></w:p>"),
	   "ratio .docx written");
	is_num(forge_size(tmp("ratio.docx"), "word/document.xml", 100UL << 20), 2,
	       "declared size forged to 100 MiB");
	fails(tmp("ratio.docx"), CDR_EINPUT, "ratio", "an implausible compression ratio");
	/* A declared size smaller than the data: libzip's CRC and size checks. */
	ok(write_docx(tmp("kort.docx"), "<w:p><w:r><w:t>iets langer dan tien</w:t></w:r></w:p>"),
	   "short-size .docx written");
	is_num(forge_size(tmp("kort.docx"), "word/document.xml", 10), 2,
	       "declared size forged to 10 bytes");
	{
		cdr_diag d = CDR_DIAG_INIT;
		cdr_rc rc;
		char *t = docx_text(tmp("kort.docx"), &rc, &d);
		/* libzip 1.7 reads the whole (intact, CRC-checked) stream; others may refuse.
		** Either way no crash, and the bytes read are bounded by our own count. */
		ok((rc == CDR_OK && has(t, "iets langer dan tien")) ||
			   (rc == CDR_EINPUT && d.count >= 1 &&
			    has(d.items[0].file, tmp("kort.docx"))),
		   "a size smaller than the data: read whole, or an input error naming the file: %s",
		   first_message(&d));
		free(t);
		cdr_diag_free(&d);
	}
	/* Corrupt compressed data: every byte after the local header's name flipped. */
	ok(write_docx(tmp("crc.docx"), "<w:p><w:r><w:t>Wij werken samen met de gemeente en "
				       "de politie, en de gemeente werkt samen met ons.</w:t>"
				       "</w:r></w:p>"),
	   "crc .docx written");
	{
		size_t n;
		unsigned char *z = slurp(tmp("crc.docx"), &n);
		size_t at = 0;
		for (size_t i = 0; z && i + 48 < n; i++)
			if (memcmp(z + i, "PK\3\4", 4) == 0 &&
			    memcmp(z + i + 30, "word/document.xml", 17) == 0)
				at = i + 30 + 17 + (size_t)(z[i + 28] | z[i + 29] << 8);
		for (size_t i = at; at && i < at + 40 && i < n; i++)
			z[i] ^= 0x5A;
		ok(at && spill(tmp("crc.docx"), z, n), "compressed data corrupted");
		free(z);
		cdr_diag d = CDR_DIAG_INIT;
		cdr_rc rc;
		char *t = docx_text(tmp("crc.docx"), &rc, &d);
		ok(rc == CDR_EINPUT && d.count >= 1, "corrupt data: an input error: %s",
		   first_message(&d));
		free(t);
		cdr_diag_free(&d);
	}

	/* "../evil" is another entry: only word/document.xml is ever opened, nothing is
	** extracted, so the name is simply ignored. */
	entry evil[] = { { "[Content_Types].xml", content_types },
			 { "../evil", "boos" },
			 { "word/document.xml",
			   W_DOC_OPEN "<w:p><w:r><w:t>braaf</w:t></w:r></w:p>" W_DOC_CLOSE } };
	int written = write_zip(tmp("evil.docx"), evil, 3);
	ok(written, "zip with a '../evil' entry written");
	{
		cdr_diag d = CDR_DIAG_INIT;
		cdr_rc rc;
		char *t = docx_text(tmp("evil.docx"), &rc, &d);
		is_str(t, "braaf", "a '../evil' entry is ignored; the document reads");
		ok(access(tmp("../evil"), F_OK) != 0 && access("../evil", F_OK) != 0,
		   "... and nothing is written outside");
		free(t);
		cdr_diag_free(&d);
	}
}

static void test_fixtures(void)
{
	char path[8192];
	cdr_diag d = CDR_DIAG_INIT;
	cdr_rc rc;

	snprintf(path, sizeof path, "%s/rapport.docx", fixtures);
	char *t = docx_text(path, &rc, &d);
	is_num(rc, CDR_OK, "LibreOffice rapport.docx read: %s", first_message(&d));
	is_str(t,
	       "Versterking van de aanpak van ondermijning\n\n"
	       "In de strijd tegen de georganiseerde ondermijnende criminaliteit scherpen we "
	       "de aanpak steeds verder aan. Daarom is een belangrijk onderdeel het "
	       "voortdurend gezamenlijk met de partners leren, toepassen van "
	       "wetenschappelijke kennis, bijsturen waar nodig en versterken.\n\n"
	       "Het onderzoek is in opdracht van het WODC uitgevoerd door de Universiteit "
	       "Maastricht\nen Erasmus Universiteit Rotterdam.\n\n"
	       "Project\n\nGemeente\n\nGe\xC3\xAFntegreerde aanpak\n\nRotterdam\n\n"
	       "De co\xC3\xB6rdinatie tussen \xC3\xA9\xC3\xA9n gemeente en het RIEC verliep "
	       "goed \xF0\x9F\x98\x80.",
	       "rapport.docx: heading, paragraphs, line break, table, accents, emoji");
	if (t) {
		/* Offsets count code points of this text: "één" after two 2-byte letters. */
		const char *een = strstr(t, "\xC3\xA9\xC3\xA9n gemeente");
		is_num(een ? cdr_utf8_count(t, (size_t)(een - t)) : 0,
		       een ? (size_t)(een - t) - 2 : 1,
		       "code point offset of \"\xC3\xA9\xC3\xA9n\" = bytes - 2 (\xC3\xAF, \xC3\xB6)");
	}
	free(t);
	is_num(d.count, 0, "no diagnostics for the fixtures");
	cdr_diag_free(&d);
}

/* The text of turn 'k', from its start or (from_text) from its text. */
static char *turn_text(const char *t, const cdr_turns *ts, size_t k, int from_text)
{
	if (k >= ts->count)
		return cdr_xstrdup("(no such turn)");
	size_t a = from_text ? ts->v[k].text_start : ts->v[k].start;
	return cdr_xstrndup(t + a, ts->v[k].end - a);
}

static void turn_is(const char *t, const cdr_turns *ts, size_t k, const char *speaker,
		    const char *text, const char *what)
{
	char *got = turn_text(t, ts, k, 1);
	is_str(k < ts->count ? ts->v[k].speaker : "(none)", speaker, "%s: turn %zu speaker", what,
	       k);
	is_str(got, text, "%s: turn %zu text", what, k);
	free(got);
}

static void test_turns_docx(void)
{
	char path[8192];
	cdr_diag d = CDR_DIAG_INIT;
	cdr_rc rc;
	cdr_spans ps = CDR_SPANS_INIT;
	cdr_turns ts = CDR_TURNS_INIT;

	snprintf(path, sizeof path, "%s/interview.docx", fixtures);
	char *t = docx_text(path, &rc, &d);
	is_num(rc, CDR_OK, "interview.docx read: %s", first_message(&d));
	if (!t)
		t = cdr_xstrdup("");
	cdr_seg_paragraphs(t, strlen(t), &ps);
	is_num(ps.count, 12, "interview: 12 paragraphs (blank lines in the .txt gave none)");
	is_num(cdr_turns_find(t, strlen(t), &ps, &ts), 10, "interview: 10 labelled turns");
	is_num(ts.count, 11, "... plus the preamble");
	turn_is(t, &ts, 0, "",
		"Interview 7, gemeente Zuidrand, 14 maart 2023. Transcript, geanonimiseerd.",
		"interview");
	turn_is(t, &ts, 1, "I",
		"Fijn dat u tijd heeft. Kunt u kort vertellen wat uw rol is binnen de "
		"gemeente?",
		"interview");
	turn_is(t, &ts, 4, "R",
		"Wisselend. Het casusoverleg werkt goed, maar de informatie-uitwisseling loopt "
		"vaak vast op privacyregels.\n\nDan wachten we soms maanden op een convenant. "
		"Dat frustreert de mensen op de werkvloer.",
		"interview (an answer of two paragraphs)");
	turn_is(t, &ts, 10, "R", "Graag gedaan.", "interview");
	char *whole = turn_text(t, &ts, 8, 0);
	is_str(whole,
	       "R: E\xC3\xA9n aanspreekpunt en een vaste capaciteit. Nu draait alles op "
	       "de goede wil van een paar mensen.",
	       "interview: a turn's span includes its label");
	free(whole);
	int tiled = ts.count > 0 && ts.v[0].start == ps.v[0].start &&
		    ts.v[ts.count - 1].end == ps.v[ps.count - 1].end;
	for (size_t k = 1; k < ts.count; k++)
		tiled = tiled && ts.v[k].start > ts.v[k - 1].end;
	ok(tiled, "interview: turns cover the paragraphs in order");
	if (ts.count > 8) {
		const char *een = t + ts.v[8].text_start;
		size_t cp = cdr_utf8_count(t, ts.v[8].text_start);
		ok(cp < ts.v[8].text_start &&
			   cdr_utf8_offset(t, strlen(t), cp) == (size_t)(een - t),
		   "interview: text_start converts to a code point offset and back");
	}
	cdr_turns_free(&ts);
	cdr_spans_free(&ps);
	free(t);

	snprintf(path, sizeof path, "%s/focusgroep.docx", fixtures);
	t = docx_text(path, &rc, &d);
	is_num(rc, CDR_OK, "focusgroep.docx read: %s", first_message(&d));
	if (!t)
		t = cdr_xstrdup("");
	cdr_seg_paragraphs(t, strlen(t), &ps);
	is_num(cdr_turns_find(t, strlen(t), &ps, &ts), 6, "focus group: 6 labelled turns");
	is_num(ts.count, 6, "... and no preamble");
	turn_is(t, &ts, 0, "Interviewer (Jan)",
		"Welkom allemaal. Wie wil beginnen over de Wet Bibob?", "focus group");
	turn_is(t, &ts, 1, "Anna de Vries",
		"Ik wil wel. Wij passen Bibob nu ook toe op vastgoed, en dat levert veel op.",
		"focus group");
	turn_is(t, &ts, 5, "Mohamed El Amrani",
		"En de doorlooptijden bij het Landelijk Bureau Bibob zijn lang.", "focus group");
	cdr_turns_free(&ts);
	cdr_spans_free(&ps);
	free(t);
	cdr_diag_free(&d);
}

/* Turns of the text 't'; returns the number of labelled turns, speakers joined
** with '|' in *speakers (owned). */
static size_t turns_of(const char *t, cdr_turns *ts, char **speakers)
{
	cdr_spans ps = CDR_SPANS_INIT;
	cdr_seg_paragraphs(t, strlen(t), &ps);
	size_t n = cdr_turns_find(t, strlen(t), &ps, ts);
	cdr_buf b = CDR_BUF_INIT;
	for (size_t k = 0; k < ts->count; k++) {
		if (k)
			cdr_buf_addc(&b, '|');
		cdr_buf_adds(&b, ts->v[k].speaker);
	}
	*speakers = cdr_buf_take(&b);
	cdr_spans_free(&ps);
	return n;
}

static void test_turns_text(void)
{
	cdr_turns ts = CDR_TURNS_INIT;
	char *sp;

	const char *notes = "Notities overleg RIEC, 3 april\n\n"
			    "Aanwezig: Anna, Jan en Mohamed.\n\n"
			    "Het casusoverleg is besproken. Anna: het duurt te lang.\n\n"
			    "Conclusie: de informatie-uitwisseling moet beter.\n\n"
			    "Actiepunten: Jan stuurt het convenant rond.\n\n"
			    "Conclusie: volgende keer verder.\n";
	is_num(turns_of(notes, &ts, &sp), 0, "notes with 'Conclusie:' twice: not a transcript");
	is_num(ts.count, 6, "... one turn per paragraph");
	is_str(sp, "|||||", "... without speakers");
	ok(ts.count == 6 && ts.v[3].text_start == ts.v[3].start &&
		   strncmp(notes + ts.v[3].start, "Conclusie:", 10) == 0,
	   "... a heading stays in its paragraph's text");
	free(sp);
	cdr_turns_free(&ts);

	const char *once = "Anna: ik begin.\n\nJan: ik reageer.\n\nAnna: ik sluit af.\n";
	is_num(turns_of(once, &ts, &sp), 0, "only one label repeats: not a transcript");
	free(sp);
	cdr_turns_free(&ts);

	const char *memo = "Opmerking: eerste punt.\n\nOpmerking: tweede punt.\n\n"
			   "Tip: derde.\n\nTip: vierde.\n";
	is_num(turns_of(memo, &ts, &sp), 0, "repeated heading words are not speakers");
	free(sp);
	cdr_turns_free(&ts);

	const char *mail = "Van: Anna\n\nAan: Jan\n\nhoi\n\nVan: Jan\n\nAan: Anna\n\nhallo\n";
	is_num(turns_of(mail, &ts, &sp), 0, "forwarded e-mail headers are not speakers");
	free(sp);
	cdr_turns_free(&ts);

	const char *mixed = "Respondent 3: ja.\n\nInterviewer: en toen?\n\n"
			    "Respondent 3: toen niet.\n\nInterviewer: waarom?\n\n"
			    "Ger van Dijk: mag ik iets zeggen?\n\nRespondent 3: graag.\n";
	is_num(turns_of(mixed, &ts, &sp), 6,
	       "a one-time speaker counts once the document is a transcript");
	is_str(sp, "Respondent 3|Interviewer|Respondent 3|Interviewer|Ger van Dijk|Respondent 3",
	       "... speakers as written");
	free(sp);
	cdr_turns_free(&ts);

	const char *crlf = "R:\r\nIk vind van wel.\r\n\r\nI: Waarom?\r\n\r\nR: Daarom.\r\n\r\n"
			   "I: Dank.\r\n";
	is_num(turns_of(crlf, &ts, &sp), 4, "CRLF text; a label on a line of its own");
	ok(ts.count == 4 && strncmp(crlf + ts.v[0].text_start, "Ik vind", 7) == 0,
	   "... the turn's text starts after the line end");
	free(sp);
	cdr_turns_free(&ts);

	cdr_spans none = CDR_SPANS_INIT;
	is_num(cdr_turns_find("", 0, &none, &ts), 0, "no paragraphs: no turns");
	is_num(ts.count, 0, "... and nothing appended");
	cdr_turns_free(&ts);
	cdr_turns_free(NULL);
	ok(1, "cdr_turns_free(NULL) does nothing");
}

static void label_is(const char *s, const char *want, const char *text)
{
	size_t off;
	size_t n = cdr_turns_label(s, strlen(s), &off);
	char *got = n ? cdr_xstrndup(s, n) : cdr_xstrdup("(none)");
	is_str(got, want ? want : "(none)", "label of \"%s\"", s);
	if (want && text)
		is_str(s + off, text, "... its text");
	free(got);
}

static void test_labels(void)
{
	label_is("I: Hoe gaat het?", "I", "Hoe gaat het?");
	label_is("R: Goed.", "R", "Goed.");
	label_is("R3: Ja.", "R3", "Ja.");
	label_is("Interviewer: Vertel.", "Interviewer", "Vertel.");
	label_is("Respondent: Nee.", "Respondent", NULL);
	label_is("Respondent 3: Misschien.", "Respondent 3", "Misschien.");
	label_is("Ge\xC3\xAFnterviewde: Dat klopt.", "Ge\xC3\xAFnterviewde", "Dat klopt.");
	label_is("Interviewer (Jan): Welkom.", "Interviewer (Jan)", "Welkom.");
	label_is("Anna de Vries: Ik denk het.", "Anna de Vries", NULL);
	label_is("Jan-Willem van 't Hek: Zeker.", "Jan-Willem van 't Hek", NULL);
	label_is("J. de Vries: Ja.", "J. de Vries", NULL);
	label_is("Van Dijk: Ja.", "Van Dijk", NULL);
	label_is("\xC3\x89lise: Oui.", "\xC3\x89lise", NULL);
	label_is("R:\xC2\xA0Na een vaste spatie.", "R", "Na een vaste spatie.");
	label_is("Conclusie: de aanpak werkt.", NULL, NULL);
	label_is("CONCLUSIE: de aanpak werkt.", NULL, NULL);
	label_is("Samenvatting: kort.", NULL, NULL);
	label_is("Van: anna@example.nl", NULL, NULL);
	label_is("Om 10:30 begon het gesprek.", NULL, NULL);
	label_is("Anna zegt: nee.", NULL, NULL);
	label_is("Dit is een zin: met een dubbele punt.", NULL, NULL);
	label_is("Een Twee Drie Vier: te veel woorden.", NULL, NULL);
	label_is("R:", NULL, NULL);
	label_is("R:   ", NULL, NULL);
	label_is("R:geen spatie", NULL, NULL);
	label_is("i: kleine letter", NULL, NULL);
	label_is("Respondent 1234: te veel cijfers", NULL, NULL);
	label_is("Interviewer (): lege noot", NULL, NULL);
	label_is("http://example.nl", NULL, NULL);
	label_is("\xC3", NULL, NULL); /* a truncated sequence: no read past the end */
}

int main(int argc, char **argv)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/test-docx-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	const char *top = getenv("TOP_SRCDIR");
	if (argc > 1) {
		snprintf(fixtures, sizeof fixtures, "%s", argv[1]);
	} else if (top && *top) {
		snprintf(fixtures, sizeof fixtures, "%s/tests/data/docx", top);
	} else {
		/* __FILE__ is .../tests/unit/test-docx.c */
		snprintf(fixtures, sizeof fixtures, "%s", __FILE__);
		char *slash = strrchr(fixtures, '/');
		if (slash)
			snprintf(slash, sizeof fixtures - (size_t)(slash - fixtures),
				 "/../data/docx");
		else
			snprintf(fixtures, sizeof fixtures, "../data/docx");
	}

	test_hand_made();
	test_bad_inputs();
	test_attributes();
	test_fixtures();
	test_turns_docx();
	test_turns_text();
	test_labels();

	char cmd[8300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	return tap_done();
}
