/* scan.c: check a record in one pass and find the fields wanted (see scan.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "utf8.h"

#define MAX_DEPTH 64  /* deeper, jansson decides */
#define MAX_KEYS  512 /* keys of the objects open at once, checked for duplicates */
#define MAX_INT   18  /* digits an integer may have and surely fit in 64 bits */
#define MAX_REAL  300 /* digits before the point of a real without exponent that cannot overflow */
#define MAX_EXP   64  /* length of a number with an exponent that we check with strtod */

struct key {
	const char *s;
	size_t n;
};

struct scan {
	const char *end;
	struct scan_target *t;
	size_t nt;
	int depth;
	char kind;    /* of the last value scanned */
	bool escaped; /* the last string had escapes */
	size_t nkeys;
	struct key keys[MAX_KEYS]; /* a stack: the keys of each open object */
};

static const char *value(struct scan *sc, const char *p, uint32_t mask, size_t level);

static const char *
skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static bool
is_digit(const char *p, const char *e)
{
	return p < e && *p >= '0' && *p <= '9';
}

static bool
hex4(const char *p, const char *e, unsigned *u)
{
	*u = 0;
	if (e - p < 4)
		return false;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		*u = *u << 4 | d;
	}
	return true;
}

/*
 * The bytes of the 8 at p that a string cannot simply pass over ('"',
 * '\\', a control character, a byte >= 0x80), each marked by its high
 * bit; 0 when there is none.  The lowest mark is exact (a borrow only
 * spoils the marks above it).
 */
static uint64_t
special8(const char *p)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	uint64_t x, q, b;

	memcpy(&x, p, 8);
	q = x ^ (ones * '"');
	b = x ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x) & high;
}

/* A string at p ('"'); returns the end, or NULL. */
static const char *
string(struct scan *sc, const char *p)
{
	const char *e = sc->end;

	sc->kind = '"';
	sc->escaped = false;
	for (p++; p < e;) {
		unsigned char c;
		unsigned u, u2;

		if (e - p >= 8) {
			uint64_t m = special8(p);

			if (!m) {
				p += 8;
				continue;
			}
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			p += __builtin_ctzll(m) >> 3;
#endif
		}
		c = (unsigned char)*p;
		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c < 0x80 && c != '\\') {
			p++;
			continue;
		}
		if (c >= 0x80) {
			/* the run of bytes >= 0x80 holds whole sequences when it is well-formed */
			const char *q = p + 1;

			while (q < e && (unsigned char)*q >= 0x80)
				q++;
			if (utf8_check(p, (size_t)(q - p)) != (size_t)(q - p))
				return NULL;
			p = q;
			continue;
		}
		sc->escaped = true;
		if (++p >= e)
			return NULL;
		switch (*p) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			p++;
			break;
		case 'u':
			if (!hex4(p + 1, e, &u))
				return NULL;
			p += 5;
			if (u >= 0xdc00 && u <= 0xdfff)
				return NULL; /* a low surrogate alone */
			if (u >= 0xd800 && u <= 0xdbff) {
				if (e - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    !hex4(p + 2, e, &u2) || u2 < 0xdc00 || u2 > 0xdfff)
					return NULL;
				p += 6;
			}
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

/* A number at p; returns the end, or NULL (also when jansson might find it too big). */
static const char *
number(struct scan *sc, const char *p)
{
	const char *e = sc->end, *s = p, *digits;
	bool exp = false;
	size_t nint;

	sc->kind = '0';
	if (*p == '-')
		p++;
	digits = p;
	if (p < e && *p == '0')
		p++;
	else if (is_digit(p, e))
		while (is_digit(p, e))
			p++;
	else
		return NULL;
	nint = (size_t)(p - digits);
	if (p < e && *p == '.') {
		sc->kind = '.';
		if (!is_digit(++p, e))
			return NULL;
		while (is_digit(p, e))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		sc->kind = '.';
		exp = true;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, e))
			return NULL;
		while (is_digit(p, e))
			p++;
	}
	if (sc->kind == '0')
		return nint > MAX_INT ? NULL : p;
	if (exp) {
		/* jansson rejects what strtod makes infinite; strtod wants a C string */
		char buf[MAX_EXP];
		size_t n = (size_t)(p - s);

		if (n >= sizeof(buf))
			return NULL;
		memcpy(buf, s, n);
		buf[n] = '\0';
		return isfinite(strtod(buf, NULL)) ? p : NULL;
	}
	return nint > MAX_REAL ? NULL : p;
}

