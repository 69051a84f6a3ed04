/*
 * sentio-passthrough: the smallest stage there is, for testing lib/ on its
 * own: it writes each record back unchanged, drops those that have the
 * field named by --drop (counted as filtered), and rejects those that have
 * the field named by --reject.  --slow MS sleeps before each record.
 */
#include <time.h>

#include "jsonpath.h"
#include "stage.h"

static struct jsonpath drop, reject;
static long slow_ms;

static enum verdict
pass(struct stage *st, struct record *rec)
{
	if (slow_ms) {
		struct timespec ts = {slow_ms / 1000, slow_ms % 1000 * 1000000};
		nanosleep(&ts, NULL);
	}
	if (reject.nkeys && jsonpath_get(rec->obj, &reject))
		return stage_reject(st, rec, "has the field %s", reject.text);
	if (drop.nkeys && jsonpath_get(rec->obj, &drop))
		return VERDICT_FILTERED;
	out_write(rec->raw, rec->len);
	out_putc('\n');
	return VERDICT_OUT;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    STAGE_LONGOPTS,
	    {"drop", required_argument, NULL, 'd'},
	    {"reject", required_argument, NULL, 'r'},
	    {"slow", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	struct stage st = {0};
	int c;

	stage_init(&st, "sentio-passthrough");
	st.usage = "[--drop PATH] [--reject PATH] [--slow MS] [file ...]";
	st.help = "  -d, --drop PATH       filter out records that have PATH\n"
	          "  -r, --reject PATH     reject records that have PATH\n"
	          "  -s, --slow MS         sleep MS milliseconds before each record\n" STAGE_HELP;
	st.record = pass;
	while ((c = getopt_long(argc, argv, STAGE_SHORTOPTS "d:r:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (jsonpath_compile(&drop, optarg))
				stage_bad_option(&st, "--drop", "not a field path: %s", optarg);
			break;
		case 'r':
			if (jsonpath_compile(&reject, optarg))
				stage_bad_option(&st, "--reject", "not a field path: %s", optarg);
			break;
		case 's':
			slow_ms = (long)opt_count("--slow", optarg, 0, 60000);
			break;
		default:
			if (!stage_option(&st, c, optarg))
				stage_usage(&st, 2);
		}
	}
	return stage_run(&st, argc - optind, argv + optind);
}
