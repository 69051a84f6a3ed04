/*
 * chart.h: what chart.c gives the kinds of chart (chart_line.c,
 * chart_bars.c, chart_hist.c, chart_spark.c): axes, ranges, ticks and the
 * layout of a framed chart.  Only plot/chart*.c include it.
 */
#ifndef SENTIO_PLOT_CHART_H
#define SENTIO_PLOT_CHART_H

#include "plot.h"

/* ---- numbers and times on the axes ---- */

struct numfmt {
	double scale;
	char suffix[8];
	int decimals;
};

/* A round step (1, 2, 2.5 or 5 times a power of ten) for at most maxticks over span. */
double nice_step(double span, int maxticks);
/* How to write numbers from lo to hi at this step: a scale, its suffix, decimals. */
struct numfmt num_format(double lo, double hi, double step);
void num_label(double v, const struct numfmt *f, char *buf, size_t n);

/* ---- ranges ---- */

/* An empty range (hi not above lo) widened, by a tenth of lo or by 1. */
void nonempty(double *lo, double *hi);

/* ---- ticks ---- */

struct ticks {
	double lo, hi, step;
	bool time;
	const char *tfmt; /* for times */
	struct numfmt nf; /* for numbers */
	int width;        /* of a label, at most */
	double shift;     /* times: ticks at k * step - shift, on the --tz clock (lib/tz.h) */
};

void tick_label(const struct ticks *t, double v, char *buf, size_t n);
/* Ticks for the x axis over [lo, hi] on cols columns. */
struct ticks x_ticks(double lo, double hi, bool time, int cols);
/*
 * The y range of values from dmin to dmax (have: there are some), or the
 * chart's fixed one, and its ticks for rows rows; expand: out to round values.
 */
struct ticks y_ticks(const struct chart *c, double dmin, double dmax, bool have, int rows,
                     bool expand);

/* ---- the parts every framed chart has ---- */

struct layout {
	int top;    /* first row of the plot area */
	int left;   /* first column of the plot area */
	int pw, ph; /* its size in cells */
	int legend; /* the legend's row, or -1 */
};

/* The layout of sc for y labels labelw wide, with or without a legend row. */
struct layout lay_out(const struct chart *c, const struct screen *sc, int labelw, bool legend);
void draw_title(const struct chart *c, struct screen *sc, const struct layout *l);
/* The y axis: a label (and suffix) at each tick, the axis line. */
void draw_y_axis(const struct chart *c, struct screen *sc, const struct layout *l,
                 const struct ticks *t, const char *suffix);
/* The x axis line, cols wide. */
void draw_x_axis(const struct chart *c, struct screen *sc, const struct layout *l, int cols);
/* Labels below the x axis at its ticks, over cols columns. */
void draw_x_ticks(const struct chart *c, struct screen *sc, const struct layout *l,
                  const struct ticks *t, int cols);

/* ---- the kinds ---- */

void draw_line(const struct chart *c, struct screen *sc);
void draw_bars(const struct chart *c, struct screen *sc);
void draw_hist(const struct chart *c, struct screen *sc);
void draw_spark(const struct chart *c, struct screen *sc);

#endif
