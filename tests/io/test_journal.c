/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the journal: the record format (CRC, escaping), replay of set, instance and field
 * delta records onto the document as it was, a torn or damaged record ending the replay, a
 * save that finished just before a crash, a document changed behind the journal's back, and
 * telling a live holder from a dead one. */
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "piaform/docfile.h"
#include "piaform/journal.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

static struct formset *fs;
static const struct form *juten;
static char dir[256];
static int serial;

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
	char *xdg;

	(void)state;
	error_clear(&e);
	fs = formset_load(&src, &e);
	if (fs == NULL)
		return -1;
	juten = formset_get(fs, "juten");
	snprintf(dir, sizeof dir, "%s/test_journal.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	/* never touch the real state directory */
	xdg = xasprintf("%s/state", dir);
	setenv("XDG_STATE_HOME", xdg, 1);
	free(xdg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	remove_tree(dir);
	formset_free(&fs);
	return 0;
}

/* A fresh document file in the test directory, saved empty; its path. */
static char *
new_doc(void)
{
	char *path = xasprintf("%s/doc%d.yaml", dir, ++serial);
	struct document *d = document_new(juten);
	struct error e;

	error_clear(&e);
	if (!docfile_save(d, path, &e))
		fail_msg("%s", e.message);
	document_free(&d);
	return path;
}

static struct document *
load(const char *path)
{
	struct error e;
	struct document *d;

	error_clear(&e);
	d = docfile_load(fs, path, &e);
	if (d == NULL)
		fail_msg("%s: %s", path, e.message);
	return d;
}

static struct item_ref
ref(const struct document *d, const char *path)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	if (!path_parse(d->form, path, &r, &e))
		fail_msg("%s: %s", path, e.message);
	return r;
}

static struct journal_stamp
stamp(const char *path)
{
	struct journal_stamp st;
	struct error e;

	error_clear(&e);
	assert_true(journal_stamp_file(path, &st, true, &e));
	return st;
}

static struct journal *
start(const char *path, const struct document *d)
{
	struct journal_stamp st = stamp(path);
	struct journal *j;
	struct error e;

	error_clear(&e);
	j = journal_open(path, d, &st, NULL, NULL, &e);
	if (j == NULL)
		fail_msg("%s", e.message);
	return j;
}

/* Replay the journal of path onto the file as it is now; the result. */
static struct document *
replay(const char *path, struct journal_replay *rp)
{
	struct journal_stamp st = stamp(path);
	struct document *d = load(path);
	char *jp = journal_path_for(path, false);
	struct error e;

	error_clear(&e);
	if (!journal_replay(jp, d, &st, rp, &e))
		fail_msg("%s", e.message);
	free(jp);
	return d;
}

static void
append_raw(const char *path, const char *bytes)
{
	char *jp = journal_path_for(path, false);
	FILE *f = fopen(jp, "ab");

	assert_non_null(f);
	fputs(bytes, f);
	fclose(f);
	free(jp);
}

static const char *
text_of(const struct document *d, const char *path)
{
	struct item_ref r = ref(d, path);
	const struct node *v = document_get(d, &r);

	return v != NULL && v->type == NODE_SCALAR ? v->str : NULL;
}

/* Journal a change and make it, as the editor does (the document takes the value). */
static void
set_both(struct journal *j, struct document *d, const struct item_ref *r, struct node *v)
{
	assert_true(journal_set(j, r, v));
	document_set(d, r, v);
}

/* --- the format --- */

