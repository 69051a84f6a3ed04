/*
 * sse.c: server-sent events, as the HTML standard defines them: lines end
 * in LF, CR LF or CR; "field: value" lines; a line opening with ':' is a
 * comment (Mastodon's ":thump" heartbeats); a blank line dispatches the
 * event; several data lines are joined with '\n'.
 */
#include <stdlib.h>
#include <string.h>

#include "sse.h"

void
sse_init(struct sse *s, size_t max, sse_event_fn on_event, sse_overlong_fn on_overlong, void *arg)
{
	memset(s, 0, sizeof(*s));
	s->max = max;
	s->on_event = on_event;
	s->on_overlong = on_overlong;
	s->arg = arg;
}

void
sse_reset(struct sse *s)
{
	if (s->overlong && s->on_overlong)
		s->on_overlong(s->arg, NULL, 0, true);
	s->line.len = s->data.len = s->cut = 0;
	s->event[0] = '\0';
	s->has_data = s->skip_cr_lf = s->overlong = s->line_out = s->need_nl = false;
}

/* Bytes of the data of an event over the limit: they go out as they come. */
static void
out(struct sse *s, const char *p, size_t n)
{
	if (n && s->on_overlong)
		s->on_overlong(s->arg, p, n, false);
}

/* A data line of an event begins to go out: the event's data before it first. */
static void
out_begin(struct sse *s)
{
	if (!s->overlong) {
		s->overlong = true;
		out(s, s->data.p, s->data.len); /* its lines so far, each with its '\n' */
		s->data.len = 0;
	} else if (s->need_nl)
		out(s, "\n", 1);
	s->has_data = s->need_nl = true;
}

void
sse_free(struct sse *s)
{
	free(s->line.p);
	free(s->data.p);
}

/*
 * A line coming in pieces is kept up to this many bytes, and only the
 * number of the bytes past it: enough to hold the field's name and the
 * longest event name kept, and a data line that long is over the limit
 * anyway.  So a line means the same whether it comes whole or in pieces:
 * process_line() decides by its field whether it was too long.
 */
static size_t
line_cap(const struct sse *s)
{
	return (s->max > sizeof(s->event) ? s->max : sizeof(s->event)) + 16;
}

/* A line: p[0..n) and cut more bytes that were not kept. */
static void
process_line(struct sse *s, const char *p, size_t n, size_t cut)
{
	const char *colon, *value;
	size_t flen, vlen;

	if (n == 0) {
		if (s->overlong && s->on_overlong)
			s->on_overlong(s->arg, NULL, 0, true);
		else if (s->has_data) {
			size_t len = s->data.len;

			if (len && s->data.p[len - 1] == '\n')
				len--;
			buf_addc(&s->data, '\0');
			s->on_event(s->arg, s->event[0] ? s->event : "message", s->data.p, len);
		}
		s->data.len = 0;
		s->event[0] = '\0';
		s->has_data = s->overlong = s->need_nl = false;
		return;
	}
	if (p[0] == ':')
		return; /* a comment: a heartbeat */
	colon = memchr(p, ':', n);
	flen = colon ? (size_t)(colon - p) : n;
	value = colon ? colon + 1 : p + n;
	vlen = colon ? n - flen - 1 : 0;
	if (vlen && *value == ' ')
		value++, vlen--;
	if (flen == 4 && !memcmp(p, "data", 4)) {
		/* (A data line past the cap went out in keep(): cut is 0 here.) */
		if (s->overlong || s->data.len + vlen + cut > s->max) {
			out_begin(s);
			out(s, value, vlen);
			return;
		}
		buf_add(&s->data, value, vlen);
		buf_addc(&s->data, '\n');
		s->has_data = true;
	} else if (flen == 5 && !memcmp(p, "event", 5)) {
		if (vlen >= sizeof(s->event))
			vlen = sizeof(s->event) - 1;
		memcpy(s->event, value, vlen);
		s->event[vlen] = '\0';
	}
	/* id and retry are of no use to us; other fields are ignored, as the standard says. */
}

/*
 * Add p[0..n) to the line being read, up to its cap.  Past it, a data
 * line's bytes go out as they come (its event is over the limit); the
 * rest of any other line is only counted.
 */
static void
keep(struct sse *s, const char *p, size_t n)
{
	size_t cap = line_cap(s), room = s->line.len < cap ? cap - s->line.len : 0;
	size_t k = n < room ? n : room;

	if (s->line_out) {
		out(s, p, n);
		return;
	}
	buf_add(&s->line, p, k);
	if (n == k)
		return;
	if (s->line.len >= 5 && !memcmp(s->line.p, "data:", 5)) {
		size_t v = s->line.len > 5 && s->line.p[5] == ' ' ? 6 : 5;

		out_begin(s);
		out(s, s->line.p + v, s->line.len - v);
		out(s, p + k, n - k);
		s->line_out = true;
		s->line.len = 0;
	} else
		s->cut += n - k;
}

void
sse_feed(struct sse *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s->skip_cr_lf) {
			s->skip_cr_lf = false;
			if (p[i] == '\n') {
				i++;
				continue;
			}
		}
		size_t k = i;
		while (k < n && p[k] != '\n' && p[k] != '\r')
			k++;
		if (k == n) {
			/* No line end yet: keep the piece, up to the cap. */
			keep(s, p + i, n - i);
			return;
		}
		if (s->line_out) {
			out(s, p + i, k - i); /* the end of a data line that went out */
			s->line_out = false;
		} else if (s->line.len) {
			keep(s, p + i, k - i);
			if (s->line_out)
				s->line_out = false;
			else
				process_line(s, s->line.p, s->line.len, s->cut);
			s->line.len = s->cut = 0;
		} else
			process_line(s, p + i, k - i, 0);
		s->skip_cr_lf = p[k] == '\r';
		i = k + 1;
	}
}
