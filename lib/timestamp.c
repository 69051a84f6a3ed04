/* timestamp.c: RFC 3339, RFC 822 and epoch number parsing, RFC 3339 formatting, clocks. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "timestamp.h"
#include "tz.h"
#include "util.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int
digits(const char **p, const char *end, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (*p >= end || **p < '0' || **p > '9')
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/*
 * RFC 3339; with zoneless, also a date-time without 'Z' or an offset,
 * read as local time in the zone of --tz (lib/tz.h).
 */
static int
datetime(const char *s, size_t len, int64_t *ns, bool zoneless)
{
	const char *p = s, *end = s + len;
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	int64_t frac = 0, scale = NS_PER_SEC, offset = 0;

	if (digits(&p, end, 4, &y) || p >= end || *p++ != '-' || digits(&p, end, 2, &mo) ||
	    p >= end || *p++ != '-' || digits(&p, end, 2, &d) || p >= end)
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, end, 2, &h) || p >= end || *p++ != ':' || digits(&p, end, 2, &mi) ||
	    p >= end || *p++ != ':' || digits(&p, end, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
		return -1;
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9') {
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
			p++;
		}
	}
	bool local = false;
	if (p >= end) {
		if (!zoneless)
			return -1;
		local = true;
	} else if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if (digits(&p, end, 2, &oh) || p >= end || *p++ != ':' || digits(&p, end, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
		offset = sign * (oh * 3600 + om * 60);
	} else
		return -1;
	if (p != end)
		return -1;
	if (sec == 60)
		sec = 59; /* a leap second is held at the end of its minute */
	int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 +
	            sec - offset;
	/* Nanoseconds since 1970 in 64 bits reach from 1677 to 2262: beyond, say no. */
	if (t <= INT64_MIN / NS_PER_SEC || t >= INT64_MAX / NS_PER_SEC)
		return -1;
	*ns = t * NS_PER_SEC + frac;
	if (local) {
		/* Two days of room for the zone's offsets around it. */
		if (*ns <= INT64_MIN + 2 * 86400 * NS_PER_SEC ||
		    *ns >= INT64_MAX - 2 * 86400 * NS_PER_SEC)
			return -1;
		*ns = tz_from_local(*ns);
	}
	return 0;
}

int
rfc3339_parse(const char *s, size_t len, int64_t *ns)
{
	return datetime(s, len, ns, false);
}

int
datetime_parse(const char *s, size_t len, int64_t *ns)
{
	return datetime(s, len, ns, true);
}

