/*
** test-report.c -- the report's parts: HTML escaping, WCAG contrast, keyness
** (tokens, phrases, G2, the table cap), and the counts it keeps per code, group,
** case, case-variable value and pair of codes, with seeded samples.
*/
#include "config.h"

#include "keyness.h"
#include "report.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_escape(void)
{
	cdr_buf b = CDR_BUF_INIT;
	const char *s = "<script>a & \"b\" 'c'</script>\x01";
	cdr_html_escape(&b, s, strlen(s));
	is_str(cdr_buf_cstr(&b), "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt; ",
	       "markup, quotes and control characters are escaped");
	cdr_buf_free(&b);
}

static void test_contrast(void)
{
	ok(fabs(cdr_contrast_ratio(0x000000, 0xffffff) - 21.0) < 1e-9, "black on white is 21:1");
	ok(fabs(cdr_contrast_ratio(0x777777, 0xffffff) - 4.48) < 0.01, "#777 on white is 4.48:1");
	unsigned y = cdr_colour_for_white(0xffff00, 3.0);
	ok(cdr_contrast_ratio(y, 0xffffff) >= 3.0 && y != 0xffff00 && (y & 0xff) == 0,
	   "yellow is darkened to 3:1, keeping its hue (got #%06x)", y);
	is_num(cdr_colour_for_white(0x1f77b4, 3.0), 0x1f77b4, "a dark enough colour is kept");
}

static void test_keyness(void)
{
	double g = cdr_keyness_g2(50, 10000, 10, 10000);
	double want = 2 * (50 * log(50.0 / 30) + 10 * log(10.0 / 30));
	ok(fabs(g - want) < 1e-9, "G2 of 50/10000 against 10/10000 is %.3f (got %.3f)", want, g);
	is_num(cdr_keyness_is_stop("van", 3), 1, "'van' is a stop word");
	is_num(cdr_keyness_is_stop("capaciteit", 10), 0, "'capaciteit' is not");

	cdr_keyness *k = cdr_keyness_new();
	const char *t = "Gebrek aan Capaciteit, publiek-private samenwerking. RIEC\xE2\x80\x99s "
			"CAPACITEIT en RIEC's publiek-private samenwerking; capaciteit!";
	cdr_keyness_add(k, t, strlen(t), 1);
	const char *r = "de samenwerking is goed en de samenwerking loopt";
	for (int i = 0; i < 5; i++)
		cdr_keyness_add(k, r, strlen(r), 0);
	cdr_keyness_totals tot;
	cdr_keyness_get_totals(k, &tot);
	is_num(tot.tokens[1], 12, "target words counted (hyphen and apostrophe inside a word)");
	is_num(tot.tokens[0], 40, "reference words counted");
	cdr_key_term w[10];
	size_t n = cdr_keyness_top(k, 0, 10, 1, w);
	ok(n >= 1 && strcmp(w[0].term, "capaciteit") == 0 && w[0].target == 3 &&
		   w[0].reference == 0,
	   "the key word: capaciteit, 3 times, lower-cased (got %s)", n ? w[0].term : "none");
	int has_riec = 0, has_stop = 0;
	for (size_t i = 0; i < n; i++) {
		has_riec |= strcmp(w[i].term, "riec's") == 0 && w[i].target == 2;
		has_stop |= strcmp(w[i].term, "aan") == 0 || strcmp(w[i].term, "en") == 0;
	}
	ok(has_riec, "a curly apostrophe inside a word is kept, as '");
	ok(!has_stop, "stop words are never listed");
	n = cdr_keyness_top(k, 1, 10, 1, w);
	int pps = 0, across = 0;
	for (size_t i = 0; i < n; i++) {
		pps |= strcmp(w[i].term, "publiek-private samenwerking") == 0 && w[i].target == 2;
		across |= strcmp(w[i].term, "capaciteit publiek-private") == 0 ||
			  strcmp(w[i].term, "aan capaciteit") == 0;
	}
	ok(pps, "a phrase of two content words, counted twice");
	ok(!across, "no phrase across punctuation or with a stop word");
	cdr_keyness_free(k);

	/* The cap: distinct words past it are left out, and said so. */
	k = cdr_keyness_new();
	cdr_buf b = CDR_BUF_INIT;
	size_t total = CDR_KEYNESS_MAX_WORDS + 1000;
	for (size_t i = 0; i < total; i++)
		cdr_buf_printf(&b, "w%zu, ", i);
	cdr_keyness_add(k, b.data, b.len, 1);
	cdr_keyness_add(k, "w1 w1", 5, 1);
	cdr_keyness_get_totals(k, &tot);
	is_num(tot.words, CDR_KEYNESS_MAX_WORDS, "the word table stops at its cap");
	is_num(tot.left_out, 1000, "the words past it are counted as left out");
	n = cdr_keyness_top(k, 0, 1, 1, w);
	ok(n == 1 && strcmp(w[0].term, "w1") == 0 && w[0].target == 3,
	   "words already there go on being counted");
	cdr_buf_free(&b);
	cdr_keyness_free(k);
}

