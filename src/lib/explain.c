/*
** explain.c -- the account of how a text is coded, rule by rule (see explain.h).
*/
#include "config.h"

#include "explain.h"
#include "eval.h"
#include "seg.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* Code points at every CP_STEP bytes of a document, so that a byte offset becomes a
** code point offset by counting at most CP_STEP bytes (counting from the start each
** time made explain quadratic on a long line: 6 s for 1 MB).  The table takes 1/32 of the
** text's size. */
#define CP_STEP 256

typedef struct cp_index {
	const char *text;
	size_t len;
	size_t *at;  /* at[i]: code points before byte i * CP_STEP */
	size_t work; /* bytes counted by cp(), for tests */
} cp_index;

static void cp_index_init(cp_index *ix, const cdr_doc *doc)
{
	size_t n = doc->len / CP_STEP + 1;
	ix->text = doc->text;
	ix->len = doc->len;
	ix->at = cdr_xmalloc(n * sizeof *ix->at);
	ix->at[0] = 0;
	for (size_t i = 1; i < n; i++) /* counting lead bytes works from any byte */
		ix->at[i] = ix->at[i - 1] + cdr_utf8_count(doc->text + (i - 1) * CP_STEP, CP_STEP);
	ix->work = doc->len;
}

typedef struct ctx {
	const cdr_codebook *cb;
	const cdr_program *program;
	const cdr_doc *doc;
	const cdr_paragraph_trace *tr;
	cdr_buf *out;
	cp_index *cps;
} ctx;

static size_t cp(const ctx *x, size_t byte)
{
	size_t i = byte / CP_STEP;
	x->cps->work += byte - i * CP_STEP;
	return x->cps->at[i] + cdr_utf8_count(x->cps->text + i * CP_STEP, byte - i * CP_STEP);
}

/* Append "'text' at a-b" for the original bytes [s, e), shortened if long. */
static void quote_span(const ctx *x, size_t s, size_t e)
{
	size_t n = e - s;
	cdr_buf_addc(x->out, '"');
	for (size_t i = s; i < e && i < s + 60; i++) {
		char ch = x->doc->text[i];
		cdr_buf_addc(x->out, ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : ch);
	}
	if (n > 60) {
		/* do not cut a character in two */
		while (x->out->len && (x->out->data[x->out->len - 1] & 0xC0) == 0x80)
			x->out->len--;
		if (x->out->len && (unsigned char)x->out->data[x->out->len - 1] >= 0xC0)
			x->out->len--;
		cdr_buf_adds(x->out, "...");
	}
	cdr_buf_printf(x->out, "\" at %zu-%zu", cp(x, s), cp(x, e));
}

static void rule_name(const ctx *x, size_t r)
{
	const cdr_rule *rule = &x->cb->rules[r];
	cdr_buf_printf(x->out, "%s: %s (line %zu", cdr_rule_key(rule), rule->pattern,
		       rule->pos.line);
	if (rule->when) {
		cdr_buf_adds(x->out, ", when: ");
		cdr_when_describe(rule->when, x->out);
	}
	cdr_buf_addc(x->out, ')');
}

/* Why rule r does not apply to this paragraph (its 'when:' does not hold). */
static void why_not_applied(const ctx *x, size_t r)
{
	const cdr_rule *rule = &x->cb->rules[r];
	const cdr_eval_input *in = x->tr->input;
	cdr_buf_adds(x->out, "not applied here: ");
	if ((rule->when & CDR_WHEN_ANSWER) && !in->answer)
		cdr_buf_adds(x->out, "the text is not a survey answer");
	else
		cdr_buf_printf(x->out, "the paragraph has %zu words (short is at most %zu)",
			       in->words ? in->words->count : 0, x->cb->short_words);
}

static size_t atom_matches(const ctx *x, size_t atom, size_t *first)
{
	return cdr_eval_atom_matches(x->tr->evaluator, atom, first);
}

/* The first match of the atoms [lo, hi) (a part or side of a rule), or CDR_NONE. */
static size_t first_match(const ctx *x, size_t lo, size_t hi)
{
	size_t best = CDR_NONE;
	for (size_t a = lo; a < hi; a++) {
		size_t f, n = atom_matches(x, a, &f);
		if (n && (best == CDR_NONE ||
			  x->tr->input->matches->v[f].start < x->tr->input->matches->v[best].start))
			best = f;
	}
	return best;
}

