/*
** match.c -- the atom runner (see match.h): compiling the atoms of a rule program
** with PCRE2 (JIT), running them with match and depth limits, and dispatching on
** the prefilter.
**
** With the prefilter (prefilter.h), an atom runs only on the paragraphs where its
** filter may match, and words, globs and simple phrases do not run PCRE2 at all:
** the prefilter reports where the core of one of their words occurs (the anchor:
** the longest word that the words before it let us reach going back, see compile.c),
** and the native word matcher (words.h) finishes the match with the same boundaries
** and the same leftmost, greedy choice as their PCRE2 form.  The words' prefilter
** (CDR_PREFILTER_WORDS) holds only those anchors, and every other atom runs PCRE2 on
** every paragraph; the full one (CDR_PREFILTER_ALL) also filters the others.
** Without a prefilter (CDR_PREFILTER_OFF, --prefilter off, or no Hyperscan) every
** atom runs PCRE2: the reference that the equivalence tests compare the other
** modes with.
**
** Stages (cdr_matcher_set_prefilter_background()): stage 0, in use at once, is the
** words' prefilter or nothing (every atom through PCRE2, for a caller that waits for
** stage 1); a builder thread makes the full prefilter, with its own JIT-compiled
** copies of the atoms it runs that stage 0 did not JIT-compile, and publishes it as
** stage 1 with a release store.  A scratch space codes with one stage at a time:
** the one published when a run starts (read with acquire), or the one a caller
** pinned (cdr_match_scratch_stage()); the builder writes nothing else of the
** matcher, so the threads that code share only what was set up before it started.
*/
#include "config.h"

#include "match.h"
#include "mem.h"
#include "prefilter.h"
#include "read.h"
#include "utf8.h"
#include "words.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOT_NATIVE UINT32_MAX /* in pf_back: the atom runs through PCRE2 */

/* A prefilter over the atoms of both views, and what its reports stand for. */
typedef struct pf_set {
	int built;
	cdr_prefilter *pf[2]; /* per view, NULL: nothing of that view filtered */
	size_t *pf_atom[2];   /* per pattern of view v: its atom */
	/* Per pattern of view v, for a native atom: how far its hit starts before the
	** report's end (its anchor word's length), else NOT_NATIVE.  The atoms
	** themselves are too large to touch for every report. */
	uint32_t *pf_back[2];
	size_t pf_count[2];
	unsigned char *always; /* per atom: not covered by a prefilter, always run */
	size_t *always_list;   /* those atoms, in order */
	size_t always_count;
	/* Per atom, or NULL: PCRE2 code (JIT-compiled) of this set's own, for an atom it
	** runs through PCRE2 that the matcher had not JIT-compiled when the set was
	** built on the builder thread (which must not write the matcher's code). */
	pcre2_code **code;
} pf_set;

/* The thread that builds the full prefilter (stage 1). */
typedef struct builder {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int finished; /* under the lock */
	int joined;   /* no thread to join (it was built on the caller's) */
	struct cdr_matcher *m;
} builder;

struct cdr_matcher {
	const cdr_codebook *cb;
	cdr_program *program;
	pcre2_code **code; /* per atom */
	/* The prefilters of CDR_PREFILTER_WORDS ([0]), CDR_PREFILTER_ALL ([1]) and
	** CDR_PREFILTER_LITERALS ([2]), built when first asked for, and the one in use
	** (NULL: every atom through PCRE2). */
	pf_set set[3];
	const pf_set *pf;
	/* Stage 1: set[1], once the builder has built it (NULL before, and when none is
	** built in the background). */
	_Atomic(const pf_set *) full;
	builder *bg; /* the builder, while it runs or until joined */
	cdr_words *words;
	unsigned char *native; /* per atom: finished by the word matcher, not PCRE2 */
	unsigned char *jitted; /* per atom: its PCRE2 code is JIT-compiled */
	uint32_t match_limit, depth_limit;
};

/* Where the first core of a native atom occurs. */
typedef struct word_hit {
	size_t atom, start;
} word_hit;

