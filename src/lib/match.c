/*
** match.c -- translating rules to PCRE2 patterns, compiling them with JIT, and
** running them (see match.h).
**
** Word boundaries follow doc/codebook.md: a word character is a letter, a digit or
** '_', and a hyphen between two word characters belongs to the word.  So a word or
** glob may not start right after "x-" nor end right before "-x":
**     before  (?<![\p{L}\p{N}_])(?<![\p{L}\p{N}_]-)
**     after   (?![\p{L}\p{N}_])(?!-[\p{L}\p{N}_])
** and a '*' of a glob is any run of word characters and inner hyphens.
*/
#include "config.h"

#include "match.h"
#include "mem.h"
#include "norm.h"
#include "utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#define WORDCHAR "[\\p{L}\\p{N}_]"
#define BEFORE   "(?<!" WORDCHAR ")(?<!" WORDCHAR "-)"
#define AFTER    "(?!" WORDCHAR ")(?!-" WORDCHAR ")"
#define STAR     "(?:" WORDCHAR "|-(?=" WORDCHAR "))*"

struct cdr_matcher {
	const cdr_codebook *cb;
	pcre2_code **code; /* per rule */
	char **regex;      /* per rule: the pattern compiled */
	size_t count;
};

struct cdr_match_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *jit;
};

static void rule_error(cdr_diag *d, const cdr_codebook *cb, const cdr_rule *r, size_t col_offset,
		       size_t width, const char *msg)
{
	cdr_diag_pos pos = { cb->path, r->pos.line,        r->pos.column + col_offset,
			     width,    r->pos.source_line, strlen(r->pos.source_line) };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s", msg);
}

/* Append the regex for one word of a word, glob or phrase rule: the word
** normalised and escaped, with STAR for a leading or trailing '*'.  Returns 0 and
** sets *bad to the offending byte for a '*' inside the word or a word that is
** nothing but '*'. */
static int add_word(cdr_buf *rx, const char *w, size_t n, const char **bad)
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
	char *folded = cdr_norm_string(core, cn);
	if (lead)
		cdr_buf_adds(rx, STAR);
	for (const char *p = folded; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x80 && !((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9') &&
		    c != ' ')
			cdr_buf_addc(rx, '\\');
		cdr_buf_addc(rx, (char)c);
	}
	free(folded);
	if (trail)
		cdr_buf_adds(rx, STAR);
	return 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Translate a phrase: words separated by blanks, "(w1 w2)?" marking optional words.
** Returns 0 with *bad and *msg set on a syntax error. */
static int translate_phrase(cdr_buf *rx, const char *p, const char **bad, const char **msg)
{
	size_t required = 0;
	int first = 1, in_group = 0, group_first = 0, need_sep = 0;
	const char *group_at = NULL;

	cdr_buf_adds(rx, BEFORE);
	while (*p) {
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && !is_space(*p))
			p++;
		size_t n = (size_t)(p - w);
		int opens = w[0] == '(';
		if (opens) {
			if (in_group) {
				*bad = w;
				*msg = "optional words cannot nest";
				return 0;
			}
			in_group = 1;
			group_at = w;
			group_first = first;
			w++;
			n--;
			cdr_buf_adds(rx, "(?:");
		}
		int closes = n >= 2 && w[n - 2] == ')' && w[n - 1] == '?';
		if (!closes && n >= 1 && w[n - 1] == ')') {
			*bad = w + n - 1;
			*msg = "write optional words as '(words)?', with the '?'";
			return 0;
		}
		if (closes) {
			if (!in_group) {
				*bad = w + n - 2;
				*msg = "')?' without a '(' before it";
				return 0;
			}
			n -= 2;
		}
		if (n == 0) {
			*bad = w;
			*msg = "empty word in phrase";
			return 0;
		}
		/* A group's words carry their separating white space inside the group:
		** after each word when the group opens the phrase, before it otherwise. */
		int leading = in_group && group_first;
		if (need_sep && !leading)
			cdr_buf_adds(rx, "\\s+");
		if (!add_word(rx, w, n, bad)) {
			*msg = "a '*' may only stand at the start or end of a word, next to "
			       "letters";
			return 0;
		}
		if (leading)
			cdr_buf_adds(rx, "\\s+");
		else
			need_sep = 1;
		if (!in_group)
			required++;
		first = 0;
		if (closes) {
			cdr_buf_adds(rx, ")?");
			in_group = 0;
		}
	}
	if (in_group) {
		*bad = group_at;
		*msg = "'(' without ')?' after it";
		return 0;
	}
	if (required == 0) {
		*bad = NULL;
		*msg = "a phrase needs at least one word that is not optional";
		return 0;
	}
	cdr_buf_adds(rx, AFTER);
	return 1;
}

