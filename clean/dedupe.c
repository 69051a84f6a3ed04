/* dedupe.c: the last N distinct texts, as hashes (see dedupe.h). */
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "hash.h"
#include "util.h"

void
dedupe_init(struct dedupe *d, size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	d->ring = xcalloc(n, sizeof(*d->ring));
	d->n = n;
	d->head = d->count = 0;
	d->set = xcalloc(size, sizeof(*d->set));
	d->mask = size - 1;
}

void
dedupe_free(struct dedupe *d)
{
	free(d->ring);
	free(d->set);
	memset(d, 0, sizeof(*d));
}

/* The slot of h in the set, or the empty slot where it would go. */
static size_t
slot(const struct dedupe *d, uint64_t h)
{
	size_t i = (size_t)h & d->mask;

	while (d->set[i] && d->set[i] != h)
		i = (i + 1) & d->mask;
	return i;
}

/* Take h out of the set, moving later entries back (linear probing needs no tombstones). */
static void
forget(struct dedupe *d, uint64_t h)
{
	size_t i = slot(d, h), j = i;

	d->set[i] = 0;
	for (;;) {
		size_t home;

		j = (j + 1) & d->mask;
		if (!d->set[j])
			return;
		home = (size_t)d->set[j] & d->mask;
		/* Move the entry at j back to i unless its home lies cyclically in (i, j]. */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			d->set[i] = d->set[j];
			d->set[j] = 0;
			i = j;
		}
	}
}

bool
dedupe_seen(struct dedupe *d, const char *s, size_t len)
{
	return dedupe_seen_hash(d, hash64(s, len));
}

size_t
dedupe_list(const struct dedupe *d, uint64_t *out)
{
	size_t first = d->count == d->n ? d->head : 0;

	for (size_t i = 0; i < d->count; i++)
		out[i] = d->ring[(first + i) % d->n];
	return d->count;
}

bool
dedupe_seen_hash(struct dedupe *d, uint64_t h)
{
	size_t i = slot(d, h);

	if (d->set[i])
		return true;
	if (d->count == d->n) {
		forget(d, d->ring[d->head]);
		i = slot(d, h);
	} else
		d->count++;
	d->set[i] = h;
	d->ring[d->head] = h;
	d->head = (d->head + 1) % d->n;
	return false;
}
