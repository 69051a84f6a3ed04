/*
 * textblob-parity.c: check textblob_score() against the reference outputs
 * in ../shared/oracle, and score texts by hand.  A developer tool that
 * tests/score-textblob.bats drives, built by tests/tools.mk as
 * $(BUILD)/tests/tools/textblob-parity with score's textblob.o.
 *
 *   textblob-parity [-t tol] [-r rate] [-l max] [-n rounds] file.ndjson ...
 *   textblob-parity -e text ...
 *
 * The first form reports, per file, how many texts give the reference's
 * "textblob" polarity and subjectivity within tol (default 1e-6), lists
 * up to max mismatches (default 20), prints texts/s of the scoring alone
 * (over rounds passes, default 1) and exits 1 when a file matches less
 * than rate (default 0.999).  The second prints "polarity subjectivity"
 * of each text with 17 significant digits.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "textblob.h"
#include "util.h"

struct text {
	char *s;
	size_t len;
	double polarity, subjectivity;
	unsigned long n;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
print_text(const char *s, size_t len)
{
	/* Control characters stay out of the terminal. */
	for (size_t i = 0; i < len && i < 160; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	if (len > 160)
		fputs("...", stdout);
}

static struct text *
load(const char *path, size_t *count)
{
	FILE *f = fopen(path, "r");
	struct text *v = NULL;
	size_t n = 0, cap = 0, linecap = 0;
	char *line = NULL;
	ssize_t got;
	unsigned long lineno = 0;

	if (!f)
		eprintf("open %s:", path);
	while ((got = getline(&line, &linecap, f)) > 0) {
		json_error_t err;
		json_t *o = json_loadb(line, (size_t)got, 0, &err), *t, *tb;

		lineno++;
		if (!o)
			eprintf("%s:%lu: %s", path, lineno, err.text);
		t = json_object_get(o, "text");
		tb = json_object_get(o, "textblob");
		if (!json_is_string(t) || !json_is_object(tb))
			eprintf("%s:%lu: no text or no textblob", path, lineno);
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n].len = json_string_length(t);
		v[n].s = xmalloc(v[n].len + 1);
		memcpy(v[n].s, json_string_value(t), v[n].len + 1);
		v[n].polarity = json_number_value(json_object_get(tb, "polarity"));
		v[n].subjectivity = json_number_value(json_object_get(tb, "subjectivity"));
		v[n].n = lineno;
		n++;
		json_decref(o);
	}
	free(line);
	fclose(f);
	*count = n;
	return v;
}

int
main(int argc, char *argv[])
{
	double tol = 1e-6, rate = 0.999, total_time = 0;
	unsigned long maxlist = 20, rounds = 1, total_texts = 0;
	int c, status = 0;
	int texts = 0;

	argv0 = "textblob-parity";
	while ((c = getopt(argc, argv, "et:r:l:n:")) != -1) {
		switch (c) {
		case 'e':
			texts = 1;
			break;
		case 't':
			tol = strtod(optarg, NULL);
			break;
		case 'r':
			rate = strtod(optarg, NULL);
			break;
		case 'l':
			maxlist = strtoul(optarg, NULL, 10);
			break;
		case 'n':
			rounds = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr,
			        "usage: textblob-parity [-t tol] [-r rate] [-l max] [-n rounds] "
			        "file ...\n       textblob-parity -e text ...\n");
			return 2;
		}
	}
	if (texts) {
		struct textblob_result r;

		for (int a = optind; a < argc; a++) {
			textblob_score(argv[a], strlen(argv[a]), &r);
			printf("%.17g %.17g\n", r.polarity, r.subjectivity);
		}
		return 0;
	}
	for (int a = optind; a < argc; a++) {
		size_t n, good = 0, listed = 0;
		struct text *v = load(argv[a], &n);
		const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		double t0, dt;

		for (size_t k = 0; k < n; k++) {
			struct textblob_result r;

			textblob_score(v[k].s, v[k].len, &r);
			if (fabs(r.polarity - v[k].polarity) <= tol &&
			    fabs(r.subjectivity - v[k].subjectivity) <= tol) {
				good++;
			} else if (listed++ < maxlist) {
				printf("mismatch %s:%lu: want %.17g %.17g got %.17g %.17g: ", name,
				       v[k].n, v[k].polarity, v[k].subjectivity, r.polarity,
				       r.subjectivity);
				print_text(v[k].s, v[k].len);
				putchar('\n');
			}
		}
		t0 = now();
		for (unsigned long round = 0; round < rounds; round++) {
			for (size_t k = 0; k < n; k++) {
				struct textblob_result r;

				textblob_score(v[k].s, v[k].len, &r);
			}
		}
		dt = now() - t0;
		total_time += dt;
		total_texts += n * rounds;
		printf("%s: %zu texts, %zu within %g (%.4f%%), %.0f texts/s\n", name, n, good, tol,
		       n ? 100.0 * (double)good / (double)n : 100.0,
		       dt > 0 ? (double)(n * rounds) / dt : 0.0);
		if (n && (double)good / (double)n < rate)
			status = 1;
		for (size_t k = 0; k < n; k++)
			free(v[k].s);
		free(v);
	}
	if (total_time > 0)
		printf("all: %.0f texts/s\n", (double)total_texts / total_time);
	return status;
}
