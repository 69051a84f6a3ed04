/*
 * chart_line.c: the line chart.  Braille dots (2 by 4 to a cell; one dot
 * a cell in ASCII), a line per series in its colour, y ticks on the left,
 * times below, a legend with each series' latest value.  A point that
 * stands for several values draws their range as a vertical stroke.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "util.h"

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

void
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

	/* A legend for several series, or to say that a point is the mean of records at one x. */
	bool legend = c->nseries > 1;

	for (size_t i = 0; i < c->nseries; i++)
		if (c->series[i]->most > 1)
			legend = true;

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
		l = lay_out(c, sc, yt.width, legend);
		if (!c->live || keep == (size_t)l.pw * (size_t)dx)
			break;
		keep = (size_t)l.pw * (size_t)dx;
		ymin = xmin = INFINITY;
		ymax = xmax = -INFINITY;
	}
	yt = y_ticks(c, ymin, ymax, ymin <= ymax, l.ph, true);
	if (yt.width + 1 != l.left)
		l = lay_out(c, sc, yt.width, legend);
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

	/*
	 * The legend: each series' mark, name and latest value; where raw
	 * records shared an x, how many did at most (their point is their mean).
	 */
	if (l.legend >= 0) {
		int x = 0;

		for (size_t i = 0; i < c->nseries && x < sc->w; i++) {
			const struct series *s = c->series[i];
			char mark[2] = {chart_mark((int)i), '\0'}, val[96];
			int need, used;

			if (c->sentiment)
				used = snprintf(val, sizeof(val), " %.2f", s->last);
			else
				used = snprintf(val, sizeof(val), " %.4g", s->last);
			if (s->most > 1)
				snprintf(val + used, sizeof(val) - (size_t)used,
				         " (mean of %s%llu at one %s)",
				         s->run == s->most ? "" : "up to ",
				         (unsigned long long)s->most, c->xtime ? "time" : "x");
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
