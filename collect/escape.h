/* escape.h: JSON string escaping for the records collect builds. */
#ifndef SENTIO_COLLECT_ESCAPE_H
#define SENTIO_COLLECT_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/*
 * Append s[0..len) to *b as the inside of a JSON string, repairing bad
 * UTF-8.  Returns the number of invalid UTF-8 sequences replaced.
 */
size_t buf_add_json_string(struct buf *b, const char *s, size_t len);

#endif
