/*
** csv.c -- the streaming reader for survey exports (see csv.h): decoding and
** validating the input chunk by chunk, the RFC 4180 state machine, delimiter
** sniffing, Qualtrics header rows, the free-text sample and its replay.
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

#define RAW_CHUNK 65536
#define CAT_MAX   20 /* distinct values a categorical column may have */

enum { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };
enum { GET_EOF = -1, GET_ERR = -2 };

typedef struct column {
	char *name;
	char *label;     /* Qualtrics question text, or NULL */
	char *import_id; /* Qualtrics import id, or NULL */
	int free_text;
	char reason[80];
} column;

/* A trimmed value seen in the sample. */
typedef struct span {
	const char *p;
	size_t n;
} span;

struct cdr_csv {
	FILE *f;
	int own; /* close f when done (not stdin) */
	char *name;
	char delim;
	int lenient;
	int no_quotes;
	size_t max_record;
	int qualtrics;

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

	column *cols;
	size_t ncols;
	size_t id_col;

	/* the sample: records of ncols NUL-terminated cells, replayed by next() */
	cdr_buf sbuf;
	size_t *soff, *sline;
	size_t scap, nsample, spos, sampled;

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

/* -------------------------------------------------------------- free text --- */

static int is_space(unsigned char b)
{
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v';
}

static int is_digit(unsigned char b)
{
	return b >= '0' && b <= '9';
}

static int lower(unsigned char b)
{
	return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
}

static span trim(const char *p, size_t n)
{
	while (n && is_space((unsigned char)p[0])) {
		p++;
		n--;
	}
	while (n && is_space((unsigned char)p[n - 1]))
		n--;
	span s = { p, n };
	return s;
}

static size_t digits(const char *p, size_t n, size_t i)
{
	size_t k = i;
	while (k < n && is_digit((unsigned char)p[k]))
		k++;
	return k - i;
}

/* 12, -2.5, 3,5, 1.234,56, 1e6, 12% */
static int is_number(span v)
{
	const char *p = v.p;
	size_t n = v.n, i = 0, k;

	if (i < n && (p[i] == '+' || p[i] == '-'))
		i++;
	if (i < n && (p[i] == '.' || p[i] == ','))
		i++;
	if ((k = digits(p, n, i)) == 0)
		return 0;
	i += k;
	while (i + 1 < n && (p[i] == '.' || p[i] == ',') && is_digit((unsigned char)p[i + 1]))
		i += 1 + digits(p, n, i + 1);
	if (i + 1 < n && (p[i] == 'e' || p[i] == 'E')) {
		size_t e = i + 1;
		if (e < n && (p[e] == '+' || p[e] == '-'))
			e++;
		if ((k = digits(p, n, e)) > 0)
			i = e + k;
	}
	if (i < n && p[i] == ' ' && i + 1 < n && p[i + 1] == '%')
		i++;
	if (i < n && p[i] == '%')
		i++;
	return i == n;
}

/* hh:mm or hh:mm:ss[.fff] at p[i..); returns the end, or 0 if there is none. */
static size_t time_at(const char *p, size_t n, size_t i)
{
	size_t k = digits(p, n, i);
	if (k < 1 || k > 2 || i + k >= n || p[i + k] != ':')
		return 0;
	i += k + 1;
	if (digits(p, n, i) != 2)
		return 0;
	i += 2;
	if (i < n && p[i] == ':' && digits(p, n, i + 1) == 2) {
		i += 3;
		if (i < n && (p[i] == '.' || p[i] == ',') && digits(p, n, i + 1) > 0)
			i += 1 + digits(p, n, i + 1);
	}
	return i;
}

/* 2021-05-03, 3-5-2021, 03/05/2021, 3.5.21, each optionally with a time; or a time. */
static int is_date(span v)
{
	const char *p = v.p;
	size_t n = v.n, i = 0;
	size_t a = digits(p, n, 0);

	if (a >= 1 && a <= 2 && a < n && p[a] == ':')
		return time_at(p, n, 0) == n;
	if (a < 1 || a > 4 || a >= n)
		return 0;
	char sep = p[a];
	if (sep != '-' && sep != '/' && sep != '.')
		return 0;
	i = a + 1;
	size_t b = digits(p, n, i);
	if (b < 1 || b > 2 || i + b >= n || p[i + b] != sep)
		return 0;
	i += b + 1;
	size_t y = digits(p, n, i);
	if (y < 1 || y > 4 || (a == 4 && y > 2) || (a < 4 && y != 2 && y != 4))
		return 0;
	i += y;
	if (i < n && (p[i] == ' ' || p[i] == 'T')) {
		size_t t = time_at(p, n, i + 1);
		if (!t)
			return 0;
		i = t;
		if (i < n && p[i] == 'Z')
			i++;
	}
	return i == n;
}

static int is_yesno(span v)
{
	static const char *const words[] = { "ja",   "nee",    "yes", "no", "true", "false",
					     "waar", "onwaar", "j",   "n",  "y" };
	char low[8];
	if (v.n == 0 || v.n >= sizeof low)
		return 0;
	for (size_t i = 0; i < v.n; i++)
		low[i] = (char)lower((unsigned char)v.p[i]);
	low[v.n] = '\0';
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(low, words[i]) == 0)
			return 1;
	return 0;
}

