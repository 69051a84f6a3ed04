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
 * written to --late FILE (filtered) or to the rejects (rejected).  With
 * --lateness all the watermark never moves: every window waits for the
 * end of input, which gives the result of sorted input in any order.  A
 * time too far ahead of the clock (--max-future) is rejected before it
 * can move the watermark.
 *
 * Every window's state merges exactly (aggregate.h, exact.h): --partial
 * writes it, --merge adds partial states up, and the result is byte for
 * byte that of a single run over all the input.
 *
 * The open windows wait in a heap in output order (store.h); a record's
 * few fields are found by a one-pass scan of its line (scan.h).  This
 * file is the story: options, taking records, idleness and the end.  The
 * parts it tells of (window.h draws them): group.h finds the keys a
 * record falls under, assign.h the windows it falls in, emit.h writes
 * windows and lets them go, merge.h adds up partial states.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "assign.h"
#include "duration.h"
#include "emit.h"
#include "group.h"
#include "json.h"
#include "merge.h"
#include "opt.h"
#include "stage.h"
#include "state.h"
#include "timestamp.h"
#include "tz.h"
#include "window.h"

#define MAX_HOPS     1000  /* hopping windows a record falls in */
#define MAX_ADDS_REC 16384 /* windows times keys one record may count in */

enum {
	OPT_SIZE = OPT_STAGE,
	OPT_SLIDE,
	OPT_SESSION,
	OPT_TIME,
	OPT_VALUE,
	OPT_BY,
	OPT_LATENESS,
	OPT_MAX_FUTURE,
	OPT_LATE,
	OPT_REVISE,
	OPT_IDLE,
	OPT_EMIT,
	OPT_EVERY,
	OPT_POS,
	OPT_NEG,
	OPT_ALERT,
	OPT_ALPHA,
	OPT_MAX_KEYS,
	OPT_PARTIAL,
	OPT_LIVE,
	OPT_SHARD,
	OPT_MERGE,
	OPT_SHARDS,
	OPT_FLUSH
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
    "      --time PATH       the event time: RFC 3339, RFC 2822 or epoch (default ts)\n"
    "      --value PATH      the value (default sentiment.compound, or else\n"
    "                        sentiment.polarity, as the textblob model writes)\n"
    "      --by PATH         group by this field; repeat for composite keys; an array\n"
    "                        counts the record under each element; missing is null\n"
    "      --pos T           values >= T count as positive (default 0.05)\n"
    "      --neg T           values <= T count as negative (default -0.05)\n"
    "Time:\n"
    "      --lateness D      the watermark trails the highest time by D (default 5s);\n"
    "                        all: bounded input in any order, windows written at its end\n"
    "      --max-future D    reject times more than D ahead of the wall clock\n"
    "                        (default 15m; off: accept them)\n"
    "      --late FILE       append late records to FILE (default: reject them)\n"
    "      --revise D        a late record less than D behind the watermark updates\n"
    "                        its windows, written again with \"revision\":N\n"
    "      --idle D          while input is silent for D, let event time go on, at most\n"
    "                        as fast as the wall clock, and close what the watermark\n"
    "                        passes\n"
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
    "      --live            ... and the shard's watermark, for a live --merge\n"
    "      --shard NAME      the shard's name (implies --live; default host:pid)\n"
    "      --merge           read partial states (files or pipes, all at once) and\n"
    "                        write the results, live as shards' watermarks pass\n"
    "      --shards N        write nothing before N live shards are heard from\n"
    "Resuming from cron:\n"
    "      --flush           with --state: write the open windows too (end of "
    "day)\n" STAGE_TIME_HELP STAGE_FILE_HELP STAGE_HELP;

static const struct option longopts[] = {
    STAGE_LONGOPTS,
    STAGE_FILE_LONGOPTS,
    STAGE_TIME_LONGOPTS,
    {"size", required_argument, NULL, OPT_SIZE},
    {"slide", required_argument, NULL, OPT_SLIDE},
    {"session", required_argument, NULL, OPT_SESSION},
    {"time", required_argument, NULL, OPT_TIME},
    {"value", required_argument, NULL, OPT_VALUE},
    {"by", required_argument, NULL, OPT_BY},
    {"lateness", required_argument, NULL, OPT_LATENESS},
    {"max-future", required_argument, NULL, OPT_MAX_FUTURE},
    {"late", required_argument, NULL, OPT_LATE},
    {"revise", required_argument, NULL, OPT_REVISE},
    {"idle", required_argument, NULL, OPT_IDLE},
    {"emit", required_argument, NULL, OPT_EMIT},
    {"every", required_argument, NULL, OPT_EVERY},
    {"pos", required_argument, NULL, OPT_POS},
    {"neg", required_argument, NULL, OPT_NEG},
    {"alert", required_argument, NULL, OPT_ALERT},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"max-keys", required_argument, NULL, OPT_MAX_KEYS},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"live", no_argument, NULL, OPT_LIVE},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"shards", required_argument, NULL, OPT_SHARDS},
    {"flush", no_argument, NULL, OPT_FLUSH},
    {NULL, 0, NULL, 0},
};

