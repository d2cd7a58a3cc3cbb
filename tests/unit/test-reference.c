/*
** test-reference.c -- the bundled reference codebook: it parses and compiles without
** diagnostics, has the 45 codes of the reference case, and every example matches its
** code while every not-example does not.
**
** usage: test-reference CODEBOOK   (make check passes the source tree's copy)
*/
#include "config.h"

#include "coder.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : getenv("REFERENCE_CODEBOOK");
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = NULL;
	cdr_matcher *m = NULL;
	cdr_coder *coder = NULL;

	if (!ok(path != NULL, "the codebook is named (argument or $REFERENCE_CODEBOOK)"))
		return tap_done();
	is_num(cdr_codebook_load(path, &cb, &d), CDR_OK, "the reference codebook parses");
	is_num(d.count, 0, "... without warnings");
	if (!cb)
		return tap_done();
	is_num(cb->code_count, 45, "it has the 45 codes of the reference case");
	is_num(cdr_matcher_new(cb, &m, &d), CDR_OK, "every rule compiles");
	if (!m || cdr_coder_new(m, CDR_UNIT_PARAGRAPH, &coder, &d) != CDR_OK)
		return tap_done();

	size_t *pos = calloc(cb->code_count, sizeof *pos),
	       *neg = calloc(cb->code_count, sizeof *neg);
	for (size_t i = 0; i < cb->example_count; i++) {
		const cdr_example *ex = &cb->examples[i];
		const char *id = cb->codes[ex->code].id;
		cdr_doc doc;
		cdr_codings cs = CDR_CODINGS_INIT;
		cdr_coder_stats st = { 0 };
		int coded = 0;

		cdr_coder_set_answers(coder, ex->answer); /* example-answer: as a survey answer */
		if (cdr_doc_decode("example", ex->text, strlen(ex->text), &doc, &d) == CDR_OK &&
		    cdr_coder_run(coder, &doc, &cs, &st, &d) == CDR_OK) {
			for (size_t k = 0; k < cs.count; k++)
				coded |= cs.v[k].code == ex->code;
		}
		ok(coded == ex->must_match, "%s:%zu: %s %s \"%.60s\"", path, ex->pos.line, id,
		   ex->must_match ? "matches" : "does not match", ex->text);
		(ex->must_match ? pos : neg)[ex->code]++;
		cdr_codings_free(&cs);
		cdr_doc_free(&doc);
	}
	size_t thin = 0;
	for (size_t k = 0; k < cb->code_count; k++)
		thin += pos[k] < 3 || neg[k] < 2;
	is_num(thin, 0, "every code has at least 3 examples and 2 not-examples");
	free(pos);
	free(neg);
	cdr_coder_free(coder);
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
	return tap_done();
}
