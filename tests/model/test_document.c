/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of documents on the built-in forms: answers stored at nested paths and per-file
 * sections, repeat instances added, copied, removed and moved within their limits (files
 * move together across every per-file section), canonical order on output with unknown keys
 * kept, and the shape check of document_bind with line:column. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/document.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"
#include "../testutil.h"

static void
set_text(struct document *d, const char *path, const char *text)
{
	struct item_ref r = ref_of(d, path);

	document_set(d, &r, text != NULL ? node_scalar_str(text) : NULL);
}

static const char *
get_text(const struct document *d, const char *path)
{
	struct item_ref r = ref_of(d, path);
	const struct node *v = document_get(d, &r);

	return v != NULL && v->type == NODE_SCALAR ? v->str : NULL;
}

/* The answers part of the serialised document as YAML text (caller frees). */
static char *
answers_yaml(const struct document *d)
{
	struct node *t = document_serialize(d);
	struct strbuf b = STRBUF_INIT;
	struct error e;

	error_clear(&e);
	if (!yamlio_emit(node_get(t, "answers"), NULL, &b, &e))
		fail_msg("emit: %s", e.message);
	node_free(&t);
	return strbuf_detach(&b);
}

static void
answers_are(const struct document *d, const char *want)
{
	char *got = answers_yaml(d);

	if (strcmp(got, want) != 0)
		fail_msg("answers:\n%s\nwanted:\n%s", got, want);
	free(got);
}

/* Bind a document from YAML text; NULL with e set on failure. */
static struct document *
bind_text(const char *text, struct error *e)
{
	struct node *root;
	struct document *d;

	error_clear(e);
	root = yamlio_parse(text, strlen(text), "t.yaml", e);
	if (root == NULL)
		fail_msg("YAML: %s", e->message);
	d = document_bind(testutil_fs, root, "t.yaml", e);
	if (d == NULL)
		node_free(&root);
	return d;
}

static void
bind_fails(const char *text, int line, int col, const char *needle)
{
	struct error e;
	struct document *d = bind_text(text, &e);

	if (d != NULL) {
		document_free(&d);
		fail_msg("bound: %s", text);
	}
	assert_true(e.set);
	if (strstr(e.message, needle) == NULL)
		fail_msg("\"%s\" not in \"%s\"", needle, e.message);
	assert_string_equal(e.file, "t.yaml");
	if (e.line != line || e.column != col)
		fail_msg("%s: at %d:%d, wanted %d:%d", e.message, e.line, e.column, line, col);
}

static void
test_null_and_empty(void **state)
{
	struct document *d = NULL;
	struct node *t;
	struct item_ref r;

	(void)state;
	document_free(&d);
	document_free(NULL);
	d = document_new(juten);
	assert_non_null(d->answers);
	assert_int_equal(d->answers->npairs, 0);
	assert_int_equal(document_files(d), 1);
	assert_null(get_text(d, "I-1-①"));
	assert_null(get_text(d, "II[3]-1"));
	r = ref_of(d, "I-2");
	assert_int_equal(document_count(d, &r), 0);
	r = ref_of(d, "II-4-委託事項");
	assert_int_equal(document_count(d, &r), 0);
	r = ref_of(d, "II-4-委託の有無");
	assert_null(document_holder(d, &r));
	t = document_serialize(d);
	assert_int_equal(t->npairs, 4);
	assert_string_equal(t->pairs[0].key, "piaform");
	assert_true(node_is(t->pairs[0].value, "1"));
	assert_string_equal(t->pairs[1].key, "form");
	assert_true(node_is(t->pairs[1].value, "juten"));
	assert_string_equal(t->pairs[2].key, "revision");
	assert_true(node_is(t->pairs[2].value, "平成30年5月 様式3"));
	assert_string_equal(t->pairs[3].key, "answers");
	assert_int_equal(t->pairs[3].value->npairs, 0);
	node_free(&t);
	/* clearing what is not there creates nothing */
	set_text(d, "II-4-委託事項3-①", NULL);
	set_text(d, "I-1-①", NULL);
	answers_are(d, "{}\n");
	document_free(&d);
	assert_null(d);
}

