/*
 * sentio-plot: charts of sentiment in the terminal, the last stage of the
 * pipeline.
 *
 * Each record gives a point: x (a time or a number), y (a number) and the
 * series it belongs to.  By default the records are sentio-window's: x is
 * "start", y is "mean" and the series is "key"; --x, --y and --series take
 * any other fields, so scored records can be drawn as they come.  Every
 * record counts: only a window's update or revision (a record with the
 * same key and start) replaces its point; raw records at one x are all
 * kept, as one point of their mean and range (data.c).
 *
 * On a terminal the chart is live: it is redrawn in place on the
 * alternate screen as records arrive, at most --fps times a second, and
 * follows the window's size.  Otherwise (or with --static) it is drawn
 * once at the end of the input, or every --every records, at --width by
 * --height.  See chart_*.c for the kinds (chart.c for their axes), data.c
 * for what is kept, text.c for how names from data are made safe, term.c
 * for the terminal.
 */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "jsonpath.h"
#include "opt.h"
#include "plot.h"
#include "scan.h"
#include "stage.h"
#include "timestamp.h"

#define POINTS_PER_SERIES 2048
#define NAME_COLS         24

static const char help[] =
    "Draw window records (x: start, y: mean, series: key), or any records, as a chart.\n"
    "Live on a terminal; static at the end of the input otherwise.\n"
    "\n"
    "  -k, --kind KIND       line (default), bars, hist or spark\n"
    "  -x, --x PATH          the x field: a time or a number (default start; # counts records)\n"
    "  -y, --y PATH          the y field, a number (default mean)\n"
    "  -s, --series PATH     the field naming the series (default key)\n"
    "  -t, --title TEXT      a title above the chart\n"
    "      --ymin N          the bottom of the y axis (hist: of the values)\n"
    "      --ymax N          the top of the y axis\n"
    "  -w, --width N         static chart width in columns (default 80)\n"
    "  -H, --height N        static chart height in rows (default 20)\n"
    "      --live            redraw in place on the terminal (the default on one)\n"
    "      --static          draw once at the end (the default when not on a terminal)\n"
    "      --every N         static: draw a chart every N records\n"
    "      --fps N           live: redraw at most N times a second (default 20)\n"
    "      --color WHEN      auto (default: on a terminal, unless NO_COLOR), always or never\n"
    "      --ascii           draw with ASCII only (the default in a non-UTF-8 locale)\n"
    "      --bins N          hist: the number of bins (default 20)\n"
    "      --max-series N    draw at most N series; records of others are filtered (default "
    "8)\n" STAGE_TIME_HELP STAGE_HELP;

enum {
	OPT_YMIN = OPT_STAGE,
	OPT_YMAX,
	OPT_LIVE,
	OPT_STATIC,
	OPT_EVERY,
	OPT_FPS,
	OPT_COLOR,
	OPT_ASCII,
	OPT_BINS,
	OPT_MAX_SERIES
};

static const struct option longopts[] = {STAGE_LONGOPTS,
                                         STAGE_TIME_LONGOPTS,
                                         {"kind", required_argument, NULL, 'k'},
                                         {"x", required_argument, NULL, 'x'},
                                         {"y", required_argument, NULL, 'y'},
                                         {"series", required_argument, NULL, 's'},
                                         {"title", required_argument, NULL, 't'},
                                         {"ymin", required_argument, NULL, OPT_YMIN},
                                         {"ymax", required_argument, NULL, OPT_YMAX},
                                         {"width", required_argument, NULL, 'w'},
                                         {"height", required_argument, NULL, 'H'},
                                         {"live", no_argument, NULL, OPT_LIVE},
                                         {"static", no_argument, NULL, OPT_STATIC},
                                         {"every", required_argument, NULL, OPT_EVERY},
                                         {"fps", required_argument, NULL, OPT_FPS},
                                         {"color", required_argument, NULL, OPT_COLOR},
                                         {"colour", required_argument, NULL, OPT_COLOR},
                                         {"ascii", no_argument, NULL, OPT_ASCII},
                                         {"bins", required_argument, NULL, OPT_BINS},
                                         {"max-series", required_argument, NULL, OPT_MAX_SERIES},
                                         {NULL, 0, NULL, 0}};