static const char codebook[] =
	"codebook: test\n"
	"code: a.one\n  label: One\n  group: A\n  colour: #ffff00\n  word: een\n"
	"code: a.two\n  label: Two\n  group: A\n  word: twee\n"
	"code: b.three\n  label: Three\n  group: B\n  word: drie\n";

/* A survey answer with codings at the answer unit. */
typedef struct answer {
	const char *who, *region, *text;
	size_t codes[3];
	int obstacle[3];
	size_t n;
} answer;

static void add_answer(cdr_report *r, const answer *a, cdr_writer *matrix)
{
	cdr_doc doc = { "survey.csv", (char *)a->text, strlen(a->text), CDR_ENC_UTF8 };
	const char *values[] = { a->region, NULL };
	cdr_row_context ctx = { a->who, "Q1", values };
	cdr_coding v[3];
	memset(v, 0, sizeof v);
	for (size_t i = 0; i < a->n; i++) {
		v[i].bstart = v[i].start = 0;
		v[i].bend = v[i].end = strlen(a->text);
		v[i].code = a->codes[i];
		v[i].paragraph = 1;
		v[i].obstacle = a->obstacle[i];
	}
	cdr_codings cs = { v, a->n, 3 };
	cdr_coder_stats st = { 1, 0, 1, 0 };
	cdr_writer_doc d = { CDR_UNIT_ANSWER, &doc, &ctx, &cs, a->who, &st };
	cdr_report_add(r, &d);
	cdr_diag dg = CDR_DIAG_INIT;
	ok(cdr_writer_add(matrix, &d, &dg) == CDR_OK, "the matrix takes answer '%s'", a->text);
	cdr_diag_free(&dg);
}

