/*
 * mastodon.c: a Mastodon timeline as a source, by the streaming API
 * (server-sent events) or by polling the REST API (--poll, --once).
 *
 * The stream is reconnected with exponential backoff and jitter (429
 * waits for Retry-After; 5xx backs off; a stream silent past
 * --stall-timeout, heartbeats counting as life, is dropped and opened
 * again).  Once a stream answers, the gap since the last id seen is
 * back-filled through REST, page by page (min_id), and the newer statuses
 * the stream brings meanwhile are held (hold.h) until the gap is written,
 * so that the records come out in time order.  A bounded set of the ids
 * already written keeps any id from being written twice.
 *
 * The position kept in the state file is an id up to which every status
 * was written (the back-fill's cursor while one is under way), and the
 * ids written after it.
 */
#include <stdlib.h>
#include <string.h>

#include "hold.h"
#include "html.h"
#include "http.h"
#include "idset.h"
#include "json.h"
#include "mastodon.h"
#include "spool.h"
#include "sse.h"
#include "timestamp.h"

#define SEEN_MAX   4096
#define PAGE_LIMIT 40
#define EVENT_MAX  (4 * 1024 * 1024)

struct masto {
	struct source src;
	struct mastodon_opts o;
	const struct sink *k;
	char *base;        /* https://HOST or http://HOST:PORT */
	char *stream_path; /* /api/v1/streaming/... */
	char *rest_path;   /* /api/v1/timelines/... */
	char *auth;        /* "Authorization: Bearer ..." or NULL */
	struct xfer *stream, *rest;
	struct sse sse;
	struct spool over; /* an event over EVENT_MAX, on its way to the rejects file */
	unsigned attempt, rest_attempt;
	char *last_id; /* the highest id written */
	char *cursor;  /* back-fill: every id up to this one was written */
	bool backfill; /* a back-fill is wanted (or under way) */
	bool stream_up;
	unsigned long events; /* events and statuses read, for messages */
	int64_t retry_at;     /* the stream is to be opened again then */
	int64_t rest_retry_at;
	bool polling, first_poll_done;
	struct idset *seen;
	struct hold hold; /* stream statuses newer than the gap being back-filled */
};

/* Compare two Mastodon ids (decimal strings of any length). */
static int
mastodon_idcmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

static const char *
str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A status as a record, or NULL with the reason in *why. */
static json_t *
status_record(struct masto *m, json_t *status, const char **why)
{
	json_t *rec, *from = status, *reblog = json_object_get(status, "reblog"), *tags;
	const char *id = str(status, "id"), *created = str(status, "created_at"), *content;
	char tsbuf[RFC3339_LEN];
	int64_t ns;

	if (!json_is_object(status)) {
		static char kind[64];

		snprintf(kind, sizeof(kind), "not a JSON object but %s", json_kind(status));
		return *why = kind, NULL;
	}
	if (!id || !*id)
		return *why = "a status without an id", NULL;
	if (!created || rfc3339_parse(created, strlen(created), &ns))
		return *why = "a status without a valid created_at", NULL;
	if (json_is_object(reblog))
		from = reblog;
	if (!(content = str(from, "content")))
		return *why = "a status without content", NULL;
	size_t n;
	char *text = html_to_text(content, strlen(content), &n);

	rec = json_object();
	json_object_set_new(rec, "id", json_string(id));
	json_object_set_new(rec, "ts", json_string(rfc3339_format(ns, tsbuf)));
	json_object_set_new(rec, "source", json_string(m->src.name));
	json_object_set_new(rec, "text", json_stringn(text, n));
	free(text);
	if (!json_object_get(rec, "text"))
		json_object_set_new(rec, "text", json_string(""));
	const char *acct = str(json_object_get(status, "account"), "acct");
	if (acct)
		json_object_set_new(rec, "author", json_string(acct));
	const char *url = str(from, "url") ? str(from, "url") : str(from, "uri");
	if (url)
		json_object_set_new(rec, "url", json_string(url));
	if (str(from, "language"))
		json_object_set_new(rec, "lang", json_string(str(from, "language")));
	if (json_is_array(tags = json_object_get(from, "tags"))) {
		json_t *names = json_array(), *t;
		size_t i;

		json_array_foreach(tags, i, t) if (str(t, "name"))
		    json_array_append_new(names, json_string(str(t, "name")));
		json_object_set_new(rec, "tags", names);
	}
	json_object_set_new(rec, "repost", json_boolean(from != status));
	return rec;
}

