// cld2.cc: the one C++ file of sentio, a shim over Google's Compact
// Language Detector 2 (libcld2, whose API is C++) for clean/langid.c.
#include <cstdio> // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>

#include "cld2.h"

extern "C" const char *
cld2_detect(const char *s, int len, int *percent, bool *reliable)
{
	CLD2::Language lang3[3];
	int pct3[3];
	double score3[3];
	int text_bytes;

	CLD2::Language lang = CLD2::ExtDetectLanguageSummary(
	    s, len, true, nullptr, 0, lang3, pct3, score3, nullptr, &text_bytes, reliable);
	*percent = pct3[0];
	return CLD2::LanguageCode(lang);
}
