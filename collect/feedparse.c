/*
 * feedparse.c: RSS 2.0 and Atom parsed with expat.  An item becomes a
 * record: guid or id (or link), pubDate or updated (RFC 822 or RFC 3339;
 * the time read when it has none), title and description or summary as
 * plain text, author, link, the channel's language and the categories.
 */
#include <ctype.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feedparse.h"
#include "html.h"
#include "timestamp.h"
#include "util.h"

/* The parts of an item being read. */
enum field { F_NONE, F_ID, F_LINK, F_TITLE, F_SUMMARY, F_CONTENT, F_DATE, F_UPDATED, F_AUTHOR };

struct item {
	struct buf f[F_AUTHOR + 1];
	bool html[F_AUTHOR + 1]; /* holds HTML (RSS description, Atom type="html") */
	json_t *tags;
	unsigned long line;
};

struct parse {
	const char *source;
	const struct feed_handler *h;
	XML_Parser p;
	bool atom;
	int depth, item_depth, field_depth;
	enum field field;
	struct item it;
	bool in_item;
	char *lang;
	struct buf chan_lang;
	bool in_chan_lang;
	bool stopped;  /* the run ended before every item was read */
	int cat_depth; /* inside an RSS <category> (its text is a tag) */
	struct buf cat;
};

/* The name without its namespace prefix ("dc:creator" is "creator"). */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	for (; atts && *atts; atts += 2)
		if (!strcmp(local(atts[0]), name))
			return atts[1];
	return NULL;
}

static void
item_clear(struct item *it)
{
	for (int i = 0; i <= F_AUTHOR; i++) {
		it->f[i].len = 0;
		it->html[i] = false;
	}
	json_decref(it->tags);
	it->tags = json_array();
}

static char *
field_text(struct item *it, enum field f, size_t *n)
{
	struct buf *b = &it->f[f];

	if (!b->len)
		return NULL;
	if (it->html[f])
		return html_to_text(b->p, b->len, n);
	/* Plain text: trim it. */
	size_t s = 0, e = b->len;
	while (s < e && isspace((unsigned char)b->p[s]))
		s++;
	while (e > s && isspace((unsigned char)b->p[e - 1]))
		e--;
	*n = e - s;
	return xstrndup(b->p + s, e - s);
}

static void
trim(struct buf *b, const char **s, size_t *n)
{
	size_t a = 0, e = b->len;

	while (a < e && isspace((unsigned char)b->p[a]))
		a++;
	while (e > a && isspace((unsigned char)b->p[e - 1]))
		e--;
	*s = b->p ? b->p + a : "";
	*n = e - a;
}

/* An item read whole: a record, unless seen before or malformed. */
static void
item_done(struct parse *ps)
{
	struct item *it = &ps->it;
	json_t *rec = json_object();
	const char *id, *date;
	size_t idn, daten;
	char tsbuf[RFC3339_LEN];
	int64_t ns;

	if (ps->stopped || !ps->h->more(ps->h->arg)) {
		ps->stopped = true;
		json_decref(rec);
		return;
	}
	trim(&it->f[F_ID], &id, &idn);
	if (!idn)
		trim(&it->f[F_LINK], &id, &idn);
	trim(&it->f[F_DATE], &date, &daten);
	if (!daten)
		trim(&it->f[F_UPDATED], &date, &daten);

	/* The raw item, for the rejects file. */
	json_t *raw = json_object();
	static const char *const names[] = {"",        "id",   "link",    "title", "summary",
	                                    "content", "date", "updated", "author"};
	for (int i = 1; i <= F_AUTHOR; i++)
		if (it->f[i].len)
			json_object_set_new(raw, names[i], json_stringn(it->f[i].p, it->f[i].len));
	char *rawtext = json_dumps(raw, JSON_COMPACT);
	const char *why = NULL;

	if (!idn)
		why = "an item without guid, id or link";
	else if (daten) {
		char *d = xstrndup(date, daten);

		if (rfc3339_parse(d, daten, &ns) && rfc822_parse(d, &ns))
			why = "an item with a date that is not one";
		free(d);
	} else
		ns = now_ns();
	if (why) {
		ps->h->reject(ps->h->arg, it->line, rawtext, strlen(rawtext), why);
		goto out;
	}
	json_t *idv = json_stringn(id, idn);
	json_object_set_new(rec, "id", idv ? idv : json_string(""));
	json_object_set_new(rec, "ts", json_string(rfc3339_format(ns, tsbuf)));
	json_object_set_new(rec, "source", json_string(ps->source));
	size_t tn = 0, sn = 0;
	char *title = field_text(it, F_TITLE, &tn);
	char *sum = field_text(it, F_SUMMARY, &sn);
	if (!sum)
		sum = field_text(it, F_CONTENT, &sn);
	struct buf text = {0};
	if (title)
		buf_add(&text, title, tn);
	if (title && sum && tn && sn)
		buf_addc(&text, '\n');
	if (sum)
		buf_add(&text, sum, sn);
	json_t *t = json_stringn(text.p ? text.p : "", text.len);
	json_object_set_new(rec, "text", t ? t : json_string(""));
	free(title);
	free(sum);
	free(text.p);
	const char *s;
	size_t n;
	trim(&it->f[F_AUTHOR], &s, &n);
	if (n)
		json_object_set_new(rec, "author", json_stringn(s, n));
	trim(&it->f[F_LINK], &s, &n);
	if (n)
		json_object_set_new(rec, "url", json_stringn(s, n));
	if (ps->lang)
		json_object_set_new(rec, "lang", json_string(ps->lang));
	if (json_array_size(it->tags))
		json_object_set(rec, "tags", it->tags);
	ps->h->item(ps->h->arg, rec);
out:
	free(rawtext);
	json_decref(raw);
	json_decref(rec);
}

