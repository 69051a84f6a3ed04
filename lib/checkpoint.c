/*
 * checkpoint.c: the state file, the output and the other appended files
 * of a resumable run (see checkpoint.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "util.h"

#define MAX_TRACKED 8

static char *state_path, *tmp_path;
static json_t *state; /* as loaded, then as last saved */
static json_t *next;  /* members set for the next checkpoint */
static bool fresh;
static char *output_path;
static bool output_regular;
static off_t output_held = -1;
static struct {
	char *path;
	int fd;
} tracked[MAX_TRACKED];
static size_t ntracked;

bool
ckpt_active(void)
{
	return state_path != NULL;
}

bool
ckpt_new(void)
{
	return fresh;
}

void
ckpt_open(const char *path, const char *who)
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
		fresh = true;
	} else if (!json_is_object(state))
		eprintf("%s: not a state file", path);
	const char *was = json_string_value(json_object_get(state, "program"));
	if (was && strcmp(was, who))
		eprintf("%s: a state file of %s, not of %s", path, was, who);
	next = json_deep_copy(state);
	json_object_set_new(next, "version", json_integer(1));
	json_object_set_new(next, "program", json_string(who));
}

json_t *
ckpt_get(const char *member)
{
	return state ? json_object_get(state, member) : NULL;
}

void
ckpt_set(const char *member, json_t *v)
{
	json_object_set_new(next, member, v);
}

off_t
ckpt_last_line_end(int fd, off_t size, const char *path)
{
	char chunk[65536];
	off_t at;

	for (at = size; at > 0;) {
		size_t n = at < (off_t)sizeof(chunk) ? (size_t)at : sizeof(chunk);

		if (pread(fd, chunk, n, at - (off_t)n) != (ssize_t)n)
			eprintf("%s: read:", path);
		char *nl = memrchr(chunk, '\n', n);
		if (nl)
			return at - (off_t)n + (nl - chunk) + 1;
		at -= (off_t)n;
	}
	return 0;
}

/* Whatever the state says, a last line without its line end is a record cut in two. */
static void
cut_torn_line(int fd, const char *path)
{
	struct stat sb;
	off_t at;

	if (fstat(fd, &sb) < 0)
		eprintf("%s:", path);
	at = ckpt_last_line_end(fd, sb.st_size, path);
	if (at < sb.st_size) {
		weprintf("%s: cutting a torn last record (%lld bytes) written before a restart",
		         path, (long long)(sb.st_size - at));
		if (ftruncate(fd, at) < 0)
			eprintf("%s: truncate:", path);
	}
}

/* The length a file had at the last checkpoint, or -1. */
static off_t
saved_length(const char *path)
{
	json_t *len = json_object_get(json_object_get(state, "files"), path);

	return json_is_integer(len) ? (off_t)json_integer_value(len) : -1;
}

/* Cut fd (path) back to at, written after the last checkpoint by a run that did not finish. */
static void
cut_back(int fd, const char *path, off_t at)
{
	struct stat sb;

	if (fstat(fd, &sb) < 0)
		eprintf("%s:", path);
	if (!S_ISREG(sb.st_mode) || at < 0)
		return;
	if (sb.st_size < at)
		weprintf("%s: shorter than at the last checkpoint (%lld bytes, now %lld): "
		         "not the same file?",
		         path, (long long)at, (long long)sb.st_size);
	else if (sb.st_size > at) {
		weprintf("%s: cutting %lld bytes written after the last checkpoint (by a run "
		         "that did not finish)",
		         path, (long long)(sb.st_size - at));
		if (ftruncate(fd, at) < 0)
			eprintf("%s: truncate:", path);
	}
}

void
ckpt_output_open(const char *path, ckpt_tail_fn tail)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	struct stat sb;

	if (fd < 0)
		eprintf("%s:", path);
	if (fstat(fd, &sb) < 0)
		eprintf("%s:", path);
	output_path = xstrdup(path);
	output_regular = S_ISREG(sb.st_mode);
	if (output_regular) {
		/* Read and cut through a descriptor of its own (not for a FIFO's sake). */
		int rfd = open(path, O_RDWR | O_CLOEXEC);
		const char *was = json_string_value(json_object_get(state, "output"));
		json_t *len = json_object_get(state, "output_length");

		if (rfd < 0)
			eprintf("%s:", path);
		if (state && was && json_is_integer(len) && !strcmp(was, path)) {
			off_t at = (off_t)json_integer_value(len);

			if (tail && sb.st_size > at)
				tail(rfd, at, sb.st_size, path);
			else
				cut_back(rfd, path, at);
		}
		cut_torn_line(rfd, path);
		close(rfd);
	}
	if (dup2(fd, STDOUT_FILENO) < 0)
		eprintf("%s: dup2:", path);
	close(fd);
}

void
ckpt_output_hold(off_t len)
{
	output_held = len;
}

