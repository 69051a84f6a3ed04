/*
 * fuzz_window: sentio-window's mergeable state (window/aggregate.h,
 * window/exact.h).  The first byte picks the mode.
 *   even: the rest is a partial record, as sentio-window --merge reads it
 *         from files or pipes.  What agg_load_partial() takes must dump,
 *         load and dump again to the same bytes, and merge with a state of
 *         its own making.
 *   odd:  the rest is doubles (8 bytes each).  The state of all of them
 *         must be byte for byte the merge of the states of any two shards.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "exact.h"

static char *
dump(struct agg *a, size_t *len)
{
	struct buf b = {0};

	agg_dump_partial(a, &b);
	*len = b.len;
	return b.p;
}

static void
partial(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	struct agg a, b, c;
	struct agg_result r;
	const char *why;
	size_t n1, n2;

	if (!obj)
		return;
	agg_init(&a);
	if (json_is_object(obj) && agg_load_partial(&a, obj, &why) == 0) {
		agg_result(&a, &r);
		char *d1 = dump(&a, &n1);
		/* The dump is the inside of an object: read it back. */
		char *text = malloc(n1 + 3);
		text[0] = '{';
		memcpy(text + 1, d1, n1);
		text[n1 + 1] = '}';
		text[n1 + 2] = '\0';
		json_t *again = json_loads(text, 0, &err);
		if (!again)
			abort();
		agg_init(&b);
		if (agg_load_partial(&b, again, &why))
			abort();
		char *d2 = dump(&b, &n2);
		if (n1 != n2 || memcmp(d1, d2, n1))
			abort();
		/* Merge with an ordinary state. */
		agg_init(&c);
		agg_add(&c, 0.5, 0.05, -0.05);
		agg_add(&c, -0.25, 0.05, -0.05);
		agg_merge(&c, &b);
		agg_result(&c, &r);
		free(text);
		free(d1);
		free(d2);
		json_decref(again);
		agg_free(&b);
		agg_free(&c);
	}
	agg_free(&a);
	json_decref(obj);
}

static void
shards(const uint8_t *data, size_t size)
{
	size_t n = size / 8, k;
	double v[512];
	struct agg all, a, b;
	size_t la, lb;

	if (n == 0)
		return;
	if (n > 512)
		n = 512;
	for (size_t i = 0; i < n; i++) {
		memcpy(&v[i], data + 8 * i, 8);
		if (!isfinite(v[i]))
			v[i] = 0;
	}
	k = data[0] % (n + 1);
	agg_init(&all);
	agg_init(&a);
	agg_init(&b);
	for (size_t i = 0; i < n; i++) {
		agg_add(&all, v[i], 0.05, -0.05);
		agg_add(i < k ? &a : &b, v[i], 0.05, -0.05);
	}
	if (k > 0 && k < n) {
		agg_merge(&a, &b);
		char *d1 = dump(&all, &la), *d2 = dump(&a, &lb);
		if (la != lb || memcmp(d1, d2, la))
			abort();
		struct agg_result r1, r2;
		agg_result(&all, &r1);
		agg_result(&a, &r2);
		if (memcmp(&r1, &r2, sizeof r1))
			abort();
		free(d1);
		free(d2);
	}
	/* Exact sums read back from their text form. */
	char *t = exact_format(&all.sum);
	struct exact x;
	exact_init(&x);
	if (exact_parse(&x, t, strlen(t)))
		abort();
	char *t2 = exact_format(&x);
	if (strcmp(t, t2))
		abort();
	free(t);
	free(t2);
	exact_free(&x);
	agg_free(&all);
	agg_free(&a);
	agg_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		shards(data + 1, size - 1);
	else
		partial(data + 1, size - 1);
	return 0;
}
