/* opt_test.c: unit tests of lib/opt: values taken, and the one message shape with status 2. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "opt.h"
#include "util.h"

#include "check.h"

/* Run fn(arg) in a child: its status and what it printed on stderr. */
static int
run(void (*fn)(const char *), const char *arg, char *err, size_t n)
{
	int fd[2], status;
	pid_t pid;
	ssize_t got, total = 0;

	if (pipe(fd) < 0)
		abort();
	if ((pid = fork()) == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		fn(arg);
		_exit(0);
	}
	close(fd[1]);
	while ((got = read(fd[0], err + total, n - 1 - (size_t)total)) > 0)
		total += got;
	err[total] = '\0';
	if (total && err[total - 1] == '\n')
		err[total - 1] = '\0';
	close(fd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
count_1(const char *a)
{
	opt_count("--max-keys", a, 1, LLONG_MAX);
}
static void
count_0(const char *a)
{
	opt_count("--n", a, 0, LLONG_MAX);
}
static void
count_b(const char *a)
{
	opt_count("--width", a, 10, 1000);
}
static void
number_a(const char *a)
{
	opt_number("--pos", a, -HUGE_VAL, HUGE_VAL);
}
static void
number_b(const char *a)
{
	opt_number("--threshold", a, 0, 1);
}
static void
number_o(const char *a)
{
	opt_number_over("--alpha", a, 0, 1);
}
static void
dur(const char *a)
{
	opt_duration("--size", a);
}
static void
dur0(const char *a)
{
	opt_duration_range("--lateness", a, 0, INT64_C(86400000000000) * 2);
}
static void
size(const char *a)
{
	opt_size("--max-line", a);
}
static void
path(const char *a)
{
	opt_path("--rejects", a);
}
static void
choice(const char *a)
{
	static const char *const kinds[] = {"line", "bars", "hist", "spark", NULL};

	opt_choice("--kind", a, kinds);
}

#define BAD(fn, arg, msg)                                                                          \
	do {                                                                                       \
		char err[1024];                                                                    \
		CHECK(run(fn, arg, err, sizeof(err)) == 2);                                        \
		CHECK(!strcmp(err, msg));                                                          \
		if (strcmp(err, msg))                                                              \
			fprintf(stderr, "  got: %s\n", err);                                       \
	} while (0)

int
main(void)
{
	static const char *const kinds[] = {"line", "bars", "hist", "spark", NULL};

	argv0 = "sentio-window";
	CHECK(opt_count("--n", "5", 1, LLONG_MAX) == 5);
	CHECK(opt_count("--n", "0", 0, 3) == 0);
	CHECK(opt_count("--n", "-3", -5, 5) == -3);
	CHECK(opt_number("--x", "-0.5", -1, 1) == -0.5);
	CHECK(opt_number("--x", "1e3", -HUGE_VAL, HUGE_VAL) == 1000);
	CHECK(opt_number_over("--x", "1", 0, 1) == 1);
	CHECK(opt_duration("--x", "1m") == INT64_C(60000000000));
	CHECK(opt_duration_range("--x", "0", 0, INT64_MAX) == 0);
	CHECK(opt_size("--x", "64k") == 65536);
	CHECK(!strcmp(opt_path("--x", "f"), "f"));
	CHECK(opt_choice("--x", "hist", kinds) == 2);

	BAD(dur, "0", "sentio-window: --size: 0: not a duration over 0");
	BAD(dur, "soon", "sentio-window: --size: soon: not a duration over 0");
	BAD(dur0, "-1s", "sentio-window: --lateness: -1s: not a duration up to 2d");
	BAD(dur0, "3d", "sentio-window: --lateness: 3d: not a duration up to 2d");
	BAD(count_1, "0", "sentio-window: --max-keys: 0: not a count over 0");
	BAD(count_1, "-5", "sentio-window: --max-keys: -5: not a count over 0");
	BAD(count_1, " 5", "sentio-window: --max-keys:  5: not a count over 0");
	BAD(count_1, "99999999999999999999",
	    "sentio-window: --max-keys: 99999999999999999999: not a count over 0");
	BAD(count_0, "x", "sentio-window: --n: x: not a count");
	BAD(count_b, "3", "sentio-window: --width: 3: not a count from 10 to 1000");
	BAD(count_b, "", "sentio-window: --width: : not a count from 10 to 1000");
	BAD(number_a, "nan", "sentio-window: --pos: nan: not a number");
	BAD(number_a, "inf", "sentio-window: --pos: inf: not a number");
	BAD(number_a, "1e999", "sentio-window: --pos: 1e999: not a number");
	BAD(number_a, "1x", "sentio-window: --pos: 1x: not a number");
	BAD(number_b, "2", "sentio-window: --threshold: 2: not a number from 0 to 1");
	BAD(number_o, "0", "sentio-window: --alpha: 0: not a number over 0 up to 1");
	BAD(size, "lots", "sentio-window: --max-line: lots: not a size");
	BAD(size, "0", "sentio-window: --max-line: 0: not a size");
	BAD(path, "", "sentio-window: --rejects: an empty path");
	BAD(choice, "pie", "sentio-window: --kind: pie: not line, bars, hist or spark");
	/* The argument is shown harmless, as in every message. */
	BAD(choice, "\x1b[31m\xff", "sentio-window: --kind: ?[31m?: not line, bars, hist or spark");

	printf("opt_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
