/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the form-definition loader: the built-in forms load, the language's features do
 * what forms/README.md says, and every malformed definition under tests/data/badforms is
 * refused with the expected message at the expected place. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/formload.h"
#include "piaform/path.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

static const struct form_source builtin = { NULL, NULL, 0 };

static struct form *
load_text(const char *text, struct error *e)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };

	error_clear(e);
	return formload_buffer(&src, "t.yaml", text, strlen(text), e);
}

static void
test_null_and_empty(void **state)
{
	struct error e;
	struct form *f = NULL;

	form_free(&f);
	assert_null(load_text("", &e));
	assert_true(e.set);
	assert_null(load_text("[]", &e));
	assert_string_equal(e.message, "a form definition must be a mapping");
	assert_null(load_text("form: t\ntitle: T\nrevision: r\nsections: []\n", &e));
	assert_string_equal(e.message, "a form needs at least one section");
	(void)builtin;
}

static void
test_builtin_forms_load(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct error e;
	struct formset *fs;
	char buf[1024];

	error_clear(&e);
	fs = formset_load(&src, &e);
	if (fs == NULL)
		fail_msg("%s", error_format(&e, buf, sizeof buf));
	assert_int_equal(fs->n, 3);
	assert_string_equal(fs->forms[0]->id, "kiso");
	assert_string_equal(fs->forms[1]->id, "juten");
	assert_string_equal(fs->forms[2]->id, "zenkomoku");
	assert_string_equal(formset_get(fs, "juten")->revision, "平成30年5月 様式3");
	assert_null(formset_get(fs, "nothing"));
	formset_free(&fs);
	assert_null(fs);
}

static const char features[] =
    "form: t\ntitle: T\nrevision: r\ninclude: [common.yaml]\n"
    "options:\n  mine: [はい, いいえ]\n"
    "sections:\n"
    "  - id: kihon\n    num: I\n    label: 基本情報\n    items:\n"
    "      - id: systems\n        num: \"2\"\n        label: システム\n        kind: repeat\n"
    "        instance: システム\n        min: 1\n        items:\n          - use: system_items\n"
    "  - id: gaiyo\n    num: II\n    label: 概要\n    per_file: true\n    items:\n"
    "      - id: itaku\n        num: \"4\"\n        label: 委託\n        items:\n"
    "          - {id: umu, label: 委託の有無, kind: choice, options: $itaku2, important: true}\n"
    "          - {id: count, label: 件数, kind: count, counts: gaiyo.itaku.jiko}\n"
    "          - id: jiko\n            label: 委託事項\n            kind: repeat\n"
    "            instance: 委託事項\n            title: true\n"
    "            na_if: {item: gaiyo.itaku.umu, is: 委託しない}\n"
    "            items:\n"
    "              - {id: sai, num: ④, label: 再委託の有無, kind: choice, options: $saiitaku2}\n"
    "              - {id: kyodaku, num: ⑤, label: 再委託の許諾方法, kind: textarea,\n"
    "                 na_if: {item: gaiyo.itaku.jiko.sai, is: 再委託しない}}\n"
    "  - id: risk\n    num: III\n    label: リスク対策\n    per_file: true\n    important: true\n"
    "    except: [hokan.jiko]\n    items:\n"
    "      - id: hokan\n        num: \"7\"\n        label: 保管\n        items:\n"
    "          - {id: tejun, num: ①, label: 手順, kind: choice, options: $mine}\n"
    "          - {id: jiko, num: ②, label: 重大事故, kind: choice, options: $jiko2}\n"
    "          - {id: naiyo, label: その内容, kind: textarea, required: false}\n";

static void
test_language_features(void **state)
{
	struct error e;
	char buf[512];
	struct form *f = load_text(features, &e);
	const struct form_item *it;
	struct item_ref ref;

	if (f == NULL)
		fail_msg("%s", error_format(&e, buf, sizeof buf));
	it = form_lookup(f, "kihon.systems.connection");
	assert_non_null(it);
	assert_int_equal(it->kind, FORM_CHECKS);
	assert_true(it->options->v[it->options->n - 1].free);
	assert_int_equal(form_lookup(f, "kihon.systems")->min, 1);
	assert_int_equal(form_lookup(f, "kihon.systems")->max, 20);
	it = form_lookup(f, "gaiyo.itaku.count");
	assert_ptr_equal(it->counts, form_lookup(f, "gaiyo.itaku.jiko"));
	assert_true(form_lookup(f, "gaiyo.itaku.umu")->important);
	assert_false(form_lookup(f, "gaiyo.itaku.count")->important);
	it = form_lookup(f, "gaiyo.itaku.jiko.kyodaku");
	assert_non_null(it->na_if);
	assert_ptr_equal(it->na_if->ref, form_lookup(f, "gaiyo.itaku.jiko.sai"));
	/* ※ on III except 7-② */
	assert_true(form_lookup(f, "risk.hokan.tejun")->important);
	assert_false(form_lookup(f, "risk.hokan.jiko")->important);
	assert_true(form_lookup(f, "risk.hokan.naiyo")->important);
	assert_false(form_lookup(f, "risk.hokan.naiyo")->required);
	assert_true(form_lookup(f, "risk.hokan.tejun")->required);
	/* paths */
	memset(&ref, 0, sizeof ref);
	ref.item = form_lookup(f, "gaiyo.itaku.jiko.kyodaku");
	ref.nidx = 2;
	ref.idx[0] = 1;
	ref.idx[1] = 1;
	assert_string_equal(path_format(&ref, buf, sizeof buf), "II[2]-4-委託事項2-⑤");
	ref.idx[0] = 0;
	assert_string_equal(path_format(&ref, buf, sizeof buf), "II-4-委託事項2-⑤");
	form_free(&f);
}

static char *
read_all(const char *path, size_t *len)
{
	struct error e;

	error_clear(&e);
	return yamlio_read_file(path, 1 << 20, len, &e);
}

static void
test_bad_definitions(void **state)
{
	const char *top = getenv("top_srcdir");
	char *dir = xasprintf("%s/tests/data/badforms", top != NULL ? top : ".");
	DIR *d = opendir(dir);
	struct dirent *de;
	int count = 0, bad = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char *path, *text, *nl, *expect, buf[1024];
		size_t len;
		struct error e;
		struct form *f;

		if (strstr(de->d_name, ".yaml") == NULL)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		text = read_all(path, &len);
		assert_non_null(text);
		assert_true(strncmp(text, "# expect: ", 10) == 0);
		nl = strchr(text, '\n');
		expect = xstrndup(text + 10, (size_t)(nl - text - 10));
		f = load_text(text, &e);
		if (f != NULL)
			fail_msg("%s was accepted", de->d_name);
		error_format(&e, buf, sizeof buf);
		/* "t.yaml:LINE:COL: message" must contain the expectation */
		if (strstr(buf, expect) == NULL) {
			print_error("%s: expected \"%s\", got \"%s\"\n", de->d_name, expect, buf);
			bad++;
		}
		count++;
		free(expect);
		free(text);
		free(path);
	}
	closedir(d);
	free(dir);
	assert_int_equal(bad, 0);
	assert_true(count >= 15);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_builtin_forms_load),
		cmocka_unit_test(test_language_features),
		cmocka_unit_test(test_bad_definitions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
