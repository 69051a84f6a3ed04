/*
 * scan_test.c: unit tests of lib/scan.h, the one-pass record scanner of
 * sentio-score and sentio-window.  Every line the scanner takes is also
 * checked against jansson (as stage_parse() calls it): the scanner must
 * never take what jansson rejects, and its values must be jansson's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonpath.h"
#include "scan.h"

#include "check.h"

#define NPATHS 8
static const char *const path_texts[NPATHS] = {
    "text", "ts", "sentiment.compound", "sentiment", "a\\.b", "x.y.z", "n", "list"};
static struct jsonpath paths[NPATHS];
static struct scan_target t[NPATHS];
static struct scan_info info;

static json_t *
jansson(const char *s, size_t n)
{
	return json_loadb_strict(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	                         NULL);
}

/*
 * Scan s[0..n) for every path; when the scanner takes it, check it against
 * jansson: an object, the same value at each path, the closing brace and
 * emptiness right.  Returns what the scanner said.
 */
static bool
scan_n(const char *s, size_t n)
{
	static char *copy; /* kept until the next scan: the targets point into it */
	json_t *obj;
	bool ok;

	free(copy);
	copy = malloc(n ? n : 1); /* exactly n bytes: reading past them is caught by ASan */

	memcpy(copy, s, n);
	for (int i = 0; i < NPATHS; i++)
		t[i].path = &paths[i];
	ok = scan_record(copy, n, t, NPATHS, &info);
	if (ok) {
		obj = jansson(copy, n);
		CHECK(obj && json_is_object(obj));
		if (!obj || !json_is_object(obj)) {
			fprintf(stderr, "  taken, but jansson rejects: %.*s\n", (int)n, s);
		} else {
			for (int i = 0; i < NPATHS; i++) {
				json_t *want = jsonpath_get(obj, &paths[i]);
				json_t *got = scan_value(&t[i]);

				CHECK(!want == !t[i].start);
				CHECK(!want || json_equal(want, got));
				json_decref(got);
			}
			CHECK(info.close < n && copy[info.close] == '}');
			CHECK(info.empty == (json_object_size(obj) == 0));
		}
		json_decref(obj);
	}
	return ok;
}

static bool
scan(const char *s)
{
	return scan_n(s, strlen(s));
}

/* Refused by the scanner and by jansson too. */
static bool
bad(const char *s)
{
	json_t *obj = jansson(s, strlen(s));
	bool rejected = !obj || !json_is_object(obj);

	json_decref(obj);
	if (!rejected)
		fprintf(stderr, "  jansson takes it: %s\n", s);
	return rejected && !scan(s);
}

/* Refused by the scanner though jansson takes it ("not sure"). */
static bool
unsure(const char *s)
{
	json_t *obj = jansson(s, strlen(s));
	bool taken = obj && json_is_object(obj);

	json_decref(obj);
	if (!taken)
		fprintf(stderr, "  jansson rejects it: %s\n", s);
	return taken && !scan(s);
}

static bool
found(int i, char kind, const char *text)
{
	return t[i].start && t[i].kind == kind && t[i].len == strlen(text) &&
	       !memcmp(t[i].start, text, t[i].len);
}

