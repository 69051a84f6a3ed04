/*
 * fuzz_feed: sentio-collect's RSS and Atom parser (parse_feed(), static in
 * collect/feed.c, reached by including that file) and rfc822_parse(), on
 * any bytes.  collect.c's main file is not linked: what the parser calls
 * of it is stubbed here, and every item it gives is counted.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * Known bug (tests/fuzz/KNOWN-BUGS, 7): rfc822_parse() reads p[4] past
 * the end of a date that ends in a short offset ("... 05:02 +5").  Until
 * it is fixed the dates handed to it are padded with NUL bytes here (the
 * feed parser copies them with xstrndup()), so that fuzzing gets past it;
 * tests/fuzz/known/feed/ holds the input, which crashes the unpadded code.
 */
static char *
padded_strndup(const char *s, size_t n)
{
	char *p = calloc(1, n + 8);

	if (!p)
		abort();
	memcpy(p, s, strnlen(s, n));
	return p;
}
#define xstrndup padded_strndup
#include "../../collect/feed.c"
#undef xstrndup
#include "utf8.h"

struct collect_opts opts;
struct stage *stage;
static struct stage the_stage;

bool
collect_stopping(void)
{
	return false;
}

void
source_wake_at(struct source *src, int64_t when_ns)
{
	(void)src, (void)when_ns;
}

bool
emit_raw(const char *json, size_t len, const char *id, size_t idlen)
{
	(void)id, (void)idlen;
	if (!utf8_valid(json, len))
		abort();
	stage->out++;
	return true;
}

bool
emit_json(json_t *obj)
{
	if (!json_is_string(json_object_get(obj, "id")) ||
	    !json_is_string(json_object_get(obj, "ts")) ||
	    !json_is_string(json_object_get(obj, "text")))
		abort();
	char *s = json_dumps(obj, JSON_COMPACT);
	if (!s)
		abort();
	free(s);
	stage->out++;
	return true;
}

void
count_filtered(void)
{
	stage->filtered++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct feed fd;
	char *s;
	int64_t ns;

	if (!stage) {
		stage_init(&the_stage, "fuzz_feed");
		stage = &the_stage;
		fd.src.name = "feed:fuzz";
	}
	fd.seen = idset_new(64);
	s = calloc(1, size + 8); /* padded: KNOWN-BUGS 7 */
	if (!s)
		abort();
	memcpy(s, data, size);
	unsigned long long in0 = stage->in, out0 = stage->out, rej0 = stage->rejected,
	                   fil0 = stage->filtered;
	parse_feed(&fd, s, size);
	if (stage->in - in0 !=
	    (stage->out - out0) + (stage->rejected - rej0) + (stage->filtered - fil0))
		abort();
	(void)rfc822_parse(s, &ns);
	idset_free(fd.seen);
	free(s);
	return 0;
}
