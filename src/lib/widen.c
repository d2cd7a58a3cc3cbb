/*
** widen.c -- a PCRE2 expression widened for Hyperscan (see widen.h).
**
** A recursive descent over PCRE2's syntax, writing the widened expression as it
** goes:
**   alternation  := sequence ('|' sequence)*
**   sequence     := (item quantifier?)*
**   item         := literal | '\' escape | '(' group ')' | '[' class ']' | '.' | '^' | '$'
** Every character class (also \w, a caseless letter, ...) becomes a 'charset': the
** exact set of ASCII characters plus "perhaps any non-ASCII character".  A class
** that PCRE2 negates is built from an under-approximation of its members, so that
** its complement over-approximates.  Each item also notes the bytes its widened text
** can match, so that a gap of words repeated from zero times (is_word_gap()) can be
** written as one class of those bytes, repeated.
**
** It is an allow-list: each escape, group opening, class part and quantifier it
** follows is listed, and anything else (verbs such as "(*MARK:x)" or "(*UTF)",
** options, \Q..\E, back references, '{' that is no plain repeat, [[:<:]], groups
** nested more than MAX_DEPTH deep) makes it give up.
*/
#include "config.h"

#include "widen.h"
#include "mem.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_DEPTH  64  /* nested groups */
#define MAX_REPEAT 100 /* a larger bound becomes an unbounded repeat */

typedef struct charset {
	unsigned char ascii[128]; /* 1: this ASCII character is in the set */
	int non_ascii;            /* every non-ASCII character is in the set */
} charset;

typedef struct widener {
	const char *p;   /* the next pattern character */
	int caseless;    /* the expression is matched caseless */
	int folded_text; /* the text is case-folded */
	int failed;
	cdr_buf *out;
	/* Every byte the widened text written so far in the innermost open group can
	** match (a set whose non-ASCII part stands for the bytes 0x80-0xFF). */
	charset used;
} widener;

