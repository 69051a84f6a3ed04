/*
 * fuzz_wscan: sentio-window's fast record scanner (window/scan.h) against
 * jansson.  What the scanner takes, jansson must take as the stage's frame
 * parses (an object, no duplicate keys, NUL escapes allowed), with the same
 * value at every path wanted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpath.h"
#include "scan.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const texts[] = {"ts", "sentiment.compound", "author", "a\\.b", "x.y.z"};
	static struct jsonpath paths[5];
	static int ready;
	struct scan_target t[5];
	json_error_t err;

	if (!ready) {
		for (int i = 0; i < 5; i++)
			if (jsonpath_compile(&paths[i], texts[i]))
				abort();
		ready = 1;
	}
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	memset(t, 0, sizeof t);
	for (int i = 0; i < 5; i++)
		t[i].path = &paths[i];
	if (scan_record(s, size, t, 5)) {
		json_t *obj = json_loadb(
		    s, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
		if (!obj || !json_is_object(obj))
			abort(); /* the scanner took a line jansson rejects */
		for (int i = 0; i < 5; i++) {
			json_t *want = jsonpath_get(obj, &paths[i]);
			json_t *got = t[i].start ? scan_value(&t[i]) : NULL;

			if (!want != !got)
				abort();
			if (want && !json_equal(want, got))
				abort();
			json_decref(got);
		}
		json_decref(obj);
	}
	free(s);
	return 0;
}
