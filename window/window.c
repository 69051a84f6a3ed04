/*
 * sentio-window: aggregate scores over event-time windows, per key.
 *
 * Each record has a time (--time) and a value (--value) and falls under
 * one or more keys (--by).  It is added to every window it belongs to:
 * tumbling (--size), hopping (--size and --slide) or a session per key
 * (--session GAP).  The watermark is the highest time seen minus the
 * lateness; a window is written once the watermark passes its end, so
 * input out of order within the lateness gives the result of sorted
 * input.  A record for a window already written is late: counted, and
 * written to --late FILE (filtered) or to the rejects (rejected).
 *
 * Every window's state merges exactly (aggregate.h, exact.h): --partial
 * writes it, --merge adds partial states up, and the result is byte for
 * byte that of a single run over all the input.
 *
 * The open windows wait in a heap in output order (store.h); a record's
 * few fields are found by a one-pass scan of its line (scan.h).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "duration.h"
#include "jsonpath.h"
#include "keys.h"
#include "scan.h"
#include "stage.h"
#include "store.h"
#include "timestamp.h"

#define MAX_BY       16
#define MAX_HOPS     1000               /* hopping windows a record falls in */
#define MAX_KEYS_REC 1024               /* keys one record may fall under */
#define MAX_ADDS_REC 16384              /* windows times keys one record may count in */
#define MAX_SPAN     (INT64_C(1) << 60) /* longest window, slide, gap or lateness: 36 years */
#define MAX_TIME     (INT64_C(1) << 62) /* times within 1824 .. 2116 */
#define MAX_VALUE    1e100              /* beyond this, squares of sums would overflow */

enum kind { TUMBLING, HOPPING, SESSION };
enum field { F_TIME, F_VALUE, F_POLARITY, F_BY }; /* the fields of a record we read */
enum how { FINAL, PROVISIONAL, EVICTED };

struct win {
	/* Options. */
	enum kind kind;
	int64_t size, slide, gap, lateness, idle_ns, every_ns;
	struct jsonpath time, value, polarity, by[MAX_BY];
	bool value_set; /* --value given: no falling back to sentiment.polarity */
	struct scan_target fields[F_BY + MAX_BY];
	size_t nfields;
	size_t nby;
	double pos, neg, alert_z, alpha;
	bool alert, partial, merge, updates;
	size_t max_keys;
	const char *late_path;
	FILE *late;

	/* Event time. */
	bool seen;
	int64_t maxt, wm;

	struct store store;
	unsigned long long serial; /* records so far, to mark keys already used by one record */

	/* Wall clock, for --idle and --emit updates. */
	bool active;
	int64_t silent_since, next_update;

	/* --merge: the window every partial record must agree on. */
	bool spec_set;

	/* Counters for --stats. */
	unsigned long long windows, provisional, late_count, evicted, alerts;

	/* Scratch. */
	char *sk, *line;
	size_t sklen, skcap, linelen, linecap;
	const json_t *vals[MAX_BY][MAX_KEYS_REC];
	size_t nvals[MAX_BY];
};

enum {
	OPT_SIZE = OPT_STAGE,
	OPT_SLIDE,
	OPT_SESSION,
	OPT_TIME,
	OPT_VALUE,
	OPT_BY,
	OPT_LATENESS,
	OPT_LATE,
	OPT_IDLE,
	OPT_EMIT,
	OPT_EVERY,
	OPT_POS,
	OPT_NEG,
	OPT_ALERT,
	OPT_ALPHA,
	OPT_MAX_KEYS,
	OPT_PARTIAL,
	OPT_MERGE
};

static const char usage[] =
    "[--size D [--slide D] | --session GAP] [--by PATH ...] [--partial | --merge] [options] "
    "[file ...]";

