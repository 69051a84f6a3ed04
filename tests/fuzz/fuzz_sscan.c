/*
 * fuzz_sscan: sentio-score's fast path (score/scan.h) against jansson.
 * When the scanner is sure, jansson must take the line as an object whose
 * "text" is the same string, and agree on the output field, emptiness and
 * where the object closes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpath.h"
#include "scan.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct jsonpath text, nested;
	static int ready;
	struct scan_result r;
	json_error_t err;

	if (!ready) {
		if (jsonpath_compile(&text, "text") || jsonpath_compile(&nested, "post.body"))
			abort();
		ready = 1;
	}
	if (size < 1)
		return 0;
	const struct jsonpath *path = data[0] & 1 ? &nested : &text;
	data++, size--;
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	memset(&r, 0, sizeof r);
	if (scan_record(s, size, path, "sentiment", &r)) {
		json_t *obj = json_loadb(
		    s, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
		if (!obj || !json_is_object(obj))
			abort(); /* the scanner took a line jansson rejects */
		json_t *v = jsonpath_get(obj, path);
		if (!v || !json_is_string(v))
			abort();
		char *buf = malloc(r.textlen + 1);
		size_t n = r.text_escaped ? scan_unescape(r.text, r.textlen, buf) : r.textlen;
		if (!r.text_escaped)
			memcpy(buf, r.text, r.textlen);
		if (n != json_string_length(v) || memcmp(buf, json_string_value(v), n))
			abort();
		free(buf);
		if (r.has_into != (json_object_get(obj, "sentiment") != NULL))
			abort();
		if (r.empty != (json_object_size(obj) == 0))
			abort();
		if (r.close >= size || s[r.close] != '}')
			abort();
		for (size_t i = r.close + 1; i < size; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
				abort();
		json_decref(obj);
	}
	free(s);
	return 0;
}
