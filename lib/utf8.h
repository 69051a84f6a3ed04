/* utf8.h: validating and repairing UTF-8 byte strings. */
#ifndef SENTIO_UTF8_H
#define SENTIO_UTF8_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
