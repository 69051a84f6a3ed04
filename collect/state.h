/*
 * state.h: the state file (each source's position and the output's
 * length at the last checkpoint, locked against a second run) and the
 * output file (appended to; a torn tail trimmed at a restart, and the
 * records already written after the last checkpoint skipped).
 */
#ifndef SENTIO_COLLECT_STATE_H
#define SENTIO_COLLECT_STATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Lock path (through path.lock) and read the positions it holds; exits on failure. */
void state_open(const char *path);
bool state_active(void);
/* The position saved for a source (borrowed), or NULL. */
json_t *state_position(const char *spec);
/* Write positions (spec -> position) and the output's length atomically. */
void state_save(json_t *positions);

/* Open path for appending as standard output, trimming a torn tail. */
void output_open(const char *path);
/* Was a record with this id written after the last checkpoint, before a restart? */
bool output_already_written(const char *id, size_t len);

#endif