static void
test_null_and_empty(void **state)
{
	struct journal *j = NULL;
	struct strbuf store = STRBUF_INIT;
	size_t off[JOURNAL_MAX_FIELDS], lens[JOURNAL_MAX_FIELDS], n;
	struct journal_probe p;
	struct error e;
	char type;

	(void)state;
	journal_close(&j, true);
	journal_close(NULL, false);
	assert_false(journal_set(NULL, NULL, NULL));
	assert_false(journal_instance(NULL, NULL, "add", 0, 0));
	assert_false(journal_delta(NULL, NULL, "", 0, "", 0));
	assert_false(journal_saving(NULL, 0, 0));
	assert_false(journal_saved(NULL, NULL));
	assert_false(journal_lost(NULL));
	assert_false(journal_meta(NULL, "imported", NULL));
	assert_false(journal_snapshot(NULL, NULL));
	assert_false(journal_sync(NULL));
	journal_tick(NULL);
	assert_null(journal_failure(NULL));
	assert_null(journal_file(NULL));
	assert_int_equal(journal_crc32(0, "", 0), 0);
	assert_false(journal_decode("", 0, &type, &n, &store, off, lens));
	assert_false(journal_decode("00000000\t", 9, &type, &n, &store, off, lens));
	/* no document, no journal */
	error_clear(&e);
	{
		char *nowhere = xasprintf("%s/none.yaml", dir);
		assert_true(journal_find(nowhere, &p, &e));
		assert_int_equal(p.holder, JOURNAL_ABSENT);
		assert_null(p.path);
		journal_probe_clear(&p);
		free(nowhere);
	}
	journal_probe_clear(&p);
	strbuf_free(&store);
}

