/*
** docx.h -- reading a Word document (.docx, Office Open XML) into a cdr_doc.
**
** Only the main part, word/document.xml, is read (headers, footers, footnotes and
** comments are not).  The document's "original text", the text every offset codeer
** reports counts in, is made of its paragraphs (w:p, tables included, in document
** order), joined by "\n\n" so that cdr_seg_paragraphs() sees each Word paragraph as
** exactly one paragraph:
**
** - the text of w:t runs as written, except that a line end inside w:t is a space;
** - w:tab and w:ptab are a tab, w:br and w:cr a line feed, w:noBreakHyphen '-',
**   w:softHyphen U+00AD; w:sym, field codes and deleted text (w:del, w:moveFrom)
**   give nothing;
** - inside a paragraph, lines that hold only white space are dropped, so a run of
**   line breaks is one line feed and a paragraph never contains a blank line;
** - a paragraph with no text but white space (an empty Word paragraph) adds nothing;
** - a paragraph inside another (a text box anchored in a paragraph) comes out as a
**   paragraph of its own, before the paragraph that holds it; of the choices of an
**   mc:AlternateContent only mc:Choice is read (mc:Fallback repeats it).
**
** See doc/transcripts.md.
*/
#ifndef CDR_DOCX_H
#define CDR_DOCX_H

#include "diag.h"
#include "read.h"
#include "status.h"

/* The largest word/document.xml codeer reads, uncompressed, and the largest ratio of
** its uncompressed to its compressed size (deflate cannot exceed about 1032:1; a
** larger claim is a forged or hostile archive). */
#define CDR_DOCX_MAX_XML_BYTES ((size_t)256 << 20)
#define CDR_DOCX_MAX_RATIO     1100

/* Read the .docx file at 'path' into *doc (name: 'path', text: as described above,
** encoding CDR_ENC_UTF8).  Returns CDR_OK; CDR_EIO if the file cannot be opened or
** read; CDR_EINPUT if it is not a zip archive, has no word/document.xml, is
** encrypted, claims an implausible compression ratio or holds malformed XML (the
** diagnostic gives the XML line and column and libxml2's message); CDR_ELIMIT if
** word/document.xml is larger than CDR_DOCX_MAX_XML_BYTES or the text larger than
** CDR_DOC_MAX_BYTES.  Every diagnostic names the file, and one about the part names
** it as "FILE(word/document.xml)" (as every archive entry is named), with libxml2's
** line and column where it gives them.  On failure *doc is left
** empty.  Free with cdr_doc_free(). */
cdr_rc cdr_docx_read(const char *path, cdr_doc *doc, cdr_diag *d);

/* ---- Every XML codeer reads (word/document.xml here; REFI-QDA projects and
** codebooks in refi_read.c) is parsed by these rules, kept in one place. ---- */

struct _xmlParserCtxt;

/* libxml2's options for any XML codeer reads, with 'extra' (such as
** XML_PARSE_NOERROR) added: no network, no external entities, no DTD loading and no
** entity substitution, and libxml2's own size limits left on (never
** XML_PARSE_HUGE).  'extra' must not undo any of that. */
int cdr_xml_options(int extra);

/* Make the parser context 'ctx' refuse a DOCTYPE (for a parse that builds a tree
** with xmlCtxtRead*()): at "<!DOCTYPE name", before its internal subset (where
** entities are declared) is read, the parse stops, and the document is not
** well-formed.  cdr_xml_refused_doctype() then tells this stop from a malformed
** document.  No XML format codeer reads has a DOCTYPE, and only a DOCTYPE can
** declare the entities whose expansion blows a small file up without bound. */
void cdr_xml_refuse_doctype(struct _xmlParserCtxt *ctx);
int cdr_xml_refused_doctype(const struct _xmlParserCtxt *ctx);

/* The most attributes (namespace declarations included) one element of any XML
** codeer reads may have.  libxml2 (2.9) spends time quadratic in an element's
** attributes (it appends each to a list and checks each against the others), so
** more are refused before libxml2 sees them: 200,000 took 48 s.  A Word document's
** root has about 40; no REFI-QDA element has 20. */
#define CDR_XML_MAX_ATTRIBUTES 1000

/* A scan of XML bytes as they come, counting each start tag's attributes (the '='
** outside quoted values; comments, CDATA sections, processing instructions and
** declarations are skipped).  Zero-initialise, then feed the bytes in order in
** pieces of any size. */
typedef struct cdr_xml_scan {
	int state;      /* where in the markup the last byte was */
	int run;        /* dashes, brackets or '?' just seen; bytes of "[CDATA[" matched */
	char quote;     /* the quote that opened the value being read */
	size_t attrs;   /* attributes of the start tag being read */
	size_t most;    /* the most any start tag had so far */
	size_t line;    /* the line of the first tag over the limit (0: none yet) */
	size_t at_line; /* the line being read, from 1 */
} cdr_xml_scan;

/* Feed buf[0..n).  Returns 1 once some start tag has had more than
** CDR_XML_MAX_ATTRIBUTES attributes (s->line says where), else 0. */
int cdr_xml_scan_feed(cdr_xml_scan *s, const char *buf, size_t n);

/* Report that 'file' ('part' in it, if not NULL) has an element with more than
** CDR_XML_MAX_ATTRIBUTES attributes, at line 'line'. */
void cdr_xml_attributes_error(cdr_diag *d, const char *file, const char *part, size_t line);

/* Report that 'part' in 'file' (e.g. "t.qdpx(project.qde)", or a .docx and
** "word/document.xml"; 'part' may be NULL) has a DOCTYPE, which no 'kind' ("Word
** document") has. */
void cdr_xml_doctype_error(cdr_diag *d, const char *file, const char *part, const char *kind);

#endif
