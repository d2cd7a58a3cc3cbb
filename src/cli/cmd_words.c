/*
** cmd_words.c -- 'codeer words': the frequent words and phrases of the inputs, of
** the units no code got, or, against a person's coding, per code: the words
** over-represented in the units the person gave the code, in the ones codeer
** missed and in its false hits.  For writing rules (doc/words.md).
*/
#include "config.h"

#include "cli.h"
#include "corpus.h"
#include "outfile.h"
#include "mem.h"
#include "wordstudy.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STOPWORDS_FILE "stopwords-nl.txt"

#define MAX_CODES 256

typedef struct words_run {
	cli_corpus corpus; /* first: the shared rows store into it */
	int uncoded;
	const char **human, *stopwords, *output; /* --human: one, in a list */
	size_t nhuman;
	int no_stopwords;
	const char **code_ids; /* opt.ncodes of them */
	unsigned long top, min_count, max_words;
	int sort;   /* -1: the default */
	int format; /* a cdr_wordfreq_format */
	cdr_human_options hopt;
	cdr_wordstudy_options opt;
	cdr_wordstudy *study;
} words_run;

static const cli_choice sorts[] = { { "count", CDR_WORDFREQ_BY_COUNT },
				    { "keyness", CDR_WORDFREQ_BY_KEYNESS },
				    { NULL, 0 } };

static const cli_option words_options[] = {
	CLI_SECTION("Words:"),
	{ "uncoded", 0, NULL, CLI_FLAG(words_run, uncoded),
	  "count only the units no code got (what the codebook\n"
	  "misses), with their keyness against the coded units" },
	{ "human", 0, "FILE", CLI_LIST(words_run, human, nhuman, 1),
	  "a person's coding, as 'codeer agree' reads it: per code,\n"
	  "the terms over-represented in the units the person gave\n"
	  "it, in those codeer missed and in its false hits" },
	{ "map", 0, "FILE", CLI_STRING(words_run, hopt.map_path),
	  "with --human: names to code ids (as agree --map)" },
	{ "units", 0, "FILE", CLI_STRING(words_run, hopt.units_path),
	  "with --human: a sheet's unit ids (as agree --units)" },
	{ "code", 0, "ID", CLI_LIST(words_run, code_ids, opt.ncodes, MAX_CODES),
	  "with --human: only this code (repeatable)" },
	{ "top", 0, "N", CLI_NUMBER(words_run, top, 1, 1000000), "terms per list (default 20)" },
	{ "min-count", 0, "N", CLI_NUMBER(words_run, min_count, 1, 4000000000ul),
	  "leave out terms seen fewer times (default 2)" },
	{ "max-words", 0, "N", CLI_NUMBER(words_run, max_words, 1, CDR_WORDFREQ_MAX_N),
	  "the longest phrase counted, 1 to 3 (default 3)" },
	{ "stopwords", 0, "FILE", CLI_STRING(words_run, stopwords),
	  "the stop words, one a line (default: the bundled Dutch\n"
	  "list, " STOPWORDS_FILE ")" },
	{ "no-stopwords", 0, NULL, CLI_FLAG(words_run, no_stopwords), "count stop words too" },
	{ "sort", 0, "BY", CLI_CHOICE(words_run, sort, sorts),
	  "count or keyness (default: count, and keyness with\n"
	  "--human)" },
	{ "format", 0, "F", CLI_CHOICE(words_run, format, cli_report_formats),
	  "text (the default), tsv (one row per term) or json" },
	{ "output", 'o', "FILE", CLI_STRING(words_run, output),
	  "where to write ('-', the default: stdout)" },
	CLI_HELP_OPTION,
	CLI_END
};

static const cli_help words_help = {
	"Usage: codeer words [OPTIONS] [INPUT...]\n"
	"       codeer words --uncoded [OPTIONS] [INPUT...]\n"
	"       codeer words --human FILE [OPTIONS] [INPUT...]\n"
	"\n"
	"List the most frequent words and two- and three-word phrases of the inputs,\n"
	"normalised as rules see text (case and accents folded), leaving out Dutch stop\n"
	"words (and phrases that start or end with one) and numbers.  Phrases never run\n"
	"across a sentence or paragraph.  Each term is coded on its own with the\n"
	"codebook: 'codes' lists the codes whose rules already match it.\n"
	"\n"
	"--uncoded counts only the units no code got.  --human compares with a person's\n"
	"coding: per code, the terms most over-represented (log-likelihood G2, with the\n"
	"log2 ratio of relative frequencies) in the units the person gave the code\n"
	"against the other units the person coded, and in the units where codeer and the\n"
	"person disagree: the misses and the false hits; 'rule' says whether a rule of\n"
	"the code matches the term.  See doc/words.md.\n",
	"Exit status: 0 success, 1 bad input or codebook, 2 bad usage.\n"
	"\n"
	"Examples:\n"
	"  codeer words interviews/\n"
	"  codeer words --uncoded --top 50 antwoorden.csv\n"
	"  codeer words --human sheet-ingevuld.csv --code wil.vertrouwen interviews/\n",
	0
};

