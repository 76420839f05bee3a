/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The しきい値判断. The decision is a small table over the 対象人数 band; the forms' items are
 * found by id path and their options by position, so that option texts are never written
 * here and a form whose lists change length is refused rather than misread. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "piaform/threshold.h"

/*
 * Source: 特定個人情報保護評価指針 第5 2 (しきい値判断) and its 解説, as collected in
 * ../shared/reference/form-kiso.md §4.1-§4.2 (decision table, boundaries) and §4.3 (the
 * wording of the result in the 重点項目 and 全項目評価書). 以上 is inclusive, 未満 exclusive.
 *
 *   対象人数               取扱者数 500人以上 or 重大事故   otherwise
 *   under 1,000            NONE                           NONE
 *   1,000 - 9,999          KISO                           KISO   (重大事故 does not raise it)
 *   10,000 - 99,999        JUTEN                          KISO
 *   100,000 - 299,999      ZENKOMOKU                      JUTEN
 *   300,000 and more       ZENKOMOKU                      ZENKOMOKU
 *
 * The rows for 1,000-99,999 are marked unconfirmed ([M]) in the reference (§8 item 9). The
 * exemptions of 指針 第4 4 (e.g. files on the institution's own staff) are not modelled.
 *
 * Which option of each form's しきい値判断結果 states each level (0-based, -1 none):
 *
 *   level       kiso III   juten V-1-②   zenkomoku VI-1-②
 *   ZENKOMOKU   0          -1            0
 *   JUTEN       1          0             1   (…(任意に全項目評価を実施))
 *   KISO        2          1             2   (…(任意に重点/全項目評価を実施))
 *   NONE        3          2             3   (…(任意に重点/全項目評価を実施))
 */

enum { FORM_KISO, FORM_JUTEN, FORM_ZENKOMOKU, NFORMS };

static const char *const form_ids[NFORMS] = { "kiso", "juten", "zenkomoku" };

/* Indexed by enum threshold_level. */
static const int result_option[NFORMS][4] = {
	[FORM_KISO] = { 3, 2, 1, 0 },
	[FORM_JUTEN] = { 2, 1, 0, -1 },
	[FORM_ZENKOMOKU] = { 3, 2, 1, 0 },
};

struct field_spec {
	const char *dotted; /* id path of the item, or NULL when the form has none */
	size_t nopts; /* expected length of its option list */
};

/* Indexed by form, then enum threshold_field. The people lists are the bands in order (juten
 * stops before 30万人以上); staff is [500人以上, 500人未満]; accident [発生あり, 発生なし]. */
static const struct field_spec fields[NFORMS][4] = {
	[FORM_KISO] = {
	    { "shikii.taisho.ninzu", 5 },
	    { "shikii.toriatsukai.ninzu", 2 },
	    { "shikii.jiko.umu", 2 },
	    { "kekka.result", 4 },
	},
	[FORM_JUTEN] = {
	    { "kihon.jimu.taisho", 4 },
	    { NULL, 0 },
	    { NULL, 0 },
	    { "tetsuzuki.kiso.shikii", 3 },
	},
	[FORM_ZENKOMOKU] = {
	    { "kihon.jimu.taisho", 5 },
	    { NULL, 0 },
	    { NULL, 0 },
	    { "tetsuzuki.kiso.shikii", 4 },
	},
};

static const long band_min[THRESHOLD_PEOPLE_NBANDS] = { 0, 1000, 10000, 100000, 300000 };

static int
form_index(const struct form *f)
{
	int k;

	if (f == NULL || f->id == NULL)
		return -1;
	for (k = 0; k < NFORMS; k++) {
		if (strcmp(f->id, form_ids[k]) == 0)
			return k;
	}
	return -1;
}

enum threshold_people
threshold_people_band(long people)
{
	int b;

	for (b = THRESHOLD_PEOPLE_NBANDS - 1; b > 0; b--) {
		if (people >= band_min[b])
			break;
	}
	return (enum threshold_people)b;
}

long
threshold_people_min(enum threshold_people band)
{
	if ((int)band < 0 || band >= THRESHOLD_PEOPLE_NBANDS)
		return -1;
	return band_min[band];
}

