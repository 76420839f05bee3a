/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the importer's line-level recognisers (cell cleaning, check marks, folding,
 * counts, choices, check lists, line structure), of a small import end to end, of the texts
 * it must refuse, and of garbage: random bytes and mangled reports never crash it. */
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
#include "piaform/import.h"
#include "piaform/path.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"

static struct formset *fs;
static const struct form *juten, *zenkomoku;

static int
setup(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct error e;

	(void)state;
	error_clear(&e);
	fs = formset_load(&src, &e);
	if (fs == NULL)
		return -1;
	juten = formset_get(fs, "juten");
	zenkomoku = formset_get(fs, "zenkomoku");
	return juten != NULL && zenkomoku != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	formset_free(&fs);
	return 0;
}

static const struct form_item *
item(const struct form *f, const char *path)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	if (!path_parse(f, path, &r, &e))
		fail_msg("no item %s: %s", path, e.message);
	return r.item;
}

static void
expect_clean(const char *in, const char *want)
{
	char *got = import_clean_cell(in, strlen(in));
	if (strcmp(got, want) != 0)
		fail_msg("clean [%s]: got [%s], wanted [%s]", in, got, want);
	free(got);
}

static void
expect_fold(const char *a, const char *b)
{
	char *x = import_fold(a, strlen(a)), *y = import_fold(b, strlen(b));
	if (strcmp(x, y) != 0)
		fail_msg("fold [%s] = [%s], fold [%s] = [%s]", a, x, b, y);
	free(x);
	free(y);
}

static void
expect_lines(const char *in, const char *want)
{
	char *got = import_text_lines(in, strlen(in));
	if (strcmp(got, want) != 0)
		fail_msg("lines [%s]: got [%s], wanted [%s]", in, got, want);
	free(got);
}

static void
test_null_and_empty(void **state)
{
	struct error e;
	size_t used = 99, a, b;
	long n = 0;
	char *s, why[200];

	(void)state;
	s = import_clean_cell(NULL, 0);
	assert_string_equal(s, "");
	free(s);
	s = import_clean_cell("", 0);
	assert_string_equal(s, "");
	free(s);
	s = import_fold(NULL, 0);
	assert_string_equal(s, "");
	free(s);
	s = import_text_lines(NULL, 0);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(import_mark_at(NULL, 0, &used), IMPORT_MARK_NONE);
	assert_int_equal(used, 0);
	assert_int_equal(import_mark_at("", 0, &used), IMPORT_MARK_NONE);
	assert_false(import_count(NULL, 0, &n, &a, &b));
	assert_false(import_count("", 0, &n, &a, &b));
	assert_int_equal(import_choice(NULL, "x", 1, &s), -1);
	assert_null(s);
	assert_null(import_checks(NULL, "x", 1, why, sizeof why));
	/* texts that are nothing */
	error_clear(&e);
	assert_null(import_text(fs, NULL, 0, NULL, "t.txt", &e));
	assert_non_null(strstr(e.message, "empty"));
	error_clear(&e);
	assert_null(import_text(fs, " \n\t\n\xe3\x80\x80\n", 8, NULL, "t.txt", &e));
	assert_non_null(strstr(e.message, "empty"));
	error_clear(&e);
	assert_null(import_detect(fs, "", 0, &e));
	assert_true(e.set);
	import_result_free(NULL);
}