typedef enum item_kind {
	ITEM_NONE,     /* failed */
	ITEM_MATCHES,  /* written out */
	ITEM_SET,      /* a set of characters, to be written with its quantifier */
	ITEM_ASSERTION /* matches no characters: dropped */
} item_kind;

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_letter(unsigned c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static int is_word(unsigned c)
{
	return is_letter(c) || is_digit((char)c) || c == '_';
}

static int is_space(unsigned c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void set_range(charset *s, unsigned lo, unsigned hi)
{
	for (unsigned c = lo; c <= hi && c < 128; c++)
		s->ascii[c] = 1;
	if (hi >= 128)
		s->non_ascii = 1;
}

/* ASCII members of a class predicate. */
static void set_where(charset *s, int (*pred)(unsigned), int want)
{
	for (unsigned c = 0; c < 128; c++)
		if (pred(c) == want)
			s->ascii[c] = 1;
}

static int is_digit_u(unsigned c)
{
	return c >= '0' && c <= '9';
}

static int is_any(unsigned c)
{
	(void)c;
	return 1;
}

/* Caseless matching: a letter matches both cases, and k, s also match the Kelvin
** sign and the long s (the only ASCII letters with non-ASCII case partners).  On
** case-folded text a letter matches its lower case only: folding leaves no ASCII
** capital (nor a Kelvin sign or long s, which it turns into k and s; test-norm
** checks every code point), and Hyperscan scans a lower-case literal faster than a
** caseless one (3 % of the bench table's scan).  (A set's non-ASCII part, when it
** has one, is every non-ASCII character already.) */
static void set_fold(charset *s, int folded_text)
{
	for (unsigned c = 'A'; c <= 'Z'; c++)
		if (s->ascii[c] || s->ascii[c | 32]) {
			s->ascii[c] = !folded_text;
			s->ascii[c | 32] = 1;
		}
	if ((s->ascii['k'] || s->ascii['s']) && !folded_text)
		s->non_ascii = 1;
}

/* The other way round: the Kelvin sign and the long s, written in a caseless
** pattern (alone or in a range lo-hi), also match k, K and s, S.  The property
** classes (\w, \p{L}, [:alpha:]) that hold them hold every ASCII letter already. */
static void add_case_partners(charset *s, unsigned lo, unsigned hi)
{
	if (lo <= 0x212A && 0x212A <= hi)
		s->ascii['k'] = s->ascii['K'] = 1;
	if (lo <= 0x17F && 0x17F <= hi)
		s->ascii['s'] = s->ascii['S'] = 1;
}

/* Can a caseless match of the non-ASCII character c accept another character?
** Case pairs (and PCRE2's caseless sets) join letters, a few combining marks
** (U+0345), circled letters (So) and Roman numerals (Nl).  Currency and other
** symbols, punctuation, digits, spaces and controls have none, in any Unicode
** version: for those (the euro sign of a caseless "€\s?\d+") the widened form
** is the character itself rather than any non-ASCII run, which would let every
** text with an accent through.  Unassigned code points are taken to have case. */
static int has_case(unsigned c)
{
	switch (utf8proc_category((utf8proc_int32_t)c)) {
	case UTF8PROC_CATEGORY_SC:
	case UTF8PROC_CATEGORY_SM:
	case UTF8PROC_CATEGORY_SK:
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
		return 0;
	default:
		return 1;
	}
}

/* One character, exactly: ASCII as itself (escaped unless alphanumeric), non-ASCII
** as its UTF-8 bytes in a group (so that a quantifier repeats all of them). */
static void emit_char(cdr_buf *out, unsigned c)
{
	if (c < 128 && is_word(c) && c != '_') {
		cdr_buf_addc(out, (char)c);
	} else if (c < 128) {
		cdr_buf_printf(out, "\\x%02X", c);
	} else {
		cdr_buf utf8 = CDR_BUF_INIT;
		cdr_buf_add_cp(&utf8, c);
		cdr_buf_adds(out, "(?:");
		for (const char *q = cdr_buf_cstr(&utf8); *q; q++)
			cdr_buf_printf(out, "\\x%02X", (unsigned char)*q);
		cdr_buf_addc(out, ')');
		cdr_buf_free(&utf8);
	}
}

/* A set, repeated as 'quantifier' says (NULL: once).  The ASCII members are exact;
** a set that may hold any non-ASCII character becomes a byte class with the bytes
** 0x80-0xFF in it, repeated at least as often as it can be needed: once or more for
** one character (which may be several bytes), any number of times for an optional
** one.  Repeating a class is far cheaper for Hyperscan to compile than an
** alternation of UTF-8 sequences. */
static void emit_set(cdr_buf *out, const charset *s, const char *quantifier, size_t qlen)
{
	size_t members = 0, last = 0;
	for (unsigned c = 0; c < 128; c++)
		if (s->ascii[c]) {
			members++;
			last = c;
		}
	if (members == 1 && !s->non_ascii) {
		emit_char(out, (unsigned)last);
	} else {
		cdr_buf_addc(out, '[');
		for (unsigned c = 0; c < 128;) {
			if (!s->ascii[c]) {
				c++;
				continue;
			}
			unsigned hi = c;
			while (hi + 1 < 128 && s->ascii[hi + 1])
				hi++;
			cdr_buf_printf(out, "\\x%02X", c);
			if (hi > c)
				cdr_buf_printf(out, "-\\x%02X", hi);
			c = hi + 1;
		}
		if (s->non_ascii)
			cdr_buf_adds(out, "\\x80-\\xFF");
		cdr_buf_addc(out, ']');
	}
	if (!s->non_ascii) {
		cdr_buf_add(out, quantifier, qlen);
		return;
	}
	int may_be_none = quantifier && (quantifier[0] == '*' || quantifier[0] == '?' ||
					 (quantifier[0] == '{' && quantifier[1] == '0'));
	cdr_buf_addc(out, may_be_none ? '*' : '+');
}

/* Add the members of s to w->used. */
static void note_set(widener *w, const charset *s)
{
	for (unsigned c = 0; c < 128; c++)
		w->used.ascii[c] |= s->ascii[c];
	w->used.non_ascii |= s->non_ascii;
}

static void fail(widener *w)
{
	w->failed = 1;
}

/* Read one pattern character (UTF-8) and advance. */
static unsigned next_char(widener *w)
{
	size_t n;
	unsigned c = cdr_utf8_decode((const unsigned char *)w->p, &n);
	for (size_t i = 0; i < n; i++)
		if (!w->p[i]) { /* truncated sequence: the pattern was not valid UTF-8 */
			fail(w);
			w->p += i;
			return 0;
		}
	w->p += n;
	return c;
}

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if ((c | 32) >= 'a' && (c | 32) <= 'f')
		return (c | 32) - 'a' + 10;
	return -1;
}

/* \xhh or \x{h...}, after the 'x'. */
static unsigned hex_escape(widener *w)
{
	unsigned v = 0;
	if (*w->p == '{') {
		w->p++;
		int digits = 0;
		while (hex_value(*w->p) >= 0 && digits < 8) {
			v = v * 16 + (unsigned)hex_value(*w->p++);
			digits++;
		}
		if (*w->p != '}' || !digits || v > 0x10FFFF) {
			fail(w);
			return 0;
		}
		w->p++;
		return v;
	}
	for (int i = 0; i < 2 && hex_value(*w->p) >= 0; i++)
		v = v * 16 + (unsigned)hex_value(*w->p++);
	return v;
}

/* The kind of \p{...} / \P{...} name: what its ASCII members are. */
static void property_set(const char *name, size_t n, int negated, charset *s)
{
	int (*pred)(unsigned) = is_any;
	if (n >= 1 && name[0] == 'L')
		pred = is_letter;
	else if (n >= 1 && name[0] == 'N')
		pred = is_digit_u;
	else if (n == 3 && !memcmp(name, "Xan", 3))
		pred = NULL; /* letters and digits */
	else if (n == 3 && !memcmp(name, "Xwd", 3))
		pred = is_word;
	else if (n == 3 && (!memcmp(name, "Xsp", 3) || !memcmp(name, "Xps", 3)))
		pred = is_space;
	if (negated) {
		/* ASCII characters outside the property; non-ASCII ones may be anything. */
		if (pred == is_any)
			set_range(s, 0, 127);
		else
			for (unsigned c = 0; c < 128; c++)
				if (!(pred ? pred(c) : is_letter(c) || is_digit_u(c)))
					s->ascii[c] = 1;
	} else if (pred) {
		set_where(s, pred, 1);
	} else {
		set_where(s, is_letter, 1);
		set_where(s, is_digit_u, 1);
	}
	s->non_ascii = 1;
}

/* An escape that stands for a set of characters (\w, \d, \s, \h, \v, \p{..} and
** their negations), after the backslash; 0 if 'c' is none of those.  'inside_negated':
** the set is part of a negated class, so only members that are certain may go in. */
static int class_escape(widener *w, char c, charset *s, int inside_negated)
{
	int (*pred)(unsigned) = NULL;
	int upper = c >= 'A' && c <= 'Z';
	switch (c | 32) {
	case 'w':
		pred = is_word;
		break;
	case 'd':
		pred = is_digit_u;
		break;
	case 's':
		pred = is_space;
		break;
	case 'h':
	case 'v':
		pred = is_space; /* over-approximates the horizontal or vertical ones */
		if (inside_negated) {
			if (c == 'h') {
				s->ascii['\t'] = s->ascii[' '] = 1;
			} else if (c == 'v') {
				for (unsigned v = '\n'; v <= '\r'; v++)
					s->ascii[v] = 1;
			}
			return 1;
		}
		break;
	case 'p': {
		if (w->p[0] != '{') {
			fail(w);
			return 1;
		}
		const char *name = w->p + 1, *end = strchr(name, '}');
		if (!end) {
			fail(w);
			return 1;
		}
		w->p = end + 1;
		int negated = upper;
		if (*name == '^') {
			negated = !negated;
			name++;
		}
		if (!inside_negated)
			property_set(name, (size_t)(end - name), negated, s);
		/* in a negated class: no certain members */
		return 1;
	}
	default:
		return 0;
	}
	if (upper) {
		/* \W \D \S \H \V: the ASCII characters outside, exactly; any non-ASCII one. */
		set_where(s, pred, 0);
		if (c == 'H')
			s->ascii['\n'] = s->ascii['\v'] = s->ascii['\f'] = s->ascii['\r'] = 1;
		if (c == 'V')
			s->ascii['\t'] = s->ascii[' '] = 1;
		if (!inside_negated)
			s->non_ascii = 1;
	} else {
		set_where(s, pred, 1);
		if (!inside_negated)
			s->non_ascii = 1;
	}
	return 1;
}

/* A single-character escape (\n, \t, \x.., \., ...), after the backslash; returns
** the character, or fails for escapes we do not know. */
static unsigned char_escape(widener *w, char c)
{
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	case 'f':
		return '\f';
	case 'e':
		return 27;
	case 'a':
		return 7;
	case 'x':
		return hex_escape(w);
	default:
		if ((unsigned char)c < 128 && !is_word((unsigned char)c) && c)
			return (unsigned char)c; /* escaped punctuation stands for itself */
		fail(w);
		return 0;
	}
}