static const char help[] =
    "Aggregate scores over event-time windows per key: one record per window and key.\n"
    "\n"
    "Windows:\n"
    "      --size D          tumbling windows of D (default 1m): 500ms, 10s, 5m, 1h, 1d\n"
    "      --slide D         hopping windows: a window of --size starts every D\n"
    "      --session GAP     session windows per key, closed after GAP without records\n"
    "      --time PATH       the event time: RFC 3339 or epoch seconds (default ts)\n"
    "      --value PATH      the value (default sentiment.compound, or else\n"
    "                        sentiment.polarity, as the textblob model writes)\n"
    "      --by PATH         group by this field; repeat for composite keys; an array\n"
    "                        counts the record under each element; missing is null\n"
    "      --pos T           values >= T count as positive (default 0.05)\n"
    "      --neg T           values <= T count as negative (default -0.05)\n"
    "Time:\n"
    "      --lateness D      the watermark trails the highest time by D (default 5s)\n"
    "      --late FILE       append late records to FILE (default: reject them)\n"
    "      --idle D          while input is silent for D, move the watermark to the\n"
    "                        wall clock minus the lateness and close what it passes\n"
    "      --emit final|updates  with updates, also write open windows that changed\n"
    "      --every D         ... every D of wall-clock time (default 1s), \"final\":false\n"
    "Alerts and memory:\n"
    "      --alert Z         mark windows whose mean is Z standard errors or more from\n"
    "                        the key's exponentially weighted baseline\n"
    "      --alpha A         weight of the newest window in the baseline (default 0.3)\n"
    "      --max-keys N      hold at most N keys; the least recently used goes first,\n"
    "                        its windows written early (\"evicted\":true)\n"
    "Scale-out:\n"
    "      --partial         write mergeable window states instead of results\n"
    "      --merge           read partial states (files or a pipe) and write the "
    "results\n" STAGE_HELP;

static const struct option longopts[] = {
    STAGE_LONGOPTS,
    {"size", required_argument, NULL, OPT_SIZE},
    {"slide", required_argument, NULL, OPT_SLIDE},
    {"session", required_argument, NULL, OPT_SESSION},
    {"time", required_argument, NULL, OPT_TIME},
    {"value", required_argument, NULL, OPT_VALUE},
    {"by", required_argument, NULL, OPT_BY},
    {"lateness", required_argument, NULL, OPT_LATENESS},
    {"late", required_argument, NULL, OPT_LATE},
    {"idle", required_argument, NULL, OPT_IDLE},
    {"emit", required_argument, NULL, OPT_EMIT},
    {"every", required_argument, NULL, OPT_EVERY},
    {"pos", required_argument, NULL, OPT_POS},
    {"neg", required_argument, NULL, OPT_NEG},
    {"alert", required_argument, NULL, OPT_ALERT},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"max-keys", required_argument, NULL, OPT_MAX_KEYS},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"merge", no_argument, NULL, OPT_MERGE},
    {NULL, 0, NULL, 0},
};

static const char *const kind_names[] = {"tumbling", "hopping", "session"};

/* Floor division (b > 0). */
static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return a % b && a < 0 ? q - 1 : q;
}

/* ---- Writing windows ---- */

static void
put(struct win *w, const char *s)
{
	buf_puts(&w->line, &w->linelen, &w->linecap, s);
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
		rfc3339_format(ns, cache[i].text);
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
	buf_double(&w->line, &w->linelen, &w->linecap, v);
}

static void
put_uint(struct win *w, const char *name, uint64_t v)
{
	put(w, name);
	buf_uint(&w->line, &w->linelen, &w->linecap, v);
}

