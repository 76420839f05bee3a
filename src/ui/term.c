/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Terminal set-up and restore. Signal handlers only set flags, except the crash handler, which
 * restores the terminal with async-signal-safe calls and dies by the same signal. Every key is
 * read through term_getch, which wakes up each second for the journal and tells a timeout
 * from a terminal that went away. Display width is decided here once and given to ncurses too
 * (wcwidth is defined in this program), so the screen model and the terminal agree about
 * ○ ① ※ Ⅱ and box characters. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <term.h>

#include "piaform/i18n.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"
#include "term.h"

volatile sig_atomic_t term_hangup;
volatile sig_atomic_t term_interrupted;

static int ambi = 1;
static bool active;
static bool color;
static SCREEN *screen;
static int in_fd = -1, out_fd = -1; /* the terminal ncurses reads and writes */
static struct termios shell_modes; /* as the shell left the terminal */
static bool have_shell_modes;
static char reset_seq[512]; /* what puts the terminal back, ready for the crash handler */
static size_t reset_len;
static volatile sig_atomic_t crash_restore; /* curses owns the terminal now */
static void (*idle_hook)(void *);
static void *idle_arg;

static void
on_hangup(int sig)
{
	term_hangup = sig;
}

static void
on_interrupt(int sig)
{
	(void)sig;
	term_interrupted = 1;
}

/* A crash: only async-signal-safe calls. The handler was reset to the default on entry, so
 * the re-raised signal (or the faulting instruction, run again) ends the process as before;
 * what was typed is in the journal already. */
static void
on_crash(int sig)
{
	int saved = errno;

	if (crash_restore) {
		crash_restore = 0;
		if (write(out_fd, reset_seq, reset_len) < 0) {
			/* nothing more can be done here */
		}
		if (have_shell_modes)
			(void)tcsetattr(in_fd, TCSANOW, &shell_modes);
	}
	errno = saved;
	raise(sig);
}

/* Append a terminfo capability without its padding ($<5>) to the crash reset sequence. */
static void
reset_add(const char *cap)
{
	const char *s = cap;

	if (s == NULL || s == (char *)-1)
		return;
	while (*s != '\0' && reset_len + 1 < sizeof reset_seq) {
		if (s[0] == '$' && s[1] == '<' && strchr(s, '>') != NULL) {
			s = strchr(s, '>') + 1;
			continue;
		}
		reset_seq[reset_len++] = *s++;
	}
}

void
term_set_idle(void (*fn)(void *), void *arg)
{
	idle_hook = fn;
	idle_arg = arg;
}

/* True when the terminal is gone: hung up, closed, or in error. */
static bool
input_gone(void)
{
	struct pollfd p = { in_fd, POLLIN, 0 };

	if (in_fd < 0 || poll(&p, 1, 0) < 0)
		return false;
	return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

int
term_getch(void)
{
	static int quick; /* ERRs in a row that came before their timeout */
	struct timespec t0;
	int c;

	for (;;) {
		if (term_hangup)
			return ERR;
		if (term_interrupted) {
			term_interrupted = 0;
			return KEY_INTERRUPT;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		timeout(1000);
		c = getch();
		timeout(-1);
		if (c != ERR) {
			quick = 0;
			return c;
		}
		if (term_hangup || term_interrupted)
			continue;
		/* a closed terminal makes every read fail at once: without this check the loop
		 * would spin at full speed after an SSH drop that sent no SIGHUP */
		if (input_gone() || (elapsed_ms(&t0) < 100 && ++quick >= 10)) {
			term_hangup = SIGHUP;
			return ERR;
		}
		if (elapsed_ms(&t0) >= 100)
			quick = 0;
		if (idle_hook != NULL)
			idle_hook(idle_arg);
	}
}

int
term_ambiwidth(void)
{
	return ambi;
}

int
term_cp_width(unsigned cp)
{
	/* controls are not printable: ncurses shows them as ^X itself */
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return cp == 0 ? 0 : -1;
	return width_char((int32_t)cp, ambi);
}

/* ncursesw asks wcwidth() how wide a character is; answer as the layout does. */
int
wcwidth(wchar_t wc)
{
	return term_cp_width((unsigned)wc);
}

int
term_probe_ambiwidth(void)
{
	struct termios saved, raw;
	char buf[64];
	size_t n = 0;
	int fd, col = 0, row = 0, result = 1;
	struct pollfd p;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	if (tcgetattr(fd, &saved) != 0)
		goto out;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) != 0)
		goto out;
	/* draw ○ at column 1 and ask where the cursor went; then wipe it */
	if (write(fd, "\r\xe2\x97\x8b\x1b[6n", 9) != 9)
		goto restore;
	p.fd = fd;
	p.events = POLLIN;
	while (n < sizeof buf - 1 && poll(&p, 1, 300) > 0) {
		ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		if (strchr(buf, 'R') != NULL)
			break;
	}
	{
		char *esc = strstr(buf, "\x1b[");
		if (esc != NULL && sscanf(esc, "\x1b[%d;%dR", &row, &col) == 2)
			result = col >= 4 ? 2 : 1;
	}
	(void)!write(fd, "\r  \r", 4);
restore:
	tcsetattr(fd, TCSANOW, &saved);
out:
	close(fd);
	return result;
}

