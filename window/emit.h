/*
 * emit.h: writing windows (results, or partial states with --partial)
 * and letting them go, in output order.
 */
#ifndef SENTIO_WINDOW_EMIT_H
#define SENTIO_WINDOW_EMIT_H

#include "window.h"

/* Write s and let it go; its key too when nothing holds it any more. */
void emit_close(struct win *w, struct wstate *s, enum how how);
/* Write every window the watermark has passed, in order. */
void emit_passed(struct win *w);
/* --revise: write a window held by revise.h again (s->revision is set). */
void emit_revision(struct win *w, struct wstate *s);
/* --emit updates: every open window that changed, with "final":false. */
void emit_updates(struct win *w);
/* --max-keys: the least recently used key goes, its windows written as they are. */
void emit_evict(struct win *w);

#endif
