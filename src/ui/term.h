/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The terminal: start and stop curses, restore the terminal on every exit path, signals as
 * flags, the ambiguous-width probe, bracketed paste, and display width as the screen sees
 * it. */
#ifndef PIAFORM_UI_TERM_H
#define PIAFORM_UI_TERM_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* Key codes beyond curses' own. */
enum {
	KEY_PASTE_BEGIN = 0x7000,
	KEY_PASTE_END,
	KEY_ALT_UP,
	KEY_ALT_DOWN,
	KEY_CTRL_LEFT,
	KEY_CTRL_RIGHT,
	KEY_ALT_B,
	KEY_ALT_F,
	KEY_INTERRUPT, /* SIGINT arrived (kill -INT; Ctrl-C itself is key 3 in raw mode) */
};

extern volatile sig_atomic_t term_hangup; /* SIGHUP, SIGTERM or SIGQUIT arrived, or the
					   * terminal went away: the signal number */
extern volatile sig_atomic_t term_interrupted; /* SIGINT arrived */

/* Ask the terminal how wide it draws ○ (cursor position report). 1 or 2; 1 when it does not
 * answer. Must run before term_open. */
int term_probe_ambiwidth(void);
/* Start curses on the controlling terminal. False with a message in why when the terminal
 * cannot do full-screen work (no cursor addressing, not UTF-8, too small). */
bool term_open(int ambiwidth, char *why, size_t size);
/* The next key: waits, calling the idle hook about once a second. ERR only when the session
 * is ending (term_hangup is set: a signal, or the terminal went away); KEY_INTERRUPT after a
 * SIGINT. */
int term_getch(void);
/* What term_getch calls while it waits (the journal's flush). */
void term_set_idle(void (*fn)(void *), void *arg);
/* Restore the terminal. Idempotent; safe to call from any exit path. */
void term_close(void);
/* Leave curses for a child program ($EDITOR) or a suspend, and come back. */
void term_pause(void);
void term_resume(void);
/* True when colours may be used (a colour terminal and NO_COLOR unset). */
bool term_has_color(void);
/* The ambiguous width in force. */
int term_ambiwidth(void);
/* Columns taken by code point cp. */
int term_cp_width(unsigned cp);

#endif