/* "Tue, 24 Nov 2026 06:15:02 GMT" (RFC 822 / 1123 / 2822, as RSS uses). */
int
rfc822_parse(const char *s, int64_t *ns)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec"};
	static const struct {
		const char *name;
		int minutes;
	} zones[] = {{"GMT", 0},       {"UT", 0},        {"UTC", 0},       {"Z", 0},
	             {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
	             {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
	char mon[4] = "", zone[8] = "";
	int day, year, h, mi, sec = 0, n = 0, off = 0;
	const char *p = s;

	while (isspace((unsigned char)*p))
		p++;
	if (isalpha((unsigned char)*p)) {
		/* The day's name. */
		while (isalpha((unsigned char)*p))
			p++;
		if (*p == ',')
			p++;
	}
	if (sscanf(p, "%d %3s %d %d:%d%n", &day, mon, &year, &h, &mi, &n) < 5)
		return -1;
	p += n;
	if (*p == ':') {
		if (sscanf(p, ":%d%n", &sec, &n) < 1)
			return -1;
		p += n;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-') {
		int v = 0;

		/* Four digits, each checked before the next is read: a short offset may end
		 * the string. */
		for (int i = 1; i <= 4; i++) {
			if (!isdigit((unsigned char)p[i]))
				return -1;
			v = v * 10 + (p[i] - '0');
		}
		if (v / 100 > 23 || v % 100 > 59)
			return -1;
		off = (v / 100 * 60 + v % 100) * (*p == '-' ? -1 : 1);
	} else if (*p) {
		if (sscanf(p, "%7[A-Za-z]", zone) < 1)
			return -1;
		size_t i;
		for (i = 0; i < LEN(zones); i++)
			if (!strcasecmp(zone, zones[i].name))
				break;
		off = i < LEN(zones) ? zones[i].minutes : 0; /* military zones: as UTC */
	}
	int m;
	for (m = 0; m < 12; m++)
		if (!strcasecmp(mon, months[m]))
			break;
	/* A year has at most four digits; whether the time fits in 64-bit
	 * nanoseconds is checked on the seconds below. */
	if (m == 12 || year < 0 || year > 9999)
		return -1;
	if (year < 100)
		year += year < 50 ? 2000 : 1900;
	/* 31 February is no date: rejected, not moved to March as timegm() would. */
	if (day < 1 || day > days_in_month(year, m + 1) || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    sec < 0 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59; /* a leap second is held at the end of its minute, as in RFC 3339 */
	int64_t t = days_from_civil(year, (unsigned)m + 1, (unsigned)day) * 86400 + h * 3600 +
	            mi * 60 + sec - off * 60;
	/* Nanoseconds since 1970 in 64 bits reach from 1677 to 2262: beyond, not a
	 * time (as rfc3339_parse() says). */
	if (t <= INT64_MIN / NS_PER_SEC || t >= INT64_MAX / NS_PER_SEC)
		return -1;
	*ns = t * NS_PER_SEC;
	return 0;
}

/* RFC 3339 of ns at offset off (seconds east); "Z" when utc. */
static char *
format(int64_t ns, int32_t off, bool utc, char buf[RFC3339_LEN])
{
	/* RFC 3339 offsets are whole minutes: a local mean time of old (-04:56:02) is
	 * written at -04:56, the same instant a few seconds off its wall clock. */
	off = off / 60 * 60;
	ns += (int64_t)off * NS_PER_SEC;
	int64_t secs = ns / NS_PER_SEC, rem = ns % NS_PER_SEC;
	if (rem < 0) {
		rem += NS_PER_SEC;
		secs--;
	}
	int64_t days = secs / 86400, sod = secs % 86400;
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	int64_t y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	int n = snprintf(buf, RFC3339_LEN, "%04lld-%02u-%02uT%02d:%02d:%02d.%03d", (long long)y, m,
	                 d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60),
	                 (int)(rem / NS_PER_MS));
	if (utc)
		snprintf(buf + n, RFC3339_LEN - (size_t)n, "Z");
	else {
		int32_t a = off < 0 ? -off : off;

		snprintf(buf + n, RFC3339_LEN - (size_t)n, "%c%02d:%02d", off < 0 ? '-' : '+',
		         (int)(a / 3600), (int)(a / 60 % 60));
	}
	return buf;
}

char *
rfc3339_format(int64_t ns, char buf[RFC3339_LEN])
{
	return format(ns, 0, true, buf);
}

char *
rfc3339_format_offset(int64_t ns, int32_t off, char buf[RFC3339_LEN])
{
	return format(ns, off, false, buf);
}

const char *const epoch_unit_names[] = {"auto", "s", "ms", "us", "ns", NULL};

static enum epoch_unit epoch_unit = EPOCH_AUTO;

void
epoch_unit_set(enum epoch_unit u)
{
	epoch_unit = u;
}

/* The unit of v: the one set, or by magnitude (see timestamp.h); exact for integers. */
static enum epoch_unit
unit_of(int64_t v)
{
	if (epoch_unit != EPOCH_AUTO)
		return epoch_unit;
	return v < INT64_C(100000000000)         ? EPOCH_S
	       : v < INT64_C(100000000000000)    ? EPOCH_MS
	       : v < INT64_C(100000000000000000) ? EPOCH_US
	                                         : EPOCH_NS;
}

static const int64_t unit_ns[] = {0, NS_PER_SEC, NS_PER_MS, 1000, 1};
static const char *const unit_range[] = {
    NULL, "epoch seconds out of range (after 2262)", "epoch milliseconds out of range (after 2262)",
    "epoch microseconds out of range (after 2262)", "epoch nanoseconds out of range (after 2262)"};

int
epoch_from_int(int64_t v, int64_t *ns, const char **why)
{
	if (v < 0) {
		*why = "epoch number is negative (before 1970)";
		return -1;
	}
	enum epoch_unit u = unit_of(v);
	if (v > INT64_MAX / unit_ns[u]) {
		*why = unit_range[u];
		return -1;
	}
	*ns = v * unit_ns[u];
	return 0;
}

int
epoch_from_real(double v, int64_t *ns, const char **why)
{
	if (isnan(v)) {
		*why = "epoch number is not a number";
		return -1;
	}
	if (v < 0) {
		*why = "epoch number is negative (before 1970)";
		return -1;
	}
	/* 2^63 is the first double that int64 does not hold. */
	if (!(v < 0x1p63)) {
		*why = unit_range[unit_of(INT64_MAX)];
		return -1;
	}
	/* The whole units and the fraction apart, so that a fraction of a
	 * millisecond is not lost to the 53 bits of the product. */
	double whole = floor(v);
	int64_t w = (int64_t)whole;
	enum epoch_unit u = unit_of(w);
	int64_t f = (int64_t)llround((v - whole) * (double)unit_ns[u]);

	if (w > (INT64_MAX - f) / unit_ns[u]) {
		*why = unit_range[u];
		return -1;
	}
	*ns = w * unit_ns[u] + f;
	return 0;
}

/* Is s[0..len) a decimal number: -?digits(.digits)?([eE][+-]?digits)?; is it an integer? */
static bool
is_number(const char *s, size_t len, bool *integer)
{
	size_t i = 0, n;

	if (i < len && s[i] == '-')
		i++;
	for (n = 0; i < len && isdigit((unsigned char)s[i]); i++)
		n++;
	if (!n)
		return false;
	*integer = i == len;
	if (i < len && s[i] == '.') {
		for (i++, n = 0; i < len && isdigit((unsigned char)s[i]); i++)
			n++;
		if (!n)
			return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		for (n = 0; i < len && isdigit((unsigned char)s[i]); i++)
			n++;
		if (!n)
			return false;
	}
	return i == len;
}

/* RFC 2822 on counted text, which may hold a NUL byte (then it is no date). */
static int
rfc822_parsen(const char *s, size_t len, int64_t *ns)
{
	char tmp[128];

	if (len >= sizeof(tmp) || memchr(s, '\0', len))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return rfc822_parse(tmp, ns);
}

int
timestamp_parse(const char *s, size_t len, int64_t *ns, const char **why)
{
	bool integer;

	if (!datetime_parse(s, len, ns))
		return 0;
	if (len < 64 && is_number(s, len, &integer)) {
		char tmp[64], *end;

		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (integer) {
			errno = 0;
			long long v = strtoll(tmp, &end, 10);
			if (errno != ERANGE)
				return epoch_from_int(v, ns, why);
		}
		return epoch_from_real(strtod(tmp, &end), ns, why);
	}
	if (!rfc822_parsen(s, len, ns))
		return 0;
	*why = "not an RFC 3339 time, RFC 2822 date or epoch number";
	return -1;
}

int
timestamp_from_json(const json_t *v, int64_t *ns, const char **why)
{
	if (!v) {
		*why = "missing";
		return -1;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);

		if (!datetime_parse(s, len, ns) || !rfc822_parsen(s, len, ns))
			return 0;
		*why = "not an RFC 3339 time or RFC 2822 date";
		return -1;
	}
	if (json_is_integer(v))
		return epoch_from_int((int64_t)json_integer_value(v), ns, why);
	if (json_is_real(v))
		return epoch_from_real(json_real_value(v), ns, why);
	*why = "not a string or a number";
	return -1;
}

int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

int64_t
monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}
