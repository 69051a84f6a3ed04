/*
 * sentio-clean: turn the text of each record into text that scores well,
 * and record what was taken out.
 *
 * The frame repairs ill-formed UTF-8 and lone surrogate escapes (\uD800)
 * into U+FFFD before parsing (st.repair_utf8; --strict-utf8 rejects them
 * instead).  The record goes out as the line it came as, with only what
 * clean writes spliced in: every other field stays byte for byte, and
 * nothing is serialised again (emit.c).  Then, in order:
 *
 *   1. filters that need no text: --drop-reposts (repost: true), --lang
 *      on the record's own lang (unless --detect-lang always);
 *   2. HTML: entities always, markup when the text looks like HTML (--html);
 *   3. Unicode: controls and invisible characters out, white space
 *      collapsed, runs of combining marks capped, NFC or NFKC (text.c);
 *   4. reposts by their text ("RT @user:");
 *   5. URLs, mentions and hashtags listed and taken out of the text (extract.c);
 *   6. the language of the clean text, by CLD2 (langid.c), for a record
 *      without lang (--detect-lang auto) or every record (always), and
 *      --lang on it;
 *   7. filters on the result: --min-chars, then --dedupe (dedupe.c);
 *   8. the record goes out with its new text, text_raw with --keep-raw,
 *      its lang, and the urls, mentions and tags arrays merged with its
 *      own (emit.c).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dedupe.h"
#include "emit.h"
#include "extract.h"
#include "html.h"
#include "langid.h"
#include "opt.h"
#include "stage.h"
#include "text.h"

enum html_mode { HTML_AUTO, HTML_ALWAYS, HTML_NEVER };
enum detect_mode { DETECT_AUTO, DETECT_ALWAYS, DETECT_NEVER };

/* The choices of --html and --urls in the order of their enums; keep second. */
static const char *const html_modes[] = {"auto", "always", "never", NULL};
static const char *const detect_modes[] = {"auto", "always", "never", NULL};
static const char *const url_modes[] = {"drop", "keep", "token", NULL};
static const char *const hashtag_modes[] = {"word", "keep", NULL};
static const char *const mention_modes[] = {"drop", "keep", NULL};

struct clean {
	bool drop_reposts, lang_strict, keep_raw;
	enum html_mode html;
	enum detect_mode detect;
	char **langs; /* --lang, NULL-terminated */
	size_t min_chars;
	bool dedupe_on;
	struct dedupe dedupe;
	struct unicode uni;
	struct extract ex;
	struct emitter em;
	char *decoded; /* the text with its HTML decoded, until the next record */

