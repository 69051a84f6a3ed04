/*
 * json_test.c: unit tests of lib/json (the writer) and of the hash and
 * UTF-8 exports.  The escapers and number writers the stages had before
 * are kept here as references: the writer must give their bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "json.h"
#include "utf8.h"

#include "check.h"

/* ---- the references: each stage's own writer before lib/json ---- */

/* clean/clean.c put_json_string */
static void
ref_clean(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, run;

	buf_add(b, "\"", 1);
	while (i < len) {
		unsigned char ch;

		for (run = i;
		     run < len && (unsigned char)s[run] >= 0x20 && s[run] != '"' && s[run] != '\\';
		     run++)
			;
		buf_add(b, s + i, run - i);
		if ((i = run) == len)
			break;
		ch = (unsigned char)s[i++];
		switch (ch) {
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\b':
			buf_add(b, "\\b", 2);
			break;
		case '\f':
			buf_add(b, "\\f", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};

			buf_add(b, u, 6);
		}
		}
	}
	buf_add(b, "\"", 1);
}

/* collect/buf.c buf_add_json_string, for valid UTF-8 (its repair differed) */
static void
ref_collect(struct buf *b, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)str[i];

		if (c >= 0x20 && c != '"' && c != '\\') {
			buf_addc(b, (char)c);
			continue;
		}
		buf_addc(b, '\\');
		switch (c) {
		case '"':
		case '\\':
			buf_addc(b, (char)c);
			break;
		case '\n':
			buf_addc(b, 'n');
			break;
		case '\t':
			buf_addc(b, 't');
			break;
		case '\r':
			buf_addc(b, 'r');
			break;
		default:
			buf_add(b, "u00", 3);
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* score/score.c put_string (c1 false), window/keys.c write_string (c1 true) */
static void
ref_score_window(struct buf *b, const char *s, size_t n, int c1)
{
	static const char hex[] = "0123456789abcdef";
	size_t from = 0;

	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		size_t skip;

		if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
			cp = c;
			skip = 1;
		} else if (c1 && c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9f) {
			cp = (unsigned char)s[i + 1];
			skip = 2;
		} else
			continue;
		buf_add(b, s + from, i - from);
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};

			buf_add(b, esc, 2);
		} else {
			char esc[6] = {'\\', 'u', '0', '0', hex[cp >> 4], hex[cp & 15]};

			buf_add(b, esc, 6);
		}
		i += skip - 1;
		from = i + 1;
	}
	buf_add(b, s + from, n - from);
	buf_addc(b, '"');
}

/* score/score.c put_double */
static void
ref_score_double(struct buf *b, double x)
{
	char s[40];

	for (int p = 1; p <= 17; p++) {
		snprintf(s, sizeof(s), "%.*g", p, x);
		if (strtod(s, NULL) == x)
			break;
	}
	if (!strpbrk(s, ".eEn"))
		strcat(s, ".0");
	buf_adds(b, s);
}

/* The shortest %g: the definition json_put_double() keeps to. */
static void
ref_shortest(struct buf *b, double x)
{
	char s[40];

	for (int p = fabs(x) < 2.2250738585072014e-308 ? 1 : 15; p <= 17; p++) {
		snprintf(s, sizeof(s), "%.*g", p, x);
		if (strtod(s, NULL) == x)
			break;
	}
	buf_adds(b, s);
}

/* ---- helpers ---- */

static uint64_t rng = 88172645463325252ULL;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && !memcmp(a->p, b->p, a->len);
}

/* A string of random valid UTF-8 with many controls, quotes, C1s and U+2028. */
static size_t
random_text(char *s, size_t max)
{
	static const char *const pieces[] = {
	    "a", "b", " ", "\"", "\\", "/", "\x7f", "\n", "\r", "\t", "\b", "\f", "\x01", "\x1f",
	    "\xc2\x80", "\xc2\x9f", "\xc2\xa0", "\xc3\xa9", "\xe2\x80\xa8", "\xe2\x80\xa9",
	    "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "xyz", "\xe4\xb8\xad",
	    /* runs the writer takes eight bytes at a time */
	    "plain words, no escapes", "0123456789abcdefghij"};
	size_t n = 0, want = next_rand() % max;

	while (n + 4 < want) {
		const char *p = pieces[next_rand() % (sizeof(pieces) / sizeof(pieces[0]))];
		size_t k = strlen(p);

		if (!k)
			break;
		if (n + k > want) /* a long piece that does not fit: a short one will */
			continue;
		memcpy(s + n, p, k);
		n += k;
	}
	if (next_rand() % 4 == 0 && n < max)
		s[n++] = '\0';
	return n;
}

