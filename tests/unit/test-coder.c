/*
** test-coder.c -- coding whole documents: code point offsets into the original
** text (astral characters, CRLF, byte order marks, UTF-16, soft hyphens, line-break
** hyphenation) and the three units.
*/
#include "config.h"

#include "coder.h"
#include "explain.h"
#include "tap.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

static const char codebook[] = "code: sam\n"
			       "  word: samenwerking\n"
			       "  glob: samenwerk*\n"
			       "code: cap\n"
			       "  phrase: te weinig (goede)? mensen\n";

/* Code raw bytes (decoded like a file) and describe the codings as
** "code start-end 'text' unit" joined by "; ". */
static char *coded(const char *raw, size_t n, cdr_unit unit)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_coder *c = NULL;
	cdr_doc doc;
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	cdr_buf out = CDR_BUF_INIT;

	if (cdr_codebook_parse("t.codebook", codebook, strlen(codebook), &cb, &d) != CDR_OK ||
	    cdr_matcher_new(cb, &m, &d) != CDR_OK ||
	    cdr_matcher_set_prefilter(m, CDR_PREFILTER_ALL, &d) != CDR_OK ||
	    cdr_coder_new(m, unit, &c, &d) != CDR_OK ||
	    cdr_doc_decode("doc.txt", raw, n, &doc, &d) != CDR_OK) {
		cdr_buf_adds(&out, "ERROR");
		goto done;
	}
	if (cdr_coder_run(c, &doc, &cs, &st, &d) != CDR_OK) {
		cdr_buf_adds(&out, "RUN ERROR");
		cdr_doc_free(&doc);
		goto done;
	}
	for (size_t i = 0; i < cs.count; i++) {
		const cdr_coding *k = &cs.v[i];
		/* The quoted text is cut by code points, independently of bstart/bend. */
		size_t a = cdr_utf8_offset(doc.text, doc.len, k->start);
		size_t b = cdr_utf8_offset(doc.text, doc.len, k->end);
		cdr_buf_printf(&out, "%s%s %zu-%zu '%.*s' p%zu", i ? "; " : "",
			       cb->codes[k->code].id, k->start, k->end, (int)(b - a), doc.text + a,
			       k->paragraph);
		if (k->sentence)
			cdr_buf_printf(&out, ".s%zu", k->sentence);
		if (a != k->bstart || b != k->bend)
			cdr_buf_adds(&out, " BYTES DISAGREE");
	}
	cdr_doc_free(&doc);
done:
	cdr_codings_free(&cs);
	cdr_coder_free(c);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return cdr_buf_take(&out);
}

static void codes_as(const char *raw, size_t n, cdr_unit unit, const char *want, const char *what)
{
	char *got = coded(raw, n, unit);
	is_str(got, want, "%s", what);
	free(got);
}

#define S(lit) lit, sizeof lit - 1

/* The bytes counted to find the columns of the atoms of one 'all' rule of 'n'
** terms (cdr_program.column_work); *atoms gets the atoms compiled. */
static size_t all_rule_work(size_t n, size_t *atoms)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_buf text = CDR_BUF_INIT;
	size_t work = 0;
	*atoms = 0;
	cdr_buf_adds(&text, "code: a\n  all: (samenwerking");
	for (size_t i = 0; i < n; i++)
		cdr_buf_printf(&text, " OR wóórd%zu", i);
	cdr_buf_adds(&text, ") AND politie\n");
	if (cdr_codebook_parse("t.codebook", text.data, text.len, &cb, &d) == CDR_OK &&
	    cdr_matcher_new(cb, &m, &d) == CDR_OK) {
		const cdr_program *p = cdr_matcher_program(m);
		work = p->column_work;
		*atoms = p->atom_count;
	}
	cdr_buf_free(&text);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return work;
}