/* Whether 'v' has two or more words: runs of non-space characters with a letter
** (an ASCII letter or any non-ASCII character). */
static int is_multiword(span v)
{
	size_t words = 0;
	int in_word = 0, letter = 0;
	for (size_t i = 0; i <= v.n; i++) {
		unsigned char b = i < v.n ? (unsigned char)v.p[i] : ' ';
		if (is_space(b)) {
			if (in_word && letter && ++words >= 2)
				return 1;
			in_word = letter = 0;
			continue;
		}
		in_word = 1;
		if ((lower(b) >= 'a' && lower(b) <= 'z') || b >= 0x80)
			letter = 1;
	}
	return 0;
}

/* 's' lower-cased, keeping only ASCII letters and digits; truncated to 'cap'. */
static void norm_name(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	for (; *s && k + 1 < cap; s++) {
		unsigned char b = (unsigned char)lower((unsigned char)*s);
		if ((b >= 'a' && b <= 'z') || is_digit(b))
			out[k++] = (char)b;
	}
	out[k] = '\0';
}

static int in_list(const char *norm, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(norm, *list) == 0)
			return 1;
	return 0;
}

static const char *const metadata_names[] = { "startdate",
					      "enddate",
					      "status",
					      "ipaddress",
					      "progress",
					      "durationinseconds",
					      "finished",
					      "recordeddate",
					      "responseid",
					      "recipientlastname",
					      "recipientfirstname",
					      "recipientemail",
					      "externalreference",
					      "externaldatareference",
					      "locationlatitude",
					      "locationlongitude",
					      "distributionchannel",
					      "userlanguage",
					      "responseset",
					      "emailaddress",
					      "recordid",
					      "collectorid",
					      "respondentid",
					      "startdatum",
					      "einddatum",
					      NULL };

static const char *const id_names[] = { "responseid",       "respondentid", "respondent", "id",
					"respondentnummer", "respondentnr", "respnr",     NULL };

static int is_metadata(const char *name)
{
	char norm[64];
	size_t n = strlen(name);
	norm_name(name, norm, sizeof norm);
	if (in_list(norm, metadata_names))
		return 1;
	if (n >= 2 && lower((unsigned char)name[0]) == 'q' && name[1] == '_')
		return 1; /* Q_RecaptchaScore, Q_TotalDuration, Q_RelevantIDDuplicate ... */
	return n >= 3 && strcmp(name + n - 3, "_DO") == 0; /* display order */
}

typedef struct stats {
	size_t n, number, date, yesno, multi, ndistinct;
	span *distinct; /* up to CAT_MAX + 1 */
} stats;

static void count_value(stats *s, span v)
{
	if (v.n == 0)
		return;
	s->n++;
	if (is_date(v))
		s->date++;
	else if (is_number(v))
		s->number++;
	else if (is_yesno(v))
		s->yesno++;
	if (is_multiword(v))
		s->multi++;
	if (s->ndistinct > CAT_MAX)
		return;
	for (size_t i = 0; i < s->ndistinct; i++)
		if (s->distinct[i].n == v.n && memcmp(s->distinct[i].p, v.p, v.n) == 0)
			return;
	s->distinct[s->ndistinct++] = v;
}