/*
 * Write a record unless its id was written already.  A record held that
 * the run ends before (--max-records) is not taken: the back-fill of the
 * next run brings it.
 */
static void
write_record(void *arg, const char *json, size_t len, const char *id, size_t idlen)
{
	struct masto *m = arg;

	if (m->k->stopping())
		m->k->st->in--;
	else if (!idset_add(m->seen, id))
		m->k->filtered();
	else
		m->k->emit(json, len, id, idlen);
}

/* Start back-filling from the last id written, holding newer stream statuses meanwhile. */
static void
want_backfill(struct masto *m)
{
	if (!m->last_id || m->backfill)
		return;
	m->backfill = true;
	set_str(&m->cursor, m->last_id);
	hold_begin(&m->hold);
}

/*
 * Write a status (or hold it, when it comes by the stream while a gap is
 * back-filled); keep the highest id.
 */
static void
take_status(struct masto *m, json_t *status, const char *raw, size_t rawlen, bool stream)
{
	const char *why = "";
	json_t *rec;

	if (m->k->stopping())
		return; /* not written: the back-fill after a restart brings it */
	m->events++;
	m->k->st->in++;
	if (!(rec = status_record(m, status, &why))) {
		stage_reject_input(m->k->st, m->src.name, m->events, raw, rawlen, "%s", why);
		return;
	}
	const char *id = str(rec, "id");
	if (!stream || !hold_put(&m->hold, rec))
		hold_write(&m->hold, rec);
	if (!m->last_id || mastodon_idcmp(id, m->last_id) > 0)
		set_str(&m->last_id, id);
	json_decref(rec);
}

static void
on_event(void *arg, const char *event, const char *data, size_t len)
{
	struct masto *m = arg;
	json_error_t err;
	json_t *status;

	if (strcmp(event, "update") || m->k->stopping())
		return; /* delete, status.update (an edit), notification: not new posts */
	if (!(status = json_loadb_strict(data, len, JSON_FLAGS, &err))) {
		m->events++;
		m->k->st->in++;
		stage_reject_input(m->k->st, m->src.name, m->events, data, len,
		                   "event update: invalid JSON: %s", err.text);
		return;
	}
	take_status(m, status, data, len, true);
	json_decref(status);
}

/* An event too long to hold: rejected, its data whole in the rejects file (raw_base64). */
static void
on_overlong(void *arg, const char *p, size_t n, bool end)
{
	struct masto *m = arg;

	if (!m->over.on)
		spool_begin(&m->over, m->k->st, m->src.name, ++m->events);
	spool_bytes(&m->over, p, n);
	if (end) {
		m->k->st->in++;
		spool_end(&m->over, "an event over %d bytes (%zu): dropped", EVENT_MAX,
		          m->over.len);
	}
}

static void start_rest(struct masto *m);

static void
stream_data(struct xfer *x, const char *p, size_t n)
{
	struct masto *m = x->arg;

	sse_feed(&m->sse, p, n);
}

static void
stream_headers(struct xfer *x, long status)
{
	struct masto *m = x->arg;

	if (status != 200)
		return;
	m->stream_up = true;
	/* Connected: now fetch what was posted since the last id seen (from the loop: no
	 * transfer may be started inside a libcurl callback). */
	if (m->backfill)
		m->src.ready = true;
}