/* POSIX [:name:] inside a class, at '[:'; adds its members.  A name PCRE2 does not
** read as a class of one character fails (also [[:<:]] and [[:>:]], which are word
** boundaries). */
static void posix_class(widener *w, charset *s, int inside_negated)
{
	static const char *const names[] = { "alnum", "alpha", "ascii", "blank", "cntrl",
					     "digit", "graph", "lower", "print", "punct",
					     "space", "upper", "word",  "xdigit" };
	const char *name = w->p + 2, *end = strstr(name, ":]");
	if (!end) {
		fail(w);
		return;
	}
	w->p = end + 2;
	int negated = *name == '^';
	if (negated)
		name++;
	size_t n = (size_t)(end - name);
	int known = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], name, n))
			known = 1;
	if (!known) {
		fail(w);
		return;
	}
	int (*pred)(unsigned) = NULL;
	if (n == 5 && !memcmp(name, "alpha", 5))
		pred = is_letter;
	else if (n == 5 && !memcmp(name, "digit", 5))
		pred = is_digit_u;
	else if (n == 5 && !memcmp(name, "space", 5))
		pred = is_space;
	else if (n == 4 && !memcmp(name, "word", 4))
		pred = is_word;
	if (inside_negated) {
		/* Only certain members: the ASCII ones of a class we know, not negated. */
		if (pred && !negated)
			set_where(s, pred, 1);
		return;
	}
	if (pred && !negated)
		set_where(s, pred, 1);
	else
		set_range(s, 0, 127); /* another or negated: any ASCII character may be in */
	s->non_ascii = 1;
}

