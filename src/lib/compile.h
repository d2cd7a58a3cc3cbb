/*
** compile.h -- the rule compiler: a codebook's rules compiled into a program, the
** regular expressions to run ("atoms") and the logic that combines their matches
** into codings.
**
** Every rule becomes one or more atoms.  word, glob, phrase, regex, exact, except,
** except-regex and obstacle rules are one atom each; 'A NEAR/n B' is two; an
** 'all:' expression is one atom per phrase it names; a phrase in parts ('werken
** ... samen') one per part.  A phrase that names a list ('@partners') is one atom
** per member (per combination of members when it names several lists, at most
** CDR_MAX_LIST_ATOMS).  A 'forms:' rule is one word atom per form (forms.h), plus
** one regex atom for W as a compound's head ('+W') and one for its first part
** ('W+'), their matches merged by eval.  Atoms of exact rules run on the original
** text (case and accents kept); all others on the normalised text.
** Syntax errors are reported here, at the rule's place in the codebook file.
*/
#ifndef CDR_COMPILE_H
#define CDR_COMPILE_H

#include <stddef.h>

#include "codebook.h"
#include "diag.h"
#include "status.h"

/* A phrase naming lists expands to at most this many atoms; a phrase has at most
** this many parts separated by '...'. */
#define CDR_MAX_LIST_ATOMS   1000
#define CDR_MAX_PHRASE_PARTS 16

typedef enum cdr_view {
	CDR_VIEW_NORM, /* the normalised text */
	CDR_VIEW_ORIG  /* the original text */
} cdr_view;

/* One word of an atom the matcher can finish natively (see cdr_atom). */
typedef struct cdr_word_part {
	char *core;
	size_t len;
	int trail; /* a '*' after it */
} cdr_word_part;

typedef struct cdr_atom {
	char *regex;   /* PCRE2 source */
	cdr_view view; /* which text it runs on */
	int caseless;  /* compile with PCRE2_CASELESS */
	int verbatim;  /* the user's own regex: compile errors point into it */
	size_t rule;   /* the codebook rule it belongs to */
	size_t column; /* 0-based code point column of its text within the rule's pattern */
	char *text;    /* the part of the pattern it was made from (for explain) */
	char *member;  /* with a list: "@name: member" for each list named (explain); else NULL */
	/* For the prefilter (prefilter.h), in Hyperscan's syntax on bytes: an expression
	** that matches wherever the atom can (widen.h), or what every match must
	** contain (the core of a word, literals a regex requires); NULL: none, always
	** run the atom. */
	char *filter;
	int filter_caseless; /* match 'filter' ignoring ASCII case */
	/* For the prefilter of literals (CDR_PREFILTER_LITERALS in match.h), when
	** 'filter' is an expression: what every match must contain as literals
	** (required.h; for a phrase, its longest word), which Hyperscan compiles in a
	** fraction of the time a widened expression takes; NULL with such a filter:
	** none, always run the atom at that stage.  When 'filter' is literals (or
	** NULL), that stage uses 'filter' itself (cdr_atom_literals()). */
	char *literals;
	int literals_caseless;
	/* A word, glob, exact word or simple phrase (no optional words, a '*' before
	** the first word only), which the matcher can match without PCRE2 from
	** where the core of one of its words occurs: its words' cores as they appear
	** in the text (normalised unless exact), a '*' after each, and one before the
	** first.  'anchor' is the core of word 'anchor_part' as a literal for the
	** prefilter; the words before it end in no '*'.  part_count 0 for other
	** atoms. */
	cdr_word_part *parts;
	size_t part_count;
	int lead;
	char *anchor;
	size_t anchor_part;
} cdr_atom;

/* The filter of literals of atom a (above), and in *caseless how to match it. */
const char *cdr_atom_literals(const cdr_atom *a, int *caseless);

typedef enum cdr_expr_op { CDR_EXPR_TERM, CDR_EXPR_AND, CDR_EXPR_OR, CDR_EXPR_NOT } cdr_expr_op;

/* A node of an 'all:' expression; children are indexes into the rule's nodes. */
typedef struct cdr_expr {
	cdr_expr_op op;
	size_t atom;  /* TERM: its atom */
	size_t a, b;  /* AND, OR: both; NOT: a */
	int negated;  /* TERM: under an odd number of NOTs */
	size_t atoms; /* TERM: its atoms are [atom, atom + atoms) (a list: one per member) */
} cdr_expr;

typedef struct cdr_logic {
	size_t first_atom; /* the rule's atoms are [first_atom, first_atom + atom_count) */
	size_t atom_count;
	/* near, and a phrase in parts ('werken ... samen'): part k is the atoms
	** [part_at[k], part_at[k + 1]) (more than one when it names a list);
	** part_count is 2 for near, the number of parts for a phrase in parts, else 0 */
	size_t *part_at;
	size_t part_count;
	/* near: */
	int ordered;     /* BEFORE rather than NEAR */
	int in_sentence; /* NEAR/sentence: both in one sentence */
	int in_clause;   /* NEAR/clause, and a phrase in parts: in one clause (eval.h) */
	unsigned words;  /* NEAR/n: at most n words between them */
	/* all: */
	cdr_expr *expr;
	size_t expr_count;
	size_t root;
} cdr_logic;

/* The most optional parts "(words)?" one phrase may have: each doubles the ways it can
** match, and about 4,000 make a regular expression too large for PCRE2. */
#define CDR_PHRASE_MAX_OPTIONAL 1000
#define CDR_STR_(x)             #x
#define CDR_STR(x)              CDR_STR_(x)

typedef struct cdr_program {
	cdr_atom *atoms;
	size_t atom_count, atom_cap;
	cdr_logic *logic; /* one per codebook rule, same index */
	size_t rule_count;
	int needs_words;       /* a NEAR/n or BEFORE/n rule counts words, or a 'when: short' */
	int needs_sentences;   /* a NEAR/sentence rule */
	int has_obstacles;     /* the codebook defines obstacle cues */
	unsigned char *failed; /* failed[rule]: the rule did not compile (only from
				** cdr_program_build_partial; NULL if none failed) */
	size_t column_work;    /* bytes of patterns counted to find atoms' columns (tests:
			       ** about the patterns' length, however many terms) */
} cdr_program;

/* Compile the rules of 'cb' (borrowed; it must outlive the program).  Returns
** CDR_OK, or CDR_ESYNTAX with an error per bad rule in 'd'. */
cdr_rc cdr_program_build(const cdr_codebook *cb, cdr_program **out, cdr_diag *d);
void cdr_program_free(cdr_program *p);

/* The same, but on CDR_ESYNTAX *out holds the program with the rules that failed
** marked in 'failed' (their atoms may be missing or partial), so that the atoms of
** the others can still be checked (cdr_matcher_new).  Not for coding. */
cdr_rc cdr_program_build_partial(const cdr_codebook *cb, cdr_program **out, cdr_diag *d);

/* Forget the native form of an atom: PCRE2 will run it. */
void cdr_atom_drop_parts(cdr_atom *a);

/* Report an error about rule 'r', 'col' code points into its pattern,
** underlining 'width' code points. */
void cdr_rule_error(cdr_diag *d, const cdr_codebook *cb, const cdr_rule *r, size_t col,
		    size_t width, const char *msg);

#endif
