/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the util layer: allocation, strings, arena, errors. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/arena.h"
#include "piaform/error.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"

static void
test_xmalloc_zero_and_dup(void **state)
{
	char *p = xmalloc(0), *q;

	assert_non_null(p);
	free(p);
	q = xstrndup("令和6年", 3);
	assert_string_equal(q, "令");
	free(q);
	q = xstrdup("");
	assert_string_equal(q, "");
	free(q);
	q = xasprintf("%s-%d", "I", 1);
	assert_string_equal(q, "I-1");
	free(q);
}

static void
test_xreallocarray_overflow_aborts(void **state)
{
	/* fatal() aborts; cmocka cannot catch abort portably, so only check the sane case */
	int *v = xreallocarray(NULL, 4, sizeof *v);
	v[3] = 7;
	assert_int_equal(v[3], 7);
	free(v);
}

static void
test_strbuf_empty_and_grow(void **state)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;
	char *s;

	assert_string_equal(strbuf_str(&b), "");
	for (i = 0; i < 1000; i++)
		strbuf_adds(&b, "あ");
	assert_int_equal(b.len, 3000);
	strbuf_reset(&b);
	strbuf_addf(&b, "%d件", 3);
	strbuf_addc(&b, '\0');
	assert_int_equal(b.len, strlen("3件") + 1);
	s = strbuf_detach(&b);
	assert_string_equal(s, "3件");
	assert_null(b.s);
	free(s);
	s = strbuf_detach(&b);
	assert_string_equal(s, "");
	free(s);
	strbuf_free(&b);
}

static void
test_arena(void **state)
{
	struct arena *a = NULL;
	char *big;
	size_t i;

	arena_free(&a); /* NULL is fine */
	a = arena_new();
	assert_null(arena_strdup(a, NULL));
	for (i = 0; i < 10000; i++) {
		int *x = arena_alloc(a, sizeof *x);
		assert_int_equal(*x, 0);
		assert_int_equal((uintptr_t)x % _Alignof(max_align_t), 0);
		*x = (int)i;
	}
	big = arena_alloc(a, 200000);
	big[199999] = 1;
	assert_string_equal(arena_strndup(a, "特定個人情報", 6), "特定");
	arena_free(&a);
	assert_null(a);
}

static void
test_error(void **state)
{
	struct error e;
	char buf[600];

	error_clear(NULL);
	error_clear(&e);
	assert_false(e.set);
	assert_string_equal(error_format(&e, buf, sizeof buf), "no error");
	error_at(&e, "forms/juten.yaml", 12, 5, "unknown key \"%s\"", "lable");
	error_at(&e, "other", 1, 1, "second error is ignored");
	assert_string_equal(
	    error_format(&e, buf, sizeof buf), "forms/juten.yaml:12:5: unknown key \"lable\"");
	error_clear(&e);
	error_item(&e, "II-4-委託事項2-⑥", "not applicable");
	assert_string_equal(error_format(&e, buf, sizeof buf), "II-4-委託事項2-⑥: not applicable");
	error_clear(&e);
	error_at(&e, "a.yaml", 0, 0, "cannot open");
	assert_string_equal(error_format(&e, buf, sizeof buf), "a.yaml: cannot open");
	error_at(NULL, "x", 1, 1, "no crash");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xmalloc_zero_and_dup),
		cmocka_unit_test(test_xreallocarray_overflow_aborts),
		cmocka_unit_test(test_strbuf_empty_and_grow),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
