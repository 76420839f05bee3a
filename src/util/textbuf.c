/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Field text with grapheme-cluster movement. Boundaries come from ICU's character break
 * iterator over the whole text, recomputed after each edit: fields are at most some tens of
 * kilobytes, and a fresh iterator is simpler than keeping one in step with the edits.
 * Undo keeps whole snapshots, coalescing runs of typed characters into one step. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "piaform/strbuf.h"
#include "piaform/textbuf.h"
#include "piaform/xmalloc.h"

#define UNDO_MAX 200

struct snapshot {
	char *text;
	size_t cursor;
};

struct textbuf {
	struct strbuf s;
	size_t cursor;
	char *original;
	size_t *bounds; /* grapheme boundaries, ascending, 0 and len included */
	size_t nbounds;
	struct snapshot undo[UNDO_MAX];
	size_t nundo;
	struct snapshot redo[UNDO_MAX];
	size_t nredo;
	bool typing; /* the last step was a single typed character: coalesce */
	unsigned long version; /* bumped on every change of the text */
};

static void
rebound(struct textbuf *tb)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut;
	UBreakIterator *bi;
	int32_t b;
	size_t cap = 16;

	free(tb->bounds);
	tb->bounds = xreallocarray(NULL, cap, sizeof *tb->bounds);
	tb->nbounds = 0;
	ut = utext_openUTF8(NULL, strbuf_str(&tb->s), (int64_t)tb->s.len, &st);
	bi = ubrk_open(UBRK_CHARACTER, "ja", NULL, 0, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(bi, ut, &st);
	if (U_FAILURE(st)) {
		/* without ICU data, fall back to code points */
		size_t i;
		for (i = 0; i <= tb->s.len; i++) {
			if (i == tb->s.len || ((unsigned char)tb->s.s[i] & 0xC0) != 0x80) {
				if (tb->nbounds == cap)
					tb->bounds =
					    xreallocarray(tb->bounds, cap *= 2, sizeof *tb->bounds);
				tb->bounds[tb->nbounds++] = i;
			}
		}
		goto out;
	}
	for (b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
		if (tb->nbounds == cap)
			tb->bounds = xreallocarray(tb->bounds, cap *= 2, sizeof *tb->bounds);
		tb->bounds[tb->nbounds++] = (size_t)b;
	}
out:
	if (tb->nbounds == 0 || tb->bounds[tb->nbounds - 1] != tb->s.len) {
		if (tb->nbounds == cap)
			tb->bounds = xreallocarray(tb->bounds, cap + 1, sizeof *tb->bounds);
		tb->bounds[tb->nbounds++] = tb->s.len;
	}
	if (bi != NULL)
		ubrk_close(bi);
	utext_close(ut);
}

/* Copy n bytes into b, replacing invalid UTF-8 with U+FFFD. A NUL is replaced too: the text
 * is handed out, snapshotted for undo and compared as a C string, so one would cut it short. */
