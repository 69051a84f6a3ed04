/*
 * feed.c: RSS 2.0 and Atom feeds as sources, polled every --interval with
 * a conditional GET (ETag, Last-Modified); feedparse.c makes records of
 * the items, which are written in time order (hold.h), whatever the
 * order of the document (most often the newest first).  Items seen before
 * (their ids are kept in the state file, a bounded number of them) are not
 * written again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "feedparse.h"
#include "hold.h"
#include "http.h"
#include "idset.h"
#include "timestamp.h"

#define SEEN_MAX 4096

struct feed {
	struct source src;
	struct feed_opts o;
	const struct sink *k;
	char *url;
	char *etag, *last_modified;
	struct xfer *x;
	unsigned attempt;
	unsigned long items; /* read so far, for messages */
	struct idset *seen;
	struct hold hold; /* a poll's items, to be sorted by time */
};

static bool
more(void *arg)
{
	struct feed *fd = arg;

	return !fd->k->stopping();
}

/*
 * Write an item unless it was seen before.  One the run ends before
 * (--max-records) is not taken: the validators are not kept, so the next
 * run reads the feed again.
 */
static void
write_item(void *arg, const char *json, size_t len, const char *id, size_t idlen)
{
	struct feed *fd = arg;

	if (fd->k->stopping())
		fd->k->st->in--;
	else if (!idset_add(fd->seen, id))
		fd->k->filtered();
	else
		fd->k->emit(json, len, id, idlen);
}

static void
item(void *arg, json_t *rec)
{
	struct feed *fd = arg;

	fd->items++;
	fd->k->st->in++;
	if (!hold_put(&fd->hold, rec)) /* over --hold-max: written as they come */
		hold_write(&fd->hold, rec);
}

static void
reject(void *arg, unsigned long line, const char *raw, size_t len, const char *why)
{
	struct feed *fd = arg;

	fd->k->st->in++;
	stage_reject_input(fd->k->st, fd->src.name, line, raw, len, "%s", why);
}

/* Returns false when the run ended before every item was read. */
static bool
parse_feed(struct feed *fd, const char *body, size_t len)
{
	const struct feed_handler h = {.more = more, .item = item, .reject = reject, .arg = fd};
	bool whole;

	hold_begin(&fd->hold);
	whole = feed_parse(body, len, fd->src.name, &h);
	hold_end(&fd->hold);
	return whole && !fd->k->stopping();
}

static void
feed_done(struct xfer *x, CURLcode rc, long status)
{
	struct feed *fd = x->arg;
	int64_t delay = fd->o.interval_ns;

	fd->x = NULL;
	if (rc == CURLE_OK && status == 200) {
		fd->attempt = 0;
		/* The validators are kept only once every item was read. */
		if (parse_feed(fd, x->body.p ? x->body.p : "", x->body.len)) {
			free(fd->etag);
			fd->etag = x->etag ? xstrdup(x->etag) : NULL;
			free(fd->last_modified);
			fd->last_modified = x->last_modified ? xstrdup(x->last_modified) : NULL;
		}
	} else if (rc == CURLE_OK && status == 304) {
		fd->attempt = 0; /* not modified */
	} else if (rc == CURLE_OK && status >= 400 && status < 500 && status != 429 &&
	           status != 408) {
		weprintf("%s: HTTP %ld", fd->src.name, status);
		fd->k->st->status = 1;
		if (fd->o.once) {
			fd->src.done = true;
			return;
		}
	} else {
		delay = backoff_ns(fd->attempt++, fd->o.backoff_min_ns, fd->o.backoff_max_ns);
		if (status == 429 && x->retry_after_ns)
			delay = x->retry_after_ns;
		if (rc != CURLE_OK)
			weprintf("%s: %s; again in %.1fs", fd->src.name, xfer_strerror(x, rc),
			         (double)delay / 1e9);
		else
			weprintf("%s: HTTP %ld; again in %.1fs", fd->src.name, status,
			         (double)delay / 1e9);
		if (fd->o.once && fd->attempt > 5) {
			weprintf("%s: five retries failed: giving up", fd->src.name);
			fd->k->st->status = 1;
			fd->src.done = true;
			return;
		}
		source_wake_at(&fd->src, monotonic_ns() + delay);
		return;
	}
	if (fd->o.once)
		fd->src.done = true;
	else
		source_wake_at(&fd->src, monotonic_ns() + delay);
}

static void
start(struct feed *fd)
{
	char *inm = NULL, *ims = NULL;
	const char *headers[3] = {NULL};
	int n = 0;

	if (fd->etag) {
		inm = xmalloc(strlen(fd->etag) + 16);
		sprintf(inm, "If-None-Match: %s", fd->etag);
		headers[n++] = inm;
	}
	if (fd->last_modified) {
		ims = xmalloc(strlen(fd->last_modified) + 20);
		sprintf(ims, "If-Modified-Since: %s", fd->last_modified);
		headers[n++] = ims;
	}
	fd->x = xfer_get(fd->url, headers, NULL, feed_done, fd);
	free(inm);
	free(ims);
}

static void
feed_step(struct source *src)
{
	struct feed *fd = src->data;

	if (!fd->x)
		start(fd);
}

static json_t *
feed_save(struct source *src)
{
	struct feed *fd = src->data;
	json_t *pos = json_object();

	if (fd->etag)
		json_object_set_new(pos, "etag", json_string(fd->etag));
	if (fd->last_modified)
		json_object_set_new(pos, "last_modified", json_string(fd->last_modified));
	json_object_set_new(pos, "seen", idset_json(fd->seen));
	return pos;
}

static void
feed_load(struct source *src, json_t *pos)
{
	struct feed *fd = src->data;
	json_t *v;
	size_t i;

	if ((v = json_object_get(pos, "etag")) && json_is_string(v))
		fd->etag = xstrdup(json_string_value(v));
	if ((v = json_object_get(pos, "last_modified")) && json_is_string(v))
		fd->last_modified = xstrdup(json_string_value(v));
	json_array_foreach(json_object_get(pos, "seen"), i, v) if (json_is_string(v))
	    idset_add(fd->seen, json_string_value(v));
}

static void
feed_stop(struct source *src)
{
	struct feed *fd = src->data;

	xfer_cancel(fd->x);
	fd->x = NULL;
}

static const struct source_ops feed_ops = {
    .step = feed_step,
    .save = feed_save,
    .load = feed_load,
    .stop = feed_stop,
};

struct source *
feed_source(const char *spec, const struct feed_opts *o, const struct sink *k)
{
	struct feed *fd;

	if (strncmp(spec, "feed:", 5))
		return NULL;
	if (strncmp(spec + 5, "http://", 7) && strncmp(spec + 5, "https://", 8))
		stage_bad_option(k->st, spec, "not feed:http://... or feed:https://...");
	fd = xcalloc(1, sizeof(*fd));
	fd->o = *o;
	fd->k = k;
	fd->url = xstrdup(spec + 5);
	fd->src.ops = &feed_ops;
	fd->src.data = fd;
	fd->src.fd = -1;
	fd->src.ready = true;
	fd->src.name = xstrdup(spec);
	fd->seen = idset_new(SEEN_MAX);
	fd->o.hold.timeout_ns = 0; /* released in the same step */
	hold_init(&fd->hold, &fd->o.hold, &fd->src, write_item, fd);
	return &fd->src;
}
