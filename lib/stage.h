/*
 * stage.h: what every sentio stage shares: the common options, the input
 * loop over files, the record contract (one JSON object a line), rejects,
 * statistics, the flush policy and clean ends on SIGINT, SIGTERM and SIGHUP.
 *
 * A stage fills a struct stage, parses its own options with getopt_long
 * (passing what it does not know to stage_option()), then calls
 * stage_run() with the remaining arguments.  See score/score.c.
 */
#ifndef SENTIO_STAGE_H
#define SENTIO_STAGE_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "opt.h"
#include "output.h"
#include "progress.h"
#include "reader.h"
#include "util.h"

enum verdict {
	VERDICT_OUT,      /* the stage wrote the record (or what it became) */
	VERDICT_FILTERED, /* dropped on purpose: counted as filtered */
	VERDICT_REJECTED  /* bad input: return stage_reject(), which reports and counts it */
};

struct record {
	const char *raw; /* the line as parsed (after UTF-8 repair, when the stage asks for it) */
	size_t len;
	const char *line; /* the line exactly as read: what the rejects file keeps */
	size_t line_len;
	json_t *obj; /* the parsed object (NULL for raw_lines stages); the driver frees it */
	const char *input;
	unsigned long lineno;
};

struct stage;
typedef enum verdict (*record_fn)(struct stage *st, struct record *rec);

struct stage {
	/* Set by the stage. */
	const char *name;  /* "sentio-score" */
	const char *usage; /* synopsis after the name: "[options] [file ...]" */
	const char *help;  /* option list printed by --help after the usage line */
	record_fn record;
	void (*finish)(struct stage *st); /* end of input or a signal: write what is held */
	int (*idle)(struct stage *st); /* optional, after the idle flush: ms to wait, -1 for ever */
	void (*stats_extra)(struct stage *st,
	                    json_t *stats); /* optional: more fields for --stats */
	bool repair_utf8; /* replace invalid UTF-8 (and lone surrogate escapes) by U+FFFD, not
	                     reject */
	bool raw_lines;   /* do not parse: hand each line over as text (rec->obj is NULL) */
	bool together;    /* read the files at once, each line as it comes (live inputs) */
	void *data;       /* the stage's own state */
	/*
	 * Optional, for --state: what the stage holds between runs (window's open
	 * windows), restored before the input is read (saved is NULL on a first
	 * run) and saved at the checkpoint after it.  A stage that holds nothing
	 * across records needs neither.
	 */
	void (*state_load)(struct stage *st, const json_t *saved);
	json_t *(*state_save)(struct stage *st);

	/* Common options, set by stage_option(). */
	size_t max_line;
	const char *rejects_path;
	bool stats;
	bool strict;
	enum progress_mode progress;

	/* Inputs not heard from yet: not at their first line nor their end (nor opened). */
	size_t inputs_waiting;
	const char *state_path;  /* --state FILE (STAGE_FILE_LONGOPTS) */
	const char *output_path; /* --output FILE */

	/* Accounting: in = out + rejected + filtered. */
	unsigned long long in, out, rejected, filtered;
	unsigned long long utf8_repaired; /* records whose text had invalid UTF-8 repaired */
	int status;                       /* exit status so far */
};

enum {
	OPT_MAX_LINE = 0x1000,
	OPT_REJECTS,
	OPT_STATS,
	OPT_STRICT,
	OPT_EPOCH_UNIT,
	OPT_TZ,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_STAGE_STATE,
	OPT_STAGE_OUTPUT,
	OPT_STAGE = 0x1100 /* a stage numbers its own long-only options from here */
};

