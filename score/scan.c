/*
 * scan.c: the fast path of sentio-score: check that a line is a JSON
 * object, find the text to score and whether the output field is there,
 * without building the object.  Whatever the scanner is not sure of
 * (bad JSON, bad UTF-8, odd numbers, escaped keys, the output field
 * present...) goes to the slow path, which parses with jansson exactly as
 * every stage does; so the fast path only has to be right when it says
 * yes.
 */
#include <string.h>

#include "scan.h"

#define MAX_DEPTH 256
#define MAX_KEYS  512 /* keys of the objects open at once, checked for duplicates */

struct scanner {
	const unsigned char *s, *end;
	const struct jsonpath *path;
	const char *into;
	size_t intolen;
	struct scan_result *r;
	const unsigned char *keys[MAX_KEYS]; /* a stack: the keys of each open object */
	size_t keylen[MAX_KEYS];
	size_t nkeys;
};

static const unsigned char *
skip_ws(const unsigned char *p, const unsigned char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static bool
hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
	*v = 0;
	if (end - p < 4)
		return false;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i];

		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return false;
		*v = *v << 4 | c;
	}
	return true;
}

/*
 * A string at p (after the opening quote): well-formed UTF-8, no control
 * characters, valid escapes (a surrogate only in a pair).  Returns the
 * position after the closing quote or NULL; *escaped says whether a
 * backslash was seen.
 */
static const unsigned char *
scan_string(const unsigned char *p, const unsigned char *end, bool *escaped)
{
	*escaped = false;
	while (p < end) {
		unsigned c = *p;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			unsigned u, u2;

			*escaped = true;
			if (++p >= end)
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
				continue;
			case 'u':
				if (!hex4(p + 1, end, &u))
					return NULL;
				p += 5;
				if (u >= 0xDC00 && u <= 0xDFFF)
					return NULL;
				if (u >= 0xD800 && u <= 0xDBFF) {
					if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
					    !hex4(p + 2, end, &u2) || u2 < 0xDC00 || u2 > 0xDFFF)
						return NULL;
					p += 6;
				}
				continue;
			default:
				return NULL;
			}
		}
		if (c < 0x80) {
			p++;
			continue;
		}
		/* UTF-8, strictly */
		if (c >= 0xC2 && c <= 0xDF) {
			if (end - p < 2 || (p[1] & 0xC0) != 0x80)
				return NULL;
			p += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
				return NULL;
			p += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
			    (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) ||
			    (c == 0xF4 && p[1] > 0x8F))
				return NULL;
			p += 4;
		} else {
			return NULL;
		}
	}
	return NULL;
}

/* A number jansson surely reads: at most 15 digits and no exponent (others: slow path). */
static const unsigned char *
scan_number(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *start = p;

	if (p < end && *p == '-')
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return NULL;
	if (*p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return NULL;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E'))
		return NULL;
	if (p - start > 16)
		return NULL;
	return p;
}

static const unsigned char *scan_value(struct scanner *sc, const unsigned char *p, int depth,
                                       size_t pathdepth);

/* An object at p (after '{'); pathdepth: how many keys of the path led here (-1: off the path). */
static const unsigned char *
scan_object(struct scanner *sc, const unsigned char *p, int depth, size_t pathdepth)
{
	const unsigned char *end = sc->end;
	bool top = depth == 1;
	size_t base = sc->nkeys;

	p = skip_ws(p, end);
	if (p < end && *p == '}') {
		if (top)
			sc->r->empty = true;
		return p + 1;
	}
	for (;;) {
		const unsigned char *k, *kend;
		size_t klen, next = (size_t)-1;
		bool esc;

		if (p >= end || *p != '"')
			return NULL;
		k = p + 1;
		if (!(kend = scan_string(k, end, &esc)) || esc)
			return NULL; /* an escaped key: let jansson compare it */
		klen = (size_t)(kend - 1 - k);
		for (size_t i = base; i < sc->nkeys; i++)
			if (sc->keylen[i] == klen && memcmp(sc->keys[i], k, klen) == 0)
				return NULL; /* a duplicate: jansson rejects it */
		if (sc->nkeys == MAX_KEYS)
			return NULL;
		sc->keys[sc->nkeys] = k;
		sc->keylen[sc->nkeys++] = klen;
		if (top && klen == sc->intolen && memcmp(k, sc->into, klen) == 0)
			sc->r->has_into = true;
		if (pathdepth != (size_t)-1 && strlen(sc->path->keys[pathdepth]) == klen &&
		    memcmp(sc->path->keys[pathdepth], k, klen) == 0)
			next = pathdepth + 1;
		p = skip_ws(kend, end);
		if (p >= end || *p != ':')
			return NULL;
		p = skip_ws(p + 1, end);
		if (next == sc->path->nkeys) {
			/* the text itself: a string, or the slow path says what is wrong */
			if (p >= end || *p != '"')
				return NULL;
			if (sc->r->found)
				return NULL;
			sc->r->text = (const char *)p + 1;
			if (!(p = scan_string(p + 1, end, &sc->r->text_escaped)))
				return NULL;
			sc->r->textlen = (size_t)((const char *)p - 1 - sc->r->text);
			sc->r->found = true;
		} else if (!(p = scan_value(sc, p, depth, next))) {
			return NULL;
		}
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}') {
			sc->nkeys = base;
			return p + 1;
		}
		return NULL;
	}
}

