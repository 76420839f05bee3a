/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 変更箇所 diff. Both documents are walked along the one form, keeping an item reference
 * into each (their instance numbers may differ once repeats are matched by identity), and an
 * answer that reads differently is one row. Identity matching aligns the instances on their
 * keys (longest common subsequence) and pairs what is left between two anchors by position,
 * so a renamed システム is still one changed instance and not a removal plus an addition. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/answer.h"
#include "piaform/diff.h"
#include "piaform/i18n.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"

/* the 変更箇所 table's row columns (doc/document-format.md; ids never change) */
#define HENKO_ROWS "henko.rows"

struct differ {
	const struct document *d[2]; /* older, newer */
	enum diff_match match;
	struct diff_list *out;
};

void
diff_list_clear(struct diff_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].title);
		free(l->v[i].before);
		free(l->v[i].after);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

const char *
diff_jiki(const struct form *f, const struct diff_row *r)
{
	const struct form_item *it = f != NULL ? form_lookup(f, HENKO_ROWS ".jiki") : NULL;
	bool before = r != NULL && r->important;

	/* the option texts live in the form; positions: 1) 事前 2) 事後 */
	if (it != NULL && it->options != NULL && it->options->n >= 2)
		return it->options->v[before ? 0 : 1].text;
	return before ? "事前" : "事後";
}

char *
diff_answer_text(const struct form_item *it, const struct node *v)
{
	struct strbuf b = STRBUF_INIT;

	if (it == NULL || !answer_present(v))
		return xstrdup("");
	if (answer_is_none(v))
		return xstrdup(ANSWER_NONE);
	if (it->kind == FORM_FLAG && v->type == NODE_SCALAR) {
		/* a lone ○ says nothing in a table: write the box as the form prints it */
		strbuf_addf(&b, "%s %s", node_is(v, "true") ? "[○]" : "[ ]", it->label);
		return strbuf_detach(&b);
	}
	return answer_text_joined(it, v, "、");
}

/* --- the long 項目 --- */

/* The item that names a 特定個人情報ファイル: the first one-line text of the first per-file
 * section (II 1. 特定個人情報ファイル名). */
static const struct form_item *
file_name_item(const struct form *f)
{
	size_t i, k;

	for (i = 0; i < f->nsections; i++) {
		const struct form_item *s = f->sections[i];
		if (!s->per_file)
			continue;
		for (k = 0; k < s->nchildren; k++) {
			if (s->children[k]->kind == FORM_TEXT)
				return s->children[k];
		}
		return NULL;
	}
	return NULL;
}

char *
diff_item_title(const struct document *d, const struct item_ref *ref)
{
	const struct form_item *chain[64], *it;
	struct strbuf b = STRBUF_INIT;
	char title[1024];
	size_t n = 0, level = 0;
	long file = -1;

	for (it = ref->item; it != NULL && n < 64; it = it->parent)
		chain[n++] = it;
	while (n-- > 0) {
		bool self = n == 0, instance = !self || ref->instance;
		unsigned k;

		it = chain[n];
		k = level < ref->nidx ? ref->idx[level] : 0;
		if (b.len > 0)
			strbuf_addc(&b, ' ');
		if (it->per_file) {
			strbuf_adds(&b, form_item_title(it, title, sizeof title));
			file = (long)k;
			level++;
			continue;
		}
		if (it->kind == FORM_REPEAT) {
			/* システム1 after its heading; an unnumbered repeat (委託事項) is named by its
			 * instances alone */
			if (it->num != NULL)
				strbuf_adds(&b, form_item_title(it, title, sizeof title));
			if (instance)
				strbuf_addf(
				    &b, "%s%s%u", it->num != NULL ? " " : "", it->instance, k + 1);
			else if (it->num == NULL)
				strbuf_adds(&b, it->label);
			level++;
			continue;
		}
		strbuf_adds(&b, form_item_title(it, title, sizeof title));
	}
	/* with several files, say which one as the seeds do: (1. 特定個人情報ファイル名:(2)…) */
	if (file >= 0 && document_files(d) > 1) {
		const struct form_item *fn = file_name_item(d->form);
		if (fn != NULL) {
			struct item_ref r;
			char *name;

			memset(&r, 0, sizeof r);
			r.item = fn;
			r.nidx = 1;
			r.idx[0] = (unsigned)file;
			name = answer_text(fn, document_get(d, &r));
			strbuf_addf(&b, " (%s:(%ld)%s)", form_item_title(fn, title, sizeof title),
			    file + 1, name);
			free(name);
		}
	}
	return strbuf_detach(&b);
}

