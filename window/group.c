/* group.c: the keys a record falls under, found or made. */
#include <stdlib.h>

#include "emit.h"
#include "group.h"
#include "hash.h"
#include "keys.h"
#include "util.h"

size_t
group_gather(struct win *w, json_t *const *by)
{
	size_t total = 1;

	for (size_t i = 0; i < w->nby; i++) {
		const json_t *v = by[i];

		w->nvals[i] = 0;
		if (json_is_array(v) && json_array_size(v) > 0) {
			if (json_array_size(v) > MAX_KEYS_REC)
				return 0;
			for (size_t j = 0; j < json_array_size(v); j++)
				w->vals[i][w->nvals[i]++] = json_array_get(v, j);
		} else
			w->vals[i][w->nvals[i]++] = v && !json_is_array(v) ? v : json_null();
		total *= w->nvals[i];
		if (total > MAX_KEYS_REC)
			return 0;
	}
	return total;
}

void
group_combo(struct win *w, size_t c, const json_t **v)
{
	for (size_t i = w->nby; i-- > 0;) {
		v[i] = w->vals[i][c % w->nvals[i]];
		c /= w->nvals[i];
	}
}

void
group_sortkey(struct win *w, const json_t **v)
{
	w->sk.len = 0;
	if (w->nby == 0) {
		key_encode(json_null(), &w->sk);
		return;
	}
	if (w->nby > 1)
		buf_addc(&w->sk, SK_ARRAY);
	for (size_t i = 0; i < w->nby; i++)
		key_encode(v[i], &w->sk);
	if (w->nby > 1)
		buf_addc(&w->sk, SK_END);
}

void
group_sortkey_of(struct win *w, const json_t *key)
{
	w->sk.len = 0;
	key_encode(key, &w->sk);
}

struct wkey *
group_find(struct win *w)
{
	return store_find(&w->store, w->sk.p, w->sk.len, hash64(w->sk.p, w->sk.len));
}

/* The key of the values v as written in output records: an array when composite. */
static void
combo_json(struct win *w, const json_t **v, struct buf *b)
{
	if (w->nby == 0) {
		buf_adds(b, "null");
		return;
	}
	if (w->nby > 1)
		buf_addc(b, '[');
	for (size_t i = 0; i < w->nby; i++) {
		if (i)
			buf_addc(b, ',');
		key_write(v[i], b);
	}
	if (w->nby > 1)
		buf_addc(b, ']');
}

struct wkey *
group_key(struct win *w, const json_t **v, const json_t *key)
{
	uint64_t h = hash64(w->sk.p, w->sk.len);
	struct wkey *k = store_find(&w->store, w->sk.p, w->sk.len, h);
	struct buf json = {0};

	if (k) {
		store_touch(&w->store, k);
		return k;
	}
	if (w->max_keys && w->store.nkeys >= w->max_keys)
		emit_evict(w);
	if (key)
		key_write(key, &json);
	else
		combo_json(w, v, &json);
	buf_addc(&json, '\0');
	return store_add(&w->store, w->sk.p, w->sk.len, h, json.p);
}