/* Why a NEAR rule found nothing. */
static void why_near(const ctx *x, size_t r)
{
	const cdr_logic *lg = &x->program->logic[r];
	const size_t *at = lg->part_at;
	const cdr_atom *A = &x->program->atoms[at[0]], *B = &x->program->atoms[at[1]];
	size_t fa = first_match(x, at[0], at[1]), fb = first_match(x, at[1], at[2]);
	if (fa == CDR_NONE || fb == CDR_NONE) {
		cdr_buf_printf(x->out, "'%s' %s, '%s' %s", A->text,
			       fa != CDR_NONE ? "found" : "not found", B->text,
			       fb != CDR_NONE ? "found" : "not found");
		return;
	}
	const cdr_match *a = &x->tr->input->matches->v[fa];
	const cdr_match *b = &x->tr->input->matches->v[fb];
	cdr_buf_printf(x->out, "'%s' ", A->text);
	quote_span(x, a->start, a->end);
	cdr_buf_printf(x->out, ", '%s' ", B->text);
	quote_span(x, b->start, b->end);
	if (lg->ordered && b->start < a->end) {
		cdr_buf_adds(x->out, ", but in the wrong order");
	} else if (lg->in_clause) {
		cdr_buf_adds(x->out, ", but not in the same clause");
	} else if (lg->in_sentence) {
		cdr_buf_adds(x->out, ", but not in the same sentence");
	} else {
		size_t lo = a->end < b->start ? a->end : b->end,
		       hi = a->end < b->start ? b->start : a->start;
		size_t words = 0;
		const cdr_spans *ws = x->tr->input->words;
		for (size_t i = 0; ws && i < ws->count; i++)
			words += ws->v[i].start >= lo && ws->v[i].end <= hi;
		cdr_buf_printf(x->out, ", %zu words apart (at most %u allowed)", words, lg->words);
	}
}

/* Why a phrase in parts found nothing: which parts are there. */
static void why_split(const ctx *x, size_t r)
{
	const cdr_logic *lg = &x->program->logic[r];
	int all = 1;
	for (size_t k = 0; k < lg->part_count; k++) {
		size_t f = first_match(x, lg->part_at[k], lg->part_at[k + 1]);
		cdr_buf_printf(x->out, "%s'%s' ", k ? ", " : "",
			       x->program->atoms[lg->part_at[k]].text);
		if (f == CDR_NONE) {
			cdr_buf_adds(x->out, "not found");
			all = 0;
			continue;
		}
		const cdr_match *m = &x->tr->input->matches->v[f];
		quote_span(x, m->start, m->end);
	}
	if (all)
		cdr_buf_adds(x->out, ", but not in this order in one clause");
}

/* After a hit: the parts of a phrase in parts, and the member of each list that
** matched, as " (parts: ...; @list: member)"; nothing for other hits. */
static void hit_parts(const ctx *x, const cdr_hit *h)
{
	const cdr_hits *hs = x->tr->hits;
	const cdr_rule *rule = &x->cb->rules[h->rule];
	int split = rule->kind == CDR_RULE_PHRASE && x->program->logic[h->rule].part_count > 1;
	size_t before = x->out->len;
	if (split) {
		cdr_buf_adds(x->out, " (parts: ");
		for (size_t k = 0; k < h->part_count; k++) {
			const cdr_match *m =
				&x->tr->input->matches->v[hs->parts[h->part_first + k]];
			if (k)
				cdr_buf_adds(x->out, ", ");
			quote_span(x, m->start, m->end);
		}
	}
	for (size_t k = 0; k < h->part_count; k++) {
		const cdr_match *m = &x->tr->input->matches->v[hs->parts[h->part_first + k]];
		const char *member = x->program->atoms[m->atom].member;
		if (!member)
			continue;
		cdr_buf_adds(x->out, x->out->len == before ? " (" : "; ");
		cdr_buf_adds(x->out, member);
	}
	if (x->out->len > before)
		cdr_buf_addc(x->out, ')');
}