static void
test_set_get_nested(void **state)
{
	struct document *d = document_new(juten);
	unsigned long gen = d->generation;
	struct item_ref r;

	(void)state;
	set_text(d, "I-1-①", "国民年金事務");
	assert_true(d->generation > gen);
	assert_string_equal(get_text(d, "I-1-①"), "国民年金事務");
	set_text(d, "I-1-1", "国民年金事務2");
	assert_string_equal(get_text(d, "I-1-①"), "国民年金事務2");
	set_text(d, "I-2-システム3-①", "宛名システム");
	r = ref_of(d, "I-2");
	assert_int_equal(document_count(d, &r), 3);
	assert_null(get_text(d, "I-2-システム1-①"));
	assert_string_equal(get_text(d, "I-2-システム3-①"), "宛名システム");
	set_text(d, "II-4-委託事項2-⑥", "保管");
	set_text(d, "表紙-公表日", "令和6年5月24日");
	answers_are(d,
	    "cover:\n"
	    "  published: 令和6年5月24日\n"
	    "kihon:\n"
	    "  jimu:\n"
	    "    name: 国民年金事務2\n"
	    "  systems:\n"
	    "  - {}\n"
	    "  - {}\n"
	    "  - name: 宛名システム\n"
	    "gaiyo:\n"
	    "- itaku:\n"
	    "    jiko:\n"
	    "    - {}\n"
	    "    - saiitaku_jiko: 保管\n");
	/* clearing removes the key; a group left empty is not written */
	set_text(d, "I-1-①", NULL);
	assert_null(get_text(d, "I-1-①"));
	set_text(d, "表紙-公表日", NULL);
	answers_are(d,
	    "kihon:\n"
	    "  systems:\n"
	    "  - {}\n"
	    "  - {}\n"
	    "  - name: 宛名システム\n"
	    "gaiyo:\n"
	    "- itaku:\n"
	    "    jiko:\n"
	    "    - {}\n"
	    "    - saiitaku_jiko: 保管\n");
	document_free(&d);
}

static void
test_per_file(void **state)
{
	struct document *d = document_new(juten);
	struct item_ref r;

	(void)state;
	set_text(d, "II[2]-1", "住民票ファイル");
	assert_int_equal(document_files(d), 2);
	assert_null(get_text(d, "II-1"));
	assert_null(get_text(d, "II[1]-1"));
	assert_string_equal(get_text(d, "II[2]-1"), "住民票ファイル");
	/* every per-file section counts the same files */
	r = ref_of(d, "III");
	assert_int_equal(document_count(d, &r), 2);
	r = ref_of(d, "II[2]-4-委託事項");
	assert_int_equal(document_count(d, &r), 0);
	set_text(d, "III[3]-1", "三");
	assert_int_equal(document_files(d), 3);
	set_text(d, "II[2]-4-委託事項1-①", "保守");
	r = ref_of(d, "II[2]-4-委託事項");
	assert_int_equal(document_count(d, &r), 1);
	r = ref_of(d, "II-4-委託事項");
	assert_int_equal(document_count(d, &r), 0);
	answers_are(d,
	    "gaiyo:\n"
	    "- {}\n"
	    "- name: 住民票ファイル\n"
	    "  itaku:\n"
	    "    jiko:\n"
	    "    - naiyo: 保守\n"
	    "risk:\n"
	    "- {}\n"
	    "- {}\n"
	    "- name: 三\n");
	document_free(&d);
}

