/*
** cmd_words.c -- 'codeer words': the frequent words and phrases of the inputs, of
** the units no code got, or, against a person's coding, per code: the words
** over-represented in the units the person gave the code, in the ones codeer
** missed and in its false hits.  For writing rules (doc/words.md).
*/
#include "config.h"

#include "cli.h"
#include "corpus.h"
#include "eval.h"
#include "human.h"
#include "wordfreq.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_UNCODED = 256,
	OPT_HUMAN,
	OPT_MAP,
	OPT_UNITS,
	OPT_CODE,
	OPT_TOP,
	OPT_MIN_COUNT,
	OPT_MAX_WORDS,
	OPT_STOPWORDS,
	OPT_NO_STOPWORDS,
	OPT_SORT,
	OPT_FORMAT
};

#define STOPWORDS_FILE "stopwords-nl.txt"

static const cli_option words_options[] = {
	CLI_SECTION("Words:"),
	{ "uncoded", 0, NULL, OPT_UNCODED,
	  "count only the units no code got (what the codebook\n"
	  "misses), with their keyness against the coded units" },
	{ "human", 0, "FILE", OPT_HUMAN,
	  "a person's coding, as 'codeer agree' reads it: per code,\n"
	  "the terms over-represented in the units the person gave\n"
	  "it, in those codeer missed and in its false hits" },
	{ "map", 0, "FILE", OPT_MAP, "with --human: names to code ids (as agree --map)" },
	{ "units", 0, "FILE", OPT_UNITS, "with --human: a sheet's unit ids (as agree --units)" },
	{ "code", 0, "ID", OPT_CODE, "with --human: only this code (repeatable)" },
	{ "top", 0, "N", OPT_TOP, "terms per list (default 20)" },
	{ "min-count", 0, "N", OPT_MIN_COUNT, "leave out terms seen fewer times (default 2)" },
	{ "max-words", 0, "N", OPT_MAX_WORDS, "the longest phrase counted, 1 to 3 (default 3)" },
	{ "stopwords", 0, "FILE", OPT_STOPWORDS,
	  "the stop words, one a line (default: the bundled Dutch\n"
	  "list, " STOPWORDS_FILE ")" },
	{ "no-stopwords", 0, NULL, OPT_NO_STOPWORDS, "count stop words too" },
	{ "sort", 0, "BY", OPT_SORT,
	  "count or keyness (default: count, and keyness with\n"
	  "--human)" },
	{ "format", 0, "F", OPT_FORMAT, "text (the default), tsv (one row per term) or json" },
	{ "output", 'o', "FILE", 'o', "where to write ('-', the default: stdout)" },
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

#define MAX_CODES 256

typedef struct words_run {
	cli_corpus corpus;
	int uncoded;
	const char *human_path, *stopwords, *output;
	int no_stopwords;
	const char *codes[MAX_CODES];
	size_t ncodes_given;
	unsigned long top, min_count, max_words;
	int sort;   /* -1: the default */
	int format; /* a cdr_wordfreq_format */
	cdr_human_options hopt;
	cdr_human *human;
	size_t matched_sources;
	cdr_wordfreq *wf;
	unsigned char *gold, *coded; /* per code of the unit at hand */
	size_t *sets;
} words_run;

static int on_option(void *ctx, int id, const char *v)
{
	words_run *r = ctx;
	switch (id) {
	case OPT_UNCODED:
		r->uncoded = 1;
		return CLI_EXIT_OK;
	case OPT_HUMAN:
		if (r->human_path)
			return cli_usage_error("words", "one --human file at a time");
		r->human_path = v;
		return CLI_EXIT_OK;
	case OPT_MAP:
		r->hopt.map_path = v;
		return CLI_EXIT_OK;
	case OPT_UNITS:
		r->hopt.units_path = v;
		return CLI_EXIT_OK;
	case OPT_CODE:
		if (r->ncodes_given == MAX_CODES)
			return cli_usage_error("words", "at most %d --code options", MAX_CODES);
		r->codes[r->ncodes_given++] = v;
		return CLI_EXIT_OK;
	case OPT_TOP:
		if (!cli_parse_number(v, 1, 1000000, &r->top))
			return cli_usage_error("words", "--top takes a positive number, not '%s'",
					       v);
		return CLI_EXIT_OK;
	case OPT_MIN_COUNT:
		if (!cli_parse_number(v, 1, 4000000000ul, &r->min_count))
			return cli_usage_error("words",
					       "--min-count takes a positive number, not '%s'", v);
		return CLI_EXIT_OK;
	case OPT_MAX_WORDS:
		if (!cli_parse_number(v, 1, CDR_WORDFREQ_MAX_N, &r->max_words))
			return cli_usage_error("words", "--max-words takes 1, 2 or 3, not '%s'", v);
		return CLI_EXIT_OK;
	case OPT_STOPWORDS:
		r->stopwords = v;
		return CLI_EXIT_OK;
	case OPT_NO_STOPWORDS:
		r->no_stopwords = 1;
		return CLI_EXIT_OK;
	case OPT_SORT:
		if (strcmp(v, "count") == 0)
			r->sort = CDR_WORDFREQ_BY_COUNT;
		else if (strcmp(v, "keyness") == 0)
			r->sort = CDR_WORDFREQ_BY_KEYNESS;
		else
			return cli_usage_error("words", "--sort is count or keyness, not '%s'", v);
		return CLI_EXIT_OK;
	case OPT_FORMAT:
		return cli_report_format("words", v, &r->format);
	case 'o':
		r->output = v;
		return CLI_EXIT_OK;
	default:
		return cli_corpus_option(&r->corpus, "words", id, v);
	}
}

/* The bundled stop words: beside the bundled codebook. */
static const char *default_stopwords(void)
{
	static char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s", cli_default_codebook());
	char *slash = strrchr(path, '/');
	size_t at = slash ? (size_t)(slash - path) + 1 : 0;
	snprintf(path + at, sizeof path - at, "%s", STOPWORDS_FILE);
	return path;
}

static int load_stopwords(words_run *r, cdr_diag *d)
{
	if (r->no_stopwords)
		return 1;
	cdr_doc doc;
	if (cdr_doc_read(r->stopwords ? r->stopwords : default_stopwords(), &doc, d) != CDR_OK)
		return 0;
	cdr_wordfreq_stopwords(r->wf, doc.text, doc.len);
	cdr_doc_free(&doc);
	return 1;
}

/* The sets of --human: per code k, 1 + 3k the person's units, 2 + 3k the misses,
** 3 + 3k the false hits. */
#define SET_HUMAN(k)  (1 + 3 * (k))
#define SET_MISSED(k) (2 + 3 * (k))
#define SET_FALSE(k)  (3 + 3 * (k))

/* Every coded document, in input order: count its units in their sets. */
static int write_job(void *ctx, cdr_pipeline_job *j)
{
	words_run *r = ctx;
	cli_corpus *c = &r->corpus;
	cdr_diag *d = &c->diag;
	if (j->diag.errors) {
		cdr_diag_append(d, &j->diag);
		return 1;
	}
	cli_corpus_count(c, j);
	cdr_unit unit = cli_corpus_unit(c, j->answer);
	size_t ncodes = c->cb->code_count;
	cdr_human_source *hs = NULL;
	if (r->human) {
		hs = cdr_human_find(r->human, j->source);
		if (!hs)
			return 0;
		r->matched_sources += !hs->matched;
		hs->matched = 1;
		if (hs->text && (hs->len != j->doc.len || memcmp(hs->text, j->doc.text, hs->len))) {
			cdr_diag_pos pos = { r->human->path, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "the project's source '%s' is not the text of the input %s; "
				     "give the files the person coded",
				     hs->name, j->source);
			return 1;
		}
	}
	size_t k = 0;
	for (size_t ui = 0; ui < j->units.count; ui++) {
		const cdr_coding *u = &j->units.v[ui];
		memset(r->coded, 0, ncodes);
		int any = 0;
		while (k < j->codings.count && j->codings.v[k].bstart < u->bstart)
			k++;
		for (size_t i = k; i < j->codings.count; i++) {
			const cdr_coding *x = &j->codings.v[i];
			if (x->bstart >= u->bend &&
			    !(x->bstart == u->bstart && u->bend == u->bstart))
				break;
			r->coded[x->code] = 1;
			any = 1;
		}
		size_t n = 0;
		if (hs) {
			char label[64];
			cdr_coding_unit(u, unit, label, sizeof label);
			memset(r->gold, 0, ncodes);
			if (!cdr_human_unit_codes(hs, u, label, r->gold))
				continue;
			for (size_t code = 0; code < ncodes; code++) {
				if (r->gold[code])
					r->sets[n++] = SET_HUMAN(code);
				if (r->gold[code] && !r->coded[code])
					r->sets[n++] = SET_MISSED(code);
				if (!r->gold[code] && r->coded[code])
					r->sets[n++] = SET_FALSE(code);
			}
		} else if (r->uncoded && !any) {
			r->sets[n++] = 1;
		}
		if (cdr_wordfreq_add(r->wf, j->doc.text, u->bstart, u->bend, r->sets, n, d) !=
		    CDR_OK)
			return 1;
	}
	return 0;
}

/* The lists of the report, and the heading, for the mode of the run. */
static size_t make_lists(words_run *r, cdr_wordfreq_list **out, cdr_buf *titles, cdr_buf *heading)
{
	static const char *const names[] = { "", "Words", "Two-word phrases",
					     "Three-word phrases" };
	const cdr_codebook *cb = r->corpus.cb;
	cdr_wordfreq_list *v = cdr_xcalloc(3 * cb->code_count + CDR_WORDFREQ_MAX_N + 1, sizeof *v);
	size_t n = 0, all = cdr_wordfreq_units(r->wf, 0);
	size_t words = cdr_wordfreq_total(r->wf, 0, 1);
	/* Titles go into one buffer; the lists point into it once it is complete. */
	size_t *offs = cdr_xcalloc(3 * cb->code_count + CDR_WORDFREQ_MAX_N + 1, sizeof *offs);
	if (r->human) {
		cdr_buf_printf(heading, "%s: %zu units the person coded, %zu words", r->human_path,
			       all, words);
		for (size_t k = 0; k < cb->code_count; k++) {
			int wanted = !r->ncodes_given;
			for (size_t i = 0; i < r->ncodes_given; i++)
				wanted |= cdr_codebook_find(cb, r->codes[i]) == k;
			size_t given = cdr_wordfreq_units(r->wf, SET_HUMAN(k));
			if (!wanted || (!given && !cdr_wordfreq_units(r->wf, SET_FALSE(k))))
				continue;
			const char *id = cb->codes[k].id;
			static const char *const kinds[] = { "human", "missed", "false-hit" };
			for (int s = 0; s < 3; s++) {
				size_t set = (size_t)SET_HUMAN(k) + (size_t)s;
				size_t units = cdr_wordfreq_units(r->wf, set);
				if (!units && s > 0)
					continue;
				offs[n] = titles->len;
				if (s == 0)
					cdr_buf_printf(
						titles,
						"%s (%s): over-represented in the %zu units the "
						"person gave it (against the other %zu)",
						id, cb->codes[k].label, units, all - units);
				else if (s == 1)
					cdr_buf_printf(
						titles,
						"%s: in the %zu units codeer missed (the person "
						"gave it, codeer did not)",
						id, units);
				else
					cdr_buf_printf(
						titles,
						"%s: in the %zu false hits (codeer gave it, the "
						"person did not)",
						id, units);
				cdr_buf_addc(titles, '\0');
				v[n++] = (cdr_wordfreq_list){
					kinds[s], NULL,
					set,      0,
					k,        r->sort < 0 ? CDR_WORDFREQ_BY_KEYNESS : r->sort
				};
			}
		}
	} else {
		size_t set = r->uncoded ? 1 : 0, units = cdr_wordfreq_units(r->wf, set);
		if (r->uncoded)
			cdr_buf_printf(heading,
				       "%zu units, %zu words; %zu units no code got, %zu words",
				       all, words, units, cdr_wordfreq_total(r->wf, 1, 1));
		else
			cdr_buf_printf(heading, "%zu units, %zu words", all, words);
		for (size_t len = 1; len <= r->max_words; len++) {
			offs[n] = titles->len;
			if (r->uncoded)
				cdr_buf_printf(titles, "%s in the units no code got", names[len]);
			else
				cdr_buf_adds(titles, names[len]);
			cdr_buf_addc(titles, '\0');
			v[n++] = (cdr_wordfreq_list){ r->uncoded ? "uncoded" : "all",
						      NULL,
						      set,
						      len,
						      CDR_NONE,
						      r->sort < 0 ? CDR_WORDFREQ_BY_COUNT
								  : r->sort };
		}
	}
	for (size_t i = 0; i < n; i++)
		v[i].title = titles->data + offs[i];
	free(offs);
	*out = v;
	return n;
}

int cmd_words(int argc, char **argv)
{
	static const cli_option *const tables[] = { cli_corpus_options, words_options, NULL };
	words_run r = { .output = "-", .top = 20, .min_count = 2, .max_words = 3, .sort = -1 };
	cli_corpus *c = &r.corpus;
	cli_corpus_init(c, argc);
	c->keep_units = 1;
	int first,
		status = cli_parse("words", tables, &words_help, argc, argv, on_option, &r, &first);
	if (status >= 0)
		goto done;
	if (r.uncoded && r.human_path) {
		status = cli_usage_error("words", "--uncoded and --human do not go together");
		goto done;
	}
	if (!r.human_path && (r.hopt.map_path || r.hopt.units_path || r.ncodes_given)) {
		status = cli_usage_error("words", "--map, --units and --code go with --human");
		goto done;
	}
	status = cli_corpus_open(c, "words", argv + first, argc - first, r.output);
	if (status != CLI_EXIT_OK)
		goto done;
	status = CLI_EXIT_INPUT;
	size_t ncodes = c->cb->code_count;
	for (size_t i = 0; i < r.ncodes_given; i++)
		if (cdr_codebook_find(c->cb, r.codes[i]) == (size_t)-1) {
			cli_error("--code %s: the codebook has no such code", r.codes[i]);
			goto done;
		}
	size_t nsets = r.human_path ? 1 + 3 * ncodes : r.uncoded ? 2 : 1;
	if (cdr_wordfreq_new(r.max_words, nsets, &r.wf, &c->diag) != CDR_OK ||
	    !load_stopwords(&r, &c->diag))
		goto done;
	r.hopt.refi = c->source.refi;
	if (r.human_path &&
	    cdr_human_load(r.human_path, c->cb, &r.hopt, &r.human, &c->diag) != CDR_OK)
		goto done;
	r.gold = cdr_xcalloc(ncodes + 1, 1);
	r.coded = cdr_xcalloc(ncodes + 1, 1);
	r.sets = cdr_xcalloc(nsets + 1, sizeof *r.sets);
	if (cli_corpus_run(c, NULL, write_job, NULL, &r) != CLI_EXIT_OK)
		goto done;
	if (r.human && !r.matched_sources) {
		cli_error("%s: none of its %zu sources is among the inputs (sources are matched by "
			  "name, then by file name)",
			  r.human_path, r.human->nsources);
		goto done;
	}
	if (r.human && !cdr_wordfreq_units(r.wf, 0)) {
		cli_error("%s: no unit of the inputs was coded in it", r.human_path);
		goto done;
	}
	cdr_wordfreq_list *lists;
	cdr_buf titles = CDR_BUF_INIT, heading = CDR_BUF_INIT, report = CDR_BUF_INIT;
	size_t nlists = make_lists(&r, &lists, &titles, &heading);
	if (cdr_wordfreq_render(r.wf, cdr_buf_cstr(&heading), lists, nlists, r.top, r.min_count,
				c->matcher, (cdr_wordfreq_format)r.format, &report,
				&c->diag) == CDR_OK)
		status = cli_write_report(r.output, &report, &c->diag);
	free(lists);
	cdr_buf_free(&titles);
	cdr_buf_free(&heading);
	cdr_buf_free(&report);
done:
	free(r.gold);
	free(r.coded);
	free(r.sets);
	cdr_human_free(r.human);
	cdr_wordfreq_free(r.wf);
	cli_corpus_free(c);
	return status;
}
