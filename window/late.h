/*
 * late.h: the --late file.  Late records are appended as they were read,
 * each in one write(2) (so a kill cannot leave half a line), and flushed
 * with the output: when the input goes idle, and at the end.
 */
#ifndef SENTIO_WINDOW_LATE_H
#define SENTIO_WINDOW_LATE_H

#include <stddef.h>

#include "buf.h"

struct late {
	const char *path; /* NULL: no --late */
	int fd;
	struct buf buf; /* whole lines not yet written */
};

/* Open path for appending (fatal on error). */
void late_open(struct late *l, const char *path);
/* Append one record (its raw line, without the newline). */
void late_add(struct late *l, const char *raw, size_t len);
/* Write what is held (fatal on error). */
void late_flush(struct late *l);
/* Flush and close. */
void late_close(struct late *l);

#endif
