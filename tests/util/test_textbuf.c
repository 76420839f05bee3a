/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the field text buffer: grapheme-cluster moves, edits, undo and redo, and the cases
 * the fuzzer (tests/fuzz/fuzz_textbuf) found: a NUL in the text cut undo snapshots short, End
 * stopped inside a CR LF pair, and a word move to the start did not end a run of typing. Word
 * moves also split katakana such as システム after シス. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/textbuf.h"

#define NEW(s) textbuf_new((s), strlen(s))
#define INSERT(tb, s) textbuf_insert((tb), (s), strlen(s))

static void
test_null_and_empty(void **state)
{
	struct textbuf *tb = NULL;

	(void)state;
	textbuf_free(NULL);
	textbuf_free(&tb);
	tb = textbuf_new(NULL, 0);
	assert_string_equal(textbuf_text(tb), "");
	assert_int_equal(textbuf_len(tb), 0);
	assert_int_equal(textbuf_cursor(tb), 0);
	textbuf_backspace(tb);
	textbuf_delete(tb);
	textbuf_kill_line(tb);
	textbuf_left(tb);
	textbuf_right(tb);
	textbuf_word_left(tb);
	textbuf_word_right(tb);
	textbuf_home(tb);
	textbuf_end(tb);
	textbuf_set_cursor(tb, 99);
	textbuf_insert(tb, "", 0);
	assert_int_equal(textbuf_len(tb), 0);
	assert_int_equal(textbuf_cursor(tb), 0);
	assert_false(textbuf_undo(tb));
	assert_false(textbuf_redo(tb));
	assert_false(textbuf_changed(tb));
	assert_int_equal(textbuf_next_boundary(tb, 0), 0);
	assert_int_equal(textbuf_prev_boundary(tb, 0), 0);
	textbuf_free(&tb);
	assert_null(tb);
}

static void
test_graphemes(void **state)
{
	/* か + combining mark, 葛 + IVS, a ZWJ family: three clusters */
	const char *s = "か\u3099葛\U000E0100\U0001F468\u200D\U0001F469\u200D\U0001F467";
	struct textbuf *tb = NEW(s);

	(void)state;
	assert_int_equal(textbuf_cursor(tb), strlen(s));
	textbuf_left(tb);
	assert_int_equal(textbuf_cursor(tb), strlen("か\u3099葛\U000E0100"));
	textbuf_left(tb);
	assert_int_equal(textbuf_cursor(tb), strlen("か\u3099"));
	textbuf_set_cursor(tb, 4); /* inside the first cluster: back to its start */
	assert_int_equal(textbuf_cursor(tb), 0);
	textbuf_delete(tb);
	assert_string_equal(
	    textbuf_text(tb), "葛\U000E0100\U0001F468\u200D\U0001F469\u200D\U0001F467");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), s);
	assert_true(textbuf_redo(tb));
	assert_int_equal(textbuf_cursor(tb), 0);
	textbuf_free(&tb);
}

static void
test_typing_is_one_step(void **state)
{
	struct textbuf *tb = NEW("");

	(void)state;
	INSERT(tb, "国");
	INSERT(tb, "民");
	INSERT(tb, "年");
	INSERT(tb, " ");
	INSERT(tb, "金");
	assert_string_equal(textbuf_text(tb), "国民年 金");
	/* a space is a step of its own, and typing after it a new one */
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "国民年 ");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "国民年");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "");
	assert_false(textbuf_undo(tb));
	assert_true(textbuf_redo(tb));
	assert_string_equal(textbuf_text(tb), "国民年");
	assert_true(textbuf_changed(tb));
	/* typing in the middle is not coalesced: each character is a step */
	textbuf_set_cursor(tb, 0);
	INSERT(tb, "a");
	INSERT(tb, "b");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "a国民年");
	textbuf_free(&tb);
}

static void
test_invalid_utf8(void **state)
{
	struct textbuf *tb = NEW("");

	(void)state;
	textbuf_insert(tb, "a\xff\xc0\xaf\xed\xa0\x80z", 8);
	assert_string_equal(textbuf_text(tb), "a\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDz");
	textbuf_free(&tb);
}

/* fuzz finding: a NUL became part of the text, and the undo snapshot (a C string) stopped at
 * it, so undo gave back "333" for a text of 63 bytes. */
static void
test_nul_becomes_replacement(void **state)
{
	struct textbuf *tb = textbuf_new("333\0x", 5);

	(void)state;
	assert_int_equal(textbuf_len(tb), strlen(textbuf_text(tb)));
	assert_string_equal(textbuf_text(tb), "333\uFFFDx");
	textbuf_insert(tb, "a\0b c", 5);
	assert_string_equal(textbuf_text(tb), "333\uFFFDxa\uFFFDb c");
	textbuf_backspace(tb);
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "333\uFFFDxa\uFFFDb c");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "333\uFFFDx");
	textbuf_free(&tb);
}

/* fuzz finding: End stopped between the CR and the LF of a CR LF pair, which is one grapheme */
static void
test_end_before_crlf(void **state)
{
	struct textbuf *tb = NEW("a\r\nb\nc");

	(void)state;
	textbuf_set_cursor(tb, 0);
	textbuf_end(tb);
	assert_int_equal(textbuf_cursor(tb), 1);
	textbuf_right(tb);
	assert_int_equal(textbuf_cursor(tb), 3);
	textbuf_end(tb);
	assert_int_equal(textbuf_cursor(tb), 4);
	textbuf_home(tb);
	assert_int_equal(textbuf_cursor(tb), 3);
	textbuf_free(&tb);
}

/* fuzz finding: a word move back to the start of the text did not end the run of typing, so
 * the next character typed there joined the undo step of the text typed before */
static void
test_word_left_ends_typing(void **state)
{
	struct textbuf *tb = NEW("\n");

	(void)state;
	INSERT(tb, "\u3000"); /* typed at the end */
	textbuf_word_left(tb);
	assert_int_equal(textbuf_cursor(tb), 0);
	INSERT(tb, "x");
	assert_string_equal(textbuf_text(tb), "x\n\u3000");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "\n\u3000");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "\n");
	textbuf_free(&tb);
}

static void
test_lines_and_words(void **state)
{
	struct textbuf *tb = NEW("国民年金システムの保守\n二行目");

	(void)state;
	textbuf_set_cursor(tb, 0);
	textbuf_word_right(tb);
	assert_int_equal(textbuf_cursor(tb), strlen("国民年金"));
	/* katakana from ア to ダ (E3 82 A0-BF) is katakana, not hiragana */
	textbuf_word_right(tb);
	assert_int_equal(textbuf_cursor(tb), strlen("国民年金システム"));
	textbuf_word_left(tb);
	assert_int_equal(textbuf_cursor(tb), strlen("国民年金"));
	textbuf_kill_line(tb);
	assert_string_equal(textbuf_text(tb), "国民年金\n二行目");
	textbuf_kill_line(tb); /* at the end of the line: joins the next */
	assert_string_equal(textbuf_text(tb), "国民年金二行目");
	textbuf_replace(tb, "新", strlen("新"));
	assert_string_equal(textbuf_text(tb), "新");
	assert_true(textbuf_undo(tb));
	assert_string_equal(textbuf_text(tb), "国民年金二行目");
	textbuf_free(&tb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_graphemes),
		cmocka_unit_test(test_typing_is_one_step),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_becomes_replacement),
		cmocka_unit_test(test_end_before_crlf),
		cmocka_unit_test(test_word_left_ends_typing),
		cmocka_unit_test(test_lines_and_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
