/*
** csv.c -- the streaming RFC 4180 reader (see csv.h): decoding and validating the
** input chunk by chunk, the record state machine, delimiter sniffing, the header
** and the records after it.  What a survey makes of the records (Qualtrics rows,
** the id column, free text, the sample) is survey.c.
**
** Layers, from the file up:
**   raw     fread() chunks of RAW_CHUNK bytes; UTF-16 is decoded to UTF-8 here, an
**           unfinished code unit or surrogate pair is carried to the next chunk;
**   in      the decoded bytes not yet consumed (one chunk, except while sniffing);
**   getb()  one byte at a time, validating UTF-8 and tracking line and column;
**   take_run()  the fast path: a run of ordinary bytes of a cell at once (below);
**   read_record()  one record into 'rec' (cells separated by NUL bytes).
**
** The fast path.  Most bytes of a survey export are plain text inside a cell: no
** quote, delimiter, line end or NUL, and valid UTF-8.  For those getb() would do
** nothing but count a column and append the byte, so read_record() hands the
** longest such run at the front of 'in' to take_run(), which validates it, counts
** its code points and appends it with one copy.  A run never includes a byte that
** needs a decision (see ordinary_ascii()), a line end, an invalid or incomplete UTF-8
** sequence or a byte of the next chunk; such a byte ends the run and getb() reads it
** as before, so records, cells, errors and their positions are those of the
** byte-at-a-time reader.
*/
#include "config.h"

#include "csv.h"
#include "read.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RAW_CHUNK 65536

enum { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };
enum { GET_EOF = -1, GET_ERR = -2 };

struct cdr_csv {
	FILE *f;
	int own; /* close f when done (not stdin) */
	char *name;
	char delim;
	int lenient;
	int no_quotes;
	size_t max_record;

	/* input */
	int enc;
	int eof;              /* fread() has returned 0 */
	int pending;          /* a decoding error follows the bytes in 'in' */
	char pending_msg[96]; /* ... saying this */
	unsigned char raw[RAW_CHUNK];
	size_t raw_len; /* undecoded bytes at the start of raw (UTF-16 only) */
	cdr_buf in;
	size_t in_pos;

	/* position of the next byte, and of the byte getb() returned last */
	size_t line, col;
	int after_cr;
	size_t b_line, b_col;

	/* UTF-8 validation: continuation bytes still expected, and their range */
	int need;
	unsigned char lo, hi, lead;
	size_t lead_line, lead_col;

	/* the record being read */
	cdr_buf rec;    /* cell bytes, each cell followed by a NUL */
	size_t *off;    /* off[i]: start of cell i in rec */
	size_t *clen;   /* clen[i]: its length */
	size_t off_cap; /* capacity of off and clen */
	size_t ncells;  /* cells stored */
	size_t total;   /* cells seen (more than stored when over the limit) */
	size_t cell_start;
	size_t rec_bytes; /* bytes of all cells, stored or not */
	size_t rec_line;

	/* the record handed out */
	const char **cell;
	size_t *len;
	size_t cell_cap;

	char **names; /* the header's cells, 'ncols' of them */
	size_t ncols;
	size_t header_line;

	size_t row;
	size_t skipped;
	int finished;
	cdr_rc failed;
};

/* ------------------------------------------------------------------ input --- */

static void fail_at(cdr_csv *c, cdr_diag *d, size_t line, size_t col, const char *msg)
{
	cdr_diag_pos pos = { c->name, line, col, col ? 1 : 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s", msg);
}

static unsigned utf16_unit(const unsigned char *s, int big)
{
	return big ? (unsigned)(s[0] << 8 | s[1]) : (unsigned)(s[1] << 8 | s[0]);
}

/* Decode raw[0..raw_len + n) onto 'in'; keep an unfinished unit or pair in raw. */
static void decode(cdr_csv *c, size_t n)
{
	size_t total = c->raw_len + n, i = 0;
	unsigned char *s = c->raw;
	int big = c->enc == ENC_UTF16BE;

	if (c->enc == ENC_UTF8) {
		cdr_buf_add(&c->in, s, total);
		c->raw_len = 0;
		return;
	}
	while (i + 1 < total) {
		unsigned u = utf16_unit(s + i, big);
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 3 >= total)
				break; /* the low half is in the next chunk */
			unsigned lo = utf16_unit(s + i + 2, big);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cdr_buf_add_cp(&c->in,
					       0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
				i += 4;
				continue;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF) {
			c->pending = 1;
			snprintf(c->pending_msg, sizeof c->pending_msg,
				 "invalid UTF-16: unpaired surrogate 0x%04X", u);
			c->raw_len = 0;
			return;
		}
		cdr_buf_add_cp(&c->in, u);
		i += 2;
	}
	memmove(s, s + i, total - i);
	c->raw_len = total - i;
}