static int load_stopwords(words_run *r, cdr_diag *d)
{
	if (r->no_stopwords)
		return 1;
	char bundled[PATH_MAX + 64];
	cdr_doc doc;
	if (cdr_doc_read(r->stopwords ? r->stopwords
				      : cli_data_file(STOPWORDS_FILE, "stop words", bundled,
						      sizeof bundled),
			 &doc, d) != CDR_OK)
		return 0;
	cdr_wordstudy_stopwords(r->study, doc.text, doc.len);
	cdr_doc_free(&doc);
	return 1;
}

/* Every coded document, in input order: count its units. */
static int write_job(void *ctx, cdr_pipeline_job *j)
{
	words_run *r = ctx;
	cli_corpus *c = &r->corpus;
	return cdr_wordstudy_document(r->study, j->source, &j->doc, cli_corpus_unit(c, j->answer),
				      &j->units, &j->codings, &c->diag) != CDR_OK;
}

int cmd_words(int argc, char **argv)
{
	static const cli_option *const tables[] = { cli_corpus_options, words_options, NULL };
	words_run r = { .output = "-", .top = 20, .min_count = 2, .max_words = 3, .sort = -1 };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c);
	c->opt.keep_units = 1;
	int first, status = cli_parse("words", tables, &words_help, argc, argv, NULL, &r, &first);
	if (status >= 0)
		goto done;
	if (r.uncoded && r.nhuman) {
		status = cli_usage_error("words", "--uncoded and --human do not go together");
		goto done;
	}
	if (!r.nhuman && (r.hopt.map_path || r.hopt.units_path || r.opt.ncodes)) {
		status = cli_usage_error("words", "--map, --units and --code go with --human");
		goto done;
	}
	status = cli_corpus_open(c, "words", argv + first, argc - first, r.output);
	if (status != CLI_EXIT_OK)
		goto done;
	status = CLI_EXIT_INPUT;
	size_t *codes = cdr_xcalloc(r.opt.ncodes + 1, sizeof *codes);
	r.opt.codes = codes;
	for (size_t i = 0; i < r.opt.ncodes; i++)
		if ((codes[i] = cdr_codebook_find(c->cb, r.code_ids[i])) == (size_t)-1) {
			cli_error("--code %s: the codebook has no such code", r.code_ids[i]);
			goto done;
		}
	r.opt.kind = r.nhuman    ? CDR_WORDSTUDY_HUMAN
		     : r.uncoded ? CDR_WORDSTUDY_UNCODED
				 : CDR_WORDSTUDY_ALL;
	r.opt.max_words = r.max_words;
	r.opt.order = r.sort;
	r.hopt.refi = c->opt.source.refi;
	if ((r.nhuman &&
	     cdr_human_load(r.human[0], c->cb, &r.hopt, &r.opt.human, &c->diag) != CDR_OK) ||
	    cdr_wordstudy_new(c->cb, &r.opt, &r.study, &c->diag) != CDR_OK ||
	    !load_stopwords(&r, &c->diag) ||
	    cli_corpus_run(c, NULL, write_job, &r) != CLI_EXIT_OK ||
	    cdr_wordstudy_check(r.study, &c->diag) != CDR_OK)
		goto done;
	cdr_buf report = CDR_BUF_INIT;
	if (cdr_wordstudy_render(r.study, c->matcher, r.top, r.min_count,
				 (cdr_wordfreq_format)r.format, &report, &c->diag) == CDR_OK)
		status = cdr_outfile_put(r.output, report.data, report.len, &c->diag) == CDR_OK
				 ? CLI_EXIT_OK
				 : CLI_EXIT_INPUT;
	cdr_buf_free(&report);
done:
	cdr_wordstudy_free(r.study);
	cdr_human_free(r.opt.human);
	free((void *)r.opt.codes);
	free(r.human);
	free(r.code_ids);
	cli_corpus_free(c);
	return status;
}
