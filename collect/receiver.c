/*
 * receiver.c: an HTTP receiver for feedback forms and webhooks, served by
 * libmicrohttpd inside the main loop (its descriptors are waited on with
 * the rest; it runs on the same thread, so records are written whole).
 *
 * POST / with application/json (an object, or an array of them) or
 * application/x-www-form-urlencoded becomes records: 202 and the ids
 * given; 413 over --max-body; 400 on bad input (nothing of it is kept);
 * 404 and 405 elsewhere.  It listens on loopback unless told an address.
 *
 * A retry is harmless: a request with an Idempotency-Key header already
 * accepted (in this run, or in an earlier one with the same --state) is
 * answered 202 with the ids of the first time, and nothing is written
 * again.  The last KEYS_MAX keys are remembered.  While the run ends a
 * request is answered 503, nothing of it written.
 *
 * Slow clients cannot hold every slot (slowloris): a request must arrive
 * whole within --receive-timeout or its connection is cut, and one address
 * holds at most PER_IP connections.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>

#include "buf.h"
#include "json.h"
#include "receiver.h"
#include "timestamp.h"
#include "utf8.h"

#define CONNECTIONS 256 /* at most, in all */
#define PER_IP      64  /* at most, from one address */
#define KEYS_MAX    4096
#define KEY_MAX_LEN 255

/* A connection, and the time its request must have arrived by. */
struct conn {
	struct conn *prev, *next;
	MHD_socket fd;
	int64_t deadline;
	bool cut;
};

struct receiver {
	struct source src;
	struct receiver_opts o;
	const struct sink *k;
	struct MHD_Daemon *d;
	char run[24]; /* this run's mark in the ids given */
	unsigned long long seq;
	unsigned long requests;
	struct conn *conns;
	bool warned_cut;
	json_t *keys;     /* Idempotency-Key -> the ids it was answered */
	json_t *key_fifo; /* the keys, oldest first */
};

struct request {
	struct buf body;
	bool too_big;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
{
	char body[1024];
	va_list ap;
	struct MHD_Response *r;
	enum MHD_Result ret;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body) - 1, fmt, ap); /* room for the line end */
	va_end(ap);
	strcat(body, "\n");
	r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "POST");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(r, "Retry-After", "1");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* A JSON string for an error message (escaped). */
static const char *
quote(const char *s)
{
	static char *text;

	free(text);
	json_t *v = json_string(s);
	text = json_dumps(v, JSON_ENCODE_ANY);
	json_decref(v);
	return text;
}

/* application/x-www-form-urlencoded into an object of strings (the first of a repeated name). */
static json_t *
form_decode(const char *s, size_t n, const char **why)
{
	json_t *obj = json_object();
	struct buf key = {0}, val = {0};

	for (size_t i = 0; i <= n;) {
		size_t e = i;
		while (e < n && s[e] != '&')
			e++;
		if (e > i) {
			struct buf *b = &key;

			key.len = val.len = 0;
			for (size_t k = i; k < e; k++) {
				char c = s[k];

				if (c == '=' && b == &key) {
					b = &val;
					continue;
				}
				if (c == '+')
					c = ' ';
				else if (c == '%' && k + 2 < e && hex_digit(s[k + 1]) >= 0 &&
				         hex_digit(s[k + 2]) >= 0) {
					c = (char)(hex_digit(s[k + 1]) * 16 + hex_digit(s[k + 2]));
					k += 2;
				}
				buf_addc(b, c);
			}
			if (!utf8_valid(key.p, key.len) || !utf8_valid(val.p, val.len)) {
				*why = "form data that is not UTF-8";
				json_decref(obj);
				obj = NULL;
				break;
			}
			buf_addc(&key, '\0');
			if (!json_object_get(obj, key.p))
				json_object_set_new(obj, key.p,
				                    json_stringn(val.p ? val.p : "", val.len));
		}
		i = e + 1;
	}
	free(key.p);
	free(val.p);
	return obj;
}

