/* spool.c: an input too long to hold, kept in a temporary file until it is rejected whole. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "spool.h"

void
spool_begin(struct spool *sp, struct stage *st, const char *input, unsigned long lineno)
{
	*sp = (struct spool){.on = true};
	stage_reject_begin(st, &sp->rs, input, lineno);
	if (!st->rejects_path)
		return;
	if (!(sp->f = tmpfile()))
		weprintf("%s: temporary file for an input too long:", input);
}

void
spool_bytes(struct spool *sp, const char *p, size_t n)
{
	sp->len += n;
	if (!sp->rs.st->rejects_path || !n || sp->failed)
		return;
	if (!sp->f)
		stage_reject_bytes(&sp->rs, p, n);
	else if (fwrite(p, 1, n, sp->f) != n) {
		weprintf("%s:%lu: temporary file for an input too long: write error: its bytes are "
		         "not kept",
		         sp->rs.input, sp->rs.lineno);
		sp->failed = true;
	}
}

void
spool_end(struct spool *sp, const char *fmt, ...)
{
	va_list ap;

	if (!sp->on)
		return;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(sp->error, sizeof(sp->error), fmt, ap);
		va_end(ap);
		sp->rs.error = sp->error; /* in its head unless that went out already (no spool) */
	}
	if (sp->f) {
		char chunk[64 * 1024];
		size_t n;

		if (!sp->failed) {
			rewind(sp->f);
			while ((n = fread(chunk, 1, sizeof(chunk), sp->f)) > 0)
				stage_reject_bytes(&sp->rs, chunk, n);
			if (ferror(sp->f))
				weprintf("%s:%lu: temporary file for an input too long: read error",
				         sp->rs.input, sp->rs.lineno);
		}
		fclose(sp->f);
	}
	stage_reject_end(&sp->rs, sp->len);
	sp->on = false;
	sp->f = NULL;
}

bool
spool_drop(struct spool *sp)
{
	if (!sp->on)
		return false;
	if (!sp->f && sp->rs.started) {
		spool_end(sp, NULL);
		return true;
	}
	if (sp->f)
		fclose(sp->f);
	*sp = (struct spool){0};
	return false;
}
