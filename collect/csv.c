/* csv.c: an RFC 4180 record parser that works on whatever bytes are buffered. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

static struct buf *
new_field(struct csv_row *row)
{
	if (row->nfields == row->cap) {
		row->cap = row->cap ? row->cap * 2 : 16;
		row->fields = xrealloc(row->fields, row->cap * sizeof(*row->fields));
		memset(row->fields + row->nfields, 0,
		       (row->cap - row->nfields) * sizeof(*row->fields));
	}
	row->fields[row->nfields].len = 0;
	return &row->fields[row->nfields++];
}

size_t
csv_parse(const char *p, size_t n, bool eof, struct csv_row *row)
{
	size_t i = 0;
	struct buf *f;

	row->nfields = 0;
	row->lines = 0;
	if (n == 0)
		return 0;
	for (;;) {
		f = new_field(row);
		if (i < n && p[i] == '"') {
			/* A quoted field: up to the quote that is not doubled. */
			i++;
			for (;;) {
				const char *q = i < n ? memchr(p + i, '"', n - i) : NULL;

				if (!q) {
					if (!eof)
						return 0;
					/* An unclosed quote at the end of input: take the rest. */
					for (size_t k = i; k < n; k++)
						row->lines += p[k] == '\n';
					buf_add(f, p + i, n - i);
					return n;
				}
				for (const char *k = p + i; k < q; k++)
					row->lines += *k == '\n';
				buf_add(f, p + i, (size_t)(q - (p + i)));
				i = (size_t)(q - p) + 1;
				if (i < n && p[i] == '"') {
					buf_addc(f, '"');
					i++;
					continue;
				}
				if (i >= n && !eof)
					return 0;
				break;
			}
		}
		/* Unquoted text (or what follows a closing quote, kept as is). */
		size_t s = i;
		while (i < n && p[i] != ',' && p[i] != '\n')
			i++;
		size_t e = i;
		if (i < n && p[i] == '\n' && e > s && p[e - 1] == '\r')
			e--;
		buf_add(f, p + s, e - s);
		if (i >= n) {
			if (!eof)
				return 0;
			return n;
		}
		if (p[i] == ',') {
			i++;
			continue;
		}
		row->lines++;
		return i + 1;
	}
}

void
csv_row_free(struct csv_row *row)
{
	for (size_t i = 0; i < row->cap; i++)
		free(row->fields[i].p);
	free(row->fields);
	memset(row, 0, sizeof(*row));
}
