/*
 * emit.h: how sentio-clean writes a record out.  The record goes out as
 * the line it came as: only the members clean writes (text, and urls,
 * mentions and tags when they change, lang when detected) are written
 * again, in place, and text_raw, new arrays and a new lang go before the
 * closing brace.  Every other byte,
 * white space and escapes included, stays as it was: nothing is
 * serialised again.
 */
#ifndef SENTIO_CLEAN_EMIT_H
#define SENTIO_CLEAN_EMIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "extract.h"
#include "strset.h"

/* The arrays clean fills, in the order emit_plan's found[] has them. */
#define EMIT_LISTS 3
extern const char *const emit_list_keys[EMIT_LISTS]; /* "urls", "mentions", "tags" */

/* How a record goes out. */
struct emit_plan {
	const char *text; /* the clean text */
	size_t len;
	bool changed;     /* it differs from the record's */
	bool raw;         /* add text_raw, the record's text as it was */
	const char *lang; /* the record's lang, set or replaced (NULL: left as it is) */
	const struct found *found[EMIT_LISTS]; /* merged into the record's urls, mentions, tags */
};

/* What the writer keeps from record to record, so that a record costs no allocation. */
struct emitter {
	struct strset set; /* an array's strings, each once */
	struct buf str;    /* those strings (tags in lower case) */
	size_t *off;       /* where each starts in str; off[n] is its end */
	size_t n, cap;
	struct buf low; /* a tag in lower case */
	struct buf arr; /* an array as it goes out */
	struct buf out; /* the record as it goes out */
};

/*
 * Write the record line[0..len) (one JSON object, checked; obj is what it
 * parses to) as the plan says, or as it came when p is NULL.  The
 * record's urls, mentions and tags must be absent, null or arrays.
 * Returns false, having written nothing, when the line is not strict JSON
 * after all (a raw control byte, a NUL after a number: what the parser
 * let through must not be written).
 */
bool emit_record(struct emitter *e, const json_t *obj, const char *line, size_t len,
                 const struct emit_plan *p);

void emit_free(struct emitter *e);

#endif
