/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the export: the three formats from one walk, 「—」 for what is not applicable,
 * escaping and visible control characters, widths, sections and inline problems. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/answer.h"
#include "piaform/document.h"
#include "piaform/export.h"
#include "piaform/formload.h"
#include "piaform/path.h"
#include "piaform/width.h"

static struct formset *forms;

static int
setup(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct error e;

	error_clear(&e);
	forms = formset_load(&src, &e);
	return forms == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	formset_free(&forms);
	return 0;
}

static void
set(struct document *d, const char *path, const char *value)
{
	struct item_ref ref;
	struct error e;
	struct node *v;

	error_clear(&e);
	assert_true(path_parse(d->form, path, &ref, &e));
	if (ref.instance && ref.item->kind == FORM_REPEAT) {
		document_set(d, &ref, node_scalar_str(value));
		return;
	}
	v = answer_parse(ref.item, value, strlen(value), &e);
	if (v == NULL)
		fail_msg("%s: %s", path, e.message);
	document_set(d, &ref, v);
}

/* Append a row to the 変更箇所 table. */
static void
table_row(struct document *d, const char *date, const char *item, const char *before,
    const char *after, const char *when)
{
	struct item_ref ref;
	struct error e;
	const struct node *old;
	struct node *rows, *row = node_map();

	error_clear(&e);
	assert_true(path_parse(d->form, "別添2-変更箇所", &ref, &e));
	old = document_get(d, &ref);
	rows = old != NULL ? node_clone(old) : node_seq();
	node_set(row, "date", node_scalar_str(date));
	node_set(row, "koumoku", node_scalar_str(item));
	node_set(row, "before", node_scalar_str(before));
	node_set(row, "after", node_scalar_str(after));
	node_set(row, "jiki", node_scalar_str(when));
	node_push(rows, row);
	document_set(d, &ref, rows);
}

/* A small 重点項目評価書 with one item of every kind. */
static struct document *
sample(void)
{
	struct document *d = document_new(formset_get(forms, "juten"));

	set(d, "表紙-評価書番号", "8");
	set(d, "表紙-評価書名", "国民年金事務 重点項目評価書");
	set(d, "表紙-特記事項", ANSWER_NONE);
	set(d, "I-1-①", "国民年金事務");
	set(d, "I-1-②",
	    "国民年金法に基づき、被保険者資格の取得・喪失の届出を受け付け、保険料免除申請を"
	    "審査する。\n届出は窓口と郵送で受け付ける。");
	set(d, "I-1-③", "4");
	set(d, "I-2-システム1-①", "国民年金システム");
	set(d, "I-2-システム1-③", "庁内連携システム\nその他 (中間サーバー)");
	set(d, "I-5-①", "実施しない");
	set(d, "I-7", ANSWER_NONE);
	set(d, "II-1", "(1)年金情報ファイル");
	set(d, "II-4-委託の有無", "委託する");
	set(d, "II-4-件数", "1");
	set(d, "II-4-委託事項1", "国民年金システムの保守運用業務");
	set(d, "II-4-委託事項1-③", "(株)FSK | <script>alert(1)</script> & co.");
	set(d, "II-5-提供・移転の有無", "行っていない");
	set(d, "II-6-保管場所", "サーバ室\x1b[31m内\xe2\x80\xae逆");
	set(d, "II[2]-1", "(2)免除情報ファイル");
	set(d, "III-6-接続しない(入手)", "yes");
	table_row(
	    d, "令和6年5月24日", "I-2-システム1-①", "ホストシステム", "国民年金システム", "事前");
	table_row(d, "令和6年5月24日", "II-6-保管場所",
	    "入退室管理を行っている部屋に設置したサーバ内に保管。",
	    "<ガバメントクラウドにおける措置>\n①サーバ等はクラウド事業者が保有・管理する環境に設置する。",
	    "事前");
	return d;
}

static char *export(const struct document *d, enum export_format f, int width, int ambi,
    const char *only, bool problems)
{
	struct export_options o = { f, width, ambi, only, problems, false };
	struct strbuf b = STRBUF_INIT;
	struct error e;

	error_clear(&e);
	assert_true(export_document(d, &o, &b, &e));
	return strbuf_detach(&b);
}

