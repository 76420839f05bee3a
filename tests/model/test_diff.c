/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the 変更箇所 diff: NULL and empty input, one row per changed answer with its
 * 提出時期, how each kind of answer reads in a cell, the long 項目, repeats matched by
 * position and by identity, files, and what is never compared (the table, unknown keys). */
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
#include "piaform/diff.h"
#include "piaform/formload.h"
#include "piaform/path.h"

static struct formset *fs;

static int
setup(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct error e;

	(void)state;
	error_clear(&e);
	fs = formset_load(&src, &e);
	return fs == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	formset_free(&fs);
	return 0;
}

static struct document *
doc(const char *form)
{
	return document_new(formset_get(fs, form));
}

/* Answer path with value as a person would type it. */
static void
set(struct document *d, const char *path, const char *value)
{
	struct item_ref r;
	struct error e;
	struct node *v;
	const struct form_item *as;
	struct form_item title = { 0 };

	error_clear(&e);
	assert_true(path_parse(d->form, path, &r, &e));
	as = r.item;
	if (r.instance && r.item->kind == FORM_REPEAT) {
		title.kind = FORM_TEXT;
		as = &title;
	}
	v = answer_parse(as, value, strlen(value), &e);
	assert_non_null(v);
	document_set(d, &r, v);
}

static void
remove_instance(struct document *d, const char *repeat_path, size_t pos)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	assert_true(path_parse(d->form, repeat_path, &r, &e));
	assert_true(document_instance_remove(d, &r, pos, &e));
}

static void
insert_instance(struct document *d, const char *repeat_path, size_t pos)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	assert_true(path_parse(d->form, repeat_path, &r, &e));
	assert_true(document_instance_add(d, &r, pos, &e));
}

static void
run(struct document *a, struct document *b, enum diff_match m, struct diff_list *l)
{
	struct error e;

	error_clear(&e);
	assert_true(diff_documents(a, b, m, l, &e));
	assert_false(e.set);
}

static void
test_null_and_empty(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");
	struct error e;
	char *t;

	(void)state;
	diff_list_clear(NULL);
	diff_list_clear(&l);
	error_clear(&e);
	assert_false(diff_documents(NULL, b, DIFF_MATCH_POSITION, &l, &e));
	assert_true(e.set);
	error_clear(&e);
	assert_false(diff_documents(a, NULL, DIFF_MATCH_POSITION, &l, &e));
	error_clear(&e);
	assert_false(diff_documents(a, b, DIFF_MATCH_POSITION, NULL, &e));
	/* two empty documents: nothing changed, in either mode */
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 0);
	run(a, b, DIFF_MATCH_IDENTITY, &l);
	assert_int_equal(l.n, 0);
	t = diff_answer_text(NULL, NULL);
	assert_string_equal(t, "");
	free(t);
	assert_string_equal(diff_jiki(NULL, NULL), "事後");
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

static void
test_different_forms(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("zenkomoku");
	struct error e;

	(void)state;
	error_clear(&e);
	assert_false(diff_documents(a, b, DIFF_MATCH_POSITION, &l, &e));
	assert_true(e.set);
	assert_non_null(strstr(e.message, "juten"));
	assert_int_equal(l.n, 0);
	document_free(&a);
	document_free(&b);
}

/* seed 000: I 6 ②所属長の役職名 国保年金課長 山野邊 英世 → 国保年金課長, 事後 */
static void
test_changed_answer(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");

	(void)state;
	set(a, "I-6-②", "国保年金課長 山野邊 英世");
	set(b, "I-6-②", "国保年金課長");
	set(a, "I-1-①", "国民年金事務");
	set(b, "I-1-①", "国民年金事務");
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].path, "I-6-②");
	assert_string_equal(
	    l.v[0].title, "I 基本情報 6. 評価実施機関における担当部署 ②所属長の役職名");
	assert_string_equal(l.v[0].before, "国保年金課長 山野邊 英世");
	assert_string_equal(l.v[0].after, "国保年金課長");
	assert_false(l.v[0].important);
	assert_int_equal(l.v[0].change, DIFF_CHANGED);
	assert_string_equal(diff_jiki(a->form, &l.v[0]), "事後");
	diff_list_clear(&l);
	/* the reverse: the same row, texts swapped */
	run(b, a, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].before, "国保年金課長");
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

/* A ※ item is a 重要な変更: 事前. An answer that appears has an empty 変更前; one that goes
 * away reads (削除). */
static void
test_important_added_removed(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");

	(void)state;
	set(b, "I-4-法令上の根拠", "番号法第9条第1項 別表第一の31の項");
	set(a, "V-1-①", "平成28年9月1日");
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].path, "I-4-法令上の根拠");
	assert_true(l.v[0].important);
	assert_string_equal(diff_jiki(a->form, &l.v[0]), "事前");
	assert_string_equal(l.v[0].before, "");
	assert_string_equal(l.v[1].path, "V-1-①");
	assert_string_equal(l.v[1].before, "平成28年9月1日");
	assert_string_equal(l.v[1].after, DIFF_REMOVED_TEXT);
	assert_false(l.v[1].important);
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

