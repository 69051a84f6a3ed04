/*
 * reader.h: reading input lines of bounded length, with an idle hook for
 * the flush policy.
 *
 * The rules of a line, the same for every stage (and for collect's own
 * framing of files, which follows them):
 * - A line ends at '\n', which is not part of it.  A '\r' before the
 *   '\n' (CRLF input) stays in the line: JSON takes it as white space, and
 *   a rejected line keeps it in the rejects file ("raw" is the line's
 *   bytes exactly, '\r' included).
 * - A line of nothing but ' ', '\t' and '\r', in any order (" \r " too),
 *   holds no record: it is skipped, not counted in "in" nor rejected
 *   (line_blank()).
 * - --max-line counts the bytes without the '\n' ('\r' included); a longer
 *   line is rejected whole (its bytes streamed to the rejects file), never
 *   cut.
 * - At the end of the input a last line without its '\n' is a line.
 * - Bytes are bytes: a NUL or invalid UTF-8 is kept in the line (len, not
 *   strlen), for stage_parse() to reject or repair.
 */
#ifndef SENTIO_READER_H
#define SENTIO_READER_H

#include <stdbool.h>
#include <stddef.h>

enum read_status {
	READ_LINE,    /* a line is in line->text (without its '\n', NUL-terminated) */
	READ_TOOLONG, /* a line over max_line was skipped; line->len is its full length */
	READ_EOF,
	READ_ERROR, /* errno is set */
	READ_STOP,  /* reader_stop() was called (a signal arrived) */
	READ_AGAIN  /* reader_set_nonblock(): no complete line at hand, no input ready */
};

struct line {
	char *text;           /* valid until the next reader_next() */
	size_t len;           /* bytes, without the newline */
	unsigned long lineno; /* 1-based */
};

/*
 * Called when no complete line is buffered and no input is ready, before
 * the reader blocks: the place to flush output.  It returns how long to
 * wait for input in milliseconds (-1: for ever); if that time passes with
 * no input, the hook is called again.
 */
typedef int (*idle_fn)(void *arg);

/* Called with each chunk of a line that is too long, as it is skipped. */
typedef void (*skip_fn)(void *arg, const char *chunk, size_t len, bool last);

struct reader;

/* Open path ("-" is standard input).  Returns NULL with errno set. */
struct reader *reader_open(const char *path, size_t max_line);
/* Wrap an open descriptor (not closed by reader_close). */
struct reader *reader_fdopen(int fd, const char *name, size_t max_line);
void reader_close(struct reader *r);

void reader_set_idle(struct reader *r, idle_fn fn, void *arg);
void reader_set_skip(struct reader *r, skip_fn fn, void *arg);

enum read_status reader_next(struct reader *r, struct line *line);

/*
 * For reading several inputs at once: reader_next() returns READ_AGAIN
 * instead of waiting when no complete line is at hand and no input is
 * ready (a line too long to hold is still skipped to its end).
 */
void reader_set_nonblock(struct reader *r);
/*
 * Wait until one of rs[0..n) has input (or its end) or a stop is
 * requested, calling idle (with arg) each time all are silent, as the
 * reader's idle hook is called.  Returns 0, or -1 on a stop.
 */
int reader_wait_any(struct reader **rs, size_t n, idle_fn idle, void *arg);

/* True when s[0..len) holds only ' ', '\t' and '\r' (or nothing): no record. */
bool line_blank(const char *s, size_t len);

/* The descriptor read (for the progress line's position in a regular file). */
int reader_fd(const struct reader *r);
/*
 * For a resumable run (--state): start numbering lines after lineno, and
 * at the end leave a last line without its '\n' unread, for the next run.
 */
void reader_hold_tail(struct reader *r, unsigned long lineno);
/* Bytes read and handed over (lines with their '\n', lines skipped) since the start. */
unsigned long long reader_consumed(const struct reader *r);
/* The number of the last line handed over. */
unsigned long reader_lineno(const struct reader *r);

/* The name given at open: the path, or "-" for standard input. */
const char *reader_name(const struct reader *r);

/* Make every reader return READ_STOP as soon as it can (async-signal-safe). */
void reader_stop(void);
bool reader_stopped(void);

#endif
