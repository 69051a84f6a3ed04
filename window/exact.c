/* exact.c: exact sums of doubles and of their squares (see exact.h). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact.h"
#include "util.h"

#define LIMB       INT64_C(4294967296)
#define LOW(v)     ((v)&INT64_C(0xffffffff))
#define MAX_PEND   (UINT32_C(1) << 28)
#define MAX_DIGITS 1200 /* hex digits in a text form: far more than any double sum needs */

__extension__ typedef unsigned __int128 u128;

void
exact_init(struct exact *x)
{
	memset(x, 0, sizeof(*x));
}

void
exact_free(struct exact *x)
{
	free(x->d);
	exact_init(x);
}

static int32_t
floor_div32(int32_t e)
{
	int32_t r = ((e % 32) + 32) % 32;

	return (e - r) / 32;
}

/* Make limbs k0 .. k1-1 exist (zero when new). */
static void
ensure(struct exact *x, int32_t k0, int32_t k1)
{
	int32_t lo, hi, nlo, nhi;
	uint32_t nn, shift;

	if (x->n == 0) {
		nn = (uint32_t)(k1 - k0);
		if (nn + 2 > x->cap) {
			x->cap = nn + 2;
			x->d = xrealloc(x->d, x->cap * sizeof(*x->d));
		}
		memset(x->d, 0, nn * sizeof(*x->d));
		x->lo = k0;
		x->n = nn;
		return;
	}
	lo = x->lo;
	hi = x->lo + (int32_t)x->n;
	if (k0 >= lo && k1 <= hi)
		return;
	nlo = k0 < lo ? k0 : lo;
	nhi = k1 > hi ? k1 : hi;
	nn = (uint32_t)(nhi - nlo);
	if (nn > x->cap) {
		x->cap = nn + 2;
		x->d = xrealloc(x->d, x->cap * sizeof(*x->d));
	}
	shift = (uint32_t)(lo - nlo);
	if (shift) {
		memmove(x->d + shift, x->d, x->n * sizeof(*x->d));
		memset(x->d, 0, shift * sizeof(*x->d));
	}
	memset(x->d + shift + x->n, 0, (nn - shift - x->n) * sizeof(*x->d));
	x->lo = nlo;
	x->n = nn;
}

/* Propagate the carries: every limb but the top one in [0, 2^32), the top one signed, no zeros at
 * either end. */
static void
normalize(struct exact *x)
{
	int64_t carry = 0;
	uint32_t z = 0;

	x->pending = 0;
	if (x->n == 0)
		return;
	for (uint32_t i = 0; i < x->n; i++) {
		int64_t v = x->d[i] + carry, low = LOW(v);

		carry = (v - low) / LIMB;
		x->d[i] = low;
	}
	if (carry) {
		ensure(x, x->lo, x->lo + (int32_t)x->n + 1);
		x->d[x->n - 1] = carry;
	}
	while (x->n > 0 && x->d[x->n - 1] == 0)
		x->n--;
	while (z < x->n && x->d[z] == 0)
		z++;
	if (z) {
		memmove(x->d, x->d + z, (x->n - z) * sizeof(*x->d));
		x->n -= z;
		x->lo += (int32_t)z;
	}
}

static void
added(struct exact *x)
{
	if (++x->pending >= MAX_PEND)
		normalize(x);
}

/* |v| = m * 2^e with m odd (v != 0, finite); returns true when v < 0. */
static bool
decompose(double v, uint64_t *m, int32_t *e)
{
	uint64_t bits;
	int32_t ex;

	memcpy(&bits, &v, sizeof(bits));
	ex = (int32_t)(bits >> 52 & 0x7ff);
	*m = bits & ((UINT64_C(1) << 52) - 1);
	if (ex == 0)
		*e = -1074;
	else {
		*m |= UINT64_C(1) << 52;
		*e = ex - 1075;
	}
	int tz = __builtin_ctzll(*m);
	*m >>= tz;
	*e += tz;
	return bits >> 63;
}

/* x += sign * (sum of piece[i] * 2^(32 i)) * 2^e, the pieces under 2^32. */
static void
add_pieces(struct exact *x, const uint32_t *piece, int npiece, int32_t e, bool neg)
{
	int32_t k = floor_div32(e), s = e - 32 * k;

	ensure(x, k, k + npiece + 1);
	int64_t *d = x->d + (k - x->lo);
	for (int i = 0; i < npiece; i++) {
		uint64_t q = (uint64_t)piece[i] << s;
		int64_t low = (int64_t)(q & 0xffffffff), high = (int64_t)(q >> 32);

		if (neg) {
			d[i] -= low;
			d[i + 1] -= high;
		} else {
			d[i] += low;
			d[i + 1] += high;
		}
	}
	added(x);
}

void
exact_add(struct exact *x, double v)
{
	uint64_t m;
	int32_t e;
	bool neg;

	if (v == 0)
		return;
	neg = decompose(v, &m, &e);
	uint32_t piece[2] = {(uint32_t)m, (uint32_t)(m >> 32)};
	add_pieces(x, piece, piece[1] ? 2 : 1, e, neg);
}

