/*
 * exact.h: exact sums of doubles, so that windows merge byte for byte.
 *
 * A double is an integer times a power of two, so any sum of doubles (and
 * of their squares) is exactly a big binary fixed-point number.  We keep
 * that number as signed 32-bit limbs held in int64_t (so that carries can
 * wait), covering only the range of bits actually used: for scores in
 * [-1, 1] that is four to six limbs.  Addition is exact, hence associative
 * and commutative: the result does not depend on the order of the inputs
 * nor on how they were split into shards.  Rounding to a double happens
 * once, when a window is written.
 */
#ifndef SENTIO_WINDOW_EXACT_H
#define SENTIO_WINDOW_EXACT_H

#include <stddef.h>
#include <stdint.h>

struct exact {
	int64_t *d;       /* d[i] weighs 2^(32 * (lo + i)) */
	int32_t lo;       /* limb index of d[0] */
	uint32_t n, cap;  /* limbs in use, allocated */
	uint32_t pending; /* additions since the carries were last propagated */
};

void exact_init(struct exact *x);
void exact_free(struct exact *x);
/* x += v (v finite). */
void exact_add(struct exact *x, double v);
/* x += v * v, exactly (v finite). */
void exact_add_square(struct exact *x, double v);
/* x += y. */
void exact_merge(struct exact *x, struct exact *y);
/* x, correctly rounded to the nearest double. */
double exact_value(struct exact *x);
/* x / n, correctly rounded (0 when n is 0). */
double exact_mean(struct exact *x, uint64_t n);
/* (n * s2 - s1 * s1) / (n * (n - 1)), correctly rounded: the sample variance, from
 * exact sums; 0 when n < 2. */
double exact_variance(struct exact *s1, struct exact *s2, uint64_t n);

/*
 * Text form for partial records: "0", or an optional '-', hexadecimal
 * digits, 'p' and the binary exponent of the last digit (a multiple of
 * 32): "-1c28f5c28f5c28f6p-64".  exact_format returns a new string.
 */
char *exact_format(struct exact *x);
/* Parse the text form into x (initialised, empty).  Returns 0 or -1. */
int exact_parse(struct exact *x, const char *s, size_t len);

#endif
