/*
 * stage.c: the frame every stage runs in.  It reads the inputs, parses
 * each line as a JSON object, hands it to the stage, and keeps the
 * accounting (in = out + rejected + filtered), the rejects file, the
 * statistics, the flush policy and the clean end on a signal (SIGINT,
 * SIGTERM, SIGHUP).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "opt.h"
#include "stage.h"
#include "timestamp.h"
#include "tz.h"
#include "utf8.h"

#define SHOWN_REJECTS 10

static FILE *rejects;
static int64_t started_ns;
static volatile sig_atomic_t ended_by; /* the first of SIGINT, SIGTERM, SIGHUP caught */

static void
on_signal(int sig)
{
	if (!ended_by)
		ended_by = sig;
	reader_stop();
}

/*
 * At exit, after a signal: the stage has written what it held (or failed
 * to), so it ends by that signal, as the Unix way is, and the shell sees
 * 128 + the signal's number.  Registered first, so it runs last.
 */
static void
exit_by_signal(void)
{
	int sig = ended_by;
	sigset_t set;

	if (!sig)
		return;
	fflush(NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

int
stage_signal(void)
{
	return ended_by;
}

/*
 * A closed 0, 1 or 2 would be taken by the first pipe or socket opened
 * (the reader's wake-up pipe, libcurl's socket pair), and records would
 * go there.  Give each closed one /dev/null, opened the wrong way round as
 * coreutils do, so that reading a closed stdin and writing a closed stdout
 * fail (EBADF): a read error, a write error, status 1.
 */
static void
open_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		nfd = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
		if (nfd < 0)
			exit(1); /* no /dev/null: nowhere to say so either */
		if (nfd != fd) {
			dup2(nfd, fd);
			close(nfd);
		}
	}
}

void
stage_init(struct stage *st, const char *name)
{
	struct sigaction sa, old;

	open_std_fds();
	*st = (struct stage){0};
	argv0 = st->name = name;
	st->max_line = 1024 * 1024;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/*
	 * No SA_RESTART: a blocked read must return so that we can end.  The
	 * same signal again while the stage writes what it holds ends it at once.
	 */
	sa.sa_flags = SA_RESETHAND;
	atexit(exit_by_signal);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A hang-up ends the stage as SIGTERM does, unless nohup(1) asked us to ignore it. */
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
	/* A write to a closed pipe fails with EPIPE, which output.c ends on quietly. */
	signal(SIGPIPE, SIG_IGN);
}

int
size_parse(const char *s, size_t *size)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	}
	if (*end || v == 0)
		return -1;
	*size = (size_t)v;
	return 0;
}

void
stage_usage(const struct stage *st, int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: %s %s\n", st->name, st->usage);
	if (!status && st->help)
		fprintf(f, "\n%s", st->help);
	if (!status && (fflush(f) || ferror(f)))
		eprintf("write error:");
	exit(status);
}

void
stage_bad_option(const struct stage *st, const char *opt, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	(void)st;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	opt_bad(opt, NULL, "%s", what);
}

bool
stage_option(struct stage *st, int c, const char *arg)
{
	switch (c) {
	case 'h':
		stage_usage(st, 0);
	case 'V':
		printf("%s %s\n", st->name, SENTIO_VERSION);
		if (fflush(stdout) || ferror(stdout))
			eprintf("write error:");
		exit(0);
	case OPT_MAX_LINE:
		st->max_line = opt_size("--max-line", arg);
		return true;
	case OPT_REJECTS:
		st->rejects_path = opt_path("--rejects", arg);
		return true;
	case OPT_STATS:
		st->stats = true;
		return true;
	case OPT_STRICT:
		st->strict = true;
		return true;
	case OPT_PROGRESS:
	case OPT_NO_PROGRESS:
		st->progress = c == OPT_PROGRESS ? PROGRESS_ON : PROGRESS_OFF;
		return true;
	case OPT_STAGE_STATE:
		st->state_path = opt_path("--state", arg);
		return true;
	case OPT_STAGE_OUTPUT:
		st->output_path = opt_path("--output", arg);
		return true;
	case OPT_EPOCH_UNIT:
		epoch_unit_set((enum epoch_unit)opt_choice("--epoch-unit", arg, epoch_unit_names));
		return true;
	case OPT_TZ:
		if (tz_set(arg))
			opt_bad("--tz", arg, "not a time zone in %s", tz_dir());
		return true;
	}
	return false;
}

