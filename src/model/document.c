/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Documents. The answers mapping mirrors the form: sections and groups are mappings keyed
 * by id, per-file sections and repeats are sequences of mappings, tables sequences of row
 * mappings. Everything else in the file rides along untouched. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/answer.h"
#include "piaform/document.h"
#include "piaform/i18n.h"
#include "piaform/xmalloc.h"

static bool
is_seq_item(const struct form_item *it)
{
	return it->per_file || it->kind == FORM_REPEAT || it->kind == FORM_TABLE;
}

struct document *
document_new(const struct form *f)
{
	struct document *d = xcalloc(1, sizeof *d);
	char v[16];

	d->form = f;
	d->root = node_map();
	snprintf(v, sizeof v, "%d", DOCUMENT_FORMAT);
	node_set(d->root, "piaform", node_scalar_str(v));
	node_set(d->root, "form", node_scalar_str(f->id));
	node_set(d->root, "revision", node_scalar_str(f->revision));
	d->answers = node_map();
	node_set(d->root, "answers", d->answers);
	return d;
}

void
document_free(struct document **d)
{
	if (d == NULL || *d == NULL)
		return;
	node_free(&(*d)->root);
	free(*d);
	*d = NULL;
}

/* --- shape check on load --- */

struct binder {
	const char *name;
	struct error *err;
};

static const char *
type_name(const struct node *n)
{
	return n->type == NODE_SCALAR ? _("a text")
	    : n->type == NODE_MAP     ? _("a mapping")
				      : _("a list");
}

static bool shape_container(struct binder *b, const struct form_item *const *kids, size_t nkids,
    const struct node *m, const char *where);

static bool
shape_value(struct binder *b, const struct form_item *it, const struct node *v)
{
	char where[400]; /* long labels (III …その他のリスク…) must not be cut mid-character */
	const struct node *t;
	size_t i;

	snprintf(where, sizeof where, "%s (%s)", it->label, it->id);
	if (it->per_file || it->kind == FORM_REPEAT || it->kind == FORM_TABLE) {
		if (v->type != NODE_SEQ) {
			error_at(b->err, b->name, v->line, v->column,
			    _("%s must be a list, not %s"), where, type_name(v));
			return false;
		}
		for (i = 0; i < v->nitems; i++) {
			const struct node *e = v->items[i];
			if (e->type != NODE_MAP) {
				error_at(b->err, b->name, e->line, e->column,
				    _("each entry of %s must be a mapping, not %s"), where,
				    type_name(e));
				return false;
			}
			if (!shape_container(b, (const struct form_item *const *)it->children,
				it->nchildren, e, where))
				return false;
			/* an instance's title is text like any one-line answer */
			t = it->titled ? node_get(e, "title") : NULL;
			if (t != NULL && t->type != NODE_SCALAR) {
				error_at(b->err, b->name, t->line, t->column,
				    _("the title of %s must be a text, not %s"), where,
				    type_name(t));
				return false;
			}
		}
		return true;
	}
	switch (it->kind) {
	case FORM_SECTION:
	case FORM_GROUP:
		if (v->type != NODE_MAP) {
			error_at(b->err, b->name, v->line, v->column,
			    _("%s must be a mapping, not %s"), where, type_name(v));
			return false;
		}
		return shape_container(
		    b, (const struct form_item *const *)it->children, it->nchildren, v, where);
	case FORM_CHECKS:
		if (v->type == NODE_SCALAR && answer_is_none(v))
			return true;
		if (v->type != NODE_SEQ) {
			error_at(b->err, b->name, v->line, v->column,
			    _("%s must be a list of checked options, not %s"), where, type_name(v));
			return false;
		}
		for (i = 0; i < v->nitems; i++) {
			const struct node *e = v->items[i];
			if (e->type == NODE_SEQ ||
			    (e->type == NODE_MAP &&
				(e->npairs != 1 || e->pairs[0].value->type != NODE_SCALAR))) {
				error_at(b->err, b->name, e->line, e->column,
				    _("%s: an entry is an option, or \"option: text\" for its ( ) part"),
				    where);
				return false;
			}
		}
		return true;
	default:
		if (v->type != NODE_SCALAR) {
			error_at(b->err, b->name, v->line, v->column,
			    _("%s must be a text, not %s"), where, type_name(v));
			return false;
		}
		return true;
	}
}