/* Why an 'all' rule found nothing: which phrases are present. */
static void why_all(const ctx *x, size_t r)
{
	const cdr_logic *lg = &x->program->logic[r];
	cdr_buf_adds(x->out, "the expression does not hold in any unit:");
	for (size_t n = 0; n < lg->expr_count; n++) {
		if (lg->expr[n].op != CDR_EXPR_TERM)
			continue;
		const cdr_expr *e = &lg->expr[n];
		size_t f = first_match(x, e->atom, e->atom + e->atoms);
		cdr_buf_printf(x->out, " '%s' %s%s;", x->program->atoms[e->atom].text,
			       e->negated ? "(NOT) " : "", f != CDR_NONE ? "found" : "not found");
	}
	x->out->len--; /* drop the last ';' */
	x->out->data[x->out->len] = '\0';
}

/* The words a 'forms:' rule looks for: "its forms: a, b, c", and the compounds. */
static void forms_list(const ctx *x, size_t r)
{
	const cdr_logic *lg = &x->program->logic[r];
	const char *pat = x->cb->rules[r].pattern;
	size_t n = strlen(pat), listed = 0;
	int head = n && pat[0] == '+', first = n > 1 && pat[n - 1] == '+';
	cdr_buf_adds(x->out, "its forms: ");
	for (size_t a = lg->first_atom; a < lg->first_atom + lg->atom_count; a++)
		if (!strchr(x->program->atoms[a].text, '+')) /* a form, not a compound */
			cdr_buf_printf(x->out, "%s%s", listed++ ? ", " : "",
				       x->program->atoms[a].text);
	if (head || first)
		cdr_buf_printf(x->out, "; and compounds with it as %s",
			       head && first ? "any part"
			       : head        ? "the head"
					     : "the first part");
}

/* One line per hit of rule r, or one line saying why it has none. */
static void explain_rule(const ctx *x, size_t r, int list_silent)
{
	const cdr_hits *hs = x->tr->hits;
	size_t n = 0;
	for (size_t i = 0; i < hs->count; i++) {
		const cdr_hit *h = &hs->v[i];
		if (h->rule != r)
			continue;
		n++;
		cdr_buf_adds(x->out, "    ");
		rule_name(x, r);
		cdr_buf_adds(x->out, ": ");
		quote_span(x, h->start, h->end);
		hit_parts(x, h);
		if (h->cancelled_by != CDR_NONE) {
			cdr_buf_adds(x->out, " cancelled by the exception ");
			rule_name(x, h->cancelled_by);
			const cdr_match *e = &x->tr->input->matches->v[h->except_match];
			cdr_buf_adds(x->out, ", which matches ");
			quote_span(x, e->start, e->end);
		} else if (h->obstacle) {
			const cdr_match *q = &x->tr->input->matches->v[h->cue];
			cdr_buf_adds(x->out, "; obstacle: the cue ");
			quote_span(x, q->start, q->end);
			cdr_buf_adds(x->out, " is in the same clause");
		}
		cdr_buf_addc(x->out, '\n');
	}
	if (n && list_silent && x->cb->rules[r].kind == CDR_RULE_FORMS) {
		cdr_buf_adds(x->out, "      ");
		forms_list(x, r);
		cdr_buf_addc(x->out, '\n');
	}
	if (n || !list_silent)
		return;
	cdr_buf_adds(x->out, "    ");
	rule_name(x, r);
	cdr_buf_adds(x->out, ": ");
	if (!cdr_eval_when_holds(x->cb, &x->cb->rules[r], x->tr->input)) {
		why_not_applied(x, r);
		cdr_buf_addc(x->out, '\n');
		return;
	}
	switch (x->cb->rules[r].kind) {
	case CDR_RULE_NEAR:
		why_near(x, r);
		break;
	case CDR_RULE_ALL:
		why_all(x, r);
		break;
	case CDR_RULE_FORMS:
		cdr_buf_adds(x->out, "no match; ");
		forms_list(x, r);
		break;
	case CDR_RULE_PHRASE:
		if (x->program->logic[r].part_count > 1) {
			why_split(x, r);
			break;
		}
		cdr_buf_adds(x->out, "no match");
		break;
	default:
		cdr_buf_adds(x->out, "no match");
		break;
	}
	cdr_buf_addc(x->out, '\n');
}

