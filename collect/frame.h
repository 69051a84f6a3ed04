/*
 * frame.h: a file's bytes, as they are read, cut into units: lines, or
 * CSV records (which may hold line ends inside quotes).  A unit longer
 * than --max-line is never held: it is rejected as it streams past, its
 * bytes whole in the rejects file.
 */
#ifndef SENTIO_COLLECT_FRAME_H
#define SENTIO_COLLECT_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "csv.h"
#include "spool.h"
#include "stage.h"

struct frame {
	bool csv;
	struct stage *st;
	const char *input; /* for rejects: the path, or "-" */

	char *buf;
	size_t cap, start, end; /* the bytes held are buf[start..end) */
	uint64_t off;           /* the file offset of buf[start] */
	unsigned long lineno;   /* lines before buf[start] */
	struct csv_row row;     /* the last CSV unit, parsed */

	bool skipping; /* dropping the rest of a unit that is too long */
	struct skip {
		unsigned long lineno; /* its first line */
		int csv;              /* CSV: where the scan is in a record */
		struct spool sp;      /* its bytes until its end (sp.len: how many) */
	} skip;
};

/* A unit: s[0..len) without its line end, at offset off, from line lineno. */
struct unit {
	const char *s;
	size_t len;
	uint64_t off;
	unsigned long lineno;
};

enum frame_status {
	FRAME_UNIT,    /* a unit is in *u (and for CSV, parsed in fr->row) */
	FRAME_SKIPPED, /* a unit too long ended: rejected and counted */
	FRAME_MORE     /* more bytes are needed */
};

void frame_init(struct frame *fr, bool csv, struct stage *st, const char *input);
/*
 * Forget what is held (a file closed, opened again, truncated): the next
 * byte is at off, line lineno.  A unit too long being skipped is rejected
 * with what was read of it, unless it is left for the next run (drop).
 */
void frame_reset(struct frame *fr, uint64_t off, unsigned long lineno, bool drop);
/*
 * The next unit held.  At the end of the input (eof), what is left without
 * a line end is a unit too, and a unit too long being skipped ends.
 */
enum frame_status frame_next(struct frame *fr, bool eof, struct unit *u);
/* Room at the end of the buffer for more bytes (at least one); then frame_filled(). */
char *frame_room(struct frame *fr, size_t *n);
void frame_filled(struct frame *fr, size_t n);
/* Bytes held that are not part of a unit given yet. */
size_t frame_held(const struct frame *fr);

#endif
