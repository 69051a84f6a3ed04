/*
 * reader.c: lines from a descriptor, of bounded length.  Its own buffer
 * lets it tell whether a complete line is at hand; when none is and no
 * input is ready it calls the idle hook (which flushes output) before it
 * blocks.  A line longer than max_line is handed in chunks to the skip
 * hook and never held whole.  A signal wakes it through a self-pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"
#include "util.h"

#define READ_CHUNK (64 * 1024)

struct reader {
	int fd;
	bool own_fd;
	char *name;
	char *buf;
	size_t cap, start, end,
	    scanned; /* data is buf[start..end); no '\n' in buf[start..scanned) */
	size_t max_line;
	unsigned long lineno;
	unsigned long long total; /* bytes read from fd */
	bool eof;
	bool nonblock;  /* READ_AGAIN rather than wait */
	bool hold_tail; /* at the end, a last line without its '\n' is left unread */
	idle_fn idle;
	void *idle_arg;
	skip_fn skip;
	void *skip_arg;
};

static volatile sig_atomic_t stop_requested;
static int stop_pipe[2] = {-1, -1};

static void
stop_pipe_init(void)
{
	if (stop_pipe[0] >= 0)
		return;
	if (pipe(stop_pipe) < 0)
		eprintf("pipe:");
	for (int i = 0; i < 2; i++) {
		fcntl(stop_pipe[i], F_SETFL, fcntl(stop_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(stop_pipe[i], F_SETFD, FD_CLOEXEC);
	}
}

void
reader_stop(void)
{
	int saved = errno;

	stop_requested = 1;
	if (stop_pipe[1] >= 0 && write(stop_pipe[1], "", 1) < 0) {
		/* full pipe: a wake-up is already pending */
	}
	errno = saved;
}

bool
reader_stopped(void)
{
	return stop_requested;
}

struct reader *
reader_fdopen(int fd, const char *name, size_t max_line)
{
	struct reader *r = xcalloc(1, sizeof(*r));

	stop_pipe_init();
	r->fd = fd;
	r->name = xstrdup(name);
	r->max_line = max_line;
	r->cap = READ_CHUNK * 2;
	r->buf = xmalloc(r->cap);
	return r;
}

struct reader *
reader_open(const char *path, size_t max_line)
{
	struct reader *r;
	int fd;

	if (!strcmp(path, "-"))
		return reader_fdopen(STDIN_FILENO, "-", max_line);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	r = reader_fdopen(fd, path, max_line);
	r->own_fd = true;
	return r;
}

void
reader_close(struct reader *r)
{
	if (!r)
		return;
	if (r->own_fd)
		close(r->fd);
	free(r->name);
	free(r->buf);
	free(r);
}

void
reader_set_idle(struct reader *r, idle_fn fn, void *arg)
{
	r->idle = fn;
	r->idle_arg = arg;
}

void
reader_set_skip(struct reader *r, skip_fn fn, void *arg)
{
	r->skip = fn;
	r->skip_arg = arg;
}

bool
line_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

int
reader_fd(const struct reader *r)
{
	return r->fd;
}

void
reader_hold_tail(struct reader *r, unsigned long lineno)
{
	r->hold_tail = true;
	r->lineno = lineno;
}

unsigned long long
reader_consumed(const struct reader *r)
{
	return r->total - (r->end - r->start);
}

unsigned long
reader_lineno(const struct reader *r)
{
	return r->lineno;
}

const char *
reader_name(const struct reader *r)
{
	return r->name;
}

void
reader_set_nonblock(struct reader *r)
{
	r->nonblock = true;
}

int
reader_wait_any(struct reader **rs, size_t n, idle_fn idle, void *arg)
{
	struct pollfd *fds = xcalloc(n + 1, sizeof(*fds));
	int timeout = 0, ret = 0;

	for (size_t i = 0; i < n; i++)
		fds[i] = (struct pollfd){rs[i]->fd, POLLIN, 0};
	fds[n] = (struct pollfd){stop_pipe[0], POLLIN, 0};
	for (;;) {
		if (stop_requested) {
			ret = -1;
			break;
		}
		int got = poll(fds, n + 1, timeout);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			break; /* not pollable: let read() decide */
		}
		if (stop_requested) {
			ret = -1;
			break;
		}
		bool ready = false;

		for (size_t i = 0; i < n; i++)
			ready |= fds[i].revents != 0;
		if (ready)
			break;
		timeout = idle ? idle(arg) : -1;
	}
	free(fds);
	return ret;
}

/*
 * Wait until the descriptor has input (or EOF) or a stop is requested: 0,
 * or -1 on stop; -3 when none is ready and the reader must not wait.
 */
static int
wait_input(struct reader *r, bool may_wait)
{
	struct pollfd fds[2] = {{r->fd, POLLIN, 0}, {stop_pipe[0], POLLIN, 0}};
	int timeout = 0;

	for (;;) {
		if (stop_requested)
			return -1;
		int n = poll(fds, 2, timeout);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 0; /* not pollable: let read() decide */
		}
		if (stop_requested)
			return -1;
		if (n > 0 && fds[0].revents)
			return 0;
		if (!may_wait)
			return -3;
		/* Nothing ready: the input is idle. */
		timeout = r->idle ? r->idle(r->idle_arg) : -1;
	}
}

