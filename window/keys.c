/* keys.c: sort keys and the written form of group keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "keys.h"

enum { SK_NULL = 1, SK_FALSE, SK_TRUE, SK_NUMBER, SK_STRING, SK_ARRAY_ = SK_ARRAY, SK_OBJECT };

/* Bytes that sort as the strings do: NUL is escaped as 00 01, the end is 00 00. */
static void
put_string(struct buf *b, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0') {
			buf_add(b, s + from, i - from);
			buf_add(b, "\0\1", 2);
			from = i + 1;
		}
	buf_add(b, s + from, n - from);
	buf_add(b, "\0\0", 2);
}

void
key_encode(const json_t *v, struct buf *b)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		buf_addc(b, SK_NULL);
		break;
	case JSON_FALSE:
		buf_addc(b, SK_FALSE);
		break;
	case JSON_TRUE:
		buf_addc(b, SK_TRUE);
		break;
	case JSON_INTEGER:
	case JSON_REAL: {
		/* IEEE bits, flipped so that unsigned byte order is numeric order. */
		double d = json_number_value(v) + 0.0;
		uint64_t u;
		unsigned char be[9];

		memcpy(&u, &d, sizeof(u));
		u = u >> 63 ? ~u : u | UINT64_C(1) << 63;
		be[0] = SK_NUMBER;
		for (int i = 0; i < 8; i++)
			be[1 + i] = (unsigned char)(u >> (56 - 8 * i));
		buf_add(b, be, sizeof(be));
		break;
	}
	case JSON_STRING:
		buf_addc(b, SK_STRING);
		put_string(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_ARRAY:
		buf_addc(b, SK_ARRAY);
		for (size_t i = 0; i < json_array_size(v); i++)
			key_encode(json_array_get(v, i), b);
		buf_addc(b, SK_END);
		break;
	case JSON_OBJECT: {
		char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

		buf_addc(b, SK_OBJECT);
		put_string(b, s, strlen(s));
		free(s);
		break;
	}
	}
}

/*
 * A JSON string that is safe on a terminal: C0 controls, DEL and the C1
 * controls (U+0080..U+009F) are escaped, as well as '"' and '\\'.
 */
static void
write_string(const char *s, size_t n, struct buf *b)
{
	static const char hex[] = "0123456789abcdef";
	size_t from = 0;

	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		size_t skip;

		if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
			cp = c;
			skip = 1;
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9f) {
			cp = (unsigned char)s[i + 1];
			skip = 2;
		} else
			continue;
		buf_add(b, s + from, i - from);
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};

			buf_add(b, esc, 2);
		} else {
			char esc[6] = {'\\', 'u', '0', '0', hex[cp >> 4], hex[cp & 15]};

			buf_add(b, esc, 6);
		}
		i += skip - 1;
		from = i + 1;
	}
	buf_add(b, s + from, n - from);
	buf_addc(b, '"');
}

void
key_write(const json_t *v, struct buf *b)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i > -(INT64_C(1) << 53) && i < INT64_C(1) << 53)
			buf_double(b, (double)i);
		else
			buf_double(b, json_number_value(v));
	} else if (json_is_real(v))
		buf_double(b, json_real_value(v));
	else if (json_is_array(v)) {
		buf_addc(b, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				buf_addc(b, ',');
			key_write(json_array_get(v, i), b);
		}
		buf_addc(b, ']');
	} else if (json_is_string(v))
		write_string(json_string_value(v), json_string_length(v), b);
	else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
		                            JSON_ENSURE_ASCII);

		buf_adds(b, s);
		free(s);
	}
}
