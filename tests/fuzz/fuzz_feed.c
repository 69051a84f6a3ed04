/*
 * fuzz_feed: sentio-collect's RSS and Atom parser (parse_feed(), static in
 * collect/feed.c, reached by including that file) and rfc822_parse(), on
 * any bytes.  collect.c's main file is not linked: what the parser calls
 * of it is stubbed here, and every item it gives is counted.
 */
#include "../../collect/feed.c"
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
	s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
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