static const char *const emit_choices[] = {"final", "updates", NULL};

/* ---- Taking records ---- */

static enum verdict
late_record(struct stage *st, struct win *w, const struct record *rec, int64_t t)
{
	char why[LATE_WHY_LEN];

	w->late_count++;
	if (w->late.path) {
		late_add(&w->late, rec->raw, rec->len);
		return VERDICT_FILTERED;
	}
	return stage_reject(st, rec, "%s", late_why(why, t, w->wm, w->revise.span));
}

static void advance(struct win *w, int64_t t);

/* A record not scored, at time t: counted in its windows' "unscored", never rejected for it. */
static enum verdict
take_unscored(struct stage *st, struct win *w, const struct record *rec, int64_t t,
              json_t *const *f)
{
	size_t nkeys;

	if (!(nkeys = group_gather(w, f + F_BY)))
		return stage_reject(st, rec, "falls under more than %d keys", MAX_KEYS_REC);
	if (w->kind != SESSION && nkeys * (size_t)(w->size / w->slide + 1) > MAX_ADDS_REC)
		return stage_reject(st, rec, "falls in more than %d windows (keys times windows)",
		                    MAX_ADDS_REC);
	if (w->seen && assign_late(w, t, nkeys) && !revise_takes(w, t))
		return late_record(st, w, rec, t);
	w->serial++;
	for (size_t c = 0; c < nkeys; c++) {
		const json_t *v[MAX_BY];
		struct wkey *k;

		group_combo(w, c, v);
		group_sortkey(w, v);
		k = group_key(w, v, NULL);
		if (k->stamp == w->serial)
			continue;
		k->stamp = w->serial;
		assign_add_unscored(w, k, t);
	}
	w->unscored_count++;
	revise_flush(w);
	advance(w, t);
	return VERDICT_OUT;
}

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
	/*
	 * A clock years ahead would move the watermark past every record to
	 * come.  Only a new highest time needs the clock: the highest was
	 * within reach of it when taken, and the clock only goes on.
	 */
	if (w->max_future >= 0 && (!w->seen || t > w->maxt)) {
		int64_t ahead = t - now_ns();

		if (ahead > w->max_future) {
			char d[DURATION_LEN];

			return stage_reject(
			    st, rec, "time at \"%s\": in the future by %s (see --max-future)",
			    w->time.text, duration_format(ahead, d));
		}
	}
	if (!vv && !w->value_set) /* scored by textblob */
		vv = f[F_POLARITY];
	/* Not scored (another language, see sentio-score): counted, in no figure. */
	if ((!vv || json_is_null(vv)) && json_is_string(f[F_UNSCORED]))
		return take_unscored(st, w, rec, t, f);
	if (!vv)
		return stage_reject(st, rec, "no value at \"%s\"", w->value.text);
	if (!json_is_number(vv))
		return stage_reject(st, rec, "value at \"%s\" is %s, not a number", w->value.text,
		                    json_kind(vv));
	x = json_number_value(vv) + 0.0;
	if (!isfinite(x) || fabs(x) > AGG_MAX_VALUE)
		return stage_reject(st, rec, "value at \"%s\" is out of range", w->value.text);
	if (!(nkeys = group_gather(w, f + F_BY)))
		return stage_reject(st, rec, "falls under more than %d keys", MAX_KEYS_REC);
	if (w->kind != SESSION && nkeys * (size_t)(w->size / w->slide + 1) > MAX_ADDS_REC)
		return stage_reject(st, rec, "falls in more than %d windows (keys times windows)",
		                    MAX_ADDS_REC);
	if (w->seen && assign_late(w, t, nkeys) && !revise_takes(w, t))
		return late_record(st, w, rec, t);

	w->serial++;
	for (size_t c = 0; c < nkeys; c++) {
		const json_t *v[MAX_BY];
		struct wkey *k;

		group_combo(w, c, v);
		group_sortkey(w, v);
		k = group_key(w, v, NULL);
		/* An array with the same element twice counts the record once under it. */
		if (k->stamp == w->serial)
			continue;
		k->stamp = w->serial;
		assign_add(w, k, t, x);
	}
	revise_flush(w); /* the windows written already that the record changed */
	advance(w, t);
	return VERDICT_OUT;
}