static const char *
literal(struct scan *sc, const char *p, const char *word, size_t n, char kind)
{
	if ((size_t)(sc->end - p) < n || memcmp(p, word, n))
		return NULL;
	sc->kind = kind;
	return p + n;
}

/*
 * After a member or an element: a comma (*more, and the position after it)
 * or the closing bracket (its position); NULL for anything else.
 */
static const char *
next(const char *p, const char *e, char close, bool *more)
{
	p = skip_ws(p, e);
	*more = p < e && *p == ',';
	if (*more)
		return skip_ws(p + 1, e);
	return p < e && *p == close ? p : NULL;
}

static const char *
array(struct scan *sc, const char *p)
{
	const char *e = sc->end;

	if (++sc->depth > MAX_DEPTH)
		return NULL;
	p = skip_ws(p + 1, e);
	if (p < e && *p == ']')
		goto done;
	for (bool more = true; more;)
		if (!(p = value(sc, p, 0, 0)) || !(p = next(p, e, ']', &more)))
			return NULL;
done:
	sc->depth--;
	sc->kind = '[';
	return p + 1;
}

/*
 * An object at p.  mask: the targets whose first `level` keys led here;
 * a key that is the next of a target's path either holds the target or
 * leads further down.
 */
static const char *
object(struct scan *sc, const char *p, uint32_t mask, size_t level)
{
	const char *e = sc->end;
	size_t base = sc->nkeys;

	if (++sc->depth > MAX_DEPTH)
		return NULL;
	p = skip_ws(p + 1, e);
	if (p < e && *p == '}')
		goto done;
	for (bool more = true; more;) {
		const char *k = p + 1, *v;
		uint32_t down = 0, here = 0;
		size_t kn;

		if (p >= e || *p != '"' || !(p = string(sc, p)) || sc->escaped)
			return NULL; /* an escaped key could equal another: jansson decides */
		kn = (size_t)(p - 1 - k);
		for (size_t i = base; i < sc->nkeys; i++)
			if (sc->keys[i].n == kn && sc->keys[i].s[0] == k[0] &&
			    !memcmp(sc->keys[i].s, k, kn))
				return NULL; /* a duplicate: jansson rejects it */
		if (sc->nkeys == MAX_KEYS)
			return NULL;
		sc->keys[sc->nkeys].s = k;
		sc->keys[sc->nkeys++].n = kn;
		p = skip_ws(p, e);
		if (p >= e || *p != ':')
			return NULL;
		v = p = skip_ws(p + 1, e);
		for (uint32_t m = mask, i = 0; m; m >>= 1, i++) {
			const char *want;

			if (!(m & 1))
				continue;
			want = sc->t[i].path->keys[level];
			/* k[0] is there even when kn is 0: the closing quote */
			if (want[0] != k[0] || sc->t[i].path->lens[level] != kn ||
			    memcmp(want, k, kn))
				continue;
			if (sc->t[i].path->nkeys == level + 1)
				here |= UINT32_C(1) << i;
			else
				down |= UINT32_C(1) << i;
		}
		if (!(p = value(sc, p, down, level + 1)))
			return NULL;
		for (uint32_t m = here, i = 0; m; m >>= 1, i++)
			if (m & 1) {
				sc->t[i].start = v;
				sc->t[i].len = (size_t)(p - v);
				sc->t[i].kind = sc->kind;
				sc->t[i].escaped = sc->kind == '"' && sc->escaped;
			}
		if (!(p = next(p, e, '}', &more)))
			return NULL;
	}
done:
	sc->nkeys = base;
	sc->depth--;
	sc->kind = '{';
	return p + 1;
}

