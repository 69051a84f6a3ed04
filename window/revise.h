/*
 * revise.h: --revise D.  A window written stays held while its end is
 * within D of the watermark; a late record less than D behind the
 * watermark is added to it (or to a window of its own, when none was
 * held), and the window is written again with "revision":N.  With
 * --partial, a revision carries only what was added since the last
 * write, for --merge to add up.
 */
#ifndef SENTIO_WINDOW_REVISE_H
#define SENTIO_WINDOW_REVISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct win;
struct wkey;
struct wstate;
struct kept;

struct revise {
	int64_t span; /* D; 0: no --revise */
	struct kept **buckets;
	size_t nbuckets, n;
	struct kept *head, *tail; /* by end, earliest first */
	struct kept *touched;     /* changed by the record being taken */
	unsigned long long revisions;
};

/* Whether a record late at time t may still revise its windows. */
bool revise_takes(const struct win *w, int64_t t);
/* A window was written final: hold its state (taken over from s). */
void revise_keep(struct win *w, struct wstate *s);
/* The held window of k that starts at start (a new one when none is held). */
struct wstate *revise_window(struct win *w, struct wkey *k, int64_t start, int64_t end);
/* Write again every window changed since the last call. */
void revise_flush(struct win *w);
/* Let go of the windows the watermark has left more than D behind. */
void revise_expire(struct win *w);

#endif
