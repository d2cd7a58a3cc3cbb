/*
** prefilter.c -- the multi-pattern prefilter (see prefilter.h).
**
** All patterns go into one Hyperscan block-mode database on bytes.  Literals that
** asked for positions report every occurrence; the others are compiled with
** HS_FLAG_SINGLEMATCH (we only need to know that they may match), expressions also
** with HS_FLAG_PREFILTER.  When hs_compile_multi() rejects a pattern, that pattern is
** set aside as "always run" and the rest is compiled again.
*/
#include "config.h"

#include "prefilter.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cdr_prefilter_failing;

int cdr_prefilter_is_expression(const char *t)
{
	for (; *t; t++) {
		if (*t == '\\') {
			if (!*++t)
				break;
		} else if (strchr("[.*+?{", *t)) {
			return 1;
		}
	}
	return 0;
}

#ifdef HAVE_HYPERSCAN
#include <hs/hs.h>

struct cdr_prefilter {
	hs_database_t *db;
	unsigned char *always; /* per pattern: not in the database */
	size_t count;
};

struct cdr_prefilter_scratch {
	hs_scratch_t *hs;
};

cdr_prefilter *cdr_prefilter_new(const cdr_prefilter_pattern *pattern, size_t count)
{
	if (count == 0)
		return NULL;
	cdr_prefilter *p = cdr_xcalloc(1, sizeof *p);
	const char **pats = cdr_xcalloc(count, sizeof *pats);
	unsigned *flags = cdr_xcalloc(count, sizeof *flags);
	unsigned *ids = cdr_xcalloc(count, sizeof *ids);
	p->always = cdr_xcalloc(count, 1);
	p->count = count;
	for (size_t i = 0; i < count; i++)
		p->always[i] = pattern[i].text == NULL;
	for (;;) {
		unsigned n = 0;
		for (size_t i = 0; i < count; i++) {
			if (p->always[i])
				continue;
			pats[n] = pattern[i].text;
			flags[n] = (pattern[i].caseless ? HS_FLAG_CASELESS : 0) |
				   (pattern[i].positions ? 0 : HS_FLAG_SINGLEMATCH) |
				   (cdr_prefilter_is_expression(pattern[i].text) ? HS_FLAG_PREFILTER
										 : 0);
			ids[n] = (unsigned)i;
			n++;
		}
		if (n == 0)
			break;
		hs_compile_error_t *err = NULL;
		if (hs_compile_multi(pats, flags, ids, n, HS_MODE_BLOCK, NULL, &p->db, &err) ==
		    HS_SUCCESS)
			break;
		int bad = err ? err->expression : -1;
		hs_free_compile_error(err);
		p->db = NULL;
		if (bad < 0 || (unsigned)bad >= n) { /* not one pattern's fault: give up */
			for (size_t i = 0; i < count; i++)
				p->always[i] = 1;
			break;
		}
		p->always[ids[bad]] = 1;
	}
	free(pats);
	free(flags);
	free(ids);
	if (!p->db) {
		cdr_prefilter_free(p);
		return NULL;
	}
	return p;
}

void cdr_prefilter_free(cdr_prefilter *p)
{
	if (!p)
		return;
	hs_free_database(p->db);
	free(p->always);
	free(p);
}

int cdr_prefilter_always(const cdr_prefilter *p, size_t i)
{
	return !p || p->always[i];
}

cdr_prefilter_scratch *cdr_prefilter_scratch_new(const cdr_prefilter *p)
{
	cdr_prefilter_scratch *s = cdr_xcalloc(1, sizeof *s);
	if (p && hs_alloc_scratch(p->db, &s->hs) != HS_SUCCESS)
		cdr_out_of_memory(0);
	return s;
}

void cdr_prefilter_scratch_free(cdr_prefilter_scratch *s)
{
	if (!s)
		return;
	hs_free_scratch(s->hs);
	free(s);
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
		    unsigned int flags, void *ctx)
{
	cdr_prefilter_hits *h = ctx;
	(void)from;
	(void)flags;
	CDR_GROW(h->v, h->cap, h->count + 1);
	h->v[h->count++] = (cdr_prefilter_hit){ id, (size_t)to };
	return 0;
}

int cdr_prefilter_scan(const cdr_prefilter *p, cdr_prefilter_scratch *s, const char *t, size_t len,
		       cdr_prefilter_hits *hits)
{
	if (len > UINT32_MAX || cdr_prefilter_failing)
		return 0;
	return hs_scan(p->db, t, (unsigned)len, 0, s->hs, on_match, hits) == HS_SUCCESS;
}

const char *cdr_prefilter_engine(void)
{
	static char name[64];
	snprintf(name, sizeof name, "hyperscan %s", hs_version());
	return name;
}

#else /* no Hyperscan: no prefilter */

cdr_prefilter *cdr_prefilter_new(const cdr_prefilter_pattern *pattern, size_t count)
{
	(void)pattern;
	(void)count;
	return NULL;
}
void cdr_prefilter_free(cdr_prefilter *p)
{
	(void)p;
}
int cdr_prefilter_always(const cdr_prefilter *p, size_t i)
{
	(void)p;
	(void)i;
	return 1;
}
cdr_prefilter_scratch *cdr_prefilter_scratch_new(const cdr_prefilter *p)
{
	(void)p;
	return NULL;
}
void cdr_prefilter_scratch_free(cdr_prefilter_scratch *s)
{
	(void)s;
}
int cdr_prefilter_scan(const cdr_prefilter *p, cdr_prefilter_scratch *s, const char *t, size_t len,
		       cdr_prefilter_hits *hits)
{
	(void)p;
	(void)s;
	(void)t;
	(void)len;
	(void)hits;
	return 0;
}
const char *cdr_prefilter_engine(void)
{
	return "none";
}
#endif
