/* aggregate.c: one window's mergeable state, its figures, and its partial form. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "util.h"

void
agg_init(struct agg *a)
{
	memset(a, 0, sizeof(*a));
	exact_init(&a->sum);
	exact_init(&a->sumsq);
}

void
agg_free(struct agg *a)
{
	exact_free(&a->sum);
	exact_free(&a->sumsq);
	free(a->hist);
	a->hist = NULL;
}

static int
bin_of(double v)
{
	double b = floor((v + 1) * (HIST_BINS / 2));

	if (!(b >= 0))
		return 0;
	if (b >= HIST_BINS)
		return HIST_BINS - 1;
	return (int)b;
}

void
agg_add(struct agg *a, double v, double pos, double neg)
{
	if (!a->hist)
		a->hist = xcalloc(HIST_BINS, sizeof(*a->hist));
	if (a->count == 0 || v < a->min)
		a->min = v;
	if (a->count == 0 || v > a->max)
		a->max = v;
	a->count++;
	if (v >= pos)
		a->pos++;
	else if (v <= neg)
		a->neg++;
	else
		a->neu++;
	exact_add(&a->sum, v);
	exact_add_square(&a->sumsq, v);
	a->hist[bin_of(v)]++;
}

void
agg_merge(struct agg *a, struct agg *b)
{
	if (b->count == 0)
		return;
	if (a->count == 0 || b->min < a->min)
		a->min = b->min;
	if (a->count == 0 || b->max > a->max)
		a->max = b->max;
	a->count += b->count;
	a->pos += b->pos;
	a->neu += b->neu;
	a->neg += b->neg;
	exact_merge(&a->sum, &b->sum);
	exact_merge(&a->sumsq, &b->sumsq);
	if (b->hist) {
		if (!a->hist)
			a->hist = xcalloc(HIST_BINS, sizeof(*a->hist));
		for (int i = 0; i < HIST_BINS; i++)
			a->hist[i] += b->hist[i];
	}
}

/*
 * The q-quantiles (q ascending) from the histogram: the bin where the
 * running count reaches q * count, interpolated linearly inside it,
 * rounded to 6 decimals and kept within [min, max].
 */
static void
quantiles(const struct agg *a, const double *q, double *out, int nq)
{
	double cum = 0;
	int j = 0;

	for (int i = bin_of(a->min); i < HIST_BINS && j < nq; i++) {
		double c = a->hist[i];

		while (j < nq && c > 0 && cum + c >= q[j] * (double)a->count) {
			double lo = (double)(i - HIST_BINS / 2) / (HIST_BINS / 2);

			out[j] = lo + (q[j] * (double)a->count - cum) / c / (HIST_BINS / 2);
			j++;
		}
		cum += c;
	}
	for (; j < nq; j++)
		out[j] = a->max;
	for (j = 0; j < nq; j++) {
		double v = round(out[j] * 1e6) / 1e6;

		out[j] = v < a->min ? a->min : v > a->max ? a->max : v;
	}
}

void
agg_result(struct agg *a, struct agg_result *r)
{
	memset(r, 0, sizeof(*r));
	if (a->count == 0)
		return;
	r->sum = exact_value(&a->sum);
	r->mean = exact_mean(&a->sum, a->count);
	r->stddev = sqrt(exact_variance(&a->sum, &a->sumsq, a->count));
	r->min = a->min;
	r->max = a->max;
	static const double q[3] = {0.1, 0.5, 0.9};
	double p[3];

	quantiles(a, q, p, 3);
	r->p10 = p[0];
	r->p50 = p[1];
	r->p90 = p[2];
}

/* m / 10^k as decimal text (m >= 0, k <= 17). */
static void
put_fixed(struct buf *b, bool neg, uint64_t m, int k)
{
	char s[40], *p = s + sizeof(s);
	int digits = 0;

	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
		if (++digits == k)
			*--p = '.';
	} while (m || digits <= k);
	if (*p == '.')
		*--p = '0';
	if (neg)
		*--p = '-';
	buf_add(b, p, (size_t)(s + sizeof(s) - p));
}

__extension__ typedef unsigned __int128 u128;

/*
 * a (in [1e-4, 1e15)) to 17 significant digits, as %.17g would: m / 10^k
 * with m the exact value times 10^k rounded half to even, in integers.
 */
static bool
digits17(double a, uint64_t *m, int *k)
{
	const uint64_t lo = UINT64_C(10000000000000000), hi = UINT64_C(100000000000000000);
	uint64_t bits;
	int e, kk = 16 - (int)floor(log10(a));

	memcpy(&bits, &a, sizeof(bits));
	e = (int)(bits >> 52 & 0x7ff) - 1075; /* a = mant * 2^e, e in [-66, -3] */
	uint64_t mant = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
	if (e >= 0 || e < -100)
		return false;
	for (int tries = 0; tries < 3; tries++) {
		u128 p = mant, q, r, half;

		if (kk < 0 || kk > 21)
			return false;
		for (int i = 0; i < kk; i++)
			p *= 10;
		q = p >> -e;
		r = p & (((u128)1 << -e) - 1);
		half = (u128)1 << (-e - 1);
		if (r > half || (r == half && (q & 1)))
			q++;
		if (q >= hi)
			kk--;
		else if (q < lo)
			kk++;
		else {
			*m = (uint64_t)q;
			*k = kk;
			while (*k > 0 && *m % 10 == 0) {
				*m /= 10;
				--*k;
			}
			return true;
		}
	}
	return false;
}

