/* buf.h: a growing byte buffer, reused from record to record. */
#ifndef SENTIO_BUF_H
#define SENTIO_BUF_H

#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
};

/* Make room for more bytes and a terminating NUL. */
void buf_reserve(struct buf *b, size_t more);
void buf_add(struct buf *b, const void *s, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_free(struct buf *b);

#endif
