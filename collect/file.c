/*
 * file.c: files and standard input as sources: lines of text, lines of
 * JSON objects, and CSV.  Each record's id is its source and byte offset
 * (with the file's inode), so a run started again makes the same ids.
 * With --follow a file is read as tail -F reads it: through rotation
 * (a new file under the name) and truncation.  With --replay records are
 * paced by their own time stamps.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "json.h"
#include "file.h"
#include "jsonpath.h"
#include "timestamp.h"
#include "utf8.h"

#define BATCH           4096
#define FOLLOW_CHECK_NS (100 * NS_PER_MS)

enum format { FMT_TEXT, FMT_JSON, FMT_CSV };
enum ts_mode { TS_READ, TS_MTIME, TS_PREFIX, TS_FIELD };

struct file {
	struct source src;
	struct file_opts o;
	const struct sink *k;
	enum ts_mode ts_mode;
	char *path;
	bool is_stdin;
	enum format fmt;
	int fd;
	bool regular, opened, warned_missing;
	dev_t dev;
	ino_t ino;
	unsigned gen; /* truncations seen under --follow, part of the ids */
	int64_t mtime_ns;

	char *buf;
	size_t cap, start, end;
	uint64_t off;         /* file offset of buf[start] */
	unsigned long lineno; /* lines before buf[start] */
	bool skipping;        /* dropping the rest of a line that is too long */
	struct skip {
		unsigned long lineno; /* its first line */
		size_t len;           /* its bytes so far */
		int csv;              /* CSV: where the scan is in a record (enum csv_skip) */
		FILE *spool; /* its bytes until its end, so that the rejects file gets them whole */
		bool spool_failed;
		struct reject_stream rs; /* straight into the rejects file when there is no spool */
	} skip;

	uint64_t pos;             /* offset after the last record written (for the state) */
	unsigned long pos_lineno; /* and its line */
	bool resume;
	uint64_t resume_off;
	unsigned long resume_line;
	dev_t resume_dev;
	ino_t resume_ino;

	char *idpre; /* "file:PATH:INO:" */
	char *esc_name;
	struct buf rec, id;

	/* A record held back by --replay until its time. */
	bool pending;
	uint64_t pend_off;
	unsigned long pend_line;
	int64_t pend_at;
	bool have_base;
	int64_t base_ts, base_mono;

	/* CSV */
	struct csv_row row;
	char **header;
	size_t nheader;
	long text_col, time_col, id_col;

	/* JSON lines */
	struct jsonpath *paths; /* compiled --map sources */
	struct jsonpath ts_path;
};

static const char *
ts_read(int64_t *ns)
{
	static char cached[RFC3339_LEN];
	static int64_t cached_ms = -1;
	int64_t t = now_ns();

	if (t / NS_PER_MS != cached_ms) {
		cached_ms = t / NS_PER_MS;
		rfc3339_format(t, cached);
	}
	*ns = t;
	return cached;
}

static void
set_idpre(struct file *f)
{
	char pre[64];

	free(f->idpre);
	if (f->is_stdin || !f->regular)
		snprintf(pre, sizeof(pre), ":");
	else if (f->gen)
		snprintf(pre, sizeof(pre), ":%ju.%u:", (uintmax_t)f->ino, f->gen);
	else
		snprintf(pre, sizeof(pre), ":%ju:", (uintmax_t)f->ino);
	f->idpre = xmalloc(strlen(f->src.name) + strlen(pre) + 1);
	sprintf(f->idpre, "%s%s", f->src.name, pre);
}

/* The id of the unit at offset off, in f->id (NUL-terminated). */
static void
make_id(struct file *f, uint64_t off)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, off);

	f->id.len = 0;
	buf_adds(&f->id, f->idpre);
	buf_add(&f->id, digits, (size_t)n);
	buf_addc(&f->id, '\0');
	f->id.len--;
}

