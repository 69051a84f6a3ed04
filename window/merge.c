/* merge.c: partial states read back and added up; live shards' watermarks. */
#include <string.h>

#include "assign.h"
#include "emit.h"
#include "group.h"
#include "json.h"
#include "merge.h"
#include "output.h"
#include "tz.h"
#include "util.h"

static enum verdict shard_record(struct stage *st, struct win *w, const struct record *rec,
                                 const json_t *obj);

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

enum verdict
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
	if (json_object_get(obj, "shard"))
		return shard_record(st, w, rec, obj);
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
	/* Windows on one zone's clock add up only with windows on the same clock. */
	const json_t *tzv = json_object_get(obj, "tz");
	const char *tz = !tzv ? "UTC" : json_is_string(tzv) ? json_string_value(tzv) : "?";
	if (strcmp(tz, tz_name()))
		return stage_reject(
		    st, rec, "partial record of --tz %s, not %s (give --merge the shards' --tz)",
		    tz, tz_name());
	if (get_ns(obj, "start", &start) || get_ns(obj, "end", &end) || end <= start ||
	    (kd != SESSION && end != assign_end(w, start)))
		return stage_reject(st, rec, "partial record with a wrong \"start\" or \"end\"");
	if (!(key = json_object_get(obj, "key")))
		return stage_reject(st, rec, "partial record without a \"key\"");
	/* Live shards: every shard heard from had passed the window, which was written. */
	if (end <= w->wm && !(w->revise.span && kd != SESSION && end > w->wm - w->revise.span))
		return stage_reject(st, rec,
		                    "partial record of a window written already (from a shard "
		                    "not heard from in time; see --shards and --revise)");
	agg_init(&a);
	if (agg_load_partial(&a, obj, &why)) {
		agg_free(&a);
		return stage_reject(st, rec, "partial record: %s", why);
	}
	group_sortkey_of(w, key);
	if ((k = group_find(w)) && !assign_fits(w, k, start, end, &a)) {
		agg_free(&a);
		return stage_reject(st, rec, "partial record: a histogram bin would pass 2^32 - 1");
	}
	k = group_key(w, NULL, key);
	s = kd == SESSION ? assign_session(w, k, start, end) : assign_fixed(w, k, start);
	agg_merge(&s->agg, &a);
	agg_free(&a);
	revise_flush(w); /* a window written already, held by --revise */
	return VERDICT_OUT;
}

/* ---- Live shards ---- */

/* The shards --merge has heard from. */
static struct shard {
	char *name;
	bool seen;  /* a watermark came (not null) */
	int64_t wm; /* INT64_MAX once ended */
} * shards;
static size_t nshards;

/* Floor division (b > 0). */
static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return a % b && a < 0 ? q - 1 : q;
}

/*
 * The shard's frontier: no partial state it will write (but a revision)
 * starts before it, nor ends at or before it.  For fixed windows, the
 * watermark; for sessions, also the start of any session still open, and
 * the earliest a session of a record to come could start.
 */
static bool
frontier(const struct win *w, int64_t *f)
{
	if (w->wm == INT64_MIN)
		return false;
	*f = w->wm;
	if (w->kind == SESSION) {
		*f = w->wm - w->gap;
		for (size_t i = 0; i < w->store.nheap; i++)
			if (w->store.heap[i]->start < *f)
				*f = w->store.heap[i]->start;
	}
	return true;
}

static void
write_shard(struct win *w, const char *tail)
{
	w->line.len = 0;
	buf_adds(&w->line, "{\"partial\":1,\"shard\":");
	json_put_string(&w->line, w->shard, strlen(w->shard), JSON_STR_WINDOW);
	buf_adds(&w->line, tail);
	out_write(w->line.p, w->line.len);
}

bool
merge_watermark(struct win *w, bool start, bool idle)
{
	int64_t f, step = w->kind == SESSION ? w->gap : w->slide;

	if (!w->live)
		return false;
	if (start) {
		write_shard(w, ",\"watermark\":null}\n");
		return true;
	}
	/* The frontier is at most the watermark (less the gap): no scan when that is no news. */
	if (w->shard_sent_set && !idle && w->wm != INT64_MIN &&
	    floordiv(w->kind == SESSION ? w->wm - w->gap : w->wm, step) ==
	        floordiv(w->shard_sent, step))
		return false;
	if (!frontier(w, &f) || (w->shard_sent_set && f <= w->shard_sent) ||
	    (w->shard_sent_set && !idle && floordiv(f, step) == floordiv(w->shard_sent, step)))
		return false;
	w->shard_sent = f;
	w->shard_sent_set = true;
	w->sk.len = 0;
	buf_adds(&w->sk, ",\"watermark\":");
	json_put_int(&w->sk, f);
	buf_adds(&w->sk, "}\n");
	buf_addc(&w->sk, '\0');
	write_shard(w, w->sk.p);
	w->sk.len = 0;
	return true;
}

void
merge_shard_end(struct win *w)
{
	if (w->live)
		write_shard(w, ",\"end\":true}\n");
}

/* A watermark record: the merge's watermark is the lowest of the shards heard from. */
static enum verdict
shard_record(struct stage *st, struct win *w, const struct record *rec, const json_t *obj)
{
	const char *name = json_string_value(json_object_get(obj, "shard"));
	const json_t *wm = json_object_get(obj, "watermark"), *end = json_object_get(obj, "end");
	struct shard *s = NULL;
	int64_t v = 0, low = INT64_MAX;

	if (!name)
		return stage_reject(st, rec, "watermark record: \"shard\" is not a string");
	if (json_is_true(end))
		v = INT64_MAX;
	else if (!json_is_null(wm) && get_ns(obj, "watermark", &v))
		return stage_reject(st, rec, "watermark record without a \"watermark\" time");
	for (size_t i = 0; i < nshards; i++)
		if (!strcmp(shards[i].name, name))
			s = &shards[i];
	if (!s) {
		shards = xrealloc(shards, (nshards + 1) * sizeof(*shards));
		s = &shards[nshards++];
		*s = (struct shard){xstrdup(name), false, INT64_MIN};
	}
	if ((json_is_true(end) || !json_is_null(wm)) && (!s->seen || v > s->wm)) {
		s->seen = true;
		s->wm = v;
	}
	/* --shards N: wait for them all; and for every input, each maybe a shard. */
	if (nshards < w->shards || st->inputs_waiting)
		return VERDICT_OUT;
	for (size_t i = 0; i < nshards; i++) {
		if (!shards[i].seen)
			return VERDICT_OUT;
		if (shards[i].wm < low)
			low = shards[i].wm;
	}
	if (low > w->wm) {
		w->wm = low;
		emit_passed(w);
	}
	return VERDICT_OUT;
}
