/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of review comments: NULL and empty input, adding and reading a thread, resolving,
 * counting, the help pane's summary, keys written another way, what was written by hand in
 * a shape that is not a thread, and the three-way merge of threads. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/comment.h"
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

static struct item_ref
ref_of(const struct document *d, const char *path)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	assert_true(path_parse(d->form, path, &r, &e));
	return r;
}

static void
test_null_and_empty(void **state)
{
	struct document *d = document_new(formset_get(fs, "juten"));
	struct item_ref r = ref_of(d, "I-1-①");
	struct comment c;
	struct error e;
	size_t open = 9;

	(void)state;
	assert_null(comment_thread(NULL, &r));
	assert_null(comment_thread(d, NULL));
	assert_null(comment_thread(d, &r));
	assert_false(comment_read(NULL, 0, &c));
	assert_int_equal(comment_count(NULL, &open), 0);
	assert_int_equal(open, 0);
	assert_int_equal(comment_count(d, NULL), 0);
	assert_null(comment_summary(d, &r));
	error_clear(&e);
	assert_false(comment_resolve(d, &r, 1, &e));
	assert_true(e.set);
	assert_null(comment_merge(NULL, NULL, NULL));
	document_free(&d);
}

static void
test_add_resolve(void **state)
{
	struct document *d = document_new(formset_get(fs, "juten"));
	struct item_ref r = ref_of(d, "I-2-システム1-①"), r2;
	const struct node *t;
	struct comment c;
	struct error e;
	size_t open;
	char *s;

	(void)state;
	comment_add(d, &r, "第三者点検委員会", "令和6年5月24日", "名称は正式名称で");
	comment_add(d, &r, "情報政策課", "令和6年5月25日", "直した\n確認を");
	/* kept under the canonical path */
	t = node_get(node_get(d->root, COMMENT_KEY), "I-2-システム1-①");
	assert_non_null(t);
	assert_ptr_equal(comment_thread(d, &r), t);
	assert_true(comment_read(t, 1, &c));
	assert_string_equal(c.author, "情報政策課");
	assert_string_equal(c.date, "令和6年5月25日");
	assert_string_equal(c.text, "直した\n確認を");
	assert_false(c.resolved);
	assert_false(comment_read(t, 2, &c));
	assert_int_equal(comment_count(d, &open), 2);
	assert_int_equal(open, 2);
	s = comment_summary(d, &r);
	assert_non_null(strstr(s, "名称は正式名称で"));
	assert_non_null(strstr(s, " / "));
	free(s);
	/* resolve: 1-based, as listed */
	error_clear(&e);
	assert_false(comment_resolve(d, &r, 0, &e));
	error_clear(&e);
	assert_false(comment_resolve(d, &r, 3, &e));
	error_clear(&e);
	assert_true(comment_resolve(d, &r, 1, &e));
	assert_true(comment_read(t, 0, &c));
	assert_true(c.resolved);
	assert_int_equal(comment_count(d, &open), 2);
	assert_int_equal(open, 1);
	s = comment_summary(d, &r);
	assert_null(strstr(s, "名称は正式名称で"));
	assert_non_null(strstr(s, "1 resolved"));
	free(s);
	/* another item has its own thread */
	r2 = ref_of(d, "I-2-システム2-①");
	assert_null(comment_thread(d, &r2));
	document_free(&d);
}

static void
test_hand_written(void **state)
{
	struct document *d = document_new(formset_get(fs, "juten"));
	struct item_ref r = ref_of(d, "I-1-①");
	struct node *m = node_map(), *th = node_seq(), *c = node_map();

	(void)state;
	/* a key written with ASCII digits, a thread with an entry that is not a mapping */
	node_set(c, "author", node_scalar_str("a"));
	node_set(c, "text", node_scalar_str("t"));
	node_push(th, c);
	node_push(th, node_scalar_str("stray"));
	node_set(m, "I-1-1", th);
	node_set(d->root, COMMENT_KEY, m);
	assert_ptr_equal(comment_thread(d, &r), th);
	assert_int_equal(comment_count(d, NULL), 1);
	comment_add(d, &r, "b", "令和6年5月24日", "u");
	assert_int_equal(th->nitems, 3);
	assert_null(node_get(m, "I-1-①")); /* the thread as written is extended */
	/* comments: that is not a mapping is kept and never overwritten */
	node_set(d->root, COMMENT_KEY, node_scalar_str("free text"));
	comment_add(d, &r, "b", "令和6年5月24日", "u");
	assert_true(node_is(node_get(d->root, COMMENT_KEY), "free text"));
	assert_null(comment_thread(d, &r));
	document_free(&d);
}

static void
test_merge_threads(void **state)
{
	struct document *b = document_new(formset_get(fs, "juten")), *o, *t;
	struct item_ref r = ref_of(b, "I-1-①"), r2 = ref_of(b, "I-6-①");
	struct node *m;
	struct comment c;
	struct error e;

	(void)state;
	comment_add(b, &r, "A", "令和6年5月24日", "one");
	comment_add(b, &r, "A", "令和6年5月24日", "two");
	o = document_new(b->form);
	node_set(o->root, COMMENT_KEY, node_clone(node_get(b->root, COMMENT_KEY)));
	t = document_new(b->form);
	node_set(t->root, COMMENT_KEY, node_clone(node_get(b->root, COMMENT_KEY)));
	/* ours removes "two" and adds one; theirs resolves "one", adds one elsewhere and the
	 * same as ours */
	node_remove(node_get(node_get(o->root, COMMENT_KEY), "I-1-①"), 1);
	comment_add(o, &r, "B", "令和6年5月25日", "three");
	error_clear(&e);
	assert_true(comment_resolve(t, &r, 1, &e));
	comment_add(t, &r2, "C", "令和6年5月26日", "four");
	comment_add(t, &r, "B", "令和6年5月25日", "three");
	m = comment_merge(node_get(b->root, COMMENT_KEY), node_get(o->root, COMMENT_KEY),
	    node_get(t->root, COMMENT_KEY));
	assert_non_null(m);
	assert_int_equal(m->npairs, 2);
	assert_int_equal(node_get(m, "I-1-①")->nitems, 2);
	assert_true(comment_read(node_get(m, "I-1-①"), 0, &c));
	assert_string_equal(c.text, "one");
	assert_true(c.resolved);
	assert_true(comment_read(node_get(m, "I-1-①"), 1, &c));
	assert_string_equal(c.text, "three");
	assert_true(comment_read(node_get(m, "I-6-①"), 0, &c));
	assert_string_equal(c.text, "four");
	node_free(&m);
	document_free(&b);
	document_free(&o);
	document_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_add_resolve),
		cmocka_unit_test(test_hand_written),
		cmocka_unit_test(test_merge_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
