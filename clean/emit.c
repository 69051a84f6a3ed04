/* emit.c: sentio-clean writes a record out (see emit.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "emit.h"
#include "json.h"
#include "output.h"
#include "scan.h"
#include "text.h"
#include "util.h"

const char *const emit_list_keys[EMIT_LISTS] = {"urls", "mentions", "tags"};

/* The members clean writes: emit_list_keys' in their order, then the text and lang. */
enum { URLS, MENTIONS, TAGS, TEXT, LANG, NOT_OURS };

/*
 * The line was checked by the frame's parser; these skips check again what
 * the writer relies on, so that a line it cannot be sure of is rejected
 * rather than written: no raw control byte anywhere (a NUL after a number
 * got through jansson), and the members where an object has them.  Each
 * returns BAD when the text is not as it must be.
 */
#define BAD ((size_t)-1)

static bool
control(char c)
{
	return (unsigned char)c < 0x20;
}

/*
 * Whether any of the eight bytes in x is '"', '\\' or a control byte: the
 * bytes skip_string must look at: their high bits, the lowest of them exact
 * (the classic has-zero and has-less tricks), so a chunk without them is
 * skipped whole.
 */
static uint64_t
special8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t quote = x ^ (ones * '"'), bslash = x ^ (ones * '\\');

	return (((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
	        ((bslash - ones) & ~bslash)) &
	       high;
}

/* s[i] is '"': the offset after the string. */
static size_t
skip_string(const char *s, size_t i, size_t len)
{
	uint64_t x;

	for (i++;;) {
		for (; i + 8 <= len; i += 8) {
			memcpy(&x, s + i, 8);
			if ((x = special8(x))) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				i += (size_t)__builtin_ctzll(x) / 8; /* the lowest flag is exact */
#endif
				break;
			}
		}
		if (i >= len || control(s[i]))
			return BAD;
		if (s[i] == '"')
			return i + 1;
		i += s[i] == '\\' ? 2 : 1;
	}
}

static bool
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
skip_space(const char *s, size_t i, size_t len)
{
	while (i < len && space(s[i]))
		i++;
	return i;
}

/* The offset after the JSON value at s[i]. */
static size_t
skip_value(const char *s, size_t i, size_t len)
{
	size_t start = i;
	int depth = 0;

	if (i >= len)
		return BAD;
	if (s[i] == '"')
		return skip_string(s, i, len);
	if (s[i] != '{' && s[i] != '[') { /* a number, true, false or null */
		while (i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		                   s[i] == '.' || s[i] == '-' || s[i] == '+' || s[i] == 'E'))
			i++;
		return i > start ? i : BAD;
	}
	for (; i < len; i++) {
		if (s[i] == '"') {
			if ((i = skip_string(s, i, len)) == BAD)
				return BAD;
			i--;
		} else if (s[i] == '{' || s[i] == '[')
			depth++;
		else if ((s[i] == '}' || s[i] == ']') && --depth == 0)
			return i + 1;
		else if (control(s[i]) && !space(s[i]))
			return BAD;
	}
	return BAD;
}

/*
 * After a member or an element ending at s[i]: the offset of the next one
 * (*more) or of the closing bracket, or BAD.
 */
static size_t
next_member(const char *s, size_t i, size_t len, char close, bool *more)
{
	i = skip_space(s, i, len);
	*more = i < len && s[i] == ',';
	if (*more) {
		i = skip_space(s, i + 1, len);
		return i < len && s[i] != close ? i : BAD;
	}
	return i < len && s[i] == close ? i : BAD;
}

/* Which member clean writes the key s[0..n) (with its quotes, maybe escaped) names. */
static int
owned(const char *s, size_t n)
{
	char key[64]; /* "mentions" with every letter escaped is 48 bytes */
	const char *body = s + 1;
	size_t k = n - 2;

	if (memchr(body, '\\', k)) {
		if (k > sizeof(key))
			return NOT_OURS;
		k = scan_unescape(body, k, key);
		body = key;
	}
	if (k == 4 && !memcmp(body, "text", 4))
		return TEXT;
	if (k == 4 && !memcmp(body, "lang", 4))
		return LANG;
	for (int i = 0; i < EMIT_LISTS; i++)
		if (strlen(emit_list_keys[i]) == k && !memcmp(body, emit_list_keys[i], k))
			return i;
	return NOT_OURS;
}

