/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the field editor's text buffer: the bytes are a starting text and a
 * sequence of edits (typing, pastes, deletions, moves, undo, redo). After every edit the
 * cursor is inside the text on a grapheme boundary (ICU's own iterator decides), the text is
 * valid UTF-8, and one undo gives back the text before the edit (or, for a typed character,
 * the text before one of the characters typed in a row with it, which undo may take back
 * together) and one redo the text after it. Built with --enable-fuzzing.
 *
 * Input: a length byte and that many bytes of starting text, then operations: a byte whose
 * low four bits choose the edit (below) and whose top bit skips the undo check, so that
 * typed characters can coalesce; inserts take a length byte and that many bytes. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "piaform/textbuf.h"
#include "piaform/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum op {
	OP_INSERT,
	OP_INSERT2, /* a second code, so that inserts are common */
	OP_INSERT_SPECIAL, /* one of the texts below that grapheme rules care about */
	OP_BACKSPACE,
	OP_DELETE,
	OP_LEFT,
	OP_RIGHT,
	OP_WORD_LEFT,
	OP_WORD_RIGHT,
	OP_HOME,
	OP_END,
	OP_KILL_LINE,
	OP_UNDO,
	OP_REDO,
	OP_SET_CURSOR,
	OP_REPLACE,
};

/* Clusters a random byte string seldom spells: combining marks, variation selectors, ZWJ
 * emoji, flags, CR LF, Hangul jamo, and the separators word moves stop at. */
static const char *const special[] = {
	"\xE3\x81\x8B\xE3\x82\x99", /* か + combining voiced mark */
	"\xE3\x82\x99", /* the combining mark alone */
	"\xE8\x91\x9B\xF3\xA0\x84\x80", /* 葛 + IVS */
	"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", /* family */
	"\xE2\x80\x8D", /* ZWJ alone */
	"\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5", /* flag JP */
	"\xF0\x9F\x87\xAF", /* one regional indicator */
	"\r\n", "\r", "\n", " ", "\xE3\x80\x80", /* ideographic space */
	"\xE3\x80\x82", /* 。 */
	"\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", /* Hangul L V T */
	"\xEF\xB8\x8F", /* VS16 */
	"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", /* thumbs up + skin tone */
	"a\xCC\x81", /* a + combining acute */
	"\xE5\x9B\xBD\xE6\xB0\x91\xE5\xB9\xB4\xE9\x87\x91", /* 国民年金 */
	"\xE3\x82\xB7\xE3\x82\xB9\xE3\x83\x86\xE3\x83\xA0", /* システム */
	"abc_12", "\t", "\xC2\x85", /* NEL */
};

struct text {
	char *s;
	size_t len;
	size_t cursor;
};

static void
snap(const struct textbuf *tb, struct text *t)
{
	free(t->s);
	t->len = textbuf_len(tb);
	t->s = xmalloc(t->len + 1);
	memcpy(t->s, textbuf_text(tb), t->len + 1);
	t->cursor = textbuf_cursor(tb);
}

/* FNV-1a: a run of typing may be thousands of characters; its texts are compared by hash */
static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static bool
same_text(const struct textbuf *tb, const struct text *t)
{
	return textbuf_len(tb) == t->len && memcmp(textbuf_text(tb), t->s, t->len) == 0;
}

static void
broken(const struct textbuf *tb, const char *what, const struct text *want)
{
	fprintf(stderr, "fuzz_textbuf: %s\n  text (%zu bytes, cursor %zu): \"", what,
	    textbuf_len(tb), textbuf_cursor(tb));
	fwrite(textbuf_text(tb), 1, textbuf_len(tb), stderr);
	fprintf(stderr, "\"\n");
	if (want != NULL) {
		fprintf(stderr, "  wanted (%zu bytes, cursor %zu): \"", want->len, want->cursor);
		fwrite(want->s, 1, want->len, stderr);
		fprintf(stderr, "\"\n");
	}
	abort();
}

/* Strict UTF-8: no overlong forms, surrogates or code points past U+10FFFF. */
static bool
valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned cp;

	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (len == 0 || i + len > n)
			return false;
		cp = c & (0x7Fu >> len);
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3Fu);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return false;
		i += len;
	}
	return true;
}

/* Is off a grapheme boundary of the text, by a fresh ICU iterator? */
static bool
is_boundary(const char *s, size_t len, size_t off)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut;
	UBreakIterator *bi;
	bool yes;

	if (off == 0 || off == len)
		return true;
	ut = utext_openUTF8(NULL, s, (int64_t)len, &st);
	bi = ubrk_open(UBRK_CHARACTER, "ja", NULL, 0, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(bi, ut, &st);
	if (U_FAILURE(st))
		abort(); /* the fuzzer is worth nothing without ICU data */
	yes = ubrk_isBoundary(bi, (int32_t)off) != 0;
	ubrk_close(bi);
	utext_close(ut);
	return yes;
}

