/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor's state, shared by the event loop (editor.c) and the drawing code (view.c).
 * Views read it; only editor.c changes it, and only through the model's functions. */
#ifndef PIAFORM_UI_EDITOR_INT_H
#define PIAFORM_UI_EDITOR_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/diff.h"
#include "piaform/document.h"
#include "piaform/journal.h"
#include "piaform/strbuf.h"
#include "piaform/textbuf.h"
#include "piaform/validate.h"

/* A page is one section, or one file's copy of a per-file section. */
struct page {
	const struct form_item *section;
	unsigned file;
};

enum row_kind {
	ROW_HEADING, /* a section or group title, with its note */
	ROW_ITEM, /* an item with an answer */
	ROW_INSTANCE, /* システム1 …: the instance header (its title when the repeat has titles) */
	ROW_ADD, /* [+] add an instance */
	ROW_FIXED, /* fixed text of the form */
};

struct row {
	enum row_kind kind;
	struct item_ref ref;
	int depth;
	char path[256];
	bool na; /* not applicable */
	char reason[256]; /* why not applicable */
};

struct editor {
	struct formset *fs;
	struct document *doc;
	char *file;
	bool dirty; /* changed since the last save */
	struct page *pages;
	size_t npages, page;
	struct row *rows; /* the current page's rows */
	unsigned long rows_version; /* bumped whenever rows are rebuilt */
	size_t nrows, focus;
	int scroll; /* first line of the page shown */
	struct textbuf *tb; /* the focused text field being edited, or NULL */
	int sub; /* option under the cursor in a focused check list or choice */
	struct document *since; /* the published version (--since), or NULL */
	struct diff_list since_diff; /* what changed since then */
	unsigned long since_gen; /* document generation since_diff belongs to */
	struct problem_list probs;
	unsigned long probs_gen; /* document generation the problems belong to */
	bool have_probs; /* probs holds a validation of probs_gen */
	char message[512]; /* one-line status message */
	bool message_error;
	int ambi;
	bool quit;
	char *last_search;
	int want_col; /* preferred column for Up/Down inside a text */
	/* safety: the journal of every change, the file as loaded or last saved */
	struct journal *journal; /* NULL when read-only or when it could not be created */
	struct strbuf jtext; /* the focused field's text as last journaled */
	struct node *jmeta; /* the document's keys outside the answers, as last journaled */
	struct journal_stamp stamp; /* the document file as loaded or last saved */
	bool readonly; /* no changes, no saving, no journal: another piaform holds the file */
	/* geometry from the last layout */
	int cursor_y, cursor_x; /* where the terminal's cursor goes (-1 hides it) */
	int main_h, main_w;
};

/* view.c */
/* Forget the laid-out lines kept between frames (before the editor's state goes away). */
void view_forget(void);
/* Draw everything, once per loop iteration. */
void view_draw(struct editor *e);
/* True for rows whose answer is edited as text. */
bool view_row_is_text(const struct editor *e, const struct row *r);
/* Width of UTF-8 text as drawn. */
int view_width(const char *s, size_t len);
/* Byte offset in text (width w) of the line above/below the cursor at column want; returns
 * false when the cursor is already on the first/last display line. */
bool view_text_vmove(
    const char *text, size_t len, size_t cursor, int width, int dir, int *want, size_t *out);
/* The problems that belong to row r (first one), or NULL. */
const struct problem *view_row_problem(const struct editor *e, const struct row *r);
/* True when r's answer came from `piaform import` and has not been reviewed yet. */
bool view_row_unreviewed(const struct editor *e, const struct row *r);
/* True when r's answer differs from the published version given with --since. */
bool view_row_changed(const struct editor *e, const struct row *r);
/* Missing + error counts of page p. */
size_t view_page_open(const struct editor *e, size_t p);
/* The main pane's text width for answers at depth d. */
int view_text_width(const struct editor *e, int depth);
/* A menu in a box: returns the chosen index or -1 (Esc). */
int
view_menu(struct editor *e, const char *title, const char *const *items, size_t n, size_t initial);
/* Ask for one line of text at the bottom; NULL on Esc. A new string. */
char *view_prompt(struct editor *e, const char *label, const char *initial);
/* Ask a yes/no/cancel question: 'y', 'n' or 0 for cancel. */
int view_ask(struct editor *e, const char *question, bool cancel);
/* Show the help screen generated from the key table. */
void view_help(struct editor *e);

#endif
