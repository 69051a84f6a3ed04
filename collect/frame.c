/*
 * frame.c: units of a file's bytes.  A line ends at '\n'; a CSV record at
 * a line end outside quotes, as csv_parse() reads it.  A unit too long to
 * hold goes to the rejects file whole, as raw_base64, when it ends
 * (spool.h).
 */
#include <stdlib.h>
#include <string.h>

#include "frame.h"

void
frame_init(struct frame *fr, bool csv, struct stage *st, const char *input)
{
	*fr = (struct frame){.csv = csv, .st = st, .input = input};
	fr->cap = 1 << 20;
	fr->buf = xmalloc(fr->cap);
}

static void
skip_begin(struct frame *fr)
{
	fr->skipping = true;
	fr->skip = (struct skip){.lineno = fr->lineno + 1};
	spool_begin(&fr->skip.sp, fr->st, fr->input, fr->skip.lineno);
}

/* The unit ends (or the file does): reject it, its bytes into the rejects file. */
static void
skip_end(struct frame *fr)
{
	if (!fr->skipping)
		return;
	fr->skipping = false;
	fr->st->in++;
	spool_end(&fr->skip.sp, NULL);
	fr->skip = (struct skip){0};
}

/* A unit too long left for the next run: nothing of it is reported. */
static void
skip_drop(struct frame *fr)
{
	if (!fr->skipping)
		return;
	fr->skipping = false;
	if (spool_drop(&fr->skip.sp))
		fr->st->in++;
	fr->skip = (struct skip){0};
}

enum csv_skip { CS_START, CS_PLAIN, CS_QUOTED, CS_QUOTE };

/*
 * How much of s[0..n) the skipped unit takes: up to its end (*ended: the
 * '\n' included), or all.  Counts the lines it crosses.
 */
static size_t
skip_scan(struct frame *fr, const char *s, size_t n, bool *ended)
{
	*ended = false;
	if (!fr->csv) {
		const char *nl = memchr(s, '\n', n);

		if (!nl)
			return n;
		*ended = true;
		fr->lineno++;
		return (size_t)(nl - s) + 1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n')
			fr->lineno++;
		switch (fr->skip.csv) {
		case CS_QUOTED:
			if (c == '"')
				fr->skip.csv = CS_QUOTE;
			continue;
		case CS_QUOTE:
			if (c == '"') {
				fr->skip.csv = CS_QUOTED;
				continue;
			}
			break;
		case CS_START:
			if (c == '"') {
				fr->skip.csv = CS_QUOTED;
				continue;
			}
			break;
		default:
			break;
		}
		if (c == '\n') {
			*ended = true;
			return i + 1;
		}
		fr->skip.csv = c == ',' ? CS_START : CS_PLAIN;
	}
	return n;
}

void
frame_reset(struct frame *fr, uint64_t off, unsigned long lineno, bool drop)
{
	if (drop)
		skip_drop(fr);
	else
		skip_end(fr);
	fr->start = fr->end = 0;
	fr->off = off;
	fr->lineno = lineno;
}

/* Give the unit buf[start..start+len), taken bytes with its line end, crossing lines. */
static enum frame_status
give(struct frame *fr, size_t len, size_t taken, unsigned long lines, struct unit *u)
{
	*u = (struct unit){fr->buf + fr->start, len, fr->off, fr->lineno + 1};
	fr->start += taken;
	fr->off += taken;
	fr->lineno += lines;
	if (len > fr->st->max_line) {
		struct reject_stream rs;

		fr->st->in++;
		stage_reject_begin(fr->st, &rs, fr->input, u->lineno);
		stage_reject_bytes(&rs, u->s, len);
		stage_reject_end(&rs, len);
		return FRAME_SKIPPED;
	}
	return FRAME_UNIT;
}

enum frame_status
frame_next(struct frame *fr, bool eof, struct unit *u)
{
	const char *s = fr->buf + fr->start;
	size_t avail = fr->end - fr->start;

	if (fr->skipping) {
		bool ended;
		size_t k = skip_scan(fr, s, avail, &ended);

		spool_bytes(&fr->skip.sp, s, ended ? k - 1 : k);
		fr->start += k;
		fr->off += k;
		if (ended || eof) {
			skip_end(fr);
			return FRAME_SKIPPED;
		}
		return FRAME_MORE;
	}
	if (!avail)
		return FRAME_MORE;
	if (fr->csv) {
		size_t took = csv_parse(s, avail, false, &fr->row);

		if (took) {
			/* Without its '\n'; a CR before it stays, for the rejects file. */
			size_t len = took - (s[took - 1] == '\n');

			return give(fr, len, took, fr->row.lines ? fr->row.lines : 1, u);
		}
	} else {
		const char *nl = memchr(s, '\n', avail);

		if (nl)
			return give(fr, (size_t)(nl - s), (size_t)(nl - s) + 1, 1, u);
	}
	if (eof) {
		/* The last unit has no line end. */
		if (fr->csv && !csv_parse(s, avail, true, &fr->row))
			fr->row.nfields = 0;
		return give(fr, avail, avail, 1, u);
	}
	if (avail >= fr->st->max_line) {
		skip_begin(fr);
		return frame_next(fr, eof, u);
	}
	return FRAME_MORE;
}

char *
frame_room(struct frame *fr, size_t *n)
{
	if (fr->start > 0) {
		memmove(fr->buf, fr->buf + fr->start, fr->end - fr->start);
		fr->end -= fr->start;
		fr->start = 0;
	}
	if (fr->end == fr->cap) {
		fr->cap *= 2;
		fr->buf = xrealloc(fr->buf, fr->cap);
	}
	*n = fr->cap - fr->end;
	return fr->buf + fr->end;
}

void
frame_filled(struct frame *fr, size_t n)
{
	fr->end += n;
}

size_t
frame_held(const struct frame *fr)
{
	return fr->end - fr->start;
}