static const char *
str(unsigned flags, const char *s, size_t n)
{
	static struct buf b;

	b.len = 0;
	json_put_string(&b, s, n, flags);
	buf_addc(&b, '\0');
	return b.p;
}

/* ---- tests ---- */

static void
test_strings(void)
{
	struct buf a = {0}, r = {0};
	char s[200];

	/* Each stage's bytes, for random valid text. */
	for (int i = 0; i < 20000; i++) {
		size_t n = random_text(s, sizeof(s));

		a.len = r.len = 0;
		json_put_string(&a, s, n, JSON_STR_CLEAN);
		ref_clean(&r, s, n);
		CHECK(same(&a, &r));
		a.len = r.len = 0;
		CHECK(json_put_string(&a, s, n, JSON_STR_COLLECT | JSON_STR_BARE) == 0);
		ref_collect(&r, s, n);
		CHECK(same(&a, &r));
		a.len = r.len = 0;
		json_put_string(&a, s, n, JSON_STR_SCORE);
		ref_score_window(&r, s, n, 0);
		CHECK(same(&a, &r));
		a.len = r.len = 0;
		json_put_string(&a, s, n, JSON_STR_WINDOW);
		ref_score_window(&r, s, n, 1);
		CHECK(same(&a, &r));
	}
	buf_free(&a);
	buf_free(&r);

	CHECK(!strcmp(str(0, "a\"b\\c", 5), "\"a\\\"b\\\\c\""));
	CHECK(
	    !strcmp(str(0, "\b\f\n\r\t\x01\x1f\x7f", 8), "\"\\b\\f\\n\\r\\t\\u0001\\u001F\x7f\""));
	CHECK(!strcmp(str(0, "x\0y", 3), "\"x\\u0000y\""));
	CHECK(!strcmp(str(JSON_STR_BARE, "ab", 2), "ab"));
	CHECK(!strcmp(str(0, "a/b", 3), "\"a/b\""));
	CHECK(!strcmp(str(JSON_STR_SLASH, "a/b", 3), "\"a\\/b\""));
	/* Plain runs are skipped eight bytes at a time: '/' and DEL at every offset. */
	for (size_t at = 0; at < 24; at++) {
		char in[25], want[40];

		memset(in, 'x', 24);
		in[24] = '\0';
		in[at] = '/';
		snprintf(want, sizeof(want), "\"%.*s\\/%s\"", (int)at, in, in + at + 1);
		CHECK(!strcmp(str(JSON_STR_SLASH, in, 24), want));
		in[at] = 0x7F;
		snprintf(want, sizeof(want), "\"%.*s\\u007F%s\"", (int)at, in, in + at + 1);
		CHECK(!strcmp(str(JSON_STR_DEL, in, 24), want));
	}
	CHECK(!strcmp(str(JSON_STR_LSPS, "\xe2\x80\xa8-\xe2\x80\xa9", 7), "\"\\u2028-\\u2029\""));
	CHECK(!strcmp(str(0, "\xe2\x80\xa8", 3), "\"\xe2\x80\xa8\""));
	CHECK(!strcmp(str(JSON_STR_ASCII, "\xc3\xa9\xf0\x9f\x98\x80", 6),
	              "\"\\u00E9\\uD83D\\uDE00\""));
	CHECK(!strcmp(str(JSON_STR_ASCII | JSON_STR_LOWER, "\xc3\xa9", 2), "\"\\u00e9\""));
	CHECK(!strcmp(str(JSON_STR_C1, "\xc2\x85\xc2\xa0", 4), "\"\\u0085\xc2\xa0\""));
	CHECK(!strcmp(str(JSON_STR_NOSHORT_BF, "\b\n", 2), "\"\\u0008\\n\""));
	CHECK(!strcmp(str(JSON_STR_NOSHORT | JSON_STR_LOWER, "\n\x1f", 2), "\"\\u000a\\u001f\""));

	/* Repair: one U+FFFD a maximal subpart, counted; without the flag, bytes as they are. */
	{
		struct buf b = {0};

		CHECK(json_put_string(&b, "caf\xe9 \xe2\x82", 7, JSON_STR_REPAIR) == 2);
		CHECK(b.len == 12 && !memcmp(b.p, "\"caf\xef\xbf\xbd \xef\xbf\xbd\"", 12));
		b.len = 0;
		CHECK(json_put_string(&b, "\xc0\x80", 2, JSON_STR_REPAIR) == 2);
		CHECK(b.len == 8);
		b.len = 0;
		CHECK(json_put_string(&b, "\xed\xa0\x80", 3, JSON_STR_REPAIR | JSON_STR_ASCII) ==
		      3);
		CHECK(b.len == 20 && !memcmp(b.p, "\"\\uFFFD\\uFFFD\\uFFFD\"", 20));
		b.len = 0;
		CHECK(json_put_string(&b, "\xe9", 1, 0) == 0);
		CHECK(b.len == 3 && !memcmp(b.p, "\"\xe9\"", 3));
		buf_free(&b);
	}

	/* Whatever the input and the flags, valid JSON when repaired: jansson reads it back. */
	for (int i = 0; i < 20000; i++) {
		struct buf b = {0};
		size_t n = next_rand() % 40;
		unsigned flags = (unsigned)next_rand() & 0x3FE;
		json_t *v;

		for (size_t k = 0; k < n; k++)
			s[k] = (char)next_rand();
		json_put_string(&b, s, n, flags | JSON_STR_REPAIR);
		v = json_loadb(b.p, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		CHECK(v && json_is_string(v));
		if (utf8_valid(s, n))
			CHECK(v && json_string_length(v) == n &&
			      !memcmp(json_string_value(v), s, n));
		json_decref(v);
		buf_free(&b);
	}
}

static const char *
num(double d, unsigned flags)
{
	static struct buf b;

	b.len = 0;
	json_put_doublef(&b, d, flags);
	buf_addc(&b, '\0');
	return b.p;
}

static double
random_double(void)
{
	uint64_t bits;
	double d;

	switch (next_rand() % 4) {
	case 0: /* any bits */
		bits = next_rand();
		memcpy(&d, &bits, sizeof(d));
		return d;
	case 1: /* short decimals */
		return (double)(int64_t)(next_rand() % 2000001 - 1000000) /
		       pow(10, (double)(next_rand() % 12));
	case 2: /* around the ranges' edges */
		return ldexp((double)(next_rand() >> 11), (int)(next_rand() % 120) - 110);
	default: /* scores */
		return ((double)(next_rand() >> 11) / 9007199254740992.0) * 2 - 1;
	}
}

static void
test_doubles(void)
{
	struct buf a = {0}, r = {0};

	CHECK(!strcmp(num(5e-05, 0), "5e-05"));
	CHECK(!strcmp(num(0.1, 0), "0.1"));
	CHECK(!strcmp(num(3, 0), "3"));
	CHECK(!strcmp(num(3, JSON_NUM_POINT), "3.0"));
	CHECK(!strcmp(num(-0.75, 0), "-0.75"));
	CHECK(!strcmp(num(1e20, 0), "1e+20"));
	CHECK(!strcmp(num(1e20, JSON_NUM_POINT), "1e+20"));
	CHECK(!strcmp(num(123456789012, JSON_NUM_POINT), "123456789012.0"));
	CHECK(!strcmp(num(89330, JSON_NUM_POINT), "89330.0"));
	CHECK(!strcmp(num(1e15, 0), "1e+15"));
	CHECK(!strcmp(num(0.9637123783635073, 0), "0.9637123783635073"));
	CHECK(!strcmp(num(0.000992966731162337, 0), "0.000992966731162337"));
	CHECK(!strcmp(num(0, 0), "0"));
	CHECK(!strcmp(num(-0.0, 0), "-0"));
	CHECK(!strcmp(num(-0.0, JSON_NUM_POINT), "-0.0"));
	CHECK(!strcmp(num(0.08333333333333333, 0), "0.08333333333333333"));
	CHECK(!strcmp(num(0.3818813079129867, 0), "0.3818813079129867"));
	CHECK(!strcmp(num(1e-4, 0), "0.0001"));
	CHECK(!strcmp(num(5e-324, 0), "5e-324"));
	CHECK(!strcmp(num(1.7976931348623157e308, 0), "1.7976931348623157e+308"));
	CHECK(!strcmp(num(NAN, 0), "null"));
	CHECK(!strcmp(num(-INFINITY, JSON_NUM_POINT), "null"));

	for (int i = 0; i < 300000; i++) {
		double d = random_double();

		if (!isfinite(d))
			continue;
		a.len = r.len = 0;
		json_put_double(&a, d);
		ref_shortest(&r, d);
		CHECK(same(&a, &r));
		if (!same(&a, &r))
			fprintf(stderr, "  %.17g: %.*s, not %.*s\n", d, (int)a.len, a.p, (int)r.len,
			        r.p);
		/*
		 * score tried %.1g first, so that it wrote 10 as 1e+01 where Python
		 * writes 10.0: the same below 10, where its scores and valences are.
		 */
		if (fabs(d) >= 10)
			continue;
		a.len = r.len = 0;
		json_put_doublef(&a, d, JSON_NUM_POINT);
		ref_score_double(&r, d);
		CHECK(same(&a, &r));
	}
	buf_free(&a);
	buf_free(&r);
}

static void
test_ints(void)
{
	struct buf b = {0};

	json_put_int(&b, 0);
	buf_addc(&b, ' ');
	json_put_int(&b, -42);
	buf_addc(&b, ' ');
	json_put_int(&b, INT64_MAX);
	buf_addc(&b, ' ');
	json_put_int(&b, INT64_MIN);
	buf_addc(&b, '\0');
	CHECK(!strcmp(b.p, "0 -42 9223372036854775807 -9223372036854775808"));
	buf_free(&b);
}

static const char *
copy(const char *obj, const char *const *skip, int *count)
{
	static struct buf b;

	b.len = 0;
	*count = json_copy_members(&b, obj, strlen(obj), skip);
	buf_addc(&b, '\0');
	return b.p;
}

static void
test_copy_members(void)
{
	static const char *const text[] = {"text", NULL};
	static const char *const none[] = {NULL};
	int n;

	/* Fields a stage does not own keep their bytes (hardening item 7). */
	CHECK(!strcmp(
	    copy("{\"text\":\"a\",\"rating\":4.1,\"e\":1e2,\"z\":-0,\"s\":\"\\/\"}", text, &n),
	    "{\"rating\":4.1,\"e\":1e2,\"z\":-0,\"s\":\"\\/\""));
	CHECK(n == 4);
	CHECK(!strcmp(copy(" { \"a\" : [1, {\"b\":\"}\"}] , \"text\":1 }\r", text, &n),
	              "{\"a\":[1, {\"b\":\"}\"}]"));
	CHECK(n == 1);
	CHECK(!strcmp(copy("{\"te\\u0078t\":\"x\",\"b\":null}", text, &n), "{\"b\":null"));
	CHECK(n == 1);
	CHECK(!strcmp(copy("{\"text\":\"x\"}", text, &n), "{") && n == 0);
	CHECK(!strcmp(copy("{}", none, &n), "{") && n == 0);
	CHECK(!strcmp(copy("{\"a\":true,\"b\":\"\\\"\"}", NULL, &n), "{\"a\":true,\"b\":\"\\\"\""));
	CHECK(n == 2);
	CHECK(!strcmp(copy("{\"a\":1.50e+3,\"b\":[]}", none, &n), "{\"a\":1.50e+3,\"b\":[]"));
	copy("[1]", text, &n);
	CHECK(n == -1);
	copy("{\"a\":1", text, &n);
	CHECK(n == -1);
	copy("{\"a\":1}x", text, &n);
	CHECK(n == -1);
	copy("{\"a\" 1}", text, &n);
	CHECK(n == -1);
}

/* The value of key in obj, as json_member_span() finds it, or "-" when it does not. */
static const char *
span(const char *obj, const char *key)
{
	static char out[64];
	size_t a, e;

	if (!json_member_span(obj, strlen(obj), key, &a, &e))
		return "-";
	snprintf(out, sizeof(out), "%.*s", (int)(e - a), obj + a);
	return out;
}

static void
test_member_span(void)
{
	/* score replaces its field's value, and only it (hardening item 7) */
	CHECK(!strcmp(span("{\"text\":\"a\",\"sentiment\":1,\"z\":-0}", "sentiment"), "1"));
	CHECK(!strcmp(span(" { \"a\" : [1, {\"k\":\"}\"}] , \"k\" : {\"x\":[]} }", "k"),
	              "{\"x\":[]}"));
	CHECK(!strcmp(span("{\"te\\u0078t\":\"x\\\"y\"}", "text"), "\"x\\\"y\""));
	CHECK(!strcmp(span("{\"a\":{\"k\":1},\"b\":2}", "k"), "-")); /* top level only */
	CHECK(!strcmp(span("{}", "k"), "-"));
	CHECK(!strcmp(span("[1]", "k"), "-"));
}

static void
test_hash(void)
{
	/* clean's text_hash, whose values these are: dedupe keeps behaving the same. */
	CHECK(hash64("", 0) != 0);
	CHECK(hash64("abc", 3) == hash64("abc", 3));
	CHECK(hash64("abc", 3) != hash64("abd", 3));
	CHECK(hash64("abcdefgh", 8) != hash64("abcdefgh\0", 9));
	CHECK(hash64("a", 1) != hash64("a\0", 2));
}

static void
test_utf8_codec(void)
{
	char out[4];
	uint32_t cp;

	CHECK(utf8_decode((const unsigned char *)"A", 1, &cp) == 1 && cp == 'A');
	CHECK(utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp) == 2 && cp == 0xE9);
	CHECK(utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp) == 3 && cp == 0x20AC);
	CHECK(utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
	CHECK(utf8_decode((const unsigned char *)"", 0, &cp) == 0);
	CHECK(utf8_decode((const unsigned char *)"\xe2\x82", 2, &cp) == -2 && cp == 0xFFFD);
	CHECK(utf8_decode((const unsigned char *)"\xc0\x80", 2, &cp) == -1);
	CHECK(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp) == -1);
	CHECK(utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp) == -1);
	CHECK(utf8_decode((const unsigned char *)"\x80", 1, &cp) == -1);
	CHECK(utf8_encode(out, 'A') == 1 && out[0] == 'A');
	CHECK(utf8_encode(out, 0xE9) == 2 && !memcmp(out, "\xc3\xa9", 2));
	CHECK(utf8_encode(out, 0x20AC) == 3 && !memcmp(out, "\xe2\x82\xac", 3));
	CHECK(utf8_encode(out, 0x1F600) == 4 && !memcmp(out, "\xf0\x9f\x98\x80", 4));
	CHECK(utf8_encode(out, 0xD800) == 3 && !memcmp(out, "\xef\xbf\xbd", 3));
	CHECK(utf8_encode(out, 0x110000) == 3 && !memcmp(out, "\xef\xbf\xbd", 3));
	/* Every code point there and back. */
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		size_t n;
		uint32_t back;

		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		n = utf8_encode(out, c);
		if (utf8_decode((const unsigned char *)out, n, &back) != (int)n || back != c) {
			CHECK(!"round trip");
			break;
		}
	}
}

int
main(void)
{
	test_strings();
	test_doubles();
	test_ints();
	test_copy_members();
	test_member_span();
	test_hash();
	test_utf8_codec();
	printf("json_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