static void
put_int(struct win *w, const char *name, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", (long long)v);
	put(w, name);
	put(w, s);
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
	put_int(w, ",\"start\":", s->start);
	put_int(w, ",\"end\":", s->end);
	put(w, ",\"key\":");
	put(w, s->key->json);
	put(w, ",");
	agg_dump_partial(&s->agg, &w->line, &w->linelen, &w->linecap);
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

	w->linelen = 0;
	if (w->partial)
		write_partial(w, s);
	else {
		agg_result(&s->agg, &r);
		put_time(w, "{\"start\":", s->start);
		put_time(w, ",\"end\":", s->end);
		put(w, ",\"key\":");
		put(w, s->key->json);
		put_uint(w, ",\"count\":", s->agg.count);
		put_double(w, ",\"sum\":", r.sum);
		put_double(w, ",\"mean\":", r.mean);
		put_double(w, ",\"stddev\":", r.stddev);
		put_double(w, ",\"min\":", r.min);
		put_double(w, ",\"max\":", r.max);
		put_uint(w, ",\"pos\":", s->agg.pos);
		put_uint(w, ",\"neu\":", s->agg.neu);
		put_uint(w, ",\"neg\":", s->agg.neg);
		put_double(w, ",\"p10\":", r.p10);
		put_double(w, ",\"p50\":", r.p50);
		put_double(w, ",\"p90\":", r.p90);
		if (w->updates)
			put(w, how == PROVISIONAL ? ",\"final\":false" : ",\"final\":true");
		if (how == EVICTED)
			put(w, ",\"evicted\":true");
		if (w->alert && how != PROVISIONAL)
			put_alert(w, s, &r);
		put(w, "}\n");
	}
	out_write(w->line, w->linelen);
	if (how == PROVISIONAL)
		w->provisional++;
	else
		w->windows++;
}

/* A key with no open window is forgotten, unless it holds an alert baseline or closed a session
 * lately. */
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

/* Write a window and let it go. */
static void
close_window(struct win *w, struct wstate *s, enum how how)
{
	struct wkey *k = s->key;

	write_window(w, s, how);
	if (s->end > k->closed_end)
		k->closed_end = s->end;
	store_close(&w->store, s);
	if (how != EVICTED)
		release_key(w, k);
}

/* Write every window the watermark has passed, in order. */
static void
advance(struct win *w)
{
	struct wstate *s;

	while ((s = store_first(&w->store)) && s->end <= w->wm)
		close_window(w, s, FINAL);
	/* A session key stays known while a record could still join its last session. */
	while (w->store.tomb_head && w->store.tomb_head->closed_end <= w->wm - w->gap)
		store_drop(&w->store, w->store.tomb_head);
}

static int
cmp_states(const void *a, const void *b)
{
	return state_cmp(*(struct wstate *const *)a, *(struct wstate *const *)b);
}

/* --emit updates: every open window that changed, with "final": false. */
static void
write_updates(struct win *w)
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

/* --max-keys: the least recently used key goes, its windows written as they are. */
static void
evict(struct win *w)
{
	struct wkey *k = w->store.lru_tail;

	while (k->nst)
		close_window(w, k->st[0], EVICTED);
	store_drop(&w->store, k);
	w->evicted++;
}

/* ---- Keys of a record ---- */

static void
sk_reset(struct win *w)
{
	w->sklen = 0;
}

/* The key for the combination c of the values under each --by (mixed radix). */
static void
combo_values(struct win *w, size_t c, const json_t **v)
{
	for (size_t i = w->nby; i-- > 0;) {
		v[i] = w->vals[i][c % w->nvals[i]];
		c /= w->nvals[i];
	}
}

static void
combo_sortkey(struct win *w, const json_t **v)
{
	sk_reset(w);
	if (w->nby == 0) {
		key_encode(json_null(), &w->sk, &w->sklen, &w->skcap);
		return;
	}
	if (w->nby > 1)
		buf_put(&w->sk, &w->sklen, &w->skcap, (char[]){SK_ARRAY}, 1);
	for (size_t i = 0; i < w->nby; i++)
		key_encode(v[i], &w->sk, &w->sklen, &w->skcap);
	if (w->nby > 1)
		buf_put(&w->sk, &w->sklen, &w->skcap, (char[]){SK_END}, 1);
}

