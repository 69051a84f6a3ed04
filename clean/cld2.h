/*
 * cld2.h: the C face of cld2.cc, the shim over libcld2 (C++).  Only
 * langid.c calls it.
 */
#ifndef SENTIO_CLEAN_CLD2_H
#define SENTIO_CLEAN_CLD2_H

#ifdef __cplusplus
extern "C" {
#else
#include <stdbool.h>
#endif

/*
 * The language of the plain UTF-8 text s[0..len) (valid UTF-8: CLD2 does
 * not check it) as CLD2 names it ("en", "zh-Hant", "haw", "un" when
 * unknown); *percent is how much of the text is in it, *reliable whether
 * CLD2 is sure.
 */
const char *cld2_detect(const char *s, int len, int *percent, bool *reliable);

#ifdef __cplusplus
}
#endif

#endif
