/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the validator on the built-in forms: missing against not applicable (委託しない,
 * 再委託しない per instance, the III header flags, II[n] ↔ III[n]), answers kept under n/a
 * items, values the form forbids, counts against instances, unknown keys, repeat limits,
 * and the forms' own warn_if rules. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/answer.h"
#include "piaform/validate.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"
#include "../testutil.h"

/* Store typed input as set would (through answer_parse). */
static void
put(struct document *d, const char *path, const char *typed)
{
	struct item_ref r = ref_of(d, path);
	struct form_item title;
	const struct form_item *as = r.item;
	struct error e;
	struct node *v;

	if (r.instance && r.item->kind == FORM_REPEAT) {
		memset(&title, 0, sizeof title);
		title.kind = FORM_TEXT;
		as = &title;
	}
	error_clear(&e);
	v = answer_parse(as, typed, strlen(typed), &e);
	if (v == NULL)
		fail_msg("%s: \"%s\": %s", path, typed, e.message);
	document_set(d, &r, v);
}

/* Store a raw scalar, bypassing answer_parse (what a hand-edited file can hold). */
static void
put_raw(struct document *d, const char *path, const char *text)
{
	struct item_ref r = ref_of(d, path);

	document_set(d, &r, node_scalar_str(text));
}

static struct problem_list probs;

static void
run(const struct document *d)
{
	problem_list_clear(&probs);
	validate_document(d, &probs);
}

/* The problem at path of severity s, or NULL. */
static const struct problem *
find(const char *path, enum severity s)
{
	size_t i;

	for (i = 0; i < probs.n; i++) {
		if (strcmp(probs.v[i].path, path) == 0 && probs.v[i].severity == s)
			return &probs.v[i];
	}
	return NULL;
}

static void
dump(void)
{
	size_t i;

	for (i = 0; i < probs.n; i++)
		print_message("  %s\t%s\t%s\n", probs.v[i].path, severity_name(probs.v[i].severity),
		    probs.v[i].message);
}

static void
expect(const char *path, enum severity s, const char *needle)
{
	const struct problem *p = find(path, s);

	if (p == NULL) {
		dump();
		fail_msg("no %s at %s", severity_name(s), path);
	}
	if (needle != NULL && strstr(p->message, needle) == NULL)
		fail_msg("%s: \"%s\" not in \"%s\"", path, needle, p->message);
}

/* No problem of any severity at path. */
static void
clean(const char *path)
{
	size_t i;

	for (i = 0; i < probs.n; i++) {
		if (strcmp(probs.v[i].path, path) == 0) {
			dump();
			fail_msg("%s: %s %s", path, severity_name(probs.v[i].severity),
			    probs.v[i].message);
		}
	}
}

static bool
na(const struct document *d, const char *path, char *reason, size_t size)
{
	struct item_ref r = ref_of(d, path);

	return validate_not_applicable(d, &r, reason, size);
}

static void
test_null_and_empty(void **state)
{
	struct problem_list l = { 0 };
	struct document *d;

	(void)state;
	problem_list_clear(&l);
	problem_list_clear(&l);
	assert_int_equal(problem_list_count(&l, SEVERITY_ERROR), 0);
	assert_string_equal(severity_name(SEVERITY_ERROR), "error");
	assert_string_equal(severity_name(SEVERITY_MISSING), "missing");
	assert_string_equal(severity_name(SEVERITY_WARNING), "warning");
	/* a new document: only missing items, no errors, no warnings */
	d = document_new(kiso);
	run(d);
	assert_true(probs.n > 0);
	assert_int_equal(problem_list_count(&probs, SEVERITY_MISSING), probs.n);
	expect("表紙-評価書番号", SEVERITY_MISSING, "not answered");
	/* optional items and flags are never missing */
	clean("表紙-特記事項");
	clean("IV-4-委託しない");
	document_free(&d);
	d = document_new(juten);
	run(d);
	assert_int_equal(problem_list_count(&probs, SEVERITY_MISSING), probs.n);
	/* システム has min 1; 委託事項 (min 0) is not missing */
	expect("I-2", SEVERITY_MISSING, "at least 1 システム needed");
	clean("II-4-委託事項");
	/* the problems come in form order */
	assert_string_equal(probs.v[0].path, "表紙-評価書番号");
	document_free(&d);
	problem_list_clear(&probs);
}