static void
test_clean_cell(void **state)
{
	(void)state;
	expect_clean("<p>一行目</p> <p>二行目</p>", "一行目\n二行目");
	expect_clean("a<br>b<br/>c", "a\nb\nc");
	expect_clean(
	    "<ul style=\"list-style-type: none\"> <li>・一</li> <li>・二</li> </ul>", "・一\n・二");
	expect_clean("&lt;選択肢&gt;", "<選択肢>");
	expect_clean("&lt;p&gt;", "<p>"); /* an escaped tag is text, not markup */
	expect_clean("&#x3042;&#12354;&amp;&bogus;", "ああ&&bogus;");
	expect_clean("<ガバメントクラウドにおける措置>", "<ガバメントクラウドにおける措置>");
	expect_clean("<選択肢> 1) する", "<選択肢> 1) する");
	expect_clean("<input checked=\"\" type=\"checkbox\"/> 紙", "\x01 紙");
	expect_clean("[<input type=\"checkbox\"/>] 紙", "[\x02] 紙");
	expect_clean("[<input type=\"radio\"/>] 自己点検", "[\x03] 自己点検");
	expect_clean("<INPUT TYPE=\"radio\" CHECKED>", "\x01");
	expect_clean("## II 特定個人情報ファイルの概要", "II 特定個人情報ファイルの概要");
	expect_clean("**5. 個人番号の利用 ※**", "5. 個人番号の利用 ※");
	expect_clean("<b>委託事項2</b>", "委託事項2");
	expect_clean("- ・中間サーバー", "・中間サーバー");
	expect_clean("--------", "");
	expect_clean("---|--", "");
	expect_clean("-", "-"); /* a lone dash is the answer "none" */
	expect_clean("a\xc2\xa0\xc2\xa0"
		     "b  ",
	    "a  b");
	expect_clean("<td>1) 10人未満</td><td>2) 10人以上</td>", "1) 10人未満  2) 10人以上");
	expect_clean("x\x01y\x07z", "xyz"); /* control bytes in the text carry nothing */
	expect_clean("<section class=\"sheet\">本文</section>", "本文"); /* any ASCII tag */
	expect_clean("<a 以上>", "<a 以上>");
	expect_clean("\\[ 実施しない \\]", "[ 実施しない ]"); /* Markdown escapes */
	expect_clean("+======+=====+", "");
	expect_clean("<p", "<p");
}

static void
test_marks(void **state)
{
	static const struct {
		const char *s;
		enum import_mark m;
		size_t used;
	} cases[] = {
		{ "[○] 紙", IMPORT_MARK_CHECKED, 5 },
		{ "[ ○ ] 紙", IMPORT_MARK_CHECKED, 7 },
		{ "[O] 接続しない", IMPORT_MARK_CHECKED, 3 },
		{ "[〇]", IMPORT_MARK_CHECKED, 5 },
		{ "［○］", IMPORT_MARK_CHECKED, 9 },
		{ "[ ]", IMPORT_MARK_EMPTY, 3 },
		{ "[]委託しない", IMPORT_MARK_EMPTY, 2 },
		{ "\x01", IMPORT_MARK_CHECKED, 1 },
		{ "\x02 紙", IMPORT_MARK_BOX, 1 },
		{ "\x03", IMPORT_MARK_RADIO, 1 },
		{ "[\x02]", IMPORT_MARK_BOX, 3 },
		{ "[ \x01 ]", IMPORT_MARK_CHECKED, 5 },
		{ "[ \x02 電子記録媒体", IMPORT_MARK_BOX, 4 }, /* unbalanced */
		{ "[十分である]", IMPORT_MARK_NONE, 0 },
		{ "○物理的対策", IMPORT_MARK_NONE, 0 }, /* a ○ in text is no mark */
		{ "[Oxford]", IMPORT_MARK_NONE, 0 },
		{ "[ O", IMPORT_MARK_NONE, 0 },
		{ "[", IMPORT_MARK_NONE, 0 },
		{ "紙", IMPORT_MARK_NONE, 0 },
	};
	size_t i, used;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum import_mark m = import_mark_at(cases[i].s, strlen(cases[i].s), &used);
		if (m != cases[i].m || used != cases[i].used)
			fail_msg("mark [%s]: got %d/%zu, wanted %d/%zu", cases[i].s, m, used,
			    cases[i].m, cases[i].used);
	}
}

static void
test_fold(void **state)
{
	char *s;

	(void)state;
	expect_fold("Ⅲ リスク対策", "III リスク対策");
	expect_fold("（１）", "(1)");
	expect_fold("１．特定個人情報ファイル名", "1. 特定個人情報ファイル名");
	expect_fold("使用部署 ※", "使用部署");
	expect_fold("2. 国民・住民等からの意見の聴取【任意】", "2.国民・住民等からの意見の聴取");
	expect_fold("リスク１：目的外", "リスク1: 目的外");
	expect_fold("入手した特定個人情報ที่ไม่正確", "入手した特定個人情報正確");
	expect_fold("システム2～5", "システム2~5");
	expect_fold("システム2〜5", "システム2~5");
	/* circled numbers stay what they are: ① is not 1 */
	s = import_fold("①部署", strlen("①部署"));
	assert_string_equal(s, "①部署");
	free(s);
	s = import_fold("㈱ＦＳＫ", strlen("㈱ＦＳＫ"));
	assert_string_equal(s, "(株)FSK");
	free(s);
}

