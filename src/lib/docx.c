/*
** docx.c -- Word documents to text (see docx.h): libzip finds word/document.xml in
** the archive and decompresses it as a stream, which libxml2's xmlTextReader parses
** as it comes, so memory stays in proportion to the text, not to the XML.
**
** Hostile archives: the declared size of word/document.xml and its compression
** ratio are checked before anything is decompressed, and the bytes actually
** decompressed are counted, so a header that lies is caught as well.  The XML is
** parsed without network access, entity substitution or DTD loading, and a DOCTYPE
** (which no Word document has) is refused before any entity could be expanded.
** cdr_xml_options() and cdr_xml_refuse_doctype() hold these rules for every XML codeer
** reads (refi_read.c uses them too).  Only word/document.xml is opened: other entries, whatever
*their names
** ("../evil"), are never read or extracted.
*/
#include "config.h"

#include "docx.h"
#include "mem.h"
#include "seg.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#define PART "word/document.xml"

#define W_NS        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS       "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* Paragraphs nest in text boxes; deeper nesting than this is read into the
** innermost paragraph kept. */
#define MAX_NESTED_PARAGRAPHS 16

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_ptr;
#else
typedef xmlErrorPtr xml_error_ptr;
#endif

/* word/document.xml as a stream for libxml2, counting what it hands over. */
typedef struct source {
	zip_file_t *zf;
	size_t fed;        /* bytes handed to the parser so far */
	int over;          /* more than CDR_DOCX_MAX_XML_BYTES */
	cdr_xml_scan scan; /* attributes per element, counted before libxml2 sees them */
	int too_many;      /* an element with more than CDR_XML_MAX_ATTRIBUTES */
	char *zip_error;   /* libzip's message if decompressing failed */
} source;

/* The first error libxml2 reported. */
typedef struct xml_failure {
	int have;
	int line, column;
	char *message;
} xml_failure;

/* What an element is, kept per depth of the element tree. */
enum kind { K_OTHER, K_P, K_R, K_T };

typedef struct parse {
	unsigned char *kinds; /* kinds[depth] of the open elements */
	size_t kinds_cap;
	cdr_buf para[MAX_NESTED_PARAGRAPHS]; /* the text of the open paragraphs */
	int open;                            /* paragraphs open */
	cdr_buf out;                         /* the document text so far */
	int too_big;                         /* 'out' would exceed CDR_DOC_MAX_BYTES */
	cdr_spans lines;                     /* scratch: is a line blank? */
} parse;

static int source_read(void *ctx, char *buf, int len)
{
	source *s = ctx;
	if (len <= 0)
		return 0;
	/* Ask for one byte more than the limit allows, to notice going over it. */
	size_t want = CDR_DOCX_MAX_XML_BYTES + 1 - s->fed;
	if ((size_t)len < want)
		want = (size_t)len;
	zip_int64_t n = zip_fread(s->zf, buf, want);
	if (n < 0) {
		if (!s->zip_error)
			s->zip_error = cdr_xstrdup(zip_error_strerror(zip_file_get_error(s->zf)));
		return -1;
	}
	s->fed += (size_t)n;
	if (s->fed > CDR_DOCX_MAX_XML_BYTES) {
		s->over = 1;
		return -1;
	}
	if (cdr_xml_scan_feed(&s->scan, buf, (size_t)n)) {
		s->too_many = 1;
		return -1;
	}
	return (int)n;
}

static void on_xml_error(void *arg, xml_error_ptr e)
{
	xml_failure *f = arg;
	if (f->have || !e || e->level < XML_ERR_ERROR)
		return;
	f->have = 1;
	f->line = e->line;
	f->column = e->int2;
	const char *m = e->message ? e->message : "unknown error";
	size_t n = strlen(m);
	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	f->message = cdr_xstrndup(m, n);
}

/* Add an error about the file 'path' (no line: positions in a zip mean nothing). */
#define FAIL(d, path, ...)                                                  \
	do {                                                                \
		cdr_diag_pos fail_pos_ = { (path), 0, 0, 0, NULL, 0 };      \
		cdr_diag_add((d), CDR_DIAG_ERROR, &fail_pos_, __VA_ARGS__); \
	} while (0)

