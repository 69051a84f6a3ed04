/*
 * fuzz_timestamp: rfc3339_parse() on any bytes; a time it accepts must
 * format and parse back to the same millisecond.  rfc822_parse() the
 * same: whole seconds that format and parse back.  timestamp_from_json()
 * on the same bytes as a JSON string, and as JSON text (epoch numbers).
 * timestamp_parse() on the bytes in each --epoch-unit: RFC 3339 (and
 * zone-less times) as datetime_parse() reads it; an epoch time is never before 1970, and in a
 * unit said prints back in that unit to the same time (less what is finer).
 * datetime_parse() (zone-less times too), in UTC and in America/New_York:
 * RFC 3339 as rfc3339_parse() reads it; any time it reads formats with the
 * zone's offset and parses back to the same millisecond.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timestamp.h"
#include "tz.h"

static const int64_t unit_ns[] = {0, NS_PER_SEC, NS_PER_MS, 1000, 1};

static void
epochs(const char *s, size_t size)
{
	int64_t ns, back, t3339;
	const char *why;
	char num[32];
	/* RFC 3339, or zone-less in UTC (no --tz here). */
	bool is3339 = datetime_parse(s, size, &t3339) == 0;

	for (int u = EPOCH_AUTO; u <= EPOCH_NS; u++) {
		epoch_unit_set((enum epoch_unit)u);
		why = NULL;
		if (timestamp_parse(s, size, &ns, &why) != 0) {
			if (!why || is3339)
				abort();
			continue;
		}
		if (is3339) {
			if (ns != t3339)
				abort();
			continue;
		}
		/* An epoch number or an RFC 2822 date: never before 1970 as a number. */
		if (size && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-') && ns < 0) {
			int64_t r;
			if (rfc822_parse(s, &r) != 0)
				abort();
		}
		if (u == EPOCH_AUTO || ns < 0)
			continue;
		snprintf(num, sizeof(num), "%lld", (long long)(ns / unit_ns[u]));
		if (timestamp_parse(num, strlen(num), &back, &why) != 0 ||
		    back != ns - ns % unit_ns[u])
			abort();
	}
	epoch_unit_set(EPOCH_AUTO);
}

static void
zoneless(const char *s, size_t size)
{
	static const char *const zones[] = {"UTC", "America/New_York"};
	int64_t ns, t3339, back;
	char buf[RFC3339_LEN];
	bool is3339 = rfc3339_parse(s, size, &t3339) == 0;

	for (size_t z = 0; z < 2; z++) {
		if (tz_set(zones[z]) != 0)
			continue; /* no tzdata here */
		if (datetime_parse(s, size, &ns) != 0) {
			if (is3339)
				abort();
			continue;
		}
		if (is3339 && ns != t3339)
			abort();
		tz_format(ns, buf);
		if (rfc3339_parse(buf, strlen(buf), &back) != 0 ||
		    back != ns - (ns % NS_PER_MS + NS_PER_MS) % NS_PER_MS)
			abort();
	}
	tz_set("UTC");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t ns, back;
	char buf[RFC3339_LEN];

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (rfc3339_parse(s, size, &ns) == 0) {
		rfc3339_format(ns, buf);
		if (strlen(buf) >= RFC3339_LEN)
			abort();
		if (rfc3339_parse(buf, strlen(buf), &back) != 0 ||
		    back != ns - (ns % NS_PER_MS + NS_PER_MS) % NS_PER_MS)
			abort();
	}
	if (rfc822_parse(s, &ns) == 0) {
		rfc3339_format(ns, buf);
		if (ns % NS_PER_SEC || rfc3339_parse(buf, strlen(buf), &back) != 0 || back != ns)
			abort();
	}
	json_t *v = json_stringn(s, size);
	if (v) {
		const char *why = NULL;
		if (timestamp_from_json(v, &ns, &why) != 0 && !why)
			abort();
		json_decref(v);
	}
	/* The bytes as JSON: a number is an epoch time, never before 1970. */
	v = json_loadb(s, size, JSON_DECODE_ANY, NULL);
	if (v) {
		const char *why = NULL;
		int r = timestamp_from_json(v, &ns, &why);
		if ((r != 0 && !why) || (r == 0 && json_is_number(v) && ns < 0))
			abort();
		json_decref(v);
	}
	epochs(s, size);
	zoneless(s, size);
	free(s);
	return 0;
}