/* A submitted object as a record, or NULL with the reason. */
static json_t *
to_record(struct receiver *rc, json_t *in, const char **why)
{
	json_t *out, *v;
	const char *key;
	char tsbuf[RFC3339_LEN], id[96];
	int64_t ns;

	if (!json_is_object(in)) {
		static char kind[64];

		snprintf(kind, sizeof(kind), "not a JSON object but %s", json_kind(in));
		return *why = kind, NULL;
	}
	if (!json_is_string(json_object_get(in, "text")))
		return *why = "no text field (a string)", NULL;
	if ((v = json_object_get(in, "ts"))) {
		const char *tswhy;

		if (timestamp_from_json(v, &ns, &tswhy))
			return *why = "ts is not a time", NULL;
	} else
		ns = now_ns();
	out = json_object();
	v = json_object_get(in, "id");
	if (json_is_string(v) && json_string_length(v))
		json_object_set(out, "id", v);
	else {
		snprintf(id, sizeof(id), "%s:%s-%llu", rc->src.name, rc->run, ++rc->seq);
		json_object_set_new(out, "id", json_string(id));
	}
	json_object_set_new(out, "ts", json_string(rfc3339_format(ns, tsbuf)));
	v = json_object_get(in, "source");
	json_object_set_new(out, "source",
	                    json_is_string(v) ? json_incref(v) : json_string(rc->src.name));
	json_object_set(out, "text", json_object_get(in, "text"));
	json_object_foreach(in, key, v) if (!json_object_get(out, key))
	    json_object_set(out, key, v);
	return out;
}

/* Remember that key was answered ids, forgetting the oldest key past KEYS_MAX. */
static void
key_add(struct receiver *rc, const char *key, json_t *ids)
{
	if (json_object_get(rc->keys, key))
		return;
	while (json_array_size(rc->key_fifo) >= KEYS_MAX) {
		json_object_del(rc->keys, json_string_value(json_array_get(rc->key_fifo, 0)));
		json_array_remove(rc->key_fifo, 0);
	}
	json_object_set(rc->keys, key, ids);
	json_array_append_new(rc->key_fifo, json_string(key));
}

/* 202 and the ids, however many (reply() would cut them short). */
static enum MHD_Result
reply_ids(struct MHD_Connection *c, json_t *ids)
{
	char *text = json_dumps(ids, JSON_COMPACT);
	struct buf b = {0};
	struct MHD_Response *r;
	enum MHD_Result ret;

	buf_adds(&b, "{\"ids\":");
	buf_adds(&b, text);
	buf_adds(&b, "}\n");
	r = MHD_create_response_from_buffer(b.len, b.p, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, MHD_HTTP_ACCEPTED, r);
	MHD_destroy_response(r);
	free(text);
	return ret;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The byte spans of the items of s[0..n), a JSON array already checked
 * valid: starts and lens get one for each item, at most max.
 */
static size_t
array_items(const char *s, size_t n, size_t *starts, size_t *lens, size_t max)
{
	size_t i = 0, k = 0;

	while (i < n && s[i] != '[')
		i++;
	for (i++; i < n && k < max;) {
		int depth = 0;

		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n || s[i] == ']')
			break;
		starts[k] = i;
		for (; i < n; i++) {
			if (s[i] == '"') {
				for (i++; i < n && s[i] != '"'; i++)
					if (s[i] == '\\')
						i++;
			} else if (s[i] == '{' || s[i] == '[')
				depth++;
			else if (s[i] == '}' || s[i] == ']') {
				if (!depth)
					break;
				depth--;
			} else if (s[i] == ',' && !depth)
				break;
		}
		size_t e = i;
		while (e > starts[k] && is_ws(s[e - 1]))
			e--;
		lens[k] = e - starts[k];
		k++;
		if (i < n && s[i] == ',')
			i++;
	}
	return k;
}

/*
 * Write r, a record of the object obj[0..len) as POSTed: its own members
 * first, then the others as their bytes came (sentio(7): fields a stage
 * does not own keep their bytes: 4.1, 1e2, -0, "\/").
 */
