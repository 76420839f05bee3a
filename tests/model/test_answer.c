/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of answers by kind, on items of the built-in 重点項目評価書: what typed input becomes
 * (option numbers, full-width digits, ( ) parts, 件), what is refused and with which message,
 * how stored values are checked and shown. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "piaform/answer.h"
#include "piaform/formload.h"
#include "piaform/xmalloc.h"

static struct formset *fs;
static const struct form *juten, *kiso;

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
	kiso = formset_get(fs, "kiso");
	return juten != NULL && kiso != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	formset_free(&fs);
	return 0;
}

static const struct form_item *
item(const char *dotted)
{
	const struct form_item *it = form_lookup(juten, dotted);

	if (it == NULL)
		fail_msg("no item %s", dotted);
	return it;
}

/* Parse in for the item; the result must be a scalar equal to want. */
static void
scalar_is(const char *dotted, const char *in, const char *want)
{
	struct error e;
	struct node *v;

	error_clear(&e);
	v = answer_parse(item(dotted), in, strlen(in), &e);
	if (v == NULL)
		fail_msg("%s: \"%s\" refused: %s", dotted, in, e.message);
	assert_int_equal(v->type, NODE_SCALAR);
	if (v->len != strlen(want) || memcmp(v->str, want, v->len) != 0)
		fail_msg("%s: \"%s\" gave \"%.*s\", wanted \"%s\"", dotted, in, (int)v->len, v->str,
		    want);
	node_free(&v);
}

/* Parse in; it must be refused with a message containing needle. */
static void
refused(const char *dotted, const char *in, const char *needle)
{
	struct error e;
	struct node *v;

	error_clear(&e);
	v = answer_parse(item(dotted), in, strlen(in), &e);
	if (v != NULL) {
		node_free(&v);
		fail_msg("%s: \"%s\" accepted", dotted, in);
	}
	assert_true(e.set);
	if (strstr(e.message, needle) == NULL)
		fail_msg("%s: \"%s\": \"%s\" not in \"%s\"", dotted, in, needle, e.message);
}

/* Parse a check list; answer_text of the result must be want (one entry a line). */
static void
checks_are(const char *dotted, const char *in, const char *want)
{
	const struct form_item *it = item(dotted);
	struct error e;
	struct node *v;
	char *text, msg[512];

	error_clear(&e);
	v = answer_parse(it, in, strlen(in), &e);
	if (v == NULL)
		fail_msg("%s: \"%s\" refused: %s", dotted, in, e.message);
	assert_int_equal(v->type, NODE_SEQ);
	if (!answer_valid(it, v, msg, sizeof msg))
		fail_msg("%s: parsed value not valid: %s", dotted, msg);
	text = answer_text(it, v);
	if (strcmp(text, want) != 0)
		fail_msg("%s: \"%s\" gave \"%s\", wanted \"%s\"", dotted, in, text, want);
	free(text);
	node_free(&v);
}

/* True when s is well-formed UTF-8 (no sequence cut short). */
static bool
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
		for (size_t i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
		}
		p += n;
	}
	return true;
}

static void
test_null_and_empty(void **state)
{
	const struct form_item *text = item("kihon.jimu.name");
	struct error e;
	struct node *v;
	char *s, msg[256];

	(void)state;
	assert_false(answer_present(NULL));
	assert_false(answer_is_none(NULL));
	s = answer_text(text, NULL);
	assert_string_equal(s, "");
	free(s);
	assert_true(answer_valid(text, NULL, msg, sizeof msg));
	assert_string_equal(msg, "");
	/* an empty text is stored (and counts as unanswered) */
	error_clear(&e);
	v = answer_parse(text, NULL, 0, &e);
	assert_non_null(v);
	assert_int_equal(v->len, 0);
	assert_false(answer_present(v));
	node_free(&v);
	/* an empty choice or date is "" (set turns it into "not answered") */
	scalar_is("kihon.jimu.taisho", "", "");
	scalar_is("kihon.jimu.taisho", "   ", "");
	scalar_is("cover.published", "", "");
	/* an empty check list is "answered, nothing checked" */
	checks_are("gaiyo.nyushu.moto", "", "");
	checks_are("gaiyo.nyushu.moto", "\n \n", "");
	/* an empty flag is "not checked"; an empty count is refused */
	scalar_is("risk.itaku.none", "", "false");
	refused("gaiyo.itaku.count", "", "a count is a whole number");
}

