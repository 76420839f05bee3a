/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of 和暦 parsing: every spelling people type becomes one canonical 和暦 text, and
 * dates that never existed (平成32年, 令和1年4月30日, 2月30日, 昭和64年1月8日) are refused
 * with a reason that names the real date where there is one. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/wareki.h"

/* Parse text; on success compare with want, on failure return the message. */
static void
accepts(const char *in, bool month, const char *want)
{
	char out[128];
	struct error e;

	error_clear(&e);
	if (!wareki_parse(in, strlen(in), month, out, sizeof out, &e))
		fail_msg("\"%s\" refused: %s", in, e.message);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" gave \"%s\", wanted \"%s\"", in, out, want);
	assert_false(e.set);
}

static void
refuses_n(const char *in, size_t len, bool month, const char *needle)
{
	char out[128] = "untouched";
	struct error e;

	error_clear(&e);
	if (wareki_parse(in, len, month, out, sizeof out, &e))
		fail_msg("\"%.*s\" accepted as \"%s\"", (int)len, in, out);
	assert_true(e.set);
	if (strstr(e.message, needle) == NULL)
		fail_msg("\"%.*s\": \"%s\" not in \"%s\"", (int)len, in, needle, e.message);
}

static void
refuses(const char *in, bool month, const char *needle)
{
	refuses_n(in, strlen(in), month, needle);
}

