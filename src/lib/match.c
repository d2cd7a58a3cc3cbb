/*
** match.c -- compiling the atoms of a rule program with PCRE2 (JIT) and running
** them with match and depth limits (see match.h).
**
** With the prefilter (prefilter.h), an atom runs only on the paragraphs where its
** filter may match, and words and globs do not run PCRE2 at all: the prefilter
** reports where their core occurs, and native_word() finishes the match with the
** same boundaries and the same leftmost, greedy choice as their PCRE2 form (rule.c):
**     BEFORE  (STAR)?  core  (STAR)?  AFTER
** where BEFORE is (?<!W)(?<!W-), AFTER is (?!W)(?!-W) and STAR is (?:W|-(?=W))*,
** W a letter, digit or '_' in PCRE2's Unicode tables.  Without the prefilter
** (--no-prefilter, or no Hyperscan) every atom runs PCRE2: the reference that the
** equivalence tests compare the fast path with.
*/
#include "config.h"

#include "match.h"
#include "mem.h"
#include "prefilter.h"
#include "utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

struct cdr_matcher {
	const cdr_codebook *cb;
	cdr_program *program;
	pcre2_code **code; /* per atom */
	/* The prefilter of each view, and which atom each of its patterns is. */
	cdr_prefilter *pf[2];
	size_t *pf_atom[2];
	size_t pf_count[2];
	unsigned char *always; /* per atom: not covered by a prefilter, always run */
	size_t *always_list;   /* those atoms, in order */
	size_t always_count;
	int use_prefilter;
	pcre2_code *word_char; /* [\p{L}\p{N}_], for non-ASCII characters */
	uint32_t match_limit, depth_limit;
};

/* Where the core of a word atom occurs. */
typedef struct word_hit {
	size_t atom, start;
} word_hit;

struct cdr_match_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *jit;
	cdr_prefilter_scratch *pfs[2];
	unsigned char *chosen; /* per atom: in 'todo' (all 0 between runs) */
	size_t *todo;          /* the atoms to run on this text, in order */
	size_t todo_count;
	int scanned[2]; /* the prefilter of this view scanned the text */
	cdr_prefilter_hits hits[2];
	word_hit *by_atom; /* the hits of word atoms, sorted */
	size_t by_atom_count, by_atom_cap;
};

/* Build the prefilters: one per view, over the atoms of that view. */
static void build_prefilters(cdr_matcher *m)
{
	const cdr_program *p = m->program;
	size_t cap = p->atom_count ? p->atom_count : 1;
	m->always = cdr_xcalloc(cap, 1);
	for (size_t i = 0; i < p->atom_count; i++)
		m->always[i] = 1;
	for (int v = 0; v < 2; v++) {
		size_t n = 0;
		cdr_prefilter_pattern *pat = cdr_xcalloc(cap, sizeof *pat);
		m->pf_atom[v] = cdr_xcalloc(cap, sizeof *m->pf_atom[v]);
		for (size_t i = 0; i < p->atom_count; i++) {
			const cdr_atom *a = &p->atoms[i];
			if ((int)a->view != v)
				continue;
			pat[n] = (cdr_prefilter_pattern){ a->filter, a->filter_caseless,
							  a->word != NULL };
			m->pf_atom[v][n++] = i;
		}
		m->pf[v] = cdr_prefilter_new(pat, n);
		m->pf_count[v] = n;
		for (size_t j = 0; m->pf[v] && j < n; j++)
			if (!cdr_prefilter_always(m->pf[v], j))
				m->always[m->pf_atom[v][j]] = 0;
		free(pat);
	}
	m->always_list = cdr_xcalloc(cap, sizeof *m->always_list);
	for (size_t i = 0; i < p->atom_count; i++)
		if (m->always[i])
			m->always_list[m->always_count++] = i;
	m->use_prefilter = m->pf[0] || m->pf[1];
}