static int qualtrics_choice(const column *col)
{
	const char *id = col->import_id;
	size_t n = id ? strlen(id) : 0;
	return n > 3 && strncmp(id, "QID", 3) == 0 && is_digit((unsigned char)id[3]) &&
	       !(n >= 5 && strcmp(id + n - 5, "_TEXT") == 0);
}

static int qualtrics_text(const column *col)
{
	const char *id = col->import_id;
	size_t n = id ? strlen(id) : 0;
	return n > 5 && strcmp(id + n - 5, "_TEXT") == 0;
}

static void decide(cdr_csv *c, size_t j, const stats *s)
{
	column *col = &c->cols[j];
	char *r = col->reason;
	size_t cap = sizeof col->reason;

	col->free_text = 0;
	if (j == c->id_col) {
		snprintf(r, cap, "id column");
	} else if (is_metadata(col->name)) {
		snprintf(r, cap, "survey metadata");
	} else if (c->qualtrics && qualtrics_choice(col)) {
		snprintf(r, cap, "Qualtrics choice question (%s)", col->import_id);
	} else if (s->n == 0) {
		if (c->qualtrics && qualtrics_text(col)) {
			col->free_text = 1;
			snprintf(r, cap, "Qualtrics text entry (no answers in the sample)");
		} else {
			snprintf(r, cap, "no values in the first %zu rows", c->nsample);
		}
	} else if (s->number == s->n) {
		snprintf(r, cap, "numbers");
	} else if (s->date == s->n) {
		snprintf(r, cap, "dates");
	} else if (s->yesno == s->n) {
		snprintf(r, cap, "yes/no values");
	} else if (s->number + s->date + s->yesno == s->n) {
		snprintf(r, cap, "numbers, dates and yes/no values");
	} else if (s->ndistinct <= CAT_MAX && 2 * s->ndistinct <= s->n) {
		snprintf(r, cap, "categorical: %zu distinct values", s->ndistinct);
	} else if (2 * s->multi >= s->n) {
		col->free_text = 1;
		snprintf(r, cap, "multi-word text in %zu%% of %zu values", s->multi * 100 / s->n,
			 s->n);
	} else {
		snprintf(r, cap, "short values: multi-word in %zu%% of %zu", s->multi * 100 / s->n,
			 s->n);
	}
}

static void analyse(cdr_csv *c)
{
	stats *st = cdr_xcalloc(c->ncols, sizeof *st);
	span *pool = cdr_xcalloc(c->ncols * (CAT_MAX + 1), sizeof *pool);

	for (size_t j = 0; j < c->ncols; j++)
		st[j].distinct = pool + j * (CAT_MAX + 1);
	for (size_t k = 0; k < c->nsample; k++) {
		const char *p = c->sbuf.data + c->soff[k];
		for (size_t j = 0; j < c->ncols; j++) {
			size_t n = strlen(p);
			count_value(&st[j], trim(p, n));
			p += n + 1;
		}
	}
	for (size_t j = 0; j < c->ncols; j++)
		decide(c, j, &st[j]);
	free(pool);
	free(st);
}

/* ------------------------------------------------------- sample, Qualtrics --- */

static void sample_add(cdr_csv *c)
{
	CDR_GROW(c->soff, c->scap, c->nsample + 1);
	c->sline = cdr_xreallocarray(c->sline, c->scap, sizeof *c->sline);
	c->soff[c->nsample] = c->sbuf.len;
	c->sline[c->nsample] = c->rec_line;
	c->nsample++;
	cdr_buf_add(&c->sbuf, c->rec.data, c->rec.len);
}

static void sample_free(cdr_csv *c)
{
	cdr_buf_free(&c->sbuf);
	free(c->soff);
	free(c->sline);
	c->soff = c->sline = NULL;
	c->scap = c->nsample = c->spos = 0;
}

static const char import_prefix[] = "{\"ImportId\"";

