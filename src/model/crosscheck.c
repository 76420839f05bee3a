/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cross-checks. The しきい値判断 itself lives in threshold.c; here its inputs and results are
 * read from documents and compared. The answers a 重点項目/全項目評価書 shares with its
 * 基礎項目評価書 are listed below by id path: both forms print them, so they must agree. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/answer.h"
#include "piaform/crosscheck.h"
#include "piaform/i18n.h"
#include "piaform/strbuf.h"
#include "piaform/threshold.h"
#include "piaform/xmalloc.h"

/* Answers printed in both: the 基礎項目評価書's item, and the same in 様式3 and 様式4. */
static const struct {
	const char *kiso, *other;
} shared[] = {
	{ "kanren.jimu.name", "kihon.jimu.name" }, /* 事務の名称 */
	{ "kanren.files", "kihon.files" }, /* 特定個人情報ファイル名 */
	{ "kanren.renkei.umu", "kihon.renkei.umu" }, /* 情報連携 ①実施の有無 */
	{ "kanren.tanto.busho", "kihon.tanto.busho" }, /* 担当部署 ①部署 */
	{ "kanren.tanto.shozokucho", "kihon.tanto.shozokucho" }, /* ②所属長の役職名 */
};

#define QUOTE_MAX 80 /* bytes of an answer quoted in a message */

static void add(struct problem_list *l, const struct item_ref *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Insert a warning about r at its place in form order (validate_document's order). */
static void
add(struct problem_list *l, const struct item_ref *r, const char *fmt, ...)
{
	struct problem p;
	char buf[1024];
	va_list ap;
	size_t pos;

	memset(&p, 0, sizeof p);
	p.ref = *r;
	p.path = xstrdup(path_format(r, buf, sizeof buf));
	p.severity = SEVERITY_WARNING;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	p.message = xstrdup(buf);
	for (pos = 0; pos < l->n; pos++) {
		if (l->v[pos].ref.item != NULL && l->v[pos].ref.item->index > r->item->index)
			break;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	memmove(&l->v[pos + 1], &l->v[pos], (l->n - pos) * sizeof *l->v);
	l->v[pos] = p;
	l->n++;
}

/* The reference of a top-level item (no repeat above it) by id path, or false. */
static bool
ref_of(const struct form *f, const char *dotted, struct item_ref *r)
{
	memset(r, 0, sizeof *r);
	r->item = form_lookup(f, dotted);
	return r->item != NULL && path_levels(r->item, false) == 0;
}

static bool
ref_of_item(const struct form_item *it, struct item_ref *r)
{
	memset(r, 0, sizeof *r);
	r->item = it;
	return it != NULL && path_levels(it, false) == 0;
}

/* A scalar answer as a new string, or NULL when unanswered or "none". */
static char *
scalar(const struct document *d, const struct item_ref *r)
{
	const struct node *v = document_get(d, r);

	if (v == NULL || v->type != NODE_SCALAR || v->len == 0 || answer_is_none(v))
		return NULL;
	return xstrndup(v->str, v->len);
}

static char *
field(const struct document *d, enum threshold_field f)
{
	struct item_ref r;

	return ref_of_item(threshold_item(d->form, f), &r) ? scalar(d, &r) : NULL;
}

/* The level d's しきい値判断結果 states, or false. */
static bool
stated_level(const struct document *d, enum threshold_level *level)
{
	char *a = field(d, THRESHOLD_FIELD_RESULT);
	bool ok = a != NULL && threshold_level_from_option(d->form, a, level);

	free(a);
	return ok;
}

/* The result a 基礎項目評価書's II answers give, or false when one is missing or invalid. */
static bool
computed_result(const struct document *kiso, struct threshold_result *r)
{
	char *p = field(kiso, THRESHOLD_FIELD_PEOPLE);
	char *s = field(kiso, THRESHOLD_FIELD_STAFF);
	char *a = field(kiso, THRESHOLD_FIELD_ACCIDENT);
	struct threshold_input in;
	bool ok = threshold_input_from_options(kiso->form, p, s, a, &in);

	if (ok)
		*r = threshold_decide(&in);
	free(p);
	free(s);
	free(a);
	return ok && r->ok;
}

static struct threshold_result
level_result(enum threshold_level level)
{
	struct threshold_result r;

	memset(&r, 0, sizeof r);
	r.ok = true;
	r.level = level;
	return r;
}

/* The option text of f stating level, or "?" (a 重点項目評価書 has none for 全項目). */
static const char *
level_text(const struct form *f, enum threshold_level level)
{
	struct threshold_result r = level_result(level);
	const char *t = threshold_option(f, &r);

	return t != NULL ? t : "?";
}

static void
check_kiso_threshold(const struct document *kiso, struct problem_list *out)
{
	struct threshold_result r;
	enum threshold_level stated;
	struct item_ref ref;

	if (!ref_of_item(threshold_item(kiso->form, THRESHOLD_FIELD_RESULT), &ref) ||
	    !stated_level(kiso, &stated) || !computed_result(kiso, &r) || r.level == stated)
		return;
	add(out, &ref,
	    _("the answers to II give 「%s」, not 「%s」 (特定個人情報保護評価指針 第5 2)"),
	    level_text(kiso->form, r.level), level_text(kiso->form, stated));
}

/* Trim blanks (ASCII and U+3000) at both ends, in place; free text is otherwise compared as
 * written. */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || strncmp(s, "\u3000", 3) == 0)
		s += *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ? 1 : 3;
	n = strlen(s);
	for (;;) {
		if (n > 0 && strchr(" \t\n\r", s[n - 1]) != NULL)
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "\u3000", 3) == 0)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* An answer quoted on one line of check's output: line breaks as spaces, cut at QUOTE_MAX
 * bytes on a character boundary. A new string. */
static char *
quote(const char *s)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (b.len >= QUOTE_MAX && ((unsigned char)s[i] & 0xC0) != 0x80) {
			strbuf_adds(&b, "…");
			break;
		}
		strbuf_addc(&b, s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i]);
	}
	return strbuf_detach(&b);
}