	/* For --stats. */
	unsigned long long ndecoded, reposts, duplicates, other_lang, too_short;
	unsigned long long detected, undetermined;
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
	OPT_DETECT_LANG,
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
    "      --strict-utf8     reject invalid UTF-8 instead of repairing it\n"
    "      --urls MODE       drop (default), keep, or token (each becomes " URL_TOKEN ")\n"
    "      --hashtags MODE   word (default: #happy becomes happy) or keep\n"
    "      --mentions MODE   drop (default) or keep\n"
    "      --drop-reposts    filter reposts (repost: true, text starting RT @user:)\n"
    "      --dedupe N        filter texts seen among the last N distinct ones\n"
    "      --detect-lang WHEN  give records their lang from the text (CLD2):\n"
    "                        auto (those without one; the default), always, never\n"
    "      --lang CODE[,...] keep only records whose lang is one of these (records\n"
    "                        without lang, or und, are kept)\n"
    "      --lang-strict     with --lang, filter records without lang or und too\n"
    "      --min-chars N     filter clean texts of fewer than N characters\n"
    "      --keep-raw        keep the original text as text_raw\n" STAGE_FILE_HELP STAGE_HELP;

/* Does lang (such as "en" or "en-GB") match one of the --lang codes? */
static bool
lang_match(const struct clean *c, const char *lang)
{
	if (!strcmp(lang, LANG_UND)) /* undetermined: as if without lang */
		return !c->lang_strict;
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

/*
 * What to do with the record; obj is the parsed line.  When it goes out,
 * *pp is how, or NULL: as it came.
 */
static enum verdict
clean_record(struct stage *st, struct clean *c, const struct record *rec, json_t *obj,
             struct emit_plan **pp)
{
	struct emit_plan *p = *pp;
	json_t *text, *v, *own;
	const char *s, *t, *lang = NULL;
	bool has_lang;
	char *decoded;
	size_t len, tlen;

	free(c->decoded);
	decoded = c->decoded = NULL;

	/* 1. Filters that need no text. */
	if (c->drop_reposts && json_is_true(json_object_get(obj, "repost"))) {
		c->reposts++;
		return VERDICT_FILTERED;
	}
	own = json_object_get(obj, "lang");
	has_lang = json_is_string(own) && json_string_length(own);
	if (c->langs && (has_lang || c->detect == DETECT_NEVER) && c->detect != DETECT_ALWAYS) {
		if (has_lang ? !lang_match(c, json_string_value(own)) : c->lang_strict) {
			c->other_lang++;
			return VERDICT_FILTERED;
		}
	}
	if (!(text = json_object_get(obj, "text"))) {
		/* Nothing to detect the language of: as if without lang. */
		if (c->langs && c->lang_strict && !(has_lang && c->detect != DETECT_ALWAYS)) {
			c->other_lang++;
			return VERDICT_FILTERED;
		}
		if (c->min_chars) {
			c->too_short++;
			return VERDICT_FILTERED;
		}
		*pp = NULL; /* nothing to clean: out as it came */
		return VERDICT_OUT;
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
			c->ndecoded++;
		t = c->decoded = decoded;
	} else if (c->html == HTML_ALWAYS) /* white space, as HTML has it */
		t = c->decoded = decoded = html_to_text(s, len, &tlen);

	/* 3. Unicode (the result may be t itself: decoded lives until the next record). */
	t = unicode_clean(&c->uni, t, tlen, &tlen);

	/* 4. Reposts by their text. */
	if (c->drop_reposts && is_retweet(t, tlen)) {
		c->reposts++;
		return VERDICT_FILTERED;
	}

	/* 5. URLs, mentions, hashtags. */
	const char *before = t;
	size_t blen = tlen;

	t = extract(&c->ex, t, tlen, &tlen);
	/*
	 * What extraction takes out can leave a combining mark against the
	 * character before it: "\u00a8#\u0301x" becomes "\u00a8\u0301x", which
	 * normalises to "\u0385x"; and it can leave more to take out:
	 * "#www.example.org" a URL, "@#bob" a mention.  Clean and extract again
	 * until nothing changes, or cleaning the result would change it (each
	 * round takes something out; a few at most do anything).
	 */
	bool changed = t != before && (tlen != blen || memcmp(t, before, tlen));

	for (int round = 0; round < 8 && changed; round++) {
		if (c->ex.glued)
			t = unicode_clean(&c->uni, t, tlen, &tlen);
		t = extract_again(&c->ex, t, tlen, &tlen, &changed);
	}

	/* 6. The language of the clean text. */
	if (c->detect == DETECT_ALWAYS || (c->detect == DETECT_AUTO && !has_lang)) {
		lang = langid_detect(t, tlen);
		if (!strcmp(lang, LANG_UND))
			c->undetermined++;
		else
			c->detected++;
		if (c->langs && !lang_match(c, lang)) {
			c->other_lang++;
			return VERDICT_FILTERED;
		}
	}

	/* 7. Filters on the clean text. */
	if (c->min_chars && (tlen < c->min_chars || grapheme_count(t, tlen) < c->min_chars)) {
		c->too_short++;
		return VERDICT_FILTERED;
	}
	if (c->dedupe_on && dedupe_seen(&c->dedupe, t, tlen)) {
		c->duplicates++;
		return VERDICT_FILTERED;
	}

	/* 8. The record as it goes out: its arrays must take what was found. */
	p->text = t;
	p->lang = lang;
	p->len = tlen;
	p->changed = tlen != len || memcmp(t, s, len);
	p->raw = c->keep_raw && !json_object_get(obj, "text_raw");
	p->found[0] = &c->ex.url;
	p->found[1] = &c->ex.mention;
	p->found[2] = &c->ex.tag;
	for (size_t k = 0; k < EMIT_LISTS; k++) {
		v = json_object_get(obj, emit_list_keys[k]);
		if (p->found[k]->n && v && !json_is_null(v) && !json_is_array(v))
			return stage_reject(st, rec, "%s is not an array but %s", emit_list_keys[k],
			                    json_kind(v));
	}
	return VERDICT_OUT;
}

static enum verdict
on_record(struct stage *st, struct record *rec)
{
	struct clean *c = st->data;
	struct emit_plan plan = {0}, *p = &plan;
	enum verdict v;

	if ((v = clean_record(st, c, rec, rec->obj, &p)) != VERDICT_OUT)
		return v;
	/*
	 * The writer checks again what it copies: a line the parser let through
	 * that is not strict JSON (a NUL after a number did) is never written.
	 */
	if (!emit_record(&c->em, rec->obj, rec->raw, rec->len, p))
		return stage_reject(st, rec, "invalid JSON: a byte strict JSON does not allow");
	if (p) {
		c->urls += c->ex.url.n;
		c->mentions += c->ex.mention.n;
		c->tags += c->ex.tag.n;
	}
	return v;
}

static void
on_stats(struct stage *st, json_t *stats)
{
	struct clean *c = st->data;
	const struct {
		const char *key;
		unsigned long long n;
	} f[] = {{"html_decoded", c->ndecoded},
	         {"invisible_removed", c->uni.removed},
	         {"urls", c->urls},
	         {"mentions", c->mentions},
	         {"tags", c->tags},
	         {"filtered_reposts", c->reposts},
	         {"filtered_duplicates", c->duplicates},
	         {"filtered_lang", c->other_lang},
	         {"filtered_short", c->too_short},
	         {"lang_detected", c->detected},
	         {"lang_und", c->undetermined}};

	for (size_t i = 0; i < LEN(f); i++)
		json_object_set_new(stats, f[i].key, json_integer((json_int_t)f[i].n));
}

/*
 * --state: what --dedupe remembers goes on from run to run (the texts'
 * hashes, oldest first, in hexadecimal).
 */
static json_t *
on_state_save(struct stage *st)
{
	struct clean *c = st->data;
	json_t *list;
	uint64_t *h;
	size_t n;
	char hex[17];

	if (!c->dedupe_on)
		return json_object();
	list = json_array();
	h = xmalloc((c->dedupe.count + 1) * sizeof(*h));
	n = dedupe_list(&c->dedupe, h);
	for (size_t i = 0; i < n; i++) {
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h[i]);
		json_array_append_new(list, json_string(hex));
	}
	free(h);
	return json_pack("{s:o}", "dedupe", list);
}

static void
on_state_load(struct stage *st, const json_t *saved)
{
	struct clean *c = st->data;
	json_t *list = json_object_get(saved, "dedupe"), *v;
	size_t i;

	if (!c->dedupe_on)
		return;
	json_array_foreach(list, i, v)
	{
		const char *hex = json_string_value(v);
		char *end;
		unsigned long long h = hex ? strtoull(hex, &end, 16) : 0;

		if (!hex || *end || !h)
			eprintf("%s: --dedupe's texts not in their form", st->state_path);
		dedupe_seen_hash(&c->dedupe, (uint64_t)h);
	}
}

/*
 * Nothing is held back: each record went out as it came in.  What is
 * freed here is freed so that leak checkers see a clean end.
 */
static void
on_finish(struct stage *st)
{
	struct clean *c = st->data;

	if (c->dedupe_on && !st->state_path) /* with --state, saved after this */
		dedupe_free(&c->dedupe);
	buf_free(&c->uni.out);
	buf_free(&c->uni.tmp);
	free(c->uni.cp);
	buf_free(&c->ex.out);
	buf_free(&c->ex.again);
	buf_free(&c->ex.url.buf);
	buf_free(&c->ex.mention.buf);
	buf_free(&c->ex.tag.buf);
	free(c->ex.url.off);
	free(c->ex.mention.off);
	free(c->ex.tag.off);
	strset_free(&c->ex.url.set);
	strset_free(&c->ex.mention.set);
	strset_free(&c->ex.tag.set);
	emit_free(&c->em);
	free(c->decoded);
}

/* Split "en,fr" into a NULL-terminated list, each code checked. */
static char **
lang_list(const char *arg)
{
	char *copy = xstrdup(arg), *save, *tok;
	char **list = xcalloc(strlen(arg) / 2 + 2, sizeof(*list));
	size_t n = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t len = strspn(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                         "0123456789-_");

		if (!len || tok[len])
			opt_bad("--lang", tok, "not a language code");
		list[n++] = tok;
	}
	if (!n)
		opt_bad("--lang", arg, "no language code");
	return list;
}