/* Whether sample record k is a row of Qualtrics import ids. */
static int is_import_row(const cdr_csv *c, size_t k)
{
	const char *p = c->sbuf.data + c->soff[k];
	size_t seen = 0;
	for (size_t j = 0; j < c->ncols; j++) {
		size_t n = strlen(p);
		if (n) {
			if (strncmp(p, import_prefix, sizeof import_prefix - 1) != 0)
				return 0;
			seen++;
		}
		p += n + 1;
	}
	return seen > 0;
}

/* QID1_TEXT from {"ImportId":"QID1_TEXT"}, or NULL. */
static char *import_id(const char *cell)
{
	const char *p = cell + sizeof import_prefix - 1;
	while (*p == ' ')
		p++;
	if (*p++ != ':')
		return NULL;
	while (*p == ' ')
		p++;
	if (*p++ != '"')
		return NULL;
	const char *end = strchr(p, '"');
	return end ? cdr_xstrndup(p, (size_t)(end - p)) : NULL;
}

static void take_qualtrics_rows(cdr_csv *c)
{
	const char *q = c->sbuf.data + c->soff[0];
	const char *ids = c->sbuf.data + c->soff[1];
	for (size_t j = 0; j < c->ncols; j++) {
		size_t nq = strlen(q), ni = strlen(ids);
		if (nq)
			c->cols[j].label = cdr_xstrdup(q);
		if (ni)
			c->cols[j].import_id = import_id(ids);
		q += nq + 1;
		ids += ni + 1;
	}
	c->qualtrics = 1;
	sample_free(c);
}

static cdr_rc read_sample(cdr_csv *c, cdr_diag *d)
{
	int eof = 0, checked = 0;
	while (c->nsample < CDR_CSV_SAMPLE_ROWS && c->sbuf.len < CDR_CSV_SAMPLE_BYTES) {
		cdr_rc rc = take_record(c, &eof, d);
		if (rc != CDR_OK)
			return rc;
		if (eof) {
			c->finished = 1;
			break;
		}
		sample_add(c);
		if (!checked && c->nsample == 2) {
			checked = 1;
			if (is_import_row(c, 1))
				take_qualtrics_rows(c);
		}
	}
	c->sampled = c->nsample;
	return CDR_OK;
}

static size_t find_id_column(const cdr_csv *c)
{
	if (c->qualtrics) {
		size_t j = cdr_csv_find_column(c, "ResponseId");
		if (j != (size_t)-1)
			return j;
	}
	for (size_t j = 0; j < c->ncols; j++) {
		char norm[64];
		norm_name(c->cols[j].name, norm, sizeof norm);
		if (in_list(norm, id_names))
			return j;
	}
	return (size_t)-1;
}

/* ------------------------------------------------------------------- API --- */

cdr_rc cdr_csv_open(const char *path, const cdr_csv_options *opt, cdr_csv **out, cdr_diag *d)
{
	static const cdr_csv_options defaults = { 0, 0, 0, NULL, 0 };
	int is_stdin = strcmp(path, "-") == 0;
	cdr_rc rc;
	int eof;

	*out = NULL;
	if (!opt)
		opt = &defaults;
	if (opt->delimiter && opt->delimiter != ',' && opt->delimiter != ';' &&
	    opt->delimiter != '\t') {
		cdr_diag_add(d, CDR_DIAG_ERROR, NULL,
			     "the delimiter must be a comma, a semicolon or a tab");
		return CDR_EINPUT;
	}
	cdr_rc open_rc = CDR_OK;
	FILE *f = cdr_open_input(path, &open_rc, d);
	if (!f)
		return open_rc;

	cdr_csv *c = cdr_xcalloc(1, sizeof *c);
	c->f = f;
	c->own = !is_stdin;
	c->name = cdr_xstrdup(is_stdin ? "<stdin>" : path);
	c->lenient = opt->lenient;
	c->no_quotes = opt->no_quotes;
	c->max_record = opt->max_record ? opt->max_record : CDR_CSV_MAX_RECORD;
	c->line = c->col = 1;
	c->id_col = (size_t)-1;

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

	if (opt->delimiter)
		c->delim = opt->delimiter;
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
	size_t header_line = c->rec_line;
	c->ncols = c->ncells;
	c->cols = cdr_xcalloc(c->ncols, sizeof *c->cols);
	for (size_t j = 0; j < c->ncols; j++)
		c->cols[j].name = cdr_xstrndup(c->rec.data + c->off[j], c->clen[j]);

	if ((rc = read_sample(c, d)) != CDR_OK)
		goto fail;

	if (opt->id_column) {
		c->id_col = cdr_csv_find_column(c, opt->id_column);
		if (c->id_col == (size_t)-1) {
			cdr_diag_pos pos = { c->name, header_line, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "no column named \"%s\" for the id column", opt->id_column);
			rc = CDR_EINPUT;
			goto fail;
		}
	} else {
		c->id_col = find_id_column(c);
	}
	analyse(c);
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
	return col < c->ncols ? c->cols[col].name : NULL;
}