static bool
open_file(struct file *f)
{
	struct stat sb;

	if (f->is_stdin)
		f->fd = STDIN_FILENO;
	else if ((f->fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && f->o.follow) {
			if (!f->warned_missing)
				weprintf("%s: not there yet; waiting for it", f->path);
			f->warned_missing = true;
			return false;
		}
		weprintf("%s:", f->path);
		f->k->st->status = 1;
		f->src.done = true;
		return false;
	}
	if (fstat(f->fd, &sb) < 0)
		eprintf("%s:", f->path);
	if (S_ISDIR(sb.st_mode)) {
		weprintf("%s: is a directory", f->path);
		f->k->st->status = 1;
		f->src.done = true;
		close(f->fd);
		return false;
	}
	f->regular = S_ISREG(sb.st_mode);
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->mtime_ns = (int64_t)sb.st_mtim.tv_sec * NS_PER_SEC + sb.st_mtim.tv_nsec;
	f->opened = true;
	f->start = f->end = 0;
	f->off = f->pos = 0;
	f->lineno = f->pos_lineno = 0;
	f->skipping = false;
	f->header = NULL;
	if (f->resume && f->regular) {
		f->resume = false;
		if (f->resume_ino != f->ino || f->resume_dev != f->dev)
			weprintf("%s: not the file the state names (rotated?): reading it from the "
			         "start",
			         f->path);
		else if ((uint64_t)sb.st_size < f->resume_off) {
			weprintf(
			    "%s: shorter than the state's position (truncated?): reading it from "
			    "the start",
			    f->path);
			f->gen++;
		} else if (lseek(f->fd, (off_t)f->resume_off, SEEK_SET) < 0)
			eprintf("%s: seek:", f->path);
		else {
			f->off = f->pos = f->resume_off;
			f->lineno = f->pos_lineno = f->resume_line;
		}
	}
	set_idpre(f);
	f->src.fd = f->regular ? -1 : f->fd;
	f->src.events = POLLIN;
	return true;
}

static const char *
input_of(const struct file *f)
{
	return f->is_stdin ? "-" : f->path;
}

/*
 * A line (or CSV record) too long to hold: its bytes go to the rejects file
 * whole, as raw_base64, when it ends.  Other sources may write rejects while
 * it streams past, so its bytes wait in a temporary file, not in memory.
 */
static void
skip_begin(struct file *f)
{
	f->skipping = true;
	f->skip = (struct skip){.lineno = f->lineno + 1};
	if (!f->k->st->rejects_path)
		return;
	if (!(f->skip.spool = tmpfile())) {
		weprintf("%s: temporary file for a line too long:", input_of(f));
		stage_reject_begin(f->k->st, &f->skip.rs, input_of(f), f->skip.lineno);
	}
}

static void
skip_bytes(struct file *f, const char *p, size_t n)
{
	f->skip.len += n;
	if (!f->k->st->rejects_path || !n)
		return;
	if (!f->skip.spool) {
		if (!f->skip.spool_failed)
			stage_reject_bytes(&f->skip.rs, p, n);
	} else if (!f->skip.spool_failed && fwrite(p, 1, n, f->skip.spool) != n) {
		weprintf("%s:%lu: temporary file for a line too long: write error: its bytes are "
		         "not kept",
		         input_of(f), f->skip.lineno);
		f->skip.spool_failed = true;
	}
}

/* The line ends (or the file does): reject it, its bytes into the rejects file. */
static void
skip_end(struct file *f)
{
	if (!f->skipping)
		return;
	f->skipping = false;
	f->k->st->in++;
	if (f->skip.spool) {
		char chunk[64 * 1024];
		size_t n;

		stage_reject_begin(f->k->st, &f->skip.rs, input_of(f), f->skip.lineno);
		if (!f->skip.spool_failed) {
			rewind(f->skip.spool);
			while ((n = fread(chunk, 1, sizeof(chunk), f->skip.spool)) > 0)
				stage_reject_bytes(&f->skip.rs, chunk, n);
			if (ferror(f->skip.spool))
				weprintf("%s:%lu: temporary file for a line too long: read error",
				         input_of(f), f->skip.lineno);
		}
		fclose(f->skip.spool);
	} else if (!f->k->st->rejects_path)
		stage_reject_begin(f->k->st, &f->skip.rs, input_of(f), f->skip.lineno);
	stage_reject_end(&f->skip.rs, f->skip.len);
	f->skip = (struct skip){0};
}

enum csv_skip { CS_START, CS_PLAIN, CS_QUOTED, CS_QUOTE };