static void
test_crc32(void **state)
{
	(void)state;
	/* the check value of CRC-32/ISO-HDLC */
	assert_int_equal(journal_crc32(0, "123456789", 9), 0xCBF43926u);
	/* continuing over pieces gives the same */
	assert_int_equal(journal_crc32(journal_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
}

static void
test_encode_decode(void **state)
{
	static const char weird[] = "国民\t年金\n二行目\r\\末尾\0NUL";
	const char *f[3] = { "I-1-②", weird, "" };
	size_t lens[3] = { strlen(f[0]), sizeof weird - 1, 0 };
	size_t off[JOURNAL_MAX_FIELDS], got[JOURNAL_MAX_FIELDS], n, i;
	struct strbuf line = STRBUF_INIT, store = STRBUF_INIT;
	char type;

	(void)state;
	journal_encode(&line, 'D', 3, f, lens);
	/* one line: the escaped fields hold no raw tab, newline or carriage return */
	assert_non_null(memchr(line.s, '\n', line.len));
	assert_true(memchr(line.s, '\n', line.len) == line.s + line.len - 1);
	assert_null(memchr(line.s, '\r', line.len));
	assert_null(memchr(line.s, '\0', line.len));
	assert_true(journal_decode(line.s, line.len - 1, &type, &n, &store, off, got));
	assert_int_equal(type, 'D');
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(got[i], lens[i]);
		assert_memory_equal(store.s + off[i], f[i], lens[i]);
	}
	/* any changed byte is noticed */
	for (i = 0; i < line.len - 1; i++) {
		char *copy = xstrndup(line.s, line.len - 1);
		copy[i] ^= 0x01;
		assert_false(journal_decode(copy, line.len - 1, &type, &n, &store, off, got));
		free(copy);
	}
	/* a line cut short (a torn write) is refused */
	assert_false(journal_decode(line.s, line.len - 3, &type, &n, &store, off, got));
	/* a valid CRC over a bad escape is refused too */
	{
		struct strbuf bad = STRBUF_INIT;
		const char *body = "S\tpath\tbad\\q";
		strbuf_addf(&bad, "%08x\t%s", (unsigned)journal_crc32(0, body, strlen(body)), body);
		assert_false(journal_decode(bad.s, bad.len, &type, &n, &store, off, got));
		strbuf_free(&bad);
	}
	strbuf_free(&line);
	strbuf_free(&store);
}

/* Every item of every form names itself in a way that reads back (records carry paths). */
static void
check_paths(const struct form *f, const struct form_item *it, struct item_ref *r)
{
	struct item_ref back;
	struct error e;
	char path[1024];
	size_t i;

	r->item = it;
	r->instance = false;
	r->nidx = path_levels(it, false);
	if (form_kind_answerable(it->kind) || it->kind == FORM_REPEAT || it->per_file) {
		path_format(r, path, sizeof path);
		error_clear(&e);
		if (!path_parse(f, path, &back, &e))
			fail_msg("%s: %s", path, e.message);
		assert_ptr_equal(back.item, it);
		if (!it->per_file) {
			assert_int_equal(back.nidx, r->nidx);
			assert_memory_equal(back.idx, r->idx, r->nidx * sizeof r->idx[0]);
		}
	}
	if (it->kind == FORM_REPEAT || it->per_file) {
		struct item_ref inst = *r;
		inst.nidx = path_levels(it, true);
		inst.idx[inst.nidx - 1] = 1;
		inst.instance = true;
		path_format(&inst, path, sizeof path);
		error_clear(&e);
		if (!path_parse(f, path, &back, &e))
			fail_msg("%s: %s", path, e.message);
		assert_ptr_equal(back.item, it);
		assert_true(back.instance);
		assert_int_equal(back.nidx, inst.nidx);
		assert_memory_equal(back.idx, inst.idx, inst.nidx * sizeof inst.idx[0]);
		for (i = 0; i < it->nchildren; i++)
			check_paths(f, it->children[i], &inst);
		return;
	}
	/* a table's columns are not items of their own: the table is set as a whole */
	for (i = 0; it->kind != FORM_TABLE && i < it->nchildren; i++)
		check_paths(f, it->children[i], r);
}

static void
test_paths_read_back(void **state)
{
	size_t k, i;

	(void)state;
	for (k = 0; k < fs->n; k++) {
		for (i = 0; i < fs->forms[k]->nsections; i++) {
			struct item_ref r;
			memset(&r, 0, sizeof r);
			/* instance 2 everywhere, so that numbers are written and read */
			for (size_t l = 0; l < PATH_MAX_LEVELS; l++)
				r.idx[l] = 1;
			check_paths(fs->forms[k], fs->forms[k]->sections[i], &r);
		}
	}
}

/* --- replay --- */

static void
test_replay_set_instance_delta(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct item_ref r, sys;
	struct node *checks;
	struct error e;
	const char *steps[] = { "", "国", "国民", "国民年金", "国年金", "国民年金事務", "" };
	size_t i;

	(void)state;
	/* a set, a check list, a clear */
	r = ref(d, "I-1-①");
	set_both(j, d, &r, node_scalar_str("年金事務"));
	r = ref(d, "I-1-③");
	set_both(j, d, &r, node_scalar_str("10万人以上30万人未満"));
	set_both(j, d, &r, NULL);
	/* two systems, the second moved first, a title on it */
	sys = ref(d, "I-2");
	error_clear(&e);
	for (i = 0; i < 2; i++) {
		assert_true(document_instance_add(d, &sys, i, &e));
		journal_instance(j, &sys, "add", i, 0);
	}
	r = ref(d, "I-2-システム2-①");
	set_both(j, d, &r, node_scalar_str("可搬型窓口装置"));
	assert_true(document_instance_move(d, &sys, 1, 0, &e));
	journal_instance(j, &sys, "move", 1, 0);
	checks = node_seq();
	node_push(checks, node_scalar_str("庁内連携システム"));
	r = ref(d, "I-2-システム1-③");
	set_both(j, d, &r, checks);
	/* typing, deleting and retyping in a multi-line field: deltas only */
	r = ref(d, "I-1-②");
	for (i = 1; i < sizeof steps / sizeof steps[0]; i++)
		journal_delta(
		    j, &r, steps[i - 1], strlen(steps[i - 1]), steps[i], strlen(steps[i]));
	journal_delta(j, &r, "", 0, "一行目\n二行目", strlen("一行目\n二行目"));
	journal_delta(j, &r, "一行目\n二行目", strlen("一行目\n二行目"), "一行目\n\t二行目",
	    strlen("一行目\n\t二行目"));
	document_set(d, &r, node_scalar_str("一行目\n\t二行目"));
	assert_null(journal_failure(j));
	journal_close(&j, false);

	back = replay(path, &rp);
	assert_false(rp.torn);
	assert_false(rp.mismatch);
	assert_false(rp.failed);
	assert_int_equal(rp.skipped, 0);
	assert_int_equal(rp.applied, rp.total);
	assert_true(node_equal(back->root, d->root));
	assert_string_equal(text_of(back, "I-2-システム1-①"), "可搬型窓口装置");
	document_free(&back);
	document_free(&d);
	free(path);
}

/* Keys outside the answers (review marks, conflicts, comments) are journaled whole; the
 * header and the answers cannot be replaced that way. */
static void
test_replay_meta(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct node *imp = node_map(), *entry = node_map();

	(void)state;
	node_set(entry, "reviewed", node_scalar_str("true"));
	node_set(imp, "I-1-①", entry);
	assert_true(journal_meta(j, "imported", imp));
	node_set(d->root, "imported", imp);
	assert_true(journal_meta(j, "x-note", NULL));
	journal_close(&j, false);
	back = replay(path, &rp);
	assert_false(rp.failed);
	assert_true(node_equal(back->root, d->root));
	document_free(&back);
	document_free(&d);
	free(path);

	path = new_doc();
	d = load(path);
	j = start(path, d);
	{
		struct node *v = node_map();
		assert_true(journal_meta(j, "answers", v));
		node_free(&v);
	}
	journal_close(&j, false);
	{
		struct journal_stamp st = stamp(path);
		char *jp = journal_path_for(path, false);
		struct error e;
		back = load(path);
		error_clear(&e);
		assert_true(journal_replay(jp, back, &st, &rp, &e));
		assert_true(rp.failed);
		free(jp);
	}
	document_free(&back);
	document_free(&d);
	free(path);
}

static void
test_torn_and_damaged_records(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct item_ref r = ref(d, "I-1-①");

	(void)state;
	journal_delta(j, &r, "", 0, "国民", strlen("国民"));
	journal_close(&j, false);
	/* a record cut short by the crash: the ones before it count */
	append_raw(path, "5a5a5a5a\tD\tI-1-①\t6\t0\t年");
	back = replay(path, &rp);
	assert_true(rp.torn);
	assert_int_equal(rp.applied, 1);
	assert_string_equal(text_of(back, "I-1-①"), "国民");
	document_free(&back);
	/* a damaged line in the middle ends the replay there */
	append_raw(path, "\n");
	{
		/* the journal is still there: a second one is refused */
		struct journal_stamp st = stamp(path);
		struct error e;
		error_clear(&e);
		assert_null(journal_open(path, d, &st, NULL, NULL, &e));
		assert_true(e.set);
	}
	{
		struct strbuf line = STRBUF_INIT;
		const char *f[4] = { "I-1-①", "6", "0", "年金" };
		journal_encode(&line, 'D', 4, f, NULL);
		append_raw(path, line.s);
		strbuf_free(&line);
	}
	back = replay(path, &rp);
	assert_true(rp.torn);
	assert_int_equal(rp.applied, 1);
	assert_string_equal(text_of(back, "I-1-①"), "国民");
	document_free(&back);
	document_free(&d);
	free(path);
}

static void
test_record_that_does_not_fit(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct item_ref r = ref(d, "I-1-①");

	(void)state;
	journal_delta(j, &r, "", 0, "ab", 2);
	/* deletes past the end of the text: cannot be applied */
	journal_delta(j, &r, "abcdef", 6, "ab", 2);
	journal_delta(j, &r, "ab", 2, "abc", 3);
	journal_close(&j, false);
	{
		struct journal_stamp st = stamp(path);
		char *jp = journal_path_for(path, false);
		struct error e;
		back = load(path);
		error_clear(&e);
		assert_true(journal_replay(jp, back, &st, &rp, &e));
		assert_true(rp.failed);
		assert_true(e.set);
		assert_int_equal(rp.applied, 1);
		assert_string_equal(text_of(back, "I-1-①"), "ab");
		free(jp);
	}
	document_free(&back);
	document_free(&d);
	free(path);
}

/* A save that replaced the file but was cut off before the journal was emptied: the records
 * before it are in the file, and are not applied twice. */
static void
test_save_then_crash(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct strbuf out = STRBUF_INIT;
	struct item_ref r = ref(d, "I-1-①");
	struct error e;

	(void)state;
	journal_delta(j, &r, "", 0, "国民", strlen("国民"));
	document_set(d, &r, node_scalar_str("国民"));
	error_clear(&e);
	assert_true(docfile_render(d, &out, &e));
	assert_true(journal_saving(j, journal_crc32(0, out.s, out.len), out.len));
	assert_true(docfile_write_atomic(path, out.s, out.len, &e));
	/* crash here; then the editor had gone on typing */
	journal_delta(j, &r, "国民", strlen("国民"), "国民年金", strlen("国民年金"));
	document_set(d, &r, node_scalar_str("国民年金"));
	journal_close(&j, false);
	back = replay(path, &rp);
	assert_false(rp.mismatch);
	assert_int_equal(rp.skipped, 1);
	assert_int_equal(rp.applied, 1);
	assert_string_equal(text_of(back, "I-1-①"), "国民年金");
	document_free(&back);

	/* a save that did not reach the disk: everything is applied to the old file */
	strbuf_free(&out);
	document_free(&d);
	free(path);
	path = new_doc();
	d = load(path);
	j = start(path, d);
	journal_delta(j, &r, "", 0, "国民", strlen("国民"));
	assert_true(journal_saving(j, 0x12345678, 99));
	journal_close(&j, false);
	back = replay(path, &rp);
	assert_false(rp.mismatch);
	assert_int_equal(rp.skipped, 0);
	assert_int_equal(rp.applied, 1);
	assert_string_equal(text_of(back, "I-1-①"), "国民");
	document_free(&back);
	document_free(&d);
	free(path);
}

static void
test_saved_empties_the_journal(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct journal_stamp st;
	struct item_ref r = ref(d, "I-1-①");
	struct error e;

	(void)state;
	journal_delta(j, &r, "", 0, "保存前", strlen("保存前"));
	document_set(d, &r, node_scalar_str("保存前"));
	error_clear(&e);
	assert_true(docfile_save(d, path, &e));
	st = stamp(path);
	assert_true(journal_saved(j, &st));
	journal_delta(j, &r, "保存前", strlen("保存前"), "保存前後", strlen("保存前後"));
	journal_close(&j, false);
	back = replay(path, &rp);
	assert_int_equal(rp.total, 1);
	assert_int_equal(rp.applied, 1);
	assert_false(rp.mismatch);
	assert_string_equal(text_of(back, "I-1-①"), "保存前後");
	document_free(&back);
	document_free(&d);
	free(path);
}

static void
test_changed_behind_the_journal(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *other, *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct item_ref r = ref(d, "I-1-①"), r2 = ref(d, "I-6-②");
	struct journal_stamp before = stamp(path), after;
	struct error e;

	(void)state;
	{
		struct node *v = node_scalar_str("国民年金事務");
		journal_set(j, &r, v);
		node_free(&v);
	}
	journal_close(&j, false);
	/* someone else saves another answer meanwhile */
	other = load(path);
	document_set(other, &r2, node_scalar_str("課長"));
	error_clear(&e);
	assert_true(docfile_save(other, path, &e));
	after = stamp(path);
	assert_false(journal_stamp_same_file(&before, &after));
	assert_false(journal_stamp_same_content(&before, &after));
	back = replay(path, &rp);
	assert_true(rp.mismatch);
	assert_int_equal(rp.applied, 1);
	assert_string_equal(text_of(back, "I-1-①"), "国民年金事務");
	assert_string_equal(text_of(back, "I-6-②"), "課長");
	document_free(&back);
	document_free(&other);
	document_free(&d);
	free(path);
}

/* A write that fails (the disk is full: here a file size limit) loses that record; the next
 * change starts with a snapshot of the whole document, and replay gives everything. */
static void
test_failed_write_then_snapshot(void **state)
{
	char *path = new_doc(), *jp;
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct item_ref r = ref(d, "I-1-①"), r2 = ref(d, "I-6-②");
	struct rlimit old, lim;
	struct stat st;
	void (*prev)(int);

	(void)state;
	assert_true(journal_delta(j, &r, "", 0, "満杯前", strlen("満杯前")));
	document_set(d, &r, node_scalar_str("満杯前"));
	assert_false(journal_lost(j));
	jp = journal_path_for(path, false);
	assert_int_equal(stat(jp, &st), 0);
	/* the disk is full */
	prev = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)st.st_size + 8;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_false(journal_delta(
	    j, &r, "満杯前", strlen("満杯前"), "満杯前の続き", strlen("満杯前の続き")));
	assert_non_null(journal_failure(j));
	assert_true(journal_lost(j));
	/* the editor goes on: a change made while the journal cannot be written */
	document_set(d, &r2, node_scalar_str("課長"));
	assert_false(journal_snapshot(j, d));
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, prev);
	/* nothing half-written was left behind */
	assert_int_equal(stat(jp, &st), 0);
	back = replay(path, &rp);
	assert_false(rp.torn);
	assert_int_equal(rp.applied, 1);
	document_free(&back);
	/* room again: a snapshot, then deltas from the committed value */
	assert_true(journal_snapshot(j, d));
	assert_false(journal_lost(j));
	assert_null(journal_failure(j));
	assert_true(journal_delta(
	    j, &r, "満杯前", strlen("満杯前"), "満杯前の続きも", strlen("満杯前の続きも")));
	document_set(d, &r, node_scalar_str("満杯前の続きも"));
	journal_close(&j, false);
	back = replay(path, &rp);
	assert_false(rp.torn);
	assert_false(rp.failed);
	assert_int_equal(rp.applied, 3);
	assert_true(node_equal(back->root, d->root));
	assert_string_equal(text_of(back, "I-6-②"), "課長");
	document_free(&back);
	free(jp);
	document_free(&d);
	free(path);
}