static void
emit_bytes(struct receiver *rc, json_t *r, const char *obj, size_t len)
{
	static const char *const own[] = {"id", "ts", "source", "text", NULL};
	static struct buf out, rest;
	json_t *head = json_object();
	const char *id = json_string_value(json_object_get(r, "id"));
	char *h;
	int n;

	for (size_t i = 0; own[i]; i++)
		json_object_set(head, own[i], json_object_get(r, own[i]));
	h = json_dumps(head, JSON_COMPACT);
	out.len = rest.len = 0;
	buf_add(&out, h, strlen(h) - 1); /* without its '}' */
	n = json_copy_members(&rest, obj, len, own);
	if (n > 0) {
		buf_addc(&out, ',');
		buf_add(&out, rest.p + 1, rest.len - 1); /* without its '{' */
	}
	buf_add(&out, "}\n", 2);
	rc->k->emit(out.p, out.len, id, strlen(id));
	free(h);
	json_decref(head);
}

static enum MHD_Result
submit(struct receiver *rc, struct MHD_Connection *c, struct request *rq)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
	const char *body = rq->body.p ? rq->body.p : "", *why = NULL;
	size_t len = rq->body.len;
	json_t *in = NULL, *recs, *ids, *was;
	bool is_json = false;
	json_error_t err;
	char detail[256];

	if (rc->k->stopping()) /* the answer might not get out before the end: take nothing */
		return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		             "{\"error\":\"stopping; again soon\"}");
	if (key && (!*key || strlen(key) > KEY_MAX_LEN || !utf8_valid(key, strlen(key))))
		return reply(c, MHD_HTTP_BAD_REQUEST,
		             "{\"error\":\"Idempotency-Key: not 1 to %d bytes of UTF-8\"}",
		             KEY_MAX_LEN);
	if (key && (was = json_object_get(rc->keys, key))) {
		/* A retry of a request taken already: its records count as duplicates. */
		rc->k->st->in += json_array_size(was);
		rc->k->st->filtered += json_array_size(was);
		return reply_ids(c, was);
	}
	recs = json_array();
	ids = json_array();
	rc->requests++;
	if (type && !strncasecmp(type, "application/json", 16)) {
		is_json = true;
		if (!(in = json_loadb_strict(body, len, JSON_FLAGS, &err))) {
			snprintf(detail, sizeof(detail), "invalid JSON: %s (column %d)", err.text,
			         err.column);
			why = utf8_printable(detail); /* it quotes the body */
		}
	} else if (type && !strncasecmp(type, "application/x-www-form-urlencoded", 33))
		in = form_decode(body, len, &why);
	else
		why = "Content-Type is not application/json or application/x-www-form-urlencoded";
	if (in) {
		json_t *one = json_is_array(in) ? NULL : in, *v;
		size_t i;

		if (json_is_array(in) && !json_array_size(in))
			why = "an empty array";
		if (one) {
			json_t *r = to_record(rc, one, &why);
			if (r)
				json_array_append_new(recs, r);
		} else
			json_array_foreach(in, i, v)
			{
				json_t *r = to_record(rc, v, &why);

				if (!r) {
					snprintf(detail, sizeof(detail), "item %zu: %s", i + 1,
					         why);
					why = detail;
					break;
				}
				json_array_append_new(recs, r);
			}
	}
	bool one_object = json_is_object(in);
	json_decref(in);
	if (why) {
		/* Nothing of a bad request is kept. */
		rc->k->st->in++;
		stage_reject_input(rc->k->st, rc->src.name, rc->requests, body, len, "%s", why);
		stage_flush(rc->k->st);
		json_decref(recs);
		json_decref(ids);
		return reply(c, MHD_HTTP_BAD_REQUEST, "{\"error\":%s}", quote(why));
	}
	size_t i, nrec = json_array_size(recs), *starts = xcalloc(nrec, sizeof(size_t) * 2),
	          *lens = starts + nrec;
	json_t *r;

	if (!is_json)
		; /* form data: strings, no bytes to keep */
	else if (one_object)
		starts[0] = 0, lens[0] = len;
	else if (array_items(body, len, starts, lens, nrec) != nrec)
		is_json = false; /* cannot be: the array was read */
	json_array_foreach(recs, i, r)
	{
		rc->k->st->in++;
		if (is_json)
			emit_bytes(rc, r, body + starts[i], lens[i]);
		else
			sink_emit_json(rc->k, r);
		json_array_append(ids, json_object_get(r, "id"));
	}
	free(starts);
	/* Accepted means written: flush before answering. */
	stage_flush(rc->k->st);
	if (key)
		key_add(rc, key, ids);
	enum MHD_Result ret = reply_ids(c, ids);
	json_decref(recs);
	json_decref(ids);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct receiver *rc = cls;
	struct request *rq = *con_cls;

	(void)version;
	if (!rq) {
		const char *cl;

		if (strcmp(url, "/"))
			return reply(c, MHD_HTTP_NOT_FOUND, "{\"error\":\"not found: POST to /\"}");
		if (strcmp(method, "POST"))
			return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			             "{\"error\":\"method not allowed: POST\"}");
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > rc->o.max_body)
			return reply(c, MHD_HTTP_CONTENT_TOO_LARGE,
			             "{\"error\":\"over %zu bytes\"}", rc->o.max_body);
		*con_cls = rq = xcalloc(1, sizeof(*rq));
		return MHD_YES;
	}
	if (*upload_size) {
		if (rq->body.len + *upload_size > rc->o.max_body)
			rq->too_big = true;
		else
			buf_add(&rq->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->too_big)
		return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "{\"error\":\"over %zu bytes\"}",
		             rc->o.max_body);
	return submit(rc, c, rq);
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
              enum MHD_ConnectionNotificationCode toe)
{
	struct receiver *rc = cls;
	struct conn *k = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		k = xcalloc(1, sizeof(*k));
		k->fd = ci ? ci->connect_fd : MHD_INVALID_SOCKET;
		k->deadline = monotonic_ns() + rc->o.receive_ns;
		if ((k->next = rc->conns))
			k->next->prev = k;
		rc->conns = k;
		*socket_context = k;
	} else if (k) {
		if (k->prev)
			k->prev->next = k->next;
		else
			rc->conns = k->next;
		if (k->next)
			k->next->prev = k->prev;
		free(k);
		*socket_context = NULL;
	}
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct receiver *rc = cls;
	struct request *rq = *con_cls;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	(void)toe;
	/* A kept-alive connection's next request has its own time. */
	if (ci && ci->socket_context)
		((struct conn *)ci->socket_context)->deadline = monotonic_ns() + rc->o.receive_ns;
	if (rq) {
		free(rq->body.p);
		free(rq);
		*con_cls = NULL;
	}
}