cdr_rc cdr_explain(cdr_coder *c, const cdr_doc *doc, size_t code, cdr_buf *out, cdr_diag *d)
{
	return cdr_explain_counted(c, doc, code, out, NULL, d);
}

/* The account of code k in the traced paragraph of 'x': its state and its rules
** (all of them with 'all_rules', else those that found something).  0 if the code
** was left out: no rule of it touched the paragraph and not 'all_rules'. */
static int explain_code(const ctx *x, size_t k, int all_rules)
{
	const cdr_codebook *cb = x->cb;
	const cdr_paragraph_trace *tr = x->tr;
	int coded = 0, obstacle = 0, touched = 0;
	for (size_t i = 0; i < tr->hits->count; i++) {
		const cdr_hit *h = &tr->hits->v[i];
		if (cb->rules[h->rule].code != k)
			continue;
		touched = 1;
		if (h->cancelled_by == CDR_NONE) {
			coded = 1;
			obstacle |= h->obstacle;
		}
	}
	if (!all_rules && !touched)
		return 0;
	cdr_buf_printf(x->out, "  %s (%s): %s\n", cb->codes[k].id, cb->codes[k].label,
		       coded ? (obstacle ? "coded, obstacle" : "coded") : "not coded");
	for (size_t r = 0; r < cb->rule_count; r++)
		if (cb->rules[r].code == k && cb->rules[r].role == CDR_ROLE_MATCH)
			explain_rule(x, r, all_rules);
	return 1;
}

/* The accounts of codes[0..n) on 'doc' into out[0..n), each paragraph traced once;
** with codes NULL, one account (out[0]) of every code that applies. */
static cdr_rc explain_doc(cdr_coder *c, const cdr_doc *doc, const size_t *codes, size_t n,
			  cdr_buf *out, size_t *work, cdr_diag *d)
{
	cdr_spans paras = CDR_SPANS_INIT;
	cdr_rc rc = CDR_OK;
	const cdr_codebook *cb = cdr_coder_codebook(c);
	cp_index cps;
	cp_index_init(&cps, doc);
	cdr_seg_paragraphs(doc->text, doc->len, &paras);
	for (size_t p = 0; p < paras.count && rc == CDR_OK; p++) {
		cdr_paragraph_trace tr;
		rc = cdr_coder_trace(c, doc, paras.v[p].start, paras.v[p].end, &tr, d);
		if (rc != CDR_OK)
			break;
		ctx x = { cb, cdr_coder_program(c), doc, &tr, NULL, &cps };
		for (size_t i = 0; i < (codes ? n : 1); i++) {
			x.out = &out[i];
			if (paras.count > 1)
				cdr_buf_printf(x.out, "paragraph %zu (%zu-%zu):\n", p + 1,
					       cp(&x, paras.v[p].start), cp(&x, paras.v[p].end));
			if (codes) {
				explain_code(&x, codes[i], 1);
				continue;
			}
			int any = 0;
			for (size_t k = 0; k < cb->code_count; k++)
				any |= explain_code(&x, k, 0);
			if (!any)
				cdr_buf_adds(x.out, "  no rule of the codebook matches here\n");
		}
	}
	if (work)
		*work = cps.work;
	free(cps.at);
	cdr_spans_free(&paras);
	return rc;
}

cdr_rc cdr_explain_counted(cdr_coder *c, const cdr_doc *doc, size_t code, cdr_buf *out,
			   size_t *work, cdr_diag *d)
{
	return explain_doc(c, doc, code == CDR_NONE ? NULL : &code, 1, out, work, d);
}

cdr_rc cdr_explain_codes(cdr_coder *c, const cdr_doc *doc, const size_t *codes, size_t n,
			 cdr_buf *out, cdr_diag *d)
{
	return n ? explain_doc(c, doc, codes, n, out, NULL, d) : CDR_OK;
}

/* ------------------------------------------------------------------ check --- */

typedef struct example_tally {
	size_t pos, pos_ok, neg, neg_ok;
} example_tally;