/* --- rows --- */

static void
add_row(struct differ *df, int side, const struct item_ref *ref, char *before, char *after,
    enum diff_change change)
{
	struct diff_list *l = df->out;
	struct diff_row *r;
	char path[1024];

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	r = &l->v[l->n++];
	memset(r, 0, sizeof *r);
	r->ref = *ref;
	r->path = xstrdup(path_format(ref, path, sizeof path));
	r->title = diff_item_title(df->d[side], ref);
	r->before = before;
	r->after = after;
	r->important = ref->item->important;
	r->change = change;
}

/* The text of the answer at r[k] in document k, "" when absent or when the instance is. An
 * instance's title is read as a one-line text. */
static char *
cell(struct differ *df, int k, const struct item_ref *r, bool in)
{
	const struct node *v = in ? document_get(df->d[k], r) : NULL;

	if (r->instance && r->item->kind == FORM_REPEAT)
		return v != NULL && v->type == NODE_SCALAR ? xstrndup(v->str, v->len) : xstrdup("");
	if (r->item->kind == FORM_FLAG && !answer_present(v)) {
		/* an unanswered box is an empty box: no row between absent and false */
		struct node *no = node_scalar_str("false");
		char *t = diff_answer_text(r->item, no);
		node_free(&no);
		return t;
	}
	return diff_answer_text(r->item, v);
}

static void
compare(struct differ *df, const struct item_ref r[2], const bool in[2])
{
	char *t0 = cell(df, 0, &r[0], in[0]), *t1 = cell(df, 1, &r[1], in[1]);

	/* what reads the same is no change ("1" and "01", an empty list and none) */
	if (strcmp(t0, t1) == 0) {
		free(t0);
		free(t1);
		return;
	}
	if (t1[0] == '\0') {
		free(t1);
		t1 = xstrdup(DIFF_REMOVED_TEXT);
	}
	add_row(df, in[1] ? 1 : 0, &r[in[1] ? 1 : 0], t0, t1, DIFF_CHANGED);
}

char *
diff_instance_key(const struct document *d, const struct item_ref *inst)
{
	const struct node *v;
	size_t i;

	if (inst->item->titled) {
		v = document_get(d, inst);
		if (v != NULL && v->type == NODE_SCALAR && v->len > 0)
			return xstrndup(v->str, v->len);
	}
	for (i = 0; i < inst->item->nchildren; i++) {
		const struct form_item *c = inst->item->children[i];
		struct item_ref r = *inst;

		if (c->kind != FORM_TEXT && c->kind != FORM_TEXTAREA)
			continue;
		r.item = c;
		r.instance = false;
		v = document_get(d, &r);
		if (v != NULL && v->type == NODE_SCALAR && v->len > 0 && !answer_is_none(v))
			return xstrndup(v->str, v->len);
	}
	return NULL;
}

void
diff_pairing_clear(struct diff_pairing *p)
{
	if (p == NULL)
		return;
	free(p->v);
	memset(p, 0, sizeof *p);
}

static void
pair_add(struct diff_pairing *p, long a, long b)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	p->v[p->n][0] = a;
	p->v[p->n][1] = b;
	p->n++;
}

/* Pair what lies between two anchors: position by position (when fill is set), then the
 * leftovers alone. */
