/*
 * fuzz_csv: collect/csv.h.  The input is parsed record by record to its
 * end; each record parsed again from a buffer cut short (as it streams
 * in, eof false) must give the same answer, or say "wait for more".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

static void
same(const struct csv_row *a, const struct csv_row *b)
{
	if (a->nfields != b->nfields || a->lines != b->lines)
		abort();
	for (size_t i = 0; i < a->nfields; i++)
		if (a->fields[i].len != b->fields[i].len ||
		    (a->fields[i].len && memcmp(a->fields[i].p, b->fields[i].p, a->fields[i].len)))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);
	struct csv_row row = {0}, part = {0};
	size_t off = 0;

	if (!p)
		abort();
	memcpy(p, data, size);
	while (off < size) {
		size_t took = csv_parse(p + off, size - off, true, &row);

		if (took == 0 || took > size - off)
			abort();
		/* The same record from a shorter buffer, not at its end. */
		size_t cut = took + (size - off - took) / 2;
		size_t t2 = csv_parse(p + off, cut, false, &part);
		if (t2 && (t2 != took || (same(&row, &part), 0)))
			abort();
		/* With the whole rest, not at its end: the same, or wait. */
		t2 = csv_parse(p + off, size - off, false, &part);
		if (t2 && t2 != took)
			abort();
		if (t2)
			same(&row, &part);
		off += took;
	}
	csv_row_free(&row);
	csv_row_free(&part);
	free(p);
	return 0;
}
