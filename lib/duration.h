/* duration.h: "500ms", "10s", "5m", "1h", "1d", "1h30m"; a bare number is seconds. */
#ifndef SENTIO_DURATION_H
#define SENTIO_DURATION_H

#include <stdint.h>

/* Parse into nanoseconds.  Returns 0, or -1 when s is not a duration. */
int duration_parse(const char *s, int64_t *ns);

#endif
