/*
 * hold.c: newer stream records held back while a gap is back-filled, or
 * a poll's records (hold.h), kept as their JSON text with their time,
 * written in time order when the gap is filled or a bound is hit.
 */
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "hold.h"
#include "output.h"
#include "util.h"

struct held {
	int64_t ts;
	size_t seq; /* the order it came, for ties */
	char *json, *id;
	size_t len, idlen;
};

void
hold_init(struct hold *h, const struct hold_opts *o, struct source *src,
          void (*write)(void *, const char *, size_t, const char *, size_t), void *arg)
{
	memset(h, 0, sizeof(*h));
	h->o = *o;
	h->src = src;
	h->write = write;
	h->arg = arg;
}

void
hold_begin(struct hold *h)
{
	if (h->on)
		return; /* a drop while a gap is filled: the same gap, held on */
	h->on = true;
	h->gave_up = false;
}

static int
by_time(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write every record held, in time order, and forget them. */
static void
release(struct hold *h)
{
	if (!h->n)
		return;
	qsort(h->v, h->n, sizeof(*h->v), by_time);
	for (size_t i = 0; i < h->n; i++) {
		h->write(h->arg, h->v[i].json, h->v[i].len, h->v[i].id, h->v[i].idlen);
		free(h->v[i].json);
		free(h->v[i].id);
	}
	h->n = 0;
}

/* rec as one line of JSON, allocated. */
static char *
line(json_t *rec, size_t *len)
{
	char *s = NULL;
	size_t cap = 0, n = json_dump_to(rec, &s, &cap, JSON_COMPACT);

	if (n + 2 > cap)
		s = xrealloc(s, n + 2);
	s[n++] = '\n';
	s[n] = '\0';
	*len = n;
	return s;
}

void
hold_write(struct hold *h, json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	size_t len;
	char *s = line(rec, &len);

	h->write(h->arg, s, len, id ? id : "", id ? strlen(id) : 0);
	free(s);
}

bool
hold_put(struct hold *h, json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *ts = json_string_value(json_object_get(rec, "ts"));
	struct held *r;

	if (!h->on || h->gave_up)
		return false;
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
	}
	r = &h->v[h->n];
	r->seq = h->n;
	if (!ts || rfc3339_parse(ts, strlen(ts), &r->ts))
		r->ts = INT64_MAX; /* not a source's record: after the others */
	r->json = line(rec, &r->len);
	r->id = xstrdup(id ? id : "");
	r->idlen = strlen(r->id);
	if (!h->n++) {
		h->since = monotonic_ns();
		if (h->o.timeout_ns)
			source_wake_at(h->src, h->since + h->o.timeout_ns);
	}
	if (h->n >= h->o.max) {
		weprintf("%s: %zu records held to be written in time order (--hold-max): "
		         "written now, the rest after them",
		         h->src->name, h->n);
		h->gave_up = true;
		release(h);
	}
	return true;
}

void
hold_end(struct hold *h)
{
	release(h);
	h->on = h->gave_up = false;
}

void
hold_due(struct hold *h, int64_t now)
{
	if (!h->n || !h->o.timeout_ns)
		return;
	if (now - h->since < h->o.timeout_ns) {
		source_wake_at(h->src, h->since + h->o.timeout_ns);
		return;
	}
	char d[DURATION_LEN];

	weprintf("%s: %zu records held for %s to be written in time order "
	         "(--hold-timeout): written now, the rest after them",
	         h->src->name, h->n, duration_format(h->o.timeout_ns, d));
	h->gave_up = true;
	release(h);
}

size_t
hold_drop(struct hold *h)
{
	size_t n = h->n;

	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].json);
		free(h->v[i].id);
	}
	h->n = 0;
	h->on = h->gave_up = false;
	return n;
}
