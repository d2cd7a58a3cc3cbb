/*
** test-dict.c -- dictionaries from other tools (dict.h): which format a file is,
** each reader's codes, groups and rules, wildcards, ids made from names, and
** positions in the dictionary for every diagnostic, also the compiler's.
*/
#include "config.h"

#include "codebook.h"
#include "codeid.h"
#include "dict.h"
#include "match.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static cdr_codebook *parse(const char *path, const char *text, cdr_diag *d)
{
	cdr_codebook *cb = NULL;
	cdr_codebook_parse(path, text, strlen(text), &cb, d);
	return cb;
}

/* The rule of code 'id' number k (match rules, file order), or NULL. */
static const cdr_rule *rule_of(const cdr_codebook *cb, const char *id, size_t k)
{
	size_t c = cdr_codebook_find(cb, id);
	for (size_t i = 0; i < cb->rule_count; i++)
		if (cb->rules[i].code == c && k-- == 0)
			return &cb->rules[i];
	return NULL;
}

static void test_detect(void)
{
	is_num(cdr_dict_detect("a.dic", "", 0), CDR_DICT_LIWC, ".dic is LIWC");
	is_num(cdr_dict_detect("a.YAML", "", 0), CDR_DICT_YAML, ".YAML is quanteda's");
	is_num(cdr_dict_detect("a.yml", "", 0), CDR_DICT_YAML, ".yml is quanteda's");
	is_num(cdr_dict_detect("a.cat", "", 0), CDR_DICT_WORDSTAT, ".cat is WordStat");
	is_num(cdr_dict_detect("a.csv", "", 0), CDR_DICT_TABLE, ".csv is a pattern table");
	const char *liwc = "\n  %\n1\ta\n%\n";
	is_num(cdr_dict_detect("a.txt", liwc, strlen(liwc)), CDR_DICT_LIWC, "a '%%' line is LIWC");
	const char *hdr = "Code\tKind\tPattern\na\tword\tb\n";
	is_num(cdr_dict_detect("a.tsv", hdr, strlen(hdr)), CDR_DICT_TABLE,
	       "a tab table with a header goes to the CSV reader");
	const char *quoted = "\"code\";\"kind\";\"pattern\";\"note\"\n";
	is_num(cdr_dict_detect("a.txt", quoted, strlen(quoted)), CDR_DICT_TABLE,
	       "quoted header cells, more columns");
	const char *sep = "sep=;\n";
	is_num(cdr_dict_detect("a.txt", sep, strlen(sep)), CDR_DICT_TABLE, "Excel's sep= line");
	const char *plain = "a\tword\tb\n";
	is_num(cdr_dict_detect("a.tsv", plain, strlen(plain)), CDR_DICT_NONE,
	       "a tab table without a header stays with the codebook parser");
	const char *book = "code: a\n  word: b\n";
	is_num(cdr_dict_detect("a.codebook", book, strlen(book)), CDR_DICT_NONE,
	       "a codebook is none");
	const char *mixed = "code;kind,pattern\n";
	is_num(cdr_dict_detect("a.txt", mixed, strlen(mixed)), CDR_DICT_NONE,
	       "a header with two delimiters is none");
}

