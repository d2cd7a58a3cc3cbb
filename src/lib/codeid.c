/*
** codeid.c -- code ids made from names (see codeid.h); shared by the REFI-QDA
** codebook import and the dictionary imports.
*/
#include "config.h"

#include "codeid.h"
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* FNV-1a. */
static size_t hash(const char *id)
{
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)h;
}

/* The slot holding 'id', or the empty slot where it would go ('s' has slots). */
static cdr_codeid_slot *slot_of(const cdr_codeids *s, const char *id)
{
	size_t mask = s->nslots - 1;
	for (size_t i = hash(id) & mask;; i = (i + 1) & mask) {
		if (s->work)
			(*s->work)++;
		if (!s->slots[i].id || strcmp(s->slots[i].id, id) == 0)
			return &s->slots[i];
	}
}

int cdr_codeid_taken(const cdr_codeids *s, const char *id)
{
	return s->nslots && slot_of(s, id)->id != NULL;
}

void cdr_codeid_take(cdr_codeids *s, const char *id)
{
	if (cdr_codeid_taken(s, id))
		return;
	if (2 * (s->count + 1) >= s->nslots) {
		cdr_codeid_slot *old = s->slots;
		size_t nold = s->nslots;
		s->nslots = nold ? 2 * nold : 64;
		s->slots = cdr_xcalloc(s->nslots, sizeof *s->slots);
		for (size_t i = 0; i < nold; i++)
			if (old[i].id)
				*slot_of(s, old[i].id) = old[i];
		free(old);
	}
	cdr_codeid_slot *slot = slot_of(s, id);
	slot->id = cdr_xstrdup(id);
	slot->next = 0;
	s->count++;
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
		/* "-2", "-3", ...: each id remembers where its suffixes got to, so that
		** the n-th code of one name does not try the n - 1 before it. */
		cdr_codeid_slot *base = slot_of(s, id);
		cdr_buf b = CDR_BUF_INIT;
		size_t i = base->next > 2 ? base->next : 2;
		for (;; i++) {
			cdr_buf_reset(&b);
			cdr_buf_printf(&b, "%s-%zu", id, i);
			if (!cdr_codeid_taken(s, cdr_buf_cstr(&b)))
				break;
		}
		base->next = i + 1; /* ids are never taken back: 2..i stay taken */
		free(id);
		id = cdr_buf_take(&b);
	}
	cdr_codeid_take(s, id);
	return id;
}

void cdr_codeids_free(cdr_codeids *s)
{
	for (size_t i = 0; i < s->nslots; i++)
		free(s->slots[i].id);
	free(s->slots);
	s->slots = NULL;
	s->nslots = s->count = 0;
}