/* Add an error about word/document.xml in the archive 'path', named as every entry
** of an archive is in codeer's messages, "FILE.docx(word/document.xml)" (as
** refi_read.c names project.qde), at 'line' and 'column' (0: none). */
static void fail_part(cdr_diag *d, const char *path, size_t line, size_t column, const char *fmt,
		      ...) __attribute__((format(printf, 5, 6)));
static void fail_part(cdr_diag *d, const char *path, size_t line, size_t column, const char *fmt,
		      ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cdr_buf where = CDR_BUF_INIT;
	cdr_buf_printf(&where, "%s(%s)", path, PART);
	cdr_diag_pos pos = { cdr_buf_cstr(&where), line, column, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s", msg);
	cdr_buf_free(&where);
}

static int is_w(const char *ns)
{
	return ns && (strcmp(ns, W_NS) == 0 || strcmp(ns, W_NS_STRICT) == 0);
}

/* Append s[0..n) to the innermost open paragraph (text outside paragraphs is not
** part of any and is dropped). */
static void para_add(parse *p, const char *s, size_t n)
{
	if (p->open > 0)
		cdr_buf_add(&p->para[p->open - 1], s, n);
}

/* Append text from a w:t, with line ends turned into spaces. */
static void para_add_text(parse *p, const char *s)
{
	if (p->open == 0)
		return;
	cdr_buf *b = &p->para[p->open - 1];
	for (const char *run = s;;) {
		size_t n = strcspn(run, "\r\n");
		cdr_buf_add(b, run, n);
		if (!run[n])
			break;
		cdr_buf_addc(b, ' ');
		run += n + 1;
	}
}

/* Close the innermost paragraph: drop its blank lines and, if anything is left,
** append it to the text after a blank line. */
static void para_close(parse *p)
{
	cdr_buf *b = &p->para[--p->open];
	const char *t = cdr_buf_cstr(b);
	size_t added = 0, start = p->out.len;

	for (size_t i = 0; i <= b->len;) {
		size_t eol = i;
		while (eol < b->len && t[eol] != '\n')
			eol++;
		p->lines.count = 0;
		cdr_seg_paragraphs(t + i, eol - i, &p->lines);
		if (p->lines.count > 0) {
			if (added == 0 && start > 0)
				cdr_buf_add(&p->out, "\n\n", 2);
			else if (added > 0)
				cdr_buf_addc(&p->out, '\n');
			cdr_buf_add(&p->out, t + i, eol - i);
			added++;
		}
		i = eol + 1;
	}
	cdr_buf_reset(b);
	if (p->out.len > CDR_DOC_MAX_BYTES)
		p->too_big = 1;
}

/* Handle the start of an element at 'depth'.  Returns 1 if its subtree is to be
** skipped. */
static int element_start(parse *p, xmlTextReaderPtr rd, int depth)
{
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(rd);
	const char *name = (const char *)xmlTextReaderConstLocalName(rd);
	int empty = xmlTextReaderIsEmptyElement(rd) == 1;

	CDR_GROW(p->kinds, p->kinds_cap, (size_t)depth + 1);
	p->kinds[depth] = K_OTHER;
	int parent = depth > 0 ? p->kinds[depth - 1] : K_OTHER;
	if (!name)
		return 0;
	if (ns && strcmp(ns, MC_NS) == 0 && strcmp(name, "Fallback") == 0)
		return !empty;
	if (!is_w(ns))
		return 0;
	if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0)
		return !empty;
	if (strcmp(name, "p") == 0) {
		if (p->open < MAX_NESTED_PARAGRAPHS) {
			cdr_buf_reset(&p->para[p->open++]);
			p->kinds[depth] = K_P;
			if (empty)
				para_close(p);
		}
	} else if (strcmp(name, "r") == 0) {
		p->kinds[depth] = K_R;
	} else if (parent != K_R) {
		return 0;
	} else if (strcmp(name, "t") == 0) {
		p->kinds[depth] = K_T;
	} else if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0) {
		para_add(p, "\t", 1);
	} else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
		para_add(p, "\n", 1);
	} else if (strcmp(name, "noBreakHyphen") == 0) {
		para_add(p, "-", 1);
	} else if (strcmp(name, "softHyphen") == 0) {
		para_add(p, "\xC2\xAD", 2);
	}
	return 0;
}