static const char *
str_get(void *ctx, size_t idx, size_t *len)
{
	const struct emitter *e = ctx;

	*len = e->off[idx + 1] - e->off[idx];
	return e->str.p + e->off[idx];
}

/* Add s[0..len) to the array's strings unless it is there: then false. */
static bool
str_add(struct emitter *e, const char *s, size_t len)
{
	if (!strset_add(&e->set, s, len, e->n, str_get, e))
		return false;
	if (e->n + 2 > e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->off = xrealloc(e->off, e->cap * sizeof(*e->off));
	}
	if (!e->n)
		e->off[0] = e->str.len;
	buf_add(&e->str, s, len);
	e->off[++e->n] = e->str.len;
	return true;
}

/* The lower case of s[0..len) in b (from b->len on). */
static void
lower_into(struct buf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len)
		buf_add_cp(b, utf8proc_tolower(next_cp(s, len, &i)));
}

/*
 * Into e->arr, the record's array a (its text line[vs..ve)) with the
 * strings of f merged in: the record's own elements first, as they were
 * written, each string once; tags in lower case.  Returns whether that
 * differs from the record's (1) or not (0), or -1 when a is not as written.
 */
static int
merge(struct emitter *e, const json_t *a, const char *line, size_t vs, size_t ve, bool tags,
      const struct found *f)
{
	struct buf *b = &e->arr;
	bool changed = false, more = false;
	size_t i = skip_space(line, vs + 1, ve), count = json_array_size(a);

	b->len = 0;
	e->str.len = 0;
	e->n = 0;
	strset_clear(&e->set);
	buf_addc(b, '[');
	if (json_is_array(a) && (line[vs] != '[' || (!count && line[i] != ']')))
		return -1;
	for (size_t k = 0; k < count; k++) {
		const json_t *v = json_array_get(a, k);
		size_t end = skip_value(line, i, ve), n = 0;
		const char *s = NULL;
		bool again = false; /* written again, in lower case */

		if (end == BAD)
			return -1;

		if (json_is_string(v)) {
			s = json_string_value(v);
			n = json_string_length(v);
			if (tags) {
				e->low.len = 0;
				lower_into(&e->low, s, n);
				again = e->low.len != n || memcmp(e->low.p, s, n);
				s = e->low.p;
				n = e->low.len;
			}
			if (!str_add(e, s, n)) {
				changed = true;
				goto next;
			}
		}
		if (b->len > 1)
			buf_addc(b, ',');
		if (again) {
			json_put_string(b, s, n, JSON_STR_CLEAN);
			changed = true;
		} else
			buf_add(b, line + i, end - i);
	next:
		if ((i = next_member(line, end, ve, ']', &more)) == BAD || more != (k + 1 < count))
			return -1;
	}
	for (size_t j = 0; j < f->n; j++) {
		const char *s = found_at(f, j);
		size_t n = strlen(s);

		if (!str_add(e, s, n))
			continue;
		if (b->len > 1)
			buf_addc(b, ',');
		json_put_string(b, s, n, JSON_STR_CLEAN);
		changed = true;
	}
	buf_addc(b, ']');
	return changed ? 1 : 0;
}

/* Write a member clean writes: its key as clean names it, unless it is written so already. */
static void
put_key(struct buf *b, const char *line, size_t ks, size_t ke, const char *name)
{
	if (memchr(line + ks, '\\', ke - ks)) {
		buf_addc(b, '"');
		buf_adds(b, name);
		buf_addc(b, '"');
	} else
		buf_add(b, line + ks, ke - ks);
}

