/* lib_test.c: unit tests of lib/ (durations, times, paths, UTF-8, sizes). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "duration.h"
#include "jsonpath.h"
#include "stage.h"
#include "timestamp.h"
#include "utf8.h"
#include "util.h"

#include "check.h"

static int64_t
dur(const char *s)
{
	int64_t ns;

	return duration_parse(s, &ns) ? -1 : ns;
}

static void
test_durations(void)
{
	CHECK(dur("500ms") == 500 * NS_PER_MS);
	CHECK(dur("10s") == 10 * NS_PER_SEC);
	CHECK(dur("5m") == 300 * NS_PER_SEC);
	CHECK(dur("1h") == 3600 * NS_PER_SEC);
	CHECK(dur("1d") == 86400 * NS_PER_SEC);
	CHECK(dur("1h30m") == 5400 * NS_PER_SEC);
	CHECK(dur("1.5s") == 1500 * NS_PER_MS);
	CHECK(dur("2") == 2 * NS_PER_SEC);
	CHECK(dur("0s") == 0);
	CHECK(dur("") == -1);
	CHECK(dur("s") == -1);
	CHECK(dur("-1s") == -1);
	CHECK(dur("10x") == -1);
	CHECK(dur("1h30") == -1);
	CHECK(dur("ms") == -1);
	CHECK(dur("999999999999d") == -1);
}

static int
fmt_is(int64_t ns, const char *want)
{
	char buf[DURATION_LEN];

	return !strcmp(duration_format(ns, buf), want);
}

static void
test_duration_format(void)
{
	int64_t d = 86400 * NS_PER_SEC;

	CHECK(fmt_is(0, "0s"));
	CHECK(fmt_is(1, "1ns"));
	CHECK(fmt_is(1500 * NS_PER_MS, "1s500ms"));
	CHECK(fmt_is(5400 * NS_PER_SEC, "1h30m"));
	CHECK(fmt_is(125 * NS_PER_SEC, "2m5s"));
	CHECK(fmt_is(3600 * NS_PER_SEC + 5 * NS_PER_SEC, "1h")); /* the second unit is 0m */
	CHECK(fmt_is(2 * d + 3 * NS_PER_SEC, "2d"));
	CHECK(fmt_is((73 * 365 + 2) * d + 3600 * NS_PER_SEC, "73y2d"));
	CHECK(fmt_is(-90 * NS_PER_SEC, "-1m30s"));
	CHECK(fmt_is(INT64_MAX, "292y171d"));
	CHECK(fmt_is(INT64_MIN, "-292y171d"));
	/* What it writes without years reads back, two units kept. */
	CHECK(dur("1h30m") == 5400 * NS_PER_SEC && fmt_is(dur("1h30m"), "1h30m"));
}

static int64_t
ts(const char *s)
{
	int64_t ns;

	return rfc3339_parse(s, strlen(s), &ns) ? INT64_MIN : ns;
}

