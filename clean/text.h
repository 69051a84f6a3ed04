/*
 * text.h: the Unicode side of sentio-clean: invisible and control
 * characters out, white space collapsed, NFC or NFKC, through utf8proc.
 */
#ifndef SENTIO_CLEAN_TEXT_H
#define SENTIO_CLEAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A byte buffer that is reused from record to record. */
struct textbuf {
	char *p;
	size_t len, cap;
};

void textbuf_reserve(struct textbuf *b, size_t n);
void textbuf_put(struct textbuf *b, const char *s, size_t n);
void textbuf_free(struct textbuf *b);

struct unicode {
	bool nfkc;                  /* NFKC instead of NFC */
	unsigned long long removed; /* invisible and control characters taken out, in all */
	struct textbuf out, tmp;    /* the result, and a step on the way */
	int32_t *cp;                /* code points, for utf8proc */
	size_t cpcap;
};

/*
 * Clean s[0..len) (UTF-8; NUL bytes allowed): control characters go (tab,
 * line and paragraph separators become spaces), zero-width characters
 * and bidi controls go except a zero-width joiner inside an emoji
 * sequence, white space runs become one space, the ends are trimmed and
 * the text is normalised.  Returns the text (NUL-terminated, valid until
 * the next call) and its length in *outlen.
 */
const char *unicode_clean(struct unicode *u, const char *s, size_t len, size_t *outlen);

/* How many user-perceived characters (grapheme clusters) s[0..len) holds. */
size_t grapheme_count(const char *s, size_t len);

/* Decode the code point at s[*i] (U+FFFD for an ill-formed sequence) and step over it. */
int32_t utf8_next(const char *s, size_t len, size_t *i);

/* Append the UTF-8 form of c. */
void textbuf_put_cp(struct textbuf *b, int32_t c);

#endif