static void
flush_gap(struct diff_pairing *p, const long *go, size_t ngo, const long *gn, size_t ngn, bool fill)
{
	size_t i, m = fill ? (ngo < ngn ? ngo : ngn) : 0;

	for (i = 0; i < m; i++)
		pair_add(p, go[i], gn[i]);
	for (i = m; i < ngo; i++)
		pair_add(p, go[i], -1);
	for (i = m; i < ngn; i++)
		pair_add(p, -1, gn[i]);
}

static bool
key_equal(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

void
diff_pair_keys(
    struct diff_pairing *p, char *const *k0, size_t n0, char *const *k1, size_t n1, bool fill)
{
	/* lcs[i][j]: the longest common subsequence of k0[i..] and k1[j..] */
	size_t w = n1 + 1, i, j, ngo = 0, ngn = 0;
	unsigned *lcs = xcalloc((n0 + 1) * w, sizeof *lcs);
	long *go = xcalloc(n0 + 1, sizeof *go), *gn = xcalloc(n1 + 1, sizeof *gn);

	for (i = n0; i-- > 0;) {
		for (j = n1; j-- > 0;) {
			if (key_equal(k0[i], k1[j]))
				lcs[i * w + j] = lcs[(i + 1) * w + j + 1] + 1;
			else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])
				lcs[i * w + j] = lcs[(i + 1) * w + j];
			else
				lcs[i * w + j] = lcs[i * w + j + 1];
		}
	}
	i = j = 0;
	while (i < n0 || j < n1) {
		if (i < n0 && j < n1 && key_equal(k0[i], k1[j]) &&
		    lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1) {
			flush_gap(p, go, ngo, gn, ngn, fill);
			ngo = ngn = 0;
			pair_add(p, (long)i++, (long)j++);
		} else if (j == n1 || (i < n0 && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
			go[ngo++] = (long)i++;
		} else {
			gn[ngn++] = (long)j++;
		}
	}
	flush_gap(p, go, ngo, gn, ngn, fill);
	free(lcs);
	free(go);
	free(gn);
}

static void walk(struct differ *df, const struct form_item *it, struct item_ref r[2], bool in[2]);

static void
walk_children(struct differ *df, const struct form_item *it, const struct item_ref r[2], bool in[2])
{
	size_t i;
	int k;

	for (i = 0; i < it->nchildren; i++) {
		struct item_ref c[2];
		for (k = 0; k < 2; k++) {
			c[k] = r[k];
			c[k].item = it->children[i];
			c[k].instance = false;
		}
		walk(df, it->children[i], c, in);
	}
}

/* One instance that only one side has, under identity matching: one row for all of it. */
static void
instance_row(struct differ *df, int k, const struct item_ref *inst)
{
	char *key = diff_instance_key(df->d[k], inst);
	char *before, *after;

	if (key == NULL) {
		char name[256];
		snprintf(
		    name, sizeof name, "%s%u", inst->item->instance, inst->idx[inst->nidx - 1] + 1);
		key = xstrdup(name);
	}
	if (k == 0) {
		before = key;
		after = xstrdup(DIFF_REMOVED_TEXT);
	} else {
		before = xstrdup("");
		after = key;
	}
	add_row(df, k, inst, before, after, k == 0 ? DIFF_REMOVED : DIFF_ADDED);
}

