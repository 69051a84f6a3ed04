/*
 * format.c: the formats of files.  A line of text is written without
 * building a JSON value (the fast path); a line of JSON is parsed as
 * every stage parses one, its id, ts, source and text taken from where
 * --map and --ts-from say; a CSV record is named by the header row.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "json.h"
#include "reader.h"
#include "timestamp.h"
#include "utf8.h"

/* The time read, formatted once a millisecond. */
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

/* The id of the unit at offset off, in fm->id (NUL-terminated). */
static void
make_id(struct format *fm, const char *idpre, uint64_t off)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, off);

	fm->id.len = 0;
	buf_adds(&fm->id, idpre);
	buf_add(&fm->id, digits, (size_t)n);
	buf_addc(&fm->id, '\0');
	fm->id.len--;
}

static void
reject(struct format *fm, unsigned long lineno, const char *raw, size_t len, const char *why)
{
	stage_reject_input(fm->k->st, fm->input, lineno, raw, len, "%s", why);
}

/* A line of text: the fast path, written without building a JSON value. */
static enum unit_result
text_line(struct format *fm, const char *s, size_t len, size_t rawlen, const char *idpre,
          uint64_t off, unsigned long lineno, int64_t mtime_ns)
{
	char tsbuf[RFC3339_LEN];
	const char *ts;
	int64_t ns;

	if (fm->ts_mode == TS_PREFIX) {
		size_t k = 0, at = 0;

		/* The time ends at the first blank, or the second when the first splits date and
		 * time. */
		for (int tries = 0; tries < 2 && !at; tries++) {
			while (k < len && s[k] != ' ' && s[k] != '\t')
				k++;
			if (k && !datetime_parse(s, k, &ns))
				at = k;
			else
				k++;
		}
		if (!at) {
			reject(fm, lineno, s, rawlen, "no RFC 3339 time at the start of the line");
			return UNIT_NONE;
		}
		while (at < len && (s[at] == ' ' || s[at] == '\t'))
			at++;
		s += at;
		len -= at;
		ts = rfc3339_format(ns, tsbuf);
	} else if (fm->ts_mode == TS_MTIME)
		ts = rfc3339_format(ns = mtime_ns, tsbuf);
	else
		ts = ts_read(&ns);
	make_id(fm, idpre, off);
	fm->rec.len = 0;
	buf_add(&fm->rec, "{\"id\":\"", 7);
	json_put_string(&fm->rec, fm->id.p, fm->id.len, JSON_STR_COLLECT | JSON_STR_BARE);
	buf_add(&fm->rec, "\",\"ts\":\"", 8);
	buf_adds(&fm->rec, ts);
	buf_add(&fm->rec, "\",\"source\":\"", 12);
	buf_adds(&fm->rec, fm->esc_name);
	buf_add(&fm->rec, "\",\"text\":\"", 10);
	if (json_put_string(&fm->rec, s, len, JSON_STR_COLLECT | JSON_STR_BARE))
		fm->k->st->utf8_repaired++;
	buf_add(&fm->rec, "\"}\n", 3);
	fm->ts = ns;
	return UNIT_RECORD;
}

static json_t *
get_mapped(struct format *fm, json_t *obj, const char *field)
{
	for (size_t i = 0; i < fm->o->nmap; i++)
		if (!strcmp(fm->o->map_to[i], field))
			return jsonpath_get(obj, &fm->paths[i]);
	if (!strcmp(field, "ts") && fm->ts_mode == TS_FIELD)
		return jsonpath_get(obj, &fm->ts_path);
	return json_object_get(obj, field);
}

/* Is key a top-level field that --map (or --ts-from) moved elsewhere? */
static bool
moved(struct format *fm, const char *key)
{
	for (size_t i = 0; i < fm->o->nmap; i++)
		if (fm->paths[i].nkeys == 1 && !strcmp(fm->paths[i].keys[0], key))
			return true;
	return fm->ts_mode == TS_FIELD && fm->ts_path.nkeys == 1 &&
	       !strcmp(fm->ts_path.keys[0], key);
}

static bool
is_core(const char *key)
{
	return !strcmp(key, "id") || !strcmp(key, "ts") || !strcmp(key, "source") ||
	       !strcmp(key, "text");
}

/* The record out as fm->rec, its id as fm->id. */
static void
put_json(struct format *fm, json_t *out)
{
	static char *text;
	static size_t cap;
	size_t n = json_dump_to(out, &text, &cap, JSON_COMPACT);
	const char *id = json_string_value(json_object_get(out, "id"));

	fm->rec.len = 0;
	buf_add(&fm->rec, text, n);
	buf_addc(&fm->rec, '\n');
	fm->id.len = 0;
	buf_adds(&fm->id, id);
	buf_addc(&fm->id, '\0');
	fm->id.len--;
}