/* libmicrohttpd's descriptors and timeout, for the main loop's wait. */
static size_t
receiver_waitfds(struct source *src, struct pollfd *fds, size_t max, int64_t *timeout_ns)
{
	struct receiver *rc = src->data;
	fd_set rs, ws, es;
	MHD_socket maxfd = 0;
	MHD_UNSIGNED_LONG_LONG t;
	size_t n = 0;

	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_ZERO(&es);
	if (src->done || MHD_get_fdset(rc->d, &rs, &ws, &es, &maxfd) != MHD_YES)
		return 0;
	for (int fd = 0; fd <= maxfd && n < max; fd++) {
		short ev =
		    (short)((FD_ISSET(fd, &rs) ? POLLIN : 0) | (FD_ISSET(fd, &ws) ? POLLOUT : 0));

		if (ev) {
			fds[n].fd = fd;
			fds[n].events = ev;
			fds[n].revents = 0;
			n++;
		}
	}
	if (MHD_get_timeout(rc->d, &t) == MHD_YES && (int64_t)t * NS_PER_MS < *timeout_ns)
		*timeout_ns = (int64_t)t * NS_PER_MS;
	int64_t now = monotonic_ns();
	for (struct conn *k = rc->conns; k; k = k->next)
		if (!k->cut && k->deadline - now < *timeout_ns)
			*timeout_ns = k->deadline > now ? k->deadline - now : 0;
	return n;
}