static const char *
value(struct scan *sc, const char *p, uint32_t mask, size_t level)
{
	if (p >= sc->end)
		return NULL;
	switch (*p) {
	case '{':
		return object(sc, p, mask, level);
	case '[':
		return array(sc, p);
	case '"':
		return string(sc, p);
	case 't':
		return literal(sc, p, "true", 4, 't');
	case 'f':
		return literal(sc, p, "false", 5, 'f');
	case 'n':
		return literal(sc, p, "null", 4, 'n');
	default:
		return *p == '-' || (*p >= '0' && *p <= '9') ? number(sc, p) : NULL;
	}
}

bool
scan_record(const char *s, size_t len, struct scan_target *t, size_t nt, struct scan_info *info)
{
	struct scan sc; /* the key stack is not cleared: it is filled before it is read */
	const char *p = skip_ws(s, s + len), *open;

	if (nt > SCAN_MAX_TARGETS)
		return false;
	sc.end = s + len;
	sc.t = t;
	sc.nt = nt;
	sc.depth = 0;
	sc.kind = 0;
	sc.escaped = false;
	sc.nkeys = 0;
	for (size_t i = 0; i < nt; i++)
		t[i].start = NULL;
	if (p >= sc.end || *p != '{')
		return false;
	open = p;
	p = object(&sc, p, nt ? (uint32_t)((UINT64_C(1) << nt) - 1) : 0, 0);
	if (!p || skip_ws(p, sc.end) != sc.end)
		return false;
	if (info) {
		info->close = (size_t)(p - 1 - s);
		info->empty = skip_ws(open + 1, p - 1) == p - 1;
	}
	return true;
}

/* The code point of the escape \uXXXX at s (and of the low surrogate after it); *n: its length. */
static unsigned
unescape_u(const char *s, const char *e, size_t *n)
{
	unsigned u, u2;

	hex4(s + 2, e, &u);
	*n = 6;
	if (u >= 0xd800 && u <= 0xdbff) {
		hex4(s + 8, e, &u2);
		u = 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00);
		*n = 12;
	}
	return u;
}

size_t
scan_unescape(const char *s, size_t n, char *buf)
{
	const char *e = s + n;
	char *o = buf;

	while (s < e) {
		const char *bs = memchr(s, '\\', (size_t)(e - s));
		unsigned u;
		size_t k;

		if (!bs)
			bs = e;
		memmove(o, s, (size_t)(bs - s));
		o += bs - s;
		if ((s = bs) >= e)
			break;
		switch (s[1]) {
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			u = unescape_u(s, e, &k);
			s += k;
			o += utf8_encode(o, u); /* never longer than the escape (6 or 12 bytes) */
			continue;
		default: /* " \ / */
			*o++ = s[1];
			break;
		}
		s += 2;
	}
	return (size_t)(o - buf);
}

json_t *
scan_value(const struct scan_target *t)
{
	const size_t flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;

	if (!t->start)
		return NULL;
	switch (t->kind) {
	case '"':
		if (t->escaped) {
			char buf[512];

			if (scan_bodylen(t) > sizeof(buf))
				return json_loadb(t->start, t->len, flags, NULL);
			return json_stringn_nocheck(
			    buf, scan_unescape(scan_body(t), scan_bodylen(t), buf));
		}
		return json_stringn_nocheck(scan_body(t), scan_bodylen(t));
	case '0':
		return json_integer(strtoll(t->start, NULL, 10));
	case '.':
		return json_real(strtod(t->start, NULL));
	case 't':
		return json_true();
	case 'f':
		return json_false();
	case 'n':
		return json_null();
	default:
		return json_loadb(t->start, t->len, flags, NULL);
	}
}