static bool
shape_container(struct binder *b, const struct form_item *const *kids, size_t nkids,
    const struct node *m, const char *where)
{
	size_t i, k;

	for (i = 0; i < m->npairs; i++) {
		for (k = 0; k < nkids; k++) {
			if (strcmp(kids[k]->id, m->pairs[i].key) == 0)
				break;
		}
		if (k == nkids) {
			/* not in the form: kept as it is (check reports it) */
			continue;
		}
		if (!shape_value(b, kids[k], m->pairs[i].value))
			return false;
	}
	(void)where;
	return true;
}

struct document *
document_bind(const struct formset *fs, struct node *root, const char *name, struct error *err)
{
	struct binder b = { name, err };
	const struct node *v, *f, *ans;
	const struct form *form;
	struct document *d;
	long fmt;

	if (root->type != NODE_MAP) {
		error_at(err, name, root->line, root->column,
		    _("not a piaform document: the file must be a mapping"));
		return NULL;
	}
	v = node_get(root, "piaform");
	if (v == NULL || v->type != NODE_SCALAR) {
		error_at(err, name, v != NULL ? v->line : root->line,
		    v != NULL ? v->column : root->column,
		    v != NULL
			? _("not a piaform document: \"piaform:\" must be a number such as %d")
			: _("not a piaform document: the \"piaform: %d\" line is missing"),
		    DOCUMENT_FORMAT);
		return NULL;
	}
	/* the whole value is the version: "1.5" or "1x" is not format 1 */
	fmt = v->len > 0 && v->len < 6 && strspn(v->str, "0123456789") == v->len
	    ? strtol(v->str, NULL, 10)
	    : -1;
	if (fmt < 1 || fmt > DOCUMENT_FORMAT) {
		error_at(err, name, v->line, v->column,
		    _("document format \"%s\" is not one this piaform reads (it reads %d)"), v->str,
		    DOCUMENT_FORMAT);
		return NULL;
	}
	f = node_get(root, "form");
	if (f == NULL || f->type != NODE_SCALAR) {
		error_at(err, name, f != NULL ? f->line : root->line,
		    f != NULL ? f->column : root->column,
		    f != NULL ? _("\"form:\" must be a form id such as juten")
			      : _("the \"form:\" line is missing"));
		return NULL;
	}
	form = formset_get(fs, f->str);
	if (form == NULL) {
		error_at(err, name, f->line, f->column,
		    _("unknown form \"%s\" (piaform forms lists the known ones)"), f->str);
		return NULL;
	}
	ans = node_get(root, "answers");
	if (ans != NULL && ans->type != NODE_MAP) {
		error_at(err, name, ans->line, ans->column, _("\"answers\" must be a mapping"));
		return NULL;
	}
	if (ans != NULL &&
	    !shape_container(&b, (const struct form_item *const *)form->sections, form->nsections,
		ans, "answers"))
		return NULL;
	d = xcalloc(1, sizeof *d);
	d->form = form;
	d->root = root;
	if (ans == NULL)
		node_set(root, "answers", node_map());
	d->answers = node_get(root, "answers");
	return d;
}

/* --- navigation --- */

/* The mapping in which ref->item's id is a key; created on the way when create is set. */
static struct node *
holder(const struct document *d, const struct item_ref *r, bool create)
{
	const struct form_item *chain[64];
	struct node *cur = d->answers, *next;
	size_t n = 0, level = 0;
	const struct form_item *a;

	for (a = r->item->parent; a != NULL && n < 64; a = a->parent)
		chain[n++] = a;
	while (n-- > 0) {
		a = chain[n];
		next = node_get(cur, a->id);
		if (next == NULL) {
			if (!create)
				return NULL;
			next = is_seq_item(a) ? node_seq() : node_map();
			node_set(cur, a->id, next);
		}
		if (a->per_file || a->kind == FORM_REPEAT) {
			unsigned k = level < r->nidx ? r->idx[level] : 0;
			level++;
			if (next->type != NODE_SEQ)
				return NULL;
			if (k >= next->nitems) {
				if (!create)
					return NULL;
				while (next->nitems <= k)
					node_push(next, node_map());
			}
			next = next->items[k];
		}
		if (next->type != NODE_MAP)
			return NULL;
		cur = next;
	}
	return cur;
}

const struct node *
document_holder(const struct document *d, const struct item_ref *ref)
{
	return holder(d, ref, false);
}

