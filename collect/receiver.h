/* receiver.h: an HTTP receiver (listen:[ADDR:]PORT) for POSTed records as a source. */
#ifndef SENTIO_COLLECT_RECEIVER_H
#define SENTIO_COLLECT_RECEIVER_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"

struct receiver_opts {
	size_t max_body;    /* the largest request body taken */
	int64_t receive_ns; /* the longest a request may take to arrive, headers and body */
};

/* A receiver for "listen:[ADDR:]PORT", or NULL when spec is not one. */
struct source *receiver_source(const char *spec, const struct receiver_opts *o,
                               const struct sink *k);

#endif