static enum unit_result
json_line(struct format *fm, const char *s, size_t len, const char *idpre, uint64_t off,
          unsigned long lineno, int64_t mtime_ns)
{
	/* Parsed as every stage parses a line (stage_parse rejects and counts what fails). */
	struct record rec = {.raw = s, .len = len, .input = fm->input, .lineno = lineno};
	json_t *in = stage_parse(fm->k->st, &rec), *out, *v;
	const char *why = NULL, *key;
	static const char **skip;
	static size_t skipcap;
	size_t nskip;
	char tsbuf[RFC3339_LEN], detail[300];
	int64_t ns;

	if (!in)
		return UNIT_NONE;
	out = json_object();
	v = get_mapped(fm, in, "id");
	if (json_is_string(v))
		json_object_set(out, "id", v);
	else if (json_is_integer(v)) {
		char num[32];

		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		json_object_set_new(out, "id", json_string(num));
	} else if (!v || json_is_null(v)) {
		make_id(fm, idpre, off);
		json_object_set_new(out, "id", json_stringn(fm->id.p, fm->id.len));
	} else {
		why = "id is not a string or an integer";
		goto bad;
	}
	v = get_mapped(fm, in, "ts");
	if (v && !json_is_null(v)) {
		const char *tswhy;

		if (timestamp_from_json(v, &ns, &tswhy)) {
			snprintf(detail, sizeof(detail), "ts: %s", tswhy);
			why = detail;
			goto bad;
		}
		rfc3339_format(ns, tsbuf);
	} else if (fm->ts_mode == TS_MTIME)
		rfc3339_format(ns = mtime_ns, tsbuf);
	else
		memcpy(tsbuf, ts_read(&ns), RFC3339_LEN);
	json_object_set_new(out, "ts", json_string(tsbuf));
	v = get_mapped(fm, in, "source");
	json_object_set_new(out, "source",
	                    json_is_string(v) ? json_incref(v) : json_string(fm->name));
	v = get_mapped(fm, in, "text");
	if (!json_is_string(v)) {
		why = v ? "the text is not a string" : "no text field (--map text=FIELD names one)";
		goto bad;
	}
	json_object_set(out, "text", v);
	for (size_t i = 0; i < fm->o->nmap; i++)
		if (!is_core(fm->o->map_to[i]) && (v = jsonpath_get(in, &fm->paths[i])))
			json_object_set(out, fm->o->map_to[i], v);
	/* The other fields follow as they came, byte for byte (4.1 stays 4.1, "\/" stays). */
	if (json_object_size(in) + 1 > skipcap) {
		skipcap = json_object_size(in) + 1;
		skip = xrealloc(skip, skipcap * sizeof(*skip));
	}
	nskip = 0;
	json_object_foreach(in, key, v)
	{
		if (is_core(key) || moved(fm, key) || json_object_get(out, key))
			skip[nskip++] = key;
	}
	skip[nskip] = NULL;
	put_json(fm, out);
	fm->copy.len = 0;
	if (json_copy_members(&fm->copy, s, len, skip) > 0) {
		fm->rec.len -= 2; /* the closing brace and the line end */
		buf_addc(&fm->rec, ',');
		buf_add(&fm->rec, fm->copy.p + 1, fm->copy.len - 1);
		buf_add(&fm->rec, "}\n", 2);
	}
	json_decref(out);
	json_decref(in);
	fm->ts = ns;
	return UNIT_RECORD;
bad:
	reject(fm, lineno, s, len, why);
	json_decref(out);
	json_decref(in);
	return UNIT_NONE;
}

static json_t *
string_value(struct format *fm, const struct buf *b)
{
	if (utf8_valid(b->p ? b->p : "", b->len))
		return json_stringn(b->p ? b->p : "", b->len);
	size_t n, nrepl;
	char *fixed = utf8_repair(b->p, b->len, &n, &nrepl);
	json_t *v = json_stringn(fixed, n);

	fm->k->st->utf8_repaired++;
	free(fixed);
	return v;
}

static long
column(struct format *fm, const char *name)
{
	for (size_t i = 0; i < fm->nheader; i++)
		if (!strcmp(fm->header[i], name))
			return (long)i;
	return -1;
}

bool
format_header(struct format *fm, const struct csv_row *row)
{
	const struct file_opts *o = fm->o;
	const char *text = o->text_column ? o->text_column : "text";

	format_forget_header(fm);
	fm->nheader = row->nfields;
	fm->header = xcalloc(row->nfields, sizeof(char *));
	for (size_t i = 0; i < row->nfields; i++) {
		struct buf *b = &row->fields[i];
		size_t k = 0;

		/* A byte order mark before the first name is not part of it. */
		if (i == 0 && b->len >= 3 && !memcmp(b->p, "\xef\xbb\xbf", 3))
			k = 3;
		fm->header[i] = xstrndup(b->p ? b->p + k : "", b->len - k);
	}
	fm->text_col = column(fm, text);
	fm->time_col = o->time_column ? column(fm, o->time_column) : -1;
	fm->id_col = o->id_column ? column(fm, o->id_column) : -1;
	if (fm->text_col < 0 || (o->time_column && fm->time_col < 0) ||
	    (o->id_column && fm->id_col < 0)) {
		weprintf("%s: no column \"%s\" in the header row", fm->input,
		         fm->text_col < 0                     ? text
		         : fm->time_col < 0 && o->time_column ? o->time_column
		                                              : o->id_column);
		fm->k->st->status = 1;
		return false;
	}
	return true;
}

