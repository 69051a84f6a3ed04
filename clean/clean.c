/*
 * sentio-clean: turn the text of each record into text that scores well,
 * and record what was taken out.
 *
 * Each line is parsed here rather than by the frame, so that a lone
 * surrogate escape (\uD800), which jansson refuses, can become U+FFFD as
 * invalid UTF-8 bytes do.  Then, in order:
 *
 *   1. filters that need no text: --drop-reposts (repost: true), --lang;
 *   2. HTML: entities always, markup when the text looks like HTML (--html);
 *   3. Unicode: controls and invisible characters out, white space
 *      collapsed, NFC or NFKC (text.c);
 *   4. reposts by their text ("RT @user:");
 *   5. URLs, mentions and hashtags listed and taken out of the text (extract.c);
 *   6. filters on the result: --min-chars, then --dedupe (dedupe.c);
 *   7. the record goes out with its new text, text_raw with --keep-raw,
 *      and the urls, mentions and tags arrays merged with its own.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dedupe.h"
#include "extract.h"
#include "html.h"
#include "stage.h"
#include "text.h"
#include "utf8.h"

#include <utf8proc.h>

enum html_mode { HTML_AUTO, HTML_ALWAYS, HTML_NEVER };

struct clean {
	bool strict_utf8, drop_reposts, lang_strict, keep_raw;
	enum html_mode html;
	char **langs; /* --lang, NULL-terminated */
	size_t min_chars;
	bool dedupe_on;
	struct dedupe dedupe;
	struct unicode uni;
	struct extract ex;
	struct textbuf line; /* a line with lone surrogate escapes replaced */

	/* For --stats. */
	unsigned long long decoded, reposts, duplicates, other_lang, too_short;
	unsigned long long urls, mentions, tags;
};

enum {
	OPT_NFKC = OPT_STAGE,
	OPT_STRICT_UTF8,
	OPT_HTML,
	OPT_URLS,
	OPT_HASHTAGS,
	OPT_MENTIONS,
	OPT_DROP_REPOSTS,
	OPT_DEDUPE,
	OPT_LANG,
	OPT_LANG_STRICT,
	OPT_MIN_CHARS,
	OPT_KEEP_RAW
};

static const char usage[] = "[options] [file ...]";
static const char help[] =
    "Clean the text of NDJSON records for scoring: HTML to text, Unicode\n"
    "normalised, invisible characters out; URLs, mentions and hashtags listed.\n"
    "\n"
    "      --html WHEN       decode HTML: auto (entities always, tags when the\n"
    "                        text looks like HTML; the default), always, never\n"
    "      --nfkc            normalise to NFKC instead of NFC\n"
    "      --strict-utf8     reject records with invalid UTF-8 instead of repairing it\n"
    "      --urls MODE       drop (default), keep, or token (each becomes " URL_TOKEN ")\n"
    "      --hashtags MODE   word (default: #happy becomes happy) or keep\n"
    "      --mentions MODE   drop (default) or keep\n"
    "      --drop-reposts    filter reposts (repost: true, or text starting RT @user:)\n"
    "      --dedupe N        filter texts seen among the last N distinct ones\n"
    "      --lang CODE[,...] keep only records whose lang is one of these\n"
    "                        (records without lang are kept)\n"
    "      --lang-strict     with --lang, filter records without lang too\n"
    "      --min-chars N     filter records whose clean text has fewer than N characters\n"
    "      --keep-raw        keep the original text as text_raw\n" STAGE_HELP;

