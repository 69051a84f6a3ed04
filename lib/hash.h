/*
 * hash.h: the one 64-bit hash of sentio, for in-memory tables (dedupe,
 * string sets, id sets, window keys, lexicons).  Eight bytes at a time,
 * each mixed in by the splitmix64 finaliser (clean's dedupe hash, so its
 * behaviour is unchanged).  Never 0, so that 0 can mark a free slot.
 * Nothing persists it: a change of the function changes no file.
 */
#ifndef SENTIO_HASH_H
#define SENTIO_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t
hash64_mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 27;
	h *= 0x94D049BB133111EBULL;
	h ^= h >> 31;
	return h;
}

static inline uint64_t
hash64(const void *p, size_t len)
{
	const char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = hash64_mix(h ^ w);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, s + i, len - i);
		h = hash64_mix(h ^ w ^ (uint64_t)(len - i) << 59);
	}
	h = hash64_mix(h);
	return h ? h : 1;
}

#endif