static void
test_instances_and_limits(void **state)
{
	struct document *d = document_new(juten);
	struct item_ref sys, jiko;
	struct error e;
	size_t i;

	(void)state;
	sys = ref_of(d, "I-2");
	for (i = 0; i < 20; i++) {
		error_clear(&e);
		if (!document_instance_add(d, &sys, i, &e))
			fail_msg("add %zu: %s", i, e.message);
	}
	assert_int_equal(document_count(d, &sys), 20);
	error_clear(&e);
	assert_false(document_instance_add(d, &sys, 0, &e));
	assert_string_equal(e.message, "at most 20 システム are allowed");
	error_clear(&e);
	assert_false(document_instance_dup(d, &sys, 0, &e));
	assert_string_equal(e.message, "at most 20 システム are allowed");
	for (i = 20; i > 1; i--) {
		error_clear(&e);
		if (!document_instance_remove(d, &sys, 0, &e))
			fail_msg("remove at %zu: %s", i, e.message);
	}
	assert_int_equal(document_count(d, &sys), 1);
	/* システム has min 1 */
	error_clear(&e);
	assert_false(document_instance_remove(d, &sys, 0, &e));
	assert_string_equal(e.message, "at least 1 システム must remain");
	error_clear(&e);
	assert_false(document_instance_remove(d, &sys, 5, &e));
	assert_true(e.set);

	/* 委託事項 has min 0: the last one may go */
	jiko = ref_of(d, "II-4-委託事項");
	set_text(d, "II-4-委託事項1-③", "A社");
	set_text(d, "II-4-委託事項2-③", "B社");
	set_text(d, "II-4-委託事項3-③", "C社");
	error_clear(&e);
	assert_false(document_instance_add(d, &jiko, 5, &e));
	assert_string_equal(e.message, "there is no 委託事項6");
	error_clear(&e);
	assert_false(document_instance_move(d, &jiko, 0, 3, &e));
	assert_string_equal(e.message, "there is no 委託事項4");
	error_clear(&e);
	assert_false(document_instance_remove(d, &jiko, 3, &e));
	assert_string_equal(e.message, "there is no 委託事項4");
	error_clear(&e);
	assert_false(document_instance_dup(d, &jiko, 3, &e));
	/* move C to the front, copy it, remove A */
	error_clear(&e);
	assert_true(document_instance_move(d, &jiko, 2, 0, &e));
	assert_string_equal(get_text(d, "II-4-委託事項1-③"), "C社");
	assert_string_equal(get_text(d, "II-4-委託事項2-③"), "A社");
	assert_string_equal(get_text(d, "II-4-委託事項3-③"), "B社");
	assert_true(document_instance_dup(d, &jiko, 0, &e));
	assert_int_equal(document_count(d, &jiko), 4);
	assert_string_equal(get_text(d, "II-4-委託事項2-③"), "C社");
	/* the copy is a copy: changing it leaves the original */
	set_text(d, "II-4-委託事項2-③", "D社");
	assert_string_equal(get_text(d, "II-4-委託事項1-③"), "C社");
	assert_true(document_instance_remove(d, &jiko, 2, &e));
	assert_string_equal(get_text(d, "II-4-委託事項3-③"), "B社");
	assert_true(document_instance_add(d, &jiko, 3, &e));
	assert_int_equal(document_count(d, &jiko), 4);
	assert_null(get_text(d, "II-4-委託事項4-③"));
	for (i = 0; i < 4; i++)
		assert_true(document_instance_remove(d, &jiko, 0, &e));
	assert_int_equal(document_count(d, &jiko), 0);
	assert_false(e.set);
	/* instances of a repeat in the second file are that file's */
	jiko = ref_of(d, "II[2]-4-委託事項");
	assert_true(document_instance_add(d, &jiko, 0, &e));
	assert_int_equal(document_count(d, &jiko), 1);
	jiko = ref_of(d, "II-4-委託事項");
	assert_int_equal(document_count(d, &jiko), 0);
	document_free(&d);
}

static void
test_files_move_together(void **state)
{
	struct document *d = document_new(juten);
	struct item_ref file = ref_of(d, "II");
	struct error e;

	(void)state;
	file.instance = false;
	file.nidx = 0;
	set_text(d, "II-1", "A");
	set_text(d, "II[2]-1", "B");
	set_text(d, "III[2]-1", "B3");
	set_text(d, "別添1-特定個人情報ファイル記録項目", "A1");
	error_clear(&e);
	assert_true(document_instance_move(d, &file, 1, 0, &e));
	assert_string_equal(get_text(d, "II-1"), "B");
	assert_string_equal(get_text(d, "II[2]-1"), "A");
	assert_string_equal(get_text(d, "III-1"), "B3");
	assert_null(get_text(d, "III[2]-1"));
	assert_null(get_text(d, "別添1-特定個人情報ファイル記録項目"));
	assert_string_equal(get_text(d, "別添1[2]-特定個人情報ファイル記録項目"), "A1");
	/* a new file in the middle: every per-file section gets one */
	assert_true(document_instance_add(d, &file, 1, &e));
	assert_int_equal(document_files(d), 3);
	assert_string_equal(get_text(d, "II[3]-1"), "A");
	assert_string_equal(get_text(d, "別添1[3]-特定個人情報ファイル記録項目"), "A1");
	assert_true(document_instance_dup(d, &file, 0, &e));
	assert_int_equal(document_files(d), 4);
	assert_string_equal(get_text(d, "III[2]-1"), "B3");
	assert_true(document_instance_remove(d, &file, 0, &e));
	assert_true(document_instance_remove(d, &file, 0, &e));
	assert_true(document_instance_remove(d, &file, 0, &e));
	assert_int_equal(document_files(d), 1);
	assert_string_equal(get_text(d, "II-1"), "A");
	/* the last file stays */
	assert_false(document_instance_remove(d, &file, 0, &e));
	assert_string_equal(e.message, "at least 1 特定個人情報ファイル must remain");
	answers_are(d,
	    "gaiyo:\n"
	    "- name: A\n"
	    "kiroku:\n"
	    "- items: A1\n"
	    "risk:\n"
	    "- {}\n");
	document_free(&d);
}

