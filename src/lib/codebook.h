/*
** codebook.h -- the codebook: codes, their rules and examples, parsed from a
** codebook file or a pattern table (doc/codebook.md describes both).
**
** Parsing checks structure only (keys, ids, colours, duplicates); rule patterns are
** checked when they are compiled (match.h), which reports errors at the rule's
** position through the 'line', 'column' and 'source_line' kept here.
*/
#ifndef CDR_CODEBOOK_H
#define CDR_CODEBOOK_H

#include <stddef.h>

#include "diag.h"
#include "status.h"

/* How a rule's pattern is read and compiled (compile.h).  The keys a codebook
** writes (word, except-regex, obstacle, ...) and the kind and role each gives are
** one table, rule_keys[] in codebook.c, which cdr_rule_key() reads back. */
typedef enum cdr_rule_kind {
	CDR_RULE_WORD,   /* a whole word */
	CDR_RULE_GLOB,   /* a word with '*' at either end */
	CDR_RULE_PHRASE, /* words in order, optional words in "(...)?" */
	CDR_RULE_REGEX,  /* a PCRE2 pattern over the normalised text */
	CDR_RULE_EXACT,  /* a whole word with its exact capitals and accents (acronyms) */
	CDR_RULE_NEAR,   /* A NEAR/n B, A BEFORE/n B, A NEAR/sentence B */
	CDR_RULE_ALL     /* AND / OR / NOT of phrases over a unit */
} cdr_rule_kind;

/* What a rule is for. */
typedef enum cdr_rule_role {
	CDR_ROLE_MATCH,   /* its matches apply the code */
	CDR_ROLE_EXCEPT,  /* cancels the code's matches that lie inside its own matches */
	CDR_ROLE_OBSTACLE /* a cue that marks codings in its clause as obstacles (codebook-wide) */
} cdr_rule_role;

/* Where something was written in the codebook file. */
typedef struct cdr_srcpos {
	size_t line;       /* 1-based */
	size_t column;     /* 1-based, code points */
	char *source_line; /* the whole line, for diagnostics */
} cdr_srcpos;

typedef struct cdr_rule {
	cdr_rule_kind kind;
	cdr_rule_role role;
	char *pattern;  /* as written */
	size_t code;    /* index of the code it belongs to; (size_t)-1 for obstacle cues */
	cdr_srcpos pos; /* where the pattern starts */
} cdr_rule;

typedef struct cdr_example {
	char *text;
	size_t code;    /* index of the code it belongs to */
	int must_match; /* 1: example, 0: not-example */
	cdr_srcpos pos;
} cdr_example;

typedef struct cdr_code {
	char *id;          /* unique; letters, digits, '.', '-', '_' */
	char *label;       /* the id when the codebook gives none */
	char *group;       /* "" for none; nested groups as "A / B" */
	char *colour;      /* "#rrggbb" (lower case), or "" for none */
	char *definition;  /* "" for none */
	size_t line;       /* line of its 'code:' entry (1 in a pattern table) */
	size_t rule_count; /* rules with role CDR_ROLE_MATCH */
} cdr_code;

typedef struct cdr_codebook {
	char *path; /* the file as given (diagnostics name it) */
	char *name; /* the 'codebook:' entry, else the file's base name */
	cdr_code *codes;
	size_t code_count, code_cap;
	cdr_rule *rules; /* in file order: match rules, exceptions and obstacle cues */
	size_t rule_count, rule_cap;
	cdr_example *examples;
	size_t example_count, example_cap;
	int is_table; /* read from a pattern table */
} cdr_codebook;

/* Read and parse the codebook at 'path'.  Returns CDR_OK with *out set, or
** CDR_EIO / CDR_EINPUT / CDR_ESYNTAX with *out NULL and every problem found (not
** only the first) in 'd'.  Warnings may be added on success too. */
cdr_rc cdr_codebook_load(const char *path, cdr_codebook **out, cdr_diag *d);

/* Parse the codebook text t[0..len) (valid UTF-8), naming it 'path'. */
cdr_rc cdr_codebook_parse(const char *path, const char *t, size_t len, cdr_codebook **out,
			  cdr_diag *d);

/* The same, but on CDR_ESYNTAX *out holds what did parse (the codes, rules and
** examples of the lines without errors) rather than NULL, so that the later stages
** can report their errors in the same run (cdr_matcher_parse).  Free it with
** cdr_codebook_free(); it is for finding errors, not for coding. */
cdr_rc cdr_codebook_parse_partial(const char *path, const char *t, size_t len, cdr_codebook **out,
				  cdr_diag *d);

/* Index of the code with this id, or (size_t)-1. */
size_t cdr_codebook_find(const cdr_codebook *cb, const char *id);
/* The code id of 'cb' closest to 'id' if it looks like a typo of it (an edit or
** two, case ignored), else NULL: for "did you mean". */
const char *cdr_codebook_suggest(const cdr_codebook *cb, const char *id);

/* The rule's key as written in a codebook ("word", "glob", "except", "obstacle", ...):
** the row of rule_keys[] with its kind and role (a static string). */
const char *cdr_rule_key(const cdr_rule *r);

void cdr_codebook_free(cdr_codebook *cb);

#endif
