/*
 * merge.h: --merge reads the partial states that --partial writes and
 * adds them up, window by window and key by key.
 *
 * Live shards (--partial --live) also write their watermark:
 *
 *	{"partial":1,"shard":"host1:4242","watermark":1795500000000000000}
 *
 * once when they start (with null: nothing seen yet), when it passes a
 * window boundary, when their input goes idle, and at their end (with
 * "end":true).  A shard writes it after the partial states it covers, so
 * --merge writes a window as soon as every shard it has heard from has
 * passed its end, and holds only the windows still open somewhere.
 */
#ifndef SENTIO_WINDOW_MERGE_H
#define SENTIO_WINDOW_MERGE_H

#include <jansson.h>

#include "stage.h"
#include "window.h"

/* A partial record: check that it is of the same window as the others, then add it in. */
enum verdict merge_record(struct stage *st, struct win *w, const struct record *rec,
                          const json_t *obj);

/*
 * --partial --live: write the shard's watermark record when the shard
 * starts (start), when it passed a window boundary since the last one, or
 * at all when it moved (idle).  Returns whether it wrote one.
 */
bool merge_watermark(struct win *w, bool start, bool idle);
/* --partial --live: the shard's last record, at its end. */
void merge_shard_end(struct win *w);

#endif
