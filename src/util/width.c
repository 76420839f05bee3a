/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display width, wrapping and the visible-form sanitiser, all from ICU's character data, so
 * that the exporter and the editor measure Japanese text the same way. Widths follow what
 * terminals draw (East Asian Width, with the ambiguous width chosen by the caller), and line
 * breaking follows UAX #14 with ICU's Japanese tailoring. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "piaform/width.h"
#include "piaform/xmalloc.h"

size_t
width_decode(const char *s, size_t len, int32_t *cp)
{
	const uint8_t *u = (const uint8_t *)s;
	int32_t i = 0, n = len > 4 ? 4 : (int32_t)len;
	UChar32 c;

	if (len == 0) {
		*cp = -1;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	U8_NEXT(u, i, n, c);
	if (c < 0) {
		/* one byte at a time, so that each bad byte gets its own visible form */
		*cp = -1;
		return 1;
	}
	*cp = c;
	return (size_t)i;
}

int
width_char(int32_t cp, int ambi)
{
	int8_t gc;
	int32_t v;

	if (cp < 0)
		return 1; /* drawn as U+FFFD */
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x7f)
		return 1;
	/* kana, kanji and full-width forms fill most Japanese text: no need to ask ICU */
	if ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xff01 && cp <= 0xff60))
		return 2;
	gc = u_charType(cp);
	if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR ||
	    gc == U_LINE_SEPARATOR || gc == U_PARAGRAPH_SEPARATOR)
		return 0;
	if (u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
		return 0;
	/* conjoining jamo vowels and finals join the preceding leading consonant */
	v = u_getIntPropertyValue(cp, UCHAR_HANGUL_SYLLABLE_TYPE);
	if (v == U_HST_VOWEL_JAMO || v == U_HST_TRAILING_JAMO)
		return 0;
	v = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
	if (v == U_EA_WIDE || v == U_EA_FULLWIDTH)
		return 2;
	if (v == U_EA_AMBIGUOUS)
		return ambi == 2 ? 2 : 1;
	return 1;
}

int
width_of(const char *s, size_t len, int ambi)
{
	size_t i = 0;
	int32_t cp;
	int w = 0;

	while (i < len) {
		i += width_decode(s + i, len - i, &cp);
		w += width_char(cp, ambi);
	}
	return w;
}