/* Cut the connections whose request is late: libmicrohttpd sees them end, and closes them. */
static void
cut_late(struct receiver *rc)
{
	int64_t now = monotonic_ns();

	for (struct conn *k = rc->conns; k; k = k->next) {
		if (k->cut || k->deadline > now || k->fd == MHD_INVALID_SOCKET)
			continue;
		if (!rc->warned_cut)
			weprintf(
			    "%s: a request not whole within --receive-timeout (%.1fs): cut; so "
			    "are the next ones, quietly",
			    rc->src.name, (double)rc->o.receive_ns / 1e9);
		rc->warned_cut = true;
		shutdown(k->fd, SHUT_RDWR);
		k->cut = true;
	}
}

/* Made ready after every wait of the loop (it has waitfds): serve what came. */
static void
receiver_step(struct source *src)
{
	struct receiver *rc = src->data;

	MHD_run(rc->d);
	cut_late(rc);
}

static void
receiver_stop(struct source *src)
{
	struct receiver *rc = src->data;

	/* Requests under way get their answers first. */
	if (rc->d) {
		MHD_run(rc->d);
		MHD_stop_daemon(rc->d);
		rc->d = NULL;
	}
	src->done = true;
}

/* The keys remembered, oldest first: [[key, ids], ...]. */
static json_t *
receiver_save(struct source *src)
{
	struct receiver *rc = src->data;
	json_t *pos = json_object(), *keys = json_array(), *k;
	size_t i;

	json_array_foreach(rc->key_fifo, i, k)
	{
		json_t *pair = json_array();

		json_array_append(pair, k);
		json_array_append(pair, json_object_get(rc->keys, json_string_value(k)));
		json_array_append_new(keys, pair);
	}
	json_object_set_new(pos, "keys", keys);
	return pos;
}

static void
receiver_load(struct source *src, json_t *pos)
{
	struct receiver *rc = src->data;
	json_t *pair;
	size_t i;

	json_array_foreach(json_object_get(pos, "keys"), i, pair)
	{
		const char *key = json_string_value(json_array_get(pair, 0));
		json_t *ids = json_array_get(pair, 1);

		if (key && json_is_array(ids))
			key_add(rc, key, ids);
	}
}

static const struct source_ops receiver_ops = {
    .step = receiver_step,
    .save = receiver_save,
    .load = receiver_load,
    .stop = receiver_stop,
    .waitfds = receiver_waitfds,
};

struct source *
receiver_source(const char *spec, const struct receiver_opts *o, const struct sink *k)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct receiver *rc;
	const char *p, *colon;
	char host[64] = "127.0.0.1", *end;
	unsigned long port;

	if (strncmp(spec, "listen:", 7))
		return NULL;
	p = spec + 7;
	if ((colon = strrchr(p, ':'))) {
		if ((size_t)(colon - p) >= sizeof(host))
			stage_bad_option(k->st, spec, "not listen:[ADDRESS:]PORT");
		memcpy(host, p, (size_t)(colon - p));
		host[colon - p] = '\0';
		p = colon + 1;
	}
	port = strtoul(p, &end, 10);
	if (!*p || *end || port > 65535)
		stage_bad_option(k->st, spec, "not listen:[ADDRESS:]PORT");
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		stage_bad_option(k->st, spec, "not an IPv4 address: %s", host);
	sa.sin_port = htons((uint16_t)port);
	rc = xcalloc(1, sizeof(*rc));
	rc->o = *o;
	rc->k = k;
	rc->src.ops = &receiver_ops;
	rc->src.data = rc;
	rc->src.fd = -1;
	rc->keys = json_object();
	rc->key_fifo = json_array();
	snprintf(rc->run, sizeof(rc->run), "%llx", (unsigned long long)now_ns());
	rc->d = MHD_start_daemon(
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, rc, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, on_completed, rc,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, rc, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)((rc->o.receive_ns + NS_PER_SEC - 1) / NS_PER_SEC),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)PER_IP, MHD_OPTION_END);
	if (!rc->d)
		eprintf("%s: cannot listen on %s:%lu", spec, host, port);
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(rc->d, MHD_DAEMON_INFO_BIND_PORT);
	if (info && info->port)
		port = info->port;
	rc->src.name = xmalloc(strlen(host) + 32);
	sprintf(rc->src.name, "listen:%s:%lu", host, port);
	weprintf("%s: listening on http://%s:%lu/", spec, host, port);
	return &rc->src;
}