/* For a titled instance: the instance mapping. */
static struct node *
instance_map(const struct document *d, const struct item_ref *r, bool create)
{
	struct node *h = holder(d, r, create), *seq;
	unsigned k = r->nidx > 0 ? r->idx[r->nidx - 1] : 0;

	if (h == NULL)
		return NULL;
	seq = node_get(h, r->item->id);
	if (seq == NULL) {
		if (!create)
			return NULL;
		seq = node_seq();
		node_set(h, r->item->id, seq);
	}
	if (seq->type != NODE_SEQ)
		return NULL;
	if (k >= seq->nitems) {
		if (!create)
			return NULL;
		while (seq->nitems <= k)
			node_push(seq, node_map());
	}
	return seq->items[k]->type == NODE_MAP ? seq->items[k] : NULL;
}

const struct node *
document_get(const struct document *d, const struct item_ref *r)
{
	const struct node *h;

	if (r->instance && r->item->kind == FORM_REPEAT) {
		h = instance_map(d, r, false);
		return h != NULL ? node_get(h, "title") : NULL;
	}
	h = holder(d, r, false);
	return h != NULL ? node_get(h, r->item->id) : NULL;
}

void
document_set(struct document *d, const struct item_ref *r, struct node *value)
{
	struct node *h;
	const char *key = r->item->id;

	d->generation++;
	if (r->instance && r->item->kind == FORM_REPEAT) {
		h = instance_map(d, r, value != NULL);
		key = "title";
	} else {
		h = holder(d, r, value != NULL);
	}
	if (h == NULL) {
		node_free(&value);
		return;
	}
	if (value == NULL)
		node_del(h, key);
	else if (strcmp(key, "title") == 0 && node_find(h, "title") < 0)
		node_insert_pair(h, 0, key, value);
	else
		node_set(h, key, value);
}

static struct node *
instance_seq(const struct document *d, const struct item_ref *r, bool create)
{
	struct item_ref outer = *r;
	struct node *h, *seq;

	outer.instance = false;
	outer.nidx = path_levels(r->item, false);
	h = holder(d, &outer, create);
	if (h == NULL)
		return NULL;
	seq = node_get(h, r->item->id);
	if (seq == NULL && create) {
		seq = node_seq();
		node_set(h, r->item->id, seq);
	}
	return seq != NULL && seq->type == NODE_SEQ ? seq : NULL;
}

size_t
document_count(const struct document *d, const struct item_ref *r)
{
	const struct node *seq;

	if (r->item->per_file)
		return document_files(d);
	seq = instance_seq(d, r, false);
	return seq != NULL ? seq->nitems : 0;
}

size_t
document_files(const struct document *d)
{
	size_t i, n = 1;

	for (i = 0; i < d->form->nsections; i++) {
		const struct node *seq = node_get(d->answers, d->form->sections[i]->id);
		if (d->form->sections[i]->per_file && seq != NULL && seq->type == NODE_SEQ &&
		    seq->nitems > n)
			n = seq->nitems;
	}
	return n;
}

/* Apply op to every per-file section (files move together), or to one repeat. */
enum inst_op { OP_ADD, OP_DUP, OP_REMOVE, OP_MOVE };

static bool
instance_op(struct document *d, const struct item_ref *r, enum inst_op op, size_t a, size_t b,
    struct error *err)
{
	size_t count = document_count(d, r), i;
	int max = r->item->per_file ? 99 : r->item->max;
	int min = r->item->per_file ? 1 : r->item->min;
	const char *name = r->item->per_file ? _("特定個人情報ファイル") : r->item->instance;

	if ((op == OP_ADD || op == OP_DUP) && (int)count >= max) {
		error_item(err, NULL, _("at most %d %s are allowed"), max, name);
		return false;
	}
	if (op == OP_REMOVE && (int)count <= min && min > 0 && a < count) {
		error_item(err, NULL, _("at least %d %s must remain"), min, name);
		return false;
	}
	if ((op != OP_ADD && a >= count) || (op == OP_MOVE && b >= count) ||
	    (op == OP_ADD && a > count)) {
		error_item(err, NULL, _("there is no %s%zu"), name,
		    (op == OP_MOVE && b >= count ? b : a) + 1);
		return false;
	}
	for (i = 0; i < d->form->nsections || i == 0; i++) {
		struct item_ref one = *r;
		struct node *seq;

		if (r->item->per_file) {
			if (i >= d->form->nsections)
				break;
			if (!d->form->sections[i]->per_file)
				continue;
			one.item = d->form->sections[i];
		}
		seq = instance_seq(d, &one, true);
		if (seq == NULL)
			return false;
		while (seq->nitems < count)
			node_push(seq, node_map());
		switch (op) {
		case OP_ADD:
			node_insert(seq, a, node_map());
			break;
		case OP_DUP:
			node_insert(seq, a + 1, node_clone(seq->items[a]));
			break;
		case OP_REMOVE:
			node_remove(seq, a);
			break;
		case OP_MOVE:
			node_insert(seq, b, node_take(seq, a));
			break;
		}
		if (!r->item->per_file)
			break;
	}
	d->generation++;
	return true;
}