/* Compile atom i; returns 0 after reporting an error. */
static int compile_atom(cdr_matcher *m, size_t i, cdr_diag *d)
{
	const cdr_atom *a = &m->program->atoms[i];
	const cdr_rule *r = &m->cb->rules[a->rule];
	int err;
	PCRE2_SIZE erroff;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | (a->caseless ? PCRE2_CASELESS : 0);
	pcre2_code *code =
		pcre2_compile((PCRE2_SPTR)a->regex, strlen(a->regex), opts, &err, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR text[256];
		pcre2_get_error_message(err, text, sizeof text);
		cdr_buf msg = CDR_BUF_INIT;
		if (a->verbatim) {
			if (erroff > strlen(a->regex))
				erroff = strlen(a->regex);
			cdr_buf_printf(&msg, "regular expression does not compile: %s", text);
			cdr_rule_error(d, m->cb, r, a->column + cdr_utf8_count(a->regex, erroff), 1,
				       cdr_buf_cstr(&msg));
		} else {
			cdr_buf_printf(&msg, "rule does not compile (%s); please report this",
				       text);
			cdr_rule_error(d, m->cb, r, a->column, 1, cdr_buf_cstr(&msg));
		}
		cdr_buf_free(&msg);
		return 0;
	}
	uint32_t minlen = 0;
	pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
	if (minlen == 0) {
		cdr_rule_error(d, m->cb, r, a->column, cdr_utf8_count(a->text, strlen(a->text)),
			       "this can match the empty string, so it would code everything; "
			       "make part of it required");
		pcre2_code_free(code);
		return 0;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	m->code[i] = code;
	return 1;
}

cdr_rc cdr_matcher_new(const cdr_codebook *cb, cdr_matcher **out, cdr_diag *d)
{
	cdr_matcher *m = cdr_xcalloc(1, sizeof *m);
	size_t errors = 0;

	m->cb = cb;
	*out = NULL;
	if (cdr_program_build(cb, &m->program, d) != CDR_OK) {
		free(m);
		return CDR_ESYNTAX;
	}
	m->code = cdr_xcalloc(m->program->atom_count, sizeof *m->code);
	for (size_t i = 0; i < m->program->atom_count; i++)
		errors += !compile_atom(m, i, d);
	if (errors) {
		cdr_matcher_free(m);
		return CDR_ESYNTAX;
	}
	build_prefilters(m);
	int err;
	PCRE2_SIZE erroff;
	static const char word_char[] = "[\\p{L}\\p{N}_]";
	m->word_char = pcre2_compile((PCRE2_SPTR)word_char, sizeof word_char - 1,
				     PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &err, &erroff, NULL);
	if (!m->word_char)
		cdr_out_of_memory(0);
	*out = m;
	return CDR_OK;
}

void cdr_matcher_free(cdr_matcher *m)
{
	if (!m)
		return;
	for (size_t i = 0; m->code && i < m->program->atom_count; i++)
		pcre2_code_free(m->code[i]);
	free(m->code);
	for (int v = 0; v < 2; v++) {
		cdr_prefilter_free(m->pf[v]);
		free(m->pf_atom[v]);
	}
	free(m->always);
	free(m->always_list);
	pcre2_code_free(m->word_char);
	cdr_program_free(m->program);
	free(m);
}

void cdr_matcher_set_limits(cdr_matcher *m, uint32_t match_limit, uint32_t depth_limit)
{
	m->match_limit = match_limit;
	m->depth_limit = depth_limit;
}

void cdr_matcher_set_prefilter(cdr_matcher *m, int on)
{
	m->use_prefilter = on && (m->pf[0] || m->pf[1]);
}

int cdr_matcher_has_prefilter(const cdr_matcher *m)
{
	return m->use_prefilter;
}

const cdr_program *cdr_matcher_program(const cdr_matcher *m)
{
	return m->program;
}

const cdr_codebook *cdr_matcher_codebook(const cdr_matcher *m)
{
	return m->cb;
}

cdr_match_scratch *cdr_match_scratch_new(const cdr_matcher *m)
{
	cdr_match_scratch *s = cdr_xcalloc(1, sizeof *s);
	for (int v = 0; v < 2; v++) {
		s->pfs[v] = m->pf[v] ? cdr_prefilter_scratch_new(m->pf[v]) : NULL;
	}
	size_t n = m->program->atom_count ? m->program->atom_count : 1;
	s->chosen = cdr_xcalloc(n, 1);
	s->todo = cdr_xcalloc(n, sizeof *s->todo);
	s->md = pcre2_match_data_create(1, NULL);
	s->mc = pcre2_match_context_create(NULL);
	s->jit = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
	if (!s->md || !s->mc || !s->jit)
		cdr_out_of_memory(sizeof *s);
	pcre2_set_match_limit(s->mc, m->match_limit ? m->match_limit : CDR_MATCH_LIMIT_DEFAULT);
	pcre2_set_depth_limit(s->mc, m->depth_limit ? m->depth_limit : CDR_DEPTH_LIMIT_DEFAULT);
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
	for (int v = 0; v < 2; v++) {
		cdr_prefilter_scratch_free(s->pfs[v]);
		free(s->hits[v].v);
	}
	free(s->by_atom);
	free(s->chosen);
	free(s->todo);
	free(s);
}

/* Order of the word hits: by atom, then by start. */
static int by_atom_then_start(const void *x, const void *y)
{
	const word_hit *a = x, *b = y;
	if (a->atom != b->atom)
		return a->atom < b->atom ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

static int compare_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

static void choose(cdr_match_scratch *s, size_t atom)
{
	if (!s->chosen[atom]) {
		s->chosen[atom] = 1;
		s->todo[s->todo_count++] = atom;
	}
}

/* Decide which atoms to run on this paragraph: all of them, or those the
** prefilters say may match plus those no prefilter covers; and gather where the
** cores of words occur, by atom.  The work is in proportion to the reports, not to
** the size of the codebook. */
static void choose_atoms(const cdr_matcher *m, cdr_match_scratch *s, const char *norm, size_t nlen,
			 const char *orig, size_t olen)
{
	const cdr_program *p = m->program;
	s->scanned[0] = s->scanned[1] = 0;
	s->by_atom_count = 0;
	s->todo_count = 0;
	if (!m->use_prefilter) {
		for (size_t i = 0; i < p->atom_count; i++)
			s->todo[s->todo_count++] = i;
		return;
	}
	for (size_t i = 0; i < m->always_count; i++)
		choose(s, m->always_list[i]);
	for (int v = 0; v < 2; v++) {
		if (!m->pf[v])
			continue;
		const char *t = v == CDR_VIEW_NORM ? norm : orig;
		size_t len = v == CDR_VIEW_NORM ? nlen : olen;
		s->hits[v].count = 0;
		s->scanned[v] = cdr_prefilter_scan(m->pf[v], s->pfs[v], t, len, &s->hits[v]);
		if (!s->scanned[v]) { /* scan failed: run them all */
			for (size_t j = 0; j < m->pf_count[v]; j++)
				choose(s, m->pf_atom[v][j]);
			continue;
		}
		for (size_t k = 0; k < s->hits[v].count; k++) {
			const cdr_prefilter_hit *h = &s->hits[v].v[k];
			size_t atom = m->pf_atom[v][h->pattern];
			choose(s, atom);
			if (!p->atoms[atom].word)
				continue;
			CDR_GROW(s->by_atom, s->by_atom_cap, s->by_atom_count + 1);
			s->by_atom[s->by_atom_count++] =
				(word_hit){ atom, h->end - p->atoms[atom].word_len };
		}
	}
	for (size_t i = 0; i < s->todo_count; i++)
		s->chosen[s->todo[i]] = 0;
	qsort(s->todo, s->todo_count, sizeof *s->todo, compare_size);
	if (s->by_atom_count > 1)
		qsort(s->by_atom, s->by_atom_count, sizeof *s->by_atom, by_atom_then_start);
}

/* Is the character at t[i] (i < len) a word character, \p{L}, \p{N} or '_'? */
static int word_char_at(const cdr_matcher *m, cdr_match_scratch *s, const char *t, size_t len,
			size_t i)
{
	unsigned char c = (unsigned char)t[i];
	if (c < 0x80)
		return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '_';
	return pcre2_match(m->word_char, (PCRE2_SPTR)t, len, i, PCRE2_NO_UTF_CHECK, s->md, NULL) >
	       0;
}

/* Can STAR take the character at t[i]: a word character, or a hyphen before one? */
static int star_takes(const cdr_matcher *m, cdr_match_scratch *s, const char *t, size_t len,
		      size_t i)
{
	if (i >= len)
		return 0;
	if (t[i] == '-')
		return i + 1 < len && word_char_at(m, s, t, len, i + 1);
	return word_char_at(m, s, t, len, i);
}

static size_t prev_char(const char *t, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80);
	return i;
}

/* BEFORE at i: no word character before it, nor a word character and a hyphen. */
static int word_starts(const cdr_matcher *m, cdr_match_scratch *s, const char *t, size_t len,
		       size_t i)
{
	if (i == 0)
		return 1;
	size_t b = prev_char(t, i);
	if (word_char_at(m, s, t, len, b))
		return 0;
	return !(t[b] == '-' && b > 0 && word_char_at(m, s, t, len, prev_char(t, b)));
}

/* Where a greedy STAR from i stops.  AFTER holds there, by construction. */
static size_t star_end(const cdr_matcher *m, cdr_match_scratch *s, const char *t, size_t len,
		       size_t i)
{
	while (star_takes(m, s, t, len, i))
		i += cdr_utf8_seqlen((unsigned char)t[i]);
	return i;
}

/* Is the core at q followed by what the atom needs after it? */
static int tail_holds(const cdr_matcher *m, cdr_match_scratch *s, const cdr_atom *a, const char *t,
		      size_t len, size_t q)
{
	return a->word_trail || !star_takes(m, s, t, len, q + a->word_len);
}

/* The matches of the word atom 'a' in t[0..len), given the sorted starts q[0..n) of
** every occurrence of its core, as PCRE2 finds them: leftmost first, then the
** greedy choice, then on from the end of the match. */
static void native_word(const cdr_matcher *m, cdr_match_scratch *s, size_t atom, const char *t,
			size_t len, const word_hit *q, size_t n, cdr_matches *out)
{
	const cdr_atom *a = &m->program->atoms[atom];
	size_t from = 0; /* where the search goes on */
	for (size_t k = 0; k < n; k++) {
		size_t at = q[k].start;
		if (at < from || !tail_holds(m, s, a, t, len, at))
			continue;
		size_t start = at, core = at;
		if (!a->word_lead) {
			if (!word_starts(m, s, t, len, at))
				continue;
		} else {
			/* The leftmost start from which STAR reaches the core. */
			size_t lo = at;
			while (lo > from) {
				size_t b = prev_char(t, lo);
				if (!star_takes(m, s, t, len, b))
					break;
				lo = b;
			}
			for (start = lo; start < at && !word_starts(m, s, t, len, start);)
				start += cdr_utf8_seqlen((unsigned char)t[start]);
			if (!word_starts(m, s, t, len, start))
				continue;
			/* STAR is greedy: the last core it can reach that works. */
			size_t reach = star_end(m, s, t, len, start);
			for (size_t j = k + 1; j < n && q[j].start <= reach; j++)
				if (tail_holds(m, s, a, t, len, q[j].start))
					core = q[j].start;
		}
		size_t end = core + a->word_len;
		if (a->word_trail)
			end = star_end(m, s, t, len, end);
		CDR_GROW(out->v, out->cap, out->count + 1);
		out->v[out->count++] = (cdr_match){ atom, start, end };
		from = end;
	}
}

/* Run atom i with PCRE2 over t[0..len), appending its matches. */
static cdr_rc run_pcre2(const cdr_matcher *m, cdr_match_scratch *s, size_t i, const char *t,
			size_t len, cdr_matches *out, cdr_diag *d)
{
	const cdr_atom *a = &m->program->atoms[i];
	size_t start = 0;
	while (start <= len) {
		int rc = pcre2_match(m->code[i], (PCRE2_SPTR)t, len, start, PCRE2_NO_UTF_CHECK,
				     s->md, s->mc);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			const cdr_rule *r = &m->cb->rules[a->rule];
			PCRE2_UCHAR text[256];
			pcre2_get_error_message(rc, text, sizeof text);
			cdr_diag_pos pos = { m->cb->path, r->pos.line, r->pos.column, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "rule '%s: %s' gave up: %s (the pattern backtracks too "
				     "much; make it more specific)",
				     cdr_rule_key(r), r->pattern, text);
			return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
					       rc == PCRE2_ERROR_HEAPLIMIT ||
					       rc == PCRE2_ERROR_JIT_STACKLIMIT
				       ? CDR_ELIMIT
				       : CDR_EINTERNAL;
		}
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
		CDR_GROW(out->v, out->cap, out->count + 1);
		out->v[out->count++] = (cdr_match){ i, ov[0], ov[1] };
		/* No atom matches the empty string (checked when compiling); never loop. */
		start = ov[1] > ov[0]
				? ov[1]
				: ov[0] + (ov[0] < len ? cdr_utf8_seqlen((unsigned char)t[ov[0]])
						       : 1);
	}
	return CDR_OK;
}

