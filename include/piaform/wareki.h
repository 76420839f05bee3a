/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 和暦 dates: parsing what people type (令和6年5月24日, 令和元年5月1日, R6.5.24, 2024-05-24,
 * full-width digits) into the 和暦 text the forms print, checked against ICU's Japanese
 * calendar so that impossible dates (平成32年, 令和1年4月30日, 2月30日) are refused. */
#ifndef PIAFORM_WAREKI_H
#define PIAFORM_WAREKI_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/error.h"

/* Parse in (len bytes). allow_month accepts 年月 without a day (平成28年1月). On success the
 * canonical 和暦 text ("令和6年5月24日", "令和元年5月1日", "平成28年1月") is written to out. */
bool wareki_parse(
    const char *in, size_t len, bool allow_month, char *out, size_t size, struct error *err);
/* Full-width digits and other compatibility forms folded (NFKC) into a new string. Only for
 * numbers and dates: never for free text. */
char *wareki_nfkc(const char *in, size_t len);

#endif