static void
test_count(void **state)
{
	static const struct {
		const char *s;
		bool found;
		long n;
	} cases[] = {
		{ "委託する (1) 件", true, 1 },
		{ "（ ３ ）件", true, 3 },
		{ "( 12 ) 件", true, 12 },
		{ "( ) 件", true, -1 },
		{ "()件", true, -1 },
		{ "(株)FSK", false, 0 },
		{ "(1)住民基本台帳ファイル", false, 0 },
		{ "(1", false, 0 },
	};
	size_t i, a, e;
	long n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool f = import_count(cases[i].s, strlen(cases[i].s), &n, &a, &e);
		if (f != cases[i].found || (f && n != cases[i].n))
			fail_msg("count [%s]: got %d %ld", cases[i].s, f, n);
	}
	assert_true(import_count("提供 ( 2 ) 件 移転 ( 3 ) 件", 40, &n, &a, &e));
	assert_int_equal(n, 2);
}

static void
expect_choice(const struct form_item *it, const char *s, int want, const char *what)
{
	char *w = NULL;
	int got = import_choice(it, s, strlen(s), &w);

	if (got != want)
		fail_msg("choice [%s]: got %d, wanted %d", s, got, want);
	if (what != NULL && (w == NULL || strcmp(w, what) != 0))
		fail_msg("choice [%s]: what [%s], wanted [%s]", s, w != NULL ? w : "(null)", what);
	if (what == NULL && w != NULL)
		fail_msg("choice [%s]: unexpected what [%s]", s, w);
	free(w);
}

static void
test_choice(void **state)
{
	const struct form_item *umu = item(juten, "I-5-①"); /* 実施する 実施しない 未定 */
	const struct form_item *itaku = item(juten, "II-4-委託の有無");
	const struct form_item *ninzu = item(juten, "II-3-④-使用者数");

	(void)state;
	expect_choice(umu, "[実施しない] <選択肢> 1) 実施する 2) 実施しない 3) 未定", 1, NULL);
	expect_choice(umu, "[ 実施する ]\n<選択肢>\n1) 実施する\n2) 実施しない\n3) 未定", 0, NULL);
	expect_choice(umu, "［未定］ ＜選択肢＞ １） 実施する ２） 実施しない ３） 未定", 2, NULL);
	/* the text after an unchecked box is the value when nothing else is marked */
	expect_choice(umu, "\x02 実施する\n<選択肢> 1) 実施する 2) 実施しない 3) 未定", 0, NULL);
	/* the value after the heading, outside the numbered list */
	expect_choice(umu, "[]<選択肢> 未定 1) 実施する 2) 実施しない 3) 未定", 2, NULL);
	expect_choice(ninzu,
	    "[]<選択肢> 50人以上100人未満 1) 10人未満 2) 10人以上50人未満 "
	    "3) 50人以上100人未満 4) 100人以上500人未満 5) 500人以上1,000人未満 "
	    "6) 1,000人以上",
	    2, NULL);
	/* choices drawn as check boxes, with a count */
	expect_choice(itaku, "\x01 委託する \x02 委託しない (1) 件", 0, NULL);
	expect_choice(itaku, "[]委託しない []<選択肢> ()件 1) 委託する 2) 委託しない", 1, NULL);
	/* a checked box wins over unchecked candidates */
	expect_choice(
	    ninzu, "\x02 10人未満 \x02 \x01 50人以上100人未満 <選択肢> 1) 10人未満", 2, NULL);
	/* nothing, several, something else, none */
	expect_choice(umu, "[]<選択肢> 1) 実施する 2) 実施しない 3) 未定", -1, NULL);
	expect_choice(umu, "[ ]", -1, NULL);
	expect_choice(umu, "\x02 実施する \x02 実施しない \x02 未定", -2, NULL);
	expect_choice(umu, "[たぶん] <選択肢> 1) 実施する 2) 実施しない 3) 未定", -3, "たぶん");
	expect_choice(umu, "—", -4, NULL);
	expect_choice(umu, "-", -4, NULL);
	/* the option table printed twice */
	expect_choice(ninzu,
	    "[ 100人以上500人未満 ] <選択肢> 1) 10人未満 2) 10人以上50人未満\n<選択肢>\n1) "
	    "10人未満",
	    3, NULL);
}

