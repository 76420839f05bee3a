/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text being edited in one field: UTF-8 bytes, a cursor that moves by grapheme cluster
 * (が, 葛󠄀 and emoji sequences stay whole), word moves, and undo/redo. No curses here, so
 * the edit operations are unit-tested and fuzzed on their own. */
#ifndef PIAFORM_TEXTBUF_H
#define PIAFORM_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

struct textbuf;

/* A buffer holding n bytes of s, cursor at the end. */
struct textbuf *textbuf_new(const char *s, size_t n);
/* Free; accepts NULL and clears the pointer. */
void textbuf_free(struct textbuf **tb);
/* The text (NUL-terminated) and its length. */
const char *textbuf_text(const struct textbuf *tb);
size_t textbuf_len(const struct textbuf *tb);
/* The cursor as a byte offset (always at a grapheme boundary). */
size_t textbuf_cursor(const struct textbuf *tb);
/* Put the cursor at byte offset off (moved back to a grapheme boundary). */
void textbuf_set_cursor(struct textbuf *tb, size_t off);
/* Insert n bytes at the cursor as one undo step (a paste is one call). Invalid UTF-8 and NUL
 * become U+FFFD. */
void textbuf_insert(struct textbuf *tb, const char *s, size_t n);
/* Replace everything (one undo step), cursor at the end. */
void textbuf_replace(struct textbuf *tb, const char *s, size_t n);
/* Delete the grapheme before / after the cursor. */
void textbuf_backspace(struct textbuf *tb);
void textbuf_delete(struct textbuf *tb);
/* Delete from the cursor to the end of its line (or the line break itself when at the end). */
void textbuf_kill_line(struct textbuf *tb);
/* Cursor moves. */
void textbuf_left(struct textbuf *tb);
void textbuf_right(struct textbuf *tb);
void textbuf_word_left(struct textbuf *tb);
void textbuf_word_right(struct textbuf *tb);
void textbuf_home(struct textbuf *tb);
void textbuf_end(struct textbuf *tb);
/* Undo / redo the last edit; false when there is nothing to undo or redo. */
bool textbuf_undo(struct textbuf *tb);
bool textbuf_redo(struct textbuf *tb);
/* True when the text differs from what it was created with. */
bool textbuf_changed(const struct textbuf *tb);
/* A counter that changes whenever the text changes. */
unsigned long textbuf_version(const struct textbuf *tb);
/* The byte offset of the grapheme boundary after / before off. */
size_t textbuf_next_boundary(const struct textbuf *tb, size_t off);
size_t textbuf_prev_boundary(const struct textbuf *tb, size_t off);

#endif
