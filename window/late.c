/* late.c: why a record is late, and late records appended whole to the --late file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "duration.h"
#include "late.h"
#include "timestamp.h"
#include "util.h"

#define LATE_CAP (64 * 1024) /* held before a write, as for the output */

static struct late *open_file; /* for the flush at an early exit */

/* An exit on another error (--strict, say) still keeps the late records taken so far. */
static void
flush_at_exit(void)
{
	if (open_file && open_file->buf.len)
		write_all(open_file->fd, open_file->buf.p, open_file->buf.len);
}

char *
late_why(char buf[LATE_WHY_LEN], int64_t t, int64_t wm, int64_t revise)
{
	char by[DURATION_LEN], at[RFC3339_LEN], span[DURATION_LEN];

	duration_format(wm > t ? wm - t : 0, by);
	rfc3339_format(wm, at);
	if (revise)
		snprintf(buf, LATE_WHY_LEN,
		         "late by %s behind the watermark %s, beyond --revise %s; see --lateness",
		         by, at, duration_format(revise, span));
	else
		snprintf(buf, LATE_WHY_LEN, "late by %s behind the watermark %s; see --lateness",
		         by, at);
	return buf;
}

void
late_open(struct late *l, const char *path)
{
	l->path = path;
	if ((l->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666)) < 0)
		eprintf("%s:", path);
	open_file = l;
	atexit(flush_at_exit);
}

void
late_flush(struct late *l)
{
	int err;

	if (!l->path || !l->buf.len)
		return;
	err = write_all(l->fd, l->buf.p, l->buf.len);
	l->buf.len = 0;
	if (err)
		eprintf("%s: write error:", l->path);
}

void
late_add(struct late *l, const char *raw, size_t len)
{
	if (l->buf.len + len + 1 > LATE_CAP)
		late_flush(l);
	buf_add(&l->buf, raw, len);
	buf_addc(&l->buf, '\n');
}

void
late_close(struct late *l)
{
	if (!l->path)
		return;
	late_flush(l);
	if (close(l->fd))
		eprintf("%s: write error:", l->path);
	open_file = NULL;
	l->path = NULL;
	buf_free(&l->buf);
}
