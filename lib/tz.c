/* tz.c: the zone of --tz: offsets from the C library, local times and windows from offsets. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tz.h"

#define DAY_NS (86400 * NS_PER_SEC)

static bool active;
static const char *name_set = "UTC";
static int64_t last_sec = INT64_MIN; /* the second of the last offset asked for */
static int32_t last_off;
/*
 * Windows found, by step and the multiple of step since the epoch of an
 * instant in them: sorted input asks for the same few windows over and
 * over (a record's hopping windows, their ends), each costing several
 * offsets from the C library when new.
 */
#define NWIN 512
static struct window {
	int64_t step, start, end;
} wins[NWIN];

static struct window *
slot(int64_t t, int64_t step)
{
	uint64_t k = (uint64_t)(t / step) * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)step;

	return &wins[(k >> 40) % NWIN];
}

void
tz_forget(void)
{
	memset(wins, 0, sizeof(wins));
}

/* Floor division and remainder (b > 0). */
static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return a % b && a < 0 ? q - 1 : q;
}

static int64_t
floormod(int64_t a, int64_t b)
{
	return a - floordiv(a, b) * b;
}

const char *
tz_dir(void)
{
	const char *d = getenv("TZDIR");

	return d && *d ? d : "/usr/share/zoneinfo";
}

/* Whether name is a relative path without a "." or ".." part. */
static bool
plain_name(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/')
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p == '/')
			p++;
	}
	return p[-1] != '/';
}

int
tz_set(const char *name)
{
	static char env[4096];
	char magic[4];
	struct stat sb;
	int fd;

	if (!strcmp(name, "UTC")) {
		active = false;
		name_set = "UTC";
		return 0;
	}
	if (!plain_name(name) ||
	    snprintf(env, sizeof(env), ":%s/%s", tz_dir(), name) >= (int)sizeof(env))
		return -1;
	/* A zone is a regular file that starts with "TZif" (not zone.tab, not a directory). */
	if ((fd = open(env + 1, O_RDONLY)) < 0)
		return -1;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || read(fd, magic, 4) != 4 ||
	    memcmp(magic, "TZif", 4)) {
		close(fd);
		return -1;
	}
	close(fd);
	if (setenv("TZ", env, 1))
		return -1;
	tzset();
	active = true;
	name_set = name;
	last_sec = INT64_MIN;
	tz_forget();
	return 0;
}

const char *
tz_name(void)
{
	return name_set;
}

bool
tz_active(void)
{
	return active;
}

int32_t
tz_offset(int64_t t)
{
	int64_t sec = floordiv(t, NS_PER_SEC);
	time_t tt = (time_t)sec;
	struct tm tm;

	if (!active)
		return 0;
	if (sec == last_sec)
		return last_off;
	if (!localtime_r(&tt, &tm))
		return 0;
	last_sec = sec;
	last_off = (int32_t)tm.tm_gmtoff;
	return last_off;
}

static int64_t
off_ns(int64_t t)
{
	return (int64_t)tz_offset(t) * NS_PER_SEC;
}

int64_t
tz_from_local(int64_t local)
{
	if (!active)
		return local;
	int64_t oe = off_ns(local - DAY_NS), ol = off_ns(local + DAY_NS);
	int64_t t1 = local - oe, t2 = local - ol;
	bool v1 = off_ns(t1) == oe, v2 = off_ns(t2) == ol;

	if (v1 && v2)
		return t1 < t2 ? t1 : t2; /* twice: the first */
	if (v2 && !v1)
		return t2;
	return t1; /* once, or never: with the offset before the change */
}

char *
tz_format(int64_t ns, char buf[RFC3339_LEN])
{
	if (!active)
		return rfc3339_format(ns, buf);
	return rfc3339_format_offset(ns, tz_offset(ns), buf);
}

/* The first whole second after a (ns) whose offset differs from a's; off(a) != off(b), a < b. */
static int64_t
change_between(int64_t a, int64_t b)
{
	int64_t lo = floordiv(a, NS_PER_SEC), hi = floordiv(b, NS_PER_SEC);
	int32_t o = tz_offset(a);

	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (tz_offset(mid * NS_PER_SEC) == o)
			lo = mid;
		else
			hi = mid;
	}
	return hi * NS_PER_SEC;
}

/* Whether the clock, going forward at T from offset o1 to o2, skips over a multiple of step. */
static bool
skips(int64_t T, int64_t o1, int64_t o2, int64_t step)
{
	return o2 > o1 && floordiv(T + o2 - 1, step) * step >= T + o1;
}

/* The first instant of local day d (days since 1970-01-01 local). */
static int64_t
day_start(int64_t d)
{
	return tz_from_local(d * DAY_NS);
}

static int64_t
align_days(int64_t t, int64_t step)
{
	int64_t n = step / DAY_NS, d = floordiv(floordiv(t + off_ns(t), DAY_NS), n) * n;
	int64_t s = day_start(d);

	/* A day whose midnight came twice (clocks back over it) starts at the first. */
	for (int i = 0; i < 4 && day_start(d + n) <= t; i++)
		s = day_start(d += n);
	return s;
}

static int64_t
align_clock(int64_t t, int64_t step, int depth)
{
	int64_t o = off_ns(t), s = floordiv(t + o, step) * step - o;

	if (s == t || off_ns(s) == o || depth > 4)
		return s;
	/* The offset changed at T within the window the new offset would give. */
	int64_t T = change_between(s, t), o1 = off_ns(T - 1);

	if (skips(T, o1, o, step))
		return T;
	return align_clock(T - 1, step, depth + 1); /* the window from before goes on */
}

/* tz_next() without the windows kept. */
static int64_t
next_window(int64_t start, int64_t step)
{
	if (step % DAY_NS == 0) {
		int64_t n = step / DAY_NS,
		        d = floordiv(floordiv(start + off_ns(start), DAY_NS), n) * n;
		int64_t e = day_start(d + n);

		for (int i = 0; i < 4 && e <= start; i++) {
			d += n;
			e = day_start(d + n);
		}
		return e;
	}
	int64_t o = off_ns(start), c = (floordiv(start + o, step) + 1) * step - o;

	if (off_ns(c) == o)
		return c;
	int64_t T = change_between(start, c), o2 = off_ns(T);

	if (skips(T, o, o2, step) || floormod(T + o2, step) == 0)
		return T;
	return (floordiv(T + o2, step) + 1) * step - o2;
}

int64_t
tz_align(int64_t t, int64_t step)
{
	if (!active)
		return floordiv(t, step) * step;
	struct window *c = slot(t, step);

	if (c->step == step && c->start <= t && t < c->end)
		return c->start;
	int64_t s = step % DAY_NS ? align_clock(t, step, 0) : align_days(t, step);
	int64_t e = tz_next(s, step);

	*c = (struct window){step, s, e};
	*slot(s, step) = *c;
	return s;
}

int64_t
tz_next(int64_t start, int64_t step)
{
	if (!active)
		return start + step;
	struct window *c = slot(start, step);

	if (c->step == step && c->start == start)
		return c->end;
	int64_t e = next_window(start, step);

	*c = (struct window){step, start, e};
	return e;
}