bool
document_instance_add(struct document *d, const struct item_ref *r, size_t pos, struct error *err)
{
	return instance_op(d, r, OP_ADD, pos, 0, err);
}

bool
document_instance_dup(struct document *d, const struct item_ref *r, size_t pos, struct error *err)
{
	return instance_op(d, r, OP_DUP, pos, 0, err);
}

bool
document_instance_remove(
    struct document *d, const struct item_ref *r, size_t pos, struct error *err)
{
	return instance_op(d, r, OP_REMOVE, pos, 0, err);
}

bool
document_instance_move(
    struct document *d, const struct item_ref *r, size_t from, size_t to, struct error *err)
{
	return instance_op(d, r, OP_MOVE, from, to, err);
}

/* --- canonical order --- */

static struct node *
ordered_map(const struct node *m, struct form_item *const *kids, size_t nkids, bool titled);

static struct node *
ordered_value(const struct form_item *it, const struct node *v)
{
	struct node *out;
	size_t i;

	if (is_seq_item(it) && v->type == NODE_SEQ) {
		out = node_seq();
		for (i = 0; i < v->nitems; i++) {
			const struct node *e = v->items[i];
			node_push(out,
			    e->type == NODE_MAP
				? ordered_map(e, it->children, it->nchildren, it->titled)
				: node_clone(e));
		}
		return out;
	}
	if ((it->kind == FORM_GROUP || it->kind == FORM_SECTION) && v->type == NODE_MAP)
		return ordered_map(v, it->children, it->nchildren, false);
	return node_clone(v);
}

static struct node *
ordered_map(const struct node *m, struct form_item *const *kids, size_t nkids, bool titled)
{
	struct node *out = node_map();
	size_t i, k;

	if (titled && node_get(m, "title") != NULL)
		node_set(out, "title", node_clone(node_get(m, "title")));
	for (k = 0; k < nkids; k++) {
		const struct node *v = node_get(m, kids[k]->id);
		struct node *o;

		if (v == NULL)
			continue;
		o = ordered_value(kids[k], v);
		/* a group left without answers carries nothing worth a line in the file */
		if ((kids[k]->kind == FORM_GROUP ||
			(kids[k]->kind == FORM_SECTION && !kids[k]->per_file)) &&
		    o->type == NODE_MAP && o->npairs == 0 && v->type == NODE_MAP) {
			node_free(&o);
			continue;
		}
		node_set(out, kids[k]->id, o);
	}
	for (i = 0; i < m->npairs; i++) {
		/* known keys were placed (or deliberately dropped) above */
		for (k = 0; k < nkids && strcmp(kids[k]->id, m->pairs[i].key) != 0; k++)
			;
		if (k == nkids && !(titled && strcmp(m->pairs[i].key, "title") == 0))
			node_set(out, m->pairs[i].key, node_clone(m->pairs[i].value));
	}
	return out;
}

struct node *
document_serialize(const struct document *d)
{
	static const char *const header[] = { "piaform", "form", "revision", "answers" };
	struct node *out = node_map();
	size_t i;
	char v[16];

	snprintf(v, sizeof v, "%d", DOCUMENT_FORMAT);
	node_set(out, "piaform", node_scalar_str(v));
	node_set(out, "form", node_scalar_str(d->form->id));
	node_set(out, "revision", node_clone(node_get(d->root, "revision")));
	if (node_get(out, "revision") == NULL)
		node_set(out, "revision", node_scalar_str(d->form->revision));
	node_set(
	    out, "answers", ordered_map(d->answers, d->form->sections, d->form->nsections, false));
	for (i = 0; i < d->root->npairs; i++) {
		size_t k;
		for (k = 0; k < 4 && strcmp(header[k], d->root->pairs[i].key) != 0; k++)
			;
		if (k == 4)
			node_set(out, d->root->pairs[i].key, node_clone(d->root->pairs[i].value));
	}
	return out;
}
