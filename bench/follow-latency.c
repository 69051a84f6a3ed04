/*
 * follow-latency: how long a line appended to a followed file takes to
 * come out of sentio-collect -f as a record.  It runs COLLECT -f on a new
 * file in DIR, appends N lines one at a time, a few random milliseconds
 * apart (so that a poll's phase is not always the same), and times each
 * from just before its write to the record's end read from collect's
 * output.  Prints p50, p99 and max in milliseconds.
 * Usage: follow-latency COLLECT DIR [N]
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

/* Read collect's output until a whole record (a line end) has come. */
static void
read_record(int fd)
{
	char c;

	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r <= 0) {
			fprintf(stderr, "follow-latency: collect's output ended\n");
			exit(1);
		}
		if (c == '\n')
			return;
	}
}

int
main(int argc, char *argv[])
{
	char path[4096], line[64];
	int p[2], fd;
	pid_t pid;
	int n = argc > 3 ? atoi(argv[3]) : 300;
	int64_t *lat;

	if (argc < 3 || n < 1) {
		fprintf(stderr, "usage: follow-latency COLLECT DIR [N]\n");
		return 2;
	}
	lat = calloc((size_t)n, sizeof(*lat));
	snprintf(path, sizeof(path), "%s/follow-latency.log", argv[2]);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644)) < 0)
		die(path);
	if (pipe(p) < 0)
		die("pipe");
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl(argv[1], argv[1], "-f", path, (char *)NULL);
		die(argv[1]);
	}
	close(p[1]);
	srand(1);
	usleep(200000); /* collect is at the end of the empty file */
	for (int i = 0; i < n; i++) {
		int len = snprintf(line, sizeof(line), "append %d\n", i);

		usleep((useconds_t)(1000 + rand() % 10000));
		int64_t t0 = now_ns();
		if (write(fd, line, (size_t)len) != len)
			die("write");
		read_record(p[0]);
		lat[i] = now_ns() - t0;
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	unlink(path);
	qsort(lat, (size_t)n, sizeof(*lat), cmp);
	printf("%d appends: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", n, lat[n / 2] / 1e6,
	       lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] / 1e6, lat[n - 1] / 1e6);
	return 0;
}
