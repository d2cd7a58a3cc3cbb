/*
** dict.h -- dictionaries from other tools as codebooks: LIWC (.dic), quanteda's
** YAML (.yml, .yaml), WordStat (.cat), and pattern tables as spreadsheets save
** them (.csv: a header, ';' or ',', a byte order mark).  doc/import.md describes
** what each format becomes.
**
** Every reader fills the same cdr_dict: categories (a name, a parent, a place)
** and entries (a pattern in one neutral form, a category, a place).  dict.c turns
** a cdr_dict into codebook text, one category with entries a code, a category
** with sub-categories a group, and then, for '-b FILE' directly, into a
** cdr_codebook whose rules point into the dictionary file, so that every error
** (the readers', the codebook parser's and the rule compiler's) names the
** dictionary's file, line and column.
**
** The neutral pattern form: words separated by single spaces; '*' for any run of
** word characters (also inside a word), '?' for one word character.  dict.c
** writes a word without wildcards as 'word:', one with '*' only at its ends as
** 'glob:', several words as 'phrase:', and anything else ('?', '*' inside a word)
** as 'regex:' with the word boundaries the compiler gives words (compile.c).
*/
#ifndef CDR_DICT_H
#define CDR_DICT_H

#include <stddef.h>

#include "codebook.h"
#include "diag.h"
#include "mem.h"
#include "status.h"

typedef enum cdr_dict_format {
	CDR_DICT_NONE,     /* not a dictionary: the codebook language */
	CDR_DICT_LIWC,     /* LIWC .dic */
	CDR_DICT_YAML,     /* quanteda's YAML dictionary */
	CDR_DICT_WORDSTAT, /* WordStat .cat */
	CDR_DICT_TABLE     /* a pattern table as a spreadsheet saves it (.csv) */
} cdr_dict_format;

/* Which format 'path' with text t[0..len) is in: by extension (.dic, .yml, .yaml,
** .cat, .csv), else by content: a first line that is '%' is LIWC; a pattern
** table whose first line is a header (code, kind, pattern) or Excel's 'sep='
** line is a table; anything else CDR_DICT_NONE. */
cdr_dict_format cdr_dict_detect(const char *path, const char *t, size_t len);

/* The format's name for messages and comments ("LIWC dictionary", ...). */
const char *cdr_dict_format_name(cdr_dict_format f);

/* ----------------------------------------------------------- the model --- */

typedef struct cdr_dict_cat {
	char *name;          /* as written (trimmed) */
	size_t parent;       /* index of the parent category, (size_t)-1 at the top */
	size_t line, column; /* where its name is written (column in code points) */
	size_t entries;      /* entries of its own */
	size_t children;     /* categories below it */
	int is_id;           /* the name is a code id (a pattern table's): kept as it is */
} cdr_dict_cat;

typedef struct cdr_dict_entry {
	size_t cat;          /* index of its category */
	char *pattern;       /* the neutral form (above) */
	size_t line, column; /* where it is written */
	size_t width;        /* code points it takes there */
	const char *key;     /* NULL: the neutral form; else the rule key to write
				("word", "regex", ...: a pattern table names it) */
} cdr_dict_entry;

typedef struct cdr_dict {
	const char *path; /* borrowed: the file as named in diagnostics */
	const char *text; /* borrowed: the file's text (valid UTF-8) */
	size_t len;
	cdr_dict_cat *cats;
	size_t cat_count, cat_cap;
	cdr_dict_entry *entries;
	size_t entry_count, entry_cap;
	cdr_diag *d;
	size_t *line_start; /* where each line starts, made for the first error */
	size_t line_count;
} cdr_dict;

/* Add a category / an entry (the pattern is copied); return its index. */
size_t cdr_dict_add_cat(cdr_dict *dict, const char *name, size_t n, size_t parent, size_t line,
			size_t column);
size_t cdr_dict_add_entry(cdr_dict *dict, size_t cat, const char *pattern, size_t n, size_t line,
			  size_t column);
/* Lines of the dictionary's text one at a time: LF, CRLF and CR end lines. */
typedef struct cdr_dict_lines {
	const char *t;
	size_t len, pos;
	size_t number;    /* of the current line, from 1 */
	const char *line; /* the current line, without its end */
	size_t n;
} cdr_dict_lines;
/* Step to the next line; 0 at the end. */
int cdr_dict_next_line(cdr_dict_lines *it);

/* Report an error at line:column (code points) of the dictionary, underlining
** 'width' code points, with the line quoted. */
void cdr_dict_error(cdr_dict *dict, size_t line, size_t column, size_t width, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The text of line 'number' (from 1) of the dictionary, *n bytes without its end;
** NULL past the end. */
const char *cdr_dict_line(cdr_dict *dict, size_t number, size_t *n);
/* The column (code points, from 1) of byte p of the line starting at 'line_start'. */
size_t cdr_dict_column(const char *line_start, const char *p);

/* The readers (dict_liwc.c, dict_yaml.c, dict_wordstat.c, dict_table.c): fill
** 'dict' from dict->text, reporting every problem they can find in one pass to
** dict->d as errors with file, line and column.  Return CDR_OK or CDR_ESYNTAX. */
cdr_rc cdr_dict_read_liwc(cdr_dict *dict);
cdr_rc cdr_dict_read_yaml(cdr_dict *dict);
cdr_rc cdr_dict_read_wordstat(cdr_dict *dict);
cdr_rc cdr_dict_read_table(cdr_dict *dict);

void cdr_dict_free(cdr_dict *dict);

/* ----------------------------------------------------------- the uses --- */

/* Where each line of the codebook text came from (cdr_dict_to_codebook). */
typedef struct cdr_dict_origin {
	size_t line, column; /* in the dictionary; 0 for a line made up (comments) */
	size_t gen_column;   /* where the value starts in the generated line */
	size_t width;        /* code points of the pattern in the dictionary */
} cdr_dict_origin;

typedef struct cdr_dict_map {
	cdr_dict_origin *lines; /* lines[i]: generated line i + 1 */
	size_t count, cap;
} cdr_dict_map;

/* Read the dictionary 'path' with text t[0..len) in format 'f' and append it to
** 'out' as a codeer codebook (a comment naming where it came from, 'codebook:',
** then a code per category with entries: id made from the name (codeid.h),
** label, group, rules).  'map' may be NULL; else it receives, per generated line,
** the place in the dictionary.  Returns CDR_OK, or CDR_ESYNTAX with every
** problem in 'd' (then 'out' holds nothing useful). */
cdr_rc cdr_dict_to_codebook(const char *path, const char *t, size_t len, cdr_dict_format f,
			    cdr_buf *out, cdr_dict_map *map, cdr_diag *d);

/* The dictionary as a codebook (what '-b FILE' reads): cdr_dict_to_codebook, then
** cdr_codebook_parse_text on the result, with every position (rules, codes,
** diagnostics) moved back to the dictionary's lines and columns.  Returns as
** cdr_codebook_parse() does. */
cdr_rc cdr_dict_parse(const char *path, const char *t, size_t len, cdr_dict_format f,
		      cdr_codebook **out, cdr_diag *d);

void cdr_dict_map_free(cdr_dict_map *map);

#endif
