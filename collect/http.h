/*
 * http.h: client transfers (Mastodon streams and REST calls, feed polls)
 * on one libcurl multi handle, which the main loop waits on.
 */
#ifndef SENTIO_COLLECT_HTTP_H
#define SENTIO_COLLECT_HTTP_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

struct xfer;
typedef void (*xfer_data_fn)(struct xfer *x, const char *p, size_t n);
typedef void (*xfer_done_fn)(struct xfer *x, CURLcode rc, long status);
struct xfer {
	CURL *easy;
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

/* Limits of every request (not of streams, which their owners watch). */
struct http_opts {
	int64_t fetch_ns; /* the longest a request may take in all */
	int64_t stall_ns; /* the longest it may get less than a byte a second */
};

void http_init(const struct http_opts *o);
void http_cleanup(void);
/* The multi handle, for the main loop's curl_multi_poll(). */
CURLM *http_multi(void);
/* After a wait: move the transfers on, call on_done of those that ended. */
void http_dispatch(void);

/*
 * Start a GET of url with extra headers (a NULL-terminated list, or NULL).
 * on_data gets the body of a 200 as it comes (NULL: it is kept in body);
 * on_done is called once at the end, then the transfer is freed.
 */
struct xfer *xfer_get(const char *url, const char *const *headers, xfer_data_fn on_data,
                      xfer_done_fn on_done, void *arg);
/* Why a transfer failed, for messages (a timeout: which one, in libcurl's words). */
const char *xfer_strerror(const struct xfer *x, CURLcode rc);
/* Abort a transfer under way (its on_done is not called) and free it. */
void xfer_cancel(struct xfer *x);

/* A delay for the n-th failure in a row: from min_ns doubling up to max_ns, with jitter. */
int64_t backoff_ns(unsigned attempt, int64_t min_ns, int64_t max_ns);

#endif
