/* timestamp_test.c: unit tests of lib/timestamp: RFC 3339 and RFC 822 dates, epoch numbers in
 * every unit, and impossible dates and absurd numbers, each rejected. */
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

/* A JSON value's time, or INT64_MIN; the reason in *why. */
static int64_t
fromjson(const char *text, const char **why)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	int64_t ns;

	*why = NULL;
	if (!v)
		return INT64_MIN + 1;
	int r = timestamp_from_json(v, &ns, why);
	json_decref(v);
	return r ? INT64_MIN : ns;
}

static int64_t
text(const char *s, const char **why)
{
	int64_t ns;

	*why = NULL;
	return timestamp_parse(s, strlen(s), &ns, why) ? INT64_MIN : ns;
}

static void
test_rfc3339(void)
{
	int64_t t = r3339("2026-11-24T06:15:02Z");

	CHECK(t == INT64_C(1795500902) * NS_PER_SEC);
	CHECK(r3339("2026-11-24t06:15:02z") == t);
	CHECK(r3339("2026-11-24 06:15:02Z") == t);
	CHECK(r3339("2026-11-24T07:15:02+01:00") == t);
	CHECK(r3339("2026-11-24T01:45:02-04:30") == t);
	CHECK(r3339("2026-11-24T06:15:02.5Z") == t + NS_PER_SEC / 2);
	CHECK(r3339("2026-11-24T06:15:02.123456789Z") == t + 123456789);
	/* Digits past the nanosecond are read and dropped. */
	CHECK(r3339("2026-11-24T06:15:02.1234567891Z") == t + 123456789);
	static const char *const bad[] = {
	    "2026-11-24T06:15:02",   "2026-11-24T06:15:02.Z", "2026-11-24T06:15Z",
	    "2026-11-24X06:15:02Z",  "2026-11-24T06:15:02+1", "2026-11-24T06:15:02+0100",
	    "2026-11-24T06:15:02ZZ", "26-11-24T06:15:02Z",    "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(r3339(bad[i]) == INT64_MIN);
		if (r3339(bad[i]) != INT64_MIN)
			fprintf(stderr, "  taken: %s\n", bad[i]);
	}
}

/* The same instant in s, ms, us and ns, by magnitude, as JSON numbers and as text. */
static void
test_epoch(void)
{
	const char *why;
	int64_t t = r3339("2026-11-24T06:15:02.123456789Z"), s = r3339("2026-11-24T06:15:02Z");

	CHECK(fromjson("1795500902", &why) == s);
	CHECK(fromjson("1795500902123", &why) == t - 456789);
	CHECK(fromjson("1795500902123456", &why) == t - 789);
	CHECK(fromjson("1795500902123456789", &why) == t);
	CHECK(fromjson("1795500902.5", &why) == s + NS_PER_SEC / 2);
	CHECK(fromjson("1795500902123.5", &why) == t - 456789 + 500000);
	CHECK(fromjson("1.795500902e9", &why) == s);
	CHECK(fromjson("1.795500902123e12", &why) == t - 456789);
	CHECK(fromjson("0", &why) == 0);
	CHECK(text("1795500902", &why) == s);
	CHECK(text("1795500902123", &why) == t - 456789);
	CHECK(text("1795500902123456", &why) == t - 789);
	CHECK(text("1795500902123456789", &why) == t);
	CHECK(text("1795500902.5", &why) == s + NS_PER_SEC / 2);
	CHECK(text("2026-11-24T06:15:02Z", &why) == s);
	CHECK(text("Tue, 24 Nov 2026 06:15:02 GMT", &why) == s);

	/* The bounds: 1e11 - 1 is seconds (and beyond 2262); 1e11 is milliseconds (1973). */
	CHECK(fromjson("99999999999", &why) == INT64_MIN && why &&
	      !strcmp(why, "epoch seconds out of range (after 2262)"));
	CHECK(fromjson("9223372035", &why) == INT64_C(9223372035) * NS_PER_SEC);
	CHECK(fromjson("9223372037", &why) == INT64_MIN);
	CHECK(fromjson("100000000000", &why) == INT64_C(100000000000) * NS_PER_MS);
	CHECK(fromjson("100000000000", &why) == r3339("1973-03-03T09:46:40Z"));
	CHECK(fromjson("99999999999999", &why) == INT64_MIN && why &&
	      !strcmp(why, "epoch milliseconds out of range (after 2262)"));
	CHECK(fromjson("100000000000000", &why) == r3339("1973-03-03T09:46:40Z"));
	CHECK(fromjson("99999999999999999", &why) == INT64_MIN && why &&
	      !strcmp(why, "epoch microseconds out of range (after 2262)"));
	CHECK(fromjson("100000000000000000", &why) == r3339("1973-03-03T09:46:40Z"));
	CHECK(fromjson("9223372036854775807", &why) == INT64_MAX);
	CHECK(fromjson("1e19", &why) == INT64_MIN && why &&
	      !strcmp(why, "epoch nanoseconds out of range (after 2262)"));
	CHECK(fromjson("1e300", &why) == INT64_MIN && why);
	CHECK(text("9223372036854775808", &why) == INT64_MIN && why &&
	      !strcmp(why, "epoch nanoseconds out of range (after 2262)"));
	CHECK(text("123456789012345678901234567890", &why) == INT64_MIN && why);

	/* Negative numbers are before 1970: no time a record has. */
	CHECK(fromjson("-1", &why) == INT64_MIN && why &&
	      !strcmp(why, "epoch number is negative (before 1970)"));
	CHECK(fromjson("-1795500902123", &why) == INT64_MIN && why);
	CHECK(fromjson("-0.5", &why) == INT64_MIN && why);
	CHECK(text("-1", &why) == INT64_MIN && why);

	/* Not numbers, not times. */
	static const char *const badtext[] = {
	    "",    " 1795500902", "1795500902 ", "0x10",      "1e",  "1.", ".5",  "+1",
	    "inf", "nan",         "1,5",         "yesterday", "--1", "1-", "1e+", "2026-11-24"};
	for (size_t i = 0; i < sizeof(badtext) / sizeof(badtext[0]); i++) {
		CHECK(text(badtext[i], &why) == INT64_MIN && why);
		if (text(badtext[i], &why) != INT64_MIN)
			fprintf(stderr, "  taken: \"%s\"\n", badtext[i]);
	}
	CHECK(fromjson("\"1795500902\"", &why) == INT64_MIN && why);
	CHECK(fromjson("true", &why) == INT64_MIN && why &&
	      !strcmp(why, "not a string or a number"));
	CHECK(fromjson("null", &why) == INT64_MIN && why);
}

