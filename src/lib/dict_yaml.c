/*
** dict_yaml.c -- the reader of quanteda's YAML dictionaries (.yml, .yaml; see
** dict.h, doc/import.md), on libyaml's event parser.
**
** The format (quanteda's dictionary(file = "x.yml"), as.yaml()): a mapping of
** category names to a list of patterns, a single pattern, or a mapping of
** sub-categories; quanteda writes a category's own patterns next to its
** sub-categories under the key "__".  Patterns are globs: '*' any run of
** characters, '?' one; a pattern with spaces is a phrase.  Anchors and aliases,
** and anything that is not a name, a list or a mapping where one is expected,
** are errors at their line and column.
*/
#include "config.h"

#include "dict.h"
#include "utf8.h"

#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 100 /* nested categories, at most (the reader recurses on them) */

typedef struct yreader {
	cdr_dict *dict;
	yaml_parser_t parser;
	int failed; /* the parser failed: no more events */
} yreader;

/* The column of a mark from 1, past the quote of a quoted scalar. */
static size_t column_of(const yaml_event_t *ev)
{
	size_t c = ev->start_mark.column + 1;
	if (ev->type == YAML_SCALAR_EVENT &&
	    (ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	     ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE))
		c++;
	return c;
}

static void error_at(yreader *r, const yaml_event_t *ev, const char *msg)
{
	cdr_dict_error(r->dict, ev->start_mark.line + 1, column_of(ev), 1, "%s", msg);
}

/* The next event; 0 after reporting the parser's error. */
static int next(yreader *r, yaml_event_t *ev)
{
	if (r->failed)
		return 0;
	if (yaml_parser_parse(&r->parser, ev))
		return 1;
	yaml_mark_t m = r->parser.problem_mark;
	cdr_dict_error(r->dict, m.line + 1, m.column + 1, 1, "malformed YAML: %s%s%s",
		       r->parser.problem ? r->parser.problem : "unreadable",
		       r->parser.context ? " " : "", r->parser.context ? r->parser.context : "");
	r->failed = 1;
	return 0;
}

/* Skip the rest of the node whose start event 'ev' was (after an error). */
static int skip_node(yreader *r, const yaml_event_t *start)
{
	if (start->type != YAML_SEQUENCE_START_EVENT && start->type != YAML_MAPPING_START_EVENT)
		return 1;
	int level = 1;
	while (level > 0) {
		yaml_event_t ev;
		if (!next(r, &ev))
			return 0;
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
			level++;
		else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
			level--;
		yaml_event_delete(&ev);
	}
	return 1;
}

/* A scalar as one pattern of category 'cat': blanks and line ends one space. */
static void add_pattern(yreader *r, size_t cat, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	cdr_buf p = CDR_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (p.len && p.data[p.len - 1] != ' ')
				cdr_buf_addc(&p, ' ');
		} else if (c == '\0') {
			error_at(r, ev, "a pattern holds a NUL character");
			cdr_buf_free(&p);
			return;
		} else {
			cdr_buf_addc(&p, c);
		}
	}
	while (p.len && p.data[p.len - 1] == ' ')
		p.data[--p.len] = '\0';
	if (p.len == 0)
		error_at(r, ev, "an empty pattern");
	else
		cdr_dict_add_entry(r->dict, cat, p.data, p.len, ev->start_mark.line + 1,
				   column_of(ev));
	cdr_buf_free(&p);
}

static int read_mapping(yreader *r, size_t parent, int depth);

/* The category named 'name' under 'parent' read already, or (size_t)-1. */
static size_t sibling(const cdr_dict *dict, size_t parent, const char *name)
{
	for (size_t i = 0; i < dict->cat_count; i++)
		if (dict->cats[i].parent == parent && strcmp(dict->cats[i].name, name) == 0)
			return i;
	return (size_t)-1;
}