/* Read more into the buffer: > 0 bytes, 0 at EOF, -1 on error, -2 on stop, -3: not ready. */
static ssize_t
fill(struct reader *r, bool may_wait)
{
	if (r->start > 0 && (r->start == r->end || r->cap - r->end < READ_CHUNK)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->scanned -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < READ_CHUNK) {
		r->cap = r->end + READ_CHUNK * 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	for (;;) {
		int w = wait_input(r, may_wait);

		if (w < 0)
			return w == -3 ? -3 : -2;
		ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end - 1);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n > 0) {
			r->end += (size_t)n;
			r->total += (unsigned long long)n;
		}
		return n;
	}
}

/* Skip the rest of a line too long to hold, chunk by chunk; returns its full length. */
static enum read_status
skip_line(struct reader *r, struct line *line)
{
	size_t total = 0;

	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		size_t n = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;

		if (r->skip)
			r->skip(r->skip_arg, r->buf + r->start, n, nl != NULL);
		total += n;
		if (nl) {
			r->start += n + 1;
			break;
		}
		r->start = r->end = r->scanned = 0;
		ssize_t got = fill(r, true);

		if (got == 0) {
			if (r->skip)
				r->skip(r->skip_arg, "", 0, true);
			r->eof = true;
			break;
		}
		if (got < 0) {
			line->len = total;
			return got == -2 ? READ_STOP : READ_ERROR;
		}
	}
	r->scanned = r->start;
	line->text = NULL;
	line->len = total;
	line->lineno = ++r->lineno;
	return READ_TOOLONG;
}

enum read_status
reader_next(struct reader *r, struct line *line)
{
	for (;;) {
		char *nl = memchr(r->buf + r->scanned, '\n', r->end - r->scanned);

		if (nl) {
			size_t len = (size_t)(nl - (r->buf + r->start));

			if (len > r->max_line)
				return skip_line(r, line);
			*nl = '\0';
			line->text = r->buf + r->start;
			line->len = len;
			line->lineno = ++r->lineno;
			r->start = r->scanned = len + 1 + r->start;
			return READ_LINE;
		}
		r->scanned = r->end;
		if (r->end - r->start > r->max_line)
			return skip_line(r, line);
		if (r->eof) {
			if (r->end == r->start || r->hold_tail)
				return READ_EOF;
			/* A last line without its newline is still a line. */
			r->buf[r->end] = '\0';
			line->text = r->buf + r->start;
			line->len = r->end - r->start;
			line->lineno = ++r->lineno;
			r->start = r->scanned = r->end;
			return READ_LINE;
		}
		if (stop_requested)
			return READ_STOP; /* complete lines already read were handed over first */
		ssize_t n = fill(r, !r->nonblock);

		if (n == -3)
			return READ_AGAIN;
		if (n == 0)
			r->eof = true;
		else if (n == -1)
			return READ_ERROR;
		else if (n == -2)
			return READ_STOP;
	}
}
