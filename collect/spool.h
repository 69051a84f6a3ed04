/*
 * spool.h: an input too long to hold (a line, a server-sent event),
 * rejected as it streams past.  Other sources may write rejects while it
 * does, so its bytes wait in a temporary file, not in memory, and go to
 * the rejects file whole, as raw_base64, when it ends.
 */
#ifndef SENTIO_COLLECT_SPOOL_H
#define SENTIO_COLLECT_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "stage.h"

struct spool {
	bool on;    /* begun, not ended */
	size_t len; /* its bytes so far */
	FILE *f;    /* NULL: straight into the rejects file (no temporary file), or none */
	bool failed;
	struct reject_stream rs;
	char error[256];
};

void spool_begin(struct spool *sp, struct stage *st, const char *input, unsigned long lineno);
void spool_bytes(struct spool *sp, const char *p, size_t n);
/*
 * It ended: reject it for the reason given (NULL: a line over --max-line),
 * its bytes into the rejects file.  Counted as rejected, not as in.
 */
void spool_end(struct spool *sp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Forget it, unreported (it comes again in the next run), unless its first
 * bytes went straight into the rejects file (no temporary file): then it
 * ends as spool_end(sp, NULL) and true is returned.
 */
bool spool_drop(struct spool *sp);

#endif
