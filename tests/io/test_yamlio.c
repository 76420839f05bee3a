/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of YAML reading limits and of the writer's scalar styles. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/strbuf.h"
#include "piaform/yamlio.h"

static struct node *
parse(const char *text, struct error *e)
{
	error_clear(e);
	return yamlio_parse(text, strlen(text), "t.yaml", e);
}

static void
expect_error(const char *text, int line, int col, const char *needle)
{
	struct error e;
	struct node *n = parse(text, &e);

	assert_null(n);
	assert_true(e.set);
	if (strstr(e.message, needle) == NULL)
		fail_msg("\"%s\" not in \"%s\"", needle, e.message);
	if (line > 0) {
		assert_int_equal(e.line, line);
		assert_int_equal(e.column, col);
	}
	assert_string_equal(e.file, "t.yaml");
}

static void
test_empty_inputs(void **state)
{
	expect_error("", 1, 1, "empty");
	expect_error("# only a comment\n", 1, 1, "empty");
}

static void
test_basic_tree(void **state)
{
	struct error e;
	struct node *n = parse("a: 1\nb:\n  - x\n  - 令和6年5月24日\nc: |\n  line1\n  line2\n", &e);

	assert_non_null(n);
	assert_int_equal(n->type, NODE_MAP);
	assert_true(node_is(node_get(n, "a"), "1"));
	assert_int_equal(node_get(n, "b")->nitems, 2);
	assert_true(node_is(node_get(n, "b")->items[1], "令和6年5月24日"));
	assert_true(node_is(node_get(n, "c"), "line1\nline2\n"));
	assert_int_equal(node_get(n, "b")->items[1]->line, 4);
	node_free(&n);
}

static void
test_hostile(void **state)
{
	struct strbuf deep = STRBUF_INIT;
	int i;

	expect_error("a: &x 1\nb: *x\n", 1, 4, "anchors");
	expect_error("a: 1\nb: *x\n", 0, 0, "");
	expect_error("a: !!python/object:os.system x\n", 1, 4, "tags");
	expect_error("a: 1\n---\nb: 2\n", 2, 1, "one YAML document");
	expect_error("a: 1\na: 2\n", 2, 1, "duplicate key \"a\" (first at line 1)");
	expect_error("? [a]\n: 1\n", 1, 3, "key must be plain text");
	expect_error("a: \"\xff\"\n", 1, 5, "UTF-8");
	expect_error("a:\n\t- b\n", 0, 0, "");
	for (i = 0; i < 100; i++)
		strbuf_addc(&deep, '[');
	expect_error(deep.s, 1, 33, "nested deeper");
	strbuf_free(&deep);
}

static char *
emit(struct node *n)
{
	struct strbuf out = STRBUF_INIT;
	struct error e;

	error_clear(&e);
	assert_true(yamlio_emit(n, NULL, &out, &e));
	return strbuf_detach(&out);
}

static void
test_emit_styles(void **state)
{
	struct node *m = node_map(), *back;
	struct error e;
	char *text;

	node_set(m, "name", node_scalar_str("国民年金事務"));
	node_set(m, "count", node_scalar_str("12"));
	node_set(m, "zero", node_scalar_str("0123"));
	node_set(m, "bool", node_scalar_str("no"));
	node_set(m, "choice", node_scalar_str("1,000人未満"));
	node_set(m, "colon", node_scalar_str("a: b"));
	node_set(m, "multi", node_scalar_str("一行目\n二行目\n"));
	node_set(m, "empty", node_seq());
	text = emit(m);
	assert_non_null(strstr(text, "name: 国民年金事務\n"));
	assert_non_null(strstr(text, "count: 12\n"));
	assert_non_null(strstr(text, "zero: '0123'\n"));
	assert_non_null(strstr(text, "bool: 'no'\n"));
	assert_non_null(strstr(text, "choice: '1,000人未満'\n"));
	assert_non_null(strstr(text, "multi: |\n  一行目\n  二行目\n"));
	back = parse(text, &e);
	assert_non_null(back);
	assert_true(node_equal(m, back));
	node_free(&back);
	free(text);
	node_free(&m);
}

static void
test_emit_refuses_bad_utf8(void **state)
{
	struct node *m = node_map();
	struct strbuf out = STRBUF_INIT;
	struct error e;

	node_set(m, "x", node_scalar("\xff\xfe", 2));
	error_clear(&e);
	assert_false(yamlio_emit(m, NULL, &out, &e));
	assert_true(e.set);
	strbuf_free(&out);
	node_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_basic_tree),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_emit_styles),
		cmocka_unit_test(test_emit_refuses_bad_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
