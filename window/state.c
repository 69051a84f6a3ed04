/* state.c: sentio-window's open windows and keys, saved between runs and restored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "checkpoint.h"
#include "group.h"
#include "hash.h"
#include "state.h"
#include "util.h"

static const char *const kind_names[] = {"tumbling", "hopping", "session"};

/* The options the held windows depend on: a state is refused under others. */
static json_t *
spec(struct win *w)
{
	json_t *by = json_array();

	for (size_t i = 0; i < w->nby; i++)
		json_array_append_new(by, json_string(w->by[i].text));
	return json_pack("{s:s, s:I, s:I, s:I, s:o, s:b}", "kind", kind_names[w->kind], "size",
	                 (json_int_t)w->size, "slide", (json_int_t)w->slide, "gap",
	                 (json_int_t)w->gap, "by", by, "partial", w->partial);
}

/* A double exactly, as C's hexadecimal form. */
static json_t *
exact_double(double v)
{
	char s[64];

	snprintf(s, sizeof(s), "%a", v);
	return json_string(s);
}

static json_t *
save_window(struct win *w, struct wstate *s)
{
	json_error_t err;
	json_t *o;

	w->line.len = 0;
	buf_adds(&w->line, "{");
	agg_dump_partial(&s->agg, &w->line);
	buf_adds(&w->line, "}");
	o = json_loadb(w->line.p, w->line.len, 0, &err);
	if (!o)
		eprintf("window state: %s", err.text); /* cannot happen: we wrote it */
	json_object_set_new(o, "start", json_integer(s->start));
	json_object_set_new(o, "end", json_integer(s->end));
	return o;
}

json_t *
win_state_save(struct win *w)
{
	json_t *keys = json_array(), *tomb = json_array();

	/* Least recently used first: restored in this order, the last is the most recent. */
	for (struct wkey *k = w->store.lru_tail; k; k = k->lru_prev) {
		json_t *jk = json_pack("{s:s}", "key", k->json), *wins = json_array();

		if (k->has_base)
			json_object_set_new(jk, "base", exact_double(k->base));
		if (k->closed_end != INT64_MIN)
			json_object_set_new(jk, "closed_end", json_integer(k->closed_end));
		for (size_t i = 0; i < k->nst; i++)
			json_array_append_new(wins, save_window(w, k->st[i]));
		json_object_set_new(jk, "windows", wins);
		json_array_append_new(keys, jk);
	}
	for (struct wkey *k = w->store.tomb_head; k; k = k->tnext)
		json_array_append_new(tomb, json_string(k->json));
	return json_pack("{s:o, s:b, s:I, s:I, s:o, s:o}", "spec", spec(w), "seen", w->seen, "maxt",
	                 (json_int_t)w->maxt, "wm", (json_int_t)w->wm, "keys", keys, "tomb", tomb);
}

/* The key written as text, found or added (without eviction: it was held). */
static struct wkey *
load_key(struct win *w, const char *text, bool add)
{
	json_t *key = json_loads(text, JSON_DECODE_ANY, NULL);
	struct wkey *k;

	if (!key)
		return NULL;
	group_sortkey_of(w, key);
	json_decref(key);
	k = group_find(w);
	if (!k && add)
		k = store_add(&w->store, w->sk.p, w->sk.len, hash64(w->sk.p, w->sk.len),
		              xstrdup(text));
	return k;
}

static int
get_int(const json_t *o, const char *name, int64_t *v)
{
	json_t *j = json_object_get(o, name);

	if (!json_is_integer(j))
		return -1;
	*v = json_integer_value(j);
	return 0;
}

int
win_state_load(struct win *w, const json_t *j, const char **why)
{
	json_t *want = spec(w), *keys = json_object_get(j, "keys"), *v;
	size_t i, n;
	int eq = json_equal(want, json_object_get(j, "spec"));

	json_decref(want);
	*why = "held windows of other options (--size, --slide, --session, --by, --partial)";
	if (!eq)
		return -1;
	*why = "held windows not in their form";
	if (!json_is_boolean(json_object_get(j, "seen")) || get_int(j, "maxt", &w->maxt) ||
	    get_int(j, "wm", &w->wm) || !json_is_array(keys))
		return -1;
	w->seen = json_is_true(json_object_get(j, "seen"));
	json_array_foreach(keys, i, v)
	{
		const char *text = json_string_value(json_object_get(v, "key"));
		const char *base = json_string_value(json_object_get(v, "base"));
		json_t *wins = json_object_get(v, "windows"), *jw;
		struct wkey *k;

		if (!text || !json_is_array(wins) || !(k = load_key(w, text, true)))
			return -1;
		if (base) {
			char *end;

			k->base = strtod(base, &end);
			if (*end)
				return -1;
			k->has_base = true;
		}
		if (json_object_get(v, "closed_end") && get_int(v, "closed_end", &k->closed_end))
			return -1;
		json_array_foreach(wins, n, jw)
		{
			int64_t start, end;
			struct wstate *s;
			struct agg a;

			if (get_int(jw, "start", &start) || get_int(jw, "end", &end) ||
			    end <= start)
				return -1;
			agg_init(&a);
			if (agg_load_partial(&a, jw, why)) {
				agg_free(&a);
				return -1;
			}
			s = store_open(&w->store, k, start, end);
			agg_merge(&s->agg, &a);
			agg_free(&a);
		}
	}
	json_array_foreach(json_object_get(j, "tomb"), i, v)
	{
		struct wkey *k;

		if (!json_is_string(v) || !(k = load_key(w, json_string_value(v), false)))
			return -1;
		store_tomb_add(&w->store, k);
	}
	return 0;
}

static void
on_load(struct stage *st, const json_t *saved)
{
	struct win *w = st->data;
	const char *why;

	if (w->late.path)
		ckpt_track(w->late.path, w->late.fd);
	if (saved && win_state_load(w, saved, &why))
		eprintf("%s: %s", st->state_path, why);
}

static json_t *
on_save(struct stage *st)
{
	struct win *w = st->data;

	late_flush(&w->late); /* kept with the output: synced by the checkpoint */
	return win_state_save(w);
}

void
win_state_hooks(struct stage *st)
{
	st->state_load = on_load;
	st->state_save = on_save;
}