static char *
combo_json(struct win *w, const json_t **v)
{
	char *s = NULL;
	size_t len = 0, cap = 0;

	if (w->nby == 0)
		return xstrdup("null");
	if (w->nby > 1)
		buf_puts(&s, &len, &cap, "[");
	for (size_t i = 0; i < w->nby; i++) {
		if (i)
			buf_puts(&s, &len, &cap, ",");
		key_write(v[i], &s, &len, &cap);
	}
	if (w->nby > 1)
		buf_puts(&s, &len, &cap, "]");
	return s;
}

/*
 * Gather the values of each --by: an array gives its elements (an empty
 * one, null), a missing field null.  Returns the number of combinations,
 * or 0 when there are too many.
 */
static size_t
gather_keys(struct win *w, json_t *const *by)
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

/* The key for the current sort key, made (and space made for it) when new. */
static struct wkey *
get_key(struct win *w, const json_t **v, const json_t *keyval)
{
	uint64_t h = store_hash(w->sk, w->sklen);
	struct wkey *k = store_find(&w->store, w->sk, w->sklen, h);
	char *json = NULL;
	size_t len = 0, cap = 0;

	if (k) {
		store_touch(&w->store, k);
		return k;
	}
	if (w->max_keys && w->store.nkeys >= w->max_keys)
		evict(w);
	if (keyval)
		key_write(keyval, &json, &len, &cap);
	else
		json = combo_json(w, v);
	return store_add(&w->store, w->sk, w->sklen, h, json);
}

/* ---- Windows of a record ---- */

/* The window of k that starts at start, opened when new. */
static struct wstate *
fixed_window(struct win *w, struct wkey *k, int64_t start)
{
	struct wstate *s = store_lookup(k, start);

	return s ? s : store_open(&w->store, k, start, start + w->size);
}

/*
 * The session of k covering [start, end): sessions of k that overlap it
 * are merged into one, which is stretched to cover it (or a new one).
 */
static struct wstate *
session_window(struct win *w, struct wkey *k, int64_t start, int64_t end)
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

/* The earliest end among the fixed windows that hold time t. */
static int64_t
first_end(const struct win *w, int64_t t)
{
	return (floordiv(t - w->size, w->slide) + 1) * w->slide + w->size;
}

static bool
is_late(struct win *w, int64_t t, size_t nkeys)
{
	if (w->kind != SESSION)
		return first_end(w, t) <= w->wm;
	if (t + w->gap <= w->wm)
		return true;
	/* A record that would join a session already written is late too. */
	for (size_t c = 0; c < nkeys; c++) {
		const json_t *v[MAX_BY];
		struct wkey *k;

		combo_values(w, c, v);
		combo_sortkey(w, v);
		k = store_find(&w->store, w->sk, w->sklen, store_hash(w->sk, w->sklen));
		if (k && t < k->closed_end)
			return true;
	}
	return false;
}

static void
add_value(struct win *w, struct wkey *k, int64_t t, double x)
{
	if (w->kind == SESSION) {
		struct wstate *s = session_window(w, k, t, t + w->gap);

		agg_add(&s->agg, x, w->pos, w->neg);
		s->dirty = true;
		return;
	}
	for (int64_t j = floordiv(t - w->size, w->slide) + 1, last = floordiv(t, w->slide);
	     j <= last; j++) {
		struct wstate *s = fixed_window(w, k, j * w->slide);

		agg_add(&s->agg, x, w->pos, w->neg);
		s->dirty = true;
	}
}

static const char *
kind_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return "a string";
	case JSON_NULL:
		return "null";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_ARRAY:
		return "an array";
	case JSON_OBJECT:
		return "an object";
	default:
		return "a number";
	}
}

static enum verdict
late_record(struct stage *st, struct win *w, const struct record *rec, int64_t t)
{
	char ts[RFC3339_LEN], wm[RFC3339_LEN];

	w->late_count++;
	if (w->late) {
		if (fwrite(rec->raw, 1, rec->len, w->late) != rec->len ||
		    putc('\n', w->late) == EOF)
			eprintf("%s: write error:", w->late_path);
		return VERDICT_FILTERED;
	}
	return stage_reject(st, rec, "late: its window closed (time %s, watermark %s)",
	                    rfc3339_format(t, ts), rfc3339_format(w->wm, wm));
}