#define STAGE_SHORTOPTS "hV"
#define STAGE_LONGOPTS                                                                             \
	{"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'},                     \
	    {"max-line", required_argument, NULL, OPT_MAX_LINE},                                   \
	    {"rejects", required_argument, NULL, OPT_REJECTS},                                     \
	    {"stats", no_argument, NULL, OPT_STATS},                                               \
	    {"progress", no_argument, NULL, OPT_PROGRESS},                                         \
	    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},                                   \
	{                                                                                          \
		"strict", no_argument, NULL, OPT_STRICT                                            \
	}

/*
 * The common options of the stages that read times (collect, window, plot):
 * --epoch-unit, for lib/timestamp's epoch numbers, and --tz, the zone of
 * lib/tz.h (zone-less times, and what each stage shows in local time).
 * First in their longopts,
 * after STAGE_LONGOPTS; STAGE_TIME_HELP before STAGE_HELP.
 */
#define STAGE_TIME_LONGOPTS                                                                        \
	{"epoch-unit", required_argument, NULL, OPT_EPOCH_UNIT},                                   \
	{                                                                                          \
		"tz", required_argument, NULL, OPT_TZ                                              \
	}
#define STAGE_TIME_HELP                                                                            \
	"      --epoch-unit U    epoch numbers are in U: s, ms, us or ns (default auto:\n"         \
	"                        by magnitude, see sentio(7))\n"                                   \
	"      --tz ZONE         the time zone of times without an offset (and of windows\n"       \
	"                        and labels), an IANA name: Europe/Paris (default UTC)\n"

/*
 * The options of the stages that resume from cron (clean, score, window):
 * --state FILE and --output FILE (see checkpoint.h and sentio(7)).  After
 * STAGE_LONGOPTS; STAGE_FILE_HELP before STAGE_HELP.
 */
#define STAGE_FILE_LONGOPTS                                                                        \
	{"state", required_argument, NULL, OPT_STAGE_STATE},                                       \
	{                                                                                          \
		"output", required_argument, NULL, OPT_STAGE_OUTPUT                                \
	}
#define STAGE_FILE_HELP                                                                            \
	"      --output FILE     append the output to FILE instead of standard output\n"           \
	"      --state FILE      resume: read only what was appended to the files since\n"         \
	"                        the run that left FILE, write each record once\n"

/* The common options' lines for --help, to end a stage's help text. */
#define STAGE_HELP                                                                                 \
	"      --max-line SIZE   reject lines longer than SIZE bytes (default 1M)\n"               \
	"      --rejects FILE    append each rejected input to FILE as JSON\n"                     \
	"      --stats           print counts and rate as JSON on stderr at exit\n"                \
	"      --progress        show records/s, share read and time left on stderr (a\n"          \
	"                        terminal only; default: for input files over 8 MB)\n"             \
	"      --no-progress     never show it\n"                                                  \
	"      --strict          stop with status 1 at the first rejected input\n"                 \
	"  -h, --help            print this help and exit\n"                                       \
	"  -V, --version         print the version and exit\n"

/*
 * Call first: opens /dev/null on a closed descriptor 0, 1 or 2 (so that no
 * pipe or socket takes its place), clears st, sets argv0, the defaults and
 * the handlers of SIGINT, SIGTERM and SIGHUP.  Each ends the stage the
 * Unix way: the input stops (reader_stop()), st->finish writes what is
 * held, and at exit the stage ends by that signal (status 128 + its
 * number in the shell), whatever path it exits by.  The same signal again
 * ends it at once.
 */
void stage_init(struct stage *st, const char *name);

/* The signal that is ending the run (SIGINT, SIGTERM or SIGHUP), or 0. */
int stage_signal(void);

/* Handle a common option (or -h, -V, '?'); returns false when c is not one. */
bool stage_option(struct stage *st, int c, const char *arg);

/* Print the usage line (and with status 0 the help, on stdout) and exit. */
_Noreturn void stage_usage(const struct stage *st, int status);

/*
 * An option that is wrong for a reason of its own ("--slide: longer than
 * --size"): "name: --opt: message", made printable, exit 2.  For an
 * argument that is not a count, number, duration, size, path or choice,
 * use the helpers of opt.h, which name the argument in one shape.
 */
_Noreturn void stage_bad_option(const struct stage *st, const char *opt, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Read each file in argv (none, or "-": standard input) line by line,
 * hand each record to st->record, then call st->finish, print the
 * statistics and close the output.  Returns the exit status.  With
 * st->together the files are read at once (pipes from live processes),
 * each line handed over as it comes; else one after the other.
 */
int stage_run(struct stage *st, int argc, char **argv);

/*
 * Report rec as rejected for the reason given: a message on stderr (the
 * first ten; a summary at exit), a line in the rejects file, and with
 * --strict the end of the run.  Counts it.  Returns VERDICT_REJECTED.
 */
enum verdict stage_reject(struct stage *st, const struct record *rec, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Parse rec->raw as the frame does for every stage that is not raw_lines:
 * with st->repair_utf8, ill-formed UTF-8 and lone surrogate escapes become
 * U+FFFD first (rec->raw and rec->len then point to the repaired line,
 * valid until the next call); the object must be strict JSON (no raw NUL
 * byte: see json_loadb_strict()), an object, without duplicate keys.
 * Returns it (yours to free), or NULL when the line was rejected
 * (reported and counted).  For raw_lines stages that parse only when they
 * must.
 */
json_t *stage_parse(struct stage *st, struct record *rec);

/* The same for input that is not a line of a file (an event, a request). */
void stage_reject_input(struct stage *st, const char *input, unsigned long lineno, const char *raw,
                        size_t len, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * An input too long to hold, rejected as it streams past: begin, then its
 * bytes in pieces, then end with its full length, which reports and
 * counts it.  The rejects file gets every byte, as raw_base64.
 */
struct reject_stream {
	struct stage *st;
	const char *input;
	unsigned long lineno;
	const char *error; /* the reason, set after begin (NULL: a line over --max-line) */
	bool started;
	unsigned char carry[3];
	size_t ncarry;
};
void stage_reject_begin(struct stage *st, struct reject_stream *rs, const char *input,
                        unsigned long lineno);
void stage_reject_bytes(struct reject_stream *rs, const char *p, size_t n);
void stage_reject_end(struct reject_stream *rs, size_t len);

/*
 * Write out what is buffered: the output, then the rejects file, so that
 * a reject is as visible as the records around it (the input went idle).
 */
void stage_flush(struct stage *st);

/* Open the rejects file and the statistics clock without stage_run() (for collect). */
void stage_begin(struct stage *st);
/* Print statistics, close rejects and output; returns the exit status. */
int stage_end(struct stage *st);

/* A size such as "1M", "64k", "1048576". Returns 0 or -1. */
int size_parse(const char *s, size_t *size);

#endif
