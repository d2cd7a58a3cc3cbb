/*
** compile.c -- the rule compiler: from the rules of a codebook to atoms and logic
** (see compile.h).
**
** Word boundaries follow doc/codebook.md: a word character is a letter, a digit or
** '_', and a hyphen between two word characters belongs to the word.  So a word or
** glob may not start right after "x-" nor end right before "-x":
**     before  (?<![\p{L}\p{N}_])(?<![\p{L}\p{N}_]-)
**     after   (?![\p{L}\p{N}_])(?!-[\p{L}\p{N}_])
** and a '*' of a glob is any run of word characters and inner hyphens.
*/
#include "config.h"

#include "compile.h"
#include "forms.h"
#include "invariant.h"
#include "mem.h"
#include "norm.h"
#include "prefilter.h"
#include "required.h"
#include "utf8.h"
#include "widen.h"

#include <stdlib.h>
#include <string.h>

#define WORDCHAR "[\\p{L}\\p{N}_]"
#define BEFORE   "(?<!" WORDCHAR ")(?<!" WORDCHAR "-)"
#define AFTER    "(?!" WORDCHAR ")(?!-" WORDCHAR ")"
#define STAR     "(?:" WORDCHAR "|-(?=" WORDCHAR "))*"

#define MAX_NEAR_WORDS 1000
/* NOT and parentheses in an 'all:' expression nest at most this deep (the compiler
** and the evaluator recurse on them; chains of AND and OR become balanced trees,
** whose depth grows with the logarithm of their length). */
#define MAX_ALL_DEPTH 100

