/*
** source.c -- the inputs of a command as a stream of documents (see source.h).
**
** cdr_source_open() lists the inputs (walking directories); cdr_source_next() is a
** small state machine over them: it opens the next input when the current one is
** used up, and for a survey, a JSON Lines file or a project yields its documents
** one by one.  What an item points to lives in the source until the next call.
*/
#include "config.h"

#include "source.h"
#include "mem.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* A directory on the path of the walk, for finding loops when links are followed. */
typedef struct walk_dir {
	dev_t dev;
	ino_t ino;
	const struct walk_dir *up;
} walk_dir;

struct cdr_source {
	cdr_source_options opt;
	char **paths; /* the inputs, directories walked */
	size_t count, cap;
	size_t next; /* the next input to open */
	int failed;  /* an error ended the stream */
	cdr_source_stats stats;

	/* The input being read, if it yields several documents. */
	cdr_input_kind kind; /* CDR_INPUT_UNKNOWN: none */
	const char *path;
	cdr_doc doc; /* the current text document or project source */
	cdr_buf source;
	char rowid[32];

	/* A survey export. */
	cdr_survey *survey;
	const cdr_csv *csv; /* its reader: the header */
	cdr_survey_choice choice;
	size_t *text_cols, *case_cols;
	const char **values;
	cdr_csv_record rec;
	size_t cell; /* the next of choice.text to yield from 'rec' */
	int have_rec;

	/* JSON Lines. */
	FILE *file;
	char *line;
	size_t line_cap, line_no;
	char **owned; /* case values, 'opt.ncase' of them */

	/* A project. */
	cdr_qdpx_source *sources;
	size_t nsources, source_i;
};

/* ---------------------------------------------------------------- listing --- */

static void add_path(cdr_source *s, const char *path)
{
	CDR_GROW(s->paths, s->cap, s->count + 1);
	s->paths[s->count++] = cdr_xstrdup(path);
}

/* In a directory: the files codeer reads as documents. */
static int is_document_name(const char *name)
{
	cdr_input_kind k = cdr_input_kind_of(name);
	return strchr(name, '.') && (k == CDR_INPUT_TEXT || k == CDR_INPUT_DOCX);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int on_path(const walk_dir *w, const struct stat *st)
{
	for (; w; w = w->up)
		if (w->dev == st->st_dev && w->ino == st->st_ino)
			return 1;
	return 0;
}

/* Add the documents under directory 'dir' (whose identity is 'here'), sorted by
** name.  Links are counted in *links unless followed.  Returns CDR_OK or CDR_EIO
** with an error. */
static cdr_rc add_directory(cdr_source *s, const char *dir, const walk_dir *here, size_t *links,
			    cdr_diag *d)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		cdr_diag_pos pos = { dir, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot open directory: %s", strerror(errno));
		return CDR_EIO;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		CDR_GROW(names, cap, n + 1);
		names[n++] = cdr_xstrdup(de->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);

	cdr_rc rc = CDR_OK;
	cdr_buf p = CDR_BUF_INIT;
	size_t dl = strlen(dir);
	for (size_t i = 0; i < n; i++) {
		cdr_buf_reset(&p);
		cdr_buf_add(&p, dir, dl);
		if (dl && dir[dl - 1] != '/')
			cdr_buf_addc(&p, '/');
		cdr_buf_adds(&p, names[i]);
		struct stat st;
		if (rc == CDR_OK && lstat(cdr_buf_cstr(&p), &st) == 0) {
			if (S_ISLNK(st.st_mode)) {
				if (!s->opt.follow_links || stat(cdr_buf_cstr(&p), &st) != 0) {
					++*links;
					goto next;
				}
			}
			if (S_ISDIR(st.st_mode)) {
				if (on_path(here, &st)) {
					cdr_diag_pos pos = { cdr_buf_cstr(&p), 0, 0, 0, NULL, 0 };
					cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
						     "a link back to a directory above it; not "
						     "followed again");
					goto next;
				}
				walk_dir sub = { st.st_dev, st.st_ino, here };
				rc = add_directory(s, cdr_buf_cstr(&p), &sub, links, d);
			} else if (S_ISREG(st.st_mode) && is_document_name(names[i])) {
				add_path(s, cdr_buf_cstr(&p));
			}
		}
	next:
		free(names[i]);
	}
	cdr_buf_free(&p);
	free(names);
	return rc;
}

