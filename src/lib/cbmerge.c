/*
** cbmerge.c -- a QDA tool's code list merged into a codebook file (see cbmerge.h).
*/
#include "config.h"

#include "cbmerge.h"
#include "codeid.h"
#include "refi.h"

#include <stdlib.h>
#include <string.h>

enum { F_LABEL, F_GROUP, F_COLOUR, F_DEFINITION, NFIELDS };
static const char *const field_names[NFIELDS] = { "label", "group", "colour", "definition" };

/* The field a codebook line sets (label, group, colour/color, definition), or -1;
** *indent is the blanks before the key. */
static int field_of(const char *s, size_t n, size_t *indent)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*indent = i;
	static const struct {
		const char *key;
		int field;
	} keys[] = { { "label", F_LABEL },
		     { "group", F_GROUP },
		     { "colour", F_COLOUR },
		     { "color", F_COLOUR },
		     { "definition", F_DEFINITION } };
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		size_t kn = strlen(keys[k].key);
		if (n - i > kn && memcmp(s + i, keys[k].key, kn) == 0 && s[i + kn] == ':')
			return keys[k].field;
	}
	return -1;
}

/* 'g' with its parts trimmed and joined by " / " (owned). */
static char *norm_group(const char *g)
{
	cdr_buf b = CDR_BUF_INIT;
	for (const char *p = g; *p;) {
		const char *e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		const char *a = p, *z = e;
		while (a < z && (*a == ' ' || *a == '\t'))
			a++;
		while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
			z--;
		if (a < z) {
			if (b.len)
				cdr_buf_adds(&b, " / ");
			cdr_buf_add(&b, a, (size_t)(z - a));
		}
		p = *e ? e + 1 : e;
	}
	return cdr_buf_take(&b);
}

/* Are a and b the same text, white space runs (line ends too) counted as one? */
static int same_text(const char *a, const char *b)
{
	for (;;) {
		int sa = 0, sb = 0;
		while (*a == ' ' || *a == '\n' || *a == '\t')
			a++, sa = 1;
		while (*b == ' ' || *b == '\n' || *b == '\t')
			b++, sb = 1;
		if (!*a || !*b)
			return !*a && !*b;
		if (sa != sb || *a != *b)
			return 0;
		a++;
		b++;
	}
}

static void add_change(cdr_merge_report *rep, cdr_merge_kind kind, const char *id,
		       const char *field, const char *old_value, const char *new_value, size_t line)
{
	CDR_GROW(rep->v, rep->cap, rep->count + 1);
	cdr_merge_change *c = &rep->v[rep->count++];
	c->kind = kind;
	c->id = cdr_xstrdup(id);
	c->field = field;
	c->old_value = old_value ? cdr_xstrdup(old_value) : NULL;
	c->new_value = new_value ? cdr_xstrdup(new_value) : NULL;
	c->line = line;
}

/* Where the line after the one ending at e starts (past LF, CRLF or CR). */
static size_t line_next(const char *t, size_t len, size_t e)
{
	if (e >= len)
		return e;
	return e + (t[e] == '\r' && e + 1 < len && t[e + 1] == '\n' ? 2 : 1);
}

/* Append "INDENTkey: value\n" for each line of 'value' (one for a label). */
static void add_field(cdr_buf *out, size_t indent, int field, const char *value, const char *eol)
{
	for (const char *p = value; *p;) {
		size_t k = field == F_DEFINITION ? strcspn(p, "\n") : strlen(p);
		for (size_t i = 0; i < indent; i++)
			cdr_buf_addc(out, ' ');
		cdr_buf_printf(out, "%s: %.*s%s", field_names[field], (int)k, p, eol);
		p += k;
		while (*p == '\n')
			p++;
	}
}