/* Is this failure worth trying again?  Says why in the messages. */
static bool
retryable(struct masto *m, const char *what, const struct xfer *x, CURLcode rc, long status,
          unsigned *attempt, int64_t *at)
{
	int64_t delay, retry_after = x->retry_after_ns;

	if (rc == CURLE_OK && status >= 400 && status < 500 && status != 429 && status != 408) {
		weprintf("%s: %s: HTTP %ld: giving up on this source", m->src.name, what, status);
		return false;
	}
	if (m->o.once && *attempt >= 5) {
		weprintf("%s: %s: failed five times in a row: giving up on this source",
		         m->src.name, what);
		return false;
	}
	delay = backoff_ns((*attempt)++, m->o.backoff_min_ns, m->o.backoff_max_ns);
	if (status == 429 && retry_after)
		delay = retry_after;
	if (rc != CURLE_OK)
		weprintf("%s: %s: %s; again in %.1fs", m->src.name, what, xfer_strerror(x, rc),
		         (double)delay / 1e9);
	else if (status != 200)
		weprintf("%s: %s: HTTP %ld; again in %.1fs", m->src.name, what, status,
		         (double)delay / 1e9);
	else
		weprintf("%s: %s: the server closed it; again in %.1fs", m->src.name, what,
		         (double)delay / 1e9);
	*at = monotonic_ns() + delay;
	source_wake_at(&m->src, *at);
	return true;
}

static void
fail(struct masto *m)
{
	m->k->st->status = 1;
	m->src.done = true;
	xfer_cancel(m->stream);
	xfer_cancel(m->rest);
	m->stream = m->rest = NULL;
	sse_reset(&m->sse); /* an event over the limit, cut off, is rejected with what came */
	hold_end(&m->hold); /* what came is written; the gap will not be */
}

static void
stream_done(struct xfer *x, CURLcode rc, long status)
{
	struct masto *m = x->arg;

	m->stream = NULL;
	sse_reset(&m->sse); /* an event cut off mid-way is dropped */
	if (m->stream_up && m->events)
		m->attempt = 0; /* it worked for a while: start the backoff over */
	m->stream_up = false;
	want_backfill(m);
	if (!retryable(m, "stream", x, rc, status, &m->attempt, &m->retry_at))
		fail(m);
}

static void
start_stream(struct masto *m)
{
	char *url = xmalloc(strlen(m->base) + strlen(m->stream_path) + 1);
	const char *headers[] = {m->auth, NULL};

	sprintf(url, "%s%s", m->base, m->stream_path);
	sse_reset(&m->sse);
	m->stream = xfer_get(url, headers, stream_data, stream_done, m);
	m->stream->on_headers = stream_headers;
	free(url);
}

static int
by_id(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "id"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "id"));

	return mastodon_idcmp(x ? x : "", y ? y : "");
}