static void
check_shared(const struct document *d, const struct document *kiso, struct problem_list *out)
{
	char kpath[256];
	size_t i;

	for (i = 0; i < sizeof shared / sizeof shared[0]; i++) {
		struct item_ref kr, r;
		char *a, *b;

		if (!ref_of(kiso->form, shared[i].kiso, &kr) ||
		    !ref_of(d->form, shared[i].other, &r))
			continue;
		a = scalar(kiso, &kr);
		b = scalar(d, &r);
		if (a != NULL && b != NULL && strcmp(trim(a), trim(b)) != 0) {
			char *q = quote(a);
			add(out, &r,
			    _("does not agree with the 基礎項目評価書, whose %s says 「%s」"),
			    path_format(&kr, kpath, sizeof kpath), q);
			free(q);
		}
		free(a);
		free(b);
	}
}

static void
check_people(const struct document *d, const struct document *kiso, struct problem_list *out)
{
	enum threshold_people kb, b;
	struct item_ref kr, r;
	char *ka = field(kiso, THRESHOLD_FIELD_PEOPLE), *a = field(d, THRESHOLD_FIELD_PEOPLE);
	char kpath[256];

	if (ref_of_item(threshold_item(kiso->form, THRESHOLD_FIELD_PEOPLE), &kr) &&
	    ref_of_item(threshold_item(d->form, THRESHOLD_FIELD_PEOPLE), &r) &&
	    threshold_people_from_option(kiso->form, ka, &kb) &&
	    threshold_people_from_option(d->form, a, &b) && kb != b)
		add(out, &r, _("does not agree with the 基礎項目評価書, whose %s says 「%s」"),
		    path_format(&kr, kpath, sizeof kpath), ka);
	free(ka);
	free(a);
}

static void
check_with_kiso(const struct document *d, const struct document *kiso, struct problem_list *out)
{
	struct threshold_result computed, wr;
	enum threshold_level stated, own, want;
	bool have_stated = stated_level(kiso, &stated);
	bool have_computed = computed_result(kiso, &computed);
	struct item_ref r;

	if (ref_of_item(threshold_item(d->form, THRESHOLD_FIELD_RESULT), &r)) {
		if (have_stated && have_computed && computed.level != stated)
			add(out, &r,
			    _("the 基礎項目評価書's II answers give 「%s」, but its III says 「%s」"),
			    level_text(kiso->form, computed.level), level_text(kiso->form, stated));
		/* the 基礎項目評価書 as published (its III) is what this one must repeat */
		if (have_stated || have_computed) {
			want = have_stated ? stated : computed.level;
			wr = level_result(want);
			if (threshold_option(d->form, &wr) == NULL)
				add(out, &r,
				    _("the 基礎項目評価書 says 「%s」: this form cannot state that "
				      "result"),
				    level_text(kiso->form, want));
			else if (stated_level(d, &own) && own != want)
				add(out, &r,
				    _("does not agree with the 基礎項目評価書 (「%s」); it would be 「%s」"),
				    level_text(kiso->form, want), level_text(d->form, want));
		}
	}
	check_people(d, kiso, out);
	check_shared(d, kiso, out);
}

bool
crosscheck_document(const struct document *d, const struct document *kiso, struct problem_list *out,
    struct error *err)
{
	bool d_is_kiso;

	if (d == NULL || out == NULL) {
		error_item(err, NULL, _("nothing to check"));
		return false;
	}
	d_is_kiso = strcmp(d->form->id, "kiso") == 0;
	if (kiso != NULL && strcmp(kiso->form->id, "kiso") != 0) {
		error_item(err, NULL,
		    _("--with-kiso needs a 基礎項目評価書 (form kiso), not a %s document"),
		    kiso->form->id);
		return false;
	}
	if (kiso != NULL &&
	    (d_is_kiso || threshold_item(d->form, THRESHOLD_FIELD_RESULT) == NULL)) {
		error_item(err, NULL,
		    _("--with-kiso checks a 重点項目評価書 or 全項目評価書 against its 基礎項目評価書; "
		      "this is a %s document"),
		    d->form->id);
		return false;
	}
	if (d_is_kiso)
		check_kiso_threshold(d, out);
	if (kiso != NULL)
		check_with_kiso(d, kiso, out);
	return true;
}
