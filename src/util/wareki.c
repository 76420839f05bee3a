/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 和暦 through ICU. The input is folded with NFKC (numbers only), scanned into era/year/
 * month/day, turned into a Gregorian date, and then asked back of ICU's Japanese calendar:
 * the date is accepted only if ICU puts it in the era the writer named. Era names come
 * from ICU's own symbols. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "piaform/i18n.h"
#include "piaform/strbuf.h"
#include "piaform/wareki.h"
#include "piaform/xmalloc.h"

#define ERA_FIRST 232 /* ICU's index of 明治 in the Japanese calendar */
#define ERA_LAST 236 /* 令和 */

char *
wareki_nfkc(const char *in, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
	UChar *src = NULL, *dst = NULL;
	int32_t n, m;
	char *out = NULL;

	if (U_FAILURE(st) || len > 4096)
		return xstrndup(in, len);
	src = xcalloc(len + 1, sizeof *src);
	u_strFromUTF8WithSub(src, (int32_t)len + 1, &n, in, (int32_t)len, 0xFFFD, NULL, &st);
	if (U_FAILURE(st))
		goto fallback;
	dst = xcalloc((size_t)n * 4 + 16, sizeof *dst);
	m = unorm2_normalize(nfkc, src, n, dst, n * 4 + 16, &st);
	if (U_FAILURE(st))
		goto fallback;
	out = xcalloc((size_t)m * 4 + 1, 1);
	u_strToUTF8(out, m * 4 + 1, NULL, dst, m, &st);
	if (U_FAILURE(st)) {
		free(out);
		out = NULL;
		goto fallback;
	}
	free(src);
	free(dst);
	return out;
fallback:
	free(src);
	free(dst);
	return xstrndup(in, len);
}

/* ICU's name of era index e in Japanese ("令和"). */
static bool
era_name(UDateFormat *fmt, int e, char *buf, size_t size)
{
	UChar u[32];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = udat_getSymbols(fmt, UDAT_ERAS, e, u, 32, &st);

	if (U_FAILURE(st) || n <= 0)
		return false;
	u_strToUTF8(buf, (int32_t)size, NULL, u, n, &st);
	return U_SUCCESS(st);
}

/* The formatter is only read (its era names), and opening one costs more than everything
 * else a date parse does: open it once and keep it. A bare "G" pattern, because the locale's
 * long date style brings number formatters for 和暦 years that are never used here (they
 * were two thirds of the cost of the first date checked). */
static UDateFormat *
open_japanese(void)
{
	static UDateFormat *fmt;
	UErrorCode st = U_ZERO_ERROR;

	if (fmt == NULL) {
		fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, "ja_JP@calendar=japanese",
		    u"Asia/Tokyo", -1, u"G", 1, &st);
		if (U_FAILURE(st))
			fmt = NULL;
	}
	return fmt;
}

static const struct {
	char letter;
	int era;
} era_letters[] = { { 'M', 232 }, { 'T', 233 }, { 'S', 234 }, { 'H', 235 }, { 'R', 236 } };

static bool
number(const char **sp, int *out)
{
	const char *s = *sp;
	long v = 0;

	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s - '0');
		if (v > 99999)
			return false;
		s++;
	}
	*sp = s;
	*out = (int)v;
	return true;
}

static bool
skip(const char **sp, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*sp, lit, n) != 0)
		return false;
	*sp += n;
	return true;
}

static void
skip_spaces(const char **sp)
{
	while (**sp == ' ' || **sp == '\t')
		(*sp)++;
}

/* The Gregorian (japanese false) or Japanese calendar, opened once: opening one loads its
 * time zone, which costs more than everything else a date parse does. Every use sets the
 * whole date it asks about, so nothing carries over from one use to the next. */
static UCalendar *
calendar(bool japanese)
{
	static UCalendar *cal[2];
	UErrorCode st = U_ZERO_ERROR;

	if (cal[japanese] == NULL) {
		if (japanese)
			cal[1] = ucal_open(
			    u"Asia/Tokyo", -1, "ja_JP@calendar=japanese", UCAL_DEFAULT, &st);
		else
			cal[0] = ucal_open(
			    u"Asia/Tokyo", -1, "en_US@calendar=gregorian", UCAL_GREGORIAN, &st);
		if (U_FAILURE(st))
			cal[japanese] = NULL;
	}
	return cal[japanese];
}

/* Days in a Gregorian month, through a strict ICU calendar. */
static int
month_days(int y, int m)
{
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal = calendar(false);
	int d;

	if (cal == NULL)
		return 31;
	ucal_clear(cal);
	ucal_setDate(cal, y, m - 1, 1, &st);
	d = ucal_getLimit(cal, UCAL_DATE, UCAL_ACTUAL_MAXIMUM, &st);
	return U_SUCCESS(st) ? d : 31;
}

/* Era index and era year of a Gregorian date, by ICU's Japanese calendar. */
static bool
japanese_of(int y, int m, int d, int *era, int *eyear)
{
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *g = calendar(false), *j = calendar(true);
	UDate t;

	if (g == NULL || j == NULL)
		return false;
	ucal_clear(g);
	ucal_setDate(g, y, m - 1, d, &st);
	t = ucal_getMillis(g, &st);
	if (U_FAILURE(st))
		return false;
	ucal_setMillis(j, t, &st);
	*era = ucal_get(j, UCAL_ERA, &st);
	*eyear = ucal_get(j, UCAL_YEAR, &st);
	return U_SUCCESS(st);
}