void
format_forget_header(struct format *fm)
{
	if (!fm->header)
		return;
	for (size_t i = 0; i < fm->nheader; i++)
		free(fm->header[i]);
	free(fm->header);
	fm->header = NULL;
	fm->nheader = 0;
}

static enum unit_result
csv_record(struct format *fm, const struct csv_row *row, const char *raw, size_t rawlen,
           const char *idpre, uint64_t off, unsigned long lineno, int64_t mtime_ns)
{
	char tsbuf[RFC3339_LEN], detail[160];
	json_t *out;
	int64_t ns;

	if (row->nfields != fm->nheader) {
		snprintf(detail, sizeof(detail), "%zu fields where the header has %zu",
		         row->nfields, fm->nheader);
		reject(fm, lineno, raw, rawlen, detail);
		return UNIT_NONE;
	}
	out = json_object();
	if (fm->id_col >= 0 && row->fields[fm->id_col].len)
		json_object_set_new(out, "id", string_value(fm, &row->fields[fm->id_col]));
	else {
		make_id(fm, idpre, off);
		json_object_set_new(out, "id", json_stringn(fm->id.p, fm->id.len));
	}
	if (fm->time_col >= 0) {
		const struct buf *cell = &row->fields[fm->time_col];
		const char *tswhy = "empty";

		if (!cell->len || timestamp_parse(cell->p, cell->len, &ns, &tswhy)) {
			snprintf(detail, sizeof(detail), "column %s: not a time: %s",
			         fm->header[fm->time_col], tswhy);
			reject(fm, lineno, raw, rawlen, detail);
			json_decref(out);
			return UNIT_NONE;
		}
		rfc3339_format(ns, tsbuf);
	} else if (fm->ts_mode == TS_MTIME)
		rfc3339_format(ns = mtime_ns, tsbuf);
	else
		memcpy(tsbuf, ts_read(&ns), RFC3339_LEN);
	json_object_set_new(out, "ts", json_string(tsbuf));
	json_object_set_new(out, "source", json_string(fm->name));
	json_object_set_new(out, "text", string_value(fm, &row->fields[fm->text_col]));
	for (size_t i = 0; i < fm->nheader; i++) {
		if ((long)i == fm->text_col || (long)i == fm->time_col || (long)i == fm->id_col ||
		    is_core(fm->header[i]) || !*fm->header[i] ||
		    json_object_get(out, fm->header[i]))
			continue;
		json_object_set_new(out, fm->header[i], string_value(fm, &row->fields[i]));
	}
	put_json(fm, out);
	json_decref(out);
	fm->ts = ns;
	return UNIT_RECORD;
}

enum unit_result
format_unit(struct format *fm, const char *s, size_t len, const struct csv_row *row,
            const char *idpre, uint64_t off, unsigned long lineno, int64_t mtime_ns)
{
	if (fm->fmt == FMT_CSV && !fm->header)
		return format_header(fm, row) ? UNIT_NONE : UNIT_BAD_HEADER;
	/* A unit of blanks holds no record, as for every stage (lib/reader.h). */
	if (line_blank(s, len))
		return UNIT_NONE;
	fm->k->st->in++;
	if (fm->fmt == FMT_CSV)
		return csv_record(fm, row, s, len, idpre, off, lineno, mtime_ns);
	if (fm->fmt == FMT_JSON)
		return json_line(fm, s, len, idpre, off, lineno, mtime_ns);
	/* A CR ending a line of text (a CRLF file) is not part of the text; rejects keep it. */
	return text_line(fm, s, len - (s[len - 1] == '\r'), len, idpre, off, lineno, mtime_ns);
}

void
format_init(struct format *fm, enum file_format fmt, const char *input, const char *name,
            const struct file_opts *o, const struct sink *k)
{
	struct buf esc = {0};

	*fm = (struct format){.fmt = fmt, .o = o, .k = k, .input = input, .name = name};
	json_put_string(&esc, name, strlen(name), JSON_STR_COLLECT | JSON_STR_BARE);
	buf_addc(&esc, '\0');
	fm->esc_name = esc.p;
	if (!strcmp(o->ts_from, "read"))
		fm->ts_mode = TS_READ;
	else if (!strcmp(o->ts_from, "mtime"))
		fm->ts_mode = TS_MTIME;
	else if (!strcmp(o->ts_from, "prefix"))
		fm->ts_mode = TS_PREFIX;
	else {
		fm->ts_mode = TS_FIELD;
		if (jsonpath_compile(&fm->ts_path, o->ts_from))
			stage_bad_option(k->st, "--ts-from", "not a field: %s", o->ts_from);
	}
	if (fm->ts_mode == TS_PREFIX && fmt != FMT_TEXT)
		stage_bad_option(k->st, "--ts-from", "prefix is for lines of text");
	fm->paths = xcalloc(o->nmap + 1, sizeof(*fm->paths));
	for (size_t i = 0; i < o->nmap; i++)
		if (jsonpath_compile(&fm->paths[i], o->map_from[i]))
			stage_bad_option(k->st, "--map", "not a field: %s", o->map_from[i]);
}