static void
rest_done(struct xfer *x, CURLcode rc, long status)
{
	struct masto *m = x->arg;
	json_error_t err;
	json_t *page;

	m->rest = NULL;
	if (rc != CURLE_OK || status != 200) {
		if (!retryable(m, "timeline", x, rc, status, &m->rest_attempt, &m->rest_retry_at))
			fail(m);
		return;
	}
	page = json_loadb_strict(x->body.p ? x->body.p : "", x->body.len, JSON_FLAGS, &err);
	if (!json_is_array(page)) {
		m->events++;
		m->k->st->in++;
		stage_reject_input(m->k->st, m->src.name, m->events, x->body.p ? x->body.p : "",
		                   x->body.len, "timeline: not a JSON array%s%s", page ? "" : ": ",
		                   page ? "" : err.text);
		json_decref(page);
		retryable(m, "timeline", x, rc, 503, &m->rest_attempt, &m->rest_retry_at);
		return;
	}
	m->rest_attempt = 0;
	/* The API lists the newest first: write them oldest first. */
	size_t n = json_array_size(page);
	json_t **items = xcalloc(n + 1, sizeof(json_t *));
	for (size_t i = 0; i < n; i++)
		items[i] = json_array_get(page, i);
	qsort(items, n, sizeof(json_t *), by_id);
	char *top = NULL;
	for (size_t i = 0; i < n && !m->k->stopping(); i++) {
		char *raw = json_dumps(items[i], JSON_COMPACT | JSON_ENCODE_ANY);
		const char *id = str(items[i], "id");

		take_status(m, items[i], raw, strlen(raw), false);
		free(raw);
		if (id && (!top || mastodon_idcmp(id, top) > 0)) {
			free(top);
			top = xstrdup(id);
		}
	}
	free(items);
	json_decref(page);
	if (m->k->stopping()) {
		free(top);
		return; /* the cursor stays where every id before it was written */
	}
	if (n && m->cursor && top && mastodon_idcmp(top, m->cursor) > 0) {
		/* More may follow this page. */
		set_str(&m->cursor, top);
		free(top);
		start_rest(m);
		return;
	}
	free(top);
	/* Caught up: now the newer statuses held (the run may end amid them: then the
	 * back-fill stays where every status before it was written). */
	hold_end(&m->hold);
	if (m->k->stopping())
		return;
	m->backfill = false;
	set_str(&m->cursor, NULL);
	if (m->polling) {
		m->first_poll_done = true;
		if (m->o.once)
			m->src.done = true;
		else
			source_wake_at(&m->src, monotonic_ns() + m->o.poll_ns);
	}
}

static void
start_rest(struct masto *m)
{
	char *url = xmalloc(strlen(m->base) + strlen(m->rest_path) + 64 +
	                    (m->cursor ? strlen(m->cursor) : 0));
	const char *headers[] = {m->auth, NULL};

	sprintf(url, "%s%s%climit=%d%s%s", m->base, m->rest_path,
	        strchr(m->rest_path, '?') ? '&' : '?', PAGE_LIMIT, m->cursor ? "&min_id=" : "",
	        m->cursor ? m->cursor : "");
	m->rest = xfer_get(url, headers, NULL, rest_done, m);
	free(url);
}

static void
mastodon_step(struct source *src)
{
	struct masto *m = src->data;
	int64_t now = monotonic_ns();

	if (m->polling) {
		if (!m->rest && now >= m->rest_retry_at) {
			if (!m->cursor)
				set_str(&m->cursor, m->last_id);
			start_rest(m);
		}
		return;
	}
	if (m->stream && now - m->stream->last_activity_ns >= m->o.stall_ns) {
		weprintf("%s: stream silent for %.0fs: reconnecting", src->name,
		         (double)m->o.stall_ns / 1e9);
		xfer_cancel(m->stream);
		m->stream = NULL;
		m->stream_up = false;
		sse_reset(&m->sse);
		want_backfill(m);
		m->retry_at =
		    now + backoff_ns(m->attempt++, m->o.backoff_min_ns, m->o.backoff_max_ns);
	}
	if (!m->stream && now >= m->retry_at)
		start_stream(m);
	if (m->backfill && m->stream_up && !m->rest && now >= m->rest_retry_at)
		start_rest(m);
	hold_due(&m->hold, now);
	if (m->stream)
		source_wake_at(src, m->stream->last_activity_ns + m->o.stall_ns);
	if (!m->stream)
		source_wake_at(src, m->retry_at);
	if (m->backfill && !m->rest)
		source_wake_at(src,
		               m->rest_retry_at > now ? m->rest_retry_at : now + m->o.stall_ns);
}

static json_t *
mastodon_save(struct source *src)
{
	struct masto *m = src->data;
	const char *safe = m->backfill ? m->cursor : m->last_id;
	json_t *pos = json_object();

	if (safe)
		json_object_set_new(pos, "last_id", json_string(safe));
	json_object_set_new(pos, "seen", idset_json(m->seen));
	return pos;
}