static void test_liwc(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = parse("t.dic",
				 "%\n1\tAffect\n\t2\tPositief gevoel\n\t3\tnegemo\n4\tleeg\n%\n"
				 "blij\t2\t1\nbang*\t3\t1\nte  weinig\t3\nblij\t2\n",
				 &d);
	ok(cb != NULL, "a LIWC dictionary parses");
	if (!cb)
		return;
	is_num(cb->code_count, 4, "every category a code (one without words too)");
	is_str(cb->codes[0].id, "affect", "id made from the name");
	is_str(cb->codes[1].id, "positief-gevoel", "a readable id for a name with a space");
	is_str(cb->codes[1].label, "Positief gevoel", "the name kept as the label");
	is_str(cb->codes[1].group, "Affect", "a tab-nested category in its parent's group");
	is_str(cb->codes[3].group, "", "back at the top after the nesting");
	is_num(cb->codes[1].line, 3, "the code's line is its legend line");
	const cdr_rule *r = rule_of(cb, "negemo", 0);
	ok(r && r->kind == CDR_RULE_GLOB && strcmp(r->pattern, "bang*") == 0, "word* is a glob");
	ok(r && r->pos.line == 8 && r->pos.column == 1, "the rule is at its dictionary line");
	ok(r && strcmp(r->pos.source_line, "bang*\t3\t1") == 0, "... quoting the dictionary line");
	r = rule_of(cb, "negemo", 1);
	ok(r && r->kind == CDR_RULE_PHRASE && strcmp(r->pattern, "te weinig") == 0,
	   "a word with spaces is a phrase");
	is_num(rule_of(cb, "positief-gevoel", 1) == NULL, 1, "a repeated entry kept once");
	int dup = 0, empty = 0;
	for (size_t i = 0; i < d.count; i++) {
		dup |= d.items[i].line == 10 && strstr(d.items[i].message, "listed twice") != NULL;
		empty |= d.items[i].line == 5 && strstr(d.items[i].message, "no rules") != NULL;
	}
	ok(dup, "a repeated entry is a warning at its line");
	ok(empty, "a category without words is a warning at its legend line");
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
}

static void test_compile_positions(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = parse("t.csv", "code,kind,pattern\na,word,b\na,regex,x(y\n", &d);
	cdr_matcher *m = NULL;
	ok(cb && cdr_matcher_new(cb, &m, &d) != CDR_OK, "a regex that does not compile");
	int at = 0;
	for (size_t i = 0; i < d.count; i++)
		at |= d.items[i].severity == CDR_DIAG_ERROR && d.items[i].line == 3 &&
		      d.items[i].column >= 9 && strcmp(d.items[i].file, "t.csv") == 0 &&
		      strcmp(d.items[i].source_line, "a,regex,x(y") == 0;
	ok(at, "the compiler's error is at the table's line, in the pattern's cell");
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
}

