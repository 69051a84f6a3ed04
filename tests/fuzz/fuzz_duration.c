/* fuzz_duration: duration_parse() on any NUL-terminated bytes; accepted durations are >= 0. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t ns;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (duration_parse(s, &ns) == 0 && ns < 0)
		abort();
	free(s);
	return 0;
}
