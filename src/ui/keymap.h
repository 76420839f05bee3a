/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Editor actions and their keys. The action list is one table (name, description, function
 * key, alias); the key bar and the help screen are generated from it. */
#ifndef PIAFORM_UI_KEYMAP_H
#define PIAFORM_UI_KEYMAP_H

#include <stdbool.h>
#include <stdio.h>

#define ACTIONS(X)                                                                                 \
	X(HELP, N_("help"), N_("Help"), "F1", "^G")                                                \
	X(SAVE, N_("save the document"), N_("Save"), "F2", "^S")                                   \
	X(OUTLINE, N_("sections: jump, add or delete a file"), N_("Sections"), "F3", "^O")         \
	X(ADD, N_("add an instance (システム, 委託事項 …) after this one"), N_("Add"), "F4", "^T") \
	X(SEARCH, N_("search items by label or path"), N_("Search"), "F5", "^F")                   \
	X(DUP, N_("duplicate this instance"), N_("Dup"), "F6", "^D")                               \
	X(PROBLEMS, N_("list of problems"), N_("Problems"), "F7", "^R")                            \
	X(NEXT_PROBLEM, N_("go to the next problem"), N_("Next problem"), "F8", "^N")              \
	X(DELETE, N_("delete this instance"), N_("Delete"), "F9", "^X")                            \
	X(QUIT, N_("quit (asks to save)"), N_("Quit"), "F10", "^Q")                                \
	X(NEXT_SECTION, N_("next section"), N_("Next section"), "PgDn", "")                        \
	X(PREV_SECTION, N_("previous section"), N_("Prev section"), "PgUp", "")                    \
	X(NEXT_FIELD, N_("next item"), N_("Next"), "Tab", "Down")                                  \
	X(PREV_FIELD, N_("previous item"), N_("Prev"), "S-Tab", "Up")                              \
	X(MOVE_UP, N_("move this instance up"), N_("Move up"), "M-Up", "")                         \
	X(MOVE_DOWN, N_("move this instance down"), N_("Move down"), "M-Down", "")                 \
	X(UNDO, N_("undo in this field"), N_("Undo"), "^U", "")                                    \
	X(REDO, N_("redo in this field"), N_("Redo"), "^Y", "")                                    \
	X(KILL_LINE, N_("delete to the end of the line"), N_("Kill"), "^K", "")                    \
	X(EXTERNAL, N_("edit this answer in $EDITOR"), N_("Editor"), "^E", "")                     \
	X(CLEAR, N_("clear this answer"), N_("Clear"), "^W", "")                                   \
	X(REPAINT, N_("repaint the screen"), N_("Repaint"), "^L", "")                              \
	X(SUSPEND, N_("suspend (fg resumes)"), N_("Suspend"), "^Z", "")                            \
	X(RESOLVE, N_("resolve a merge conflict: ours, theirs, base or both"), N_("Resolve"),      \
	    "F11", "^P")                                                                           \
	X(REVIEWED, N_("mark an imported answer as reviewed"), N_("Reviewed"), "F12", "^V")        \
	X(APPEND_CHANGES, N_("append the changes since --since to the 変更箇所 table"),            \
	    N_("Changes"), "^B", "")

enum action {
#define X(name, desc, shortname, key, alias) ACTION_##name,
	ACTIONS(X)
#undef X
	    ACTION_COUNT,
	ACTION_NONE = -1,
};

struct action_info {
	const char *desc; /* for the help screen, translatable */
	const char *label; /* for the key bar, translatable */
	const char *key; /* the function key as shown */
	const char *alias; /* the Ctrl alias as shown, or "" */
};

extern const struct action_info action_table[ACTION_COUNT];

/* The action bound to curses key code k, or ACTION_NONE. text_field says whether the focus
 * is in a text field (where printable keys are text, not commands). */
enum action keymap_lookup(int k, bool text_field);
/* The actions shown in the key bar, in order, terminated by ACTION_NONE. */
extern const enum action keymap_bar[];
/* What no single binding says (text items, choices, check lists …), translatable, NULL
 * terminated: shown under the bindings on the help screen and by piaform help keys. */
extern const char *const keymap_notes[];
/* Print the bindings and the notes as plain text (piaform help keys). */
void keymap_print(FILE *out);

#endif
