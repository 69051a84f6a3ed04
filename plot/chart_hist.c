/*
 * chart_hist.c: the histogram of every value read (data.c's struct hist),
 * in eighths of a cell, with the count on the y axis and the number of
 * values and their mean below.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "util.h"

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

void
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