/* The name of an input in messages. */
static const char *
input_name(const char *input)
{
	return !input || !strcmp(input, "-") ? "<stdin>" : input;
}

void
stage_begin(struct stage *st)
{
	started_ns = monotonic_ns();
	if (st->rejects_path && !(rejects = fopen(st->rejects_path, "a")))
		eprintf("%s:", st->rejects_path);
	if (rejects && ckpt_active())
		ckpt_track(st->rejects_path, fileno(rejects));
}

/*
 * A reject goes out whole, in one write(), after what stdio holds of
 * earlier ones: a kill between two writes never leaves half a line.  (An
 * over-long line, streamed as it is read, is the exception: it is never
 * held whole.)
 */
static void
write_whole(struct stage *st, const json_t *r)
{
	static char *text;
	static size_t cap;
	size_t n = json_dump_to(r, &text, &cap, JSON_COMPACT);

	text[n++] = '\n'; /* over the NUL json_dump_to() puts there */
	if (fflush(rejects))
		eprintf("%s: write error:", st->rejects_path);
	if (write_all(fileno(rejects), text, n))
		eprintf("%s: write error:", st->rejects_path);
}

static void
write_reject(struct stage *st, const char *input, unsigned long lineno, const char *raw, size_t len,
             const char *error)
{
	json_t *r;

	char name[512];

	if (!rejects)
		return;
	snprintf(name, sizeof(name), "%s", input_name(input));
	r = json_pack("{s:s, s:s, s:I, s:s}", "stage", st->name, "input", utf8_printable(name),
	              "line", (json_int_t)lineno, "error", error);
	if (utf8_valid(raw, len))
		json_object_set_new(r, "raw", json_stringn(raw, len));
	else {
		/* Not valid UTF-8, so not a JSON string: keep the bytes exactly as base64. */
		static const char b64[] =
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		char *enc = xmalloc((len + 2) / 3 * 4 + 1), *o = enc;
		const unsigned char *p = (const unsigned char *)raw;

		for (size_t i = 0; i < len; i += 3) {
			unsigned v = p[i] << 16 | (i + 1 < len ? p[i + 1] << 8 : 0) |
			             (i + 2 < len ? p[i + 2] : 0);
			*o++ = b64[v >> 18 & 63];
			*o++ = b64[v >> 12 & 63];
			*o++ = i + 1 < len ? b64[v >> 6 & 63] : '=';
			*o++ = i + 2 < len ? b64[v & 63] : '=';
		}
		*o = '\0';
		json_object_set_new(r, "raw_base64", json_string(enc));
		free(enc);
	}
	write_whole(st, r);
	json_decref(r);
}

static void
report_reject(struct stage *st, const char *input, unsigned long lineno, const char *error)
{
	st->rejected++;
	if (st->rejected <= SHOWN_REJECTS || st->strict) {
		if (lineno)
			weprintf("%s:%lu: %s", input_name(input), lineno, error);
		else
			weprintf("%s: %s", input_name(input), error);
	}
	if (st->strict) {
		out_flush();
		if (rejects && fflush(rejects))
			eprintf("%s: write error:", st->rejects_path);
		exit(1);
	}
}

static void
vreject(struct stage *st, const char *input, unsigned long lineno, const char *raw, size_t len,
        const char *fmt, va_list ap)
{
	char error[512];

	vsnprintf(error, sizeof(error), fmt, ap);
	utf8_printable(error); /* reasons quote the input */
	write_reject(st, input, lineno, raw, len, error);
	report_reject(st, input, lineno, error);
}

