/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of documents on disk: save, load and save again give the same bytes; a save keeps
 * the file's mode, goes through a symlink to its target, and when it cannot finish leaves
 * the original exactly as it was (checked as root too, with tricks root cannot override). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "piaform/answer.h"
#include "piaform/docfile.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

static struct formset *fs;
static const struct form *juten;
static char dir[256];

static void
remove_tree(const char *path)
{
	struct stat st;
	DIR *dp;
	struct dirent *de;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		dp = opendir(path);
		while (dp != NULL && (de = readdir(dp)) != NULL) {
			char *sub;
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, de->d_name);
			remove_tree(sub);
			free(sub);
		}
		if (dp != NULL)
			closedir(dp);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int
setup(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct error e;
	const char *tmp = getenv("TMPDIR");

	(void)state;
	error_clear(&e);
	fs = formset_load(&src, &e);
	if (fs == NULL)
		return -1;
	juten = formset_get(fs, "juten");
	snprintf(dir, sizeof dir, "%s/test_docfile.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	remove_tree(dir);
	formset_free(&fs);
	return 0;
}

static char *
in_dir(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static char *
slurp(const char *path, size_t *len)
{
	struct error e;
	char *s;

	error_clear(&e);
	s = yamlio_read_file(path, 1 << 26, len, &e);
	if (s == NULL)
		fail_msg("%s", e.message);
	return s;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Number of entries in a directory (temporary files left behind show up here). */
static int
entries(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *de;
	int n = 0;

	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(dp);
	return n;
}

static void
put(struct document *d, const char *path, const char *typed)
{
	struct item_ref r;
	struct error e;
	struct node *v;

	error_clear(&e);
	if (!path_parse(d->form, path, &r, &e))
		fail_msg("%s: %s", path, e.message);
	if (r.instance) {
		document_set(d, &r, node_scalar_str(typed));
		return;
	}
	v = answer_parse(r.item, typed, strlen(typed), &e);
	if (v == NULL)
		fail_msg("%s: %s", path, e.message);
	document_set(d, &r, v);
}

/* A document with every kind of answer and the awkward strings. */
static struct document *
rich_document(void)
{
	struct document *d = document_new(juten);

	put(d, "表紙-評価書番号", "8");
	put(d, "表紙-評価書名", "no");
	put(d, "表紙-公表日", "R6.5.24");
	put(d, "表紙-特記事項", "一行目\n  字下げ\n\n最後: 'quote' \"dq\" # not a comment");
	put(d, "I-1-①", "𠮷野家事務");
	put(d, "I-1-③", "1");
	put(d, "I-2-システム1-①", "- 先頭がダッシュ");
	put(d, "I-2-システム1-③", "2\n7: 中間サーバー");
	put(d, "II-4-委託の有無", "委託する");
	put(d, "II-4-件数", "１");
	put(d, "II-4-委託事項1", "保守運用業務");
	put(d, "II-4-委託事項1-④", "再委託しない");
	put(d, "II[2]-2-⑤", "平成28年1月");
	put(d, "III-4-委託しない", "false");
	put(d, "III-7-①", "—");
	put(d, "II-3-②", "");
	return d;
}

static void
test_null_and_empty(void **state)
{
	struct error e;
	char *p = in_dir("missing.yaml");
	struct document *d;
	struct strbuf b = STRBUF_INIT;

	(void)state;
	error_clear(&e);
	assert_null(docfile_load(fs, p, &e));
	assert_non_null(strstr(e.message, "cannot open"));
	assert_string_equal(e.file, p);
	/* an empty document renders to its header */
	d = document_new(juten);
	error_clear(&e);
	assert_true(docfile_render(d, &b, &e));
	assert_string_equal(b.s,
	    "# 特定個人情報保護評価書(重点項目評価書) [平成30年5月 様式3] (piaform)\n"
	    "piaform: 1\n"
	    "form: juten\n"
	    "revision: 平成30年5月 様式3\n"
	    "answers: {}\n");
	strbuf_free(&b);
	/* an empty file and a comment-only file are refused */
	write_file(p, "");
	error_clear(&e);
	assert_null(docfile_load(fs, p, &e));
	assert_non_null(strstr(e.message, "the file is empty"));
	document_free(&d);
	unlink(p);
	free(p);
}

static void
test_roundtrip_bytes(void **state)
{
	struct document *d = rich_document(), *back;
	char *p = in_dir("rich.yaml"), *one, *two;
	size_t n1, n2;
	struct error e;

	(void)state;
	error_clear(&e);
	if (!docfile_save(d, p, &e))
		fail_msg("%s", e.message);
	one = slurp(p, &n1);
	back = docfile_load(fs, p, &e);
	if (back == NULL)
		fail_msg("%s", e.message);
	assert_true(docfile_save(back, p, &e));
	two = slurp(p, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(one, two, n1);
	/* and the content survived */
	{
		struct node *a = document_serialize(d), *b = document_serialize(back);
		assert_true(node_equal(a, b));
		node_free(&a);
		node_free(&b);
	}
	/* the awkward strings are quoted or escaped, never plain */
	assert_non_null(strstr(one, "title: 'no'\n"));
	assert_non_null(strstr(one, "\\U00020BB7"));
	assert_non_null(strstr(one, "remarks: |-\n"));
	assert_non_null(strstr(one, "'- 先頭がダッシュ'"));
	assert_non_null(strstr(one, "- その他: 中間サーバー\n"));
	assert_non_null(strstr(one, "kaishi: 平成28年1月\n"));
	assert_null(strchr(one, '\r'));
	free(one);
	free(two);
	document_free(&back);
	document_free(&d);
	unlink(p);
	free(p);
}

static void
test_mode_kept(void **state)
{
	struct document *d = rich_document();
	char *p = in_dir("mode.yaml");
	struct stat st;
	struct error e;
	mode_t old;

	(void)state;
	write_file(p, "old\n");
	assert_int_equal(chmod(p, 0640), 0);
	error_clear(&e);
	assert_true(docfile_save(d, p, &e));
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(chmod(p, 0600), 0);
	assert_true(docfile_save(d, p, &e));
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	unlink(p);
	/* a new file follows the umask */
	old = umask(027);
	assert_true(docfile_save(d, p, &e));
	umask(old);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* no temporary file is left beside it */
	assert_int_equal(entries(dir), 1);
	unlink(p);
	document_free(&d);
	free(p);
}

static void
test_symlink(void **state)
{
	struct document *d = rich_document();
	char *real = in_dir("real.yaml"), *link = in_dir("link.yaml"), *s;
	char target[512];
	struct stat st;
	struct error e;
	ssize_t n;
	size_t len;

	(void)state;
	write_file(real, "old\n");
	assert_int_equal(symlink("real.yaml", link), 0);
	error_clear(&e);
	assert_true(docfile_save(d, link, &e));
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	n = readlink(link, target, sizeof target - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "real.yaml");
	s = slurp(real, &len);
	assert_non_null(strstr(s, "form: juten\n"));
	free(s);
	assert_int_equal(entries(dir), 2);
	unlink(link);
	unlink(real);
	free(real);
	free(link);
	document_free(&d);
}

/* After a failed save: the message says so, the original is byte-for-byte as it was, and no
 * temporary file is left in dir_path. */
static void
failed_save_left_alone(
    struct document *d, const char *path, const char *dir_path, const char *orig, int nentries)
{
	struct error e;
	char *s;
	size_t len;

	error_clear(&e);
	assert_false(docfile_save(d, path, &e));
	if (strstr(e.message, "cannot save") == NULL ||
	    strstr(e.message, "the file on disk is unchanged") == NULL)
		fail_msg("message: %s", e.message);
	assert_string_equal(e.file, path);
	if (orig != NULL) {
		s = slurp(path, &len);
		assert_string_equal(s, orig);
		free(s);
	}
	assert_int_equal(entries(dir_path), nentries);
}

static void
test_failed_saves(void **state)
{
	struct document *d = rich_document();
	char *sub = in_dir("ro"), *p = in_dir("ro/doc.yaml"), *isdir = in_dir("isdir.yaml");
	char *inner = in_dir("isdir.yaml/keep"), *notdir = in_dir("plain"),
	     *under = in_dir("plain/doc.yaml"), *big = in_dir("big.yaml");
	struct rlimit old, small;
	void (*oldsig)(int);

	(void)state;
	/* a read-only directory (permissions do not bind root: skipped there) */
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(p, "original\n");
	assert_int_equal(chmod(sub, 0500), 0);
	if (geteuid() != 0)
		failed_save_left_alone(d, p, sub, "original\n", 1);
	assert_int_equal(chmod(sub, 0700), 0);

	/* the document's name is taken by a directory: rename fails, as root too */
	assert_int_equal(mkdir(isdir, 0700), 0);
	write_file(inner, "keep\n");
	failed_save_left_alone(d, isdir, dir, NULL, 2);
	assert_int_equal(entries(isdir), 1);

	/* the directory is a file: nothing can be created in it */
	write_file(notdir, "x\n");
	failed_save_left_alone(d, under, dir, NULL, 3);

	/* the disk fills up half way through (a file size limit, which binds root too) */
	write_file(big, "original\n");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 64;
	oldsig = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	failed_save_left_alone(d, big, dir, "original\n", 4);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, oldsig);

	document_free(&d);
	free(sub);
	free(p);
	free(isdir);
	free(inner);
	free(notdir);
	free(under);
	free(big);
}

static void
test_render_refuses_bad_utf8(void **state)
{
	struct document *d = document_new(juten);
	char *p = in_dir("utf8.yaml"), *s;
	struct strbuf b = STRBUF_INIT;
	struct item_ref r;
	struct error e;
	size_t len;

	(void)state;
	error_clear(&e);
	assert_true(path_parse(juten, "I-1-①", &r, &e));
	document_set(d, &r, node_scalar("ab\xff", 3));
	assert_false(docfile_render(d, &b, &e));
	assert_non_null(strstr(e.message, "not valid UTF-8"));
	strbuf_free(&b);
	/* saving it leaves the file as it was */
	write_file(p, "original\n");
	error_clear(&e);
	assert_false(docfile_save(d, p, &e));
	s = slurp(p, &len);
	assert_string_equal(s, "original\n");
	free(s);
	/* the same in an unknown key */
	document_set(d, &r, NULL);
	node_set(d->answers, "bad\xc3", node_scalar_str("x"));
	error_clear(&e);
	assert_false(docfile_render(d, &b, &e));
	assert_true(e.set);
	strbuf_free(&b);
	unlink(p);
	free(p);
	document_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_roundtrip_bytes),
		cmocka_unit_test(test_mode_kept),
		cmocka_unit_test(test_symlink),
		cmocka_unit_test(test_failed_saves),
		cmocka_unit_test(test_render_refuses_bad_utf8),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