static char *
checks_text(const struct form_item *it, const char *s, char *why, size_t wsize)
{
	struct node *v = import_checks(it, s, strlen(s), why, wsize);
	char *t;

	if (v == NULL)
		return NULL;
	t = answer_text(it, v);
	node_free(&v);
	return t;
}

static void
test_checks(void **state)
{
	const struct form_item *hoho = item(juten, "II-3-②");
	const struct form_item *moto = item(juten, "II-3-①");
	const struct form_item *kansa = item(juten, "III-8-実施の有無");
	char why[300], *t;

	(void)state;
	t = checks_text(hoho,
	    "\x01 紙 \x01 電子記録媒体(フラッシュメモリを除く。) \x02 フラッシュメモリ \x02 電子メール "
	    "\x01 専用線 \x02 その他 ()",
	    why, sizeof why);
	assert_non_null(t);
	assert_string_equal(t, "紙\n電子記録媒体(フラッシュメモリを除く。)\n専用線");
	free(t);
	/* ( ) parts, full-width brackets, nested brackets */
	t = checks_text(moto,
	    "[○]本人又は本人の代理人 [○]評価実施機関内の他部署（市民税課、生活援護課） "
	    "[]行政機関・独立行政法人等（） [○]その他 ( 保険医療課, 中央窓口センター(年金担当) )",
	    why, sizeof why);
	assert_non_null(t);
	assert_string_equal(t,
	    "本人又は本人の代理人\n評価実施機関内の他部署 (市民税課、生活援護課)\n"
	    "その他 (保険医療課, 中央窓口センター(年金担当))");
	free(t);
	/* a bare radio glyph among empty brackets is the mark */
	t = checks_text(kansa, "[\x03] 自己点検 [\x03] 内部監査 [] 外部監査", why, sizeof why);
	assert_non_null(t);
	assert_string_equal(t, "自己点検\n内部監査");
	free(t);
	/* a slip in an option text (府内 for 庁内) is read as the option */
	t = checks_text(hoho, "[○]紙 [○]府内連携システム []専用線", why, sizeof why);
	assert_non_null(t);
	assert_string_equal(t, "紙\n庁内連携システム");
	free(t);
	/* nothing ticked, every box alike: unknown, not "none" */
	assert_null(checks_text(hoho, "\x02 紙 \x02 電子メール \x02 専用線", why, sizeof why));
	assert_non_null(strstr(why, "no option is ticked"));
	assert_null(checks_text(hoho, "[ ] 紙 [ ] 電子メール", why, sizeof why));
	/* two kinds of empty box: ambiguous */
	assert_null(
	    checks_text(hoho, "\x02 紙 [ ] 電子メール \x02 専用線 [ ] その他", why, sizeof why));
	assert_non_null(strstr(why, "ambiguous"));
	/* none */
	t = checks_text(hoho, "—", why, sizeof why);
	assert_string_equal(t, "—");
	free(t);
}

static void
test_text_lines(void **state)
{
	(void)state;
	expect_lines("・一つ目 ・二つ目", "・一つ目\n・二つ目");
	expect_lines("確認を行う。 また、届出の", "確認を行う。\nまた、届出の");
	expect_lines("(1)住民基本台帳ファイル (2)本人確認情報ファイル",
	    "(1)住民基本台帳ファイル\n(2)本人確認情報ファイル");
	expect_lines("1 国民年金の事務 ・住所情報 2 保険料免除",
	    "1 国民年金の事務\n・住所情報\n2 保険料免除");
	expect_lines("<ガバメントクラウドにおける措置> ①サーバ等は",
	    "<ガバメントクラウドにおける措置>\n①サーバ等は");
	expect_lines("[基本情報] 基礎年金番号 [資格情報] 取得日",
	    "[基本情報]\n基礎年金番号\n[資格情報]\n取得日");
	expect_lines("・機能 　　付番を行う。", "・機能\n　　付番を行う。");
	expect_lines("機能  2. コンビニ交付機能", "機能\n2. コンビニ交付機能");
	/* spaces that are the writer's stay */
	expect_lines("○物理的対策 ①ガバメントクラウド", "○物理的対策 ①ガバメントクラウド");
	expect_lines("ISO/IEC27017、ISO/IEC27018 の認証", "ISO/IEC27017、ISO/IEC27018 の認証");
	expect_lines("市民協働部 国保年金課", "市民協働部 国保年金課");
	expect_lines("電話 088-823-9412 市民", "電話 088-823-9412 市民");
	expect_lines("年4回 (選挙人名簿の定時登録時)", "年4回 (選挙人名簿の定時登録時)");
	expect_lines("  前後の空白  \n\n二行目 ", "前後の空白\n二行目");
}

