/* html_test.c: unit tests of lib/html.c (HTML to text, character references). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "util.h"

#include "check.h"

static void
check(const char *what, const char *in, size_t inlen, const char *got, size_t gotlen,
      const char *want, size_t wantlen)
{
	checks++;
	if (gotlen == wantlen && !memcmp(got, want, wantlen) && got[gotlen] == '\0')
		return;
	failures++;
	fprintf(stderr, "FAIL %s(\"%.*s\")\n  got  \"%.*s\"\n  want \"%.*s\"\n", what,
	        (int)(inlen > 200 ? 200 : inlen), in, (int)(gotlen > 200 ? 200 : gotlen), got,
	        (int)(wantlen > 200 ? 200 : wantlen), want);
}

static void
text(const char *in, const char *want)
{
	size_t n;
	char *got = html_to_text(in, strlen(in), &n);

	check("html_to_text", in, strlen(in), got, n, want, strlen(want));
	free(got);
}

static void
unescape(const char *in, const char *want)
{
	size_t n;
	char *got = html_unescape(in, strlen(in), &n);

	check("html_unescape", in, strlen(in), got, n, want, strlen(want));
	free(got);
}

/* Both functions decode references the same way. */
static void
entity(const char *in, const char *want)
{
	unescape(in, want);
	text(in, want);
}

static void
test_named(void)
{
	entity("&amp;", "&");
	entity("&lt;3", "<3");
	entity("&gt;&quot;&apos;", ">\"'");
	entity("caf&eacute;", "caf\xC3\xA9");
	entity("&nbsp;", "\xC2\xA0");
	entity("&hellip;&mdash;&ndash;&rsquo;&ldquo;", "\xE2\x80\xA6\xE2\x80\x94\xE2\x80\x93"
	                                               "\xE2\x80\x99\xE2\x80\x9C");
	entity("&euro;&copy;&reg;&trade;", "\xE2\x82\xAC\xC2\xA9\xC2\xAE\xE2\x84\xA2");
	/* The longest names, names with two code points, names beyond the BMP. */
	entity("&CounterClockwiseContourIntegral;", "\xE2\x88\xB3");
	entity("&nGt;", "\xE2\x89\xAB\xE2\x83\x92");
	entity("&NotEqualTilde;", "\xE2\x89\x82\xCC\xB8");
	entity("&Afr;", "\xF0\x9D\x94\x84");
	/* Case matters. */
	entity("&AMP;&Amp;", "&&Amp;");
	entity("&Eacute;&eacute;", "\xC3\x89\xC3\xA9");
	/* Legacy names without their ';', as HTML5 reads them in text. */
	entity("&amp &lt &gt &quot", "& < > \"");
	entity("&copy2026", "\xC2\xA9"
	                    "2026");
	entity("&notit;", "\xC2\xAC"
	                  "it;");
	entity("&notin;", "\xE2\x88\x89");
	entity("&ampx;", "&x;");
	/* No semicolon and not legacy: not a reference. */
	entity("&hellip", "&hellip");
	/* Not references at all. */
	entity("&", "&");
	entity("a & b", "a & b");
	entity("&;", "&;");
	entity("&bogus;", "&bogus;");
	entity("AT&T R&D Q&A", "AT&T R&D Q&A");
	entity("&&amp;&", "&&&");
	/* Decoded once, not twice. */
	entity("&amp;amp;", "&amp;");
	entity("&amp;lt;", "&lt;");
}