void
stage_reject_input(struct stage *st, const char *input, unsigned long lineno, const char *raw,
                   size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(st, input, lineno, raw, len, fmt, ap);
	va_end(ap);
}

enum verdict
stage_reject(struct stage *st, const struct record *rec, const char *fmt, ...)
{
	va_list ap;

	/* The rejects file keeps the line as read, before any repair. */
	va_start(ap, fmt);
	vreject(st, rec->input, rec->lineno, rec->line ? rec->line : rec->raw,
	        rec->line ? rec->line_len : rec->len, fmt, ap);
	va_end(ap);
	return VERDICT_REJECTED;
}

static void
b64_put(const unsigned char *p, size_t n)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = p[0] << 16 | (n > 1 ? p[1] << 8 : 0) | (n > 2 ? p[2] : 0);

	fputc(b64[v >> 18 & 63], rejects);
	fputc(b64[v >> 12 & 63], rejects);
	fputc(n > 1 ? b64[v >> 6 & 63] : '=', rejects);
	fputc(n > 2 ? b64[v & 63] : '=', rejects);
}

void
stage_reject_begin(struct stage *st, struct reject_stream *rs, const char *input,
                   unsigned long lineno)
{
	*rs = (struct reject_stream){.st = st, .input = input, .lineno = lineno};
}

/* The record's head, written when its first bytes come: its error cannot wait for its length. */
static void
reject_stream_start(struct reject_stream *rs)
{
	char name[512];
	json_t *stage = json_string(rs->st->name), *in;
	char *n, *i;

	snprintf(name, sizeof(name), "%s", input_name(rs->input));
	in = json_string(utf8_printable(name));
	n = json_dumps(stage, JSON_ENCODE_ANY);
	i = json_dumps(in, JSON_ENCODE_ANY);
	if (rs->error) {
		json_t *e = json_string(rs->error);
		char *es = json_dumps(e, JSON_ENCODE_ANY);

		fprintf(rejects,
		        "{\"stage\":%s,\"input\":%s,\"line\":%lu,\"error\":%s,\"raw_base64\":\"", n,
		        i, rs->lineno, es);
		free(es);
		json_decref(e);
	} else
		fprintf(rejects,
		        "{\"stage\":%s,\"input\":%s,\"line\":%lu,\"error\":\"line too long (over "
		        "%zu bytes)\",\"raw_base64\":\"",
		        n, i, rs->lineno, rs->st->max_line);
	free(n);
	free(i);
	json_decref(stage);
	json_decref(in);
	rs->started = true;
}

void
stage_reject_bytes(struct reject_stream *rs, const char *p, size_t n)
{
	if (!rejects)
		return;
	if (!rs->started)
		reject_stream_start(rs);
	for (size_t k = 0; k < n; k++) {
		rs->carry[rs->ncarry++] = (unsigned char)p[k];
		if (rs->ncarry == 3) {
			b64_put(rs->carry, 3);
			rs->ncarry = 0;
		}
	}
}

void
stage_reject_end(struct reject_stream *rs, size_t len)
{
	char error[512];

	if (rejects) {
		if (!rs->started)
			reject_stream_start(rs);
		if (rs->ncarry)
			b64_put(rs->carry, rs->ncarry);
		fputs("\"}\n", rejects);
		if (ferror(rejects))
			eprintf("%s: write error:", rs->st->rejects_path);
	}
	if (rs->error)
		snprintf(error, sizeof(error), "%s", rs->error);
	else
		snprintf(error, sizeof(error), "line too long (%zu bytes, --max-line %zu)", len,
		         rs->st->max_line);
	report_reject(rs->st, rs->input, rs->lineno, error);
	*rs = (struct reject_stream){0};
}