const char *cdr_csv_column_label(const cdr_csv *c, size_t col)
{
	if (col >= c->ncols)
		return NULL;
	return c->cols[col].label ? c->cols[col].label : c->cols[col].name;
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
		if (strcmp(c->cols[j].name, name) == 0)
			return j;
	for (size_t j = 0; j < c->ncols; j++)
		if (equal_nocase(c->cols[j].name, name))
			return j;
	return (size_t)-1;
}

size_t cdr_csv_id_column(const cdr_csv *c)
{
	return c->id_col;
}

int cdr_csv_is_qualtrics(const cdr_csv *c)
{
	return c->qualtrics;
}

char cdr_csv_delimiter(const cdr_csv *c)
{
	return c->delim;
}

int cdr_csv_is_free_text(const cdr_csv *c, size_t col, const char **reason)
{
	if (col >= c->ncols) {
		if (reason)
			*reason = "no such column";
		return 0;
	}
	if (reason)
		*reason = c->cols[col].reason;
	return c->cols[col].free_text;
}

size_t cdr_csv_sample_rows(const cdr_csv *c)
{
	return c->sampled;
}

/* Point the handed-out cells at the 'ncols' NUL-terminated strings at 'p'. */
static void hand_out(cdr_csv *c, const char *p)
{
	size_t cap = c->cell_cap;
	CDR_GROW(c->cell, c->cell_cap, c->ncols);
	if (c->cell_cap != cap) /* len keeps the capacity of cell */
		c->len = cdr_xreallocarray(c->len, c->cell_cap, sizeof *c->len);
	for (size_t j = 0; j < c->ncols; j++) {
		size_t n = strlen(p);
		c->cell[j] = p;
		c->len[j] = n;
		p += n + 1;
	}
}

cdr_rc cdr_csv_next(cdr_csv *c, cdr_csv_record *rec, int *done, cdr_diag *d)
{
	memset(rec, 0, sizeof *rec);
	*done = 0;
	if (c->failed)
		return c->failed;
	if (c->spos < c->nsample) {
		hand_out(c, c->sbuf.data + c->soff[c->spos]);
		rec->line = c->sline[c->spos];
		c->spos++;
	} else {
		if (c->nsample)
			sample_free(c); /* the last sample record has been replaced */
		int eof = 0;
		if (!c->finished) {
			cdr_rc rc = take_record(c, &eof, d);
			if (rc != CDR_OK) {
				c->failed = rc;
				return rc;
			}
		}
		if (c->finished || eof) {
			c->finished = 1;
			*done = 1;
			return CDR_OK;
		}
		hand_out(c, c->rec.data);
		rec->line = c->rec_line;
	}
	rec->row = ++c->row;
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
	       c->cell_cap * (sizeof(char *) + sizeof(size_t)) + c->sbuf.cap +
	       c->scap * 2 * sizeof(size_t);
}

void cdr_csv_free(cdr_csv *c)
{
	if (!c)
		return;
	if (c->own && c->f)
		fclose(c->f);
	for (size_t j = 0; j < c->ncols; j++) {
		free(c->cols[j].name);
		free(c->cols[j].label);
		free(c->cols[j].import_id);
	}
	free(c->cols);
	free(c->name);
	cdr_buf_free(&c->in);
	cdr_buf_free(&c->rec);
	free(c->off);
	free(c->clen);
	free(c->cell);
	free(c->len);
	sample_free(c);
	free(c);
}
