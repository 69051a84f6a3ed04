/*
 * fuzz_feed: sentio-collect's RSS and Atom parser (collect/feedparse.h)
 * and rfc822_parse(), on any bytes.  Every item is a record with a string
 * id, ts and text and dumps as valid JSON, or a reject with a reason;
 * parsing stops when asked to.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feedparse.h"
#include "timestamp.h"
#include "utf8.h"

struct count {
	unsigned long items, rejects, asked, stop_after;
};

static bool
more(void *arg)
{
	struct count *c = arg;

	return ++c->asked <= c->stop_after;
}

static void
item(void *arg, json_t *rec)
{
	struct count *c = arg;

	if (!json_is_string(json_object_get(rec, "id")) ||
	    !json_is_string(json_object_get(rec, "ts")) ||
	    !json_is_string(json_object_get(rec, "text")) ||
	    strcmp(json_string_value(json_object_get(rec, "source")), "feed:fuzz"))
		abort();
	char *s = json_dumps(rec, JSON_COMPACT);
	if (!s || !utf8_valid(s, strlen(s)))
		abort();
	free(s);
	c->items++;
}

static void
reject(void *arg, unsigned long line, const char *raw, size_t len, const char *why)
{
	struct count *c = arg;

	(void)line;
	if (!why || !*why || (len && !raw))
		abort();
	c->rejects++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	int64_t ns;

	s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		/* Whole, then stopped after the first item. */
		struct count c = {.stop_after = pass ? 1 : (unsigned long)-1};
		struct feed_handler h = {.more = more, .item = item, .reject = reject, .arg = &c};
		bool whole = feed_parse(s, size, "feed:fuzz", &h);

		if (whole != (c.asked <= c.stop_after) || (pass && c.items > 1))
			abort();
	}
	(void)rfc822_parse(s, &ns);
	free(s);
	return 0;
}