static void
test_itaku_not_applicable(void **state)
{
	struct document *d = document_new(juten);
	char reason[256];

	(void)state;
	/* unanswered 委託の有無: 件数 is missing */
	run(d);
	expect("II-4-委託の有無", SEVERITY_MISSING, NULL);
	expect("II-4-件数", SEVERITY_MISSING, NULL);
	put(d, "II-4-委託の有無", "委託しない");
	run(d);
	clean("II-4-委託の有無");
	clean("II-4-件数");
	clean("II-4-委託事項");
	assert_true(na(d, "II-4-件数", reason, sizeof reason));
	assert_string_equal(reason, "「委託の有無」 is 「委託しない」");
	assert_true(na(d, "II-4-委託事項1-①", reason, sizeof reason));
	/* III 4 of the same file follows II 4 */
	assert_true(na(d, "III-4-委託契約書中の特定個人情報ファイルの取扱いに関する規定", NULL, 0));
	clean("III-4-委託契約書中の特定個人情報ファイルの取扱いに関する規定");
	/* answers under n/a items are kept and reported */
	put(d, "II-4-件数", "2");
	put(d, "II-4-委託事項1-①", "保守");
	run(d);
	expect("II-4-件数", SEVERITY_WARNING,
	    "answered, but not applicable: 「委託の有無」 is 「委託しない」 (the answer is kept)");
	expect("II-4-委託事項1-①", SEVERITY_WARNING, "answered, but not applicable");
	/* unanswered items in an n/a instance are not missing, and its title is not either */
	clean("II-4-委託事項1-②");
	clean("II-4-委託事項1");
	/* "none" under an n/a item is not a warning */
	put(d, "II-4-件数", "—");
	run(d);
	clean("II-4-件数");
	/* 委託する: everything is required again */
	put(d, "II-4-委託の有無", "委託する");
	put(d, "II-4-件数", "1");
	run(d);
	clean("II-4-件数");
	assert_false(na(d, "II-4-件数", NULL, 0));
	expect("II-4-委託事項1", SEVERITY_MISSING, "the title is not written");
	expect("II-4-委託事項1-②", SEVERITY_MISSING, "not answered");
	document_free(&d);
	problem_list_clear(&probs);
}

static void
test_saiitaku_same_instance(void **state)
{
	struct document *d = document_new(juten);
	char reason[256];

	(void)state;
	put(d, "II-4-委託の有無", "委託する");
	put(d, "II-4-委託事項1-④", "再委託しない");
	put(d, "II-4-委託事項2-④", "再委託する");
	put(d, "II-4-委託事項3-⑤", "書面で承認");
	run(d);
	/* ⑤⑥ of 委託事項1 are n/a; those of 委託事項2 are missing */
	clean("II-4-委託事項1-⑤");
	clean("II-4-委託事項1-⑥");
	expect("II-4-委託事項2-⑤", SEVERITY_MISSING, NULL);
	expect("II-4-委託事項2-⑥", SEVERITY_MISSING, NULL);
	/* 委託事項3 has no ④ yet: its ⑤ is answered and applicable, ⑥ missing */
	clean("II-4-委託事項3-⑤");
	expect("II-4-委託事項3-⑥", SEVERITY_MISSING, NULL);
	assert_true(na(d, "II-4-委託事項1-⑤", reason, sizeof reason));
	assert_string_equal(reason, "「再委託の有無」 is 「再委託しない」");
	assert_false(na(d, "II-4-委託事項2-⑤", NULL, 0));
	assert_false(na(d, "II-4-委託事項3-⑤", NULL, 0));
	/* the same in the second file does not leak into the first */
	put(d, "II[2]-4-委託事項2-④", "再委託しない");
	assert_true(na(d, "II[2]-4-委託事項2-⑤", NULL, 0));
	assert_false(na(d, "II-4-委託事項2-⑤", NULL, 0));
	/* an answer kept under an n/a ⑤ is a warning */
	put(d, "II-4-委託事項1-⑤", "書面");
	run(d);
	expect("II-4-委託事項1-⑤", SEVERITY_WARNING, "「再委託の有無」 is 「再委託しない」");
	document_free(&d);
	problem_list_clear(&probs);
}

