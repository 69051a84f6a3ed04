/*
 * scan.h: a fast look at a record.  sentio-window needs two or three
 * fields of each record, so rather than build the whole tree with jansson
 * it checks the line in one pass, allocating nothing, and notes where the
 * fields it wants are.  The check is stricter than jansson's (any doubt,
 * such as an escaped key, and it gives up), so a line it takes is one
 * jansson takes too, with the same values; a line it gives up on goes to
 * jansson (stage_parse), which accepts or rejects it as for every stage.
 */
#ifndef SENTIO_WINDOW_SCAN_H
#define SENTIO_WINDOW_SCAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "jsonpath.h"

#define SCAN_MAX_TARGETS 32

/* A field wanted: its path, and once scanned, where its value is. */
struct scan_target {
	const struct jsonpath *path;
	const char *start; /* the value's text, NULL when the field is missing */
	size_t len;
	char kind;    /* '"' string, '0' integer, '.' real, '{', '[', 't', 'f', 'n' */
	bool escaped; /* a string with backslash escapes */
};

/*
 * Check that s[0..len) is one JSON object and find the targets in it.
 * Returns true when it is sure; false when jansson must decide.
 */
bool scan_record(const char *s, size_t len, struct scan_target *t, size_t nt);

/* The value of a target found, as jansson would have made it (a new reference), or NULL. */
json_t *scan_value(const struct scan_target *t);

#endif
