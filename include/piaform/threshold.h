/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The しきい値判断 (特定個人情報保護評価指針 第5 2): from 対象人数, 取扱者数 and 重大事故, which
 * 評価書 an institution must file, and the matching option of each form's しきい値判断結果 item.
 * The wording of the options lives in forms/ only; this module knows which item holds each
 * input and result, and the order of their options. */
#ifndef PIAFORM_THRESHOLD_H
#define PIAFORM_THRESHOLD_H

#include <stdbool.h>

#include "piaform/form.h"

#define THRESHOLD_STAFF_MANY 500 /* 取扱者数 500人以上 starts here */

/* 対象人数 bands, in the order of the forms' option lists (以上 inclusive, 未満 exclusive). */
enum threshold_people {
	THRESHOLD_PEOPLE_UNDER_1000, /* 1,000人未満 */
	THRESHOLD_PEOPLE_1000, /* 1,000人以上1万人未満 */
	THRESHOLD_PEOPLE_10000, /* 1万人以上10万人未満 */
	THRESHOLD_PEOPLE_100000, /* 10万人以上30万人未満 */
	THRESHOLD_PEOPLE_300000, /* 30万人以上 */
	THRESHOLD_PEOPLE_NBANDS
};

/* What the 指針 obliges, from least to most. */
enum threshold_level {
	THRESHOLD_NONE, /* 特定個人情報保護評価の実施が義務付けられない */
	THRESHOLD_KISO, /* 基礎項目評価 */
	THRESHOLD_JUTEN, /* 基礎項目評価及び重点項目評価 */
	THRESHOLD_ZENKOMOKU, /* 基礎項目評価及び全項目評価 */
};

/* The items of a form that hold the inputs and the result. */
enum threshold_field {
	THRESHOLD_FIELD_PEOPLE, /* kiso II-1, juten/zenkomoku I-1-③ */
	THRESHOLD_FIELD_STAFF, /* kiso II-2 only */
	THRESHOLD_FIELD_ACCIDENT, /* kiso II-3 only (not the 3-year item of juten/zenkomoku III-7) */
	THRESHOLD_FIELD_RESULT, /* kiso III, juten V-1-②, zenkomoku VI-1-② */
};

struct threshold_input {
	long people; /* 対象人数 */
	long staff; /* 取扱者数 (own staff and contractors' staff handling the file) */
	bool accident; /* 重大事故 at the institution within the past year */
};

struct threshold_result {
	bool ok; /* false for a NULL input or a negative count; everything else is then unset */
	enum threshold_people band; /* band of the 対象人数 */
	enum threshold_level level;
	bool kiso, juten, zenkomoku; /* 評価書 obliged (all false for THRESHOLD_NONE) */
	int kiso_option; /* 0-based option of kiso III しきい値判断結果, or -1 */
	int juten_option; /* 0-based option of juten V-1-②, or -1 (no option for 全項目) */
	int zenkomoku_option; /* 0-based option of zenkomoku VI-1-②, or -1 */
};

/* Decide from the inputs. A NULL input or a negative count gives a result with ok false. */
struct threshold_result threshold_decide(const struct threshold_input *in);
/* The band a 対象人数 falls in (negative counts fall in THRESHOLD_PEOPLE_UNDER_1000). */
enum threshold_people threshold_people_band(long people);
/* The smallest 対象人数 in a band (0, 1000, 10000, 100000, 300000), or -1 for no band. */
long threshold_people_min(enum threshold_people band);

/* The item of form f that holds field, found by its id path, or NULL when f has none or its
 * option list does not have the length this module expects. */
const struct form_item *threshold_item(const struct form *f, enum threshold_field field);
/* The exact text of f's しきい値判断結果 option that states r, or NULL (no such item, r not
 * ok, or no option for r: a 重点項目評価書 has none for 全項目). */
const char *threshold_option(const struct form *f, const struct threshold_result *r);
/* The level stated by an answer of f's しきい値判断結果 item. False when it is not an option. */
bool
threshold_level_from_option(const struct form *f, const char *answer, enum threshold_level *level);

/* The band stated by an answer of f's 対象人数 item. False when it is not an option. */
bool
threshold_people_from_option(const struct form *f, const char *answer, enum threshold_people *band);
/* Whether an answer of f's 取扱者数 item says 500人以上. False when it is not an option. */
bool threshold_staff_from_option(const struct form *f, const char *answer, bool *many);
/* Whether an answer of f's 重大事故 item says 発生あり. False when it is not an option. */
bool threshold_accident_from_option(const struct form *f, const char *answer, bool *accident);
/* Build the input from the three answers of a 基礎項目評価書 (II-1, II-2, II-3), with the
 * smallest count of the band for people and 500 or 0 for staff. False, in unchanged, when
 * any answer is not an option. */
bool threshold_input_from_options(const struct form *f, const char *people, const char *staff,
    const char *accident, struct threshold_input *in);

#endif
