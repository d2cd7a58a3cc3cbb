/*
** codebook.c -- parsing codebook files and pattern tables (see codebook.h and
** doc/codebook.md).
**
** The parser reads line by line and keeps going after an error, so that one run
** reports every problem of a file, each at its line and column.
*/
#include "config.h"

#include "codebook.h"
#include "dict.h"
#include "mem.h"
#include "read.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* One line of the input being parsed. */
typedef struct line_ctx {
	const char *path;
	size_t number;    /* 1-based */
	const char *text; /* start of the line */
	size_t len;       /* bytes, without the line end */
	cdr_diag *d;
} line_ctx;

static size_t column_of(const line_ctx *l, const char *p)
{
	return cdr_utf8_count(l->text, (size_t)(p - l->text)) + 1;
}

static void report(const line_ctx *l, cdr_severity sev, const char *at, size_t width,
		   const char *msg)
{
	cdr_diag_pos pos = {
		l->path, l->number, at ? column_of(l, at) : 0, width, l->text, l->len
	};
	cdr_diag_add(l->d, sev, &pos, "%s", msg);
}

static cdr_srcpos srcpos_at(const line_ctx *l, const char *at)
{
	cdr_srcpos p = { l->number, column_of(l, at), cdr_xstrndup(l->text, l->len) };
	return p;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* ---------------------------------------------------------------- keys --- */

typedef enum key_id {
	KEY_CODEBOOK,
	KEY_CODE,
	KEY_LABEL,
	KEY_GROUP,
	KEY_COLOUR,
	KEY_DEFINITION,
	KEY_RULE, /* a key of rule_keys[] */
	KEY_EXAMPLE,
	KEY_NOT_EXAMPLE,
	KEY_EXAMPLE_ANSWER,
	KEY_NOT_EXAMPLE_ANSWER,
	KEY_WHEN,
	KEY_SHORT_UNIT,
	KEY_LIST
} key_id;

/* The rule keys: the one list of what a codebook may write for a rule, the kind
** and role it gives, and whether a pattern table's kind column may name it.
** Parsing both forms, cdr_rule_key() and the messages that list keys or kinds read
** it, in this order.  A new rule kind is a row here (and its compiling in
** compile.c, its evaluation in eval.c). */
static const struct rule_key {
	const char *name;
	cdr_rule_kind kind;
	cdr_rule_role role;
	int in_table;
} rule_keys[] = {
	{ "word", CDR_RULE_WORD, CDR_ROLE_MATCH, 1 },
	{ "glob", CDR_RULE_GLOB, CDR_ROLE_MATCH, 1 },
	{ "phrase", CDR_RULE_PHRASE, CDR_ROLE_MATCH, 1 },
	{ "regex", CDR_RULE_REGEX, CDR_ROLE_MATCH, 1 },
	{ "exact", CDR_RULE_EXACT, CDR_ROLE_MATCH, 1 },
	{ "near", CDR_RULE_NEAR, CDR_ROLE_MATCH, 0 },
	{ "all", CDR_RULE_ALL, CDR_ROLE_MATCH, 0 },
	{ "forms", CDR_RULE_FORMS, CDR_ROLE_MATCH, 1 },
	{ "except", CDR_RULE_PHRASE, CDR_ROLE_EXCEPT, 0 },
	{ "except-regex", CDR_RULE_REGEX, CDR_ROLE_EXCEPT, 0 },
	{ "obstacle", CDR_RULE_PHRASE, CDR_ROLE_OBSTACLE, 0 },
};
#define NRULE_KEYS (sizeof rule_keys / sizeof *rule_keys)

/* Every key of a codebook file; KEY_RULE stands for the rows of rule_keys[], in
** their order.  The order is that of the suggestions for a misspelt key. */
static const struct {
	const char *name;
	key_id id;
} keys[] = {
	{ "codebook", KEY_CODEBOOK },
	{ "code", KEY_CODE },
	{ "label", KEY_LABEL },
	{ "group", KEY_GROUP },
	{ "colour", KEY_COLOUR },
	{ "color", KEY_COLOUR },
	{ "definition", KEY_DEFINITION },
	{ NULL, KEY_RULE },
	{ "example", KEY_EXAMPLE },
	{ "not-example", KEY_NOT_EXAMPLE },
	{ "example-answer", KEY_EXAMPLE_ANSWER },
	{ "not-example-answer", KEY_NOT_EXAMPLE_ANSWER },
	{ "when", KEY_WHEN },
	{ "short-unit", KEY_SHORT_UNIT },
	{ "list", KEY_LIST },
};
#define NKEYS (sizeof keys / sizeof *keys - 1 + NRULE_KEYS) /* names, rule keys spread */

/* Every key's name, rule keys in their place, into names[NKEYS]. */
static void key_names(const char **names)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (keys[i].id != KEY_RULE) {
			names[n++] = keys[i].name;
			continue;
		}
		for (size_t k = 0; k < NRULE_KEYS; k++)
			names[n++] = rule_keys[k].name;
	}
}

/* The key named s[0..n): its id and, for KEY_RULE, its row in *rule; -1 if there
** is none. */
static int find_key(const char *s, size_t n, const struct rule_key **rule)
{
	*rule = NULL;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (keys[i].name && strlen(keys[i].name) == n && memcmp(keys[i].name, s, n) == 0)
			return (int)keys[i].id;
	for (size_t k = 0; k < NRULE_KEYS; k++)
		if (strlen(rule_keys[k].name) == n && memcmp(rule_keys[k].name, s, n) == 0) {
			*rule = &rule_keys[k];
			return KEY_RULE;
		}
	return -1;
}

