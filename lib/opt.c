/* opt.c: option arguments checked one way, with one message shape (see opt.h). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "duration.h"
#include "opt.h"
#include "stage.h"
#include "utf8.h"
#include "util.h"

void
opt_bad(const char *opt, const char *arg, const char *fmt, ...)
{
	char what[512], msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (arg)
		snprintf(msg, sizeof(msg), "%s: %s: %s", opt, arg, what);
	else
		snprintf(msg, sizeof(msg), "%s: %s", opt, what);
	fprintf(stderr, "%s: %s\n", argv0, utf8_printable(msg));
	exit(2);
}

long long
opt_count(const char *opt, const char *arg, long long min, long long max)
{
	const char *p = arg;
	char *end;
	long long v;

	if (*p == '-' && min < 0)
		p++;
	if (*p >= '0' && *p <= '9') {
		errno = 0;
		v = strtoll(arg, &end, 10);
		if (!errno && !*end && v >= min && v <= max)
			return v;
	}
	if (max != LLONG_MAX)
		opt_bad(opt, arg, "not a count from %lld to %lld", min, max);
	if (min == 1)
		opt_bad(opt, arg, "not a count over 0");
	if (min == 0)
		opt_bad(opt, arg, "not a count");
	opt_bad(opt, arg, "not a count of at least %lld", min);
}

static double
number(const char *opt, const char *arg, double min, double max, bool over)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (*arg && end != arg && !*end && isfinite(v) && (over ? v > min : v >= min) && v <= max)
		return v;
	if (over && isfinite(max))
		opt_bad(opt, arg, "not a number over %g up to %g", min, max);
	if (over)
		opt_bad(opt, arg, "not a number over %g", min);
	if (isfinite(min) && isfinite(max))
		opt_bad(opt, arg, "not a number from %g to %g", min, max);
	if (isfinite(min))
		opt_bad(opt, arg, "not a number of at least %g", min);
	if (isfinite(max))
		opt_bad(opt, arg, "not a number of at most %g", max);
	opt_bad(opt, arg, "not a number");
}

double
opt_number(const char *opt, const char *arg, double min, double max)
{
	return number(opt, arg, min, max, false);
}

double
opt_number_over(const char *opt, const char *arg, double min, double max)
{
	return number(opt, arg, min, max, true);
}

/* ns as text for a message: whole units of the largest that fits ("36500d"). */
static void
duration_text(int64_t ns, char *s, size_t n)
{
	static const struct {
		const char *unit;
		int64_t ns;
	} units[] = {{"d", INT64_C(86400000000000)}, {"h", INT64_C(3600000000000)},
	             {"m", INT64_C(60000000000)},    {"s", INT64_C(1000000000)},
	             {"ms", INT64_C(1000000)},       {"us", INT64_C(1000)}};

	for (size_t i = 0; i < LEN(units); i++)
		if (ns >= units[i].ns) {
			snprintf(s, n, "%" PRId64 "%s", ns / units[i].ns, units[i].unit);
			return;
		}
	snprintf(s, n, "%" PRId64 "ns", ns);
}

int64_t
opt_duration_range(const char *opt, const char *arg, int64_t min, int64_t max)
{
	int64_t ns;
	char up[64] = "";

	if (!duration_parse(arg, &ns) && ns >= min && ns <= max)
		return ns;
	if (max != INT64_MAX) {
		memcpy(up, " up to ", 7);
		duration_text(max, up + 7, sizeof(up) - 7);
	}
	opt_bad(opt, arg, "not a duration%s%s", min > 0 ? " over 0" : "", up);
}

int64_t
opt_duration(const char *opt, const char *arg)
{
	return opt_duration_range(opt, arg, 1, INT64_MAX);
}

size_t
opt_size(const char *opt, const char *arg)
{
	size_t v;

	if (size_parse(arg, &v))
		opt_bad(opt, arg, "not a size");
	return v;
}

const char *
opt_path(const char *opt, const char *arg)
{
	if (!*arg)
		opt_bad(opt, NULL, "an empty path");
	return arg;
}

int
opt_choice(const char *opt, const char *arg, const char *const *choices)
{
	struct buf list = {0};
	size_t n;

	for (n = 0; choices[n]; n++)
		if (!strcmp(arg, choices[n]))
			return (int)n;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&list, i + 1 == n ? " or " : ", ");
		buf_adds(&list, choices[i]);
	}
	buf_addc(&list, '\0');
	opt_bad(opt, arg, "not %s", list.p);
}