/* At a backslash: the character after it, moving past both; 0 (and failed) if the
** pattern ends there. */
static char escape_letter(widener *w)
{
	char c = w->p[1];
	if (!c) {
		fail(w);
		return 0;
	}
	w->p += 2;
	return c;
}

/* A class, after the '['; the set it matches, widened. */
static void parse_class(widener *w, charset *result)
{
	charset s;
	memset(&s, 0, sizeof s);
	int negated = 0;
	if (*w->p == '^') {
		negated = 1;
		w->p++;
	}
	int first = 1;
	while (!w->failed) {
		if (!*w->p) {
			fail(w);
			return;
		}
		if (*w->p == ']' && !first) {
			w->p++;
			break;
		}
		first = 0;
		unsigned lo;
		if (w->p[0] == '[' && w->p[1] == ':') {
			posix_class(w, &s, negated);
			continue;
		}
		if (*w->p == '\\') {
			char c = escape_letter(w);
			if (!c)
				return;
			if (class_escape(w, c, &s, negated))
				continue;
			lo = c == 'b' ? 8 : char_escape(w, c);
		} else {
			lo = next_char(w);
		}
		unsigned hi = lo;
		if (w->p[0] == '-' && w->p[1] && w->p[1] != ']') {
			w->p++;
			if (*w->p == '\\') {
				char c = escape_letter(w);
				if (!c)
					return;
				if (c == 'b')
					hi = 8;
				else if ((c | 32) == 'w' || (c | 32) == 'd' || (c | 32) == 's' ||
					 (c | 32) == 'p' || (c | 32) == 'h' || (c | 32) == 'v') {
					fail(w); /* a range to a class: unusual, not worth it */
					return;
				} else
					hi = char_escape(w, c);
			} else if (w->p[0] == '[' && w->p[1] == ':') {
				fail(w);
				return;
			} else {
				hi = next_char(w);
			}
			if (hi < lo) {
				fail(w);
				return;
			}
		}
		if (negated) {
			for (unsigned c = lo; c <= hi && c < 128; c++) /* ASCII part, exact */
				s.ascii[c] = 1;
		} else {
			set_range(&s, lo, hi);
			if (w->caseless)
				add_case_partners(&s, lo, hi);
		}
	}
	if (negated) {
		for (unsigned c = 0; c < 128; c++)
			result->ascii[c] = !s.ascii[c];
		result->non_ascii = 1;
	} else {
		*result = s;
		if (w->caseless)
			set_fold(result, w->folded_text);
	}
}

