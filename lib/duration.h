/* duration.h: "500ms", "10s", "5m", "1h", "1d", "1h30m"; a bare number is seconds. */
#ifndef SENTIO_DURATION_H
#define SENTIO_DURATION_H

#include <stdint.h>

/* Parse into nanoseconds.  Returns 0, or -1 when s is not a duration. */
int duration_parse(const char *s, int64_t *ns);

#define DURATION_LEN 32 /* "-292y171d" with room to spare */

/*
 * A duration for people: its two largest units, the rest dropped
 * (1h30m, 2m5s, 1s500ms, 73y2d; 0s), a year being 365 days.  Returns buf.
 */
char *duration_format(int64_t ns, char buf[DURATION_LEN]);

#endif