/* Read and decode the next chunk onto 'in', first dropping the consumed bytes.
** Returns 1 if something was read (possibly no complete character), 0 at the end
** of the input or at a decoding error (c->pending), -1 on a read error. */
static int fill_raw(cdr_csv *c, cdr_rc *rc, cdr_diag *d)
{
	if (c->eof || c->pending)
		return 0;
	if (c->in_pos > 0) {
		memmove(c->in.data, c->in.data + c->in_pos, c->in.len - c->in_pos);
		c->in.len -= c->in_pos;
		c->in_pos = 0;
	}
	size_t n = fread(c->raw + c->raw_len, 1, RAW_CHUNK - c->raw_len, c->f);
	if (n == 0) {
		if (ferror(c->f)) {
			cdr_diag_pos pos = { c->name, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot read: %s", strerror(errno));
			*rc = CDR_EIO;
			return -1;
		}
		c->eof = 1;
		if (c->raw_len >= 2) {
			c->pending = 1;
			snprintf(c->pending_msg, sizeof c->pending_msg,
				 "invalid UTF-16: unpaired surrogate 0x%04X",
				 utf16_unit(c->raw, c->enc == ENC_UTF16BE));
		} else if (c->raw_len) {
			c->pending = 1;
			snprintf(c->pending_msg, sizeof c->pending_msg,
				 "invalid UTF-16: the file ends in the middle of a character");
		}
		return 0;
	}
	decode(c, n);
	return 1;
}

static int bad_utf8(cdr_csv *c, cdr_diag *d, cdr_rc *rc)
{
	cdr_diag_pos pos = { c->name, c->lead_line, c->lead_col, 1, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "invalid UTF-8: byte 0x%02X cannot stand here",
		     c->lead);
	pos.column = 0;
	cdr_diag_add(d, CDR_DIAG_NOTE, &pos,
		     "codeer reads UTF-8 and UTF-16 with a byte order mark; if the file is "
		     "Windows-1252 or Latin-1, convert it first: iconv -f WINDOWS-1252 -t UTF-8");
	*rc = CDR_EINPUT;
	return GET_ERR;
}

/* The number of continuation bytes (1..3) that the UTF-8 lead byte 'b' (>= 0x80)
** announces, with *lo..*hi the range of the first of them (the others are 80..BF:
** this excludes overlong forms, surrogates and code points above U+10FFFF); 0 if 'b'
** cannot start a sequence. */
static int utf8_lead(unsigned char b, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF)
		return 1;
	if (b >= 0xE0 && b <= 0xEF) {
		if (b == 0xE0)
			*lo = 0xA0;
		else if (b == 0xED)
			*hi = 0x9F;
		return 2;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		if (b == 0xF0)
			*lo = 0x90;
		else if (b == 0xF4)
			*hi = 0x8F;
		return 3;
	}
	return 0;
}

/* The length of the valid UTF-8 sequence that starts with the byte s[0] (>= 0x80)
** and ends within s[0..avail); 0 if it is invalid or goes on past 'avail' (getb()
** reads those byte by byte, reporting an error where there is one). */
static size_t utf8_sequence(const unsigned char *s, size_t avail)
{
	unsigned char lo, hi;
	size_t need = (size_t)utf8_lead(s[0], &lo, &hi);
	if (need == 0 || need >= avail || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= need; k++)
		if (s[k] < 0x80 || s[k] > 0xBF)
			return 0;
	return need + 1;
}