void
ckpt_running(bool running)
{
	json_object_set_new(next, "running", json_boolean(running));
}

void
ckpt_track(const char *path, int fd)
{
	json_t *running = json_object_get(state, "running");

	if (!state || ntracked == MAX_TRACKED)
		return;
	/*
	 * After a run that finished, what was appended since is not ours (the
	 * stage after us writing to the same rejects file): only what a run that
	 * did not finish appended is cut.
	 */
	if (!json_is_false(running))
		cut_back(fd, path, saved_length(path));
	tracked[ntracked].path = xstrdup(path);
	tracked[ntracked].fd = fd;
	ntracked++;
}

/* Sync fd (path) and return its length. */
static off_t
sync_length(int fd, const char *path)
{
	struct stat sb;

	if (fstat(fd, &sb) < 0)
		eprintf("%s:", path);
	if (S_ISREG(sb.st_mode) && fdatasync(fd) < 0 && errno != EINVAL)
		eprintf("%s: sync:", path);
	return sb.st_size;
}

/* The state goes out whole or the run fails: a half state is worse than none. */
static void
write_state(int fd, const char *p, size_t n, const char *path)
{
	if (write_all(fd, p, n))
		eprintf("%s: write error:", path);
}

void
ckpt_save(void)
{
	char *text;
	int fd;

	if (output_path) {
		off_t len = sync_length(STDOUT_FILENO, output_path);

		json_object_set_new(next, "output", json_string(output_path));
		json_object_set_new(
		    next, "output_length",
		    json_integer((json_int_t)(output_held >= 0 ? output_held : len)));
	}
	if (ntracked) {
		json_t *files = json_object_get(next, "files");

		if (!json_is_object(files)) {
			files = json_object();
			json_object_set_new(next, "files", files);
		}
		for (size_t i = 0; i < ntracked; i++)
			json_object_set_new(
			    files, tracked[i].path,
			    json_integer((json_int_t)sync_length(tracked[i].fd, tracked[i].path)));
	}
	text = json_dumps(next, JSON_INDENT(1) | JSON_SORT_KEYS);
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
	state = json_deep_copy(next);
	fresh = false;
}

/* ---- Input positions ---- */

static int
get_u64(const json_t *j, const char *name, uint64_t *v)
{
	json_t *m = json_object_get(j, name);

	if (!json_is_integer(m) || json_integer_value(m) < 0)
		return -1;
	*v = (uint64_t)json_integer_value(m);
	return 0;
}

int
ckpt_pos_from_json(const json_t *j, struct ckpt_pos *pos)
{
	uint64_t line;

	if (!json_is_object(j) || get_u64(j, "dev", &pos->dev) || get_u64(j, "ino", &pos->ino) ||
	    get_u64(j, "offset", &pos->offset) || get_u64(j, "line", &line))
		return -1;
	pos->lineno = (unsigned long)line;
	return 0;
}

json_t *
ckpt_pos_to_json(const struct ckpt_pos *pos)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "dev", (json_int_t)pos->dev, "ino",
	                 (json_int_t)pos->ino, "offset", (json_int_t)pos->offset, "line",
	                 (json_int_t)pos->lineno);
}

int
ckpt_pos_check(const struct ckpt_pos *saved, uint64_t dev, uint64_t ino, uint64_t size)
{
	if (saved->dev != dev || saved->ino != ino)
		return 1;
	if (size < saved->offset)
		return 2;
	return 0;
}

void
ckpt_input_resume(const char *path, int fd, struct ckpt_pos *pos)
{
	json_t *j = json_object_get(json_object_get(state, "inputs"), path);
	struct ckpt_pos saved;
	struct stat sb;

	if (fstat(fd, &sb) < 0)
		eprintf("%s:", path);
	*pos = (struct ckpt_pos){(uint64_t)sb.st_dev, (uint64_t)sb.st_ino, 0, 0};
	if (!j)
		return;
	if (ckpt_pos_from_json(j, &saved))
		eprintf("%s: the position of %s is not one", state_path, path);
	switch (ckpt_pos_check(&saved, pos->dev, pos->ino, (uint64_t)sb.st_size)) {
	case 0:
		pos->offset = saved.offset;
		pos->lineno = saved.lineno;
		if (lseek(fd, (off_t)pos->offset, SEEK_SET) < 0)
			eprintf("%s: seek:", path);
		break;
	case 1:
		weprintf("%s: not the file of the last run (rotated?): reading it from the start",
		         path);
		break;
	default:
		weprintf("%s: shorter than at the last run (truncated?): reading it from the start",
		         path);
		break;
	}
}

void
ckpt_input_set(const char *path, const struct ckpt_pos *pos)
{
	json_t *inputs = json_object_get(next, "inputs");

	if (!json_is_object(inputs)) {
		inputs = json_object();
		json_object_set_new(next, "inputs", inputs);
	}
	json_object_set_new(inputs, path, ckpt_pos_to_json(pos));
}
