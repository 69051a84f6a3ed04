/*
 * collect.h: what the parts of sentio-collect share: the sources, the
 * event loop's view of them, record emission and the run's options.
 */
#ifndef SENTIO_COLLECT_H
#define SENTIO_COLLECT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "stage.h"

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

/* Options of the run, read by every part. */
struct collect_opts {
	const char *format;        /* text, json, csv or NULL (by extension) */
	const char *ts_from;       /* read, mtime, prefix, or a field of JSON lines */
	char **map_from, **map_to; /* --map to=from pairs */
	size_t nmap;
	const char *text_column, *time_column, *id_column;
	bool follow;
	double replay; /* 0: off */
	int64_t interval_ns, poll_ns, stall_ns, backoff_min_ns, backoff_max_ns;
	int64_t fetch_ns;   /* the longest a request (not a stream) may take */
	int64_t receive_ns; /* the longest a request to the receiver may take to arrive */
	bool once;
	const char *token;
	size_t max_body;
};

/* How collect parses JSON it is given, as stage_parse() does: \u0000 is allowed in strings. */
#define JSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

extern struct collect_opts opts;
extern struct stage *stage;

/* Is the run ending (signal, --duration, --max-records)? */
bool collect_stopping(void);

/*
 * Write one record (a complete JSON object text, without the newline)
 * unless its id was already written before a restart.  Counts it.
 * Returns true when it was written.
 */
bool emit_raw(const char *json, size_t len, const char *id, size_t idlen);
/* Write obj (which must hold a string "id"); counts it.  Does not free obj. */
bool emit_json(json_t *obj);
/* An input that is not written on purpose (a duplicate): counts it as filtered. */
void count_filtered(void);

/*
 * Append s[0..len) to *b as the inside of a JSON string, repairing bad
 * UTF-8.  Returns the number of invalid UTF-8 sequences replaced.
 */
size_t buf_add_json_string(struct buf *b, const char *s, size_t len);

/* A bounded set of recently seen ids (oldest forgotten first). */
struct idset;
struct idset *idset_new(size_t cap);
void idset_free(struct idset *s);
bool idset_has(const struct idset *s, const char *id);
/* Add id; returns false when it was there already. */
bool idset_add(struct idset *s, const char *id);
/* The ids, oldest first, as a JSON array. */
json_t *idset_json(const struct idset *s);

/* Sources by kind: each returns NULL when spec is not of its kind. */
struct source *file_source(const char *spec);
struct source *mastodon_source(const char *spec);
/* Is src a file source reading the file dev, ino? */
#include <sys/types.h>
bool file_source_is(struct source *src, dev_t dev, ino_t ino);
struct source *feed_source(const char *spec);
struct source *receiver_source(const char *spec);

/* The shared libcurl multi handle (one loop for every client connection). */
#include <curl/curl.h>
struct xfer;
typedef void (*xfer_data_fn)(struct xfer *x, const char *p, size_t n);
typedef void (*xfer_done_fn)(struct xfer *x, CURLcode rc, long status);
struct xfer {
	CURL *easy;
	struct source *src;
	void *arg;
	xfer_data_fn on_data; /* NULL: keep the body in body */
	xfer_done_fn on_done;
	void (*on_headers)(struct xfer *x, long status); /* optional: the response began */
	struct buf body;
	long status;
	char *etag, *last_modified;
	int64_t retry_after_ns; /* from a Retry-After header, 0 if none */
	int64_t last_activity_ns;
	struct curl_slist *headers;
	bool active;
	char error[CURL_ERROR_SIZE]; /* libcurl's words for a failure */
};
void http_init(void);
void http_cleanup(void);
/* Start a GET of url; extra headers may be NULL-terminated list.  Returns the transfer. */
struct xfer *xfer_get(struct source *src, const char *url, const char *const *headers,
                      xfer_data_fn on_data, xfer_done_fn on_done, void *arg);
/* Why a transfer failed, for messages (a timeout: which one, in libcurl's words). */
const char *xfer_strerror(const struct xfer *x, CURLcode rc);
/* Abort a transfer under way (its on_done is not called) and free it. */
void xfer_cancel(struct xfer *x);
/* After on_done returns the transfer is freed. */
CURLM *http_multi(void);
void http_dispatch(void);
/* A delay for the n-th failure in a row: exponential, capped, with jitter. */
int64_t backoff_ns(unsigned attempt);

/* For the receiver: add its descriptors to the loop's wait and run it. */
struct curl_waitfd;
size_t receiver_waitfds(struct curl_waitfd *fds, size_t max, int64_t *timeout_ns);
void receiver_run(void);

/* Feed and Mastodon parsing helpers. */
int rfc822_parse(const char *s, int64_t *ns);
/* Compare two Mastodon ids (decimal strings of any length). */
int mastodon_idcmp(const char *a, const char *b);

#endif