/* Check an input named by the user and add it (or a directory's documents). */
static cdr_rc add_argument(cdr_source *s, const char *arg, cdr_diag *d)
{
	struct stat st;
	if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0) {
		add_path(s, arg); /* reading it will report why it cannot be opened */
		return CDR_OK;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t links = 0;
		walk_dir top = { st.st_dev, st.st_ino, NULL };
		cdr_rc rc = add_directory(s, arg, &top, &links, d);
		if (rc == CDR_OK && links) {
			cdr_diag_pos pos = { arg, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
				     "%zu symbolic link%s not followed (--follow reads what links "
				     "point to)",
				     links, links == 1 ? "" : "s");
		}
		return rc;
	}
	if (cdr_input_kind_of(arg) == CDR_INPUT_UNKNOWN) {
		cdr_diag_pos pos = { arg, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "cannot read '%s' files: codeer reads plain text (.txt, .md), Word "
			     "(.docx), survey exports (.csv), JSON Lines (.jsonl) and REFI-QDA "
			     "projects (.qdpx, .qde); convert the file first",
			     strrchr(arg, '.'));
		return CDR_EINPUT;
	}
	add_path(s, arg);
	return CDR_OK;
}

cdr_rc cdr_source_open(const char *const *args, size_t nargs, const cdr_source_options *opt,
		       cdr_source **out, cdr_diag *d)
{
	cdr_source *s = cdr_xcalloc(1, sizeof *s);
	if (opt)
		s->opt = *opt;
	s->kind = CDR_INPUT_UNKNOWN;
	cdr_rc rc = CDR_OK;
	for (size_t i = 0; i < nargs && rc == CDR_OK; i++)
		rc = add_argument(s, args[i], d);
	if (!nargs)
		add_path(s, "-");
	if (rc != CDR_OK) {
		cdr_source_free(s);
		s = NULL;
	}
	*out = s;
	return rc;
}

const char *const *cdr_source_paths(const cdr_source *s, size_t *count)
{
	*count = s->count;
	return (const char *const *)s->paths;
}

int cdr_source_has_file(const cdr_source *s, const char *path)
{
	struct stat so;
	if (strcmp(path, "-") == 0 || stat(path, &so) != 0)
		return 0;
	for (size_t i = 0; i < s->count; i++) {
		struct stat si;
		if (strcmp(s->paths[i], "-") != 0 && stat(s->paths[i], &si) == 0 &&
		    si.st_dev == so.st_dev && si.st_ino == so.st_ino)
			return 1;
	}
	return 0;
}

int cdr_source_size(const cdr_source *s, unsigned long long *bytes)
{
	unsigned long long total = 0;
	for (size_t i = 0; i < s->count; i++) {
		struct stat st;
		if (strcmp(s->paths[i], "-") == 0 || stat(s->paths[i], &st) != 0 ||
		    !S_ISREG(st.st_mode))
			return 0;
		cdr_input_kind k = cdr_input_kind_of(s->paths[i]);
		/* Word documents and .qdpx projects are zips: their text is larger. */
		size_t nl = strlen(s->paths[i]);
		int zipped =
			k == CDR_INPUT_DOCX || (k == CDR_INPUT_QDPX && nl >= 5 &&
						strcasecmp(s->paths[i] + nl - 5, ".qdpx") == 0);
		unsigned factor = zipped ? 3 : 1;
		total += (unsigned long long)st.st_size * factor;
	}
	*bytes = total;
	return 1;
}

const cdr_source_stats *cdr_source_stats_of(const cdr_source *s)
{
	return &s->stats;
}

/* ---------------------------------------------------------------- surveys --- */

/* The column 'name' of the survey, or an error that it has none. */
static size_t need_column(cdr_source *s, const char *name, const char *what, cdr_diag *d)
{
	size_t col = cdr_csv_find_column(s->csv, name);
	if (col == (size_t)-1) {
		cdr_diag_pos pos = { s->path, 1, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "no column named '%s' (given as %s)", name,
			     what);
	}
	return col;
}

