/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The validator walks the form and the document together, instance by instance. Not
 * applicable is decided from the top down, so an item below a flag such as 委託しない is n/a
 * with its whole block; answers kept under an n/a item are reported, never removed. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/answer.h"
#include "piaform/comment.h"
#include "piaform/i18n.h"
#include "piaform/merge.h"
#include "piaform/strbuf.h"
#include "piaform/validate.h"
#include "piaform/xmalloc.h"

const char *
severity_name(enum severity s)
{
	switch (s) {
	case SEVERITY_ERROR:
		return "error";
	case SEVERITY_MISSING:
		return "missing";
	default:
		return "warning";
	}
}

void
problem_list_clear(struct problem_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].message);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

size_t
problem_list_count(const struct problem_list *l, enum severity s)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].severity == s;
	return n;
}

static void add(struct problem_list *l, const struct item_ref *r, const char *path, enum severity s,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
add(struct problem_list *l, const struct item_ref *r, const char *path, enum severity s,
    const char *fmt, ...)
{
	struct problem *p;
	char buf[1024];
	va_list ap;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	p = &l->v[l->n++];
	memset(p, 0, sizeof *p);
	if (r != NULL) {
		p->ref = *r;
		path_format(r, buf, sizeof buf);
		p->path = xstrdup(buf);
	} else {
		p->path = xstrdup(path);
	}
	p->severity = s;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	p->message = xstrdup(buf);
}

/* --- conditions --- */

/* Repeat and per-file levels above item, outermost first (and the item when it is one). */
static size_t
levels(const struct form_item *item, const struct form_item **out)
{
	const struct form_item *chain[PATH_MAX_LEVELS];
	const struct form_item *it;
	size_t n = 0, i;

	for (it = item->parent; it != NULL; it = it->parent) {
		if ((it->kind == FORM_REPEAT || it->per_file) && n < PATH_MAX_LEVELS)
			chain[n++] = it;
	}
	for (i = 0; i < n; i++)
		out[i] = chain[n - 1 - i];
	return n;
}

static bool leaf_holds(const struct document *d, const struct cond *c, const struct node *v);

/* Try the referenced item in every instance allowed from level k on. */
static bool
any_instance(const struct document *d, const struct cond *c, struct item_ref *r,
    const struct form_item **lv, size_t nlv, size_t k, const struct item_ref *ctx,
    const struct form_item **ctxlv, size_t nctx, bool bound)
{
	size_t i, n;

	if (k == nlv)
		return leaf_holds(d, c, document_get(d, r));
	/* bound while the levels are the same ones as the context's (all files are one level) */
	if (bound && k < nctx && k < ctx->nidx &&
	    (lv[k] == ctxlv[k] || (lv[k]->per_file && ctxlv[k]->per_file))) {
		r->idx[k] = ctx->idx[k];
		return any_instance(d, c, r, lv, nlv, k + 1, ctx, ctxlv, nctx, true);
	}
	struct item_ref outer = *r;
	outer.item = lv[k];
	outer.nidx = k;
	outer.instance = false;
	n = document_count(d, &outer);
	for (i = 0; i < n; i++) {
		r->idx[k] = (unsigned)i;
		if (any_instance(d, c, r, lv, nlv, k + 1, ctx, ctxlv, nctx, false))
			return true;
	}
	return false;
}

static bool
leaf_holds(const struct document *d, const struct cond *c, const struct node *v)
{
	const struct form_item *it = c->ref;
	bool present = answer_present(v) && !answer_is_none(v);
	size_t i;

	switch (c->op) {
	case COND_ANSWERED:
		return answer_present(v) == (c->flag == 1);
	case COND_IS:
	case COND_IS_NOT:
		if (it->kind == FORM_FLAG) {
			bool checked = node_is(v, "true");
			return (checked == (c->flag == 1)) == (c->op == COND_IS);
		}
		for (i = 0; i < c->nvalues; i++) {
			if (node_is(v, c->values[i]))
				return c->op == COND_IS;
		}
		return c->op == COND_IS_NOT && present;
	case COND_HAS:
		for (i = 0; i < c->nvalues; i++) {
			if (answer_has(it, v, c->values[i]))
				return true;
		}
		return false;
	case COND_LACKS:
		if (!present)
			return false;
		for (i = 0; i < c->nvalues; i++) {
			if (answer_has(it, v, c->values[i]))
				return false;
		}
		return true;
	default:
		return false;
	}
}

bool
validate_cond(const struct document *d, const struct cond *c, const struct item_ref *ctx)
{
	const struct form_item *lv[PATH_MAX_LEVELS], *ctxlv[PATH_MAX_LEVELS];
	struct item_ref r;
	size_t i, nlv, nctx;

	switch (c->op) {
	case COND_ALL:
		for (i = 0; i < c->nsub; i++) {
			if (!validate_cond(d, c->sub[i], ctx))
				return false;
		}
		return true;
	case COND_ANY:
		for (i = 0; i < c->nsub; i++) {
			if (validate_cond(d, c->sub[i], ctx))
				return true;
		}
		return false;
	case COND_NOT:
		return !validate_cond(d, c->sub[0], ctx);
	default:
		break;
	}
	memset(&r, 0, sizeof r);
	r.item = c->ref;
	nlv = levels(c->ref, lv);
	r.nidx = nlv;
	nctx = levels(ctx->item, ctxlv);
	if (ctx->instance && nctx < PATH_MAX_LEVELS)
		ctxlv[nctx++] = ctx->item;
	return any_instance(d, c, &r, lv, nlv, 0, ctx, ctxlv, nctx, true);
}

/* A readable reason for a condition: its own text, or one made from it. */
static void
describe(const struct cond *c, char *buf, size_t size)
{
	if (c->reason != NULL) {
		snprintf(buf, size, "%s", c->reason);
		return;
	}
	switch (c->op) {
	case COND_IS:
		if (c->ref->kind == FORM_FLAG)
			snprintf(buf, size,
			    c->flag ? _("「%s」 is checked") : _("「%s」 is not checked"),
			    c->ref->label);
		else
			snprintf(buf, size, _("「%s」 is 「%s」"), c->ref->label, c->values[0]);
		break;
	case COND_IS_NOT:
		snprintf(buf, size, _("「%s」 is not 「%s」"), c->ref->label,
		    c->nvalues ? c->values[0] : "");
		break;
	case COND_HAS:
		snprintf(buf, size, _("「%s」 includes 「%s」"), c->ref->label, c->values[0]);
		break;
	case COND_LACKS:
		snprintf(
		    buf, size, _("「%s」 does not include 「%s」"), c->ref->label, c->values[0]);
		break;
	case COND_ANSWERED:
		snprintf(buf, size, c->flag ? _("「%s」 is answered") : _("「%s」 is not answered"),
		    c->ref->label);
		break;
	case COND_ANY:
	case COND_ALL:
		describe(c->sub[0], buf, size);
		break;
	case COND_NOT:
		snprintf(buf, size, _("a condition of the form holds"));
		break;
	}
}

/* For na_if lists (any): describe the member that holds. */
static void
describe_holding(const struct document *d, const struct cond *c, const struct item_ref *ctx,
    char *buf, size_t size)
{
	size_t i;

	if (c->op == COND_ANY && c->reason == NULL) {
		for (i = 0; i < c->nsub; i++) {
			if (validate_cond(d, c->sub[i], ctx)) {
				describe_holding(d, c->sub[i], ctx, buf, size);
				return;
			}
		}
	}
	describe(c, buf, size);
}

/* The ref of an ancestor, with the indices that apply to it. */
static struct item_ref
ancestor_ref(const struct item_ref *r, const struct form_item *a)
{
	struct item_ref o = *r;

	o.item = a;
	o.nidx = path_levels(a, true);
	o.instance = a->kind == FORM_REPEAT || a->per_file;
	if (o.nidx > r->nidx)
		o.nidx = r->nidx;
	return o;
}

bool
validate_not_applicable(
    const struct document *d, const struct item_ref *r, char *reason, size_t size)
{
	const struct form_item *chain[64], *a;
	size_t n = 0;

	for (a = r->item; a != NULL && n < 64; a = a->parent)
		chain[n++] = a;
	while (n-- > 0) {
		struct item_ref ar = ancestor_ref(r, chain[n]);
		if (chain[n] == r->item)
			ar = *r;
		if (chain[n]->na_if != NULL && validate_cond(d, chain[n]->na_if, &ar)) {
			if (reason != NULL)
				describe_holding(d, chain[n]->na_if, &ar, reason, size);
			return true;
		}
	}
	return false;
}

/* --- the walk --- */

struct walk {
	const struct document *d;
	struct problem_list *out;
};

static void walk_item(
    struct walk *w, const struct form_item *it, struct item_ref *r, bool na, const char *reason);

static void
check_unknown_keys(
    struct walk *w, const struct form_item *it, const struct node *m, const struct item_ref *r)
{
	size_t i, k;
	char path[1024];

	if (m == NULL || m->type != NODE_MAP)
		return;
	for (i = 0; i < m->npairs; i++) {
		for (k = 0; k < it->nchildren; k++) {
			if (strcmp(it->children[k]->id, m->pairs[i].key) == 0)
				break;
		}
		if (k < it->nchildren || (it->titled && strcmp(m->pairs[i].key, "title") == 0))
			continue;
		path_format(r, path, sizeof path);
		add(w->out, NULL, path, SEVERITY_WARNING,
		    _("\"%s\" is not an item of this form; it is kept as it is"), m->pairs[i].key);
	}
}

static void
walk_children(
    struct walk *w, const struct form_item *it, struct item_ref *r, bool na, const char *reason)
{
	size_t i;

	for (i = 0; i < it->nchildren; i++) {
		struct item_ref c = *r;
		c.item = it->children[i];
		c.instance = false;
		walk_item(w, it->children[i], &c, na, reason);
	}
}

static void
check_free_texts(
    struct walk *w, const struct form_item *it, const struct node *v, const struct item_ref *r)
{
	size_t i;

	if (v == NULL || v->type != NODE_SEQ)
		return;
	for (i = 0; i < v->nitems; i++) {
		const char *ft;
		int k = answer_check_entry(it, v->items[i], &ft);
		if (k >= 0 && it->options->v[k].free && (ft == NULL || ft[0] == '\0'))
			add(w->out, r, NULL, SEVERITY_WARNING,
			    _("「%s」 is checked: write what it is in its ( )"),
			    it->options->v[k].text);
	}
}

static void
check_table(
    struct walk *w, const struct form_item *it, const struct node *v, const struct item_ref *r)
{
	size_t i, k;
	char path[1024], msg[512];

	if (v == NULL || v->type != NODE_SEQ)
		return;
	path_format(r, path, sizeof path);
	for (i = 0; i < v->nitems; i++) {
		const struct node *row = v->items[i];
		for (k = 0; k < it->nchildren; k++) {
			const struct form_item *col = it->children[k];
			const struct node *cell = node_get(row, col->id);
			char cpath[1200];

			snprintf(cpath, sizeof cpath, "%s-%zu-%s", path, i + 1, col->label);
			if (!answer_present(cell)) {
				if (col->required)
					add(w->out, NULL, cpath, SEVERITY_MISSING,
					    _("not answered"));
				continue;
			}
			if (!answer_valid(col, cell, msg, sizeof msg))
				add(w->out, NULL, cpath, SEVERITY_ERROR, "%s", msg);
		}
	}
}

static void
walk_answer(
    struct walk *w, const struct form_item *it, struct item_ref *r, bool na, const char *reason)
{
	const struct node *v = document_get(w->d, r);
	char msg[1024];
	size_t i;

	if (na) {
		if (answer_present(v) && !answer_is_none(v) &&
		    !(it->kind == FORM_FLAG && node_is(v, "false")) &&
		    !(v->type == NODE_SEQ && v->nitems == 0))
			add(w->out, r, NULL, SEVERITY_WARNING,
			    _("answered, but not applicable: %s (the answer is kept)"), reason);
		return;
	}
	if (!answer_present(v)) {
		if (it->required && it->kind != FORM_TABLE && it->kind != FORM_FLAG)
			add(w->out, r, NULL, SEVERITY_MISSING, _("not answered"));
	} else if (!answer_valid(it, v, msg, sizeof msg)) {
		add(w->out, r, NULL, SEVERITY_ERROR, "%s", msg);
	} else if (it->kind == FORM_CHECKS) {
		check_free_texts(w, it, v, r);
	} else if (it->kind == FORM_TABLE) {
		check_table(w, it, v, r);
	} else if (it->kind == FORM_COUNT && it->counts != NULL && !answer_is_none(v)) {
		struct item_ref rr = *r;
		size_t n;
		rr.item = it->counts;
		rr.nidx = path_levels(it->counts, false);
		rr.instance = false;
		n = document_count(w->d, &rr);
		if (strtoul(v->str, NULL, 10) != n)
			add(w->out, r, NULL, SEVERITY_WARNING,
			    _("the count says %s but %zu %s are filled in"), v->str, n,
			    it->counts->instance);
	}
	for (i = 0; i < it->nwarns; i++) {
		if (validate_cond(w->d, it->warns[i].cond, r))
			add(w->out, r, NULL, SEVERITY_WARNING, "%s", it->warns[i].message);
	}
}

static void
walk_item(
    struct walk *w, const struct form_item *it, struct item_ref *r, bool na, const char *reason)
{
	char own[512];
	size_t i, n;

	if (!na && it->na_if != NULL && !it->per_file && it->kind != FORM_REPEAT &&
	    validate_cond(w->d, it->na_if, r)) {
		describe_holding(w->d, it->na_if, r, own, sizeof own);
		na = true;
		reason = own;
	}
	if (form_kind_answerable(it->kind)) {
		walk_answer(w, it, r, na, reason);
		return;
	}
	if (it->kind == FORM_REPEAT || it->per_file) {
		struct item_ref outer = *r;
		outer.nidx = path_levels(it, false);
		outer.instance = false;
		n = document_count(w->d, &outer);
		if (!na && it->kind == FORM_REPEAT && it->na_if != NULL &&
		    validate_cond(w->d, it->na_if, &outer)) {
			describe_holding(w->d, it->na_if, &outer, own, sizeof own);
			na = true;
			reason = own;
		}
		if (!na && it->kind == FORM_REPEAT && (int)n < it->min)
			add(w->out, &outer, NULL, SEVERITY_MISSING, _("at least %d %s needed"),
			    it->min, it->instance);
		if (it->kind == FORM_REPEAT && (int)n > it->max)
			add(w->out, &outer, NULL, SEVERITY_ERROR, _("at most %d %s are allowed"),
			    it->max, it->instance);
		for (i = 0; i < n && outer.nidx < PATH_MAX_LEVELS; i++) {
			struct item_ref inst = outer;
			inst.idx[inst.nidx++] = (unsigned)i;
			inst.instance = true;
			if (it->titled && !na && !answer_present(document_get(w->d, &inst)))
				add(w->out, &inst, NULL, SEVERITY_MISSING,
				    _("the title is not written"));
			check_unknown_keys(w, it,
			    document_holder(w->d, &inst) != NULL
				? node_get(document_holder(w->d, &inst), it->id) != NULL &&
					node_get(document_holder(w->d, &inst), it->id)->type ==
					    NODE_SEQ &&
					i < node_get(document_holder(w->d, &inst), it->id)->nitems
				    ? node_get(document_holder(w->d, &inst), it->id)->items[i]
				    : NULL
				: NULL,
			    &inst);
			walk_children(w, it, &inst, na, reason);
		}
		return;
	}
	if (it->kind == FORM_SECTION || it->kind == FORM_GROUP) {
		struct item_ref probe = *r;
		/* the group's own mapping: ask for a child's holder */
		if (it->nchildren > 0) {
			probe.item = it->children[0];
			check_unknown_keys(w, it, document_holder(w->d, &probe), r);
		}
		/* a rule about a whole block (kiso IV 6) stands on its heading */
		for (i = 0; !na && i < it->nwarns; i++) {
			if (validate_cond(w->d, it->warns[i].cond, r))
				add(w->out, r, NULL, SEVERITY_WARNING, "%s", it->warns[i].message);
		}
		walk_children(w, it, r, na, reason);
	}
}

void
validate_document(const struct document *d, struct problem_list *out)
{
	struct walk w = { d, out };
	const struct node *rev = node_get(d->root, "revision"), *conflicts;
	size_t i;

	if (rev != NULL && !node_is(rev, d->form->revision))
		add(out, NULL, d->form->id, SEVERITY_WARNING,
		    _("the document names revision [%s], but this piaform has [%s]"),
		    rev->type == NODE_SCALAR ? rev->str : "?", d->form->revision);
	for (i = 0; i < d->answers->npairs; i++) {
		if (form_child(d->form, NULL, d->answers->pairs[i].key) == NULL)
			add(out, NULL, d->form->id, SEVERITY_WARNING,
			    _("\"%s\" is not a section of this form; it is kept as it is"),
			    d->answers->pairs[i].key);
	}
	/* keys beside the header are written after the answers, and reported in that order */
	for (i = 0; i < d->root->npairs; i++) {
		/* imported: is written by piaform import, comments and conflicts by review and
		 * merge (doc/document-format.md) */
		static const char *const header[] = { "piaform", "form", "revision", "answers",
			"imported", COMMENT_KEY, MERGE_CONFLICTS_KEY };
		const size_t nh = sizeof header / sizeof header[0];
		size_t k;
		for (k = 0; k < nh && strcmp(header[k], d->root->pairs[i].key) != 0; k++)
			;
		if (k == nh)
			add(out, NULL, d->form->id, SEVERITY_WARNING,
			    _("\"%s\" is not part of a piaform document; it is kept as it is"),
			    d->root->pairs[i].key);
	}
	for (i = 0; i < d->form->nsections; i++) {
		struct item_ref r;
		memset(&r, 0, sizeof r);
		r.item = d->form->sections[i];
		walk_item(&w, d->form->sections[i], &r, false, NULL);
	}
	/* what a merge left for a person to choose is an error until it is settled */
	conflicts = node_get(d->root, MERGE_CONFLICTS_KEY);
	for (i = 0; conflicts != NULL && conflicts->type == NODE_MAP && i < conflicts->npairs;
	     i++) {
		const struct node_pair *p = &conflicts->pairs[i];
		char *t = merge_conflict_text(d, p->key, p->value);
		struct item_ref r;
		struct error e;

		error_clear(&e);
		if (path_parse(d->form, p->key, &r, &e))
			add(out, &r, NULL, SEVERITY_ERROR, _("merge conflict: %s"), t);
		else
			add(out, NULL, p->key, SEVERITY_ERROR, _("merge conflict: %s"), t);
		free(t);
	}
}