static const char *example_key(const cdr_example *ex)
{
	static const char *const keys[2][2] = { { "not-example", "example" },
						{ "not-example-answer", "example-answer" } };
	return keys[ex->answer != 0][ex->must_match != 0];
}

cdr_rc cdr_explain_check(cdr_coder *coder, int quiet, cdr_buf *out, size_t *failed_out, cdr_diag *d)
{
	const cdr_codebook *cb = cdr_coder_codebook(coder);
	example_tally *t = cdr_xcalloc(cb->code_count ? cb->code_count : 1, sizeof *t);
	cdr_buf fails = CDR_BUF_INIT;
	size_t failed = 0, limit_errors = 0, rules = 0;
	for (size_t r = 0; r < cb->rule_count; r++)
		rules += cb->rules[r].role == CDR_ROLE_MATCH;
	for (size_t i = 0; i < cb->example_count; i++) {
		const cdr_example *ex = &cb->examples[i];
		cdr_doc doc;
		cdr_codings cs = CDR_CODINGS_INIT;
		cdr_coder_stats st = { 0 };
		int coded = 0;
		cdr_coder_set_answers(coder, ex->answer);
		if (cdr_doc_decode("example", ex->text, strlen(ex->text), &doc, d) != CDR_OK ||
		    cdr_coder_run(coder, &doc, &cs, &st, d) != CDR_OK) {
			/* A rule gave up (a PCRE2 limit; the error names it): the example
			** could not be checked, which is a failure of its code. */
			limit_errors++;
			example_tally *tc = &t[ex->code];
			*(ex->must_match ? &tc->pos : &tc->neg) += 1;
			cdr_buf_printf(
				&fails,
				"%s:%zu: %s of %s could not be checked: a rule of the codebook "
				"gave up on it (see the error below)\n    \"%s\"\n",
				cb->path, ex->pos.line, example_key(ex), cb->codes[ex->code].id,
				ex->text);
			cdr_codings_free(&cs);
			cdr_doc_free(&doc);
			continue;
		}
		for (size_t k = 0; k < cs.count; k++)
			coded |= cs.v[k].code == ex->code;
		example_tally *tc = &t[ex->code];
		int pass = coded == ex->must_match;
		if (ex->must_match) {
			tc->pos++;
			tc->pos_ok += pass;
		} else {
			tc->neg++;
			tc->neg_ok += pass;
		}
		if (!pass) {
			failed++;
			cdr_buf_printf(&fails, "%s:%zu: %s %s %s:\n    \"%s\"\n", cb->path,
				       ex->pos.line, example_key(ex),
				       ex->must_match ? "is not coded" : "is coded",
				       cb->codes[ex->code].id, ex->text);
			cdr_explain(coder, &doc, ex->code, &fails, d);
		}
		cdr_codings_free(&cs);
		cdr_doc_free(&doc);
	}

	cdr_coder_set_answers(coder, 0);
	cdr_buf_printf(out, "%s: %zu codes, %zu rules, %zu examples\n", cb->path, cb->code_count,
		       rules, cb->example_count);
	for (size_t k = 0; k < cb->code_count && !quiet; k++) {
		const example_tally *tc = &t[k];
		int ok = tc->pos_ok == tc->pos && tc->neg_ok == tc->neg;
		cdr_buf_printf(out, "%-4s  %-28s %zu/%zu examples, %zu/%zu not-examples%s\n",
			       ok ? "ok" : "FAIL", cb->codes[k].id, tc->pos_ok, tc->pos, tc->neg_ok,
			       tc->neg, tc->pos + tc->neg ? "" : " (no examples)");
	}
	if (fails.len) {
		cdr_buf_addc(out, '\n');
		cdr_buf_add(out, fails.data, fails.len);
	}
	size_t total = cb->example_count;
	cdr_buf_printf(out, "\n%zu example%s: %zu passed, %zu failed\n", total,
		       total == 1 ? "" : "s", total - failed - limit_errors, failed + limit_errors);
	cdr_buf_free(&fails);
	free(t);
	*failed_out = failed + limit_errors;
	return limit_errors ? CDR_ELIMIT : CDR_OK;
}
