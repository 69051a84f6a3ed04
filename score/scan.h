/* scan.h: checking a record line and finding its text without parsing it into objects. */
#ifndef SENTIO_SCAN_H
#define SENTIO_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "jsonpath.h"

struct scan_result {
	const char *text; /* the body of the text's JSON string, still escaped */
	size_t textlen;
	bool text_escaped; /* it has escapes: decode with scan_unescape() */
	bool found;
	bool has_into; /* the object already has the output field */
	bool empty;    /* the object has no members */
	size_t close;  /* offset of the object's closing brace */
};

/*
 * True when line[0..len) is surely a JSON object jansson would accept
 * (well-formed, UTF-8, no duplicate keys) whose value at path is a
 * string.  False means "not sure": parse the line with jansson.
 */
bool scan_record(const char *line, size_t len, const struct jsonpath *path, const char *into,
                 struct scan_result *r);

/* Decode a checked JSON string body s[0..n) into buf (n bytes at most); returns the length. */
size_t scan_unescape(const char *s, size_t n, char *buf);

#endif
