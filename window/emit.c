/* emit.c: writing windows and letting them go. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "emit.h"
#include "json.h"
#include "output.h"
#include "timestamp.h"
#include "tz.h"
#include "util.h"

static const char *const kind_names[] = {"tumbling", "hopping", "session"};

static void
put(struct win *w, const char *s)
{
	buf_adds(&w->line, s);
}

static void
put_time(struct win *w, const char *name, int64_t ns)
{
	/* Windows of a run share their starts and ends: keep the last few written. */
	static struct {
		int64_t ns;
		char text[RFC3339_LEN];
	} cache[4];
	static unsigned next;
	unsigned i;

	for (i = 0; i < LEN(cache); i++)
		if (cache[i].ns == ns && cache[i].text[0])
			break;
	if (i == LEN(cache)) {
		i = next++ % LEN(cache);
		cache[i].ns = ns;
		tz_format(ns, cache[i].text);
	}
	put(w, name);
	put(w, "\"");
	put(w, cache[i].text);
	put(w, "\"");
}

static void
put_double(struct win *w, const char *name, double v)
{
	put(w, name);
	json_put_double(&w->line, v);
}

static void
put_int(struct win *w, const char *name, int64_t v)
{
	put(w, name);
	json_put_int(&w->line, v);
}

/* The mergeable state of a window, for --merge. */
static void
write_partial(struct win *w, struct wstate *s)
{
	put_int(w, "{\"partial\":", 1);
	put(w, ",\"kind\":\"");
	put(w, kind_names[w->kind]);
	put(w, "\"");
	if (w->kind == SESSION)
		put_int(w, ",\"gap\":", w->gap);
	else {
		put_int(w, ",\"size\":", w->size);
		put_int(w, ",\"slide\":", w->slide);
	}
	if (tz_active()) { /* --merge checks that it has the same zone */
		put(w, ",\"tz\":");
		json_put_string(&w->line, tz_name(), strlen(tz_name()),
		                JSON_STR_WINDOW | JSON_STR_REPAIR);
	}
	put_int(w, ",\"start\":", s->start);
	put_int(w, ",\"end\":", s->end);
	put(w, ",\"key\":");
	put(w, s->key->json);
	put(w, ",");
	agg_dump_partial(&s->agg, &w->line);
	if (s->revision > 0)
		put_int(w, ",\"revision\":", s->revision);
	put(w, "}\n");
}

/*
 * --alert: compare the mean with the key's baseline in standard errors,
 * then move the baseline (an exponentially weighted mean of the means).
 */
static void
put_alert(struct win *w, struct wstate *s, const struct agg_result *r)
{
	struct wkey *k = s->key;

	if (s->agg.count == 0) /* no mean: only records not scored */
		return;
	if (k->has_base && s->agg.count >= 2 && r->stddev > 0) {
		double z = (r->mean - k->base) / (r->stddev / sqrt((double)s->agg.count));

		if (fabs(z) >= w->alert_z) {
			put_double(w, ",\"alert\":{\"z\":", round(z * 1e4) / 1e4);
			put_double(w, ",\"baseline\":", k->base);
			put(w, "}");
			w->alerts++;
		}
	}
	k->base = k->has_base ? w->alpha * r->mean + (1 - w->alpha) * k->base : r->mean;
	k->has_base = true;
}

static void
write_window(struct win *w, struct wstate *s, enum how how)
{
	struct agg_result r;

	w->line.len = 0;
	if (w->partial)
		write_partial(w, s);
	else {
		agg_result(&s->agg, &r);
		put_time(w, "{\"start\":", s->start);
		put_time(w, ",\"end\":", s->end);
		put(w, ",\"key\":");
		put(w, s->key->json);
		put_int(w, ",\"count\":", s->agg.count);
		if (s->agg.unscored)
			put_int(w, ",\"unscored\":", s->agg.unscored);
		if (s->agg.count) {
			put_double(w, ",\"sum\":", r.sum);
			put_double(w, ",\"mean\":", r.mean);
			put_double(w, ",\"stddev\":", r.stddev);
			put_double(w, ",\"min\":", r.min);
			put_double(w, ",\"max\":", r.max);
		} else /* only records not scored: no figures */
			put(w, ",\"sum\":null,\"mean\":null,\"stddev\":null,\"min\":null,\"max\":"
			       "null");
		put_int(w, ",\"pos\":", s->agg.pos);
		put_int(w, ",\"neu\":", s->agg.neu);
		put_int(w, ",\"neg\":", s->agg.neg);
		if (s->agg.count) {
			put_double(w, ",\"p10\":", r.p10);
			put_double(w, ",\"p50\":", r.p50);
			put_double(w, ",\"p90\":", r.p90);
		} else
			put(w, ",\"p10\":null,\"p50\":null,\"p90\":null");
		if (s->revision > 0)
			put_int(w, ",\"revision\":", s->revision);
		if (w->updates)
			put(w, how == PROVISIONAL ? ",\"final\":false" : ",\"final\":true");
		if (how == EVICTED)
			put(w, ",\"evicted\":true");
		if (w->alert && how != PROVISIONAL && how != REVISED)
			put_alert(w, s, &r);
		put(w, "}\n");
	}
	/* The whole line in one write: a signal cannot cut a window in two. */
	out_write(w->line.p, w->line.len);
	if (how == PROVISIONAL)
		w->provisional++;
	else if (how == REVISED && s->revision > 0)
		w->revise.revisions++;
	else
		w->windows++;
}

/*
 * A key with no open window is forgotten, unless it holds an alert
 * baseline or closed a session lately.
 */
static void
release_key(struct win *w, struct wkey *k)
{
	if (k->nst || k->has_base)
		return;
	if (w->kind == SESSION && !w->merge)
		store_tomb_add(&w->store, k);
	else
		store_drop(&w->store, k);
}

void
emit_close(struct win *w, struct wstate *s, enum how how)
{
	struct wkey *k = s->key;

	write_window(w, s, how);
	if (how == FINAL)
		revise_keep(w, s);
	if (s->end > k->closed_end)
		k->closed_end = s->end;
	store_close(&w->store, s);
	if (how != EVICTED)
		release_key(w, k);
}

void
emit_passed(struct win *w)
{
	struct wstate *s;

	while ((s = store_first(&w->store)) && s->end <= w->wm)
		emit_close(w, s, FINAL);
	/* A session key stays known while a record could still join its last session. */
	while (w->store.tomb_head && w->store.tomb_head->closed_end <= w->wm - w->gap)
		store_drop(&w->store, w->store.tomb_head);
	revise_expire(w);
}

void
emit_revision(struct win *w, struct wstate *s)
{
	write_window(w, s, REVISED);
}

static int
cmp_states(const void *a, const void *b)
{
	return state_cmp(*(struct wstate *const *)a, *(struct wstate *const *)b);
}

void
emit_updates(struct win *w)
{
	struct wstate **list = xmalloc((w->store.nheap + 1) * sizeof(*list));
	size_t n = 0;

	for (size_t i = 0; i < w->store.nheap; i++)
		if (w->store.heap[i]->dirty)
			list[n++] = w->store.heap[i];
	qsort(list, n, sizeof(*list), cmp_states);
	for (size_t i = 0; i < n; i++) {
		write_window(w, list[i], PROVISIONAL);
		list[i]->dirty = false;
	}
	free(list);
}

void
emit_evict(struct win *w)
{
	struct wkey *k = w->store.lru_tail;

	while (k->nst)
		emit_close(w, k->st[0], EVICTED);
	store_drop(&w->store, k);
	w->evicted++;
}
