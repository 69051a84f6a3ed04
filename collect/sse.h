/* sse.h: a parser of server-sent events (the Mastodon streaming API's format). */
#ifndef SENTIO_COLLECT_SSE_H
#define SENTIO_COLLECT_SSE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* An event: its type ("message" when none was given) and its data lines joined by '\n'. */
typedef void (*sse_event_fn)(void *arg, const char *event, const char *data, size_t len);
/*
 * An event over the limit is dropped, its data (the lines joined by '\n')
 * handed over in pieces as they come, never held whole; end is true once,
 * at its end (or when the connection ends first).
 */
typedef void (*sse_overlong_fn)(void *arg, const char *p, size_t n, bool end);

struct sse {
	struct buf line, data;
	char event[64];
	bool has_data, skip_cr_lf, overlong;
	bool line_out; /* the line being read is data of an event over the limit: it goes out */
	bool need_nl;  /* a data line went out: the next one goes after a '\n' */
	size_t cut;    /* bytes of the line being read dropped past its cap (see sse.c) */
	size_t max;
	sse_event_fn on_event;
	sse_overlong_fn on_overlong;
	void *arg;
};

void sse_init(struct sse *s, size_t max, sse_event_fn on_event, sse_overlong_fn on_overlong,
              void *arg);
/* Feed bytes as they come, in pieces of any size (one byte at a time included). */
void sse_feed(struct sse *s, const char *p, size_t n);
/* The connection ended: an event not ended by a blank line is dropped (one over the limit ends). */
void sse_reset(struct sse *s);
void sse_free(struct sse *s);

#endif
