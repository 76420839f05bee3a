/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of display width, wrapping and the visible-form sanitiser. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/width.h"

#define W(s, ambi) width_of((s), strlen(s), (ambi))

static void
test_null_and_empty(void **state)
{
	struct strbuf b = STRBUF_INIT;
	struct width_line *lines;
	char vis[WIDTH_VISIBLE_MAX];
	int32_t cp = 7;
	int used = -1;

	assert_int_equal(width_of(NULL, 0, 1), 0);
	assert_int_equal(width_of("", 0, 2), 0);
	assert_int_equal(width_decode("", 0, &cp), 0);
	assert_int_equal(cp, -1);
	assert_int_equal(width_fit("", 0, 10, 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(width_fit("abc", 3, 0, 1, NULL), 0);
	assert_int_equal(width_visible("", 0, 0, vis), 0);
	assert_true(width_is_clean("", 0, 0));
	assert_true(width_is_clean(NULL, 0, 0));
	width_sanitize(&b, NULL, 0, 0);
	width_sanitize(&b, "", 0, 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(width_wrap(NULL, 0, 10, 1, &lines), 1);
	assert_int_equal(lines[0].start, 0);
	assert_int_equal(lines[0].end, 0);
	assert_int_equal(lines[0].width, 0);
	free(lines);
	assert_int_equal(width_wrap("", 0, 0, 1, &lines), 1);
	free(lines);
}

static void
test_char_widths(void **state)
{
	assert_int_equal(W("abc", 1), 3);
	assert_int_equal(W("国民年金事務", 1), 12);
	assert_int_equal(W("かな", 2), 4);
	assert_int_equal(W("ｱｲｳ", 2), 3); /* half-width katakana */
	assert_int_equal(W("ＡＢ１", 1), 6); /* full-width forms */
	/* ambiguous: ○ ① ※ Ⅱ are 1 or 2 as the terminal draws them */
	assert_int_equal(W("○①※Ⅱ", 1), 4);
	assert_int_equal(W("○①※Ⅱ", 2), 8);
	assert_int_equal(W("[○]", 2), 4);
	/* combining marks, variation selectors (IVS), ZWJ and controls take no column */
	assert_int_equal(W("か\u3099", 1), 2);
	assert_int_equal(W("e\u0301", 2), 1);
	assert_int_equal(W("葛\U000E0100", 1), 2);
	assert_int_equal(W("a\u200Db", 1), 2);
	assert_int_equal(W("a\u200Bb", 1), 2);
	assert_int_equal(W("\x1b\t\x7f", 1), 0);
	assert_int_equal(W("\U0001F600", 1), 2); /* emoji presentation */
	assert_int_equal(W("\U00020BB7", 1), 2); /* 𠮷 outside the BMP */
	assert_int_equal(W("\u1100\u1161\u11A8", 1), 2); /* conjoining jamo: one syllable */
	assert_int_equal(W("\xff", 1), 1); /* a bad byte is drawn as U+FFFD */
	assert_int_equal(width_char(0x3000, 1), 2); /* ideographic space */
	assert_int_equal(width_char(-1, 2), 1);
}

static void
test_decode(void **state)
{
	int32_t cp;

	assert_int_equal(width_decode("あ", 3, &cp), 3);
	assert_int_equal(cp, 0x3042);
	assert_int_equal(width_decode("\U00020BB7", 4, &cp), 4);
	assert_int_equal(cp, 0x20BB7);
	/* truncated, overlong and surrogate sequences: one byte at a time, cp -1 */
	assert_int_equal(width_decode("\xe3\x81", 2, &cp), 1);
	assert_int_equal(cp, -1);
	assert_int_equal(width_decode("\xc0\xaf", 2, &cp), 1);
	assert_int_equal(cp, -1);
	assert_int_equal(width_decode("\xed\xa0\x80", 3, &cp), 1);
	assert_int_equal(cp, -1);
}

static void
test_fit(void **state)
{
	int used;

	assert_int_equal(width_fit("あいう", 9, 5, 1, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(width_fit("あいう", 9, 6, 1, &used), 9);
	assert_int_equal(used, 6);
	/* a combining mark stays with its base even at the margin */
	assert_int_equal(width_fit("かか\u3099き", 12, 4, 1, &used), 9);
	assert_int_equal(used, 4);
	assert_int_equal(width_fit("※a", 4, 1, 2, &used), 0);
	assert_int_equal(width_fit("※a", 4, 2, 2, &used), 3);
}

/* The wrapped lines of s at cols joined with '|'. */
static char *
wrapped(const char *s, int cols, int ambi)
{
	struct width_line *lines;
	size_t n = width_wrap(s, strlen(s), cols, ambi, &lines), i;
	struct strbuf b = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addc(&b, '|');
		strbuf_add(&b, s + lines[i].start, lines[i].end - lines[i].start);
		assert_int_equal(lines[i].width,
		    width_of(s + lines[i].start, lines[i].end - lines[i].start, ambi));
	}
	free(lines);
	return strbuf_detach(&b);
}

#define assert_wrap(s, cols, ambi, want)                                                           \
	do {                                                                                       \
		char *got_ = wrapped((s), (cols), (ambi));                                         \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

static void
test_wrap(void **state)
{
	assert_wrap("国民年金事務", 4, 1, "国民|年金|事務");
	assert_wrap("国民年金事務", 80, 1, "国民年金事務");
	/* 、 and 。 never start a line: う moves down with its 、 */
	assert_wrap("あいう、えお。", 6, 1, "あい|う、え|お。");
	assert_wrap("hello world foo", 11, 1, "hello world|foo");
	assert_wrap("hello world foo", 12, 1, "hello world|foo");
	/* no break opportunity: cut between grapheme clusters */
	assert_wrap("abcdefghij", 4, 1, "abcd|efgh|ij");
	assert_wrap("かか\u3099かか\u3099", 4, 1, "かか\u3099|かか\u3099");
	/* a character wider than the line still gets a line of its own */
	assert_wrap("あい", 1, 1, "あ|い");
	/* paragraphs; a final newline does not add an empty line */
	assert_wrap("a\n\nb\n", 10, 1, "a||b");
	assert_wrap("\n", 10, 1, "");
	assert_wrap("a  \nb", 10, 1, "a|b");
	/* ambiguous characters count as the terminal draws them */
	assert_wrap("※※※※", 4, 1, "※※※※");
	assert_wrap("※※※※", 4, 2, "※※|※※");
	/* a leading ideographic space (paragraph indent) is text, not a break */
	assert_wrap("\u3000本市では", 6, 1, "\u3000本市|では");
}

static char *
sanitized(const char *s, size_t len, unsigned flags)
{
	struct strbuf b = STRBUF_INIT;

	width_sanitize(&b, s, len, flags);
	return strbuf_detach(&b);
}

#define assert_sanitized(s, flags, want)                                                           \
	do {                                                                                       \
		char *got_ = sanitized((s), sizeof(s) - 1, (flags));                               \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

static void
test_sanitize(void **state)
{
	char vis[WIDTH_VISIBLE_MAX];

	assert_sanitized("国民年金事務", 0, "国民年金事務");
	assert_sanitized("a\x1b[31mb", 0, "a^[[31mb");
	assert_sanitized("a\0b", 0, "a^@b");
	assert_sanitized("x\x7fy", 0, "x^?y");
	assert_sanitized("\xc2\x85", 0, "<U+0085>");
	assert_sanitized("abc\u202Eabc", 0, "abc<U+202E>abc");
	assert_sanitized("\u2066\u200E\u061C", 0, "<U+2066><U+200E><U+061C>");
	assert_sanitized("\uFEFFa\u200Bb\u00AD", 0, "<U+FEFF>a<U+200B>b<U+00AD>");
	assert_sanitized("\u3164\u2028", 0, "<U+3164><U+2028>");
	assert_sanitized("\xff\xfe", 0, "<0xFF><0xFE>");
	assert_sanitized("a\nb\tc", 0, "a^Jb^Ic");
	assert_sanitized("a\nb\tc\r", WIDTH_KEEP_NEWLINE | WIDTH_KEEP_TAB, "a\nb\tc^M");
	/* kept: ZWJ in emoji sequences, 異体字 selectors, combining marks, ideographic space */
	assert_sanitized("\U0001F468\u200D\U0001F469", 0, "\U0001F468\u200D\U0001F469");
	assert_sanitized("葛\U000E0100か\u3099\u3000", 0, "葛\U000E0100か\u3099\u3000");
	assert_int_equal(width_visible("\u202E", 3, 0, vis), 3);
	assert_string_equal(vis, "<U+202E>");
	assert_int_equal(width_visible("a", 1, 0, vis), 0);
	assert_false(width_is_clean("a\x1b", 2, 0));
	assert_true(width_is_clean("a\nb", 3, WIDTH_KEEP_NEWLINE));
	assert_false(width_is_clean("a\nb", 3, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_char_widths),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_sanitize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
