/*
 * chart.c: the four kinds of chart, drawn on a screen of cells.
 *
 * line   braille dots (2 by 4 to a cell; one dot a cell in ASCII), a line
 *        per series in its colour, y ticks on the left, times below, a
 *        legend with each series' latest value;
 * bars   a stacked column of pos, neu and neg shares per window;
 * hist   the distribution of every value read;
 * spark  one line of ▁▂▃▄▅▆▇█ per series.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plot.h"
#include "util.h"

static const int palette[] = {36, 35, 33, 32, 34, 31, 96, 95, 93, 92, 94, 91};
static const char marks[] = "*+ox#@%&=$";

int
chart_color(int i)
{
	return palette[i % (int)LEN(palette)];
}

char
chart_mark(int i)
{
	return marks[i % (int)(sizeof(marks) - 1)];
}

/* ---- numbers and times on the axes ---- */

struct numfmt {
	double scale;
	char suffix[8];
	int decimals;
};

static double
nice_step(double span, int maxticks)
{
	double raw, p, m;

	if (maxticks < 1)
		maxticks = 1;
	raw = span / maxticks;
	if (!(raw >= 1e-323) || isinf(raw)) /* (10 to the -324 is 0) */
		return 1;
	p = pow(10, floor(log10(raw)));
	m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

static struct numfmt
num_format(double lo, double hi, double step)
{
	struct numfmt f = {1, "", 0};
	double a = fmax(fabs(lo), fabs(hi)), s;

	if (a >= 1e12 || (a > 0 && a < 1e-6)) { /* 1.5e307, not 300 digits; 2.5e-9, not 0.000000 */
		int e = to_int(floor(log10(a)), -323, 308);

		f = (struct numfmt){pow(10, e), "", 0};
		snprintf(f.suffix, sizeof(f.suffix), "e%d", e);
	} else if (a >= 1e9)
		f = (struct numfmt){1e9, "G", 0};
	else if (a >= 1e6)
		f = (struct numfmt){1e6, "M", 0};
	else if (a >= 1e4)
		f = (struct numfmt){1e3, "k", 0};
	s = step / f.scale;
	if (s < 1) {
		f.decimals = to_int(ceil(-log10(s) - 1e-9), 0, 7);
		if (fabs(s * pow(10, f.decimals) - round(s * pow(10, f.decimals))) > 1e-6)
			f.decimals++;
	}
	if (f.decimals > 6)
		f.decimals = 6;
	return f;
}

static void
num_label(double v, const struct numfmt *f, char *buf, size_t n)
{
	double x = v / f->scale;

	if (fabs(x) < 0.5 * pow(10, -f->decimals))
		x = 0; /* no "-0.0" */
	snprintf(buf, n, "%.*f%s", f->decimals, x, x == 0 ? "" : f->suffix);
}

/* Steps for time axes, in seconds. */
static const double time_steps[] = {1,     2,     5,      10,     15,      30,      60,      120,
                                    300,   600,   900,    1800,   3600,    7200,    10800,   21600,
                                    43200, 86400, 172800, 604800, 2592000, 7776000, 31536000};

/* The strftime format of time labels at this step over this span, and its width. */
static const char *
time_format(double step, double span, int *w)
{
	if (step < 60) {
		*w = 8;
		return "%H:%M:%S";
	}
	if (step < 86400 && span < 86400) {
		*w = 5;
		return "%H:%M";
	}
	if (step < 86400) {
		*w = 11;
		return "%m-%d %H:%M";
	}
	if (span < 31536000) {
		*w = 5;
		return "%m-%d";
	}
	*w = 10;
	return "%Y-%m-%d";
}

static void
time_label(double t, const char *fmt, char *buf, size_t n)
{
	time_t s = fabs(t) < 1e17 ? (time_t)floor(t) : 0;
	struct tm tm;

	if (!(fabs(t) < 1e17) || !gmtime_r(&s, &tm) || !strftime(buf, n, fmt, &tm))
		snprintf(buf, n, "?");
}

/* ---- ranges ---- */

/*
 * After a chart has widened an empty range its own way: a range still
 * empty (the widening lost to rounding, next to 1e300 or to 5e-324) is
 * widened by a tenth of its value, or by 1.
 */
static void
nonempty(double *lo, double *hi)
{
	double d = fabs(*lo) / 10;

	if (*hi > *lo)
		return;
	if (!(d >= DBL_MIN))
		d = 1;
	*lo -= d;
	*hi = *lo + 2 * d;
}

/* ---- ticks ---- */

struct ticks {
	double lo, hi, step;
	bool time;
	const char *tfmt; /* for times */
	struct numfmt nf; /* for numbers */
	int width;        /* of a label, at most */
};

static void
tick_label(const struct ticks *t, double v, char *buf, size_t n)
{
	if (!t->time) {
		num_label(v, &t->nf, buf, n);
		return;
	}
	time_label(v, t->tfmt, buf, n);
	if (t->step < 1) { /* seconds and their fraction */
		size_t len = strlen(buf);
		double frac = v - floor(v);
		int d = t->nf.decimals;
		long f = lround(frac * pow(10, d));

		if (f >= lround(pow(10, d)))
			f = 0;
		snprintf(buf + len, n - len, ".%0*ld", d, f);
	}
}

/* Ticks for the x axis over [lo, hi] on cols columns. */
static struct ticks
x_ticks(double lo, double hi, bool time, int cols)
{
	struct ticks t = {lo, hi, 1, time, NULL, {1, "", 0}, 1};
	double span = hi - lo;

	if (time && span >= 2) {
		for (size_t i = 0; i < LEN(time_steps); i++) {
			t.step = time_steps[i];
			t.tfmt = time_format(t.step, span, &t.width);
			if (span / t.step <= (double)cols / (t.width + 3))
				return t;
		}
		return t;
	}
	for (int maxt = 10; maxt >= 1; maxt--) {
		char a[64], b[64];

		t.step = nice_step(span, maxt);
		if (time && t.step >= 1) {
			t.step = 1;
			t.nf = (struct numfmt){1, "", 0};
		} else
			t.nf = num_format(time ? 0 : lo, time ? 0 : hi, t.step);
		t.tfmt = "%H:%M:%S";
		tick_label(&t, lo, a, sizeof(a));
		tick_label(&t, hi, b, sizeof(b));
		t.width = (int)fmax(strlen(a), strlen(b));
		if (span / t.step <= (double)cols / (t.width + 3))
			break;
	}
	return t;
}

/* ---- the y range ---- */

/* The y range of points (or the fixed one) and its ticks for rows rows. */
static struct ticks
y_ticks(const struct chart *c, double dmin, double dmax, bool have, int rows, bool expand)
{
	struct ticks t = {0, 1, 1, false, NULL, {1, "", 0}, 1};
	int maxt = rows / 2 > 1 ? rows / 2 : 2;

	if (c->sentiment) {
		t.lo = -1;
		t.hi = 1;
	} else if (have) {
		t.lo = plot_clamp(dmin);
		t.hi = plot_clamp(dmax);
	}
	if (!isnan(c->ymin))
		t.lo = plot_clamp(c->ymin);
	if (!isnan(c->ymax))
		t.hi = plot_clamp(c->ymax);
	if (t.hi <= t.lo) {
		double d = fabs(t.lo) > 0 ? fabs(t.lo) / 10 : 1;

		if (!isnan(c->ymin) && isnan(c->ymax))
			t.hi = t.lo + d;
		else if (!isnan(c->ymax) && isnan(c->ymin))
			t.lo = t.hi - d;
		else {
			t.lo -= d;
			t.hi += d;
		}
		nonempty(&t.lo, &t.hi);
	}
	if (maxt > 8)
		maxt = 8;
	t.step = nice_step(t.hi - t.lo, maxt);
	if (expand && !c->sentiment) {
		if (isnan(c->ymin))
			t.lo = floor(t.lo / t.step + 1e-9) * t.step;
		if (isnan(c->ymax))
			t.hi = ceil(t.hi / t.step - 1e-9) * t.step;
		if (!(t.hi > t.lo))
			t.hi = t.lo + t.step;
	}
	t.nf = num_format(t.lo, t.hi, t.step);
	t.width = 1;
	for (int i = 0;
	     i < 1000 && (ceil(t.lo / t.step - 1e-9) + i) * t.step <= t.hi + t.step * 1e-9; i++) {
		char buf[64];
		double v = (ceil(t.lo / t.step - 1e-9) + i) * t.step;

		num_label(v, &t.nf, buf, sizeof(buf));
		if ((int)strlen(buf) > t.width)
			t.width = (int)strlen(buf);
	}
	return t;
}

/* ---- the parts every framed chart has ---- */

struct layout {
	int top;    /* first row of the plot area */
	int left;   /* first column of the plot area */
	int pw, ph; /* its size in cells */
	int legend; /* the legend's row, or -1 */
};

static struct layout
lay_out(const struct chart *c, const struct screen *sc, int labelw, bool legend)
{
	struct layout l;
	int rows = sc->h, title = c->title && *c->title;

	l.legend = legend ? 1 : 0;
	/* On a small screen the legend goes first, then the title. */
	if (rows - title - l.legend - 2 < 2)
		l.legend = 0;
	if (rows - title - l.legend - 2 < 2)
		title = 0;
	l.top = title;
	l.ph = rows - title - l.legend - 2;
	if (l.ph < 1)
		l.ph = 1;
	l.left = labelw + 1;
	if (l.left > sc->w / 2)
		l.left = sc->w / 2;
	l.pw = sc->w - l.left;
	if (l.pw < 1)
		l.pw = 1;
	l.legend = l.legend ? sc->h - 1 : -1;
	return l;
}

static void
draw_title(const struct chart *c, struct screen *sc, const struct layout *l)
{
	if (l->top && c->title) {
		int w = text_width(c->title), x = l->left + (l->pw - w) / 2;

		if (x + w > sc->w)
			x = sc->w - w;
		if (x < 0)
			x = 0;
		screen_text(sc, x, 0, c->title, sc->w - x, 0, 0);
	}
}

/* The y axis: a label at each tick, the axis line. */
static void
draw_y_axis(const struct chart *c, struct screen *sc, const struct layout *l, const struct ticks *t,
            const char *suffix)
{
	int axis = l->left - 1;

	for (int r = 0; r < l->ph; r++)
		screen_put(sc, axis, l->top + r, c->ascii ? "|" : "\xe2\x94\x82", 0, 0);
	double k0 = ceil(t->lo / t->step - 1e-9);
	int last = -1;

	for (int i = 0; i < 1000 && (k0 + i) * t->step <= t->hi + t->step * 1e-9; i++) {
		char buf[80];
		double v = (k0 + i) * t->step;
		double f = v >= t->hi ? 0 : v <= t->lo ? 1 : (t->hi - v) / (t->hi - t->lo);
		int r = l->top + to_int(round(f * (l->ph - 1)), 0, l->ph - 1), w;

		if (r == last)
			continue; /* two ticks to a row: the first will do */
		last = r;
		num_label(v, &t->nf, buf, sizeof(buf) - 8);
		strcat(buf, suffix);
		w = (int)strlen(buf);
		screen_text(sc, axis - w > 0 ? axis - w : 0, r, buf, axis, 0, 0);
		screen_put(sc, axis, r, c->ascii ? "+" : "\xe2\x94\xa4", 0, 0);
	}
}

/* The x axis line, with a mark under each label. */
static void
draw_x_axis(const struct chart *c, struct screen *sc, const struct layout *l, int cols)
{
	int y = l->top + l->ph;

	screen_put(sc, l->left - 1, y, c->ascii ? "+" : "\xe2\x94\x94", 0, 0);
	for (int x = l->left; x < l->left + cols && x < sc->w; x++)
		screen_put(sc, x, y, c->ascii ? "-" : "\xe2\x94\x80", 0, 0);
}

/* A label below the axis, centred on column x, if it does not run into the last one. */
static void
x_label(const struct chart *c, struct screen *sc, const struct layout *l, int x, const char *s,
        int *used)
{
	int w = (int)strlen(s), at = x - w / 2;

	if (at + w > sc->w)
		at = sc->w - w;
	if (at < l->left - 1)
		at = l->left - 1;
	if (at < *used || at < 0 || l->top + l->ph + 1 >= sc->h)
		return;
	screen_text(sc, at, l->top + l->ph + 1, s, w, 0, 0);
	screen_put(sc, x, l->top + l->ph, c->ascii ? "+" : "\xe2\x94\xac", 0, 0);
	*used = at + w + 1;
}

static void
draw_x_ticks(const struct chart *c, struct screen *sc, const struct layout *l,
             const struct ticks *t, int cols)
{
	int used = 0;
	double k0 = ceil(t->lo / t->step - 1e-9);

	for (int i = 0; i < 1000 && (k0 + i) * t->step <= t->hi + t->step * 1e-9; i++) {
		char buf[64];
		double v = (k0 + i) * t->step;
		int x = l->left + to_int(round(unit(v, t->lo, t->hi) * (cols - 1)), 0, cols - 1);

		tick_label(t, v, buf, sizeof(buf));
		x_label(c, sc, l, x, buf, &used);
	}
}

/* ---- line ---- */

struct canvas {
	int w, h;   /* in cells */
	int dx, dy; /* dots per cell */
	uint8_t *bits;
	int16_t *who; /* series + 1 that drew last in the cell */
};

static void
dot(struct canvas *cv, int x, int y, int who)
{
	static const uint8_t braille[4][2] = {
	    {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
	int cx = x / cv->dx, cy = y / cv->dy;

	if (x < 0 || y < 0 || cx >= cv->w || cy >= cv->h)
		return;
	cv->bits[cy * cv->w + cx] |= cv->dx == 2 ? braille[y % 4][x % 2] : 1;
	cv->who[cy * cv->w + cx] = (int16_t)who;
}

static void
segment(struct canvas *cv, int x0, int y0, int x1, int y1, int who)
{
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int err = dx + dy;

	for (;;) {
		dot(cv, x0, y0, who);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;

		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

static int
y_dot(double y, const struct ticks *t, int h)
{
	if (!(y < t->hi)) /* above, or NaN */
		return 0;
	if (!(y > t->lo))
		return h - 1;
	return to_int(round((t->hi - y) / (t->hi - t->lo) * (h - 1)), 0, h - 1);
}

static void
draw_line(const struct chart *c, struct screen *sc)
{
	struct point **pts = xcalloc(c->nseries ? c->nseries : 1, sizeof(*pts));
	size_t *npts = xcalloc(c->nseries ? c->nseries : 1, sizeof(*npts));
	size_t *caps = xcalloc(c->nseries ? c->nseries : 1, sizeof(*caps));
	int dx = c->ascii ? 1 : 2, dy = c->ascii ? 1 : 4;
	double ymin = INFINITY, ymax = -INFINITY, xmin = INFINITY, xmax = -INFINITY;
	struct ticks yt, xt;
	struct layout l;
	struct canvas cv;

	/* Live, the last points that fit the width; static, all there are. */
	size_t keep = c->live ? (size_t)sc->w * (size_t)dx : SIZE_MAX;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c->nseries; i++) {
			npts[i] = series_points(c->series[i], &pts[i], &caps[i], keep);
			for (size_t k = 0; k < npts[i]; k++) {
				ymin = fmin(ymin, pts[i][k].lo);
				ymax = fmax(ymax, pts[i][k].hi);
				xmin = fmin(xmin, pts[i][k].x);
				xmax = fmax(xmax, pts[i][k].x);
			}
		}
		yt = y_ticks(c, ymin, ymax, ymin <= ymax, sc->h - 3, true);
		l = lay_out(c, sc, yt.width, c->nseries > 1);
		if (!c->live || keep == (size_t)l.pw * (size_t)dx)
			break;
		keep = (size_t)l.pw * (size_t)dx;
		ymin = xmin = INFINITY;
		ymax = xmax = -INFINITY;
	}
	yt = y_ticks(c, ymin, ymax, ymin <= ymax, l.ph, true);
	if (yt.width + 1 != l.left)
		l = lay_out(c, sc, yt.width, c->nseries > 1);
	if (!(xmin <= xmax))
		xmin = xmax = 0;
	xmin = plot_clamp(xmin);
	xmax = plot_clamp(xmax);
	if (xmax == xmin) {
		xmin -= 1;
		xmax += 1;
		nonempty(&xmin, &xmax);
	}

	cv = (struct canvas){l.pw,
	                     l.ph,
	                     dx,
	                     dy,
	                     xcalloc((size_t)l.pw * l.ph, 1),
	                     xcalloc((size_t)l.pw * l.ph, sizeof(int16_t))};
	int wd = l.pw * dx, hd = l.ph * dy;

	for (size_t i = 0; i < c->nseries; i++) {
		int px = 0, py = 0;

		for (size_t k = 0; k < npts[i]; k++) {
			const struct point *p = &pts[i][k];
			int x = to_int(round(unit(p->x, xmin, xmax) * (wd - 1)), 0, wd - 1);
			int y = y_dot(p->y, &yt, hd);

			if (k)
				segment(&cv, px, py, x, y, (int)i + 1);
			else
				dot(&cv, x, y, (int)i + 1);
			if (p->n > 1) /* a merged point: the range of its values */
				segment(&cv, x, y_dot(p->lo, &yt, hd), x, y_dot(p->hi, &yt, hd),
				        (int)i + 1);
			px = x;
			py = y;
		}
	}

	/* The zero line, where no dot is. */
	int zero = yt.lo < 0 && yt.hi > 0 ? y_dot(0, &yt, hd) / dy : -1;

	for (int r = 0; r < l.ph; r++) {
		for (int x = 0; x < l.pw; x++) {
			uint8_t b = cv.bits[r * l.pw + x];
			int who = cv.who[r * l.pw + x];

			if (b) {
				char g[8];

				if (c->ascii) {
					g[0] = chart_mark(who - 1);
					g[1] = '\0';
				} else {
					unsigned cp = 0x2800 + b;

					g[0] = (char)(0xe0 | cp >> 12);
					g[1] = (char)(0x80 | (cp >> 6 & 0x3f));
					g[2] = (char)(0x80 | (cp & 0x3f));
					g[3] = '\0';
				}
				screen_put(sc, l.left + x, l.top + r, g, chart_color(who - 1), 0);
			} else if (r == zero)
				screen_put(sc, l.left + x, l.top + r,
				           c->ascii ? "-" : "\xe2\x94\x84", 0, ATTR_DIM);
		}
	}
	draw_title(c, sc, &l);
	draw_y_axis(c, sc, &l, &yt, "");
	draw_x_axis(c, sc, &l, l.pw);
	if (c->nseries) {
		xt = x_ticks(xmin, xmax, c->xtime, l.pw);
		draw_x_ticks(c, sc, &l, &xt, l.pw);
	}

	/* The legend: each series' mark, name and latest value. */
	if (l.legend >= 0) {
		int x = 0;

		for (size_t i = 0; i < c->nseries && x < sc->w; i++) {
			const struct series *s = c->series[i];
			char mark[2] = {chart_mark((int)i), '\0'}, val[64];
			int need;

			if (c->sentiment)
				snprintf(val, sizeof(val), " %.2f", s->last);
			else
				snprintf(val, sizeof(val), " %.4g", s->last);
			need = 2 + s->namew + (int)strlen(val);
			if (x + need > sc->w && i + 1 <= c->nseries) {
				screen_text(sc, x, l.legend, c->ascii ? "..." : "\xe2\x80\xa6", 3,
				            0, 0);
				break;
			}
			screen_put(sc, x, l.legend, c->ascii ? mark : "\xe2\xa3\xbf",
			           chart_color((int)i), 0);
			x += 2;
			x += screen_text(sc, x, l.legend, s->name, sc->w - x, 0, 0);
			x += screen_text(sc, x, l.legend, val, sc->w - x, 0, ATTR_DIM);
			x += 2;
		}
	}
	for (size_t i = 0; i < c->nseries; i++)
		free(pts[i]);
	free(pts);
	free(npts);
	free(caps);
	free(cv.bits);
	free(cv.who);
}

/* ---- bars ---- */

static int
by_x(const void *a, const void *b)
{
	double x = ((const struct point *)a)->x, y = ((const struct point *)b)->x;

	return (x > y) - (x < y);
}

/* Split rows among the shares by largest remainder, so that they fill the column exactly. */
static void
apportion(const double share[3], int rows, int out[3])
{
	double s[3] = {share[0], share[1], share[2]}, total = s[0] + s[1] + s[2], rem[3];
	int given = 0;

	if (isinf(total)) { /* counts too big to add up: their proportions to the largest */
		double m = fmax(s[0], fmax(s[1], s[2]));

		for (int i = 0; i < 3; i++)
			s[i] = isinf(m) ? isinf(s[i]) : s[i] / m;
		total = s[0] + s[1] + s[2];
	}
	for (int i = 0; i < 3; i++) {
		double exact = total > 0 ? s[i] / total * rows : 0;

		out[i] = to_int(floor(exact), 0, rows);
		rem[i] = exact - out[i];
		given += out[i];
	}
	while (total > 0 && given < rows) {
		int best = 0;

		for (int i = 1; i < 3; i++)
			if (rem[i] > rem[best])
				best = i;
		out[best]++;
		rem[best] = -1;
		given++;
	}
}

static void
draw_bars(const struct chart *c, struct screen *sc)
{
	static const char *uni[3] = {"\xe2\x96\x88", "\xe2\x96\x92", "\xe2\x96\x91"};
	static const char *asc[3] = {"#", "=", "."};
	static const char *names[3] = {"pos", "neu", "neg"};
	static const int colors[3] = {32, 37, 31};
	struct point *all = NULL, *buf = NULL;
	size_t n = 0, cap = 0, bufcap = 0, m = 0;
	struct layout l = lay_out(c, sc, 4, true);

	for (size_t i = 0; i < c->nseries; i++) {
		size_t k = series_points(c->series[i], &buf, &bufcap, SIZE_MAX);

		if (n + k > cap) {
			cap = (n + k) * 2;
			all = xrealloc(all, cap * sizeof(*all));
		}
		memcpy(all + n, buf, k * sizeof(*buf));
		n += k;
	}
	free(buf);
	/* One bucket per window: the series' points at the same x add up. */
	if (n)
		qsort(all, n, sizeof(*all), by_x);
	for (size_t i = 0; i < n; i++) {
		if (m && all[m - 1].x == all[i].x) {
			all[m - 1].pos += all[i].pos;
			all[m - 1].neu += all[i].neu;
			all[m - 1].neg += all[i].neg;
		} else
			all[m++] = all[i];
	}

	/* Live, the latest windows that fit; static, all of them, merged to fit. */
	size_t from = 0, per = 1, groups = m;

	if (m > (size_t)l.pw) {
		if (c->live) {
			from = m - (size_t)l.pw;
			groups = (size_t)l.pw;
		} else {
			per = (m + (size_t)l.pw - 1) / (size_t)l.pw;
			groups = (m + per - 1) / per;
		}
	}
	/* Bars share the width (at most 8 columns each), with a gap only when they are wide. */
	double slot = groups ? fmin(8, (double)l.pw / (double)groups) : 1;

#define BAR_X(g) (l.left + (int)floor((double)(g)*slot + 1e-9))
	for (size_t g = 0; g < groups; g++) {
		double share[3] = {0, 0, 0};
		int rows[3];

		for (size_t k = from + g * per; k < from + (g + 1) * per && k < m; k++) {
			share[0] += all[k].pos;
			share[1] += all[k].neu;
			share[2] += all[k].neg;
		}
		apportion(share, l.ph, rows);
		/* neg at the bottom, neu above it, pos on top */
		int r = l.top + l.ph - 1;

		for (int part = 2; part >= 0; part--)
			for (int k = 0; k < rows[part]; k++, r--)
				for (int x = BAR_X(g); x < BAR_X(g + 1) - (slot >= 4); x++)
					screen_put(sc, x, r, c->ascii ? asc[part] : uni[part],
					           colors[part], 0);
	}

	struct ticks yt = {0, 100, l.ph >= 9 ? 25 : 50, false, NULL, {1, "", 0}, 4};

	draw_title(c, sc, &l);
	draw_y_axis(c, sc, &l, &yt, "%");
	draw_x_axis(c, sc, &l, l.pw);

	/* Labels at round values of x, each under the first bar at or past it. */
	if (groups) {
		double first = plot_clamp(all[from].x);
		double last = plot_clamp(all[from + (groups - 1) * per].x);

		if (!(last > first)) {
			last = first + 1;
			nonempty(&first, &last);
		}
		struct ticks xt = x_ticks(first, last, c->xtime, l.pw);
		double next = ceil(first / xt.step - 1e-9) * xt.step;
		int used = 0;

		for (size_t g = 0; g < groups; g++) {
			char lab[64];
			double x0 = plot_clamp(all[from + g * per].x);

			if (x0 < next - 1e-9 * xt.step)
				continue;
			tick_label(&xt, floor(x0 / xt.step + 1e-9) * xt.step, lab, sizeof(lab));
			next = (floor(x0 / xt.step + 1e-9) + 1) * xt.step;
			int w = (int)strlen(lab), x = BAR_X(g);

			if (x + w > sc->w)
				break;
			if (x < used || l.top + l.ph + 1 >= sc->h)
				continue;
			screen_text(sc, x, l.top + l.ph + 1, lab, w, 0, 0);
			screen_put(sc, x, l.top + l.ph, c->ascii ? "+" : "\xe2\x94\xac", 0, 0);
			used = x + w + 1;
		}
	}
	if (l.legend >= 0) {
		int x = 0;

		for (int part = 0; part < 3; part++) {
			screen_put(sc, x, l.legend, c->ascii ? asc[part] : uni[part], colors[part],
			           0);
			x += 2;
			x += screen_text(sc, x, l.legend, names[part], sc->w - x, 0, 0) + 2;
		}
	}
	free(all);
}

/* ---- hist ---- */

static void
hist_bins(const struct hist *h, double lo, double hi, int nb, uint64_t *out)
{
	double slack = h->fixed || h->started ? h->bw : 0;

	memset(out, 0, (size_t)nb * sizeof(*out));
	for (int i = 0; i < (h->fixed || h->started ? HIST_BINS : h->nseed); i++) {
		double v;
		uint64_t k;

		if (h->fixed || h->started) {
			if (!(k = h->bins[i]))
				continue;
			v = plot_clamp(h->lo + (i + 0.5) * h->bw);
		} else {
			v = plot_clamp(h->seed[i]);
			k = 1;
		}
		if (v < lo - slack || v > hi + slack)
			continue;
		out[to_int(floor(unit(v, lo, hi) * nb), 0, nb - 1)] += k;
	}
}

static void
draw_hist(const struct chart *c, struct screen *sc)
{
	static const char *eighths[] = {"",
	                                "\xe2\x96\x81",
	                                "\xe2\x96\x82",
	                                "\xe2\x96\x83",
	                                "\xe2\x96\x84",
	                                "\xe2\x96\x85",
	                                "\xe2\x96\x86",
	                                "\xe2\x96\x87",
	                                "\xe2\x96\x88"};
	const struct hist *h = c->hist;
	double lo = 0, hi = 1;

	if (c->sentiment) {
		lo = -1;
		hi = 1;
	} else if (h->n) {
		lo = plot_clamp(h->min);
		hi = plot_clamp(h->max);
	}
	if (!isnan(c->ymin))
		lo = plot_clamp(c->ymin);
	if (!isnan(c->ymax))
		hi = plot_clamp(c->ymax);
	if (hi <= lo) {
		double d = fabs(lo) > 0 ? fabs(lo) / 10 : 1;

		lo -= d;
		hi += d;
		nonempty(&lo, &hi);
	}
	if (!c->sentiment) {
		double step = nice_step(hi - lo, 10);

		if (isnan(c->ymin))
			lo = floor(lo / step + 1e-9) * step;
		if (isnan(c->ymax))
			hi = ceil(hi / step - 1e-9) * step;
		if (hi <= lo)
			hi = lo + step;
	}

	int nb = c->bins ? c->bins : 20;
	uint64_t *counts = NULL, max = 0;
	struct ticks yt = {0};
	struct layout l;

	for (int pass = 0; pass < 2; pass++) {
		counts = xrealloc(counts, (size_t)nb * sizeof(*counts));
		hist_bins(h, lo, hi, nb, counts);
		max = 0;
		for (int b = 0; b < nb; b++)
			if (counts[b] > max)
				max = counts[b];
		yt.lo = 0;
		yt.step = nice_step((double)max, 4);
		if (yt.step < 1)
			yt.step = 1;
		yt.hi = ceil((double)max / yt.step) * yt.step;
		if (yt.hi <= 0)
			yt.hi = yt.step;
		yt.nf = num_format(0, yt.hi, yt.step);
		{
			char buf[64];

			num_label(yt.hi, &yt.nf, buf, sizeof(buf));
			yt.width = (int)strlen(buf);
		}
		l = lay_out(c, sc, yt.width, true);
		if (nb <= l.pw)
			break;
		nb = l.pw;
	}

	int bw = l.pw / nb;

	for (int b = 0; b < nb; b++) {
		double center = lo + (b + 0.5) * (hi - lo) / nb;
		int color = c->sentiment ? (center < -0.05 ? 31 : center > 0.05 ? 32 : 33) : 36;
		long e = to_int(round((double)counts[b] / yt.hi * l.ph * (c->ascii ? 1 : 8)), 0,
		                l.ph * 8);

		if (counts[b] && e == 0)
			e = c->ascii ? 0 : 1;
		for (int r = 0; r < l.ph; r++) {
			const char *g = NULL;
			int y = l.top + l.ph - 1 - r;

			if (c->ascii)
				g = r < e ? "#" : (r == 0 && counts[b]) ? "." : NULL;
			else if (e >= 8L * (r + 1))
				g = eighths[8];
			else if (e > 8L * r)
				g = eighths[e - 8L * r];
			if (!g)
				continue;
			for (int x = 0; x < bw; x++)
				screen_put(sc, l.left + b * bw + x, y, g, color, 0);
		}
	}
	draw_title(c, sc, &l);
	draw_y_axis(c, sc, &l, &yt, "");
	draw_x_axis(c, sc, &l, nb * bw + 1);
	{
		struct ticks xt = x_ticks(lo, hi, false, nb * bw);

		draw_x_ticks(c, sc, &l, &xt, nb * bw + 1);
	}
	if (l.legend >= 0) {
		char buf[96];

		snprintf(buf, sizeof(buf), "%llu values, mean %.4g", (unsigned long long)h->n,
		         h->n ? (double)(h->sum / h->n) : 0.0);
		screen_text(sc, 0, l.legend, buf, sc->w, 0, 0);
	}
	free(counts);
}

/* ---- spark ---- */

static void
draw_spark(const struct chart *c, struct screen *sc)
{
	static const char *uni[8] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
	                             "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
	                             "\xe2\x96\x87", "\xe2\x96\x88"};
	static const char asc[] = "_.-:=+*#";
	int row = 0, namecol = 0;
	size_t ns = c->nseries, *np = xcalloc(ns ? ns : 1, sizeof(*np));
	struct point **pts = xcalloc(ns ? ns : 1, sizeof(*pts));
	double lo = INFINITY, hi = -INFINITY;

	if (c->title && *c->title) {
		screen_text(sc, 0, 0, c->title, sc->w, 0, 0);
		row = 1;
	}
	if (ns > 1) {
		for (size_t i = 0; i < ns; i++)
			if (c->series[i]->namew > namecol)
				namecol = c->series[i]->namew;
		if (namecol > 20)
			namecol = 20;
		if (namecol > sc->w / 2)
			namecol = sc->w / 2;
		namecol++;
	}
	int sw = sc->w - namecol > 0 ? sc->w - namecol : 1;

	for (size_t i = 0; i < ns; i++) {
		size_t cap = 0;

		np[i] = series_points(c->series[i], &pts[i], &cap, c->live ? (size_t)sw : SIZE_MAX);
		for (size_t k = 0; k < np[i]; k++) {
			lo = fmin(lo, pts[i][k].y);
			hi = fmax(hi, pts[i][k].y);
		}
	}
	if (c->sentiment) {
		lo = -1;
		hi = 1;
	}
	if (!isnan(c->ymin))
		lo = c->ymin;
	if (!isnan(c->ymax))
		hi = c->ymax;
	lo = plot_clamp(lo);
	hi = plot_clamp(hi);
	if (!(lo < hi)) {
		double mid = lo <= hi ? lo : 0;

		lo = mid - 1;
		hi = mid + 1;
		nonempty(&lo, &hi);
	}
	for (size_t i = 0; i < ns && row < sc->h; i++, row++) {
		size_t n = np[i];
		int cols = n < (size_t)sw ? (int)n : sw;

		if (namecol) {
			int w = screen_text(sc, 0, row, c->series[i]->name, namecol - 1, 0, 0);

			if (w < text_width(c->series[i]->name))
				screen_text(sc, namecol - 2, row, c->ascii ? "~" : "\xe2\x80\xa6",
				            1, 0, 0);
		}
		for (int j = 0; j < cols; j++) {
			size_t a = n <= (size_t)sw ? (size_t)j : (size_t)j * n / (size_t)sw;
			size_t b = n <= (size_t)sw ? a + 1 : (size_t)(j + 1) * n / (size_t)sw;
			double sum = 0, wsum = 0;

			for (size_t k = a; k < b; k++) {
				sum += pts[i][k].y * pts[i][k].n;
				wsum += pts[i][k].n;
			}
			double y = wsum > 0 ? sum / wsum : pts[i][a].y;

			if (!isfinite(y)) { /* the sum overflowed: a sum of shares instead */
				y = 0;
				for (size_t k = a; k < b; k++)
					y += pts[i][k].y * (pts[i][k].n / wsum);
			}
			int lv = to_int(floor(unit(y, lo, hi) * 8), 0, 7);
			if (c->ascii) {
				char g[2] = {asc[lv], '\0'};

				screen_put(sc, namecol + j, row, g, chart_color((int)i), 0);
			} else
				screen_put(sc, namecol + j, row, uni[lv], chart_color((int)i), 0);
		}
	}
	for (size_t i = 0; i < ns; i++)
		free(pts[i]);
	free(pts);
	free(np);
}

void
chart_draw(const struct chart *c, struct screen *sc)
{
	switch (c->kind) {
	case KIND_LINE:
		draw_line(c, sc);
		break;
	case KIND_BARS:
		draw_bars(c, sc);
		break;
	case KIND_HIST:
		draw_hist(c, sc);
		break;
	case KIND_SPARK:
		draw_spark(c, sc);
		break;
	}
}