void
exact_add_square(struct exact *x, double v)
{
	uint64_t m;
	int32_t e;
	uint32_t piece[4];
	int n = 4;

	if (v == 0)
		return;
	decompose(v, &m, &e);
	u128 sq = (u128)m * m;
	for (int i = 0; i < 4; i++)
		piece[i] = (uint32_t)(sq >> (32 * i));
	while (n > 1 && piece[n - 1] == 0)
		n--;
	add_pieces(x, piece, n, 2 * e, false);
}

void
exact_merge(struct exact *x, struct exact *y)
{
	normalize(y);
	if (y->n == 0)
		return;
	ensure(x, y->lo, y->lo + (int32_t)y->n + 1);
	for (uint32_t i = 0; i < y->n; i++)
		x->d[(y->lo - x->lo) + (int32_t)i] += y->d[i];
	added(x);
}

/*
 * A non-negative big number: m[0 .. n) in base 2^32, least significant
 * first, times 2^(32 lo).  Small ones (all that scores make) live in buf.
 */
#define BIG_INLINE 40

struct big {
	uint32_t *m;
	size_t n, cap;
	int32_t lo;
	uint32_t buf[BIG_INLINE];
};

/* Room for n limbs, zeroed. */
static void
big_init(struct big *b, size_t n, int32_t lo)
{
	b->cap = n > BIG_INLINE ? n : BIG_INLINE;
	b->m = n > BIG_INLINE ? xmalloc(n * sizeof(*b->m)) : b->buf;
	memset(b->m, 0, n * sizeof(*b->m));
	b->n = n;
	b->lo = lo;
}

static void
big_free(struct big *b)
{
	if (b->m != b->buf)
		free(b->m);
	b->m = NULL;
}

static void
big_trim(struct big *b)
{
	size_t z = 0;

	while (b->n > 0 && b->m[b->n - 1] == 0)
		b->n--;
	while (z < b->n && b->m[z] == 0)
		z++;
	if (z) {
		memmove(b->m, b->m + z, (b->n - z) * sizeof(*b->m));
		b->n -= z;
		b->lo += (int32_t)z;
	}
}

/* |x| into b (big_free it); returns -1, 0 or 1, the sign of x. */
static int
magnitude(struct exact *x, struct big *b)
{
	bool neg;
	int64_t carry = 0;

	normalize(x);
	big_init(b, x->n + 1, x->lo);
	b->n = x->n;
	if (x->n == 0)
		return 0;
	neg = x->d[x->n - 1] < 0;
	for (uint32_t i = 0; i < x->n; i++) {
		int64_t v = (neg ? -x->d[i] : x->d[i]) + carry, low = LOW(v);

		carry = (v - low) / LIMB;
		b->m[i] = (uint32_t)low;
	}
	if (carry)
		b->m[b->n++] = (uint32_t)carry;
	big_trim(b);
	return neg ? -1 : 1;
}

/* b rounded to the nearest double (ties to even). */
static double
big_to_double(const struct big *b)
{
	if (b->n == 0)
		return 0;
	size_t t = b->n - 1;
	uint64_t w2 = b->m[t], w1 = t >= 1 ? b->m[t - 1] : 0, w0 = t >= 2 ? b->m[t - 2] : 0;
	int lz = __builtin_clz((unsigned)w2);
	uint64_t u = (w2 << 32 | w1) << lz;
	bool sticky = false;

	if (lz) {
		u |= w0 >> (32 - lz);
		sticky = ((w0 << lz) & 0xffffffff) != 0;
	} else
		sticky = w0 != 0;
	for (size_t i = 0; !sticky && t >= 3 && i < t - 2; i++)
		sticky = b->m[i] != 0;
	u |= sticky;
	/* The last bit of u weighs 2^(32 (lo + t - 1) - lz); (double)u rounds once, correctly. */
	return ldexp((double)u, 32 * (b->lo + (int32_t)t - 1) - lz);
}

double
exact_value(struct exact *x)
{
	struct big b;
	int sign = magnitude(x, &b);
	double v = big_to_double(&b);

	big_free(&b);
	return sign < 0 ? -v : v;
}

