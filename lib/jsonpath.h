/* jsonpath.h: dotted field paths such as "sentiment.compound" or "user.name". */
#ifndef SENTIO_JSONPATH_H
#define SENTIO_JSONPATH_H

#include <jansson.h>
#include <stddef.h>

/* A compiled path: its keys, in order.  "a\.b" names the key "a.b". */
struct jsonpath {
	char **keys;
	size_t *lens; /* strlen of each key, so that a scan compares lengths first */
	size_t nkeys;
	char *text; /* the path as written, for messages */
};

/* Compile text into path.  Returns 0, or -1 when the path is empty or has an empty key. */
int jsonpath_compile(struct jsonpath *path, const char *text);
void jsonpath_free(struct jsonpath *path);

/*
 * Compile into out the path of the key name beside the last key of p
 * (sentiment.compound, "unscored": sentiment.unscored; mean: unscored).
 */
void jsonpath_sibling(struct jsonpath *out, const struct jsonpath *p, const char *name);

/* The value at path in obj, or NULL when any step is missing or not an object. */
json_t *jsonpath_get(const json_t *obj, const struct jsonpath *path);

/*
 * Set the value at path (stealing the reference to value), creating
 * objects on the way.  A key that exists is replaced in place, so the
 * field order is kept.  Returns 0, or -1 when a step is not an object.
 */
int jsonpath_set_new(json_t *obj, const struct jsonpath *path, json_t *value);

#endif
