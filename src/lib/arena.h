/*
** arena.h -- a region allocator: many small allocations that are all freed at once.
**
** The pipeline keeps one arena per batch for everything a document brings along
** (its text, name, source and case fields), and each worker one per batch slot for
** what it finds (codings, formatted rows); all are reset once the batch is
** written, so the allocations each answer used to cost become pointer bumps.
** Memory comes in blocks that never move, so pointers stay valid until the next
** cdr_arena_reset() or cdr_arena_free().  Reset keeps a few ordinary blocks for
** reuse and gives back the others (one unusually large batch must not hold its
** memory for the rest of the run), and the ones made for a single large request.
*/
#ifndef CDR_ARENA_H
#define CDR_ARENA_H

#include <stddef.h>

#define CDR_ARENA_BLOCK (256u << 10) /* bytes in an ordinary block */
#define CDR_ARENA_SPARE 4            /* ordinary blocks a reset keeps at most */

typedef struct cdr_arena_block cdr_arena_block;

typedef struct cdr_arena {
	cdr_arena_block *used;  /* blocks handed out from, the newest first */
	cdr_arena_block *spare; /* ordinary blocks kept by the last reset */
} cdr_arena;

#define CDR_ARENA_INIT     \
	{                  \
		NULL, NULL \
	}

/* 'n' bytes, aligned for any type; never NULL (running out of memory aborts, see
** mem.h).  n == 0 gives a valid pointer to no bytes. */
void *cdr_arena_alloc(cdr_arena *a, size_t n);

/* A NUL-terminated copy of s[0..n), or of the string s. */
char *cdr_arena_strndup(cdr_arena *a, const char *s, size_t n);
char *cdr_arena_strdup(cdr_arena *a, const char *s);

/* Free everything allocated, keeping up to CDR_ARENA_SPARE ordinary blocks for the
** next allocations. */
void cdr_arena_reset(cdr_arena *a);

/* How many ordinary blocks wait for reuse (for tests). */
size_t cdr_arena_spare_blocks(const cdr_arena *a);

/* Free everything, blocks included; the arena is empty and can be used again. */
void cdr_arena_free(cdr_arena *a);

#endif