static enum verdict merge_record(struct stage *st, struct win *w, const struct record *rec,
                                 const json_t *obj);

/* A record, given the values of its fields (f[F_TIME] ...; NULL when missing). */
static enum verdict
take_record(struct stage *st, struct win *w, const struct record *rec, json_t *const *f)
{
	const json_t *tv = f[F_TIME], *vv = f[F_VALUE];
	const char *why;
	int64_t t;
	double x;
	size_t nkeys;

	if (!tv)
		return stage_reject(st, rec, "no time at \"%s\"", w->time.text);
	if (timestamp_from_json(tv, &t, &why))
		return stage_reject(st, rec, "time at \"%s\": %s", w->time.text, why);
	if (t < -MAX_TIME || t > MAX_TIME)
		return stage_reject(st, rec, "time at \"%s\": out of range", w->time.text);
	if (!vv && !w->value_set) /* scored by textblob */
		vv = f[F_POLARITY];
	if (!vv)
		return stage_reject(st, rec, "no value at \"%s\"", w->value.text);
	if (!json_is_number(vv))
		return stage_reject(st, rec, "value at \"%s\" is %s, not a number", w->value.text,
		                    kind_of(vv));
	x = json_number_value(vv) + 0.0;
	if (!isfinite(x) || fabs(x) > MAX_VALUE)
		return stage_reject(st, rec, "value at \"%s\" is out of range", w->value.text);
	if (!(nkeys = gather_keys(w, f + F_BY)))
		return stage_reject(st, rec, "falls under more than %d keys", MAX_KEYS_REC);
	if (w->kind != SESSION && nkeys * (size_t)(w->size / w->slide + 1) > MAX_ADDS_REC)
		return stage_reject(st, rec, "falls in more than %d windows (keys times windows)",
		                    MAX_ADDS_REC);
	if (w->seen && is_late(w, t, nkeys))
		return late_record(st, w, rec, t);

	w->serial++;
	for (size_t c = 0; c < nkeys; c++) {
		const json_t *v[MAX_BY];
		struct wkey *k;

		combo_values(w, c, v);
		combo_sortkey(w, v);
		k = get_key(w, v, NULL);
		/* An array with the same element twice counts the record once under it. */
		if (k->stamp == w->serial)
			continue;
		k->stamp = w->serial;
		add_value(w, k, t, x);
	}
	if (!w->seen || t > w->maxt) {
		w->seen = true;
		w->maxt = t;
		if (t - w->lateness > w->wm) {
			w->wm = t - w->lateness;
			advance(w);
		}
	}
	if (w->updates) {
		int64_t now = monotonic_ns();

		if (now >= w->next_update) {
			write_updates(w);
			w->next_update = now + w->every_ns;
		}
	}
	return VERDICT_OUT;
}

/*
 * Each line: the fields we need, found by a scan of the line when it is
 * plain (almost always), or else by jansson, which also rejects what is
 * not a JSON object, as in every stage.
 */
static enum verdict
on_record(struct stage *st, struct record *rec)
{
	struct win *w = st->data;
	json_t *f[F_BY + MAX_BY] = {NULL}, *obj;
	enum verdict v;

	if (!w->merge) {
		w->active = true;
		if (scan_record(rec->raw, rec->len, w->fields, w->nfields, NULL)) {
			for (size_t i = 0; i < w->nfields; i++)
				f[i] = scan_value(&w->fields[i]);
			goto take;
		}
	}
	if (!(obj = stage_parse(st, rec)))
		return VERDICT_REJECTED;
	if (w->merge) {
		v = merge_record(st, w, rec, obj);
		json_decref(obj);
		return v;
	}
	for (size_t i = 0; i < w->nfields; i++)
		f[i] = json_incref(jsonpath_get(obj, w->fields[i].path));
	json_decref(obj);
take:
	v = take_record(st, w, rec, f);
	for (size_t i = 0; i < w->nfields; i++)
		json_decref(f[i]);
	return v;
}