struct cdr_match_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mc;
	cdr_words_scratch *ws;
	pcre2_jit_stack *jit;
	const pf_set *ps; /* the prefilter set in use (NULL: every atom through PCRE2) */
	int stage;        /* its stage: 0 (m->pf) or 1 (m->full) */
	int pinned;       /* 'stage' was chosen by cdr_match_scratch_stage(), not followed */
	cdr_prefilter_scratch *pfs_of[2][2]; /* per stage and view, made when first used */
	cdr_prefilter_scratch **pfs;         /* pfs_of[stage] */
	uint64_t *chosen;                    /* a bit per atom: in 'todo' (all 0 between runs) */
	size_t *todo;                        /* the atoms to run on this text, in order */
	size_t todo_count;
	int scanned[2]; /* the prefilter of this view scanned the text */
	cdr_prefilter_hits hits[2];
	/* The hits of native atoms: as reported, then grouped by atom (in report order,
	** which is the order of their ends, so of their starts). */
	word_hit *hits_raw;
	size_t hits_raw_count, hits_raw_cap;
	size_t *starts; /* grouped: atom a's are starts[hit_first[a] ..] */
	size_t starts_cap;
	size_t *hit_first; /* per atom */
	size_t *hit_count; /* per atom (all 0 between runs) */
	/* Per atom, when a scan failed: the PCRE2 code of a native atom that the
	** matcher did not compile (NULL until needed, and the array too). */
	pcre2_code **own_code;
	size_t atom_count;
};

/* The set of mode 'mode' (not OFF) in m->set[]. */
static size_t set_of(cdr_prefilter_mode mode)
{
	return mode == CDR_PREFILTER_ALL ? 1 : mode == CDR_PREFILTER_LITERALS ? 2 : 0;
}

/* Build prefilter set 'ps' of mode 'mode': one Hyperscan database per view, over the
** atoms of that view: the words of native atoms, and for the atoms that PCRE2 must
** finish, with ALL their filters (widened or literal), with LITERALS their filters
** of literals, with WORDS none (they are then always run). */
static void build_prefilters(const cdr_matcher *m, pf_set *ps, cdr_prefilter_mode mode)
{
	const cdr_program *p = m->program;
	size_t cap = p->atom_count ? p->atom_count : 1;
	ps->built = 1;
	ps->always = cdr_xcalloc(cap, 1);
	for (size_t i = 0; i < p->atom_count; i++)
		ps->always[i] = 1;
	for (int v = 0; v < 2; v++) {
		size_t n = 0;
		cdr_prefilter_pattern *pat = cdr_xcalloc(cap, sizeof *pat);
		ps->pf_atom[v] = cdr_xcalloc(cap, sizeof *ps->pf_atom[v]);
		ps->pf_back[v] = cdr_xcalloc(cap, sizeof *ps->pf_back[v]);
		for (size_t i = 0; i < p->atom_count; i++) {
			const cdr_atom *a = &p->atoms[i];
			if ((int)a->view != v)
				continue;
			if (m->native[i])
				pat[n] = (cdr_prefilter_pattern){ a->anchor, 0, 1 };
			else if (mode == CDR_PREFILTER_ALL)
				pat[n] =
					(cdr_prefilter_pattern){ a->filter, a->filter_caseless, 0 };
			else if (mode == CDR_PREFILTER_LITERALS) {
				int caseless;
				const char *lit = cdr_atom_literals(a, &caseless);
				pat[n] = (cdr_prefilter_pattern){ lit, caseless, 0 };
			} else
				pat[n] = (cdr_prefilter_pattern){ NULL, 0, 0 };
			ps->pf_back[v][n] =
				m->native[i] ? (uint32_t)a->parts[a->anchor_part].len : NOT_NATIVE;
			ps->pf_atom[v][n++] = i;
		}
		ps->pf[v] = cdr_prefilter_new(pat, n);
		ps->pf_count[v] = n;
		for (size_t j = 0; ps->pf[v] && j < n; j++)
			if (!cdr_prefilter_always(ps->pf[v], j))
				ps->always[ps->pf_atom[v][j]] = 0;
		free(pat);
	}
	ps->always_list = cdr_xcalloc(cap, sizeof *ps->always_list);
	for (size_t i = 0; i < p->atom_count; i++)
		if (ps->always[i])
			ps->always_list[ps->always_count++] = i;
}

static void free_prefilters(pf_set *ps, size_t atoms)
{
	for (size_t i = 0; ps->code && i < atoms; i++)
		pcre2_code_free(ps->code[i]);
	free(ps->code);
	for (int v = 0; v < 2; v++) {
		cdr_prefilter_free(ps->pf[v]);
		free(ps->pf_atom[v]);
		free(ps->pf_back[v]);
	}
	free(ps->always);
	free(ps->always_list);
}

/* Which atoms the word matcher finishes (cdr_words_can_match()). */
static void choose_native(cdr_matcher *m)
{
	const cdr_program *p = m->program;
	cdr_words_scratch *ws = cdr_words_scratch_new();
	m->native = cdr_xcalloc(p->atom_count ? p->atom_count : 1, 1);
	for (size_t i = 0; i < p->atom_count; i++)
		m->native[i] = (unsigned char)cdr_words_can_match(m->words, ws, &p->atoms[i]);
	cdr_words_scratch_free(ws);
}

