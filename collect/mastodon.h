/* mastodon.h: a Mastodon timeline (mastodon://HOST/TIMELINE) as a source. */
#ifndef SENTIO_COLLECT_MASTODON_H
#define SENTIO_COLLECT_MASTODON_H

#include <stdbool.h>
#include <stdint.h>

#include "hold.h"
#include "source.h"

struct mastodon_opts {
	int64_t poll_ns;                        /* poll the REST API this often (0: stream) */
	int64_t stall_ns;                       /* reconnect a stream silent this long */
	int64_t backoff_min_ns, backoff_max_ns; /* between reconnections */
	bool once;                              /* one poll, then done */
	const char *token;                      /* an access token, or NULL */
	struct hold_opts hold;                  /* stream statuses held while back-filling */
};

/* A Mastodon source for "mastodon://HOST/...", or NULL when spec is not one. */
struct source *mastodon_source(const char *spec, const struct mastodon_opts *o,
                               const struct sink *k);

#endif