/* The fields a record gives. */
/* F_UNSCORED: beside y, "unscored" (sentiment.unscored; a window's count of them). */
enum { F_X, F_Y, F_SERIES, F_POS, F_NEU, F_NEG, F_WSTART, F_WKEY, F_UNSCORED, F_NUM };

struct plot {
	struct chart chart;
	struct hist hist;
	struct jsonpath xpath, ypath, spath;
	struct jsonpath upath;        /* y's sibling "unscored" */
	struct jsonpath share[3];     /* pos, neu, neg: a window's counts, for bars */
	struct jsonpath wstart, wkey; /* start and key: a window's, which its updates share */
	/* The fields scanned for (see on_record()), and which target each is (-1: none). */
	struct scan_target targets[F_NUM];
	int at[F_NUM];
	int same[F_NUM]; /* a field at the path of an earlier one: its number, or -1 */
	size_t ntargets;
	bool xcount; /* --x '#': the record's number */
	bool xstart; /* --x start: x is the window's start */
	bool xtime_set;
	size_t max_series;
	bool series_warned;
	int width, height;
	unsigned long long count, every, drawn_at;
	bool charts_printed;
	/* live */
	int64_t frame_ns, last_draw;
	bool dirty, clear; /* something to draw; the screen to clear first (resized) */
	/* the bytes of a frame */
	char *buf;
	size_t len, cap;
};

/* ---- what the fields are ---- */

static const char *
last_key(const struct jsonpath *p)
{
	return p->nkeys ? p->keys[p->nkeys - 1] : "";
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* Fields that hold a sentiment score in [-1, 1]: their axis is fixed. */
static bool
sentiment_field(const struct jsonpath *p)
{
	static const char *const names[] = {"mean", "compound", "polarity", "p10",   "p50",
	                                    "p90",  "min",      "max",      "score", NULL};

	return in_list(last_key(p), names);
}

/* Fields whose numbers are epoch times (s, ms, us or ns: lib/timestamp). */
static bool
time_field(const struct jsonpath *p)
{
	static const char *const names[] = {"ts",        "time",       "start", "end",
	                                    "timestamp", "created_at", "date",  NULL};

	return in_list(last_key(p), names);
}

/* ---- series ---- */

static struct series *
find_series(struct plot *p, const json_t *key)
{
	struct chart *c = &p->chart;
	char *dumped = NULL;
	const char *k;
	size_t klen;

	if (!key || json_is_null(key)) {
		k = "all";
		klen = 3;
	} else if (json_is_string(key)) {
		k = json_string_value(key);
		klen = json_string_length(key);
	} else {
		k = dumped = json_dumps(key, JSON_COMPACT | JSON_ENCODE_ANY);
		klen = strlen(k);
	}
	for (size_t i = 0; i < c->nseries; i++) {
		struct series *s = c->series[i];

		if (s->keylen == klen && !memcmp(s->key, k, klen)) {
			free(dumped);
			return s;
		}
	}
	if (c->nseries == p->max_series) {
		if (!p->series_warned)
			weprintf("more than %zu series: the records of the others are filtered "
			         "(--max-series)",
			         p->max_series);
		p->series_warned = true;
		free(dumped);
		return NULL;
	}

	struct series *s = xcalloc(1, sizeof(*s));

	s->key = xmalloc(klen + 1);
	memcpy(s->key, k, klen);
	s->key[klen] = '\0';
	s->keylen = klen;
	s->name = text_clean(k, klen, NAME_COLS, c->ascii, &s->namew);
	s->color = (int)c->nseries;
	s->cap = POINTS_PER_SERIES;
	s->pts = xmalloc(s->cap * sizeof(*s->pts));
	s->stride = 1;
	c->series = xrealloc(c->series, (c->nseries + 1) * sizeof(*c->series));
	c->series[c->nseries++] = s;
	free(dumped);
	return s;
}

/* ---- windows ---- */

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * UINT64_C(1099511628211);
	return h;
}