/* r = a * b. */
static void
big_mul(const struct big *a, const struct big *b, struct big *r)
{
	big_init(r, a->n + b->n + 1, a->lo + b->lo);
	r->n = a->n + b->n;
	for (size_t i = 0; i < a->n; i++) {
		uint64_t carry = 0;

		for (size_t j = 0; j < b->n; j++) {
			uint64_t t = (uint64_t)a->m[i] * b->m[j] + r->m[i + j] + carry;

			r->m[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		r->m[i + b->n] = (uint32_t)carry;
	}
	big_trim(r);
}

/* r = a - b, or 0 when b > a. */
static void
big_sub(const struct big *a, const struct big *b, struct big *r)
{
	int32_t lo, hi, hia = a->lo + (int32_t)a->n, hib = b->lo + (int32_t)b->n;
	int64_t borrow = 0;

	if (a->n == 0 || b->n == 0) {
		lo = a->n ? a->lo : 0;
		big_init(r, a->n + 1, lo);
		r->n = a->n;
		memcpy(r->m, a->m, a->n * sizeof(*r->m));
		if (b->n)
			r->n = 0;
		return;
	}
	lo = a->lo < b->lo ? a->lo : b->lo;
	hi = hia > hib ? hia : hib;
	big_init(r, (size_t)(hi - lo) + 1, lo);
	r->n = (size_t)(hi - lo);
	for (int32_t k = lo; k < hi; k++) {
		int64_t av = k >= a->lo && k < hia ? a->m[k - a->lo] : 0;
		int64_t bv = k >= b->lo && k < hib ? b->m[k - b->lo] : 0;
		int64_t v = av - bv - borrow;

		borrow = v < 0;
		r->m[k - lo] = (uint32_t)(v + (borrow ? LIMB : 0));
	}
	if (borrow)
		r->n = 0;
	big_trim(r);
}

/*
 * b / d into b, truncated, after three more limbs of fraction; a remainder
 * sets the lowest bit, which keeps the rounding to a double correct.
 */
static void
big_div(struct big *b, uint64_t d)
{
	u128 rem = 0;

	if (b->n + 3 > b->cap) {
		uint32_t *m = xmalloc((b->n + 3) * sizeof(*m));

		memcpy(m, b->m, b->n * sizeof(*m));
		big_free(b);
		b->m = m;
		b->cap = b->n + 3;
	}
	memmove(b->m + 3, b->m, b->n * sizeof(*b->m));
	memset(b->m, 0, 3 * sizeof(*b->m));
	b->n += 3;
	b->lo -= 3;
	for (size_t i = b->n; i-- > 0;) {
		u128 cur = rem << 32 | b->m[i];

		b->m[i] = (uint32_t)(cur / d);
		rem = cur % d;
	}
	if (rem)
		b->m[0] |= 1;
	big_trim(b);
}

double
exact_mean(struct exact *x, uint64_t n)
{
	struct big b;
	int sign = magnitude(x, &b);
	double v = 0;

	if (n > 0 && sign != 0) {
		big_div(&b, n);
		v = big_to_double(&b);
	}
	big_free(&b);
	return sign < 0 ? -v : v;
}

double
exact_variance(struct exact *s1, struct exact *s2, uint64_t n)
{
	struct big a, b, nn, a2, nb, v;
	double var;

	if (n < 2)
		return 0;
	magnitude(s1, &a);
	magnitude(s2, &b);
	big_init(&nn, 2, 0);
	nn.m[0] = (uint32_t)n;
	nn.m[1] = (uint32_t)(n >> 32);
	big_trim(&nn);
	big_mul(&a, &a, &a2);
	big_mul(&b, &nn, &nb);
	big_sub(&nb, &a2, &v); /* n * sum(x^2) - (sum x)^2, exactly; never negative */
	if (v.n) {
		big_div(&v, n);
		big_div(&v, n - 1);
	}
	var = big_to_double(&v);
	big_free(&a);
	big_free(&b);
	big_free(&nn);
	big_free(&a2);
	big_free(&nb);
	big_free(&v);
	return var;
}

char *
exact_format(struct exact *x)
{
	struct big b;
	int sign = magnitude(x, &b);
	char *s, *p;

	if (sign == 0) {
		big_free(&b);
		return xstrdup("0");
	}
	p = s = xmalloc(b.n * 8 + 32);
	if (sign < 0)
		*p++ = '-';
	p += sprintf(p, "%x", (unsigned)b.m[b.n - 1]);
	for (size_t i = b.n - 1; i-- > 0;)
		p += sprintf(p, "%08x", (unsigned)b.m[i]);
	sprintf(p, "p%d", 32 * (int)b.lo);
	big_free(&b);
	return s;
}

int
exact_parse(struct exact *x, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *h, *hend;
	bool neg = false, eneg = false;
	long e = 0;

	if (len == 1 && *s == '0')
		return 0;
	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	h = p;
	while (p < end && hex_digit(*p) >= 0)
		p++;
	hend = p;
	if (hend == h || hend - h > MAX_DIGITS || p >= end || *p++ != 'p')
		return -1;
	if (p < end && *p == '-') {
		eneg = true;
		p++;
	}
	if (p >= end)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9' || e > 100000)
			return -1;
		e = e * 10 + (*p - '0');
	}
	if (eneg)
		e = -e;
	if (e % 32 || e < -32 * 200 || e > 32 * 200)
		return -1;
	size_t nd = (size_t)(hend - h), nl = (nd + 7) / 8;
	ensure(x, (int32_t)(e / 32), (int32_t)(e / 32) + (int32_t)nl);
	int64_t *d = x->d + (e / 32 - x->lo);
	for (size_t i = 0; i < nl; i++) {
		/* Limb i holds the hex digits nd-8(i+1) .. nd-8i-1. */
		size_t to = nd - 8 * i, from = to >= 8 ? to - 8 : 0;
		int64_t v = 0;

		for (size_t j = from; j < to; j++)
			v = v * 16 + hex_digit(h[j]);
		d[i] += neg ? -v : v;
	}
	added(x);
	return 0;
}
