/* strset.c: a set of strings by hash (see strset.h). */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strset.h"
#include "util.h"

void
strset_clear(struct strset *set)
{
	set->n = 0;
	if (++set->gen == 0) { /* wrapped: every slot must look unused again */
		if (set->slot)
			memset(set->slot, 0, set->size * sizeof(*set->slot));
		set->gen = 1;
	}
}

void
strset_free(struct strset *set)
{
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

static void
grow(struct strset *set)
{
	struct strslot *old = set->slot;
	size_t oldsize = set->size;

	set->size = oldsize ? oldsize * 2 : 64;
	set->slot = xcalloc(set->size, sizeof(*set->slot));
	if (set->gen == 0)
		set->gen = 1;
	for (size_t i = 0; i < oldsize; i++) {
		size_t j;

		if (old[i].gen != set->gen)
			continue;
		for (j = old[i].hash & (set->size - 1); set->slot[j].gen == set->gen;
		     j = (j + 1) & (set->size - 1))
			;
		set->slot[j] = old[i];
	}
	free(old);
}

bool
strset_add(struct strset *set, const char *s, size_t len, size_t idx, strset_get get, void *ctx)
{
	uint64_t h = hash64(s, len);
	size_t j;

	if (set->gen == 0 || (set->n + 1) * 2 > set->size)
		grow(set);
	for (j = h & (set->size - 1); set->slot[j].gen == set->gen; j = (j + 1) & (set->size - 1)) {
		size_t n;
		const char *t;

		if (set->slot[j].hash != h)
			continue;
		t = get(ctx, set->slot[j].idx, &n);
		if (n == len && !memcmp(t, s, len))
			return false;
	}
	set->slot[j].hash = h;
	set->slot[j].gen = set->gen;
	set->slot[j].idx = (uint32_t)idx;
	set->n++;
	return true;
}
