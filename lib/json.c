/* json.c: the JSON writer (see json.h). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "scan.h"
#include "utf8.h"
#include "util.h"

/* ---- strings ---- */

/* What a byte is to the string writer: 0 plain, else why it may need an escape. */
enum { PLAIN, ESC, SLASH, DEL, HIGH };

static inline int
byte_class(unsigned char c)
{
	if (c >= 0x80)
		return HIGH;
	if (c < 0x20 || c == '"' || c == '\\')
		return ESC;
	return c == '/' ? SLASH : c == 0x7F ? DEL : PLAIN;
}

static void
put_u(struct buf *b, uint32_t u, unsigned flags)
{
	const char *hex = flags & JSON_STR_LOWER ? "0123456789abcdef" : "0123456789ABCDEF";
	char e[6] = {'\\', 'u', hex[u >> 12 & 15], hex[u >> 8 & 15], hex[u >> 4 & 15], hex[u & 15]};

	buf_add(b, e, 6);
}

/* The escape of an ASCII byte that needs one. */
static void
put_escape(struct buf *b, unsigned char c, unsigned flags)
{
	char e[2] = {'\\', 0};

	switch (c) {
	case '"':
	case '\\':
	case '/':
		e[1] = (char)c;
		break;
	case '\n':
		e[1] = 'n';
		break;
	case '\r':
		e[1] = 'r';
		break;
	case '\t':
		e[1] = 't';
		break;
	case '\b':
		e[1] = 'b';
		break;
	case '\f':
		e[1] = 'f';
		break;
	}
	if (e[1] && !(flags & JSON_STR_NOSHORT && c < 0x20) &&
	    !(flags & JSON_STR_NOSHORT_BF && (c == '\b' || c == '\f')))
		buf_add(b, e, 2);
	else
		put_u(b, c, flags);
}

/*
 * Whether the eight bytes of x are all PLAIN (and not '/'), which no flag
 * escapes: exact as a yes or no, by the has-zero and has-less tricks.
 */
static bool
plain8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\'), sl = x ^ (ones * '/'),
	         del = x ^ (ones * 0x7F);

	return !((x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs) |
	          ((sl - ones) & ~sl) | ((del - ones) & ~del)) &
	         high);
}

size_t
json_put_string(struct buf *b, const char *str, size_t len, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)str, *p = s, *e = s + len, *run = s;
	const unsigned high = JSON_STR_C1 | JSON_STR_REPAIR | JSON_STR_ASCII | JSON_STR_LSPS;
	size_t bad = 0;

	buf_reserve(b, len + 2);
	if (!(flags & JSON_STR_BARE))
		buf_addc(b, '"');
	while (p < e) {
		uint32_t cp;
		int n;

		switch (byte_class(*p)) {
		case PLAIN: {
			uint64_t x;

			p++;
			while (e - p >= 8 && (memcpy(&x, p, 8), plain8(x)))
				p += 8; /* most text is plain ASCII */
			continue;
		}
		case SLASH:
			if (!(flags & JSON_STR_SLASH)) {
				p++;
				continue;
			}
			break;
		case DEL:
			if (!(flags & JSON_STR_DEL)) {
				p++;
				continue;
			}
			break;
		case HIGH:
			if (!(flags & high)) {
				p++;
				continue;
			}
			n = utf8_decode(p, (size_t)(e - p), &cp);
			if (n < 0 && !(flags & JSON_STR_REPAIR)) {
				p++; /* the caller vouched for it */
				continue;
			}
			if (n > 0 && !(flags & JSON_STR_ASCII) &&
			    !(flags & JSON_STR_C1 && cp <= 0x9F) &&
			    !(flags & JSON_STR_LSPS && (cp == 0x2028 || cp == 0x2029))) {
				p += n;
				continue;
			}
			buf_add(b, run, (size_t)(p - run));
			if (n < 0) {
				bad++;
				if (flags & JSON_STR_ASCII)
					put_u(b, 0xFFFD, flags);
				else
					buf_add(b, "\xEF\xBF\xBD", 3);
				p += -n;
			} else {
				if (cp >= 0x10000) {
					put_u(b, 0xD800 + ((cp - 0x10000) >> 10), flags);
					cp = 0xDC00 + ((cp - 0x10000) & 0x3FF);
				}
				put_u(b, cp, flags);
				p += n;
			}
			run = p;
			continue;
		}
		buf_add(b, run, (size_t)(p - run));
		put_escape(b, *p, flags);
		run = ++p;
	}
	buf_add(b, run, (size_t)(p - run));
	if (!(flags & JSON_STR_BARE))
		buf_addc(b, '"');
	return bad;
}