/* Parse word/document.xml from 'src' into p->out. */
static cdr_rc parse_xml(const char *path, source *src, parse *p, cdr_diag *d)
{
	xml_failure xf = { 0, 0, 0, NULL };
	int options = cdr_xml_options(0);
	xmlInitParser();
	xmlTextReaderPtr rd = xmlReaderForIO(source_read, NULL, src, PART, NULL, options);
	if (!rd) {
		fail_part(d, path, 0, 0, "cannot start parsing");
		return CDR_EINTERNAL;
	}
	xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, &xf);

	cdr_rc rc = CDR_OK;
	int seen_root = 0;
	int r = xmlTextReaderRead(rd);
	while (r == 1 && !p->too_big) {
		int type = xmlTextReaderNodeType(rd);
		int depth = xmlTextReaderDepth(rd);
		int skip = 0;
		if (depth < 0)
			break;
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			fail_part(d, path, 0, 0,
				  "has a DOCTYPE, which no Word document has: refused (its "
				  "entities could expand without bound)");
			rc = CDR_EINPUT;
			goto done;
		case XML_READER_TYPE_ELEMENT:
			if (!seen_root) {
				const char *ns = (const char *)xmlTextReaderConstNamespaceUri(rd);
				const char *name = (const char *)xmlTextReaderConstLocalName(rd);
				seen_root = 1;
				if (!is_w(ns) || !name || strcmp(name, "document") != 0) {
					fail_part(d, path, 0, 0,
						  "not a WordprocessingML document (its root is "
						  "not w:document)");
					rc = CDR_EINPUT;
					goto done;
				}
			}
			skip = element_start(p, rd, depth);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if ((size_t)depth < p->kinds_cap && p->kinds[depth] == K_P && p->open > 0)
				para_close(p);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (depth > 0 && (size_t)depth - 1 < p->kinds_cap &&
			    p->kinds[depth - 1] == K_T) {
				const char *v = (const char *)xmlTextReaderConstValue(rd);
				if (v)
					para_add_text(p, v);
			}
			break;
		default:
			break;
		}
		r = skip ? xmlTextReaderNext(rd) : xmlTextReaderRead(rd);
	}

	if (p->too_big) {
		FAIL(d, path, "the text of the document is larger than codeer's limit of %zu MiB",
		     CDR_DOC_MAX_BYTES >> 20);
		rc = CDR_ELIMIT;
	} else if (src->too_many) {
		cdr_xml_attributes_error(d, path, PART, src->scan.line);
		rc = CDR_ELIMIT;
	} else if (src->over) {
		fail_part(d, path, 0, 0, "larger than codeer's limit of %zu MiB uncompressed",
			  CDR_DOCX_MAX_XML_BYTES >> 20);
		rc = CDR_ELIMIT;
	} else if (src->zip_error) {
		fail_part(d, path, 0, 0, "cannot decompress: %s", src->zip_error);
		rc = CDR_EINPUT;
	} else if (r < 0 || xf.have || !seen_root) {
		if (xf.have)
			fail_part(d, path, xf.line > 0 ? (size_t)xf.line : 0,
				  xf.column > 0 ? (size_t)xf.column : 0, "malformed XML: %s",
				  xf.message);
		else
			fail_part(d, path, 0, 0, "malformed XML");
		rc = CDR_EINPUT;
	}
done:
	xmlFreeTextReader(rd);
	free(xf.message);
	return rc;
}

/* ------------------------------------------------ rules for all XML --- */

int cdr_xml_options(int extra)
{
	int o = extra | XML_PARSE_NONET;
#if LIBXML_VERSION >= 21300
	o |= XML_PARSE_NO_XXE;
#endif
	return o & ~(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID |
		     XML_PARSE_XINCLUDE | XML_PARSE_HUGE);
}

enum scan_state { S_TEXT, S_LT, S_BANG, S_COMMENT, S_CDATA, S_PI, S_DECL, S_END, S_TAG, S_VALUE };

