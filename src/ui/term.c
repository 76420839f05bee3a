/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Terminal set-up and restore. Signal handlers only set flags. Display width is decided
 * here once and given to ncurses too (wcwidth is defined in this program), so the screen
 * model and the terminal agree about ○ ① ※ Ⅱ and box characters. */
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
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <term.h>
#include <unicode/uchar.h>

#include "piaform/xmalloc.h"
#include "term.h"

volatile sig_atomic_t term_hangup;

static int ambi = 1;
static bool active;
static bool color;
static SCREEN *screen;

static void
on_hangup(int sig)
{
	(void)sig;
	term_hangup = 1;
}

int
term_ambiwidth(void)
{
	return ambi;
}

int
term_cp_width(unsigned cp)
{
	int eaw;

	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return -1;
	if (cp < 0x7F)
		return 1;
	if (u_getCombiningClass((UChar32)cp) != 0 ||
	    u_hasBinaryProperty((UChar32)cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
	    u_charType((UChar32)cp) == U_NON_SPACING_MARK ||
	    u_charType((UChar32)cp) == U_ENCLOSING_MARK)
		return 0;
	eaw = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
	if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH)
		return 2;
	if (eaw == U_EA_AMBIGUOUS)
		return ambi;
	return 1;
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
		    "the locale's character set is %s, not UTF-8 (set LANG=ja_JP.UTF-8 "
		    "or C.UTF-8)",
		    cs != NULL ? cs : "unknown");
		return false;
	}
	/* our handlers go in before curses, so that it leaves them alone */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(50);
	tty = fopen("/dev/tty", "r+");
	screen = newterm(NULL, tty != NULL ? tty : stdout, tty != NULL ? tty : stdin);
	if (screen == NULL) {
		snprintf(why, size, "the terminal type \"%s\" is unknown",
		    getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		endwin();
		delscreen(screen);
		screen = NULL;
		snprintf(why, size, "this terminal cannot move the cursor (TERM=%s)",
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
	putp("\x1b[?2004l");
	endwin();
	fflush(stdout);
}

void
term_pause(void)
{
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
}
