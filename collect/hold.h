/*
 * hold.h: a streaming source's newer records, held back while it
 * back-fills a gap, so that its records come out in time order.
 *
 * A stream that drops and comes back has missed what was posted
 * meanwhile; the source fetches that gap by other means (a REST API, a
 * cursor), and the records the new stream brings in the meantime are
 * newer than the gap.  Written at once, they would come out ahead of it,
 * and a window downstream would find the gap late.  So from the drop on
 * (hold_begin) the source puts its stream records here (hold_put), writes
 * the gap as it comes, and when the gap is filled (hold_end) the records
 * held are written, in time order (by "ts", ties in the order they came).
 *
 * The hold is bounded: at most max records, none held longer than
 * timeout.  When a bound is hit, a message says so, the records held are
 * written (in time order) and the rest of this gap's stream records are
 * written as they come: the gap's remainder will come out after them.
 *
 * A polled source (a feed) holds the records of one answer the same way,
 * to write them in time order whatever the order of the document.
 *
 * Nothing here knows a kind of source: the source says where released
 * records go (write), and calls hold_due() when stepped; the hold sets
 * the source's timer for it.
 */
#ifndef SENTIO_COLLECT_HOLD_H
#define SENTIO_COLLECT_HOLD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"
#include "timestamp.h"

struct hold_opts {
	size_t max;         /* records held at most (--hold-max) */
	int64_t timeout_ns; /* held at most this long (--hold-timeout); 0: released within a step */
};

#define HOLD_MAX_DEFAULT     10000
#define HOLD_TIMEOUT_DEFAULT (60 * NS_PER_SEC)

struct held;

struct hold {
	struct hold_opts o;
	struct source *src; /* whose records: its name for messages, its timer */
	/* Write a record released (its JSON text ends with '\n'). */
	void (*write)(void *arg, const char *json, size_t len, const char *id, size_t idlen);
	void *arg;
	bool on;       /* a gap is being filled: stream records are held */
	bool gave_up;  /* a bound was hit for this gap: records pass */
	int64_t since; /* monotonic time the oldest record held came */
	struct held *v;
	size_t n, cap;
};

void hold_init(struct hold *h, const struct hold_opts *o, struct source *src,
               void (*write)(void *, const char *, size_t, const char *, size_t), void *arg);
/* A gap is to be filled: hold the stream's records from now until hold_end(). */
void hold_begin(struct hold *h);
/*
 * A stream record (an object with "id" and an RFC 3339 "ts"): held, and
 * true returned; or false when nothing is being held: the caller writes
 * it itself.  Hitting the count bound writes what is held.
 */
bool hold_put(struct hold *h, json_t *rec);
/* Write a record now, past the hold, as released records are written. */
void hold_write(struct hold *h, json_t *rec);
/* The gap is filled (or given up): write the records held, in time order. */
void hold_end(struct hold *h);
/*
 * The time bound, for the source's step: when the oldest record held has
 * waited timeout, write what is held; else keep the source's timer set.
 */
void hold_due(struct hold *h, int64_t now);
/* The run ends mid-gap: forget the records held, unwritten; returns how many. */
size_t hold_drop(struct hold *h);

#endif