/* A JSON value into the hash h: its kind, then its bytes. */
static uint64_t
fnv_json(uint64_t h, const json_t *v)
{
	if (json_is_string(v)) {
		h = fnv(h, "s", 1);
		return fnv(h, json_string_value(v), json_string_length(v) + 1);
	}
	if (json_is_number(v)) {
		double d = json_number_value(v);

		d = d == 0 ? 0 : d; /* -0 is 0 */
		h = fnv(h, "n", 1);
		return fnv(h, &d, sizeof(d));
	}
	if (json_is_null(v)) /* an ungrouped window's key: no need of its text */
		return fnv(h, "z", 1);

	char *d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	h = fnv(h, "j", 1);
	h = fnv(h, d ? d : "", d ? strlen(d) + 1 : 1);
	free(d);
	return h;
}

/*
 * A window record (one with a start and a key, as sentio-window writes)
 * is named by the two: its updates and revisions have the same, and
 * replace its point.  Any other record is raw: 0.
 */
static uint64_t
window_id(const json_t *start, const json_t *key, const double *x)
{
	uint64_t h;
	int64_t ns;
	const char *why;

	if (!start || !key)
		return 0;
	h = fnv_json(UINT64_C(14695981039346656037), key);
	if (x) { /* x is the start, already read (the default): not parsed twice */
		double d = *x == 0 ? 0 : *x;

		h = fnv(fnv(h, "x", 1), &d, sizeof(d));
	} else if (json_is_string(start) && !timestamp_from_json(start, &ns, &why))
		h = fnv(fnv(h, "t", 1), &ns, sizeof(ns)); /* one time however written */
	else
		h = fnv_json(h, start);
	return h ? h : 1;
}

/* ---- drawing ---- */

static void
render(struct plot *p, int w, int h, bool live)
{
	struct screen sc;

	if (p->chart.kind == KIND_SPARK && !live)
		h = (int)p->chart.nseries + (p->chart.title && *p->chart.title ? 1 : 0);
	screen_init(&sc, w, h);
	chart_draw(&p->chart, &sc);
	if (live && !p->count) {
		/* The frame at once, and a word that the pipeline is up and waiting. */
		static const char note[] = "waiting for data";
		int nw = (int)sizeof(note) - 1, x = (w - nw) / 2, y = h / 2 - 2;

		screen_text(&sc, x > 0 ? x : 0, y > 0 ? y : 0, note, w, 0, ATTR_DIM);
	}
	p->len = 0;
	screen_bytes(&sc, p->chart.color, live, &p->buf, &p->len, &p->cap);
	screen_free(&sc);
	out_write(p->buf, p->len);
}

static void
draw_static(struct plot *p)
{
	if (!p->count)
		return;
	if (p->charts_printed)
		out_putc('\n');
	render(p, p->width, p->height, false);
	p->charts_printed = true;
	p->drawn_at = p->count;
}

static void
draw_live(struct plot *p)
{
	int w = p->width, h = p->height;

	if (p->clear)
		out_puts("\033[2J"); /* what the terminal made of the old frame goes */
	p->clear = false;
	term_size(&w, &h);
	render(p, w, h, true);
	out_flush();
	p->dirty = false;
	p->last_draw = monotonic_ns();
}

/* Live: draw when there is something new (or a new size) and the last frame is old enough. */
static void
maybe_draw(struct plot *p)
{
	if (term_resized())
		p->dirty = p->clear = true;
	if (!p->dirty)
		return;
	if (monotonic_ns() - p->last_draw >= p->frame_ns)
		draw_live(p);
}

/* ---- the stage ---- */

