/*
 * opt.h: option arguments, checked one way.  Each helper returns the
 * value, or prints one message of one shape and exits with status 2:
 *
 *   sentio-window: --size: 0: not a duration over 0
 *
 * (the program name is argv0, set by stage_init(); the message is made
 * printable as every message is, so an argument cannot reach the terminal
 * raw).
 */
#ifndef SENTIO_OPT_H
#define SENTIO_OPT_H

#include <stddef.h>
#include <stdint.h>

/* "argv0: opt: arg: what" (or "argv0: opt: what" when arg is NULL), then exit 2. */
_Noreturn void opt_bad(const char *opt, const char *arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * A whole number in [min, max], decimal digits only (no sign unless min < 0).
 * "not a count over 0" (min 1, no max), "not a count" (min 0, no max),
 * "not a count from MIN to MAX", "not a count of at least MIN".
 */
long long opt_count(const char *opt, const char *arg, long long min, long long max);

/*
 * A finite number in [min, max] (either may be -HUGE_VAL or HUGE_VAL: no
 * bound).  "not a number", "not a number from MIN to MAX", "not a number
 * of at least MIN", "not a number of at most MAX".
 */
double opt_number(const char *opt, const char *arg, double min, double max);

/* The same over min, not at it (--alpha in (0, 1]): "not a number over MIN[ up to MAX]". */
double opt_number_over(const char *opt, const char *arg, double min, double max);

/* A duration (lib/duration.h) over 0, in nanoseconds: "not a duration over 0". */
int64_t opt_duration(const char *opt, const char *arg);

/*
 * A duration in [min, max] nanoseconds (min 0 or 1).  "not a duration"
 * (min 0), "not a duration over 0" (min 1), and " up to MAX" when max is
 * not INT64_MAX.
 */
int64_t opt_duration_range(const char *opt, const char *arg, int64_t min, int64_t max);

/* A size such as "1M", "64k", "1048576", over 0: "not a size". */
size_t opt_size(const char *opt, const char *arg);

/* A path that is not empty: "an empty path". */
const char *opt_path(const char *opt, const char *arg);

/*
 * The index of arg in choices (NULL-terminated): "not line, bars, hist or
 * spark".
 */
int opt_choice(const char *opt, const char *arg, const char *const *choices);

#endif
