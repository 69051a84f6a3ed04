/* fuzz_textblob: score/textblob.h on any bytes: polarity in -1..1, subjectivity in 0..1. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textblob.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct textblob_result r;
	char *text = malloc(size ? size : 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	textblob_score(text, size, &r);
	if (isnan(r.polarity) || r.polarity < -1 || r.polarity > 1)
		abort();
	if (isnan(r.subjectivity) || r.subjectivity < 0 || r.subjectivity > 1)
		abort();
	free(text);
	return 0;
}
