/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the three-way merge: NULL and empty input, edits to different items, the same
 * item changed both ways (a conflict that keeps ours and records all three), repeats matched
 * by identity (added, renamed, removed, added on both sides), titled instances, tables,
 * files by position, keys outside the form, comments, and what can be done with a conflict
 * afterwards (look it up, describe it, resolve it, drop it, renumber it, check it). */
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
#include "piaform/comment.h"
#include "piaform/formload.h"
#include "piaform/merge.h"
#include "piaform/path.h"
#include "piaform/validate.h"

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

static struct document *
copy(const struct document *d)
{
	struct document *c = document_new(d->form);

	node_free(&c->root);
	c->root = node_clone(d->root);
	c->answers = node_get(c->root, "answers");
	return c;
}

static struct item_ref
ref_of(const struct document *d, const char *path)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	assert_true(path_parse(d->form, path, &r, &e));
	return r;
}

/* Answer path with value as a person would type it ("" clears). */
static void
set(struct document *d, const char *path, const char *value)
{
	struct item_ref r = ref_of(d, path);
	struct form_item title = { 0 };
	const struct form_item *as = r.item;
	struct error e;
	struct node *v;

	if (value[0] == '\0') {
		document_set(d, &r, NULL);
		return;
	}
	if (r.instance && r.item->kind == FORM_REPEAT) {
		title.kind = FORM_TEXT;
		as = &title;
	}
	error_clear(&e);
	v = answer_parse(as, value, strlen(value), &e);
	assert_non_null(v);
	document_set(d, &r, v);
}

/* The answer at path as text ("" when unanswered). */
static char *
get(const struct document *d, const char *path)
{
	struct item_ref r = ref_of(d, path);

	return answer_text(r.item, document_get(d, &r));
}

static void
assert_answer(const struct document *d, const char *path, const char *want)
{
	char *t = get(d, path);

	if (strcmp(t, want) != 0)
		fail_msg("%s: \"%s\", wanted \"%s\"", path, t, want);
	free(t);
}

static size_t
count(const struct document *d, const char *repeat_path)
{
	struct item_ref r = ref_of(d, repeat_path);

	return document_count(d, &r);
}

static void
remove_instance(struct document *d, const char *repeat_path, size_t pos)
{
	struct item_ref r = ref_of(d, repeat_path);
	struct error e;

	error_clear(&e);
	assert_true(document_instance_remove(d, &r, pos, &e));
}

static struct document *
merge(const struct document *b, const struct document *o, const struct document *t, size_t want)
{
	struct document *m;
	struct error e;
	size_t n = 99;

	error_clear(&e);
	m = merge_documents(b, o, t, &n, &e);
	assert_non_null(m);
	assert_false(e.set);
	if (n != want)
		fail_msg("%zu conflicts, wanted %zu", n, want);
	assert_int_equal(merge_conflict_count(m), n);
	return m;
}

/* A base with two systems and a department, as the tests start from. */
static struct document *
base_doc(void)
{
	struct document *d = doc("juten");

	set(d, "I-1-①", "国民年金事務");
	set(d, "I-2-システム1-①", "国民年金システム");
	set(d, "I-2-システム2-①", "窓口システム");
	set(d, "I-6-①", "年金課");
	set(d, "I-6-②", "課長");
	return d;
}