/* The next byte of valid UTF-8 text (0..255), GET_EOF at the end, or GET_ERR with
** *rc set and a diagnostic.  c->b_line and c->b_col are the byte's position. */
static int getb(cdr_csv *c, cdr_diag *d, cdr_rc *rc)
{
	while (c->in_pos == c->in.len) {
		if (c->pending) {
			fail_at(c, d, c->line, c->col, c->pending_msg);
			*rc = CDR_EINPUT;
			return GET_ERR;
		}
		int r = fill_raw(c, rc, d);
		if (r < 0)
			return GET_ERR;
		if (r == 0 && !c->pending) {
			/* A sequence cut short by the end blames its lead byte. */
			if (c->need)
				return bad_utf8(c, d, rc);
			return GET_EOF;
		}
	}
	unsigned char b = (unsigned char)c->in.data[c->in_pos++];
	c->b_line = c->line;
	c->b_col = c->col;
	if (c->need) {
		if (b < c->lo || b > c->hi)
			return bad_utf8(c, d, rc);
		c->lo = 0x80;
		c->hi = 0xBF;
		c->need--;
		return b;
	}
	if (b < 0x80) {
		if (b == '\n') {
			if (!c->after_cr)
				c->line++;
			c->col = 1;
			c->after_cr = 0;
		} else if (b == '\r') {
			c->line++;
			c->col = 1;
			c->after_cr = 1;
		} else if (b == 0) {
			fail_at(c, d, c->b_line, c->b_col, "NUL byte in the file: not a text file");
			*rc = CDR_EINPUT;
			return GET_ERR;
		} else {
			c->col++;
			c->after_cr = 0;
		}
		return b;
	}
	c->after_cr = 0;
	c->lead = b;
	c->lead_line = c->b_line;
	c->lead_col = c->b_col;
	c->need = utf8_lead(b, &c->lo, &c->hi);
	if (c->need == 0)
		return bad_utf8(c, d, rc);
	c->col++;
	return b;
}

/* Whether 'b' is an ordinary byte of a field whose special character is 'special'
** (the delimiter in an unquoted field, the quote in a quoted one): ASCII, and not
** 'special', a line end or NUL, which getb() and read_record() have to see. */
static int ordinary_ascii(unsigned char b, unsigned char special)
{
	return b < 0x80 && b != special && b != '\n' && b != '\r' && b != '\0';
}

#define ONES  UINT64_C(0x0101010101010101) /* 0x01 in each byte of a uint64_t */
#define HIGHS UINT64_C(0x8080808080808080) /* the high bit of each byte */

