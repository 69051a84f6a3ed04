/* keys.c: sort keys and the written form of group keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "keys.h"

enum { SK_NULL = 1, SK_FALSE, SK_TRUE, SK_NUMBER, SK_STRING, SK_ARRAY_ = SK_ARRAY, SK_OBJECT };

static void
put(char **buf, size_t *len, size_t *cap, const void *s, size_t n)
{
	buf_put(buf, len, cap, s, n);
}

static void
put_byte(char **buf, size_t *len, size_t *cap, int c)
{
	char ch = (char)c;

	buf_put(buf, len, cap, &ch, 1);
}

/* Bytes that sort as the strings do: NUL is escaped as 00 01, the end is 00 00. */
static void
put_string(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0') {
			put(buf, len, cap, s + from, i - from);
			put(buf, len, cap, "\0\1", 2);
			from = i + 1;
		}
	put(buf, len, cap, s + from, n - from);
	put(buf, len, cap, "\0\0", 2);
}

void
key_encode(const json_t *v, char **buf, size_t *len, size_t *cap)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		put_byte(buf, len, cap, SK_NULL);
		break;
	case JSON_FALSE:
		put_byte(buf, len, cap, SK_FALSE);
		break;
	case JSON_TRUE:
		put_byte(buf, len, cap, SK_TRUE);
		break;
	case JSON_INTEGER:
	case JSON_REAL: {
		/* IEEE bits, flipped so that unsigned byte order is numeric order. */
		double d = json_number_value(v) + 0.0;
		uint64_t b;
		unsigned char be[9];

		memcpy(&b, &d, sizeof(b));
		b = b >> 63 ? ~b : b | UINT64_C(1) << 63;
		be[0] = SK_NUMBER;
		for (int i = 0; i < 8; i++)
			be[1 + i] = (unsigned char)(b >> (56 - 8 * i));
		put(buf, len, cap, be, sizeof(be));
		break;
	}
	case JSON_STRING:
		put_byte(buf, len, cap, SK_STRING);
		put_string(buf, len, cap, json_string_value(v), json_string_length(v));
		break;
	case JSON_ARRAY:
		put_byte(buf, len, cap, SK_ARRAY);
		for (size_t i = 0; i < json_array_size(v); i++)
			key_encode(json_array_get(v, i), buf, len, cap);
		put_byte(buf, len, cap, SK_END);
		break;
	case JSON_OBJECT: {
		char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

		put_byte(buf, len, cap, SK_OBJECT);
		put_string(buf, len, cap, s, strlen(s));
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
write_string(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t from = 0;

	put_byte(buf, len, cap, '"');
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
		put(buf, len, cap, s + from, i - from);
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};

			put(buf, len, cap, esc, 2);
		} else {
			char esc[6] = {'\\', 'u', '0', '0', hex[cp >> 4], hex[cp & 15]};

			put(buf, len, cap, esc, 6);
		}
		i += skip - 1;
		from = i + 1;
	}
	put(buf, len, cap, s + from, n - from);
	put_byte(buf, len, cap, '"');
}

void
key_write(const json_t *v, char **buf, size_t *len, size_t *cap)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i > -(INT64_C(1) << 53) && i < INT64_C(1) << 53)
			buf_double(buf, len, cap, (double)i);
		else
			buf_double(buf, len, cap, json_number_value(v));
	} else if (json_is_real(v))
		buf_double(buf, len, cap, json_real_value(v));
	else if (json_is_array(v)) {
		put_byte(buf, len, cap, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				put_byte(buf, len, cap, ',');
			key_write(json_array_get(v, i), buf, len, cap);
		}
		put_byte(buf, len, cap, ']');
	} else if (json_is_string(v))
		write_string(json_string_value(v), json_string_length(v), buf, len, cap);
	else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
		                            JSON_ENSURE_ASCII);

		buf_puts(buf, len, cap, s);
		free(s);
	}
}
