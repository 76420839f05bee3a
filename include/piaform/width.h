/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display width of UTF-8 text in terminal columns, from ICU's East Asian Width (ambiguous
 * characters such as ○ ① ※ take 1 or 2 columns, as the terminal draws them); line wrapping
 * by width with Unicode line breaking (so 、。」 never start a line); and the sanitiser that
 * makes control, bidi and other invisible format characters visible (^[, <U+202E>). */
#ifndef PIAFORM_WIDTH_H
#define PIAFORM_WIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "piaform/strbuf.h"

#define WIDTH_VISIBLE_MAX 16 /* bytes of the longest visible form, with its NUL */

enum width_flags {
	WIDTH_KEEP_NEWLINE = 1 << 0, /* the sanitiser leaves '\n' as it is */
	WIDTH_KEEP_TAB = 1 << 1, /* the sanitiser leaves '\t' as it is */
};

/* One wrapped line: bytes [start, end) of the text (no '\n', no trailing spaces), and its
 * width in columns. */
struct width_line {
	size_t start, end;
	int width;
};

/* Decode the character at s (len > 0 bytes): its code point in *cp, or -1 for a byte that
 * is not part of well-formed UTF-8 (that byte alone is consumed). Returns the bytes used. */
size_t width_decode(const char *s, size_t len, int32_t *cp);
/* Columns of one code point: 0 for combining marks, default-ignorables and controls, 2 for
 * wide and full-width characters, ambi (1 or 2) for ambiguous ones, else 1. A cp of -1 (an
 * invalid byte, drawn as U+FFFD) is 1. */
int width_char(int32_t cp, int ambi);
/* Columns of len bytes of UTF-8 text (controls count 0: sanitise first). */
int width_of(const char *s, size_t len, int ambi);
/* The longest prefix of s that fits in cols columns, cut at a character boundary and never
 * before a zero-width character; its width in *used (may be NULL). Returns its length. */
size_t width_fit(const char *s, size_t len, int cols, int ambi, int *used);
/* Wrap s at cols columns: lines end at '\n' and otherwise at the last line-break opportunity
 * that fits (Unicode line breaking, Japanese rules); a run without one is cut between
 * grapheme clusters. Empty text gives one empty line. Returns the number of lines, stored in
 * a new array *out (free it). */
size_t width_wrap(const char *s, size_t len, int cols, int ambi, struct width_line **out);

/* When the character at s must be made visible (a C0/C1 control, DEL, a bidi control or
 * another invisible format character, U+2028/U+2029, or a byte that is not UTF-8), write its
 * visible form ("^[", "^?", "<U+202E>", "<0xFF>") to buf and return the bytes it takes in s;
 * otherwise return 0. ZWJ (emoji sequences) and variation selectors (異体字 IVS) stay. */
size_t width_visible(const char *s, size_t len, unsigned flags, char buf[WIDTH_VISIBLE_MAX]);
/* Append s to out with every such character replaced by its visible form. */
void width_sanitize(struct strbuf *out, const char *s, size_t len, unsigned flags);
/* True when s holds nothing width_sanitize would change. */
bool width_is_clean(const char *s, size_t len, unsigned flags);

#endif
