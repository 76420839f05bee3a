/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the しきい値判断: NULL and out-of-range input, every band boundary with and without
 * 500+ handlers and an accident, and the option texts found in the built-in forms for each
 * result and input. */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/formload.h"
#include "piaform/path.h"
#include "piaform/threshold.h"

static struct formset *fs;

static int
setup(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct error e;

	error_clear(&e);
	fs = formset_load(&src, &e);
	return fs == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	formset_free(&fs);
	return 0;
}

static struct threshold_result
decide(long people, long staff, bool accident)
{
	struct threshold_input in = { people, staff, accident };

	return threshold_decide(&in);
}

static void
assert_not_ok(struct threshold_result r)
{
	assert_false(r.ok);
	assert_false(r.kiso);
	assert_false(r.juten);
	assert_false(r.zenkomoku);
	assert_int_equal(r.kiso_option, -1);
	assert_int_equal(r.juten_option, -1);
	assert_int_equal(r.zenkomoku_option, -1);
}

static void
test_null(void **state)
{
	const struct form *kiso = formset_get(fs, "kiso");
	struct threshold_result r = threshold_decide(NULL), good = decide(5000, 0, false);
	struct threshold_input in = { 7, 7, true };
	enum threshold_level level;
	enum threshold_people band;
	bool b;

	assert_not_ok(r);
	assert_null(threshold_option(NULL, &good));
	assert_null(threshold_option(kiso, NULL));
	assert_null(threshold_option(kiso, &r));
	assert_null(threshold_item(NULL, THRESHOLD_FIELD_RESULT));
	assert_false(
	    threshold_level_from_option(NULL, "基礎項目評価の実施が義務付けられる", &level));
	assert_false(threshold_level_from_option(kiso, NULL, &level));
	assert_false(threshold_level_from_option(kiso, "基礎項目評価の実施が義務付けられる", NULL));
	assert_false(threshold_people_from_option(NULL, "30万人以上", &band));
	assert_false(threshold_people_from_option(kiso, NULL, &band));
	assert_false(threshold_people_from_option(kiso, "30万人以上", NULL));
	assert_false(threshold_staff_from_option(NULL, "500人以上", &b));
	assert_false(threshold_staff_from_option(kiso, NULL, &b));
	assert_false(threshold_staff_from_option(kiso, "500人以上", NULL));
	assert_false(threshold_accident_from_option(NULL, "発生あり", &b));
	assert_false(threshold_accident_from_option(kiso, NULL, &b));
	assert_false(threshold_accident_from_option(kiso, "発生あり", NULL));
	assert_false(
	    threshold_input_from_options(kiso, "30万人以上", "500人以上", "発生あり", NULL));
	assert_false(
	    threshold_input_from_options(NULL, "30万人以上", "500人以上", "発生あり", &in));
	assert_false(threshold_input_from_options(kiso, NULL, "500人以上", "発生あり", &in));
	assert_int_equal(in.people, 7);
	assert_int_equal(in.staff, 7);
	assert_true(in.accident);
}

static void
test_empty_and_negative(void **state)
{
	const struct form *kiso = formset_get(fs, "kiso");
	enum threshold_level level;
	struct threshold_result r;

	assert_not_ok(decide(-1, 0, false));
	assert_not_ok(decide(0, -1, false));
	assert_not_ok(decide(LONG_MIN, LONG_MIN, true));
	r = decide(0, 0, false);
	assert_true(r.ok);
	assert_int_equal(r.band, THRESHOLD_PEOPLE_UNDER_1000);
	assert_int_equal(r.level, THRESHOLD_NONE);
	r = decide(LONG_MAX, LONG_MAX, true);
	assert_true(r.ok);
	assert_int_equal(r.band, THRESHOLD_PEOPLE_300000);
	assert_int_equal(r.level, THRESHOLD_ZENKOMOKU);
	/* an answer that is not an option */
	assert_false(threshold_level_from_option(kiso, "", &level));
	assert_false(
	    threshold_level_from_option(kiso, "3) 基礎項目評価の実施が義務付けられる", &level));
	assert_false(
	    threshold_level_from_option(kiso, "基礎項目評価の実施が義務付けられる ", &level));
}