/* Nonzero if and only if one of the eight bytes of 'w' is zero (the classic bit
** trick: w - ONES sets the high bit of a zero byte, & ~w drops the bytes that had it
** set already; a borrow may flag a byte above a zero byte, never one without). */
static uint64_t has_zero_byte(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/* Whether all eight bytes at 's' are ordinary_ascii() for 'special'. */
static int ordinary_ascii8(const unsigned char *s, unsigned char special)
{
	uint64_t w;
	memcpy(&w, s, sizeof w);
	uint64_t stops = (w & HIGHS) | has_zero_byte(w) | has_zero_byte(w ^ ('\n' * ONES)) |
			 has_zero_byte(w ^ ('\r' * ONES)) | has_zero_byte(w ^ (special * ONES));
	return stops == 0;
}

/* The length in bytes of the run of ordinary text at the front of 'in': the bytes
** of this chunk up to the first that is not ordinary_ascii() for 'special' and does
** not start a complete, valid UTF-8 sequence.  *chars is its length in code points. */
static size_t ordinary_run(const cdr_csv *c, unsigned char special, size_t *chars)
{
	const unsigned char *s = (const unsigned char *)c->in.data + c->in_pos;
	size_t avail = c->in.len - c->in_pos, i = 0, continuation = 0;

	for (;;) {
		while (avail - i >= 8 && ordinary_ascii8(s + i, special))
			i += 8;
		while (i < avail && ordinary_ascii(s[i], special))
			i++;
		if (i == avail || s[i] < 0x80)
			break;
		size_t n = utf8_sequence(s + i, avail - i);
		if (n == 0)
			break;
		i += n;
		continuation += n - 1;
	}
	*chars = i - continuation;
	return i;
}

/* ---------------------------------------------------------------- records --- */

static const char *delim_name(char delim)
{
	return delim == '\t' ? "tab" : delim == ';' ? "semicolon" : "comma";
}

static void limit_text(size_t n, char *out, size_t cap)
{
	if (n % ((size_t)1 << 20) == 0)
		snprintf(out, cap, "%zu MiB", n >> 20);
	else
		snprintf(out, cap, "%zu bytes", n);
}

/* End the current cell: store its offset and length and its NUL if it is one of
** the first 'keep' cells, and count it. */
static void end_cell(cdr_csv *c, size_t keep)
{
	if (c->total < keep) {
		size_t cap = c->off_cap;
		CDR_GROW(c->off, c->off_cap, c->ncells + 1);
		if (c->off_cap != cap) /* clen keeps the capacity of off */
			c->clen = cdr_xreallocarray(c->clen, c->off_cap, sizeof *c->clen);
		c->off[c->ncells] = c->cell_start;
		c->clen[c->ncells] = c->rec.len - c->cell_start;
		c->ncells++;
		cdr_buf_addc(&c->rec, '\0');
		c->cell_start = c->rec.len;
	}
	c->total++;
}

/* Report that the record has grown past c->max_record bytes; 'qline' > 0 if it is
** inside the quoted field opened at qline:qcol.  Returns CDR_ELIMIT. */
static cdr_rc record_too_large(cdr_csv *c, size_t qline, size_t qcol, cdr_diag *d)
{
	char lim[64];
	limit_text(c->max_record, lim, sizeof lim);
	cdr_diag_pos pos = { c->name, c->rec_line, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
		     "record is larger than the limit of %s; raise it with --max-record", lim);
	if (qline) {
		cdr_diag_pos q = { c->name, qline, qcol, 1, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_NOTE, &q,
			     "the record is still inside the quoted field opened here; is its "
			     "closing quote missing?");
	}
	return CDR_ELIMIT;
}

/* Consume the run of ordinary text at the front of 'in' (see ordinary_run(); 'special'
** is the quote or the delimiter) as getb() and read_record() would byte by byte: count
** its columns, add it to the current cell if that is stored, count it against
** max_record.  Returns CDR_OK, or CDR_ELIMIT from record_too_large(). */
static cdr_rc take_run(cdr_csv *c, unsigned char special, size_t keep, size_t qline, size_t qcol,
		       cdr_diag *d)
{
	size_t chars, n = ordinary_run(c, special, &chars);
	if (n == 0)
		return CDR_OK;
	c->rec_bytes += n;
	if (c->rec_bytes > c->max_record)
		return record_too_large(c, qline, qcol, d);
	if (c->total < keep)
		cdr_buf_add(&c->rec, c->in.data + c->in_pos, n);
	c->in_pos += n;
	c->col += chars;
	c->after_cr = 0;
	return CDR_OK;
}

/* Read one record into c->rec, storing at most 'keep' cells but counting all of them
** in c->total.  *eof is 1 if the input ended before a record started. */
static cdr_rc read_record(cdr_csv *c, size_t keep, int *eof, cdr_diag *d)
{
	enum { START, PLAIN, QUOTED, CLOSED } st = START;
	cdr_rc rc = CDR_OK;
	size_t qline = 0, qcol = 0;
	int any = 0;

	*eof = 0;
	cdr_buf_reset(&c->rec);
	c->ncells = c->total = c->cell_start = c->rec_bytes = 0;
	for (;;) {
		/* Inside a field, between characters: the fast path first. */
		if ((st == PLAIN || st == QUOTED) && c->need == 0) {
			rc = st == QUOTED ? take_run(c, '"', keep, qline, qcol, d)
					  : take_run(c, (unsigned char)c->delim, keep, 0, 0, d);
			if (rc != CDR_OK)
				return rc;
		}
		int b = getb(c, d, &rc);
		if (b == GET_ERR)
			return rc;
		if (!any) {
			if (b == GET_EOF) {
				*eof = 1;
				return CDR_OK;
			}
			if (b == '\n' || b == '\r')
				continue; /* a blank line is no record */
			any = 1;
			c->rec_line = c->b_line;
		}
		int line_end = b == '\n' || b == '\r' || b == GET_EOF;
		switch (st) {
		case START:
			if (b == '"' && !c->no_quotes) {
				st = QUOTED;
				qline = c->b_line;
				qcol = c->b_col;
				continue;
			}
			/* fall through */
		case PLAIN:
			if (b == c->delim) {
				end_cell(c, keep);
				st = START;
				continue;
			}
			if (line_end) {
				end_cell(c, keep);
				return CDR_OK;
			}
			st = PLAIN; /* a quote here is kept as it is */
			break;
		case QUOTED:
			if (b == GET_EOF) {
				fail_at(c, d, qline, qcol,
					"unterminated quoted field: this quote is never closed");
				return CDR_EINPUT;
			}
			if (b == '"') {
				st = CLOSED;
				continue;
			}
			break;
		case CLOSED:
			if (b == '"') {
				st = QUOTED; /* "" stands for one quote */
				break;
			}
			if (b == c->delim) {
				end_cell(c, keep);
				st = START;
				continue;
			}
			if (line_end) {
				end_cell(c, keep);
				return CDR_OK;
			}
			fail_at(c, d, c->b_line, c->b_col,
				"unexpected character after the closing quote of a field; a quote "
				"inside a quoted field must be doubled (\"\")");
			if (qline != c->b_line) {
				cdr_diag_pos q = { c->name, qline, qcol, 1, NULL, 0 };
				cdr_diag_add(d, CDR_DIAG_NOTE, &q,
					     "the quoted field began here; is a quote missing?");
			}
			return CDR_EINPUT;
		}
		/* b is a byte of the current cell */
		if (++c->rec_bytes > c->max_record)
			return record_too_large(c, st == QUOTED ? qline : 0, qcol, d);
		if (c->total < keep)
			cdr_buf_addc(&c->rec, (char)b);
	}
}

/* Read the next data record: skip (lenient) or reject records with too many cells,
** pad those with too few. */
static cdr_rc take_record(cdr_csv *c, int *eof, cdr_diag *d)
{
	for (;;) {
		cdr_rc rc = read_record(c, c->ncols + 1, eof, d);
		if (rc != CDR_OK || *eof)
			return rc;
		if (c->total > c->ncols) {
			cdr_diag_pos pos = { c->name, c->rec_line, 0, 0, NULL, 0 };
			if (!c->lenient) {
				cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
					     "record has %zu cells, but the header has %zu columns",
					     c->total, c->ncols);
				cdr_diag_add(d, CDR_DIAG_NOTE, &pos,
					     "a value holding the delimiter (%s) must be in double "
					     "quotes; --lenient skips such records",
					     delim_name(c->delim));
				return CDR_EINPUT;
			}
			if (++c->skipped <= CDR_CSV_SKIP_WARNINGS)
				cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
					     "record has %zu cells, but the header has %zu "
					     "columns: skipped",
					     c->total, c->ncols);
			continue;
		}
		while (c->ncells < c->ncols)
			end_cell(c, c->ncols);
		return CDR_OK;
	}
}

