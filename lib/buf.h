/* buf.h: a growing byte buffer, reused from record to record. */
#ifndef SENTIO_BUF_H
#define SENTIO_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len, cap;
};

/* Make room for more bytes and a terminating NUL. */
void buf_reserve(struct buf *b, size_t more);
void buf_free(struct buf *b);

/* Inline: the tokenizers and the JSON writer add a byte at a time. */
static inline void
buf_add(struct buf *b, const void *s, size_t len)
{
	if (!len)
		return;
	if (b->len + len >= b->cap)
		buf_reserve(b, len);
	memcpy(b->p + b->len, s, len);
	b->len += len;
}

static inline void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		buf_reserve(b, 1);
	b->p[b->len++] = c;
}

#endif
