/* aggregate.c: one window's mergeable state, its figures, and its partial form. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "json.h"
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
	a->unscored += b->unscored;
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

void
agg_dump_partial(struct agg *a, struct buf *b)
{
	char *s;
	bool first = true;

	buf_adds(b, "\"count\":");
	json_put_int(b, (long long)a->count);
	s = exact_format(&a->sum);
	buf_adds(b, ",\"sum\":\"");
	buf_adds(b, s);
	free(s);
	s = exact_format(&a->sumsq);
	buf_adds(b, "\",\"sumsq\":\"");
	buf_adds(b, s);
	free(s);
	buf_adds(b, "\",\"min\":");
	json_put_double(b, a->min);
	buf_adds(b, ",\"max\":");
	json_put_double(b, a->max);
	buf_adds(b, ",\"pos\":");
	json_put_int(b, (long long)a->pos);
	buf_adds(b, ",\"neu\":");
	json_put_int(b, (long long)a->neu);
	buf_adds(b, ",\"neg\":");
	json_put_int(b, (long long)a->neg);
	/* The histogram as [bin, count, bin, count, ...] over the bins in use. */
	buf_adds(b, ",\"hist\":[");
	for (int i = 0; a->hist && i < HIST_BINS; i++) {
		if (!a->hist[i])
			continue;
		if (!first)
			buf_adds(b, ",");
		first = false;
		json_put_int(b, i);
		buf_adds(b, ",");
		json_put_int(b, (long long)a->hist[i]);
	}
	buf_adds(b, "]");
	if (a->unscored) {
		buf_adds(b, ",\"unscored\":");
		json_put_int(b, (long long)a->unscored);
	}
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

	if (json_object_get(obj, "unscored") && get_count(obj, "unscored", &a->unscored)) {
		*why = "\"unscored\" is not a count";
		return -1;
	}
	if (get_count(obj, "count", &a->count) || (a->count == 0 && a->unscored == 0)) {
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
	/* As from values within AGG_MAX_VALUE, so that every figure of a merge is finite. */
	if (!(fabs(exact_value(&a->sum)) <= (double)a->count * AGG_MAX_VALUE) ||
	    !(exact_value(&a->sumsq) >= 0 &&
	      exact_value(&a->sumsq) <= (double)a->count * AGG_MAX_VALUE * AGG_MAX_VALUE)) {
		*why = "\"sum\" or \"sumsq\" is out of range";
		return -1;
	}
	if (!json_is_number(min) || !json_is_number(max) ||
	    json_number_value(min) > json_number_value(max) ||
	    fabs(json_number_value(min)) > AGG_MAX_VALUE ||
	    fabs(json_number_value(max)) > AGG_MAX_VALUE) {
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
