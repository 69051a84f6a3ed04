/*
 * text.c: the Unicode side of sentio-clean.  One pass over the UTF-8 text
 * takes out what a reader cannot see (controls, zero-width characters,
 * bidi controls) and collapses white space; then, only when the text is
 * not plain ASCII, utf8proc normalises it into buffers that live as long
 * as the stage, so that a record costs no allocation.
 */
#include <string.h>
#include <utf8proc.h>

#include "text.h"
#include "utf8.h"
#include "util.h"

void
buf_add_cp(struct buf *b, int32_t c)
{
	buf_reserve(b, 4);
	b->len += utf8_encode(b->p + b->len, (uint32_t)c);
}

int32_t
next_cp(const char *s, size_t len, size_t *i)
{
	uint32_t c;
	int n = utf8_decode((const unsigned char *)s + *i, len - *i, &c);

	*i += (size_t)(n < 0 ? -n : n);
	return (int32_t)c;
}

enum kind {
	KEEP,
	DROP,  /* a control or an invisible character */
	SPACE, /* white space, or a control that separates words */
	ZWJ    /* kept inside an emoji sequence only */
};

static enum kind
classify(int32_t c)
{
	if (c < 0x80) {
		if (c >= 0x20 && c < 0x7F)
			return c == ' ' ? SPACE : KEEP;
		/* Tab, line feed, vertical tab, form feed, carriage return; file to unit
		 * separators. */
		if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F))
			return SPACE;
		return DROP;
	}
	if (c <= 0x9F)
		return c == 0x85 ? SPACE : DROP; /* C1 controls; NEL ends a line */
	if (c < 0x2000) {
		switch (c) {
		case 0xA0:   /* no-break space */
		case 0x1680: /* ogham space mark */
			return SPACE;
		case 0xAD:   /* soft hyphen */
		case 0x61C:  /* arabic letter mark */
		case 0x180E: /* mongolian vowel separator */
			return DROP;
		}
		return KEEP;
	}
	if (c <= 0x206F) {
		if (c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F)
			return SPACE; /* spaces of every width; line and paragraph separators */
		if (c == 0x200D)
			return ZWJ;
		if (c <= 0x200F || (c >= 0x202A && c <= 0x202E) || c >= 0x2060)
			return DROP; /* ZWSP, ZWNJ, LRM, RLM; embeddings, overrides; joiners,
			                isolates */
		return KEEP;
	}
	if (c == 0x3000)
		return SPACE; /* ideographic space */
	if (c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB))
		return DROP; /* zero-width no-break space (BOM); interlinear annotation */
	return KEEP;
}

enum {
	SAFE_RUN = 30, /* non-starters in a row at most (UAX #15) */
	CGJ = 0x034F   /* combining grapheme joiner */
};

static bool
pictographic(int32_t c)
{
	int bc = utf8proc_get_property(c)->boundclass;

	return bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC || bc == UTF8PROC_BOUNDCLASS_E_ZWG;
}

/*
 * The non-starters (combining class not 0) that the NFKD decomposition of
 * c begins with, in *lead, and ends with, in *trail.  Returns whether it
 * is non-starters only.
 */
static bool
nonstarters(int32_t c, size_t *lead, size_t *trail)
{
	const utf8proc_property_t *p = utf8proc_get_property(c);
	utf8proc_int32_t d[32]; /* the longest decomposition is 18 */
	utf8proc_ssize_t n, i, j;

	*lead = *trail = 0;
	if (p->decomp_seqindex == UINT16_MAX) { /* no decomposition: the common case */
		if (!p->combining_class)
			return false;
		*lead = *trail = 1;
		return true;
	}
	n = utf8proc_decompose_char(c, d, (utf8proc_ssize_t)LEN(d),
	                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, NULL);
	if (n <= 0 || n > (utf8proc_ssize_t)LEN(d))
		return false;
	for (i = 0; i < n && utf8proc_get_property(d[i])->combining_class; i++)
		;
	for (j = n; j > i && utf8proc_get_property(d[j - 1])->combining_class; j--)
		;
	*lead = (size_t)i;
	*trail = (size_t)(n - j);
	return i == n;
}

/*
 * Before c goes into b, with *run non-starters just before it: a combining
 * grapheme joiner (a starter) when c would make the run longer than 30.
 */
static void
stream_safe(struct buf *b, size_t *run, int32_t c)
{
	size_t lead, trail;
	bool all = nonstarters(c, &lead, &trail);

	if (*run + lead > SAFE_RUN) {
		b->len += (size_t)utf8proc_encode_char(CGJ, (utf8proc_uint8_t *)b->p + b->len);
		*run = 0;
	}
	*run = all ? *run + lead : trail;
}

/*
 * First pass, into b: drop, map to spaces, collapse, trim.  Returns true
 * when the text has anything beyond ASCII (and so needs normalising).
 *
 * The text also becomes stream-safe (UAX #15): no more than 30
 * non-starters in a row, counted as NFKD has them.  Normalising sorts each
 * run of non-starters in time quadratic in its length; with runs of 30 at
 * most it is linear in the text.  No language needs a longer run.
 */
