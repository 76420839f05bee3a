/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the value tree. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/node.h"

static void
test_null_and_empty(void **state)
{
	struct node *n = NULL;

	node_free(&n);
	assert_null(node_get(NULL, "x"));
	assert_int_equal(node_find(NULL, "x"), -1);
	assert_false(node_is(NULL, ""));
	assert_null(node_clone(NULL));
	assert_true(node_equal(NULL, NULL));
	n = node_scalar("", 0);
	assert_true(node_is(n, ""));
	assert_null(node_get(n, "x"));
	node_free(&n);
	assert_null(n);
}

static void
test_map_order_and_replace(void **state)
{
	struct node *m = node_map(), *c;

	node_set(m, "b", node_scalar_str("2"));
	node_set(m, "a", node_scalar_str("1"));
	node_set(m, "b", node_scalar_str("二"));
	assert_int_equal(m->npairs, 2);
	assert_string_equal(m->pairs[0].key, "b");
	assert_true(node_is(node_get(m, "b"), "二"));
	node_insert_pair(m, 0, "z", node_seq());
	assert_string_equal(m->pairs[0].key, "z");
	c = node_clone(m);
	assert_true(node_equal(m, c));
	assert_true(node_del(c, "a"));
	assert_false(node_del(c, "a"));
	assert_false(node_equal(m, c));
	node_free(&c);
	node_free(&m);
}

static void
test_seq_ops(void **state)
{
	struct node *s = node_seq(), *t;

	node_push(s, node_scalar_str("1"));
	node_push(s, node_scalar_str("3"));
	node_insert(s, 1, node_scalar_str("2"));
	node_insert(s, 99, node_scalar_str("4"));
	assert_int_equal(s->nitems, 4);
	assert_true(node_is(s->items[1], "2"));
	t = node_take(s, 0);
	assert_true(node_is(t, "1"));
	node_free(&t);
	assert_null(node_take(s, 10));
	node_remove(s, 0);
	assert_true(node_is(s->items[0], "3"));
	node_free(&s);
}

static void
test_scalar_with_nul(void **state)
{
	struct node *a = node_scalar("a\0b", 3), *b = node_scalar("a\0c", 3);

	assert_int_equal(a->len, 3);
	assert_false(node_equal(a, b));
	assert_false(node_is(a, "a"));
	node_free(&a);
	node_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_map_order_and_replace),
		cmocka_unit_test(test_seq_ops),
		cmocka_unit_test(test_scalar_with_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
