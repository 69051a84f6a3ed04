/*
 * term.c: the live terminal.  The chart is drawn on the alternate screen
 * with the cursor hidden and typed keys not echoed; all three are put
 * back however the program ends (end of input, Ctrl-C, SIGTERM, an
 * error, Ctrl-Z for the while it is stopped).  A resize sets a flag the
 * drawing loop looks at.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "output.h"
#include "plot.h"
#include "util.h"

#define ENTER "\033[?1049h\033[?25l\033[H\033[2J"
#define LEAVE "\033[0m\033[?25h\033[?1049l"

static volatile sig_atomic_t entered, resized;
static bool have_termios, registered;
static struct termios saved;

/* Raw writes: these also run at exit and in signal handlers, where buffers are no place. */
static void
raw_write(const char *s)
{
	(void)write_all(STDOUT_FILENO, s, strlen(s)); /* nothing to be done at exit */
}

static void
screen_on(void)
{
	raw_write(ENTER);
	if (have_termios) {
		struct termios t = saved;

		t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDOUT_FILENO, TCSANOW, &t);
	}
	entered = 1;
}

static void
screen_off(void)
{
	if (!entered)
		return;
	entered = 0;
	raw_write(LEAVE);
	if (have_termios)
		tcsetattr(STDOUT_FILENO, TCSANOW, &saved);
}

static void
at_exit(void)
{
	screen_off(); /* no flushing here: an exit may come from a failed write */
}

static void
on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void
on_tstp(int sig)
{
	int e = errno;

	screen_off();
	signal(sig, SIG_DFL);
	raise(sig); /* stops here until SIGCONT */
	errno = e;
}

static void
on_cont(int sig)
{
	struct sigaction sa;
	int e = errno;

	(void)sig;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tstp;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, NULL);
	if (!entered)
		screen_on();
	resized = 1; /* draw the whole frame again */
	errno = e;
}

void
term_enter(void)
{
	struct sigaction sa;

	out_flush();
	have_termios = isatty(STDOUT_FILENO) && tcgetattr(STDOUT_FILENO, &saved) == 0;
	if (!registered) {
		atexit(at_exit);
		registered = true;
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, NULL);
	screen_on();
}

void
term_leave(void)
{
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGCONT);
	sigprocmask(SIG_BLOCK, &block, &old);
	out_flush();
	screen_off();
	signal(SIGTSTP, SIG_DFL);
	signal(SIGCONT, SIG_DFL);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

bool
term_size(int *w, int *h)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || !ws.ws_col || !ws.ws_row)
		return false;
	*w = ws.ws_col;
	*h = ws.ws_row;
	return true;
}

bool
term_resized(void)
{
	bool r = resized;

	resized = 0;
	return r;
}