static void
test_header_flags_and_files(void **state)
{
	struct document *d = document_new(juten);
	const char *kitei = "III-4-委託契約書中の特定個人情報ファイルの取扱いに関する規定";
	char path[512];

	(void)state;
	run(d);
	expect(kitei, SEVERITY_MISSING, NULL);
	put(d, "III-4-委託しない", "○");
	run(d);
	clean(kitei);
	clean("III-4-規定の内容");
	clean("III-4-リスクへの対策は十分か");
	assert_true(na(d, kitei, NULL, 0));
	/* an unchecked flag is an answer, not a reason */
	put(d, "III-4-委託しない", "false");
	run(d);
	expect(kitei, SEVERITY_MISSING, NULL);
	/* 定めていない makes only 規定の内容 n/a */
	put(d, kitei, "定めていない");
	run(d);
	clean("III-4-規定の内容");
	expect("III-4-リスクへの対策は十分か", SEVERITY_MISSING, NULL);
	/* III of the second file looks at II of the second file */
	put(d, "II[2]-4-委託の有無", "委託しない");
	run(d);
	snprintf(path, sizeof path, "III[2]-4-%s", "リスクへの対策は十分か");
	clean(path);
	assert_true(na(d, path, NULL, 0));
	expect("III-4-リスクへの対策は十分か", SEVERITY_MISSING, NULL);
	assert_false(na(d, "III-4-リスクへの対策は十分か", NULL, 0));
	/* and the first file's 委託しない does not reach the second */
	put(d, "II-4-委託の有無", "委託しない");
	put(d, "II[2]-4-委託の有無", "委託する");
	run(d);
	clean("III-4-リスクへの対策は十分か");
	expect(path, SEVERITY_MISSING, NULL);
	/* III 6: a header flag makes its risk block n/a */
	put(d, "III-6-接続しない(入手)", "○");
	assert_true(na(d, "III-6-リスク1-リスクへの対策は十分か", NULL, 0));
	assert_false(na(d, "III-6-リスク2-リスクへの対策は十分か", NULL, 0));
	document_free(&d);
	problem_list_clear(&probs);
}

static void
test_errors(void **state)
{
	struct document *d = document_new(juten);
	struct item_ref r;
	struct node *v;

	(void)state;
	put_raw(d, "I-1-③", "百人");
	put_raw(d, "表紙-公表日", "令和6年2月30日");
	put_raw(d, "II-2-⑤", "平成28年13月");
	put_raw(d, "II-4-件数", "２");
	put_raw(d, "III-4-委託しない", "yes");
	put_raw(d, "I-1-①", "一行目\n二行目");
	r = ref_of(d, "II-3-①");
	v = node_seq();
	node_push(v, node_scalar_str("郵便"));
	document_set(d, &r, v);
	run(d);
	expect("I-1-③", SEVERITY_ERROR, "\"百人\" is not one of the choices: 1) 1,000人未満");
	expect("表紙-公表日", SEVERITY_ERROR, "\"令和6年2月30日\": 2月 has no day 30");
	expect("II-2-⑤", SEVERITY_ERROR, "there is no month 13");
	expect("II-4-件数", SEVERITY_ERROR, "a count is a whole number");
	expect("III-4-委託しない", SEVERITY_ERROR, "a check box holds true or false");
	expect("I-1-①", SEVERITY_ERROR, "this item takes one line");
	expect("II-3-①", SEVERITY_ERROR, "\"郵便\" is not one of the options");
	/* the value is kept as it was */
	r = ref_of(d, "I-1-③");
	assert_true(node_is(document_get(d, &r), "百人"));
	assert_int_equal(problem_list_count(&probs, SEVERITY_ERROR), 7);
	document_free(&d);
	problem_list_clear(&probs);
}

static void
test_counts_and_free_text(void **state)
{
	struct document *d = document_new(juten);
	struct item_ref r;
	struct node *v;

	(void)state;
	put(d, "II-4-委託の有無", "委託する");
	put(d, "II-4-件数", "3");
	put(d, "II-4-委託事項1-①", "a");
	put(d, "II-4-委託事項2-①", "b");
	run(d);
	expect("II-4-件数", SEVERITY_WARNING, "the count says 3 but 2 委託事項 are filled in");
	put(d, "II-4-件数", "2");
	run(d);
	clean("II-4-件数");
	/* the count of the second file counts the second file's instances */
	put(d, "II[2]-4-委託の有無", "委託する");
	put(d, "II[2]-4-件数", "0");
	run(d);
	clean("II[2]-4-件数");
	put(d, "II[2]-4-件数", "2");
	run(d);
	expect("II[2]-4-件数", SEVERITY_WARNING, "the count says 2 but 0 委託事項");
	/* 提供件数 counts 提供先 only when 提供を行っている */
	put(d, "II-5-提供・移転の有無", "1");
	put(d, "II-5-提供件数", "1");
	run(d);
	expect("II-5-提供件数", SEVERITY_WARNING, "the count says 1 but 0 提供先");
	clean("II-5-移転件数");
	/* a checked option with a ( ) part and no text */
	r = ref_of(d, "II-3-①");
	v = node_seq();
	node_push(v, node_scalar_str("その他"));
	document_set(d, &r, v);
	run(d);
	expect("II-3-①", SEVERITY_WARNING, "「その他」 is checked: write what it is in its ( )");
	put(d, "II-3-①", "その他 (郵送)");
	run(d);
	clean("II-3-①");
	/* an empty check list is an answer */
	put(d, "II-3-②", "");
	run(d);
	clean("II-3-②");
	document_free(&d);
	problem_list_clear(&probs);
}

