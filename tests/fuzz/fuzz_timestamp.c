/*
 * fuzz_timestamp: rfc3339_parse() on any bytes; a time it accepts must
 * format and parse back to the same millisecond.  timestamp_from_json()
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
	/*
	 * Known bug (tests/fuzz/KNOWN-BUGS, 2): a year outside 1678..2261
	 * overflows int64 nanoseconds in lib/timestamp.c.  Skipped until it
	 * is fixed; the seed timestamp/year0000 shows it.
	 */
	if (size >= 4 && data[0] >= '0' && data[0] <= '9' && data[1] >= '0' && data[1] <= '9' &&
	    data[2] >= '0' && data[2] <= '9' && data[3] >= '0' && data[3] <= '9') {
		int y = (data[0] - '0') * 1000 + (data[1] - '0') * 100 + (data[2] - '0') * 10 +
		        (data[3] - '0');
		if (y < 1678 || y > 2261) {
			free(s);
			return 0;
		}
	}
	if (rfc3339_parse(s, size, &ns) == 0) {
		rfc3339_format(ns, buf);
		if (strlen(buf) >= RFC3339_LEN)
			abort();
		/* Years outside 0000..9999 may not round-trip through the format. */
		if (rfc3339_parse(buf, strlen(buf), &back) == 0 &&
		    back != ns - (ns % NS_PER_MS + NS_PER_MS) % NS_PER_MS)
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
