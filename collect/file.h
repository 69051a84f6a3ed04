/* file.h: files and standard input (lines of text, JSON lines, CSV) as sources. */
#ifndef SENTIO_COLLECT_FILE_H
#define SENTIO_COLLECT_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

struct file_opts {
	const char *format;        /* text, json, csv, or NULL: by the name's extension */
	const char *ts_from;       /* read, mtime, prefix, or a field of JSON lines */
	char **map_from, **map_to; /* --map TO=FROM pairs */
	size_t nmap;
	const char *text_column, *time_column, *id_column; /* CSV; NULL: the defaults */
	bool follow;                                       /* tail -F */
	bool from_end;  /* start regular files at their end (tail -n 0); a state's position wins */
	double replay;  /* pace by time stamps (0: off) */
	bool hold_tail; /* --state: an unterminated last line waits for the next run */
};

/* A file source for FILE, -, text:FILE, json:FILE or csv:FILE (never NULL). */
struct source *file_source(const char *spec, const struct file_opts *o, const struct sink *k);

#endif