/* Atom a's PCRE2 code, or NULL with PCRE2's error code and offset. */
static pcre2_code *compile_regex(const cdr_atom *a, int *err, PCRE2_SIZE *erroff)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | (a->caseless ? PCRE2_CASELESS : 0);
	return pcre2_compile((PCRE2_SPTR)a->regex, strlen(a->regex), opts, err, erroff, NULL);
}

/* The options PCRE2 takes only at the very start of a pattern ("(*NO_START_OPT)"):
** they stay in front when the pattern is wrapped. */
static size_t start_options(const char *rx)
{
	static const char *const names[] = { "UTF",
					     "UCP",
					     "NO_AUTO_POSSESS",
					     "NO_DOTSTAR_ANCHOR",
					     "NO_JIT",
					     "NO_START_OPT",
					     "NOTEMPTY",
					     "NOTEMPTY_ATSTART",
					     "LIMIT_HEAP=",
					     "LIMIT_MATCH=",
					     "LIMIT_DEPTH=",
					     "LIMIT_RECURSION=",
					     "CR",
					     "LF",
					     "CRLF",
					     "ANYCRLF",
					     "ANY",
					     "NUL",
					     "BSR_ANYCRLF",
					     "BSR_UNICODE" };
	size_t at = 0;
	for (;;) {
		if (strncmp(rx + at, "(*", 2) != 0)
			return at;
		const char *name = rx + at + 2;
		size_t k = 0;
		for (; k < sizeof names / sizeof *names; k++) {
			size_t n = strlen(names[k]);
			if (strncmp(name, names[k], n) != 0)
				continue;
			const char *e = name + n;
			if (names[k][n - 1] == '=')
				while (*e >= '0' && *e <= '9')
					e++;
			if (*e == ')') {
				at = (size_t)(e + 1 - rx);
				break;
			}
		}
		if (k == sizeof names / sizeof *names)
			return at;
	}
}

/* Does PCRE2 find an empty match of atom a's regex in a probe text: the empty text,
** the regex's own text (whose letters are often what a lookaround wants), its
** words with spaces around them, and a line of letters, digits and punctuation?
** The regex is wrapped as START(?:REGEX)\G: anchored at a position, it matches only
** by a path that ends where it started, so every path is tried there, with a small
** match limit (a probe that reaches it finds nothing).  1 if some probe has one. */
static int empty_witness(const cdr_atom *a)
{
	size_t opts = start_options(a->regex);
	cdr_buf rx = CDR_BUF_INIT, words = CDR_BUF_INIT;
	cdr_buf_add(&rx, a->regex, opts);
	cdr_buf_printf(&rx, "(?:%s)\\G", a->regex + opts);
	int err;
	PCRE2_SIZE erroff;
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | (a->caseless ? PCRE2_CASELESS : 0);
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)rx.data, rx.len, flags, &err, &erroff, NULL);
	cdr_buf_free(&rx);
	if (!code)
		return 1; /* cannot tell: as PCRE2 said */

	/* The probes: at most 256 bytes of the regex, cut at a character. */
	size_t n = strlen(a->regex);
	if (n > 256) {
		n = 256;
		while (n > 0 && ((unsigned char)a->regex[n] & 0xC0) == 0x80)
			n--;
	}
	cdr_buf_addc(&words, ' ');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)a->regex[i];
		if (ch >= 0x80 || (ch >= '0' && ch <= '9') ||
		    ((ch | 32) >= 'a' && (ch | 32) <= 'z'))
			cdr_buf_addc(&words, (char)ch);
		else if (words.data[words.len - 1] != ' ')
			cdr_buf_addc(&words, ' ');
	}
	cdr_buf_addc(&words, ' ');
	/* Each kind of character twice in a row, and next to each other kind. */
	static const char mixed[] =
		"aaAA00  ..,,;;::!!?\?''\"\"(())--__//\n\n\t\taA0.,;:!?'\"()-_/\n\tzZ9é";
	const char *probes[] = { "", a->regex, words.data, mixed };
	size_t lens[] = { 0, n, words.len, strlen(probes[3]) };

	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mc, 100000);
	pcre2_set_depth_limit(mc, 10000);
	int found = 0;
	for (size_t k = 0; k < sizeof probes / sizeof *probes && !found; k++) {
		const char *t = probes[k];
		for (size_t at = 0; at <= lens[k] && !found; at++) {
			if (at < lens[k] && ((unsigned char)t[at] & 0xC0) == 0x80)
				continue;
			int rc = pcre2_match(code, (PCRE2_SPTR)t, lens[k], at, PCRE2_ANCHORED, md,
					     mc);
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			found = rc >= 0 && ov[0] == ov[1];
		}
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	cdr_buf_free(&words);
	return found;
}