/* The reader skips a line too long to hold: its bytes stream into the rejects file. */
static void
skip_long_line(void *arg, const char *chunk, size_t len, bool last)
{
	(void)last;
	stage_reject_bytes(arg, chunk, len);
}

void
stage_flush(struct stage *st)
{
	out_flush();
	if (rejects && fflush(rejects))
		eprintf("%s: write error:", st->rejects_path);
}

/* The input went idle: write out what we have, then let the stage wait its way. */
static int
on_idle(void *arg)
{
	struct stage *st = arg;

	stage_flush(st);
	progress_due(st->in);
	return st->idle ? st->idle(st) : -1;
}

/* Replace in p[0..len) every escape of a lone surrogate, which jansson refuses, by \uFFFD. */
static size_t
fix_surrogates(char *p, size_t len)
{
	size_t i = 0, n = 0;

	while (i + 1 < len) {
		long v, w;
		char hex[5] = {0};

		if (p[i] != '\\') {
			i++;
			continue;
		}
		if (p[i + 1] != 'u' || i + 6 > len) {
			i += 2; /* another escape, \\ among them */
			continue;
		}
		memcpy(hex, p + i + 2, 4);
		v = strtol(hex, NULL, 16);
		if (v >= 0xD800 && v <= 0xDBFF && i + 12 <= len && p[i + 6] == '\\' &&
		    p[i + 7] == 'u') {
			memcpy(hex, p + i + 8, 4);
			w = strtol(hex, NULL, 16);
			if (w >= 0xDC00 && w <= 0xDFFF) {
				i += 12; /* a pair */
				continue;
			}
		}
		if (v >= 0xD800 && v <= 0xDFFF) {
			memcpy(p + i + 2, "FFFD", 4);
			n++;
		}
		i += 6;
	}
	return n;
}

json_t *
stage_parse(struct stage *st, struct record *rec)
{
	static char *repaired;
	const size_t flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;
	bool fixed = false;
	json_error_t err;
	json_t *obj;

	free(repaired);
	repaired = NULL;
	if (st->repair_utf8 && !utf8_valid(rec->raw, rec->len)) {
		size_t n;

		repaired = utf8_repair(rec->raw, rec->len, &rec->len, &n);
		rec->raw = repaired;
		fixed = true;
	}
	obj = json_loadb_strict(rec->raw, rec->len, flags, &err);
	if (!obj && st->repair_utf8 && utf8_valid(rec->raw, rec->len)) {
		/* Perhaps a lone surrogate escape: repair it as an ill-formed byte would be. */
		char *copy = xstrndup(rec->raw, rec->len);

		if (fix_surrogates(copy, rec->len)) {
			json_error_t err2;

			if ((obj = json_loadb_strict(copy, rec->len, flags, &err2))) {
				free(repaired);
				rec->raw = repaired = copy;
				fixed = true;
				copy = NULL;
			}
		}
		free(copy);
	}
	if (!obj) {
		size_t bad = utf8_check(rec->raw, rec->len);

		if (bad < rec->len)
			stage_reject(st, rec, "invalid UTF-8 (byte 0x%02x at column %zu)",
			             (unsigned char)rec->raw[bad], bad + 1);
		else
			stage_reject(st, rec, "invalid JSON: %s (column %d)", err.text, err.column);
		return NULL;
	}
	if (!json_is_object(obj)) {
		stage_reject(st, rec, "not a JSON object but %s", json_kind(obj));
		json_decref(obj);
		return NULL;
	}
	if (fixed)
		st->utf8_repaired++;
	return obj;
}

/* One line: parse it and hand it to the stage, keeping the accounts. */
static void
process_line(struct stage *st, const char *input, struct line *line)
{
	struct record rec = {line->text, line->len, line->text,  line->len,
	                     NULL,       input,     line->lineno};
	enum verdict v;

	if (line_blank(line->text, line->len))
		return; /* an empty line holds no record */
	st->in++;
	if (!st->raw_lines) {
		if (!(rec.obj = stage_parse(st, &rec)))
			return; /* rejected, and counted */
	}
	v = st->record(st, &rec);
	json_decref(rec.obj);
	if (v == VERDICT_OUT)
		st->out++;
	else if (v == VERDICT_FILTERED)
		st->filtered++;
}