static void
add_valid(struct strbuf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c == 0  ? 0
		    : c < 0x80       ? 1
		    : (c >> 5) == 6  ? 2
		    : (c >> 4) == 14 ? 3
		    : (c >> 3) == 30 ? 4
				     : 0;
		size_t k;
		bool ok = len > 0 && i + len <= n;

		for (k = 1; ok && k < len; k++)
			ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
		if (ok && len == 2 && c < 0xC2)
			ok = false;
		if (ok && len == 3) {
			unsigned cp = ((c & 0x0Fu) << 12) |
			    (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
			    ((unsigned char)s[i + 2] & 0x3Fu);
			ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
		}
		if (ok && len == 4) {
			unsigned cp = ((c & 0x07u) << 18) |
			    (((unsigned char)s[i + 1] & 0x3Fu) << 12) |
			    (((unsigned char)s[i + 2] & 0x3Fu) << 6) |
			    ((unsigned char)s[i + 3] & 0x3Fu);
			ok = cp >= 0x10000 && cp <= 0x10FFFF;
		}
		if (!ok) {
			strbuf_adds(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		strbuf_add(b, s + i, len);
		i += len;
	}
}

struct textbuf *
textbuf_new(const char *s, size_t n)
{
	struct textbuf *tb = xcalloc(1, sizeof *tb);

	add_valid(&tb->s, s != NULL ? s : "", s != NULL ? n : 0);
	if (tb->s.s == NULL)
		strbuf_add(&tb->s, "", 0);
	tb->original = xstrdup(strbuf_str(&tb->s));
	tb->cursor = tb->s.len;
	rebound(tb);
	return tb;
}

static void
clear_stack(struct snapshot *v, size_t *n)
{
	while (*n > 0)
		free(v[--(*n)].text);
}

void
textbuf_free(struct textbuf **tbp)
{
	struct textbuf *tb;

	if (tbp == NULL || *tbp == NULL)
		return;
	tb = *tbp;
	clear_stack(tb->undo, &tb->nundo);
	clear_stack(tb->redo, &tb->nredo);
	strbuf_free(&tb->s);
	free(tb->original);
	free(tb->bounds);
	free(tb);
	*tbp = NULL;
}

const char *
textbuf_text(const struct textbuf *tb)
{
	return strbuf_str(&tb->s);
}

size_t
textbuf_len(const struct textbuf *tb)
{
	return tb->s.len;
}

size_t
textbuf_cursor(const struct textbuf *tb)
{
	return tb->cursor;
}

bool
textbuf_changed(const struct textbuf *tb)
{
	return strcmp(tb->original, strbuf_str(&tb->s)) != 0;
}

/* index of the first boundary >= off */
static size_t
bound_index(const struct textbuf *tb, size_t off)
{
	size_t lo = 0, hi = tb->nbounds;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tb->bounds[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
textbuf_next_boundary(const struct textbuf *tb, size_t off)
{
	size_t i = bound_index(tb, off);

	if (i < tb->nbounds && tb->bounds[i] == off)
		i++;
	return i < tb->nbounds ? tb->bounds[i] : tb->s.len;
}

size_t
textbuf_prev_boundary(const struct textbuf *tb, size_t off)
{
	size_t i = bound_index(tb, off);

	return i > 0 ? tb->bounds[i - 1] : 0;
}

void
textbuf_set_cursor(struct textbuf *tb, size_t off)
{
	size_t i;

	if (off >= tb->s.len) {
		tb->cursor = tb->s.len;
		return;
	}
	i = bound_index(tb, off);
	tb->cursor = i < tb->nbounds && tb->bounds[i] == off ? off : textbuf_prev_boundary(tb, off);
	tb->typing = false;
}

static void
push(struct snapshot *v, size_t *n, const char *text, size_t cursor)
{
	if (*n == UNDO_MAX) {
		free(v[0].text);
		memmove(v, v + 1, (UNDO_MAX - 1) * sizeof *v);
		(*n)--;
	}
	v[*n].text = xstrdup(text);
	v[*n].cursor = cursor;
	(*n)++;
}

/* Remember the state before an edit; typed characters in a row make one step. */
static void
remember(struct textbuf *tb, bool typing)
{
	if (!(typing && tb->typing))
		push(tb->undo, &tb->nundo, strbuf_str(&tb->s), tb->cursor);
	clear_stack(tb->redo, &tb->nredo);
	tb->typing = typing;
}

static void
splice(struct textbuf *tb, size_t at, size_t del, const char *ins, size_t n)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_add(&out, tb->s.s, at);
	add_valid(&out, ins, n);
	size_t inserted = out.len - at;
	strbuf_add(&out, tb->s.s + at + del, tb->s.len - at - del);
	strbuf_free(&tb->s);
	tb->s = out;
	tb->version++;
	tb->cursor = at + inserted;
	rebound(tb);
	/* an insertion may join a combining mark to the grapheme before it */
	textbuf_set_cursor(tb, tb->cursor);
}

void
textbuf_insert(struct textbuf *tb, const char *s, size_t n)
{
	if (n == 0)
		return;
	remember(tb, n <= 4 && s[0] != '\n' && s[0] != ' ');
	splice(tb, tb->cursor, 0, s, n);
}

void
textbuf_replace(struct textbuf *tb, const char *s, size_t n)
{
	remember(tb, false);
	splice(tb, 0, tb->s.len, s, n);
}

void
textbuf_backspace(struct textbuf *tb)
{
	size_t p;

	if (tb->cursor == 0)
		return;
	p = textbuf_prev_boundary(tb, tb->cursor);
	remember(tb, false);
	splice(tb, p, tb->cursor - p, "", 0);
}

void
textbuf_delete(struct textbuf *tb)
{
	size_t n;

	if (tb->cursor >= tb->s.len)
		return;
	n = textbuf_next_boundary(tb, tb->cursor);
	remember(tb, false);
	splice(tb, tb->cursor, n - tb->cursor, "", 0);
}

void
textbuf_kill_line(struct textbuf *tb)
{
	const char *nl;
	size_t end;

	if (tb->cursor >= tb->s.len)
		return;
	nl = memchr(tb->s.s + tb->cursor, '\n', tb->s.len - tb->cursor);
	end = nl != NULL ? (size_t)(nl - tb->s.s) : tb->s.len;
	if (end == tb->cursor)
		end++; /* at the end of a line: join the next one */
	remember(tb, false);
	splice(tb, tb->cursor, end - tb->cursor, "", 0);
}

void
textbuf_left(struct textbuf *tb)
{
	tb->cursor = textbuf_prev_boundary(tb, tb->cursor);
	tb->typing = false;
}

void
textbuf_right(struct textbuf *tb)
{
	tb->cursor = textbuf_next_boundary(tb, tb->cursor);
	tb->typing = false;
}

/* A crude word class: ASCII letters/digits, kana, kanji and everything else differ, which is
 * what moving over 「国民年金システムの保守」 by word wants. */
static int
word_class(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			c == '_'
		    ? 1
		    : c == ' ' || c == '\t' || c == '\n' ? 0
							 : 2;
	/* hiragana is U+3041-U+309F: E3 82 A0 and up is already katakana (ア-ダ) */
	if (c == 0xE3 &&
	    ((unsigned char)s[1] == 0x81 ||
		((unsigned char)s[1] == 0x82 && (unsigned char)s[2] < 0xA0)))
		return 3; /* hiragana */
	if (c == 0xE3 && (unsigned char)s[1] >= 0x82 && (unsigned char)s[1] <= 0x83)
		return 4; /* katakana */
	if (c >= 0xE4 && c <= 0xE9)
		return 5; /* CJK ideographs */
	if (c == 0xE3 && (unsigned char)s[1] == 0x80)
		return 0; /* ideographic space and punctuation: separators */
	return 6;
}

void
textbuf_word_right(struct textbuf *tb)
{
	size_t p = tb->cursor;
	int cls;

	if (p >= tb->s.len)
		return;
	cls = word_class(tb->s.s + p);
	while (p < tb->s.len && word_class(tb->s.s + p) == cls)
		p = textbuf_next_boundary(tb, p);
	while (p < tb->s.len && word_class(tb->s.s + p) == 0)
		p = textbuf_next_boundary(tb, p);
	tb->cursor = p;
	tb->typing = false;
}

void
textbuf_word_left(struct textbuf *tb)
{
	size_t p = tb->cursor, q;
	int cls;

	while (p > 0 && word_class(tb->s.s + textbuf_prev_boundary(tb, p)) == 0)
		p = textbuf_prev_boundary(tb, p);
	if (p == 0) {
		/* a move ends a run of typing, or undo would take back text typed elsewhere */
		tb->cursor = 0;
		tb->typing = false;
		return;
	}
	cls = word_class(tb->s.s + textbuf_prev_boundary(tb, p));
	while (p > 0 && word_class(tb->s.s + (q = textbuf_prev_boundary(tb, p))) == cls)
		p = q;
	tb->cursor = p;
	tb->typing = false;
}

void
textbuf_home(struct textbuf *tb)
{
	size_t p = tb->cursor;

	while (p > 0 && tb->s.s[p - 1] != '\n')
		p--;
	tb->cursor = p;
	tb->typing = false;
}

void
textbuf_end(struct textbuf *tb)
{
	const char *nl = memchr(tb->s.s + tb->cursor, '\n', tb->s.len - tb->cursor);

	/* CR LF is one grapheme: stop before the CR, never between the two */
	textbuf_set_cursor(tb, nl != NULL ? (size_t)(nl - tb->s.s) : tb->s.len);
	tb->typing = false;
}

static bool
restore(struct textbuf *tb, struct snapshot *from, size_t *nfrom, struct snapshot *to, size_t *nto)
{
	struct snapshot s;

	if (*nfrom == 0)
		return false;
	push(to, nto, strbuf_str(&tb->s), tb->cursor);
	s = from[--(*nfrom)];
	strbuf_reset(&tb->s);
	strbuf_adds(&tb->s, s.text);
	tb->cursor = s.cursor <= tb->s.len ? s.cursor : tb->s.len;
	free(s.text);
	tb->version++;
	rebound(tb);
	tb->typing = false;
	return true;
}

bool
textbuf_undo(struct textbuf *tb)
{
	return restore(tb, tb->undo, &tb->nundo, tb->redo, &tb->nredo);
}

bool
textbuf_redo(struct textbuf *tb)
{
	return restore(tb, tb->redo, &tb->nredo, tb->undo, &tb->nundo);
}

unsigned long
textbuf_version(const struct textbuf *tb)
{
	return tb->version;
}
