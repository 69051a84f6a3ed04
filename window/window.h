/*
 * window.h: what sentio-window holds while it runs, shared by its parts.
 *
 * window.c tells the story (options, taking records, idle, the end); each
 * part below it has a header and uses only the parts to its left:
 *
 *	exact <- aggregate <- store, keys <- emit <- revise <- group <- assign
 *	<- merge
 *
 * exact sums, one window's state, the keys and open windows held, sort
 * keys; then emit writes windows and lets them go, revise holds written
 * windows for --revise, group finds the keys a record falls under,
 * assign the windows it falls in, merge reads partial states.  late (the --late file) stands on lib
 *alone.
 */
#ifndef SENTIO_WINDOW_WINDOW_H
#define SENTIO_WINDOW_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "jsonpath.h"
#include "late.h"
#include "revise.h"
#include "scan.h"
#include "store.h"

#define MAX_BY       16
#define MAX_KEYS_REC 1024               /* keys one record may fall under */
#define MAX_SPAN     (INT64_C(1) << 60) /* longest window, slide, gap or lateness: 36 years */
#define MAX_TIME     (INT64_C(1) << 62) /* times within 1824 .. 2116 */

enum kind { TUMBLING, HOPPING, SESSION };
/* The fields of a record we read; F_UNSCORED is the value's sibling "unscored". */
enum field { F_TIME, F_VALUE, F_POLARITY, F_UNSCORED, F_BY };
enum how { FINAL, PROVISIONAL, EVICTED, REVISED };

struct win {
	/* Options. */
	enum kind kind;
	int64_t size, slide, gap, lateness, idle_ns, every_ns;
	bool lateness_all;  /* --lateness all: windows close only at the end of input */
	int64_t max_future; /* how far ahead of the wall clock a time may be; -1: off */
	struct jsonpath time, value, polarity, unscored, by[MAX_BY];
	bool value_set; /* --value given: no falling back to sentiment.polarity */
	struct scan_target fields[F_BY + MAX_BY];
	size_t nfields;
	size_t nby;
	double pos, neg, alert_z, alpha;
	bool alert, partial, merge, updates;
	bool flush; /* --flush: with --state, write the open windows at the end too */
	size_t max_keys;
	struct late late;     /* --late FILE */
	struct revise revise; /* --revise D */

	/* Event time. */
	bool seen;
	int64_t maxt, wm;

	struct store store;
	unsigned long long serial; /* records so far, to mark keys already used by one record */

	/* Wall clock, for --idle and --emit updates. */
	bool active;
	int64_t silent_since, next_update;
	int64_t quiet_since; /* monotonic time the input went silent, for --idle */
	/* --idle: the highest time and the monotonic time at the first silence, for the pace. */
	bool pace_set;
	int64_t pace_t, pace_mono;

	/* --merge: the window every partial record must agree on. */
	bool spec_set;
	size_t shards; /* --shards N: wait for N live shards */

	/* --partial --live: the shard's name, and the last watermark written. */
	bool live;
	const char *shard;
	bool shard_sent_set;
	int64_t shard_sent;

	/* Counters for --stats. */
	unsigned long long windows, provisional, late_count, evicted, alerts, unscored_count;

	/* Scratch: the sort key being looked up, the line being written, a record's key values. */
	struct buf sk, line;
	const json_t *vals[MAX_BY][MAX_KEYS_REC];
	size_t nvals[MAX_BY];
};

#endif