int cdr_xml_scan_feed(cdr_xml_scan *s, const char *buf, size_t n)
{
	static const char cdata[] = "[CDATA[";
	if (s->at_line == 0)
		s->at_line = 1;
	for (size_t i = 0; i < n && !s->line; i++) {
		char c = buf[i];
		if (c == '\n')
			s->at_line++;
		switch (s->state) {
		case S_TEXT:
			if (c == '<')
				s->state = S_LT;
			break;
		case S_LT:
			s->run = 0;
			s->attrs = 0;
			s->state = c == '!' ? S_BANG : c == '?' ? S_PI : c == '/' ? S_END : S_TAG;
			if (s->state == S_TAG && c == '>')
				s->state = S_TEXT;
			break;
		case S_BANG: /* after "<!": a comment, a CDATA section or a declaration */
			if (s->run == 0 && c == '-') {
				s->run = -1;
			} else if (s->run == -1) {
				s->state = c == '-' ? S_COMMENT : c == '>' ? S_TEXT : S_DECL;
				s->run = 0;
			} else if (s->run >= 0 && c == cdata[s->run]) {
				if (++s->run == (int)sizeof cdata - 1) {
					s->state = S_CDATA;
					s->run = 0;
				}
			} else {
				s->state = c == '>' ? S_TEXT : S_DECL;
			}
			break;
		case S_COMMENT: /* ends at "-->" */
			if (c == '>' && s->run >= 2)
				s->state = S_TEXT;
			s->run = c == '-' ? s->run + 1 : 0;
			break;
		case S_CDATA: /* ends at "]]>" */
			if (c == '>' && s->run >= 2)
				s->state = S_TEXT;
			s->run = c == ']' ? s->run + 1 : 0;
			break;
		case S_PI: /* ends at "?>" */
			if (c == '>' && s->run)
				s->state = S_TEXT;
			s->run = c == '?';
			break;
		case S_DECL:
		case S_END:
			if (c == '>')
				s->state = S_TEXT;
			break;
		case S_TAG:
			if (c == '"' || c == '\'') {
				s->quote = c;
				s->state = S_VALUE;
			} else if (c == '=') {
				if (++s->attrs > s->most)
					s->most = s->attrs;
				if (s->attrs > CDR_XML_MAX_ATTRIBUTES)
					s->line = s->at_line;
			} else if (c == '>') {
				s->state = S_TEXT;
			}
			break;
		case S_VALUE:
			if (c == s->quote)
				s->state = S_TAG;
			break;
		}
	}
	return s->line != 0;
}

void cdr_xml_attributes_error(cdr_diag *d, const char *file, const char *part, size_t line)
{
	cdr_buf where = CDR_BUF_INIT;
	if (part)
		cdr_buf_printf(&where, "%s(%s)", file, part);
	else
		cdr_buf_adds(&where, file);
	cdr_diag_pos pos = { cdr_buf_cstr(&where), line, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
		     "an element has more than %d attributes, codeer's limit",
		     CDR_XML_MAX_ATTRIBUTES);
	cdr_buf_free(&where);
}

/* SAX: "<!DOCTYPE name ..." has been read, its internal subset not yet. */
static void on_doctype(void *user, const xmlChar *name, const xmlChar *external_id,
		       const xmlChar *system_id)
{
	(void)name;
	(void)external_id;
	(void)system_id;
	xmlStopParser((xmlParserCtxtPtr)user);
}

void cdr_xml_refuse_doctype(struct _xmlParserCtxt *ctx)
{
	/* libxml2 hands its SAX callbacks the context as user data unless told otherwise;
	** xmlStopParser() makes it read nothing more, with XML_ERR_USER_STOP, which
	** nothing else in codeer causes. */
	ctx->userData = ctx;
	ctx->sax->internalSubset = on_doctype;
}

int cdr_xml_refused_doctype(const struct _xmlParserCtxt *ctx)
{
	return ctx->errNo == XML_ERR_USER_STOP;
}

void cdr_xml_doctype_error(cdr_diag *d, const char *file, const char *part, const char *kind)
{
	cdr_diag_pos pos = { file, 0, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
		     "%s has a DOCTYPE, which no %s has: refused (its entities could expand "
		     "without bound)",
		     part ? part : "the XML", kind);
}

