/*
 * file.c: files and standard input as sources, followed as tail -F
 * follows them: opened (or waited for), read to their end, through
 * rotation (a new file under the name) and truncation, their positions
 * kept in the state file.  frame.c cuts the bytes into units and
 * format.c makes records of them; each record's id is its source and byte
 * offset (with the file's inode), so a run started again makes the same
 * ids.  With --replay records are paced by their own time stamps.
 *
 * Followed files wake the loop through inotify where there is one: the
 * file's changes, and new names in its directory (rotation).  Where there
 * is none, or the file system sends no events for others' writes (NFS
 * and the like), they are polled; a slow poll stays, in case.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <libgen.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#endif

#include "file.h"
#include "format.h"
#include "frame.h"
#include "timestamp.h"

#define BATCH           4096
#define FOLLOW_CHECK_NS (100 * NS_PER_MS) /* polling, without events */
#define SAFETY_CHECK_NS NS_PER_SEC        /* with events: one missed is seen late, not never */

struct file {
	struct source src;
	struct file_opts o;
	const struct sink *k;
	char *path;
	bool is_stdin;
	int fd;
	bool regular, opened, warned_missing, started;
	int ifd;     /* inotify for --follow (-1: poll) */
	int file_wd; /* the watch on the file open (-1: none) */
	bool remote; /* its file system sends no events for others' writes: poll */
	dev_t dev;
	ino_t ino;
	unsigned gen; /* truncations seen under --follow, part of the ids */
	int64_t mtime_ns;
	char *idpre; /* "file:PATH:INO:" */

	struct frame fr;
	struct format fmt;

	uint64_t pos;             /* offset after the last record written (for the state) */
	unsigned long pos_lineno; /* and its line */
	bool resume;
	uint64_t resume_off;
	unsigned long resume_line;
	dev_t resume_dev;
	ino_t resume_ino;

	/* A record held back by --replay until its time. */
	bool pending;
	uint64_t pend_off;
	unsigned long pend_line;
	int64_t pend_at;
	bool have_base;
	int64_t base_ts, base_mono;
};

static void
set_idpre(struct file *f)
{
	char pre[64];

	free(f->idpre);
	if (f->is_stdin || !f->regular)
		snprintf(pre, sizeof(pre), ":");
	else if (f->gen)
		snprintf(pre, sizeof(pre), ":%ju.%u:", (uintmax_t)f->ino, f->gen);
	else
		snprintf(pre, sizeof(pre), ":%ju:", (uintmax_t)f->ino);
	f->idpre = xmalloc(strlen(f->src.name) + strlen(pre) + 1);
	sprintf(f->idpre, "%s%s", f->src.name, pre);
}

/*
 * --from-end: start past the last line end (a line being written is taken
 * whole when finished), counting the lines before it for messages.
 */
