/* store.c: keys, their open windows, and the heap of windows in output order. */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "util.h"

void
store_init(struct store *s)
{
	memset(s, 0, sizeof(*s));
	s->nbuckets = 1024;
	s->buckets = xcalloc(s->nbuckets, sizeof(*s->buckets));
}

struct wkey *
store_find(struct store *s, const char *sk, size_t len, uint64_t hash)
{
	for (struct wkey *k = s->buckets[hash & (s->nbuckets - 1)]; k; k = k->hnext)
		if (k->hash == hash && k->sklen == len && !memcmp(k->sk, sk, len))
			return k;
	return NULL;
}

static void
grow(struct store *s)
{
	size_t n = s->nbuckets * 2;
	struct wkey **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < s->nbuckets; i++) {
		struct wkey *k = s->buckets[i], *next;

		for (; k; k = next) {
			next = k->hnext;
			k->hnext = b[k->hash & (n - 1)];
			b[k->hash & (n - 1)] = k;
		}
	}
	free(s->buckets);
	s->buckets = b;
	s->nbuckets = n;
}

static void
lru_unlink(struct store *s, struct wkey *k)
{
	if (k->lru_prev)
		k->lru_prev->lru_next = k->lru_next;
	else
		s->lru_head = k->lru_next;
	if (k->lru_next)
		k->lru_next->lru_prev = k->lru_prev;
	else
		s->lru_tail = k->lru_prev;
	k->lru_prev = k->lru_next = NULL;
}

static void
lru_push(struct store *s, struct wkey *k)
{
	k->lru_prev = NULL;
	k->lru_next = s->lru_head;
	if (s->lru_head)
		s->lru_head->lru_prev = k;
	else
		s->lru_tail = k;
	s->lru_head = k;
}

void
store_touch(struct store *s, struct wkey *k)
{
	if (s->lru_head == k)
		return;
	lru_unlink(s, k);
	lru_push(s, k);
}

struct wkey *
store_add(struct store *s, const char *sk, size_t len, uint64_t hash, char *json)
{
	struct wkey *k = xcalloc(1, sizeof(*k));

	if (s->nkeys >= s->nbuckets)
		grow(s);
	k->sk = xmalloc(len ? len : 1);
	memcpy(k->sk, sk, len);
	k->sklen = len;
	k->hash = hash;
	k->json = json;
	k->closed_end = INT64_MIN;
	k->hnext = s->buckets[hash & (s->nbuckets - 1)];
	s->buckets[hash & (s->nbuckets - 1)] = k;
	s->nkeys++;
	lru_push(s, k);
	return k;
}

void
store_tomb_add(struct store *s, struct wkey *k)
{
	if (k->in_tomb)
		return;
	k->in_tomb = true;
	k->tnext = NULL;
	k->tprev = s->tomb_tail;
	if (s->tomb_tail)
		s->tomb_tail->tnext = k;
	else
		s->tomb_head = k;
	s->tomb_tail = k;
}

void
store_tomb_remove(struct store *s, struct wkey *k)
{
	if (!k->in_tomb)
		return;
	if (k->tprev)
		k->tprev->tnext = k->tnext;
	else
		s->tomb_head = k->tnext;
	if (k->tnext)
		k->tnext->tprev = k->tprev;
	else
		s->tomb_tail = k->tprev;
	k->tprev = k->tnext = NULL;
	k->in_tomb = false;
}

void
store_drop(struct store *s, struct wkey *k)
{
	struct wkey **p = &s->buckets[k->hash & (s->nbuckets - 1)];

	while (*p != k)
		p = &(*p)->hnext;
	*p = k->hnext;
	lru_unlink(s, k);
	store_tomb_remove(s, k);
	s->nkeys--;
	free(k->sk);
	free(k->json);
	free(k->st);
	free(k);
}

int
key_cmp(const struct wkey *a, const struct wkey *b)
{
	size_t n = a->sklen < b->sklen ? a->sklen : b->sklen;
	int c = memcmp(a->sk, b->sk, n);

	if (c)
		return c;
	return a->sklen < b->sklen ? -1 : a->sklen > b->sklen;
}

int
state_cmp(const struct wstate *a, const struct wstate *b)
{
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a == b ? 0 : key_cmp(a->key, b->key);
}

static void
heap_set(struct store *s, size_t i, struct wstate *w)
{
	s->heap[i] = w;
	w->heapidx = i;
}

static void
sift_up(struct store *s, size_t i)
{
	struct wstate *w = s->heap[i];

	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (state_cmp(s->heap[p], w) <= 0)
			break;
		heap_set(s, i, s->heap[p]);
		i = p;
	}
	heap_set(s, i, w);
}

static void
sift_down(struct store *s, size_t i)
{
	struct wstate *w = s->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && state_cmp(s->heap[c + 1], s->heap[c]) < 0)
			c++;
		if (state_cmp(w, s->heap[c]) <= 0)
			break;
		heap_set(s, i, s->heap[c]);
		i = c;
	}
	heap_set(s, i, w);
}

struct wstate *
store_first(const struct store *s)
{
	return s->nheap ? s->heap[0] : NULL;
}

/* Keep k's list ordered by start after w moved (insertion sort step). */
static void
list_fix(struct wkey *k, struct wstate *w)
{
	size_t i = 0;

	while (k->st[i] != w)
		i++;
	while (i > 0 && k->st[i - 1]->start > w->start) {
		k->st[i] = k->st[i - 1];
		k->st[--i] = w;
	}
	while (i + 1 < k->nst && k->st[i + 1]->start < w->start) {
		k->st[i] = k->st[i + 1];
		k->st[++i] = w;
	}
}

struct wstate *
store_open(struct store *s, struct wkey *k, int64_t start, int64_t end)
{
	struct wstate *w = xcalloc(1, sizeof(*w));

	w->start = start;
	w->end = end;
	w->key = k;
	agg_init(&w->agg);
	if (k->nst == k->capst) {
		k->capst = k->capst ? 2 * k->capst : 4;
		k->st = xrealloc(k->st, k->capst * sizeof(*k->st));
	}
	k->st[k->nst++] = w;
	list_fix(k, w);
	if (s->nheap == s->capheap) {
		s->capheap = s->capheap ? 2 * s->capheap : 256;
		s->heap = xrealloc(s->heap, s->capheap * sizeof(*s->heap));
	}
	s->heap[s->nheap++] = w;
	sift_up(s, s->nheap - 1);
	s->nstates++;
	store_tomb_remove(s, k);
	return w;
}

struct wstate *
store_lookup(struct wkey *k, int64_t start)
{
	for (size_t i = 0; i < k->nst; i++)
		if (k->st[i]->start == start)
			return k->st[i];
	return NULL;
}

void
store_moved(struct store *s, struct wstate *w)
{
	list_fix(w->key, w);
	sift_up(s, w->heapidx);
	sift_down(s, w->heapidx);
}

void
store_close(struct store *s, struct wstate *w)
{
	struct wkey *k = w->key;
	size_t i = w->heapidx, j = 0;

	s->nheap--;
	if (i < s->nheap) {
		struct wstate *m = s->heap[s->nheap];

		heap_set(s, i, m);
		sift_up(s, i);
		sift_down(s, m->heapidx);
	}
	while (k->st[j] != w)
		j++;
	memmove(k->st + j, k->st + j + 1, (k->nst - j - 1) * sizeof(*k->st));
	k->nst--;
	s->nstates--;
	agg_free(&w->agg);
	free(w);
}
