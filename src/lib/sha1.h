/*
** sha1.h -- SHA-1 (FIPS 180-4, RFC 3174), for name-based (version 5) UUIDs.
**
** None of the libraries codeer links offers SHA-1, so this is a small, portable
** implementation.  It is used for identities, never for security.
*/
#ifndef CDR_SHA1_H
#define CDR_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define CDR_SHA1_LEN 20

typedef struct cdr_sha1 {
	uint32_t h[5];
	uint64_t bytes;        /* message length so far */
	unsigned char blk[64]; /* the partial block */
	size_t used;           /* bytes in 'blk' */
} cdr_sha1;

void cdr_sha1_init(cdr_sha1 *s);
void cdr_sha1_update(cdr_sha1 *s, const void *p, size_t n);
/* Finish and store the 20-byte digest in 'out'; 's' must be initialised again
** before reuse. */
void cdr_sha1_final(cdr_sha1 *s, unsigned char out[CDR_SHA1_LEN]);

/* The digest of p[0..n) in one call. */
void cdr_sha1_run(const void *p, size_t n, unsigned char out[CDR_SHA1_LEN]);

#endif