/* Build the regex for rule r into rx.  Returns 0 after reporting an error. */
static int translate(const cdr_codebook *cb, const cdr_rule *r, cdr_buf *rx, cdr_diag *d)
{
	const char *bad = NULL, *msg = NULL;
	size_t n = strlen(r->pattern);

	switch (r->kind) {
	case CDR_RULE_REGEX:
		cdr_buf_adds(rx, r->pattern);
		return 1;
	case CDR_RULE_WORD:
	case CDR_RULE_GLOB: {
		const char *sp = r->pattern;
		while (*sp && !is_space(*sp))
			sp++;
		if (*sp) {
			rule_error(d, cb, r, cdr_utf8_count(r->pattern, (size_t)(sp - r->pattern)),
				   1, "a word or glob is one word; use 'phrase:' for several");
			return 0;
		}
		if (r->kind == CDR_RULE_WORD && memchr(r->pattern, '*', n)) {
			const char *st = memchr(r->pattern, '*', n);
			rule_error(d, cb, r, cdr_utf8_count(r->pattern, (size_t)(st - r->pattern)),
				   1, "'*' in a word rule; use 'glob:' for a word with '*'");
			return 0;
		}
		cdr_buf_adds(rx, BEFORE);
		if (!add_word(rx, r->pattern, n, &bad)) {
			rule_error(d, cb, r, cdr_utf8_count(r->pattern, (size_t)(bad - r->pattern)),
				   1,
				   "a '*' may only stand at the start or end of a word, next to "
				   "letters");
			return 0;
		}
		cdr_buf_adds(rx, AFTER);
		return 1;
	}
	case CDR_RULE_PHRASE:
		if (!translate_phrase(rx, r->pattern, &bad, &msg)) {
			size_t off =
				bad ? cdr_utf8_count(r->pattern, (size_t)(bad - r->pattern)) : 0;
			rule_error(d, cb, r, off, bad ? 1 : cdr_utf8_count(r->pattern, n), msg);
			return 0;
		}
		return 1;
	}
	return 0;
}

cdr_rc cdr_matcher_new(const cdr_codebook *cb, cdr_matcher **out, cdr_diag *d)
{
	cdr_matcher *m = cdr_xcalloc(1, sizeof *m);
	size_t errors = 0;

	m->cb = cb;
	m->count = cb->rule_count;
	m->code = cdr_xcalloc(m->count, sizeof *m->code);
	m->regex = cdr_xcalloc(m->count, sizeof *m->regex);
	for (size_t i = 0; i < cb->rule_count; i++) {
		const cdr_rule *r = &cb->rules[i];
		cdr_buf rx = CDR_BUF_INIT;
		if (!translate(cb, r, &rx, d)) {
			cdr_buf_free(&rx);
			errors++;
			continue;
		}
		int err;
		PCRE2_SIZE erroff;
		uint32_t opts = PCRE2_UTF | PCRE2_UCP;
		if (r->kind == CDR_RULE_REGEX)
			opts |= PCRE2_CASELESS;
		pcre2_code *code = pcre2_compile((PCRE2_SPTR)cdr_buf_cstr(&rx), rx.len, opts, &err,
						 &erroff, NULL);
		if (!code) {
			PCRE2_UCHAR text[256];
			pcre2_get_error_message(err, text, sizeof text);
			cdr_buf msg = CDR_BUF_INIT;
			if (r->kind == CDR_RULE_REGEX) {
				if (erroff > rx.len)
					erroff = rx.len;
				cdr_buf_printf(&msg, "regular expression does not compile: %s",
					       text);
				rule_error(d, cb, r, cdr_utf8_count(r->pattern, erroff), 1,
					   cdr_buf_cstr(&msg));
			} else {
				cdr_buf_printf(&msg,
					       "rule does not compile (%s); please report this",
					       text);
				rule_error(d, cb, r, 0, 1, cdr_buf_cstr(&msg));
			}
			cdr_buf_free(&msg);
			cdr_buf_free(&rx);
			errors++;
			continue;
		}
		uint32_t minlen = 0;
		pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
		if (minlen == 0) {
			rule_error(d, cb, r, 0, cdr_utf8_count(r->pattern, strlen(r->pattern)),
				   "this rule can match the empty string, so it would code "
				   "everything; make part of it required");
			pcre2_code_free(code);
			cdr_buf_free(&rx);
			errors++;
			continue;
		}
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
		m->code[i] = code;
		m->regex[i] = cdr_buf_take(&rx);
	}
	if (errors) {
		cdr_matcher_free(m);
		*out = NULL;
		return CDR_ESYNTAX;
	}
	*out = m;
	return CDR_OK;
}