size_t
width_fit(const char *s, size_t len, int cols, int ambi, int *used)
{
	size_t i = 0, n;
	int32_t cp;
	int w = 0, cw;

	while (i < len) {
		n = width_decode(s + i, len - i, &cp);
		cw = width_char(cp, ambi);
		if (cw > 0 && w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	if (used != NULL)
		*used = w;
	return i;
}

/* --- wrapping --- */

struct wrapper {
	UBreakIterator *line, *chars;
	UText text;
	struct width_line *v;
	size_t n, cap;
};

static void
push_line(struct wrapper *w, const char *s, size_t start, size_t end, int ambi)
{
	while (end > start && s[end - 1] == ' ')
		end--;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	w->v[w->n].start = start;
	w->v[w->n].end = end;
	w->v[w->n].width = width_of(s + start, end - start, ambi);
	w->n++;
}

/* The end of the longest run of whole grapheme clusters from start that fits in cols (at
 * least one cluster, even a wide one in a one-column line). */
static size_t
grapheme_cut(struct wrapper *w, const char *p, size_t start, size_t end, int cols, int ambi)
{
	size_t best = start;
	int32_t b;
	int used = 0, cw;

	for (b = ubrk_following(w->chars, (int32_t)start); b != UBRK_DONE && (size_t)b <= end;
	     b = ubrk_next(w->chars)) {
		cw = width_of(p + best, (size_t)b - best, ambi);
		if (best > start && used + cw > cols)
			break;
		used += cw;
		best = (size_t)b;
		if (used >= cols)
			break;
	}
	return best > start ? best : end;
}

/* Wrap one paragraph s[base, base + len) (no '\n'). Trailing spaces at a break may hang past
 * the margin: they are not drawn. */
static void
wrap_paragraph(struct wrapper *w, const char *s, size_t base, size_t len, int cols, int ambi)
{
	const char *p = s + base;
	UErrorCode st = U_ZERO_ERROR;
	size_t start = 0;

	if (len == 0 || width_of(p, len, ambi) <= cols) {
		push_line(w, s, base, base + len, ambi);
		return;
	}
	if (w->line == NULL || w->chars == NULL)
		st = U_MISSING_RESOURCE_ERROR;
	utext_openUTF8(&w->text, p, (int64_t)len, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(w->line, &w->text, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(w->chars, &w->text, &st);
	while (start < len) {
		size_t best = start, prev = start, sp;
		int full = 0, seg;
		int32_t b;

		for (b = U_SUCCESS(st) ? ubrk_following(w->line, (int32_t)start) : UBRK_DONE;
		     b != UBRK_DONE; b = ubrk_next(w->line)) {
			seg = width_of(p + prev, (size_t)b - prev, ambi);
			for (sp = (size_t)b; sp > prev && p[sp - 1] == ' '; sp--)
				;
			if (full + seg - (int)((size_t)b - sp) > cols)
				break;
			full += seg;
			best = prev = (size_t)b;
			if (best >= len)
				break;
		}
		if (best == start) {
			if (U_SUCCESS(st)) {
				best = grapheme_cut(w, p, start, len, cols, ambi);
			} else {
				/* no break data: cut by width alone */
				best = start + width_fit(p + start, len - start, cols, ambi, NULL);
				if (best == start)
					best +=
					    width_decode(p + start, len - start, &(int32_t){ 0 });
			}
		}
		push_line(w, s, base + start, base + best, ambi);
		start = best;
	}
}

size_t
width_wrap(const char *s, size_t len, int cols, int ambi, struct width_line **out)
{
	/* the iterators are kept: opening them costs more than wrapping a paragraph */
	static UBreakIterator *line_bi, *char_bi;
	struct wrapper w;
	UErrorCode st = U_ZERO_ERROR;
	size_t start = 0, i;

	if (s == NULL)
		s = "";
	memset(&w, 0, sizeof w);
	w.text = (UText)UTEXT_INITIALIZER;
	if (line_bi == NULL)
		line_bi = ubrk_open(UBRK_LINE, "ja", NULL, 0, &st);
	st = U_ZERO_ERROR;
	if (char_bi == NULL)
		char_bi = ubrk_open(UBRK_CHARACTER, "ja", NULL, 0, &st);
	w.line = line_bi;
	w.chars = char_bi;
	if (cols < 1)
		cols = 1;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		/* a final '\n' ends the last line rather than starting an empty one */
		if (i == len && start == len && len > 0)
			break;
		wrap_paragraph(&w, s, start, i - start, cols, ambi);
		start = i + 1;
	}
	utext_close(&w.text);
	*out = w.v;
	return w.n;
}

/* --- visible forms --- */

static bool
needs_visible(int32_t cp, unsigned flags)
{
	int8_t gc;

	if (cp < 0)
		return true;
	if (cp == '\n')
		return !(flags & WIDTH_KEEP_NEWLINE);
	if (cp == '\t')
		return !(flags & WIDTH_KEEP_TAB);
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return true;
	if (cp < 0x7f || cp == 0x200d)
		return false;
	gc = u_charType(cp);
	if (gc == U_FORMAT_CHAR || gc == U_LINE_SEPARATOR || gc == U_PARAGRAPH_SEPARATOR)
		return true;
	/* invisible fillers (U+3164, U+115F …) but not the variation selectors of 異体字 */
	return gc != U_NON_SPACING_MARK &&
	    u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

size_t
width_visible(const char *s, size_t len, unsigned flags, char buf[WIDTH_VISIBLE_MAX])
{
	int32_t cp;
	size_t n;

	if (len == 0)
		return 0;
	n = width_decode(s, len, &cp);
	if (!needs_visible(cp, flags))
		return 0;
	if (cp < 0)
		snprintf(buf, WIDTH_VISIBLE_MAX, "<0x%02X>", (unsigned)(unsigned char)s[0]);
	else if (cp < 0x20)
		snprintf(buf, WIDTH_VISIBLE_MAX, "^%c", (char)(cp + 0x40));
	else if (cp == 0x7f)
		snprintf(buf, WIDTH_VISIBLE_MAX, "^?");
	else
		snprintf(buf, WIDTH_VISIBLE_MAX, "<U+%04X>", (unsigned)cp);
	return n;
}

void
width_sanitize(struct strbuf *out, const char *s, size_t len, unsigned flags)
{
	char vis[WIDTH_VISIBLE_MAX];
	size_t i = 0, run = 0, n;

	if (s == NULL || len == 0)
		return;
	while (i < len) {
		/* ASCII printable runs are the common case */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++;
			continue;
		}
		n = width_visible(s + i, len - i, flags, vis);
		if (n == 0) {
			int32_t cp;
			i += width_decode(s + i, len - i, &cp);
			continue;
		}
		strbuf_add(out, s + run, i - run);
		strbuf_adds(out, vis);
		i += n;
		run = i;
	}
	strbuf_add(out, s + run, len - run);
}

bool
width_is_clean(const char *s, size_t len, unsigned flags)
{
	char vis[WIDTH_VISIBLE_MAX];
	size_t i = 0;
	int32_t cp;

	while (i < len) {
		if (width_visible(s + i, len - i, flags, vis) > 0)
			return false;
		i += width_decode(s + i, len - i, &cp);
	}
	return true;
}
