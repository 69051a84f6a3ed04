/*
 * progress.h: one line of progress on standard error for long runs
 * (--progress): records so far, records a second, the share of the
 * input's bytes read and the time left, redrawn in place at most four
 * times a second and erased at the end.  Only ever on a terminal.
 */
#ifndef SENTIO_PROGRESS_H
#define SENTIO_PROGRESS_H

#include <stdbool.h>

enum progress_mode {
	PROGRESS_AUTO, /* on when stderr is a terminal, stdout is not, and the inputs are regular
	                  files of more than PROGRESS_AUTO_BYTES in all */
	PROGRESS_ON,   /* --progress: on whenever stderr is a terminal */
	PROGRESS_OFF   /* --no-progress */
};

#define PROGRESS_AUTO_BYTES 8000000LL

/*
 * Decide whether to show progress for the inputs argv[0..argc) ("-" is
 * standard input; none: inputs of unknown size, no share nor time left).
 */
void progress_begin(const char *name, enum progress_mode mode, int argc, char **argv);
/*
 * The same for inputs that are not read through progress_input() (collect's
 * sources): bytes() tells the bytes read and their total, or returns false
 * when these are unknown.
 */
typedef bool (*progress_bytes_fn)(long long *done, long long *total);
void progress_begin_bytes(const char *name, enum progress_mode mode, progress_bytes_fn bytes);
/* An input is being read from fd; it is done (its whole size is counted as read). */
void progress_input(int fd);
void progress_input_done(void);

extern bool progress_active;
/* Records so far: draws when a redraw is due (a clock look every 1024 records). */
void progress_due(unsigned long long records);
static inline void
progress_tick(unsigned long long records)
{
	if (progress_active && (records & 1023) == 0)
		progress_due(records);
}
/* Erase the line (at the end of the run, and before any message on stderr). */
void progress_end(void);

#endif
