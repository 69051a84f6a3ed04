/*
 * receiver.c: an HTTP receiver for feedback forms and webhooks, served by
 * libmicrohttpd inside the main loop (its descriptors are waited on with
 * the rest; it runs on the same thread, so records are written whole).
 *
 * POST / with application/json (an object, or an array of them) or
 * application/x-www-form-urlencoded becomes records: 202 and the ids
 * given; 413 over --max-body; 400 on bad input (nothing of it is kept);
 * 404 and 405 elsewhere.  It listens on loopback unless told an address.
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

#include "buf.h"
#include "receiver.h"
#include "timestamp.h"
#include "utf8.h"

struct receiver {
	struct source src;
	struct receiver_opts o;
	const struct sink *k;
	struct MHD_Daemon *d;
	char run[24]; /* this run's mark in the ids given */
	unsigned long long seq;
	unsigned long requests;
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
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	strcat(body, "\n");
	r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "POST");
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

static enum MHD_Result
submit(struct receiver *rc, struct MHD_Connection *c, struct request *rq)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	const char *body = rq->body.p ? rq->body.p : "", *why = NULL;
	size_t len = rq->body.len;
	json_t *in = NULL, *recs = json_array(), *ids = json_array();
	json_error_t err;
	char detail[256];

	rc->requests++;
	if (type && !strncasecmp(type, "application/json", 16)) {
		if (!(in = json_loadb(body, len, JSON_FLAGS, &err))) {
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
	json_decref(in);
	if (why) {
		/* Nothing of a bad request is kept. */
		rc->k->st->in++;
		stage_reject_input(rc->k->st, rc->src.name, rc->requests, body, len, "%s", why);
		json_decref(recs);
		json_decref(ids);
		return reply(c, MHD_HTTP_BAD_REQUEST, "{\"error\":%s}", quote(why));
	}
	size_t i;
	json_t *r;
	json_array_foreach(recs, i, r)
	{
		rc->k->st->in++;
		sink_emit_json(rc->k, r);
		json_array_append(ids, json_object_get(r, "id"));
	}
	/* Accepted means written: flush before answering. */
	out_flush();
	char *text = json_dumps(ids, JSON_COMPACT);
	enum MHD_Result ret = reply(c, MHD_HTTP_ACCEPTED, "{\"ids\":%s}", text);
	free(text);
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
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
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
	return n;
}

/* Made ready after every wait of the loop (it has waitfds): serve what came. */
static void
receiver_step(struct source *src)
{
	struct receiver *rc = src->data;

	MHD_run(rc->d);
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

static const struct source_ops receiver_ops = {
    .step = receiver_step,
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
	snprintf(rc->run, sizeof(rc->run), "%llx", (unsigned long long)now_ns());
	rc->d =
	    MHD_start_daemon(MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, rc, MHD_OPTION_SOCK_ADDR,
	                     (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, on_completed, rc,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_END);
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