/* A record's point, from its fields f[F_X..F_NUM) (NULL: missing). */
static enum verdict
take_record(struct stage *st, struct record *rec, json_t *const *f)
{
	struct plot *p = st->data;
	struct chart *c = &p->chart;
	struct point pt = {0};
	const json_t *v;
	double x, y;

	if (p->xcount)
		x = (double)(p->count + 1);
	else {
		if (!(v = f[F_X]))
			return stage_reject(st, rec, "no x field %s", p->xpath.text);
		int64_t ns;
		const char *why;

		if (json_is_string(v)) {
			if (timestamp_from_json(v, &ns, &why))
				return stage_reject(st, rec, "%s: %s", p->xpath.text, why);
			x = (double)ns / 1e9;
			if (!p->xtime_set)
				c->xtime = true;
		} else if (json_is_number(v)) {
			/* In a field of times, an epoch number in s, ms, us or ns; one that
			 * is no time (negative, past 2262) stays the number it is, drawn
			 * as plot always drew it. */
			if (time_field(&p->xpath) && !timestamp_from_json(v, &ns, &why))
				x = (double)ns / 1e9;
			else
				x = json_number_value(v);
		} else
			return stage_reject(st, rec, "%s is not a time or a number", p->xpath.text);
		p->xtime_set = true;
	}
	/*
	 * No y beside an "unscored": a record sentio-score did not score
	 * (another language), or a window of only such records.  Not a point.
	 */
	if ((!(v = f[F_Y]) || json_is_null(v)) &&
	    (json_is_string(f[F_UNSCORED]) ||
	     (json_is_integer(f[F_UNSCORED]) && json_integer_value(f[F_UNSCORED]) > 0)))
		return VERDICT_FILTERED;
	if (!(v = f[F_Y]))
		return stage_reject(st, rec, "no y field %s", p->ypath.text);
	if (!json_is_number(v) || !isfinite(y = json_number_value(v)))
		return stage_reject(st, rec, "%s is not a number", p->ypath.text);

	struct series *s = find_series(p, f[F_SERIES]);

	if (!s)
		return VERDICT_FILTERED;

	/* Shares for bars: a window's counts, or this value's class. */
	const json_t *pos = f[F_POS], *neu = f[F_NEU], *neg = f[F_NEG];

	if (json_is_number(pos) && json_is_number(neu) && json_is_number(neg)) {
		pt.pos = fmax(0, json_number_value(pos));
		pt.neu = fmax(0, json_number_value(neu));
		pt.neg = fmax(0, json_number_value(neg));
	} else if (y >= 0.05)
		pt.pos = 1;
	else if (y <= -0.05)
		pt.neg = 1;
	else
		pt.neu = 1;
	pt.x = x;
	pt.y = pt.lo = pt.hi = y;
	pt.n = 1;
	pt.win = window_id(f[F_WSTART], f[F_WKEY], p->xstart ? &x : NULL);

	double old;

	if (series_add(s, &pt, c->live, &old))
		hist_remove(&p->hist, old);
	hist_add(&p->hist, y);
	p->count++;

	if (c->live) {
		p->dirty = true;
		maybe_draw(p);
	} else if (p->every && p->count % p->every == 0)
		draw_static(p);
	return VERDICT_OUT;
}

/*
 * Each line: the fields we need, found by a scan of the line when it is
 * plain (almost always), or else by jansson, which also rejects what is
 * not a JSON object, as in every stage; the same values either way.
 */
static enum verdict
on_record(struct stage *st, struct record *rec)
{
	struct plot *p = st->data;
	json_t *f[F_NUM] = {NULL}, *obj;
	enum verdict v;

#ifndef PLOT_NO_FAST_PATH /* defined to test the slow path against the fast one */
	if (scan_record(rec->raw, rec->len, p->targets, p->ntargets, NULL)) {
		for (int i = 0; i < F_NUM; i++)
			if (p->same[i] >= 0)
				f[i] = json_incref(f[p->same[i]]);
			else if (p->at[i] >= 0)
				f[i] = scan_value(&p->targets[p->at[i]]);
	} else
#endif
	{
		if (!(obj = stage_parse(st, rec)))
			return VERDICT_REJECTED;
		for (int i = 0; i < F_NUM; i++)
			if (p->same[i] >= 0)
				f[i] = json_incref(f[p->same[i]]);
			else if (p->at[i] >= 0)
				f[i] = json_incref(jsonpath_get(obj, p->targets[p->at[i]].path));
		json_decref(obj);
	}
	v = take_record(st, rec, f);
	for (int i = 0; i < F_NUM; i++)
		json_decref(f[i]);
	return v;
}

