/*
 * assign.h: the windows a record falls in: the fixed windows (tumbling
 * or hopping) that hold its time, or its key's session, stretched and
 * joined with the sessions it touches.
 */
#ifndef SENTIO_WINDOW_ASSIGN_H
#define SENTIO_WINDOW_ASSIGN_H

#include "window.h"

/* Whether a record at time t under the w->vals keys (nkeys of them) is too late. */
bool assign_late(struct win *w, int64_t t, size_t nkeys);
/* Add value x at time t to every window of k it falls in. */
void assign_add(struct win *w, struct wkey *k, int64_t t, double x);
/* The end of the fixed window that starts at start (--tz: on the zone's clock). */
int64_t assign_end(const struct win *w, int64_t start);
/* Count a record that was not scored (another language) in the windows of k that hold t. */
void assign_add_unscored(struct win *w, struct wkey *k, int64_t t);
/* The fixed window of k that starts at start, opened when new. */
struct wstate *assign_fixed(struct win *w, struct wkey *k, int64_t start);
/*
 * The session of k covering [start, end): sessions of k that overlap it
 * are merged into one, which is stretched to cover it (or a new one).
 */
struct wstate *assign_session(struct win *w, struct wkey *k, int64_t start, int64_t end);
/*
 * Whether adding a (of the window [start, end) of k) to what k holds there
 * keeps every histogram bin within 32 bits: the fixed window that starts
 * at start, or every session that [start, end) touches.
 */
bool assign_fits(struct win *w, struct wkey *k, int64_t start, int64_t end, const struct agg *a);

#endif
