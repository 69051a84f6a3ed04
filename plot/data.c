/*
 * data.c: what sentio-plot holds, in bounded memory.  Each series keeps a
 * ring of points.  Live, the oldest point goes when a new one comes, so
 * the chart scrolls.  Static, the chart is of everything read, so when
 * the ring is full neighbouring points are merged in pairs (keeping the
 * mean, the range and the counts) and each point from then on stands for
 * twice as many values.  Raw records at one x make one point of all their
 * values (their mean and range); only a window's update or revision
 * replaces its point.  The histogram counts every value.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "util.h"

/* The mean of a (na times) and b (nb times), even where a * na overflows. */
static double
mean2(double a, uint64_t na, double b, uint64_t nb)
{
	double n = (double)na + nb, m = (a * na + b * nb) / n;

	return isfinite(m) ? m : a * (na / n) + b * (nb / n);
}

static void
merge(struct point *a, const struct point *b)
{
	if (!b->n)
		return;
	if (!a->n) {
		*a = *b;
		return;
	}
	a->x = mean2(a->x, a->n, b->x, b->n);
	a->y = mean2(a->y, a->n, b->y, b->n);
	a->lo = fmin(a->lo, b->lo);
	a->hi = fmax(a->hi, b->hi);
	a->pos += b->pos;
	a->neu += b->neu;
	a->neg += b->neg;
	a->n += b->n;
}

static struct point *
at(const struct series *s, size_t i)
{
	return &s->pts[(s->start + i) % s->cap];
}

static void
push(struct series *s, const struct point *p)
{
	if (s->len == s->cap) {
		s->start = (s->start + 1) % s->cap;
		s->len--;
	}
	*at(s, s->len++) = *p;
}

/* Merge the points in pairs: half as many, each standing for twice as many values. */
static void
compact(struct series *s)
{
	size_t n = 0;

	for (size_t i = 0; i + 1 < s->len; i += 2) {
		struct point p = *at(s, i);

		merge(&p, at(s, i + 1));
		s->pts[n++] = p;
	}
	if (s->len % 2)
		s->pts[n++] = *at(s, s->len - 1);
	s->start = 0;
	s->len = n;
	s->stride *= 2;
}

/* Count a raw record's value y at x: the run of those at the same x, and the most there were. */
static void
count_run(struct series *s, double x, double y)
{
	if (s->run && s->runx == x && s->run < UINT64_MAX) {
		s->run++;
		/* the mean so far plus the new value's share, finite even near DBL_MAX */
		s->runmean = s->runmean - s->runmean / (double)s->run + y / (double)s->run;
	} else {
		s->run = 1;
		s->runx = x;
		s->runmean = y;
	}
	if (s->run > s->most)
		s->most = s->run;
	s->last = s->runmean;
}

/* Compacted: p into the point being filled, which joins the ring once it holds stride values. */
static void
fill(struct series *s, const struct point *p)
{
	merge(&s->pend, p);
	if (s->pend.n >= s->stride) {
		if (s->len == s->cap)
			compact(s);
		push(s, &s->pend);
		memset(&s->pend, 0, sizeof(s->pend));
	}
}

bool
series_add(struct series *s, const struct point *p, bool live, double *old)
{
	if (p->win) {
		s->last = p->y;
		s->run = 0;
	} else
		count_run(s, p->x, p->y);
	if (s->stride <= 1 && s->len) {
		if (p->win) {
			/*
			 * An update or a revision of a window: its point is among the
			 * latest, those at its x or after (windows come in order of
			 * start, their updates soon after).
			 */
			for (size_t i = s->len; i-- > 0;) {
				struct point *q = at(s, i);

				if (q->x < p->x)
					break;
				if (q->win == p->win && q->x == p->x) {
					*old = q->y;
					*q = *p;
					return true;
				}
			}
		} else {
			/* Raw records at one x (posts stamped with the same second): all count. */
			struct point *q = at(s, s->len - 1);

			if (!q->win && q->x == p->x) {
				merge(q, p);
				return false;
			}
		}
	}
	if (live || s->stride <= 1) {
		if (live || s->len < s->cap) {
			push(s, p);
			return false;
		}
		compact(s);
	}
	/*
	 * Compacted: a window's point is held out of the merged ones until
	 * another point comes, so that its updates replace it exactly.
	 */
	if (s->hold.n) {
		if (p->win && s->hold.win == p->win && s->hold.x == p->x) {
			*old = s->hold.y;
			s->hold = *p;
			return true;
		}
		fill(s, &s->hold);
		memset(&s->hold, 0, sizeof(s->hold));
	}
	if (p->win)
		s->hold = *p;
	else
		fill(s, p);
	return false;
}

