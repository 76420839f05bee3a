/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of item paths on the built-in 重点項目評価書: every path form-dump prints parses back
 * to the same item, and the accepted spellings (ASCII digits, Roman numerals) work. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/formload.h"
#include "piaform/path.h"

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

static void
test_fold(void **state)
{
	char *s = path_fold("Ⅱ－４－委託事項２－⑥ ");

	assert_string_equal(s, "II-4-委託事項2-6");
	free(s);
	s = path_fold("");
	assert_string_equal(s, "");
	free(s);
	assert_true(path_segment_equal("⑳", "20"));
	assert_false(path_segment_equal("①", "②"));
	/* the one unit that grows when folded, everywhere in a string of it */
	s = path_fold("ⅧⅧⅧ");
	assert_string_equal(s, "VIIIVIIIVIII");
	free(s);
	assert_true(path_segment_equal("Ⅷ－⑫", "VIII-12"));
	/* labels longer than the comparison's stack buffers fold on the heap, the same way */
	{
		char a[400] = "", b[400] = "";
		for (int i = 0; i < 60; i++) {
			strcat(a, "あ");
			strcat(b, "あ");
		}
		strcat(a, "１");
		strcat(b, "1");
		assert_true(path_segment_equal(a, b));
		assert_false(path_segment_equal(a, "あ１"));
	}
}

static void
test_parse_errors(void **state)
{
	const struct form *f = formset_get(fs, "juten");
	struct item_ref ref;
	struct error e;

	error_clear(&e);
	assert_false(path_parse(f, "", &ref, &e));
	assert_string_equal(e.message, "empty item path");
	error_clear(&e);
	assert_false(path_parse(f, "IX-1", &ref, &e));
	assert_string_equal(e.item, "IX-1");
	error_clear(&e);
	assert_false(path_parse(f, "I-2-システム21-①", &ref, &e));
	assert_non_null(strstr(e.message, "at most 20"));
	error_clear(&e);
	assert_false(path_parse(f, "I-1-①-x", &ref, &e));
}

static void
roundtrip(const struct form *f, const char *path, const char *canon)
{
	struct item_ref ref;
	struct error e;
	char buf[1024];

	error_clear(&e);
	if (!path_parse(f, path, &ref, &e))
		fail_msg("%s: %s", path, e.message);
	assert_string_equal(path_format(&ref, buf, sizeof buf), canon);
}

static void
test_spellings(void **state)
{
	const struct form *f = formset_get(fs, "juten");

	roundtrip(f, "I-1-①", "I-1-①");
	roundtrip(f, "I-1-1", "I-1-①");
	roundtrip(f, "Ⅰ-1-①", "I-1-①");
	roundtrip(f, "I-2-システム3-②", "I-2-システム3-②");
	roundtrip(f, "II-4-委託事項2-6", "II-4-委託事項2-⑥");
	roundtrip(f, "II[2]-6-保管場所", "II[2]-6-保管場所");
	roundtrip(f, "II[1]-6-保管場所", "II-6-保管場所");
	roundtrip(f, "III-7-②", "III-7-②");
	roundtrip(f, "II-4-委託事項2", "II-4-委託事項2");
	roundtrip(f, "I-2", "I-2");
}

/* Every entry's printed path parses back to that entry. */
static void
test_every_path_roundtrips(void **state)
{
	size_t k, i;

	for (k = 0; k < fs->n; k++) {
		const struct form *f = fs->forms[k];
		for (i = 0; i < f->nall; i++) {
			const struct form_item *it = f->all[i];
			struct item_ref ref, back;
			struct error e;
			char buf[1024], buf2[1024];

			if (it->kind == FORM_FIXED ||
			    (it->parent != NULL && it->parent->kind == FORM_TABLE))
				continue;
			memset(&ref, 0, sizeof ref);
			ref.item = it;
			ref.nidx = path_levels(it, false);
			path_format(&ref, buf, sizeof buf);
			error_clear(&e);
			if (!path_parse(f, buf, &back, &e))
				fail_msg("%s: %s does not parse: %s", f->id, buf, e.message);
			if (back.item != it)
				fail_msg("%s: %s parses to %s", f->id, buf,
				    path_format(&back, buf2, sizeof buf2));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_every_path_roundtrips),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
