/*
** read.c -- loading documents: file I/O, byte order marks, UTF-16 decoding and
** strict UTF-8 validation (see read.h).
*/
#include "config.h"

#include "read.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static cdr_rc read_all(FILE *f, const char *name, cdr_buf *out, cdr_diag *d)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > CDR_DOC_MAX_BYTES) {
			cdr_diag_pos pos = { name, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "file is larger than codeer's limit of %zu MiB for one "
				     "document; split it into smaller files",
				     CDR_DOC_MAX_BYTES >> 20);
			return CDR_ELIMIT;
		}
		cdr_buf_add(out, chunk, n);
	}
	if (ferror(f)) {
		cdr_diag_pos pos = { name, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot read: %s", strerror(errno));
		return CDR_EIO;
	}
	return CDR_OK;
}

FILE *cdr_open_input(const char *path, cdr_rc *rc, cdr_diag *d)
{
	if (strcmp(path, "-") == 0)
		return stdin;
	cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
	FILE *f = fopen(path, "rb");
	*rc = CDR_EIO;
	if (!f) {
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "is a directory");
		return NULL;
	}
	*rc = CDR_OK;
	return f;
}

cdr_rc cdr_doc_read(const char *path, cdr_doc *doc, cdr_diag *d)
{
	memset(doc, 0, sizeof *doc);
	int is_stdin = strcmp(path, "-") == 0;
	const char *shown = is_stdin ? "<stdin>" : path;
	cdr_rc rc = CDR_OK;
	FILE *f = cdr_open_input(path, &rc, d);
	if (!f)
		return rc;
	cdr_buf raw = CDR_BUF_INIT;
	rc = read_all(f, shown, &raw, d);
	if (!is_stdin)
		fclose(f);
	if (rc == CDR_OK)
		rc = cdr_doc_decode(path, cdr_buf_cstr(&raw), raw.len, doc, d);
	cdr_buf_free(&raw);
	return rc;
}

/* Position (line, column) of byte 'off' in the valid UTF-8 prefix t[0..off). */
static void position_of(const char *t, size_t off, size_t *line, size_t *col)
{
	size_t l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)t[i];
		if (ch == '\n' || (ch == '\r' && !(i + 1 < off && t[i + 1] == '\n'))) {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80 && !(ch == '\r')) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static cdr_rc decode_utf16(const char *name, const unsigned char *s, size_t n, int big,
			   cdr_buf *out, cdr_diag *d)
{
	size_t i = 0;
	while (i + 1 < n) {
		unsigned u =
			big ? (unsigned)(s[i] << 8 | s[i + 1]) : (unsigned)(s[i + 1] << 8 | s[i]);
		size_t at = i;
		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
			unsigned lo = big ? (unsigned)(s[i] << 8 | s[i + 1])
					  : (unsigned)(s[i + 1] << 8 | s[i]);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				i += 2;
				cdr_buf_add_cp(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
				continue;
			}
		}
		if ((u >= 0xD800 && u <= 0xDFFF) || u == 0) {
			size_t line, col;
			position_of(cdr_buf_cstr(out), out->len, &line, &col);
			cdr_diag_pos pos = { name, line, col, 0, NULL, 0 };
			if (u == 0)
				cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
					     "NUL character in UTF-16 text: not a text file");
			else
				cdr_diag_add(
					d, CDR_DIAG_ERROR, &pos,
					"invalid UTF-16: unpaired surrogate 0x%04X at byte %zu", u,
					at + 2);
			return CDR_EINPUT;
		}
		cdr_buf_add_cp(out, u);
	}
	if (i < n) {
		size_t line, col;
		position_of(cdr_buf_cstr(out), out->len, &line, &col);
		cdr_diag_pos pos = { name, line, col, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "invalid UTF-16: the file ends in the middle of a character");
		return CDR_EINPUT;
	}
	return CDR_OK;
}

cdr_rc cdr_doc_decode(const char *name, const char *raw, size_t n, cdr_doc *doc, cdr_diag *d)
{
	const unsigned char *s = (const unsigned char *)raw;
	cdr_buf text = CDR_BUF_INIT;

	memset(doc, 0, sizeof *doc);
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		int big = s[0] == 0xFE;
		cdr_rc rc = decode_utf16(name, s + 2, n - 2, big, &text, d);
		if (rc != CDR_OK) {
			cdr_buf_free(&text);
			return rc;
		}
		doc->encoding = big ? CDR_ENC_UTF16BE : CDR_ENC_UTF16LE;
	} else {
		size_t skip = 0;
		doc->encoding = CDR_ENC_UTF8;
		if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
			skip = 3;
			doc->encoding = CDR_ENC_UTF8_BOM;
		}
		cdr_utf8_error e;
		if (!cdr_utf8_validate(raw + skip, n - skip, &e)) {
			cdr_diag_pos pos = { name, e.line, e.column, 1, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "invalid UTF-8: byte 0x%02X cannot stand here", e.byte);
			pos.column = 0;
			cdr_diag_add(d, CDR_DIAG_NOTE, &pos,
				     "codeer reads UTF-8 and UTF-16 with a byte order mark; if "
				     "the file is Windows-1252 or Latin-1, convert it first: "
				     "iconv -f WINDOWS-1252 -t UTF-8");
			return CDR_EINPUT;
		}
		const char *nul = memchr(raw + skip, '\0', n - skip);
		if (nul) {
			size_t line, col;
			position_of(raw + skip, (size_t)(nul - raw) - skip, &line, &col);
			cdr_diag_pos pos = { name, line, col, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "NUL byte in the file: not a text file");
			return CDR_EINPUT;
		}
		cdr_buf_add(&text, raw + skip, n - skip);
	}
	doc->name = cdr_xstrdup(name);
	doc->len = text.len;
	doc->text = cdr_buf_take(&text);
	return CDR_OK;
}

void cdr_doc_from_text(const char *name, const char *t, size_t n, cdr_doc *doc)
{
	doc->name = cdr_xstrdup(name);
	doc->text = cdr_xstrndup(t, n);
	doc->len = n;
	doc->encoding = CDR_ENC_UTF8;
}

void cdr_doc_free(cdr_doc *doc)
{
	free(doc->name);
	free(doc->text);
	memset(doc, 0, sizeof *doc);
}