static const char *
json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static int
hex4(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Copy s[0..len) into c->line with every escape of a lone surrogate
 * replaced by \uFFFD.  Returns how many there were.
 */
static size_t
fix_surrogates(struct clean *c, const char *s, size_t len)
{
	size_t i = 0, n = 0;
	char *p;

	c->line.len = 0;
	textbuf_put(&c->line, s, len);
	p = c->line.p;
	while (i + 1 < len) {
		int v, w;

		if (p[i] != '\\') {
			i++;
			continue;
		}
		if (p[i + 1] != 'u' || i + 6 > len || (v = hex4(p + i + 2)) < 0) {
			i += 2; /* another escape, \\ among them */
			continue;
		}
		if (v >= 0xD800 && v <= 0xDBFF && i + 12 <= len && p[i + 6] == '\\' &&
		    p[i + 7] == 'u' && (w = hex4(p + i + 8)) >= 0xDC00 && w <= 0xDFFF) {
			i += 12; /* a pair */
			continue;
		}
		if (v >= 0xD800 && v <= 0xDFFF) {
			memcpy(p + i + 2, "FFFD", 4);
			n++;
		}
		i += 6;
	}
	return n;
}

/*
 * jansson quotes the input near an error: bytes that may be control
 * characters or a UTF-8 sequence cut short.  Make the message safe for a
 * terminal and for the rejects file: each such byte becomes '?'.
 */
static const char *
safe(char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		size_t j = i;
		int32_t c;

		if (b < 0x80) {
			if (b < 0x20 || b == 0x7F)
				s[i] = '?';
			i++;
			continue;
		}
		c = utf8_next(s, n, &j);
		if ((c == 0xFFFD && (j - i != 3 || memcmp(s + i, "\xEF\xBF\xBD", 3))) ||
		    (c >= 0x80 && c <= 0x9F)) {
			memset(s + i, '?', j - i);
		}
		i = j;
	}
	return s;
}