static void
test_none_for_every_kind(void **state)
{
	static const char *const items[] = { "kihon.jimu.name", "kihon.jimu.naiyo",
		"kihon.jimu.taisho", "gaiyo.nyushu.moto", "gaiyo.itaku.count", "cover.published",
		"risk.itaku.none", "gaiyo.kihon.kaishi", NULL };
	char msg[256];
	size_t i;

	(void)state;
	for (i = 0; items[i] != NULL; i++) {
		struct error e;
		struct node *v;
		char *s;

		scalar_is(items[i], "—", "—");
		scalar_is(items[i], " — \n", "—");
		error_clear(&e);
		v = answer_parse(item(items[i]), "—", strlen("—"), &e);
		assert_true(answer_present(v));
		assert_true(answer_is_none(v));
		assert_true(answer_valid(item(items[i]), v, msg, sizeof msg));
		s = answer_text(item(items[i]), v);
		/* a flag shows ○ or nothing; "none" is not ○ */
		assert_string_equal(s, item(items[i])->kind == FORM_FLAG ? "" : "—");
		free(s);
		node_free(&v);
	}
	/* a heading holds no answer, not even "none" */
	refused("kihon.jimu", "—", "holds no single answer");
	refused("gaiyo.kihon.subete", "—", "holds no single answer");
	refused("henko.rows", "x", "holds no single answer");
}

static void
test_text(void **state)
{
	(void)state;
	scalar_is("kihon.jimu.name", "国民年金事務", "国民年金事務");
	/* free text is never normalised: full-width digits and spaces stay */
	scalar_is("kihon.jimu.name", "  国民年金事務　１２３ ", "  国民年金事務　１２３ ");
	/* a trailing newline from a pipe is not part of it */
	scalar_is("kihon.jimu.name", "国民年金事務\n", "国民年金事務");
	scalar_is("kihon.jimu.name", "国民年金事務\r\n", "国民年金事務");
	refused("kihon.jimu.name", "一行目\n二行目", "this item takes one line");
	scalar_is("kihon.jimu.name", "一行目\n\n", "一行目");
	scalar_is("kihon.jimu.naiyo", "一行目\n二行目\n\n三行目\n", "一行目\n二行目\n\n三行目");
	scalar_is("kihon.jimu.naiyo", "  字下げ\n", "  字下げ");
	/* CRLF line ends become LF; a lone CR is content and stays */
	scalar_is("kihon.jimu.naiyo", "一行目\r\n二行目\r\n", "一行目\n二行目");
	scalar_is("kihon.jimu.naiyo", "a\rb", "a\rb");
}

static void
test_choice(void **state)
{
	struct error e;
	struct node *v;

	(void)state;
	scalar_is("kihon.jimu.taisho", "2", "1,000人以上1万人未満");
	scalar_is("kihon.jimu.taisho", "２", "1,000人以上1万人未満");
	scalar_is("kihon.jimu.taisho", "2)", "1,000人以上1万人未満");
	scalar_is("kihon.jimu.taisho", "２）", "1,000人以上1万人未満");
	scalar_is("kihon.jimu.taisho", " 4 ", "10万人以上30万人未満");
	scalar_is("kihon.jimu.taisho", "10万人以上30万人未満", "10万人以上30万人未満");
	/* equal once NFKC-folded: full-width digits and comma */
	scalar_is("kihon.jimu.taisho", "１，０００人未満", "1,000人未満");
	scalar_is("gaiyo.itaku.umu", "委託しない", "委託しない");
	/* full-width parentheses against the form's ASCII ones */
	error_clear(&e);
	v = answer_parse(form_lookup(kiso, "shikii.taisho.ninzu"), "1,000人未満（任意実施）",
	    strlen("1,000人未満（任意実施）"), &e);
	assert_non_null(v);
	assert_true(node_is(v, "1,000人未満(任意実施)"));
	node_free(&v);
	refused("kihon.jimu.taisho", "5", "\"5\" is not one of the choices");
	refused("kihon.jimu.taisho", "0", "is not one of the choices");
	refused("kihon.jimu.taisho", "-1", "is not one of the choices");
	refused("kihon.jimu.taisho", "1000人未満", "is not one of the choices");
	/* the refusal lists every choice with its number */
	refused("gaiyo.itaku.umu", "たぶん",
	    "\"たぶん\" is not one of the choices: 1) 委託する 2) 委託しない");
	refused("kihon.jimu.taisho", "x",
	    "1) 1,000人未満 2) 1,000人以上1万人未満 3) 1万人以上10万人未満 4) 10万人以上30万人未満");
	/* a long refused answer is cut, but never inside a character */
	for (size_t shift = 0; shift < 3; shift++) {
		char in[1200];
		struct error e2;
		size_t i, n = 0;

		for (i = 0; i < shift; i++)
			in[n++] = 'a';
		for (i = 0; i < 300; i++) {
			memcpy(in + n, "委", 3);
			n += 3;
		}
		in[n] = '\0';
		error_clear(&e2);
		assert_null(answer_parse(item("gaiyo.itaku.umu"), in, n, &e2));
		assert_true(utf8_valid(e2.message));
	}
}