static void test_yaml(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = parse("t.yml",
				 "a:\n  b:\n    - x\n    - 'y*'\n  __: [z]\n  c:\n    d: b?ek\n"
				 "a b: [zo*o, een twee*]\n",
				 &d);
	ok(cb != NULL, "a quanteda dictionary parses");
	if (!cb)
		return;
	is_num(cb->code_count, 4, "a, b, d and 'a b' (c only a group)");
	is_str(cb->codes[0].id, "a", "'__' makes the parent a code");
	is_str(cb->codes[2].group, "a / c", "groups nest");
	const cdr_rule *r = rule_of(cb, "b", 1);
	ok(r && r->kind == CDR_RULE_GLOB && r->pos.line == 4 && r->pos.column == 8,
	   "a quoted pattern's column is past the quote");
	r = rule_of(cb, "d", 0);
	ok(r && r->kind == CDR_RULE_REGEX && strstr(r->pattern, "b[\\p{L}\\p{N}_]ek"),
	   "'?' is one word character in a regex");
	r = rule_of(cb, "a-b", 0);
	ok(r && r->kind == CDR_RULE_REGEX, "a '*' inside a word is a regex");
	r = rule_of(cb, "a-b", 1);
	ok(r && r->kind == CDR_RULE_PHRASE, "a pattern with spaces is a phrase");
	{
		/* '**' is '*' (a run of them made Hyperscan's compile take seconds) */
		cdr_diag q = CDR_DIAG_INIT;
		cdr_codebook *one = parse("t.yml", "s: [zo*o]\n", &q);
		cdr_codebook *many = parse("t.yml", "s: [zo********o]\n", &q);
		ok(one && many && strcmp(one->rules[0].pattern, many->rules[0].pattern) == 0,
		   "a run of '*' inside a word is one '*'");
		cdr_codebook_free(one);
		cdr_codebook_free(many);
		cdr_diag_free(&q);
	}
	cdr_matcher *m = NULL;
	ok(cdr_matcher_new(cb, &m, &d) == CDR_OK, "the regexes made compile");
	cdr_matcher_free(m);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);

	cdr_diag h = CDR_DIAG_INIT;
	cb = parse("t.yml", "a: [x]\nb: [y]\na: [z, x]\n", &h);
	ok(cb && cb->code_count == 2 && rule_of(cb, "a", 1) && !rule_of(cb, "a", 2),
	   "a name given twice is one category, as quanteda merges them");
	ok(h.warnings == 1 && h.items[0].line == 3, "... its repeated pattern a warning");
	cdr_codebook_free(cb);
	cdr_diag_free(&h);

	cdr_diag k = CDR_DIAG_INIT;
	cb = parse("t.yml", "a:\nb: [x]\n", &k);
	ok(cb && cb->code_count == 2 && cb->codes[0].rule_count == 0 && k.warnings == 1 &&
		   k.items[0].line == 1,
	   "'name:' with nothing is a category without patterns (a warning)");
	cdr_codebook_free(cb);
	cdr_diag_free(&k);

	cdr_diag e = CDR_DIAG_INIT;
	ok(parse("t.yml", "- a\n- b\n", &e) == NULL && e.errors == 1 && e.items[0].line == 1,
	   "a list at the top is an error at its line");
	cdr_diag_free(&e);
	cdr_diag f = CDR_DIAG_INIT;
	ok(parse("t.yml", "a: &x [b]\nc: *x\n", &f) == NULL && f.items[0].line == 2 &&
		   f.items[0].column == 4,
	   "an alias is refused at its line and column");
	cdr_diag_free(&f);
	cdr_diag g = CDR_DIAG_INIT;
	ok(parse("t.yml", "a: [b\n", &g) == NULL && g.errors == 1 &&
		   strstr(g.items[0].message, "malformed YAML"),
	   "libyaml's error is reported");
	cdr_diag_free(&g);
}

static void test_wordstat(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = parse(
		"t.cat", "EMOTIE\n\tBLIJ\n\t\tGOED_GEHUMEURD (1)\n\t\tFIJN* (3)\n\tBANG (1)\n", &d);
	ok(cb != NULL, "a WordStat dictionary parses");
	if (!cb)
		return;
	is_num(cb->code_count, 2, "EMOTIE (its own entry) and BLIJ");
	is_str(cb->codes[1].group, "EMOTIE", "nested by tabs");
	const cdr_rule *r = rule_of(cb, "blij", 0);
	ok(r && r->kind == CDR_RULE_PHRASE && strcmp(r->pattern, "GOED GEHUMEURD") == 0,
	   "'_' joins the words of a phrase");
	r = rule_of(cb, "blij", 1);
	ok(r && r->kind == CDR_RULE_GLOB && r->pos.line == 4 && r->pos.column == 3,
	   "a glob at its line and column, the weight left out");
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
}