/* Report that the rule of atom a does not compile, though the codebook let it
** through: a bug. */
static void internal_error(const cdr_matcher *m, const cdr_atom *a, int err, cdr_diag *d)
{
	PCRE2_UCHAR text[256];
	pcre2_get_error_message(err, text, sizeof text);
	cdr_buf msg = CDR_BUF_INIT;
	if (err == PCRE2_ERROR_PATTERN_TOO_LARGE || err == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP)
		/* A limit of PCRE2's that a long rule reaches, not a bug. */
		cdr_buf_printf(&msg,
			       "this rule is too large for PCRE2 (%s); split it into several "
			       "rules of the code",
			       text);
	else
		cdr_buf_printf(&msg, "rule does not compile (%s); please report this", text);
	cdr_rule_error(d, m->cb, &m->cb->rules[a->rule], a->column, 1, cdr_buf_cstr(&msg));
	cdr_buf_free(&msg);
}

/* Is atom i one that PCRE2 need not compile until it must run: a native atom
** (choose_native()), whose every word has a core, so it cannot match the empty
** string either?  Compiling those was most of the 3,000-pattern table's start-up
** outside Hyperscan, and the prefilter's modes finish them without PCRE2. */
static int compiled_late(const cdr_matcher *m, size_t i)
{
	const cdr_atom *a = &m->program->atoms[i];
	if (!m->native[i])
		return 0;
	for (size_t k = 0; k < a->part_count; k++)
		if (a->parts[k].len == 0)
			return 0;
	return 1;
}

/* Compile atom i; returns 0 after reporting an error. */
static int compile_atom(cdr_matcher *m, size_t i, cdr_diag *d)
{
	const cdr_atom *a = &m->program->atoms[i];
	const cdr_rule *r = &m->cb->rules[a->rule];
	int err;
	PCRE2_SIZE erroff;
	pcre2_code *code = compile_regex(a, &err, &erroff);
	if (!code && !a->verbatim) {
		internal_error(m, a, err, d);
		return 0;
	}
	if (!code) {
		PCRE2_UCHAR text[256];
		pcre2_get_error_message(err, text, sizeof text);
		cdr_buf msg = CDR_BUF_INIT;
		if (erroff > strlen(a->regex))
			erroff = strlen(a->regex);
		cdr_buf_printf(&msg, "regular expression does not compile: %s", text);
		cdr_rule_error(d, m->cb, r, a->column + cdr_utf8_count(a->regex, erroff), 1,
			       cdr_buf_cstr(&msg));
		cdr_buf_free(&msg);
		return 0;
	}
	/* Can a match consume nothing?  PCRE2's answer errs on the side of yes (it
	** says yes for "(*FAIL)|x"), so a yes is checked: the rule is refused only if
	** PCRE2 itself finds an empty match (empty_witness), as "(?=politie)" has in
	** "politie" and "\b(?=w)" in "w".  A no is PCRE2's proof that none exists
	** ("(*NO_START_OPT)samen").  Whatever is taken, an empty match still codes
	** nothing (run_pcre2 drops it). */
	uint32_t can_be_empty = 1;
	pcre2_pattern_info(code, PCRE2_INFO_MATCHEMPTY, &can_be_empty);
	if (can_be_empty && empty_witness(a)) {
		cdr_rule_error(d, m->cb, r, a->column, cdr_utf8_count(a->text, strlen(a->text)),
			       "this can match the empty string, so it would code everything; "
			       "make part of it required");
		pcre2_code_free(code);
		return 0;
	}
	m->code[i] = code;
	return 1;
}

/* Compile, then JIT-compile, the atoms PCRE2 may run: with a prefilter, not those
** matched natively (JIT-compiling every atom of the 3,000-pattern table was 5.8 %
** of a 10 MB run; start-up fell by 0.02-0.03 s).  An atom without JIT code still
** runs, in PCRE2's interpreter.  The atoms compiled late passed every check when
** the codebook was loaded, so a failure here is a bug: CDR_EINTERNAL, with an error
** at each rule that does not compile. */
static cdr_rc jit_atoms(cdr_matcher *m, cdr_diag *d)
{
	cdr_rc rc = CDR_OK;
	for (size_t i = 0; i < m->program->atom_count; i++) {
		if (m->jitted[i] || (m->pf && m->native[i] && !m->pf->always[i]))
			continue;
		if (!m->code[i]) {
			int err;
			PCRE2_SIZE erroff;
			m->code[i] = compile_regex(&m->program->atoms[i], &err, &erroff);
			if (!m->code[i]) {
				internal_error(m, &m->program->atoms[i], err, d);
				rc = CDR_EINTERNAL;
				continue;
			}
		}
		pcre2_jit_compile(m->code[i], PCRE2_JIT_COMPLETE);
		m->jitted[i] = 1;
	}
	return rc;
}

