/*
 * progress.c: the progress line of --progress.  It is drawn with "\r"
 * and erased with "\r\e[K", cut to the terminal's width so that it never
 * wraps, and erased before any message (util.c's hook), so that messages
 * start on a clean line.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duration.h"
#include "progress.h"
#include "timestamp.h"
#include "util.h"

#define FRAME_NS (250 * 1000 * 1000LL) /* at most four lines a second; the first after that */

bool progress_active;
static const char *who;
static long long total = -1; /* bytes of all inputs; -1: unknown */
static long long before;     /* bytes of the inputs done */
static int cur_fd = -1;
static long long cur_start, cur_size;
static int64_t started, last;
static bool shown;
static progress_bytes_fn bytes_fn;

static long long
regular_size(int fd)
{
	struct stat sb;

	return fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? (long long)sb.st_size : -1;
}

static void
decide(const char *name, enum progress_mode mode)
{
	who = name;
	if (mode == PROGRESS_OFF || !isatty(STDERR_FILENO))
		return;
	if (mode == PROGRESS_AUTO && (isatty(STDOUT_FILENO) || total <= PROGRESS_AUTO_BYTES))
		return;
	progress_active = true;
	warn_hook = progress_end;
	started = last = monotonic_ns();
}

void
progress_begin(const char *name, enum progress_mode mode, int argc, char **argv)
{
	total = argc > 0 ? 0 : -1;
	for (int i = 0; i < argc && total >= 0; i++) {
		struct stat sb;
		int ok = !strcmp(argv[i], "-") ? fstat(STDIN_FILENO, &sb) : stat(argv[i], &sb);

		if (ok == 0 && S_ISREG(sb.st_mode))
			total += (long long)sb.st_size;
		else
			total = -1;
	}
	decide(name, mode);
}

void
progress_begin_bytes(const char *name, enum progress_mode mode, progress_bytes_fn bytes)
{
	long long done;

	bytes_fn = bytes;
	if (!bytes(&done, &total))
		total = -1;
	decide(name, mode);
}

void
progress_input(int fd)
{
	cur_fd = fd;
	cur_size = regular_size(fd);
	cur_start = cur_size >= 0 ? (long long)lseek(fd, 0, SEEK_CUR) : 0;
	if (cur_start < 0)
		cur_start = 0;
}

void
progress_input_done(void)
{
	if (cur_size > cur_start)
		before += cur_size - cur_start;
	cur_fd = -1;
}

/* A count for people: 987, 12.3k, 4.56M. */
static void
human(char *buf, size_t n, double v)
{
	if (v < 10000)
		snprintf(buf, n, "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, n, "%.1fk", v / 1e3);
	else
		snprintf(buf, n, "%.2fM", v / 1e6);
}

void
progress_due(unsigned long long records)
{
	int64_t now = monotonic_ns();
	double secs = (double)(now - started) / 1e9;
	char line[256], count[32], rate[32], tail[96] = "";
	struct winsize ws;
	long long done = 0;
	size_t len;

	if (!progress_active || now - last < FRAME_NS)
		return;
	last = now;
	human(count, sizeof(count), (double)records);
	human(rate, sizeof(rate), secs > 0 ? (double)records / secs : 0);
	if (bytes_fn && !bytes_fn(&done, &total))
		total = -1;
	else if (!bytes_fn) {
		long long pos;

		done = before;
		if (cur_fd >= 0 && cur_size >= 0 &&
		    (pos = (long long)lseek(cur_fd, 0, SEEK_CUR)) >= 0)
			done += pos - cur_start;
	}
	if (total > 0) {
		if (done > total)
			done = total;
		if (done > 0) {
			char left[DURATION_LEN];
			double rest = secs * (double)(total - done) / (double)done;

			duration_format((int64_t)(rest * 1e9) / 1000000000 * 1000000000, left);
			snprintf(tail, sizeof(tail), ", %d%% read, %s left",
			         (int)(100 * done / total), left);
		}
	}
	len = (size_t)snprintf(line + 1, sizeof(line) - 1, "%s: %s records, %s/s%s", who, count,
	                       rate, tail);
	if (len > sizeof(line) - 8)
		len = sizeof(line) - 8;
	/* Never wider than the terminal: a wrapped line could not be drawn over. */
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 && len > ws.ws_col - 1u)
		len = ws.ws_col - 1u;
	line[0] = '\r';
	memcpy(line + 1 + len, "\033[K", 3);
	(void)write_all(STDERR_FILENO, line, len + 4);
	shown = true;
}

void
progress_end(void)
{
	if (shown)
		(void)write_all(STDERR_FILENO, "\r\033[K", 4);
	shown = false;
}
