/*
** test-codebook.c -- parsing codebook files and pattern tables, and their
** diagnostics (position, caret, "did you mean").
*/
#include "config.h"

#include "codebook.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static cdr_rc parse(const char *text, cdr_codebook **cb, cdr_diag *d)
{
	return cdr_codebook_parse("test.codebook", text, strlen(text), cb, d);
}

/* The rendering of all diagnostics in 'd'. */
static char *rendered(cdr_diag *d)
{
	cdr_buf b = CDR_BUF_INIT;
	for (size_t i = 0; i < d->count; i++)
		cdr_diag_render(&d->items[i], &b);
	return cdr_buf_take(&b);
}

static void error_is(const char *text, const char *want, const char *what)
{
	cdr_codebook *cb = NULL;
	cdr_diag d = CDR_DIAG_INIT;
	is_num(parse(text, &cb, &d), CDR_ESYNTAX, "%s: rejected", what);
	ok(cb == NULL, "%s: no codebook", what);
	char *got = rendered(&d);
	is_str(got, want, "%s: message", what);
	free(got);
	cdr_diag_free(&d);
}

/* Named word lists: members, 'exact:', positions, and what is refused. */
static void test_lists(void)
{
	cdr_codebook *cb = NULL;
	cdr_diag d = CDR_DIAG_INIT;
	const char *src = "list: partners = gemeente,politie ,  exact: OM, openbaar ministerie, "
			  "riec*\n"
			  "list: leeg-2 = x\n"
			  "code: a\n"
			  "  near: @partners NEAR/clause samenwerk*\n";
	is_num(parse(src, &cb, &d), CDR_OK, "lists: parsed");
	ok(cb && cb->list_count == 2, "lists: two");
	if (cb && cb->list_count == 2) {
		const cdr_list *l = &cb->lists[0];
		is_str(l->name, "partners", "lists: name");
		is_num(l->member_count, 5, "lists: five members");
		is_str(l->members[1].text, "politie", "lists: member trimmed");
		is_str(l->members[2].text, "OM", "lists: 'exact:' and blanks dropped");
		ok(l->members[2].exact && !l->members[1].exact && l->has_exact,
		   "lists: exact member marked");
		is_str(l->members[3].text, "openbaar ministerie", "lists: a phrase member");
		is_num(l->members[2].column, 45, "lists: member column");
		is_num(l->pos.line, 1, "lists: line");
		is_num(l->pos.column, 7, "lists: name column");
		ok(cdr_codebook_find_list(cb, "leeg-2", 6) == &cb->lists[1],
		   "lists: found by name");
		is_str(cdr_codebook_suggest_list(cb, "partner", 7), "partners",
		       "lists: did you mean");
	}
	char *got = rendered(&d);
	is_str(got,
	       "test.codebook:2:7: warning: list 'leeg-2' is not used: no rule names @leeg-2\n"
	       "    2 | list: leeg-2 = x\n"
	       "      |       ^~~~~~\n",
	       "lists: an unused list is a warning");
	free(got);
	cdr_codebook_free(cb);
	cdr_diag_free(&d);

	size_t n;
	const char *t = "@a x@b (@c @ @d-1)";
	const char *r = cdr_list_ref_next(t, t, t + strlen(t), &n);
	ok(r == t && n == 1, "list reference at the start");
	r = cdr_list_ref_next(t, r + 1, t + strlen(t), &n);
	ok(r == t + 8 && n == 1, "... not inside a word, after '('");
	r = cdr_list_ref_next(t, r + 1, t + strlen(t), &n);
	ok(r == t + 13 && n == 3, "... a lone '@' is no reference");

	error_is("code: a\n  word: x\nlist: p = a\n",
		 "test.codebook:3:1: error: lists apply to the whole codebook: define them "
		 "before the first 'code'\n"
		 "    3 | list: p = a\n"
		 "      | ^~~~\n",
		 "list inside a code");
	error_is("list: p = a, , b\ncode: a\n  phrase: @p\n",
		 "test.codebook:1:14: error: an empty member: a list's members are separated by "
		 "single commas\n"
		 "    1 | list: p = a, , b\n"
		 "      |              ^\n",
		 "list: empty member");
	error_is("list: p = a,\ncode: a\n  phrase: @p\n",
		 "test.codebook:1:12: error: an empty member: a list's members are separated by "
		 "single commas\n"
		 "    1 | list: p = a,\n"
		 "      |            ^\n",
		 "list: trailing comma");
	error_is("list: p a\ncode: a\n  word: x\n",
		 "test.codebook:1:9: error: expected '=' and the members after the list's name, "
		 "as in 'list: partners = gemeente, politie'\n"
		 "    1 | list: p a\n"
		 "      |         ^\n",
		 "list: no '='");
	error_is("list: 1p = a\ncode: a\n  word: x\n",
		 "test.codebook:1:7: error: a list is written 'list: NAME = member, member, ...', "
		 "its name a letter followed by letters, digits, '-' and '_'\n"
		 "    1 | list: 1p = a\n"
		 "      |       ^\n",
		 "list: bad name");
	error_is("list: p = a, @q\ncode: a\n  word: x\n",
		 "test.codebook:1:14: error: a list's members are words: a list cannot name "
		 "another list\n"
		 "    1 | list: p = a, @q\n"
		 "      |              ^\n",
		 "list: no lists in lists");
	error_is("list: p = (de)? politie\ncode: a\n  word: x\n",
		 "test.codebook:1:11: error: a list's members are words, globs or phrases "
		 "without optional words; write '(...)?' in the rule\n"
		 "    1 | list: p = (de)? politie\n"
		 "      |           ^\n",
		 "list: no optional words in a member");
	error_is("list: p = exact: Openbaar Ministerie\ncode: a\n  word: x\n",
		 "test.codebook:1:26: error: an 'exact:' member is one word\n"
		 "    1 | list: p = exact: Openbaar Ministerie\n"
		 "      |                          ^\n",
		 "list: an exact member is one word");
	error_is("list: p = werken ... samen\ncode: a\n  word: x\n",
		 "test.codebook:1:18: error: '...' (words apart) belongs in the rule, not in a "
		 "list\n"
		 "    1 | list: p = werken ... samen\n"
		 "      |                  ^\n",
		 "list: no '...' in a member");
	error_is("list: p = a\nlist: p = b\ncode: a\n  phrase: @p\n",
		 "test.codebook:2:7: error: duplicate list 'p'\n"
		 "    2 | list: p = b\n"
		 "      |       ^\n"
		 "test.codebook:1:7: note: 'p' was first defined here\n",
		 "list: duplicate name");
	/* a list of CDR_MAX_LIST_MEMBERS is fine; one more is refused */
	for (int extra = 0; extra <= 1; extra++) {
		cdr_buf b = CDR_BUF_INIT;
		cdr_buf_adds(&b, "list: big = w0");
		for (int i = 1; i < CDR_MAX_LIST_MEMBERS + extra; i++)
			cdr_buf_printf(&b, ", w%d", i);
		cdr_buf_adds(&b, "\ncode: a\n  phrase: @big\n");
		cdr_diag dd = CDR_DIAG_INIT;
		is_num(parse(b.data, &cb, &dd), extra ? CDR_ESYNTAX : CDR_OK,
		       "a list of %d members is %s", CDR_MAX_LIST_MEMBERS + extra,
		       extra ? "refused" : "fine");
		cdr_codebook_free(cb);
		cdr_diag_free(&dd);
		cdr_buf_free(&b);
	}
}

