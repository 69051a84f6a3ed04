/*
 * fuzz_html: html_to_text() and html_unescape() on any bytes (not
 * NUL-terminated: the harness gives an exact-size copy so that ASan sees
 * a read past the end).  The results are NUL-terminated at *outlen.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size ? size : 1);
	size_t n;
	char *t;

	if (!in)
		abort();
	memcpy(in, data, size);
	t = html_to_text(in, size, &n);
	if (!t || t[n] != '\0')
		abort();
	/* Valid UTF-8 in gives valid UTF-8 out. */
	if (utf8_valid(in, size) && !utf8_valid(t, n))
		abort();
	free(t);
	t = html_unescape(in, size, &n);
	if (!t || t[n] != '\0')
		abort();
	if (utf8_valid(in, size) && !utf8_valid(t, n))
		abort();
	/* Without '&' there is nothing to decode. */
	if (!memchr(in, '&', size) && (n != size || memcmp(t, in, n)))
		abort();
	free(t);
	free(in);
	return 0;
}
