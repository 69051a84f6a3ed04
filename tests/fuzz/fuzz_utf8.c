/*
 * fuzz_utf8: utf8_valid(), utf8_check() and utf8_repair() agree: the
 * repair of valid text is the text itself, the repair is always valid,
 * and repairing twice changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	bool valid = utf8_valid(s, size);
	size_t at = utf8_check(s, size), n, nrepl, n2, nrepl2;

	if (valid != (at == size) || at > size)
		abort();
	if (!utf8_valid(s, at))
		abort();
	char *r = utf8_repair(s, size, &n, &nrepl);
	if (!r || r[n] != '\0' || !utf8_valid(r, n))
		abort();
	if (valid && (nrepl || n != size || memcmp(r, s, size)))
		abort();
	if (!valid && !nrepl)
		abort();
	/* The valid prefix is kept as it is. */
	if (n < at || memcmp(r, s, at))
		abort();
	char *r2 = utf8_repair(r, n, &n2, &nrepl2);
	if (nrepl2 || n2 != n || memcmp(r, r2, n))
		abort();
	free(r);
	free(r2);
	return 0;
}