/* Open a survey export and choose its columns. */
static cdr_rc open_survey(cdr_source *s, cdr_diag *d)
{
	if (cdr_survey_open(s->path, &s->opt.survey, &s->survey, d) != CDR_OK)
		return CDR_EINPUT;
	s->csv = cdr_survey_reader(s->survey);
	size_t ncol = cdr_csv_column_count(s->csv), ncase = s->opt.ncase;
	size_t errors = d->errors, ntext = 0;
	s->text_cols = cdr_xcalloc(ncol, sizeof *s->text_cols);
	s->case_cols = cdr_xcalloc(ncase ? ncase : 1, sizeof *s->case_cols);
	s->values = cdr_xcalloc(ncase ? ncase : 1, sizeof *s->values);
	for (size_t i = 0; i < s->opt.ntext; i++) {
		size_t col = need_column(s, s->opt.text_columns[i], "--text-column", d);
		if (col != (size_t)-1)
			s->text_cols[ntext++] = col;
	}
	if (!s->opt.ntext)
		for (size_t col = 0; col < ncol; col++)
			if (cdr_survey_is_free_text(s->survey, col, NULL))
				s->text_cols[ntext++] = col;
	for (size_t i = 0; i < ncase; i++)
		s->case_cols[i] = need_column(s, s->opt.case_columns[i], "--case-column", d);
	if (d->errors == errors && !ntext) {
		cdr_diag_pos pos = { s->path, 1, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "no column looks like open answers; name them with --text-column");
	}
	if (d->errors != errors)
		return CDR_EINPUT;
	s->choice = (cdr_survey_choice){ s->survey, s->text_cols, ntext,
					 cdr_survey_id_column(s->survey), !s->opt.ntext };
	s->have_rec = 0;
	return CDR_OK;
}

/* The next non-empty answer of the survey; 0 at its end. */
static int next_answer(cdr_source *s, cdr_source_item *it, cdr_rc *rc, cdr_diag *d)
{
	for (;;) {
		if (!s->have_rec || s->cell == s->choice.ntext) {
			int done = 0;
			*rc = cdr_survey_next(s->survey, &s->rec, &done, d);
			if (*rc != CDR_OK || done)
				return 0;
			s->have_rec = 1;
			s->cell = 0;
			for (size_t i = 0; i < s->opt.ncase; i++)
				s->values[i] = s->rec.cell[s->case_cols[i]];
		}
		size_t col = s->choice.text[s->cell++];
		s->stats.answers++;
		if (s->rec.len[col] == 0) {
			s->stats.empty_answers++;
			continue;
		}
		const char *who = s->choice.id == (size_t)-1 ? NULL : s->rec.cell[s->choice.id];
		if (!who || !*who) {
			snprintf(s->rowid, sizeof s->rowid, "%zu", s->rec.row);
			who = s->rowid;
		}
		cdr_buf_reset(&s->source);
		cdr_buf_adds(&s->source, who);
		cdr_buf_addc(&s->source, ':');
		cdr_buf_adds(&s->source, cdr_csv_column_name(s->csv, col));
		/* The cell as it is (the reader validated it), lent to the caller. */
		it->doc = (cdr_doc){ (char *)s->path, (char *)s->rec.cell[col], s->rec.len[col],
				     CDR_ENC_UTF8 };
		it->ctx = (cdr_row_context){ cdr_buf_cstr(&s->source),
					     cdr_survey_column_label(s->survey, col), s->values };
		it->ncase = s->opt.ncase;
		it->case_name = who;
		it->answer = 1;
		return 1;
	}
}

static void close_survey(cdr_source *s, cdr_diag *d)
{
	if (s->csv && cdr_csv_skipped(s->csv)) {
		cdr_diag_pos pos = { s->path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
			     "--lenient skipped %zu row%s with more cells than the header",
			     cdr_csv_skipped(s->csv), cdr_csv_skipped(s->csv) == 1 ? "" : "s");
	}
	cdr_survey_free(s->survey);
	s->survey = NULL;
	s->csv = NULL;
	free(s->text_cols);
	free(s->case_cols);
	free(s->values);
	s->text_cols = s->case_cols = NULL;
	s->values = NULL;
}

/* ------------------------------------------------------------ JSON Lines --- */