void cdr_matcher_free(cdr_matcher *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++) {
		pcre2_code_free(m->code[i]);
		free(m->regex[i]);
	}
	free(m->code);
	free(m->regex);
	free(m);
}

const char *cdr_matcher_regex(const cdr_matcher *m, size_t i)
{
	return m->regex[i];
}

cdr_match_scratch *cdr_match_scratch_new(const cdr_matcher *m)
{
	(void)m;
	cdr_match_scratch *s = cdr_xcalloc(1, sizeof *s);
	s->md = pcre2_match_data_create(1, NULL);
	s->mc = pcre2_match_context_create(NULL);
	s->jit = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
	if (!s->md || !s->mc || !s->jit) {
		cdr_out_of_memory(sizeof *s);
	}
	pcre2_set_match_limit(s->mc, CDR_MATCH_LIMIT_DEFAULT);
	pcre2_set_depth_limit(s->mc, CDR_DEPTH_LIMIT_DEFAULT);
	pcre2_jit_stack_assign(s->mc, NULL, s->jit);
	return s;
}

void cdr_match_scratch_free(cdr_match_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mc);
	pcre2_jit_stack_free(s->jit);
	free(s);
}

cdr_rc cdr_matcher_run(const cdr_matcher *m, cdr_match_scratch *s, const char *t, size_t len,
		       cdr_matches *out, cdr_diag *d)
{
	for (size_t i = 0; i < m->count; i++) {
		size_t start = 0;
		while (start <= len) {
			int rc = pcre2_match(m->code[i], (PCRE2_SPTR)t, len, start,
					     PCRE2_NO_UTF_CHECK, s->md, s->mc);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				const cdr_rule *r = &m->cb->rules[i];
				PCRE2_UCHAR text[256];
				pcre2_get_error_message(rc, text, sizeof text);
				cdr_diag_pos pos = { m->cb->path, r->pos.line, r->pos.column,
						     0,           NULL,        0 };
				cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
					     "rule '%s: %s' gave up: %s (the pattern "
					     "backtracks too much; make it more specific)",
					     cdr_rule_kind_name(r->kind), r->pattern, text);
				return rc == PCRE2_ERROR_MATCHLIMIT ||
						       rc == PCRE2_ERROR_DEPTHLIMIT ||
						       rc == PCRE2_ERROR_HEAPLIMIT ||
						       rc == PCRE2_ERROR_JIT_STACKLIMIT
					       ? CDR_ELIMIT
					       : CDR_EINTERNAL;
			}
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
			CDR_GROW(out->v, out->cap, out->count + 1);
			out->v[out->count].rule = i;
			out->v[out->count].start = ov[0];
			out->v[out->count].end = ov[1];
			out->count++;
			if (ov[1] > ov[0]) {
				start = ov[1];
			} else { /* cannot happen (no rule matches empty), but never loop */
				start = ov[0] + (ov[0] < len
							 ? cdr_utf8_seqlen((unsigned char)t[ov[0]])
							 : 1);
			}
		}
	}
	return CDR_OK;
}

void cdr_matches_free(cdr_matches *ms)
{
	free(ms->v);
	ms->v = NULL;
	ms->count = ms->cap = 0;
}
