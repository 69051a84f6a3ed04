/*
 * output.h: the record writer on standard output.  Block-buffered; the
 * stage flushes it when its input goes idle.  Every write error is fatal
 * (status 1, with a message), except a reader gone away downstream
 * (EPIPE), which ends the stage quietly with status 0.  When the buffer
 * fills, only whole lines (records) go out: a record is never written in
 * two write() calls, except by an explicit out_flush() in its middle.
 */
#ifndef SENTIO_OUTPUT_H
#define SENTIO_OUTPUT_H

#include <jansson.h>
#include <stddef.h>

void out_write(const void *buf, size_t len);
void out_puts(const char *s);
void out_putc(int c);
/* Write obj compactly (json_dumpb flags JSON_COMPACT), then a newline. */
void out_record(const json_t *obj);
void out_flush(void);
/* Called at exit by stage_finish(): flush, then close standard output and check. */
void out_close(void);

/*
 * JSON text for a value into buf (compact), for stages that splice their
 * output into the raw input line.  Returns the length; grows *buf.
 */
size_t json_dump_to(const json_t *v, char **buf, size_t *cap, size_t flags);

#endif