void
buf_double(struct buf *b, double v)
{
	static const double pow10[] = {1,   1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,
	                               1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17};
	char s[40];
	int n = 0;
	double a = fabs(v);

	if (!isfinite(v)) {
		buf_adds(b, "null");
		return;
	}
	/*
	 * Find the fewest decimals k such that an integer m < 2^53 over 10^k
	 * rounds to v (both exact, so the division rounds once, as strtod
	 * does when it reads the text back), and write m / 10^k without
	 * printf.  Values of 17 digits take digits17(), the tiny and huge %.17g.
	 */
	if (a == 0 || (a >= 1e-4 && a < 1e15)) {
		for (int k = 0; k <= 17; k++) {
			double t = a * pow10[k], m = round(t);

			if (t >= 9007199254740992.0)
				break;
			if (m / pow10[k] == a) {
				put_fixed(b, v < 0, (uint64_t)m, k);
				return;
			}
		}
	}
	if (a >= 1e-4 && a < 1e15) {
		uint64_t m;
		int k;

		if (digits17(a, &m, &k)) {
			put_fixed(b, v < 0, m, k);
			return;
		}
	}
	n = snprintf(s, sizeof(s), "%.17g", v); /* always reads back to v */
	buf_add(b, s, (size_t)n);
}

void
buf_uint(struct buf *b, uint64_t v)
{
	put_fixed(b, false, v, 0);
}

void
agg_dump_partial(struct agg *a, struct buf *b)
{
	char *s;
	bool first = true;

	buf_adds(b, "\"count\":");
	buf_uint(b, a->count);
	s = exact_format(&a->sum);
	buf_adds(b, ",\"sum\":\"");
	buf_adds(b, s);
	free(s);
	s = exact_format(&a->sumsq);
	buf_adds(b, "\",\"sumsq\":\"");
	buf_adds(b, s);
	free(s);
	buf_adds(b, "\",\"min\":");
	buf_double(b, a->min);
	buf_adds(b, ",\"max\":");
	buf_double(b, a->max);
	buf_adds(b, ",\"pos\":");
	buf_uint(b, a->pos);
	buf_adds(b, ",\"neu\":");
	buf_uint(b, a->neu);
	buf_adds(b, ",\"neg\":");
	buf_uint(b, a->neg);
	/* The histogram as [bin, count, bin, count, ...] over the bins in use. */
	buf_adds(b, ",\"hist\":[");
	for (int i = 0; a->hist && i < HIST_BINS; i++) {
		if (!a->hist[i])
			continue;
		if (!first)
			buf_adds(b, ",");
		first = false;
		buf_uint(b, (uint64_t)i);
		buf_adds(b, ",");
		buf_uint(b, a->hist[i]);
	}
	buf_adds(b, "]");
}

static int
get_count(const json_t *obj, const char *name, uint64_t *v)
{
	json_t *j = json_object_get(obj, name);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

int
agg_load_partial(struct agg *a, const json_t *obj, const char **why)
{
	json_t *sum = json_object_get(obj, "sum"), *sumsq = json_object_get(obj, "sumsq");
	json_t *min = json_object_get(obj, "min"), *max = json_object_get(obj, "max");
	json_t *hist = json_object_get(obj, "hist");
	uint64_t total = 0;

	if (get_count(obj, "count", &a->count) || a->count == 0) {
		*why = "\"count\" is not a positive integer";
		return -1;
	}
	if (get_count(obj, "pos", &a->pos) || get_count(obj, "neu", &a->neu) ||
	    get_count(obj, "neg", &a->neg) || a->pos + a->neu + a->neg != a->count) {
		*why = "\"pos\", \"neu\" and \"neg\" do not add up to \"count\"";
		return -1;
	}
	if (!json_is_string(sum) ||
	    exact_parse(&a->sum, json_string_value(sum), json_string_length(sum)) ||
	    !json_is_string(sumsq) ||
	    exact_parse(&a->sumsq, json_string_value(sumsq), json_string_length(sumsq))) {
		*why = "\"sum\" or \"sumsq\" is not an exact sum";
		return -1;
	}
	if (!json_is_number(min) || !json_is_number(max) ||
	    json_number_value(min) > json_number_value(max)) {
		*why = "\"min\" or \"max\" is wrong";
		return -1;
	}
	a->min = json_number_value(min);
	a->max = json_number_value(max);
	if (!json_is_array(hist) || json_array_size(hist) % 2) {
		*why = "\"hist\" is not a list of bins and counts";
		return -1;
	}
	a->hist = xcalloc(HIST_BINS, sizeof(*a->hist));
	for (size_t i = 0; i < json_array_size(hist); i += 2) {
		json_t *b = json_array_get(hist, i), *c = json_array_get(hist, i + 1);

		if (!json_is_integer(b) || json_integer_value(b) < 0 ||
		    json_integer_value(b) >= HIST_BINS || !json_is_integer(c) ||
		    json_integer_value(c) < 0 || json_integer_value(c) > UINT32_MAX) {
			*why = "\"hist\" has a wrong bin or count";
			return -1;
		}
		a->hist[json_integer_value(b)] += (uint32_t)json_integer_value(c);
		total += (uint64_t)json_integer_value(c);
	}
	if (total != a->count) {
		*why = "\"hist\" does not add up to \"count\"";
		return -1;
	}
	return 0;
}
