/*
 * dedupe.h: have we seen this text among the last N distinct ones?  A
 * ring of N 64-bit hashes and an open-addressing set over them: memory is
 * fixed by N, whatever the input.
 */
#ifndef SENTIO_CLEAN_DEDUPE_H
#define SENTIO_CLEAN_DEDUPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest N that --dedupe takes. */
#define DEDUPE_MAX (1UL << 26)

struct dedupe {
	uint64_t *ring; /* the last n distinct hashes, oldest at head once full */
	size_t n, head, count;
	uint64_t *set; /* 0 is an empty slot */
	size_t mask;
};

void dedupe_init(struct dedupe *d, size_t n);
void dedupe_free(struct dedupe *d);

/* True when s[0..len) is among the last n distinct texts; otherwise remember it. */
bool dedupe_seen(struct dedupe *d, const char *s, size_t len);

/* The same for a text's hash64(). */
bool dedupe_seen_hash(struct dedupe *d, uint64_t h);
/* The hashes remembered, oldest first, into out (room for n); returns how many. */
size_t dedupe_list(const struct dedupe *d, uint64_t *out);

#endif