/* The Gregorian year of era year 1, found through ICU (the year its first day falls in). */
static int
era_start_year(int era)
{
	static int cache[ERA_LAST - ERA_FIRST + 1];
	int y, e, ey;

	if (era < ERA_FIRST || era > ERA_LAST)
		return 0;
	if (cache[era - ERA_FIRST] != 0)
		return cache[era - ERA_FIRST];
	for (y = 1868; y <= 2100; y++) {
		if (japanese_of(y, 12, 31, &e, &ey) && e == era) {
			cache[era - ERA_FIRST] = y - ey + 1;
			return y - ey + 1;
		}
	}
	return 0;
}

static bool
format_wareki(UDateFormat *fmt, int era, int eyear, int m, int d, char *out, size_t size)
{
	char name[32];

	if (!era_name(fmt, era, name, sizeof name))
		return false;
	if (eyear == 1)
		snprintf(out, size, "%s元年%d月", name, m);
	else
		snprintf(out, size, "%s%d年%d月", name, eyear, m);
	if (d > 0) {
		size_t n = strlen(out);
		snprintf(out + n, size - n, "%d日", d);
	}
	return true;
}

bool
wareki_parse(
    const char *in, size_t len, bool allow_month, char *out, size_t size, struct error *err)
{
	static const char *const what =
	    N_("dates are written like 令和6年5月24日, R6.5.24 or 2024-05-24");
	char *text = wareki_nfkc(in, len);
	const char *s = text;
	UDateFormat *fmt = open_japanese();
	int era = -1, ey = 0, gy = 0, m = 0, d = 0, e2, ey2;
	bool ok = false, have_day = false;
	size_t i;

	if (fmt == NULL) {
		error_item(
		    err, NULL, _("the Japanese calendar is not available (ICU data missing)"));
		goto out;
	}
	/* NFKC stops at a NUL: a value with one inside is not a date, whatever precedes it */
	if (in != NULL && memchr(in, '\0', len) != NULL)
		goto syntax;
	skip_spaces(&s);
	/* era by name */
	for (i = ERA_FIRST; (int)i <= ERA_LAST && era < 0; i++) {
		char name[32];
		if (era_name(fmt, (int)i, name, sizeof name) && skip(&s, name))
			era = (int)i;
	}
	/* era by letter: R6.5.24, H28.1 */
	for (i = 0; era < 0 && i < sizeof era_letters / sizeof era_letters[0]; i++) {
		if (*s == era_letters[i].letter || *s == era_letters[i].letter + 32) {
			era = era_letters[i].era;
			s++;
		}
	}
	if (era >= 0) {
		skip_spaces(&s);
		if (skip(&s, "元"))
			ey = 1;
		else if (!number(&s, &ey))
			goto syntax;
		if (!skip(&s, "年") && !skip(&s, ".") && !skip(&s, "/") && !skip(&s, "-"))
			goto syntax;
	} else {
		if (!number(&s, &gy) || gy < 1000)
			goto syntax;
		if (!skip(&s, "年") && !skip(&s, "-") && !skip(&s, "/") && !skip(&s, "."))
			goto syntax;
	}
	skip_spaces(&s);
	if (!number(&s, &m))
		goto syntax;
	if (!skip(&s, "月") && !skip(&s, ".") && !skip(&s, "/") && !skip(&s, "-")) {
		if (*s != '\0' && *s != ' ')
			goto syntax;
	}
	skip_spaces(&s);
	if (*s != '\0') {
		if (!number(&s, &d))
			goto syntax;
		have_day = true;
		skip(&s, "日");
	}
	skip_spaces(&s);
	if (*s != '\0')
		goto syntax;
	if (!have_day && !allow_month) {
		error_item(err, NULL, _("the day is missing (%s)"), _(what));
		goto out;
	}
	if (m < 1 || m > 12) {
		error_item(err, NULL, _("there is no month %d"), m);
		goto out;
	}
	if (era >= 0) {
		int base = era_start_year(era);
		if (base == 0 || ey < 1) {
			error_item(err, NULL, _("the year is not valid"));
			goto out;
		}
		gy = base + ey - 1;
	}
	if (gy > 2200) {
		error_item(err, NULL, _("the year %d is not plausible"), gy);
		goto out;
	}
	if (have_day && (d < 1 || d > month_days(gy, m))) {
		error_item(err, NULL, _("%d月 has no day %d"), m, d);
		goto out;
	}
	/* ask ICU which era the date belongs to; a month is fine if either end of it fits */
	if (!japanese_of(gy, m, d ? d : 1, &e2, &ey2)) {
		error_item(err, NULL, _("the Japanese calendar could not place this date"));
		goto out;
	}
	if (era >= 0 && d == 0 && (e2 != era || ey2 != ey)) {
		int e3, ey3;
		if (japanese_of(gy, m, month_days(gy, m), &e3, &ey3) && e3 == era && ey3 == ey) {
			e2 = e3;
			ey2 = ey3;
		}
	}
	if (era >= 0 && (e2 != era || ey2 != ey)) {
		char name[32], real[64];
		era_name(fmt, era, name, sizeof name);
		format_wareki(fmt, e2, ey2, m, d, real, sizeof real);
		if (e2 > era)
			error_item(err, NULL, _("%s%d年%d月 is past the end of %s: that is %s"),
			    name, ey, m, name, real);
		else
			error_item(
			    err, NULL, _("%s had not begun yet: that date is %s"), name, real);
		goto out;
	}
	if (e2 < ERA_FIRST) {
		error_item(err, NULL, _("dates before 明治 are not supported"));
		goto out;
	}
	ok = format_wareki(fmt, e2, ey2, m, d, out, size);
	goto out;
syntax:
	error_item(err, NULL, _("not a date: %s"), _(what));
out:
	free(text);
	return ok;
}
