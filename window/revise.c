/* revise.c: windows written, held for --revise, and written again. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "hash.h"
#include "revise.h"
#include "util.h"
#include "window.h"

struct kept {
	struct wstate s;
	struct wkey k; /* a copy of the key's sort key and JSON: the key itself may go */
	bool touched;
	struct kept *hnext, *prev, *next, *tnext;
};

static uint64_t
hash_of(const char *sk, size_t len, int64_t start)
{
	return hash64_mix(hash64(sk, len) ^ (uint64_t)start);
}

/* Whether the watermark has left end more than D behind (wm may be INT64_MIN). */
static bool
behind(const struct win *w, int64_t end)
{
	return w->wm >= INT64_MIN + w->revise.span && end <= w->wm - w->revise.span;
}

bool
revise_takes(const struct win *w, int64_t t)
{
	return w->revise.span && w->kind != SESSION && !behind(w, t);
}

static struct kept *
find(struct revise *r, const char *sk, size_t len, int64_t start, uint64_t h)
{
	if (!r->nbuckets)
		return NULL;
	for (struct kept *p = r->buckets[h & (r->nbuckets - 1)]; p; p = p->hnext)
		if (p->k.hash == h && p->s.start == start && p->k.sklen == len &&
		    !memcmp(p->k.sk, sk, len))
			return p;
	return NULL;
}

static void
grow(struct revise *r)
{
	size_t n = r->nbuckets ? 2 * r->nbuckets : 256;
	struct kept **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < r->nbuckets; i++)
		for (struct kept *p = r->buckets[i], *next; p; p = next) {
			next = p->hnext;
			p->hnext = b[p->k.hash & (n - 1)];
			b[p->k.hash & (n - 1)] = p;
		}
	free(r->buckets);
	r->buckets = b;
	r->nbuckets = n;
}

/* A new held window of k over [start, end), in the list by end. */
static struct kept *
add(struct revise *r, const struct wkey *k, int64_t start, int64_t end)
{
	struct kept *p = xcalloc(1, sizeof(*p)), *q;

	if (r->n >= r->nbuckets)
		grow(r);
	p->k.sk = xmalloc(k->sklen ? k->sklen : 1);
	memcpy(p->k.sk, k->sk, k->sklen);
	p->k.sklen = k->sklen;
	p->k.hash = hash_of(k->sk, k->sklen, start);
	p->k.json = xstrdup(k->json);
	p->s.start = start;
	p->s.end = end;
	p->s.key = &p->k;
	agg_init(&p->s.agg);
	p->hnext = r->buckets[p->k.hash & (r->nbuckets - 1)];
	r->buckets[p->k.hash & (r->nbuckets - 1)] = p;
	r->n++;
	/* Windows are written in order of end: almost always the last. */
	for (q = r->tail; q && q->s.end > end; q = q->prev)
		;
	p->prev = q;
	p->next = q ? q->next : r->head;
	if (p->next)
		p->next->prev = p;
	else
		r->tail = p;
	if (q)
		q->next = p;
	else
		r->head = p;
	return p;
}

static void
drop(struct revise *r, struct kept *p)
{
	struct kept **h = &r->buckets[p->k.hash & (r->nbuckets - 1)];

	while (*h != p)
		h = &(*h)->hnext;
	*h = p->hnext;
	if (p->prev)
		p->prev->next = p->next;
	else
		r->head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		r->tail = p->prev;
	r->n--;
	agg_free(&p->s.agg);
	free(p->k.sk);
	free(p->k.json);
	free(p);
}

void
revise_keep(struct win *w, struct wstate *s)
{
	struct revise *r = &w->revise;
	struct kept *p;

	if (!r->span || w->kind == SESSION || behind(w, s->end))
		return;
	p = add(r, s->key, s->start, s->end);
	p->s.revision = s->revision;
	if (!w->partial) { /* take the state over; a partial revision is what is new only */
		p->s.agg = s->agg;
		agg_init(&s->agg);
	}
}

struct wstate *
revise_window(struct win *w, struct wkey *k, int64_t start, int64_t end)
{
	struct revise *r = &w->revise;
	struct kept *p = find(r, k->sk, k->sklen, start, hash_of(k->sk, k->sklen, start));

	if (!p) {
		/* Never written (no record fell in it before): written now for the first time. */
		p = add(r, k, start, end);
		p->s.revision = -1; /* + 1 on writing: 0, no "revision" */
	}
	if (!p->touched) {
		p->touched = true;
		p->tnext = r->touched;
		r->touched = p;
	}
	return &p->s;
}

void
revise_flush(struct win *w)
{
	struct revise *r = &w->revise;
	struct kept *list = NULL;

	/* Write in output order (end, start, key), as windows are: sort the few touched. */
	while (r->touched) {
		struct kept *p = r->touched, **q = &list;

		r->touched = p->tnext;
		while (*q && state_cmp(&(*q)->s, &p->s) < 0)
			q = &(*q)->tnext;
		p->tnext = *q;
		*q = p;
	}
	for (struct kept *p = list; p; p = p->tnext) {
		p->touched = false;
		p->s.revision++;
		emit_revision(w, &p->s);
		if (w->partial) {
			agg_free(&p->s.agg);
			agg_init(&p->s.agg);
		}
	}
}

void
revise_expire(struct win *w)
{
	struct revise *r = &w->revise;

	while (r->head && behind(w, r->head->s.end))
		drop(r, r->head);
}