bool
term_open(int ambiwidth, char *why, size_t size)
{
	struct sigaction sa;
	const char *cs = nl_langinfo(CODESET);
	FILE *tty;

	ambi = ambiwidth == 2 ? 2 : 1;
	if (cs == NULL || (strcasecmp(cs, "UTF-8") != 0 && strcasecmp(cs, "utf8") != 0)) {
		snprintf(why, size,
		    _("the locale's character set is %s, not UTF-8 (set LANG=ja_JP.UTF-8 "
		      "or C.UTF-8)"),
		    cs != NULL ? cs : "unknown");
		return false;
	}
	/* our handlers go in before curses, so that it leaves them alone; no SA_RESTART, so
	 * that a signal ends a wait for a key */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(100);
	tty = fopen("/dev/tty", "r+");
	in_fd = tty != NULL ? fileno(tty) : STDIN_FILENO;
	out_fd = tty != NULL ? fileno(tty) : STDOUT_FILENO;
	have_shell_modes = tcgetattr(in_fd, &shell_modes) == 0;
	screen = newterm(NULL, tty != NULL ? tty : stdout, tty != NULL ? tty : stdin);
	if (screen == NULL) {
		snprintf(why, size, _("the terminal type \"%s\" is unknown"),
		    getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		endwin();
		delscreen(screen);
		screen = NULL;
		snprintf(why, size, _("this terminal cannot move the cursor (TERM=%s)"),
		    getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	active = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	/* sequences ncurses does not know by itself */
	define_key("\x1b[200~", KEY_PASTE_BEGIN);
	define_key("\x1b[201~", KEY_PASTE_END);
	define_key("\x1b[1;3A", KEY_ALT_UP);
	define_key("\x1b[1;3B", KEY_ALT_DOWN);
	define_key("\x1b\x1b[A", KEY_ALT_UP);
	define_key("\x1b\x1b[B", KEY_ALT_DOWN);
	define_key("\x1b[1;5D", KEY_CTRL_LEFT);
	define_key("\x1b[1;5C", KEY_CTRL_RIGHT);
	define_key("\x1b"
		   "b",
	    KEY_ALT_B);
	define_key("\x1b"
		   "f",
	    KEY_ALT_F);
	color = has_colors() && getenv("NO_COLOR") == NULL;
	if (color) {
		start_color();
		use_default_colors();
	}
	/* bracketed paste: pasted text arrives as one block */
	putp("\x1b[?2004h");
	fflush(stdout);
	reset_len = 0;
	reset_add("\x1b[?2004l");
	reset_add(tigetstr("sgr0"));
	reset_add(tigetstr("cnorm"));
	reset_add(tigetstr("rmkx"));
	reset_add(tigetstr("rmcup"));
	crash_restore = 1;
	xmalloc_set_fatal_hook(term_close);
	return true;
}

bool
term_has_color(void)
{
	return color;
}

void
term_close(void)
{
	if (!active)
		return;
	active = false;
	crash_restore = 0;
	putp("\x1b[?2004l");
	endwin();
	fflush(stdout);
}

void
term_pause(void)
{
	crash_restore = 0;
	putp("\x1b[?2004l");
	def_prog_mode();
	endwin();
}

void
term_resume(void)
{
	reset_prog_mode();
	putp("\x1b[?2004h");
	clearok(curscr, TRUE);
	refresh();
	crash_restore = 1;
}
