/*
 * source.h: what a source of sentio-collect is to the main loop, and the
 * sink it writes into.
 *
 * Each kind of source (file, feed, mastodon, receiver) has a constructor
 * that takes its spec, its options and a sink, and returns a struct
 * source, or NULL when the spec is not of its kind.  The main loop steps
 * a source when it is ready, its timer is due or its descriptors are; a
 * source writes records and counts through the sink only, so that no
 * source knows the main file or another source.
 */
#ifndef SENTIO_COLLECT_SOURCE_H
#define SENTIO_COLLECT_SOURCE_H

#include <jansson.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "stage.h"

/* How collect parses JSON it is given, as stage_parse() does: \u0000 is allowed in strings. */
#define JSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/*
 * Where a source's records go.  st is the run's stage: inputs are counted
 * in st->in, rejected with stage_reject_input() or stage_parse(), and a
 * failure sets st->status.
 */
struct sink {
	struct stage *st;
	/*
	 * Write one record (a JSON object text and its '\n') unless its id was
	 * written before a restart; counts it as out, or as filtered when skipped.
	 * Returns true when it was written.
	 */
	bool (*emit)(const char *json, size_t len, const char *id, size_t idlen);
	/* An input not written on purpose (a duplicate): counted as filtered. */
	void (*filtered)(void);
	/* Is the run ending (signal, --duration, --max-records)?  Stop taking inputs. */
	bool (*stopping)(void);
};

/* Write obj (which must hold a string "id") through the sink.  Does not free obj. */
bool sink_emit_json(const struct sink *k, json_t *obj);

struct source;

struct source_ops {
	/* Do a bounded amount of work now; set ready, wake_ns, fd, done. */
	void (*step)(struct source *src);
	/* This source's position, to be kept in the state file (NULL: nothing to keep). */
	json_t *(*save)(struct source *src);
	/* Restore the position saved by save() before the first step. */
	void (*load)(struct source *src, json_t *pos);
	/* The run ends: stop what is under way (transfers, listening). */
	void (*stop)(struct source *src);
	/*
	 * Optional: descriptors to wait on besides fd, at most max of them
	 * (the source is made ready when one has an event); may lower
	 * *timeout_ns.  Returns how many it wrote.
	 */
	size_t (*waitfds)(struct source *src, struct pollfd *fds, size_t max, int64_t *timeout_ns);
	/*
	 * Optional, for --progress: the bytes read of a file of known size (a
	 * regular file not followed) and that size; false when unknown.
	 */
	bool (*bytes)(struct source *src, long long *done, long long *size);
	/* Optional: is this source reading the file dev, ino? (--output must not be one.) */
	bool (*reads)(struct source *src, dev_t dev, ino_t ino);
};

struct source {
	const struct source_ops *ops;
	char *spec;      /* as written on the command line: the key in the state file */
	char *name;      /* the records' "source" field */
	bool ready;      /* has work to do now */
	bool done;       /* finished for good */
	int64_t wake_ns; /* monotonic time to be stepped again (0: no timer) */
	int fd;          /* a descriptor to wait on (-1: none) */
	short events;    /* POLLIN, POLLOUT */
	void *data;
};

/* A time the loop must wake at: keep the earliest. */
void source_wake_at(struct source *src, int64_t when_ns);

#endif
