/* keys.c: sort keys and the written form of group keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "keys.h"
#include "util.h"

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

#define OBJECT_STR (JSON_STR_ASCII | JSON_STR_DEL)

struct member {
	const char *key;
	size_t len;
	const json_t *v;
};

static int
cmp_members(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/*
 * Inside an object, a value as jansson writes it with JSON_SORT_KEYS and
 * JSON_ENSURE_ASCII (integers exact, reals with a point), but with reals
 * in their shortest form, as every number sentio writes, and DEL escaped
 * (C0 and C1 controls are already): safe on a terminal, as other keys.
 */
static void
object_write(const json_t *v, struct buf *b)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		struct member *m = xmalloc((n + 1) * sizeof(*m));
		const char *key;
		size_t len;
		json_t *val;

		json_object_keylen_foreach((json_t *)v, key, len, val) m[i++] =
		    (struct member){key, len, val};
		qsort(m, n, sizeof(*m), cmp_members);
		buf_addc(b, '{');
		for (i = 0; i < n; i++) {
			if (i)
				buf_addc(b, ',');
			json_put_string(b, m[i].key, m[i].len, OBJECT_STR);
			buf_addc(b, ':');
			object_write(m[i].v, b);
		}
		buf_addc(b, '}');
		free(m);
		break;
	}
	case JSON_ARRAY:
		buf_addc(b, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				buf_addc(b, ',');
			object_write(json_array_get(v, i), b);
		}
		buf_addc(b, ']');
		break;
	case JSON_STRING:
		json_put_string(b, json_string_value(v), json_string_length(v), OBJECT_STR);
		break;
	case JSON_INTEGER:
		json_put_int(b, json_integer_value(v));
		break;
	case JSON_REAL:
		json_put_doublef(b, json_real_value(v), JSON_NUM_POINT);
		break;
	case JSON_TRUE:
		buf_adds(b, "true");
		break;
	case JSON_FALSE:
		buf_adds(b, "false");
		break;
	case JSON_NULL:
		buf_adds(b, "null");
		break;
	}
}

void
key_write(const json_t *v, struct buf *b)
{
	if (json_is_number(v))
		json_put_double(b, json_number_value(v));
	else if (json_is_array(v)) {
		buf_addc(b, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				buf_addc(b, ',');
			key_write(json_array_get(v, i), b);
		}
		buf_addc(b, ']');
	} else if (json_is_string(v))
		/* Safe on a terminal: C0 and C1 controls and DEL escaped. */
		json_put_string(b, json_string_value(v), json_string_length(v), JSON_STR_WINDOW);
	else
		object_write(v, b);
}