static void
test_numeric(void)
{
	entity("&#65;&#x42;&#X43;&#x00044;", "ABCD");
	entity("&#128512;&#x1F600;", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
	entity("&#233", "\xC3\xA9");         /* no ';' */
	entity("&#x263a!", "\xE2\x98\xBA!"); /* no ';' */
	entity("&#10;", "\n");
	/* Invalid code points become U+FFFD. */
	entity("&#0;", "\xEF\xBF\xBD");
	entity("&#xD800;&#xDFFF;", "\xEF\xBF\xBD\xEF\xBF\xBD");
	entity("&#x110000;", "\xEF\xBF\xBD");
	entity("&#1114111;", "\xEF\xBF\xBD"); /* U+10FFFF: a noncharacter */
	entity("&#x10FFFD;", "\xF4\x8F\xBF\xBD");
	entity("&#xFFFE;&#xFDD0;", "\xEF\xBF\xBD\xEF\xBF\xBD");
	entity("&#27;&#x7F;", "\xEF\xBF\xBD\xEF\xBF\xBD");
	/* Huge numbers do not overflow into valid ones. */
	entity("&#99999999999999999999999999999999;", "\xEF\xBF\xBD");
	entity("&#4294967361;", "\xEF\xBF\xBD"); /* 2^32 + 65 */
	entity("&#x100000041;", "\xEF\xBF\xBD");
	entity("&#xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF;x", "\xEF\xBF\xBD"
	                                                  "x");
	/* Windows-1252 in 0x80-0x9F, as browsers read it. */
	entity("&#150;&#x93;&#x94;&#128;", "\xE2\x80\x93\xE2\x80\x9C\xE2\x80\x9D\xE2\x82\xAC");
	entity("&#x81;", "\xEF\xBF\xBD");
	/* No digits: not a reference. */
	entity("&#;&#x;&#xg;&#a", "&#;&#x;&#xg;&#a");
}

static void
test_tags(void)
{
	text("<p>Hello <b>world</b>!</p>", "Hello world!");
	text("<p>one</p><p>two</p>", "one two");
	text("a<br>b<br/>c<BR />d<br\n>e", "a b c d e");
	text("<div>x</div><ul><li>a</li><li>b</li></ul>", "x a b");
	text("no<span>space</span>here", "nospacehere");
	text("<a href=\"https://example.com/?a=1&amp;b=2\">the link</a>", "the link");
	/* A Mastodon status. */
	text("<p>Launch day! <a href=\"https://example.com/x\" rel=\"nofollow noopener\" "
	     "target=\"_blank\"><span class=\"invisible\">https://</span><span "
	     "class=\"\">example.com/x</span><span class=\"invisible\"></span></a> <a "
	     "href=\"https://m.example/tags/happy\" class=\"mention hashtag\" "
	     "rel=\"tag\">#<span>happy</span></a> <span class=\"h-card\"><a "
	     "href=\"https://m.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span>"
	     "</p><p>Second &amp; last</p>",
	     "Launch day! https://example.com/x #happy @bob Second & last");
	/* White space collapses and is trimmed. */
	text("  a \t\n b  ", "a b");
	text("<p> a </p>", "a");
	/* A '>' in a quoted attribute value does not end the tag. */
	text("<a title=\"x > y\" href='a>b'>t</a>", "t");
	/* Script and style content goes; comments, doctypes, processing instructions too. */
	text("x<script>alert('<b>')</script>y", "xy");
	text("x<SCRIPT type=\"text/javascript\">1</Script >y", "xy");
	text("x<style>p { color: red }</style>y", "xy");
	text("<!DOCTYPE html><html><head><title>T</title></head><body>B</body></html>", "T B");
	text("a<!-- comment <b> -->b<!---->c<!-->d", "abcd");
	text("a<?xml version=\"1.0\"?>b", "ab");
	text("a</>b", "ab");
}

static void
test_broken(void)
{
	/* Emoticons and comparisons are text. */
	text("I <3 you", "I <3 you");
	text("1 < 2 and 3 > 2", "1 < 2 and 3 > 2");
	text("a <= b, c<-d, <<", "a <= b, c<-d, <<");
	/* Markup without its end keeps the text. */
	text("before <b unterminated", "before <b unterminated");
	text("before </b", "before </b");
	text("a<!-- never closed", "a<!-- never closed");
	text("a<!doctype", "a<!doctype");
	text("keep <script>all of this", "keep all of this");
	text("keep <style>this too", "keep this too");
	text("<b>bold</b> then <i", "bold then <i");
	text("x <a title='open>y", "x y");
	text("", "");
	text("<", "<");
	text("&", "&");
	text("</ x>", "</ x>");
}

/* A mebibyte of text, and inputs that would take quadratic time if markup were rescanned. */
static void
test_big(void)
{
	size_t n = 1 << 20, outlen;
	char *in = malloc(n + 1), *out;

	for (size_t i = 0; i < n; i++)
		in[i] = "abc &amp; <b>x</b> "[i % 19];
	in[n] = '\0';
	out = html_to_text(in, n, &outlen);
	checks++;
	if (outlen == 0 || strstr(out, "<b>") || strstr(out, "&amp;") || !strstr(out, "abc & x")) {
		failures++;
		fprintf(stderr, "FAIL 1 MiB text\n");
	}
	free(out);
	struct {
		const char *unit;
		const char *want; /* what the text starts with */
	} evil[] = {
	    {"<a", "<a<a"},
	    {"<a x='>' ", "' '"},
	    {"<script>", ""},
	    {"<!--", "<!--<!--"},
	    {"<a\"", "<a\"<a\""},
	    {"</a", "</a</a"},
	    {"&#99999999", "\xEF\xBF\xBD"},
	    {"<style><b>", ""},
	};
	for (size_t k = 0; k < LEN(evil); k++) {
		size_t u = strlen(evil[k].unit);

		for (size_t i = 0; i < n; i++)
			in[i] = evil[k].unit[i % u];
		out = html_to_text(in, n, &outlen);
		checks++;
		if (strncmp(out, evil[k].want, strlen(evil[k].want))) {
			failures++;
			fprintf(stderr, "FAIL repeated \"%s\": starts \"%.20s\"\n", evil[k].unit,
			        out);
		}
		free(out);
	}
	free(in);
}

int
main(void)
{
	test_named();
	test_numeric();
	test_tags();
	test_broken();
	test_big();
	printf("html_test: %d checks, %d failures\n", checks, failures);
	return failures != 0;
}