void cdr_rule_error(cdr_diag *d, const cdr_codebook *cb, const cdr_rule *r, size_t col,
		    size_t width, const char *msg)
{
	cdr_diag_pos pos = { cb->path, r->pos.line,        r->pos.column + col,
			     width,    r->pos.source_line, strlen(r->pos.source_line) };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s", msg);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The next blank-separated word of *at..end: its start in *w, its length returned
** (0 when only blanks are left); *at moves past it. */
static size_t next_word(const char **at, const char *end, const char **w)
{
	const char *p = *at;
	while (p < end && is_space(*p))
		p++;
	*w = p;
	while (p < end && !is_space(*p))
		p++;
	*at = p;
	return (size_t)(p - *w);
}

/* The state of compiling one rule: where errors go, and the pattern's start. */
typedef struct ctx {
	const cdr_codebook *cb;
	const cdr_rule *r;
	cdr_diag *d;
	cdr_program *p;
	size_t rule;
	const char *base;      /* the text error positions count from: the rule's pattern */
	const char *bad_lists; /* per list of the codebook: 1 if a member has an error */
	const char *col_at;    /* col_of's last answer: the column of this byte */
	size_t col;
} ctx;

/* The column (code points from the pattern's start) of 'at'.  Atoms come in the
** pattern's order, so counting goes on from the last answer: one pass over a
** rule, however many terms it has (counting from the start made an 'all' rule
** of 30,000 terms quadratic). */
static size_t col_of(const ctx *c0, const char *at)
{
	ctx *c = (ctx *)c0;
	if (!c->col_at || at < c->col_at) {
		c->col_at = c->base;
		c->col = 0;
	}
	c->p->column_work += (size_t)(at - c->col_at);
	c->col += cdr_utf8_count(c->col_at, (size_t)(at - c->col_at));
	c->col_at = at;
	return c->col;
}

/* Count columns in 'text' from now on (a list's phrases are compiled from a
** template and expanded copies): col_of's running count starts again. */
static void set_base(ctx *c, const char *text)
{
	c->base = text;
	c->col_at = NULL;
}

static void fail(const ctx *c, const char *at, size_t width, const char *msg)
{
	cdr_rule_error(c->d, c->cb, c->r, at ? col_of(c, at) : 0,
		       at ? width : cdr_utf8_count(c->base, strlen(c->base)), msg);
}

/* The escaped literal 'w' (normalised unless 'exact'), for a prefilter pattern. */
static char *literal(const char *w, size_t n, int exact)
{
	char *text = exact ? cdr_xstrndup(w, n) : cdr_norm_string(w, n);
	cdr_buf b = CDR_BUF_INIT;
	for (const char *q = text; *q; q++) {
		unsigned char ch = (unsigned char)*q;
		if (ch < 0x80 && !((ch | 32) >= 'a' && (ch | 32) <= 'z') &&
		    !(ch >= '0' && ch <= '9'))
			cdr_buf_addc(&b, '\\');
		cdr_buf_addc(&b, (char)ch);
	}
	free(text);
	return cdr_buf_take(&b);
}

void cdr_atom_drop_parts(cdr_atom *a)
{
	for (size_t i = 0; i < a->part_count; i++)
		free(a->parts[i].core);
	free(a->parts);
	free(a->anchor);
	a->parts = NULL;
	a->anchor = NULL;
	a->part_count = 0;
	a->anchor_part = 0;
	a->lead = 0;
}

/* The core of a word or glob word: w[0..n) without its leading and trailing '*'. */
static void word_core(const char **w, size_t *n)
{
	if (*n && (*w)[0] == '*') {
		(*w)++;
		(*n)--;
	}
	if (*n && (*w)[*n - 1] == '*')
		(*n)--;
}

/* The longest word of the phrase p[0..end) that is not optional, as a literal. */
static char *phrase_filter(const char *p, const char *end)
{
	const char *best = NULL;
	size_t best_n = 0;
	int in_group = 0;
	while (p < end) {
		const char *w;
		size_t n = next_word(&p, end, &w);
		if (!n)
			break;
		int opens = w[0] == '(', closes = n >= 2 && w[n - 2] == ')' && w[n - 1] == '?';
		if (opens)
			in_group = 1;
		int optional = in_group;
		if (closes)
			in_group = 0;
		if (optional)
			continue;
		word_core(&w, &n);
		if (n > best_n) {
			best = w;
			best_n = n;
		}
	}
	return best ? literal(best, best_n, 0) : NULL;
}

/* Add the word w[0..n) (with its '*'s) as the next part of a's native form. */
static void add_part(cdr_atom *a, const char *w, size_t n, int exact)
{
	const char *core = w;
	size_t cn = n;
	word_core(&core, &cn);
	a->parts = cdr_xreallocarray(a->parts, a->part_count + 1, sizeof *a->parts);
	cdr_word_part *part = &a->parts[a->part_count++];
	part->core = exact ? cdr_xstrndup(core, cn) : cdr_norm_string(core, cn);
	part->len = strlen(part->core);
	part->trail = core + cn < w + n;
	if (a->part_count == 1) {
		a->lead = core > w;
		a->anchor = literal(core, cn, exact);
	}
}

/* The native form of the phrase from[0..to) if it is simple: no optional words,
** a '*' before the first word only, no word that normalises to nothing. */
static void phrase_parts(cdr_atom *a, const char *p, const char *end)
{
	int simple = 1;
	while (simple && p < end) {
		const char *w;
		size_t n = next_word(&p, end, &w);
		if (!n)
			break;
		if (w[0] == '(' || w[n - 1] == ')' || w[n - 1] == '?' ||
		    (w[0] == '*' && a->part_count > 0)) {
			simple = 0;
			break;
		}
		add_part(a, w, n, 0);
		simple = a->parts[a->part_count - 1].len > 0;
	}
	if (!simple || a->part_count == 0) {
		cdr_atom_drop_parts(a);
		return;
	}
	/* The prefilter looks for the longest word (the rarer, the fewer reports) among
	** those the matcher can start from: every word before it must be found from it
	** backwards without a choice, so none may end in '*', and the first may not
	** start with one. */
	size_t best = 0;
	for (size_t k = 1; k < a->part_count && !a->lead && !a->parts[k - 1].trail; k++)
		if (a->parts[k].len > a->parts[best].len)
			best = k;
	if (best > 0) {
		free(a->anchor);
		a->anchor = literal(a->parts[best].core, a->parts[best].len, 1);
		a->anchor_part = best;
	}
}

/* Atom a's filter of literals (compile.h), once its 'filter' is set and is an
** expression: the literals its 'regex' requires; else, for a phrase (from[0..to)
** of the pattern), its longest word. */
static void set_literals(cdr_atom *a, const char *from, const char *to, int phrase)
{
	if (!a->filter || !cdr_prefilter_is_expression(a->filter))
		return; /* 'filter' serves (compile.h) */
	a->literals = cdr_required_literals(a->regex);
	a->literals_caseless = 1;
	if (!a->literals && phrase) {
		a->literals = phrase_filter(from, to);
		a->literals_caseless = 0;
	}
}

const char *cdr_atom_literals(const cdr_atom *a, int *caseless)
{
	if (a->filter && cdr_prefilter_is_expression(a->filter)) {
		*caseless = a->literals_caseless;
		return a->literals;
	}
	*caseless = a->filter_caseless;
	return a->filter;
}

/* What an atom is, for its native form and its prefilter. */
typedef enum atom_shape {
	SHAPE_WORD,   /* a word or glob */
	SHAPE_EXACT,  /* an exact word (the original text) */
	SHAPE_PHRASE, /* a phrase */
	SHAPE_REGEX   /* the user's own regex */
} atom_shape;

/* Add the atom 'regex' (owned) made from text[0..n), which stands 'column' code
** points into the rule's pattern. */
static cdr_atom *add_atom_shaped(ctx *c, char *regex, cdr_view view, atom_shape shape,
				 const char *text, size_t n, size_t column)
{
	cdr_program *p = c->p;
	int caseless = shape == SHAPE_REGEX, verbatim = shape == SHAPE_REGEX;
	CDR_GROW(p->atoms, p->atom_cap, p->atom_count + 1);
	cdr_atom *a = &p->atoms[p->atom_count++];
	memset(a, 0, sizeof *a);
	a->regex = regex;
	a->view = view;
	a->caseless = caseless;
	a->verbatim = verbatim;
	a->rule = c->rule;
	a->column = column;
	a->text = cdr_xstrndup(text, n);
	c->p->logic[c->rule].atom_count++;
	/* What the prefilter looks for. */
	const char *from = a->text, *to = a->text + n;
	if (shape == SHAPE_WORD || shape == SHAPE_EXACT) {
		add_part(a, from, n, shape == SHAPE_EXACT);
		a->filter = a->anchor ? cdr_xstrdup(a->anchor) : NULL;
		if (!a->parts[0].len)
			cdr_atom_drop_parts(a);
		set_literals(a, from, to, 0);
		return a;
	}
	if (!verbatim)
		phrase_parts(a, from, to);
	/* The whole expression, widened; failing that, what it requires. */
	unsigned flags = CDR_WIDEN_FOLDED_TEXT | (caseless ? CDR_WIDEN_CASELESS : 0);
	a->filter = view == CDR_VIEW_NORM ? cdr_widen_regex(regex, flags) : NULL;
	if (!a->filter && verbatim) {
		/* The literals every match needs: ASCII, lower case, matched caseless. */
		a->filter = cdr_required_literals(regex);
		a->filter_caseless = 1;
	} else if (!a->filter) {
		a->filter = phrase_filter(from, to);
	}
	set_literals(a, from, to, !verbatim);
	return a;
}

/* Add the atom 'regex' (owned) made from the pattern's from[0..to), its shape
** that of the rule. */
static void add_atom(ctx *c, char *regex, cdr_view view, const char *from, const char *to)
{
	cdr_rule_kind k = c->r->kind;
	atom_shape shape = k == CDR_RULE_REGEX                        ? SHAPE_REGEX
			   : k == CDR_RULE_EXACT                      ? SHAPE_EXACT
			   : k == CDR_RULE_WORD || k == CDR_RULE_GLOB ? SHAPE_WORD
								      : SHAPE_PHRASE;
	add_atom_shaped(c, regex, view, shape, from, (size_t)(to - from), col_of(c, from));
}

/* Append the regex for one word w[0..n): normalised (unless 'exact') and escaped,
** with STAR for a leading or trailing '*'.  Returns 0 and sets *bad on a '*'
** inside the word or a word that is nothing but '*'. */
static int add_word(cdr_buf *rx, const char *w, size_t n, int exact, const char **bad)
{
	int lead = n > 0 && w[0] == '*';
	int trail = n > 1 && w[n - 1] == '*';
	const char *core = w + lead;
	size_t cn = n - (size_t)lead - (size_t)trail;
	if (cn == 0) {
		*bad = w;
		return 0;
	}
	const char *star = memchr(core, '*', cn);
	if (star) {
		*bad = star;
		return 0;
	}
	char *text = exact ? cdr_xstrndup(core, cn) : cdr_norm_string(core, cn);
	if (lead)
		cdr_buf_adds(rx, STAR);
	for (const char *q = text; *q; q++) {
		unsigned char ch = (unsigned char)*q;
		if (ch < 0x80 && !((ch | 32) >= 'a' && (ch | 32) <= 'z') &&
		    !(ch >= '0' && ch <= '9'))
			cdr_buf_addc(rx, '\\');
		cdr_buf_addc(rx, (char)ch);
	}
	free(text);
	if (trail)
		cdr_buf_adds(rx, STAR);
	return 1;
}

/* If the word w[0..n) of a phrase makes part of itself optional ("(persoons)?gegevens",
** "persoons(gegevens)?"), report it with the forms to write instead and return 1. */
static int optional_part_of_word(const ctx *c, const char *w, size_t n)
{
	const char *open = memchr(w, '(', n), *close = NULL;
	for (size_t i = open ? (size_t)(open - w) : n; i + 1 < n; i++)
		if (w[i] == ')' && w[i + 1] == '?') {
			close = w + i;
			break;
		}
	if (!open || !close || (open == w && close + 2 == w + n))
		return 0; /* no optional part, or the whole word is one */
	int pre = (int)(open - w), opt = (int)(close - open - 1), post = (int)(w + n - close - 2);
	cdr_buf m = CDR_BUF_INIT;
	cdr_buf_printf(&m,
		       "an optional part must be whole words, and '%.*s' makes part of a word "
		       "optional: write the two forms as two rules ('%.*s%.*s%.*s' and '%.*s%.*s' "
		       "in its place)",
		       (int)n, w, pre, w, opt, open + 1, post, close + 2, pre, w, post, close + 2);
	if (pre == 0 || post == 0)
		cdr_buf_printf(&m, ", a glob ('glob: %s%.*s%s', which also takes other words)",
			       pre ? "" : "*", pre ? pre : post, pre ? w : close + 2,
			       pre ? "*" : "");
	cdr_buf_printf(&m, " or a regex ('regex: \\b%.*s\\b')", (int)n, w);
	fail(c, open, 1, cdr_buf_cstr(&m));
	cdr_buf_free(&m);
	return 1;
}

/* Translate the phrase p[0..end): words separated by blanks, "(w1 w2)?" marking
** optional words, at most CDR_PHRASE_MAX_OPTIONAL of those groups.  Returns the
** regex, or NULL after reporting an error. */
static char *phrase_regex(const ctx *c, const char *p, const char *end)
{
	cdr_buf rx = CDR_BUF_INIT;
	size_t required = 0, groups = 0;
	int first = 1, in_group = 0, group_first = 0, need_sep = 0;
	const char *group_at = NULL, *bad = NULL, *msg = NULL;

	cdr_buf_adds(&rx, BEFORE);
	while (p < end) {
		const char *w;
		size_t n = next_word(&p, end, &w);
		if (!n)
			break;
		if (optional_part_of_word(c, w, n)) {
			cdr_buf_free(&rx);
			return NULL;
		}
		if (w[0] == '(') {
			if (in_group) {
				bad = w;
				msg = "optional words cannot nest";
				goto error;
			}
			if (++groups > CDR_PHRASE_MAX_OPTIONAL) {
				bad = w;
				msg = "a phrase has at most " CDR_STR(
					CDR_PHRASE_MAX_OPTIONAL) " optional parts '(...)?'; split it into several phrase rules "
								 "of the code";
				goto error;
			}
			in_group = 1;
			group_at = w;
			group_first = first;
			w++;
			n--;
			cdr_buf_adds(&rx, "(?:");
		}
		int closes = n >= 2 && w[n - 2] == ')' && w[n - 1] == '?';
		if (!closes && n >= 1 && w[n - 1] == ')') {
			bad = w + n - 1;
			msg = "write optional words as '(words)?', with the '?'";
			goto error;
		}
		if (closes) {
			if (!in_group) {
				bad = w + n - 2;
				msg = "')?' without a '(' before it";
				goto error;
			}
			n -= 2;
		}
		if (n == 0) {
			bad = w;
			msg = "empty word in phrase";
			goto error;
		}
		/* A group's words carry their separating white space inside the group:
		** after each word when the group opens the phrase, before it otherwise. */
		int leading = in_group && group_first;
		if (need_sep && !leading)
			cdr_buf_adds(&rx, "\\s+");
		if (!add_word(&rx, w, n, 0, &bad)) {
			msg = "a '*' may only stand at the start or end of a word, next to letters";
			goto error;
		}
		if (leading)
			cdr_buf_adds(&rx, "\\s+");
		else
			need_sep = 1;
		if (!in_group)
			required++;
		first = 0;
		if (closes) {
			cdr_buf_adds(&rx, ")?");
			in_group = 0;
		}
	}
	if (in_group) {
		bad = group_at;
		msg = "'(' without ')?' after it";
		goto error;
	}
	if (required == 0) {
		msg = "a phrase needs at least one word that is not optional";
		goto error;
	}
	cdr_buf_adds(&rx, AFTER);
	return cdr_buf_take(&rx);
error:
	fail(c, bad, 1, msg);
	cdr_buf_free(&rx);
	return NULL;
}

/* A word or glob rule (or an exact word): one word, no blanks. */
static int compile_word(ctx *c, int exact)
{
	const cdr_rule *r = c->r;
	const char *pat = r->pattern, *end = pat + strlen(pat), *bad = NULL;
	const char *sp = pat;
	while (sp < end && !is_space(*sp))
		sp++;
	if (sp < end) {
		fail(c, sp, 1, "a word or glob is one word; use 'phrase:' for several");
		return 0;
	}
	const char *star = memchr(pat, '*', (size_t)(end - pat));
	if (star && r->kind != CDR_RULE_GLOB) {
		fail(c, star, 1,
		     exact ? "'*' in an exact word"
			   : "'*' in a word rule; use 'glob:' for a word with '*'");
		return 0;
	}
	cdr_buf rx = CDR_BUF_INIT;
	cdr_buf_adds(&rx, BEFORE);
	if (!add_word(&rx, pat, (size_t)(end - pat), exact, &bad)) {
		fail(c, bad, 1,
		     "a '*' may only stand at the start or end of a word, next to letters");
		cdr_buf_free(&rx);
		return 0;
	}
	cdr_buf_adds(&rx, AFTER);
	add_atom(c, cdr_buf_take(&rx), exact ? CDR_VIEW_ORIG : CDR_VIEW_NORM, pat, end);
	return 1;
}

/* Report 'msg' at the word w[0..n) and a note (NULL: none) at the same place. */
static void fail_note(const ctx *c, const char *w, size_t n, const char *msg, const char *note)
{
	fail(c, w, cdr_utf8_count(w, n), msg);
	if (!note)
		return;
	const cdr_rule *r = c->r;
	cdr_diag_pos pos = { c->cb->path, r->pos.line, r->pos.column + col_of(c, w), 0, NULL, 0 };
	cdr_diag_add(c->d, CDR_DIAG_NOTE, &pos, "%s", note);
}

/* A reference to a list in a phrase. */
typedef struct list_ref {
	const char *at; /* the '@' */
	size_t n;       /* the name's length */
	const cdr_list *list;
} list_ref;

/* Is there a word "..." in p[0..end)?  Returns it, or NULL. */
static const char *find_ellipsis(const char *p, const char *end)
{
	while (p < end) {
		const char *w;
		size_t n = next_word(&p, end, &w);
		if (n == 3 && memcmp(w, "...", 3) == 0)
			return w;
	}
	return NULL;
}

/* The phrase from[0..to) with each of its list references replaced by the member
** idx[k] of its list (owned); the members' texts go into *members as "@name:
** member" for explain. */
static char *expand(const char *from, const char *to, const list_ref *refs, size_t nrefs,
		    const size_t *idx, char **members)
{
	cdr_buf b = CDR_BUF_INIT, m = CDR_BUF_INIT;
	const char *at = from;
	for (size_t k = 0; k < nrefs; k++) {
		const cdr_list_member *mem = &refs[k].list->members[idx[k]];
		cdr_buf_add(&b, at, (size_t)(refs[k].at - at));
		cdr_buf_adds(&b, mem->text);
		at = refs[k].at + 1 + refs[k].n;
		cdr_buf_printf(&m, "%s@%s: %s", k ? ", " : "", refs[k].list->name, mem->text);
	}
	cdr_buf_add(&b, at, (size_t)(to - at));
	*members = cdr_buf_take(&m);
	return cdr_buf_take(&b);
}

/* A phrase from[0..to) of the rule's pattern: one atom, or, when it names lists
** ('@partners'), one atom per member (per combination of members).  A list of
** 'exact:' members must be the whole phrase: its exact members are exact words, the
** others phrases. */
static int compile_phrase(ctx *c, const char *from, const char *to)
{
	const char *dots = find_ellipsis(from, to);
	if (dots) {
		fail(c, dots, 3,
		     "'...' (parts of a phrase apart in a clause) may only stand in a 'phrase:' "
		     "rule");
		return 0;
	}
	list_ref refs[64];
	size_t nrefs = 0, combinations = 1;
	int has_exact = 0;
	for (const char *at = from, *ref; (ref = cdr_list_ref_next(from, at, to, &refs[nrefs].n));
	     at = ref + 1 + refs[nrefs - 1].n) {
		list_ref *lr = &refs[nrefs];
		lr->at = ref;
		lr->list = cdr_codebook_find_list(c->cb, ref + 1, lr->n);
		if (!lr->list) {
			cdr_buf msg = CDR_BUF_INIT, note = CDR_BUF_INIT;
			cdr_buf_printf(&msg, "unknown list '@%.*s'", (int)lr->n, ref + 1);
			const char *guess = cdr_codebook_suggest_list(c->cb, ref + 1, lr->n);
			if (guess)
				cdr_buf_printf(&note, "did you mean '@%s'?", guess);
			else if (c->cb->list_count == 0)
				cdr_buf_adds(&note,
					     "define it before the first code: 'list: NAME = "
					     "member, member, ...'");
			fail_note(c, ref, 1 + lr->n, msg.data, note.len ? note.data : NULL);
			cdr_buf_free(&msg);
			cdr_buf_free(&note);
			return 0;
		}
		if (c->bad_lists[lr->list - c->cb->lists])
			return 0; /* reported at the list */
		if (c->r->role != CDR_ROLE_MATCH) {
			fail(c, ref, 1 + cdr_utf8_count(ref + 1, lr->n),
			     "a list can be named in phrase, near and all rules, not in an "
			     "exception or an obstacle cue");
			return 0;
		}
		combinations *= lr->list->member_count;
		has_exact |= lr->list->has_exact;
		if (combinations > CDR_MAX_LIST_ATOMS || ++nrefs == sizeof refs / sizeof *refs) {
			cdr_buf msg = CDR_BUF_INIT;
			if (combinations > CDR_MAX_LIST_ATOMS)
				cdr_buf_printf(&msg,
					       "the lists named in this phrase make more than %d "
					       "phrases (the product of their sizes)",
					       CDR_MAX_LIST_ATOMS);
			else
				cdr_buf_printf(&msg, "a phrase names at most %zu lists",
					       sizeof refs / sizeof *refs - 1);
			fail(c, ref, 1 + lr->n, msg.data);
			cdr_buf_free(&msg);
			return 0;
		}
	}
	if (nrefs == 0) {
		char *rx = phrase_regex(c, from, to);
		if (!rx)
			return 0;
		add_atom(c, rx, CDR_VIEW_NORM, from, to);
		return 1;
	}
	const char *tf = from, *tt = to;
	while (tf < tt && is_space(*tf))
		tf++;
	while (tt > tf && is_space(tt[-1]))
		tt--;
	int alone = nrefs == 1 && refs[0].at == tf && refs[0].at + 1 + refs[0].n == tt;
	if (has_exact && !alone) {
		for (size_t k = 0; k < nrefs; k++)
			if (refs[k].list->has_exact) {
				fail_note(
					c, refs[k].at, 1 + refs[k].n,
					"this list has 'exact:' members, which are matched in the "
					"original text: name it alone (a whole phrase, a side of "
					"NEAR, a phrase of 'all')",
					"words right before or after it: 'samen met BEFORE/0 @list', "
					"'@list BEFORE/0 zegt'");
				return 0;
			}
	}
	/* The phrase with a word in each list's place, for its errors at their places. */
	char *tmpl = cdr_xstrdup(c->r->pattern);
	for (size_t k = 0; k < nrefs; k++)
		tmpl[refs[k].at - c->r->pattern] = 'x';
	set_base(c, tmpl);
	char *rx = phrase_regex(c, tmpl + (from - c->r->pattern), tmpl + (to - c->r->pattern));
	set_base(c, c->r->pattern);
	free(tmpl);
	if (!rx)
		return 0;
	free(rx);
	size_t idx[sizeof refs / sizeof *refs] = { 0 }, column = col_of(c, from);
	for (;;) {
		char *members;
		char *text = expand(from, to, refs, nrefs, idx, &members);
		const cdr_list_member *mem = &refs[0].list->members[idx[0]];
		cdr_atom *a;
		if (alone && mem->exact) {
			cdr_buf wrx = CDR_BUF_INIT;
			const char *bad;
			cdr_buf_adds(&wrx, BEFORE);
			add_word(&wrx, mem->text, strlen(mem->text), 1, &bad); /* checked: a word */
			cdr_buf_adds(&wrx, AFTER);
			a = add_atom_shaped(c, cdr_buf_take(&wrx), CDR_VIEW_ORIG, SHAPE_EXACT,
					    mem->text, strlen(mem->text), column);
		} else {
			set_base(c, text); /* the members were checked: no error is left */
			char *prx = phrase_regex(c, text, text + strlen(text));
			set_base(c, c->r->pattern);
			CDR_ASSERT(prx);
			if (!prx) { /* reported, at its place in 'text' */
				free(text);
				free(members);
				return 0;
			}
			a = add_atom_shaped(c, prx, CDR_VIEW_NORM, SHAPE_PHRASE, text, strlen(text),
					    column);
		}
		a->member = members;
		free(a->text); /* explain names the phrase as written */
		a->text = cdr_xstrndup(from, (size_t)(to - from));
		free(text);
		size_t k = nrefs;
		while (k > 0 && ++idx[k - 1] == refs[k - 1].list->member_count)
			idx[--k] = 0;
		if (k == 0)
			break;
	}
	return 1;
}

/* A 'phrase:' rule: a phrase, or parts of one apart in a clause, in order
** ('werken ... samen'), each part a phrase. */
static int compile_phrase_rule(ctx *c)
{
	const char *pat = c->r->pattern, *end = pat + strlen(pat);
	const char *dots = c->r->role == CDR_ROLE_MATCH ? find_ellipsis(pat, end) : NULL;
	if (!dots)
		return compile_phrase(c, pat, end);
	cdr_logic *lg = &c->p->logic[c->rule];
	size_t at[CDR_MAX_PHRASE_PARTS + 1], nparts = 0;
	const char *from = pat, *last = dots;
	for (;;) {
		const char *to = dots ? dots : end;
		const char *f = from, *t = to;
		while (f < t && is_space(*f))
			f++;
		while (t > f && is_space(t[-1]))
			t--;
		if (f == t) {
			fail(c, dots ? dots : last, 3,
			     "'...' stands between two parts of a phrase, as in 'werken ... samen'");
			return 0;
		}
		if (nparts == CDR_MAX_PHRASE_PARTS) {
			cdr_buf msg = CDR_BUF_INIT;
			cdr_buf_printf(&msg, "a phrase has at most %d parts", CDR_MAX_PHRASE_PARTS);
			fail(c, f, cdr_utf8_count(f, (size_t)(t - f)), msg.data);
			cdr_buf_free(&msg);
			return 0;
		}
		at[nparts++] = c->p->atom_count;
		if (!compile_phrase(c, f, t))
			return 0;
		if (!dots)
			break;
		from = dots + 3;
		last = dots;
		dots = find_ellipsis(from, end);
	}
	at[nparts] = c->p->atom_count;
	lg->part_at = cdr_xcalloc(nparts + 1, sizeof *lg->part_at);
	memcpy(lg->part_at, at, (nparts + 1) * sizeof *at);
	lg->part_count = nparts;
	lg->in_clause = 1;
	return 1;
}

/* ---- 'forms:' a Dutch word and its forms (forms.h) ------------------------ */

/* Add an atom of a 'forms:' rule: 'regex', made from 'text' (a form, or the
** pattern for a compound).  A form is an ordinary word for the matcher and the
** prefilter; a compound's regex is widened for the prefilter, or run always. */
static void add_forms_atom(ctx *c, char *regex, const char *text, int word)
{
	cdr_program *p = c->p;
	CDR_GROW(p->atoms, p->atom_cap, p->atom_count + 1);
	cdr_atom *a = &p->atoms[p->atom_count++];
	memset(a, 0, sizeof *a);
	a->regex = regex;
	a->view = CDR_VIEW_NORM;
	a->rule = c->rule;
	a->column = 0;
	a->text = cdr_xstrdup(text);
	p->logic[c->rule].atom_count++;
	if (word) {
		add_part(a, text, strlen(text), 0);
		a->filter = cdr_xstrdup(a->anchor);
	} else {
		a->filter = cdr_widen_regex(regex, CDR_WIDEN_FOLDED_TEXT);
	}
	set_literals(a, NULL, NULL, 0);
}

/* Append "(?:f1|f2|...)", the forms escaped. */
static void add_alternatives(cdr_buf *rx, const cdr_forms *f)
{
	cdr_buf_adds(rx, "(?:");
	for (size_t i = 0; i < f->count; i++) {
		const char *bad = NULL;
		if (i)
			cdr_buf_addc(rx, '|');
		add_word(rx, f->v[i], strlen(f->v[i]), 1, &bad);
	}
	cdr_buf_addc(rx, ')');
}

/* Append "(?:s1|s2|...)" for the NULL-terminated list of plain words 'v'. */
static void add_alternatives_of(cdr_buf *rx, const char *const *v)
{
	cdr_buf_adds(rx, "(?:");
	for (size_t i = 0; v[i]; i++)
		cdr_buf_printf(rx, "%s%s", i ? "|" : "", v[i]);
	cdr_buf_addc(rx, ')');
}

/* A compound's other part: at least CDR_FORMS_MIN_PART word characters, with
** inner hyphens. */
#define STR_(x) #x
#define STR(x)  STR_(x)
#define PART    "(?:" WORDCHAR "{" STR(CDR_FORMS_MIN_PART) "}" STAR ")"

/* 'forms: W' (W and its forms), 'forms: W+' (also as the first part of a
** compound), 'forms: +W' (also as its head), 'forms: +W+' (anywhere in one). */
static int compile_forms(ctx *c)
{
	const char *pat = c->r->pattern, *end = pat + strlen(pat);
	const char *w = pat, *we = end;
	int head = 0, first = 0;
	if (w < we && *w == '+') {
		head = 1;
		w++;
	}
	if (we > w && we[-1] == '+') {
		first = 1;
		we--;
	}
	for (const char *q = w; q < we; q++)
		if (is_space(*q) || *q == '+' || *q == '*') {
			fail(c, q, 1,
			     is_space(*q) ? "'forms:' takes one word; use a rule for each word"
			     : *q == '+'  ? "a '+' may only stand at the start or end of the word"
					  : "'*' in a 'forms:' word; a '+' marks a compound");
			return 0;
		}
	char *lemma = cdr_norm_string(w, (size_t)(we - w));
	const char *why = cdr_forms_check(lemma);
	if (why) {
		fail(c, w, cdr_utf8_count(w, (size_t)(we - w)), why);
		free(lemma);
		return 0;
	}
	cdr_forms forms = CDR_FORMS_INIT;
	cdr_forms_of(lemma, &forms);
	for (size_t i = 0; i < forms.count; i++) {
		cdr_buf rx = CDR_BUF_INIT;
		const char *bad = NULL;
		cdr_buf_adds(&rx, BEFORE);
		add_word(&rx, forms.v[i], strlen(forms.v[i]), 1, &bad);
		cdr_buf_adds(&rx, AFTER);
		add_forms_atom(c, cdr_buf_take(&rx), forms.v[i], 1);
	}
	if (head) {
		/* A first part, not a bare prefix or particle (afdeling, mededeling are no
		** compounds of deling), an optional hyphen, then a form. */
		cdr_buf rx = CDR_BUF_INIT;
		cdr_buf_adds(&rx, BEFORE "(?!");
		add_alternatives_of(&rx, cdr_forms_not_first);
		cdr_buf_adds(&rx, "-?");
		add_alternatives(&rx, &forms);
		cdr_buf_adds(&rx, AFTER ")" PART);
		add_alternatives(&rx, &forms);
		cdr_buf_adds(&rx, AFTER);
		add_forms_atom(c, cdr_buf_take(&rx), pat, 0);
	}
	if (first) {
		/* The word as a first part (with a linking -s- or -en-), then, unless it
		** starts a derivation (vertrouwelijk, borgingsfase), an optional hyphen and
		** a rest that is not a mere suffix (gemeentelijk, bestuurders); after a
		** first part of its own with '+W+'. */
		cdr_forms parts = CDR_FORMS_INIT;
		cdr_forms_first_parts(lemma, &parts);
		cdr_buf rx = CDR_BUF_INIT;
		cdr_buf_adds(&rx, BEFORE);
		if (head)
			cdr_buf_adds(&rx, PART "?");
		add_alternatives(&rx, &parts);
		cdr_buf_adds(&rx, "(?!");
		add_alternatives_of(&rx, cdr_forms_not_rest_start);
		cdr_buf_adds(&rx, ")-?(?!");
		add_alternatives_of(&rx, cdr_forms_not_rest);
		cdr_buf_adds(&rx, AFTER ")" PART AFTER);
		add_forms_atom(c, cdr_buf_take(&rx), pat, 0);
		cdr_forms_free(&parts);
	}
	cdr_forms_free(&forms);
	free(lemma);
	return 1;
}

/* 'A NEAR/n B', 'A BEFORE/n B', 'A NEAR/sentence B'. */
static int compile_near(ctx *c)
{
	const char *pat = c->r->pattern, *end = pat + strlen(pat);
	const char *op = NULL, *op_end = NULL;
	cdr_logic *lg = &c->p->logic[c->rule];

	for (const char *p = pat; p < end;) {
		const char *t;
		size_t n = next_word(&p, end, &t);
		int near = n > 5 && strncmp(t, "NEAR/", 5) == 0;
		int before = n > 7 && strncmp(t, "BEFORE/", 7) == 0;
		if (!near && !before)
			continue;
		if (op) {
			fail(c, t, cdr_utf8_count(t, n),
			     "a 'near' rule takes one NEAR/n or BEFORE/n");
			return 0;
		}
		op = t;
		op_end = p;
		lg->ordered = before;
		const char *arg = t + (near ? 5 : 7);
		if ((size_t)(p - arg) == 8 && strncmp(arg, "sentence", 8) == 0) {
			lg->in_sentence = 1;
		} else if ((size_t)(p - arg) == 6 && strncmp(arg, "clause", 6) == 0) {
			lg->in_clause = 1;
		} else {
			unsigned v = 0;
			const char *q = arg;
			while (q < p && *q >= '0' && *q <= '9' && v <= MAX_NEAR_WORDS)
				v = v * 10 + (unsigned)(*q++ - '0');
			if (q == arg || q < p || v > MAX_NEAR_WORDS) {
				fail(c, arg, cdr_utf8_count(arg, (size_t)(p - arg)),
				     "after NEAR/ or BEFORE/ comes a number of words (0 to 1000), "
				     "'sentence' or 'clause'");
				return 0;
			}
			lg->words = v;
		}
	}
	if (!op) {
		fail(c, NULL, 0,
		     "a 'near' rule is written 'A NEAR/5 B', 'A BEFORE/5 B', 'A NEAR/sentence B' "
		     "or 'A NEAR/clause B'");
		return 0;
	}
	const char *a_end = op, *b_start = op_end;
	while (a_end > pat && is_space(a_end[-1]))
		a_end--;
	while (b_start < end && is_space(*b_start))
		b_start++;
	if (a_end == pat || b_start == end) {
		fail(c, op, cdr_utf8_count(op, (size_t)(op_end - op)),
		     "NEAR and BEFORE need a phrase on both sides");
		return 0;
	}
	if (lg->in_sentence)
		c->p->needs_sentences = 1;
	else if (!lg->in_clause)
		c->p->needs_words = 1;
	size_t at[3];
	at[0] = c->p->atom_count;
	if (!compile_phrase(c, pat, a_end))
		return 0;
	at[1] = c->p->atom_count;
	if (!compile_phrase(c, b_start, end))
		return 0;
	at[2] = c->p->atom_count;
	lg = &c->p->logic[c->rule];
	lg->part_at = cdr_xcalloc(3, sizeof *lg->part_at);
	memcpy(lg->part_at, at, sizeof at);
	lg->part_count = 2;
	return 1;
}

/* ---- 'all:' expressions: expr := and (OR and)*; and := unary (AND unary)*;
** unary := NOT unary | '(' expr ')' | phrase ------------------------------- */

typedef struct lexer {
	ctx *c;
	const char *p, *end;
	const char *tok, *tok_end; /* current token */
	int kind;                  /* 0 end, '(' ')', 'A' AND, 'O' OR, 'N' NOT, 'w' a word */
	int failed;
	int depth; /* NOTs and '(' open around the current token */
	size_t *chain;
	size_t chain_len, chain_cap; /* operands of the AND and OR chains being read */
} lexer;

static void next_token(lexer *lx)
{
	while (lx->p < lx->end && is_space(*lx->p))
		lx->p++;
	lx->tok = lx->p;
	if (lx->p >= lx->end) {
		lx->kind = 0;
		lx->tok_end = lx->p;
		return;
	}
	if (*lx->p == '(' || *lx->p == ')') {
		lx->kind = *lx->p++;
		lx->tok_end = lx->p;
		return;
	}
	while (lx->p < lx->end && !is_space(*lx->p) && *lx->p != ')' &&
	       !(lx->p > lx->tok && *lx->p == '('))
		lx->p++;
	lx->tok_end = lx->p;
	size_t n = (size_t)(lx->tok_end - lx->tok);
	lx->kind = n == 3 && strncmp(lx->tok, "AND", 3) == 0   ? 'A'
		   : n == 2 && strncmp(lx->tok, "OR", 2) == 0  ? 'O'
		   : n == 3 && strncmp(lx->tok, "NOT", 3) == 0 ? 'N'
							       : 'w';
}

static size_t new_node(cdr_logic *lg, cdr_expr_op op, size_t a, size_t b)
{
	size_t cap = lg->expr_count; /* grown one by one: expressions are short */
	lg->expr = cdr_xreallocarray(lg->expr, cap + 1, sizeof *lg->expr);
	lg->expr[lg->expr_count] = (cdr_expr){ op, 0, a, b, 0, 0 };
	return lg->expr_count++;
}

static size_t parse_or(lexer *lx);

/* Enter a NOT or '(' at the current token; fails beyond MAX_ALL_DEPTH. */
static int enter(lexer *lx)
{
	if (++lx->depth <= MAX_ALL_DEPTH)
		return 1;
	cdr_buf msg = CDR_BUF_INIT;
	cdr_buf_printf(&msg, "NOT and parentheses nest more than %d deep here", MAX_ALL_DEPTH);
	fail(lx->c, lx->tok, cdr_utf8_count(lx->tok, (size_t)(lx->tok_end - lx->tok)), msg.data);
	cdr_buf_free(&msg);
	lx->failed = 1;
	return 0;
}

static size_t parse_unary(lexer *lx)
{
	cdr_logic *lg = &lx->c->p->logic[lx->c->rule];
	if (lx->failed)
		return 0;
	if (lx->kind == 'N') {
		if (!enter(lx))
			return 0;
		next_token(lx);
		size_t a = parse_unary(lx);
		lx->depth--;
		return lx->failed ? 0 : new_node(lg, CDR_EXPR_NOT, a, 0);
	}
	if (lx->kind == '(') {
		const char *open = lx->tok;
		if (!enter(lx))
			return 0;
		next_token(lx);
		size_t e = parse_or(lx);
		lx->depth--;
		if (lx->failed)
			return 0;
		if (lx->kind != ')') {
			fail(lx->c, open, 1, "this '(' is not closed");
			lx->failed = 1;
			return 0;
		}
		next_token(lx);
		return e;
	}
	if (lx->kind != 'w') {
		fail(lx->c, lx->kind ? lx->tok : NULL, 1,
		     lx->kind ? "expected a phrase here" : "the expression ends too early");
		lx->failed = 1;
		return 0;
	}
	const char *from = lx->tok, *to = lx->tok_end;
	while (lx->kind == 'w') {
		to = lx->tok_end;
		next_token(lx);
	}
	size_t atom = lx->c->p->atom_count;
	if (!compile_phrase(lx->c, from, to)) {
		lx->failed = 1;
		return 0;
	}
	size_t n = new_node(lg, CDR_EXPR_TERM, 0, 0);
	lg->expr[n].atom = atom;
	lg->expr[n].atoms = lx->c->p->atom_count - atom;
	return n;
}

/* The operands v[0..n) joined by 'op' (AND or OR, associative) as a balanced tree, in
** their order: its depth grows with log2(n), not with n. */
static size_t balanced(cdr_logic *lg, cdr_expr_op op, const size_t *v, size_t n)
{
	if (n == 1)
		return v[0];
	size_t half = n / 2;
	size_t a = balanced(lg, op, v, half);
	size_t b = balanced(lg, op, v + half, n - half);
	return new_node(lg, op, a, b);
}

/* A chain 'operand (OP operand)*' of one operator: its operands, read by 'operand',
** go onto lx->chain (shared by the nested chains: each uses the part above where it
** started) and become one balanced tree. */
static size_t parse_chain(lexer *lx, int kind, cdr_expr_op op, size_t (*operand)(lexer *))
{
	size_t base = lx->chain_len;
	size_t first = operand(lx);
	CDR_GROW(lx->chain, lx->chain_cap, lx->chain_len + 1);
	lx->chain[lx->chain_len++] = first;
	while (!lx->failed && lx->kind == kind) {
		next_token(lx);
		size_t next = operand(lx);
		CDR_GROW(lx->chain, lx->chain_cap, lx->chain_len + 1);
		lx->chain[lx->chain_len++] = next;
	}
	size_t root = 0;
	if (!lx->failed)
		root = balanced(&lx->c->p->logic[lx->c->rule], op, lx->chain + base,
				lx->chain_len - base);
	lx->chain_len = base;
	return root;
}

static size_t parse_and(lexer *lx)
{
	return parse_chain(lx, 'A', CDR_EXPR_AND, parse_unary);
}

static size_t parse_or(lexer *lx)
{
	return parse_chain(lx, 'O', CDR_EXPR_OR, parse_and);
}

/* Mark terms under an odd number of NOTs; returns the value of the expression
** when no term is present. */
static int mark_and_eval_empty(cdr_logic *lg, size_t n, int negated)
{
	cdr_expr *e = &lg->expr[n];
	switch (e->op) {
	case CDR_EXPR_TERM:
		e->negated = negated;
		return 0;
	case CDR_EXPR_NOT:
		return !mark_and_eval_empty(lg, e->a, !negated);
	case CDR_EXPR_AND: {
		int a = mark_and_eval_empty(lg, e->a, negated);
		int b = mark_and_eval_empty(lg, lg->expr[n].b, negated);
		return a && b;
	}
	case CDR_EXPR_OR: {
		int a = mark_and_eval_empty(lg, e->a, negated);
		int b = mark_and_eval_empty(lg, lg->expr[n].b, negated);
		return a || b;
	}
	}
	return 0;
}

static int compile_all(ctx *c)
{
	lexer lx = { c,
		     c->r->pattern,
		     c->r->pattern + strlen(c->r->pattern),
		     NULL,
		     NULL,
		     0,
		     0,
		     0,
		     NULL,
		     0,
		     0 };
	cdr_logic *lg = &c->p->logic[c->rule];
	next_token(&lx);
	size_t root = parse_or(&lx);
	free(lx.chain);
	if (lx.failed)
		return 0;
	if (lx.kind != 0) {
		fail(c, lx.tok, cdr_utf8_count(lx.tok, (size_t)(lx.tok_end - lx.tok)),
		     lx.kind == ')' ? "this ')' has no '(' before it"
				    : "expected AND, OR or the end here");
		return 0;
	}
	lg = &c->p->logic[c->rule];
	lg->root = root;
	if (mark_and_eval_empty(lg, root, 0)) {
		fail(c, NULL, 0,
		     "this expression holds in a unit without any of its phrases, so it would "
		     "code everything; it needs a phrase that is not under NOT");
		return 0;
	}
	return 1;
}

/* Check every member of the codebook's lists as a phrase of its own (an exact
** member was checked as one word when it was read), with errors at its place on
** the list's line, and mark the lists with a bad member in bad[].  Returns the
** number of bad members. */
static size_t check_lists(const cdr_codebook *cb, cdr_program *p, char *bad, cdr_diag *d)
{
	size_t errors = 0;
	for (size_t k = 0; k < cb->list_count; k++) {
		const cdr_list *l = &cb->lists[k];
		for (size_t m = 0; m < l->member_count; m++) {
			const cdr_list_member *mem = &l->members[m];
			if (mem->exact)
				continue;
			cdr_rule r = { CDR_RULE_PHRASE,
				       CDR_ROLE_MATCH,
				       mem->text,
				       (size_t)-1,
				       { l->pos.line, mem->column, l->pos.source_line },
				       0 };
			ctx c = { cb, &r, d, p, 0, mem->text, bad, NULL, 0 };
			char *rx = phrase_regex(&c, mem->text, mem->text + strlen(mem->text));
			errors += !rx;
			bad[k] |= !rx;
			free(rx);
		}
	}
	return errors;
}

static cdr_rc build(const cdr_codebook *cb, int keep, cdr_program **out, cdr_diag *d)
{
	cdr_program *p = cdr_xcalloc(1, sizeof *p);
	size_t errors = 0;

	p->logic = cdr_xcalloc(cb->rule_count, sizeof *p->logic);
	p->rule_count = cb->rule_count;
	char *bad_lists = cdr_xcalloc(cb->list_count + 1, 1);
	errors += check_lists(cb, p, bad_lists, d);
	for (size_t i = 0; i < cb->rule_count; i++) {
		const cdr_rule *r = &cb->rules[i];
		ctx c = { cb, r, d, p, i, r->pattern, bad_lists, NULL, 0 };
		int ok = 0;
		const char *pat = r->pattern, *end = pat + strlen(pat);

		p->logic[i].first_atom = p->atom_count;
		if (r->role == CDR_ROLE_OBSTACLE)
			p->has_obstacles = 1;
		if (r->when & CDR_WHEN_SHORT)
			p->needs_words = 1; /* a short paragraph is counted in words */
		switch (r->kind) {
		case CDR_RULE_WORD:
		case CDR_RULE_GLOB:
			ok = compile_word(&c, 0);
			break;
		case CDR_RULE_EXACT:
			ok = compile_word(&c, 1);
			break;
		case CDR_RULE_PHRASE:
			ok = compile_phrase_rule(&c);
			break;
		case CDR_RULE_REGEX:
			add_atom(&c, cdr_xstrdup(pat), CDR_VIEW_NORM, pat, end);
			ok = 1;
			break;
		case CDR_RULE_NEAR:
			ok = compile_near(&c);
			break;
		case CDR_RULE_ALL:
			ok = compile_all(&c);
			break;
		case CDR_RULE_FORMS:
			ok = compile_forms(&c);
			break;
		}
		if (!ok) {
			if (!p->failed)
				p->failed = cdr_xcalloc(cb->rule_count, 1);
			p->failed[i] = 1;
			errors++;
		}
	}
	free(bad_lists);
	if (errors && !keep) {
		cdr_program_free(p);
		p = NULL;
	}
	*out = p;
	return errors ? CDR_ESYNTAX : CDR_OK;
}

cdr_rc cdr_program_build(const cdr_codebook *cb, cdr_program **out, cdr_diag *d)
{
	return build(cb, 0, out, d);
}

cdr_rc cdr_program_build_partial(const cdr_codebook *cb, cdr_program **out, cdr_diag *d)
{
	return build(cb, 1, out, d);
}

void cdr_program_free(cdr_program *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->atom_count; i++) {
		free(p->atoms[i].regex);
		free(p->atoms[i].text);
		free(p->atoms[i].filter);
		free(p->atoms[i].literals);
		free(p->atoms[i].member);
		cdr_atom_drop_parts(&p->atoms[i]);
	}
	free(p->atoms);
	free(p->failed);
	for (size_t i = 0; i < p->rule_count; i++) {
		free(p->logic[i].expr);
		free(p->logic[i].part_at);
	}
	free(p->logic);
	free(p);
}