static void
read_input(struct stage *st, const char *path)
{
	struct reader *r;
	struct reject_stream rs;
	struct line line;
	unsigned long next = 1; /* the number of the line being read */
	struct ckpt_pos pos;
	int fd = -1;

	if (ckpt_active()) {
		/* Resume where the last run stopped; an unfinished last line waits. */
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
			ckpt_input_resume(path, fd, &pos);
			r = reader_fdopen(fd, path, st->max_line);
			reader_hold_tail(r, pos.lineno);
			next = pos.lineno + 1;
		} else
			r = NULL;
	} else
		r = reader_open(path, st->max_line);
	if (!r) {
		weprintf("%s:", path);
		st->status = 1;
		return;
	}
	reader_set_idle(r, on_idle, st);
	progress_input(reader_fd(r));
	reader_set_skip(r, skip_long_line, &rs);
	for (;;) {
		stage_reject_begin(st, &rs, path, next);
		enum read_status status = reader_next(r, &line);

		if (status == READ_LINE) {
			process_line(st, path, &line);
			progress_tick(st->in);
		} else if (status == READ_TOOLONG) {
			st->in++;
			stage_reject_end(&rs, line.len);
		} else {
			if (rs.started) { /* stopped inside a long line: what was read is rejected
				           */
				st->in++;
				stage_reject_end(&rs, line.len);
			}
			if (status == READ_ERROR) {
				weprintf("%s: read error:", input_name(path));
				st->status = 1;
			}
			break; /* READ_EOF, READ_STOP, READ_ERROR */
		}
		next = line.lineno + 1;
	}
	progress_input_done();
	if (fd >= 0) {
		pos.offset += reader_consumed(r);
		pos.lineno = reader_lineno(r);
		ckpt_input_set(path, &pos);
		close(fd);
	}
	reader_close(r);
}

/* One file of several read at once. */
struct input {
	const char *path;
	struct reader *r;
	struct reject_stream rs;
	unsigned long next; /* the number of the line being read */
	bool heard;         /* a line or the end came */
};

/* Hand over the lines of in at hand; false when it is done (its end, an error, a stop). */
static bool
read_ready(struct stage *st, struct input *in)
{
	struct line line;

	for (;;) {
		stage_reject_begin(st, &in->rs, in->path, in->next);
		enum read_status status = reader_next(in->r, &line);

		if (status == READ_AGAIN)
			return true;
		if (!in->heard) {
			in->heard = true;
			st->inputs_waiting--;
		}
		if (status == READ_LINE) {
			process_line(st, in->path, &line);
		} else if (status == READ_TOOLONG) {
			st->in++;
			stage_reject_end(&in->rs, line.len);
		} else {
			if (in->rs.started) {
				st->in++;
				stage_reject_end(&in->rs, line.len);
			}
			if (status == READ_ERROR) {
				weprintf("%s: read error:", input_name(in->path));
				st->status = 1;
			}
			return false;
		}
		in->next = line.lineno + 1;
	}
}