static void
test_null_and_empty(void **state)
{
	struct document *a = doc("juten"), *b = doc("juten"), *c = doc("juten"), *m;
	struct item_ref r = ref_of(a, "I-1-①");
	struct error e;
	size_t n = 7;
	char *t;

	(void)state;
	error_clear(&e);
	assert_null(merge_documents(NULL, b, c, &n, &e));
	assert_true(e.set);
	error_clear(&e);
	assert_null(merge_documents(a, NULL, c, &n, &e));
	error_clear(&e);
	assert_null(merge_documents(a, b, NULL, &n, &e));
	/* three empty documents: an empty document, no conflicts */
	m = merge(a, b, c, 0);
	assert_int_equal(m->answers->npairs, 0);
	assert_null(node_get(m->root, MERGE_CONFLICTS_KEY));
	assert_null(node_get(m->root, COMMENT_KEY));
	/* nconflicts may be NULL */
	document_free(&m);
	error_clear(&e);
	m = merge_documents(a, b, c, NULL, &e);
	assert_non_null(m);
	/* the conflict functions take NULL and documents without conflicts */
	assert_int_equal(merge_conflict_count(NULL), 0);
	assert_int_equal(merge_conflict_count(m), 0);
	assert_null(merge_conflict_get(NULL, &r));
	assert_null(merge_conflict_get(m, NULL));
	assert_null(merge_conflict_get(m, &r));
	assert_false(merge_conflict_drop(NULL, &r));
	assert_false(merge_conflict_drop(m, &r));
	assert_null(merge_conflict_summary(m, &r));
	assert_null(merge_conflict_combine(NULL, NULL));
	assert_false(merge_conflict_is_instance(NULL));
	merge_keys_renumber(NULL, &r, 0);
	error_clear(&e);
	assert_false(merge_conflict_resolve(m, "I-1-①", MERGE_OURS, &e));
	assert_true(e.set);
	error_clear(&e);
	assert_false(merge_conflict_resolve(NULL, "I-1-①", MERGE_OURS, &e));
	t = merge_conflict_side_text(m, NULL, NULL, MERGE_OURS, 10);
	assert_string_equal(t, "(none)");
	free(t);
	document_free(&m);
	document_free(&a);
	document_free(&b);
	document_free(&c);
}

static void
test_sides(void **state)
{
	enum merge_side s;

	(void)state;
	assert_string_equal(merge_side_name(MERGE_BASE), "base");
	assert_string_equal(merge_side_name(MERGE_OURS), "ours");
	assert_string_equal(merge_side_name(MERGE_THEIRS), "theirs");
	assert_true(merge_side_parse("theirs", &s));
	assert_int_equal(s, MERGE_THEIRS);
	assert_true(merge_side_parse("base", &s));
	assert_int_equal(s, MERGE_BASE);
	assert_false(merge_side_parse("mine", &s));
	assert_false(merge_side_parse(NULL, &s));
}

static void
test_different_forms(void **state)
{
	struct document *a = doc("juten"), *b = doc("juten"), *z = doc("zenkomoku");
	struct error e;

	(void)state;
	error_clear(&e);
	assert_null(merge_documents(a, b, z, NULL, &e));
	assert_non_null(strstr(e.message, "zenkomoku"));
	error_clear(&e);
	assert_null(merge_documents(z, a, b, NULL, &e));
	assert_true(e.set);
	document_free(&a);
	document_free(&b);
	document_free(&z);
}

