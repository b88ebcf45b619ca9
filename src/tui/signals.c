#include "config.h"

#include "tui/console.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui/provide_curses.h"

/*
 * The signals the console lives through (resize, stop, continue) and those that end it
 * (interrupt, terminate, hang-up, quit) only write their number to a self-pipe: the loop acts on
 * them where it is safe to. A crash cannot wait for the loop: its handler puts the terminal back
 * from what was prepared at start, with async-signal-safe calls only, then lets the crash go on.
 */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT };
static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction saved[COUNT(caught)], saved_crash[COUNT(crashes)];

static volatile sig_atomic_t sig_fd = -1;

/* What the crash handler writes and sets: prepared while curses still works. */
static volatile sig_atomic_t rescue_fd = -1;
static struct termios rescue_termios;
static bool rescue_have_termios;
static char rescue_seq[256];
static size_t rescue_len;

static void on_signal(int sig)
{
	int saved_errno = errno;
	unsigned char c = (unsigned char)sig;
	ssize_t n = write(sig_fd, &c, 1);

	(void)n;   /* a full pipe already holds a wake-up */
	errno = saved_errno;
}

static void on_crash(int sig, siginfo_t *info, void *context)
{
	int fd = rescue_fd;
	struct sigaction dfl;

	(void)context;
	if (fd >= 0) {
		ssize_t n;

		tcsetattr(fd, TCSANOW, &rescue_termios);
		n = write(fd, rescue_seq, rescue_len);
		(void)n;   /* nothing more can be done about it here */
	}
	/*
	 * A real fault happens again when this handler returns, and then meets the handler that was
	 * there before (a sanitizer's report, or the default action) with its true context.
	 */
	for (size_t i = 0; i < COUNT(crashes); i++) {
		if (crashes[i] == sig && info && info->si_code > 0 && sig != SIGABRT) {
			sigaction(sig, &saved_crash[i], NULL);
			return;
		}
	}
	/* Sent by someone, or an abort: die of it. Blocked while this runs, it lands on the way out. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

int signals_install(struct tui *t)
{
	struct sigaction sa;

	if (pipe2(t->sigpipe, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	sig_fd = t->sigpipe[1];
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* A resize storm must not fail a write to the audit log or the terminal half-way. */
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < COUNT(caught); i++) {
		sigaction(caught[i], NULL, &saved[i]);
		/* Started where there is no job control (SIGTSTP ignored): Ctrl-Z stays ignored. */
		if (caught[i] == SIGTSTP && saved[i].sa_handler == SIG_IGN)
			continue;
		sigaction(caught[i], &sa, NULL);
	}
	sa.sa_flags = SA_SIGINFO;
	sa.sa_sigaction = on_crash;
	for (size_t i = 0; i < COUNT(crashes); i++)
		sigaction(crashes[i], &sa, &saved_crash[i]);
	return 0;
}

void signals_restore(struct tui *t)
{
	if (sig_fd < 0)
		return;
	rescue_fd = -1;
	for (size_t i = 0; i < COUNT(crashes); i++)
		sigaction(crashes[i], &saved_crash[i], NULL);
	for (size_t i = 0; i < COUNT(caught); i++)
		sigaction(caught[i], &saved[i], NULL);
	sig_fd = -1;
	close(t->sigpipe[0]);
	close(t->sigpipe[1]);
}

bool signals_ends(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT;
}

void signals_stop(void)
{
	struct sigaction dfl, ours;
	sigset_t ttou, old;

	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	/* A shell that took the terminal back first must not stop us in the middle of endwin. */
	sigprocmask(SIG_BLOCK, &ttou, &old);
	endwin();
	sigprocmask(SIG_SETMASK, &old, NULL);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &ours);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &ours, NULL);
}

void signals_rescue_save(int fd)
{
	rescue_have_termios = tcgetattr(fd, &rescue_termios) == 0;
}

/* Appends a terminfo string, its padding ("$<5>") left out; one that does not fit is left out whole. */
static void rescue_add(const char *cap)
{
	char buf[64];
	size_t n = 0;

	if (!cap || cap == (const char *)-1)
		return;
	for (const char *p = cap; *p; p++) {
		const char *end = p[0] == '$' && p[1] == '<' ? strchr(p, '>') : NULL;

		if (end) {
			p = end;
			continue;
		}
		if (n == sizeof(buf))
			return;
		buf[n++] = *p;
	}
	if (n > sizeof(rescue_seq) - rescue_len)
		return;
	memcpy(rescue_seq + rescue_len, buf, n);
	rescue_len += n;
}

void signals_rescue_arm(int fd, bool mouse)
{
	const char *xm = tigetstr("XM");

	if (!rescue_have_termios)
		return;
	rescue_len = 0;
	rescue_add(TUI_PASTE_OFF);
	if (mouse)
		rescue_add(xm && xm != (const char *)-1 ? tiparm(xm, 0) : "\033[?1000l");
	rescue_add(tigetstr("sgr0"));
	rescue_add(tigetstr("op"));
	rescue_add(tigetstr("cnorm"));
	rescue_add(tigetstr("rmkx"));
	rescue_add(tigetstr("rmcup"));
	rescue_fd = fd;
}

void signals_rescue_disarm(void)
{
	rescue_fd = -1;
}
