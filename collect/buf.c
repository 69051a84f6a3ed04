/* buf.c: growing byte buffers, JSON string escaping, and bounded id sets. */
#include <stdlib.h>
#include <string.h>

#include "collect.h"

/* The length of a well-formed UTF-8 sequence at s (non-ASCII lead), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

size_t
buf_add_json_string(struct buf *b, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str, *end = s + len;
	size_t bad = 0;

	/* At most 6 bytes out for each byte in (\u00XX); U+FFFD is 3 for 1. */
	buf_reserve(b, len * 6);
	char *o = b->p + b->len;
	while (s < end) {
		const unsigned char *run = s;

		while (s < end && *s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
			s++;
		memcpy(o, run, (size_t)(s - run));
		o += s - run;
		if (s >= end)
			break;
		unsigned char c = *s;
		if (c >= 0x80) {
			size_t k = utf8_seq(s, (size_t)(end - s));

			if (k) {
				memcpy(o, s, k);
				o += k;
				s += k;
			} else {
				/* One U+FFFD for the lead byte and the continuation bytes after it.
				 */
				const unsigned char *lead = s++;

				memcpy(o, "\xef\xbf\xbd", 3);
				o += 3;
				while (s < end && (*s & 0xc0) == 0x80 && s - lead < 4)
					s++;
				bad++;
			}
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*o++ = (char)c;
			break;
		case '\n':
			*o++ = 'n';
			break;
		case '\t':
			*o++ = 't';
			break;
		case '\r':
			*o++ = 'r';
			break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
		s++;
	}
	b->len = (size_t)(o - b->p);
	return bad;
}

/*
 * A set of at most cap ids: an open-addressing hash table of indexes into
 * a ring of the ids in the order they came; the oldest goes when full.
 */
struct idset {
	char **ring;
	size_t cap, head, count;
	size_t *table; /* ring index + 1; 0 empty; SIZE_MAX deleted */
	size_t tcap;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

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
	size_t mask = s->tcap - 1, i = hash(id) & mask;

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
