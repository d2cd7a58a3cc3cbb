/*
** match.c -- compiling the atoms of a rule program with PCRE2 (JIT) and running
** them with match and depth limits (see match.h).
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
	int use_prefilter;
	uint32_t match_limit, depth_limit;
};

struct cdr_match_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *jit;
	cdr_prefilter_scratch *pfs[2];
	unsigned char *flag[2]; /* per prefilter pattern: may match */
	unsigned char *run;     /* per atom: run it on this text */
};

/* Build the prefilters: one per view, over the atoms of that view. */
static void build_prefilters(cdr_matcher *m)
{
	const cdr_program *p = m->program;
	m->always = cdr_xcalloc(p->atom_count ? p->atom_count : 1, 1);
	for (size_t i = 0; i < p->atom_count; i++)
		m->always[i] = 1;
	for (int v = 0; v < 2; v++) {
		size_t n = 0;
		const char **rx = cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *rx);
		int *is_regex = cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *is_regex);
		int *caseless = cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *caseless);
		m->pf_atom[v] =
			cdr_xcalloc(p->atom_count ? p->atom_count : 1, sizeof *m->pf_atom[v]);
		for (size_t i = 0; i < p->atom_count; i++) {
			if ((int)p->atoms[i].view != v)
				continue;
			rx[n] = p->atoms[i].filter;
			is_regex[n] = p->atoms[i].filter_is_regex;
			caseless[n] = p->atoms[i].caseless;
			m->pf_atom[v][n++] = i;
		}
		m->pf[v] = cdr_prefilter_new(rx, is_regex, caseless, n);
		m->pf_count[v] = n;
		for (size_t j = 0; m->pf[v] && j < n; j++)
			if (!cdr_prefilter_always(m->pf[v], j))
				m->always[m->pf_atom[v][j]] = 0;
		free(rx);
		free(is_regex);
		free(caseless);
	}
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
		s->flag[v] = cdr_xcalloc(m->pf_count[v] ? m->pf_count[v] : 1, 1);
	}
	s->run = cdr_xcalloc(m->program->atom_count ? m->program->atom_count : 1, 1);
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
		free(s->flag[v]);
	}
	free(s->run);
	free(s);
}

/* Decide which atoms to run on this paragraph: all of them, or those the
** prefilters say may match plus those no prefilter covers. */
static void choose_atoms(const cdr_matcher *m, cdr_match_scratch *s, const char *norm, size_t nlen,
			 const char *orig, size_t olen)
{
	size_t n = m->program->atom_count;
	if (!m->use_prefilter) {
		memset(s->run, 1, n);
		return;
	}
	memcpy(s->run, m->always, n);
	for (int v = 0; v < 2; v++) {
		if (!m->pf[v])
			continue;
		memset(s->flag[v], 0, m->pf_count[v]);
		const char *t = v == CDR_VIEW_NORM ? norm : orig;
		size_t len = v == CDR_VIEW_NORM ? nlen : olen;
		if (!cdr_prefilter_scan(m->pf[v], s->pfs[v], t, len, s->flag[v]))
			memset(s->flag[v], 1, m->pf_count[v]); /* scan failed: run them all */
		for (size_t j = 0; j < m->pf_count[v]; j++)
			if (s->flag[v][j])
				s->run[m->pf_atom[v][j]] = 1;
	}
}

cdr_rc cdr_matcher_run(const cdr_matcher *m, cdr_match_scratch *s, const char *norm, size_t nlen,
		       const char *orig, size_t olen, cdr_matches *out, cdr_diag *d)
{
	choose_atoms(m, s, norm, nlen, orig, olen);
	for (size_t i = 0; i < m->program->atom_count; i++) {
		if (!s->run[i])
			continue;
		const cdr_atom *a = &m->program->atoms[i];
		const char *t = a->view == CDR_VIEW_NORM ? norm : orig;
		size_t len = a->view == CDR_VIEW_NORM ? nlen : olen;
		size_t start = 0;
		while (start <= len) {
			int rc = pcre2_match(m->code[i], (PCRE2_SPTR)t, len, start,
					     PCRE2_NO_UTF_CHECK, s->md, s->mc);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				const cdr_rule *r = &m->cb->rules[a->rule];
				PCRE2_UCHAR text[256];
				pcre2_get_error_message(rc, text, sizeof text);
				cdr_diag_pos pos = { m->cb->path, r->pos.line, r->pos.column,
						     0,           NULL,        0 };
				cdr_diag_add(
					d, CDR_DIAG_ERROR, &pos,
					"rule '%s: %s' gave up: %s (the pattern backtracks too "
					"much; make it more specific)",
					cdr_rule_key(r), r->pattern, text);
				return rc == PCRE2_ERROR_MATCHLIMIT ||
						       rc == PCRE2_ERROR_DEPTHLIMIT ||
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
					: ov[0] + (ov[0] < len ? cdr_utf8_seqlen(
									 (unsigned char)t[ov[0]])
							       : 1);
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