/* --- who holds a journal --- */

static void
write_header(const char *path, long pid, const char *host, long long started)
{
	char *jp = journal_path_for(path, false);
	struct strbuf line = STRBUF_INIT;
	char num[4][32];
	const char *f[15];
	FILE *fp;

	snprintf(num[0], sizeof num[0], "%ld", pid);
	snprintf(num[1], sizeof num[1], "%lld", started);
	f[0] = "piaform-journal";
	f[1] = "1";
	f[2] = path;
	f[3] = "juten";
	f[4] = "0";
	f[5] = f[6] = f[7] = f[8] = f[9] = "0";
	f[10] = "00000000";
	f[11] = num[0];
	f[12] = host;
	f[13] = "someone";
	f[14] = num[1];
	journal_encode(&line, 'H', 15, f, NULL);
	fp = fopen(jp, "wb");
	assert_non_null(fp);
	fputs(line.s, fp);
	fclose(fp);
	strbuf_free(&line);
	free(jp);
}

static enum journal_holder
holder(const char *path)
{
	struct journal_probe p;
	struct error e;
	enum journal_holder h;

	error_clear(&e);
	assert_true(journal_find(path, &p, &e));
	h = p.holder;
	journal_probe_clear(&p);
	return h;
}

static void
test_lock_live_and_stale(void **state)
{
	char *path = new_doc(), host[256];
	struct document *d = load(path);
	struct journal *j = start(path, d);
	struct journal_probe p;
	struct error e;
	pid_t child;
	char *jp;

	(void)state;
	/* held by this (live) process: its lock says so */
	error_clear(&e);
	assert_true(journal_find(path, &p, &e));
	assert_int_equal(p.holder, JOURNAL_LIVE);
	assert_true(p.have_info);
	assert_int_equal(p.info.pid, (long)getpid());
	assert_string_equal(p.info.form, "juten");
	assert_int_equal(p.records, 0);
	journal_probe_clear(&p);
	/* closed without removing (a kill -9): the lock is free, so stale, though the pid lives */
	journal_close(&j, false);
	assert_int_equal(holder(path), JOURNAL_STALE);

	/* a dead process on this host */
	gethostname(host, sizeof host);
	host[sizeof host - 1] = '\0';
	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	write_header(path, (long)child, host, (long long)time(NULL));
	assert_int_equal(holder(path), JOURNAL_STALE);
	/* another computer, recently: assumed live */
	write_header(path, 1, "elsewhere.example", (long long)time(NULL));
	assert_int_equal(holder(path), JOURNAL_REMOTE);
	/* another computer, idle for longer than 12 hours: stale */
	write_header(path, 1, "elsewhere.example", (long long)time(NULL) - 13 * 3600);
	jp = journal_path_for(path, false);
	{
		struct timespec ts[2] = { { time(NULL) - 13 * 3600, 0 },
			{ time(NULL) - 13 * 3600, 0 } };
		assert_int_equal(utimensat(AT_FDCWD, jp, ts, 0), 0);
	}
	assert_int_equal(holder(path), JOURNAL_STALE);
	/* an empty journal nobody holds (a crash while it was created) */
	assert_int_equal(truncate(jp, 0), 0);
	assert_int_equal(holder(path), JOURNAL_STALE);
	/* a stale journal is taken over, keeping nothing */
	error_clear(&e);
	assert_true(journal_find(path, &p, &e));
	{
		struct journal_stamp st = stamp(path);
		j = journal_open(path, d, &st, &p, NULL, &e);
		assert_non_null(j);
	}
	journal_probe_clear(&p);
	assert_int_equal(holder(path), JOURNAL_LIVE);
	journal_close(&j, true);
	assert_int_equal(holder(path), JOURNAL_ABSENT);
	assert_int_equal(access(jp, F_OK), -1);
	free(jp);
	document_free(&d);
	free(path);
}

