/* check.h: the little the unit tests share: a counted CHECK and a summary line. */
#ifndef SENTIO_CHECK_H
#define SENTIO_CHECK_H

#include <stdio.h>

static int failures, checks;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		checks++;                                                                          \
		if (!(cond)) {                                                                     \
			failures++;                                                                \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#endif