static struct document *
bind_text(const char *text)
{
	struct error e;
	struct node *root;
	struct document *d;

	error_clear(&e);
	root = yamlio_parse(text, strlen(text), "t.yaml", &e);
	if (root == NULL)
		fail_msg("%s", e.message);
	d = document_bind(testutil_fs, root, "t.yaml", &e);
	if (d == NULL)
		fail_msg("%s", e.message);
	return d;
}

static void
test_unknown_keys_and_limits(void **state)
{
	struct document *d;
	char text[8192];
	size_t n, i;

	(void)state;
	d = bind_text("piaform: 1\nform: juten\nrevision: 平成29年 様式3\nmemo: 手書き\n"
		      "answers:\n"
		      "  extra_section: 1\n"
		      "  kihon:\n"
		      "    mine: 1\n"
		      "    jimu:\n"
		      "      name: x\n"
		      "      nickname: y\n"
		      "    systems:\n"
		      "    - name: s\n"
		      "      colour: red\n"
		      "  gaiyo:\n"
		      "  - {}\n"
		      "  - itaku:\n"
		      "      jiko:\n"
		      "      - naiyo: n\n"
		      "        title: T\n"
		      "        extra: e\n");
	run(d);
	expect("juten", SEVERITY_WARNING,
	    "the document names revision [平成29年 様式3], but this piaform has [平成30年5月 様式3]");
	expect("I", SEVERITY_WARNING, "\"mine\" is not an item of this form; it is kept as it is");
	expect("I-1", SEVERITY_WARNING, "\"nickname\" is not an item of this form");
	expect("I-2-システム1", SEVERITY_WARNING, "\"colour\" is not an item of this form");
	expect("II[2]-4-委託事項1", SEVERITY_WARNING, "\"extra\" is not an item");
	/* a title is not an unknown key */
	for (i = 0; i < probs.n; i++)
		assert_null(strstr(probs.v[i].message, "\"title\""));
	/* keys outside answers and sections the form does not have */
	for (i = 0, n = 0; i < probs.n; i++) {
		if (strcmp(probs.v[i].path, "juten") == 0)
			n++;
	}
	assert_int_equal(n, 3);
	assert_non_null(strstr(probs.v[1].message, "\"extra_section\" is not a section"));
	assert_non_null(strstr(probs.v[2].message, "\"memo\""));
	document_free(&d);

	/* more instances than the form allows: an error (the file is kept) */
	n = (size_t)snprintf(text, sizeof text,
	    "piaform: 1\nform: juten\nanswers:\n  kihon:\n"
	    "    systems:\n");
	for (i = 0; i < 21; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "    - name: s%zu\n", i + 1);
	d = bind_text(text);
	run(d);
	expect("I-2", SEVERITY_ERROR, "at most 20 システム are allowed");
	expect("I-2-システム21-②", SEVERITY_MISSING, NULL);
	document_free(&d);
	problem_list_clear(&probs);
}

