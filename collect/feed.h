/* feed.h: an RSS or Atom feed (feed:URL) as a source, polled. */
#ifndef SENTIO_COLLECT_FEED_H
#define SENTIO_COLLECT_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "hold.h"
#include "source.h"

struct feed_opts {
	int64_t interval_ns;                    /* between polls */
	int64_t backoff_min_ns, backoff_max_ns; /* between retries of a failed poll */
	bool once;                              /* one poll, then done */
	struct hold_opts hold;                  /* a poll's items, to be written in time order */
};

/* A feed source for "feed:URL", or NULL when spec is not one. */
struct source *feed_source(const char *spec, const struct feed_opts *o, const struct sink *k);

#endif
