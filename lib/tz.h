/*
 * tz.h: the time zone of --tz, one for the whole process: an IANA name of
 * the system's tzdata (/usr/share/zoneinfo, or $TZDIR), never a table of
 * our own.  Without one (or with "UTC") every function here is UTC.
 *
 * The zone's rules are read by the C library (TZ set to the zone's file,
 * then localtime_r()): it reads every TZif version and the rule for times
 * past the file's last change, as date(1) does.  What it does not do
 * well, turning a local time back into an instant, is done here from
 * offsets at instants, with one rule for the times a change of offset
 * makes odd:
 *
 *   - a local time that occurs twice (clocks go back) is the first of the
 *     two: 01:30 on 2026-11-01 in America/New_York is 01:30-04:00;
 *   - a local time that does not occur (clocks go forward) is read with
 *     the offset in force before the change, so it lands as far after
 *     the change as it is after the gap's start: 02:30 on 2026-03-08 in
 *     America/New_York is 03:30-04:00 (as Java, Python and Temporal do).
 *
 * The zone's offset is assumed to change at most once within any two
 * days (true of every zone in tzdata since 1970).
 */
#ifndef SENTIO_TZ_H
#define SENTIO_TZ_H

#include <stdbool.h>
#include <stdint.h>

#include "timestamp.h"

/*
 * Use the zone named name for the whole process ("America/New_York");
 * "UTC" is the default, no zone.  Returns 0, or -1 when tzdata has no
 * zone of that name (a name with a ".." part or a leading '/' is none).
 */
int tz_set(const char *name);

/* The directory where zones are looked up: $TZDIR, or /usr/share/zoneinfo. */
const char *tz_dir(void);

/* The zone's name as given, or "UTC". */
const char *tz_name(void);

/* Whether a zone other than UTC is in use. */
bool tz_active(void);

/* The zone's offset from UTC at instant t (ns since the epoch), in seconds east. */
int32_t tz_offset(int64_t t);

/* The instant (ns) of a local wall-clock time (ns since the local epoch), by the rule above. */
int64_t tz_from_local(int64_t local);

/*
 * RFC 3339 with milliseconds and the zone's offset at ns,
 * "2026-03-08T00:00:00.000-05:00"; "...Z" when no zone is in use.
 */
char *tz_format(int64_t ns, char buf[RFC3339_LEN]);

/*
 * Windows on the zone's clock, every step ns.  A step of whole days
 * starts at the zone's midnights (a day over a change of offset lasts 23
 * or 25 hours; days counted from 1970-01-01 local); a shorter step starts
 * wherever the local clock shows a multiple of step (hours at :30 UTC in
 * Asia/Kolkata), and at a change of offset that skips over such a time.
 * Clocks going back start no window unless they show a multiple: an hour
 * repeated at 01:00 is a window of its own, a two-hour window over it
 * lasts three.  Without a zone: multiples of step since the epoch.
 *
 * tz_align() is the start of the window that holds t; tz_next() the start
 * of the one after the window that starts at start.
 */
int64_t tz_align(int64_t t, int64_t step);
int64_t tz_next(int64_t start, int64_t step);
/* Forget the windows tz_align() and tz_next() keep (for tests: compute afresh). */
void tz_forget(void);

#endif