static void
test_null_and_empty(void **state)
{
	enum export_format f = EXPORT_HTML;
	struct export_options o = { EXPORT_TEXT, 0, 0, "XIV", false, false };
	struct strbuf b = STRBUF_INIT;
	struct document *d;
	struct error e;
	char *s;
	int k;

	assert_false(export_format_parse(NULL, &f));
	assert_false(export_format_parse("", &f));
	assert_false(export_format_parse("pdf", &f));
	assert_int_equal(f, EXPORT_HTML);
	assert_true(export_format_parse("md", &f));
	assert_int_equal(f, EXPORT_MARKDOWN);
	assert_true(export_format_parse("text", &f));
	assert_int_equal(f, EXPORT_TEXT);
	/* an empty document of every form exports in every format */
	for (k = 0; k < 3; k++) {
		const char *id = k == 0 ? "kiso" : k == 1 ? "juten" : "zenkomoku";
		d = document_new(formset_get(forms, id));
		for (f = EXPORT_TEXT; f <= EXPORT_HTML; f++) {
			s = export(d, f, 0, 0, NULL, true);
			assert_non_null(strstr(s, d->form->title));
			free(s);
		}
		document_free(&d);
	}
	/* a section that does not exist: an error, nothing written */
	d = document_new(formset_get(forms, "juten"));
	error_clear(&e);
	assert_false(export_document(d, &o, &b, &e));
	assert_true(e.set);
	assert_non_null(strstr(e.message, "XIV"));
	assert_int_equal(b.len, 0);
	document_free(&d);
}

static void
test_text_layout(void **state)
{
	struct document *d = sample();
	char *s = export(d, EXPORT_TEXT, 80, 1, NULL, false);

	/* [ 選んだ選択肢 ] then the <選択肢> list */
	assert_non_null(strstr(s, "[ 10万人以上30万人未満 ]\n"));
	assert_non_null(strstr(s, "<選択肢>\n"));
	assert_non_null(strstr(s, "1) 1,000人未満"));
	/* check lists with their ( ) text, counts, none and not applicable as 「—」 */
	assert_non_null(strstr(s, "[○] 庁内連携システム"));
	assert_non_null(strstr(s, "[○] その他 ( 中間サーバー )"));
	assert_non_null(strstr(s, "[ ] 税務システム"));
	assert_non_null(strstr(s, "( 1 ) 件"));
	assert_non_null(strstr(s, "②法令上の根拠             —\n")); /* n/a: 実施しない */
	assert_non_null(strstr(s, "7. 他の評価実施機関\n  —\n")); /* answered none */
	assert_non_null(strstr(s, "提供先                    —\n"));
	/* repeats numbered as the form numbers them, instance titles, header flags */
	assert_non_null(strstr(s, "  システム1\n"));
	assert_non_null(strstr(s, "  委託事項1  国民年金システムの保守運用業務\n"));
	assert_non_null(strstr(s, "[○] 接続しない(入手)"));
	/* per-file sections headed by file, the writer's own numbering kept */
	assert_non_null(strstr(s, "\n(2)免除情報ファイル\n"));
	/* the cover, the revision, the 項目一覧, the 変更箇所 table */
	assert_non_null(strstr(s, "| 評価書番号 | 評価書名"));
	assert_non_null(strstr(s, "[平成30年5月 様式3]\n"));
	assert_non_null(strstr(s, "項目一覧\n  I 基本情報\n"));
	assert_non_null(strstr(s, "| 変更日"));
	free(s);
	document_free(&d);
}

/* Every line fits the width, measured as the terminal draws it. */
static void
test_text_width(void **state)
{
	static const int widths[] = { 20, 40, 60, 80, 132 };
	struct document *d = sample();
	size_t i;
	int ambi;

	for (ambi = 1; ambi <= 2; ambi++) {
		for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
			char *s = export(d, EXPORT_TEXT, widths[i], ambi, NULL, true);
			const char *line = s, *nl;
			while ((nl = strchr(line, '\n')) != NULL) {
				int w = width_of(line, (size_t)(nl - line), ambi);
				if (w > widths[i])
					fail_msg("width %d ambi %d: %d columns: %.*s", widths[i],
					    ambi, w, (int)(nl - line), line);
				line = nl + 1;
			}
			free(s);
		}
	}
	document_free(&d);
}