/* ---- numbers ---- */

/* m / 10^k as decimal text (k <= 22). */
static void
put_fixed(struct buf *b, bool neg, uint64_t m, int k, bool point)
{
	char s[48], *p = s + sizeof(s);
	int digits = 0;

	if (point && k == 0) {
		*--p = '0';
		*--p = '.';
	}
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
	uint64_t bits, mant;
	int e, kk = 16 - (int)floor(log10(a));

	memcpy(&bits, &a, sizeof(bits));
	e = (int)(bits >> 52 & 0x7ff) - 1075; /* a = mant * 2^e, e in [-66, -3] */
	mant = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
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
json_put_doublef(struct buf *b, double v, unsigned flags)
{
	/* Exact as doubles up to 1e22; 15 digits from 1e-4 need 18 decimals. */
	static const double pow10[] = {1,    1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	const bool point = flags & JSON_NUM_POINT;
	double a = fabs(v);
	char s[40];
	int n = 0;

	if (!isfinite(v)) {
		buf_add(b, "null", 4);
		return;
	}
	if (a == 0) {
		put_fixed(b, signbit(v), 0, 0, point);
		return;
	}
	/*
	 * From 1e-4 to 1e15 %g writes fixed notation, and the shortest text
	 * has the fewest decimals: the first k such that an integer m < 2^53
	 * over 10^k rounds to v (both exact, so the division rounds once, as
	 * strtod does when it reads the text back), written without printf.
	 * When that fails (m would pass 2^53), 16 digits are tried with printf,
	 * then 17 digits without; tiny and huge values take printf.
	 */
	if (a >= 1e-4 && a < 1e15) {
		uint64_t m17;
		int k17;

		for (int k = 0; k < (int)LEN(pow10); k++) {
			double t = a * pow10[k], m = round(t);

			if (t >= 9007199254740992.0)
				break;
			if (m / pow10[k] == a) {
				put_fixed(b, v < 0, (uint64_t)m, k, point);
				return;
			}
		}
		/* 16 digits, perhaps, where m passes 2^53 */
		n = snprintf(s, sizeof(s), "%.16g", v);
		if (strtod(s, NULL) == v)
			goto out;
		if (digits17(a, &m17, &k17)) {
			put_fixed(b, v < 0, m17, k17, point);
			return;
		}
	}
	/*
	 * A normal double that some text of 15 digits or fewer reads back to
	 * is within half an ulp of it, far closer than 15-digit neighbours:
	 * %.15g finds that text (less its trailing zeros).  A subnormal one
	 * has fewer bits, and may need fewer digits than %.15g writes.
	 */
	for (int prec = a < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		n = snprintf(s, sizeof(s), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
out:
	buf_add(b, s, (size_t)n);
	if (point && !strpbrk(s, ".e"))
		buf_add(b, ".0", 2);
}

void
json_put_double(struct buf *b, double v)
{
	json_put_doublef(b, v, 0);
}

void
json_put_int(struct buf *b, long long v)
{
	char s[24], *p = s + sizeof(s);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(s + sizeof(s) - p));
}

json_t *
json_loadb_strict(const char *s, size_t len, size_t flags, json_error_t *err)
{
	const char *nul = memchr(s, '\0', len);

	if (nul) {
		if (err) {
			memset(err, 0, sizeof(*err));
			snprintf(err->text, sizeof(err->text), "NUL byte");
			snprintf(err->source, sizeof(err->source), "<buffer>");
			err->line = 1;
			err->position = (int)(nul - s);
			err->column = err->position + 1;
		}
		return NULL;
	}
	return json_loadb(s, len, flags, err);
}

const char *
json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	default:
		return "an object";
	}
}

/* ---- copying members ---- */

static const char *
skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at '"': the end of the string, or NULL. */
static const char *
skip_string(const char *p, const char *e)
{
	for (p++; p < e; p++) {
		if (*p == '"')
			return p + 1;
		if (*p == '\\' && ++p >= e)
			return NULL;
	}
	return NULL;
}

/* The end of the value at p (checked JSON: only its extent is found), or NULL. */
static const char *
skip_value(const char *p, const char *e)
{
	size_t depth = 0;

	if (p >= e)
		return NULL;
	do {
		if (p >= e)
			return NULL;
		switch (*p) {
		case '"':
			if (!(p = skip_string(p, e)))
				return NULL;
			continue;
		case '{':
		case '[':
			depth++;
			p++;
			continue;
		case '}':
		case ']':
			if (!depth)
				return NULL;
			depth--;
			p++;
			continue;
		case ',':
		case ':':
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			if (!depth)
				return NULL;
			p++;
			continue;
		}
		/* a number or a literal: up to what ends it */
		while (p < e && !strchr(",:]} \t\n\r\"{[", *p))
			p++;
	} while (depth);
	return p;
}

static bool
skipped(const char *key, size_t n, bool escaped, const char *const *skip_keys)
{
	char small[256], *k = (char *)key;

	if (!skip_keys || !*skip_keys)
		return false;
	if (escaped) {
		k = n <= sizeof(small) ? small : xmalloc(n);
		n = scan_unescape(key, n, k);
	}
	bool found = false;
	for (const char *const *s = skip_keys; *s && !found; s++)
		found = strlen(*s) == n && !memcmp(*s, k, n);
	if (escaped && k != small)
		free(k);
	return found;
}

int
json_copy_members(struct buf *out, const char *obj, size_t len, const char *const *skip_keys)
{
	const char *e = obj + len, *p = skip_ws(obj, e);
	size_t mark = out->len;
	int count = 0;

	if (p >= e || *p != '{')
		return -1;
	buf_addc(out, '{');
	p = skip_ws(p + 1, e);
	if (p < e && *p == '}')
		return skip_ws(p + 1, e) == e ? 0 : (out->len = mark, -1);
	for (;;) {
		const char *k = p, *ke, *v, *ve;

		if (p >= e || *p != '"' || !(ke = skip_string(p, e)))
			goto bad;
		p = skip_ws(ke, e);
		if (p >= e || *p != ':')
			goto bad;
		v = skip_ws(p + 1, e);
		if (!(ve = skip_value(v, e)))
			goto bad;
		if (!skipped(k + 1, (size_t)(ke - k - 2), memchr(k, '\\', (size_t)(ke - k)) != NULL,
		             skip_keys)) {
			if (count++)
				buf_addc(out, ',');
			buf_add(out, k, (size_t)(ke - k));
			buf_addc(out, ':');
			buf_add(out, v, (size_t)(ve - v));
		}
		p = skip_ws(ve, e);
		if (p < e && *p == ',') {
			p = skip_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == '}' && skip_ws(p + 1, e) == e)
			return count;
		goto bad;
	}
bad:
	out->len = mark;
	if (out->p)
		out->p[mark] = '\0';
	return -1;
}

bool
json_member_span(const char *obj, size_t len, const char *key, size_t *start, size_t *end)
{
	const char *const keys[] = {key, NULL};
	const char *e = obj + len, *p = skip_ws(obj, e);

	if (p >= e || *p != '{')
		return false;
	for (p = skip_ws(p + 1, e); p < e && *p == '"';) {
		const char *k = p, *ke, *v, *ve;

		if (!(ke = skip_string(p, e)) || (p = skip_ws(ke, e)) >= e || *p != ':' ||
		    !(ve = skip_value(v = skip_ws(p + 1, e), e)))
			return false;
		if (skipped(k + 1, (size_t)(ke - k - 2), memchr(k, '\\', (size_t)(ke - k)) != NULL,
		            keys)) {
			*start = (size_t)(v - obj);
			*end = (size_t)(ve - obj);
			return true;
		}
		if ((p = skip_ws(ve, e)) < e && *p == ',')
			p = skip_ws(p + 1, e);
	}
	return false;
}
