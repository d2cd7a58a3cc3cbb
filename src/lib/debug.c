/*
** debug.c -- each stage of coding in a fixed text form (see debug.h).
*/
#include "config.h"

#include "debug.h"
#include "norm.h"
#include "compile.h"
#include "seg.h"
#include "utf8.h"

#include <string.h>

const char cdr_debug_stages[] = "paragraphs norm sentences words atoms";

int cdr_debug_is_stage(const char *stage)
{
	static const char *const names[] = { "paragraphs", "norm", "sentences", "words", "atoms" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(stage, names[i]) == 0)
			return 1;
	return 0;
}

/* Append t[0..n) with tab, line ends and backslash escaped. */
static void add_escaped(cdr_buf *out, const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c == '\t')
			cdr_buf_adds(out, "\\t");
		else if (c == '\n')
			cdr_buf_adds(out, "\\n");
		else if (c == '\r')
			cdr_buf_adds(out, "\\r");
		else if (c == '\\')
			cdr_buf_adds(out, "\\\\");
		else
			cdr_buf_addc(out, c);
	}
}

static void add_span(cdr_buf *out, const char *label, size_t start, size_t end, const char *t)
{
	cdr_buf_printf(out, "%s [%zu,%zu) ", label, start, end);
	add_escaped(out, t + start, end - start);
	cdr_buf_addc(out, '\n');
}

static void stage_norm(const cdr_doc *doc, size_t p, const cdr_span *para, cdr_buf *out)
{
	cdr_norm n = CDR_NORM_INIT;
	cdr_norm_run(&n, doc->text + para->start, para->end - para->start, para->start);
	cdr_buf_printf(out, "p%zu [%zu,%zu) ", p, para->start, para->end);
	add_escaped(out, n.text.data, n.text.len);
	cdr_buf_addc(out, '\n');
	for (size_t k = 0; k < n.text.len;) {
		size_t len = cdr_utf8_seqlen((unsigned char)n.text.data[k]);
		if (len == 0 || k + len > n.text.len)
			len = 1;
		cdr_buf_printf(out, "  %zu ", k);
		add_escaped(out, n.text.data + k, len);
		cdr_buf_printf(out, " <- [%u,%u) ", n.from[k], n.to[k]);
		add_escaped(out, doc->text + n.from[k], n.to[k] - n.from[k]);
		cdr_buf_addc(out, '\n');
		k += len;
	}
	cdr_norm_free(&n);
}

static cdr_rc stage_atoms(const cdr_doc *doc, size_t p, const cdr_span *para, const cdr_matcher *m,
			  cdr_match_scratch *s, cdr_buf *out, cdr_diag *d)
{
	const cdr_program *prog = cdr_matcher_program(m);
	cdr_norm n = CDR_NORM_INIT;
	cdr_matches ms = CDR_MATCHES_INIT;
	const char *orig = doc->text + para->start;
	size_t olen = para->end - para->start;
	cdr_norm_run(&n, orig, olen, para->start);
	cdr_rc rc = cdr_matcher_run(m, s, n.text.data, n.text.len, orig, olen, &ms, d);
	for (size_t i = 0; rc == CDR_OK && i < ms.count; i++) {
		const cdr_match *x = &ms.v[i];
		const cdr_atom *a = &prog->atoms[x->atom];
		size_t os, oe;
		if (a->view == CDR_VIEW_NORM) {
			cdr_norm_span(&n, x->start, x->end, &os, &oe);
		} else {
			os = para->start + x->start;
			oe = para->start + x->end;
		}
		char label[96];
		snprintf(label, sizeof label, "p%zu atom %zu rule %zu", p, x->atom, a->rule + 1);
		add_span(out, label, os, oe, doc->text);
	}
	cdr_matches_free(&ms);
	cdr_norm_free(&n);
	return rc;
}

cdr_rc cdr_debug_stage(const char *stage, const cdr_doc *doc, const cdr_matcher *m, cdr_buf *out,
		       cdr_diag *d)
{
	cdr_spans paras = CDR_SPANS_INIT, parts = CDR_SPANS_INIT;
	cdr_seg *seg = NULL;
	cdr_match_scratch *scratch = NULL;
	cdr_rc rc = CDR_OK;
	int sentences = strcmp(stage, "sentences") == 0, words = strcmp(stage, "words") == 0;
	if ((sentences || words) && (rc = cdr_seg_new(&seg, d)) != CDR_OK)
		return rc;
	if (strcmp(stage, "atoms") == 0)
		scratch = cdr_match_scratch_new(m);
	cdr_seg_paragraphs(doc->text, doc->len, &paras);
	for (size_t i = 0; rc == CDR_OK && i < paras.count; i++) {
		const cdr_span *para = &paras.v[i];
		char label[64];
		if (strcmp(stage, "paragraphs") == 0) {
			snprintf(label, sizeof label, "p%zu", i + 1);
			add_span(out, label, para->start, para->end, doc->text);
		} else if (strcmp(stage, "norm") == 0) {
			stage_norm(doc, i + 1, para, out);
		} else if (scratch) {
			rc = stage_atoms(doc, i + 1, para, m, scratch, out, d);
		} else {
			parts.count = 0;
			rc = sentences ? cdr_seg_sentences(seg, doc->text, para->start, para->end,
							   &parts)
				       : cdr_seg_words(seg, doc->text, para->start, para->end,
						       &parts);
			for (size_t k = 0; rc == CDR_OK && k < parts.count; k++) {
				if (sentences)
					snprintf(label, sizeof label, "p%zu.s%zu", i + 1, k + 1);
				else
					snprintf(label, sizeof label, "p%zu", i + 1);
				add_span(out, label, parts.v[k].start, parts.v[k].end, doc->text);
			}
		}
	}
	cdr_match_scratch_free(scratch);
	cdr_seg_free(seg);
	cdr_spans_free(&paras);
	cdr_spans_free(&parts);
	return rc;
}