static void
test_timestamps(void)
{
	char buf[RFC3339_LEN];

	CHECK(ts("1970-01-01T00:00:00Z") == 0);
	CHECK(ts("2026-11-24T06:15:02.123Z") == INT64_C(1795500902123000000));
	CHECK(ts("2026-11-24T07:15:02.123+01:00") == INT64_C(1795500902123000000));
	CHECK(ts("2026-11-24 06:15:02.123z") == INT64_C(1795500902123000000));
	CHECK(ts("2026-11-24T06:15:02.123456789123Z") == INT64_C(1795500902123456789));
	CHECK(ts("1969-12-31T23:59:59.5Z") == -500 * NS_PER_MS);
	CHECK(ts("2024-02-29T00:00:00Z") != INT64_MIN);
	CHECK(ts("2023-02-29T00:00:00Z") == INT64_MIN);
	CHECK(ts("2026-13-01T00:00:00Z") == INT64_MIN);
	CHECK(ts("2026-11-24T06:15:02") == INT64_MIN); /* no zone */
	CHECK(ts("2026-11-24T06:15:02.Z") == INT64_MIN);
	CHECK(ts("2026-11-24T06:15:02Zjunk") == INT64_MIN);
	CHECK(ts("2026-11-24") == INT64_MIN);
	CHECK(ts("") == INT64_MIN);
	CHECK(ts("0000-01-01T00:00:00Z") == INT64_MIN); /* beyond 64-bit nanoseconds */
	CHECK(ts("9999-12-31T23:59:59Z") == INT64_MIN);
	CHECK(ts("1677-09-22T00:00:00Z") != INT64_MIN);
	CHECK(ts("2262-04-11T00:00:00Z") != INT64_MIN);
	CHECK(!strcmp(rfc3339_format(0, buf), "1970-01-01T00:00:00.000Z"));
	CHECK(
	    !strcmp(rfc3339_format(INT64_C(1795500902123000000), buf), "2026-11-24T06:15:02.123Z"));
	CHECK(!strcmp(rfc3339_format(-500 * NS_PER_MS, buf), "1969-12-31T23:59:59.500Z"));
	CHECK(!strcmp(rfc3339_format(ts("2000-02-29T12:00:00Z"), buf), "2000-02-29T12:00:00.000Z"));

	int64_t ns;
	const char *why;
	json_t *v = json_integer(1795500902);
	CHECK(timestamp_from_json(v, &ns, &why) == 0 && ns == INT64_C(1795500902) * NS_PER_SEC);
	json_decref(v);
	v = json_real(1.5);
	CHECK(timestamp_from_json(v, &ns, &why) == 0 && ns == 1500 * NS_PER_MS);
	json_decref(v);
	v = json_string("yesterday");
	CHECK(timestamp_from_json(v, &ns, &why) == -1 && why);
	json_decref(v);
	v = json_true();
	CHECK(timestamp_from_json(v, &ns, &why) == -1);
	CHECK(timestamp_from_json(NULL, &ns, &why) == -1);
}

static void
test_jsonpath(void)
{
	struct jsonpath p;
	json_t *obj = json_loads("{\"a\":1,\"sentiment\":{\"compound\":0.5},\"x.y\":2}", 0, NULL);

	CHECK(jsonpath_compile(&p, "sentiment.compound") == 0 && p.nkeys == 2);
	CHECK(json_real_value(jsonpath_get(obj, &p)) == 0.5);
	jsonpath_free(&p);
	CHECK(jsonpath_compile(&p, "x\\.y") == 0 && p.nkeys == 1);
	CHECK(json_integer_value(jsonpath_get(obj, &p)) == 2);
	jsonpath_free(&p);
	CHECK(jsonpath_compile(&p, "a.b") == 0 && jsonpath_get(obj, &p) == NULL);
	CHECK(jsonpath_set_new(obj, &p, json_true()) == -1); /* a is not an object */
	jsonpath_free(&p);
	CHECK(jsonpath_compile(&p, "new.deep") == 0);
	CHECK(jsonpath_set_new(obj, &p, json_integer(7)) == 0);
	CHECK(json_integer_value(jsonpath_get(obj, &p)) == 7);
	jsonpath_free(&p);
	/* Replacing a key keeps its place. */
	CHECK(jsonpath_compile(&p, "a") == 0);
	CHECK(jsonpath_set_new(obj, &p, json_integer(9)) == 0);
	jsonpath_free(&p);
	char *s = json_dumps(obj, JSON_COMPACT);
	CHECK(!strcmp(s,
	              "{\"a\":9,\"sentiment\":{\"compound\":0.5},\"x.y\":2,\"new\":{\"deep\":7}}"));
	free(s);
	/* The key beside the last one: where sentio-score says a record was not scored. */
	struct jsonpath q;

	CHECK(jsonpath_compile(&p, "sentiment.compound") == 0);
	jsonpath_sibling(&q, &p, "unscored");
	CHECK(q.nkeys == 2 && !strcmp(q.keys[0], "sentiment") && !strcmp(q.keys[1], "unscored"));
	jsonpath_free(&q);
	jsonpath_free(&p);
	CHECK(jsonpath_compile(&p, "mean") == 0);
	jsonpath_sibling(&q, &p, "unscored");
	CHECK(q.nkeys == 1 && !strcmp(q.keys[0], "unscored"));
	jsonpath_free(&q);
	jsonpath_free(&p);
	CHECK(jsonpath_compile(&p, "a\\.b.c\\.d") == 0 && p.nkeys == 2);
	jsonpath_sibling(&q, &p, "u");
	CHECK(q.nkeys == 2 && !strcmp(q.keys[0], "a.b") && !strcmp(q.keys[1], "u"));
	jsonpath_free(&q);
	jsonpath_free(&p);
	CHECK(jsonpath_compile(&p, "") == -1);
	CHECK(jsonpath_compile(&p, "a..b") == -1);
	CHECK(jsonpath_compile(&p, ".a") == -1);
	CHECK(jsonpath_compile(&p, "a.") == -1);
	json_decref(obj);
}

