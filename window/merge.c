/* merge.c: partial states read back and added up. */
#include <string.h>

#include "assign.h"
#include "group.h"
#include "merge.h"
#include "tz.h"

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
	return VERDICT_OUT;
}
