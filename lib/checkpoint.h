/*
 * checkpoint.h: the state file of a resumable run (--state FILE) and the
 * files it appends to (--output FILE, --rejects, window's --late), the one
 * mechanism of sentio-collect and of the stages that read files.
 *
 * The state file is a JSON object, locked through FILE.lock for the whole
 * run (a second run exits 1 at once).  A checkpoint writes it after what
 * it covers: first the output and every tracked file are flushed (by the
 * caller) and synced, then their lengths go into the state with the
 * members the caller set (inputs' positions, a stage's own state), into
 * FILE.tmp, synced, renamed over FILE.  A reader sees the old state or the
 * new one.  At a restart, what a killed run appended after its last
 * checkpoint is cut off (the output's "tail"), so the records it held come
 * again from the inputs and are written once.
 */
#ifndef SENTIO_CHECKPOINT_H
#define SENTIO_CHECKPOINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Lock path (through path.lock; busy: exit 1 with a message) and load it
 * (a missing file is an empty state).  who is the program's name, kept in
 * the state: the state of another program is refused.
 */
void ckpt_open(const char *path, const char *who);
bool ckpt_active(void);
/* Was there no state file at ckpt_open()? */
bool ckpt_new(void);
/* A member of the state as loaded (borrowed), or NULL. */
json_t *ckpt_get(const char *member);
/* Set a member for the next checkpoint (the reference is stolen). */
void ckpt_set(const char *member, json_t *v);

/*
 * What to do with an output's bytes past the length of the last checkpoint
 * ([from, size) of fd): NULL cuts them off (a stage that will write them
 * again).
 */
typedef void (*ckpt_tail_fn)(int fd, off_t from, off_t size, const char *path);

/*
 * Open path for appending as standard output.  With a state, its tail past
 * the last checkpoint goes to tail (or is cut); in any case a last line
 * without its line end (a record cut in two) is cut.
 */
void ckpt_output_open(const char *path, ckpt_tail_fn tail);
/* The output's length to record instead of its size (collect: -1 for its size). */
void ckpt_output_hold(off_t len);

/*
 * Another file appended to through fd (rejects, late records), which
 * others may append to as well: cut back to its length at the last
 * checkpoint when that was not the last of a run that finished (see
 * ckpt_running()), and kept in the next checkpoints.
 */
void ckpt_track(const char *path, int fd);
/*
 * Mark the next checkpoints as those of a run under way (true: the first,
 * before anything is written) or of a run that finished (false: the last).
 * A state without the mark is taken as one of a run that did not finish.
 */
void ckpt_running(bool running);

/* Sync the output and the tracked files, then write the state (fatal on failure). */
void ckpt_save(void);

/*
 * An input file's position: its device, inode and the offset and line
 * number read up to.  ckpt_input_resume() finds where to start reading fd
 * (opened as path): the saved position, or 0 (with a message) when the
 * file is not the one of the last run (rotated) or is shorter (truncated).
 */
struct ckpt_pos {
	uint64_t dev, ino;
	uint64_t offset;
	unsigned long lineno;
};
void ckpt_input_resume(const char *path, int fd, struct ckpt_pos *pos);
/* Record pos for path in the "inputs" member, for the next checkpoint. */
void ckpt_input_set(const char *path, const struct ckpt_pos *pos);

/* Parse a saved position (0), or -1 when it is not one.  Pure. */
int ckpt_pos_from_json(const json_t *j, struct ckpt_pos *pos);
json_t *ckpt_pos_to_json(const struct ckpt_pos *pos);
/*
 * Where to resume a file now of (dev, ino, size) from saved: 0 when it is
 * the same file, no shorter; 1 when it is another file; 2 when shorter.
 * Pure.
 */
int ckpt_pos_check(const struct ckpt_pos *saved, uint64_t dev, uint64_t ino, uint64_t size);

/* A byte position after the last '\n' of fd's first size bytes (0 when none). */
off_t ckpt_last_line_end(int fd, off_t size, const char *path);

#endif