/* Edit distance of a[0..an) and b, counting a swap of two neighbours as one edit
** (optimal string alignment), ignoring ASCII case; capped at 9. */
static size_t edit_distance(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b), m[32][32];
	if (an >= 31 || bn >= 31)
		return 9;
	for (size_t i = 0; i <= an; i++)
		m[i][0] = i;
	for (size_t j = 0; j <= bn; j++)
		m[0][j] = j;
	for (size_t i = 1; i <= an; i++) {
		for (size_t j = 1; j <= bn; j++) {
			size_t cost = (a[i - 1] | 32) == (b[j - 1] | 32) ? 0 : 1;
			size_t best = m[i - 1][j - 1] + cost;
			if (m[i - 1][j] + 1 < best)
				best = m[i - 1][j] + 1;
			if (m[i][j - 1] + 1 < best)
				best = m[i][j - 1] + 1;
			if (i > 1 && j > 1 && (a[i - 1] | 32) == (b[j - 2] | 32) &&
			    (a[i - 2] | 32) == (b[j - 1] | 32) && m[i - 2][j - 2] + 1 < best)
				best = m[i - 2][j - 2] + 1;
			m[i][j] = best;
		}
	}
	return m[an][bn] > 9 ? 9 : m[an][bn];
}

/* The known name closest to s[0..n), if it is close enough to be a typo. */
static const char *closest(const char *s, size_t n, const char *const *names, size_t count)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < count; i++) {
		size_t dist = edit_distance(s, n, names[i]);
		if (dist < best_d) {
			best_d = dist;
			best = names[i];
		}
	}
	return best && best_d <= (n > 4 ? 2 : 1) ? best : NULL;
}

const char *cdr_codebook_suggest(const cdr_codebook *cb, const char *id)
{
	const char **ids = cdr_xcalloc(cb->code_count ? cb->code_count : 1, sizeof *ids);
	for (size_t k = 0; k < cb->code_count; k++)
		ids[k] = cb->codes[k].id;
	const char *guess = closest(id, strlen(id), ids, cb->code_count);
	free(ids);
	return guess;
}

static int is_name_char(char c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-';
}

const char *cdr_list_ref_next(const char *begin, const char *p, const char *end, size_t *n)
{
	for (; p < end; p++) {
		if (*p != '@' || (p > begin && !is_blank(p[-1]) && p[-1] != '('))
			continue;
		const char *q = p + 1;
		while (q < end && is_name_char(*q))
			q++;
		if (q > p + 1) {
			*n = (size_t)(q - p - 1);
			return p;
		}
	}
	return NULL;
}

const cdr_list *cdr_codebook_find_list(const cdr_codebook *cb, const char *name, size_t n)
{
	for (size_t i = 0; i < cb->list_count; i++)
		if (strlen(cb->lists[i].name) == n && memcmp(cb->lists[i].name, name, n) == 0)
			return &cb->lists[i];
	return NULL;
}

const char *cdr_codebook_suggest_list(const cdr_codebook *cb, const char *name, size_t n)
{
	const char **names = cdr_xcalloc(cb->list_count ? cb->list_count : 1, sizeof *names);
	for (size_t k = 0; k < cb->list_count; k++)
		names[k] = cb->lists[k].name;
	const char *guess = closest(name, n, names, cb->list_count);
	free(names);
	return guess;
}

const char *cdr_rule_key(const cdr_rule *r)
{
	const char *fallback = NULL; /* the role's first key */
	for (size_t k = 0; k < NRULE_KEYS; k++) {
		if (rule_keys[k].role != r->role)
			continue;
		if (rule_keys[k].kind == r->kind)
			return rule_keys[k].name;
		if (!fallback)
			fallback = rule_keys[k].name;
	}
	return fallback;
}

/* ------------------------------------------------------------ building --- */

