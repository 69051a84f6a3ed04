/*
 * feed.c: RSS 2.0 and Atom feeds as sources, polled every --interval with
 * a conditional GET (ETag, Last-Modified), parsed with expat.  An item
 * becomes a record: guid or id, pubDate or updated, title and description
 * or summary as plain text.  Items seen before (their ids are kept in the
 * state file, a bounded number of them) are not written again.
 */
#include <ctype.h>
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "collect.h"
#include "html.h"
#include "timestamp.h"

#define SEEN_MAX 4096

struct feed {
	struct source src;
	char *url;
	char *etag, *last_modified;
	struct xfer *x;
	unsigned attempt;
	unsigned long items; /* read so far, for messages */
	struct idset *seen;
};

/* The parts of an item being read. */
enum field { F_NONE, F_ID, F_LINK, F_TITLE, F_SUMMARY, F_CONTENT, F_DATE, F_UPDATED, F_AUTHOR };

struct item {
	struct buf f[F_AUTHOR + 1];
	bool html[F_AUTHOR + 1]; /* holds HTML (RSS description, Atom type="html") */
	json_t *tags;
	unsigned long line;
};

struct parse {
	struct feed *feed;
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
	struct tm tm = {0};
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
	/* A year has at most four digits (and year - 1900 must not overflow); whether
	 * the time fits in 64-bit nanoseconds is checked on the seconds below. */
	if (m == 12 || day < 1 || day > 31 || h > 23 || mi > 59 || sec > 60 || year < 0 ||
	    year > 9999)
		return -1;
	if (year < 100)
		year += year < 50 ? 2000 : 1900;
	tm.tm_year = year - 1900;
	tm.tm_mon = m;
	tm.tm_mday = day;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	int64_t t = (int64_t)timegm(&tm) - off * 60;
	/* Nanoseconds since 1970 in 64 bits reach from 1677 to 2262: beyond, not a
	 * time (as rfc3339_parse() says). */
	if (t <= INT64_MIN / NS_PER_SEC || t >= INT64_MAX / NS_PER_SEC)
		return -1;
	*ns = t * NS_PER_SEC;
	return 0;
}

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
	struct feed *fd = ps->feed;
	struct item *it = &ps->it;
	json_t *rec = json_object();
	const char *id, *date;
	size_t idn, daten;
	char tsbuf[RFC3339_LEN];
	int64_t ns;

	if (collect_stopping()) {
		ps->stopped = true;
		json_decref(rec);
		return;
	}
	fd->items++;
	stage->in++;
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
		stage_reject_input(stage, fd->src.name, it->line, rawtext, strlen(rawtext), "%s",
		                   why);
		goto out;
	}
	char *idstr = xstrndup(id, idn);
	if (!idset_add(fd->seen, idstr)) {
		count_filtered();
		free(idstr);
		goto out;
	}
	json_object_set_new(rec, "id", json_string(idstr));
	free(idstr);
	json_object_set_new(rec, "ts", json_string(rfc3339_format(ns, tsbuf)));
	json_object_set_new(rec, "source", json_string(fd->src.name));
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
	emit_json(rec);
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