static void
test_utf8(void)
{
	static const struct {
		const char *s;
		bool valid;
		const char *repaired;
	} cases[] = {
	    {"plain", true, "plain"},
	    {"caf\xC3\xA9", true, "caf\xC3\xA9"},
	    {"\xF0\x9F\x98\x80", true, "\xF0\x9F\x98\x80"},
	    {"\xC0\xAF", false, "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* overlong */
	    {"\xE0\x80\xAF", false, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* overlong */
	    {"\xED\xA0\x80", false, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
	    {"a\xE2\x82", false, "a\xEF\xBF\xBD"},                           /* truncated */
	    {"\x80z", false, "\xEF\xBF\xBDz"}, /* stray continuation */
	    {"\xFE\xFF", false, "\xEF\xBF\xBD\xEF\xBF\xBD"},
	    {"\xF4\x90\x80\x80", false, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
	};

	for (size_t i = 0; i < LEN(cases); i++) {
		size_t len = strlen(cases[i].s), outlen, n;
		char *out = utf8_repair(cases[i].s, len, &outlen, &n);

		CHECK(utf8_valid(cases[i].s, len) == cases[i].valid);
		CHECK(!strcmp(out, cases[i].repaired));
		CHECK((n == 0) == cases[i].valid);
		free(out);
	}
	CHECK(utf8_check("ab\xFF", 3) == 2);
	/* ASCII is skipped eight bytes at a time: a bad byte or a good sequence at every offset. */
	for (size_t at = 0; at < 24; at++) {
		char s[32];

		memset(s, 'a', sizeof(s));
		s[at] = '\xFF';
		CHECK(utf8_check(s, sizeof(s)) == at);
		memcpy(s + at, "\xC3\xA9", 2);
		CHECK(utf8_valid(s, sizeof(s)));
		CHECK(utf8_check(s, at + 1) == at); /* a sequence cut at the end */
	}
}

static void
test_sizes(void)
{
	size_t n;

	CHECK(size_parse("1M", &n) == 0 && n == 1048576);
	CHECK(size_parse("64k", &n) == 0 && n == 65536);
	CHECK(size_parse("100", &n) == 0 && n == 100);
	CHECK(size_parse("0", &n) == -1);
	CHECK(size_parse("-1", &n) == -1);
	CHECK(size_parse("1X", &n) == -1);
}

/* A megabyte through a non-blocking pipe whose reader is slower: all of it, in order. */
static void
test_write_all(void)
{
	enum { N = 1 << 20 };
	char *data = xmalloc(N);
	int fds[2];
	pid_t pid;
	int status;

	for (size_t i = 0; i < N; i++)
		data[i] = (char)(i * 7 % 251);
	CHECK(pipe(fds) == 0);
	CHECK(fcntl(fds[1], F_SETFL, O_NONBLOCK) == 0);
	if ((pid = fork()) == 0) {
		char b[4096];
		size_t got = 0;
		ssize_t r;
		int bad = 0;

		close(fds[1]);
		while ((r = read(fds[0], b, sizeof(b))) > 0) {
			for (ssize_t i = 0; i < r; i++)
				bad |= b[i] != (char)((got + (size_t)i) * 7 % 251);
			got += (size_t)r;
			usleep(100);
		}
		_exit(bad || got != N);
	}
	close(fds[0]);
	CHECK(write_all(fds[1], data, N) == 0);
	close(fds[1]);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* A closed reader: -1 and EPIPE, not a loop. */
	signal(SIGPIPE, SIG_IGN);
	CHECK(pipe(fds) == 0);
	close(fds[0]);
	errno = 0;
	CHECK(write_all(fds[1], data, 10) == -1 && errno == EPIPE);
	close(fds[1]);
	free(data);
}

int
main(void)
{
	test_durations();
	test_duration_format();
	test_timestamps();
	test_jsonpath();
	test_utf8();
	test_sizes();
	test_write_all();
	printf("lib_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