static void
mastodon_load(struct source *src, json_t *pos)
{
	struct masto *m = src->data;
	json_t *seen = json_object_get(pos, "seen"), *v;
	size_t i;

	set_str(&m->last_id, str(pos, "last_id"));
	json_array_foreach(seen, i, v) if (json_is_string(v))
	    idset_add(m->seen, json_string_value(v));
	want_backfill(m);
}

static void
mastodon_stop(struct source *src)
{
	struct masto *m = src->data;

	xfer_cancel(m->stream);
	xfer_cancel(m->rest);
	m->stream = m->rest = NULL;
	/* Unwritten, as the rest of the gap: the back-fill of the next run (--state) brings
	 * them, their ids not being marked as written. */
	m->k->st->in -= hold_drop(&m->hold);
}

static const struct source_ops mastodon_ops = {
    .step = mastodon_step,
    .save = mastodon_save,
    .load = mastodon_load,
    .stop = mastodon_stop,
};

struct source *
mastodon_source(const char *spec, const struct mastodon_opts *o, const struct sink *k)
{
	const char *rest, *scheme;
	struct masto *m;
	CURL *c;

	if (!strncmp(spec, "mastodon://", 11))
		rest = spec + 11, scheme = "https://";
	else if (!strncmp(spec, "mastodon+http://", 16))
		rest = spec + 16, scheme = "http://";
	else if (!strncmp(spec, "mastodon+https://", 17))
		rest = spec + 17, scheme = "https://";
	else
		return NULL;
	const char *slash = strchr(rest, '/');
	if (!slash || slash == rest)
		stage_bad_option(k->st, spec, "not mastodon://HOST/TIMELINE");
	m = xcalloc(1, sizeof(*m));
	m->o = *o;
	m->k = k;
	m->src.ops = &mastodon_ops;
	m->src.data = m;
	m->src.fd = -1;
	m->src.ready = true;
	m->seen = idset_new(SEEN_MAX);
	m->base = xmalloc(strlen(scheme) + (size_t)(slash - rest) + 1);
	sprintf(m->base, "%s%.*s", scheme, (int)(slash - rest), rest);
	m->src.name = xmalloc((size_t)(slash - rest) + 10);
	sprintf(m->src.name, "mastodon:%.*s", (int)(slash - rest), rest);
	const char *path = slash;
	c = curl_easy_init();
	if (!strcmp(path, "/public")) {
		m->stream_path = xstrdup("/api/v1/streaming/public");
		m->rest_path = xstrdup("/api/v1/timelines/public");
	} else if (!strcmp(path, "/public/local")) {
		m->stream_path = xstrdup("/api/v1/streaming/public/local");
		m->rest_path = xstrdup("/api/v1/timelines/public?local=true");
	} else if ((!strncmp(path, "/tag/", 5) && path[5]) ||
	           (!strncmp(path, "/list/", 6) && path[6])) {
		bool tag = path[1] == 't';
		char *name = curl_easy_escape(c, path + (tag ? 5 : 6), 0);

		m->stream_path = xmalloc(strlen(name) + 64);
		m->rest_path = xmalloc(strlen(name) + 64);
		sprintf(m->stream_path, "/api/v1/streaming/%s?%s=%s", tag ? "hashtag" : "list",
		        tag ? "tag" : "list", name);
		sprintf(m->rest_path, "/api/v1/timelines/%s/%s", tag ? "tag" : "list", name);
		curl_free(name);
	} else
		stage_bad_option(k->st, spec,
		                 "not a timeline: /public, /public/local, /tag/NAME or "
		                 "/list/ID");
	curl_easy_cleanup(c);
	if (m->o.token) {
		m->auth = xmalloc(strlen(m->o.token) + 32);
		sprintf(m->auth, "Authorization: Bearer %s", m->o.token);
	}
	m->polling = m->o.poll_ns || m->o.once;
	sse_init(&m->sse, EVENT_MAX, on_event, on_overlong, m);
	hold_init(&m->hold, &m->o.hold, &m->src, write_record, m);
	return &m->src;
}
