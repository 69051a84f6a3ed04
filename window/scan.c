/* scan.c: check a record in one pass and find the fields wanted (see scan.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

#define MAX_DEPTH 64  /* deeper, jansson decides */
#define MAX_KEYS  64  /* keys an object may have for us to check them for duplicates */
#define MAX_INT   18  /* digits an integer may have and surely fit in 64 bits */
#define MAX_REAL  300 /* digits before the point of a real without exponent that cannot overflow */

struct scan {
	const char *end;
	struct scan_target *t;
	size_t nt;
	int depth;
	char kind;    /* of the last value scanned */
	bool escaped; /* the last string had escapes */
};

static const char *value(struct scan *sc, const char *p, unsigned mask, size_t level);

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

/* The length of the well-formed UTF-8 sequence at p (a byte >= 0x80), or 0. */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *e)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(e - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* A string at p ('"'); returns the end, or NULL. */
static const char *
string(struct scan *sc, const char *p)
{
	const char *e = sc->end;

	sc->kind = '"';
	sc->escaped = false;
	for (p++; p < e;) {
		unsigned char c = (unsigned char)*p;
		unsigned u, u2;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c < 0x80 && c != '\\') {
			p++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = utf8_seq((const unsigned char *)p, (const unsigned char *)e);

			if (!n)
				return NULL;
			p += n;
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
	size_t nint = (size_t)(p - digits);
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
	if (sc->kind == '0' && nint > MAX_INT)
		return NULL;
	if (sc->kind == '.' && (exp ? !isfinite(strtod(s, NULL)) : nint > MAX_REAL))
		return NULL;
	return p;
}

static const char *
literal(struct scan *sc, const char *p, const char *word, char kind)
{
	size_t n = strlen(word);

	if ((size_t)(sc->end - p) < n || memcmp(p, word, n))
		return NULL;
	sc->kind = kind;
	return p + n;
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
	for (;;) {
		if (!(p = value(sc, p, 0, 0)))
			return NULL;
		p = skip_ws(p, e);
		if (p < e && *p == ',') {
			p = skip_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == ']')
			break;
		return NULL;
	}
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
object(struct scan *sc, const char *p, unsigned mask, size_t level)
{
	const char *e = sc->end;
	struct {
		const char *s;
		size_t n;
	} keys[MAX_KEYS];
	size_t nkeys = 0;

	if (++sc->depth > MAX_DEPTH)
		return NULL;
	p = skip_ws(p + 1, e);
	if (p < e && *p == '}')
		goto done;
	for (;;) {
		const char *k = p + 1, *v;
		unsigned down = 0, here = 0;
		size_t kn;

		if (p >= e || *p != '"' || !(p = string(sc, p)) || sc->escaped)
			return NULL; /* an escaped key could equal another: jansson decides */
		kn = (size_t)(p - 1 - k);
		for (size_t i = 0; i < nkeys; i++)
			if (keys[i].n == kn && !memcmp(keys[i].s, k, kn))
				return NULL; /* a duplicate: jansson rejects it */
		if (nkeys == MAX_KEYS)
			return NULL;
		keys[nkeys].s = k;
		keys[nkeys++].n = kn;
		p = skip_ws(p, e);
		if (p >= e || *p != ':')
			return NULL;
		v = p = skip_ws(p + 1, e);
		for (size_t i = 0; mask && i < sc->nt; i++) {
			const struct jsonpath *path = sc->t[i].path;

			if (!(mask >> i & 1) || strncmp(path->keys[level], k, kn) ||
			    path->keys[level][kn])
				continue;
			if (path->nkeys == level + 1)
				here |= 1u << i;
			else
				down |= 1u << i;
		}
		if (!(p = value(sc, p, down, level + 1)))
			return NULL;
		for (size_t i = 0; here && i < sc->nt; i++)
			if (here >> i & 1) {
				sc->t[i].start = v;
				sc->t[i].len = (size_t)(p - v);
				sc->t[i].kind = sc->kind;
				sc->t[i].escaped = sc->kind == '"' && sc->escaped;
			}
		p = skip_ws(p, e);
		if (p < e && *p == ',') {
			p = skip_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == '}')
			break;
		return NULL;
	}
done:
	sc->depth--;
	sc->kind = '{';
	return p + 1;
}

static const char *
value(struct scan *sc, const char *p, unsigned mask, size_t level)
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
		return literal(sc, p, "true", 't');
	case 'f':
		return literal(sc, p, "false", 'f');
	case 'n':
		return literal(sc, p, "null", 'n');
	default:
		return *p == '-' || (*p >= '0' && *p <= '9') ? number(sc, p) : NULL;
	}
}

bool
scan_record(const char *s, size_t len, struct scan_target *t, size_t nt)
{
	struct scan sc = {s + len, t, nt, 0, 0, false};
	const char *p = skip_ws(s, s + len);

	if (nt > SCAN_MAX_TARGETS)
		return false;
	for (size_t i = 0; i < nt; i++)
		t[i].start = NULL;
	if (p >= sc.end || *p != '{')
		return false;
	p = object(&sc, p, nt ? (unsigned)((UINT64_C(1) << nt) - 1) : 0, 0);
	return p && skip_ws(p, sc.end) == sc.end;
}

json_t *
scan_value(const struct scan_target *t)
{
	const size_t flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;

	if (!t->start)
		return NULL;
	switch (t->kind) {
	case '"':
		if (!t->escaped)
			return json_stringn_nocheck(t->start + 1, t->len - 2);
		return json_loadb(t->start, t->len, flags, NULL);
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
