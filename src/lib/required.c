/*
** required.c -- required literals of a regular expression (see required.h).
**
** A recursive descent over the subset of PCRE2 syntax that codebooks use:
**   alternation  := sequence ('|' sequence)*
**   sequence     := (item quantifier?)*
**   item         := literal | '\' escape | '(' group ')' | '[' class ']' | '.' | '^' | '$'
** It is an allow-list: each escape, group opening, class part and quantifier it
** follows is listed, and anything else (verbs such as "(*MARK:x)" or "(*UTF)",
** options, \Q..\E, back references, '{' that is no plain repeat, groups nested more
** than MAX_DEPTH deep) makes it give up, so that the expression runs everywhere.
** For each part it computes a "requirement": a set of literals one of which every
** match contains, or none.  A sequence keeps the best requirement of its items (the
** one whose shortest literal is longest), joining adjacent literal characters into
** runs; an alternation needs one requirement from every branch and unites them.
** Anything optional (?, *, {0,n}), lookarounds and anchors require nothing.
*/
#include "config.h"

#include "required.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ALTS 32
#define MIN_LEN  3

typedef struct req {
	char *lit[MAX_ALTS];
	size_t count; /* 0: nothing required */
} req;

static void req_free(req *r)
{
	for (size_t i = 0; i < r->count; i++)
		free(r->lit[i]);
	r->count = 0;
}

static size_t req_score(const req *r)
{
	if (!r->count)
		return 0;
	size_t best = (size_t)-1;
	for (size_t i = 0; i < r->count; i++) {
		size_t n = strlen(r->lit[i]);
		if (n < best)
			best = n;
	}
	return best;
}

/* Keep the better of *a and *b in *a; free the other. */
static void req_keep_best(req *a, req *b)
{
	if (req_score(b) > req_score(a)) {
		req_free(a);
		*a = *b;
	} else {
		req_free(b);
	}
	b->count = 0;
}

typedef struct parser {
	const char *p;
	int failed; /* syntax we do not follow: give up on the whole expression */
} parser;

static req parse_alternation(parser *ps, int depth);

/* Groups nested deeper than this are not followed (PCRE2 itself allows 250). */
#define MAX_DEPTH 64

/* Is c an ASCII character that stands for itself outside a class?  (Not one with a
** meaning, nor '{' and '}', which PCRE2 reads either way depending on what follows
** and on its version.) */
static int plain(char c)
{
	return c > 0 && (unsigned char)c < 0x80 && !strchr("\\^$.|?*+()[]{}", c);
}