/* A small 重点項目評価書 in the layouts of the seeds. */
static const char small_juten[] =
    "特定個人情報保護評価書(重点項目評価書)\n"
    "\n"
    "評価書番号\t評価書名\n"
    "8\t国民年金事務 重点項目評価書\n"
    "公表日\n"
    "\n"
    "令和6年5月24日\n"
    "[平成30年5月 様式3]\n"
    "I 基本情報\n"
    "1. 特定個人情報ファイルを取り扱う事務\n"
    "①事務の名称\t国民年金事務\n"
    "③対象人数\t<p>＜選択肢＞</p> <p>[10万人以上30万人未満] 1) 1,000人未満 2) 1,000人以上1万人未満"
    " 3) 1万人以上10万人未満 4) 10万人以上30万人未満</p>\n"
    "2. 特定個人情報ファイルを取り扱う事務において使用するシステム\n"
    "システム1\n"
    "①システムの名称\t国民年金システム\n"
    "②システムの機能\t<p>・資格を管理する。</p> <p>・免除を審査する。</p>\n"
    "③他のシステムとの接続\t[] 情報提供ネットワークシステム [○] 庁内連携システム [○] その他 (中間サーバー)\n"
    "システム2~5\t\n"
    "II 特定個人情報ファイルの概要\n"
    "1. 特定個人情報ファイル名\t\n"
    "年金情報ファイル\t\n"
    "4. 特定個人情報ファイルの取扱いの委託\t\t\n"
    "委託の有無 ※\t<input checked=\"\" type=\"checkbox\"/> 委託する <input type=\"checkbox\"/> 委託しない (1) 件\t\n"
    "委託事項1\t保守運用業務\t\n"
    "③委託先名\t(株)FSK\t\n"
    "III リスク対策 ※(7. ②を除く。)\n"
    "4. 特定個人情報ファイルの取扱いの委託\t\t[] 委託しない\n"
    "リスク: 委託先における不正な使用等のリスク\t\t\n"
    "8. 監査\n"
    "実施の有無\t[<input type=\"radio\"/>] 自己点検 [<input type=\"radio\"/>] 内部監査 [] 外部監査\n"
    "9. 従業者に対する教育・啓発\n"
    "具体的な方法\t・研修を行っている。 ・契約に明記している。\n"
    "(別添2)変更箇所\n"
    "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
    "平成28年4月1日\tI 6 ②所属長\t課長\t国民年金課長\t事後\t\n"
    "\t\t\t続きの行\t\t\n"
    "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
    "令和6年5月24日\tV 1 ①実施日\t令和5年2月21日\t令和6年5月24日\t事後\t\n";

static char *
get(const struct document *d, const char *path)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	if (!path_parse(d->form, path, &r, &e))
		fail_msg("path %s: %s", path, e.message);
	return answer_text(r.item, document_get(d, &r));
}

static void
expect_get(const struct document *d, const char *path, const char *want)
{
	char *got = get(d, path);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got [%s], wanted [%s]", path, got, want);
	free(got);
}