/* --------------------------------------------------------------- sniffing --- */

/* Choose the delimiter from the first record, reading (not consuming) as much input
** as that takes. */
static cdr_rc sniff(cdr_csv *c, cdr_diag *d)
{
	size_t n_tab = 0, n_semi = 0, n_comma = 0;
	size_t j = c->in_pos;
	int inq = 0, any = 0;
	cdr_rc rc = CDR_OK;

	for (;;) {
		if (j == c->in.len) {
			size_t rel = j - c->in_pos;
			if (rel > c->max_record)
				break;
			int r = fill_raw(c, &rc, d);
			if (r < 0)
				return rc;
			j = c->in_pos + rel;
			if (r == 0)
				break;
			continue;
		}
		unsigned char b = (unsigned char)c->in.data[j++];
		if (!inq && (b == '\n' || b == '\r')) {
			if (any)
				break;
			continue;
		}
		any = 1;
		if (b == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (b == '\t')
			n_tab++;
		else if (b == ';')
			n_semi++;
		else if (b == ',')
			n_comma++;
	}
	if (n_tab && n_tab >= n_semi && n_tab >= n_comma)
		c->delim = '\t';
	else if (n_semi && n_semi >= n_comma)
		c->delim = ';';
	else
		c->delim = ',';
	return CDR_OK;
}

/* Excel writes "sep=;" (or another separator) as a first line when asked to: it
** names the delimiter and is no header.  Consumes it (so that line numbers stay
** those of the file) and sets *delim; otherwise leaves the input as it is. */
static cdr_rc excel_sep(cdr_csv *c, char *delim, cdr_diag *d)
{
	if (!c->in.data) /* nothing decoded: an empty file, or a byte order mark alone */
		return CDR_OK;
	const char *p = c->in.data + c->in_pos;
	size_t left = c->in.len - c->in_pos;
	if (left < 5 || strncasecmp(p, "sep=", 4) != 0 ||
	    (p[4] != ',' && p[4] != ';' && p[4] != '\t') ||
	    (left > 5 && p[5] != '\n' && p[5] != '\r'))
		return CDR_OK;
	cdr_rc rc = CDR_OK;
	*delim = p[4];
	for (int i = 0; i < 5; i++)
		if (getb(c, d, &rc) == GET_ERR)
			return rc;
	if (c->in_pos < c->in.len && c->in.data[c->in_pos] == '\r' && getb(c, d, &rc) == GET_ERR)
		return rc;
	if (c->in_pos < c->in.len && c->in.data[c->in_pos] == '\n' && getb(c, d, &rc) == GET_ERR)
		return rc;
	return CDR_OK;
}

/* ------------------------------------------------------------------- API --- */

static const cdr_csv_options defaults = { 0, 0, 0, 0 };

static int bad_delimiter(const cdr_csv_options *opt, cdr_diag *d)
{
	if (opt->delimiter && opt->delimiter != ',' && opt->delimiter != ';' &&
	    opt->delimiter != '\t') {
		cdr_diag_add(d, CDR_DIAG_ERROR, NULL,
			     "the delimiter must be a comma, a semicolon or a tab");
		return 1;
	}
	return 0;
}

static cdr_rc open_stream(FILE *f, int own, const char *name, const cdr_csv_options *opt,
			  cdr_csv **out, cdr_diag *d);

cdr_rc cdr_csv_open(const char *path, const cdr_csv_options *opt, cdr_csv **out, cdr_diag *d)
{
	int is_stdin = strcmp(path, "-") == 0;
	*out = NULL;
	if (!opt)
		opt = &defaults;
	if (bad_delimiter(opt, d))
		return CDR_EINPUT;
	cdr_rc open_rc = CDR_OK;
	FILE *f = cdr_open_input(path, &open_rc, d);
	if (!f)
		return open_rc;
	return open_stream(f, !is_stdin, is_stdin ? "<stdin>" : path, opt, out, d);
}

cdr_rc cdr_csv_open_text(const char *name, const char *t, size_t len, const cdr_csv_options *opt,
			 cdr_csv **out, cdr_diag *d)
{
	*out = NULL;
	if (!opt)
		opt = &defaults;
	if (bad_delimiter(opt, d))
		return CDR_EINPUT;
	if (len == 0) {
		cdr_diag_pos pos = { name, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "the file is empty: no header line");
		return CDR_EINPUT;
	}
	FILE *f = fmemopen((void *)(uintptr_t)t, len, "r");
	if (!f) {
		cdr_diag_pos pos = { name, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot read: %s", strerror(errno));
		return CDR_EIO;
	}
	return open_stream(f, 1, name, opt, out, d);
}

/* The reader of 'f' (closed by cdr_csv_free when 'own'), named 'name'. */
static cdr_rc open_stream(FILE *f, int own, const char *name, const cdr_csv_options *opt,
			  cdr_csv **out, cdr_diag *d)
{
	cdr_rc rc;
	int eof;

	cdr_csv *c = cdr_xcalloc(1, sizeof *c);
	c->f = f;
	c->own = own;
	c->name = cdr_xstrdup(name);
	c->lenient = opt->lenient;
	c->no_quotes = opt->no_quotes;
	c->max_record = opt->max_record ? opt->max_record : CDR_CSV_MAX_RECORD;
	c->line = c->col = 1;

	/* The byte order mark decides the encoding. */
	size_t n = fread(c->raw, 1, RAW_CHUNK, f);
	if (n == 0 && ferror(f)) {
		cdr_diag_pos pos = { c->name, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot read: %s", strerror(errno));
		rc = CDR_EIO;
		goto fail;
	}
	size_t skip = 0;
	if (n >= 2 && c->raw[0] == 0xFF && c->raw[1] == 0xFE) {
		c->enc = ENC_UTF16LE;
		skip = 2;
	} else if (n >= 2 && c->raw[0] == 0xFE && c->raw[1] == 0xFF) {
		c->enc = ENC_UTF16BE;
		skip = 2;
	} else if (n >= 3 && c->raw[0] == 0xEF && c->raw[1] == 0xBB && c->raw[2] == 0xBF) {
		skip = 3;
	}
	memmove(c->raw, c->raw + skip, n - skip);
	decode(c, n - skip);

	char sep = 0;
	if ((rc = excel_sep(c, &sep, d)) != CDR_OK)
		goto fail;
	if (opt->delimiter)
		c->delim = opt->delimiter;
	else if (sep)
		c->delim = sep;
	else if ((rc = sniff(c, d)) != CDR_OK)
		goto fail;

	/* The header. */
	if ((rc = read_record(c, CDR_CSV_MAX_COLUMNS, &eof, d)) != CDR_OK)
		goto fail;
	if (eof) {
		cdr_diag_pos pos = { c->name, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "the file is empty: no header line");
		rc = CDR_EINPUT;
		goto fail;
	}
	if (c->total > CDR_CSV_MAX_COLUMNS) {
		cdr_diag_pos pos = { c->name, c->rec_line, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "the header has %zu columns; codeer reads at most %d", c->total,
			     CDR_CSV_MAX_COLUMNS);
		rc = CDR_ELIMIT;
		goto fail;
	}
	c->header_line = c->rec_line;
	c->ncols = c->ncells;
	c->names = cdr_xcalloc(c->ncols, sizeof *c->names);
	for (size_t j = 0; j < c->ncols; j++)
		c->names[j] = cdr_xstrndup(c->rec.data + c->off[j], c->clen[j]);
	*out = c;
	return CDR_OK;
fail:
	cdr_csv_free(c);
	return rc;
}

size_t cdr_csv_column_count(const cdr_csv *c)
{
	return c->ncols;
}

const char *cdr_csv_column_name(const cdr_csv *c, size_t col)
{
	return col < c->ncols ? c->names[col] : NULL;
}

static int lower(unsigned char b)
{
	return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
}

static int equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

size_t cdr_csv_find_column(const cdr_csv *c, const char *name)
{
	for (size_t j = 0; j < c->ncols; j++)
		if (strcmp(c->names[j], name) == 0)
			return j;
	for (size_t j = 0; j < c->ncols; j++)
		if (equal_nocase(c->names[j], name))
			return j;
	return (size_t)-1;
}

char cdr_csv_delimiter(const cdr_csv *c)
{
	return c->delim;
}

const char *cdr_csv_name(const cdr_csv *c)
{
	return c->name;
}

size_t cdr_csv_header_line(const cdr_csv *c)
{
	return c->header_line;
}

/* Point the handed-out cells at the record just read (c->rec, 'ncols' cells). */
static void hand_out(cdr_csv *c)
{
	size_t cap = c->cell_cap;
	CDR_GROW(c->cell, c->cell_cap, c->ncols);
	if (c->cell_cap != cap) /* len keeps the capacity of cell */
		c->len = cdr_xreallocarray(c->len, c->cell_cap, sizeof *c->len);
	for (size_t j = 0; j < c->ncols; j++) {
		c->cell[j] = c->rec.data + c->off[j];
		c->len[j] = c->clen[j];
	}
}

cdr_rc cdr_csv_next(cdr_csv *c, cdr_csv_record *rec, int *done, cdr_diag *d)
{
	memset(rec, 0, sizeof *rec);
	*done = 0;
	if (c->failed)
		return c->failed;
	if (!c->finished) {
		int eof = 0;
		cdr_rc rc = take_record(c, &eof, d);
		if (rc != CDR_OK) {
			c->failed = rc;
			return rc;
		}
		c->finished = eof;
	}
	if (c->finished) {
		*done = 1;
		return CDR_OK;
	}
	hand_out(c);
	rec->row = ++c->row;
	rec->line = c->rec_line;
	rec->count = c->ncols;
	rec->cell = c->cell;
	rec->len = c->len;
	return CDR_OK;
}

size_t cdr_csv_skipped(const cdr_csv *c)
{
	return c->skipped;
}

size_t cdr_csv_memory(const cdr_csv *c)
{
	return sizeof *c + c->in.cap + c->rec.cap + c->off_cap * 2 * sizeof(size_t) +
	       c->cell_cap * (sizeof(char *) + sizeof(size_t));
}

void cdr_csv_free(cdr_csv *c)
{
	if (!c)
		return;
	if (c->own && c->f)
		fclose(c->f);
	for (size_t j = 0; j < c->ncols; j++)
		free(c->names[j]);
	free(c->names);
	free(c->name);
	cdr_buf_free(&c->in);
	cdr_buf_free(&c->rec);
	free(c->off);
	free(c->clen);
	free(c->cell);
	free(c->len);
	free(c);
}
