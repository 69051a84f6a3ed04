/*
 * fuzz_reader: lib/reader.h over a memfd.  The first byte picks max_line;
 * the rest is the input.  Every byte must come back, either in a line or
 * in the chunks of a line too long, so the lines, each followed by '\n',
 * give the input again (with a final newline added when it had none).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "reader.h"

struct out {
	char *p;
	size_t len, cap;
	size_t skipped; /* bytes of the current too-long line */
	int lastseen;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->p = realloc(o->p, o->cap);
		if (!o->p)
			abort();
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
on_skip(void *arg, const char *chunk, size_t len, bool last)
{
	struct out *o = arg;

	put(o, chunk, len);
	o->skipped += len;
	if (last)
		o->lastseen++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t limits[] = {0, 1, 2, 3, 7, 16, 64, 1000, 65535, 65536, 1 << 20};
	size_t max_line;
	int fd;

	if (size < 1)
		return 0;
	max_line = limits[data[0] % (sizeof limits / sizeof limits[0])];
	data++, size--;
	fd = memfd_create("fuzz", 0);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	lseek(fd, 0, SEEK_SET);

	struct reader *r = reader_fdopen(fd, "fuzz", max_line);
	struct out o = {0};
	struct line line;
	enum read_status st;
	unsigned long n = 0;

	reader_set_skip(r, on_skip, &o);
	while ((st = reader_next(r, &line)) == READ_LINE || st == READ_TOOLONG) {
		n++;
		if (line.lineno != n)
			abort();
		if (st == READ_LINE) {
			if (line.len > max_line || line.text[line.len] != '\0' ||
			    memchr(line.text, '\n', line.len))
				abort();
			put(&o, line.text, line.len);
		} else {
			if (line.len <= max_line || line.len != o.skipped || o.lastseen != 1)
				abort();
		}
		o.skipped = 0;
		o.lastseen = 0;
		put(&o, "\n", 1);
	}
	if (st != READ_EOF)
		abort();
	/* The lines, each with its newline, are the input (with a final newline). */
	size_t want = size && data[size - 1] != '\n' ? size + 1 : size;
	if (o.len != want || (size && memcmp(o.p, data, size)))
		abort();
	reader_close(r);
	close(fd);
	free(o.p);
	return 0;
}