bool
emit_record(struct emitter *e, const json_t *obj, const char *line, size_t len,
            const struct emit_plan *p)
{
	struct buf *b = &e->out;
	size_t i = skip_space(line, 0, len), from, ts = 0, te = 0;
	bool seen[EMIT_LISTS] = {false}, changed = p && (p->changed || p->raw), more = true;
	bool seen_lang = false;
	unsigned members = 0;

	if (i >= len || line[i] != '{')
		return false;
	b->len = 0;
	from = i; /* what is not copied yet starts here */
	i = skip_space(line, i + 1, len);
	if (i < len && line[i] == '}')
		more = false;
	while (more) {
		size_t ks = i, ke, colon, vs, ve;
		int which;

		if ((ke = i < len && line[i] == '"' ? skip_string(line, i, len) : BAD) == BAD)
			return false;
		colon = skip_space(line, ke, len);
		if (colon >= len || line[colon] != ':')
			return false;
		vs = skip_space(line, colon + 1, len);
		if ((ve = skip_value(line, vs, len)) == BAD ||
		    (i = next_member(line, ve, len, '}', &more)) == BAD)
			return false;
		members++;
		if (!p || (which = owned(line + ks, ke - ks)) == NOT_OURS)
			continue;
		if (which == LANG) {
			size_t n = p->lang ? strlen(p->lang) : 0;

			seen_lang = true;
			/* Written again unless it is "<lang>" already, byte for byte. */
			if (p->lang &&
			    !(ve - vs == n + 2 && line[vs] == '"' &&
			      !memcmp(line + vs + 1, p->lang, n) && line[ve - 1] == '"')) {
				buf_add(b, line + from, ks - from);
				put_key(b, line, ks, ke, "lang");
				buf_add(b, line + ke, vs - ke);
				json_put_string(b, p->lang, n, JSON_STR_CLEAN);
				from = ve;
				changed = true;
			}
		} else if (which == TEXT) {
			ts = vs;
			te = ve;
			if (p->changed) {
				buf_add(b, line + from, ks - from);
				put_key(b, line, ks, ke, "text");
				buf_add(b, line + ke, vs - ke);
				json_put_string(b, p->text, p->len, JSON_STR_CLEAN);
				from = ve;
			}
		} else {
			const char *key = emit_list_keys[which];
			const json_t *a = json_object_get(obj, key);
			int m = 0;

			seen[which] = true;
			if ((json_is_array(a) || p->found[which]->n) &&
			    (m = merge(e, a, line, vs, ve, which == TAGS, p->found[which])) < 0)
				return false;
			if (m) {
				buf_add(b, line + from, ks - from);
				put_key(b, line, ks, ke, key);
				buf_add(b, line + ke, vs - ke);
				buf_add(b, e->arr.p, e->arr.len);
				from = ve;
				changed = true;
			}
		}
	}
	if (i >= len || line[i] != '}' || skip_space(line, i + 1, len) != len)
		return false;
	for (int k = 0; p && k < EMIT_LISTS; k++)
		changed |= !seen[k] && p->found[k]->n;
	if (p && p->lang && !seen_lang)
		changed = true;
	if (!changed) { /* the line as it came, without the white space around it */
		size_t j = len;

		while (j > from && (line[j - 1] == ' ' || line[j - 1] == '\t' ||
		                    line[j - 1] == '\r' || line[j - 1] == '\n'))
			j--;
		out_write(line + from, j - from);
		out_putc('\n');
		return true;
	}
	buf_add(b, line + from, i - from); /* up to the closing brace */
	if (p->raw) {
		buf_adds(b, members++ ? ",\"text_raw\":" : "\"text_raw\":");
		buf_add(b, line + ts, te - ts);
	}
	for (int k = 0; k < EMIT_LISTS; k++) {
		const struct found *f = p->found[k];

		if (seen[k] || !f->n)
			continue;
		buf_adds(b, members++ ? ",\"" : "\"");
		buf_adds(b, emit_list_keys[k]);
		buf_adds(b, "\":[");
		for (size_t j = 0; j < f->n; j++) {
			if (j)
				buf_addc(b, ',');
			json_put_string(b, found_at(f, j), strlen(found_at(f, j)), JSON_STR_CLEAN);
		}
		buf_addc(b, ']');
	}
	if (p->lang && !seen_lang) {
		buf_adds(b, members++ ? ",\"lang\":" : "\"lang\":");
		json_put_string(b, p->lang, strlen(p->lang), JSON_STR_CLEAN);
	}
	buf_adds(b, "}\n");
	out_write(b->p, b->len);
	return true;
}

void
emit_free(struct emitter *e)
{
	strset_free(&e->set);
	buf_free(&e->str);
	free(e->off);
	buf_free(&e->low);
	buf_free(&e->arr);
	buf_free(&e->out);
}