static int is_alnum(char c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A quantifier at ps->p: ?, *, +, {n}, {n,} or {n,m}, perhaps lazy or possessive.
** Returns 1 and sets *min if there is one; 0 if there is none; fails on a '{' that
** is not one of those (PCRE2 reads "{,3}" and "{ 3 }" differently by version). */
static int quantifier(parser *ps, unsigned *min)
{
	const char *q = ps->p;
	if (*q == '?' || *q == '*' || *q == '+') {
		*min = *q == '+';
		q++;
	} else if (*q == '{') {
		unsigned v = 0;
		if (!is_digit(*++q)) {
			ps->failed = 1;
			return 0;
		}
		for (; is_digit(*q); q++)
			v = v < 100000 ? v * 10 + (unsigned)(*q - '0') : v;
		if (*q == ',')
			for (q++; is_digit(*q); q++)
				;
		if (*q != '}') {
			ps->failed = 1;
			return 0;
		}
		q++;
		*min = v;
	} else {
		return 0;
	}
	if (*q == '?' || *q == '+') /* lazy or possessive */
		q++;
	ps->p = q;
	return 1;
}

/* \p{Name}, \p{^Name} or \pL, at the character after the 'p' or 'P': moves past it;
** fails if it is not complete. */
static void property(parser *ps)
{
	if (*ps->p == '{') {
		const char *end = strchr(ps->p, '}');
		if (!end) {
			ps->failed = 1;
			return;
		}
		ps->p = end + 1;
	} else if ((*ps->p | 32) >= 'a' && (*ps->p | 32) <= 'z') {
		ps->p++;
	} else {
		ps->failed = 1;
	}
}

/* POSIX class names PCRE2 knows that stand for one character ([[:<:]] and [[:>:]]
** are word boundaries, not classes). */
static int posix_name(const char *name, size_t n)
{
	static const char *const names[] = { "alnum", "alpha", "ascii", "blank", "cntrl",
					     "digit", "graph", "lower", "print", "punct",
					     "space", "upper", "word",  "xdigit" };
	if (n && *name == '^') {
		name++;
		n--;
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
			return 1;
	return 0;
}

/* A class, after the '[': moves past its ']'.  It matches one character, whatever it
** holds; only syntax known to be part of the class is followed, anything else
** fails. */
static void skip_class(parser *ps)
{
	if (*ps->p == '^')
		ps->p++;
	if (*ps->p == ']')
		ps->p++;
	while (!ps->failed && *ps->p != ']') {
		char c = *ps->p;
		if (!c) {
			ps->failed = 1;
		} else if (c == '\\') {
			char e = ps->p[1];
			ps->p += 2;
			if (e && (unsigned char)e < 0x80 && !is_alnum(e))
				; /* escaped punctuation */
			else if (e && strchr("pP", e))
				property(ps);
			else if (!e || !strchr("dDwWsShHvVntrfeab", e))
				ps->failed = 1; /* \Q, \E, \x.., \N, \c.. ...: not followed */
		} else if (c == '[' && (ps->p[1] == ':' || ps->p[1] == '.' || ps->p[1] == '=')) {
			const char *name = ps->p + 2;
			const char *end = ps->p[1] == ':' ? strstr(name, ":]") : NULL;
			if (!end || !posix_name(name, (size_t)(end - name)))
				ps->failed = 1;
			else
				ps->p = end + 2;
		} else {
			ps->p++;
		}
	}
	if (!ps->failed)
		ps->p++;
}

/* What the item at ps->p is. */
enum item { I_CHAR, I_ZERO, I_OTHER };

/* One item: a literal character (I_CHAR, in *ch), something of zero width (I_ZERO),
** or something that matches but requires no literal of its own (I_OTHER: *r holds
** what a group requires).  Everything not listed here fails: verbs, options,
** \Q..\E, back references, conditionals, recursion, callouts, comments. */
static enum item parse_item(parser *ps, int depth, char *ch, req *r)
{
	char c = *ps->p;
	if (plain(c)) {
		*ch = c;
		ps->p++;
		return I_CHAR;
	}
	if ((unsigned char)c >= 0x80) {
		/* A non-ASCII character: not a literal (those are matched caseless as ASCII);
		** move past its continuation bytes. */
		ps->p++;
		while (((unsigned char)*ps->p & 0xC0) == 0x80)
			ps->p++;
		return I_OTHER;
	}
	switch (c) {
	case '\\': {
		char e = ps->p[1];
		ps->p += e ? 2 : 1;
		if (!e)
			break;
		if ((unsigned char)e < 0x80 && !is_alnum(e)) {
			*ch = e; /* an escaped punctuation character */
			return I_CHAR;
		}
		if (strchr("bBAzZG", e))
			return I_ZERO;
		if (strchr("pP", e)) {
			property(ps);
			return I_OTHER;
		}
		if (strchr("dDwWsShHvVRXntrfea", e))
			return I_OTHER;
		break; /* \x41, \Q, \K, \N, back references ...: not followed */
	}
	case '[':
		ps->p++;
		skip_class(ps);
		return I_OTHER;
	case '.':
		ps->p++;
		return I_OTHER;
	case '^':
	case '$':
		ps->p++;
		return I_ZERO;
	case '(': {
		const char *q = ps->p + 1;
		int zero_width = 0;
		if (q[0] == '?') {
			if (q[1] == ':' || q[1] == '>' || q[1] == '|') {
				q += 2;
			} else if (q[1] == '=' || q[1] == '!') {
				q += 2;
				zero_width = 1;
			} else if (q[1] == '<' && (q[2] == '=' || q[2] == '!')) {
				q += 3;
				zero_width = 1;
			} else {
				break; /* options, named groups, comments ...: not followed */
			}
		} else if (q[0] == '*') {
			break; /* (*VERB), (*UTF), (*pla:...), ...: not followed */
		}
		ps->p = q;
		*r = parse_alternation(ps, depth + 1);
		if (ps->failed || *ps->p != ')') {
			ps->failed = 1;
			req_free(r);
			return I_OTHER;
		}
		ps->p++;
		if (zero_width) {
			req_free(r);
			return I_ZERO;
		}
		return I_OTHER;
	}
	default:
		break; /* a quantifier with nothing before it, '{', '}', ... */
	}
	ps->failed = 1;
	return I_OTHER;
}

/* A sequence up to '|' or ')' or the end. */
static req parse_sequence(parser *ps, int depth)
{
	req best = { { 0 }, 0 };
	cdr_buf run = CDR_BUF_INIT;

	while (!ps->failed && *ps->p && *ps->p != '|' && *ps->p != ')') {
		req item = { { 0 }, 0 };
		char ch = 0;
		enum item k = parse_item(ps, depth, &ch, &item);
		if (ps->failed) {
			req_free(&item);
			break;
		}
		if (k == I_ZERO)
			continue; /* no characters: the literal run goes on across it */
		unsigned min = 1;
		int q = quantifier(ps, &min);
		if (ps->failed) {
			req_free(&item);
			break;
		}
		if (k == I_CHAR) {
			ch = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			if (!q) {
				cdr_buf_addc(&run, ch);
				continue;
			}
			if (min >= 1) /* "x+" "x{2,}": the x is required, the run ends */
				cdr_buf_addc(&run, ch);
		}
		if (q && min == 0)
			req_free(&item);
		req_keep_best(&best, &item);
		/* The literal run so far ends here. */
		if (run.len) {
			req r = { { cdr_xstrndup(run.data, run.len) }, 1 };
			req_keep_best(&best, &r);
			cdr_buf_reset(&run);
		}
	}
	if (run.len) {
		req r = { { cdr_xstrndup(run.data, run.len) }, 1 };
		req_keep_best(&best, &r);
	}
	cdr_buf_free(&run);
	return best;
}

static req parse_alternation(parser *ps, int depth)
{
	req all = { { 0 }, 0 };
	if (depth > MAX_DEPTH) {
		ps->failed = 1;
		return all;
	}
	all = parse_sequence(ps, depth);
	int missing = all.count == 0;
	while (!ps->failed && *ps->p == '|') {
		ps->p++;
		req next = parse_sequence(ps, depth);
		if (!next.count || all.count + next.count > MAX_ALTS)
			missing = 1;
		for (size_t i = 0; i < next.count; i++) {
			if (!missing && all.count < MAX_ALTS)
				all.lit[all.count++] = next.lit[i];
			else
				free(next.lit[i]);
		}
	}
	if (missing)
		req_free(&all);
	return all;
}

char *cdr_required_literals(const char *regex)
{
	parser ps = { regex, 0 };
	req r = parse_alternation(&ps, 0);
	if (ps.failed || *ps.p || req_score(&r) < MIN_LEN) {
		req_free(&r);
		return NULL;
	}
	cdr_buf b = CDR_BUF_INIT;
	if (r.count > 1)
		cdr_buf_adds(&b, "(?:");
	for (size_t i = 0; i < r.count; i++) {
		if (i)
			cdr_buf_addc(&b, '|');
		for (const char *q = r.lit[i]; *q; q++) {
			if (!((*q | 32) >= 'a' && (*q | 32) <= 'z') && !(*q >= '0' && *q <= '9'))
				cdr_buf_addc(&b, '\\');
			cdr_buf_addc(&b, *q);
		}
	}
	if (r.count > 1)
		cdr_buf_addc(&b, ')');
	req_free(&r);
	return cdr_buf_take(&b);
}