static void stop_builder(cdr_matcher *m);

cdr_rc cdr_matcher_new(const cdr_codebook *cb, cdr_matcher **out, cdr_diag *d)
{
	cdr_matcher *m = cdr_xcalloc(1, sizeof *m);
	size_t errors = 0;

	m->cb = cb;
	*out = NULL;
	/* A rule that does not compile does not stop the others' atoms from being
	** checked: every error of the codebook in one run. */
	cdr_rc rc = cdr_program_build_partial(cb, &m->program, d);
	m->words = cdr_words_new();
	if (rc == CDR_OK)
		choose_native(m);
	else
		m->native = cdr_xcalloc(m->program->atom_count ? m->program->atom_count : 1,
					sizeof *m->native);
	m->code = cdr_xcalloc(m->program->atom_count ? m->program->atom_count : 1, sizeof *m->code);
	for (size_t i = 0; i < m->program->atom_count; i++)
		if (!(m->program->failed && m->program->failed[m->program->atoms[i].rule]) &&
		    !compiled_late(m, i))
			errors += !compile_atom(m, i, d);
	if (errors || rc != CDR_OK) {
		cdr_matcher_free(m);
		return CDR_ESYNTAX;
	}
	m->jitted = cdr_xcalloc(m->program->atom_count ? m->program->atom_count : 1, 1);
	*out = m;
	return CDR_OK;
}

cdr_rc cdr_matcher_parse(const char *path, const char *t, size_t len, cdr_codebook **cb,
			 cdr_matcher **out, cdr_diag *d)
{
	size_t from = d->count;
	*out = NULL;
	cdr_rc rc = cdr_codebook_parse_partial(path, t, len, cb, d);
	if (*cb) {
		cdr_rc mrc = cdr_matcher_new(*cb, out, d);
		if (rc == CDR_OK)
			rc = mrc;
	}
	cdr_diag_order(d, from, CDR_CODEBOOK_MAX_ERRORS);
	if (rc != CDR_OK) {
		cdr_matcher_free(*out);
		*out = NULL;
		cdr_codebook_free(*cb);
		*cb = NULL;
	}
	return rc;
}

cdr_rc cdr_matcher_load(const char *path, cdr_codebook **cb, cdr_matcher **out, cdr_diag *d)
{
	cdr_doc doc;
	*cb = NULL;
	*out = NULL;
	cdr_rc rc = cdr_doc_read(path, &doc, d);
	if (rc != CDR_OK)
		return rc;
	rc = cdr_matcher_parse(path, doc.text, doc.len, cb, out, d);
	cdr_doc_free(&doc);
	return rc;
}

void cdr_matcher_free(cdr_matcher *m)
{
	if (!m)
		return;
	stop_builder(m); /* it reads all of the matcher */
	for (size_t i = 0; m->code && i < m->program->atom_count; i++)
		pcre2_code_free(m->code[i]);
	free(m->code);
	for (size_t k = 0; k < sizeof m->set / sizeof *m->set; k++)
		free_prefilters(&m->set[k], m->program->atom_count);
	free(m->native);
	free(m->jitted);
	cdr_words_free(m->words);
	cdr_program_free(m->program);
	free(m);
}

void cdr_matcher_set_limits(cdr_matcher *m, uint32_t match_limit, uint32_t depth_limit)
{
	m->match_limit = match_limit;
	m->depth_limit = depth_limit;
}

/* Does prefilter set ps run atom i through PCRE2 (when its scans succeed)? */
static int runs_pcre2(const cdr_matcher *m, const pf_set *ps, size_t i)
{
	return !ps || !m->native[i] || ps->always[i];
}