static void
skip_to_end(struct file *f)
{
	char b[65536];
	uint64_t off = 0, start = 0;
	unsigned long lines = 0;
	ssize_t r;

	while ((r = read(f->fd, b, sizeof(b))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			eprintf("%s: read:", f->path);
		for (char *p = b, *e = b + r; (p = memchr(p, '\n', (size_t)(e - p))); p++) {
			lines++;
			start = off + (uint64_t)(p - b) + 1;
		}
		off += (uint64_t)r;
	}
	if (lseek(f->fd, (off_t)start, SEEK_SET) < 0)
		eprintf("%s: seek:", f->path);
	frame_reset(&f->fr, start, lines, false);
	f->pos = start;
	f->pos_lineno = lines;
}

#ifdef __linux__
/* File systems whose files change under other hosts' writes, which send no events. */
static bool
remote_fs(int fd)
{
	static const unsigned long magic[] = {
	    0x6969,     /* NFS */
	    0x517b,     /* SMB */
	    0xff534d42, /* CIFS */
	    0xfe534d42, /* SMB2 */
	    0x01021997, /* 9P */
	    0x00c36400, /* Ceph */
	    0x65735546, /* FUSE (sshfs, ...) */
	    0x5346414f, /* AFS */
	};
	struct statfs sf;

	if (fstatfs(fd, &sf) < 0)
		return true;
	for (size_t i = 0; i < LEN(magic); i++)
		if ((unsigned long)sf.f_type == magic[i])
			return true;
	return false;
}

/*
 * --follow: an inotify watch on the file's directory for a new file under
 * the name (rotation, or the file appearing).  No inotify (or
 * SENTIO_COLLECT_POLL set, for tests): the file is polled.
 */
static void
watch_init(struct file *f)
{
	char *dir;

	f->ifd = f->file_wd = -1;
	if (getenv("SENTIO_COLLECT_POLL") || (f->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0)
		return;
	dir = xstrdup(f->path);
	if (inotify_add_watch(f->ifd, dirname(dir), IN_CREATE | IN_MOVED_TO | IN_ONLYDIR) < 0) {
		close(f->ifd);
		f->ifd = -1;
	}
	free(dir);
}

/* A watch on the file just opened: appends, truncation, its name moved or removed. */
static void
watch_file(struct file *f)
{
	if (f->ifd < 0)
		return;
	if (f->file_wd >= 0)
		inotify_rm_watch(f->ifd, f->file_wd);
	f->file_wd = inotify_add_watch(f->ifd, f->path,
	                               IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_MOVE_SELF |
	                                   IN_DELETE_SELF);
	f->remote = remote_fs(f->fd);
}

/* Take the events that woke us: whatever they were, the file is looked at again. */
static void
watch_drain(struct file *f)
{
	char b[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

	if (f->ifd >= 0)
		while (read(f->ifd, b, sizeof(b)) > 0)
			;
}
#else
static void
watch_init(struct file *f)
{
	f->ifd = f->file_wd = -1;
}

static void
watch_file(struct file *f)
{
	(void)f;
}

static void
watch_drain(struct file *f)
{
	(void)f;
}
#endif

/* --follow, at the end of the file or before it is there: wait for an event, or poll. */
static void
follow_wait(struct file *f)
{
	bool events = f->ifd >= 0 && (f->opened ? f->file_wd >= 0 && !f->remote : true);

	f->src.fd = f->ifd;
	f->src.events = POLLIN;
	source_wake_at(&f->src, monotonic_ns() + (events ? SAFETY_CHECK_NS : FOLLOW_CHECK_NS));
}

static bool
open_file(struct file *f)
{
	struct stat sb;

	if (f->is_stdin)
		f->fd = STDIN_FILENO;
	else if ((f->fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && f->o.follow) {
			f->started = true; /* a file made later is new: read whole */
			if (!f->warned_missing)
				weprintf("%s: not there yet; waiting for it", f->path);
			f->warned_missing = true;
			return false;
		}
		weprintf("%s:", f->path);
		f->k->st->status = 1;
		f->src.done = true;
		return false;
	}
	if (fstat(f->fd, &sb) < 0)
		eprintf("%s:", f->path);
	if (S_ISDIR(sb.st_mode)) {
		weprintf("%s: is a directory", f->path);
		f->k->st->status = 1;
		f->src.done = true;
		close(f->fd);
		return false;
	}
	f->regular = S_ISREG(sb.st_mode);
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->mtime_ns = (int64_t)sb.st_mtim.tv_sec * NS_PER_SEC + sb.st_mtim.tv_nsec;
	f->opened = true;
	frame_reset(&f->fr, 0, 0, false);
	f->pos = f->pos_lineno = 0;
	if (f->resume && f->regular) {
		f->resume = false;
		if (f->resume_ino != f->ino || f->resume_dev != f->dev)
			weprintf("%s: not the file the state names (rotated?): reading it from the "
			         "start",
			         f->path);
		else if ((uint64_t)sb.st_size < f->resume_off) {
			weprintf(
			    "%s: shorter than the state's position (truncated?): reading it from "
			    "the start",
			    f->path);
			f->gen++;
		} else if (lseek(f->fd, (off_t)f->resume_off, SEEK_SET) < 0)
			eprintf("%s: seek:", f->path);
		else {
			frame_reset(&f->fr, f->resume_off, f->resume_line, false);
			f->pos = f->resume_off;
			f->pos_lineno = f->resume_line;
		}
	} else if (f->o.from_end && f->regular && !f->started)
		skip_to_end(f);
	f->started = true;
	set_idpre(f);
	f->src.fd = f->regular ? -1 : f->fd;
	f->src.events = POLLIN;
	if (f->regular)
		watch_file(f);
	return true;
}

/* Read the header row of a CSV file whose reading resumes past it. */
static bool
csv_header_at_start(struct file *f)
{
	size_t cap = 64 * 1024, n = 0;
	char *b = xmalloc(cap);
	struct csv_row row = {0};
	bool ok = false;

	for (;;) {
		ssize_t r = pread(f->fd, b + n, cap - n, (off_t)n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			eprintf("%s: read:", f->path);
		n += (size_t)r;
		if (csv_parse(b, n, r == 0, &row)) {
			ok = format_header(&f->fmt, &row);
			break;
		}
		if (r == 0 || n >= f->k->st->max_line) {
			weprintf("%s: no header row", f->path);
			f->k->st->status = 1;
			break;
		}
		if (n == cap)
			b = xrealloc(b, cap *= 2);
	}
	csv_row_free(&row);
	free(b);
	return ok;
}

/* Close f; a unit too long being skipped is rejected, or left for the next run (hold). */
static void
close_file(struct file *f, bool hold)
{
	frame_reset(&f->fr, f->fr.off, f->fr.lineno, hold);
	if (f->opened && !f->is_stdin)
		close(f->fd);
	f->opened = false;
	f->src.fd = -1;
	format_forget_header(&f->fmt);
}

/* Write the record made (or hold it back for --replay). */
static void
deliver(struct file *f)
{
	int64_t ts = f->fmt.ts;

	if (f->o.replay > 0) {
		int64_t now = monotonic_ns();

		if (!f->have_base) {
			f->have_base = true;
			f->base_ts = ts;
			f->base_mono = now;
		}
		int64_t at = f->base_mono + (int64_t)((double)(ts - f->base_ts) / f->o.replay);
		if (at > now) {
			f->pending = true;
			f->pend_off = f->fr.off;
			f->pend_line = f->fr.lineno;
			f->pend_at = at;
			return;
		}
	}
	f->k->emit(f->fmt.rec.p, f->fmt.rec.len, f->fmt.id.p, f->fmt.id.len);
}

/* A unit: a record, or nothing (rejected, blank, a header row). */
static void
take(struct file *f, const struct unit *u)
{
	switch (format_unit(&f->fmt, u->s, u->len, &f->fr.row, f->idpre, u->off, u->lineno,
	                    f->mtime_ns)) {
	case UNIT_RECORD:
		deliver(f);
		break;
	case UNIT_BAD_HEADER:
		f->src.done = true;
		close_file(f, false);
		return;
	case UNIT_NONE:
		break;
	}
	/* Consumed, whether written, held back or rejected; unless a record is held. */
	if (!f->pending) {
		f->pos = f->fr.off;
		f->pos_lineno = f->fr.lineno;
	}
}

/* --follow at the end of the file: truncated?  a new file under the name? */
static bool
follow_check(struct file *f)
{
	struct stat sb, cur;
	struct unit u;

	if (fstat(f->fd, &cur) == 0 && f->regular &&
	    (uint64_t)cur.st_size < f->fr.off + frame_held(&f->fr)) {
		weprintf("%s: file truncated", f->path);
		if (lseek(f->fd, 0, SEEK_SET) < 0)
			eprintf("%s: seek:", f->path);
		frame_reset(&f->fr, 0, 0, false);
		f->pos = f->pos_lineno = 0;
		f->gen++;
		set_idpre(f);
		return true;
	}
	if (stat(f->path, &sb) == 0 && (sb.st_ino != f->ino || sb.st_dev != f->dev)) {
		/* Rotated: what is left of the old file ends here. */
		if (frame_held(&f->fr) && frame_next(&f->fr, true, &u) == FRAME_UNIT)
			take(f, &u);
		weprintf("%s: a new file under the name (rotated): reading it", f->path);
		close_file(f, false);
		f->gen = 0;
		return open_file(f);
	}
	return false;
}

static void
file_step(struct source *src)
{
	struct file *f = src->data;
	struct unit u;

	watch_drain(f);
	if (!f->opened) {
		if (!open_file(f)) {
			if (!src->done)
				follow_wait(f);
			return;
		}
		if (f->fmt.fmt == FMT_CSV && f->fr.off > 0 && !csv_header_at_start(f)) {
			close_file(f, false);
			src->done = true;
			return;
		}
	}
	for (int n = 0; n < BATCH;) {
		if (f->k->stopping() || src->done)
			return;
		if (f->pending) {
			int64_t now = monotonic_ns();

			if (now < f->pend_at) {
				source_wake_at(src, f->pend_at);
				return;
			}
			f->pending = false;
			f->k->emit(f->fmt.rec.p, f->fmt.rec.len, f->fmt.id.p, f->fmt.id.len);
			f->pos = f->pend_off;
			f->pos_lineno = f->pend_line;
			n++;
			continue;
		}
		switch (frame_next(&f->fr, false, &u)) {
		case FRAME_UNIT:
			take(f, &u);
			n++;
			continue;
		case FRAME_SKIPPED:
			f->pos = f->fr.off;
			f->pos_lineno = f->fr.lineno;
			n++;
			continue;
		case FRAME_MORE:
			break;
		}
		/* Need more input. */
		size_t room;
		char *p = frame_room(&f->fr, &room);
		if (!f->regular) {
			struct pollfd pfd = {.fd = f->fd, .events = POLLIN};

			if (poll(&pfd, 1, 0) == 0)
				return; /* the loop waits on src->fd */
		}
		ssize_t r = read(f->fd, p, room);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			weprintf("%s: read error:", f->is_stdin ? "<stdin>" : f->path);
			f->k->st->status = 1;
			close_file(f, false);
			src->done = true;
			return;
		}
		if (r > 0) {
			frame_filled(&f->fr, (size_t)r);
			continue;
		}
		/* End of file. */
		if (f->o.follow && !f->is_stdin && f->regular) {
			if (follow_check(f))
				continue;
			follow_wait(f);
			return;
		}
		/*
		 * The last unit has no line end.  With --state its writer may be in the
		 * middle of it: it waits for the next run, which starts at its start.
		 * Otherwise the file ends there, and so does the unit.
		 */
		bool hold = f->o.hold_tail && f->regular;
		if (!hold && frame_held(&f->fr) && !f->fr.skipping) {
			if (frame_next(&f->fr, true, &u) == FRAME_UNIT)
				take(f, &u);
			continue;
		}
		close_file(f, hold);
		if (!f->pending)
			src->done = true;
		else
			source_wake_at(src, f->pend_at);
		return;
	}
	src->ready = true;
}

static json_t *
file_save(struct source *src)
{
	struct file *f = src->data;

	if (f->is_stdin || (!f->regular && f->opened) || (!f->opened && !f->resume && !f->pos))
		return NULL;
	if (f->resume) /* never opened: keep what the state said */
		return json_pack("{s:I, s:I, s:I, s:I}", "offset", (json_int_t)f->resume_off,
		                 "line", (json_int_t)f->resume_line, "dev",
		                 (json_int_t)f->resume_dev, "ino", (json_int_t)f->resume_ino);
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "offset", (json_int_t)f->pos, "line",
	                 (json_int_t)f->pos_lineno, "dev", (json_int_t)f->dev, "ino",
	                 (json_int_t)f->ino, "gen", (json_int_t)f->gen);
}

static void
file_load(struct source *src, json_t *pos)
{
	struct file *f = src->data;

	if (f->is_stdin)
		return;
	f->resume = true;
	f->resume_off = (uint64_t)json_integer_value(json_object_get(pos, "offset"));
	f->resume_line = (unsigned long)json_integer_value(json_object_get(pos, "line"));
	f->resume_dev = (dev_t)json_integer_value(json_object_get(pos, "dev"));
	f->resume_ino = (ino_t)json_integer_value(json_object_get(pos, "ino"));
	f->gen = (unsigned)json_integer_value(json_object_get(pos, "gen"));
}

static bool file_reads(struct source *src, dev_t dev, ino_t ino);

static bool
file_bytes(struct source *src, long long *done, long long *size)
{
	struct file *f = src->data;
	struct stat sb;

	if (f->o.follow || (f->is_stdin ? fstat(STDIN_FILENO, &sb) : stat(f->path, &sb)) < 0 ||
	    !S_ISREG(sb.st_mode))
		return false;
	*size = (long long)sb.st_size;
	*done = src->done ? *size : (long long)f->fr.off;
	return true;
}

static const struct source_ops file_ops = {
    .step = file_step,
    .bytes = file_bytes,
    .save = file_save,
    .load = file_load,
    .reads = file_reads,
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

struct source *
file_source(const char *spec, const struct file_opts *o, const struct sink *k)
{
	struct file *f = xcalloc(1, sizeof(*f));
	const char *path = spec;
	enum file_format fmt = FMT_TEXT;

	f->o = *o;
	f->k = k;
	if (!strncmp(spec, "text:", 5) || !strncmp(spec, "json:", 5)) {
		fmt = spec[0] == 't' ? FMT_TEXT : FMT_JSON;
		path = spec + 5;
	} else if (!strncmp(spec, "csv:", 4)) {
		fmt = FMT_CSV;
		path = spec + 4;
	} else if (o->format)
		fmt = !strcmp(o->format, "json")  ? FMT_JSON
		      : !strcmp(o->format, "csv") ? FMT_CSV
		                                  : FMT_TEXT;
	else if (ends_with(spec, ".csv"))
		fmt = FMT_CSV;
	else if (ends_with(spec, ".ndjson") || ends_with(spec, ".jsonl") ||
	         ends_with(spec, ".json") || o->nmap)
		fmt = FMT_JSON;
	if (!*path)
		stage_bad_option(k->st, spec, "no file name");
	f->path = xstrdup(path);
	f->is_stdin = !strcmp(path, "-");
	f->src.ops = &file_ops;
	f->src.data = f;
	f->src.fd = -1;
	f->src.ready = true;
	if (f->is_stdin)
		f->src.name = xstrdup("stdin");
	else {
		f->src.name = xmalloc(strlen(path) + 6);
		sprintf(f->src.name, "%s:%s", fmt == FMT_CSV ? "csv" : "file", path);
	}
	f->ifd = f->file_wd = -1;
	if (o->follow && !f->is_stdin)
		watch_init(f);
	frame_init(&f->fr, fmt == FMT_CSV, k->st, f->path);
	format_init(&f->fmt, fmt, f->path, f->src.name, &f->o, k);
	return &f->src;
}

static bool
file_reads(struct source *src, dev_t dev, ino_t ino)
{
	struct file *f = src->data;
	struct stat sb;

	return !f->is_stdin && stat(f->path, &sb) == 0 && sb.st_dev == dev && sb.st_ino == ino;
}
