/*
 * http.c: every client connection (Mastodon streams and REST calls, feed
 * polls) is a transfer on one libcurl multi handle, waited on by the main
 * loop together with files and the receiver.  TLS is verified (libcurl's
 * defaults are kept); no transfer is ever made verbose, so a token in a
 * header is never printed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "timestamp.h"
#include "util.h"

static CURLM *multi;
static struct http_opts limits;

void
http_init(const struct http_opts *o)
{
	limits = *o;
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		eprintf("libcurl: cannot initialise");
	if (!(multi = curl_multi_init()))
		eprintf("libcurl: cannot make a multi handle");
	srand((unsigned)(now_ns() ^ (int64_t)getpid()));
}

CURLM *
http_multi(void)
{
	return multi;
}

static void
xfer_free(struct xfer *x)
{
	curl_multi_remove_handle(multi, x->easy);
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	free(x->body.p);
	free(x->etag);
	free(x->last_modified);
	free(x);
}

void
http_cleanup(void)
{
	curl_multi_cleanup(multi);
	curl_global_cleanup();
}

static size_t
on_write(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;

	n *= size;
	x->last_activity_ns = monotonic_ns();
	if (!x->status)
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
	if (x->on_data && x->status == 200)
		x->on_data(x, p, n);
	else if (x->body.len < 16 * 1024 * 1024)
		buf_add(&x->body, p, n);
	else
		return 0; /* too big: abort */
	return n;
}

static char *
header_value(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	if (n <= k || strncasecmp(p, name, k) || p[k] != ':')
		return NULL;
	p += k + 1;
	n -= k + 1;
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == ' '))
		n--;
	return xstrndup(p, n);
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	char *v;

	n *= size;
	x->last_activity_ns = monotonic_ns();
	if ((n == 2 && p[0] == '\r') || (n == 1 && p[0] == '\n')) {
		/* The end of a response's headers. */
		long code = 0;

		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
		if ((code < 300 || code >= 400) && x->on_headers)
			x->on_headers(x, code);
	} else if (n >= 5 && !strncmp(p, "HTTP/", 5)) {
		/* A new response (after a redirect): forget the last one's headers. */
		free(x->etag);
		free(x->last_modified);
		x->etag = x->last_modified = NULL;
		x->retry_after_ns = 0;
	} else if ((v = header_value(p, n, "ETag"))) {
		free(x->etag);
		x->etag = v;
	} else if ((v = header_value(p, n, "Last-Modified"))) {
		free(x->last_modified);
		x->last_modified = v;
	} else if ((v = header_value(p, n, "Retry-After"))) {
		char *end;
		long secs = strtol(v, &end, 10);
		int64_t at;

		if (!*end && end != v && secs >= 0)
			x->retry_after_ns = (secs ? secs : 1) * NS_PER_SEC;
		else if (!rfc822_parse(v, &at) && at > now_ns())
			x->retry_after_ns = at - now_ns();
		if (x->retry_after_ns > 3600 * NS_PER_SEC)
			x->retry_after_ns = 3600 * NS_PER_SEC;
		free(v);
	}
	return n;
}

struct xfer *
xfer_get(const char *url, const char *const *headers, xfer_data_fn on_data, xfer_done_fn on_done,
         void *arg)
{
	struct xfer *x = xcalloc(1, sizeof(*x));

	x->arg = arg;
	x->on_data = on_data;
	x->on_done = on_done;
	x->last_activity_ns = monotonic_ns();
	if (!(x->easy = curl_easy_init()))
		eprintf("libcurl: cannot make a handle");
	for (; headers && *headers; headers++)
		x->headers = curl_slist_append(x->headers, *headers);
	curl_easy_setopt(x->easy, CURLOPT_URL, url);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "sentio-collect/" SENTIO_VERSION);
	curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(x->easy, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->error);
	if (!on_data) {
		/*
		 * A request must end: a server that answers and then stalls or trickles
		 * would hold the source for good.  A stream has no end; its owner drops
		 * it when silent for --stall-timeout.
		 */
		curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, (long)(limits.fetch_ns / NS_PER_MS));
		curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_TIME,
		                 (long)((limits.stall_ns + NS_PER_SEC - 1) / NS_PER_SEC));
	}
	/* Authorization is not sent on to another host after a redirect (libcurl's default). */
	if (curl_multi_add_handle(multi, x->easy))
		eprintf("libcurl: cannot add a transfer");
	x->active = true;
	return x;
}

const char *
xfer_strerror(const struct xfer *x, CURLcode rc)
{
	return rc == CURLE_OPERATION_TIMEDOUT && x->error[0] ? x->error : curl_easy_strerror(rc);
}

void
xfer_cancel(struct xfer *x)
{
	if (x)
		xfer_free(x);
}

void
http_dispatch(void)
{
	int running, left;
	CURLMsg *m;

	curl_multi_perform(multi, &running);
	while ((m = curl_multi_info_read(multi, &left))) {
		struct xfer *x;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
		CURLcode rc = m->data.result;
		x->active = false;
		x->on_done(x, rc, x->status);
		xfer_free(x);
	}
}

int64_t
backoff_ns(unsigned attempt, int64_t min_ns, int64_t max_ns)
{
	int64_t d = min_ns;

	for (unsigned i = 0; i < attempt && d < max_ns; i++)
		d *= 2;
	if (d > max_ns)
		d = max_ns;
	/* Full jitter on the upper half: between d/2 and d. */
	return d / 2 + (int64_t)((double)(d / 2) * ((double)rand() / RAND_MAX));
}