/* A record at time t was taken: the watermark, and --emit updates. */
static void
advance(struct win *w, int64_t t)
{
	if (!w->seen || t > w->maxt) {
		w->seen = true;
		w->maxt = t;
		if (!w->lateness_all && t - w->lateness > w->wm) {
			w->wm = t - w->lateness;
			emit_passed(w);
			merge_watermark(w, false, false); /* --live: after what it covers */
		}
	}
	if (w->updates) {
		int64_t now = monotonic_ns();

		if (now >= w->next_update) {
			emit_updates(w);
			w->next_update = now + w->every_ns;
		}
	}
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

/* ---- The end, idleness, statistics ---- */

/*
 * End of input or a signal: every open window, in order.  With --state
 * they wait in the state for a later run, unless --flush: then they are
 * written, and the watermark passes them, so they are not written again.
 */
static void
on_finish(struct stage *st)
{
	struct win *w = st->data;
	struct wstate *s;

	while ((!st->state_path || w->flush) && (s = store_first(&w->store))) {
		if (st->state_path && s->end > w->wm)
			w->wm = s->end;
		emit_close(w, s, FINAL);
	}
	merge_shard_end(w);
	if (!st->state_path) /* else kept open for the checkpoint, which flushes it */
		late_close(&w->late);
	if (w->evicted)
		weprintf("%llu keys evicted (--max-keys %zu): their windows were written early",
		         w->evicted, w->max_keys);
}

/*
 * How far event time went on while the input was silent: the wall time
 * elapsed, scaled by the pace event time kept against the wall clock
 * since the first silence when that is under 1 (a replay slower than
 * real time); never faster than the wall clock.
 */
static int64_t
idle_advance(struct win *w, int64_t now)
{
	int64_t elapsed = now - w->quiet_since;

	if (w->maxt > w->pace_t && w->quiet_since > w->pace_mono) {
		double pace =
		    (double)(w->maxt - w->pace_t) / (double)(w->quiet_since - w->pace_mono);

		if (pace < 1)
			elapsed = (int64_t)((double)elapsed * pace);
	}
	return elapsed;
}

/*
 * The input is silent (output was just flushed).  With --idle, once it
 * has been for D, event time goes on from the highest time seen by the
 * wall time elapsed since the input went silent, and the watermark with
 * it (minus the lateness).  It never jumps to the wall clock, which a
 * saved file or a --replay is far behind; and it goes no faster than
 * the wall clock, which a replay at a speed over 1 outruns, so that the
 * replay's next record is never late for it.  With --emit updates, the
 * changed windows are written every D.  Returns how long to wait, in ms.
 */
static int
on_idle(struct stage *st)
{
	struct win *w = st->data;
	int64_t now = monotonic_ns(), wait = -1;
	bool wrote = false;

	late_flush(&w->late); /* with the output, which was just flushed */
	if (w->active) {
		w->active = false;
		w->silent_since = w->quiet_since = now;
		if (w->seen && !w->pace_set) {
			w->pace_set = true;
			w->pace_t = w->maxt;
			w->pace_mono = now;
		}
	}
	if (w->idle_ns && !w->lateness_all) {
		if (now - w->silent_since >= w->idle_ns) {
			int64_t wm = w->maxt + idle_advance(w, now) - w->lateness;

			if (w->seen && wm > w->wm) {
				w->wm = wm;
				emit_passed(w);
				wrote = true;
			}
			w->silent_since = now;
		}
		wait = w->silent_since + w->idle_ns - now;
	}
	if (merge_watermark(w, false, true)) /* --live: how far the shard got */
		wrote = true;
	if (w->updates) {
		if (now >= w->next_update) {
			emit_updates(w);
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
	if (w->revise.span)
		json_object_set_new(stats, "revisions",
		                    json_integer((json_int_t)w->revise.revisions));
	json_object_set_new(stats, "evicted", json_integer((json_int_t)w->evicted));
	json_object_set_new(stats, "unscored", json_integer((json_int_t)w->unscored_count));
	if (w->alert)
		json_object_set_new(stats, "alerts", json_integer((json_int_t)w->alerts));
}

/* ---- Options ---- */

/* A window, slide, gap or lateness: a duration over 0 (or 0 when zero_ok), up to MAX_SPAN. */
static int64_t
span_arg(const char *opt, const char *arg, bool zero_ok)
{
	int64_t ns = opt_duration_range(opt, arg, zero_ok ? 0 : 1, INT64_MAX);

	if (ns > MAX_SPAN)
		opt_bad(opt, arg, "longer than %lldd",
		        (long long)(MAX_SPAN / (86400 * NS_PER_SEC)));
	return ns;
}

static double
number_arg(const char *opt, const char *arg)
{
	return opt_number(opt, arg, -HUGE_VAL, HUGE_VAL);
}

static void
path_arg(const char *opt, struct jsonpath *p, const char *arg)
{
	if (p->text)
		jsonpath_free(p);
	if (jsonpath_compile(p, arg))
		opt_bad(opt, arg, "not a field path");
}

int
main(int argc, char **argv)
{
	static struct stage st;
	static struct win w;
	static char shard_name[300];
	bool size_set = false, slide_set = false, session_set = false, every_set = false;
	const char *late_path = NULL;
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
	w.max_future = 15 * 60 * NS_PER_SEC;
	w.every_ns = NS_PER_SEC;
	w.pos = 0.05;
	w.neg = -0.05;
	w.alpha = 0.3;
	w.wm = INT64_MIN;
	path_arg("--time", &w.time, "ts");
	path_arg("--value", &w.value, "sentiment.compound");
	path_arg("--value", &w.polarity, "sentiment.polarity");

	while ((c = getopt_long(argc, argv, STAGE_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SIZE:
			w.size = span_arg("--size", optarg, false);
			size_set = true;
			break;
		case OPT_SLIDE:
			w.slide = span_arg("--slide", optarg, false);
			slide_set = true;
			break;
		case OPT_SESSION:
			w.gap = span_arg("--session", optarg, false);
			session_set = true;
			break;
		case OPT_TIME:
			path_arg("--time", &w.time, optarg);
			break;
		case OPT_VALUE:
			path_arg("--value", &w.value, optarg);
			w.value_set = true;
			break;
		case OPT_BY:
			if (w.nby == MAX_BY)
				opt_bad("--by", NULL, "at most %d fields", MAX_BY);
			path_arg("--by", &w.by[w.nby++], optarg);
			break;
		case OPT_LATENESS:
			if ((w.lateness_all = !strcmp(optarg, "all")))
				break;
			w.lateness = span_arg("--lateness", optarg, true);
			break;
		case OPT_MAX_FUTURE:
			w.max_future =
			    !strcmp(optarg, "off") ? -1 : span_arg("--max-future", optarg, true);
			break;
		case OPT_LATE:
			late_path = opt_path("--late", optarg);
			break;
		case OPT_REVISE:
			w.revise.span = span_arg("--revise", optarg, false);
			break;
		case OPT_IDLE:
			w.idle_ns = span_arg("--idle", optarg, false);
			break;
		case OPT_EMIT:
			w.updates = opt_choice("--emit", optarg, emit_choices) == 1;
			break;
		case OPT_EVERY:
			w.every_ns = span_arg("--every", optarg, false);
			every_set = true;
			break;
		case OPT_POS:
			w.pos = number_arg("--pos", optarg);
			break;
		case OPT_NEG:
			w.neg = number_arg("--neg", optarg);
			break;
		case OPT_ALERT:
			w.alert_z = opt_number_over("--alert", optarg, 0, HUGE_VAL);
			w.alert = true;
			break;
		case OPT_ALPHA:
			w.alpha = opt_number_over("--alpha", optarg, 0, 1);
			break;
		case OPT_MAX_KEYS:
			w.max_keys = (size_t)opt_count("--max-keys", optarg, 1, LLONG_MAX);
			break;
		case OPT_PARTIAL:
			w.partial = true;
			break;
		case OPT_LIVE:
			w.live = true;
			break;
		case OPT_SHARD:
			if (!*optarg)
				opt_bad("--shard", optarg, "an empty name");
			w.shard = optarg;
			w.live = true;
			break;
		case OPT_MERGE:
			w.merge = true;
			break;
		case OPT_SHARDS:
			w.shards = (size_t)opt_count("--shards", optarg, 1, 1000000);
			break;
		case OPT_FLUSH:
			w.flush = true;
			break;
		default:
			if (!stage_option(&st, c, optarg))
				stage_usage(&st, 2);
		}
	}

	if (session_set && (size_set || slide_set))
		opt_bad("--session", NULL, "not with --size or --slide");
	if (session_set)
		w.kind = SESSION;
	else if (slide_set && w.slide != w.size) {
		if (w.slide > w.size)
			opt_bad("--slide", NULL, "longer than --size");
		if (w.size / w.slide > MAX_HOPS)
			opt_bad("--slide", NULL, "over %d windows a record", MAX_HOPS);
		w.kind = HOPPING;
	} else
		w.slide = w.size;
	if (w.kind == HOPPING && tz_active() && w.size % w.slide)
		opt_bad("--tz", NULL,
		        "hopping windows need a --size that is a multiple of --slide");
	if (w.pos < w.neg)
		opt_bad("--pos", NULL, "below --neg");
	if (w.partial && w.merge)
		opt_bad("--partial", NULL, "not with --merge");
	if (w.partial && (w.alert || w.updates))
		opt_bad("--partial", NULL,
		        "not with --alert or --emit updates (give them to --merge)");
	if (w.merge && (w.updates || w.idle_ns))
		opt_bad("--merge", NULL, "not with --emit updates or --idle");
	/* Evictions follow the order of the input, and a session evicted makes later records late.
	 */
	if (w.lateness_all && w.max_keys)
		opt_bad("--lateness", "all", "not with --max-keys");
	/* A session revised could grow into others, and change its start. */
	if (w.revise.span && session_set)
		opt_bad("--revise", NULL, "not with --session");
	if (w.live && !w.partial)
		opt_bad(w.shard ? "--shard" : "--live", NULL, "needs --partial");
	if (w.shards && !w.merge)
		opt_bad("--shards", NULL, "needs --merge");
	if (every_set && !w.updates)
		opt_bad("--every", NULL, "needs --emit updates");
	if (w.flush && !st.state_path)
		opt_bad("--flush", NULL, "needs --state");
	if (st.state_path && w.merge)
		opt_bad("--state", NULL, "not with --merge");
	if (st.state_path && w.revise.span) /* the windows it holds are not in the state */
		opt_bad("--revise", NULL, "not with --state");
	if (late_path)
		late_open(&w.late, late_path);
	if (st.state_path)
		win_state_hooks(&st);

	w.fields[F_TIME].path = &w.time;
	w.fields[F_VALUE].path = &w.value;
	w.fields[F_POLARITY].path = &w.polarity;
	jsonpath_sibling(&w.unscored, &w.value, "unscored");
	w.fields[F_UNSCORED].path = &w.unscored;
	for (size_t i = 0; i < w.nby; i++)
		w.fields[F_BY + i].path = &w.by[i];
	w.nfields = F_BY + w.nby;
	st.raw_lines = true; /* on_record() parses, with scan.c or stage_parse() */
	store_init(&w.store);
	w.next_update = monotonic_ns() + w.every_ns;
	st.together = w.merge; /* live shards' pipes, each line as it comes */
	if (w.live && !w.shard) {
		char host[256] = "localhost";

		gethostname(host, sizeof(host) - 1);
		host[sizeof(host) - 1] = '\0';
		snprintf(shard_name, sizeof(shard_name), "%s:%ld", host, (long)getpid());
		w.shard = shard_name;
	}
	if (merge_watermark(&w, true, false))
		out_flush(); /* the merge waits for the shards it knows */
	return stage_run(&st, argc - optind, argv + optind);
}