/* The work of explaining one line of 'n' sentences, each with a match
** (cdr_explain_counted); *lines gets the lines of the account. */
static size_t explain_work(size_t n, size_t *lines)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_coder *c = NULL;
	cdr_doc doc;
	cdr_buf text = CDR_BUF_INIT, out = CDR_BUF_INIT;
	size_t work = 0;
	*lines = 0;
	for (size_t i = 0; i < n; i++)
		cdr_buf_adds(&text, "De samenwerking met één partner. ");
	if (cdr_codebook_parse("t.codebook", codebook, strlen(codebook), &cb, &d) == CDR_OK &&
	    cdr_matcher_new(cb, &m, &d) == CDR_OK &&
	    cdr_coder_new(m, CDR_UNIT_PARAGRAPH, &c, &d) == CDR_OK &&
	    cdr_doc_decode("doc.txt", text.data, text.len, &doc, &d) == CDR_OK) {
		if (cdr_explain_counted(c, &doc, CDR_NONE, &out, &work, &d) != CDR_OK)
			work = 0;
		for (size_t i = 0; i < out.len; i++)
			*lines += out.data[i] == '\n';
		cdr_doc_free(&doc);
	}
	cdr_buf_free(&text);
	cdr_buf_free(&out);
	cdr_coder_free(c);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return work;
}

/* The work of coding a transcript of 'turns' alternating turns, each with a hit, by
** turn (cdr_coder_work); *coded gets how many turns were coded.  With 'one_paragraph',
** the same text as one paragraph of sentences, by sentence. */
static size_t unit_work(size_t turns, int one_paragraph, size_t *ncoded)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_coder *c = NULL;
	cdr_doc doc;
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	cdr_buf text = CDR_BUF_INIT;
	size_t work = (size_t)-1;
	*ncoded = 0;

	for (size_t i = 0; i < turns; i++)
		cdr_buf_adds(&text, one_paragraph ? (i % 2 ? "De samenwerking loopt. "
							   : "Hoe gaat de samenwerking? ")
				    : i % 2       ? "R: De samenwerking loopt.\n\n"
						  : "I: Hoe gaat de samenwerking?\n\n");
	if (cdr_codebook_parse("t.codebook", codebook, strlen(codebook), &cb, &d) == CDR_OK &&
	    cdr_matcher_new(cb, &m, &d) == CDR_OK &&
	    cdr_coder_new(m, one_paragraph ? CDR_UNIT_SENTENCE : CDR_UNIT_TURN, &c, &d) == CDR_OK &&
	    cdr_doc_decode("doc.txt", text.data, text.len, &doc, &d) == CDR_OK) {
		if (cdr_coder_run(c, &doc, &cs, &st, &d) == CDR_OK) {
			work = cdr_coder_work(c);
			*ncoded = cs.count;
		}
		cdr_doc_free(&doc);
	}
	cdr_buf_free(&text);
	cdr_codings_free(&cs);
	cdr_coder_free(c);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return work;
}