static void
test_checks(void **state)
{
	const struct form_item *moto = item("gaiyo.nyushu.moto");
	struct error e;
	struct node *v;
	const char *ft;

	(void)state;
	checks_are("gaiyo.nyushu.moto", "本人又は本人の代理人", "本人又は本人の代理人");
	checks_are("gaiyo.nyushu.moto", "1", "本人又は本人の代理人");
	checks_are("gaiyo.nyushu.moto", "１", "本人又は本人の代理人");
	/* ( ) parts in every spelling */
	checks_are("gaiyo.nyushu.moto", "評価実施機関内の他部署 (市民課)",
	    "評価実施機関内の他部署 (市民課)");
	checks_are("gaiyo.nyushu.moto", "評価実施機関内の他部署（市民課）",
	    "評価実施機関内の他部署 (市民課)");
	checks_are("gaiyo.nyushu.moto", "評価実施機関内の他部署: 市民課",
	    "評価実施機関内の他部署 (市民課)");
	checks_are("gaiyo.nyushu.moto", "評価実施機関内の他部署：市民課",
	    "評価実施機関内の他部署 (市民課)");
	checks_are("gaiyo.nyushu.moto", "2: 市民課", "評価実施機関内の他部署 (市民課)");
	checks_are("gaiyo.nyushu.moto", "2 (市民課)", "評価実施機関内の他部署 (市民課)");
	/* the free text itself is kept as typed (full-width digits included) */
	checks_are("gaiyo.nyushu.moto", "その他 (第１課 (分室))", "その他 (第１課 (分室))");
	/* an empty ( ) is no free text */
	checks_are("gaiyo.nyushu.moto", "その他 ( )", "その他");
	/* order is the form's, whatever the typing order */
	checks_are("gaiyo.nyushu.moto", "6: 郵送\n1\n2 (市民課)\n",
	    "本人又は本人の代理人\n評価実施機関内の他部署 (市民課)\nその他 (郵送)");
	/* an option whose text holds ( ) itself */
	checks_are("gaiyo.nyushu.hoho", "電子記録媒体(フラッシュメモリを除く。)\n紙",
	    "紙\n電子記録媒体(フラッシュメモリを除く。)");
	checks_are("gaiyo.nyushu.hoho", "電子記録媒体（フラッシュメモリを除く。）",
	    "電子記録媒体(フラッシュメモリを除く。)");
	/* the stored shape: a scalar, or a one-pair mapping for a ( ) part */
	error_clear(&e);
	v = answer_parse(moto, "1\n2: 市民課", strlen("1\n2: 市民課"), &e);
	assert_non_null(v);
	assert_int_equal(v->nitems, 2);
	assert_int_equal(v->items[0]->type, NODE_SCALAR);
	assert_int_equal(v->items[1]->type, NODE_MAP);
	assert_int_equal(answer_check_entry(moto, v->items[1], &ft), 1);
	assert_string_equal(ft, "市民課");
	assert_true(answer_has(moto, v, "評価実施機関内の他部署"));
	assert_false(answer_has(moto, v, "その他"));
	assert_false(answer_has(moto, NULL, "その他"));
	node_free(&v);

	refused("gaiyo.nyushu.moto", "1\n本人又は本人の代理人",
	    "\"本人又は本人の代理人\" is listed twice");
	refused("gaiyo.nyushu.moto", "その他: a\nその他: b", "is listed twice");
	refused("gaiyo.nyushu.moto", "本人又は本人の代理人 (私)",
	    "\"本人又は本人の代理人\" has no ( ) part");
	refused("gaiyo.nyushu.moto", "紙",
	    "\"紙\" is not one of the choices: 1) 本人又は本人の代理人 2) "
	    "評価実施機関内の他部署 ( )");
	refused("gaiyo.nyushu.moto", "9", "is not one of the choices");
	refused("gaiyo.teikyo.umu", "行っていない\n提供を行っている",
	    "\"行っていない\" cannot be checked together with other options");
	checks_are("gaiyo.teikyo.umu", "3", "行っていない");
	checks_are("gaiyo.teikyo.umu", "2\n1", "提供を行っている\n移転を行っている");
}