size_t cdr_codebook_find(const cdr_codebook *cb, const char *id)
{
	for (size_t i = 0; i < cb->code_count; i++)
		if (strcmp(cb->codes[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

static size_t add_code(cdr_codebook *cb, const char *id, size_t line)
{
	CDR_GROW(cb->codes, cb->code_cap, cb->code_count + 1);
	cdr_code *c = &cb->codes[cb->code_count];
	memset(c, 0, sizeof *c);
	c->id = cdr_xstrdup(id);
	c->line = line;
	return cb->code_count++;
}

static void add_rule(cdr_codebook *cb, size_t code, cdr_rule_kind kind, cdr_rule_role role,
		     const char *pat, size_t patlen, cdr_srcpos pos)
{
	CDR_GROW(cb->rules, cb->rule_cap, cb->rule_count + 1);
	cdr_rule *r = &cb->rules[cb->rule_count++];
	r->kind = kind;
	r->role = role;
	r->pattern = cdr_xstrndup(pat, patlen);
	r->code = code;
	r->pos = pos;
	r->when = 0;
	if (role == CDR_ROLE_MATCH)
		cb->codes[code].rule_count++;
}

/* 1 if s[0..n) is a valid code id; else 0 with *bad at the first wrong byte. */
static int valid_id(const char *s, size_t n, const char **bad)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int letter = (c | 32) >= 'a' && (c | 32) <= 'z';
		int ok = letter ||
			 (i > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'));
		if (!ok) {
			*bad = s + i;
			return 0;
		}
	}
	return 1;
}

/* Check the code id s[0..n) of line l; report an error at the culprit if it is
** not valid (an empty id at its place).  Returns 1 if it is valid. */
static int check_id(const line_ctx *l, const char *s, size_t n)
{
	const char *bad = s;
	if (n && valid_id(s, n, &bad))
		return 1;
	report(l, CDR_DIAG_ERROR, bad, 1,
	       "a code id starts with a letter and holds only letters, digits, '.', '-' and "
	       "'_'");
	return 0;
}

/* Normalise a colour to "#rrggbb"; returns NULL if s[0..n) is not #rgb / #rrggbb. */
static char *parse_colour(const char *s, size_t n)
{
	if ((n != 4 && n != 7) || s[0] != '#')
		return NULL;
	for (size_t i = 1; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f')))
			return NULL;
	}
	char *out = cdr_xmalloc(8);
	out[0] = '#';
	for (size_t i = 0; i < 6; i++) {
		char c = n == 7 ? s[1 + i] : s[1 + i / 2];
		out[1 + i] = (char)(c >= 'A' && c <= 'F' ? c + 32 : c);
	}
	out[7] = '\0';
	return out;
}

static void set_once(const line_ctx *l, char **field, const char *key, const char *v, size_t vn,
		     const char *keyat, const char *code_id)
{
	if (*field) {
		cdr_buf m = CDR_BUF_INIT;
		cdr_buf_printf(&m, "code '%s' has a second '%s'; give it once", code_id, key);
		report(l, CDR_DIAG_ERROR, keyat, strlen(key), cdr_buf_cstr(&m));
		cdr_buf_free(&m);
		return;
	}
	*field = cdr_xstrndup(v, vn);
}

/* ------------------------------------------------------- codebook files --- */

typedef struct parse_state {
	cdr_codebook *cb;
	size_t code; /* current code, or (size_t)-1 before the first */
	cdr_buf def; /* definition lines of the current code */
	int in_code;
	unsigned when;   /* the current code's last 'when:' */
	int short_given; /* a 'short-unit:' was read */
} parse_state;

static void finish_code(parse_state *ps)
{
	if (!ps->in_code)
		return;
	cdr_code *c = &ps->cb->codes[ps->code];
	c->definition = cdr_buf_take(&ps->def);
}

/* Append the keys of a codebook file to 'b' as a note lists them: those of the
** codebook as a whole, then those of a code. */
static void known_keys(cdr_buf *b)
{
	cdr_buf_adds(b, "known keys: codebook, short-unit, list");
	for (size_t k = 0; k < NRULE_KEYS; k++)
		if (rule_keys[k].role == CDR_ROLE_OBSTACLE)
			cdr_buf_printf(b, ", %s", rule_keys[k].name);
	cdr_buf_adds(b, ", code, label, group, colour, definition");
	for (size_t k = 0; k < NRULE_KEYS; k++)
		if (rule_keys[k].role != CDR_ROLE_OBSTACLE)
			cdr_buf_printf(b, ", %s", rule_keys[k].name);
	cdr_buf_adds(b, ", when, example, not-example, example-answer, not-example-answer");
}

/* The conditions of 'when:' and their words, in the order cdr_when_describe()
** writes them. */
static const struct {
	const char *name;
	unsigned flag;
} when_words[] = { { "answer", CDR_WHEN_ANSWER }, { "short", CDR_WHEN_SHORT } };
#define NWHEN (sizeof when_words / sizeof *when_words)

void cdr_when_describe(unsigned when, cdr_buf *out)
{
	size_t before = out->len;
	for (size_t i = 0; i < NWHEN; i++)
		if (when & when_words[i].flag)
			cdr_buf_printf(out, "%s%s", out->len > before ? " " : "",
				       when_words[i].name);
	if (out->len == before)
		cdr_buf_adds(out, "any");
}

/* 'when: any' or 'when: COND [COND]...': the rules after it in the code apply only
** where every condition holds. */
static void parse_when(parse_state *ps, line_ctx *l, const char *v, size_t vn)
{
	unsigned when = 0;
	int any = 0;
	for (const char *w = v, *end = v + vn; w < end;) {
		while (w < end && (is_blank(*w) || *w == ','))
			w++;
		const char *we = w;
		while (we < end && !is_blank(*we) && *we != ',')
			we++;
		if (we == w)
			break;
		size_t n = (size_t)(we - w), i = 0;
		while (i < NWHEN &&
		       !(strlen(when_words[i].name) == n && memcmp(when_words[i].name, w, n) == 0))
			i++;
		if (i < NWHEN) {
			when |= when_words[i].flag;
		} else if (n == 3 && memcmp(w, "any", 3) == 0) {
			any = 1;
		} else {
			report(l, CDR_DIAG_ERROR, w, cdr_utf8_count(w, n),
			       "'when' takes any, answer or short (or answer short: both)");
			return;
		}
		w = we;
	}
	if (any && when) {
		report(l, CDR_DIAG_ERROR, v, cdr_utf8_count(v, vn),
		       "'when: any' stands alone: it ends the conditions above it");
		return;
	}
	ps->when = when;
}

/* 'short-unit: N' (before the first code): a paragraph of at most N words is short. */
static void parse_short_unit(parse_state *ps, line_ctx *l, const char *keyat, size_t keylen,
			     const char *v, size_t vn)
{
	if (ps->in_code) {
		report(l, CDR_DIAG_ERROR, keyat, keylen,
		       "'short-unit' belongs before the first 'code'");
		return;
	}
	if (ps->short_given) {
		report(l, CDR_DIAG_ERROR, keyat, keylen, "'short-unit' is given twice");
		return;
	}
	size_t n = 0, i = 0;
	while (i < vn && v[i] >= '0' && v[i] <= '9' && n <= CDR_SHORT_WORDS_MAX)
		n = n * 10 + (size_t)(v[i++] - '0');
	if (i < vn && i > 0 && vn - i == 6 && memcmp(v + i, " words", 6) == 0)
		i = vn; /* "12 words" reads as well */
	if (i == 0 || i < vn || n == 0 || n > CDR_SHORT_WORDS_MAX) {
		report(l, CDR_DIAG_ERROR, v, cdr_utf8_count(v, vn),
		       "'short-unit' takes a number of words from 1 to 1000, e.g. 'short-unit: 12'");
		return;
	}
	ps->cb->short_words = n;
	ps->short_given = 1;
}

/* Is the word w[0..n) of a list member "..." (which splits a phrase)? */
static int is_ellipsis(const char *w, size_t n)
{
	return n == 3 && memcmp(w, "...", 3) == 0;
}

/* Check the member m[0..n) of a list on line l; report an error and return 0 if it
** is not a word, a glob or words (or 'exact:' and one word). */
static int check_member(const line_ctx *l, const char *m, size_t n, int exact)
{
	const char *end = m + n;
	for (const char *q = m; q < end; q++) {
		const char *msg = NULL;
		if (*q == '@' && (q == m || is_blank(q[-1])))
			msg = "a list's members are words: a list cannot name another list";
		else if (*q == '(' || *q == ')')
			msg = "a list's members are words, globs or phrases without optional "
			      "words; write '(...)?' in the rule";
		else if (exact && is_blank(*q))
			msg = "an 'exact:' member is one word";
		else if (exact && *q == '*')
			msg = "'*' in an exact member";
		else if (*q == '.' && end - q >= 3 && is_ellipsis(q, 3) &&
			 (q == m || is_blank(q[-1])) && (q + 3 == end || is_blank(q[3])))
			msg = "'...' (words apart) belongs in the rule, not in a list";
		if (msg) {
			report(l, CDR_DIAG_ERROR, q, 1, msg);
			return 0;
		}
	}
	return 1;
}

/* 'list: NAME = member, member, ...' (v[0..vend)), before the first code. */
static void parse_list(parse_state *ps, line_ctx *l, const char *keyat, const char *v,
		       const char *vend)
{
	cdr_codebook *cb = ps->cb;
	if (ps->in_code) {
		report(l, CDR_DIAG_ERROR, keyat, 4,
		       "lists apply to the whole codebook: define them before the first 'code'");
		return;
	}
	const char *name = v, *p = v;
	while (p < vend && is_name_char(*p))
		p++;
	size_t namelen = (size_t)(p - name);
	if (namelen == 0 || !((*name | 32) >= 'a' && (*name | 32) <= 'z')) {
		report(l, CDR_DIAG_ERROR, name, 1,
		       "a list is written 'list: NAME = member, member, ...', its name a letter "
		       "followed by letters, digits, '-' and '_'");
		return;
	}
	while (p < vend && is_blank(*p))
		p++;
	if (p >= vend || *p != '=') {
		report(l, CDR_DIAG_ERROR, p < vend ? p : vend - 1, 1,
		       "expected '=' and the members after the list's name, as in 'list: "
		       "partners = gemeente, politie'");
		return;
	}
	const cdr_list *prev = cdr_codebook_find_list(cb, name, namelen);
	if (prev) {
		cdr_buf m = CDR_BUF_INIT;
		cdr_buf_printf(&m, "duplicate list '%.*s'", (int)namelen, name);
		report(l, CDR_DIAG_ERROR, name, cdr_utf8_count(name, namelen), cdr_buf_cstr(&m));
		cdr_diag_pos pos = { l->path, prev->pos.line, prev->pos.column, 0, NULL, 0 };
		cdr_diag_add(l->d, CDR_DIAG_NOTE, &pos, "'%.*s' was first defined here",
			     (int)namelen, name);
		cdr_buf_free(&m);
		return;
	}
	cdr_list list = { cdr_xstrndup(name, namelen), NULL, 0, 0, srcpos_at(l, name) };
	size_t cap = 0;
	int ok = 1;
	for (p++; ok && p <= vend;) {
		const char *comma = memchr(p, ',', (size_t)(vend - p));
		const char *mend = comma ? comma : vend;
		const char *m = p;
		while (m < mend && is_blank(*m))
			m++;
		const char *me = mend;
		while (me > m && is_blank(me[-1]))
			me--;
		int exact = (size_t)(me - m) >= 6 && memcmp(m, "exact:", 6) == 0;
		if (exact)
			for (m += 6; m < me && is_blank(*m);)
				m++;
		if (m == me) {
			report(l, CDR_DIAG_ERROR, m < vend ? m : vend - 1, 1,
			       "an empty member: a list's members are separated by single commas");
			ok = 0;
			break;
		}
		if (list.member_count == CDR_MAX_LIST_MEMBERS) {
			cdr_buf msg = CDR_BUF_INIT;
			cdr_buf_printf(&msg, "a list holds at most %d members",
				       CDR_MAX_LIST_MEMBERS);
			report(l, CDR_DIAG_ERROR, m, 1, cdr_buf_cstr(&msg));
			cdr_buf_free(&msg);
			ok = 0;
			break;
		}
		if (!check_member(l, m, (size_t)(me - m), exact)) {
			ok = 0;
			break;
		}
		CDR_GROW(list.members, cap, list.member_count + 1);
		list.members[list.member_count++] =
			(cdr_list_member){ cdr_xstrndup(m, (size_t)(me - m)), exact,
					   column_of(l, m) };
		list.has_exact |= exact;
		p = mend + 1;
	}
	if (ok) {
		CDR_GROW(cb->lists, cb->list_cap, cb->list_count + 1);
		cb->lists[cb->list_count++] = list;
		return;
	}
	for (size_t i = 0; i < list.member_count; i++)
		free(list.members[i].text);
	free(list.members);
	free(list.name);
	free(list.pos.source_line);
}

static void parse_entry(parse_state *ps, line_ctx *l, const char *p, const char *end)
{
	cdr_codebook *cb = ps->cb;
	const char *keyat = p;
	while (p < end && (((*p | 32) >= 'a' && (*p | 32) <= 'z') || *p == '-'))
		p++;
	size_t keylen = (size_t)(p - keyat);
	if (keylen == 0 || p >= end || *p != ':') {
		const char *colon = memchr(keyat, ':', (size_t)(end - keyat));
		if (keylen && !colon) {
			report(l, CDR_DIAG_ERROR, keyat, keylen,
			       "expected 'key: value' (this line has no ':')");
		} else {
			report(l, CDR_DIAG_ERROR, keyat, 1,
			       "expected 'key: value' (a key is a word such as 'word' or "
			       "'label')");
		}
		return;
	}
	const struct rule_key *rule;
	int key = find_key(keyat, keylen, &rule);
	if (key < 0) {
		const char *names[NKEYS];
		key_names(names);
		cdr_buf m = CDR_BUF_INIT;
		cdr_buf_printf(&m, "unknown key '%.*s'", (int)keylen, keyat);
		report(l, CDR_DIAG_ERROR, keyat, keylen, cdr_buf_cstr(&m));
		const char *guess = closest(keyat, keylen, names, NKEYS);
		cdr_buf_reset(&m);
		if (guess)
			cdr_buf_printf(&m, "did you mean '%s'?", guess);
		else
			known_keys(&m);
		cdr_diag_pos pos = { l->path, l->number, column_of(l, keyat), 0, NULL, 0 };
		cdr_diag_add(l->d, CDR_DIAG_NOTE, &pos, "%s", cdr_buf_cstr(&m));
		cdr_buf_free(&m);
		return;
	}

	/* The value: after ':' and blanks, up to the end minus trailing blanks. */
	const char *v = p + 1;
	while (v < end && is_blank(*v))
		v++;
	const char *vend = end;
	while (vend > v && is_blank(vend[-1]))
		vend--;
	size_t vn = (size_t)(vend - v);
	if (vn == 0) {
		cdr_buf m = CDR_BUF_INIT;
		cdr_buf_printf(&m, "'%.*s' needs a value", (int)keylen, keyat);
		report(l, CDR_DIAG_ERROR, keyat, keylen, cdr_buf_cstr(&m));
		cdr_buf_free(&m);
		return;
	}

	if (rule && rule->role == CDR_ROLE_OBSTACLE) {
		if (ps->in_code) {
			report(l, CDR_DIAG_ERROR, keyat, keylen,
			       "obstacle cues apply to the whole codebook: put them before the "
			       "first 'code'");
			return;
		}
		add_rule(cb, (size_t)-1, rule->kind, rule->role, v, vn, srcpos_at(l, v));
		return;
	}
	if (key == KEY_LIST) {
		parse_list(ps, l, keyat, v, vend);
		return;
	}
	if (key == KEY_CODEBOOK) {
		if (ps->in_code) {
			report(l, CDR_DIAG_ERROR, keyat, keylen,
			       "'codebook' belongs before the first 'code'");
			return;
		}
		set_once(l, &cb->name, "codebook", v, vn, keyat, "(codebook)");
		return;
	}
	if (key == KEY_SHORT_UNIT) {
		parse_short_unit(ps, l, keyat, keylen, v, vn);
		return;
	}
	if (key == KEY_CODE) {
		if (!check_id(l, v, vn))
			return;
		char *id = cdr_xstrndup(v, vn);
		size_t prev = cdr_codebook_find(cb, id);
		if (prev != (size_t)-1) {
			cdr_buf m = CDR_BUF_INIT;
			cdr_buf_printf(&m, "duplicate code id '%s'", id);
			report(l, CDR_DIAG_ERROR, v, cdr_utf8_count(v, vn), cdr_buf_cstr(&m));
			cdr_diag_pos pos = { l->path, cb->codes[prev].line, 0, 0, NULL, 0 };
			cdr_diag_add(l->d, CDR_DIAG_NOTE, &pos, "'%s' was first defined here", id);
			cdr_buf_free(&m);
		}
		finish_code(ps);
		ps->code = add_code(cb, id, l->number);
		ps->in_code = 1;
		ps->when = 0;
		free(id);
		return;
	}
	if (!ps->in_code) {
		cdr_buf m = CDR_BUF_INIT;
		cdr_buf_printf(&m, "'%.*s' outside a code: start a code with 'code: ID' first",
			       (int)keylen, keyat);
		report(l, CDR_DIAG_ERROR, keyat, keylen, cdr_buf_cstr(&m));
		cdr_buf_free(&m);
		return;
	}
	cdr_code *c = &cb->codes[ps->code];
	switch ((key_id)key) {
	case KEY_LABEL:
		set_once(l, &c->label, "label", v, vn, keyat, c->id);
		break;
	case KEY_GROUP:
		set_once(l, &c->group, "group", v, vn, keyat, c->id);
		break;
	case KEY_COLOUR: {
		char *col = parse_colour(v, vn);
		if (!col) {
			report(l, CDR_DIAG_ERROR, v, cdr_utf8_count(v, vn),
			       "a colour is written #rrggbb or #rgb, e.g. #1f77b4");
			break;
		}
		if (c->colour) {
			free(col);
			set_once(l, &c->colour, "colour", v, vn, keyat, c->id);
			break;
		}
		c->colour = col;
		break;
	}
	case KEY_DEFINITION:
		if (ps->def.len)
			cdr_buf_addc(&ps->def, ' ');
		cdr_buf_add(&ps->def, v, vn);
		break;
	case KEY_RULE:
		add_rule(cb, ps->code, rule->kind, rule->role, v, vn, srcpos_at(l, v));
		if (rule->role == CDR_ROLE_MATCH)
			cb->rules[cb->rule_count - 1].when = ps->when;
		break;
	case KEY_WHEN:
		parse_when(ps, l, v, vn);
		break;
	case KEY_EXAMPLE:
	case KEY_NOT_EXAMPLE:
	case KEY_EXAMPLE_ANSWER:
	case KEY_NOT_EXAMPLE_ANSWER: {
		CDR_GROW(cb->examples, cb->example_cap, cb->example_count + 1);
		cdr_example *e = &cb->examples[cb->example_count++];
		e->text = cdr_xstrndup(v, vn);
		e->code = ps->code;
		e->must_match = key == KEY_EXAMPLE || key == KEY_EXAMPLE_ANSWER;
		e->answer = key == KEY_EXAMPLE_ANSWER || key == KEY_NOT_EXAMPLE_ANSWER;
		e->pos = srcpos_at(l, v);
		break;
	}
	case KEY_CODEBOOK:
	case KEY_CODE:
	case KEY_SHORT_UNIT:
	case KEY_LIST:
		break;
	}
}

/* Step 'l' to the next line of t[0..len), starting at *pos (0 for the first line);
** LF, CRLF and CR end lines.  Returns 0 when there are no more lines. */
static int next_line(const char *t, size_t len, size_t *pos, line_ctx *l)
{
	size_t i = *pos;
	if (i >= len)
		return 0;
	size_t e = i;
	while (e < len && t[e] != '\n' && t[e] != '\r')
		e++;
	l->number++;
	l->text = t + i;
	l->len = e - i;
	if (e < len)
		e += t[e] == '\r' && e + 1 < len && t[e + 1] == '\n' ? 2 : 1;
	*pos = e;
	return 1;
}

/* The first byte of the line that is not a blank, or NULL for a blank line or a
** comment. */
static const char *content_of(const line_ctx *l)
{
	const char *p = l->text, *end = l->text + l->len;
	while (p < end && is_blank(*p))
		p++;
	return p < end && *p != '#' ? p : NULL;
}

static void parse_codebook_file(cdr_codebook *cb, const char *t, size_t len, line_ctx *l)
{
	parse_state ps = { cb, (size_t)-1, CDR_BUF_INIT, 0, 0, 0 };
	size_t pos = 0;
	while (next_line(t, len, &pos, l)) {
		const char *p = content_of(l);
		if (p)
			parse_entry(&ps, l, p, l->text + l->len);
	}
	finish_code(&ps);
	cdr_buf_free(&ps.def);
}

/* ------------------------------------------------------ pattern tables --- */

/* The rule key a pattern table's kind column names with s[0..n), or NULL. */
static const struct rule_key *table_kind(const char *s, size_t n)
{
	for (size_t k = 0; k < NRULE_KEYS; k++)
		if (rule_keys[k].in_table && strlen(rule_keys[k].name) == n &&
		    memcmp(rule_keys[k].name, s, n) == 0)
			return &rule_keys[k];
	return NULL;
}

/* The kinds a pattern table may name, into names[NRULE_KEYS]; returns how many. */
static size_t table_kinds(const char **names)
{
	size_t n = 0;
	for (size_t k = 0; k < NRULE_KEYS; k++)
		if (rule_keys[k].in_table)
			names[n++] = rule_keys[k].name;
	return n;
}

/* Does the first line that is not blank or a comment look like code<TAB>kind<TAB>pattern? */
static int looks_like_table(const char *t, size_t len)
{
	line_ctx l = { 0 };
	size_t pos = 0;
	while (next_line(t, len, &pos, &l)) {
		if (!content_of(&l))
			continue;
		const char *end = l.text + l.len;
		const char *t1 = memchr(l.text, '\t', l.len);
		const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
		return t1 && t2 && table_kind(t1 + 1, (size_t)(t2 - t1 - 1));
	}
	return 0;
}

/* Parse one line code<TAB>kind<TAB>pattern of a pattern table. */
static void parse_table_line(cdr_codebook *cb, const line_ctx *l)
{
	const char *end = l->text + l->len;
	const char *t1 = memchr(l->text, '\t', l->len);
	const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
	const char *t3 = t2 ? memchr(t2 + 1, '\t', (size_t)(end - t2 - 1)) : NULL;
	if (!t2 || t3) {
		report(l, CDR_DIAG_ERROR, t3 ? t3 : l->text, 1,
		       "a pattern table line has three fields separated by tabs: code, kind, "
		       "pattern");
		return;
	}
	const char *id = l->text;
	size_t idn = (size_t)(t1 - l->text);
	const char *kindat = t1 + 1;
	size_t kindn = (size_t)(t2 - kindat);
	const struct rule_key *kind = table_kind(kindat, kindn);
	const char *pat = t2 + 1;
	size_t patn = (size_t)(end - pat);

	if (!check_id(l, id, idn))
		return;
	if (!kind) {
		const char *names[NRULE_KEYS];
		size_t nnames = table_kinds(names);
		cdr_buf m = CDR_BUF_INIT;
		cdr_buf_printf(&m, "unknown pattern kind '%.*s'", (int)kindn, kindat);
		const char *guess = closest(kindat, kindn, names, nnames);
		if (guess) {
			cdr_buf_printf(&m, "; did you mean '%s'?", guess);
		} else {
			cdr_buf_adds(&m, "; use ");
			for (size_t k = 0; k < nnames; k++)
				cdr_buf_printf(&m, "%s%s",
					       k == 0           ? ""
					       : k + 1 < nnames ? ", "
								: " or ",
					       names[k]);
		}
		report(l, CDR_DIAG_ERROR, kindat, cdr_utf8_count(kindat, kindn), cdr_buf_cstr(&m));
		cdr_buf_free(&m);
		return;
	}
	if (patn == 0) {
		report(l, CDR_DIAG_ERROR, pat, 1, "empty pattern");
		return;
	}
	char *ids = cdr_xstrndup(id, idn);
	size_t code = cdr_codebook_find(cb, ids);
	if (code == (size_t)-1)
		code = add_code(cb, ids, l->number);
	free(ids);
	add_rule(cb, code, kind->kind, kind->role, pat, patn, srcpos_at(l, pat));
}

static void parse_table(cdr_codebook *cb, const char *t, size_t len, line_ctx *l)
{
	size_t pos = 0;
	cb->is_table = 1;
	while (next_line(t, len, &pos, l))
		if (content_of(l))
			parse_table_line(cb, l);
}

/* ------------------------------------------------------------- entries --- */

/* Do two rules say the same: same code, key and pattern? */
static int same_rule(const cdr_rule *a, const cdr_rule *b)
{
	return a->code == b->code && a->kind == b->kind && a->role == b->role &&
	       strcmp(a->pattern, b->pattern) == 0;
}

/* Order rules (pointers into one array) by code, key and pattern, then by place. */
static int compare_rules(const void *x, const void *y)
{
	const cdr_rule *a = *(const cdr_rule *const *)x, *b = *(const cdr_rule *const *)y;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->role != b->role)
		return a->role < b->role ? -1 : 1;
	int c = strcmp(a->pattern, b->pattern);
	if (c)
		return c;
	return a < b ? -1 : a > b;
}

/* Warn about a rule that repeats an earlier rule of the same code (same key, same
** pattern): it adds nothing, and usually means an edit went wrong.  Sorting puts
** the repeats next to each other, after the first of them (comparing every pair
** took 0.01 s for 3,000 rules, and would take a second for 30,000). */
static void warn_duplicate_rules(const cdr_codebook *cb, cdr_diag *d)
{
	size_t n = cb->rule_count;
	if (n < 2)
		return;
	const cdr_rule **order = cdr_xcalloc(n, sizeof *order);
	size_t *first = cdr_xcalloc(n, sizeof *first); /* per rule: the first one like it */
	for (size_t i = 0; i < n; i++)
		order[i] = &cb->rules[i];
	qsort(order, n, sizeof *order, compare_rules);
	for (size_t k = 0, g = 0; k < n; k++) {
		if (!same_rule(order[g], order[k]))
			g = k;
		first[order[k] - cb->rules] = (size_t)(order[g] - cb->rules);
	}
	for (size_t i = 1; i < n; i++) {
		if (first[i] == i)
			continue;
		const cdr_rule *r = &cb->rules[i];
		cdr_diag_pos pos = {
			cb->path,           r->pos.line,
			r->pos.column,      cdr_utf8_count(r->pattern, strlen(r->pattern)),
			r->pos.source_line, strlen(r->pos.source_line)
		};
		cdr_diag_add(d, CDR_DIAG_WARNING, &pos, "this rule repeats the rule on line %zu",
			     cb->rules[first[i]].pos.line);
	}
	free(order);
	free(first);
}

/* Warn about a list that no rule names: a list is for rules, and one left over
** usually means a misspelt '@name' (which is an error where it stands) or a rule
** deleted. */
static void warn_unused_lists(const cdr_codebook *cb, cdr_diag *d)
{
	if (!cb->list_count)
		return;
	char *used = cdr_xcalloc(cb->list_count, 1);
	for (size_t i = 0; i < cb->rule_count; i++) {
		const char *pat = cb->rules[i].pattern, *end = pat + strlen(pat), *at = pat;
		size_t n;
		while ((at = cdr_list_ref_next(pat, at, end, &n))) {
			const cdr_list *l = cdr_codebook_find_list(cb, at + 1, n);
			if (l)
				used[l - cb->lists] = 1;
			at += 1 + n;
		}
	}
	for (size_t k = 0; k < cb->list_count; k++) {
		if (used[k])
			continue;
		const cdr_list *l = &cb->lists[k];
		cdr_diag_pos pos = { cb->path,           l->pos.line,
				     l->pos.column,      cdr_utf8_count(l->name, strlen(l->name)),
				     l->pos.source_line, strlen(l->pos.source_line) };
		cdr_diag_add(d, CDR_DIAG_WARNING, &pos, "list '%s' is not used: no rule names @%s",
			     l->name, l->name);
	}
	free(used);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* A codebook file or a pattern table; with 'keep', what did parse is kept on an
** error (cdr_codebook_parse_partial). */
static cdr_rc parse_text(const char *path, const char *t, size_t len, int keep, cdr_codebook **out,
			 cdr_diag *d)
{
	cdr_codebook *cb = cdr_xcalloc(1, sizeof *cb);
	size_t errors_before = d->errors;
	line_ctx l = { path, 0, NULL, 0, d };

	cb->path = cdr_xstrdup(path);
	cb->short_words = CDR_SHORT_WORDS_DEFAULT;
	if (looks_like_table(t, len))
		parse_table(cb, t, len, &l);
	else
		parse_codebook_file(cb, t, len, &l);

	for (size_t i = 0; i < cb->code_count; i++) {
		cdr_code *c = &cb->codes[i];
		if (!c->label)
			c->label = cdr_xstrdup(c->id);
		if (!c->group)
			c->group = cdr_xstrdup("");
		if (!c->colour)
			c->colour = cdr_xstrdup("");
		if (!c->definition)
			c->definition = cdr_xstrdup("");
		if (c->rule_count == 0) {
			cdr_diag_pos pos = { path, c->line, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
				     "code '%s' has no rules: codeer will never apply it", c->id);
		}
	}
	warn_duplicate_rules(cb, d);
	warn_unused_lists(cb, d);
	if (!cb->name) {
		const char *b = base_name(path);
		const char *dot = strrchr(b, '.');
		cb->name = dot && dot != b ? cdr_xstrndup(b, (size_t)(dot - b)) : cdr_xstrdup(b);
	}
	if (d->errors == errors_before && cb->code_count == 0) {
		cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "the codebook defines no codes (start one with 'code: ID')");
	}
	if (d->errors > errors_before) {
		if (!keep) {
			cdr_codebook_free(cb);
			cb = NULL;
		}
		*out = cb;
		return CDR_ESYNTAX;
	}
	*out = cb;
	return CDR_OK;
}

cdr_rc cdr_codebook_parse_text(const char *path, const char *t, size_t len, cdr_codebook **out,
			       cdr_diag *d)
{
	return parse_text(path, t, len, 0, out, d);
}

/* A dictionary of another tool by its name or first line, else a codebook file or
** a pattern table. */
static cdr_rc parse(const char *path, const char *t, size_t len, int keep, cdr_codebook **out,
		    cdr_diag *d)
{
	cdr_dict_format f = cdr_dict_detect(path, t, len);
	if (f != CDR_DICT_NONE)
		return cdr_dict_parse(path, t, len, f, out, d);
	return parse_text(path, t, len, keep, out, d);
}

cdr_rc cdr_codebook_parse(const char *path, const char *t, size_t len, cdr_codebook **out,
			  cdr_diag *d)
{
	return parse(path, t, len, 0, out, d);
}

cdr_rc cdr_codebook_parse_partial(const char *path, const char *t, size_t len, cdr_codebook **out,
				  cdr_diag *d)
{
	return parse(path, t, len, 1, out, d);
}

cdr_rc cdr_codebook_load(const char *path, cdr_codebook **out, cdr_diag *d)
{
	cdr_doc doc;
	*out = NULL;
	cdr_rc rc = cdr_doc_read(path, &doc, d);
	if (rc != CDR_OK)
		return rc;
	rc = cdr_codebook_parse(path, doc.text, doc.len, out, d);
	cdr_doc_free(&doc);
	return rc;
}

void cdr_codebook_free(cdr_codebook *cb)
{
	if (!cb)
		return;
	for (size_t i = 0; i < cb->code_count; i++) {
		cdr_code *c = &cb->codes[i];
		free(c->id);
		free(c->label);
		free(c->group);
		free(c->colour);
		free(c->definition);
	}
	for (size_t i = 0; i < cb->rule_count; i++) {
		free(cb->rules[i].pattern);
		free(cb->rules[i].pos.source_line);
	}
	for (size_t i = 0; i < cb->example_count; i++) {
		free(cb->examples[i].text);
		free(cb->examples[i].pos.source_line);
	}
	for (size_t i = 0; i < cb->list_count; i++) {
		cdr_list *l = &cb->lists[i];
		for (size_t k = 0; k < l->member_count; k++)
			free(l->members[k].text);
		free(l->members);
		free(l->name);
		free(l->pos.source_line);
	}
	free(cb->lists);
	free(cb->codes);
	free(cb->rules);
	free(cb->examples);
	free(cb->path);
	free(cb->name);
	free(cb);
}
