/*
 * state.c: collect's use of the state file and the output file
 * (lib/checkpoint.h keeps both).
 *
 * A checkpoint holds each source's position and the output's length then.
 * At a restart everything past that length is what was written after the
 * checkpoint: its last line may be torn (it is cut off), and its complete
 * records will come again from the sources, which resume at the
 * checkpoint's positions; unlike a stage's, collect's sources may not give
 * the same records again (a network source), so those records are kept
 * and their ids remembered here, to be skipped once each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "state.h"
#include "util.h"

static json_t *skip; /* id -> how many times still to skip */
static size_t nskip;
static off_t skip_from; /* the output's length at the checkpoint the skipped records follow */

bool
state_active(void)
{
	return ckpt_active();
}

void
state_open(const char *path)
{
	ckpt_open(path, "sentio-collect");
	if (!ckpt_new() && !json_is_object(ckpt_get("sources")))
		eprintf("%s: not a state file of sentio-collect", path);
}

json_t *
state_position(const char *spec)
{
	return json_object_get(ckpt_get("sources"), spec);
}

void
state_save(json_t *positions)
{
	json_t *sources = ckpt_get("sources"), *all;
	const char *key;
	json_t *v;

	/*
	 * While records written before a restart are still to come again (and be
	 * skipped), the positions do not cover the output's end yet: the length
	 * stays the one those records follow.
	 */
	ckpt_output_hold(nskip ? skip_from : -1);
	/* Keep the positions of sources not in this run. */
	all = json_is_object(sources) ? json_deep_copy(sources) : json_object();
	json_object_foreach(positions, key, v) json_object_set(all, key, v);
	ckpt_set("sources", all);
	ckpt_save();
}

/* Read [from, size) of the output: remember the ids of its complete lines, cut the rest. */
static void
trim_tail(int fd, off_t from, off_t size, const char *path)
{
	size_t n = (size_t)(size - from), got = 0;
	char *tail = xmalloc(n + 1);
	size_t keep = 0;

	while (got < n) {
		ssize_t r = pread(fd, tail + got, n - got, from + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			eprintf("%s: read:", path);
		got += (size_t)r;
	}
	skip = json_object();
	skip_from = from;
	for (size_t i = 0; i < n;) {
		char *nl = memchr(tail + i, '\n', n - i);

		if (!nl)
			break;
		json_t *rec = json_loadb(tail + i, (size_t)(nl - (tail + i)), JSON_ALLOW_NUL, NULL);
		const char *id = json_string_value(json_object_get(rec, "id"));
		const char *src = json_string_value(json_object_get(rec, "source"));

		/* What the receiver took cannot come again: nothing to wait for. */
		if (id && !(src && !strncmp(src, "listen:", 7))) {
			json_int_t c = json_integer_value(json_object_get(skip, id));

			json_object_set_new(skip, id, json_integer(c + 1));
			nskip++;
		}
		json_decref(rec);
		i = (size_t)(nl - tail) + 1;
		keep = i;
	}
	if (keep < n) {
		weprintf("%s: cutting a torn last record (%zu bytes) written before a restart",
		         path, n - keep);
		if (ftruncate(fd, from + (off_t)keep) < 0)
			eprintf("%s: truncate:", path);
	}
	free(tail);
}

void
output_open(const char *path)
{
	ckpt_output_open(path, trim_tail);
}

bool
output_already_written(const char *id, size_t len)
{
	json_t *c;

	if (!nskip)
		return false;
	if (!(c = json_object_getn(skip, id, len)))
		return false;
	if (json_integer_value(c) <= 1)
		json_object_deln(skip, id, len);
	else
		json_integer_set(c, json_integer_value(c) - 1);
	if (--nskip == 0) {
		json_decref(skip);
		skip = NULL;
	}
	return true;
}
