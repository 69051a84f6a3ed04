/* timestamp.h: RFC 3339 times and epoch seconds, as nanoseconds since the epoch (UTC). */
#ifndef SENTIO_TIMESTAMP_H
#define SENTIO_TIMESTAMP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define NS_PER_SEC INT64_C(1000000000)
#define NS_PER_MS  INT64_C(1000000)

/*
 * Parse "2026-11-24T06:15:02.123Z", "2026-11-24 06:15:02+01:00" (any
 * fraction, 'T' or space, 'Z' or an offset).  Returns 0 or -1.
 */
int rfc3339_parse(const char *s, size_t len, int64_t *ns);

/*
 * Parse an RFC 822 date as RSS and HTTP use it, "Tue, 24 Nov 2026 06:15:02
 * GMT" (RFC 1123, 2822: the day's name and the seconds optional, a zone
 * name or +hhmm).  Returns 0 or -1.
 */
int rfc822_parse(const char *s, int64_t *ns);

/* Format as "2026-11-24T06:15:02.123Z" (UTC, milliseconds) into buf[RFC3339_LEN]. */
#define RFC3339_LEN 64
char *rfc3339_format(int64_t ns, char buf[RFC3339_LEN]);

/*
 * A record's time from a JSON value: an RFC 3339 string or epoch seconds
 * as a number.  Returns 0, or -1 with a reason in *why.
 */
int timestamp_from_json(const json_t *v, int64_t *ns, const char **why);

/* The wall clock now, in nanoseconds since the epoch. */
int64_t now_ns(void);
/* A monotonic clock in nanoseconds, for intervals and rates. */
int64_t monotonic_ns(void);

#endif