static void
test_bands(void **state)
{
	assert_int_equal(threshold_people_band(-5), THRESHOLD_PEOPLE_UNDER_1000);
	assert_int_equal(threshold_people_band(0), THRESHOLD_PEOPLE_UNDER_1000);
	assert_int_equal(threshold_people_band(999), THRESHOLD_PEOPLE_UNDER_1000);
	assert_int_equal(threshold_people_band(1000), THRESHOLD_PEOPLE_1000);
	assert_int_equal(threshold_people_band(9999), THRESHOLD_PEOPLE_1000);
	assert_int_equal(threshold_people_band(10000), THRESHOLD_PEOPLE_10000);
	assert_int_equal(threshold_people_band(99999), THRESHOLD_PEOPLE_10000);
	assert_int_equal(threshold_people_band(100000), THRESHOLD_PEOPLE_100000);
	assert_int_equal(threshold_people_band(299999), THRESHOLD_PEOPLE_100000);
	assert_int_equal(threshold_people_band(300000), THRESHOLD_PEOPLE_300000);
	assert_int_equal(threshold_people_min(THRESHOLD_PEOPLE_UNDER_1000), 0);
	assert_int_equal(threshold_people_min(THRESHOLD_PEOPLE_1000), 1000);
	assert_int_equal(threshold_people_min(THRESHOLD_PEOPLE_10000), 10000);
	assert_int_equal(threshold_people_min(THRESHOLD_PEOPLE_100000), 100000);
	assert_int_equal(threshold_people_min(THRESHOLD_PEOPLE_300000), 300000);
	assert_int_equal(threshold_people_min(THRESHOLD_PEOPLE_NBANDS), -1);
	assert_int_equal(threshold_people_min((enum threshold_people) - 1), -1);
}

/* The decision table of the reference (§4.2): people, then the level for (staff, accident) =
 * (<500, なし), (<500, あり), (>=500, なし), (>=500, あり). */
static const struct {
	long people;
	enum threshold_level level[4];
} table[] = {
	{ 0, { THRESHOLD_NONE, THRESHOLD_NONE, THRESHOLD_NONE, THRESHOLD_NONE } },
	{ 999, { THRESHOLD_NONE, THRESHOLD_NONE, THRESHOLD_NONE, THRESHOLD_NONE } },
	{ 1000, { THRESHOLD_KISO, THRESHOLD_KISO, THRESHOLD_KISO, THRESHOLD_KISO } },
	{ 9999, { THRESHOLD_KISO, THRESHOLD_KISO, THRESHOLD_KISO, THRESHOLD_KISO } },
	{ 10000, { THRESHOLD_KISO, THRESHOLD_JUTEN, THRESHOLD_JUTEN, THRESHOLD_JUTEN } },
	{ 99999, { THRESHOLD_KISO, THRESHOLD_JUTEN, THRESHOLD_JUTEN, THRESHOLD_JUTEN } },
	{ 100000,
	    { THRESHOLD_JUTEN, THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU } },
	{ 299999,
	    { THRESHOLD_JUTEN, THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU } },
	{ 300000,
	    { THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU,
		THRESHOLD_ZENKOMOKU } },
	{ 5000000,
	    { THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU, THRESHOLD_ZENKOMOKU,
		THRESHOLD_ZENKOMOKU } },
};

static void
test_boundaries(void **state)
{
	/* staff counts on both sides of 500, 500 itself being 500人以上 */
	static const long few[] = { 0, 499 }, many[] = { 500, 501 };
	size_t i, s;
	int c;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		for (c = 0; c < 4; c++) {
			const long *staff = c < 2 ? few : many;
			for (s = 0; s < 2; s++) {
				struct threshold_result r =
				    decide(table[i].people, staff[s], c % 2 == 1);
				if (!r.ok || r.level != table[i].level[c])
					fail_msg(
					    "people %ld staff %ld accident %d: level %d, want %d",
					    table[i].people, staff[s], c % 2, r.level,
					    table[i].level[c]);
				assert_int_equal(r.band, threshold_people_band(table[i].people));
			}
		}
	}
}

static void
test_flags_and_options(void **state)
{
	struct threshold_result r;

	r = decide(999, 600, true);
	assert_false(r.kiso || r.juten || r.zenkomoku);
	assert_int_equal(r.kiso_option, 3);
	assert_int_equal(r.juten_option, 2);
	assert_int_equal(r.zenkomoku_option, 3);
	r = decide(1000, 0, false);
	assert_true(r.kiso);
	assert_false(r.juten || r.zenkomoku);
	assert_int_equal(r.kiso_option, 2);
	assert_int_equal(r.juten_option, 1);
	assert_int_equal(r.zenkomoku_option, 2);
	r = decide(10000, 500, false);
	assert_true(r.kiso && r.juten);
	assert_false(r.zenkomoku);
	assert_int_equal(r.kiso_option, 1);
	assert_int_equal(r.juten_option, 0);
	assert_int_equal(r.zenkomoku_option, 1);
	r = decide(300000, 0, false);
	assert_true(r.kiso && r.zenkomoku);
	assert_false(r.juten);
	assert_int_equal(r.kiso_option, 0);
	assert_int_equal(r.juten_option, -1);
	assert_int_equal(r.zenkomoku_option, 0);
}

