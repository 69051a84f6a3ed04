/*
 * chart_bars.c: the bars chart.  A stacked column of the pos, neu and neg
 * shares of each window (the series' points at one x add up), as
 * percentages; static, windows are merged to fit the width.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "util.h"

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

void
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

	struct ticks yt = {0, 100, l.ph >= 9 ? 25 : 50, false, NULL, {1, "", 0}, 4, 0};

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
		double sh = fmod(xt.shift, xt.step);
		double next = ceil((first + sh) / xt.step - 1e-9) * xt.step - sh;
		int used = 0;

		for (size_t g = 0; g < groups; g++) {
			char lab[64];
			double x0 = plot_clamp(all[from + g * per].x);

			if (x0 < next - 1e-9 * xt.step)
				continue;
			tick_label(&xt, floor((x0 + sh) / xt.step + 1e-9) * xt.step - sh, lab,
			           sizeof(lab));
			next = (floor((x0 + sh) / xt.step + 1e-9) + 1) * xt.step - sh;
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