static const char *shown_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Read the next line of the JSON Lines file into s->line (without its end):
** returns its length, -1 at the end, or -2 after an error (a read error, or a
** line longer than the record limit, which an endless input would grow). */
static ssize_t read_line(cdr_source *s, const char *shown, cdr_rc *rc, cdr_diag *d)
{
	size_t max =
		s->opt.survey.csv.max_record ? s->opt.survey.csv.max_record : CDR_CSV_MAX_RECORD;
	size_t n = 0;
	int c;
	while ((c = getc(s->file)) != EOF && c != '\n') {
		if (n >= max) {
			cdr_diag_pos pos = { shown, s->line_no + 1, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "a line longer than --max-record (%zu bytes)", max);
			*rc = CDR_ELIMIT;
			return -2;
		}
		if (n + 1 >= s->line_cap) {
			s->line_cap = s->line_cap ? 2 * s->line_cap : 4096;
			s->line = cdr_xreallocarray(s->line, s->line_cap, 1);
		}
		s->line[n++] = (char)c;
	}
	if (ferror(s->file)) {
		cdr_diag_pos pos = { shown, s->line_no + 1, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "cannot read: %s", strerror(errno));
		*rc = CDR_EIO;
		return -2;
	}
	if (c == EOF && n == 0)
		return -1;
	return (ssize_t)n;
}

/* The next answer of a JSON Lines file; 0 at its end. */
static int next_json(cdr_source *s, cdr_source_item *it, cdr_rc *rc, cdr_diag *d)
{
	const char *shown = shown_name(s->path);
	ssize_t n;
	while ((n = read_line(s, shown, rc, d)) >= 0) {
		s->line_no++;
		json_error_t err;
		memset(&err, 0, sizeof err);
		json_t *o = n ? json_loadb(s->line, (size_t)n, JSON_REJECT_DUPLICATES, &err) : NULL;
		json_t *id = o ? json_object_get(o, "id") : NULL;
		json_t *text = o ? json_object_get(o, "text") : NULL;
		cdr_diag_pos pos = { shown, s->line_no, o ? 0 : (size_t)err.column, 0, NULL, 0 };
		if (!o || !json_is_object(o) || !json_is_string(text) ||
		    (id && !json_is_string(id) && !json_is_integer(id))) {
			json_decref(o);
			if (n == 0) /* blank lines are fine */
				continue;
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s",
				     !o ? err.text
					: "expected an object with a string \"text\" and a string "
					  "or number \"id\"");
			*rc = CDR_EINPUT;
			return 0;
		}
		const char *who = s->rowid;
		cdr_buf_reset(&s->source);
		if (json_is_string(id))
			who = json_string_value(id);
		else
			snprintf(s->rowid, sizeof s->rowid, "%lld",
				 id ? (long long)json_integer_value(id) : (long long)s->line_no);
		/* 'who' and the text belong to 'o': keep copies past its release. */
		cdr_buf_printf(&s->source, "%s:text", who);
		cdr_buf_addc(&s->source, '\0');
		size_t who_at = s->source.len;
		cdr_buf_adds(&s->source, who);
		cdr_buf_addc(&s->source, '\0');
		size_t text_at = s->source.len, len = json_string_length(text);
		cdr_buf_add(&s->source, json_string_value(text), len);
		for (size_t i = 0; i < s->opt.ncase; i++) {
			json_t *v = json_object_get(o, s->opt.case_columns[i]);
			free(s->owned[i]);
			s->owned[i] = !v ? cdr_xstrdup("")
				      : json_is_string(v)
					      ? cdr_xstrdup(json_string_value(v))
					      : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			s->values[i] = s->owned[i];
		}
		json_decref(o);
		s->stats.answers++;
		if (len == 0) {
			s->stats.empty_answers++;
			continue;
		}
		/* jansson hands out valid UTF-8 and refuses "\u0000" */
		it->doc = (cdr_doc){ (char *)shown, s->source.data + text_at, len, CDR_ENC_UTF8 };
		it->ctx = (cdr_row_context){ s->source.data, "", s->values };
		it->ncase = s->opt.ncase;
		it->case_name = s->source.data + who_at;
		it->answer = 1;
		return 1;
	}
	return 0;
}

static cdr_rc open_json(cdr_source *s, cdr_diag *d)
{
	cdr_rc rc;
	s->file = cdr_open_input(s->path, &rc, d);
	if (!s->file)
		return rc;
	s->line_no = 0;
	size_t n = s->opt.ncase ? s->opt.ncase : 1;
	s->owned = cdr_xcalloc(n, sizeof *s->owned);
	s->values = cdr_xcalloc(n, sizeof *s->values);
	return CDR_OK;
}

static void close_json(cdr_source *s)
{
	if (s->file && s->file != stdin)
		fclose(s->file);
	s->file = NULL;
	for (size_t i = 0; s->owned && i < s->opt.ncase; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->values);
	s->owned = NULL;
	s->values = NULL;
}

/* ------------------------------------------------------------- projects --- */