int
main(int argc, char **argv)
{
	static struct clean c;
	static const struct option longopts[] = {
	    STAGE_LONGOPTS,
	    STAGE_FILE_LONGOPTS,
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
	    {"detect-lang", required_argument, NULL, OPT_DETECT_LANG},
	    {"min-chars", required_argument, NULL, OPT_MIN_CHARS},
	    {"keep-raw", no_argument, NULL, OPT_KEEP_RAW},
	    {NULL, 0, NULL, 0}};
	struct stage st = {0};
	size_t dedupe_n = 0;
	long long min_chars;
	int opt;

	stage_init(&st, "sentio-clean");
	st.usage = usage;
	st.help = help;
	st.record = on_record;
	st.finish = on_finish;
	st.state_save = on_state_save;
	st.state_load = on_state_load;
	st.stats_extra = on_stats;
	st.repair_utf8 = true; /* ill-formed UTF-8 and lone surrogates become U+FFFD */
	st.data = &c;
	while ((opt = getopt_long(argc, argv, STAGE_SHORTOPTS, longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_NFKC:
			c.uni.nfkc = true;
			break;
		case OPT_STRICT_UTF8:
			st.repair_utf8 = false;
			break;
		case OPT_HTML:
			c.html = (enum html_mode)opt_choice("--html", optarg, html_modes);
			break;
		case OPT_URLS:
			c.ex.urls = (enum url_mode)opt_choice("--urls", optarg, url_modes);
			break;
		case OPT_HASHTAGS:
			c.ex.keep_hash = opt_choice("--hashtags", optarg, hashtag_modes) == 1;
			break;
		case OPT_MENTIONS:
			c.ex.keep_mentions = opt_choice("--mentions", optarg, mention_modes) == 1;
			break;
		case OPT_DROP_REPOSTS:
			c.drop_reposts = true;
			break;
		case OPT_DEDUPE:
			dedupe_n = (size_t)opt_count("--dedupe", optarg, 1, DEDUPE_MAX);
			break;
		case OPT_LANG:
			c.langs = lang_list(optarg);
			break;
		case OPT_LANG_STRICT:
			c.lang_strict = true;
			break;
		case OPT_DETECT_LANG:
			c.detect =
			    (enum detect_mode)opt_choice("--detect-lang", optarg, detect_modes);
			break;
		case OPT_MIN_CHARS:
			min_chars = opt_count("--min-chars", optarg, 1, LLONG_MAX);
			c.min_chars =
			    (unsigned long long)min_chars > SIZE_MAX ? SIZE_MAX : (size_t)min_chars;
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
		opt_bad("--lang-strict", NULL, "needs --lang");
	if (dedupe_n) {
		dedupe_init(&c.dedupe, dedupe_n);
		c.dedupe_on = true;
	}
	return stage_run(&st, argc - optind, argv + optind);
}
