/* csv.h: RFC 4180 records, parsed incrementally from a buffer. */
#ifndef SENTIO_COLLECT_CSV_H
#define SENTIO_COLLECT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct csv_row {
	struct buf *fields;
	size_t nfields, cap;
	unsigned long lines; /* line ends consumed, inside quoted fields included */
};

/*
 * Parse one record from p[0..n).  Returns the bytes it took (its line end
 * included), or 0 when the record does not end within n bytes and more
 * may come (eof false).  Quoted fields may hold commas, line ends and
 * doubled quotes; a stray quote inside an unquoted field is kept as is.
 */
size_t csv_parse(const char *p, size_t n, bool eof, struct csv_row *row);
void csv_row_free(struct csv_row *row);

#endif