/* The next text source of a project; 0 at its end. */
static int next_project_source(cdr_source *s, cdr_source_item *it)
{
	if (s->source_i == s->nsources)
		return 0;
	const cdr_qdpx_source *src = &s->sources[s->source_i++];
	cdr_buf_reset(&s->source);
	cdr_buf_printf(&s->source, "%s:%s", s->path, src->name);
	cdr_doc_free(&s->doc);
	cdr_doc_from_text(cdr_buf_cstr(&s->source), src->text, src->len, &s->doc);
	s->stats.documents++;
	it->doc = s->doc;
	it->ctx = (cdr_row_context){ s->doc.name, "", NULL };
	it->project = src;
	return 1;
}

/* ------------------------------------------------------------ the stream --- */

static void close_input(cdr_source *s, cdr_diag *d)
{
	switch (s->kind) {
	case CDR_INPUT_CSV:
		close_survey(s, d);
		break;
	case CDR_INPUT_JSONL:
		close_json(s);
		break;
	case CDR_INPUT_QDPX:
		cdr_qdpx_sources_free(s->sources, s->nsources);
		s->sources = NULL;
		s->nsources = s->source_i = 0;
		break;
	default:
		break;
	}
	s->kind = CDR_INPUT_UNKNOWN;
}

/* The next item of the input being read; 0 when it has no more. */
static int next_of_input(cdr_source *s, cdr_source_item *it, cdr_rc *rc, cdr_diag *d)
{
	switch (s->kind) {
	case CDR_INPUT_CSV:
		return next_answer(s, it, rc, d);
	case CDR_INPUT_JSONL:
		return next_json(s, it, rc, d);
	case CDR_INPUT_QDPX:
		return next_project_source(s, it);
	default:
		return 0;
	}
}

/* Open input 'path'.  A text or Word document is read whole and yielded at once
** (returns 1); a survey yields its CDR_SOURCE_SURVEY event (returns 1). */
static int open_input(cdr_source *s, const char *path, cdr_source_item *it, cdr_rc *rc, cdr_diag *d)
{
	s->path = path;
	cdr_input_kind kind = strcmp(path, "-") == 0 ? s->opt.stdin_kind : cdr_input_kind_of(path);
	switch (kind) {
	case CDR_INPUT_CSV:
		s->kind = kind;
		if ((*rc = open_survey(s, d)) != CDR_OK)
			return 0;
		it->event = CDR_SOURCE_SURVEY;
		it->survey = &s->choice;
		return 1;
	case CDR_INPUT_JSONL:
		s->kind = kind;
		*rc = open_json(s, d);
		return 0;
	case CDR_INPUT_QDPX:
		s->kind = kind;
		*rc = cdr_qdpx_read(path, &s->opt.refi, &s->sources, &s->nsources, d);
		s->source_i = 0;
		return 0;
	default:
		cdr_doc_free(&s->doc);
		if ((*rc = cdr_input_read(path, &s->doc, d)) != CDR_OK)
			return 0;
		s->stats.documents++;
		it->doc = s->doc;
		it->ctx = (cdr_row_context){ s->doc.name, "", NULL };
		return 1;
	}
}

cdr_rc cdr_source_next(cdr_source *s, cdr_source_item *it, cdr_diag *d)
{
	memset(it, 0, sizeof *it);
	if (s->failed)
		return CDR_EINPUT;
	cdr_rc rc = CDR_OK;
	for (;;) {
		it->path = s->path;
		if (s->kind != CDR_INPUT_UNKNOWN) {
			if (next_of_input(s, it, &rc, d))
				break;
			if (rc != CDR_OK)
				break;
			close_input(s, d);
		}
		if (s->next == s->count) {
			it->event = CDR_SOURCE_END;
			break;
		}
		if (open_input(s, s->paths[s->next++], it, &rc, d) || rc != CDR_OK) {
			it->path = s->path;
			break;
		}
	}
	if (rc != CDR_OK) {
		s->failed = 1;
		memset(it, 0, sizeof *it);
		it->event = CDR_SOURCE_END;
	}
	return rc;
}

void cdr_source_free(cdr_source *s)
{
	if (!s)
		return;
	cdr_diag ignored = CDR_DIAG_INIT;
	close_input(s, &ignored);
	cdr_diag_free(&ignored);
	cdr_doc_free(&s->doc);
	cdr_buf_free(&s->source);
	free(s->line);
	for (size_t i = 0; i < s->count; i++)
		free(s->paths[i]);
	free(s->paths);
	free(s);
}
