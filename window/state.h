/*
 * state.h: what sentio-window holds between two runs with --state (as
 * the "held" member of the state file, see lib/checkpoint.h): the
 * watermark, the open windows with their exact partial sums, the keys in
 * least-recently-used order (--max-keys) with their --alert baselines and
 * the ends of their last sessions.  A run that restores it goes on as one
 * run over all the input would have.
 */
#ifndef SENTIO_WINDOW_STATE_H
#define SENTIO_WINDOW_STATE_H

#include <jansson.h>

#include "stage.h"
#include "window.h"

/* What w holds, as JSON (a new reference). */
json_t *win_state_save(struct win *w);
/* Restore it into w (empty, its options set).  Returns 0, or -1 with a reason in *why. */
int win_state_load(struct win *w, const json_t *j, const char **why);

/*
 * --state: have st restore and save what w holds (st->data), and keep the
 * --late file with the output.
 */
void win_state_hooks(struct stage *st);

#endif
