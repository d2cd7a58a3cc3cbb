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
#include "mem.h"
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
	CDR_RULE_ALL,    /* AND / OR / NOT of phrases over a unit */
	CDR_RULE_FORMS   /* a Dutch word and its inflected forms (forms.h), '+' for compounds */
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

/* Where a match rule applies: the conditions of the 'when:' entry above it in its
** code, all of which must hold (none: everywhere). */
enum {
	CDR_WHEN_ANSWER = 1, /* the text is a survey answer (CSV, JSON Lines, a project's) */
	CDR_WHEN_SHORT = 2   /* the paragraph has at most the codebook's short_words words */
};

/* A paragraph of at most this many words is short, unless 'short-unit:' says. */
#define CDR_SHORT_WORDS_DEFAULT 12
#define CDR_SHORT_WORDS_MAX     1000

typedef struct cdr_rule {
	cdr_rule_kind kind;
	cdr_rule_role role;
	char *pattern;  /* as written */
	size_t code;    /* index of the code it belongs to; (size_t)-1 for obstacle cues */
	cdr_srcpos pos; /* where the pattern starts */
	unsigned when;  /* CDR_WHEN_* flags; match rules only */
} cdr_rule;

/* A named word list, 'list: NAME = member, member, ...' before the first code, which
** phrase, near and all rules name as '@NAME' (compile.h: one atom per member). */
typedef struct cdr_list_member {
	char *text;    /* a word, a glob or words, as written (without 'exact:') */
	int exact;     /* written 'exact: OM': one word, capitals and accents as written */
	size_t column; /* 1-based code point column of 'text' on the list's line */
} cdr_list_member;

typedef struct cdr_list {
	char *name;
	cdr_list_member *members;
	size_t member_count;
	int has_exact;  /* a member is 'exact:' */
	cdr_srcpos pos; /* where the name starts */
} cdr_list;

/* At most this many members in a list. */
#define CDR_MAX_LIST_MEMBERS 1000

typedef struct cdr_example {
	char *text;
	size_t code;    /* index of the code it belongs to */
	int must_match; /* 1: example, 0: not-example */
	int answer;     /* coded as a survey answer (example-answer, not-example-answer) */
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
	cdr_list *lists; /* in file order */
	size_t list_count, list_cap;
	int is_table;       /* read from a pattern table */
	size_t short_words; /* 'short-unit:', else CDR_SHORT_WORDS_DEFAULT */
} cdr_codebook;

/* Read and parse the codebook at 'path'.  Returns CDR_OK with *out set, or
** CDR_EIO / CDR_EINPUT / CDR_ESYNTAX with *out NULL and every problem found (not
** only the first) in 'd'.  Warnings may be added on success too. */
cdr_rc cdr_codebook_load(const char *path, cdr_codebook **out, cdr_diag *d);

/* Parse the codebook text t[0..len) (valid UTF-8), naming it 'path': a dictionary
** from another tool if cdr_dict_detect() says it is one (dict.h), else the
** codebook language or a tab-separated pattern table (cdr_codebook_parse_text). */
cdr_rc cdr_codebook_parse(const char *path, const char *t, size_t len, cdr_codebook **out,
			  cdr_diag *d);

/* Parse t[0..len) as a codebook file or a tab-separated pattern table, whatever
** the name (what a dictionary import hands over). */
cdr_rc cdr_codebook_parse_text(const char *path, const char *t, size_t len, cdr_codebook **out,
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

/* The list named name[0..n), or NULL; the list name closest to it if it looks like
** a typo of one, else NULL (for "did you mean"). */
const cdr_list *cdr_codebook_find_list(const cdr_codebook *cb, const char *name, size_t n);
const char *cdr_codebook_suggest_list(const cdr_codebook *cb, const char *name, size_t n);

/* The next reference to a list in p[0..end) of the text that starts at 'begin': an
** '@' at the start of a word (at 'begin', after a blank or a '(') followed by a
** name (ASCII letters, digits, '_', '-').  Returns the '@', with the name's length
** in *n, or NULL when there is none. */
const char *cdr_list_ref_next(const char *begin, const char *p, const char *end, size_t *n);

/* The rule's key as written in a codebook ("word", "glob", "except", "obstacle", ...):
** the row of rule_keys[] with its kind and role (a static string). */
const char *cdr_rule_key(const cdr_rule *r);

/* The conditions of 'when' as a codebook writes them ("answer short"), or "any". */
void cdr_when_describe(unsigned when, cdr_buf *out);

void cdr_codebook_free(cdr_codebook *cb);

#endif
