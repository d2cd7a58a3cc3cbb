/*
** required.c -- required literals of a regular expression (see required.h).
**
** A recursive descent over the subset of PCRE2 syntax that codebooks use:
**   alternation  := sequence ('|' sequence)*
**   sequence     := (item quantifier?)*
**   item         := literal | '\' escape | '(' group ')' | '[' class ']' | '.' | '^' | '$'
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

static req parse_alternation(parser *ps);

/* Is c a character that stands for itself outside a class? */
static int plain(char c)
{
	return c && !strchr("\\^$.|?*+()[]{}", c);
}

/* A quantifier at ps->p: returns 1 and sets *min (0 or more) if there is one. */
static int quantifier(parser *ps, unsigned *min)
{
	char c = *ps->p;
	if (c == '?' || c == '*' || c == '+') {
		*min = c == '+';
		ps->p++;
	} else if (c == '{' && ps->p[1] >= '0' && ps->p[1] <= '9') {
		unsigned v = 0;
		const char *q = ps->p + 1;
		while (*q >= '0' && *q <= '9')
			v = v * 10 + (unsigned)(*q++ - '0');
		while (*q && *q != '}')
			q++;
		if (*q != '}') {
			ps->failed = 1;
			return 0;
		}
		ps->p = q + 1;
		*min = v;
	} else {
		return 0;
	}
	if (*ps->p == '?' || *ps->p == '+') /* lazy or possessive */
		ps->p++;
	return 1;
}

/* A sequence up to '|' or ')' or the end. */
static req parse_sequence(parser *ps)
{
	req best = { { 0 }, 0 };
	cdr_buf run = CDR_BUF_INIT;

	while (!ps->failed && *ps->p && *ps->p != '|' && *ps->p != ')') {
		char c = *ps->p;
		req item = { { 0 }, 0 };
		int is_char = 0;
		char ch = 0;
		if (plain(c)) {
			if ((unsigned char)c >=
			    0x80) { /* non-ASCII: caseless literals must be ASCII */
				ps->p++;
				goto breaks;
			}
			is_char = 1;
			ch = c;
			ps->p++;
		} else if (c == '\\') {
			char e = ps->p[1];
			ps->p += e ? 2 : 1;
			if (!e) {
				ps->failed = 1;
				break;
			}
			if ((unsigned char)e < 0x80 && !((e | 32) >= 'a' && (e | 32) <= 'z') &&
			    !(e >= '0' && e <= '9')) {
				is_char = 1; /* an escaped punctuation character */
				ch = e;
			} else if (strchr("bBAzZG", e)) {
				continue;             /* an anchor: zero width */
			} else if (strchr("pP", e)) { /* \\p{L} or \\pL: a class */
				if (*ps->p == '{') {
					while (*ps->p && *ps->p != '}')
						ps->p++;
				}
				if (!*ps->p) { /* "\\p" or "\\p{L" at the end */
					ps->failed = 1;
					break;
				}
				ps->p++;
			} else if (!strchr("dDwWsShHvVRXntrfea", e)) {
				ps->failed = 1; /* \x41, \Q, back references ...: not followed */
				break;
			}
		} else if (c == '[') {
			ps->p++;
			if (*ps->p == '^')
				ps->p++;
			if (*ps->p == ']')
				ps->p++;
			while (*ps->p && *ps->p != ']') {
				if (*ps->p == '\\' && ps->p[1]) {
					ps->p += 2;
				} else if (*ps->p == '[' && ps->p[1] == ':') { /* [:alpha:] */
					const char *end = strstr(ps->p + 2, ":]");
					if (!end) {
						ps->failed = 1;
						break;
					}
					ps->p = end + 2;
				} else {
					ps->p++;
				}
			}
			if (ps->failed)
				break;
			if (*ps->p != ']') {
				ps->failed = 1;
				break;
			}
			ps->p++;
		} else if (c == '(') {
			ps->p++;
			int zero_width = 0;
			if (*ps->p == '?') {
				if (ps->p[1] == ':') {
					ps->p += 2;
				} else if (ps->p[1] == '=' || ps->p[1] == '!') {
					ps->p += 2;
					zero_width = 1;
				} else if (ps->p[1] == '<' &&
					   (ps->p[2] == '=' || ps->p[2] == '!')) {
					ps->p += 3;
					zero_width = 1;
				} else {
					ps->failed = 1; /* flags, named groups, ...: not followed */
					break;
				}
			}
			item = parse_alternation(ps);
			if (*ps->p != ')') {
				ps->failed = 1;
				req_free(&item);
				break;
			}
			ps->p++;
			if (zero_width) {
				req_free(&item);
				continue;
			}
		} else if (c == '^' || c == '$') {
			ps->p++;
			continue;
		} else { /* '.' and stray quantifier characters */
			ps->p++;
		}
		unsigned min = 1;
		int q = quantifier(ps, &min);
		if (is_char && !q) {
			cdr_buf_addc(&run, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
			continue;
		}
		if (is_char && min >= 1) /* "x+" "x{2,}": the x is required, the run ends */
			cdr_buf_addc(&run, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
		if (q && min == 0)
			req_free(&item);
		req_keep_best(&best, &item);
	breaks:
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

static req parse_alternation(parser *ps)
{
	req all = parse_sequence(ps);
	int missing = all.count == 0;
	while (!ps->failed && *ps->p == '|') {
		ps->p++;
		req next = parse_sequence(ps);
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
	req r = parse_alternation(&ps);
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
