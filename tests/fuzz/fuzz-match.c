/*
** fuzz-match.c -- libFuzzer target: the fast matching path must find exactly what
** PCRE2 alone finds.
**
** Input: a pattern table (lines "code<TAB>kind<TAB>pattern", as in
** ../shared/bench/codebook.tsv), a line holding only "---", then a text.  The text
** is normalised as the coder does, and every atom of the table runs on it five
** times: with the full prefilter while every scan fails (PCRE2 then runs what the
** prefilter would have finished, compiling the words it left out), with the full
** prefilter (Hyperscan, widened expressions, words finished natively), with the
** words' prefilter only, with the prefilter of literals (the words, and the
** literals every expression's matches hold), and last without (every atom through
** PCRE2, compiled by the matcher).  Any difference from the last in the matches,
** in order or in span, aborts.  Without Hyperscan every run takes the PCRE2 path
** and they agree trivially.
**
** Each table runs a second time with a PCRE2 verb or start-of-pattern option (one of
** VERBS, chosen by the input) put into every regex, at its start or after one of its
** characters: the prefilters must give up on what they do not understand, never
** drop a match.  (A place where the verb breaks the regex makes the codebook fail to
** compile, and that run checks nothing.)
*/
#include "config.h"

#include "codebook.h"
#include "match.h"
#include "mem.h"
#include "norm.h"
#include "prefilter.h"
#include "read.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(cdr_matcher *m, cdr_prefilter_mode mode, const cdr_norm *n, const char *orig,
		size_t olen, cdr_matches *out, cdr_diag *d)
{
	if (cdr_matcher_set_prefilter(m, mode, d) != CDR_OK)
		abort(); /* a rule the compiler let through fails */
	cdr_match_scratch *s = cdr_match_scratch_new(m);
	out->count = 0;
	if (cdr_matcher_run(m, s, n->text.data, n->text.len, orig, olen, out, d) != CDR_OK)
		out->count = (size_t)-1; /* a PCRE2 limit: must happen both ways */
	cdr_match_scratch_free(s);
}

static const char *const VERBS[] = {
	"(*MARK:x)",
	"(*:samenwerking)",
	"(*PRUNE)",
	"(*PRUNE:x)",
	"(*SKIP)",
	"(*SKIP:x)",
	"(*COMMIT)",
	"(*THEN)",
	"(*ACCEPT)",
	"(*FAIL)|",
	"(*F)",
	"(*NO_AUTO_POSSESS)",
	"(*NO_START_OPT)",
	"(*NO_DOTSTAR_ANCHOR)",
	"(*NO_JIT)",
	"(*LIMIT_MATCH=100000)",
	"(*LIMIT_DEPTH=1000)",
	"(*NOTEMPTY)",
	"(*NOTEMPTY_ATSTART)",
	"(*UTF)",
	"(*UCP)",
	"(*CR)",
	"(*ANYCRLF)",
	"(*BSR_UNICODE)",
	"(*pla:",
	"(*plb:",
	"(*nla:",
	"(*nlb:",
	"(*napla:",
	"(*atomic:",
	"(*sr:",
	"(*asr:",
	")",
	"[[:<:]]",
	"[[:>:]]",
	"{,2}",
	"\\K",
	"\\Q.\\E",
	"(?#x)",
	"(?i)",
	"(?x)",
};

/* Code the text with the table and compare the modes; abort on a difference. */
static void check(const char *table, size_t tlen, const char *text, size_t len)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	if (cdr_codebook_parse("fuzz.tsv", table, tlen, &cb, &d) == CDR_OK &&
	    cdr_matcher_new(cb, &m, &d) == CDR_OK) {
		cdr_norm n = CDR_NORM_INIT;
		cdr_norm_run(&n, text, len, 0);
		const cdr_prefilter_mode modes[] = { CDR_PREFILTER_ALL, CDR_PREFILTER_ALL,
						     CDR_PREFILTER_WORDS, CDR_PREFILTER_LITERALS };
		cdr_matches fast[4] = { CDR_MATCHES_INIT, CDR_MATCHES_INIT, CDR_MATCHES_INIT,
					CDR_MATCHES_INIT };
		cdr_matches slow = CDR_MATCHES_INIT;
		for (size_t k = 0; k < 4; k++) {
			cdr_prefilter_failing = k == 0;
			run(m, modes[k], &n, text, len, &fast[k], &d);
			cdr_prefilter_failing = 0;
		}
		run(m, CDR_PREFILTER_OFF, &n, text, len, &slow, &d);
		for (size_t k = 0; k < 4; k++) {
			const cdr_matches *f = &fast[k];
			if (f->count != slow.count)
				abort();
			for (size_t i = 0; f->count != (size_t)-1 && i < f->count; i++)
				if (f->v[i].atom != slow.v[i].atom ||
				    f->v[i].start != slow.v[i].start ||
				    f->v[i].end != slow.v[i].end)
					abort();
			cdr_matches_free(&fast[k]);
		}
		cdr_matches_free(&slow);
		cdr_norm_free(&n);
	}
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
}

/* 'table' with VERBS[pick % count] put into every regex pattern, after its
** (pick / count % (length + 1))-th byte, moved to a character's start. */
static char *with_verb(const char *table, size_t tlen, size_t pick)
{
	const size_t nverbs = sizeof VERBS / sizeof *VERBS;
	const char *verb = VERBS[pick % nverbs];
	size_t at = pick / nverbs;
	cdr_buf b = CDR_BUF_INIT;
	for (const char *p = table, *end = table + tlen; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		const char *t1 = memchr(p, '\t', (size_t)(eol - p));
		const char *pat =
			t1 && (size_t)(eol - t1) > 7 && !memcmp(t1, "\tregex\t", 7) ? t1 + 7 : NULL;
		if (pat) {
			size_t plen = (size_t)(eol - pat);
			while (plen && (pat[plen - 1] == '\n' || pat[plen - 1] == '\r'))
				plen--;
			size_t k = at % (plen + 1);
			while (k > 0 && ((unsigned char)pat[k] & 0xC0) == 0x80)
				k--;
			cdr_buf_add(&b, p, (size_t)(pat - p) + k);
			cdr_buf_adds(&b, verb);
			cdr_buf_add(&b, pat + k, (size_t)(eol - pat) - k);
		} else {
			cdr_buf_add(&b, p, (size_t)(eol - p));
		}
		p = eol;
	}
	return cdr_buf_take(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	if (cdr_doc_decode("fuzz.tsv", (const char *)data, size, &doc, &d) != CDR_OK) {
		cdr_diag_free(&d);
		return 0;
	}
	const char *sep = strstr(doc.text, "\n---\n");
	if (sep) {
		const char *text = sep + 5;
		size_t len = doc.len - (size_t)(text - doc.text);
		size_t tlen = (size_t)(sep - doc.text) + 1;
		check(doc.text, tlen, text, len);
		size_t pick = 0;
		for (size_t i = 0; i < size; i++)
			pick = pick * 31 + data[i];
		char *verbed = with_verb(doc.text, tlen, pick % 100003);
		check(verbed, strlen(verbed), text, len);
		free(verbed);
	}
	cdr_doc_free(&doc);
	cdr_diag_free(&d);
	return 0;
}