/* Taking over a stale journal keeps the records that were recovered. */
static void
test_takeover_keeps_records(void **state)
{
	char *path = new_doc();
	struct document *d = load(path), *back;
	struct journal *j = start(path, d);
	struct journal_replay rp;
	struct journal_probe p;
	struct journal_stamp st = stamp(path);
	struct item_ref r = ref(d, "I-1-①");
	struct error e;

	(void)state;
	journal_delta(j, &r, "", 0, "前の", strlen("前の"));
	journal_close(&j, false);
	back = replay(path, &rp);
	error_clear(&e);
	assert_true(journal_find(path, &p, &e));
	assert_int_equal(p.holder, JOURNAL_STALE);
	assert_int_equal(p.records, 1);
	j = journal_open(path, back, &st, &p, &rp, &e);
	assert_non_null(j);
	journal_probe_clear(&p);
	journal_delta(j, &r, "前の", strlen("前の"), "前の続き", strlen("前の続き"));
	journal_close(&j, false);
	document_free(&back);
	back = replay(path, &rp);
	assert_int_equal(rp.applied, 2);
	assert_string_equal(text_of(back, "I-1-①"), "前の続き");
	document_free(&back);
	document_free(&d);
	free(path);
}

/* A directory nobody may write to: the journal goes to $XDG_STATE_HOME/piaform/. */
static void
test_state_dir_fallback(void **state)
{
	char *sub, *path, *beside, *other;
	struct document *d;
	struct journal_stamp st;
	struct journal *j;
	struct error e;

	(void)state;
	if (geteuid() == 0) {
		/* root writes anywhere; tests/e2e/journal.py checks this as another user */
		skip();
	}
	sub = xasprintf("%s/ro", dir);
	path = xasprintf("%s/doc.yaml", sub);
	beside = journal_path_for(path, false);
	other = journal_path_for(path, true);
	d = document_new(juten);
	assert_int_equal(mkdir(sub, 0700), 0);
	error_clear(&e);
	assert_true(docfile_save(d, path, &e));
	assert_int_equal(chmod(sub, 0500), 0);
	st = stamp(path);
	j = journal_open(path, d, &st, NULL, NULL, &e);
	assert_non_null(j);
	assert_string_equal(journal_file(j), other);
	assert_int_equal(access(beside, F_OK), -1);
	assert_int_equal(holder(path), JOURNAL_LIVE);
	journal_close(&j, true);
	chmod(sub, 0700);
	free(beside);
	free(other);
	document_free(&d);
	free(path);
	free(sub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_encode_decode),
		cmocka_unit_test(test_paths_read_back),
		cmocka_unit_test(test_replay_set_instance_delta),
		cmocka_unit_test(test_replay_meta),
		cmocka_unit_test(test_torn_and_damaged_records),
		cmocka_unit_test(test_record_that_does_not_fit),
		cmocka_unit_test(test_save_then_crash),
		cmocka_unit_test(test_saved_empties_the_journal),
		cmocka_unit_test(test_changed_behind_the_journal),
		cmocka_unit_test(test_failed_write_then_snapshot),
		cmocka_unit_test(test_lock_live_and_stale),
		cmocka_unit_test(test_takeover_keeps_records),
		cmocka_unit_test(test_state_dir_fallback),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
