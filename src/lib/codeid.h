/*
** codeid.h -- code ids made from names: what an import does with a QDA tool's code
** name or a dictionary's category name, which may hold spaces, accents, capitals
** and punctuation, to give a valid, readable and unique codeer code id
** (letters, digits, '.', '-' and '_', starting with a letter; doc/codebook.md).
*/
#ifndef CDR_CODEID_H
#define CDR_CODEID_H

#include <stddef.h>

typedef struct cdr_codeid_slot {
	char *id;    /* NULL: empty */
	size_t next; /* the next "-N" suffix to try for this id */
} cdr_codeid_slot;

/* The ids handed out so far (they stay unique within one set): a hash table, so
** that n codes of one name take time linear in n. */
typedef struct cdr_codeids {
	cdr_codeid_slot *slots;
	size_t nslots; /* 0 or a power of two, more than twice 'count' */
	size_t count;
	size_t *work; /* if not NULL, gets the slots looked at (tests of growth) */
} cdr_codeids;

#define CDR_CODEIDS_INIT         \
	{                        \
		NULL, 0, 0, NULL \
	}

/* The id part made from 'name': ASCII letters and digits, lower case, accents
** dropped, everything else a single '-'; "" if nothing is left (owned). */
char *cdr_codeid_slug(const char *name);

/* A unique, valid code id for 'name' under the parent whose id part is 'parent'
** (NULL or "" at the top): the name's slug ("code-" in front unless it starts
** with a letter); if taken, the parent's in front ("parent.slug"); if still
** taken, "-2", "-3", ... after it.  The id is recorded in 's' and returned
** (owned by the caller). */
char *cdr_codeid_make(cdr_codeids *s, const char *name, const char *parent);

/* Record 'id' as taken (an id that exists already, not made here). */
void cdr_codeid_take(cdr_codeids *s, const char *id);

/* 1 if 'id' has been handed out or taken in 's'. */
int cdr_codeid_taken(const cdr_codeids *s, const char *id);

void cdr_codeids_free(cdr_codeids *s);

#endif