static void test_counts(const char *dir)
{
	cdr_codebook *cb = NULL;
	cdr_diag d = CDR_DIAG_INIT;
	if (cdr_codebook_parse("test.codebook", codebook, strlen(codebook), &cb, &d) != CDR_OK) {
		ok(0, "the test codebook parses");
		return;
	}
	const char *vars[] = { "Regio" };
	cdr_writer_options opt = { 0 };
	opt.cb = cb;
	opt.case_columns = vars;
	opt.ncase = 1;
	opt.seed = 1;
	cdr_report *r = cdr_report_new(&opt);
	char path[512];
	snprintf(path, sizeof path, "%s/test-report.matrix.tsv", dir);
	cdr_writer *m = NULL;
	ok(cdr_writer_open(path, NULL, &opt, &m, &d) == CDR_OK, "a .matrix.tsv opens");
	const answer answers[] = {
		{ "R1", "Noord", "een en twee", { 0, 1 }, { 1, 0 }, 2 },
		{ "R1", "Noord", "een", { 0 }, { 0 }, 1 },
		{ "R2", "Zuid", "niets hier", { 0 }, { 0 }, 0 },
		{ "R3", "Noord", "drie en een", { 0, 2 }, { 0, 1 }, 2 },
	};
	for (size_t i = 0; i < sizeof answers / sizeof *answers; i++)
		add_answer(r, &answers[i], m);
	cdr_buf page = CDR_BUF_INIT;
	cdr_report_render(r, &page);
	is_num(r->answers, 4, "answers");
	is_num(r->respondents, 3, "respondents: consecutive answers of R1 are one");
	is_num(r->units, 4, "units");
	is_num(r->units_coded, 3, "units coded");
	is_num(r->code[0].units, 3, "One: 3 units");
	is_num(r->code[0].cases, 2, "One: 2 respondents");
	is_num(r->code[0].obstacle, 1, "One: 1 unit as an obstacle");
	is_num(r->code[2].cases, 1, "Three: 1 respondent");
	is_num(r->gstat[0].units, 3, "group A: 3 units with any of its codes");
	is_num(r->gstat[0].cases, 2, "group A: 2 respondents");
	is_num(r->gstat[0].obstacle, 1, "group A: 1 unit with an obstacle");
	is_num(r->cooc[0], 1, "One and Two together in 1 unit");
	is_num(r->cooc[2 * 1 / 2 + 0], 1, "One and Three together in 1 unit");
	is_num(r->cooc[2 * 1 / 2 + 1], 0, "Two and Three never");
	is_num(r->vars[0].nvalues, 2, "two values of Regio");
	is_num(r->vars[0].values[0].cases, 2, "Noord: 2 respondents");
	is_num(r->vars[0].values[0].code_cases[0], 2, "Noord: 2 with One");
	is_num(r->vars[0].values[1].code_cases[0], 0, "Zuid: none with One");
	size_t kept = 0;
	for (size_t i = 0; i < CDR_REPORT_SAMPLES; i++)
		kept += r->samples[i].text != NULL;
	is_num(kept, 3, "every unit of One is a sample while there are fewer than %d",
	       CDR_REPORT_SAMPLES);
	ok(strstr(cdr_buf_cstr(&page),
		  "<tr data-code=\"a.one\" data-units=\"3\" data-cases=\"2\" data-obstacle=\"1\"") !=
		   NULL,
	   "the page carries the figures");
	ok(strstr(page.data, "background:#ffff00") == NULL, "yellow is not used as it is");
	ok(strstr(page.data, "<script") == NULL, "no script");
	cdr_buf_free(&page);
	cdr_report_free(r);
	ok(cdr_writer_commit(m, &d) == CDR_OK, "the matrix is written");
	FILE *f = fopen(path, "r");
	char buf[1024] = "";
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	is_str(buf,
	       "case\tRegio\tunits\ta.one\ta.two\tb.three\n"
	       "R1\tNoord\t2\t2\t1\t0\n"
	       "R2\tZuid\t1\t0\t0\t0\n"
	       "R3\tNoord\t1\t1\t0\t1\n",
	       "the matrix: a row per respondent, units per code");
	remove(path);

	/* Reservoir sampling: the same seed draws the same units. */
	const char *picked[2][CDR_REPORT_SAMPLES];
	char *texts[2][CDR_REPORT_SAMPLES];
	for (int run = 0; run < 2; run++) {
		cdr_report *x = cdr_report_new(&opt);
		cdr_writer *mm = NULL;
		cdr_writer_open(path, NULL, &opt, &mm, &d);
		char text[64];
		for (int i = 0; i < 200; i++) {
			snprintf(text, sizeof text, "een nummer %d", i);
			char who[16];
			snprintf(who, sizeof who, "R%d", i);
			cdr_doc doc = { "s.csv", text, strlen(text), CDR_ENC_UTF8 };
			const char *values[] = { "Noord", NULL };
			cdr_row_context ctx = { who, "", values };
			cdr_coding v = { 0, strlen(text), 0, strlen(text), 0, 0, 1, 0, 0, 0, "" };
			cdr_codings cs = { &v, 1, 1 };
			cdr_writer_doc wd = { CDR_UNIT_ANSWER, &doc, &ctx, &cs, who, NULL };
			cdr_report_add(x, &wd);
		}
		cdr_writer_abort(mm);
		for (int i = 0; i < CDR_REPORT_SAMPLES; i++) {
			texts[run][i] = x->samples[i].text ? strdup(x->samples[i].text) : NULL;
			picked[run][i] = texts[run][i];
		}
		cdr_report_free(x);
	}
	int same = 1, late = 0;
	for (int i = 0; i < CDR_REPORT_SAMPLES; i++) {
		same &= picked[0][i] && picked[1][i] && strcmp(picked[0][i], picked[1][i]) == 0;
		late |= picked[0][i] && atoi(picked[0][i] + 11) >= CDR_REPORT_SAMPLES;
	}
	ok(same, "the same seed draws the same sample");
	ok(late, "later units replace earlier ones");
	for (int run = 0; run < 2; run++)
		for (int i = 0; i < CDR_REPORT_SAMPLES; i++)
			free(texts[run][i]);
	cdr_diag_free(&d);
	cdr_codebook_free(cb);
}

int main(void)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	test_escape();
	test_contrast();
	test_keyness();
	test_counts(dir);
	return tap_done();
}
