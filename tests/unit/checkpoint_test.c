/*
 * checkpoint_test.c: unit tests of lib/checkpoint's pure parts and of the
 * reader's resumable reading: positions to and from JSON, the verdict on
 * a file found at a restart, the last line end of a file, and a reader
 * that leaves an unfinished last line and counts what it handed over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "reader.h"
#include "util.h"

#include "check.h"

static int
tmpfile_with(const char *text)
{
	char path[] = "/tmp/checkpoint_test.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write_all(fd, text, strlen(text)))
		abort();
	unlink(path);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void
test_pos_json(void)
{
	struct ckpt_pos p = {.dev = 65024, .ino = 10962689, .offset = 57, .lineno = 2}, q;
	json_t *j = ckpt_pos_to_json(&p);

	CHECK(ckpt_pos_from_json(j, &q) == 0);
	CHECK(q.dev == p.dev && q.ino == p.ino && q.offset == p.offset && q.lineno == p.lineno);
	json_decref(j);
	/* Not a position: a member missing, negative, not an integer, not an object. */
	j = json_pack("{s:I, s:I, s:I}", "dev", 1, "ino", 2, "offset", 3);
	CHECK(ckpt_pos_from_json(j, &q) < 0);
	json_decref(j);
	j = json_pack("{s:I, s:I, s:I, s:I}", "dev", 1, "ino", 2, "offset", -3, "line", 0);
	CHECK(ckpt_pos_from_json(j, &q) < 0);
	json_decref(j);
	j = json_pack("{s:I, s:I, s:s, s:I}", "dev", 1, "ino", 2, "offset", "3", "line", 0);
	CHECK(ckpt_pos_from_json(j, &q) < 0);
	json_decref(j);
	j = json_integer(3);
	CHECK(ckpt_pos_from_json(j, &q) < 0);
	json_decref(j);
}

static void
test_pos_check(void)
{
	struct ckpt_pos p = {.dev = 1, .ino = 2, .offset = 100, .lineno = 5};

	CHECK(ckpt_pos_check(&p, 1, 2, 100) == 0); /* nothing new */
	CHECK(ckpt_pos_check(&p, 1, 2, 150) == 0); /* grown */
	CHECK(ckpt_pos_check(&p, 1, 3, 150) == 1); /* rotated: another inode */
	CHECK(ckpt_pos_check(&p, 9, 2, 150) == 1); /* another device */
	CHECK(ckpt_pos_check(&p, 1, 2, 99) == 2);  /* truncated */
	CHECK(ckpt_pos_check(&p, 1, 2, 0) == 2);
}

static void
test_last_line_end(void)
{
	int fd = tmpfile_with("{\"a\":1}\n{\"b\":2}\n{\"c\"");

	CHECK(ckpt_last_line_end(fd, 20, "t") == 16);
	CHECK(ckpt_last_line_end(fd, 16, "t") == 16);
	CHECK(ckpt_last_line_end(fd, 15, "t") == 8);
	CHECK(ckpt_last_line_end(fd, 7, "t") == 0);
	CHECK(ckpt_last_line_end(fd, 0, "t") == 0);
	close(fd);

	/* A line end far back, past one chunk of reading. */
	char *big = xmalloc(200001);
	memset(big, 'x', 200000);
	big[0] = '\n';
	big[200000] = '\0';
	fd = tmpfile_with(big);
	CHECK(ckpt_last_line_end(fd, 200000, "t") == 1);
	close(fd);
	free(big);
}

static void
test_reader_hold_tail(void)
{
	int fd = tmpfile_with("one\ntwo\nthr");
	struct reader *r = reader_fdopen(fd, "t", 1024);
	struct line l;

	reader_hold_tail(r, 41);
	CHECK(reader_next(r, &l) == READ_LINE && l.lineno == 42 && !strcmp(l.text, "one"));
	CHECK(reader_consumed(r) == 4);
	CHECK(reader_next(r, &l) == READ_LINE && l.lineno == 43 && !strcmp(l.text, "two"));
	CHECK(reader_next(r, &l) == READ_EOF); /* "thr" waits */
	CHECK(reader_consumed(r) == 8);
	CHECK(reader_lineno(r) == 43);
	reader_close(r);
	close(fd);

	/* Without hold_tail the last line is a line, and counted. */
	fd = tmpfile_with("one\nthr");
	r = reader_fdopen(fd, "t", 1024);
	CHECK(reader_next(r, &l) == READ_LINE);
	CHECK(reader_next(r, &l) == READ_LINE && !strcmp(l.text, "thr"));
	CHECK(reader_consumed(r) == 7);
	reader_close(r);
	close(fd);

	/* A line over max_line is skipped whole and counted with its line end. */
	fd = tmpfile_with("0123456789\nok\n");
	r = reader_fdopen(fd, "t", 4);
	reader_hold_tail(r, 0);
	CHECK(reader_next(r, &l) == READ_TOOLONG && l.len == 10);
	CHECK(reader_consumed(r) == 11);
	CHECK(reader_next(r, &l) == READ_LINE && !strcmp(l.text, "ok"));
	CHECK(reader_consumed(r) == 14);
	reader_close(r);
	close(fd);
}

int
main(void)
{
	argv0 = "checkpoint_test";
	test_pos_json();
	test_pos_check();
	test_last_line_end();
	test_reader_hold_tail();
	printf("checkpoint_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