struct threshold_result
threshold_decide(const struct threshold_input *in)
{
	struct threshold_result r;
	bool raise;

	memset(&r, 0, sizeof r);
	r.kiso_option = r.juten_option = r.zenkomoku_option = -1;
	if (in == NULL || in->people < 0 || in->staff < 0)
		return r;
	r.ok = true;
	r.band = threshold_people_band(in->people);
	raise = in->staff >= THRESHOLD_STAFF_MANY || in->accident;
	switch (r.band) {
	case THRESHOLD_PEOPLE_UNDER_1000:
		r.level = THRESHOLD_NONE;
		break;
	case THRESHOLD_PEOPLE_1000:
		r.level = THRESHOLD_KISO;
		break;
	case THRESHOLD_PEOPLE_10000:
		r.level = raise ? THRESHOLD_JUTEN : THRESHOLD_KISO;
		break;
	case THRESHOLD_PEOPLE_100000:
		r.level = raise ? THRESHOLD_ZENKOMOKU : THRESHOLD_JUTEN;
		break;
	default:
		r.level = THRESHOLD_ZENKOMOKU;
		break;
	}
	r.kiso = r.level != THRESHOLD_NONE;
	r.juten = r.level == THRESHOLD_JUTEN;
	r.zenkomoku = r.level == THRESHOLD_ZENKOMOKU;
	r.kiso_option = result_option[FORM_KISO][r.level];
	r.juten_option = result_option[FORM_JUTEN][r.level];
	r.zenkomoku_option = result_option[FORM_ZENKOMOKU][r.level];
	return r;
}

const struct form_item *
threshold_item(const struct form *f, enum threshold_field field)
{
	const struct field_spec *spec;
	const struct form_item *it;
	int k = form_index(f);

	if (k < 0 || (int)field < 0 || field > THRESHOLD_FIELD_RESULT)
		return NULL;
	spec = &fields[k][field];
	if (spec->dotted == NULL)
		return NULL;
	it = form_lookup(f, spec->dotted);
	if (it == NULL || it->kind != FORM_CHOICE || it->options == NULL ||
	    it->options->n != spec->nopts)
		return NULL;
	return it;
}

/* Position of answer in the options of f's field item, or -1. */
static int
option_of(const struct form *f, enum threshold_field field, const char *answer)
{
	const struct form_item *it;

	if (answer == NULL)
		return -1;
	it = threshold_item(f, field);
	if (it == NULL)
		return -1;
	return form_option_index(it, answer, strlen(answer));
}

const char *
threshold_option(const struct form *f, const struct threshold_result *r)
{
	const struct form_item *it = threshold_item(f, THRESHOLD_FIELD_RESULT);
	int i;

	if (it == NULL || r == NULL || !r->ok || (int)r->level < 0 ||
	    r->level > THRESHOLD_ZENKOMOKU)
		return NULL;
	i = result_option[form_index(f)][r->level];
	return i < 0 ? NULL : it->options->v[i].text;
}

bool
threshold_level_from_option(const struct form *f, const char *answer, enum threshold_level *level)
{
	int i = option_of(f, THRESHOLD_FIELD_RESULT, answer);
	int k = form_index(f), l;

	if (i < 0 || level == NULL)
		return false;
	for (l = THRESHOLD_NONE; l <= THRESHOLD_ZENKOMOKU; l++) {
		if (result_option[k][l] == i) {
			*level = (enum threshold_level)l;
			return true;
		}
	}
	return false;
}

bool
threshold_people_from_option(const struct form *f, const char *answer, enum threshold_people *band)
{
	int i = option_of(f, THRESHOLD_FIELD_PEOPLE, answer);

	if (i < 0 || band == NULL)
		return false;
	*band = (enum threshold_people)i;
	return true;
}

bool
threshold_staff_from_option(const struct form *f, const char *answer, bool *many)
{
	int i = option_of(f, THRESHOLD_FIELD_STAFF, answer);

	if (i < 0 || many == NULL)
		return false;
	*many = i == 0;
	return true;
}

bool
threshold_accident_from_option(const struct form *f, const char *answer, bool *accident)
{
	int i = option_of(f, THRESHOLD_FIELD_ACCIDENT, answer);

	if (i < 0 || accident == NULL)
		return false;
	*accident = i == 0;
	return true;
}

bool
threshold_input_from_options(const struct form *f, const char *people, const char *staff,
    const char *accident, struct threshold_input *in)
{
	enum threshold_people band;
	bool many, acc;

	if (in == NULL || !threshold_people_from_option(f, people, &band) ||
	    !threshold_staff_from_option(f, staff, &many) ||
	    !threshold_accident_from_option(f, accident, &acc))
		return false;
	in->people = threshold_people_min(band);
	in->staff = many ? THRESHOLD_STAFF_MANY : 0;
	in->accident = acc;
	return true;
}