static int
on_idle(struct stage *st)
{
	struct plot *p = st->data;
	int64_t wait;

	if (!p->chart.live)
		return -1;
	maybe_draw(p);
	/* Wake up when the next frame is due, and now and then to see a resize. */
	wait = p->dirty ? (p->last_draw + p->frame_ns - monotonic_ns()) / NS_PER_MS + 1 : 100;
	return wait < 1 ? 1 : wait > 100 ? 100 : (int)wait;
}

static void
on_finish(struct stage *st)
{
	struct plot *p = st->data;

	if (p->chart.live) {
		term_leave();
		/*
		 * At the end of the input, Ctrl-C or SIGTERM the last chart stays on
		 * the normal screen (a hang-up has no terminal left to print on).
		 */
		if (stage_signal() != SIGHUP && isatty(STDOUT_FILENO) && p->count) {
			int w = p->width, h = p->height;

			term_size(&w, &h);
			render(p, w, h > 2 ? h - 1 : h, false);
		}
		return;
	}
	if (p->count > p->drawn_at)
		draw_static(p);
}

/* ---- options ---- */

static void
path_arg(const char *opt, struct jsonpath *path, const char *arg)
{
	jsonpath_free(path);
	if (jsonpath_compile(path, arg))
		opt_bad(opt, arg, "not a field path");
}

/* The fields to scan for; pos, neu and neg are the record's own (a window's). */
static void
scan_fields(struct plot *p)
{
	const struct jsonpath *paths[F_NUM] = {p->xcount ? NULL : &p->xpath,
	                                       &p->ypath,
	                                       &p->spath,
	                                       &p->share[0],
	                                       &p->share[1],
	                                       &p->share[2],
	                                       &p->wstart,
	                                       &p->wkey,
	                                       &p->upath};

	jsonpath_compile(&p->share[0], "pos");
	jsonpath_compile(&p->share[1], "neu");
	jsonpath_compile(&p->share[2], "neg");
	jsonpath_compile(&p->wstart, "start");
	jsonpath_compile(&p->wkey, "key");
	jsonpath_sibling(&p->upath, &p->ypath, "unscored");
	for (int i = 0; i < F_NUM; i++) {
		p->at[i] = -1;
		p->same[i] = -1;
		if (!paths[i])
			continue;
		/* the same path twice (start as x and as a window's start): one value */
		for (int j = 0; j < i && p->same[i] < 0; j++)
			if (paths[j] && p->same[j] < 0 && !strcmp(paths[j]->text, paths[i]->text))
				p->same[i] = j;
		if (p->same[i] < 0) {
			p->at[i] = (int)p->ntargets;
			p->targets[p->ntargets++].path = paths[i];
		}
	}
}

/* Live: the alternate screen, and a first (empty) frame at once. */
static void
start_live(struct plot *p)
{
	term_enter();
	p->dirty = true;
	p->last_draw = monotonic_ns() - p->frame_ns;
	draw_live(p);
}

