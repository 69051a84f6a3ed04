/*
 * keys.h: group keys.  A key is any JSON value (an array for composite
 * keys).  Its sort key is a byte string whose memcmp order is the order
 * of keys in the output, as jq sorts: null < false < true < numbers (by
 * value) < strings (by code point) < arrays (element by element) <
 * objects.  Keys with equal sort keys are the same key (1 and 1.0 too).
 */
#ifndef SENTIO_WINDOW_KEYS_H
#define SENTIO_WINDOW_KEYS_H

#include <jansson.h>

#include "buf.h"

#define SK_ARRAY 0x06
#define SK_END   0x00

/* Append v's sort key to b. */
void key_encode(const json_t *v, struct buf *b);
/* Append v as written in output records (numbers in their shortest form) to b. */
void key_write(const json_t *v, struct buf *b);

#endif