static void
test_import_small(void **state)
{
	struct import_result *r;
	struct error e;
	const struct node *imp, *rows;
	const struct form *f;

	(void)state;
	error_clear(&e);
	f = import_detect(fs, small_juten, strlen(small_juten), &e);
	assert_ptr_equal(f, juten);
	r = import_text(fs, small_juten, strlen(small_juten), NULL, "small.txt", &e);
	assert_non_null(r);
	assert_ptr_equal(r->doc->form, juten);
	expect_get(r->doc, "表紙-評価書番号", "8");
	expect_get(r->doc, "表紙-評価書名", "国民年金事務 重点項目評価書");
	expect_get(r->doc, "表紙-公表日", "令和6年5月24日");
	expect_get(r->doc, "I-1-①", "国民年金事務");
	expect_get(r->doc, "I-1-③", "10万人以上30万人未満");
	expect_get(r->doc, "I-2-システム1-①", "国民年金システム");
	expect_get(r->doc, "I-2-システム1-②", "・資格を管理する。\n・免除を審査する。");
	expect_get(r->doc, "I-2-システム1-③", "庁内連携システム\nその他 (中間サーバー)");
	expect_get(r->doc, "II-1", "年金情報ファイル");
	expect_get(r->doc, "II-4-委託の有無", "委託する");
	expect_get(r->doc, "II-4-件数", "1");
	expect_get(r->doc, "II-4-委託事項1", "保守運用業務");
	expect_get(r->doc, "II-4-委託事項1-③", "(株)FSK");
	expect_get(r->doc, "III-8-実施の有無", "自己点検\n内部監査");
	expect_get(r->doc, "III-9-具体的な方法", "・研修を行っている。\n・契約に明記している。");
	/* the flag is answered (false), not left out */
	{
		struct item_ref ref;
		assert_true(path_parse(juten, "III-4-委託しない", &ref, &e));
		assert_non_null(document_get(r->doc, &ref));
		assert_true(node_is(document_get(r->doc, &ref), "false"));
	}
	/* the 変更箇所: two rows, the second page's header skipped, a continued cell joined */
	rows = node_get(node_get(r->doc->answers, "henko"), "rows");
	assert_non_null(rows);
	assert_int_equal(rows->nitems, 2);
	assert_true(node_is(node_get(rows->items[0], "after"), "国民年金課長\n続きの行"));
	assert_true(node_is(node_get(rows->items[1], "date"), "令和6年5月24日"));
	/* what was imported from where */
	imp = node_get(r->doc->root, "imported");
	assert_non_null(imp);
	assert_non_null(node_get(imp, "I-1-①"));
	assert_true(node_is(node_get(node_get(imp, "I-1-①"), "line"), "11"));
	assert_true(node_is(node_get(node_get(imp, "I-1-①"), "reviewed"), "false"));
	assert_non_null(node_get(imp, "II-4-委託事項1"));
	/* everything of this text was placed */
	if (r->partial != 0)
		fail_msg("partial: %s %s", r->notes[0].path, r->notes[0].reason);
	import_result_free(&r);
	assert_null(r);
	/* the same with a byte-order mark and CRLF line ends */
	{
		struct strbuf b = STRBUF_INIT;
		const char *p;
		strbuf_adds(&b, "\xef\xbb\xbf");
		for (p = small_juten; *p != '\0'; p++) {
			if (*p == '\n')
				strbuf_addc(&b, '\r');
			strbuf_addc(&b, *p);
		}
		r = import_text(fs, b.s, b.len, NULL, "crlf.txt", &e);
		assert_non_null(r);
		expect_get(r->doc, "表紙-評価書番号", "8");
		expect_get(r->doc, "I-2-システム1-②", "・資格を管理する。\n・免除を審査する。");
		assert_int_equal(r->partial, 0);
		import_result_free(&r);
		strbuf_free(&b);
	}
}

static void
test_import_notes(void **state)
{
	static const char text[] =
	    "特定個人情報保護評価書(重点項目評価書)\n"
	    "I 基本情報\n"
	    "5. 情報提供ネットワークシステムによる情報連携 ※\n"
	    "①実施の有無\t<input type=\"checkbox\"/> 実施する <input type=\"checkbox\"/> 実施しない\n"
	    "まったく関係のない文章がここにある。\n"
	    "6. 評価実施機関における担当部署\n"
	    "①部署\t市民課\n"
	    "①部署\t別の課\n";
	struct import_result *r;
	struct error e;
	size_t i;
	bool ambiguous = false, unplaced = false, twice = false;

	(void)state;
	error_clear(&e);
	r = import_text(fs, text, strlen(text), NULL, "notes.txt", &e);
	assert_non_null(r);
	for (i = 0; i < r->nnotes; i++) {
		const struct import_note *n = &r->notes[i];
		if (strcmp(n->path, "I-5-①") == 0 && n->line == 4)
			ambiguous = true;
		if (n->path[0] == '\0' && n->line == 5)
			unplaced = true;
		if (strcmp(n->path, "I-6-①") == 0 && n->line == 8)
			twice = true;
		if (i > 0)
			assert_true(r->notes[i - 1].line <= n->line);
	}
	assert_true(ambiguous);
	assert_true(unplaced);
	assert_true(twice);
	assert_true(r->partial >= 3);
	expect_get(r->doc, "I-6-①", "市民課"); /* the first answer is kept */
	expect_get(r->doc, "I-5-①", "");
	import_result_free(&r);
}

