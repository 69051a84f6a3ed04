/*
 * fuzz_sse: collect/sse.h.  The first byte picks the line limit and a
 * piece size; the events from the input fed whole must be the same as
 * from the input fed in pieces, and one byte at a time, and so must the
 * data of events over the limit, which comes out in pieces.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sse.h"

struct log {
	char *p;
	size_t len, cap;
	int overlong;
	struct log *over; /* the data of an event over the limit, so far */
};

static void
add(struct log *l, const void *s, size_t n)
{
	if (l->len + n > l->cap) {
		l->cap = (l->len + n) * 2 + 64;
		l->p = realloc(l->p, l->cap);
		if (!l->p)
			abort();
	}
	memcpy(l->p + l->len, s, n);
	l->len += n;
}

static void
on_event(void *arg, const char *event, const char *data, size_t len)
{
	struct log *l = arg;
	size_t elen = strlen(event);

	if (elen >= 64)
		abort();
	add(l, "E", 1);
	add(l, &elen, sizeof elen);
	add(l, event, elen);
	add(l, &len, sizeof len);
	add(l, data, len);
}

static void
on_overlong(void *arg, const char *p, size_t n, bool end)
{
	struct log *l = arg;

	if (n)
		add(l->over, p, n);
	if (end) {
		add(l, "O", 1);
		add(l, &l->over->len, sizeof l->over->len);
		if (l->over->len)
			add(l, l->over->p, l->over->len);
		l->over->len = 0;
		l->overlong++;
	}
}

static void
run(const char *p, size_t n, size_t max, size_t piece, struct log *l)
{
	struct sse s;
	struct log over = {0};

	l->over = &over;
	sse_init(&s, max, on_event, on_overlong, l);
	for (size_t i = 0; i < n; i += piece)
		sse_feed(&s, p + i, n - i < piece ? n - i : piece);
	sse_reset(&s);
	/* A second connection on the same parser. */
	sse_feed(&s, "data: x\n\n", 9);
	sse_free(&s);
	free(over.p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t maxes[] = {1, 8, 64, 1 << 20};
	struct log a = {0}, b = {0}, c = {0};
	char *p;

	if (size < 1)
		return 0;
	size_t max = maxes[data[0] & 3], piece = (data[0] >> 2) + 1;
	data++, size--;
	p = malloc(size ? size : 1);
	if (!p)
		abort();
	memcpy(p, data, size);
	run(p, size, max, size ? size : 1, &a);
	run(p, size, max, piece, &b);
	run(p, size, max, 1, &c);
	if (a.len != b.len || a.len != c.len || memcmp(a.p, b.p, a.len) || memcmp(a.p, c.p, a.len))
		abort();
	free(a.p);
	free(b.p);
	free(c.p);
	free(p);
	return 0;
}
