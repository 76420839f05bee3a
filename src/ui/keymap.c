/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The default key bindings. Every function key has a Ctrl alias, because function keys do
 * not always survive Tera Term, screen and SSH jump hosts. */
#include "config.h"

#include <curses.h>

#include "keymap.h"
#include "piaform/i18n.h"
#include "term.h"

#define CTRL(c) ((c)&0x1f)

const struct action_info action_table[ACTION_COUNT] = {
#define X(name, desc, shortname, key, alias) { desc, shortname, key, alias },
	ACTIONS(X)
#undef X
};

static const struct {
	int key;
	enum action action;
} bindings[] = {
	{ KEY_F(1), ACTION_HELP },
	{ CTRL('g'), ACTION_HELP },
	{ KEY_F(2), ACTION_SAVE },
	{ CTRL('s'), ACTION_SAVE },
	{ KEY_F(3), ACTION_OUTLINE },
	{ CTRL('o'), ACTION_OUTLINE },
	{ KEY_F(4), ACTION_ADD },
	{ CTRL('t'), ACTION_ADD },
	{ KEY_IC, ACTION_ADD },
	{ KEY_F(5), ACTION_SEARCH },
	{ CTRL('f'), ACTION_SEARCH },
	{ KEY_F(6), ACTION_DUP },
	{ CTRL('d'), ACTION_DUP },
	{ KEY_F(7), ACTION_PROBLEMS },
	{ CTRL('r'), ACTION_PROBLEMS },
	{ KEY_F(8), ACTION_NEXT_PROBLEM },
	{ CTRL('n'), ACTION_NEXT_PROBLEM },
	{ KEY_F(9), ACTION_DELETE },
	{ CTRL('x'), ACTION_DELETE },
	{ KEY_F(10), ACTION_QUIT },
	{ CTRL('q'), ACTION_QUIT },
	{ KEY_NPAGE, ACTION_NEXT_SECTION },
	{ KEY_PPAGE, ACTION_PREV_SECTION },
	{ '\t', ACTION_NEXT_FIELD },
	{ KEY_BTAB, ACTION_PREV_FIELD },
	{ KEY_ALT_UP, ACTION_MOVE_UP },
	{ KEY_ALT_DOWN, ACTION_MOVE_DOWN },
	{ CTRL('u'), ACTION_UNDO },
	{ CTRL('y'), ACTION_REDO },
	{ CTRL('k'), ACTION_KILL_LINE },
	{ CTRL('e'), ACTION_EXTERNAL },
	{ CTRL('w'), ACTION_CLEAR },
	{ CTRL('l'), ACTION_REPAINT },
	{ CTRL('z'), ACTION_SUSPEND },
	{ KEY_F(12), ACTION_REVIEWED },
	{ CTRL('v'), ACTION_REVIEWED },
	{ CTRL('b'), ACTION_APPEND_CHANGES },
	{ KEY_F(11), ACTION_RESOLVE },
	{ CTRL('p'), ACTION_RESOLVE },
};

const char *const keymap_notes[] = {
	N_("Typing in a text item writes into it at once; Enter ends a line."),
	N_("Choices: type the option number, Space for the next, Enter for a list."),
	N_("Check lists: Up/Down choose an option, Space toggles, Enter edits ( )."),
	N_("Header flags (委託しない …): Space toggles."),
	N_("/ searches when the focus is not in a text item."),
	N_("Home/End, Ctrl-Left/Right (Alt-B/F) move by line end and word."),
	N_("The answer 「—」 (none) is typed as — in any item."),
	N_("Everything is checked as you go; F8 walks the problems."),
	NULL,
};

const enum action keymap_bar[] = { ACTION_HELP, ACTION_SAVE, ACTION_NEXT_PROBLEM, ACTION_SEARCH,
	ACTION_NEXT_SECTION, ACTION_QUIT, ACTION_NONE };

enum action
keymap_lookup(int k, bool text_field)
{
	size_t i;

	if (k == '/' && !text_field)
		return ACTION_SEARCH;
	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		if (bindings[i].key == k)
			return bindings[i].action;
	}
	return ACTION_NONE;
}

void
keymap_print(FILE *out)
{
	size_t i;

	fprintf(out, "%s\n\n", _("The keys of the piaform editor (^G is Ctrl-G, M- is Alt):"));
	for (i = 0; i < ACTION_COUNT; i++) {
		const struct action_info *a = &action_table[i];
		fprintf(out, "  %-7s %-6s %s\n", a->key, a->alias, _(a->desc));
	}
	fputc('\n', out);
	for (i = 0; keymap_notes[i] != NULL; i++)
		fprintf(out, "%s\n", _(keymap_notes[i]));
}