/* Open the archive and word/document.xml in it. */
static cdr_rc open_part(const char *path, zip_t **za_out, zip_file_t **zf_out, cdr_diag *d)
{
	struct stat st_file;
	*za_out = NULL;
	*zf_out = NULL;
	if (stat(path, &st_file) == 0 && S_ISDIR(st_file.st_mode)) {
		FAIL(d, path, "is a directory");
		return CDR_EIO;
	}
	int code = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &code);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, code);
		cdr_rc rc = CDR_EINPUT;
		if (code == ZIP_ER_NOZIP)
			FAIL(d, path, "not a .docx file: %s",
			     "it is not a zip archive (a .docx is one)");
		else if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT ||
			 code == ZIP_ER_SEEK) {
			FAIL(d, path, "cannot open: %s", zip_error_strerror(&ze));
			rc = CDR_EIO;
		} else
			FAIL(d, path, "not a valid .docx file: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}

	zip_int64_t idx = zip_name_locate(za, PART, 0);
	if (idx < 0) {
		if (zip_name_locate(za, "content.xml", 0) >= 0)
			FAIL(d, path,
			     "not a .docx file: no %s in the archive (it looks like an "
			     "OpenDocument file; save it as .docx)",
			     PART);
		else
			FAIL(d, path, "not a .docx file: no %s in the archive", PART);
		zip_close(za);
		return CDR_EINPUT;
	}

	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0) {
		if ((st.valid & ZIP_STAT_SIZE) && st.size > CDR_DOCX_MAX_XML_BYTES) {
			FAIL(d, path,
			     "%s is larger than codeer's limit of %zu MiB uncompressed "
			     "(%llu MiB declared)",
			     PART, CDR_DOCX_MAX_XML_BYTES >> 20,
			     (unsigned long long)(st.size >> 20));
			zip_close(za);
			return CDR_ELIMIT;
		}
		if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
		    st.size > (st.comp_size + 1) * CDR_DOCX_MAX_RATIO) {
			FAIL(d, path,
			     "%s claims %llu bytes from %llu compressed, a ratio no Word "
			     "document has: refused (a forged archive or a zip bomb)",
			     PART, (unsigned long long)st.size, (unsigned long long)st.comp_size);
			zip_close(za);
			return CDR_EINPUT;
		}
	}

	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf) {
		zip_error_t *ze = zip_get_error(za);
		int zc = zip_error_code_zip(ze);
		if (zc == ZIP_ER_NOPASSWD || zc == ZIP_ER_WRONGPASSWD)
			fail_part(d, path, 0, 0,
				  "is encrypted; save the document without a password");
		else
			fail_part(d, path, 0, 0, "cannot open the entry: %s",
				  zip_error_strerror(ze));
		zip_close(za);
		return CDR_EINPUT;
	}
	*za_out = za;
	*zf_out = zf;
	return CDR_OK;
}

cdr_rc cdr_docx_read(const char *path, cdr_doc *doc, cdr_diag *d)
{
	zip_t *za;
	zip_file_t *zf;

	memset(doc, 0, sizeof *doc);
	cdr_rc rc = open_part(path, &za, &zf, d);
	if (rc != CDR_OK)
		return rc;

	source src;
	memset(&src, 0, sizeof src);
	src.zf = zf;
	parse p;
	memset(&p, 0, sizeof p);
	rc = parse_xml(path, &src, &p, d);
	zip_fclose(zf);
	zip_discard(za);

	if (rc == CDR_OK) {
		cdr_utf8_error e;
		const char *t = cdr_buf_cstr(&p.out);
		if (!cdr_utf8_validate(t, p.out.len, &e) || memchr(t, '\0', p.out.len)) {
			fail_part(d, path, 0, 0, "holds text that is not valid UTF-8");
			rc = CDR_EINPUT;
		}
	}
	if (rc == CDR_OK) {
		doc->name = cdr_xstrdup(path);
		doc->len = p.out.len;
		doc->text = cdr_buf_take(&p.out);
		doc->encoding = CDR_ENC_UTF8;
	}
	free(src.zip_error);
	free(p.kinds);
	for (int i = 0; i < MAX_NESTED_PARAGRAPHS; i++)
		cdr_buf_free(&p.para[i]);
	cdr_buf_free(&p.out);
	cdr_spans_free(&p.lines);
	return rc;
}
