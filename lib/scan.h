/*
 * scan.h: a fast, strict look at a record line.  A stage that needs a few
 * fields of each record (sentio-score its text, sentio-window its time and
 * value) need not build the whole tree with jansson: scan_record() checks
 * the line in one pass, allocating nothing, and notes where the wanted
 * fields (targets) are.
 *
 * The check is stricter than jansson's: a line it takes is one that
 * stage_parse() takes too (an object, well-formed UTF-8, no duplicate
 * keys), with the same values.  Whenever it is not sure (an escaped key,
 * which could equal another; an integer of more than 18 digits; a real
 * that might overflow; nesting deeper than 64; more than 512 keys open at
 * once) it says false, and the stage parses the line with stage_parse(),
 * which accepts or rejects it as for every stage.
 */
#ifndef SENTIO_SCAN_H
#define SENTIO_SCAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "jsonpath.h"

#define SCAN_MAX_TARGETS 32

/* A field wanted: its path (set by the caller), and once scanned, where its value is. */
struct scan_target {
	const struct jsonpath *path;
	const char *start; /* the value's text (a string with its quotes); NULL: missing */
	size_t len;
	char kind;    /* '"' string, '0' integer, '.' real, '{', '[', 't', 'f', 'n' */
	bool escaped; /* a string with backslash escapes: decode with scan_unescape() */
};

/* What else a scan says of the record (optional). */
struct scan_info {
	size_t close; /* the offset of the object's closing brace in the line */
	bool empty;   /* the object has no members */
};

/*
 * Check that s[0..len) is one JSON object (white space around it allowed)
 * and find the targets t[0..nt) in it (nt <= SCAN_MAX_TARGETS); fill info
 * when it is not NULL.  Returns true when it is sure, false when jansson
 * must decide (the targets and info are then meaningless).  A target whose
 * path is not in the object, or goes through something not an object, has
 * start NULL.
 */
bool scan_record(const char *s, size_t len, struct scan_target *t, size_t nt,
                 struct scan_info *info);

/* The value of a target found, as jansson would have made it (a new reference), or NULL. */
json_t *scan_value(const struct scan_target *t);

/* The body of a string target (between its quotes, still escaped when t->escaped). */
static inline const char *
scan_body(const struct scan_target *t)
{
	return t->start + 1;
}

static inline size_t
scan_bodylen(const struct scan_target *t)
{
	return t->len - 2;
}

/*
 * Decode the body s[0..n) of a string scan_record() has checked into buf
 * (n bytes at most are written; "\u0000" becomes a NUL byte, as jansson
 * makes it with JSON_ALLOW_NUL); returns the length.
 */
size_t scan_unescape(const char *s, size_t n, char *buf);

#endif
