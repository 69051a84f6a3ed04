/* duration.c: "500ms", "10s", "5m", "1h", "1d", "1h30m", "1.5s"; a bare number is seconds. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

static const struct {
	const char *suffix;
	double ns;
} units[] = {
    /* Longest suffix first, so that "ms" is not read as "m". */
    {"ns", 1},       {"us", 1e3},       {"ms", 1e6},        {"s", 1e9},
    {"m", 60 * 1e9}, {"h", 3600 * 1e9}, {"d", 86400 * 1e9},
};

int
duration_parse(const char *s, int64_t *ns)
{
	double total = 0;
	const char *p = s;

	if (!s || !*s)
		return -1;
	while (*p) {
		char *end;
		double v;
		size_t i;

		if (!isdigit((unsigned char)*p) && *p != '.')
			return -1;
		const char *start = p;

		v = strtod(p, &end);
		if (end == p || !isfinite(v) || v < 0)
			return -1;
		p = end;
		if (!*p) {
			/* A bare number means seconds, but only on its own: "1h30" is wrong. */
			if (start != s)
				return -1;
			total = v * 1e9;
			break;
		}
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t n = strlen(units[i].suffix);

			if (!strncmp(p, units[i].suffix, n)) {
				total += v * units[i].ns;
				p += n;
				break;
			}
		}
		if (i == sizeof(units) / sizeof(units[0]))
			return -1;
	}
	if (total > 9.2e18)
		return -1;
	*ns = (int64_t)llround(total);
	return 0;
}

char *
duration_format(int64_t ns, char buf[DURATION_LEN])
{
	static const struct {
		const char *suffix;
		uint64_t ns;
	} big[] = {
	    {"y", UINT64_C(365) * 86400000000000},
	    {"d", UINT64_C(86400000000000)},
	    {"h", UINT64_C(3600000000000)},
	    {"m", UINT64_C(60000000000)},
	    {"s", UINT64_C(1000000000)},
	    {"ms", 1000000},
	    {"us", 1000},
	    {"ns", 1},
	};
	uint64_t left = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	size_t len = 0, i, shown = 0;

	if (ns < 0)
		buf[len++] = '-';
	for (i = 0; i < sizeof(big) / sizeof(big[0]) && shown < 2; i++) {
		uint64_t n = left / big[i].ns;

		if (!n && !shown)
			continue;
		if (n)
			len += (size_t)snprintf(buf + len, DURATION_LEN - len, "%" PRIu64 "%s", n,
			                        big[i].suffix);
		left -= n * big[i].ns;
		shown++; /* a zero second unit ends it too: 2d, not 2d5m */
	}
	if (!shown)
		snprintf(buf, DURATION_LEN, "0s");
	return buf;
}
