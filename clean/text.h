/*
 * text.h: the Unicode side of sentio-clean: invisible and control
 * characters out, white space collapsed, NFC or NFKC, through utf8proc.
 */
#ifndef SENTIO_CLEAN_TEXT_H
#define SENTIO_CLEAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct unicode {
	bool nfkc;                  /* NFKC instead of NFC */
	unsigned long long removed; /* invisible and control characters taken out, in all */
	struct buf out, tmp;        /* the result, and a step on the way */
	int32_t *cp;                /* code points, for utf8proc */
	size_t cpcap;
};

/*
 * Clean s[0..len) (UTF-8; NUL bytes allowed): control characters go (tab,
 * line and paragraph separators become spaces), zero-width characters
 * and bidi controls go except a zero-width joiner inside an emoji
 * sequence, white space runs become one space, the ends are trimmed, a
 * combining grapheme joiner goes after each 30 combining marks in a row
 * (stream-safe text, UAX #15) and the text is normalised.  Returns the
 * text (NUL-terminated, valid until the next call) and its length in
 * *outlen.
 */
const char *unicode_clean(struct unicode *u, const char *s, size_t len, size_t *outlen);

/* How many user-perceived characters (grapheme clusters) s[0..len) holds. */
size_t grapheme_count(const char *s, size_t len);

/* The code point at s[*i] (U+FFFD for an ill-formed sequence), stepping over it (lib's
 * utf8_decode). */
int32_t next_cp(const char *s, size_t len, size_t *i);

/* Append the UTF-8 form of c. */
void buf_add_cp(struct buf *b, int32_t c);

#endif