/*
 * How much of s[0..n) the skipped unit takes: up to its end (*ended: the
 * '\n' included), or all.  Counts the lines it crosses.  A CSV record ends
 * at a line end outside quotes, as csv_parse() reads it.
 */
static size_t
skip_scan(struct file *f, const char *s, size_t n, bool *ended)
{
	*ended = false;
	if (f->fmt != FMT_CSV) {
		const char *nl = memchr(s, '\n', n);

		if (!nl)
			return n;
		*ended = true;
		f->lineno++;
		return (size_t)(nl - s) + 1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n')
			f->lineno++;
		switch (f->skip.csv) {
		case CS_QUOTED:
			if (c == '"')
				f->skip.csv = CS_QUOTE;
			continue;
		case CS_QUOTE:
			if (c == '"') {
				f->skip.csv = CS_QUOTED;
				continue;
			}
			break;
		case CS_START:
			if (c == '"') {
				f->skip.csv = CS_QUOTED;
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
		f->skip.csv = c == ',' ? CS_START : CS_PLAIN;
	}
	return n;
}

static void
close_file(struct file *f)
{
	skip_end(f);
	if (f->opened && !f->is_stdin)
		close(f->fd);
	f->opened = false;
	f->src.fd = -1;
	if (f->header) {
		for (size_t i = 0; i < f->nheader; i++)
			free(f->header[i]);
		free(f->header);
		f->header = NULL;
	}
}

/* Deliver the record built in f->rec (id in f->id), at time ts, ending at offset end. */
static void
deliver(struct file *f, int64_t ts, uint64_t end, unsigned long endline)
{
	if (f->o.replay > 0) {
		int64_t now = monotonic_ns();

		if (!f->have_base) {
			f->have_base = true;
			f->base_ts = ts;
			f->base_mono = now;
		}
		int64_t at = f->base_mono + (int64_t)((double)(ts - f->base_ts) / f->o.replay);
		if (at > now) {
			f->pending = true;
			f->pend_off = end;
			f->pend_line = endline;
			f->pend_at = at;
			return;
		}
	}
	f->k->emit(f->rec.p, f->rec.len, f->id.p, f->id.len);
	f->pos = end;
	f->pos_lineno = endline;
}

static void
reject(struct file *f, unsigned long lineno, const char *raw, size_t len, const char *why,
       const char *detail)
{
	stage_reject_input(f->k->st, f->is_stdin ? "-" : f->path, lineno, raw, len, "%s%s", why,
	                   detail ? detail : "");
}

/* A line of text: the fast path, written without building a JSON value. */
static void
text_line(struct file *f, const char *s, size_t len, uint64_t off, unsigned long lineno)
{
	char tsbuf[RFC3339_LEN];
	const char *ts;
	int64_t ns;

	if (f->ts_mode == TS_PREFIX) {
		size_t k = 0, at = 0;

		/* The time ends at the first blank, or the second when the first splits date and
		 * time. */
		for (int tries = 0; tries < 2 && !at; tries++) {
			while (k < len && s[k] != ' ' && s[k] != '\t')
				k++;
			if (k && !rfc3339_parse(s, k, &ns))
				at = k;
			else
				k++;
		}
		if (!at) {
			reject(f, lineno, s, len, "no RFC 3339 time at the start of the line",
			       NULL);
			return;
		}
		while (at < len && (s[at] == ' ' || s[at] == '\t'))
			at++;
		s += at;
		len -= at;
		ts = rfc3339_format(ns, tsbuf);
	} else if (f->ts_mode == TS_MTIME)
		ts = rfc3339_format(ns = f->mtime_ns, tsbuf);
	else
		ts = ts_read(&ns);
	make_id(f, off);
	f->rec.len = 0;
	buf_add(&f->rec, "{\"id\":\"", 7);
	json_put_string(&f->rec, f->id.p, f->id.len, JSON_STR_COLLECT | JSON_STR_BARE);
	buf_add(&f->rec, "\",\"ts\":\"", 8);
	buf_adds(&f->rec, ts);
	buf_add(&f->rec, "\",\"source\":\"", 12);
	buf_adds(&f->rec, f->esc_name);
	buf_add(&f->rec, "\",\"text\":\"", 10);
	if (json_put_string(&f->rec, s, len, JSON_STR_COLLECT | JSON_STR_BARE))
		f->k->st->utf8_repaired++;
	buf_add(&f->rec, "\"}\n", 3);
	deliver(f, ns, f->off, f->lineno);
}

static json_t *
get_mapped(struct file *f, json_t *obj, const char *field)
{
	for (size_t i = 0; i < f->o.nmap; i++)
		if (!strcmp(f->o.map_to[i], field))
			return jsonpath_get(obj, &f->paths[i]);
	if (!strcmp(field, "ts") && f->ts_mode == TS_FIELD)
		return jsonpath_get(obj, &f->ts_path);
	return json_object_get(obj, field);
}

/* Is key a top-level field that --map (or --ts-from) moved elsewhere? */
static bool
moved(struct file *f, const char *key)
{
	for (size_t i = 0; i < f->o.nmap; i++)
		if (f->paths[i].nkeys == 1 && !strcmp(f->paths[i].keys[0], key))
			return true;
	return f->ts_mode == TS_FIELD && f->ts_path.nkeys == 1 && !strcmp(f->ts_path.keys[0], key);
}

static bool
is_core(const char *key)
{
	return !strcmp(key, "id") || !strcmp(key, "ts") || !strcmp(key, "source") ||
	       !strcmp(key, "text");
}

/* Fill rec from obj and emit; used by JSON lines and CSV. */
static void
deliver_json(struct file *f, json_t *out)
{
	static char *text;
	static size_t cap;
	size_t n = json_dump_to(out, &text, &cap, JSON_COMPACT);
	const char *id = json_string_value(json_object_get(out, "id"));

	f->rec.len = 0;
	buf_add(&f->rec, text, n);
	buf_addc(&f->rec, '\n');
	f->id.len = 0;
	buf_adds(&f->id, id);
	buf_addc(&f->id, '\0');
	f->id.len--;
}

static void
json_line(struct file *f, const char *s, size_t len, uint64_t off, unsigned long lineno)
{
	/* Parsed as every stage parses a line (stage_parse rejects and counts what fails). */
	struct record rec = {
	    .raw = s, .len = len, .input = f->is_stdin ? "-" : f->path, .lineno = lineno};
	json_t *in = stage_parse(f->k->st, &rec), *out, *v;
	const char *why = NULL, *key;
	char tsbuf[RFC3339_LEN], detail[300];
	int64_t ns;

	if (!in)
		return;
	out = json_object();
	v = get_mapped(f, in, "id");
	if (json_is_string(v))
		json_object_set(out, "id", v);
	else if (json_is_integer(v)) {
		char num[32];

		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		json_object_set_new(out, "id", json_string(num));
	} else if (!v || json_is_null(v)) {
		make_id(f, off);
		json_object_set_new(out, "id", json_stringn(f->id.p, f->id.len));
	} else {
		why = "id is not a string or an integer";
		goto bad;
	}
	v = get_mapped(f, in, "ts");
	if (v && !json_is_null(v)) {
		const char *tswhy;

		if (timestamp_from_json(v, &ns, &tswhy)) {
			snprintf(detail, sizeof(detail), "ts: %s", tswhy);
			why = detail;
			goto bad;
		}
		rfc3339_format(ns, tsbuf);
	} else if (f->ts_mode == TS_MTIME)
		rfc3339_format(ns = f->mtime_ns, tsbuf);
	else
		memcpy(tsbuf, ts_read(&ns), RFC3339_LEN);
	json_object_set_new(out, "ts", json_string(tsbuf));
	v = get_mapped(f, in, "source");
	json_object_set_new(out, "source",
	                    json_is_string(v) ? json_incref(v) : json_string(f->src.name));
	v = get_mapped(f, in, "text");
	if (!json_is_string(v)) {
		why = v ? "the text is not a string" : "no text field (--map text=FIELD names one)";
		goto bad;
	}
	json_object_set(out, "text", v);
	for (size_t i = 0; i < f->o.nmap; i++)
		if (!is_core(f->o.map_to[i]) && (v = jsonpath_get(in, &f->paths[i])))
			json_object_set(out, f->o.map_to[i], v);
	json_object_foreach(in, key, v)
	{
		if (is_core(key) || moved(f, key) || json_object_get(out, key))
			continue;
		json_object_set(out, key, v);
	}
	deliver_json(f, out);
	json_decref(out);
	json_decref(in);
	deliver(f, ns, f->off, f->lineno);
	return;
bad:
	reject(f, lineno, s, len, why, NULL);
	json_decref(out);
	json_decref(in);
}

static json_t *
string_value(struct file *f, const struct buf *b)
{
	if (utf8_valid(b->p ? b->p : "", b->len))
		return json_stringn(b->p ? b->p : "", b->len);
	size_t n, nrepl;
	char *fixed = utf8_repair(b->p, b->len, &n, &nrepl);
	json_t *v = json_stringn(fixed, n);

	f->k->st->utf8_repaired++;
	free(fixed);
	return v;
}

static long
column(struct file *f, const char *name)
{
	for (size_t i = 0; i < f->nheader; i++)
		if (!strcmp(f->header[i], name))
			return (long)i;
	return -1;
}

/* The header row: the columns' names, and which are text, time and id. */
static bool
csv_header(struct file *f, struct csv_row *row)
{
	const char *text = f->o.text_column ? f->o.text_column : "text";

	f->nheader = row->nfields;
	f->header = xcalloc(row->nfields, sizeof(char *));
	for (size_t i = 0; i < row->nfields; i++) {
		struct buf *b = &row->fields[i];
		size_t k = 0;

		/* A byte order mark before the first name is not part of it. */
		if (i == 0 && b->len >= 3 && !memcmp(b->p, "\xef\xbb\xbf", 3))
			k = 3;
		f->header[i] = xstrndup(b->p ? b->p + k : "", b->len - k);
	}
	f->text_col = column(f, text);
	f->time_col = f->o.time_column ? column(f, f->o.time_column) : -1;
	f->id_col = f->o.id_column ? column(f, f->o.id_column) : -1;
	if (f->text_col < 0 || (f->o.time_column && f->time_col < 0) ||
	    (f->o.id_column && f->id_col < 0)) {
		weprintf("%s: no column \"%s\" in the header row", f->path,
		         f->text_col < 0                       ? text
		         : f->time_col < 0 && f->o.time_column ? f->o.time_column
		                                               : f->o.id_column);
		f->k->st->status = 1;
		return false;
	}
	return true;
}

static int
csv_time(const struct buf *b, int64_t *ns)
{
	char tmp[64], *end;
	double secs;

	if (!b->len || b->len >= sizeof(tmp))
		return -1;
	if (!rfc3339_parse(b->p, b->len, ns))
		return 0;
	memcpy(tmp, b->p, b->len);
	tmp[b->len] = '\0';
	secs = strtod(tmp, &end);
	if (!*end && end != tmp && secs > -1e11 && secs < 1e11) {
		*ns = (int64_t)(secs * 1e9);
		return 0;
	}
	return rfc822_parse(tmp, ns);
}

static void
csv_record(struct file *f, const char *raw, size_t rawlen, uint64_t off, unsigned long lineno)
{
	struct csv_row *row = &f->row;
	char tsbuf[RFC3339_LEN], detail[160];
	json_t *out;
	int64_t ns;

	if (row->nfields != f->nheader) {
		snprintf(detail, sizeof(detail), "%zu fields where the header has %zu",
		         row->nfields, f->nheader);
		reject(f, lineno, raw, rawlen, detail, NULL);
		return;
	}
	out = json_object();
	if (f->id_col >= 0 && row->fields[f->id_col].len)
		json_object_set_new(out, "id", string_value(f, &row->fields[f->id_col]));
	else {
		make_id(f, off);
		json_object_set_new(out, "id", json_stringn(f->id.p, f->id.len));
	}
	if (f->time_col >= 0) {
		if (csv_time(&row->fields[f->time_col], &ns)) {
			snprintf(detail, sizeof(detail), "column %s: not a time",
			         f->header[f->time_col]);
			reject(f, lineno, raw, rawlen, detail, NULL);
			json_decref(out);
			return;
		}
		rfc3339_format(ns, tsbuf);
	} else if (f->ts_mode == TS_MTIME)
		rfc3339_format(ns = f->mtime_ns, tsbuf);
	else
		memcpy(tsbuf, ts_read(&ns), RFC3339_LEN);
	json_object_set_new(out, "ts", json_string(tsbuf));
	json_object_set_new(out, "source", json_string(f->src.name));
	json_object_set_new(out, "text", string_value(f, &row->fields[f->text_col]));
	for (size_t i = 0; i < f->nheader; i++) {
		if ((long)i == f->text_col || (long)i == f->time_col || (long)i == f->id_col ||
		    is_core(f->header[i]) || !*f->header[i] || json_object_get(out, f->header[i]))
			continue;
		json_object_set_new(out, f->header[i], string_value(f, &row->fields[i]));
	}
	deliver_json(f, out);
	json_decref(out);
	deliver(f, ns, f->off, f->lineno);
}

/* Read the header row of a CSV file whose reading resumes past it. */
static bool
csv_header_at_start(struct file *f)
{
	size_t cap = 64 * 1024, n = 0;
	char *b = xmalloc(cap);
	struct csv_row row = {0};
	bool ok = false;

	for (;;) {
		ssize_t r = pread(f->fd, b + n, cap - n, (off_t)n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			eprintf("%s: read:", f->path);
		n += (size_t)r;
		if (csv_parse(b, n, r == 0, &row)) {
			ok = csv_header(f, &row);
			break;
		}
		if (r == 0 || n >= f->k->st->max_line) {
			weprintf("%s: no header row", f->path);
			f->k->st->status = 1;
			break;
		}
		if (n == cap)
			b = xrealloc(b, cap *= 2);
	}
	csv_row_free(&row);
	free(b);
	return ok;
}

/* Handle the unit (line, or CSV record) at buf[start..start+len). */
static void
unit(struct file *f, size_t len, size_t taken, unsigned long lines)
{
	const char *s = f->buf + f->start;
	uint64_t off = f->off;
	unsigned long lineno = f->lineno + 1;

	/* Consumed from here on, whether written, held back or rejected. */
	f->start += taken;
	f->off += taken;
	f->lineno += lines;
	if (len > f->k->st->max_line) {
		struct reject_stream rs;

		f->k->st->in++;
		stage_reject_begin(f->k->st, &rs, input_of(f), lineno);
		stage_reject_bytes(&rs, s, len);
		stage_reject_end(&rs, len);
	} else if (f->fmt == FMT_CSV) {
		bool blank = f->row.nfields == 1 && f->row.fields[0].len == 0;

		if (!f->header) {
			if (!csv_header(f, &f->row)) {
				f->src.done = true;
				close_file(f);
			}
		} else if (!blank) {
			f->k->st->in++;
			csv_record(f, s, len, off, lineno);
		}
	} else {
		size_t n = len;

		if (n && s[n - 1] == '\r')
			n--;
		size_t k = 0;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k < n) {
			f->k->st->in++;
			if (f->fmt == FMT_TEXT)
				text_line(f, s, n, off, lineno);
			else
				json_line(f, s, n, off, lineno);
		}
	}
	/* A unit that wrote nothing still moves the position, unless a record is held. */
	if (!f->pending) {
		f->pos = f->off;
		f->pos_lineno = f->lineno;
	}
}

/* --follow at the end of the file: truncated?  a new file under the name? */
static bool
follow_check(struct file *f)
{
	struct stat sb, cur;

	if (fstat(f->fd, &cur) == 0 && f->regular &&
	    (uint64_t)cur.st_size < f->off + (f->end - f->start)) {
		weprintf("%s: file truncated", f->path);
		skip_end(f);
		if (lseek(f->fd, 0, SEEK_SET) < 0)
			eprintf("%s: seek:", f->path);
		f->start = f->end = 0;
		f->off = f->pos = 0;
		f->lineno = f->pos_lineno = 0;
		f->gen++;
		set_idpre(f);
		return true;
	}
	if (stat(f->path, &sb) == 0 && (sb.st_ino != f->ino || sb.st_dev != f->dev)) {
		/* Rotated: what is left of the old file ends here. */
		if (f->end > f->start)
			unit(f, f->end - f->start, f->end - f->start, 1);
		weprintf("%s: a new file under the name (rotated): reading it", f->path);
		close_file(f);
		f->gen = 0;
		return open_file(f);
	}
	return false;
}

static void
file_step(struct source *src)
{
	struct file *f = src->data;

	if (!f->opened) {
		if (!open_file(f)) {
			if (!src->done)
				source_wake_at(src, monotonic_ns() + FOLLOW_CHECK_NS);
			return;
		}
		if (f->fmt == FMT_CSV && f->off > 0 && !csv_header_at_start(f)) {
			close_file(f);
			src->done = true;
			return;
		}
	}
	for (int n = 0; n < BATCH;) {
		if (f->k->stopping() || src->done)
			return;
		if (f->pending) {
			int64_t now = monotonic_ns();

			if (now < f->pend_at) {
				source_wake_at(src, f->pend_at);
				return;
			}
			f->pending = false;
			f->k->emit(f->rec.p, f->rec.len, f->id.p, f->id.len);
			f->pos = f->pend_off;
			f->pos_lineno = f->pend_line;
			n++;
			continue;
		}
		size_t avail = f->end - f->start;
		if (f->skipping) {
			bool ended;
			size_t k = skip_scan(f, f->buf + f->start, avail, &ended);

			skip_bytes(f, f->buf + f->start, ended ? k - 1 : k);
			f->start += k;
			f->off += k;
			if (ended) {
				skip_end(f);
				f->pos = f->off;
				f->pos_lineno = f->lineno;
				n++;
				continue;
			}
		} else if (avail) {
			const char *s = f->buf + f->start;

			if (f->fmt == FMT_CSV) {
				size_t took = csv_parse(s, avail, false, &f->row);

				if (took) {
					size_t len = took;
					while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
						len--;
					unit(f, len, took, f->row.lines ? f->row.lines : 1);
					n++;
					continue;
				}
			} else {
				const char *nl = memchr(s, '\n', avail);

				if (nl) {
					size_t len = (size_t)(nl - s);
					unit(f, len, len + 1, 1);
					n++;
					continue;
				}
			}
			if (avail >= f->k->st->max_line) {
				skip_begin(f);
				continue;
			}
		}
		/* Need more input. */
		if (f->start > 0) {
			memmove(f->buf, f->buf + f->start, f->end - f->start);
			f->end -= f->start;
			f->start = 0;
		}
		if (f->end == f->cap) {
			f->cap *= 2;
			f->buf = xrealloc(f->buf, f->cap);
		}
		if (!f->regular) {
			struct pollfd pfd = {.fd = f->fd, .events = POLLIN};

			if (poll(&pfd, 1, 0) == 0)
				return; /* the loop waits on src->fd */
		}
		ssize_t r = read(f->fd, f->buf + f->end, f->cap - f->end);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			weprintf("%s: read error:", f->is_stdin ? "<stdin>" : f->path);
			f->k->st->status = 1;
			close_file(f);
			src->done = true;
			return;
		}
		if (r > 0) {
			f->end += (size_t)r;
			continue;
		}
		/* End of file. */
		if (f->o.follow && !f->is_stdin && f->regular) {
			if (follow_check(f)) {
				continue;
			}
			source_wake_at(src, monotonic_ns() + FOLLOW_CHECK_NS);
			return;
		}
		if (f->end > f->start && !f->skipping) {
			/* The last line has no line end. */
			size_t len = f->end - f->start;
			if (f->fmt == FMT_CSV && !csv_parse(f->buf + f->start, len, true, &f->row))
				f->row.nfields = 0;
			unit(f, len, len, 1);
			continue;
		}
		close_file(f);
		if (!f->pending)
			src->done = true;
		else
			source_wake_at(src, f->pend_at);
		return;
	}
	src->ready = true;
}

static json_t *
file_save(struct source *src)
{
	struct file *f = src->data;

	if (f->is_stdin || (!f->regular && f->opened) || (!f->opened && !f->resume && !f->pos))
		return NULL;
	if (f->resume) /* never opened: keep what the state said */
		return json_pack("{s:I, s:I, s:I, s:I}", "offset", (json_int_t)f->resume_off,
		                 "line", (json_int_t)f->resume_line, "dev",
		                 (json_int_t)f->resume_dev, "ino", (json_int_t)f->resume_ino);
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "offset", (json_int_t)f->pos, "line",
	                 (json_int_t)f->pos_lineno, "dev", (json_int_t)f->dev, "ino",
	                 (json_int_t)f->ino, "gen", (json_int_t)f->gen);
}