int main(void)
{
	cdr_codebook *cb = NULL;
	cdr_diag d = CDR_DIAG_INIT;

	const char *good = "# a comment\n"
			   "codebook: Proef\n"
			   "\n"
			   "code: wil.vertrouwen\n"
			   "  label: Vertrouwen tussen partners\n"
			   "  group: Willen\n"
			   "  colour: #9AB\n"
			   "  definition: Wederzijds vertrouwen;\n"
			   "  definition: of het gebrek daaraan.\n"
			   "  word: vertrouwen   \n"
			   "  glob:\twantrouw*\n"
			   "  # regex: not a rule\n"
			   "  example: Er is veel vertrouwen.\n"
			   "  not-example: Dat is vertrouwelijk.\n"
			   "code: kun.capaciteit\r\n"
			   "  phrase: te weinig (goede)? mensen\r\n"
			   "  regex: \\bfte\\b # not a comment\r\n";
	is_num(parse(good, &cb, &d), CDR_OK, "a good codebook parses");
	is_num(d.count, 0, "... without diagnostics");
	if (!cb)
		return tap_done();
	is_str(cb->name, "Proef", "codebook name");
	is_num(cb->code_count, 2, "two codes");
	is_str(cb->codes[0].id, "wil.vertrouwen", "first id");
	is_str(cb->codes[0].label, "Vertrouwen tussen partners", "label");
	is_str(cb->codes[0].group, "Willen", "group");
	is_str(cb->codes[0].colour, "#99aabb", "#rgb colour widened and lowered");
	is_str(cb->codes[0].definition, "Wederzijds vertrouwen; of het gebrek daaraan.",
	       "definition lines joined");
	is_str(cb->codes[1].label, "kun.capaciteit", "label defaults to the id");
	is_str(cb->codes[1].group, "", "no group");
	is_num(cb->rule_count, 4, "four rules");
	is_str(cb->rules[0].pattern, "vertrouwen", "trailing blanks trimmed");
	is_num(cb->rules[1].kind, CDR_RULE_GLOB, "glob kind");
	is_num(cb->rules[1].pos.line, 11, "rule line");
	is_num(cb->rules[1].pos.column, 9, "rule column (after a tab)");
	is_str(cb->rules[3].pattern, "\\bfte\\b # not a comment", "# inside a value is kept");
	is_num(cb->rules[3].code, 1, "rule belongs to the second code");
	is_num(cb->example_count, 2, "two examples");
	ok(cb->examples[0].must_match && !cb->examples[1].must_match, "example kinds");
	is_num(cdr_codebook_find(cb, "kun.capaciteit"), 1, "find by id");
	cdr_codebook_free(cb);

	error_is("code: a\n  word: x\n  defintion: x\n",
		 "test.codebook:3:3: error: unknown key 'defintion'\n"
		 "    3 |   defintion: x\n"
		 "      |   ^~~~~~~~~\n"
		 "test.codebook:3:3: note: did you mean 'definition'?\n",
		 "misspelt key");
	error_is("code: a\n  word: x\ncode: b\n  word: y\ncode: a\n  word: z\n",
		 "test.codebook:5:7: error: duplicate code id 'a'\n"
		 "    5 | code: a\n"
		 "      |       ^\n"
		 "test.codebook:1: note: 'a' was first defined here\n",
		 "duplicate id");
	error_is("code: a\n  colour: blue\n  word: x\n",
		 "test.codebook:2:11: error: a colour is written #rrggbb or #rgb, e.g. #1f77b4\n"
		 "    2 |   colour: blue\n"
		 "      |           ^~~~\n",
		 "bad colour");
	error_is("code a\n",
		 "test.codebook:1:1: error: expected 'key: value' (this line has no ':')\n"
		 "    1 | code a\n"
		 "      | ^~~~\n",
		 "missing colon");
	error_is("word: x\ncode: a\nword: y\n",
		 "test.codebook:1:1: error: 'word' outside a code: start a code with 'code: ID' "
		 "first\n"
		 "    1 | word: x\n"
		 "      | ^~~~\n",
		 "rule before any code");
	error_is("code: 1a\n",
		 "test.codebook:1:7: error: a code id starts with a letter and holds only letters, "
		 "digits, '.', '-' and '_'\n"
		 "    1 | code: 1a\n"
		 "      |       ^\n",
		 "bad id");
	error_is("code: a\nlabel:   \nword: x\n",
		 "test.codebook:2:1: error: 'label' needs a value\n"
		 "    2 | label:   \n"
		 "      | ^~~~~\n",
		 "empty value");
	error_is("code: a\nlabel: x\nlabel: y\nword: x\n",
		 "test.codebook:3:1: error: code 'a' has a second 'label'; give it once\n"
		 "    3 | label: y\n"
		 "      | ^~~~~\n",
		 "label twice");
	error_is(
		"# nothing\n",
		"test.codebook: error: the codebook defines no codes (start one with 'code: ID')\n",
		"no codes");
	error_is("code: één\n",
		 "test.codebook:1:7: error: a code id starts with a letter and holds only letters, "
		 "digits, '.', '-' and '_'\n"
		 "    1 | code: één\n"
		 "      |       ^\n",
		 "non-ASCII id, column in code points");

	const char *roles = "obstacle: gebrek aan\n"
			    "code: a\n"
			    "  glob: vertrouw*\n"
			    "  except: vertrouwelijk*\n"
			    "  except-regex: \\bvertrouwen in\n"
			    "  exact: OM\n"
			    "  near: a NEAR/3 b\n"
			    "  all: a AND NOT b\n";
	is_num(parse(roles, &cb, &d), CDR_OK, "every rule key parses");
	if (cb) {
		is_num(cb->rule_count, 7, "seven rules");
		ok(cb->rules[0].role == CDR_ROLE_OBSTACLE && cb->rules[0].code == (size_t)-1,
		   "an obstacle cue belongs to no code");
		ok(cb->rules[2].role == CDR_ROLE_EXCEPT && cb->rules[2].kind == CDR_RULE_PHRASE,
		   "except is a phrase exception");
		ok(cb->rules[3].role == CDR_ROLE_EXCEPT && cb->rules[3].kind == CDR_RULE_REGEX,
		   "except-regex is a regex exception");
		is_str(cdr_rule_key(&cb->rules[3]), "except-regex", "its key");
		is_num(cb->codes[0].rule_count, 4,
		       "exceptions are not counted as the code's rules");
	}
	cdr_codebook_free(cb);
	error_is("code: a\n  word: x\n  obstacle: geen\n",
		 "test.codebook:3:3: error: obstacle cues apply to the whole codebook: put them "
		 "before the first 'code'\n"
		 "    3 |   obstacle: geen\n"
		 "      |   ^~~~~~~~\n",
		 "obstacle inside a code");
	is_num(parse("code: a\n  word: x\n  glob: y*\n  word: x\n", &cb, &d), CDR_OK,
	       "a repeated rule is allowed");
	char *w = rendered(&d);
	is_str(w,
	       "test.codebook:4:9: warning: this rule repeats the rule on line 2\n"
	       "    4 |   word: x\n"
	       "      |         ^\n",
	       "... with a warning");
	free(w);
	cdr_codebook_free(cb);
	cdr_diag_clear(&d);
	is_num(parse("code: a\n  word: x\n  word: y\n  word: x\n  glob: x\n  word: y\n  word: x\n"
		     "code: b\n  word: x\n",
		     &cb, &d),
	       CDR_OK, "rules repeated more than once");
	w = rendered(&d);
	ok(d.warnings == 3 &&
		   strstr(w, "test.codebook:4:9: warning: this rule repeats the rule "
			     "on line 2\n") < strstr(w, "test.codebook:6:9: warning: this "
							"rule repeats the rule on line 3\n") &&
		   strstr(w, "test.codebook:6:9") <
			   strstr(w, "test.codebook:7:9: warning: this rule repeats the rule on "
				     "line 2\n") &&
		   strstr(w, "test.codebook:4:9"),
	   "... each repeat names the first rule like it, in the order of the lines; the same "
	   "pattern under another key or code is no repeat");
	free(w);
	cdr_codebook_free(cb);
	cdr_diag_clear(&d);

	is_num(parse("code: a\nlabel: x\n", &cb, &d), CDR_OK, "a code without rules parses");
	ok(d.warnings == 1 && strstr(d.items[0].message, "no rules"), "... with a warning");
	cdr_codebook_free(cb);
	cdr_diag_clear(&d);

	const char *table = "# code<TAB>kind<TAB>pattern\n"
			    "\n"
			    "amb.bewustwording\tword\tbewustwording\n"
			    "amb.weerbaarheid\tglob\tweerba*\n"
			    "amb.bewustwording\tphrase\tsignalen herkennen\n";
	is_num(parse(table, &cb, &d), CDR_OK, "a pattern table parses");
	ok(cb && cb->is_table, "... recognised as a table");
	if (cb) {
		is_num(cb->code_count, 2, "codes in order of first appearance");
		is_str(cb->codes[1].id, "amb.weerbaarheid", "second code");
		is_num(cb->rule_count, 3, "three rules");
		is_num(cb->rules[2].code, 0, "third rule belongs to the first code");
		is_num(cb->rules[1].pos.column, 23, "pattern column");
		is_str(cb->name, "test", "name from the file name");
	}
	cdr_codebook_free(cb);
	error_is("a\tword\tx\nb\tglbo\ty\n",
		 "test.codebook:2:3: error: unknown pattern kind 'glbo'; did you mean 'glob'?\n"
		 "    2 | b glbo y\n"
		 "      |   ^~~~\n",
		 "table: misspelt kind");
	error_is("a\tword\tx\nb\tword\n",
		 "test.codebook:2:1: error: a pattern table line has three fields separated by "
		 "tabs: code, kind, pattern\n"
		 "    2 | b word\n"
		 "      | ^\n",
		 "table: two fields");

	/* Every rule key reads back as itself (the one table of rule keys), in a
	** codebook file and, for the kinds a table may name, in a pattern table. */
	static const char *const rule_keys[] = { "word",   "glob",         "phrase",  "regex",
						 "exact",  "near",         "all",     "forms",
						 "except", "except-regex", "obstacle" };
	cdr_buf all = CDR_BUF_INIT;
	cdr_buf_adds(&all, "obstacle: maar\ncode: a\n");
	for (size_t k = 0; k < sizeof rule_keys / sizeof *rule_keys; k++)
		if (strcmp(rule_keys[k], "obstacle") != 0)
			cdr_buf_printf(&all, "  %s: %s\n", rule_keys[k],
				       strcmp(rule_keys[k], "near") == 0  ? "a NEAR/2 b"
				       : strcmp(rule_keys[k], "all") == 0 ? "a AND b"
									  : "x");
	cdr_diag_clear(&d);
	if (is_num(parse(cdr_buf_cstr(&all), &cb, &d), CDR_OK, "a rule of every key parses")) {
		int same = cb->rule_count == sizeof rule_keys / sizeof *rule_keys;
		for (size_t r = 0; same && r < cb->rule_count; r++) {
			const char *key = cdr_rule_key(&cb->rules[r]);
			size_t at = r == 0 ? 10 : r - 1; /* the obstacle cue comes first */
			same = strcmp(key, rule_keys[at]) == 0;
		}
		ok(same, "... and each reads back as its key");
		cdr_codebook_free(cb);
	}
	cdr_buf_free(&all);
	error_is("a\tword\tx\nb\tnear\ty\n",
		 "test.codebook:2:3: error: unknown pattern kind 'near'; use word, glob, phrase, "
		 "regex, exact or forms\n"
		 "    2 | b near y\n"
		 "      |   ^~~~\n",
		 "table: a kind only a codebook file has");
	error_is("zzzzzzzz: y\n",
		 "test.codebook:1:1: error: unknown key 'zzzzzzzz'\n"
		 "    1 | zzzzzzzz: y\n"
		 "      | ^~~~~~~~\n"
		 "test.codebook:1:1: note: known keys: codebook, short-unit, list, obstacle, code, "
		 "label, group, colour, definition, word, glob, phrase, regex, exact, near, all, "
		 "forms, except, except-regex, when, example, not-example, example-answer, "
		 "not-example-answer\n",
		 "unknown key: every key listed");

	/* 'when:' puts the match rules after it under conditions, up to the next one. */
	const char *when = "short-unit: 8 words\n"
			   "code: a\n"
			   "  word: een\n"
			   "  when: answer\n"
			   "  word: twee\n"
			   "  except: twee keer\n"
			   "  when: short, answer\n"
			   "  word: drie\n"
			   "  when: any\n"
			   "  word: vier\n"
			   "  example-answer: Twee.\n"
			   "  not-example-answer: Vijf.\n"
			   "code: b\n"
			   "  word: vijf\n";
	cb = NULL;
	is_num(parse(when, &cb, &d), CDR_OK, "when: parses");
	if (cb) {
		is_num(cb->short_words, 8, "short-unit: 8 words");
		unsigned want[] = { 0, CDR_WHEN_ANSWER, 0, CDR_WHEN_ANSWER | CDR_WHEN_SHORT, 0, 0 };
		for (size_t i = 0; i < cb->rule_count && i < 6; i++)
			is_num(cb->rules[i].when, want[i], "rule %zu (%s) has its conditions", i,
			       cb->rules[i].pattern);
		ok(cb->examples[0].answer && cb->examples[0].must_match, "example-answer");
		ok(cb->examples[1].answer && !cb->examples[1].must_match, "not-example-answer");
		cdr_buf b = CDR_BUF_INIT;
		cdr_when_describe(CDR_WHEN_SHORT | CDR_WHEN_ANSWER, &b);
		cdr_buf_addc(&b, '/');
		cdr_when_describe(0, &b);
		is_str(cdr_buf_cstr(&b), "answer short/any", "conditions described");
		cdr_buf_free(&b);
		cdr_codebook_free(cb);
	}
	cb = NULL;
	is_num(parse("code: a\n  word: een\n", &cb, &d), CDR_OK, "no short-unit");
	if (cb)
		is_num(cb->short_words, CDR_SHORT_WORDS_DEFAULT, "... the default");
	cdr_codebook_free(cb);
	error_is("short-unit: 1001\ncode: a\n  word: x\n",
		 "test.codebook:1:13: error: 'short-unit' takes a number of words from 1 to "
		 "1000, e.g. 'short-unit: 12'\n"
		 "    1 | short-unit: 1001\n"
		 "      |             ^~~~\n",
		 "short-unit over its limit");
	error_is("short-unit: 0\ncode: a\n  word: x\n",
		 "test.codebook:1:13: error: 'short-unit' takes a number of words from 1 to "
		 "1000, e.g. 'short-unit: 12'\n"
		 "    1 | short-unit: 0\n"
		 "      |             ^\n",
		 "short-unit 0");
	test_lists();
	cdr_diag_free(&d);
	return tap_done();
}