static void
walk_instances(struct differ *df, const struct form_item *it, struct item_ref r[2], bool in[2])
{
	struct item_ref outer[2];
	struct diff_pairing p = { NULL, 0, 0 };
	size_t cnt[2], i;
	char **keys[2] = { NULL, NULL };
	int k;

	for (k = 0; k < 2; k++) {
		outer[k] = r[k];
		outer[k].item = it;
		outer[k].nidx = path_levels(it, false);
		outer[k].instance = false;
		cnt[k] = in[k] ? document_count(df->d[k], &outer[k]) : 0;
	}
	if (outer[0].nidx >= PATH_MAX_LEVELS)
		return;
	if (df->match == DIFF_MATCH_IDENTITY && !it->per_file) {
		for (k = 0; k < 2; k++) {
			keys[k] = xcalloc(cnt[k] + 1, sizeof *keys[k]);
			for (i = 0; i < cnt[k]; i++) {
				struct item_ref inst = outer[k];
				inst.idx[inst.nidx++] = (unsigned)i;
				inst.instance = true;
				keys[k][i] = diff_instance_key(df->d[k], &inst);
			}
		}
		diff_pair_keys(&p, keys[0], cnt[0], keys[1], cnt[1], true);
	} else {
		for (i = 0; i < cnt[0] || i < cnt[1]; i++)
			pair_add(&p, i < cnt[0] ? (long)i : -1, i < cnt[1] ? (long)i : -1);
	}
	for (i = 0; i < p.n; i++) {
		struct item_ref inst[2];
		bool here[2];

		for (k = 0; k < 2; k++) {
			inst[k] = outer[k];
			here[k] = p.v[i][k] >= 0;
			/* an absent side still needs a number for its path: the other side's */
			inst[k].idx[inst[k].nidx++] =
			    (unsigned)(here[k] ? p.v[i][k] : p.v[i][1 - k]);
			inst[k].instance = true;
		}
		if (!(here[0] && here[1]) && df->match == DIFF_MATCH_IDENTITY && !it->per_file) {
			instance_row(df, here[0] ? 0 : 1, &inst[here[0] ? 0 : 1]);
			continue;
		}
		if (it->titled)
			compare(df, inst, here);
		walk_children(df, it, inst, here);
	}
	for (k = 0; k < 2; k++) {
		for (i = 0; keys[k] != NULL && i < cnt[k]; i++)
			free(keys[k][i]);
		free(keys[k]);
	}
	diff_pairing_clear(&p);
}

static void
walk(struct differ *df, const struct form_item *it, struct item_ref r[2], bool in[2])
{
	if (it->kind == FORM_TABLE || it->kind == FORM_FIXED)
		return; /* the 変更箇所 table records changes; it is not one */
	if (it->per_file || it->kind == FORM_REPEAT) {
		walk_instances(df, it, r, in);
		return;
	}
	if (form_kind_answerable(it->kind)) {
		compare(df, r, in);
		return;
	}
	walk_children(df, it, r, in);
}

bool
diff_documents(const struct document *older, const struct document *newer, enum diff_match match,
    struct diff_list *out, struct error *err)
{
	struct differ df = { { older, newer }, match, out };
	size_t i;

	if (older == NULL || newer == NULL || out == NULL) {
		error_item(err, NULL, _("nothing to compare"));
		return false;
	}
	if (older->form != newer->form && strcmp(older->form->id, newer->form->id) != 0) {
		error_item(err, NULL,
		    _("the documents are of different forms (%s and %s); 変更箇所 compare two "
		      "versions of one document"),
		    older->form->id, newer->form->id);
		return false;
	}
	for (i = 0; i < newer->form->nsections; i++) {
		const struct form_item *s = newer->form->sections[i];
		struct item_ref r[2];
		bool in[2] = { true, true };

		memset(r, 0, sizeof r);
		r[0].item = r[1].item = s;
		walk(&df, s, r, in);
	}
	return true;
}

/* --- as table rows --- */

struct node *
diff_rows_node(
    const struct document *d, const struct diff_list *l, const char *date, bool long_style)
{
	struct node *seq = node_seq();
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++) {
		const struct diff_row *r = &l->v[i];
		struct node *m = node_map();

		if (date != NULL && date[0] != '\0')
			node_set(m, "date", node_scalar_str(date));
		node_set(m, "koumoku", node_scalar_str(long_style ? r->title : r->path));
		/* an empty cell is left out: absent means "to be written" in a document */
		if (r->before[0] != '\0')
			node_set(m, "before", node_scalar_str(r->before));
		node_set(m, "after", node_scalar_str(r->after));
		node_set(m, "jiki", node_scalar_str(diff_jiki(d != NULL ? d->form : NULL, r)));
		node_push(seq, m);
	}
	return seq;
}
