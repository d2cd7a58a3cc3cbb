/*
** test-arena.c -- the region allocator: alignment, pointers that stay valid while
** the arena grows, large requests, and reuse of blocks after a reset.
*/
#include "config.h"

#include "arena.h"
#include "tap.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	cdr_arena a = CDR_ARENA_INIT;

	/* Many strings of varying length: each keeps its contents while more come. */
	enum { N = 20000 };
	static char *s[N];
	char want[64];
	size_t misaligned = 0;
	for (size_t i = 0; i < N; i++) {
		snprintf(want, sizeof want, "answer %zu%.*s", i, (int)(i % 37),
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		s[i] = cdr_arena_strdup(&a, want);
		misaligned += (uintptr_t)s[i] % alignof(max_align_t) != 0;
	}
	size_t wrong = 0;
	for (size_t i = 0; i < N; i++) {
		snprintf(want, sizeof want, "answer %zu%.*s", i, (int)(i % 37),
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		wrong += strcmp(s[i], want) != 0;
	}
	is_num(wrong, 0, "%d strings over several blocks keep their contents", N);
	is_num(misaligned, 0, "every allocation is aligned for any type");

	/* A request larger than a block gets its own; the current block goes on. */
	char *small = cdr_arena_strndup(&a, "abcdef", 3);
	size_t big_n = 3 * (size_t)CDR_ARENA_BLOCK + 5;
	char *big = cdr_arena_alloc(&a, big_n);
	memset(big, 'b', big_n);
	char *after = cdr_arena_strdup(&a, "after");
	is_str(small, "abc", "strndup copies n bytes and terminates");
	is_str(after, "after", "allocation after a large one");
	ok(big[0] == 'b' && big[big_n - 1] == 'b', "the large block holds all %zu bytes", big_n);
	ok((size_t)(after - small) < 64, "the large request did not use up the current block");
	ok(cdr_arena_alloc(&a, 0) != NULL, "zero bytes give a pointer");

	/* Reset: ordinary blocks are used again. */
	cdr_arena_reset(&a);
	char *first = cdr_arena_strdup(&a, "again");
	is_str(first, "again", "allocation after a reset");
	size_t spares = cdr_arena_spare_blocks(&a); /* one of those kept is in use */
	ok(spares > 0 && spares < CDR_ARENA_SPARE, "a reset keeps at most %d blocks (%zu spare)",
	   CDR_ARENA_SPARE, spares);
	size_t reused = 0;
	for (size_t i = 0; i < N; i++)
		reused += cdr_arena_strdup(&a, "y") != NULL;
	is_num(reused, N, "allocating as much again after a reset");

	cdr_arena_free(&a);
	ok(a.used == NULL && a.spare == NULL, "free leaves an empty arena");
	is_str(cdr_arena_strdup(&a, "reborn"), "reborn", "an arena can be used after free");
	cdr_arena_free(&a);
	return tap_done();
}
