/*
 * idset.c: a set of at most cap ids: an open-addressing hash table of
 * indexes into a ring of the ids in the order they came; the oldest goes
 * when full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "idset.h"
#include "util.h"

struct idset {
	char **ring;
	size_t cap, head, count;
	size_t *table; /* ring index + 1; 0 empty; SIZE_MAX deleted */
	size_t tcap;
};

struct idset *
idset_new(size_t cap)
{
	struct idset *s = xcalloc(1, sizeof(*s));

	s->cap = cap;
	s->ring = xcalloc(cap, sizeof(char *));
	s->tcap = 16;
	while (s->tcap < cap * 2)
		s->tcap *= 2;
	s->table = xcalloc(s->tcap, sizeof(size_t));
	return s;
}

void
idset_free(struct idset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++)
		free(s->ring[i]);
	free(s->ring);
	free(s->table);
	free(s);
}

static size_t *
find(const struct idset *s, const char *id, size_t **free_slot)
{
	size_t mask = s->tcap - 1, i = hash64(id, strlen(id)) & mask;

	if (free_slot)
		*free_slot = NULL;
	for (size_t n = 0; n < s->tcap; n++, i = (i + 1) & mask) {
		size_t v = s->table[i];

		if (!v) {
			if (free_slot && !*free_slot)
				*free_slot = &s->table[i];
			return NULL;
		}
		if (v == SIZE_MAX) {
			if (free_slot && !*free_slot)
				*free_slot = &s->table[i];
			continue;
		}
		if (!strcmp(s->ring[v - 1], id))
			return &s->table[i];
	}
	return NULL;
}

bool
idset_has(const struct idset *s, const char *id)
{
	return find(s, id, NULL) != NULL;
}

bool
idset_add(struct idset *s, const char *id)
{
	size_t *slot;

	if (find(s, id, &slot))
		return false;
	if (s->count == s->cap) {
		/* Forget the oldest. */
		size_t *old = find(s, s->ring[s->head], NULL);

		if (old)
			*old = SIZE_MAX;
		free(s->ring[s->head]);
		s->ring[s->head] = NULL;
		s->count--;
		/* The slot found may have been a later one; look again. */
		find(s, id, &slot);
	}
	if (!slot) {
		/* Too many deleted marks: rebuild the table. */
		memset(s->table, 0, s->tcap * sizeof(size_t));
		for (size_t i = 0; i < s->cap; i++)
			if (s->ring[i]) {
				size_t *fs;

				find(s, s->ring[i], &fs);
				*fs = i + 1;
			}
		find(s, id, &slot);
	}
	size_t idx = s->head;
	s->ring[idx] = xstrdup(id);
	*slot = idx + 1;
	s->head = (s->head + 1) % s->cap;
	s->count++;
	return true;
}

json_t *
idset_json(const struct idset *s)
{
	json_t *a = json_array();

	for (size_t k = 0; k < s->cap; k++) {
		size_t i = (s->head + k) % s->cap;

		if (s->ring[i])
			json_array_append_new(a, json_string(s->ring[i]));
	}
	return a;
}