static void
test_titles(void **state)
{
	struct document *d = document_new(juten);
	struct item_ref inst;
	const struct node *v;

	(void)state;
	set_text(d, "II-4-委託事項1-①", "保守");
	inst = ref_of(d, "II-4-委託事項1");
	assert_true(inst.instance);
	assert_null(document_get(d, &inst));
	document_set(d, &inst, node_scalar_str("国民年金システムの保守運用業務"));
	v = document_get(d, &inst);
	assert_true(node_is(v, "国民年金システムの保守運用業務"));
	/* a title on an instance that does not exist yet creates it */
	inst = ref_of(d, "II-4-委託事項3");
	document_set(d, &inst, node_scalar_str("三番目"));
	answers_are(d,
	    "gaiyo:\n"
	    "- itaku:\n"
	    "    jiko:\n"
	    "    - title: 国民年金システムの保守運用業務\n"
	    "      naiyo: 保守\n"
	    "    - {}\n"
	    "    - title: 三番目\n");
	document_set(d, &inst, NULL);
	assert_null(document_get(d, &inst));
	document_free(&d);
}

static void
test_canonical_order(void **state)
{
	struct error e;
	struct document *d;
	struct node *t;

	(void)state;
	d = bind_text("zz_top: kept\n"
		      "answers:\n"
		      "  risk:\n"
		      "  - itaku:\n"
		      "      kitei: 定めている\n"
		      "    name: R\n"
		      "  mine: 1\n"
		      "  kihon:\n"
		      "    zzz: 1\n"
		      "    systems:\n"
		      "    - function: F\n"
		      "      extra: E\n"
		      "      name: ん\n"
		      "    jimu:\n"
		      "      naiyo: B\n"
		      "      name: A\n"
		      "      extra: ゆ\n"
		      "    aaa: 2\n"
		      "  gaiyo:\n"
		      "  - itaku:\n"
		      "      jiko:\n"
		      "      - naiyo: な\n"
		      "        title: T\n"
		      "  cover:\n"
		      "    title: C\n"
		      "form: juten\n"
		      "revision: 平成30年5月 様式3\n"
		      "piaform: 1\n",
	    &e);
	if (d == NULL)
		fail_msg("%s", e.message);
	answers_are(d,
	    "cover:\n"
	    "  title: C\n"
	    "kihon:\n"
	    "  jimu:\n"
	    "    name: A\n"
	    "    naiyo: B\n"
	    "    extra: ゆ\n"
	    "  systems:\n"
	    "  - name: ん\n"
	    "    function: F\n"
	    "    extra: E\n"
	    "  zzz: 1\n"
	    "  aaa: 2\n"
	    "gaiyo:\n"
	    "- itaku:\n"
	    "    jiko:\n"
	    "    - title: T\n"
	    "      naiyo: な\n"
	    "risk:\n"
	    "- name: R\n"
	    "  itaku:\n"
	    "    kitei: 定めている\n"
	    "mine: 1\n");
	t = document_serialize(d);
	assert_string_equal(t->pairs[0].key, "piaform");
	assert_string_equal(t->pairs[3].key, "answers");
	assert_string_equal(t->pairs[4].key, "zz_top");
	assert_int_equal(t->npairs, 5);
	node_free(&t);
	document_free(&d);

	/* a group present but empty in the file is not written (and not moved to the end) */
	d = bind_text("piaform: 1\nform: juten\nanswers:\n  kihon:\n    jimu: {}\n"
		      "    files: F\n  cover: {}\n",
	    &e);
	if (d == NULL)
		fail_msg("%s", e.message);
	answers_are(d, "kihon:\n  files: F\n");
	document_free(&d);
	/* an unknown key with an empty mapping is kept */
	d = bind_text("piaform: 1\nform: juten\nanswers:\n  kihon:\n    mine: {}\n", &e);
	answers_are(d, "kihon:\n  mine: {}\n");
	document_free(&d);
	/* a document without answers gets an empty mapping; the revision it names is kept */
	d = bind_text("piaform: 1\nform: kiso\nrevision: 古い版\n", &e);
	if (d == NULL)
		fail_msg("%s", e.message);
	assert_ptr_equal(d->form, kiso);
	answers_are(d, "{}\n");
	t = document_serialize(d);
	assert_true(node_is(node_get(t, "revision"), "古い版"));
	node_free(&t);
	document_free(&d);
}

