/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of plain line mode through memory streams: empty input, a missing form, check lists
 * typed on one line, a refused date asked again, a text of several lines ended by a command,
 * and hostile text in a document that must never reach the output as a control character. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "piaform/answer.h"
#include "piaform/docfile.h"
#include "piaform/plain.h"
#include "piaform/xmalloc.h"

static struct form_source src;
static struct formset *fs;
static char dir[] = "/tmp/piaform-plain-XXXXXX";
static char *out_text;

static int
setup(void **state)
{
	struct error e;

	(void)state;
	src.files = builtin_form_files;
	src.nfiles = builtin_form_nfiles;
	error_clear(&e);
	fs = formset_load(&src, &e);
	return fs != NULL && mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	free(out_text);
	formset_free(&fs);
	return 0;
}

static char *
doc_path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* Run plain mode on file with input; the output is kept in out_text. */
static int
run(const char *file, const char *form_id, const char *go_to, const char *input)
{
	struct editor_options o = { file, form_id, go_to, 1, &src, NULL };
	FILE *in = tmpfile(), *out;
	size_t outlen = 0;
	int status;

	assert_non_null(in);
	fputs(input, in);
	rewind(in);
	free(out_text);
	out_text = NULL;
	out = open_memstream(&out_text, &outlen);
	assert_non_null(out);
	status = plain_run(&o, in, out);
	fclose(out);
	fclose(in);
	return status;
}

/* The answer at path in the saved file, as text ("" when unanswered). */
static char *
saved_answer(const char *file, const char *path)
{
	struct document *d;
	struct item_ref r;
	struct error e;
	char *t;

	error_clear(&e);
	d = docfile_load(fs, file, &e);
	if (d == NULL)
		fail_msg("%s", e.message);
	if (!path_parse(d->form, path, &r, &e))
		fail_msg("%s", e.message);
	t = answer_text(r.item, document_get(d, &r));
	document_free(&d);
	return t;
}

static void
assert_answer(const char *file, const char *path, const char *want)
{
	char *t = saved_answer(file, path);

	assert_string_equal(t, want);
	free(t);
}

static void
test_empty_input(void **state)
{
	char *f = doc_path("empty.yaml"), *g = doc_path("missing.yaml");
	struct stat st1, st2;

	(void)state;
	/* a new document and nothing typed: saved as an empty document */
	assert_int_equal(run(f, "juten", NULL, ""), 0);
	assert_int_equal(stat(f, &st1), 0);
	assert_answer(f, "I-1-①", "");
	/* an existing one and nothing typed: not saved again (a save is a new inode) */
	assert_int_equal(run(f, NULL, NULL, ""), 0);
	assert_int_equal(stat(f, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	/* a new file in a pipe needs --form; an unknown form is refused */
	assert_int_equal(run(g, NULL, NULL, "1\n"), 2);
	assert_int_not_equal(access(g, F_OK), 0);
	assert_int_equal(run(g, "nosuchform", NULL, ""), 2);
	assert_int_not_equal(access(g, F_OK), 0);
	free(f);
	free(g);
}

static void
test_check_lists(void **state)
{
	char *f = doc_path("checks.yaml");

	(void)state;
	/* Enter on the add question adds システム1 (one is needed); then numbers with a ( )
	 * text holding a space */
	assert_int_equal(
	    run(f, "juten", NULL, ":goto I-2\n\nA\nB\n.\n2 7:中間 サーバー\n:quit\n"), 0);
	assert_answer(f, "I-2-システム1-③", "庁内連携システム\nその他 (中間 サーバー)");
	/* the option text with its ( ) part, and an ideographic space between numbers */
	assert_int_equal(run(f, NULL, NULL, ":goto I-2-システム1-③\nその他 (X)\n:quit\n"), 0);
	assert_answer(f, "I-2-システム1-③", "その他 (X)");
	assert_int_equal(run(f, NULL, NULL, ":goto I-2-システム1-③\n1\u30003\n:quit\n"), 0);
	assert_answer(
	    f, "I-2-システム1-③", "情報提供ネットワークシステム\n住民基本台帳ネットワークシステム");
	/* a number out of range is refused, and asked again */
	assert_int_equal(run(f, NULL, NULL, ":goto I-2-システム1-③\n1 99\n4\n:quit\n"), 0);
	assert_non_null(strstr(out_text, "Refused:"));
	assert_answer(f, "I-2-システム1-③", "既存住民基本台帳システム");
	free(f);
}

static void
test_refused_date_and_lines(void **state)
{
	char *f = doc_path("date.yaml");

	(void)state;
	assert_int_equal(run(f, "juten", "表紙-公表日",
			     "2024-13-40\nR6.5.24\n:goto I-1-②\n一行目\n\\.\n:save\n"),
	    0);
	assert_non_null(strstr(out_text, "Refused:"));
	assert_answer(f, "表紙-公表日", "令和6年5月24日");
	/* a command ends a text of several lines; "\." is a line holding a dot */
	assert_answer(f, "I-1-②", "一行目\n.");
	assert_non_null(strstr(out_text, "Saved "));
	free(f);
}

static void
test_no_escape(void **state)
{
	char *f = doc_path("hostile.yaml");
	struct document *d;
	struct item_ref r;
	struct error e;

	(void)state;
	error_clear(&e);
	d = document_new(formset_get(fs, "juten"));
	assert_true(path_parse(d->form, "I-1-①", &r, &e));
	document_set(d, &r, node_scalar_str("x\033]0;owned\007y\xe2\x80\xaez\r"));
	assert_true(path_parse(d->form, "I-1-③", &r, &e));
	document_set(d, &r, node_scalar_str("\033[31m"));
	assert_true(docfile_save(d, f, &e));
	document_free(&d);
	assert_int_equal(run(f, NULL, "I-1-①", "\n\n\033[2J\n:quit!\n"), 0);
	assert_null(strchr(out_text, '\033'));
	assert_null(strchr(out_text, '\007'));
	assert_null(strchr(out_text, '\r'));
	assert_non_null(strstr(out_text, "x^[]0;owned^Gy<U+202E>z^M"));
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_check_lists),
		cmocka_unit_test(test_refused_date_and_lines),
		cmocka_unit_test(test_no_escape),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