static void
test_different_items(void **state)
{
	struct document *b = base_doc(), *o = copy(b), *t = copy(b), *m;

	(void)state;
	/* neighbouring lines in the file: a line merge would call this a conflict */
	set(o, "I-6-①", "国民年金課");
	set(t, "I-6-②", "国民年金課長");
	set(t, "I-1-③", "10万人以上30万人未満");
	set(o, "II-2-主な記録項目", "1");
	m = merge(b, o, t, 0);
	assert_answer(m, "I-6-①", "国民年金課");
	assert_answer(m, "I-6-②", "国民年金課長");
	assert_answer(m, "I-1-③", "10万人以上30万人未満");
	assert_answer(m, "II-2-主な記録項目", "個人番号");
	assert_answer(m, "I-1-①", "国民年金事務");
	document_free(&m);
	/* the same change on both sides is no conflict */
	set(t, "I-6-①", "国民年金課");
	m = merge(b, o, t, 0);
	assert_answer(m, "I-6-①", "国民年金課");
	document_free(&m);
	/* one side clears an answer the other left alone: it goes */
	set(t, "I-1-①", "");
	m = merge(b, o, t, 0);
	assert_answer(m, "I-1-①", "");
	document_free(&m);
	/* an unchanged merge gives ours back */
	m = merge(b, b, b, 0);
	assert_true(node_equal(m->answers, b->answers));
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_conflict(void **state)
{
	struct document *b = base_doc(), *o = copy(b), *t = copy(b), *m;
	struct item_ref r;
	const struct node *c;
	struct problem_list probs = { 0 };
	struct error e;
	size_t i;
	bool found = false;
	char *s;

	(void)state;
	set(o, "I-1-①", "年金事務");
	set(t, "I-1-①", "国民年金の事務");
	set(t, "I-6-①", "国民年金課"); /* a clean change beside it */
	m = merge(b, o, t, 1);
	assert_answer(m, "I-1-①", "年金事務"); /* ours, until someone chooses */
	assert_answer(m, "I-6-①", "国民年金課");
	r = ref_of(m, "I-1-1");
	c = merge_conflict_get(m, &r);
	assert_non_null(c);
	assert_false(merge_conflict_is_instance(c));
	assert_true(node_is(node_get(c, "base"), "国民年金事務"));
	assert_true(node_is(node_get(c, "ours"), "年金事務"));
	assert_true(node_is(node_get(c, "theirs"), "国民年金の事務"));
	/* the entry is keyed by the canonical path */
	assert_non_null(node_get(node_get(m->root, MERGE_CONFLICTS_KEY), "I-1-①"));
	s = merge_conflict_text(m, "I-1-①", c);
	assert_string_equal(
	    s, "ours 「年金事務」 / theirs 「国民年金の事務」 / base 「国民年金事務」");
	free(s);
	s = merge_conflict_summary(m, &r);
	assert_non_null(strstr(s, "年金事務"));
	free(s);
	assert_null(merge_conflict_combine(r.item, c)); /* one-line text: no combination */
	/* check reports it as an error on the item */
	validate_document(m, &probs);
	for (i = 0; i < probs.n; i++) {
		if (strcmp(probs.v[i].path, "I-1-①") == 0 &&
		    probs.v[i].severity == SEVERITY_ERROR &&
		    strstr(probs.v[i].message, "国民年金の事務") != NULL)
			found = true;
		/* the two top-level keys are part of the format, not unknown keys */
		assert_null(strstr(probs.v[i].message, "\"conflicts\""));
	}
	assert_true(found);
	problem_list_clear(&probs);
	/* resolve by taking theirs (the key may be written with ASCII digits) */
	error_clear(&e);
	assert_true(merge_conflict_resolve(m, "I-1-1", MERGE_THEIRS, &e));
	assert_answer(m, "I-1-①", "国民年金の事務");
	assert_int_equal(merge_conflict_count(m), 0);
	assert_null(node_get(m->root, MERGE_CONFLICTS_KEY));
	document_free(&m);
	/* or base; or drop it, keeping the answer as it stands */
	m = merge(b, o, t, 1);
	assert_true(merge_conflict_resolve(m, "I-1-①", MERGE_BASE, &e));
	assert_answer(m, "I-1-①", "国民年金事務");
	document_free(&m);
	m = merge(b, o, t, 1);
	r = ref_of(m, "I-1-①");
	assert_true(merge_conflict_drop(m, &r));
	assert_false(merge_conflict_drop(m, &r));
	assert_answer(m, "I-1-①", "年金事務");
	document_free(&m);
	/* cleared on one side, changed on the other: a conflict where ours is "not answered" */
	set(o, "I-1-①", "");
	m = merge(b, o, t, 1);
	r = ref_of(m, "I-1-①");
	c = merge_conflict_get(m, &r);
	assert_null(node_get(c, "ours"));
	s = merge_conflict_side_text(m, "I-1-①", c, MERGE_OURS, 100);
	assert_string_equal(s, "(not answered)");
	free(s);
	assert_true(merge_conflict_resolve(m, "I-1-①", MERGE_OURS, &e));
	assert_answer(m, "I-1-①", "");
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_combine(void **state)
{
	struct document *b = base_doc(), *o = copy(b), *t = copy(b), *m;
	struct item_ref r;
	struct node *v;
	char *s;

	(void)state;
	set(b, "I-1-②", "被保険者の資格を管理する。");
	set(o, "I-1-②", "被保険者の資格を管理する。\n保険料を徴収する。");
	set(t, "I-1-②", "被保険者の資格と年金の給付を管理する。");
	set(o, "I-2-システム1-③", "2");
	set(t, "I-2-システム1-③", "1\n2");
	m = merge(b, o, t, 2);
	r = ref_of(m, "I-1-②");
	v = merge_conflict_combine(r.item, merge_conflict_get(m, &r));
	assert_non_null(v);
	assert_true(node_is(v,
	    "被保険者の資格を管理する。\n保険料を徴収する。\n"
	    "被保険者の資格と年金の給付を管理する。"));
	node_free(&v);
	/* a long answer reads on one line, cut on a character boundary */
	s = merge_conflict_side_text(m, "I-1-②", merge_conflict_get(m, &r), MERGE_OURS, 20);
	assert_string_equal(s, "被保険者の資格…");
	free(s);
	s = merge_conflict_side_text(m, "I-1-②", merge_conflict_get(m, &r), MERGE_OURS, 200);
	assert_string_equal(s, "被保険者の資格を管理する。 / 保険料を徴収する。");
	free(s);
	r = ref_of(m, "I-2-システム1-③");
	v = merge_conflict_combine(r.item, merge_conflict_get(m, &r));
	assert_non_null(v);
	s = answer_text(r.item, v);
	assert_string_equal(s, "庁内連携システム\n情報提供ネットワークシステム");
	free(s);
	node_free(&v);
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_repeats(void **state)
{
	struct document *b = base_doc(), *o = copy(b), *t = copy(b), *m;

	(void)state;
	/* a branch adding システム3 and another editing システム2 */
	set(o, "I-2-システム3-①", "新システム");
	set(t, "I-2-システム2-②", "窓口で受け付ける。");
	m = merge(b, o, t, 0);
	assert_int_equal(count(m, "I-2"), 3);
	assert_answer(m, "I-2-システム2-①", "窓口システム");
	assert_answer(m, "I-2-システム2-②", "窓口で受け付ける。");
	assert_answer(m, "I-2-システム3-①", "新システム");
	document_free(&m);
	/* the other way round, and with システム2 renamed: paired by position between anchors */
	set(t, "I-2-システム2-①", "窓口支援システム");
	m = merge(b, t, o, 0);
	assert_int_equal(count(m, "I-2"), 3);
	assert_answer(m, "I-2-システム2-①", "窓口支援システム");
	assert_answer(m, "I-2-システム3-①", "新システム");
	document_free(&m);
	/* theirs inserts a system at the front: it stays in front, ours' edit follows its
	 * system */
	document_free(&t);
	t = copy(b);
	{
		struct item_ref r = ref_of(t, "I-2");
		struct error e;
		error_clear(&e);
		assert_true(document_instance_add(t, &r, 0, &e));
	}
	set(t, "I-2-システム1-①", "宛名システム");
	document_free(&o);
	o = copy(b);
	set(o, "I-2-システム2-②", "窓口の機能");
	m = merge(b, o, t, 0);
	assert_int_equal(count(m, "I-2"), 3);
	assert_answer(m, "I-2-システム1-①", "宛名システム");
	assert_answer(m, "I-2-システム2-①", "国民年金システム");
	assert_answer(m, "I-2-システム3-①", "窓口システム");
	assert_answer(m, "I-2-システム3-②", "窓口の機能");
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_added_on_both_sides(void **state)
{
	struct document *b = base_doc(), *o = copy(b), *t = copy(b), *m;

	(void)state;
	/* different systems: both kept, ours first */
	set(o, "I-2-システム3-①", "宛名システム");
	set(t, "I-2-システム3-①", "税務システム");
	m = merge(b, o, t, 0);
	assert_int_equal(count(m, "I-2"), 4);
	assert_answer(m, "I-2-システム3-①", "宛名システム");
	assert_answer(m, "I-2-システム4-①", "税務システム");
	document_free(&m);
	/* the same system added by both: one instance, its items merged */
	set(t, "I-2-システム3-①", "宛名システム");
	set(o, "I-2-システム3-②", "宛名を管理する。");
	set(t, "I-2-システム3-③", "2");
	m = merge(b, o, t, 0);
	assert_int_equal(count(m, "I-2"), 3);
	assert_answer(m, "I-2-システム3-②", "宛名を管理する。");
	assert_answer(m, "I-2-システム3-③", "庁内連携システム");
	document_free(&m);
	/* and written differently on both sides: a conflict with no base */
	set(t, "I-2-システム3-②", "宛名と住所を管理する。");
	m = merge(b, o, t, 1);
	{
		struct item_ref r = ref_of(m, "I-2-システム3-②");
		const struct node *c = merge_conflict_get(m, &r);
		assert_non_null(c);
		assert_null(node_get(c, "base"));
	}
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_removed(void **state)
{
	struct document *b = base_doc(), *o = copy(b), *t = copy(b), *m;
	struct item_ref r;
	const struct node *c;
	struct error e;
	char *s;

	(void)state;
	set(b, "I-2-システム3-①", "旧システム");
	document_free(&o);
	document_free(&t);
	o = copy(b);
	t = copy(b);
	/* removed by ours, untouched by theirs: gone */
	remove_instance(o, "I-2", 1);
	set(t, "I-6-①", "国民年金課");
	m = merge(b, o, t, 0);
	assert_int_equal(count(m, "I-2"), 2);
	assert_answer(m, "I-2-システム2-①", "旧システム");
	document_free(&m);
	/* removed by ours, changed by theirs: kept, a conflict on the whole instance */
	set(t, "I-2-システム2-②", "窓口の機能");
	set(t, "I-2-システム3-②", "旧の機能");
	m = merge(b, o, t, 1);
	assert_int_equal(count(m, "I-2"), 3);
	assert_answer(m, "I-2-システム2-②", "窓口の機能");
	assert_answer(m, "I-2-システム3-②", "旧の機能");
	r = ref_of(m, "I-2-システム2");
	c = merge_conflict_get(m, &r);
	assert_non_null(c);
	assert_true(merge_conflict_is_instance(c));
	assert_null(node_get(c, "ours"));
	s = merge_conflict_side_text(m, "I-2-システム2", c, MERGE_OURS, 100);
	assert_string_equal(s, "(removed)");
	free(s);
	s = merge_conflict_side_text(m, "I-2-システム2", c, MERGE_THEIRS, 100);
	assert_string_equal(s, "窓口システム");
	free(s);
	/* resolved as ours: the instance goes */
	error_clear(&e);
	assert_true(merge_conflict_resolve(m, "I-2-システム2", MERGE_OURS, &e));
	assert_int_equal(count(m, "I-2"), 2);
	assert_answer(m, "I-2-システム2-①", "旧システム");
	assert_int_equal(merge_conflict_count(m), 0);
	document_free(&m);
	/* resolved as theirs: kept as it is; as base: back to the base's */
	m = merge(b, o, t, 1);
	assert_true(merge_conflict_resolve(m, "I-2-システム2", MERGE_THEIRS, &e));
	assert_int_equal(count(m, "I-2"), 3);
	assert_answer(m, "I-2-システム2-②", "窓口の機能");
	document_free(&m);
	m = merge(b, o, t, 1);
	assert_true(merge_conflict_resolve(m, "I-2-システム2", MERGE_BASE, &e));
	assert_int_equal(count(m, "I-2"), 3);
	assert_answer(m, "I-2-システム2-②", "");
	assert_answer(m, "I-2-システム2-①", "窓口システム");
	document_free(&m);
	/* removed on both sides: gone, no conflict */
	remove_instance(t, "I-2", 1);
	m = merge(b, o, t, 0);
	assert_int_equal(count(m, "I-2"), 2);
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_renumber(void **state)
{
	struct document *b = base_doc(), *o, *t, *m;
	struct error e;

	(void)state;
	set(b, "I-2-システム3-①", "旧システム");
	o = copy(b);
	t = copy(b);
	/* システム2: removed by ours, changed by theirs; システム3: a plain conflict */
	remove_instance(o, "I-2", 1);
	set(o, "I-2-システム2-②", "ours");
	set(t, "I-2-システム2-②", "theirs2");
	set(t, "I-2-システム3-②", "theirs");
	m = merge(b, o, t, 2);
	{
		struct item_ref r = ref_of(m, "I-2-システム3-②");
		assert_non_null(merge_conflict_get(m, &r));
	}
	/* a comment on システム3 follows it too */
	{
		struct item_ref r = ref_of(m, "I-2-システム3-②");
		comment_add(m, &r, "点検", "令和6年5月24日", "確認");
	}
	error_clear(&e);
	assert_true(merge_conflict_resolve(m, "I-2-システム2", MERGE_OURS, &e));
	assert_int_equal(count(m, "I-2"), 2);
	{
		struct item_ref r = ref_of(m, "I-2-システム2-②");
		const struct node *c = merge_conflict_get(m, &r);
		assert_non_null(c);
		assert_true(node_is(node_get(c, "theirs"), "theirs"));
		assert_non_null(comment_thread(m, &r));
		assert_non_null(
		    node_get(node_get(m->root, MERGE_CONFLICTS_KEY), "I-2-システム2-②"));
	}
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_titled_and_nested(void **state)
{
	struct document *b = doc("juten"), *o, *t, *m;

	(void)state;
	set(b, "II-4-委託の有無", "1");
	set(b, "II-4-委託事項1", "保守運用業務");
	set(b, "II-4-委託事項1-③", "株式会社A");
	o = copy(b);
	t = copy(b);
	/* theirs adds 委託事項2 inside file 1, ours edits 委託事項1 and renames it */
	set(t, "II-4-委託事項2", "印刷業務");
	set(t, "II-4-委託事項2-③", "株式会社B");
	set(o, "II-4-委託事項1-③", "株式会社C");
	m = merge(b, o, t, 0);
	assert_int_equal(count(m, "II-4-委託事項"), 2);
	assert_answer(m, "II-4-委託事項1-③", "株式会社C");
	assert_answer(m, "II-4-委託事項2-③", "株式会社B");
	document_free(&m);
	/* a title changed both ways is a conflict on the instance's path, on its title */
	set(o, "II-4-委託事項1", "システム保守運用業務");
	set(t, "II-4-委託事項1", "保守業務");
	m = merge(b, o, t, 1);
	{
		struct item_ref r = ref_of(m, "II-4-委託事項1");
		const struct node *c = merge_conflict_get(m, &r);
		struct error e;
		assert_non_null(c);
		assert_false(merge_conflict_is_instance(c));
		assert_true(node_is(document_get(m, &r), "システム保守運用業務"));
		error_clear(&e);
		assert_true(merge_conflict_resolve(m, "II-4-委託事項1", MERGE_THEIRS, &e));
		assert_true(node_is(document_get(m, &r), "保守業務"));
	}
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_files(void **state)
{
	struct document *b = doc("juten"), *o, *t, *m;
	struct error e;

	(void)state;
	set(b, "II-1", "国民年金ファイル");
	o = copy(b);
	t = copy(b);
	/* theirs adds a second file (in every per-file section), ours edits the first */
	set(t, "II[2]-1", "年金給付ファイル");
	set(t, "III[2]-1", "年金給付ファイル");
	set(o, "II-2-⑥", "国民年金課");
	m = merge(b, o, t, 0);
	assert_int_equal(document_files(m), 2);
	assert_answer(m, "II-2-⑥", "国民年金課");
	assert_answer(m, "II[2]-1", "年金給付ファイル");
	document_free(&m);
	/* ours removes file 2 that theirs changed: kept, a conflict on the whole file */
	document_free(&b);
	b = copy(t);
	document_free(&o);
	o = copy(b);
	{
		struct item_ref r = ref_of(o, "II");
		r.nidx = 0;
		r.instance = false;
		error_clear(&e);
		assert_true(document_instance_remove(o, &r, 1, &e));
	}
	assert_int_equal(document_files(o), 1);
	set(t, "II[2]-2-⑥", "年金給付課");
	m = merge(b, o, t, 1);
	assert_int_equal(document_files(m), 2);
	{
		struct item_ref r = ref_of(m, "II[2]");
		const struct node *c = merge_conflict_get(m, &r);
		char *s;
		assert_non_null(c);
		assert_true(merge_conflict_is_instance(c));
		s = merge_conflict_side_text(m, "II[2]", c, MERGE_THEIRS, 100);
		assert_string_equal(s, "年金給付ファイル");
		free(s);
	}
	error_clear(&e);
	assert_true(merge_conflict_resolve(m, "II[2]", MERGE_OURS, &e));
	assert_int_equal(document_files(m), 1);
	document_free(&m);
	/* removed by ours and untouched by theirs: gone */
	document_free(&t);
	t = copy(b);
	m = merge(b, o, t, 0);
	assert_int_equal(document_files(m), 1);
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_table(void **state)
{
	struct document *b = doc("juten"), *o, *t, *m;
	struct item_ref r;
	struct node *row;
	const struct node *v;

	(void)state;
	r = ref_of(b, "別添2-変更箇所");
	row = node_map();
	node_set(row, "koumoku", node_scalar_str("I-1-①"));
	{
		struct node *seq = node_seq();
		node_push(seq, row);
		document_set(b, &r, seq);
	}
	o = copy(b);
	t = copy(b);
	row = node_map();
	node_set(row, "koumoku", node_scalar_str("I-6-②"));
	node_push((struct node *)document_get(o, &r), row);
	row = node_map();
	node_set(row, "koumoku", node_scalar_str("II-2-①"));
	node_push((struct node *)document_get(t, &r), row);
	m = merge(b, o, t, 0);
	v = document_get(m, &r);
	assert_non_null(v);
	assert_int_equal(v->nitems, 3);
	assert_true(node_is(node_get(v->items[1], "koumoku"), "I-6-②"));
	assert_true(node_is(node_get(v->items[2], "koumoku"), "II-2-①"));
	document_free(&m);
	/* a row changed on both sides: a conflict on the whole table */
	node_set(((struct node *)document_get(o, &r))->items[0], "koumoku", node_scalar_str("X"));
	node_set(((struct node *)document_get(t, &r))->items[0], "koumoku", node_scalar_str("Y"));
	m = merge(b, o, t, 1);
	assert_non_null(merge_conflict_get(m, &r));
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_other_keys(void **state)
{
	struct document *b = base_doc(), *o, *t, *m;
	struct error e;

	(void)state;
	node_set(b->root, "memo", node_scalar_str("base"));
	node_set(node_get(b->answers, "kihon"), "note", node_scalar_str("n"));
	o = copy(b);
	t = copy(b);
	node_set(t->root, "memo", node_scalar_str("theirs"));
	node_set(o->root, "extra", node_scalar_str("ours"));
	node_set(t->answers, "appendix", node_scalar_str("x"));
	m = merge(b, o, t, 0);
	assert_true(node_is(node_get(m->root, "memo"), "theirs"));
	assert_true(node_is(node_get(m->root, "extra"), "ours"));
	assert_true(node_is(node_get(m->answers, "appendix"), "x"));
	assert_true(node_is(node_get(node_get(m->answers, "kihon"), "note"), "n"));
	document_free(&m);
	/* changed both ways: a conflict named by the key (or PATH/KEY inside the answers) */
	node_set(o->root, "memo", node_scalar_str("ours"));
	node_set(node_get(o->answers, "kihon"), "note", node_scalar_str("o"));
	node_set(node_get(t->answers, "kihon"), "note", node_scalar_str("t"));
	m = merge(b, o, t, 2);
	assert_non_null(node_get(node_get(m->root, MERGE_CONFLICTS_KEY), "memo"));
	assert_non_null(node_get(node_get(m->root, MERGE_CONFLICTS_KEY), "I/note"));
	error_clear(&e);
	assert_true(merge_conflict_resolve(m, "memo", MERGE_THEIRS, &e));
	assert_true(node_is(node_get(m->root, "memo"), "theirs"));
	assert_true(merge_conflict_resolve(m, "I/note", MERGE_BASE, &e));
	assert_true(node_is(node_get(node_get(m->answers, "kihon"), "note"), "n"));
	assert_int_equal(merge_conflict_count(m), 0);
	/* the header is not something to resolve */
	node_set(m->root, MERGE_CONFLICTS_KEY, node_map());
	node_set(node_get(m->root, MERGE_CONFLICTS_KEY), "answers", node_map());
	error_clear(&e);
	assert_false(merge_conflict_resolve(m, "answers", MERGE_THEIRS, &e));
	assert_true(e.set);
	assert_int_equal(merge_conflict_count(m), 1); /* refused: still there */
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

static void
test_comments_and_old_conflicts(void **state)
{
	struct document *b = base_doc(), *o, *t, *m;
	struct item_ref r = ref_of(b, "I-1-①");
	const struct node *th;
	struct comment c;

	(void)state;
	comment_add(b, &r, "点検委員会", "令和6年5月24日", "名称を確認");
	o = copy(b);
	t = copy(b);
	comment_add(o, &r, "担当課", "令和6年5月25日", "確認した");
	{
		struct error e;
		error_clear(&e);
		assert_true(comment_resolve(t, &r, 1, &e));
	}
	/* a conflict still open in theirs is carried over */
	node_set(t->root, MERGE_CONFLICTS_KEY, node_map());
	node_set(node_get(t->root, MERGE_CONFLICTS_KEY), "I-6-②", node_map());
	m = merge(b, o, t, 1);
	th = comment_thread(m, &r);
	assert_non_null(th);
	assert_int_equal(th->nitems, 2);
	assert_true(comment_read(th, 0, &c));
	assert_string_equal(c.author, "点検委員会");
	assert_true(c.resolved);
	assert_true(comment_read(th, 1, &c));
	assert_string_equal(c.text, "確認した");
	assert_false(c.resolved);
	document_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_sides),
		cmocka_unit_test(test_different_forms),
		cmocka_unit_test(test_different_items),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_combine),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_added_on_both_sides),
		cmocka_unit_test(test_removed),
		cmocka_unit_test(test_renumber),
		cmocka_unit_test(test_titled_and_nested),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_other_keys),
		cmocka_unit_test(test_comments_and_old_conflicts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
