/*
 * timestamp.h: a record's time, as nanoseconds since the epoch (UTC):
 * RFC 3339, RFC 2822 and epoch numbers in s, ms, us or ns.  The one
 * parser of times for every stage.
 */
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
 * The same, or a date-time without 'Z' or an offset ("2026-11-24
 * 10:00:00", "2026-11-24T10:00:00.5", as CSV exports write them), read as
 * local time in the zone of --tz (lib/tz.h: UTC without one; a local time
 * that occurs twice is the first, one that does not occur is read with the
 * offset before the change).  Returns 0 or -1.
 */
int datetime_parse(const char *s, size_t len, int64_t *ns);

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
 * The same at offset off (seconds east, whole minutes of it):
 * "2026-11-24T01:15:02.123-05:00".
 */
char *rfc3339_format_offset(int64_t ns, int32_t off, char buf[RFC3339_LEN]);

/*
 * The unit of an epoch number.  EPOCH_AUTO tells them apart by magnitude:
 * |v| < 1e11 seconds, < 1e14 milliseconds, < 1e17 microseconds, else
 * nanoseconds (each bound is 1973-03-03 in the next unit, so every time
 * from then to 2262 reads right; an earlier time in ms, us or ns needs
 * the unit said).
 */
enum epoch_unit { EPOCH_AUTO, EPOCH_S, EPOCH_MS, EPOCH_US, EPOCH_NS };

/* "auto", "s", "ms", "us", "ns", NULL: the choices of --epoch-unit, by enum epoch_unit. */
extern const char *const epoch_unit_names[];

/* The unit of epoch numbers for the whole process (--epoch-unit); EPOCH_AUTO at start. */
void epoch_unit_set(enum epoch_unit u);

/*
 * An epoch number, an integer or a real, in the unit set (or its own by
 * magnitude).  Negative numbers (before 1970) and times beyond 2262 are
 * rejected.  Returns 0, or -1 with a reason in *why.
 */
int epoch_from_int(int64_t v, int64_t *ns, const char **why);
int epoch_from_real(double v, int64_t *ns, const char **why);

/*
 * A time as text: RFC 3339 (or zone-less, see datetime_parse()), RFC 2822, or an epoch number in
 * decimal
 * ("1732428902", "1732428902123", "1732428902.5").  Returns 0, or -1 with
 * a reason in *why.  For text that is only text (a CSV cell).
 */
int timestamp_parse(const char *s, size_t len, int64_t *ns, const char **why);

/*
 * A record's time from a JSON value: an RFC 3339 (or zone-less) or RFC 2822 string, or
 * an epoch number (see enum epoch_unit).  Returns 0, or -1 with a reason
 * in *why.
 */
int timestamp_from_json(const json_t *v, int64_t *ns, const char **why);

/* The wall clock now, in nanoseconds since the epoch. */
int64_t now_ns(void);
/* A monotonic clock in nanoseconds, for intervals and rates. */
int64_t monotonic_ns(void);

#endif
