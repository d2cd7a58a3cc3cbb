/*
** arena.c -- a region allocator (see arena.h).
*/
#include "config.h"

#include "arena.h"
#include "mem.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cdr_arena_block {
	cdr_arena_block *next;
	size_t cap;  /* bytes in data */
	size_t used; /* bytes handed out */
	alignas(max_align_t) unsigned char data[];
};

#define ALIGN alignof(max_align_t)

static cdr_arena_block *new_block(size_t cap)
{
	if (cap > SIZE_MAX - sizeof(cdr_arena_block))
		cdr_out_of_memory(SIZE_MAX);
	cdr_arena_block *b = cdr_xmalloc(sizeof *b + cap);
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

void *cdr_arena_alloc(cdr_arena *a, size_t n)
{
	if (n > SIZE_MAX - ALIGN)
		cdr_out_of_memory(SIZE_MAX);
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	cdr_arena_block *b = a->used;
	if (!b || b->cap - b->used < need) {
		if (need > CDR_ARENA_BLOCK) {
			b = new_block(need); /* its own block, behind the current one */
			if (a->used) {
				b->next = a->used->next;
				a->used->next = b;
			} else {
				a->used = b;
			}
			b->used = need;
			return b->data;
		}
		if (a->spare) {
			b = a->spare;
			a->spare = b->next;
			b->used = 0;
		} else {
			b = new_block(CDR_ARENA_BLOCK);
		}
		b->next = a->used;
		a->used = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	return p;
}

char *cdr_arena_strndup(cdr_arena *a, const char *s, size_t n)
{
	char *p = cdr_arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cdr_arena_strdup(cdr_arena *a, const char *s)
{
	return cdr_arena_strndup(a, s, strlen(s));
}

size_t cdr_arena_spare_blocks(const cdr_arena *a)
{
	size_t n = 0;
	for (const cdr_arena_block *b = a->spare; b; b = b->next)
		n++;
	return n;
}

void cdr_arena_reset(cdr_arena *a)
{
	size_t kept = cdr_arena_spare_blocks(a);
	while (a->used) {
		cdr_arena_block *b = a->used;
		a->used = b->next;
		if (b->cap == CDR_ARENA_BLOCK && kept < CDR_ARENA_SPARE) {
			b->next = a->spare;
			a->spare = b;
			kept++;
		} else {
			free(b);
		}
	}
}

void cdr_arena_free(cdr_arena *a)
{
	cdr_arena_reset(a);
	while (a->spare) {
		cdr_arena_block *b = a->spare;
		a->spare = b->next;
		free(b);
	}
}
