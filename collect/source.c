/* source.c: what every source shares: its timer and writing a JSON value through the sink. */
#include <string.h>

#include "source.h"

void
source_wake_at(struct source *src, int64_t when_ns)
{
	if (!src->wake_ns || when_ns < src->wake_ns)
		src->wake_ns = when_ns;
}

bool
sink_emit_json(const struct sink *k, json_t *obj)
{
	static char *text;
	static size_t cap;
	const char *id = json_string_value(json_object_get(obj, "id"));
	size_t n = json_dump_to(obj, &text, &cap, JSON_COMPACT);

	if (n + 1 >= cap) {
		cap = n + 2;
		text = xrealloc(text, cap);
	}
	text[n++] = '\n';
	return k->emit(text, n, id ? id : "", id ? strlen(id) : 0);
}