cdr_rc cdr_codebook_merge(const cdr_codebook *cb, const char *text, size_t len,
			  const cdr_qdc_code *codes, size_t n, cdr_buf *out, cdr_merge_report *rep,
			  cdr_diag *d)
{
	if (cb->is_table) {
		cdr_diag_pos pos = { cb->path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "--merge needs a codebook file: a pattern table or a dictionary has "
			     "no labels, groups or definitions to merge into");
		return CDR_EINPUT;
	}
	size_t codable = 0;
	for (size_t q = 0; q < n; q++)
		codable += codes[q].codable != 0;
	if (codable == 0) {
		cdr_diag_add(d, CDR_DIAG_ERROR, NULL,
			     "the REFI-QDA codebook has no codable codes to merge");
		return CDR_EINPUT;
	}
	size_t nc = cb->code_count;
	size_t *match = cdr_xcalloc(nc + 1, sizeof *match); /* per code: Code index, or -1 */
	size_t *of = cdr_xcalloc(n + 1, sizeof *of);        /* per Code: code index, or -1 */
	for (size_t i = 0; i < nc; i++)
		match[i] = (size_t)-1;
	for (size_t q = 0; q < n; q++)
		of[q] = (size_t)-1;
	/* By GUID, then by label. */
	cdr_buf key = CDR_BUF_INIT;
	for (size_t i = 0; i < nc; i++) {
		cdr_buf_reset(&key);
		cdr_buf_printf(&key, "code\n%s", cb->codes[i].id);
		char guid[37];
		cdr_refi_uuid(key.data, key.len, guid);
		for (size_t q = 0; q < n; q++)
			if (codes[q].codable && of[q] == (size_t)-1 &&
			    strcmp(codes[q].guid, guid) == 0) {
				match[i] = q;
				of[q] = i;
				break;
			}
	}
	cdr_buf_free(&key);
	for (size_t q = 0; q < n; q++) {
		if (!codes[q].codable || of[q] != (size_t)-1)
			continue;
		size_t found = (size_t)-1, count = 0;
		for (size_t i = 0; i < nc; i++)
			if (match[i] == (size_t)-1 &&
			    strcmp(cb->codes[i].label, codes[q].name) == 0)
				found = i, count++;
		if (count == 1) {
			match[found] = q;
			of[q] = found;
			rep->by_label++;
		}
	}

	/* The new value of each field of each matched code, NULL: unchanged. */
	char **newv = cdr_xcalloc(nc * NFIELDS + 1, sizeof *newv);
	for (size_t i = 0; i < nc; i++) {
		if (match[i] == (size_t)-1)
			continue;
		rep->matched++;
		const cdr_code *c = &cb->codes[i];
		const cdr_qdc_code *q = &codes[match[i]];
		char *g_old = norm_group(c->group), *g_new = norm_group(q->group);
		const char *olds[NFIELDS] = { c->label, g_old, c->colour, c->definition };
		const char *news[NFIELDS] = { q->name, g_new, q->colour, q->definition };
		for (int f = 0; f < NFIELDS; f++) {
			if ((f == F_COLOUR || f == F_DEFINITION) && !news[f][0])
				continue; /* left out by the tool */
			if (f == F_LABEL && !news[f][0])
				continue;
			if (f == F_DEFINITION ? same_text(olds[f], news[f])
					      : strcmp(olds[f], news[f]) == 0)
				continue;
			newv[i * NFIELDS + (size_t)f] = cdr_xstrdup(news[f]);
			add_change(rep, CDR_MERGE_CHANGED, c->id, field_names[f], olds[f], news[f],
				   c->line);
		}
		free(g_old);
		free(g_new);
	}

	/* The file again, line by line, with the changed fields rewritten in place
	** and the fields a code did not have yet after its own (before its first
	** line that is no label, group, colour or definition). */
	/* New lines end as the file's first line does. */
	const char *first_end = memchr(text, '\n', len);
	const char *eol = first_end && first_end > text && first_end[-1] == '\r' ? "\r\n" : "\n";
	size_t code_at = 0;      /* the next code whose 'code:' line is ahead */
	size_t cur = (size_t)-1; /* the code whose lines these are */
	int done[NFIELDS] = { 0 }, pending = 0;
	size_t line = 0;
	for (size_t i = 0;;) {
		size_t e = i;
		while (e < len && text[e] != '\n' && text[e] != '\r')
			e++;
		size_t next = line_next(text, len, e);
		int at_code = i < len && code_at < nc && cb->codes[code_at].line == line + 1;
		size_t ind = 0;
		int f = i < len && cur != (size_t)-1 && !at_code ? field_of(text + i, e - i, &ind)
								 : -1;
		if (pending && f < 0) { /* the end of the code's fields */
			for (int g = 0; g < NFIELDS; g++)
				if (!done[g] && newv[cur * NFIELDS + (size_t)g])
					add_field(out, 2, g, newv[cur * NFIELDS + (size_t)g], eol);
			pending = 0;
		}
		if (i >= len)
			break;
		line++;
		if (at_code) {
			cur = code_at++;
			memset(done, 0, sizeof done);
			pending = 0;
			for (int g = 0; g < NFIELDS; g++)
				pending |= newv[cur * NFIELDS + (size_t)g] != NULL;
		}
		const char *v = f >= 0 ? newv[cur * NFIELDS + (size_t)f] : NULL;
		if (v) {
			if (!done[f])
				add_field(out, ind, f, v, eol);
			done[f] = 1;
		} else {
			cdr_buf_add(out, text + i, next - i);
			if (next == e && e > i)
				cdr_buf_addc(out, '\n');
		}
		i = next;
	}

	/* Codes of the tool that matched nothing: added, without rules. */
	cdr_codeids ids = CDR_CODEIDS_INIT;
	for (size_t i = 0; i < nc; i++)
		cdr_codeid_take(&ids, cb->codes[i].id);
	int first_added = 1;
	for (size_t q = 0; q < n; q++) {
		if (!codes[q].codable || of[q] != (size_t)-1)
			continue;
		char *id = cdr_codeid_make(&ids, codes[q].name, NULL);
		if (first_added)
			cdr_buf_printf(out,
				       "%s# Added from the QDA tool's codebook: no rules yet.%s",
				       eol, eol);
		first_added = 0;
		cdr_buf_printf(out, "%scode: %s%s", eol, id, eol);
		if (codes[q].name[0])
			add_field(out, 2, F_LABEL, codes[q].name, eol);
		if (codes[q].group[0])
			add_field(out, 2, F_GROUP, codes[q].group, eol);
		if (codes[q].colour[0])
			add_field(out, 2, F_COLOUR, codes[q].colour, eol);
		if (codes[q].definition[0])
			add_field(out, 2, F_DEFINITION, codes[q].definition, eol);
		add_change(rep, CDR_MERGE_ADDED, id, NULL, NULL, codes[q].name, codes[q].line);
		free(id);
	}
	cdr_codeids_free(&ids);
	for (size_t i = 0; i < nc; i++)
		if (match[i] == (size_t)-1)
			add_change(rep, CDR_MERGE_ONLY_CODEBOOK, cb->codes[i].id, NULL, NULL, NULL,
				   cb->codes[i].line);
	for (size_t i = 0; i < nc * NFIELDS; i++)
		free(newv[i]);
	free(newv);
	free(match);
	free(of);
	return CDR_OK;
}

void cdr_merge_report_free(cdr_merge_report *rep)
{
	for (size_t i = 0; i < rep->count; i++) {
		free(rep->v[i].id);
		free(rep->v[i].old_value);
		free(rep->v[i].new_value);
	}
	free(rep->v);
	memset(rep, 0, sizeof *rep);
}
