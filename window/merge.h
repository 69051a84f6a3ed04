/*
 * merge.h: --merge reads the partial states that --partial writes and
 * adds them up, window by window and key by key.
 */
#ifndef SENTIO_WINDOW_MERGE_H
#define SENTIO_WINDOW_MERGE_H

#include <jansson.h>

#include "stage.h"
#include "window.h"

/* A partial record: check that it is of the same window as the others, then add it in. */
enum verdict merge_record(struct stage *st, struct win *w, const struct record *rec,
                          const json_t *obj);

#endif