static bool
filter(struct unicode *u, struct buf *b, const char *s, size_t len)
{
	bool space = false, emoji = false, wide = false;
	size_t i = 0, run = 0; /* run: the non-starters just written */

	b->len = 0;
	buf_reserve(b, len);
	while (i < len) {
		unsigned char ch = (unsigned char)s[i];
		int32_t c;
		enum kind k;

		/* Printable ASCII: the common case. */
		if (ch > 0x20 && ch < 0x7F) {
			if (space && b->len)
				b->p[b->len++] = ' ';
			space = emoji = false;
			run = 0;
			b->p[b->len++] = (char)ch;
			i++;
			continue;
		}
		/* Room for the rest, even if an ill-formed byte here grows into U+FFFD. */
		buf_reserve(b, len - i + 8);
		c = ch < 0x80 ? (i++, ch) : next_cp(s, len, &i);
		k = classify(c);
		if (k == ZWJ) {
			size_t j = i;

			k = emoji && j < len && pictographic(next_cp(s, len, &j)) ? KEEP : DROP;
		}
		if (k == DROP) {
			u->removed++;
			continue;
		}
		if (k == SPACE) {
			space = true;
			emoji = false;
			continue;
		}
		if (space && b->len) {
			b->p[b->len++] = ' ';
			run = 0;
		}
		space = false;
		stream_safe(b, &run, c);
		if (c == 0x200D)
			; /* a kept joiner: the sequence goes on */
		else if (pictographic(c))
			emoji = true;
		else if (emoji)
			emoji = utf8proc_get_property(c)->boundclass == UTF8PROC_BOUNDCLASS_EXTEND;
		b->len += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)b->p + b->len);
		wide = true;
	}
	b->p[b->len] = '\0';
	return wide;
}

/* Second pass: NFC or NFKC of u->tmp into u->out, with white space collapsed again for NFKC. */
static void
normalise(struct unicode *u)
{
	utf8proc_option_t opts =
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE | (u->nfkc ? UTF8PROC_COMPAT : 0);
	utf8proc_ssize_t n;
	bool space = false;

	for (;;) {
		n = utf8proc_decompose((const utf8proc_uint8_t *)u->tmp.p,
		                       (utf8proc_ssize_t)u->tmp.len, u->cp,
		                       (utf8proc_ssize_t)u->cpcap, opts);
		if (n < 0) { /* cannot happen on valid UTF-8: keep the text as it is */
			u->out.len = 0;
			buf_add(&u->out, u->tmp.p, u->tmp.len);
			u->out.p[u->out.len] = '\0';
			return;
		}
		if ((size_t)n <= u->cpcap)
			break;
		u->cpcap = (size_t)n + 64;
		u->cp = xrealloc(u->cp, u->cpcap * sizeof(*u->cp));
	}
	n = utf8proc_normalize_utf32(u->cp, n, opts);
	u->out.len = 0;
	buf_reserve(&u->out, (size_t)n * 4);
	for (utf8proc_ssize_t k = 0; k < n; k++) {
		int32_t c = u->cp[k];

		/* Compatibility mappings can make spaces (U+00A8 is space and diaeresis). */
		if (c == ' ') {
			space = true;
			continue;
		}
		if (space && u->out.len)
			u->out.p[u->out.len++] = ' ';
		space = false;
		u->out.len +=
		    (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)u->out.p + u->out.len);
	}
	u->out.p[u->out.len] = '\0';
}

/* Is s[0..len) printable ASCII with single spaces between words and none at the ends? */
static bool
clean_ascii(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;

	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return false;
	/*
	 * Eight bytes at a time: none at 0x80 or above, below 0x20, or 0x7F, and
	 * no two spaces side by side.  Once no byte is at 0x80 or above, adding
	 * 0x7F to each byte of x ^ "        " carries into the high bit of all
	 * but the spaces: an exact mask of them.
	 */
	for (; i + 8 <= len; i += 8) {
		uint64_t x, d, sp;

		memcpy(&x, s + i, 8);
		d = x ^ (ones * 0x7F);
		if ((x & highs) || ((x - ones * 0x20) & ~x & highs) || ((d - ones) & ~d & highs))
			return false;
		sp = (((x ^ (ones * ' ')) + ones * 0x7F) & highs) ^ highs;
		if ((sp & (sp >> 8)) || (i && s[i - 1] == ' ' && s[i] == ' '))
			return false;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F ||
		    (i && s[i] == ' ' && s[i - 1] == ' '))
			return false;
	return true;
}

const char *
unicode_clean(struct unicode *u, const char *s, size_t len, size_t *outlen)
{
	if (clean_ascii(s, len)) { /* the common case: nothing to do */
		*outlen = len;
		return s;
	}
	if (!filter(u, &u->tmp, s, len)) {
		*outlen = u->tmp.len;
		return u->tmp.p;
	}
	normalise(u);
	/*
	 * A joiner was kept for the pictograph after it, which NFKC can make
	 * letters ("\u203C" is "!!"): filter again, or the joiner would be left
	 * outside an emoji sequence, and go only when the text is cleaned again.
	 */
	if (memmem(u->out.p, u->out.len, "\xe2\x80\x8d", 3)) {
		filter(u, &u->tmp, u->out.p, u->out.len);
		*outlen = u->tmp.len;
		return u->tmp.p;
	}
	*outlen = u->out.len;
	return u->out.p;
}

size_t
grapheme_count(const char *s, size_t len)
{
	utf8proc_int32_t state = 0, prev = -1;
	size_t i = 0, n = 0;

	while (i < len) {
		int32_t c = next_cp(s, len, &i);

		if (prev < 0 || utf8proc_grapheme_break_stateful(prev, c, &state))
			n++;
		prev = c;
	}
	return n;
}
