/*
** survey.c -- a survey export read as a survey (see survey.h): the sample of the
** first data records and its replay, the Qualtrics header rows, the id column and
** the free-text decision for each column, over the records of the RFC 4180 reader
** (csv.c).
*/
#include "config.h"

#include "survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT_MAX 20 /* distinct values a categorical column may have */

/* What the survey knows of a column besides its name (the reader's). */
typedef struct column {
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

struct cdr_survey {
	cdr_csv *csv;
	int qualtrics;
	column *cols;
	size_t ncols;
	size_t id_col;

	/* the sample: records of ncols NUL-terminated cells, replayed by next() */
	cdr_buf sbuf;
	size_t *soff, *sline;
	size_t scap, nsample, spos, sampled;
	int finished; /* the reader reached the end while sampling */

	/* a sample record handed out */
	const char **cell;
	size_t *len;
	size_t cell_cap;

	size_t row;
};

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

static void decide(cdr_survey *c, size_t j, const stats *s)
{
	column *col = &c->cols[j];
	char *r = col->reason;
	size_t cap = sizeof col->reason;

	col->free_text = 0;
	if (j == c->id_col) {
		snprintf(r, cap, "id column");
	} else if (is_metadata(cdr_csv_column_name(c->csv, j))) {
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

static void analyse(cdr_survey *c)
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

/* Append the reader's record 'r' to the sample: its cells, each followed by a NUL. */
static void sample_add(cdr_survey *c, const cdr_csv_record *r)
{
	size_t cap = c->scap;
	CDR_GROW(c->soff, c->scap, c->nsample + 1);
	if (c->scap != cap) /* sline keeps the capacity of soff */
		c->sline = cdr_xreallocarray(c->sline, c->scap, sizeof *c->sline);
	c->soff[c->nsample] = c->sbuf.len;
	c->sline[c->nsample] = r->line;
	c->nsample++;
	for (size_t j = 0; j < r->count; j++) {
		cdr_buf_add(&c->sbuf, r->cell[j], r->len[j]);
		cdr_buf_addc(&c->sbuf, '\0');
	}
}

static void sample_free(cdr_survey *c)
{
	cdr_buf_free(&c->sbuf);
	free(c->soff);
	free(c->sline);
	c->soff = c->sline = NULL;
	c->scap = c->nsample = c->spos = 0;
}

static const char import_prefix[] = "{\"ImportId\"";

/* Whether sample record k is a row of Qualtrics import ids. */
static int is_import_row(const cdr_survey *c, size_t k)
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

static void take_qualtrics_rows(cdr_survey *c)
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

static cdr_rc read_sample(cdr_survey *c, cdr_diag *d)
{
	int eof = 0, checked = 0;
	while (c->nsample < CDR_SURVEY_SAMPLE_ROWS && c->sbuf.len < CDR_SURVEY_SAMPLE_BYTES) {
		cdr_csv_record r;
		cdr_rc rc = cdr_csv_next(c->csv, &r, &eof, d);
		if (rc != CDR_OK)
			return rc;
		if (eof) {
			c->finished = 1;
			break;
		}
		sample_add(c, &r);
		if (!checked && c->nsample == 2) {
			checked = 1;
			if (is_import_row(c, 1))
				take_qualtrics_rows(c);
		}
	}
	c->sampled = c->nsample;
	return CDR_OK;
}

static size_t find_id_column(const cdr_survey *c)
{
	if (c->qualtrics) {
		size_t j = cdr_csv_find_column(c->csv, "ResponseId");
		if (j != (size_t)-1)
			return j;
	}
	for (size_t j = 0; j < c->ncols; j++) {
		char norm[64];
		norm_name(cdr_csv_column_name(c->csv, j), norm, sizeof norm);
		if (in_list(norm, id_names))
			return j;
	}
	return (size_t)-1;
}

/* ------------------------------------------------------------------- API --- */

cdr_rc cdr_survey_open(const char *path, const cdr_survey_options *opt, cdr_survey **out,
		       cdr_diag *d)
{
	static const cdr_survey_options defaults = { { 0, 0, 0, 0 }, NULL };
	cdr_rc rc;

	*out = NULL;
	if (!opt)
		opt = &defaults;
	cdr_csv *csv = NULL;
	if ((rc = cdr_csv_open(path, &opt->csv, &csv, d)) != CDR_OK)
		return rc;
	cdr_survey *c = cdr_xcalloc(1, sizeof *c);
	c->csv = csv;
	c->ncols = cdr_csv_column_count(csv);
	c->cols = cdr_xcalloc(c->ncols, sizeof *c->cols);
	c->id_col = (size_t)-1;

	if ((rc = read_sample(c, d)) != CDR_OK)
		goto fail;

	if (opt->id_column) {
		c->id_col = cdr_csv_find_column(csv, opt->id_column);
		if (c->id_col == (size_t)-1) {
			cdr_diag_pos pos = {
				cdr_csv_name(csv), cdr_csv_header_line(csv), 0, 0, NULL, 0
			};
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
	cdr_survey_free(c);
	return rc;
}

const cdr_csv *cdr_survey_reader(const cdr_survey *s)
{
	return s->csv;
}

const char *cdr_survey_column_label(const cdr_survey *s, size_t col)
{
	if (col >= s->ncols)
		return NULL;
	return s->cols[col].label ? s->cols[col].label : cdr_csv_column_name(s->csv, col);
}

size_t cdr_survey_id_column(const cdr_survey *s)
{
	return s->id_col;
}

int cdr_survey_is_qualtrics(const cdr_survey *s)
{
	return s->qualtrics;
}

int cdr_survey_is_free_text(const cdr_survey *s, size_t col, const char **reason)
{
	if (col >= s->ncols) {
		if (reason)
			*reason = "no such column";
		return 0;
	}
	if (reason)
		*reason = s->cols[col].reason;
	return s->cols[col].free_text;
}

size_t cdr_survey_sample_rows(const cdr_survey *s)
{
	return s->sampled;
}

/* Point the handed-out cells at the 'ncols' NUL-terminated strings at 'p'. */
static void hand_out(cdr_survey *c, const char *p)
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

cdr_rc cdr_survey_next(cdr_survey *s, cdr_csv_record *rec, int *done, cdr_diag *d)
{
	if (s->spos < s->nsample) {
		memset(rec, 0, sizeof *rec);
		*done = 0;
		hand_out(s, s->sbuf.data + s->soff[s->spos]);
		rec->line = s->sline[s->spos];
		rec->count = s->ncols;
		rec->cell = s->cell;
		rec->len = s->len;
		s->spos++;
	} else {
		if (s->nsample) {
			/* the sample has been handed out: from now on the reader's records */
			sample_free(s);
			free(s->cell);
			free(s->len);
			s->cell = NULL;
			s->len = NULL;
			s->cell_cap = 0;
		}
		if (s->finished) {
			memset(rec, 0, sizeof *rec);
			*done = 1;
			return CDR_OK;
		}
		cdr_rc rc = cdr_csv_next(s->csv, rec, done, d);
		if (rc != CDR_OK || *done)
			return rc;
	}
	rec->row = ++s->row;
	return CDR_OK;
}

size_t cdr_survey_memory(const cdr_survey *s)
{
	return sizeof *s + s->ncols * sizeof *s->cols + s->sbuf.cap + s->scap * 2 * sizeof(size_t) +
	       s->cell_cap * (sizeof(char *) + sizeof(size_t)) + cdr_csv_memory(s->csv);
}

void cdr_survey_free(cdr_survey *s)
{
	if (!s)
		return;
	for (size_t j = 0; j < s->ncols; j++) {
		free(s->cols[j].label);
		free(s->cols[j].import_id);
	}
	free(s->cols);
	sample_free(s);
	free(s->cell);
	free(s->len);
	cdr_csv_free(s->csv);
	free(s);
}

/* ---------------------------------------------------------------- summary --- */

void cdr_survey_choice_describe(const cdr_survey_choice *c, const char *path, cdr_buf *out)
{
	const cdr_survey *s = c->survey;
	const cdr_csv *csv = s->csv;
	char delim[2] = { cdr_csv_delimiter(csv), 0 };
	cdr_buf_printf(out, "%s: %s, delimiter '%s', id column %s; coding", path,
		       s->qualtrics ? "Qualtrics export" : "CSV", delim[0] == '\t' ? "tab" : delim,
		       c->id == (size_t)-1 ? "none (rows are numbered)"
					   : cdr_csv_column_name(csv, c->id));
	for (size_t i = 0; i < c->ntext; i++)
		cdr_buf_printf(out, "%s %s", i ? "," : "", cdr_csv_column_name(csv, c->text[i]));
	if (!c->detected)
		return;
	cdr_buf_printf(out, "\n  (free text, from a sample of %zu rows; not coded:", s->sampled);
	size_t shown = 0;
	for (size_t col = 0; col < s->ncols; col++) {
		const char *why = NULL;
		if (cdr_survey_is_free_text(s, col, &why))
			continue;
		cdr_buf_printf(out, "%s %s (%s)", shown++ ? "," : "", cdr_csv_column_name(csv, col),
			       why ? why : "");
	}
	cdr_buf_adds(out, ")");
}
