/*
 * fuzz_scan: the fast record scanner of lib/scan.h (sentio-score's and
 * sentio-window's fast paths) against jansson.  What the scanner takes,
 * stage_parse() must take: jansson accepts the line as the frame parses it
 * (json_loadb_strict: an object, no duplicate keys, NUL escapes allowed,
 * no raw NUL byte, which jansson alone takes after a number), with the same value
 * at every path wanted, the same string once unescaped, and the same
 * closing brace and emptiness.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonpath.h"
#include "scan.h"

#define NT 7

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const texts[NT] = {"text",  "ts",    "sentiment.compound", "author",
	                                      "a\\.b", "x.y.z", "post.body"};
	static struct jsonpath paths[NT];
	static int ready;
	struct scan_target t[NT];
	struct scan_info info;
	json_error_t err;

	if (!ready) {
		for (int i = 0; i < NT; i++)
			if (jsonpath_compile(&paths[i], texts[i]))
				abort();
		ready = 1;
	}
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	memset(t, 0, sizeof t);
	for (int i = 0; i < NT; i++)
		t[i].path = &paths[i];
	if (scan_record(s, size, t, NT, &info)) {
		json_t *obj = json_loadb_strict(
		    s, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
		if (!obj || !json_is_object(obj))
			abort(); /* the scanner took a line jansson rejects */
		for (int i = 0; i < NT; i++) {
			json_t *want = jsonpath_get(obj, &paths[i]);
			json_t *got = t[i].start ? scan_value(&t[i]) : NULL;

			if (!want != !got)
				abort();
			if (want && !json_equal(want, got))
				abort();
			if (want && json_is_string(want)) {
				if (t[i].kind != '"')
					abort();
				size_t n = scan_bodylen(&t[i]);
				char *buf = malloc(n + 1);
				if (t[i].escaped)
					n = scan_unescape(scan_body(&t[i]), n, buf);
				else
					memcpy(buf, scan_body(&t[i]), n);
				if (n != json_string_length(want) ||
				    memcmp(buf, json_string_value(want), n))
					abort();
				free(buf);
			}
			json_decref(got);
		}
		if (info.empty != (json_object_size(obj) == 0))
			abort();
		if (info.close >= size || s[info.close] != '}')
			abort();
		for (size_t i = info.close + 1; i < size; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
				abort();
		json_decref(obj);
	}
	free(s);
	return 0;
}