/* The value of category 'cat', whose first event is 'ev' (owned by the caller).
** Returns 0 when the parser failed. */
static int read_value(yreader *r, size_t cat, const yaml_event_t *ev, int depth)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.length == 0 && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			return 1; /* "name:" with nothing: a category without patterns */
		add_pattern(r, cat, ev);
		return 1;
	case YAML_SEQUENCE_START_EVENT:
		for (;;) {
			yaml_event_t item;
			if (!next(r, &item))
				return 0;
			if (item.type == YAML_SEQUENCE_END_EVENT) {
				yaml_event_delete(&item);
				return 1;
			}
			int ok = 1;
			if (item.type == YAML_SCALAR_EVENT) {
				add_pattern(r, cat, &item);
			} else if (item.type == YAML_ALIAS_EVENT) {
				error_at(r, &item,
					 "YAML aliases are not supported in a dictionary");
			} else {
				error_at(r, &item,
					 "a list of patterns holds only patterns; write "
					 "sub-categories as a mapping");
				ok = skip_node(r, &item);
			}
			yaml_event_delete(&item);
			if (!ok)
				return 0;
		}
	case YAML_MAPPING_START_EVENT:
		if (depth >= MAX_DEPTH) {
			error_at(r, ev, "categories nest too deeply");
			return skip_node(r, ev);
		}
		return read_mapping(r, cat, depth + 1);
	case YAML_ALIAS_EVENT:
		error_at(r, ev, "YAML aliases are not supported in a dictionary");
		return 1;
	default:
		error_at(r, ev, "expected patterns or sub-categories");
		return 1;
	}
}

/* The entries of a mapping whose MAPPING-START has been read: category names to
** values.  'parent' is the category the mapping belongs to ((size_t)-1 at the
** top).  Returns 0 when the parser failed. */
static int read_mapping(yreader *r, size_t parent, int depth)
{
	for (;;) {
		yaml_event_t key, value;
		if (!next(r, &key))
			return 0;
		if (key.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&key);
			return 1;
		}
		size_t cat = (size_t)-1;
		int ok = 1;
		if (key.type != YAML_SCALAR_EVENT) {
			error_at(r, &key, "a category name must be plain text");
			ok = skip_node(r, &key);
		} else if (strcmp((const char *)key.data.scalar.value, "__") == 0) {
			if (parent == (size_t)-1)
				error_at(r, &key,
					 "'__' (a category's own patterns) at the top level");
			cat = parent;
		} else if (key.data.scalar.length == 0) {
			error_at(r, &key, "an empty category name");
		} else if ((cat = sibling(r->dict, parent, (const char *)key.data.scalar.value)) !=
			   (size_t)-1) {
			/* A name given twice: one category, as quanteda merges them. */
		} else {
			cat = cdr_dict_add_cat(r->dict, (const char *)key.data.scalar.value,
					       strlen((const char *)key.data.scalar.value), parent,
					       key.start_mark.line + 1, column_of(&key));
		}
		yaml_event_delete(&key);
		if (!ok || !next(r, &value))
			return 0;
		if (cat == (size_t)-1)
			ok = skip_node(r, &value);
		else
			ok = read_value(r, cat, &value, depth);
		yaml_event_delete(&value);
		if (!ok)
			return 0;
	}
}

cdr_rc cdr_dict_read_yaml(cdr_dict *dict)
{
	size_t errors = dict->d->errors;
	yreader r = { dict, { 0 }, 0 };
	if (!yaml_parser_initialize(&r.parser)) {
		cdr_dict_error(dict, 0, 0, 0, "cannot start the YAML parser");
		return CDR_ESYNTAX;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)dict->text, dict->len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	yaml_event_t ev;
	int documents = 0;
	while (next(&r, &ev)) {
		yaml_event_type_t type = ev.type;
		if (type == YAML_MAPPING_START_EVENT) {
			if (documents++ > 0)
				error_at(&r, &ev, "a second YAML document: a dictionary is one");
			int ok = documents > 1 ? skip_node(&r, &ev)
					       : read_mapping(&r, (size_t)-1, 1);
			yaml_event_delete(&ev);
			if (!ok)
				break;
			continue;
		}
		if (type == YAML_SCALAR_EVENT || type == YAML_SEQUENCE_START_EVENT ||
		    type == YAML_ALIAS_EVENT) {
			error_at(
				&r, &ev,
				"a quanteda dictionary is a mapping of category names to patterns");
			int ok = skip_node(&r, &ev);
			yaml_event_delete(&ev);
			if (!ok)
				break;
			continue;
		}
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&r.parser);
	return dict->d->errors == errors ? CDR_OK : CDR_ESYNTAX;
}
