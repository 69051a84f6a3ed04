/* buf.c: the inside of a JSON string into a struct buf, bad UTF-8 repaired on the way. */
#include <string.h>

#include "escape.h"

/* The length of a well-formed UTF-8 sequence at s (non-ASCII lead), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

size_t
buf_add_json_string(struct buf *b, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str, *end = s + len;
	size_t bad = 0;

	/* At most 6 bytes out for each byte in (\u00XX); U+FFFD is 3 for 1. */
	buf_reserve(b, len * 6);
	char *o = b->p + b->len;
	while (s < end) {
		const unsigned char *run = s;

		while (s < end && *s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
			s++;
		memcpy(o, run, (size_t)(s - run));
		o += s - run;
		if (s >= end)
			break;
		unsigned char c = *s;
		if (c >= 0x80) {
			size_t k = utf8_seq(s, (size_t)(end - s));

			if (k) {
				memcpy(o, s, k);
				o += k;
				s += k;
			} else {
				/* One U+FFFD for the lead byte and the continuation bytes after it.
				 */
				const unsigned char *lead = s++;

				memcpy(o, "\xef\xbf\xbd", 3);
				o += 3;
				while (s < end && (*s & 0xc0) == 0x80 && s - lead < 4)
					s++;
				bad++;
			}
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*o++ = (char)c;
			break;
		case '\n':
			*o++ = 'n';
			break;
		case '\t':
			*o++ = 't';
			break;
		case '\r':
			*o++ = 'r';
			break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
		s++;
	}
	b->len = (size_t)(o - b->p);
	return bad;
}