/* ---- --merge ---- */

static int
get_ns(const json_t *obj, const char *name, int64_t *v)
{
	json_t *j = json_object_get(obj, name);

	if (!json_is_integer(j) || json_integer_value(j) < -MAX_TIME - MAX_SPAN ||
	    json_integer_value(j) > MAX_TIME + MAX_SPAN)
		return -1;
	*v = json_integer_value(j);
	return 0;
}

/* A partial record: check that it is of the same window as the others, then add it in. */
static enum verdict
merge_record(struct stage *st, struct win *w, const struct record *rec, const json_t *obj)
{
	const json_t *p = json_object_get(obj, "partial");
	const char *kind = json_string_value(json_object_get(obj, "kind")), *why;
	int64_t size = 0, slide = 0, gap = 0, start, end;
	enum kind kd;
	const json_t *key;
	struct wkey *k;
	struct wstate *s;
	struct agg a;

	if (!json_is_integer(p) || json_integer_value(p) != 1)
		return stage_reject(st, rec, "not a partial record (no \"partial\":1)");
	if (!kind ||
	    (strcmp(kind, "tumbling") && strcmp(kind, "hopping") && strcmp(kind, "session")))
		return stage_reject(st, rec, "partial record without a known \"kind\"");
	kd = !strcmp(kind, "session") ? SESSION : !strcmp(kind, "hopping") ? HOPPING : TUMBLING;
	if (kd == SESSION ? get_ns(obj, "gap", &gap) || gap <= 0
	                  : get_ns(obj, "size", &size) || get_ns(obj, "slide", &slide) ||
	                        size <= 0 || slide <= 0 || slide > size)
		return stage_reject(st, rec,
		                    "partial record with a wrong window size, slide or gap");
	if (!w->spec_set) {
		w->spec_set = true;
		w->kind = kd;
		w->size = size;
		w->slide = slide;
		w->gap = gap;
	} else if (kd != w->kind || size != w->size || slide != w->slide || gap != w->gap)
		return stage_reject(st, rec, "partial record of another window than the first");
	if (get_ns(obj, "start", &start) || get_ns(obj, "end", &end) || end <= start ||
	    (kd != SESSION && end - start != size))
		return stage_reject(st, rec, "partial record with a wrong \"start\" or \"end\"");
	if (!(key = json_object_get(obj, "key")))
		return stage_reject(st, rec, "partial record without a \"key\"");
	agg_init(&a);
	if (agg_load_partial(&a, obj, &why)) {
		agg_free(&a);
		return stage_reject(st, rec, "partial record: %s", why);
	}
	sk_reset(w);
	key_encode(key, &w->sk, &w->sklen, &w->skcap);
	k = get_key(w, NULL, key);
	s = kd == SESSION ? session_window(w, k, start, end) : fixed_window(w, k, start);
	agg_merge(&s->agg, &a);
	agg_free(&a);
	return VERDICT_OUT;
}

/* ---- The end, idleness, statistics ---- */

/* End of input or a signal: every open window, in order. */
static void
on_finish(struct stage *st)
{
	struct win *w = st->data;
	struct wstate *s;

	while ((s = store_first(&w->store)))
		close_window(w, s, FINAL);
	if (w->late && fclose(w->late))
		eprintf("%s: write error:", w->late_path);
	w->late = NULL;
	if (w->evicted)
		weprintf("%llu keys evicted (--max-keys %zu): their windows were written early",
		         w->evicted, w->max_keys);
}

/*
 * The input is silent (output was just flushed).  With --idle, once it
 * has been for D, the watermark moves up to the wall clock minus the
 * lateness, as if event time went on; with --emit updates, the changed
 * windows are written every D.  Returns how long to wait, in ms.
 */
