/*
 * chart_spark.c: one line of sparks per series, its name before it;
 * static, as many rows as series (and the title).
 */
#include <math.h>
#include <stdlib.h>

#include "chart.h"
#include "util.h"

void
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