/* Returns false when the run ended before every item was read. */
static bool
parse_feed(struct feed *fd, const char *body, size_t len)
{
	struct parse ps = {.feed = fd};

	ps.p = XML_ParserCreate(NULL);
	XML_SetUserData(ps.p, &ps);
	XML_SetElementHandler(ps.p, on_start, on_end);
	XML_SetCharacterDataHandler(ps.p, on_text);
	ps.it.tags = json_array();
	if (XML_Parse(ps.p, body, (int)len, 1) == XML_STATUS_ERROR) {
		unsigned long line = (unsigned long)XML_GetCurrentLineNumber(ps.p);

		stage->in++;
		stage_reject_input(stage, fd->src.name, line, body, len > 65536 ? 65536 : len,
		                   "not a well-formed feed: %s",
		                   XML_ErrorString(XML_GetErrorCode(ps.p)));
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

static void start(struct feed *fd);

static void
feed_done(struct xfer *x, CURLcode rc, long status)
{
	struct feed *fd = x->arg;
	int64_t delay = opts.interval_ns;

	fd->x = NULL;
	if (rc == CURLE_OK && status == 200) {
		fd->attempt = 0;
		/* The validators are kept only once every item was read. */
		if (parse_feed(fd, x->body.p ? x->body.p : "", x->body.len)) {
			free(fd->etag);
			fd->etag = x->etag ? xstrdup(x->etag) : NULL;
			free(fd->last_modified);
			fd->last_modified = x->last_modified ? xstrdup(x->last_modified) : NULL;
		}
	} else if (rc == CURLE_OK && status == 304) {
		fd->attempt = 0; /* not modified */
	} else if (rc == CURLE_OK && status >= 400 && status < 500 && status != 429 &&
	           status != 408) {
		weprintf("%s: HTTP %ld", fd->src.name, status);
		stage->status = 1;
		if (opts.once) {
			fd->src.done = true;
			return;
		}
	} else {
		delay = backoff_ns(fd->attempt++);
		if (status == 429 && x->retry_after_ns)
			delay = x->retry_after_ns;
		if (rc != CURLE_OK)
			weprintf("%s: %s; again in %.1fs", fd->src.name, xfer_strerror(x, rc),
			         (double)delay / 1e9);
		else
			weprintf("%s: HTTP %ld; again in %.1fs", fd->src.name, status,
			         (double)delay / 1e9);
		if (opts.once && fd->attempt > 5) {
			weprintf("%s: failed six times in a row: giving up", fd->src.name);
			stage->status = 1;
			fd->src.done = true;
			return;
		}
		source_wake_at(&fd->src, monotonic_ns() + delay);
		return;
	}
	if (opts.once)
		fd->src.done = true;
	else
		source_wake_at(&fd->src, monotonic_ns() + delay);
}

static void
start(struct feed *fd)
{
	char *inm = NULL, *ims = NULL;
	const char *headers[3] = {NULL};
	int n = 0;

	if (fd->etag) {
		inm = xmalloc(strlen(fd->etag) + 16);
		sprintf(inm, "If-None-Match: %s", fd->etag);
		headers[n++] = inm;
	}
	if (fd->last_modified) {
		ims = xmalloc(strlen(fd->last_modified) + 20);
		sprintf(ims, "If-Modified-Since: %s", fd->last_modified);
		headers[n++] = ims;
	}
	fd->x = xfer_get(&fd->src, fd->url, headers, NULL, feed_done, fd);
	free(inm);
	free(ims);
}

static void
feed_step(struct source *src)
{
	struct feed *fd = src->data;

	if (!fd->x)
		start(fd);
}

static json_t *
feed_save(struct source *src)
{
	struct feed *fd = src->data;
	json_t *pos = json_object();

	if (fd->etag)
		json_object_set_new(pos, "etag", json_string(fd->etag));
	if (fd->last_modified)
		json_object_set_new(pos, "last_modified", json_string(fd->last_modified));
	json_object_set_new(pos, "seen", idset_json(fd->seen));
	return pos;
}

static void
feed_load(struct source *src, json_t *pos)
{
	struct feed *fd = src->data;
	json_t *v;
	size_t i;

	if ((v = json_object_get(pos, "etag")) && json_is_string(v))
		fd->etag = xstrdup(json_string_value(v));
	if ((v = json_object_get(pos, "last_modified")) && json_is_string(v))
		fd->last_modified = xstrdup(json_string_value(v));
	json_array_foreach(json_object_get(pos, "seen"), i, v) if (json_is_string(v))
	    idset_add(fd->seen, json_string_value(v));
}

static void
feed_stop(struct source *src)
{
	struct feed *fd = src->data;

	xfer_cancel(fd->x);
	fd->x = NULL;
}

static const struct source_ops feed_ops = {
    .step = feed_step,
    .save = feed_save,
    .load = feed_load,
    .stop = feed_stop,
};

struct source *
feed_source(const char *spec)
{
	struct feed *fd;

	if (strncmp(spec, "feed:", 5))
		return NULL;
	if (strncmp(spec + 5, "http://", 7) && strncmp(spec + 5, "https://", 8))
		stage_bad_option(stage, spec, "not feed:http://... or feed:https://...");
	fd = xcalloc(1, sizeof(*fd));
	fd->url = xstrdup(spec + 5);
	fd->src.ops = &feed_ops;
	fd->src.data = fd;
	fd->src.fd = -1;
	fd->src.ready = true;
	fd->src.name = xstrdup(spec);
	fd->seen = idset_new(SEEN_MAX);
	return &fd->src;
}