static void
assert_path(const struct form *f, enum threshold_field field, const char *want)
{
	struct item_ref ref;
	char buf[512];

	memset(&ref, 0, sizeof ref);
	ref.item = threshold_item(f, field);
	if (want == NULL) {
		assert_null(ref.item);
		return;
	}
	if (ref.item == NULL)
		fail_msg("%s: no item for field %d", f->id, field);
	assert_string_equal(path_format(&ref, buf, sizeof buf), want);
}

static void
test_builtin_items(void **state)
{
	const struct form *kiso = formset_get(fs, "kiso");
	const struct form *juten = formset_get(fs, "juten");
	const struct form *zen = formset_get(fs, "zenkomoku");

	assert_path(kiso, THRESHOLD_FIELD_PEOPLE, "II-1-評価対象の事務の対象人数は何人か");
	assert_path(kiso, THRESHOLD_FIELD_STAFF, "II-2-特定個人情報ファイル取扱者数は500人以上か");
	assert_path(kiso, THRESHOLD_FIELD_ACCIDENT,
	    "II-3-過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか");
	assert_path(kiso, THRESHOLD_FIELD_RESULT, "III-しきい値判断結果");
	assert_path(juten, THRESHOLD_FIELD_PEOPLE, "I-1-③");
	assert_path(juten, THRESHOLD_FIELD_STAFF, NULL);
	assert_path(juten, THRESHOLD_FIELD_ACCIDENT, NULL); /* III-7-② is 3 years, 個人情報 */
	assert_path(juten, THRESHOLD_FIELD_RESULT, "V-1-②");
	assert_path(zen, THRESHOLD_FIELD_PEOPLE, "I-1-③");
	assert_path(zen, THRESHOLD_FIELD_STAFF, NULL);
	assert_path(zen, THRESHOLD_FIELD_ACCIDENT, NULL);
	assert_path(zen, THRESHOLD_FIELD_RESULT, "VI-1-②");
	assert_null(threshold_item(kiso, (enum threshold_field)99));
}

/* Option texts expected for each level (NONE, KISO, JUTEN, ZENKOMOKU), per reference §2.3
 * and §4.3. */
static const char *const kiso_want[4] = {
	"特定個人情報保護評価の実施が義務付けられない",
	"基礎項目評価の実施が義務付けられる",
	"基礎項目評価及び重点項目評価の実施が義務付けられる",
	"基礎項目評価及び全項目評価の実施が義務付けられる",
};
static const char *const juten_want[4] = {
	"特定個人情報保護評価の実施が義務付けられない(任意に重点項目評価を実施)",
	"基礎項目評価の実施が義務付けられる(任意に重点項目評価を実施)",
	"基礎項目評価及び重点項目評価の実施が義務付けられる",
	NULL,
};
static const char *const zen_want[4] = {
	"特定個人情報保護評価の実施が義務付けられない(任意に全項目評価を実施)",
	"基礎項目評価の実施が義務付けられる(任意に全項目評価を実施)",
	"基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)",
	"基礎項目評価及び全項目評価の実施が義務付けられる",
};

static void
check_options(const struct form *f, const char *const want[4])
{
	static const long people[4] = { 999, 1000, 100000, 300000 };
	enum threshold_level level;
	int l;

	for (l = THRESHOLD_NONE; l <= THRESHOLD_ZENKOMOKU; l++) {
		struct threshold_result r = decide(people[l], 0, false);
		const char *got = threshold_option(f, &r);

		assert_int_equal(r.level, l);
		if (want[l] == NULL) {
			assert_null(got);
			continue;
		}
		if (got == NULL)
			fail_msg("%s: no option for level %d", f->id, l);
		assert_string_equal(got, want[l]);
		assert_true(threshold_level_from_option(f, got, &level));
		assert_int_equal(level, l);
	}
}

static void
test_builtin_option_texts(void **state)
{
	enum threshold_level level;

	check_options(formset_get(fs, "kiso"), kiso_want);
	check_options(formset_get(fs, "juten"), juten_want);
	check_options(formset_get(fs, "zenkomoku"), zen_want);
	/* one form's wording is not an option of another's */
	assert_false(threshold_level_from_option(formset_get(fs, "kiso"), juten_want[1], &level));
	assert_false(threshold_level_from_option(formset_get(fs, "juten"), kiso_want[3], &level));
}