static void
test_structure(void)
{
	CHECK(scan("{}"));
	CHECK(info.empty && info.close == 1);
	CHECK(scan(" \t{ \r\n } \n"));
	CHECK(info.empty && info.close == 7);
	CHECK(scan("{\"a\":1}"));
	CHECK(!info.empty && info.close == 6);
	CHECK(scan("{\"a\":[],\"b\":{},\"c\":[1,\"x\",null,true,false,{\"d\":[[]]}]}  "));
	CHECK(scan("{ \"a\" : [ 1 , 2 ] , \"b\" : { } }"));

	CHECK(bad(""));
	CHECK(bad("   "));
	CHECK(bad("[1]"));
	CHECK(bad("\"x\""));
	CHECK(bad("1"));
	CHECK(bad("null"));
	CHECK(bad("{"));
	CHECK(bad("}"));
	CHECK(bad("{\"a\"}"));
	CHECK(bad("{\"a\":}"));
	CHECK(bad("{\"a\" 1}"));
	CHECK(bad("{\"a\":1,}"));
	CHECK(bad("{,\"a\":1}"));
	CHECK(bad("{\"a\":1 \"b\":2}"));
	CHECK(bad("{\"a\":[1,]}"));
	CHECK(bad("{\"a\":[1 2]}"));
	CHECK(bad("{\"a\":[}"));
	CHECK(bad("{'a':1}"));
	CHECK(bad("{a:1}"));
	CHECK(bad("{1:1}"));
	CHECK(bad("{\"a\":tru}"));
	CHECK(bad("{\"a\":truex}"));
	CHECK(bad("{\"a\":nul}"));
	CHECK(bad("{\"a\":False}"));
	CHECK(bad("{} x"));
	CHECK(bad("{}{}"));
	CHECK(bad("{} {}"));
	CHECK(bad("{\"a\":1}\v"));
	CHECK(bad("\xef\xbb\xbf{}")); /* a byte order mark */
	CHECK(bad("{\"a\":1"));
	/* a NUL byte in the line, in a string or between tokens */
	CHECK(!scan_n("{\"a\":\"x\0y\"}", 11));
	CHECK(!scan_n("{\"a\":1}\0", 8));
	/*
	 * A raw NUL byte anywhere, after a number or a literal too (jansson
	 * 2.14 takes {"a":0<NUL>} and drops the NUL; stage_parse() must not).
	 */
	{
		const char *rec =
		    "{\"text\":\"good\",\"a\":0,\"b\":-1.5e3,\"c\":[true,null,false,12],"
		    "\"d\":{\"e\":1}} ";
		size_t n = strlen(rec);
		char line[128];

		for (size_t i = 0; i <= n; i++) {
			memcpy(line, rec, i);
			line[i] = '\0';
			memcpy(line + i + 1, rec + i, n - i);
			CHECK(!scan_n(line, n + 1));
			CHECK(!jansson(line, n + 1));
		}
	}
	/* the line ends at len, whatever follows in memory */
	CHECK(scan_n("{\"a\":1}garbage", 7));
	CHECK(!scan_n("{\"a\":12}", 6));
	CHECK(!scan_n("{\"a\":\"xy\"}", 7));
}

