/*
 * extract.c: URLs, @mentions and #hashtags.
 *
 * A URL starts with http://, https:// or www. at the start of a word and
 * runs to the next space, less the punctuation that ends a sentence and a
 * closing bracket that has no opening one inside.  A mention is @user or
 * @user@instance (user: ASCII letters, digits and _, with . or - inside;
 * instance: a domain name) not preceded by a word character, so that an
 * e-mail address is no mention; it is listed without its '@'.  A hashtag
 * is # and a run of Unicode letters, marks, digits and _ with a letter
 * among them, listed in lower case.
 */
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "extract.h"
#include "util.h"

static bool
ascii_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool
word_cp(int32_t c)
{
	if (c < 0x80)
		return ascii_alnum(c) || c == '_';
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_PC:
		return true;
	default:
		return false;
	}
}

static bool
letter_cp(int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

/* Does a word character end just before s[i]? */
static bool
word_before(const char *s, size_t i)
{
	size_t j = i;

	if (i == 0)
		return false;
	if ((unsigned char)s[i - 1] < 0x80)
		return word_cp((unsigned char)s[i - 1]);
	while (j > 0 && i - j < 4 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		j--;
	if (j > 0)
		j--; /* the lead byte */
	return word_cp(next_cp(s, i, &j));
}

/* Does a word character start at s[i]? */
static bool
word_at(const char *s, size_t len, size_t i)
{
	return i < len && word_cp(next_cp(s, len, &i));
}

static const char *
found_get(void *ctx, size_t idx, size_t *len)
{
	const struct found *f = ctx;
	const char *s = found_at(f, idx);

	*len = strlen(s);
	return s;
}

static void
found_add(struct found *f, const char *s, size_t len)
{
	if (memchr(s, '\0', len) || !strset_add(&f->set, s, len, f->n, found_get, f))
		return;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->off = xrealloc(f->off, f->cap * sizeof(*f->off));
	}
	f->off[f->n++] = f->buf.len;
	buf_add(&f->buf, s, len);
	buf_add(&f->buf, "", 1);
}

static void
found_clear(struct found *f)
{
	f->n = 0;
	f->buf.len = 0;
	strset_clear(&f->set);
}

static bool
prefix_ci(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && !strncasecmp(s, p, n);
}

static size_t
count_byte(const char *s, size_t n, char c)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* The length of the URL at s[i], or 0. */
static size_t
url_at(const char *s, size_t len, size_t i)
{
	size_t j, end, open, close, sqopen, sqclose;

	if (word_before(s, i))
		return 0;
	if (prefix_ci(s + i, len - i, "https://"))
		j = i + 8;
	else if (prefix_ci(s + i, len - i, "http://"))
		j = i + 7;
	else if (prefix_ci(s + i, len - i, "www."))
		j = i + 4;
	else
		return 0;
	if (j >= len || !(ascii_alnum(s[j]) || (unsigned char)s[j] >= 0x80))
		return 0; /* no host */
	for (end = j; end < len && (unsigned char)s[end] > ' ' && !strchr("<>\"`{}|\\^", s[end]);
	     end++)
		;
	/* Brackets are counted once, then as they are taken off the end. */
	open = count_byte(s + i, end - i, '(');
	close = count_byte(s + i, end - i, ')');
	sqopen = count_byte(s + i, end - i, '[');
	sqclose = count_byte(s + i, end - i, ']');
	for (;;) {
		char c = s[end - 1];

		if (strchr(".,;:!?'*", c))
			end--;
		else if (c == ')' && open < close) {
			end--;
			close--;
		} else if (c == ']' && sqopen < sqclose) {
			end--;
			sqclose--;
		} else if (end - j >= 3 && !memcmp(s + end - 3, "\xE2\x80\xA6", 3))
			end -= 3; /* a URL cut short with an ellipsis */
		else
			break;
		if (end <= j)
			return 0;
	}
	return end - i;
}

/* The length of the domain name at s[i] (two labels or more), or 0. */
static size_t
domain_at(const char *s, size_t len, size_t i)
{
	size_t k = i, end = i, labels = 0;

	for (;;) {
		size_t start = k;

		while (k < len && (ascii_alnum(s[k]) || s[k] == '-'))
			k++;
		if (k == start)
			break;
		labels++;
		end = k;
		if (k + 1 < len && s[k] == '.' && ascii_alnum(s[k + 1]))
			k++;
		else
			break;
	}
	return labels >= 2 ? end - i : 0;
}

/* At s[i] == '@': the length of the mention there, or 0. */
static size_t
mention_at(const char *s, size_t len, size_t i)
{
	size_t k = i + 1;
	bool alnum = false;

	if (word_before(s, i) || (i > 0 && s[i - 1] == '@'))
		return 0;
	while (k < len) {
		if (ascii_alnum(s[k]) || s[k] == '_') {
			alnum |= s[k] != '_';
			k++;
		} else if ((s[k] == '.' || s[k] == '-') && k + 1 < len &&
		           (ascii_alnum(s[k + 1]) || s[k + 1] == '_'))
			k++;
		else
			break;
	}
	if (!alnum)
		return 0;
	if (k < len && s[k] == '@') {
		size_t d = domain_at(s, len, k + 1);

		if (!d)
			return 0; /* user@ and no instance: not a mention (an e-mail? "@a@b") */
		k += 1 + d;
	}
	if (word_at(s, len, k) || (k < len && s[k] == '@'))
		return 0;
	return k - i;
}

/* At s[i] == '#': the length of the hashtag there, or 0. */
static size_t
hashtag_at(const char *s, size_t len, size_t i)
{
	size_t k = i + 1;
	bool letter = false;

	if (word_before(s, i) || (i > 0 && (s[i - 1] == '&' || s[i - 1] == '#')))
		return 0;
	while (k < len) {
		size_t next = k;
		int32_t c = next_cp(s, len, &next);

		if (!word_cp(c))
			break;
		letter |= c < 0x80 ? (c != '_' && !(c >= '0' && c <= '9')) : letter_cp(c);
		k = next;
	}
	return letter ? k - i : 0;
}

static void
add_tag(struct extract *x, const char *s, size_t len)
{
	struct buf *b = &x->out; /* borrowed: the tag is built past the text so far */
	size_t mark = b->len, i = 0;

	while (i < len)
		buf_add_cp(b, utf8proc_tolower(next_cp(s, len, &i)));
	found_add(&x->tag, b->p + mark, b->len - mark);
	b->len = mark;
}

bool
is_retweet(const char *s, size_t len)
{
	size_t k = 4;

	if (len < 6 || memcmp(s, "RT @", 4))
		return false;
	while (k < len && (ascii_alnum(s[k]) || s[k] == '_'))
		k++;
	return k > 4 && k < len && s[k] == ':';
}

/* Might s[0..len) hold anything to extract? */
static bool
worth_a_look(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	if (memchr(s, '@', len) || memchr(s, '#', len))
		return true;
	for (p = s; (p = memchr(p, ':', (size_t)(end - p))); p++) /* "://", rare colons first */
		if (end - p >= 3 && p[1] == '/' && p[2] == '/')
			return true;
	p = s;
	while ((p = memchr(p, '.', (size_t)(end - p)))) {
		if (p - s >= 3 && (p[-1] | 0x20) == 'w' && (p[-2] | 0x20) == 'w' &&
		    (p[-3] | 0x20) == 'w')
			return true;
		p++;
	}
	return false;
}

/*
 * Before adding p to the text: was something taken out just before it
 * (*cut), so that p, not ASCII, now follows a character it did not (a
 * combining mark against a letter)?  Then the text must be normalised again.
 */
static void
join(struct extract *x, bool *cut, const char *p)
{
	const struct buf *o = &x->out;

	if (*cut && o->len && o->p[o->len - 1] != ' ' && (unsigned char)*p >= 0x80)
		x->glued = true;
	*cut = false;
}

static const char *
take_out(struct extract *x, const char *s, size_t len, size_t *outlen)
{
	struct buf *o = &x->out;
	bool space = false, cut = false;
	size_t i = 0, n;

	x->glued = false;
	if (!worth_a_look(s, len)) {
		*outlen = len;
		return s;
	}
	o->len = 0;
	buf_reserve(o, len + 16);
	while (i < len) {
		char c = s[i];
		bool dropped = false;

		if (c == ' ') {
			space = true;
			i++;
			continue;
		}
		if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && (n = url_at(s, len, i))) {
			found_add(&x->url, s + i, n);
			if (x->urls == URLS_DROP)
				dropped = true;
			else {
				if (space && o->len)
					buf_add(o, " ", 1);
				join(x, &cut, s + i);
				if (x->urls == URLS_KEEP)
					buf_add(o, s + i, n);
				else
					buf_add(o, URL_TOKEN, strlen(URL_TOKEN));
				space = false;
			}
			i += n;
		} else if (c == '@' && (n = mention_at(s, len, i))) {
			found_add(&x->mention, s + i + 1, n - 1);
			if (x->keep_mentions) {
				if (space && o->len)
					buf_add(o, " ", 1);
				join(x, &cut, s + i);
				buf_add(o, s + i, n);
				space = false;
			} else
				dropped = true;
			i += n;
		} else if (c == '#' && (n = hashtag_at(s, len, i))) {
			add_tag(x, s + i + 1, n - 1);
			if (space && o->len)
				buf_add(o, " ", 1);
			if (x->keep_hash) {
				join(x, &cut, s + i);
				buf_add(o, s + i, n);
			} else {
				cut = true; /* the '#' */
				join(x, &cut, s + i + 1);
				buf_add(o, s + i + 1, n - 1);
			}
			space = false;
			i += n;
		} else {
			/* Plain text up to the next space or possible start of something. */
			size_t j = i + 1;

			while (j < len && !strchr(" hHwW@#", s[j]))
				j++;
			if (space && o->len)
				buf_add(o, " ", 1);
			space = false;
			join(x, &cut, s + i);
			buf_add(o, s + i, j - i);
			i = j;
		}
		cut |= dropped;
		if (dropped && i < len && strchr(".,;:!?)", s[i]) &&
		    (i + 1 == len || s[i + 1] == ' ')) {
			/* "thanks @bob!" becomes "thanks!"; "@bob: hi" becomes "hi". */
			if (o->len == 0 && (s[i] == ':' || s[i] == ','))
				i++;
			else
				space = false;
		}
	}
	buf_reserve(o, 0);
	o->p[o->len] = '\0';
	*outlen = o->len;
	return o->p;
}

const char *
extract(struct extract *x, const char *s, size_t len, size_t *outlen)
{
	found_clear(&x->url);
	found_clear(&x->mention);
	found_clear(&x->tag);
	return take_out(x, s, len, outlen);
}

const char *
extract_again(struct extract *x, const char *s, size_t len, size_t *outlen, bool *changed)
{
	const char *t;

	/* s may be x->out, which take_out() writes. */
	x->again.len = 0;
	buf_add(&x->again, s, len);
	buf_addc(&x->again, '\0');
	t = take_out(x, x->again.p, len, outlen);
	*changed = t != x->again.p && (*outlen != len || memcmp(t, x->again.p, len));
	return t;
}