static void
check_state(const struct textbuf *tb)
{
	const char *s = textbuf_text(tb);
	size_t len = textbuf_len(tb), cur = textbuf_cursor(tb);

	if (s[len] != '\0' || memchr(s, '\0', len) != NULL)
		broken(tb, "the text is not one C string of textbuf_len bytes", NULL);
	if (cur > len)
		broken(tb, "the cursor is past the end", NULL);
	if (!valid_utf8((const unsigned char *)s, len))
		broken(tb, "the text is not valid UTF-8", NULL);
	if (!is_boundary(s, len, cur))
		broken(tb, "the cursor is inside a grapheme cluster", NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct text before = { NULL, 0, 0 }, after = { NULL, 0, 0 };
	uint64_t *run = NULL; /* hashes of the texts before each character of a run of typing */
	size_t nrun = 0, runcap = 0, i;
	struct textbuf *tb;
	bool in_run = false;
	size_t n;

	if (size == 0)
		return 0;
	n = (unsigned char)*p++;
	if (n > (size_t)(end - p))
		n = (size_t)(end - p);
	tb = textbuf_new(p, n);
	p += n;
	check_state(tb);

	while (p < end) {
		unsigned char b = (unsigned char)*p++;
		bool check = (b & 0x80) == 0, typing = false, changed;
		const char *ins = NULL;
		unsigned long version = textbuf_version(tb);
		size_t nins = 0;

		snap(tb, &before);
		switch ((enum op)(b & 0x0F)) {
		case OP_INSERT:
		case OP_INSERT2:
		case OP_REPLACE:
			nins = p < end ? (unsigned char)*p++ % 32 : 0;
			if (nins > (size_t)(end - p))
				nins = (size_t)(end - p);
			ins = p;
			p += nins;
			break;
		case OP_INSERT_SPECIAL:
			ins = special[(p < end ? (unsigned char)*p++ : 0) %
			    (sizeof special / sizeof special[0])];
			nins = strlen(ins);
			break;
		default:
			break;
		}
		switch ((enum op)(b & 0x0F)) {
		case OP_INSERT:
		case OP_INSERT2:
		case OP_INSERT_SPECIAL:
			/* what textbuf_insert coalesces: a short insert not starting a line or word */
			typing = nins > 0 && nins <= 4 && ins[0] != '\n' && ins[0] != ' ';
			textbuf_insert(tb, ins, nins);
			break;
		case OP_REPLACE:
			textbuf_replace(tb, ins, nins);
			break;
		case OP_BACKSPACE:
			textbuf_backspace(tb);
			break;
		case OP_DELETE:
			textbuf_delete(tb);
			break;
		case OP_LEFT:
			textbuf_left(tb);
			break;
		case OP_RIGHT:
			textbuf_right(tb);
			break;
		case OP_WORD_LEFT:
			textbuf_word_left(tb);
			break;
		case OP_WORD_RIGHT:
			textbuf_word_right(tb);
			break;
		case OP_HOME:
			textbuf_home(tb);
			break;
		case OP_END:
			textbuf_end(tb);
			break;
		case OP_KILL_LINE:
			textbuf_kill_line(tb);
			break;
		case OP_UNDO:
			if (!textbuf_undo(tb) && !same_text(tb, &before))
				broken(tb, "a refused undo changed the text", &before);
			check = false;
			break;
		case OP_REDO:
			if (!textbuf_redo(tb) && !same_text(tb, &before))
				broken(tb, "a refused redo changed the text", &before);
			check = false;
			break;
		case OP_SET_CURSOR:
			n = p < end ? (unsigned char)*p++ : 0;
			n |= (size_t)(p < end ? (unsigned char)*p++ : 0) << 8;
			textbuf_set_cursor(tb, n);
			break;
		}
		check_state(tb);
		changed = !same_text(tb, &before);
		if (changed && textbuf_version(tb) == version)
			broken(tb, "the text changed but its version did not", &before);
		/* typed characters in a row may be one undo step: remember the texts they began at */
		if (typing) {
			if (!in_run)
				nrun = 0;
			if (nrun == runcap)
				run = xreallocarray(run, runcap = 2 * runcap + 16, sizeof *run);
			run[nrun++] = hash(before.s, before.len);
			in_run = true;
		} else if (changed || textbuf_cursor(tb) != before.cursor) {
			in_run = false;
		}
		if (!check || textbuf_version(tb) == version)
			continue;
		snap(tb, &after);
		if (!textbuf_undo(tb))
			broken(tb, "an edit left nothing to undo", &before);
		check_state(tb);
		if (!same_text(tb, &before)) {
			uint64_t h = hash(textbuf_text(tb), textbuf_len(tb));
			for (i = 0; typing && i < nrun && run[i] != h; i++)
				;
			if (!typing || i == nrun)
				broken(
				    tb, "undo did not give back the text before the edit", &before);
		}
		if (!textbuf_redo(tb))
			broken(tb, "an undo left nothing to redo", &after);
		check_state(tb);
		if (!same_text(tb, &after) || textbuf_cursor(tb) != after.cursor)
			broken(tb, "redo did not give back the text after the edit", &after);
		/* undo and redo end a run of typing */
		in_run = false;
	}
	textbuf_free(&tb);
	free(before.s);
	free(after.s);
	free(run);
	return 0;
}