static void
test_warn_if_rules(void **state)
{
	struct document *d = document_new(juten);

	(void)state;
	/* I 5 ① 未定 */
	put(d, "I-5-①", "未定");
	/* II 3 ② lists the NWS although I 5 says 実施しない (set below) */
	put(d, "II-3-②", "情報提供ネットワークシステム");
	run(d);
	expect("I-5-①", SEVERITY_WARNING, "実施の有無が「未定」です");
	clean("II-3-②");
	put(d, "I-5-①", "実施しない");
	run(d);
	clean("I-5-①");
	expect("II-3-②", SEVERITY_WARNING, "I 5 で情報連携を「実施しない」としているのに");
	/* II 4 委託しない with the III 4 flag unchecked, file by file */
	put(d, "II-4-委託の有無", "委託しない");
	put(d, "II[2]-4-委託の有無", "委託する");
	run(d);
	expect("III-4-委託しない", SEVERITY_WARNING, "「委託しない」に印を付けてください");
	clean("III[2]-4-委託しない");
	put(d, "III-4-委託しない", "○");
	put(d, "III[2]-4-委託しない", "○");
	run(d);
	clean("III-4-委託しない");
	expect("III[2]-4-委託しない", SEVERITY_WARNING, "「委託する」を選んでいるのに");
	/* 再委託していない against any 委託事項 of the same file that 再委託する */
	put(d, "II[2]-4-委託事項1-④", "再委託しない");
	put(d, "II[2]-4-委託事項2-④", "再委託する");
	put(d, "III[2]-4-委託しない", "false");
	put(d, "III[2]-4-再委託先による特定個人情報ファイルの適切な取扱いの担保",
	    "再委託していない");
	run(d);
	expect("III[2]-4-再委託先による特定個人情報ファイルの適切な取扱いの担保", SEVERITY_WARNING,
	    "「再委託する」委託事項があるのに");
	put(d, "II[2]-4-委託事項2-④", "再委託しない");
	run(d);
	clean("III[2]-4-再委託先による特定個人情報ファイルの適切な取扱いの担保");
	/* II 5 行っていない with III 5 unchecked */
	put(d, "II-5-提供・移転の有無", "行っていない");
	run(d);
	expect(
	    "III-5-提供・移転しない", SEVERITY_WARNING, "「提供・移転しない」に印を付けてください");
	document_free(&d);

	/* kiso: a warn_if on a group (IV 6), and IV 1 against III */
	d = document_new(kiso);
	put(d, "I-4-①", "実施する");
	put(d, "IV-6-接続しない(入手)", "○");
	put(d, "IV-6-接続しない(提供)", "○");
	put(d, "III-しきい値判断結果", "1");
	put(d, "IV-1-提出する特定個人情報保護評価書の種類", "基礎項目評価書");
	run(d);
	expect("IV-6", SEVERITY_WARNING, "入手・提供の両方が「接続しない」になっています");
	expect("IV-1-提出する特定個人情報保護評価書の種類", SEVERITY_WARNING,
	    "「基礎項目評価書及び全項目評価書」を選んでください");
	put(d, "IV-6-接続しない(提供)", "false");
	put(d, "IV-1-提出する特定個人情報保護評価書の種類", "3");
	run(d);
	clean("IV-6");
	clean("IV-1-提出する特定個人情報保護評価書の種類");
	document_free(&d);
	problem_list_clear(&probs);
}

static void
test_table_rows(void **state)
{
	struct document *d = bind_text("piaform: 1\nform: juten\nanswers:\n  henko:\n    rows:\n"
				       "    - date: 令和6年5月24日\n"
				       "      koumoku: I-6-②\n"
				       "      after: 国民年金課長\n"
				       "      jiki: 事後\n"
				       "    - date: 令和6年2月30日\n"
				       "      jiki: いつか\n");
	size_t i;
	bool row1 = false;

	(void)state;
	run(d);
	for (i = 0; i < probs.n; i++) {
		if (strstr(probs.v[i].path, "-1-") != NULL &&
		    strstr(probs.v[i].path, "別添2") != NULL)
			row1 = true;
	}
	if (row1) {
		dump();
		fail_msg("the complete first row has problems");
	}
	expect("別添2-変更箇所-2-変更日", SEVERITY_ERROR, "2月 has no day 30");
	expect("別添2-変更箇所-2-項目", SEVERITY_MISSING, NULL);
	expect("別添2-変更箇所-2-提出時期", SEVERITY_ERROR, "\"いつか\" is not one of the choices");
	document_free(&d);
	problem_list_clear(&probs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_itaku_not_applicable),
		cmocka_unit_test(test_saiitaku_same_instance),
		cmocka_unit_test(test_header_flags_and_files),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_counts_and_free_text),
		cmocka_unit_test(test_unknown_keys_and_limits),
		cmocka_unit_test(test_warn_if_rules),
		cmocka_unit_test(test_table_rows),
	};
	return cmocka_run_group_tests(tests, testutil_setup, testutil_teardown);
}