static void parse_alternation(widener *w, int depth);

/* A group, after the '('. */
static item_kind parse_group(widener *w, int depth)
{
	int assertion = 0;
	if (w->p[0] == '?') {
		const char *q = w->p + 1;
		if (*q == ':' || *q == '>' || *q == '|') {
			w->p = q + 1;
		} else if (*q == '=' || *q == '!') {
			w->p = q + 1;
			assertion = 1;
		} else if (q[0] == '<' && (q[1] == '=' || q[1] == '!')) {
			w->p = q + 2;
			assertion = 1;
		} else if (*q == '<' || *q == '\'' || (q[0] == 'P' && q[1] == '<')) {
			const char *end = *q == '\'' ? strchr(q + 1, '\'') : strchr(q, '>');
			if (!end) {
				fail(w);
				return ITEM_NONE;
			}
			w->p = end + 1; /* a named group: the name does not matter */
		} else {
			fail(w); /* options, comments, conditionals, recursion */
			return ITEM_NONE;
		}
	} else if (w->p[0] == '*') {
		fail(w); /* verbs */
		return ITEM_NONE;
	}
	if (assertion) {
		/* Parse it to skip it, writing nothing: dropping a condition only widens. */
		cdr_buf *keep = w->out, scratch = CDR_BUF_INIT;
		w->out = &scratch;
		parse_alternation(w, depth + 1);
		w->out = keep;
		cdr_buf_free(&scratch);
	} else {
		cdr_buf_adds(w->out, "(?:");
		parse_alternation(w, depth + 1);
	}
	if (*w->p != ')') {
		fail(w);
		return ITEM_NONE;
	}
	w->p++;
	if (!assertion)
		cdr_buf_addc(w->out, ')');
	return assertion ? ITEM_ASSERTION : ITEM_MATCHES;
}

/* One item.  A group is written out at once; a set of characters is left in *set
** (ITEM_SET) for the caller to write with its quantifier. */
static item_kind parse_item(widener *w, int depth, charset *set)
{
	unsigned ch;
	memset(set, 0, sizeof *set);
	switch (*w->p) {
	case '(':
		w->p++;
		return parse_group(w, depth);
	case '[':
		w->p++;
		parse_class(w, set);
		return ITEM_SET;
	case '.': /* any character but a line feed */
		w->p++;
		set_range(set, 0, 127);
		set->ascii['\n'] = 0;
		set->non_ascii = 1;
		return ITEM_SET;
	case '^':
	case '$':
		w->p++;
		return ITEM_ASSERTION;
	case '*':
	case '+':
	case '?':
		fail(w); /* a quantifier with nothing to repeat */
		return ITEM_NONE;
	case '\\': {
		char e = escape_letter(w);
		if (!e)
			return ITEM_NONE;
		if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G')
			return ITEM_ASSERTION;
		if (class_escape(w, e, set, 0))
			return ITEM_SET;
		ch = char_escape(w, e);
		if (w->failed)
			return ITEM_NONE;
		set_range(set, ch, ch);
		break;
	}
	default: {
		ch = next_char(w);
		if (w->failed)
			return ITEM_NONE;
		if (ch >= 128 && (!w->caseless || !has_case(ch))) {
			emit_char(w->out, ch); /* the exact character, not all of non-ASCII */
			w->used.non_ascii = 1;
			return ITEM_MATCHES;
		}
		set_range(set, ch, ch);
		break;
	}
	}
	if (w->caseless) {
		add_case_partners(set, ch, ch);
		set_fold(set, w->folded_text);
	}
	return ITEM_SET;
}