/* The builder thread: the full prefilter, and JIT-compiled PCRE2 code for the atoms
** it runs that stage 0 did not JIT-compile; published as stage 1 unless one does not
** compile (a bug, reported when stage 0 runs the atom: coding stays at stage 0). */
static void *build_full(void *arg)
{
	builder *b = arg;
	cdr_matcher *m = b->m;
	pf_set *ps = &m->set[1];
	size_t n = m->program->atom_count;
	int ok = 1;
	build_prefilters(m, ps, CDR_PREFILTER_ALL);
	for (size_t i = 0; i < n; i++) {
		if (m->jitted[i] || !runs_pcre2(m, ps, i))
			continue;
		if (!ps->code)
			ps->code = cdr_xcalloc(n, sizeof *ps->code);
		int err;
		PCRE2_SIZE erroff;
		/* A copy of the matcher's code (coding threads may read it; copying is a
		** memcpy, compiling again took 0.03 s of the reference codebook's start). */
		ps->code[i] = m->code[i] ? pcre2_code_copy(m->code[i])
					 : compile_regex(&m->program->atoms[i], &err, &erroff);
		if (!ps->code[i]) {
			ok = 0;
			break;
		}
		pcre2_jit_compile(ps->code[i], PCRE2_JIT_COMPLETE);
	}
	/* Published even when Hyperscan took none of the patterns (every atom is then
	** in 'always', run with the JIT code made here), so that stage 1 never runs
	** slower than CDR_PREFILTER_ALL would. */
	if (ok)
		atomic_store_explicit(&m->full, ps, memory_order_release);
	pthread_mutex_lock(&b->lock);
	b->finished = 1;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

/* Wait for the builder, if one runs, and forget it. */
static void stop_builder(cdr_matcher *m)
{
	if (!m->bg)
		return;
	if (!m->bg->joined)
		pthread_join(m->bg->thread, NULL);
	pthread_mutex_destroy(&m->bg->lock);
	pthread_cond_destroy(&m->bg->cond);
	free(m->bg);
	m->bg = NULL;
}

cdr_rc cdr_matcher_set_prefilter(cdr_matcher *m, cdr_prefilter_mode mode, cdr_diag *d)
{
	stop_builder(m);
	atomic_store_explicit(&m->full, NULL, memory_order_relaxed);
	m->pf = NULL;
	if (mode != CDR_PREFILTER_OFF) {
		pf_set *ps = &m->set[set_of(mode)];
		if (!ps->built)
			build_prefilters(m, ps, mode);
		if (ps->pf[0] || ps->pf[1])
			m->pf = ps;
	}
	return jit_atoms(m, d);
}

/* Is there a Hyperscan to build with? */
static int have_prefilter(void)
{
	return strcmp(cdr_prefilter_engine(), "none") != 0;
}

static void start_builder(cdr_matcher *m);

cdr_rc cdr_matcher_set_prefilter_background(cdr_matcher *m, cdr_prefilter_mode first, cdr_diag *d)
{
	/* Built before, or nothing to build it with: the full one (or none) now. */
	if (m->set[1].built || !have_prefilter())
		return cdr_matcher_set_prefilter(m, CDR_PREFILTER_ALL, d);
	if (first != CDR_PREFILTER_OFF) {
		cdr_rc rc = cdr_matcher_set_prefilter(
			m, first == CDR_PREFILTER_LITERALS ? first : CDR_PREFILTER_WORDS, d);
		if (rc == CDR_OK)
			cdr_matcher_build_full(m);
		return rc;
	}
	/* Stage 0 runs every atom through PCRE2 without JIT code: nothing to build for a
	** stage the caller means to wait out; the builder JIT-compiles what stage 1 runs. */
	stop_builder(m);
	atomic_store_explicit(&m->full, NULL, memory_order_relaxed);
	m->pf = NULL;
	start_builder(m);
	return CDR_OK;
}

void cdr_matcher_build_full(cdr_matcher *m)
{
	if (m->bg || m->set[1].built || !have_prefilter()) /* started, built, or no Hyperscan */
		return;
	start_builder(m);
}

static void start_builder(cdr_matcher *m)
{
	builder *b = cdr_xcalloc(1, sizeof *b);
	b->m = m;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->cond, NULL);
	m->bg = b;
	if (pthread_create(&b->thread, NULL, build_full, b) != 0) {
		build_full(b); /* here, then: published all the same */
		b->joined = 1;
	}
}

int cdr_matcher_stage(const cdr_matcher *m)
{
	return atomic_load_explicit(&m->full, memory_order_acquire) != NULL;
}

