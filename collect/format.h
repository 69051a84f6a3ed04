/*
 * format.h: what a unit of a file becomes: a line of text, a line of JSON
 * (its fields moved by --map and --ts-from), or a CSV record named by the
 * header row.  Each record is {id, ts, source, text, ...}: its id is the
 * file's id prefix and the unit's byte offset, unless the data gives one.
 */
#ifndef SENTIO_COLLECT_FORMAT_H
#define SENTIO_COLLECT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "csv.h"
#include "file.h"
#include "jsonpath.h"

enum file_format { FMT_TEXT, FMT_JSON, FMT_CSV };
enum ts_mode { TS_READ, TS_MTIME, TS_PREFIX, TS_FIELD };

struct format {
	enum file_format fmt;
	const struct file_opts *o;
	const struct sink *k;
	const char *input; /* for messages and rejects: the path, or "-" */
	const char *name;  /* the records' "source" */
	char *esc_name;    /* name as the inside of a JSON string */
	enum ts_mode ts_mode;
	struct jsonpath *paths; /* compiled --map sources */
	struct jsonpath ts_path;

	/* CSV: the header row's names, and which columns are text, time and id. */
	char **header;
	size_t nheader;
	long text_col, time_col, id_col;

	/* The record made by format_unit(): its text, id and time. */
	struct buf rec, id, copy;
	int64_t ts;
};

/* Set fm up; a wrong --ts-from or --map is a usage error. */
void format_init(struct format *fm, enum file_format fmt, const char *input, const char *name,
                 const struct file_opts *o, const struct sink *k);

/* CSV: take row as the header row.  False (said, status 1) when a column named is not in it. */
bool format_header(struct format *fm, const struct csv_row *row);
/* CSV: forget the header row (a file opened again reads it again). */
void format_forget_header(struct format *fm);

enum unit_result {
	UNIT_NONE,      /* no record: blank, a header row, or rejected (reported and counted) */
	UNIT_RECORD,    /* a record is in fm->rec, its id in fm->id, its time in fm->ts */
	UNIT_BAD_HEADER /* a CSV header row without a column named: the file cannot be read */
};

/*
 * A unit s[0..len): a line without its '\n', or a CSV record (parsed in
 * row) without its line end, at byte offset off and line lineno of a file
 * whose ids begin with idpre (mtime_ns for --ts-from mtime).  A unit of
 * blanks (space, tab, CR) is no input; any other is counted as one.  A
 * CSV file's first unit is its header row.
 */
enum unit_result format_unit(struct format *fm, const char *s, size_t len,
                             const struct csv_row *row, const char *idpre, uint64_t off,
                             unsigned long lineno, int64_t mtime_ns);

#endif
