/*
 * fuzz_vader: score/vader.h's per-record path on any bytes: the scores
 * stay in range, the proportions sum to about 1 (or are 0, 1, 0 for a
 * text without sentiment), every token lies inside the text.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vader.h"

static int
in(double x, double lo, double hi)
{
	return !isnan(x) && x >= lo && x <= hi;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vader *v;
	struct vader_scores s;
	char *text = malloc(size ? size : 1);

	if (!v)
		v = vader_new();
	if (!text)
		abort();
	memcpy(text, data, size);
	vader_score(v, text, size, &s);
	if (!in(s.compound, -1, 1) || !in(s.pos, 0, 1) || !in(s.neu, 0, 1) || !in(s.neg, 0, 1))
		abort();
	if (fabs(s.pos + s.neu + s.neg - 1) > 0.01 && s.pos + s.neu + s.neg != 0)
		abort();
	if (!memchr(s.compound_s, 0, sizeof s.compound_s) || !memchr(s.pos_s, 0, sizeof s.pos_s))
		abort();
	size_t n = vader_ntokens(v);
	for (size_t i = 0; i < n; i++) {
		struct vader_token t;

		vader_get_token(v, i, &t);
		if (t.len && !t.text)
			abort();
		if (isnan(t.valence))
			abort();
	}
	if (isnan(vader_punctuation(v)))
		abort();
	free(text);
	return 0;
}