static void
test_cells(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");

	(void)state;
	set(a, "II-3-②", "紙\n専用線");
	set(b, "II-3-②", "専用線\n電子記録媒体(フラッシュメモリを除く。)\n紙");
	set(a, "I-2-システム1-③", "その他 (中間サーバー)");
	set(b, "I-2-システム1-③", "その他 (中間サーバー・プラットフォーム)");
	/* absent and unchecked read the same: no row */
	set(a, "III-5-提供・移転しない", "false");
	set(b, "III-4-委託しない", "yes");
	set(a, "II-4-件数", "1");
	set(b, "II-4-件数", "6");
	set(a, "II-7", "—");
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[0].path, "I-2-システム1-③");
	assert_string_equal(l.v[0].before, "その他 (中間サーバー)");
	assert_string_equal(l.v[1].path, "II-3-②");
	assert_string_equal(l.v[1].before, "紙、専用線");
	assert_string_equal(l.v[1].after, "紙、電子記録媒体(フラッシュメモリを除く。)、専用線");
	assert_string_equal(l.v[2].path, "II-4-件数");
	assert_string_equal(l.v[2].before, "1");
	assert_string_equal(l.v[2].after, "6");
	assert_true(l.v[2].important);
	assert_string_equal(l.v[3].path, "II-7");
	assert_string_equal(l.v[3].before, "—");
	assert_string_equal(l.v[4].path, "III-4-委託しない");
	assert_string_equal(l.v[4].before, "[ ] 委託しない");
	assert_string_equal(l.v[4].after, "[○] 委託しない");
	assert_true(l.v[4].important);
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

/* seed 004: システム2 (住基ネットGWシステム) deleted, the later ones move up. */
static void
shifted_systems(struct document *a, struct document *b)
{
	static const char *const names[] = { "住民記録システム", "住基ネットGWシステム",
		"住民基本台帳ネットワークシステム", "番号連携サーバ(団体内統合宛名システム)",
		"中間サーバ", "コンビニ交付システム", "サービス検索・電子申請機能" };
	char path[64];
	size_t i;

	for (i = 0; i < 7; i++) {
		snprintf(path, sizeof path, "I-2-システム%zu-①", i + 1);
		set(a, path, names[i]);
		set(b, path, names[i]);
	}
	remove_instance(b, "I-2", 6);
	remove_instance(b, "I-2", 1);
	set(b, "I-2-システム3-①", "番号連携サーバ(団体内統合宛名システム・申請管理システム)");
}

static void
test_repeat_by_position(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");

	(void)state;
	shifted_systems(a, b);
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.v[0].path, "I-2-システム2-①");
	assert_string_equal(l.v[0].before, "住基ネットGWシステム");
	assert_string_equal(l.v[0].after, "住民基本台帳ネットワークシステム");
	assert_string_equal(l.v[2].path, "I-2-システム4-①");
	assert_string_equal(l.v[2].after, "中間サーバ");
	assert_string_equal(l.v[4].path, "I-2-システム6-①");
	assert_string_equal(l.v[4].before, "コンビニ交付システム");
	assert_string_equal(l.v[4].after, "(削除)");
	assert_string_equal(l.v[5].path, "I-2-システム7-①");
	assert_string_equal(l.v[5].after, "(削除)");
	assert_int_equal(l.v[5].change, DIFF_CHANGED);
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

static void
test_repeat_by_identity(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");

	(void)state;
	shifted_systems(a, b);
	run(a, b, DIFF_MATCH_IDENTITY, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].path, "I-2-システム2");
	assert_int_equal(l.v[0].change, DIFF_REMOVED);
	assert_string_equal(l.v[0].before, "住基ネットGWシステム");
	assert_string_equal(l.v[0].after, "(削除)");
	assert_string_equal(l.v[0].title,
	    "I 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム システム2");
	/* the renamed one is paired with its old self, numbered as it is now */
	assert_string_equal(l.v[1].path, "I-2-システム3-①");
	assert_string_equal(l.v[1].before, "番号連携サーバ(団体内統合宛名システム)");
	assert_int_equal(l.v[1].change, DIFF_CHANGED);
	assert_string_equal(l.v[2].path, "I-2-システム7");
	assert_string_equal(l.v[2].before, "サービス検索・電子申請機能");
	diff_list_clear(&l);
	/* inserting システム2 is one row, not one per later システム */
	document_free(&a);
	document_free(&b);
	a = doc("juten");
	b = doc("juten");
	set(a, "I-2-システム1-①", "住民記録システム");
	set(a, "I-2-システム2-①", "中間サーバ");
	set(b, "I-2-システム1-①", "住民記録システム");
	set(b, "I-2-システム2-①", "中間サーバ");
	insert_instance(b, "I-2", 1);
	set(b, "I-2-システム2-①", "可搬型窓口装置");
	set(b, "I-2-システム2-②", "被保険者記録の照会");
	run(a, b, DIFF_MATCH_IDENTITY, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].path, "I-2-システム2");
	assert_int_equal(l.v[0].change, DIFF_ADDED);
	assert_string_equal(l.v[0].before, "");
	assert_string_equal(l.v[0].after, "可搬型窓口装置");
	diff_list_clear(&l);
	/* by position the same insertion reports the shifted システム too */
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 3);
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

