/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Import: the text of a published 評価書 (extracted from its PDF or Excel file, noise
 * included) turned into a draft document. Items are recognised by the labels and numbers of
 * the form definition, never by text written in C; whatever cannot be placed, or whose value
 * is unclear, is reported instead of guessed. The line-level recognisers are exported so that
 * they can be tested one by one. */
#ifndef PIAFORM_IMPORT_H
#define PIAFORM_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/document.h"
#include "piaform/error.h"
#include "piaform/form.h"
#include "piaform/formload.h"

#define IMPORT_MAX_BYTES (16u * 1024 * 1024) /* larger texts are refused */

/* One thing the writer must look at: an item path (or "" for text that has no item) and
 * why, with the line of the text it came from. */
struct import_note {
	char *path; /* item path, or "" when the text could not be placed at all */
	int line; /* 1-based line of the text */
	char *reason; /* one line, in the UI language */
	bool partial; /* false for remarks that do not make the draft partial */
};

struct import_result {
	struct document *doc; /* the draft, with its top-level `imported:` mapping */
	struct import_note *notes; /* in text order */
	size_t nnotes, ncap;
	size_t placed; /* answers placed (a table counts once per row) */
	size_t partial; /* notes that make the draft partial */
};

/* The form a text is written on (by its title, revision, section headings and labels), or
 * NULL with err set when the text is not a 評価書 of any known form. */
const struct form *
import_detect(const struct formset *fs, const char *buf, size_t len, struct error *err);
/* Turn len bytes of text into a draft of form f (NULL: detected). NULL with err set when the
 * text is unreadable: empty, binary, not UTF-8, too large, or not a 評価書. Safe on any bytes
 * (the fuzz target). */
struct import_result *import_text(const struct formset *fs, const char *buf, size_t len,
    const struct form *f, const char *name, struct error *err);
/* Free a result and its draft; accepts NULL and clears the pointer. */
void import_result_free(struct import_result **r);

/* --- line-level recognisers --- */

/* Check-mark tokens left in cleaned text in place of <input> elements. */
#define IMPORT_TOK_CHECKED '\x01' /* <input checked> */
#define IMPORT_TOK_BOX '\x02' /* <input type="checkbox"> without checked */
#define IMPORT_TOK_RADIO '\x03' /* <input type="radio"> without checked: the ○ glyph itself */

enum import_mark {
	IMPORT_MARK_NONE, /* no mark here */
	IMPORT_MARK_CHECKED, /* [○], [ ○ ], [O], a checked input */
	IMPORT_MARK_RADIO, /* a bare radio glyph: checked unless the list has explicit marks */
	IMPORT_MARK_BOX, /* an unchecked check-box glyph */
	IMPORT_MARK_EMPTY, /* [ ], [] */
};

/* One cell of extracted text made plain: HTML tags dropped (block tags and <br> become line
 * breaks, <input> becomes a mark token), entities decoded, Markdown headings, bold, bullets
 * and separator rows removed, lines trimmed, empty lines dropped. A new string. */
char *import_clean_cell(const char *s, size_t len);
/* The check mark that starts at s (cleaned text), and its length in *used. */
enum import_mark import_mark_at(const char *s, size_t len, size_t *used);
/* The comparison key of a label or option: NFKC, no spaces, no ※ or marks, Roman numerals
 * in ASCII, scripts that never occur in labels dropped. A new string. */
char *import_fold(const char *s, size_t len);
/* A ( N ) 件 count at or after s: true with the number (-1 for an empty "( ) 件") and the
 * byte range it covers. Full-width digits and brackets are accepted. */
bool import_count(const char *s, size_t len, long *n, size_t *start, size_t *end);
/* The option of choice item it that the cleaned text selects: its index, or -1 when nothing
 * is selected, -2 when several options are, -3 when the selected text is no option (*what
 * then holds it, to be freed). "—" answers give -4. */
int import_choice(const struct form_item *it, const char *s, size_t len, char **what);
/* The ticked options of check list it in cleaned text, as the document stores them, or NULL
 * with a reason in why (nothing marked, marks lost or ambiguous). */
struct node *
import_checks(const struct form_item *it, const char *s, size_t len, char *why, size_t wsize);
/* Multi-line text as it was printed: line breaks where the extraction turned them into
 * spaces (before ・ bullets, after 。, before (2) and 2 numbering, after <…> headings).
 * A new string. */
char *import_text_lines(const char *s, size_t len);

#endif
