/*
 * tz_test.c: unit tests of lib/tz: zones found in the system's tzdata or
 * refused, offsets, local times that occur twice or never, RFC 3339 with
 * the zone's offset, and windows on the zone's clock: every instant in
 * exactly one window, days of 23 and 25 hours, hours of Asia/Kolkata at
 * :30 UTC.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "timestamp.h"
#include "tz.h"

#include "check.h"

#define H  (3600 * NS_PER_SEC)
#define MN (60 * NS_PER_SEC)

static int64_t
at(const char *s)
{
	int64_t ns;

	return rfc3339_parse(s, strlen(s), &ns) ? INT64_MIN : ns;
}

/* A zone-less local time ("2026-03-08 02:30:00") read in the zone set. */
static int64_t
local(const char *s)
{
	int64_t ns;

	return datetime_parse(s, strlen(s), &ns) ? INT64_MIN : ns;
}

static const char *
fmt(int64_t ns)
{
	static char buf[RFC3339_LEN];

	return tz_format(ns, buf);
}

/* tz_align() and tz_next() computed afresh, not from the windows kept. */
static int64_t
align(int64_t t, int64_t step)
{
	tz_forget();
	return tz_align(t, step);
}

static int64_t
next(int64_t start, int64_t step)
{
	tz_forget();
	return tz_next(start, step);
}

static void
test_names(void)
{
	CHECK(tz_set("Mars/Olympus") == -1);
	CHECK(tz_set("") == -1);
	CHECK(tz_set("/usr/share/zoneinfo/UTC") == -1);
	CHECK(tz_set("../zoneinfo/UTC") == -1);
	CHECK(tz_set("America/../America/New_York") == -1);
	CHECK(tz_set("America") == -1);  /* a directory */
	CHECK(tz_set("zone.tab") == -1); /* not a TZif file */
	CHECK(!tz_active());
	CHECK(tz_set("UTC") == 0 && !tz_active() && !strcmp(tz_name(), "UTC"));
	CHECK(tz_set("America/New_York") == 0 && tz_active());
	CHECK(!strcmp(tz_name(), "America/New_York"));
}

static void
test_new_york(void)
{
	CHECK(tz_set("America/New_York") == 0);
	CHECK(tz_offset(at("2026-01-15T12:00:00Z")) == -5 * 3600);
	CHECK(tz_offset(at("2026-07-15T12:00:00Z")) == -4 * 3600);
	/* The change itself, to the second (02:00 EST is 07:00Z). */
	CHECK(tz_offset(at("2026-03-08T06:59:59Z")) == -5 * 3600);
	CHECK(tz_offset(at("2026-03-08T07:00:00Z")) == -4 * 3600);
	CHECK(!strcmp(fmt(at("2026-03-08T05:00:00Z")), "2026-03-08T00:00:00.000-05:00"));
	CHECK(!strcmp(fmt(at("2026-07-04T16:30:00.25Z")), "2026-07-04T12:30:00.250-04:00"));
	/* Local mean time, -04:56:02 before 1883: written at -04:56, the same instant. */
	int64_t lmt = local("1800-01-01 12:00:00"), back;
	CHECK(lmt == at("1800-01-01T16:56:02Z"));
	CHECK(!strcmp(fmt(lmt), "1800-01-01T12:00:02.000-04:56"));
	CHECK(rfc3339_parse(fmt(lmt), strlen(fmt(lmt)), &back) == 0 && back == lmt);
	/* Zone-less times: read in the zone, in each form. */
	CHECK(local("2026-11-24 10:00:00") == at("2026-11-24T15:00:00Z"));
	CHECK(local("2026-11-24T10:00:00") == at("2026-11-24T15:00:00Z"));
	CHECK(local("2026-11-24t10:00:00.5") == at("2026-11-24T15:00:00.5Z"));
	CHECK(local("2026-07-04 12:00:00") == at("2026-07-04T16:00:00Z"));
	/* An offset given wins over the zone. */
	CHECK(local("2026-11-24T10:00:00Z") == at("2026-11-24T10:00:00Z"));
	CHECK(local("2026-11-24T10:00:00+01:00") == at("2026-11-24T09:00:00Z"));
	/* Twice (clocks back at 02:00 EDT): the first.  Never (forward at 02:00 EST): with the
	 * offset before, an hour on. */
	CHECK(local("2026-11-01 01:30:00") == at("2026-11-01T01:30:00-04:00"));
	CHECK(local("2026-11-01 02:00:00") == at("2026-11-01T02:00:00-05:00"));
	CHECK(local("2026-03-08 02:30:00") == at("2026-03-08T03:30:00-04:00"));
	CHECK(local("2026-03-08 03:00:00") == at("2026-03-08T03:00:00-04:00"));
	CHECK(local("2026-03-08 01:59:59") == at("2026-03-08T01:59:59-05:00"));
	/* rfc3339_parse() itself wants the offset. */
	int64_t ns;
	CHECK(rfc3339_parse("2026-11-24 10:00:00", 19, &ns) == -1);
	/* Text and JSON read zone-less times too. */
	const char *why;
	CHECK(timestamp_parse("2026-11-24 10:00:00", 19, &ns, &why) == 0 &&
	      ns == at("2026-11-24T15:00:00Z"));
	json_t *v = json_string("2026-11-24T10:00:00");
	CHECK(timestamp_from_json(v, &ns, &why) == 0 && ns == at("2026-11-24T15:00:00Z"));
	json_decref(v);
}

