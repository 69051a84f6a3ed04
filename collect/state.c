/*
 * state.c: the state file and the output file.
 *
 * A checkpoint is written only after the records before it were flushed
 * (and, for an output file, synced): temporary file, fsync, rename, so a
 * reader sees the old state or the new one, never half of one.  It holds
 * the output's length then.  At a restart everything past that length is
 * what was written after the checkpoint: its last line may be torn (it is
 * cut off), and its complete records will come again from the sources,
 * which resume at the checkpoint's positions; their ids are remembered
 * here so that they are skipped once each.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state.h"
#include "util.h"

static char *state_path, *tmp_path;
static json_t *state;     /* as loaded (or a new object) */
static char *output_path; /* absolute-ish, as given */
static bool output_regular;
static json_t *skip; /* id -> how many times still to skip */
static size_t nskip;
static off_t skip_from; /* the output's length at the checkpoint the skipped records follow */

bool
state_active(void)
{
	return state_path != NULL;
}

void
state_open(const char *path)
{
	char *lock = xmalloc(strlen(path) + 6);
	json_error_t err;
	int fd;

	sprintf(lock, "%s.lock", path);
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		eprintf("%s:", lock);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			eprintf("%s: in use by another run (%s is locked)", path, lock);
		eprintf("%s: lock:", lock);
	}
	/* The descriptor stays open, and the lock held, until we exit. */
	free(lock);
	state_path = xstrdup(path);
	tmp_path = xmalloc(strlen(path) + 5);
	sprintf(tmp_path, "%s.tmp", path);
	state = json_load_file(path, 0, &err);
	if (!state) {
		if (access(path, F_OK) == 0)
			eprintf("%s:%d: not a state file: %s", path, err.line, err.text);
		state = json_object();
	} else if (!json_is_object(state) || !json_is_object(json_object_get(state, "sources")))
		eprintf("%s: not a state file of sentio-collect", path);
}

json_t *
state_position(const char *spec)
{
	return state ? json_object_get(json_object_get(state, "sources"), spec) : NULL;
}

/* The state goes out whole or the run fails: a half state is worse than none. */
static void
write_state(int fd, const char *p, size_t n, const char *path)
{
	if (write_all(fd, p, n))
		eprintf("%s: write error:", path);
}

