/*
** codeid.c -- code ids made from names (see codeid.h); shared by the REFI-QDA
** codebook import and the dictionary imports.
*/
#include "config.h"

#include "codeid.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int cdr_codeid_taken(const cdr_codeids *s, const char *id)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->ids[i], id) == 0)
			return 1;
	return 0;
}

void cdr_codeid_take(cdr_codeids *s, const char *id)
{
	CDR_GROW(s->ids, s->cap, s->count + 1);
	s->ids[s->count++] = cdr_xstrdup(id);
}

char *cdr_codeid_slug(const char *name)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n =
		utf8proc_map((const utf8proc_uint8_t *)name, 0, &folded,
			     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
				     UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
	const char *s = n >= 0 ? (const char *)folded : name;
	cdr_buf b = CDR_BUF_INIT;
	int dash = 0;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
			if (dash && b.len)
				cdr_buf_addc(&b, '-');
			dash = 0;
			cdr_buf_addc(&b, c);
		} else if ((unsigned char)c < 0x80 || (unsigned char)c >= 0xC0) {
			dash = 1; /* one '-' per run of other characters */
		}
	}
	free(folded);
	return cdr_buf_take(&b);
}

/* 'x' as a valid id: starting with a letter ("code-" in front if not). */
static char *valid_id(const char *x)
{
	cdr_buf b = CDR_BUF_INIT;
	if (!(x[0] >= 'a' && x[0] <= 'z'))
		cdr_buf_adds(&b, x[0] ? "code-" : "code");
	cdr_buf_adds(&b, x);
	return cdr_buf_take(&b);
}

char *cdr_codeid_make(cdr_codeids *s, const char *name, const char *parent)
{
	char *slug = cdr_codeid_slug(name);
	char *id = valid_id(slug);
	if (cdr_codeid_taken(s, id) && parent && parent[0]) {
		cdr_buf b = CDR_BUF_INIT;
		cdr_buf_printf(&b, "%s.%s", parent, slug[0] ? slug : "code");
		free(id);
		id = valid_id(cdr_buf_cstr(&b));
		cdr_buf_free(&b);
	}
	free(slug);
	if (cdr_codeid_taken(s, id)) {
		cdr_buf b = CDR_BUF_INIT;
		for (size_t i = 2;; i++) {
			cdr_buf_reset(&b);
			cdr_buf_printf(&b, "%s-%zu", id, i);
			if (!cdr_codeid_taken(s, cdr_buf_cstr(&b)))
				break;
		}
		free(id);
		id = cdr_buf_take(&b);
	}
	cdr_codeid_take(s, id);
	return id;
}

void cdr_codeids_free(cdr_codeids *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->ids[i]);
	free(s->ids);
	s->ids = NULL;
	s->count = s->cap = 0;
}