/* Parse the line: an object, or NULL when it was rejected. */
static json_t *
parse(struct stage *st, struct clean *c, const struct record *rec)
{
	const char *line = rec->raw;
	size_t len = rec->len, nrepl;
	char *repaired = NULL;
	json_error_t err;
	json_t *obj;
	const size_t flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;

	if (!utf8_valid(line, len)) {
		size_t bad = utf8_check(line, len);

		if (c->strict_utf8) {
			stage_reject(st, rec, "invalid UTF-8 (byte 0x%02x at column %zu)",
			             (unsigned char)line[bad], bad + 1);
			return NULL;
		}
		line = repaired = utf8_repair(line, len, &len, &nrepl);
	}
	obj = json_loadb(line, len, flags, &err);
	if (!obj && fix_surrogates(c, line, len)) {
		if (c->strict_utf8) {
			stage_reject(st, rec, "invalid JSON: %s (column %d)", safe(err.text),
			             err.column);
			free(repaired);
			return NULL;
		}
		obj = json_loadb(c->line.p, len, flags, &err);
		if (obj && !repaired)
			repaired = xstrdup(""); /* only to count it below */
	}
	if (repaired && obj)
		st->utf8_repaired++;
	free(repaired);
	if (!obj) {
		stage_reject(st, rec, "invalid JSON: %s (column %d)", safe(err.text), err.column);
		return NULL;
	}
	if (!json_is_object(obj)) {
		stage_reject(st, rec, "not a JSON object but %s", json_kind(obj));
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* Does lang (such as "en" or "en-GB") match one of the --lang codes? */
static bool
lang_match(const struct clean *c, const char *lang)
{
	for (char **p = c->langs; *p; p++) {
		size_t n = strlen(*p);

		if (!strncasecmp(lang, *p, n) && (!lang[n] || lang[n] == '-' || lang[n] == '_'))
			return true;
	}
	return false;
}

/*
 * Does the text look like HTML?  Only an element that posts and feeds
 * use, written as markup is: <p>, <br/>, </a>, <a href=...>, or a comment.
 * "I <3 you" and "if a<b and c>d" are not HTML.
 */
static bool
looks_like_html(const char *s, size_t len)
{
	static const char *const names[] = {
	    "a",      "abbr",  "b",   "blockquote", "br",    "code", "del",    "div",   "em",
	    "h1",     "h2",    "h3",  "h4",         "h5",    "h6",   "hr",     "i",     "img",
	    "li",     "ol",    "p",   "pre",        "q",     "s",    "script", "small", "span",
	    "strong", "style", "sub", "sup",        "table", "td",   "tr",     "u",     "ul"};
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		const char *q = ++p, *name;
		size_t n;

		if (q < end && *q == '/')
			q++;
		else if (end - q >= 3 && !memcmp(q, "!--", 3))
			return true;
		name = q;
		while (q < end && (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') ||
		                   (*q >= '1' && *q <= '6' && q > name)))
			q++;
		if (!(n = (size_t)(q - name)))
			continue;
		for (size_t k = 0; k < LEN(names); k++) {
			if (strlen(names[k]) != n || strncasecmp(name, names[k], n))
				continue;
			if (q < end && *q == '>')
				return true;
			if (end - q >= 2 && q[0] == '/' && q[1] == '>')
				return true;
			while (q < end && *q == ' ')
				q++;
			if (end - q >= 2 && q[0] == '/' && q[1] == '>')
				return true;
			/* An attribute: name= */
			if (q < end && q > name + n) {
				const char *a = q;

				while (q < end &&
				       (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') || *q == '-'))
					q++;
				if (q > a && q < end && *q == '=')
					return true;
			}
			break;
		}
	}
	return false;
}

/* The lower case of s[0..len) in b (from b->len on). */
static void
lower_into(struct textbuf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len)
		textbuf_put_cp(b, utf8proc_tolower(utf8_next(s, len, &i)));
	textbuf_reserve(b, 0);
	b->p[b->len] = '\0';
}

/* Is s among the strings of array a before index end? */
static bool
in_array(const json_t *a, size_t end, const char *s, size_t len)
{
	for (size_t k = 0; k < end; k++) {
		const json_t *v = json_array_get(a, k);

		if (json_is_string(v) && json_string_length(v) == len &&
		    !memcmp(json_string_value(v), s, len))
			return true;
	}
	return false;
}

/*
 * Merge the strings found into obj's array key.  Tags are lower case, the
 * record's own as well, and a tag is there once.  Returns false when the
 * record has key but not as an array (and there is something to merge).
 */
static bool
merge(struct clean *c, json_t *obj, const char *key, const struct found *f)
{
	json_t *a = json_object_get(obj, key);
	bool tags = !strcmp(key, "tags");
	size_t k;

	if (!f->n && (!tags || !json_is_array(a)))
		return true;
	if (!a || json_is_null(a)) {
		a = json_array();
		for (k = 0; k < f->n; k++)
			json_array_append_new(a, json_string(found_at(f, k)));
		json_object_set_new(obj, key, a);
		return true;
	}
	if (!json_is_array(a))
		return false;
	if (tags) {
		for (k = 0; k < json_array_size(a); k++) {
			json_t *v = json_array_get(a, k);

			if (!json_is_string(v))
				continue;
			c->line.len = 0;
			lower_into(&c->line, json_string_value(v), json_string_length(v));
			if (in_array(a, k, c->line.p, c->line.len)) {
				json_array_remove(a, k--);
				continue;
			}
			if (c->line.len != json_string_length(v) ||
			    memcmp(c->line.p, json_string_value(v), c->line.len))
				json_string_setn(v, c->line.p, c->line.len);
		}
	}
	for (k = 0; k < f->n; k++) {
		const char *s = found_at(f, k);

		if (!in_array(a, json_array_size(a), s, strlen(s)))
			json_array_append_new(a, json_string(s));
	}
	return true;
}

/* What to do with the record; obj is the parsed line. */
static enum verdict
clean_record(struct stage *st, struct clean *c, const struct record *rec, json_t *obj)
{
	json_t *text, *v;
	const char *s, *t;
	char *decoded = NULL;
	size_t len, tlen;
	static const char *const keys[] = {"urls", "mentions", "tags"};

	/* 1. Filters that need no text. */
	if (c->drop_reposts && json_is_true(json_object_get(obj, "repost"))) {
		c->reposts++;
		return VERDICT_FILTERED;
	}
	if (c->langs) {
		v = json_object_get(obj, "lang");
		if (json_is_string(v) && json_string_length(v)
		        ? !lang_match(c, json_string_value(v))
		        : c->lang_strict) {
			c->other_lang++;
			return VERDICT_FILTERED;
		}
	}
	if (!(text = json_object_get(obj, "text"))) {
		if (c->min_chars) {
			c->too_short++;
			return VERDICT_FILTERED;
		}
		return VERDICT_OUT; /* nothing to clean */
	}
	if (!json_is_string(text))
		return stage_reject(st, rec, "text is not a string but %s", json_kind(text));
	s = json_string_value(text);
	len = json_string_length(text);

	/* 2. HTML. */
	t = s;
	tlen = len;
	if (c->html != HTML_NEVER && (memchr(s, '&', len) || memchr(s, '<', len))) {
		if (c->html == HTML_ALWAYS || looks_like_html(s, len))
			decoded = html_to_text(s, len, &tlen);
		else
			decoded = html_unescape(s, len, &tlen);
		if (tlen != len || memcmp(decoded, s, len))
			c->decoded++;
		t = decoded;
	} else if (c->html == HTML_ALWAYS)
		t = decoded = html_to_text(s, len, &tlen); /* white space, as HTML has it */

	/* 3. Unicode. */
	t = unicode_clean(&c->uni, t, tlen, &tlen);
	free(decoded);

	/* 4. Reposts by their text. */
	if (c->drop_reposts && is_retweet(t, tlen)) {
		c->reposts++;
		return VERDICT_FILTERED;
	}

	/* 5. URLs, mentions, hashtags. */
	t = extract(&c->ex, t, tlen, &tlen);

	/* 6. Filters on the clean text. */
	if (c->min_chars && (tlen < c->min_chars || grapheme_count(t, tlen) < c->min_chars)) {
		c->too_short++;
		return VERDICT_FILTERED;
	}
	if (c->dedupe_on && dedupe_seen(&c->dedupe, t, tlen)) {
		c->duplicates++;
		return VERDICT_FILTERED;
	}

	/* 7. The record as it goes out. */
	for (size_t k = 0; k < LEN(keys); k++) {
		v = json_object_get(obj, keys[k]);
		if (v && !json_is_array(v) && !json_is_null(v) &&
		    (k == 0   ? c->ex.url.n
		     : k == 1 ? c->ex.mention.n
		              : c->ex.tag.n))
			return stage_reject(st, rec, "%s is not an array but %s", keys[k],
			                    json_kind(v));
	}
	if (c->keep_raw && !json_object_get(obj, "text_raw"))
		json_object_set_new(obj, "text_raw", json_stringn(s, len));
	if (tlen != len || memcmp(t, s, len))
		json_string_setn(text, t, tlen);
	c->urls += c->ex.url.n;
	c->mentions += c->ex.mention.n;
	c->tags += c->ex.tag.n;
	merge(c, obj, "urls", &c->ex.url);
	merge(c, obj, "mentions", &c->ex.mention);
	merge(c, obj, "tags", &c->ex.tag);
	return VERDICT_OUT;
}

static enum verdict
record(struct stage *st, struct record *rec)
{
	struct clean *c = st->data;
	json_t *obj = parse(st, c, rec);
	enum verdict v;

	if (!obj)
		return VERDICT_REJECTED;
	if ((v = clean_record(st, c, rec, obj)) == VERDICT_OUT)
		out_record(obj);
	json_decref(obj);
	return v;
}

static void
stats_extra(struct stage *st, json_t *stats)
{
	struct clean *c = st->data;
	const struct {
		const char *key;
		unsigned long long n;
	} f[] = {{"html_decoded", c->decoded},
	         {"invisible_removed", c->uni.removed},
	         {"urls", c->urls},
	         {"mentions", c->mentions},
	         {"tags", c->tags},
	         {"filtered_reposts", c->reposts},
	         {"filtered_duplicates", c->duplicates},
	         {"filtered_lang", c->other_lang},
	         {"filtered_short", c->too_short}};

	for (size_t i = 0; i < LEN(f); i++)
		json_object_set_new(stats, f[i].key, json_integer((json_int_t)f[i].n));
}

static void
finish(struct stage *st)
{
	struct clean *c = st->data;

	if (c->dedupe_on)
		dedupe_free(&c->dedupe);
	textbuf_free(&c->uni.out);
	textbuf_free(&c->uni.tmp);
	free(c->uni.cp);
	textbuf_free(&c->ex.out);
	textbuf_free(&c->ex.url.buf);
	textbuf_free(&c->ex.mention.buf);
	textbuf_free(&c->ex.tag.buf);
	free(c->ex.url.off);
	free(c->ex.mention.off);
	free(c->ex.tag.off);
	textbuf_free(&c->line);
}

/* A count for an option: a positive integer. */
static size_t
count_arg(const struct stage *st, const char *opt, const char *arg, size_t max)
{
	char *end;
	unsigned long long v;

	if (*arg < '0' || *arg > '9')
		stage_bad_option(st, opt, "not a positive integer: %s", arg);
	v = strtoull(arg, &end, 10);
	if (*end || v == 0)
		stage_bad_option(st, opt, "not a positive integer: %s", arg);
	if (v > max)
		stage_bad_option(st, opt, "at most %zu: %s", max, arg);
	return (size_t)v;
}

/* Split "en,fr" into a NULL-terminated list, each code checked. */
static char **
lang_list(const struct stage *st, const char *arg)
{
	char *copy = xstrdup(arg), *save, *tok;
	char **list = xcalloc(strlen(arg) / 2 + 2, sizeof(*list));
	size_t n = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t len = strspn(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                         "0123456789-_");

		if (!len || tok[len])
			stage_bad_option(st, "--lang", "not a language code: %s", tok);
		list[n++] = tok;
	}
	if (!n)
		stage_bad_option(st, "--lang", "no language code: %s", arg);
	return list;
}

int
main(int argc, char **argv)
{
	static struct clean c;
	static const struct option longopts[] = {
	    STAGE_LONGOPTS,
	    {"nfkc", no_argument, NULL, OPT_NFKC},
	    {"strict-utf8", no_argument, NULL, OPT_STRICT_UTF8},
	    {"html", required_argument, NULL, OPT_HTML},
	    {"urls", required_argument, NULL, OPT_URLS},
	    {"hashtags", required_argument, NULL, OPT_HASHTAGS},
	    {"mentions", required_argument, NULL, OPT_MENTIONS},
	    {"drop-reposts", no_argument, NULL, OPT_DROP_REPOSTS},
	    {"dedupe", required_argument, NULL, OPT_DEDUPE},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"lang-strict", no_argument, NULL, OPT_LANG_STRICT},
	    {"min-chars", required_argument, NULL, OPT_MIN_CHARS},
	    {"keep-raw", no_argument, NULL, OPT_KEEP_RAW},
	    {NULL, 0, NULL, 0}};
	struct stage st = {0};
	size_t dedupe_n = 0;
	int opt;

	stage_init(&st, "sentio-clean");
	st.usage = usage;
	st.help = help;
	st.record = record;
	st.finish = finish;
	st.stats_extra = stats_extra;
	st.raw_lines = true; /* parse() does it, to repair lone surrogates */
	st.data = &c;
	while ((opt = getopt_long(argc, argv, STAGE_SHORTOPTS, longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_NFKC:
			c.uni.nfkc = true;
			break;
		case OPT_STRICT_UTF8:
			c.strict_utf8 = true;
			break;
		case OPT_HTML:
			if (!strcmp(optarg, "auto"))
				c.html = HTML_AUTO;
			else if (!strcmp(optarg, "always"))
				c.html = HTML_ALWAYS;
			else if (!strcmp(optarg, "never"))
				c.html = HTML_NEVER;
			else
				stage_bad_option(&st, "--html", "auto, always or never, not %s",
				                 optarg);
			break;
		case OPT_URLS:
			if (!strcmp(optarg, "drop"))
				c.ex.urls = URLS_DROP;
			else if (!strcmp(optarg, "keep"))
				c.ex.urls = URLS_KEEP;
			else if (!strcmp(optarg, "token"))
				c.ex.urls = URLS_TOKEN;
			else
				stage_bad_option(&st, "--urls", "drop, keep or token, not %s",
				                 optarg);
			break;
		case OPT_HASHTAGS:
			if (!strcmp(optarg, "word") || !strcmp(optarg, "keep"))
				c.ex.keep_hash = optarg[0] == 'k';
			else
				stage_bad_option(&st, "--hashtags", "word or keep, not %s", optarg);
			break;
		case OPT_MENTIONS:
			if (!strcmp(optarg, "drop") || !strcmp(optarg, "keep"))
				c.ex.keep_mentions = optarg[0] == 'k';
			else
				stage_bad_option(&st, "--mentions", "drop or keep, not %s", optarg);
			break;
		case OPT_DROP_REPOSTS:
			c.drop_reposts = true;
			break;
		case OPT_DEDUPE:
			dedupe_n = count_arg(&st, "--dedupe", optarg, DEDUPE_MAX);
			break;
		case OPT_LANG:
			c.langs = lang_list(&st, optarg);
			break;
		case OPT_LANG_STRICT:
			c.lang_strict = true;
			break;
		case OPT_MIN_CHARS:
			c.min_chars = count_arg(&st, "--min-chars", optarg, 1UL << 30);
			break;
		case OPT_KEEP_RAW:
			c.keep_raw = true;
			break;
		default:
			if (!stage_option(&st, opt, optarg))
				stage_usage(&st, 2);
		}
	}
	if (c.lang_strict && !c.langs)
		stage_bad_option(&st, "--lang-strict", "needs --lang");
	if (dedupe_n) {
		dedupe_init(&c.dedupe, dedupe_n);
		c.dedupe_on = true;
	}
	return stage_run(&st, argc - optind, argv + optind);
}
