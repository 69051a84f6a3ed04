/*
 * text.c: series names and titles come from data, so before they reach a
 * terminal every control character, escape, bidi override and invisible
 * format character is replaced, and the text is measured and cut in
 * display columns, one grapheme cluster at a time.
 */
#include <string.h>
#include <utf8proc.h>

#include "plot.h"
#include "util.h"

#define MAX_CLUSTER 31 /* bytes; a longer cluster keeps only its first character */

/* Characters that must never be written as they are. */
static bool
unsafe(utf8proc_int32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return true; /* C0, DEL, C1 (CSI is U+009B) */
	if (c == 0x200d || c == 0xfe0f || c == 0xfe0e || (c >= 0xe0020 && c <= 0xe007f))
		return false; /* ZWJ, variation selectors and tags: parts of emoji */
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_CF: /* bidi controls, zero-width and other format characters */
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CS:
	case UTF8PROC_CATEGORY_CC:
		return true;
	default:
		return false;
	}
}

static int
char_width(utf8proc_int32_t c)
{
	int w = utf8proc_charwidth(c);

	return w < 0 ? 0 : w > 2 ? 2 : w;
}

size_t
text_cluster(const char *s, size_t len, int *w)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c, prev;
	utf8proc_int32_t state = 0;
	utf8proc_ssize_t n;
	size_t i;
	bool emoji = false;

	n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &prev);
	if (n <= 0) {
		*w = 1;
		return 1;
	}
	*w = char_width(prev);
	for (i = (size_t)n; i < len; i += (size_t)n) {
		n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0 || utf8proc_grapheme_break_stateful(prev, c, &state))
			break;
		if (c == 0xfe0f)
			emoji = true;
		prev = c;
	}
	if (emoji && *w == 1)
		*w = 2;
	return i;
}

int
text_width(const char *s)
{
	size_t len = strlen(s);
	int w, total = 0;

	for (size_t i = 0; i < len;) {
		i += text_cluster(s + i, len - i, &w);
		total += w;
	}
	return total;
}

/* Append a cluster's clean form to out. */
static size_t
clean_cluster(const char *s, size_t n, bool ascii, char *out, bool *replaced)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)n, &c);
	size_t o = 0;

	*replaced = k <= 0 || unsafe(c) || (ascii && c >= 0x80);
	if (*replaced) {
		if (ascii) {
			out[0] = '?';
			return 1;
		}
		memcpy(out, "\xef\xbf\xbd", 3);
		return 3;
	}
	if (n > MAX_CLUSTER)
		n = (size_t)k;
	/* Keep the cluster, but not a format character inside it. */
	for (size_t i = 0; i < n; i += (size_t)k) {
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0)
			break;
		if (i == 0 || (!unsafe(c) && !(ascii && c >= 0x80))) {
			memcpy(out + o, s + i, (size_t)k);
			o += (size_t)k;
		}
	}
	return o;
}

char *
text_clean(const char *s, size_t len, int maxcols, bool ascii, int *cols)
{
	/* At most maxcols clusters of MAX_CLUSTER bytes each, and the ellipsis. */
	char *out = xmalloc((size_t)(maxcols > 0 ? maxcols : 0) * MAX_CLUSTER + 8);
	size_t o = 0, fito = 0;
	int width = 0, fitw = 0;
	const char *ell = ascii ? "~" : "\xe2\x80\xa6";

	for (size_t i = 0; i < len;) {
		char buf[MAX_CLUSTER + 4];
		bool replaced;
		int w;
		size_t n = text_cluster(s + i, len - i, &w), bn;

		bn = clean_cluster(s + i, n, ascii, buf, &replaced);
		i += n;
		if (replaced)
			w = 1;
		else if (w == 0)
			continue; /* it would join what is before it */
		if (width + w > maxcols) {
			o = fito;
			width = fitw;
			if (maxcols >= 1) {
				memcpy(out + o, ell, strlen(ell));
				o += strlen(ell);
				width++;
			}
			break;
		}
		memcpy(out + o, buf, bn);
		o += bn;
		width += w;
		if (width <= maxcols - 1) {
			fito = o;
			fitw = width;
		}
	}
	out[o] = '\0';
	/*
	 * The result is measured again as it will be drawn (text_width()):
	 * its clusters can differ from the input's, as a U+FFFD put for a
	 * control takes the spacing mark after it, which the control did not.
	 * Joined clusters are never wider, so the cut above still holds.
	 */
	if (cols)
		*cols = text_width(out);
	return out;
}
