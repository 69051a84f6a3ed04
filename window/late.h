/*
 * late.h: the reason a late record is rejected, and the --late file.  Late records are appended as
 * they were read, each in one write(2) (so a kill cannot leave half a line), and flushed with the
 * output: when the input goes idle, and at the end.
 */
#ifndef SENTIO_WINDOW_LATE_H
#define SENTIO_WINDOW_LATE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct late {
	const char *path; /* NULL: no --late */
	int fd;
	struct buf buf; /* whole lines not yet written */
};

#define LATE_WHY_LEN 160

/*
 * Why a record at time t is late, for the rejects: how far behind the
 * watermark wm it is, and what to do ("late by 1h30m behind the watermark
 * 2026-11-24T10:03:00.000Z; see --lateness"); revise is --revise (0: none).
 */
char *late_why(char buf[LATE_WHY_LEN], int64_t t, int64_t wm, int64_t revise);

/* Open path for appending (fatal on error). */
void late_open(struct late *l, const char *path);
/* Append one record (its raw line, without the newline). */
void late_add(struct late *l, const char *raw, size_t len);
/* Write what is held (fatal on error). */
void late_flush(struct late *l);
/* Flush and close. */
void late_close(struct late *l);

#endif
