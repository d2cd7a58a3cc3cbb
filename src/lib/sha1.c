/*
** sha1.c -- SHA-1 (see sha1.h), written from FIPS 180-4 section 6.1.
*/
#include "config.h"

#include "sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static void block(cdr_sha1 *s, const unsigned char *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

	uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5A827999u;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ED9EBA1u;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8F1BBCDCu;
		} else {
			f = b ^ c ^ d;
			k = 0xCA62C1D6u;
		}
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = tmp;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

void cdr_sha1_init(cdr_sha1 *s)
{
	static const uint32_t h0[5] = { 0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
					0xC3D2E1F0u };
	memcpy(s->h, h0, sizeof h0);
	s->bytes = 0;
	s->used = 0;
}

void cdr_sha1_update(cdr_sha1 *s, const void *p, size_t n)
{
	const unsigned char *q = p;
	s->bytes += n;
	if (s->used) {
		size_t k = 64 - s->used < n ? 64 - s->used : n;
		memcpy(s->blk + s->used, q, k);
		s->used += k;
		q += k;
		n -= k;
		if (s->used < 64)
			return;
		block(s, s->blk);
		s->used = 0;
	}
	for (; n >= 64; q += 64, n -= 64)
		block(s, q);
	memcpy(s->blk, q, n);
	s->used = n;
}

void cdr_sha1_final(cdr_sha1 *s, unsigned char out[CDR_SHA1_LEN])
{
	uint64_t bits = s->bytes * 8;
	unsigned char pad[72] = { 0x80 };
	size_t n = s->used < 56 ? 56 - s->used : 120 - s->used;
	for (int i = 0; i < 8; i++)
		pad[n + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
	cdr_sha1_update(s, pad, n + 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void cdr_sha1_run(const void *p, size_t n, unsigned char out[CDR_SHA1_LEN])
{
	cdr_sha1 s;
	cdr_sha1_init(&s);
	cdr_sha1_update(&s, p, n);
	cdr_sha1_final(&s, out);
}