int main(void)
{
	codes_as(S("😀 De samenwerking"), CDR_UNIT_MATCH, "sam 5-17 'samenwerking' p1",
		 "offsets in code points after an emoji");
	codes_as(S("\xEF\xBB\xBF"
		   "De samenwerking"),
		 CDR_UNIT_MATCH, "sam 3-15 'samenwerking' p1",
		 "a UTF-8 byte order mark is not counted");
	codes_as(S("\xFF\xFE"
		   "D\0e\0 \0=\xD8\0\xDE \0s\0a\0m\0e\0n\0w\0e\0r\0k\0e\0n\0"),
		 CDR_UNIT_MATCH, "sam 5-16 'samenwerken' p1",
		 "UTF-16LE with an astral character: the same code points");
	codes_as(S("Kop\r\n\r\nDe samenwerking\r\nloopt"), CDR_UNIT_MATCH,
		 "sam 10-22 'samenwerking' p2", "CRLF counts as two code points");
	codes_as(S("De samen\xC2\xAD"
		   "werking"),
		 CDR_UNIT_MATCH,
		 "sam 3-16 'samen\xC2\xAD"
		 "werking' p1",
		 "a soft hyphen inside the span");
	codes_as(S("De samen-\nwerking en samen-\r\nwerken"), CDR_UNIT_MATCH,
		 "sam 3-17 'samen-\nwerking' p1; sam 21-35 'samen-\r\nwerken' p1",
		 "words hyphenated across lines");
	codes_as(S("Er zijn te weinig goede mensen. De samenwerking is goed."), CDR_UNIT_MATCH,
		 "cap 8-30 'te weinig goede mensen' p1; sam 35-47 'samenwerking' p1",
		 "two codes, ordered by position; one row for two rules on one span");
	codes_as(S("Er zijn te weinig goede mensen. De samenwerking is goed."), CDR_UNIT_SENTENCE,
		 "cap 0-31 'Er zijn te weinig goede mensen.' p1.s1; "
		 "sam 32-56 'De samenwerking is goed.' p1.s2",
		 "sentence units");
	codes_as(S("  Samenwerking, samenwerken.\n\nNiets.\n\nTe weinig mensen!  "),
		 CDR_UNIT_PARAGRAPH,
		 "sam 2-28 'Samenwerking, samenwerken.' p1; cap 38-55 'Te weinig mensen!' p3",
		 "paragraph units, trimmed, one row per code");
	codes_as(S(""), CDR_UNIT_PARAGRAPH, "", "an empty document has no codings");
	codes_as(S("\xC3\x28"), CDR_UNIT_MATCH, "ERROR", "invalid UTF-8 is refused");

	/* Codings come out of the rules in rule order and are sorted by position:
	** enough of them, in 1 to 40 pairs, for every pass of the sort, and two rules
	** on one span still give one row. */
	for (size_t pairs = 1; pairs <= 40; pairs += pairs < 10 ? 1 : 10) {
		cdr_buf text = CDR_BUF_INIT, want = CDR_BUF_INIT;
		for (size_t i = 0; i < pairs; i++) {
			size_t at = text.len;
			cdr_buf_adds(&text, "te weinig mensen, samenwerking. ");
			cdr_buf_printf(&want,
				       "%scap %zu-%zu 'te weinig mensen' p1; "
				       "sam %zu-%zu 'samenwerking' p1",
				       i ? "; " : "", at, at + 16, at + 18, at + 30);
		}
		char *got = coded(text.data, text.len, CDR_UNIT_MATCH);
		is_str(got, want.data, "%zu pairs of codings of two codes, in position order",
		       pairs);
		free(got);
		cdr_buf_free(&text);
		cdr_buf_free(&want);
	}

	/* By turn, each turn looks at its own hits only: twice the turns, twice the
	** work (it was the turns times the hits: 118 s for 200,000 turns). */
	size_t n1, n2;
	size_t w1 = unit_work(2000, 0, &n1), w2 = unit_work(4000, 0, &n2);
	is_num(n1, 2000, "every turn of 2,000 is coded");
	is_num(n2, 4000, "every turn of 4,000 is coded");
	ok(w1 > 0 && w2 <= 2 * w1 + 2, "twice the turns, twice the work (%zu, %zu)", w1, w2);
	/* By sentence, each sentence of a paragraph looks at its own hits (it was the
	** sentences times the hits: 8 s and 34 s for a line of 1 and 2 MB). */
	w1 = unit_work(2000, 1, &n1);
	w2 = unit_work(4000, 1, &n2);
	is_num(n1, 2000, "every sentence of a paragraph of 2,000 is coded");
	is_num(n2, 4000, "every sentence of 4,000 is coded");
	ok(w1 > 0 && w2 <= 2 * w1 + 2, "twice the sentences, twice the work (%zu, %zu)", w1, w2);

	/* The compiler finds each atom's column counting on from the last one, not
	** from the start of the rule (an 'all' rule of 30,000 terms was quadratic). */
	size_t a1, a2;
	size_t c1 = all_rule_work(2000, &a1), c2 = all_rule_work(4000, &a2);
	ok(a1 == 2002 && a2 == 4002, "an atom per term (%zu, %zu)", a1, a2);
	ok(c1 > 0 && c2 <= 2 * c1 + c1 / 8, "twice the terms, about twice the work (%zu, %zu)", c1,
	   c2);

	/* explain turns each position into code points from a table of every 256 bytes,
	** not by counting from the start of the text (6 s for a 1 MB line). */
	size_t l1, l2;
	size_t e1 = explain_work(3000, &l1), e2 = explain_work(6000, &l2);
	ok(l1 > 6000 && l2 > 12000, "a line per match explained (%zu, %zu)", l1, l2);
	ok(e1 > 0 && e2 <= 2 * e1 + e1 / 4, "twice the text, about twice the work (%zu, %zu)", e1,
	   e2);
	return tap_done();
}