/* Files of a 全項目評価書: a section repeated without its heading, 別添2 by file names out of
 * order, III naming its file. */
static void
test_import_files(void **state)
{
	static const char text[] =
	    "特定個人情報保護評価書(全項目評価書)\n"
	    "II 特定個人情報ファイルの概要\n"
	    "1. 特定個人情報ファイル名\t\n"
	    "(1)住民基本台帳ファイル\t\n"
	    "2. 基本情報\t\n"
	    "⑤保有開始日\t平成27年7月17日\n"
	    "1. 特定個人情報ファイル名\t\n"
	    "(2)本人確認情報ファイル\t\n"
	    "⑤保有開始日\t平成27年10月5日\n"
	    "(別添2) 特定個人情報ファイル記録項目\n"
	    "### (2) 本人確認情報ファイル\n"
	    "住民票コード, 漢字氏名\n"
	    "### (1) 住民基本台帳ファイル\n"
	    "宛名番号, 住民票コード\n"
	    "### Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策 ※(7. リスク1⑨を除く。)\n"
	    "1. 特定個人情報ファイル名\t\n"
	    "(2) 本人確認情報ファイル\t\n";
	struct import_result *r;
	struct error e;
	struct item_ref ref;

	(void)state;
	error_clear(&e);
	r = import_text(fs, text, strlen(text), NULL, "files", &e);
	assert_non_null(r);
	assert_ptr_equal(r->doc->form, zenkomoku);
	expect_get(r->doc, "II-1", "(1)住民基本台帳ファイル");
	expect_get(r->doc, "II-2-⑤", "平成27年7月17日");
	expect_get(r->doc, "II[2]-1", "(2)本人確認情報ファイル");
	expect_get(r->doc, "II[2]-2-⑤", "平成27年10月5日");
	expect_get(r->doc, "別添2-特定個人情報ファイル記録項目", "宛名番号, 住民票コード");
	expect_get(r->doc, "別添2[2]-特定個人情報ファイル記録項目", "住民票コード, 漢字氏名");
	expect_get(r->doc, "III[2]-1", "(2) 本人確認情報ファイル");
	assert_true(path_parse(zenkomoku, "III-1", &ref, &e));
	assert_null(document_get(r->doc, &ref));
	assert_int_equal(r->partial, 0);
	import_result_free(&r);
}

static void
test_import_markdown(void **state)
{
	static const char text[] =
	    "# 特定個人情報保護評価書(重点項目評価書)\n"
	    "\n"
	    "| 評価書番号 | 評価書名 |\n"
	    "|---|---|\n"
	    "| 8 | 国民年金事務 重点項目評価書 |\n"
	    "\n"
	    "## I 基本情報\n"
	    "### 5. 情報提供ネットワークシステムによる情報連携 ※\n"
	    "| 項目 | 記載内容 |\n"
	    "|---|---|\n"
	    "| ①実施の有無 | \\[ 実施しない \\]<br>&lt;選択肢&gt; 1) 実施する 2) 実施しない 3) 未定 |\n"
	    "| ②法令上の根拠 | — |\n";
	struct import_result *r;
	struct error e;

	(void)state;
	error_clear(&e);
	r = import_text(fs, text, strlen(text), NULL, "md", &e);
	assert_non_null(r);
	expect_get(r->doc, "表紙-評価書番号", "8");
	expect_get(r->doc, "表紙-評価書名", "国民年金事務 重点項目評価書");
	expect_get(r->doc, "I-5-①", "実施しない");
	expect_get(r->doc, "I-5-②", "—");
	import_result_free(&r);
}

