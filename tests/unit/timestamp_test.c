/* timestamp_test.c: unit tests of lib/timestamp: RFC 822 dates, and impossible dates in both
 * parsers. */
#include <stdio.h>
#include <string.h>

#include "timestamp.h"

#include "check.h"

static int64_t
r822(const char *s)
{
	int64_t ns;

	return rfc822_parse(s, &ns) ? INT64_MIN : ns;
}

static int64_t
r3339(const char *s)
{
	int64_t ns;

	return rfc3339_parse(s, strlen(s), &ns) ? INT64_MIN : ns;
}

static void
test_rfc822(void)
{
	CHECK(r822("Tue, 24 Nov 2026 06:15:02 GMT") == r3339("2026-11-24T06:15:02Z"));
	CHECK(r822("24 Nov 2026 06:15 +0130") == r3339("2026-11-24T06:15:00+01:30"));
	CHECK(r822("Tue, 24 Nov 2026 06:15:02 PST") == r3339("2026-11-24T06:15:02-08:00"));
	CHECK(r822("Thu, 01 Jan 70 00:00:00 GMT") == 0);
	CHECK(r822("Sat, 01 Jan 00 00:00:00 GMT") == r3339("2000-01-01T00:00:00Z"));
	CHECK(r822("Sat, 29 Feb 2020 10:00:00 GMT") == r3339("2020-02-29T10:00:00Z"));
	CHECK(r822("Tue, 29 Feb 2000 10:00:00 GMT") == r3339("2000-02-29T10:00:00Z"));
	/* A leap second is held at the end of its minute, as rfc3339_parse() holds it. */
	CHECK(r822("Wed, 31 Dec 2025 23:59:60 GMT") == r3339("2025-12-31T23:59:60Z"));
	CHECK(r822("Wed, 31 Dec 2025 23:59:60 GMT") == r3339("2025-12-31T23:59:59Z"));
}

/* A day the month does not have, or a field out of range, is no date: never moved. */
static void
test_impossible(void)
{
	static const char *const bad822[] = {
	    "Tue, 31 Feb 2026 10:00:00 GMT",  "Sun, 29 Feb 2026 10:00:00 GMT",
	    "Mon, 29 Feb 1900 10:00:00 GMT",  "Thu, 31 Apr 2026 10:00:00 GMT",
	    "Thu, 31 Jun 2026 10:00:00 GMT",  "Thu, 31 Sep 2026 10:00:00 GMT",
	    "Thu, 31 Nov 2026 10:00:00 GMT",  "Thu, 32 Jan 2026 10:00:00 GMT",
	    "Thu, 0 Jan 2026 10:00:00 GMT",   "Thu, 1 Jan 2026 24:00:00 GMT",
	    "Thu, 1 Jan 2026 -1:00:00 GMT",   "Thu, 1 Jan 2026 10:-5:00 GMT",
	    "Thu, 1 Jan 2026 10:60:00 GMT",   "Thu, 1 Jan 2026 10:00:61 GMT",
	    "Thu, 1 Jan 2026 10:00:-1 GMT",   "Thu, 1 Jan 2026 10:00:00 +0160",
	    "Thu, 1 Jan 2026 10:00:00 +2500", "Thu, 1 Foo 2026 10:00:00 GMT",
	};
	static const char *const bad3339[] = {
	    "2026-02-31T00:00:00Z", "2026-02-29T00:00:00Z",      "1900-02-29T00:00:00Z",
	    "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",      "2026-00-10T00:00:00Z",
	    "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z",      "2026-01-01T00:60:00Z",
	    "2026-01-01T00:00:61Z", "2026-01-01T00:00:00+24:00",
	};

	for (size_t i = 0; i < sizeof(bad822) / sizeof(bad822[0]); i++) {
		CHECK(r822(bad822[i]) == INT64_MIN);
		if (r822(bad822[i]) != INT64_MIN)
			fprintf(stderr, "  taken: %s\n", bad822[i]);
	}
	for (size_t i = 0; i < sizeof(bad3339) / sizeof(bad3339[0]); i++) {
		CHECK(r3339(bad3339[i]) == INT64_MIN);
		if (r3339(bad3339[i]) != INT64_MIN)
			fprintf(stderr, "  taken: %s\n", bad3339[i]);
	}
	CHECK(r3339("2024-02-29T00:00:00Z") != INT64_MIN);
	CHECK(r3339("2000-02-29T00:00:00Z") != INT64_MIN);
}

int
main(void)
{
	test_rfc822();
	test_impossible();
	printf("timestamp_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