static void
test_bind_errors(void **state)
{
	struct error e;
	struct document *d;
	struct node *root;

	(void)state;
	bind_fails("- a\n", 1, 1, "the file must be a mapping");
	bind_fails("form: juten\n", 1, 1, "the \"piaform: 1\" line is missing");
	bind_fails("piaform: [1]\nform: juten\n", 1, 10, "\"piaform:\"");
	bind_fails("piaform: 2\nform: juten\n", 1, 10,
	    "document format \"2\" is not one this piaform reads (it reads 1)");
	bind_fails("piaform: 0\nform: juten\n", 1, 10, "document format \"0\"");
	bind_fails("piaform: 1x\nform: juten\n", 1, 10, "document format \"1x\"");
	bind_fails("piaform: 1.5\nform: juten\n", 1, 10, "document format \"1.5\"");
	bind_fails("piaform: 99999999999999999999\nform: juten\n", 1, 10, "document format");
	bind_fails("piaform: 1\n", 1, 1, "the \"form:\" line is missing");
	bind_fails("piaform: 1\nform: {id: juten}\n", 2, 7, "\"form:\"");
	bind_fails("piaform: 1\nform: nothing\n", 2, 7, "unknown form \"nothing\"");
	bind_fails(
	    "piaform: 1\nform: juten\nanswers: []\n", 3, 10, "\"answers\" must be a mapping");
	bind_fails("piaform: 1\nform: juten\nanswers:\n", 3, 9, "\"answers\" must be a mapping");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  cover: x\n", 4, 10,
	    "表紙 (cover) must be a mapping, not a text");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  kihon:\n    jimu: [a]\n", 5, 11,
	    "(jimu) must be a mapping, not a list");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  kihon:\n    jimu:\n      name: {a: b}\n",
	    6, 13, "事務の名称 (name) must be a text, not a mapping");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  kihon:\n    systems: x\n", 5, 14,
	    "(systems) must be a list, not a text");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  kihon:\n    systems:\n    - x\n", 6, 7,
	    "each entry of 特定個人情報ファイルを取り扱う事務において使用するシステム (systems) must be "
	    "a mapping, not a text");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  gaiyo: {name: x}\n", 4, 10,
	    "特定個人情報ファイルの概要 (gaiyo) must be a list, not a mapping");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  gaiyo:\n  - {}\n  - [x]\n", 6, 5,
	    "each entry of 特定個人情報ファイルの概要 (gaiyo) must be a mapping, not a list");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  gaiyo:\n  - nyushu:\n      moto: 紙\n", 6,
	    13, "入手元 (moto) must be a list of checked options, not a text");
	bind_fails(
	    "piaform: 1\nform: juten\nanswers:\n  gaiyo:\n  - nyushu:\n      moto:\n      - [紙]\n",
	    7, 9, "an entry is an option, or \"option: text\"");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  gaiyo:\n  - itaku:\n      jiko:\n"
		   "      - title: [a]\n",
	    7, 16, "must be a text, not a list");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  risk:\n  - itaku:\n      none: [true]\n",
	    6, 13, "must be a text, not a list");
	bind_fails("piaform: 1\nform: juten\nanswers:\n  henko:\n    rows:\n    - date: {}\n", 6,
	    13, "変更日 (date) must be a text, not a mapping");
	/* what a form does not know is not checked for shape: it is kept */
	d = bind_text("piaform: 1\nform: juten\nanswers:\n  mine: [1, {a: b}]\n", &e);
	assert_non_null(d);
	document_free(&d);
	/* "none" in place of a check list is fine */
	d = bind_text(
	    "piaform: 1\nform: juten\nanswers:\n  gaiyo:\n  - nyushu:\n      moto: —\n", &e);
	assert_non_null(d);
	document_free(&d);
	/* a failed bind leaves the tree with the caller */
	error_clear(&e);
	root = node_seq();
	assert_null(document_bind(testutil_fs, root, "t.yaml", &e));
	node_free(&root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_set_get_nested),
		cmocka_unit_test(test_per_file),
		cmocka_unit_test(test_instances_and_limits),
		cmocka_unit_test(test_files_move_together),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_canonical_order),
		cmocka_unit_test(test_bind_errors),
	};
	return cmocka_run_group_tests(tests, testutil_setup, testutil_teardown);
}
