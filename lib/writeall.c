/* writeall.c: write a whole buffer to a descriptor. */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "util.h"

int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				/* an inherited non-blocking descriptor: wait until it takes more */
				struct pollfd pfd = {fd, POLLOUT, 0};

				poll(&pfd, 1, -1);
				continue;
			}
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