static void
test_days(void)
{
	int64_t D = 86400 * NS_PER_SEC, s;

	CHECK(tz_set("America/New_York") == 0);
	s = tz_align(at("2026-03-08T12:00:00Z"), D);
	CHECK(s == at("2026-03-08T00:00:00-05:00"));
	CHECK(tz_next(s, D) - s == 23 * H);
	s = tz_align(at("2026-11-01T12:00:00Z"), D);
	CHECK(s == at("2026-11-01T00:00:00-04:00"));
	CHECK(tz_next(s, D) - s == 25 * H);
	/* Just before local midnight is still the day before. */
	CHECK(tz_align(at("2026-11-02T04:59:59Z"), D) == s);
	CHECK(tz_align(at("2026-11-02T05:00:00Z"), D) == at("2026-11-02T00:00:00-05:00"));
	/* A week of days from 1970-01-01 local. */
	s = tz_align(at("2026-03-08T12:00:00Z"), 7 * D);
	CHECK(tz_offset(s) == -5 * 3600 && (s / NS_PER_SEC - 5 * 3600) % (7 * 86400) == 0);
	CHECK(tz_next(s, 7 * D) - s == 7 * D - H);
}

static void
test_hours(void)
{
	int64_t s;

	CHECK(tz_set("Asia/Kolkata") == 0);
	s = tz_align(at("2026-11-24T10:00:00Z"), H);
	CHECK(s == at("2026-11-24T09:30:00Z"));
	CHECK(tz_next(s, H) == at("2026-11-24T10:30:00Z"));
	CHECK(!strcmp(fmt(s), "2026-11-24T15:00:00.000+05:30"));
	CHECK(tz_align(at("2026-11-24T10:00:00Z"), 15 * MN) == at("2026-11-24T10:00:00Z"));
	CHECK(tz_set("America/New_York") == 0);
	/* The hour repeated at 01:00 is two windows of an hour each. */
	s = tz_align(at("2026-11-01T05:30:00Z"), H);
	CHECK(s == at("2026-11-01T05:00:00Z") && tz_next(s, H) == at("2026-11-01T06:00:00Z"));
	s = tz_align(at("2026-11-01T06:30:00Z"), H);
	CHECK(s == at("2026-11-01T06:00:00Z") && tz_next(s, H) == at("2026-11-01T07:00:00Z"));
	/* Two hours over it: 00:00 EDT to 02:00 EST, three hours. */
	s = tz_align(at("2026-11-01T06:30:00Z"), 2 * H);
	CHECK(s == at("2026-11-01T00:00:00-04:00"));
	CHECK(tz_next(s, 2 * H) == at("2026-11-01T02:00:00-05:00"));
	/* Forward over 02:00: the window at 00:00 EST ends at the change, the next starts there. */
	s = tz_align(at("2026-03-08T06:30:00Z"), 2 * H);
	CHECK(s == at("2026-03-08T00:00:00-05:00") &&
	      tz_next(s, 2 * H) == at("2026-03-08T07:00:00Z"));
	CHECK(tz_align(at("2026-03-08T07:30:00Z"), 2 * H) == at("2026-03-08T07:00:00Z"));
	CHECK(tz_next(at("2026-03-08T07:00:00Z"), 2 * H) == at("2026-03-08T04:00:00-04:00"));
}

/*
 * Every instant, minute by minute over two days around each change, is in
 * exactly one window: the window that holds t starts at or before t and
 * ends after it, its start is its own window's, and its end starts the next.
 */
static void
test_partition(void)
{
	static const char *const zones[] = {"America/New_York",    "Asia/Kolkata",
	                                    "Australia/Lord_Howe", "Europe/London",
	                                    "America/Santiago",    "Asia/Kathmandu"};
	static const int64_t steps[] = {
	    15 * MN, 30 * MN, H, 2 * H, 3 * H, 7 * H, 86400 * NS_PER_SEC, 2 * 86400 * NS_PER_SEC};
	static const char *const days[] = {"2026-03-07T00:00:00Z", "2026-10-31T00:00:00Z",
	                                   "2026-04-04T00:00:00Z", "2026-09-05T00:00:00Z",
	                                   "2026-10-03T00:00:00Z", "2026-03-28T00:00:00Z"};
	int bad = 0;

	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		CHECK(tz_set(zones[z]) == 0);
		for (size_t st = 0; st < sizeof(steps) / sizeof(steps[0]); st++)
			for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++)
				for (int64_t t = at(days[d]), end = t + 3 * 86400 * NS_PER_SEC;
				     t < end; t += 7 * MN) {
					int64_t s = align(t, steps[st]), e = next(s, steps[st]);

					if (!(s <= t && t < e) || align(s, steps[st]) != s ||
					    align(e, steps[st]) != e ||
					    align(e - 1, steps[st]) != s ||
					    tz_align(t, steps[st]) != s ||
					    tz_next(s, steps[st]) != e) {
						if (bad++ < 5)
							fprintf(
							    stderr,
							    "  %s step %llds at %s: [%lld, %lld)\n",
							    zones[z],
							    (long long)(steps[st] / NS_PER_SEC),
							    fmt(t), (long long)s, (long long)e);
					}
				}
	}
	CHECK(bad == 0);
}

int
main(void)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/America/New_York", tz_dir());
	if (access(path, R_OK)) {
		printf("tz_test: skipped: no tzdata in %s (make deps installs it)\n", tz_dir());
		return 0;
	}
	test_names();
	test_new_york();
	test_days();
	test_hours();
	test_partition();
	printf("tz_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