static void
test_count(void **state)
{
	(void)state;
	scalar_is("gaiyo.itaku.count", "3", "3");
	scalar_is("gaiyo.itaku.count", "３", "3");
	scalar_is("gaiyo.itaku.count", "3件", "3");
	scalar_is("gaiyo.itaku.count", " ３ 件 ", "3");
	scalar_is("gaiyo.itaku.count", "0", "0");
	scalar_is("gaiyo.itaku.count", "000", "0");
	scalar_is("gaiyo.itaku.count", "007", "7");
	scalar_is("gaiyo.itaku.count", "１２", "12");
	refused("gaiyo.itaku.count", "-1", "a count is a whole number of 0 or more");
	refused("gaiyo.itaku.count", "1.5", "a count is a whole number");
	refused("gaiyo.itaku.count", "三", "a count is a whole number");
	refused("gaiyo.itaku.count", "件", "a count is a whole number");
	refused("gaiyo.itaku.count", "3件3", "a count is a whole number");
	refused("gaiyo.itaku.count", "1234567890", "a count is a whole number");
}

static void
test_date(void **state)
{
	(void)state;
	scalar_is("cover.published", "R6.5.24", "令和6年5月24日");
	scalar_is("cover.published", "２０２４－０５－２４", "令和6年5月24日");
	scalar_is("cover.published", "令和1年5月1日\n", "令和元年5月1日");
	refused("cover.published", "令和6年5月", "the day is missing");
	refused("cover.published", "平成32年1月1日", "past the end of 平成");
	scalar_is("gaiyo.kihon.kaishi", "平成28年1月", "平成28年1月");
	scalar_is("gaiyo.kihon.kaishi", "H28.1", "平成28年1月");
}

static void
test_flag(void **state)
{
	static const char *const yes[] = { "true", "yes", "y", "1", "on", "○", "◯", "x", "X", "[○]",
		" true\n", NULL };
	static const char *const no[] = { "false", "no", "n", "0", "off", "", "[ ]", "[]", "\n",
		NULL };
	size_t i;

	(void)state;
	for (i = 0; yes[i] != NULL; i++)
		scalar_is("risk.itaku.none", yes[i], "true");
	for (i = 0; no[i] != NULL; i++)
		scalar_is("risk.itaku.none", no[i], "false");
	refused("risk.itaku.none", "maybe", "a check box is answered yes or no");
	refused("risk.itaku.none", "2", "a check box is answered yes or no");
}

/* answer_valid on a value built from YAML-like pieces. */
static void
valid_is(const char *dotted, struct node *v, bool want, const char *needle)
{
	char msg[512];
	bool got = answer_valid(item(dotted), v, msg, sizeof msg);

	if (got != want)
		fail_msg("%s: answer_valid gave %d (%s)", dotted, got, msg);
	if (needle != NULL && strstr(msg, needle) == NULL)
		fail_msg("%s: \"%s\" not in \"%s\"", dotted, needle, msg);
	node_free(&v);
}

static struct node *
seq_of(const char *a, const char *b)
{
	struct node *s = node_seq();

	if (a != NULL)
		node_push(s, node_scalar_str(a));
	if (b != NULL)
		node_push(s, node_scalar_str(b));
	return s;
}

static struct node *
free_entry(const char *option, const char *text)
{
	struct node *m = node_map();

	node_set(m, option, node_scalar_str(text));
	return m;
}