static bool
utf8_locale(void)
{
	const char *cs;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

int
main(int argc, char **argv)
{
	static struct plot p;
	struct stage st = {0};
	struct chart *c = &p.chart;
	static const char *const kinds[] = {"line", "bars", "hist", "spark", NULL};
	static const char *const colors[] = {"auto", "always", "never", NULL};
	enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
	const char *title = NULL, *xarg = "start";
	int ch, fps = 20, color = COLOR_AUTO;
	bool live = false, stat = false;

	stage_init(&st, "sentio-plot");
	st.usage = "[-k kind] [-x path] [-y path] [-s path] [-t title] [-w width] [-H height] "
	           "[options] [file ...]";
	st.help = help;
	st.record = on_record;
	st.finish = on_finish;
	st.idle = on_idle;
	st.data = &p;

	c->kind = KIND_LINE;
	c->ymin = c->ymax = NAN;
	c->ascii = !utf8_locale();
	p.width = 80;
	p.height = 20;
	p.max_series = 8;
	jsonpath_compile(&p.ypath, "mean");
	jsonpath_compile(&p.spath, "key");

	while ((ch = getopt_long(argc, argv, STAGE_SHORTOPTS "k:x:y:s:t:w:H:", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'k':
			c->kind = (enum kind)opt_choice("--kind", optarg, kinds);
			break;
		case 'x':
			xarg = optarg;
			break;
		case 'y':
			path_arg("--y", &p.ypath, optarg);
			break;
		case 's':
			path_arg("--series", &p.spath, optarg);
			break;
		case 't':
			title = optarg;
			break;
		case OPT_YMIN:
			c->ymin = opt_number("--ymin", optarg, -HUGE_VAL, HUGE_VAL);
			break;
		case OPT_YMAX:
			c->ymax = opt_number("--ymax", optarg, -HUGE_VAL, HUGE_VAL);
			break;
		case 'w':
			p.width = (int)opt_count("--width", optarg, 10, 1000);
			break;
		case 'H':
			p.height = (int)opt_count("--height", optarg, 5, 1000);
			break;
		case OPT_LIVE:
			live = true;
			break;
		case OPT_STATIC:
			stat = true;
			break;
		case OPT_EVERY:
			p.every = (unsigned long long)opt_count("--every", optarg, 1, LLONG_MAX);
			break;
		case OPT_FPS:
			fps = (int)opt_count("--fps", optarg, 1, 1000);
			break;
		case OPT_COLOR:
			color = opt_choice("--color", optarg, colors);
			break;
		case OPT_ASCII:
			c->ascii = true;
			break;
		case OPT_BINS:
			c->bins = (int)opt_count("--bins", optarg, 1, 1000);
			break;
		case OPT_MAX_SERIES:
			p.max_series = (size_t)opt_count("--max-series", optarg, 1, 64);
			break;
		default:
			if (!stage_option(&st, ch, optarg))
				stage_usage(&st, 2);
		}
	}
	if (live && stat)
		stage_bad_option(&st, "--live", "cannot be used with --static");
	if (!isnan(c->ymin) && !isnan(c->ymax) && c->ymin >= c->ymax)
		stage_bad_option(&st, "--ymin", "must be below --ymax");
	if (!strcmp(xarg, "#"))
		p.xcount = true;
	else {
		path_arg("--x", &p.xpath, xarg);
		p.xstart = p.xpath.nkeys == 1 && !strcmp(p.xpath.keys[0], "start");
	}

	c->live = live || (!stat && isatty(STDOUT_FILENO));
	if (color == COLOR_ALWAYS)
		c->color = true;
	else if (color == COLOR_AUTO) {
		const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

		c->color =
		    isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
	}
	if (title)
		c->title = text_clean(title, strlen(title), 200, c->ascii, NULL);
	c->sentiment = sentiment_field(&p.ypath);
	c->xtime = !p.xcount && time_field(&p.xpath);
	c->hist = &p.hist;
	if (c->sentiment || (!isnan(c->ymin) && !isnan(c->ymax))) {
		double lo = !isnan(c->ymin) ? c->ymin : -1, hi = !isnan(c->ymax) ? c->ymax : 1;

		hist_fix(&p.hist, lo, hi);
	}
	p.frame_ns = NS_PER_SEC / fps;

	scan_fields(&p);
	st.raw_lines = true; /* on_record() parses, with scan.c or stage_parse() */
	if (c->live) {
		/* The chart is the progress, and the screen is its own. */
		st.progress = PROGRESS_OFF;
		start_live(&p);
	}
	return stage_run(&st, argc - optind, argv + optind);
}
