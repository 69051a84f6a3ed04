/*
 * output.c: buffered, checked standard output.  We keep our own buffer
 * rather than stdio's so that the flush policy is ours, every write error
 * is seen where it happens, and each write() holds whole records.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

#define OUT_CAP (64 * 1024) /* flush when this much is held */

/* Held output: out[0..outlen); cap grows past OUT_CAP only for a record longer than it. */
static char *outbuf;
static size_t outlen, outcap;

static void
write_out(const char *p, size_t n)
{
	if (write_all(STDOUT_FILENO, p, n) == 0)
		return;
	if (errno == EPIPE)
		exit(0); /* the reader went away (| head): end quietly */
	eprintf("write error:");
}

/* Write the first n bytes held, keep the rest. */
static void
flush_first(size_t n)
{
	write_out(outbuf, n);
	memmove(outbuf, outbuf + n, outlen - n);
	outlen -= n;
}

void
out_flush(void)
{
	if (outlen)
		flush_first(outlen);
}

/*
 * Records are written whole: when the buffer is full, what goes out ends
 * at the last newline held, and a record longer than the buffer grows it
 * rather than going out in pieces.  A signal, a crash or a kill between
 * two write()s then never leaves half a record behind.
 */
void
out_write(const void *buf, size_t len)
{
	if (outlen + len > outcap) {
		const char *nl = outlen ? memrchr(outbuf, '\n', outlen) : NULL;

		if (nl)
			flush_first((size_t)(nl - outbuf) + 1);
		if (outlen + len > outcap) {
			size_t cap = outcap ? outcap : OUT_CAP;

			while (cap < outlen + len)
				cap *= 2;
			outbuf = xrealloc(outbuf, cap);
			outcap = cap;
		}
	}
	memcpy(outbuf + outlen, buf, len);
	outlen += len;
}

void
out_puts(const char *s)
{
	out_write(s, strlen(s));
}

void
out_putc(int c)
{
	char ch = (char)c;

	out_write(&ch, 1);
}

static int
dump_callback(const char *buf, size_t size, void *data)
{
	(void)data;
	out_write(buf, size);
	return 0;
}

void
out_record(const json_t *obj)
{
	json_dump_callback(obj, dump_callback, NULL, JSON_COMPACT | JSON_ENCODE_ANY);
	out_putc('\n');
}

void
out_close(void)
{
	out_flush();
	if (close(STDOUT_FILENO) < 0 && errno != EBADF && errno != EINTR)
		eprintf("close standard output:");
}

struct growbuf {
	char **buf;
	size_t *cap, len;
};

static int
grow_callback(const char *src, size_t size, void *data)
{
	struct growbuf *g = data;

	if (g->len + size + 1 > *g->cap) {
		while (g->len + size + 1 > *g->cap)
			*g->cap = *g->cap ? *g->cap * 2 : 256;
		*g->buf = xrealloc(*g->buf, *g->cap);
	}
	memcpy(*g->buf + g->len, src, size);
	g->len += size;
	(*g->buf)[g->len] = '\0';
	return 0;
}

size_t
json_dump_to(const json_t *v, char **buf, size_t *cap, size_t flags)
{
	struct growbuf g = {buf, cap, 0};

	json_dump_callback(v, grow_callback, &g, flags | JSON_COMPACT | JSON_ENCODE_ANY);
	return g.len;
}