int cdr_matcher_wait_stage(const cdr_matcher *m)
{
	builder *b = m->bg;
	if (b) {
		pthread_mutex_lock(&b->lock);
		while (!b->finished)
			pthread_cond_wait(&b->cond, &b->lock);
		pthread_mutex_unlock(&b->lock);
	}
	return cdr_matcher_stage(m);
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
	s->ps = m->pf;
	s->pfs = s->pfs_of[0];
	for (int v = 0; v < 2; v++)
		s->pfs[v] = m->pf && m->pf->pf[v] ? cdr_prefilter_scratch_new(m->pf->pf[v]) : NULL;
	size_t n = m->program->atom_count ? m->program->atom_count : 1;
	s->atom_count = m->program->atom_count;
	s->chosen = cdr_xcalloc((n + 63) / 64, sizeof *s->chosen);
	s->hit_first = cdr_xcalloc(n, sizeof *s->hit_first);
	s->hit_count = cdr_xcalloc(n, sizeof *s->hit_count);
	s->todo = cdr_xcalloc(n, sizeof *s->todo);
	s->md = pcre2_match_data_create(1, NULL);
	s->mc = pcre2_match_context_create(NULL);
	s->jit = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
	s->ws = cdr_words_scratch_new();
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
	cdr_words_scratch_free(s->ws);
	for (int v = 0; v < 2; v++) {
		cdr_prefilter_scratch_free(s->pfs_of[0][v]);
		cdr_prefilter_scratch_free(s->pfs_of[1][v]);
		free(s->hits[v].v);
	}
	free(s->hits_raw);
	free(s->starts);
	free(s->hit_first);
	free(s->hit_count);
	free(s->chosen);
	free(s->todo);
	for (size_t i = 0; s->own_code && i < s->atom_count; i++)
		pcre2_code_free(s->own_code[i]);
	free(s->own_code);
	free(s);
}

/* Code with stage 'stage' from now on, if it is published. */
static void use_stage(const cdr_matcher *m, cdr_match_scratch *s, int stage)
{
	if (stage == s->stage)
		return;
	const pf_set *ps = stage ? atomic_load_explicit(&m->full, memory_order_acquire) : m->pf;
	if (stage && !ps) /* not published: stay */
		return;
	s->stage = stage;
	s->ps = ps;
	s->pfs = s->pfs_of[stage];
	for (int v = 0; v < 2; v++)
		if (ps && ps->pf[v] && !s->pfs[v])
			s->pfs[v] = cdr_prefilter_scratch_new(ps->pf[v]);
}

void cdr_match_scratch_stage(const cdr_matcher *m, cdr_match_scratch *s, int stage)
{
	s->pinned = 1;
	use_stage(m, s, stage);
}

int cdr_match_scratch_stage_of(const cdr_match_scratch *s)
{
	return s->stage;
}

static void choose(cdr_match_scratch *s, size_t atom)
{
	uint64_t bit = (uint64_t)1 << (atom % 64);
	if (!(s->chosen[atom / 64] & bit)) {
		s->chosen[atom / 64] |= bit;
		s->todo[s->todo_count++] = atom;
	}
}

/* The index of the lowest set bit of x (x != 0), by a de Bruijn sequence. */
static unsigned lowest_bit(uint64_t x)
{
	static const unsigned char index[64] = {
		0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28,
		62, 5,  39, 46, 44, 42, 22, 9,  24, 35, 59, 56, 49, 18, 29, 11,
		63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
		51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
	};
	return index[((x & (0 - x)) * 0x022FDD63CC95386Dull) >> 58];
}