/* A quantifier at w->p (*, +, ?, {n}, {n,}, {n,m}, possibly lazy or possessive):
** its widened text into q (bounds above MAX_REPEAT become unbounded; laziness and
** possessiveness do not change what can match) and 1; or 0 if there is none. */
static int parse_quantifier(widener *w, char *q, size_t cap)
{
	const char *p = w->p;
	if (*p == '*' || *p == '+' || *p == '?') {
		snprintf(q, cap, "%c", *p);
		p++;
	} else if (*p == '{' && is_digit(p[1])) {
		unsigned long lo = 0, hi = 0;
		int open = 0;
		for (p++; is_digit(*p); p++)
			lo = lo < 100000 ? lo * 10 + (unsigned long)(*p - '0') : lo;
		hi = lo;
		if (*p == ',') {
			p++;
			open = !is_digit(*p);
			for (hi = 0; is_digit(*p); p++)
				hi = hi < 100000 ? hi * 10 + (unsigned long)(*p - '0') : hi;
		}
		if (*p != '}')
			return 0; /* not a repeat: '{' is a literal (refused by the caller) */
		p++;
		if (lo > MAX_REPEAT)
			lo = MAX_REPEAT;
		if (open || hi > MAX_REPEAT)
			snprintf(q, cap, "{%lu,}", lo);
		else
			snprintf(q, cap, "{%lu,%lu}", lo, hi);
	} else {
		return 0;
	}
	if (*p == '?' || *p == '+')
		p++;
	w->p = p;
	return 1;
}

/* Is a group that may hold the characters 'used', repeated as 'q' says, a gap of
** words, such as (\w+\s+){0,3}: optional, repeated more than once, and holding
** every lower-case ASCII letter? */
static int is_word_gap(const charset *used, const char *q)
{
	if (strcmp(q, "*") != 0 && (strncmp(q, "{0,", 3) != 0 || strcmp(q, "{0,1}") == 0))
		return 0;
	for (unsigned c = 'a'; c <= 'z'; c++)
		if (!used->ascii[c])
			return 0;
	return 1;
}

static void parse_sequence(widener *w, int depth)
{
	while (!w->failed && *w->p && *w->p != '|' && *w->p != ')') {
		if (*w->p == '{') {
			/* A '{' that is no valid repeat: PCRE2 reads it literally, or, from
			** 10.43 on, "{,3}" and "{ 3 }" as repeats; refuse rather than guess. */
			fail(w);
			return;
		}
		/* What this item's widened text can match, apart from the rest. */
		charset outer = w->used;
		memset(&w->used, 0, sizeof w->used);
		size_t start = w->out->len;
		charset set;
		item_kind k = parse_item(w, depth, &set);
		if (w->failed)
			return;
		char q[48] = "";
		int quantified = parse_quantifier(w, q, sizeof q);
		if (quantified && k == ITEM_ASSERTION) {
			fail(w); /* a repeated assertion */
			return;
		}
		if (k == ITEM_SET) {
			emit_set(w->out, &set, quantified ? q : NULL, strlen(q));
			note_set(w, &set);
		} else if (k == ITEM_MATCHES && is_word_gap(&w->used, q)) {
			/* Any run of the characters the group may hold: matches wherever
			** the group's repeats do, and Hyperscan compiles it much faster
			** than the repeated group (doc/performance.md, issue 21). */
			w->out->len = start; /* the class written next ends it again */
			emit_set(w->out, &w->used, "*", 1);
		} else {
			cdr_buf_adds(w->out, q);
		}
		charset item = w->used;
		w->used = outer;
		if (k != ITEM_ASSERTION)
			note_set(w, &item);
	}
}

static void parse_alternation(widener *w, int depth)
{
	if (depth > MAX_DEPTH) {
		fail(w);
		return;
	}
	parse_sequence(w, depth);
	while (!w->failed && *w->p == '|') {
		w->p++;
		cdr_buf_addc(w->out, '|');
		parse_sequence(w, depth);
	}
}

char *cdr_widen_regex(const char *regex, unsigned flags)
{
	cdr_buf out = CDR_BUF_INIT;
	widener w = { .p = regex,
		      .caseless = (flags & CDR_WIDEN_CASELESS) != 0,
		      .folded_text = (flags & CDR_WIDEN_FOLDED_TEXT) != 0,
		      .out = &out };
	parse_alternation(&w, 0);
	if (!w.failed && *w.p) /* an unmatched ')' */
		fail(&w);
	if (w.failed) {
		cdr_buf_free(&out);
		return NULL;
	}
	return cdr_buf_take(&out);
}
