#include "collect.h"
struct source *
receiver_source(const char *spec)
{
	(void)spec;
	return NULL;
}
size_t
receiver_waitfds(struct curl_waitfd *fds, size_t max, int64_t *t)
{
	(void)fds;
	(void)max;
	(void)t;
	return 0;
}
void
receiver_run(void)
{
}