static void XMLCALL
on_start(void *arg, const char *name, const char **atts)
{
	struct parse *ps = arg;
	const char *n = local(name);

	ps->depth++;
	if (ps->depth == 1) {
		ps->atom = !strcmp(n, "feed");
		const char *l = attr(atts, "lang");
		if (l && !ps->lang)
			ps->lang = xstrdup(l);
		return;
	}
	if (!ps->in_item) {
		if (!strcmp(n, "item") || !strcmp(n, "entry")) {
			ps->in_item = true;
			ps->item_depth = ps->depth;
			item_clear(&ps->it);
			ps->it.line = (unsigned long)XML_GetCurrentLineNumber(ps->p);
		} else if (!strcmp(n, "language") && !ps->lang) {
			ps->in_chan_lang = true;
			ps->chan_lang.len = 0;
		}
		return;
	}
	if (ps->field != F_NONE) {
		/* Inside a field (Atom xhtml content): its text is all we keep. */
		return;
	}
	if (ps->depth != ps->item_depth + 1 && strcmp(n, "name"))
		return;
	enum field f = F_NONE;
	const char *type = attr(atts, "type");
	bool html = false;

	if (!strcmp(n, "guid") || (ps->atom && !strcmp(n, "id")))
		f = F_ID;
	else if (!strcmp(n, "link")) {
		const char *href = attr(atts, "href"), *rel = attr(atts, "rel");

		if (href) {
			if ((!rel || !strcmp(rel, "alternate")) && !ps->it.f[F_LINK].len)
				buf_adds(&ps->it.f[F_LINK], href);
		} else
			f = F_LINK;
	} else if (!strcmp(n, "title"))
		f = F_TITLE, html = ps->atom ? type && !strcmp(type, "html") : true;
	else if (!strcmp(n, "description") || !strcmp(n, "summary"))
		f = F_SUMMARY, html = ps->atom ? type && !strcmp(type, "html") : true;
	else if (!strcmp(n, "content") || !strcmp(n, "encoded"))
		f = F_CONTENT, html = ps->atom ? type && !strcmp(type, "html") : true;
	else if (!strcmp(n, "pubDate") || !strcmp(n, "published") ||
	         (!strcmp(n, "date") && !ps->atom))
		f = F_DATE;
	else if (!strcmp(n, "updated"))
		f = F_UPDATED;
	else if (!strcmp(n, "creator") || (!ps->atom && !strcmp(n, "author")) ||
	         (ps->atom && !strcmp(n, "name") && ps->depth == ps->item_depth + 2))
		f = F_AUTHOR;
	else if (!strcmp(n, "category")) {
		const char *term = attr(atts, "term");

		if (term)
			json_array_append_new(ps->it.tags, json_string(term));
		else {
			ps->cat_depth = ps->depth; /* RSS: the text is the tag */
			ps->cat.len = 0;
		}
	}
	if (f != F_NONE) {
		if (ps->it.f[f].len && (f == F_ID || f == F_LINK || f == F_DATE || f == F_UPDATED))
			ps->it.f[f].len = 0;
		ps->field = f;
		ps->field_depth = ps->depth;
		ps->it.html[f] = html;
	}
}

static void XMLCALL
on_end(void *arg, const char *name)
{
	struct parse *ps = arg;

	(void)name;
	if (ps->in_chan_lang) {
		ps->in_chan_lang = false;
		const char *s;
		size_t n;
		trim(&ps->chan_lang, &s, &n);
		if (n)
			ps->lang = xstrndup(s, n);
	}
	if (ps->cat_depth && ps->cat_depth == ps->depth) {
		const char *t;
		size_t tn;

		trim(&ps->cat, &t, &tn);
		if (tn)
			json_array_append_new(ps->it.tags, json_stringn(t, tn));
		ps->cat_depth = 0;
	}
	if (ps->field != F_NONE && ps->depth == ps->field_depth)
		ps->field = F_NONE;
	if (ps->in_item && ps->depth == ps->item_depth) {
		ps->in_item = false;
		item_done(ps);
	}
	ps->depth--;
}

static void XMLCALL
on_text(void *arg, const char *s, int len)
{
	struct parse *ps = arg;

	if (ps->in_chan_lang)
		buf_add(&ps->chan_lang, s, (size_t)len);
	else if (ps->in_item && ps->field != F_NONE)
		buf_add(&ps->it.f[ps->field], s, (size_t)len);
	else if (ps->cat_depth)
		buf_add(&ps->cat, s, (size_t)len);
}

bool
feed_parse(const char *body, size_t len, const char *source, const struct feed_handler *h)
{
	struct parse ps = {.source = source, .h = h};

	ps.p = XML_ParserCreate(NULL);
	XML_SetUserData(ps.p, &ps);
	XML_SetElementHandler(ps.p, on_start, on_end);
	XML_SetCharacterDataHandler(ps.p, on_text);
	ps.it.tags = json_array();
	if (XML_Parse(ps.p, body, (int)len, 1) == XML_STATUS_ERROR) {
		unsigned long line = (unsigned long)XML_GetCurrentLineNumber(ps.p);

		char why[160];

		snprintf(why, sizeof(why), "not a well-formed feed: %s",
		         XML_ErrorString(XML_GetErrorCode(ps.p)));
		h->reject(h->arg, line, body, len > 65536 ? 65536 : len, why);
	}
	XML_ParserFree(ps.p);
	for (int i = 0; i <= F_AUTHOR; i++)
		free(ps.it.f[i].p);
	json_decref(ps.it.tags);
	free(ps.lang);
	free(ps.chan_lang.p);
	free(ps.cat.p);
	return !ps.stopped;
}
