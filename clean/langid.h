/*
 * langid.h: the language of a clean text, by Google's Compact Language
 * Detector 2 (libcld2, through the shim cld2.cc), as an ISO 639-1 code.
 */
#ifndef SENTIO_CLEAN_LANGID_H
#define SENTIO_CLEAN_LANGID_H

#include <stddef.h>

/* What langid_detect() says when it cannot tell. */
#define LANG_UND "und"

/*
 * The language of the valid UTF-8 text s[0..len): a two-letter ISO 639-1
 * code ("en", "de", "ja"), or LANG_UND when CLD2 is not reliable, finds
 * no language, or finds one without a two-letter code (Hawaiian, Cebuano).
 * A static string.
 */
const char *langid_detect(const char *s, size_t len);

#endif
