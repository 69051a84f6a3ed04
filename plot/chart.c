/*
 * chart.c: what every kind of chart shares: colours and marks, numbers
 * and times on the axes, ranges, ticks, the layout of a framed chart
 * (title, y axis, x axis, legend row); and chart_draw(), which hands the
 * screen to the kind asked for (chart_line.c, chart_bars.c, chart_hist.c,
 * chart_spark.c).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "tz.h"
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

double
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

struct numfmt
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

void
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

/* The offset of the --tz zone at t seconds (lib/tz.h), in seconds; 0 without one. */
static int32_t
offset_at(double t)
{
	return tz_active() && fabs(t) < 9e9 ? tz_offset((int64_t)floor(t) * NS_PER_SEC) : 0;
}

/* A time label in the --tz zone's local time. */
static void
time_label(double t, const char *fmt, char *buf, size_t n)
{
	time_t s = fabs(t) < 1e17 ? (time_t)floor(t) + offset_at(t) : 0;
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
void
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

void
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
struct ticks
x_ticks(double lo, double hi, bool time, int cols)
{
	struct ticks t = {lo, hi, 1, time, NULL, {1, "", 0}, 1, 0};
	double span = hi - lo;

	if (time && span >= 2) {
		t.shift = offset_at(lo); /* ticks on the zone's round times */
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
struct ticks
y_ticks(const struct chart *c, double dmin, double dmax, bool have, int rows, bool expand)
{
	struct ticks t = {0, 1, 1, false, NULL, {1, "", 0}, 1, 0};
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

struct layout
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

void
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
void
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
void
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

void
draw_x_ticks(const struct chart *c, struct screen *sc, const struct layout *l,
             const struct ticks *t, int cols)
{
	int used = 0;
	double sh = fmod(t->shift, t->step), k0 = ceil((t->lo + sh) / t->step - 1e-9);

	for (int i = 0; i < 1000 && (k0 + i) * t->step - sh <= t->hi + t->step * 1e-9; i++) {
		char buf[64];
		double v = (k0 + i) * t->step - sh;
		int x = l->left + to_int(round(unit(v, t->lo, t->hi) * (cols - 1)), 0, cols - 1);

		tick_label(t, v, buf, sizeof(buf));
		x_label(c, sc, l, x, buf, &used);
	}
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