static void
test_valid(void **state)
{
	struct node *s;

	(void)state;
	valid_is("kihon.jimu.name", node_scalar_str("x"), true, NULL);
	valid_is("kihon.jimu.name", node_map(), false, "text was expected here");
	valid_is("kihon.jimu.name", node_scalar_str("一\n二"), false, "takes one line");
	valid_is("kihon.jimu.naiyo", node_scalar_str("一\n二"), true, NULL);
	valid_is("kihon.jimu.taisho", node_scalar_str("1,000人未満"), true, NULL);
	/* a stored choice is exact: numbers and NFKC variants are for typing only */
	valid_is("kihon.jimu.taisho", node_scalar_str("1"), false,
	    "\"1\" is not one of the choices: 1) 1,000人未満");
	valid_is("kihon.jimu.taisho", node_scalar_str("１，０００人未満"), false, "not one of");
	valid_is("kihon.jimu.taisho", node_seq(), false, "one choice was expected");
	valid_is("gaiyo.nyushu.moto", seq_of("本人又は本人の代理人", NULL), true, NULL);
	valid_is("gaiyo.nyushu.moto", node_seq(), true, NULL);
	valid_is("gaiyo.nyushu.moto", node_scalar_str("本人又は本人の代理人"), false,
	    "a list of checked options was expected");
	valid_is(
	    "gaiyo.nyushu.moto", seq_of("紙", NULL), false, "\"紙\" is not one of the options");
	valid_is(
	    "gaiyo.nyushu.moto", seq_of("その他", "その他"), false, "\"その他\" is listed twice");
	s = seq_of("その他", NULL);
	node_push(s, free_entry("その他", "郵送"));
	valid_is("gaiyo.nyushu.moto", s, false, "listed twice");
	s = node_seq();
	node_push(s, free_entry("本人又は本人の代理人", "私"));
	valid_is("gaiyo.nyushu.moto", s, false, "has no ( ) part to write in");
	s = node_seq();
	node_push(s, free_entry("なにか", "私"));
	valid_is("gaiyo.nyushu.moto", s, false, "\"なにか\" is not one of the options");
	valid_is("gaiyo.teikyo.umu", seq_of("提供を行っている", "行っていない"), false,
	    "cannot be checked together");
	valid_is("gaiyo.itaku.count", node_scalar_str("12"), true, NULL);
	valid_is("gaiyo.itaku.count", node_scalar_str("１２"), false, "a count is a whole number");
	valid_is("gaiyo.itaku.count", node_scalar_str("-1"), false, "not \"-1\"");
	valid_is("gaiyo.itaku.count", node_seq(), false, "a count was expected");
	valid_is("cover.published", node_scalar_str("令和6年5月24日"), true, NULL);
	valid_is("cover.published", node_scalar_str("令和6年2月30日"), false,
	    "\"令和6年2月30日\": 2月 has no day 30");
	valid_is("cover.published", node_scalar_str("平成28年1月"), false, "the day is missing");
	valid_is("gaiyo.kihon.kaishi", node_scalar_str("平成28年1月"), true, NULL);
	valid_is("cover.published", node_map(), false, "a date was expected");
	valid_is("risk.itaku.none", node_scalar_str("true"), true, NULL);
	valid_is(
	    "risk.itaku.none", node_scalar_str("yes"), false, "a check box holds true or false");
	valid_is("henko.rows", node_seq(), true, NULL);
	valid_is("henko.rows", node_scalar_str("x"), false, "a list of rows was expected");
	/* "none" is valid for every kind */
	valid_is("gaiyo.nyushu.moto", node_scalar_str("—"), true, NULL);
	valid_is("risk.itaku.none", node_scalar_str("—"), true, NULL);
}

static void
test_text_and_choices(void **state)
{
	const struct form_item *moto = item("gaiyo.nyushu.moto");
	struct node *s = seq_of("本人又は本人の代理人", NULL);
	char *t;

	(void)state;
	node_push(s, free_entry("その他", "郵送"));
	t = answer_text(moto, s);
	assert_string_equal(t, "本人又は本人の代理人\nその他 (郵送)");
	free(t);
	node_free(&s);
	s = node_scalar_str("true");
	t = answer_text(item("risk.itaku.none"), s);
	assert_string_equal(t, "○");
	free(t);
	node_free(&s);
	s = node_scalar_str("false");
	t = answer_text(item("risk.itaku.none"), s);
	assert_string_equal(t, "");
	free(t);
	node_free(&s);
	t = answer_choices_text(item("gaiyo.teikyo.umu"));
	assert_string_equal(t, "1) 提供を行っている 2) 移転を行っている 3) 行っていない");
	free(t);
	t = answer_choices_text(item("kihon.jimu.name"));
	assert_string_equal(t, "");
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_none_for_every_kind),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_flag),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_text_and_choices),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
