/*
 * fuzz_plottext: sentio-plot's text_clean() (plot/plot.h), the guard
 * between data and the terminal.  Whatever the bytes, the result is valid
 * UTF-8 without C0, DEL, C1 or bidi controls (so no escape sequence gets
 * through), ASCII only in ASCII mode, and no wider than asked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int cols = -1;

	if (size < 1)
		return 0;
	int maxcols = data[0] & 0x3f;
	bool ascii = data[0] & 0x40;
	data++, size--;
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	char *t = text_clean(s, size, maxcols, ascii, &cols);
	if (!t)
		abort();
	size_t n = strlen(t);
	const unsigned char *u = (const unsigned char *)t;
	if (!utf8_valid(t, n) || cols < 0 || cols > maxcols)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (u[i] < 0x20 || u[i] == 0x7f || (ascii && u[i] >= 0x80))
			abort();
		/* C1 controls: U+0080..U+009F */
		if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f)
			abort();
		/* bidi embeddings and overrides U+202A..U+202E, isolates U+2066..U+2069 */
		if (u[i] == 0xe2 && i + 2 < n &&
		    ((u[i + 1] == 0x80 && u[i + 2] >= 0xaa && u[i + 2] <= 0xae) ||
		     (u[i + 1] == 0x81 && u[i + 2] >= 0xa6 && u[i + 2] <= 0xa9)))
			abort();
	}
	if (text_width(t) != cols)
		abort();
	free(t);
	free(s);
	return 0;
}
