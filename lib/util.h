/* util.h: error reporting and checked allocation, shared by every stage. */
#ifndef SENTIO_UTIL_H
#define SENTIO_UTIL_H

#include <stddef.h>

/* The program's name for messages ("sentio-score"); set by stage_init(). */
extern const char *argv0;

/*
 * Print "argv0: message" on stderr.  When fmt ends in ':', a space and
 * strerror(errno) are appended, as in suckless sbase.
 */
void weprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Called before each message on stderr, when set (progress.c erases its line). */
extern void (*warn_hook)(void);
/* weprintf(), then exit with status 1. */
_Noreturn void eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * Write all n bytes of buf to fd, retrying after signals and waiting on a
 * non-blocking descriptor; safe in a signal handler.  0, or -1 and errno.
 */
int write_all(int fd, const void *buf, size_t n);

/* The value of a hexadecimal digit, or -1. */
int hex_digit(int c);

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