/* With ambiguous characters two columns wide, answers still start in one column. */
static void
test_text_ambiwidth(void **state)
{
	struct document *d = sample();
	char *s = export(d, EXPORT_TEXT, 80, 2, NULL, false);
	const char *a = strstr(s, "  ①事務の名称"), *b = strstr(s, "  ③対象人数");
	const char *va = strstr(a, "国民年金事務"), *vb = strstr(b, "<選択肢>");
	const char *lb = vb;

	while (lb > s && lb[-1] != '\n')
		lb--;
	assert_int_equal(width_of(a, (size_t)(va - a), 2), width_of(lb, (size_t)(vb - lb), 2));
	free(s);
	document_free(&d);
}

static void
test_visible_controls_everywhere(void **state)
{
	struct document *d = sample();
	enum export_format f;

	for (f = EXPORT_TEXT; f <= EXPORT_HTML; f++) {
		char *s = export(d, f, 80, 1, NULL, false);
		assert_null(strchr(s, '\x1b'));
		assert_null(strstr(s, "\xe2\x80\xae"));
		if (f == EXPORT_TEXT) {
			assert_non_null(strstr(s, "^[[31m"));
			assert_non_null(strstr(s, "<U+202E>"));
		} else if (f == EXPORT_MARKDOWN) {
			assert_non_null(strstr(s, "^\\[\\[31m"));
			assert_non_null(strstr(s, "&lt;U+202E&gt;"));
		} else {
			assert_non_null(strstr(s, "<span class=\"ctl\">^[</span>"));
			assert_non_null(strstr(s, "<span class=\"ctl\">&lt;U+202E&gt;</span>"));
		}
		free(s);
	}
	document_free(&d);
}

static void
test_escaping(void **state)
{
	struct document *d = sample();
	char *md = export(d, EXPORT_MARKDOWN, 0, 0, NULL, false);
	char *html = export(d, EXPORT_HTML, 0, 0, NULL, true);

	assert_non_null(strstr(md,
	    "| ③委託先名 | (株)FSK \\| &lt;script&gt;alert(1)&lt;/script&gt; "
	    "&amp; co. |"));
	assert_non_null(strstr(md, "&lt;選択肢&gt; 1) 1,000人未満"));
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "(株)FSK | &lt;script&gt;alert(1)&lt;/script&gt; &amp; co."));
	assert_null(strstr(html, "http:"));
	assert_null(strstr(html, "https:"));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "@import"));
	assert_non_null(strstr(html, "@page { size: A4"));
	free(md);
	free(html);
	document_free(&d);
}

static void
test_only_section(void **state)
{
	struct document *d = sample();
	char *s = export(d, EXPORT_TEXT, 80, 1, "II", false);
	char *t = export(d, EXPORT_MARKDOWN, 80, 1, "gaiyo", false);

	assert_non_null(strstr(s, "II 特定個人情報ファイルの概要"));
	assert_null(strstr(s, "I 基本情報"));
	assert_null(strstr(s, "項目一覧"));
	assert_null(strstr(s, "III リスク対策"));
	assert_non_null(strstr(t, "## II 特定個人情報ファイルの概要 (1)年金情報ファイル"));
	assert_non_null(strstr(t, "## II 特定個人情報ファイルの概要 (2)免除情報ファイル"));
	free(s);
	free(t);
	document_free(&d);
}

static void
test_show_problems(void **state)
{
	struct document *d = sample();
	char *plain = export(d, EXPORT_TEXT, 80, 1, NULL, false);
	char *marked = export(d, EXPORT_TEXT, 80, 1, NULL, true);
	char *html = export(d, EXPORT_HTML, 80, 1, NULL, false);
	const char *line, *end;

	assert_null(strstr(plain, ">> missing"));
	line = strstr(marked, "    ②システムの機能 ");
	assert_non_null(line);
	end = strchr(line, '\n');
	assert_non_null(end);
	assert_true(strstr(line, ">> missing: not answered") < end);
	/* the HTML summary lists every problem with a link to its item, even without the option */
	assert_non_null(strstr(html, "<a href=\"#p-I-2-システム1-②\">I-2-システム1-②</a>"));
	assert_non_null(strstr(html, "id=\"p-I-2-システム1-②\""));
	free(plain);
	free(marked);
	free(html);
	document_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_text_layout),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_text_ambiwidth),
		cmocka_unit_test(test_visible_controls_everywhere),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_only_section),
		cmocka_unit_test(test_show_problems),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
