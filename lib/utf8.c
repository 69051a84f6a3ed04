/* utf8.c: UTF-8 validation and repair (Unicode 15, table 3-7 well-formed byte sequences). */
#include <string.h>

#include "utf8.h"
#include "util.h"

/*
 * Length of the well-formed sequence at s (at most n bytes), or 0 when it
 * is ill-formed; in that case *skip is the length of the maximal subpart
 * to replace with one U+FFFD.
 */
static size_t
sequence(const unsigned char *s, size_t n, size_t *skip)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	*skip = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0; /* no overlongs */
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else
		return 0;
	for (i = 1; i < need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*skip = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need;
}

int
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, skip;

	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (!(len = sequence(s, n, &skip))) {
		*cp = 0xFFFD;
		return -(int)skip;
	}
	if (len == 2)
		*cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	else if (len == 3)
		*cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	else
		*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		      (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	return (int)len;
}

size_t
utf8_encode(char out[4], uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, skip;

	while (i < len) {
		uint64_t x;

		if (i + 8 <= len && (memcpy(&x, s + i, 8), !(x & 0x8080808080808080u))) {
			i += 8; /* eight ASCII bytes: most text is */
			continue;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (!(n = sequence(p + i, len - i, &skip)))
			return i;
		i += n;
	}
	return len;
}

bool
utf8_valid(const char *s, size_t len)
{
	return utf8_check(s, len) == len;
}

char *
utf8_repair(const char *s, size_t len, size_t *outlen, size_t *nrepl)
{
	const unsigned char *p = (const unsigned char *)s;
	/* Each bad byte grows to at most three. */
	char *out = xmalloc(len * 3 + 1), *o = out;
	size_t i = 0, n, skip, count = 0;

	while (i < len) {
		if (p[i] < 0x80) {
			*o++ = s[i++];
			continue;
		}
		if ((n = sequence(p + i, len - i, &skip))) {
			memcpy(o, s + i, n);
			o += n;
			i += n;
			continue;
		}
		memcpy(o, "\xEF\xBF\xBD", 3);
		o += 3;
		i += skip;
		count++;
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	*nrepl = count;
	return out;
}

/* Bidi controls, which can reorder what a terminal shows: LRM, RLM, ALM, LRE..RLO, LRI..PDI. */
static bool
bidi_control(const unsigned char *p, size_t n)
{
	if (n == 2)
		return p[0] == 0xD8 && p[1] == 0x9C; /* U+061C */
	if (n != 3 || p[0] != 0xE2)
		return false;
	if (p[1] == 0x80)
		return p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE);
	return p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9;
}

char *
utf8_printable(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t len = strlen(s), i = 0, n, skip;

	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7F)
				p[i] = '?';
			i++;
			continue;
		}
		if (!(n = sequence(p + i, len - i, &skip))) {
			memset(p + i, '?', skip);
			i += skip;
			continue;
		}
		/* C1 controls are U+0080..U+009F: C2 80..C2 9F. */
		if ((n == 2 && p[i] == 0xC2 && p[i + 1] <= 0x9F) || bidi_control(p + i, n))
			memset(p + i, '?', n);
		i += n;
	}
	return s;
}
