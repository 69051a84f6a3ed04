/*
 * fuzz_timestamp: rfc3339_parse() on any bytes; a time it accepts must
 * format and parse back to the same millisecond.  rfc822_parse() the
 * same: whole seconds that format and parse back.  timestamp_from_json()
 * on the same bytes as a JSON string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timestamp.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t ns, back;
	char buf[RFC3339_LEN];

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (rfc3339_parse(s, size, &ns) == 0) {
		rfc3339_format(ns, buf);
		if (strlen(buf) >= RFC3339_LEN)
			abort();
		if (rfc3339_parse(buf, strlen(buf), &back) != 0 ||
		    back != ns - (ns % NS_PER_MS + NS_PER_MS) % NS_PER_MS)
			abort();
	}
	if (rfc822_parse(s, &ns) == 0) {
		rfc3339_format(ns, buf);
		if (ns % NS_PER_SEC || rfc3339_parse(buf, strlen(buf), &back) != 0 || back != ns)
			abort();
	}
	json_t *v = json_stringn(s, size);
	if (v) {
		const char *why = NULL;
		if (timestamp_from_json(v, &ns, &why) != 0 && !why)
			abort();
		json_decref(v);
	}
	free(s);
	return 0;
}
