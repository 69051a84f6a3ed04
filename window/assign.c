/* assign.c: the windows a record falls in, and whether it comes too late for them. */
#include "assign.h"
#include "group.h"
#include "tz.h"

/* Floor division (b > 0). */
static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return a % b && a < 0 ? q - 1 : q;
}

/*
 * With --tz, fixed windows start on the zone's clock (lib/tz.h), every
 * --slide, and a window ends --size / --slide starts later: a day over a
 * change of offset lasts 23 or 25 hours.
 */
int64_t
assign_end(const struct win *w, int64_t start)
{
	if (!tz_active())
		return start + w->size;
	int64_t e = start;

	for (int64_t i = 0; i < w->size / w->slide; i++)
		e = tz_next(e, w->slide);
	return e;
}

struct wstate *
assign_fixed(struct win *w, struct wkey *k, int64_t start)
{
	struct wstate *s = store_lookup(k, start);

	if (s)
		return s;
	/* Written already: --revise holds it (a record beyond --revise is late). */
	if (w->revise.span && assign_end(w, start) <= w->wm)
		return revise_window(w, k, start, assign_end(w, start));
	return store_open(&w->store, k, start, assign_end(w, start));
}

struct wstate *
assign_session(struct win *w, struct wkey *k, int64_t start, int64_t end)
{
	struct wstate *target = NULL;
	int64_t lo = start, hi = end;
	size_t i = 0;

	while (i < k->nst) {
		struct wstate *s = k->st[i];

		if (!(s->start < end && start < s->end)) {
			i++;
			continue;
		}
		if (s->start < lo)
			lo = s->start;
		if (s->end > hi)
			hi = s->end;
		if (!target) {
			target = s;
			i++;
			continue;
		}
		agg_merge(&target->agg, &s->agg);
		target->dirty = true;
		store_close(&w->store, s); /* k->st[i] is now the next one */
	}
	if (!target)
		return store_open(&w->store, k, start, end);
	if (target->start != lo || target->end != hi) {
		target->start = lo;
		target->end = hi;
		store_moved(&w->store, target);
	}
	return target;
}

bool
assign_fits(struct win *w, struct wkey *k, int64_t start, int64_t end, const struct agg *a)
{
	uint64_t bins[HIST_BINS] = {0};

	for (size_t i = 0; i < k->nst; i++) {
		const struct wstate *s = k->st[i];

		if (w->kind == SESSION ? s->start < end && start < s->end : s->start == start)
			for (int j = 0; s->agg.hist && j < HIST_BINS; j++)
				bins[j] += s->agg.hist[j];
	}
	for (int j = 0; a->hist && j < HIST_BINS; j++)
		if (bins[j] + a->hist[j] > UINT32_MAX)
			return false;
	return true;
}

/* The earliest end among the fixed windows that hold time t. */
static int64_t
first_end(const struct win *w, int64_t t)
{
	if (tz_active())
		return tz_next(tz_align(t, w->slide), w->slide);
	return (floordiv(t - w->size, w->slide) + 1) * w->slide + w->size;
}

bool
assign_late(struct win *w, int64_t t, size_t nkeys)
{
	if (w->kind != SESSION)
		return first_end(w, t) <= w->wm;
	if (t + w->gap <= w->wm)
		return true;
	/* A record that would join a session already written is late too. */
	for (size_t c = 0; c < nkeys; c++) {
		const json_t *v[MAX_BY];
		struct wkey *k;

		group_combo(w, c, v);
		group_sortkey(w, v);
		k = group_find(w);
		if (k && t < k->closed_end)
			return true;
	}
	return false;
}

/* Count x (or, when unscored, one record without a value) in s. */
static void
count_in(struct win *w, struct wstate *s, double x, bool unscored)
{
	if (unscored)
		s->agg.unscored++;
	else
		agg_add(&s->agg, x, w->pos, w->neg);
	s->dirty = true;
}

/* Add x (or, when unscored, one record without a value) to the windows of k that hold t. */
static void
add(struct win *w, struct wkey *k, int64_t t, double x, bool unscored)
{
	if (w->kind == SESSION) {
		count_in(w, assign_session(w, k, t, t + w->gap), x, unscored);
		return;
	}
	if (tz_active()) {
		int64_t start = tz_align(t, w->slide);

		for (int64_t i = 0; i < w->size / w->slide; i++) {
			count_in(w, assign_fixed(w, k, start), x, unscored);
			start = tz_align(start - 1, w->slide);
		}
		return;
	}
	for (int64_t j = floordiv(t - w->size, w->slide) + 1, last = floordiv(t, w->slide);
	     j <= last; j++)
		count_in(w, assign_fixed(w, k, j * w->slide), x, unscored);
}

void
assign_add(struct win *w, struct wkey *k, int64_t t, double x)
{
	add(w, k, t, x, false);
}

void
assign_add_unscored(struct win *w, struct wkey *k, int64_t t)
{
	add(w, k, t, 0, true);
}
