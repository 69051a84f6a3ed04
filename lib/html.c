/*
 * html.c: HTML to plain text (see html.h).  A small tokenizer in the
 * spirit of the HTML5 one, tuned for the snippets that posts and feed
 * items carry: markup goes, text stays.  Anything that does not parse as
 * markup (a stray '<', a tag or comment without its end) is kept as text,
 * so broken markup never loses the words around it.
 *
 * Character references follow HTML5: the full table of named references
 * (generated at build time into html_entities.h), the legacy names that
 * may go without their ';', decimal and hex numeric references with the
 * Windows-1252 fix-up of 0x80-0x9F; 0, surrogates, code points beyond
 * U+10FFFF, noncharacters and control characters other than white space
 * become U+FFFD.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "html_entities.h"
#include "utf8.h"
#include "util.h"

/* Room for hint bytes first: most text comes out as long as it went in. */
static void
buf_init(struct buf *b, size_t hint)
{
	*b = (struct buf){0};
	buf_reserve(b, hint);
}

static char *
buf_end(struct buf *b, size_t *outlen)
{
	buf_reserve(b, 0);
	b->p[b->len] = '\0';
	if (outlen)
		*outlen = b->len;
	return b->p;
}

static void
buf_put_cp(struct buf *b, uint32_t c)
{
	char u[4];

	buf_add(b, u, utf8_encode(u, c));
}

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* The code point a numeric reference to v stands for. */
static uint32_t
numeric_value(uint32_t v)
{
	/* HTML5: numeric references to 0x80-0x9F mean Windows-1252. */
	static const uint16_t cp1252[32] = {
	    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

	if (v >= 0x80 && v <= 0x9F && cp1252[v - 0x80])
		return cp1252[v - 0x80];
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	if ((v >= 0xFDD0 && v <= 0xFDEF) || (v & 0xFFFE) == 0xFFFE)
		return 0xFFFD; /* noncharacters */
	if ((v < 0x20 && !is_space((int)v)) || (v >= 0x7F && v <= 0x9F))
		return 0xFFFD; /* controls */
	return v;
}

static int
name_cmp(const char *key, size_t n, const char *name)
{
	size_t m = strlen(name);
	int c = memcmp(key, name, n < m ? n : m);

	if (c)
		return c;
	return (n > m) - (n < m);
}

/* The entity named key[0..n) (with its ';' when it has one), or NULL. */
static const struct html_entity *
entity_lookup(const char *key, size_t n)
{
	size_t lo = 0, hi = HTML_ENTITY_COUNT;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(key, n, html_entities[mid].name);

		if (c == 0)
			return &html_entities[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * s[0] is '&': append what the character reference there stands for and
 * return how many bytes it takes, or return 0 when it is not one.
 */
static size_t
charref(struct buf *b, const char *s, size_t len)
{
	const struct html_entity *e;
	size_t i = 1, n, k;

	if (i < len && s[i] == '#') {
		uint32_t v = 0;
		int base = 10, d;
		size_t start;

		i++;
		if (i < len && (s[i] == 'x' || s[i] == 'X')) {
			base = 16;
			i++;
		}
		start = i;
		while (i < len && (d = base == 16 ? hex_digit((unsigned char)s[i])
		                                  : (is_digit(s[i]) ? s[i] - '0' : -1)) >= 0) {
			if (v <= 0x10FFFF) /* beyond stays beyond, without overflow */
				v = v * (uint32_t)base + (uint32_t)d;
			i++;
		}
		if (i == start)
			return 0;
		if (i < len && s[i] == ';')
			i++;
		buf_put_cp(b, numeric_value(v));
		return i;
	}
	for (n = 0; 1 + n < len && n < HTML_ENTITY_MAXLEN && is_alnum((unsigned char)s[1 + n]); n++)
		;
	if (n == 0)
		return 0;
	if (1 + n < len && s[1 + n] == ';' && (e = entity_lookup(s + 1, n + 1))) {
		buf_add(b, e->value, strlen(e->value));
		return n + 2;
	}
	/* The longest legacy name that the text starts with, as HTML5 does in text. */
	for (k = n < HTML_ENTITY_LEGACY_MAXLEN ? n : HTML_ENTITY_LEGACY_MAXLEN; k >= 2; k--)
		if ((e = entity_lookup(s + 1, k))) {
			buf_add(b, e->value, strlen(e->value));
			return k + 1;
		}
	return 0;
}

char *
html_unescape(const char *s, size_t len, size_t *outlen)
{
	struct buf b;
	size_t i = 0, run, n;

	buf_init(&b, len);
	while (i < len) {
		const char *amp = memchr(s + i, '&', len - i);

		run = amp ? (size_t)(amp - (s + i)) : len - i;
		buf_add(&b, s + i, run);
		i += run;
		if (i == len)
			break;
		if ((n = charref(&b, s + i, len - i)))
			i += n;
		else
			buf_add(&b, s + i++, 1);
	}
	return buf_end(&b, outlen);
}

/* What the markup at '<' turned out to be. */
enum markup {
	MARKUP_NONE, /* not markup: the '<' is text */
	MARKUP_START,
	MARKUP_END,
	MARKUP_OTHER /* comment, doctype, processing instruction, "</>" */
};

struct tag {
	char name[16]; /* lower case, truncated */
	size_t len;    /* bytes the markup takes */
};

/*
 * What we learnt of the document as a whole, so that broken markup costs
 * linear time: a search that failed once fails again from further on.
 */
struct doc {
	const char *s;
	size_t len;
	size_t last_gt;     /* the offset of the last '>', or len when there is none */
	bool no_quotes;     /* quoted attribute values are not honoured any more */
	bool no_comment;    /* no "-->" ahead */
	bool no_end_script; /* no "</script" ahead */
	bool no_end_style;
};

/* The offset of the first '>' in d->s[from..len), or len. */
static size_t
find_gt(const struct doc *d, size_t from)
{
	const char *p;

	if (d->last_gt == d->len || from > d->last_gt)
		return d->len;
	p = memchr(d->s + from, '>', d->last_gt + 1 - from);
	return p ? (size_t)(p - d->s) : d->len;
}

/* Read a tag name at s[i]; returns the offset after it. */
static size_t
tag_name(const struct doc *d, size_t i, struct tag *t)
{
	size_t n = 0;

	while (i < d->len && !is_space(d->s[i]) && d->s[i] != '/' && d->s[i] != '>') {
		if (n < sizeof(t->name) - 1)
			t->name[n++] = (char)lower((unsigned char)d->s[i]);
		i++;
	}
	t->name[n] = '\0';
	return i;
}

/* The end of a start tag whose attributes begin at i: its '>', honouring quotes, or len. */
static size_t
start_tag_end(struct doc *d, size_t i)
{
	size_t end;
	char quote = 0;

	if (!d->no_quotes) {
		for (end = i; end <= d->last_gt && end < d->len; end++) {
			char c = d->s[end];

			if (quote) {
				if (c == quote)
					quote = 0;
			} else if (c == '>')
				return end;
			else if ((c == '"' || c == '\'') && end > i && d->s[end - 1] == '=')
				quote = c;
		}
		/*
		 * No '>' outside quotes up to the last one: from now on a tag
		 * ends at its first '>', so that the rest is not scanned again.
		 */
		d->no_quotes = true;
	}
	return find_gt(d, i);
}

/* d->s[i] is '<': what markup starts there, and how long it is. */
static enum markup
markup(struct doc *d, size_t i, struct tag *t)
{
	const char *s = d->s + i;
	size_t len = d->len - i, j, end;

	if (len < 2 || d->last_gt == d->len || i > d->last_gt)
		return MARKUP_NONE; /* no '>' ahead: no markup */
	if (is_alpha((unsigned char)s[1])) {
		j = tag_name(d, i + 1, t);
		if ((end = start_tag_end(d, j)) == d->len)
			return MARKUP_NONE;
		t->len = end + 1 - i;
		return MARKUP_START;
	}
	if (s[1] == '/') {
		if (len > 2 && s[2] == '>') {
			t->len = 3;
			return MARKUP_OTHER;
		}
		if (len < 3 || !is_alpha((unsigned char)s[2]))
			return MARKUP_NONE;
		j = tag_name(d, i + 2, t);
		if ((end = find_gt(d, j)) == d->len)
			return MARKUP_NONE;
		t->len = end + 1 - i;
		return MARKUP_END;
	}
	if (s[1] == '!' && len >= 4 && s[2] == '-' && s[3] == '-') {
		const char *p;

		if (len >= 5 && s[4] == '>') { /* <!--> */
			t->len = 5;
			return MARKUP_OTHER;
		}
		if (len >= 6 && s[4] == '-' && s[5] == '>') { /* <!---> */
			t->len = 6;
			return MARKUP_OTHER;
		}
		if (d->no_comment || !(p = memmem(s + 4, len - 4, "-->", 3))) {
			d->no_comment = true;
			return MARKUP_NONE;
		}
		t->len = (size_t)(p - s) + 3;
		return MARKUP_OTHER;
	}
	if (s[1] == '!' || s[1] == '?') {
		if ((end = find_gt(d, i + 2)) == d->len)
			return MARKUP_NONE;
		t->len = end + 1 - i;
		return MARKUP_OTHER;
	}
	return MARKUP_NONE;
}

/* Elements whose start or end separates words, as a line break or a block does. */
static bool
separates(const char *name)
{
	static const char *const blocks[] = {
	    "address",  "article",    "aside",   "blockquote", "body",    "br",     "caption",
	    "center",   "dd",         "details", "dialog",     "div",     "dl",     "dt",
	    "fieldset", "figcaption", "figure",  "footer",     "form",    "h1",     "h2",
	    "h3",       "h4",         "h5",      "h6",         "head",    "header", "hgroup",
	    "hr",       "html",       "legend",  "li",         "main",    "nav",    "ol",
	    "option",   "p",          "pre",     "section",    "summary", "table",  "tbody",
	    "td",       "tfoot",      "th",      "thead",      "title",   "tr",     "ul"};

	for (size_t i = 0; i < LEN(blocks); i++)
		if (!strcmp(name, blocks[i]))
			return true;
	return false;
}

/*
 * After <script> or <style>, at i: the offset after its end tag, or i
 * when there is none (then only the start tag goes, and the rest is text).
 */
static size_t
raw_text_end(struct doc *d, size_t i, const char *name)
{
	bool *none = name[1] == 'c' ? &d->no_end_script : &d->no_end_style;
	size_t n = strlen(name), end;

	if (*none)
		return i;
	for (size_t k, p = i; p + 2 + n <= d->len; p++) {
		const char *s = d->s + p;

		if (s[0] != '<' || s[1] != '/')
			continue;
		for (k = 0; k < n && lower((unsigned char)s[2 + k]) == name[k]; k++)
			;
		if (k < n)
			continue;
		if (p + 2 + n < d->len && !is_space(s[2 + n]) && s[2 + n] != '/' && s[2 + n] != '>')
			continue;
		if ((end = find_gt(d, p + 2 + n)) == d->len)
			break;
		return end + 1;
	}
	*none = true;
	return i;
}

char *
html_to_text(const char *html, size_t len, size_t *outlen)
{
	const char *gt = len ? memrchr(html, '>', len) : NULL;
	struct doc d = {html, len, gt ? (size_t)(gt - html) : len, false, false, false, false};
	struct buf b;
	bool space = false; /* a separator is due before the next text */
	size_t i = 0, n;
	struct tag t;

	buf_init(&b, len);
	while (i < len) {
		unsigned char c = (unsigned char)html[i];
		enum markup m;

		if (is_space(c)) {
			space = true;
			i++;
			continue;
		}
		if (c == '<' && (m = markup(&d, i, &t)) != MARKUP_NONE) {
			i += t.len;
			if (m == MARKUP_OTHER)
				continue;
			if (separates(t.name))
				space = true;
			if (m == MARKUP_START &&
			    (!strcmp(t.name, "script") || !strcmp(t.name, "style")))
				i = raw_text_end(&d, i, t.name);
			continue;
		}
		if (space && b.len)
			buf_add(&b, " ", 1);
		space = false;
		if (c == '&' && (n = charref(&b, html + i, len - i))) {
			i += n;
			continue;
		}
		/* A run of plain text up to the next byte of interest. */
		n = i + 1;
		while (n < len && html[n] != '<' && html[n] != '&' && !is_space(html[n]))
			n++;
		buf_add(&b, html + i, n - i);
		i = n;
	}
	return buf_end(&b, outlen);
}
