/* plot.h: what the parts of sentio-plot share: the data held, the chart settings, the screen. */
#ifndef SENTIO_PLOT_H
#define SENTIO_PLOT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- text.c: text from data made safe for a terminal ---- */

/*
 * A copy of s[0..len) fit for a terminal: control characters (C0, DEL,
 * C1), bidi controls, line separators and other invisible format
 * characters become U+FFFD ('?' in ASCII, where every non-ASCII character
 * becomes '?'); clusters that start with a combining mark are dropped;
 * then the text is cut to maxcols display columns, ending in "…" ("~")
 * when it was cut.  Its width in columns in *cols.
 */
char *text_clean(const char *s, size_t len, int maxcols, bool ascii, int *cols);

/* The next grapheme cluster of s[0..len): its length in bytes, its display width in *w. */
size_t text_cluster(const char *s, size_t len, int *w);

/* The display width of a (clean) NUL-terminated string. */
int text_width(const char *s);

/* ---- numbers: every way from a value in the data to a cell ---- */

/*
 * Values are drawn within -PLOT_MAX..PLOT_MAX, and beyond it at the edge:
 * so every range drawn, its span and ten times it are finite doubles.
 */
#define PLOT_MAX 1e307

/* v held to -PLOT_MAX..PLOT_MAX; NaN is 0. */
static inline double
plot_clamp(double v)
{
	return v > PLOT_MAX ? PLOT_MAX : v < -PLOT_MAX ? -PLOT_MAX : v == v ? v : 0;
}

/*
 * d (already rounded as the caller wants) held to lo..hi, NaN to lo: the
 * one way a double becomes an int here, since a cast of NaN, an infinity
 * or a value out of range is undefined.
 */
static inline int
to_int(double d, int lo, int hi)
{
	return !(d > lo) ? lo : d >= hi ? hi : (int)d;
}

/* Where v falls between lo (0) and hi (1), held to 0..1; NaN falls at 0. */
static inline double
unit(double v, double lo, double hi)
{
	if (!(v > lo))
		return 0;
	if (v >= hi)
		return 1;
	if (!isfinite(hi - lo)) /* halves: exact, and their span is finite */
		return (v / 2 - lo / 2) / (hi / 2 - lo / 2);
	return (v - lo) / (hi - lo);
}

/* ---- the data ---- */

struct point {
	double x, y;          /* y: the mean of the values merged into this point */
	double lo, hi;        /* the range of those values */
	double pos, neu, neg; /* counts for bars */
	uint64_t win;         /* a window's key and start (hashed), or 0: a raw record */
	uint64_t n;           /* values merged */
};

struct series {
	char *key; /* the raw key, to match records */
	size_t keylen;
	char *name; /* clean, for the terminal */
	int namew;
	int color;         /* index into the palette */
	struct point *pts; /* a ring of cap points from start */
	size_t cap, start, len;
	uint32_t stride;   /* static mode: values per point once compacted */
	struct point pend; /* static mode: the point being filled */
	struct point hold; /* compacted: the last window's point, which an update replaces */
	double last;       /* the latest value (raw records: the mean of those at the last x) */
	/* raw records: how many share the last x, their mean, the most that shared one x */
	double runx, runmean;
	uint64_t run, most;
};

/* A histogram of every value seen: fixed range, or one that doubles to hold them all. */
#define HIST_BINS 4000
struct hist {
	bool fixed, started;
	double lo, bw; /* bin i holds [lo + i*bw, lo + (i+1)*bw) */
	double min, max;
	long double sum; /* (a double overflows with two values near 1e308) */
	uint64_t bins[HIST_BINS];
	uint64_t n;
	double seed[64]; /* auto range: the first values, before the range is known */
	int nseed;
};

enum kind { KIND_LINE, KIND_BARS, KIND_HIST, KIND_SPARK };

struct chart {
	enum kind kind;
	bool ascii, color, live;
	const char *title; /* clean */
	double ymin, ymax; /* NAN: automatic */
	bool sentiment;    /* y is a sentiment value in [-1, 1] */
	bool xtime;        /* x values are times (seconds since the epoch) */
	int bins;          /* hist: 0 for automatic */
	struct series **series;
	size_t nseries;
	struct hist *hist;
};

/*
 * Add a point.  A window's point (win not 0) replaces the one of the same
 * window (key and start) among the latest of the same x or after: then
 * true, and the value it had in *old.  A raw record's point at the x of
 * the last, also raw, is merged into it: every value counts.
 */
bool series_add(struct series *s, const struct point *p, bool live, double *old);
/* The points of s in order of x (live: only the last max of them); returns how many. */
size_t series_points(const struct series *s, struct point **buf, size_t *bufcap, size_t max);

/* Count values in lo..hi only: beyond it, in the first or the last bin. */
void hist_fix(struct hist *h, double lo, double hi);
void hist_add(struct hist *h, double v);
/* Take back a value counted before (one replaced by an update). */
void hist_remove(struct hist *h, double v);

/* ---- screen.c: a grid of cells and its bytes ---- */

/* A cell holds one grapheme cluster, NUL-terminated; "" under the right half of a wide one. */
struct cell {
	char s[32];
	int16_t fg; /* an SGR colour code, 0 for the default */
	uint8_t w;  /* columns: 1, 2, or 0 for the right half of a wide cluster */
	uint8_t attr;
};

#define ATTR_DIM 1

struct screen {
	int w, h;
	struct cell *cells;
};

void screen_init(struct screen *sc, int w, int h);
void screen_free(struct screen *sc);
struct cell *screen_at(struct screen *sc, int x, int y);
void screen_put(struct screen *sc, int x, int y, const char *glyph, int fg, int attr);
/* Write clean text from (x, y), at most maxw columns; returns the columns used. */
int screen_text(struct screen *sc, int x, int y, const char *s, int maxw, int fg, int attr);

/*
 * The bytes of the screen, appended to *buf: live frames start at the
 * top left and clear to each line's end; static ones end lines in '\n'
 * with trailing blanks cut.
 */
void screen_bytes(const struct screen *sc, bool color, bool live, char **buf, size_t *len,
                  size_t *cap);

/* ---- chart.c (the axes; each kind in its chart_KIND.c) ---- */

/* Draw the chart on sc (its size is the chart's). */
void chart_draw(const struct chart *c, struct screen *sc);
/* The palette colour of series number i. */
int chart_color(int i);
/* The ASCII mark of series number i. */
char chart_mark(int i);

/* ---- term.c: the live terminal ---- */

void term_enter(void);
void term_leave(void);
bool term_size(int *w, int *h);
bool term_resized(void);

#endif