static void
test_refused(void **state)
{
	static const char readme[] = "# piaform\n\nA terminal form editor.\n\nBuild with make.\n";
	static const char binary[] = "%PDF-1.7\n\0\x01\x02\xff";
	static const char sjis[] = "\x93\xc1\x92\xe8\x8c\xc2\x90\x6c\x8f\xee\x95\xf1\n";
	struct error e;

	(void)state;
	error_clear(&e);
	assert_null(import_text(fs, readme, strlen(readme), NULL, "README.md", &e));
	assert_non_null(strstr(e.message, "not a 特定個人情報保護評価書"));
	assert_string_equal(e.file, "README.md");
	error_clear(&e);
	assert_null(import_text(fs, binary, sizeof binary - 1, NULL, "r.pdf", &e));
	assert_non_null(strstr(e.message, "binary"));
	error_clear(&e);
	assert_null(import_text(fs, sjis, strlen(sjis), NULL, "sjis.txt", &e));
	assert_non_null(strstr(e.message, "UTF-8"));
	assert_int_equal(e.line, 1);
	/* a forced form still needs something of it in the text */
	error_clear(&e);
	assert_null(import_text(fs, readme, strlen(readme), juten, "README.md", &e));
	assert_true(e.set);
}

/* xorshift: the same garbage on every run */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
run_garbage(const char *buf, size_t len, const struct form *f)
{
	struct error e;
	struct import_result *r;

	error_clear(&e);
	r = import_text(fs, buf, len, f, "garbage", &e);
	if (r == NULL)
		assert_true(e.set);
	else
		assert_non_null(r->doc);
	import_result_free(&r);
}

static void
test_garbage(void **state)
{
	/* pieces the recognisers look for, to make random text reach deep */
	static const char *const bits[] = { "\t", "\n", "[", "]", "[○]", "[ ]", "<", ">", "(", ")",
		"<p>", "</p>", "<br>", "<input checked type=\"checkbox\"/>",
		"<input type=\"radio\"/>", "&lt;", "&#x3042;", "&#99999999;", "&", "<選択肢>",
		"＜選択肢＞", "1)", "2）", "（", "）", "件", "①", "②", "⑳", "II ", "Ⅲ ", "(別添2)",
		"変更箇所", "変更日", "項目", "変更前の記載", "委託事項", "システム1", "提供先21",
		"システム2~5", "リスク1:", "※", "【任意】", "—", "-", "・", "。", " ", "  ",
		"\xe3\x80\x80", "令和6年5月24日", "平成32年", "委託しない", "実施の有無",
		"1. 特定個人情報ファイル名", "## ", "**", "- ", "ที่", "\xc2\xa0", "a" };
	uint32_t seed = 0x9e3779b9u;
	size_t it, i;
	char *buf = xmalloc(8192);
	char *seedtext = NULL;
	size_t seedlen = strlen(small_juten);

	(void)state;
	/* random bytes */
	for (it = 0; it < 300; it++) {
		size_t len = rnd(&seed) % 600;
		for (i = 0; i < len; i++)
			buf[i] = (char)rnd(&seed);
		run_garbage(buf, len, NULL);
		run_garbage(buf, len, it % 2 ? juten : zenkomoku);
	}
	/* random sequences of meaningful pieces */
	for (it = 0; it < 300; it++) {
		size_t len = 0, n = rnd(&seed) % 200;
		for (i = 0; i < n; i++) {
			const char *b = bits[rnd(&seed) % (sizeof bits / sizeof bits[0])];
			size_t l = strlen(b);
			if (len + l >= 8192)
				break;
			memcpy(buf + len, b, l);
			len += l;
		}
		run_garbage(buf, len, NULL);
		run_garbage(buf, len, it % 2 ? juten : zenkomoku);
	}
	/* a real report, mangled: bytes flipped, cut anywhere (also inside a character) */
	seedtext = xmalloc(seedlen + 1);
	for (it = 0; it < 200; it++) {
		memcpy(seedtext, small_juten, seedlen);
		for (i = 0; i < 1 + rnd(&seed) % 8; i++)
			seedtext[rnd(&seed) % seedlen] = (char)rnd(&seed);
		run_garbage(seedtext, rnd(&seed) % (seedlen + 1), NULL);
		run_garbage(seedtext, seedlen, juten);
	}
	free(seedtext);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_clean_cell),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_text_lines),
		cmocka_unit_test(test_import_small),
		cmocka_unit_test(test_import_notes),
		cmocka_unit_test(test_import_files),
		cmocka_unit_test(test_import_markdown),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