static void
test_strings(void)
{
	CHECK(scan("{\"text\":\"\"}"));
	CHECK(found(0, '"', "\"\"") && !t[0].escaped);
	CHECK(scan("{\"text\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"}"));
	CHECK(t[0].start && !t[0].escaped);
	CHECK(scan("{\"text\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"}"));
	CHECK(t[0].escaped);
	CHECK(scan("{\"text\":\"\\u0000 \\u00e9 \\u20AC \\ud83d\\ude00 \\uFFFF\"}"));
	CHECK(t[0].escaped);

	/* escapes jansson refuses */
	CHECK(bad("{\"text\":\"\\x41\"}"));
	CHECK(bad("{\"text\":\"\\u12\"}"));
	CHECK(bad("{\"text\":\"\\u12g4\"}"));
	CHECK(bad("{\"text\":\"\\U0041\"}"));
	CHECK(bad("{\"text\":\"\\\"}"));
	CHECK(bad("{\"text\":\"\\ud800\"}"));        /* a high surrogate alone */
	CHECK(bad("{\"text\":\"\\ud800\\u0041\"}")); /* ... followed by no low one */
	CHECK(bad("{\"text\":\"\\udc00\"}"));        /* a low surrogate alone */
	CHECK(bad("{\"text\":\"\\ude00\\ud83d\"}")); /* a pair the wrong way round */
	CHECK(bad("{\"text\":\"\\ud83d\\ud83d\"}")); /* two high ones */
	CHECK(bad("{\"text\":\"a\tb\"}"));           /* a raw control character */
	CHECK(bad("{\"text\":\"a\nb\"}"));
	CHECK(bad("{\"text\":\"a\x1f\"}"));
	CHECK(bad("{\"text\":\"abc}"));      /* no closing quote */
	CHECK(scan("{\"text\":\"a\x7f\"}")); /* DEL is not a control character to JSON */

	/* UTF-8, strictly */
	CHECK(bad("{\"text\":\"\x80\"}")); /* a continuation byte alone */
	CHECK(bad("{\"text\":\"\xc3\"}")); /* a sequence cut short */
	CHECK(bad("{\"text\":\"\xe2\x82\"}"));
	CHECK(bad("{\"text\":\"\xf0\x9f\x98\"}"));
	CHECK(bad("{\"text\":\"\xc0\xaf\"}")); /* overlong */
	CHECK(bad("{\"text\":\"\xc1\xbf\"}"));
	CHECK(bad("{\"text\":\"\xe0\x80\xaf\"}"));
	CHECK(bad("{\"text\":\"\xf0\x80\x80\xaf\"}"));
	CHECK(bad("{\"text\":\"\xed\xa0\x80\"}"));     /* an encoded surrogate */
	CHECK(bad("{\"text\":\"\xf4\x90\x80\x80\"}")); /* above U+10FFFF */
	CHECK(bad("{\"text\":\"\xf5\x80\x80\x80\"}"));
	CHECK(bad("{\"text\":\"\xff\"}"));
	CHECK(bad("{\"te\xffxt\":1}")); /* in a key too */

	/* every special byte at every offset of a long string (the 8-byte steps) */
	for (int i = 0; i < 24; i++) {
		static const char *const specials[] = {"\\n", "\xc3\xa9", "\\u00e9", "\\\""};
		static const char *const bads[] = {"\x01", "\xc3", "\\q", "\xed\xa0\x80"};
		char line[128];

		for (int k = 0; k < 4; k++) {
			snprintf(line, sizeof(line), "{\"text\":\"%.*s%s%.*s\"}", i,
			         "abcdefghijklmnopqrstuvwxyz", specials[k], 24 - i,
			         "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
			CHECK(scan(line));
			snprintf(line, sizeof(line), "{\"text\":\"%.*s%s%.*s\"}", i,
			         "abcdefghijklmnopqrstuvwxyz", bads[k], 24 - i,
			         "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
			CHECK(bad(line));
		}
		/* the closing quote anywhere */
		snprintf(line, sizeof(line), "{\"text\":\"%.*s\",\"n\":1}", i,
		         "abcdefghijklmnopqrstuvwxyz");
		CHECK(scan(line) && t[0].len == (size_t)i + 2 && found(6, '0', "1"));
	}
}

static void
test_keys(void)
{
	/* duplicates: jansson rejects them (JSON_REJECT_DUPLICATES) */
	CHECK(bad("{\"a\":1,\"a\":2}"));
	CHECK(bad("{\"a\":1,\"b\":2,\"c\":3,\"b\":4}"));
	CHECK(bad("{\"x\":{\"k\":1,\"k\":1}}"));
	CHECK(bad("{\"x\":[{\"k\":1,\"k\":1}]}"));
	CHECK(bad("{\"\":1,\"\":2}"));
	CHECK(bad("{\"text\":\"a\",\"text\":\"a\"}"));
	/* the same key in different objects is no duplicate */
	CHECK(scan("{\"a\":{\"a\":{\"a\":1}}}"));
	CHECK(scan("{\"x\":{\"k\":1},\"y\":{\"k\":2},\"k\":3}"));
	CHECK(scan("{\"x\":[{\"k\":1},{\"k\":1}],\"k\":0}"));
	CHECK(scan("{\"ab\":1,\"a\":2,\"abc\":3,\"\":4}"));
	/* an escaped key could be a duplicate in disguise: jansson decides */
	CHECK(unsure("{\"a\\u0062\":1}"));
	CHECK(unsure("{\"x\":{\"\\n\":1}}"));
	CHECK(bad("{\"ab\":1,\"a\\u0062\":2}"));
	/* many keys: up to 512 open at once are checked, beyond that jansson decides */
	{
		static char line[16 * 600];

		for (int nkeys = 511; nkeys <= 513; nkeys++) {
			size_t n = 0;

			line[n++] = '{';
			for (int i = 0; i < nkeys; i++)
				n += (size_t)sprintf(line + n, "%s\"k%d\":%d", i ? "," : "", i, i);
			line[n++] = '}';
			line[n] = '\0';
			if (nkeys <= 512)
				CHECK(scan(line));
			else
				CHECK(unsure(line));
		}
		/* a duplicate far apart */
		strcpy(strstr(line, ",\"k300\""), ",\"k7\":1}");
		CHECK(bad(line));
	}
}

static void
test_numbers(void)
{
	static const char *const good[] = {"0",
	                                   "-0",
	                                   "7",
	                                   "-12",
	                                   "1.5",
	                                   "-0.25",
	                                   "0.0",
	                                   "1e5",
	                                   "1E5",
	                                   "1e+5",
	                                   "-1.5e-3",
	                                   "123456789012345678",
	                                   "-123456789012345678",
	                                   "1e308",
	                                   "1e-400",
	                                   "2.5E-320",
	                                   "0.000000000000000000000000000000000000001"};
	static const char *const wrong[] = {"01",    "-01", "00",       "1.",        "-",
	                                    ".5",    "+1",  "1e",       "1e+",       "1.e5",
	                                    "0x10",  "NaN", "Infinity", "-Infinity", "1..2",
	                                    "1.2.3", "--1", "1-",       "1e5e5",     "\"1\"x"};
	static const char *const big[] = {"1234567890123456789", "-9999999999999999999",
	                                  "99999999999999999999999", "1e400", "-1e309"};
	char line[512];

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		snprintf(line, sizeof(line), "{\"n\":%s}", good[i]);
		CHECK(scan(line));
		CHECK(t[6].start && t[6].len == strlen(good[i]));
		CHECK(t[6].kind == (strpbrk(good[i], ".eE") ? '.' : '0'));
	}
	for (size_t i = 0; i < sizeof(wrong) / sizeof(*wrong); i++) {
		snprintf(line, sizeof(line), "{\"n\":%s}", wrong[i]);
		CHECK(bad(line));
	}
	/* too big for jansson (or perhaps): never taken */
	for (size_t i = 0; i < sizeof(big) / sizeof(*big); i++) {
		snprintf(line, sizeof(line), "{\"n\":%s}", big[i]);
		CHECK(!scan(line));
	}
	/* a real without exponent: 300 digits before the point are sure to fit, more are not */
	for (int digits = 299; digits <= 301; digits++) {
		memset(line, 0, sizeof(line));
		strcpy(line, "{\"n\":");
		memset(line + 5, '9', (size_t)digits);
		strcat(line, ".5}");
		if (digits <= 300)
			CHECK(scan(line) && t[6].kind == '.');
		else
			CHECK(unsure(line));
	}
	/* an exponent in a long number (longer than strtod is given): jansson decides */
	memset(line, 0, sizeof(line));
	strcpy(line, "{\"n\":0.");
	memset(line + 7, '0', 100);
	strcat(line, "1e5}");
	CHECK(unsure(line));
}

static void
test_nesting(void)
{
	static char line[1024];

	/* 64 levels (objects and arrays together) are scanned; 65 go to jansson */
	for (int depth = 63; depth <= 65; depth++) {
		size_t n = 0;

		for (int i = 0; i < depth; i++)
			n += (size_t)sprintf(line + n, i == 0 ? "{" : i % 2 ? "\"k\":[" : "{");
		for (int i = depth - 1; i >= 0; i--)
			line[n++] = i == 0 ? '}' : i % 2 ? ']' : '}';
		line[n] = '\0';
		if (depth <= 64)
			CHECK(scan(line));
		else
			CHECK(unsure(line));
	}
	/* deeper than the stack would like, and unbalanced: refused, not crashed */
	memset(line, '[', sizeof(line) - 1);
	memcpy(line, "{\"k\":", 5);
	line[sizeof(line) - 1] = '\0';
	CHECK(!scan(line));
}

static void
test_targets(void)
{
	const char *rec =
	    "{\"ts\":1795478400,\"text\":\"good \\\"day\\\"\",\"sentiment\":{\"model\":"
	    "\"vader\",\"compound\":0.4404,\"label\":\"positive\"},\"a.b\":true,"
	    "\"a\":{\"b\":false},\"x\":{\"y\":null},\"list\":[1,{\"text\":2}]}";

	CHECK(scan(rec));
	CHECK(found(1, '0', "1795478400"));
	CHECK(found(0, '"', "\"good \\\"day\\\"\"") && t[0].escaped);
	CHECK(found(2, '.', "0.4404"));
	CHECK(t[3].start && t[3].kind == '{' && t[3].start[0] == '{' &&
	      t[3].start[t[3].len - 1] == '}');
	CHECK(found(4, 't', "true")); /* "a\.b" is the key "a.b", not a.b */
	CHECK(!t[5].start);           /* x.y is null: no x.y.z */
	CHECK(!t[6].start);
	CHECK(found(7, '[', "[1,{\"text\":2}]"));

	/* a path through something not an object is missing */
	CHECK(scan("{\"sentiment\":5,\"x\":[{\"y\":{\"z\":1}}],\"text\":null}"));
	CHECK(!t[2].start && found(3, '0', "5") && !t[5].start && found(0, 'n', "null"));
	CHECK(scan("{\"sentiment\":{\"compound\":{\"deeper\":[]}},\"x\":{\"y\":{\"z\":\"w\"}}}"));
	CHECK(found(2, '{', "{\"deeper\":[]}") && found(5, '"', "\"w\""));
	/* keys that only begin like the path's */
	CHECK(scan(
	    "{\"tex\":1,\"texts\":2,\"sentiments\":{\"compound\":1},\"sentiment\":{\"comp\":1}}"));
	CHECK(!t[0].start && !t[2].start && t[3].start);

	/* the same path twice, and no targets at all, and no info */
	{
		struct scan_target two[2] = {{.path = &paths[0]}, {.path = &paths[0]}};
		const char *s = "{\"text\":\"hi\"}";

		CHECK(scan_record(s, strlen(s), two, 2, NULL));
		CHECK(two[0].start == s + 8 && two[1].start == s + 8 && two[1].len == 4);
		CHECK(scan_record(s, strlen(s), NULL, 0, NULL));
		CHECK(!scan_record("{\"a\":1,\"a\":1}", 13, NULL, 0, NULL));
		/* a target found in a line that is not sure is not to be trusted: start reset */
		two[0].start = s;
		CHECK(!scan_record("[]", 2, two, 1, NULL) && !two[0].start);
	}
	/* too many targets */
	{
		struct scan_target many[SCAN_MAX_TARGETS + 1];

		for (int i = 0; i <= SCAN_MAX_TARGETS; i++)
			many[i].path = &paths[i % NPATHS];
		CHECK(scan_record("{\"ts\":1}", 8, many, SCAN_MAX_TARGETS, NULL));
		CHECK(many[1].start && many[SCAN_MAX_TARGETS - 7].start);
		CHECK(!scan_record("{\"ts\":1}", 8, many, SCAN_MAX_TARGETS + 1, NULL));
	}
	/* the body of a string target */
	CHECK(scan("{\"text\":\"plain\"}"));
	CHECK(scan_bodylen(&t[0]) == 5 && !memcmp(scan_body(&t[0]), "plain", 5));
}

/* Unescape s (a checked body) and compare with want[0..n). */
static bool
unescaped(const char *s, const char *want, size_t n)
{
	char buf[256];
	size_t len = scan_unescape(s, strlen(s), buf);

	return len == n && !memcmp(buf, want, n);
}

static void
test_unescape(void)
{
	char big[2000], line[2100];
	json_t *v;

	CHECK(unescaped("", "", 0));
	CHECK(unescaped("plain", "plain", 5));
	CHECK(unescaped("a\\nb", "a\nb", 3));
	CHECK(unescaped("\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t", 8));
	CHECK(unescaped("\\u0041\\u00e9\\u20ac", "A\xc3\xa9\xe2\x82\xac", 6));
	CHECK(unescaped("\\ud83d\\ude00!", "\xf0\x9f\x98\x80!", 5));
	CHECK(unescaped("\\uDBFF\\uDFFF", "\xf4\x8f\xbf\xbf", 4));
	CHECK(unescaped("a\\u0000b", "a\0b", 3));
	CHECK(unescaped("caf\xc3\xa9\\t", "caf\xc3\xa9\t", 6));
	CHECK(unescaped("\\u007f\\u0080\\u07ff\\u0800\\uffff",
	                "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 11));

	/* scan_value of escaped strings, short and long, is jansson's */
	CHECK(scan("{\"text\":\"a\\u0000b\\ud83d\\ude00\"}"));
	v = scan_value(&t[0]);
	CHECK(v && json_string_length(v) == 7 &&
	      !memcmp(json_string_value(v), "a\0b\xf0\x9f\x98\x80", 7));
	json_decref(v);
	for (size_t i = 0; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "\\n", 2);
	big[sizeof(big) - 2] = '\0';
	snprintf(line, sizeof(line), "{\"text\":\"x%s\"}", big);
	CHECK(scan(line) && t[0].escaped); /* scan() compares scan_value with jansson */
}

int
main(void)
{
	for (int i = 0; i < NPATHS; i++)
		if (jsonpath_compile(&paths[i], path_texts[i]) < 0)
			return 2;
	test_structure();
	test_strings();
	test_keys();
	test_numbers();
	test_nesting();
	test_targets();
	test_unescape();
	for (int i = 0; i < NPATHS; i++)
		jsonpath_free(&paths[i]);
	printf("scan_test: %d checks, %d failures\n", checks, failures);
	return failures != 0;
}