static void test_table(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = parse("t.csv",
				 "pattern;code;kind;note\n"
				 "\"samen; werk*\";sam;PHRASE;x\n"
				 "# a comment;x;;\n"
				 "blij;emo.blij;word;\n",
				 &d);
	ok(cb != NULL, "a ';' table with its columns in another order parses");
	if (cb) {
		is_num(cb->code_count, 2, "two codes");
		is_str(cb->codes[1].id, "emo.blij", "a table's ids are kept as they are");
		is_str(cb->codes[1].label, "emo.blij", "... and are the label");
		const cdr_rule *r = rule_of(cb, "sam", 0);
		ok(r && r->kind == CDR_RULE_PHRASE && strcmp(r->pattern, "samen; werk*") == 0,
		   "a quoted cell with the delimiter in it");
		ok(r && r->pos.line == 2 && r->pos.column == 1, "the rule at its cell");
		r = rule_of(cb, "emo.blij", 0);
		ok(r && r->pos.line == 4 && r->pos.column == 1, "the next row at its line");
	}
	cdr_codebook_free(cb);
	cdr_diag_free(&d);

	cdr_diag h = CDR_DIAG_INIT;
	cb = parse("t.csv", "code,kind,pattern\na,word,x\na,glob,x\na,word,x\n", &h);
	ok(cb && cb->codes[0].rule_count == 2 && h.warnings == 1 && h.items[0].line == 4,
	   "the same pattern of another kind is another rule; the same rule again a warning");
	cdr_codebook_free(cb);
	cdr_diag_free(&h);

	cdr_diag e = CDR_DIAG_INIT;
	cb = parse("t.csv", "a,word,b\nc,glob,d*\n", &e);
	ok(cb && cb->code_count == 2, "without a header the first row is a row");
	cdr_codebook_free(cb);
	cdr_diag_free(&e);
	cdr_diag m = CDR_DIAG_INIT;
	cb = parse("t.tsv", "# Mijn tabel\n\ncode\tkind\tpattern\na\tword\tb\nc\tglob\t\"d*\n", &m);
	ok(!cb && m.errors == 1 && m.items[0].line == 5 && m.items[0].column == 8,
	   "comment lines before a header: the reader's errors at the file's own lines");
	cdr_diag_free(&m);
	cdr_diag m2 = CDR_DIAG_INIT;
	cb = parse("t.tsv", "# Mijn tabel\ncode\tkind\tpattern\na\tword\tb\n", &m2);
	ok(cb && rule_of(cb, "a", 0) && rule_of(cb, "a", 0)->pos.line == 3,
	   "... and the rules at theirs");
	cdr_codebook_free(cb);
	cdr_diag_free(&m2);

	cdr_diag f = CDR_DIAG_INIT;
	ok(parse("t.csv", "code,kind,pattern\na,near,b NEAR/2 c\n", &f) == NULL &&
		   f.items[0].line == 2 && f.items[0].column == 3,
	   "a kind a table may not name, at its cell");
	cdr_diag_free(&f);
	cdr_diag g = CDR_DIAG_INIT;
	ok(parse("t.csv", "code,kind,pattern\n", &g) == NULL && g.errors == 1 &&
		   strstr(g.items[0].message, "no entries"),
	   "a header alone is an error");
	cdr_diag_free(&g);
}

static void test_ids(void)
{
	cdr_codeids s = CDR_CODEIDS_INIT;
	char *a = cdr_codeid_make(&s, "Één overheid!", NULL);
	char *b = cdr_codeid_make(&s, "een overheid", "top");
	char *c = cdr_codeid_make(&s, "een overheid", NULL);
	char *e = cdr_codeid_make(&s, "2019", NULL);
	is_str(a, "een-overheid", "accents dropped, spaces and punctuation '-'");
	is_str(b, "top.een-overheid", "a taken id gets its parent in front");
	is_str(c, "een-overheid-2", "... else a number");
	is_str(e, "code-2019", "an id starts with a letter");
	free(a);
	free(b);
	free(c);
	free(e);
	cdr_codeids_free(&s);

	cdr_diag d = CDR_DIAG_INIT;
	cdr_codebook *cb = parse("t.yml", "x:\n  zelfde: [a]\ny:\n  zelfde: [b]\n", &d);
	ok(cb && strcmp(cb->codes[1].id, "y.zelfde") == 0, "the same name under two parents");
	cdr_codebook_free(cb);
	cdr_diag_free(&d);
}

int main(void)
{
	test_detect();
	test_liwc();
	test_compile_positions();
	test_yaml();
	test_wordstat();
	test_table();
	test_ids();
	return tap_done();
}