cdr_rc cdr_matcher_run(const cdr_matcher *m, cdr_match_scratch *s, const char *norm, size_t nlen,
		       const char *orig, size_t olen, cdr_matches *out, cdr_diag *d)
{
	choose_atoms(m, s, norm, nlen, orig, olen);
	size_t k = 0; /* the next of s->by_atom */
	for (size_t ti = 0; ti < s->todo_count; ti++) {
		size_t i = s->todo[ti];
		const cdr_atom *a = &m->program->atoms[i];
		const char *t = a->view == CDR_VIEW_NORM ? norm : orig;
		size_t len = a->view == CDR_VIEW_NORM ? nlen : olen;
		if (a->word && s->scanned[a->view] && !m->always[i]) {
			while (k < s->by_atom_count && s->by_atom[k].atom < i)
				k++;
			size_t first = k;
			while (k < s->by_atom_count && s->by_atom[k].atom == i)
				k++;
			native_word(m, s, i, t, len, s->by_atom + first, k - first, out);
			continue;
		}
		cdr_rc rc = run_pcre2(m, s, i, t, len, out, d);
		if (rc != CDR_OK)
			return rc;
	}
	return CDR_OK;
}

void cdr_matches_free(cdr_matches *ms)
{
	free(ms->v);
	ms->v = NULL;
	ms->count = ms->cap = 0;
}