void
state_save(json_t *positions)
{
	json_t *sources = json_object_get(state, "sources"), *next;
	const char *key;
	json_t *v;
	char *text;
	int fd;

	next = json_object();
	json_object_set_new(next, "version", json_integer(1));
	if (output_path) {
		struct stat sb;

		if (output_regular && fdatasync(STDOUT_FILENO) < 0 && errno != EINVAL)
			eprintf("%s: sync:", output_path);
		if (fstat(STDOUT_FILENO, &sb) < 0)
			eprintf("%s:", output_path);
		/*
		 * While records written before a restart are still to come again (and be
		 * skipped), the positions do not cover the output's end yet: the length
		 * stays the one those records follow.
		 */
		off_t len = nskip ? skip_from : sb.st_size;

		json_object_set_new(next, "output", json_string(output_path));
		json_object_set_new(next, "output_length", json_integer((json_int_t)len));
	}
	/* Keep the positions of sources not in this run. */
	json_t *all = sources ? json_deep_copy(sources) : json_object();
	json_object_foreach(positions, key, v) json_object_set(all, key, v);
	json_object_set_new(next, "sources", all);
	text = json_dumps(next, JSON_INDENT(1));
	if ((fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		eprintf("%s:", tmp_path);
	write_state(fd, text, strlen(text), tmp_path);
	write_state(fd, "\n", 1, tmp_path);
	if (fsync(fd) < 0)
		eprintf("%s: sync:", tmp_path);
	if (close(fd) < 0)
		eprintf("%s: close:", tmp_path);
	if (rename(tmp_path, state_path) < 0)
		eprintf("rename %s to %s:", tmp_path, state_path);
	char *dir = xstrdup(state_path);
	if ((fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	free(text);
	json_decref(state);
	state = next;
}

/* Read [from, size) of the output: remember the ids of its complete lines, cut the rest. */
static void
trim_tail(int fd, off_t from, off_t size)
{
	size_t n = (size_t)(size - from), got = 0;
	char *tail = xmalloc(n + 1);
	size_t keep = 0;

	while (got < n) {
		ssize_t r = pread(fd, tail + got, n - got, from + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			eprintf("%s: read:", output_path);
		got += (size_t)r;
	}
	skip = json_object();
	skip_from = from;
	for (size_t i = 0; i < n;) {
		char *nl = memchr(tail + i, '\n', n - i);

		if (!nl)
			break;
		json_t *rec = json_loadb(tail + i, (size_t)(nl - (tail + i)), JSON_ALLOW_NUL, NULL);
		const char *id = json_string_value(json_object_get(rec, "id"));
		const char *src = json_string_value(json_object_get(rec, "source"));

		/* What the receiver took cannot come again: nothing to wait for. */
		if (id && !(src && !strncmp(src, "listen:", 7))) {
			json_int_t c = json_integer_value(json_object_get(skip, id));

			json_object_set_new(skip, id, json_integer(c + 1));
			nskip++;
		}
		json_decref(rec);
		i = (size_t)(nl - tail) + 1;
		keep = i;
	}
	if (keep < n) {
		weprintf("%s: cutting a torn last record (%zu bytes) written before a restart",
		         output_path, n - keep);
		if (ftruncate(fd, from + (off_t)keep) < 0)
			eprintf("%s: truncate:", output_path);
	}
	free(tail);
}

/* Whatever the state says, a last line without its line end is a record cut in two. */
static void
cut_torn_line(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	struct stat sb;
	char chunk[65536];
	off_t end, at;

	if (fd < 0 || fstat(fd, &sb) < 0)
		eprintf("%s:", path);
	end = sb.st_size;
	for (at = end; at > 0;) {
		size_t n = at < (off_t)sizeof(chunk) ? (size_t)at : sizeof(chunk);

		if (pread(fd, chunk, n, at - (off_t)n) != (ssize_t)n)
			eprintf("%s: read:", path);
		char *nl = memrchr(chunk, '\n', n);
		if (nl) {
			at = at - (off_t)n + (nl - chunk) + 1;
			break;
		}
		at -= (off_t)n;
	}
	if (at < end) {
		weprintf("%s: cutting a torn last record (%lld bytes) written before a restart",
		         path, (long long)(end - at));
		if (ftruncate(fd, at) < 0)
			eprintf("%s: truncate:", path);
	}
	close(fd);
}

void
output_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	struct stat sb;

	if (fd < 0)
		eprintf("%s:", path);
	if (fstat(fd, &sb) < 0)
		eprintf("%s:", path);
	output_path = xstrdup(path);
	output_regular = S_ISREG(sb.st_mode);
	if (state && output_regular) {
		const char *was = json_string_value(json_object_get(state, "output"));
		json_t *len = json_object_get(state, "output_length");

		if (was && json_is_integer(len) && !strcmp(was, path)) {
			off_t at = (off_t)json_integer_value(len);

			if (sb.st_size < at)
				weprintf("%s: shorter than at the last checkpoint (%lld bytes, now "
				         "%lld): "
				         "not the same file?",
				         path, (long long)at, (long long)sb.st_size);
			else if (sb.st_size > at) {
				int rfd = open(path, O_RDWR | O_CLOEXEC);

				if (rfd < 0)
					eprintf("%s:", path);
				trim_tail(rfd, at, sb.st_size);
				close(rfd);
			}
		}
	}
	if (output_regular)
		cut_torn_line(path);
	if (dup2(fd, STDOUT_FILENO) < 0)
		eprintf("%s: dup2:", path);
	close(fd);
}

bool
output_already_written(const char *id, size_t len)
{
	json_t *c;

	if (!nskip)
		return false;
	if (!(c = json_object_getn(skip, id, len)))
		return false;
	if (json_integer_value(c) <= 1)
		json_object_deln(skip, id, len);
	else
		json_integer_set(c, json_integer_value(c) - 1);
	if (--nskip == 0) {
		json_decref(skip);
		skip = NULL;
	}
	return true;
}