static int
on_idle(struct stage *st)
{
	struct win *w = st->data;
	int64_t now = monotonic_ns(), wait = -1;
	bool wrote = false;

	if (w->active) {
		w->active = false;
		w->silent_since = now;
	}
	if (w->idle_ns) {
		if (now - w->silent_since >= w->idle_ns) {
			int64_t wm = now_ns() - w->lateness;

			if (w->seen && wm > w->wm) {
				w->wm = wm;
				advance(w);
				wrote = true;
			}
			w->silent_since = now;
		}
		wait = w->silent_since + w->idle_ns - now;
	}
	if (w->updates) {
		if (now >= w->next_update) {
			write_updates(w);
			w->next_update = now + w->every_ns;
			wrote = true;
		}
		if (wait < 0 || w->next_update - now < wait)
			wait = w->next_update - now;
	}
	if (wrote)
		out_flush();
	if (wait < 0)
		return -1;
	wait = (wait + NS_PER_MS - 1) / NS_PER_MS;
	return wait > INT_MAX ? INT_MAX : (int)wait;
}

static void
on_stats(struct stage *st, json_t *stats)
{
	struct win *w = st->data;

	json_object_set_new(stats, "windows", json_integer((json_int_t)w->windows));
	if (w->updates)
		json_object_set_new(stats, "provisional", json_integer((json_int_t)w->provisional));
	json_object_set_new(stats, "late", json_integer((json_int_t)w->late_count));
	json_object_set_new(stats, "evicted", json_integer((json_int_t)w->evicted));
	if (w->alert)
		json_object_set_new(stats, "alerts", json_integer((json_int_t)w->alerts));
}

/* ---- Options ---- */

static int64_t
span_arg(struct stage *st, const char *opt, const char *arg, bool zero_ok)
{
	int64_t ns;

	if (duration_parse(arg, &ns) || ns > MAX_SPAN || (!zero_ok && ns <= 0))
		stage_bad_option(st, opt, "not a duration%s: %s", zero_ok ? "" : " over 0", arg);
	return ns;
}

static double
number_arg(struct stage *st, const char *opt, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !isfinite(v))
		stage_bad_option(st, opt, "not a number: %s", arg);
	return v;
}

static void
path_arg(struct stage *st, const char *opt, struct jsonpath *p, const char *arg)
{
	if (p->text)
		jsonpath_free(p);
	if (jsonpath_compile(p, arg))
		stage_bad_option(st, opt, "not a field path: %s", arg);
}

