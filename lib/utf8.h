/* utf8.h: validating and repairing UTF-8 byte strings. */
#ifndef SENTIO_UTF8_H
#define SENTIO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* The offset of the first ill-formed sequence in s[0..len), or len when there is none. */
size_t utf8_check(const char *s, size_t len);

/*
 * Copy s[0..len) into a new NUL-terminated buffer with every ill-formed
 * sequence replaced by U+FFFD (one per maximal subpart, as Unicode advises).
 * Returns the buffer (free it), its length in *outlen, and the number of
 * replacements in *nrepl.
 */
char *utf8_repair(const char *s, size_t len, size_t *outlen, size_t *nrepl);

/*
 * Make the NUL-terminated string s safe to show on a terminal and to put in
 * a JSON string, in place: every byte of an ill-formed UTF-8 sequence, every
 * C0 and C1 control character, DEL, and every bidi control becomes '?'.
 * Returns s.
 */
char *utf8_printable(char *s);

/*
 * Decode the UTF-8 sequence at s (at most n bytes) into *cp.  Returns the
 * bytes it takes (1..4); 0 when n is 0; when the sequence is ill-formed,
 * minus the length of its maximal subpart (the bytes one U+FFFD replaces,
 * as Unicode advises), and *cp is U+FFFD.
 */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * Write code point cp as UTF-8 into out; returns its length (1..4).  A
 * surrogate or a value over U+10FFFF is written as U+FFFD.
 */
size_t utf8_encode(char out[4], uint32_t cp);

#endif