static const unsigned char *
scan_value(struct scanner *sc, const unsigned char *p, int depth, size_t pathdepth)
{
	const unsigned char *end = sc->end;
	bool esc;

	if (p >= end)
		return NULL;
	switch (*p) {
	case '{':
		if (depth >= MAX_DEPTH)
			return NULL;
		return scan_object(sc, p + 1, depth + 1, pathdepth);
	case '[':
		if (depth >= MAX_DEPTH)
			return NULL;
		p = skip_ws(p + 1, end);
		if (p < end && *p == ']')
			return p + 1;
		for (;;) {
			if (!(p = scan_value(sc, p, depth + 1, (size_t)-1)))
				return NULL;
			p = skip_ws(p, end);
			if (p < end && *p == ',') {
				p = skip_ws(p + 1, end);
				continue;
			}
			if (p < end && *p == ']')
				return p + 1;
			return NULL;
		}
	case '"':
		return scan_string(p + 1, end, &esc);
	case 't':
		return end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f':
		return end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : NULL;
	case 'n':
		return end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default:
		return scan_number(p, end);
	}
}

bool
scan_record(const char *line, size_t len, const struct jsonpath *path, const char *into,
            struct scan_result *r)
{
	struct scanner sc = {(const unsigned char *)line,
	                     (const unsigned char *)line + len,
	                     path,
	                     into,
	                     strlen(into),
	                     r,
	                     {0},
	                     {0},
	                     0};
	const unsigned char *p;

	memset(r, 0, sizeof(*r));
	p = skip_ws(sc.s, sc.end);
	if (p >= sc.end || *p != '{')
		return false;
	if (!(p = scan_object(&sc, p + 1, 1, 0)))
		return false;
	r->close = (size_t)(p - 1 - sc.s);
	return skip_ws(p, sc.end) == sc.end && r->found;
}

/* Decode the JSON string body s[0..n) (already checked) into buf; returns its length. */
size_t
scan_unescape(const char *s, size_t n, char *buf)
{
	char *o = buf;

	for (size_t i = 0; i < n;) {
		unsigned u, u2;

		if (s[i] != '\\') {
			*o++ = s[i++];
			continue;
		}
		switch (s[i + 1]) {
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
			hex4((const unsigned char *)s + i + 2, (const unsigned char *)s + n, &u);
			i += 6;
			if (u >= 0xD800 && u <= 0xDBFF) {
				hex4((const unsigned char *)s + i + 2, (const unsigned char *)s + n,
				     &u2);
				u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
				i += 6;
			}
			if (u < 0x80) {
				*o++ = (char)u;
			} else if (u < 0x800) {
				*o++ = (char)(0xC0 | u >> 6);
				*o++ = (char)(0x80 | (u & 0x3F));
			} else if (u < 0x10000) {
				*o++ = (char)(0xE0 | u >> 12);
				*o++ = (char)(0x80 | (u >> 6 & 0x3F));
				*o++ = (char)(0x80 | (u & 0x3F));
			} else {
				*o++ = (char)(0xF0 | u >> 18);
				*o++ = (char)(0x80 | (u >> 12 & 0x3F));
				*o++ = (char)(0x80 | (u >> 6 & 0x3F));
				*o++ = (char)(0x80 | (u & 0x3F));
			}
			continue;
		default:
			*o++ = s[i + 1];
			break; /* " \ / */
		}
		i += 2;
	}
	return (size_t)(o - buf);
}
