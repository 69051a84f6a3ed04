/*
 * aggregate.h: the state of one window for one key, built so that two
 * states merge into exactly the state of their union: counts, exact sums
 * (exact.h), min and max, and a histogram of fixed bins over [-1, 1].
 */
#ifndef SENTIO_WINDOW_AGGREGATE_H
#define SENTIO_WINDOW_AGGREGATE_H

#include <jansson.h>
#include <stdint.h>

#include "buf.h"
#include "exact.h"

#define HIST_BINS     200   /* bins of 0.01 over [-1, 1]; values outside go to the end bins */
#define AGG_MAX_VALUE 1e100 /* the largest |value|: beyond, squares of sums would overflow */

struct agg {
	uint64_t count, pos, neu, neg;
	uint64_t unscored; /* records not scored (another language): in no figure, only counted */
	double min, max;
	struct exact sum, sumsq;
	uint32_t *hist; /* HIST_BINS counts, allocated with the first value */
};

struct agg_result {
	double sum, mean, stddev, min, max, p10, p50, p90;
};

void agg_init(struct agg *a);
void agg_free(struct agg *a);
/* Add one value; pos and neg are the thresholds (v >= pos is positive, v <= neg negative). */
void agg_add(struct agg *a, double v, double pos, double neg);
/* a += b (b is left normalised but unchanged in value). */
void agg_merge(struct agg *a, struct agg *b);
/* The figures written for a window. */
void agg_result(struct agg *a, struct agg_result *r);

/* Append the mergeable fields ("count":..,"sum":"..",...,"hist":[...][,"unscored":..]) to b. */
void agg_dump_partial(struct agg *a, struct buf *b);
/*
 * Read them back from a partial record.  Returns 0, or -1 with a reason
 * in *why; values must be within AGG_MAX_VALUE, as agg_add() takes them.
 */
int agg_load_partial(struct agg *a, const json_t *obj, const char **why);

#endif