static int
by_x(const void *a, const void *b)
{
	double x = ((const struct point *)a)->x, y = ((const struct point *)b)->x;

	return (x > y) - (x < y);
}

size_t
series_points(const struct series *s, struct point **buf, size_t *bufcap, size_t max)
{
	struct point tail = s->pend; /* with the window's point held, if any */

	merge(&tail, &s->hold);

	size_t n = s->len + (tail.n ? 1 : 0), from = 0, k = 0;
	bool sorted = true;

	if (n > max)
		from = n - max;
	if (*bufcap < n - from) {
		*bufcap = n - from;
		*buf = xrealloc(*buf, *bufcap * sizeof(**buf));
	}
	for (size_t i = from; i < n; i++) {
		(*buf)[k] = i < s->len ? *at(s, i) : tail;
		if (k && (*buf)[k].x < (*buf)[k - 1].x)
			sorted = false;
		k++;
	}
	if (!sorted)
		qsort(*buf, k, sizeof(**buf), by_x);
	return k;
}

/* Double the bin width, so that the range grows up (or down, to hold v below lo). */
static void
hist_grow(struct hist *h, bool down)
{
	uint64_t merged[HIST_BINS / 2];

	for (int i = 0; i < HIST_BINS / 2; i++)
		merged[i] = h->bins[2 * i] + h->bins[2 * i + 1];
	memset(h->bins, 0, sizeof(h->bins));
	memcpy(h->bins + (down ? HIST_BINS / 2 : 0), merged, sizeof(merged));
	if (down)
		h->lo -= HIST_BINS * h->bw;
	h->bw *= 2;
}

/*
 * The bin of v.  Values are held within PLOT_MAX, and bins are never
 * narrower than 5e-324, so the range need only double a bounded number
 * of times to hold any of them, and its ends stay finite.
 */
static int
hist_bin(const struct hist *h, double v)
{
	return to_int(floor((plot_clamp(v) - h->lo) / h->bw), 0, HIST_BINS - 1);
}

static void
hist_count(struct hist *h, double v)
{
	if (!h->fixed) {
		double i;

		v = plot_clamp(v);
		while ((i = floor((v - h->lo) / h->bw)) < 0 || i >= HIST_BINS)
			hist_grow(h, i < 0);
	}
	h->bins[hist_bin(h, v)]++;
}

void
hist_fix(struct hist *h, double lo, double hi)
{
	lo = plot_clamp(lo);
	hi = plot_clamp(hi);
	h->fixed = true;
	h->lo = lo;
	h->bw = hi > lo ? (hi - lo) / HIST_BINS : 1;
	if (!(h->bw > 0))
		h->bw = DBL_TRUE_MIN;
}

void
hist_add(struct hist *h, double v)
{
	if (!h->n || v < h->min)
		h->min = v;
	if (!h->n || v > h->max)
		h->max = v;
	h->n++;
	h->sum += v;
	if (h->fixed || h->started) {
		hist_count(h, v);
		return;
	}
	h->seed[h->nseed++] = v;
	if (h->nseed < (int)LEN(h->seed))
		return;
	/* Enough values to know a scale: the range they span, with room either side. */
	double span = h->max - h->min;

	if (span <= 0)
		span = fabs(h->max) > 0 ? fabs(h->max) : 1;
	span = fmin(span, PLOT_MAX); /* (an infinite one when min and max are far apart) */
	h->bw = 2 * span / HIST_BINS;
	if (!(h->bw > 0))
		h->bw = DBL_TRUE_MIN;
	h->lo = plot_clamp(h->min) - span / 2;
	h->started = true;
	for (int i = 0; i < h->nseed; i++)
		hist_count(h, h->seed[i]);
}

void
hist_remove(struct hist *h, double v)
{
	if (!h->n)
		return;
	if (h->fixed || h->started) {
		int k = hist_bin(h, v);

		if (!h->bins[k])
			return;
		h->bins[k]--;
	} else {
		int k = 0;

		while (k < h->nseed && h->seed[k] != v)
			k++;
		if (k == h->nseed)
			return;
		h->seed[k] = h->seed[--h->nseed];
	}
	h->n--;
	h->sum -= v;
}