/* Titled instances: the title is matched first and compared as one cell. */
static void
test_titled_instances(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");

	(void)state;
	set(a, "II-4-委託事項1", "ホストシステムの保守運用業務");
	set(a, "II-4-委託事項1-①", "ホストシステムの保守運用業務");
	set(b, "II-4-委託事項1", "国民年金システムの保守運用業務");
	set(b, "II-4-委託事項1-①", "国民年金システムの保守運用業務");
	run(a, b, DIFF_MATCH_IDENTITY, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].path, "II-4-委託事項1");
	assert_string_equal(l.v[0].title,
	    "II 特定個人情報ファイルの概要 4. 特定個人情報ファイルの取扱いの委託 委託事項1");
	assert_string_equal(l.v[1].path, "II-4-委託事項1-①");
	assert_string_equal(l.v[1].title,
	    "II 特定個人情報ファイルの概要 4. "
	    "特定個人情報ファイルの取扱いの委託 委託事項1 ①委託内容");
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

/* Several files: II[2] paths, and the long 項目 names the file as seed 004 does. */
static void
test_files(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");

	(void)state;
	set(a, "II-1", "住民基本台帳ファイル");
	set(a, "II[2]-1", "本人確認情報ファイル");
	set(b, "II-1", "住民基本台帳ファイル");
	set(b, "II[2]-1", "本人確認情報ファイル");
	set(a, "III[2]-7-その他の措置の内容", "サーバ室は専用の部屋とする。");
	set(b, "III[2]-7-その他の措置の内容", "ガバメントクラウドにおける措置");
	run(a, b, DIFF_MATCH_IDENTITY, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].path, "III[2]-7-その他の措置の内容");
	assert_string_equal(l.v[0].title,
	    "III リスク対策 7. 特定個人情報の保管・消去 その他の措置の内容 "
	    "(1. 特定個人情報ファイル名:(2)本人確認情報ファイル)");
	assert_true(l.v[0].important);
	diff_list_clear(&l);
	/* a third file: every answer of it is new (files are matched by position) */
	set(b, "II[3]-1", "送付先情報ファイル");
	run(a, b, DIFF_MATCH_IDENTITY, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].path, "II[3]-1");
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

/* The 変更箇所 table and keys outside the form are not compared. */
static void
test_not_compared(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");
	struct node *row = node_map(), *rows = node_seq(), *henko = node_map();

	(void)state;
	node_set(row, "koumoku", node_scalar_str("I-6-②"));
	node_push(rows, row);
	node_set(henko, "rows", rows);
	node_set(b->answers, "henko", henko);
	node_set(b->answers, "memo", node_scalar_str("not in the form"));
	node_set(b->root, "extra", node_scalar_str("x"));
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 0);
	document_free(&a);
	document_free(&b);
}

static void
test_rows_node(void **state)
{
	struct diff_list l = { NULL, 0, 0 };
	struct document *a = doc("juten"), *b = doc("juten");
	struct node *rows;

	(void)state;
	rows = diff_rows_node(a, NULL, "令和6年5月24日", false);
	assert_int_equal(rows->type, NODE_SEQ);
	assert_int_equal(rows->nitems, 0);
	node_free(&rows);
	set(a, "II-3-④-使用者数", "10人以上50人未満");
	set(b, "II-3-④-使用者数", "100人以上500人未満");
	set(b, "II-6-保管場所", "ガバメントクラウド");
	run(a, b, DIFF_MATCH_POSITION, &l);
	assert_int_equal(l.n, 2);
	rows = diff_rows_node(b, &l, "令和6年5月24日", true);
	assert_int_equal(rows->nitems, 2);
	assert_true(node_is(node_get(rows->items[0], "date"), "令和6年5月24日"));
	assert_true(node_is(node_get(rows->items[0], "koumoku"),
	    "II 特定個人情報ファイルの概要 3. 特定個人情報の入手・使用 ④使用の主体 使用者数"));
	assert_true(node_is(node_get(rows->items[0], "before"), "10人以上50人未満"));
	assert_true(node_is(node_get(rows->items[0], "after"), "100人以上500人未満"));
	assert_true(node_is(node_get(rows->items[0], "jiki"), "事後"));
	assert_null(node_get(rows->items[0], "setsumei"));
	/* an addition has no 変更前 at all */
	assert_null(node_get(rows->items[1], "before"));
	assert_true(node_is(node_get(rows->items[1], "jiki"), "事前"));
	node_free(&rows);
	diff_list_clear(&l);
	document_free(&a);
	document_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_different_forms),
		cmocka_unit_test(test_changed_answer),
		cmocka_unit_test(test_important_added_removed),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_repeat_by_position),
		cmocka_unit_test(test_repeat_by_identity),
		cmocka_unit_test(test_titled_instances),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_not_compared),
		cmocka_unit_test(test_rows_node),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