static void
file_load(struct source *src, json_t *pos)
{
	struct file *f = src->data;

	if (f->is_stdin)
		return;
	f->resume = true;
	f->resume_off = (uint64_t)json_integer_value(json_object_get(pos, "offset"));
	f->resume_line = (unsigned long)json_integer_value(json_object_get(pos, "line"));
	f->resume_dev = (dev_t)json_integer_value(json_object_get(pos, "dev"));
	f->resume_ino = (ino_t)json_integer_value(json_object_get(pos, "ino"));
	f->gen = (unsigned)json_integer_value(json_object_get(pos, "gen"));
}

static bool file_reads(struct source *src, dev_t dev, ino_t ino);

static const struct source_ops file_ops = {
    .step = file_step,
    .save = file_save,
    .load = file_load,
    .reads = file_reads,
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

struct source *
file_source(const char *spec, const struct file_opts *o, const struct sink *k)
{
	struct file *f = xcalloc(1, sizeof(*f));
	const char *path = spec;
	struct buf esc = {0};

	f->o = *o;
	f->k = k;
	if (!strncmp(spec, "text:", 5) || !strncmp(spec, "json:", 5)) {
		f->fmt = spec[0] == 't' ? FMT_TEXT : FMT_JSON;
		path = spec + 5;
	} else if (!strncmp(spec, "csv:", 4)) {
		f->fmt = FMT_CSV;
		path = spec + 4;
	} else if (f->o.format)
		f->fmt = !strcmp(f->o.format, "json")  ? FMT_JSON
		         : !strcmp(f->o.format, "csv") ? FMT_CSV
		                                       : FMT_TEXT;
	else if (ends_with(spec, ".csv"))
		f->fmt = FMT_CSV;
	else if (ends_with(spec, ".ndjson") || ends_with(spec, ".jsonl") ||
	         ends_with(spec, ".json") || f->o.nmap)
		f->fmt = FMT_JSON;
	if (!*path)
		stage_bad_option(f->k->st, spec, "no file name");
	f->path = xstrdup(path);
	f->is_stdin = !strcmp(path, "-");
	f->src.ops = &file_ops;
	f->src.data = f;
	f->src.fd = -1;
	f->src.ready = true;
	if (f->is_stdin)
		f->src.name = xstrdup("stdin");
	else {
		f->src.name = xmalloc(strlen(path) + 6);
		sprintf(f->src.name, "%s:%s", f->fmt == FMT_CSV ? "csv" : "file", path);
	}
	json_put_string(&esc, f->src.name, strlen(f->src.name), JSON_STR_COLLECT | JSON_STR_BARE);
	buf_addc(&esc, '\0');
	f->esc_name = esc.p;
	f->cap = 1 << 20;
	f->buf = xmalloc(f->cap);

	if (!strcmp(f->o.ts_from, "read"))
		f->ts_mode = TS_READ;
	else if (!strcmp(f->o.ts_from, "mtime"))
		f->ts_mode = TS_MTIME;
	else if (!strcmp(f->o.ts_from, "prefix"))
		f->ts_mode = TS_PREFIX;
	else {
		f->ts_mode = TS_FIELD;
		if (jsonpath_compile(&f->ts_path, f->o.ts_from))
			stage_bad_option(f->k->st, "--ts-from", "not a field: %s", f->o.ts_from);
	}
	if (f->ts_mode == TS_PREFIX && f->fmt != FMT_TEXT)
		stage_bad_option(f->k->st, "--ts-from", "prefix is for lines of text");
	f->paths = xcalloc(f->o.nmap + 1, sizeof(*f->paths));
	for (size_t i = 0; i < f->o.nmap; i++)
		if (jsonpath_compile(&f->paths[i], f->o.map_from[i]))
			stage_bad_option(f->k->st, "--map", "not a field: %s", f->o.map_from[i]);
	return &f->src;
}

static bool
file_reads(struct source *src, dev_t dev, ino_t ino)
{
	struct file *f = src->data;
	struct stat sb;

	return !f->is_stdin && stat(f->path, &sb) == 0 && sb.st_dev == dev && sb.st_ino == ino;
}
