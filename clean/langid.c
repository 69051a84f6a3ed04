/* langid.c: a clean text's language as ISO 639-1, by CLD2 (see langid.h). */
#include <malloc.h>
#include <stdbool.h>
#include <string.h>

#include "cld2.h"
#include "langid.h"

/*
 * CLD2 reads a text's first bytes as well as the whole: past this, a text
 * costs time without changing the answer.
 */
#define LANGID_MAX_BYTES 65536

const char *
langid_detect(const char *s, size_t len)
{
	/* CLD2 says some languages by their old codes. */
	static const char *const renamed[][2] = {
	    {"iw", "he"}, {"in", "id"}, {"jw", "jv"}, {"ji", "yi"}, {"mo", "ro"}};
	static char code[3];
	const char *c;
	bool reliable = false;
	int percent;

	static bool ready;

	/*
	 * CLD2 allocates some 100 kB for each text and frees it: glibc would
	 * give that back to the kernel each time (brk down, brk up, page
	 * faults), which made detection a hundred times slower than CLD2 is.
	 */
	if (!ready) {
		mallopt(M_TRIM_THRESHOLD, 16 << 20);
		mallopt(M_TOP_PAD, 1 << 20);
		ready = true;
	}
	if (len > LANGID_MAX_BYTES) { /* cut on a character's first byte */
		len = LANGID_MAX_BYTES;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	c = cld2_detect(s, (int)len, &percent, &reliable);
	/* "zh-Hant" is Chinese; "un" unknown, "xx-Copt" a script, "haw" no ISO 639-1 code. */
	if (!reliable || !c || strlen(c) < 2 || (c[2] && c[2] != '-') || !strncmp(c, "un", 2) ||
	    !strncmp(c, "xx", 2))
		return LANG_UND;
	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		if (!strncmp(c, renamed[i][0], 2))
			return renamed[i][1];
	code[0] = c[0];
	code[1] = c[1];
	code[2] = '\0';
	return code;
}