int
main(int argc, char **argv)
{
	static struct stage st;
	static struct win w;
	bool size_set = false, slide_set = false, session_set = false, every_set = false;
	int c;

	stage_init(&st, "sentio-window");
	st.usage = usage;
	st.help = help;
	st.record = on_record;
	st.finish = on_finish;
	st.idle = on_idle;
	st.stats_extra = on_stats;
	st.data = &w;

	w.kind = TUMBLING;
	w.size = 60 * NS_PER_SEC;
	w.lateness = 5 * NS_PER_SEC;
	w.every_ns = NS_PER_SEC;
	w.pos = 0.05;
	w.neg = -0.05;
	w.alpha = 0.3;
	w.wm = INT64_MIN;
	path_arg(&st, "--time", &w.time, "ts");
	path_arg(&st, "--value", &w.value, "sentiment.compound");
	path_arg(&st, "--value", &w.polarity, "sentiment.polarity");

	while ((c = getopt_long(argc, argv, STAGE_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SIZE:
			w.size = span_arg(&st, "--size", optarg, false);
			size_set = true;
			break;
		case OPT_SLIDE:
			w.slide = span_arg(&st, "--slide", optarg, false);
			slide_set = true;
			break;
		case OPT_SESSION:
			w.gap = span_arg(&st, "--session", optarg, false);
			session_set = true;
			break;
		case OPT_TIME:
			path_arg(&st, "--time", &w.time, optarg);
			break;
		case OPT_VALUE:
			path_arg(&st, "--value", &w.value, optarg);
			w.value_set = true;
			break;
		case OPT_BY:
			if (w.nby == MAX_BY)
				stage_bad_option(&st, "--by", "at most %d fields", MAX_BY);
			path_arg(&st, "--by", &w.by[w.nby++], optarg);
			break;
		case OPT_LATENESS:
			w.lateness = span_arg(&st, "--lateness", optarg, true);
			break;
		case OPT_LATE:
			w.late_path = optarg;
			break;
		case OPT_IDLE:
			w.idle_ns = span_arg(&st, "--idle", optarg, false);
			break;
		case OPT_EMIT:
			if (!strcmp(optarg, "updates"))
				w.updates = true;
			else if (!strcmp(optarg, "final"))
				w.updates = false;
			else
				stage_bad_option(&st, "--emit", "final or updates, not %s", optarg);
			break;
		case OPT_EVERY:
			w.every_ns = span_arg(&st, "--every", optarg, false);
			every_set = true;
			break;
		case OPT_POS:
			w.pos = number_arg(&st, "--pos", optarg);
			break;
		case OPT_NEG:
			w.neg = number_arg(&st, "--neg", optarg);
			break;
		case OPT_ALERT:
			w.alert_z = number_arg(&st, "--alert", optarg);
			if (w.alert_z <= 0)
				stage_bad_option(&st, "--alert", "not a number over 0: %s", optarg);
			w.alert = true;
			break;
		case OPT_ALPHA:
			w.alpha = number_arg(&st, "--alpha", optarg);
			if (w.alpha <= 0 || w.alpha > 1)
				stage_bad_option(&st, "--alpha", "not in (0, 1]: %s", optarg);
			break;
		case OPT_MAX_KEYS: {
			char *end;
			unsigned long long n = strtoull(optarg, &end, 10);

			if (end == optarg || *end || *optarg == '-' || n == 0)
				stage_bad_option(&st, "--max-keys", "not a count over 0: %s",
				                 optarg);
			w.max_keys = (size_t)n;
			break;
		}
		case OPT_PARTIAL:
			w.partial = true;
			break;
		case OPT_MERGE:
			w.merge = true;
			break;
		default:
			if (!stage_option(&st, c, optarg))
				stage_usage(&st, 2);
		}
	}

	if (session_set && (size_set || slide_set))
		stage_bad_option(&st, "--session", "not with --size or --slide");
	if (session_set)
		w.kind = SESSION;
	else if (slide_set && w.slide != w.size) {
		if (w.slide > w.size)
			stage_bad_option(&st, "--slide", "longer than --size");
		if (w.size / w.slide > MAX_HOPS)
			stage_bad_option(&st, "--slide", "over %d windows a record", MAX_HOPS);
		w.kind = HOPPING;
	} else
		w.slide = w.size;
	if (w.pos < w.neg)
		stage_bad_option(&st, "--pos", "below --neg");
	if (w.partial && w.merge)
		stage_bad_option(&st, "--partial", "not with --merge");
	if (w.partial && (w.alert || w.updates))
		stage_bad_option(&st, "--partial",
		                 "not with --alert or --emit updates (give them to --merge)");
	if (w.merge && (w.updates || w.idle_ns))
		stage_bad_option(&st, "--merge", "not with --emit updates or --idle");
	if (every_set && !w.updates)
		stage_bad_option(&st, "--every", "needs --emit updates");
	if (w.late_path && !(w.late = fopen(w.late_path, "a")))
		eprintf("%s:", w.late_path);

	w.fields[F_TIME].path = &w.time;
	w.fields[F_VALUE].path = &w.value;
	w.fields[F_POLARITY].path = &w.polarity;
	for (size_t i = 0; i < w.nby; i++)
		w.fields[F_BY + i].path = &w.by[i];
	w.nfields = F_BY + w.nby;
	st.raw_lines = true; /* on_record() parses, with scan.c or stage_parse() */
	store_init(&w.store);
	w.next_update = monotonic_ns() + w.every_ns;
	return stage_run(&st, argc - optind, argv + optind);
}
