/*
 * strset.h: a set of strings by hash, to keep a list free of duplicates
 * in time linear in its length.  The strings live with the caller; the
 * set holds their hashes and indexes, and is emptied in O(1) for the
 * next record.
 */
#ifndef SENTIO_CLEAN_STRSET_H
#define SENTIO_CLEAN_STRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The caller's string number idx, and its length. */
typedef const char *(*strset_get)(void *ctx, size_t idx, size_t *len);

struct strset {
	struct strslot {
		uint64_t hash;
		uint32_t gen; /* the slot is used when gen is the set's */
		uint32_t idx;
	} * slot;
	size_t size, n;
	uint32_t gen;
};

/* Empty the set. */
void strset_clear(struct strset *set);
void strset_free(struct strset *set);

/*
 * Add s[0..len) as the caller's string number idx, unless an equal string
 * is in the set already: then return false.
 */
bool strset_add(struct strset *set, const char *s, size_t len, size_t idx, strset_get get,
                void *ctx);

#endif