/* --epoch-unit: the unit said wins over magnitude. */
static void
test_epoch_unit(void)
{
	const char *why;

	epoch_unit_set(EPOCH_MS);
	CHECK(fromjson("1000", &why) == NS_PER_SEC);
	CHECK(fromjson("1.5", &why) == 1500000);
	epoch_unit_set(EPOCH_US);
	CHECK(fromjson("1000000", &why) == NS_PER_SEC);
	epoch_unit_set(EPOCH_NS);
	CHECK(fromjson("1000000000", &why) == NS_PER_SEC);
	CHECK(text("1000000000", &why) == NS_PER_SEC);
	epoch_unit_set(EPOCH_S);
	CHECK(fromjson("1795500902123", &why) == INT64_MIN && why &&
	      !strcmp(why, "epoch seconds out of range (after 2262)"));
	CHECK(fromjson("1000", &why) == 1000 * NS_PER_SEC);
	epoch_unit_set(EPOCH_AUTO);
	CHECK(fromjson("1000", &why) == 1000 * NS_PER_SEC);
	CHECK(!strcmp(epoch_unit_names[EPOCH_MS], "ms") && !epoch_unit_names[EPOCH_NS + 1]);
}

/* RFC 2822 wherever a record's time is read, not only in feeds. */
static void
test_json_strings(void)
{
	const char *why;
	int64_t s = r3339("2026-11-24T06:15:02Z");

	CHECK(fromjson("\"2026-11-24T06:15:02Z\"", &why) == s);
	CHECK(fromjson("\"2026-11-24t06:15:02.000z\"", &why) == s);
	CHECK(fromjson("\"Tue, 24 Nov 2026 06:15:02 GMT\"", &why) == s);
	CHECK(fromjson("\"24 Nov 2026 07:15:02 +0100\"", &why) == s);
	CHECK(fromjson("\"Tue, 31 Feb 2026 06:15:02 GMT\"", &why) == INT64_MIN && why);
	CHECK(fromjson("\"2026-02-31T06:15:02Z\"", &why) == INT64_MIN && why &&
	      !strcmp(why, "not an RFC 3339 time or RFC 2822 date"));
	/* A NUL byte inside is no date, though the text before it would be. */
	CHECK(fromjson("\"24 Nov 2026 07:15:02 +0100\\u0000x\"", &why) == INT64_MIN && why);
}

/* Zone-less date-times, as CSV exports write them: UTC without --tz (tz_test.c: with it). */
static void
test_zoneless(void)
{
	const char *why;
	int64_t s = r3339("2026-11-24T10:00:00Z"), ns;

	CHECK(datetime_parse("2026-11-24 10:00:00", 19, &ns) == 0 && ns == s);
	CHECK(datetime_parse("2026-11-24T10:00:00", 19, &ns) == 0 && ns == s);
	CHECK(datetime_parse("2026-11-24t10:00:00.250", 23, &ns) == 0 && ns == s + 250 * NS_PER_MS);
	CHECK(timestamp_parse("2026-11-24 10:00:00", 19, &ns, &why) == 0 && ns == s);
	CHECK(fromjson("\"2026-11-24 10:00:00\"", &why) == s);
	CHECK(fromjson("\"2026-11-24T10:00:00\"", &why) == s);
	/* Still no date: a missing second, a dangling fraction, a bad day, a short offset. */
	CHECK(datetime_parse("2026-11-24 10:00", 16, &ns) == -1);
	CHECK(datetime_parse("2026-11-24 10:00:00.", 20, &ns) == -1);
	CHECK(datetime_parse("2026-02-30 10:00:00", 19, &ns) == -1);
	CHECK(datetime_parse("2026-11-24 10:00:00+01", 22, &ns) == -1);
	CHECK(datetime_parse("2026-11-24 10:00:00 ", 20, &ns) == -1);
	/* RFC 3339 proper still wants its offset. */
	CHECK(r3339("2026-11-24 10:00:00") == INT64_MIN);
}

int
main(void)
{
	test_zoneless();
	test_rfc822();
	test_impossible();
	test_rfc3339();
	test_epoch();
	test_epoch_unit();
	test_json_strings();
	printf("timestamp_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