static void
test_people_options(void **state)
{
	static const char *const kiso[] = { "1,000人未満(任意実施)", "1,000人以上1万人未満",
		"1万人以上10万人未満", "10万人以上30万人未満", "30万人以上" };
	static const char *const plain[] = { "1,000人未満", "1,000人以上1万人未満",
		"1万人以上10万人未満", "10万人以上30万人未満", "30万人以上" };
	const struct form *fk = formset_get(fs, "kiso"), *fj = formset_get(fs, "juten");
	const struct form *fz = formset_get(fs, "zenkomoku");
	enum threshold_people band;
	int b;

	for (b = 0; b < THRESHOLD_PEOPLE_NBANDS; b++) {
		assert_true(threshold_people_from_option(fk, kiso[b], &band));
		assert_int_equal(band, b);
		assert_true(threshold_people_from_option(fz, plain[b], &band));
		assert_int_equal(band, b);
		if (b < THRESHOLD_PEOPLE_300000) {
			assert_true(threshold_people_from_option(fj, plain[b], &band));
			assert_int_equal(band, b);
		}
	}
	/* the 重点項目評価書 has no 30万人以上; the 基礎 option 1 carries (任意実施) */
	assert_false(threshold_people_from_option(fj, "30万人以上", &band));
	assert_false(threshold_people_from_option(fk, "1,000人未満", &band));
}

static void
test_staff_and_accident_options(void **state)
{
	const struct form *fk = formset_get(fs, "kiso"), *fj = formset_get(fs, "juten");
	bool b = false;

	assert_true(threshold_staff_from_option(fk, "500人以上", &b));
	assert_true(b);
	assert_true(threshold_staff_from_option(fk, "500人未満", &b));
	assert_false(b);
	assert_false(threshold_staff_from_option(fk, "500人", &b));
	assert_true(threshold_accident_from_option(fk, "発生あり", &b));
	assert_true(b);
	assert_true(threshold_accident_from_option(fk, "発生なし", &b));
	assert_false(b);
	assert_false(threshold_accident_from_option(fk, "なし", &b));
	/* only the 基礎項目評価書 holds these inputs */
	assert_false(threshold_staff_from_option(fj, "500人以上", &b));
	assert_false(threshold_accident_from_option(fj, "発生あり", &b));
}

static void
test_input_from_options(void **state)
{
	const struct form *fk = formset_get(fs, "kiso");
	struct threshold_input in = { -9, -9, false };
	struct threshold_result r;

	assert_true(
	    threshold_input_from_options(fk, "1万人以上10万人未満", "500人未満", "発生あり", &in));
	assert_int_equal(in.people, 10000);
	assert_int_equal(in.staff, 0);
	assert_true(in.accident);
	r = threshold_decide(&in);
	assert_int_equal(r.level, THRESHOLD_JUTEN);
	assert_string_equal(threshold_option(fk, &r), kiso_want[THRESHOLD_JUTEN]);

	assert_true(
	    threshold_input_from_options(fk, "10万人以上30万人未満", "500人以上", "発生なし", &in));
	assert_int_equal(in.people, 100000);
	assert_int_equal(in.staff, 500);
	assert_false(in.accident);
	assert_int_equal(threshold_decide(&in).level, THRESHOLD_ZENKOMOKU);

	assert_true(threshold_input_from_options(
	    fk, "1,000人未満(任意実施)", "500人以上", "発生あり", &in));
	assert_int_equal(threshold_decide(&in).level, THRESHOLD_NONE);

	/* one bad answer leaves the input untouched */
	assert_false(threshold_input_from_options(fk, "30万人以上", "500人以上", "不明", &in));
	assert_int_equal(in.people, 0);
	assert_int_equal(in.staff, 500);
	assert_true(in.accident);
	assert_false(threshold_input_from_options(
	    formset_get(fs, "zenkomoku"), "30万人以上", "500人以上", "発生あり", &in));
}

/* A form that calls itself kiso but whose result list has another length is refused. */
static const char odd_kiso[] =
    "form: kiso\ntitle: T\nrevision: r\n"
    "sections:\n"
    "  - id: kekka\n    num: III\n    label: しきい値判断結果\n    items:\n"
    "      - {id: result, label: しきい値判断結果, kind: choice, options: [甲, 乙, 丙]}\n";

static void
test_unexpected_forms(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct threshold_result r = decide(300000, 0, false);
	struct form other;
	struct form *f;
	struct error e;
	char buf[512];

	error_clear(&e);
	f = formload_buffer(&src, "odd.yaml", odd_kiso, strlen(odd_kiso), &e);
	if (f == NULL)
		fail_msg("%s", error_format(&e, buf, sizeof buf));
	assert_null(threshold_item(f, THRESHOLD_FIELD_RESULT));
	assert_null(threshold_item(f, THRESHOLD_FIELD_PEOPLE));
	assert_null(threshold_option(f, &r));
	form_free(&f);

	memset(&other, 0, sizeof other);
	other.id = "other";
	assert_null(threshold_item(&other, THRESHOLD_FIELD_RESULT));
	assert_null(threshold_option(&other, &r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_empty_and_negative),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_flags_and_options),
		cmocka_unit_test(test_builtin_items),
		cmocka_unit_test(test_builtin_option_texts),
		cmocka_unit_test(test_people_options),
		cmocka_unit_test(test_staff_and_accident_options),
		cmocka_unit_test(test_input_from_options),
		cmocka_unit_test(test_unexpected_forms),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