/* Put the chosen atoms in order and clear their bits.  A paragraph usually chooses
** a handful: an insertion sort, about n * n / 4 steps.  With a large codebook it
** can choose dozens or hundreds; then reading them off the bits, in order, is
** cheaper: a few steps per word of 64 atoms and per atom (with the 3,000-pattern
** table, qsort() of more than 64 was 3 % of a run, and insertion below that 5 % of
** the matcher's instructions). */
static void sort_chosen(const cdr_program *p, cdr_match_scratch *s)
{
	size_t *v = s->todo, n = s->todo_count, words = (p->atom_count + 63) / 64;
	if (n * n > 12 * words + 20 * n) {
		size_t k = 0;
		for (size_t w = 0; w < words; w++) {
			for (uint64_t bits = s->chosen[w]; bits; bits &= bits - 1)
				v[k++] = w * 64 + lowest_bit(bits);
			s->chosen[w] = 0;
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		s->chosen[v[i] / 64] = 0;
	for (size_t i = 1; i < n; i++) {
		size_t x = v[i], j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
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
	const pf_set *ps = s->ps;
	s->scanned[0] = s->scanned[1] = 0;
	s->hits_raw_count = 0;
	s->todo_count = 0;
	if (!ps) {
		for (size_t i = 0; i < p->atom_count; i++)
			s->todo[s->todo_count++] = i;
		return;
	}
	for (size_t i = 0; i < ps->always_count; i++)
		choose(s, ps->always_list[i]);
	for (int v = 0; v < 2; v++) {
		if (!ps->pf[v])
			continue;
		const char *t = v == CDR_VIEW_NORM ? norm : orig;
		size_t len = v == CDR_VIEW_NORM ? nlen : olen;
		s->hits[v].count = 0;
		s->scanned[v] = cdr_prefilter_scan(ps->pf[v], s->pfs[v], t, len, &s->hits[v]);
		if (!s->scanned[v]) { /* scan failed: run them all */
			for (size_t j = 0; j < ps->pf_count[v]; j++)
				choose(s, ps->pf_atom[v][j]);
			continue;
		}
		for (size_t k = 0; k < s->hits[v].count; k++) {
			const cdr_prefilter_hit *h = &s->hits[v].v[k];
			size_t atom = ps->pf_atom[v][h->pattern];
			uint32_t back = ps->pf_back[v][h->pattern];
			choose(s, atom);
			if (back == NOT_NATIVE)
				continue;
			CDR_GROW(s->hits_raw, s->hits_raw_cap, s->hits_raw_count + 1);
			s->hits_raw[s->hits_raw_count++] = (word_hit){ atom, h->end - back };
			s->hit_count[atom]++;
		}
	}
	sort_chosen(p, s);
	/* Group the hits by atom, keeping their order (a counting sort). */
	size_t at = 0;
	for (size_t i = 0; i < s->todo_count; i++) {
		size_t a = s->todo[i];
		s->hit_first[a] = at;
		at += s->hit_count[a];
		s->hit_count[a] = 0;
	}
	CDR_GROW(s->starts, s->starts_cap, at + 1);
	for (size_t k = 0; k < s->hits_raw_count; k++) {
		const word_hit *h = &s->hits_raw[k];
		s->starts[s->hit_first[h->atom] + s->hit_count[h->atom]++] = h->start;
	}
}

/* Atom i's PCRE2 code.  An atom compiled late (compiled_late()) has none when the
** prefilter was to finish it, unless this thread compiled it after a failed scan:
** then compile it for this thread (the matcher is shared, and read only). */
static pcre2_code *atom_code(const cdr_matcher *m, cdr_match_scratch *s, size_t i, cdr_diag *d)
{
	if (s->ps && s->ps->code && s->ps->code[i])
		return s->ps->code[i];
	if (m->code[i])
		return m->code[i];
	if (!s->own_code)
		s->own_code = cdr_xcalloc(s->atom_count, sizeof *s->own_code);
	if (!s->own_code[i]) {
		int err;
		PCRE2_SIZE erroff;
		s->own_code[i] = compile_regex(&m->program->atoms[i], &err, &erroff);
		if (!s->own_code[i])
			internal_error(m, &m->program->atoms[i], err, d);
	}
	return s->own_code[i];
}

/* Run atom i with PCRE2 over t[0..len), appending its matches. */
static cdr_rc run_pcre2(const cdr_matcher *m, cdr_match_scratch *s, size_t i, const char *t,
			size_t len, cdr_matches *out, cdr_diag *d)
{
	const cdr_atom *a = &m->program->atoms[i];
	pcre2_code *code = atom_code(m, s, i, d);
	if (!code)
		return CDR_EINTERNAL;
	size_t start = 0;
	while (start <= len) {
		int rc = pcre2_match(code, (PCRE2_SPTR)t, len, start, PCRE2_NO_UTF_CHECK, s->md,
				     s->mc);
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
		/* No atom consumes nothing (checked when compiling), but \K can still end a
		** match where it starts ("samen\K"): such a match codes nothing. */
		if (ov[1] > ov[0]) {
			CDR_GROW(out->v, out->cap, out->count + 1);
			out->v[out->count++] = (cdr_match){ i, ov[0], ov[1] };
		}
		/* Never loop on an empty match. */
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
	if (!s->pinned && !s->stage && cdr_matcher_stage(m))
		use_stage(m, s, 1); /* published since the last run */
	choose_atoms(m, s, norm, nlen, orig, olen);
	cdr_rc rc = CDR_OK;
	for (size_t ti = 0; ti < s->todo_count && rc == CDR_OK; ti++) {
		size_t i = s->todo[ti];
		const cdr_atom *a = &m->program->atoms[i];
		const char *t = a->view == CDR_VIEW_NORM ? norm : orig;
		size_t len = a->view == CDR_VIEW_NORM ? nlen : olen;
		if (m->native[i] && s->scanned[a->view] && !s->ps->always[i])
			cdr_words_match(m->words, s->ws, a, i, t, len, s->starts + s->hit_first[i],
					s->hit_count[i], out);
		else
			rc = run_pcre2(m, s, i, t, len, out, d);
	}
	for (size_t ti = 0; ti < s->todo_count; ti++)
		s->hit_count[s->todo[ti]] = 0;
	return rc;
}

void cdr_matches_free(cdr_matches *ms)
{
	free(ms->v);
	ms->v = NULL;
	ms->count = ms->cap = 0;
}