/* The files at once: each line as it comes, whichever file it comes from. */
static void
read_together(struct stage *st, int argc, char **argv)
{
	struct input *in = xcalloc((size_t)argc, sizeof(*in));
	struct reader **rs = xcalloc((size_t)argc, sizeof(*rs));
	size_t n = 0;

	for (int i = 0; i < argc; i++) {
		struct reader *r = reader_open(argv[i], st->max_line);

		if (!r) {
			weprintf("%s:", argv[i]);
			st->status = 1;
			continue;
		}
		in[n] = (struct input){.path = argv[i], .r = r, .next = 1};
		reader_set_nonblock(r);
		n++;
	}
	st->inputs_waiting = n;
	for (size_t i = 0; i < n; i++) /* in[] moves no more */
		reader_set_skip(in[i].r, skip_long_line, &in[i].rs);
	while (n && !reader_stopped()) {
		for (size_t i = 0; i < n;) {
			if (read_ready(st, &in[i])) {
				i++;
				continue;
			}
			reader_close(in[i].r);
			memmove(in + i, in + i + 1, (n - i - 1) * sizeof(*in));
			n--;
			for (size_t j = i; j < n; j++)
				reader_set_skip(in[j].r, skip_long_line, &in[j].rs);
		}
		for (size_t i = 0; i < n; i++)
			rs[i] = in[i].r;
		if (n && reader_wait_any(rs, n, on_idle, st) < 0)
			break;
	}
	for (size_t i = 0; i < n; i++)
		reader_close(in[i].r);
	free(rs);
	free(in);
}

/* Write out what is held, then the state that covers it (of a run under way, or finished). */
static void
checkpoint(struct stage *st, bool running)
{
	stage_flush(st);
	ckpt_running(running);
	if (st->state_save)
		ckpt_set("held", st->state_save(st));
	ckpt_save();
}

int
stage_run(struct stage *st, int argc, char **argv)
{
	static char *stdin_only[] = {"-"};

	if (st->state_path) {
		/* Only a file has a place to resume from. */
		if (argc == 0)
			stage_bad_option(st, "--state",
			                 "needs input files (standard input cannot be "
			                 "resumed)");
		for (int i = 0; i < argc; i++)
			if (!strcmp(argv[i], "-"))
				stage_bad_option(st, "--state",
				                 "needs input files (standard input "
				                 "cannot be resumed)");
		ckpt_open(st->state_path, st->name);
	}
	if (st->output_path)
		ckpt_output_open(st->output_path, NULL);
	stage_begin(st);
	if (st->state_path) {
		if (st->state_load)
			st->state_load(st, ckpt_get("held"));
		/* The lengths before this run wrote anything, and that it is under way. */
		checkpoint(st, true);
	}
	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	progress_begin(st->name, st->progress, argc, argv);
	if (st->together && argc > 1)
		read_together(st, argc, argv);
	else
		for (int i = 0; i < argc && !reader_stopped(); i++) {
			st->inputs_waiting = (size_t)(argc - i - 1);
			read_input(st, argv[i]);
		}
	if (st->finish)
		st->finish(st);
	if (st->state_path)
		checkpoint(st, false);
	return stage_end(st);
}

int
stage_end(struct stage *st)
{
	progress_end();
	if (st->rejected > SHOWN_REJECTS)
		weprintf("%llu rejected inputs in all (%llu not shown%s)", st->rejected,
		         st->rejected - SHOWN_REJECTS,
		         rejects ? "; all are in the rejects file" : "; --rejects FILE keeps them");
	out_close();
	if (rejects && fclose(rejects))
		eprintf("%s: write error:", st->rejects_path);
	rejects = NULL;
	if (st->stats) {
		double secs = (double)(monotonic_ns() - started_ns) / 1e9;
		json_t *s = json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:f}", "stage", st->name,
		                      "in", (json_int_t)st->in, "out", (json_int_t)st->out,
		                      "rejected", (json_int_t)st->rejected, "filtered",
		                      (json_int_t)st->filtered, "seconds", secs,
		                      "records_per_second", secs > 0 ? (double)st->in / secs : 0.0);

		if (st->utf8_repaired)
			json_object_set_new(s, "utf8_repaired",
			                    json_integer((json_int_t)st->utf8_repaired));
		if (st->stats_extra)
			st->stats_extra(st, s);
		json_dumpf(s, stderr, JSON_COMPACT | JSON_REAL_PRECISION(6));
		fputc('\n', stderr);
		json_decref(s);
	}
	return st->status;
}
