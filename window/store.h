/*
 * store.h: what sentio-window holds: the keys seen (a hash table, in
 * least-recently-used order), each key's open windows, and a heap of all
 * open windows in output order (end, then start, then key).
 */
#ifndef SENTIO_WINDOW_STORE_H
#define SENTIO_WINDOW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"

struct wkey;

/* One window of one key. */
struct wstate {
	int64_t start, end;
	struct wkey *key;
	size_t heapidx;
	bool dirty;   /* changed since the last provisional update */
	int revision; /* --revise: times written again */
	struct agg agg;
};

struct wkey {
	char *sk; /* sort key: bytes whose order is the output order of keys (see keys.c) */
	size_t sklen;
	uint64_t hash;
	char *json;         /* the key as written in output records */
	struct wstate **st; /* open windows, by start */
	size_t nst, capst;
	bool has_base; /* --alert: the baseline of earlier windows */
	double base;
	int64_t closed_end; /* sessions: end of the last session written */
	bool in_tomb;
	unsigned long long stamp; /* the last record that counted under this key */
	struct wkey *hnext, *lru_prev, *lru_next, *tprev, *tnext;
};

struct store {
	struct wkey **buckets;
	size_t nbuckets, nkeys, nstates;
	struct wkey *lru_head, *lru_tail;   /* most recently used first */
	struct wkey *tomb_head, *tomb_tail; /* empty session keys, by closed_end */
	struct wstate **heap;
	size_t nheap, capheap;
};

void store_init(struct store *s);
/* The key of sort key sk, whose hash64() is hash, or NULL. */
struct wkey *store_find(struct store *s, const char *sk, size_t len, uint64_t hash);
/* A new key (json is taken over); it becomes the most recently used. */
struct wkey *store_add(struct store *s, const char *sk, size_t len, uint64_t hash, char *json);
void store_touch(struct store *s, struct wkey *k);
/* Forget a key that has no open window. */
void store_drop(struct store *s, struct wkey *k);
void store_tomb_add(struct store *s, struct wkey *k);
void store_tomb_remove(struct store *s, struct wkey *k);

/* A new open window of k, in the heap and in k's list. */
struct wstate *store_open(struct store *s, struct wkey *k, int64_t start, int64_t end);
/* The open window of k that starts at start, or NULL. */
struct wstate *store_lookup(struct wkey *k, int64_t start);
/* Take w out of the heap and of its key's list, and free it. */
void store_close(struct store *s, struct wstate *w);
/* w's start or end changed: restore the orders. */
void store_moved(struct store *s, struct wstate *w);

/* Output order: end, start, key. */
int state_cmp(const struct wstate *a, const struct wstate *b);
int key_cmp(const struct wkey *a, const struct wkey *b);
/* The first open window in output order, or NULL. */
struct wstate *store_first(const struct store *s);

#endif