static void
test_null_and_empty(void **state)
{
	char out[64];
	char *s;

	(void)state;
	refuses_n(NULL, 0, false, "not a date");
	refuses_n(NULL, 0, true, "not a date");
	refuses("", false, "not a date");
	refuses("   ", true, "not a date");
	/* a NULL error is allowed: the answer is just false */
	assert_false(wareki_parse("x", 1, false, out, sizeof out, NULL));
	s = wareki_nfkc(NULL, 0);
	assert_string_equal(s, "");
	free(s);
	s = wareki_nfkc("", 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_nfkc(void **state)
{
	char *s;

	(void)state;
	s = wareki_nfkc("令和６年５月２４日", strlen("令和６年５月２４日"));
	assert_string_equal(s, "令和6年5月24日");
	free(s);
	s = wareki_nfkc("Ｒ６．５．２４", strlen("Ｒ６．５．２４"));
	assert_string_equal(s, "R6.5.24");
	free(s);
	/* only len bytes are read */
	s = wareki_nfkc("１２３", 3);
	assert_string_equal(s, "1");
	free(s);
	/* broken UTF-8 does not crash; it is replaced, so it can never match a digit */
	s = wareki_nfkc("\x97\xdf\x98\x61", 4);
	assert_non_null(s);
	assert_null(strchr(s, '6'));
	free(s);
}

static void
test_spellings(void **state)
{
	(void)state;
	accepts("令和6年5月24日", false, "令和6年5月24日");
	accepts("令和元年5月1日", false, "令和元年5月1日");
	accepts("令和1年5月1日", false, "令和元年5月1日");
	accepts("令和2年1月1日", false, "令和2年1月1日");
	accepts("R6.5.24", false, "令和6年5月24日");
	accepts("r6.5.24", false, "令和6年5月24日");
	accepts("R06.05.24", false, "令和6年5月24日");
	accepts("R6/5/24", false, "令和6年5月24日");
	accepts("R6-5-24", false, "令和6年5月24日");
	accepts("H28.1.1", false, "平成28年1月1日");
	accepts("S64.1.7", false, "昭和64年1月7日");
	accepts("T15.12.24", false, "大正15年12月24日");
	accepts("M45.7.29", false, "明治45年7月29日");
	accepts("2024-05-24", false, "令和6年5月24日");
	accepts("2024/5/24", false, "令和6年5月24日");
	accepts("2024.5.24", false, "令和6年5月24日");
	accepts("2024年5月24日", false, "令和6年5月24日");
	accepts("2019-05-01", false, "令和元年5月1日");
	accepts("2019-04-30", false, "平成31年4月30日");
	accepts("1989-01-07", false, "昭和64年1月7日");
	accepts("1989-01-08", false, "平成元年1月8日");
	accepts("2024-02-29", false, "令和6年2月29日");
	/* full-width digits, letters and punctuation */
	accepts("令和６年５月２４日", false, "令和6年5月24日");
	accepts("Ｒ６．５．２４", false, "令和6年5月24日");
	accepts("２０２４－０５－２４", false, "令和6年5月24日");
	/* spaces: around the date, after the era, between the parts (ASCII and ideographic) */
	accepts("  令和6年5月24日  ", false, "令和6年5月24日");
	accepts("令和 6年5月24日", false, "令和6年5月24日");
	accepts("令和6年 5月 24日", false, "令和6年5月24日");
	accepts("令和6年　5月　24日", false, "令和6年5月24日");
	accepts("\t令和6年5月24日\t", false, "令和6年5月24日");
	/* the day's 日 may be left out */
	accepts("令和6年5月24", false, "令和6年5月24日");
}

static void
test_month_only(void **state)
{
	(void)state;
	accepts("平成28年1月", true, "平成28年1月");
	accepts("H28.1", true, "平成28年1月");
	accepts("2016-01", true, "平成28年1月");
	accepts("令和元年5月", true, "令和元年5月");
	/* a month split between two eras belongs to both */
	accepts("平成31年4月", true, "平成31年4月");
	accepts("平成元年1月", true, "平成元年1月");
	accepts("昭和64年1月", true, "昭和64年1月");
	refuses("平成31年5月", true, "past the end of 平成");
	refuses("令和元年4月", true, "令和 had not begun yet");
	/* a full date is still fine where a month is allowed */
	accepts("平成28年1月1日", true, "平成28年1月1日");
	refuses("平成28年1月", false, "the day is missing");
	refuses("2016-01", false, "the day is missing");
}

static void
test_impossible_dates(void **state)
{
	(void)state;
	refuses("平成32年1月1日", false, "past the end of 平成: that is 令和2年1月1日");
	refuses("令和1年4月30日", false, "令和 had not begun yet: that date is 平成31年4月30日");
	refuses("令和元年4月30日", false, "平成31年4月30日");
	refuses("平成31年5月1日", false, "past the end of 平成: that is 令和元年5月1日");
	/* 昭和 ended on 7 January 1989: the 8th was 平成元年1月8日 */
	refuses("昭和64年1月8日", false, "past the end of 昭和: that is 平成元年1月8日");
	refuses("S64.1.8", false, "平成元年1月8日");
	refuses("平成元年1月7日", false, "平成 had not begun yet: that date is 昭和64年1月7日");
	accepts("平成元年1月8日", false, "平成元年1月8日");
	refuses("令和6年2月30日", false, "2月 has no day 30");
	refuses("2023-02-29", false, "2月 has no day 29");
	refuses("2023-04-31", false, "4月 has no day 31");
	refuses("令和6年13月1日", false, "there is no month 13");
	refuses("2024-13-01", false, "there is no month 13");
	refuses("令和6年0月1日", false, "there is no month 0");
	refuses("令和6年5月0日", false, "has no day 0");
	refuses("令和0年5月1日", false, "the year is not valid");
	refuses("1800-01-01", false, "before 明治");
	refuses("0999-01-01", false, "not a date");
}

static void
test_garbage(void **state)
{
	(void)state;
	refuses("令和6年5月24日です", false, "not a date");
	refuses("令和6年5月24日 10:00", false, "not a date");
	refuses("令和6年5月24日x", false, "not a date");
	refuses("令和6年", false, "not a date");
	refuses("令和", false, "not a date");
	refuses("R", false, "not a date");
	refuses("X6.5.24", false, "not a date");
	refuses("今日", false, "not a date");
	refuses("5月24日", false, "not a date");
	refuses("令和-6年5月24日", false, "not a date");
	refuses("令和6年5月24日24", false, "not a date");
	refuses("99999999-01-01", false, "not a date");
	/* Shift_JIS bytes of 令和6年5月24日, and a valid date followed by a stray byte */
	refuses("\x97\xdf\x98\x61\x36\x94\x4e\x35\x8c\x8e\x32\x34\x93\xfa", false, "not a date");
	refuses("令和6年5月24日\x82", false, "not a date");
	/* a NUL byte must not hide what follows it */
	refuses_n("令和6年5月24日\0x", strlen("令和6年5月24日") + 2, false, "not a date");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_nfkc),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_month_only),
		cmocka_unit_test(test_impossible_dates),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
