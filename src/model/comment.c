/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Review comments. They live beside the answers, not inside them, so that the answers'
 * shape (and every command that reads answers) stays as the form defines it; the path keys
 * are the canonical item paths, and a key written another way (ASCII digits) is found too. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "piaform/comment.h"
#include "piaform/i18n.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"

static bool
ref_equal(const struct item_ref *a, const struct item_ref *b)
{
	size_t i;

	if (a->item != b->item || a->nidx != b->nidx || a->instance != b->instance)
		return false;
	for (i = 0; i < a->nidx; i++) {
		if (a->idx[i] != b->idx[i])
			return false;
	}
	return true;
}

/* The index of ref's key in m, or -1. */
static long
find_key(const struct document *d, const struct node *m, const struct item_ref *ref)
{
	char path[1024];
	struct item_ref r;
	struct error err;
	long k;
	size_t i;

	if (m == NULL || m->type != NODE_MAP)
		return -1;
	k = node_find(m, path_format(ref, path, sizeof path));
	if (k >= 0)
		return k;
	for (i = 0; i < m->npairs; i++) {
		error_clear(&err);
		if (path_parse(d->form, m->pairs[i].key, &r, &err) && ref_equal(&r, ref))
			return (long)i;
	}
	return -1;
}

const struct node *
comment_thread(const struct document *d, const struct item_ref *ref)
{
	const struct node *m = d != NULL ? node_get(d->root, COMMENT_KEY) : NULL;
	long k = ref != NULL ? find_key(d, m, ref) : -1;

	if (k < 0 || m->pairs[k].value->type != NODE_SEQ)
		return NULL;
	return m->pairs[k].value;
}

static const char *
field(const struct node *m, const char *key)
{
	const struct node *v = node_get(m, key);

	return v != NULL && v->type == NODE_SCALAR ? v->str : "";
}

bool
comment_read(const struct node *thread, size_t n, struct comment *out)
{
	const struct node *m;

	if (thread == NULL || thread->type != NODE_SEQ || n >= thread->nitems)
		return false;
	m = thread->items[n];
	if (m->type != NODE_MAP)
		return false;
	out->author = field(m, "author");
	out->date = field(m, "date");
	out->text = field(m, "text");
	out->resolved = node_is(node_get(m, "resolved"), "true");
	return true;
}

void
comment_add(struct document *d, const struct item_ref *ref, const char *author, const char *date,
    const char *text)
{
	struct node *m = node_get(d->root, COMMENT_KEY), *c, *thread;
	char path[1024];
	long k;

	if (m == NULL || m->type != NODE_MAP) {
		/* a comments key that is not a mapping was written by hand: kept, not overwritten */
		if (m != NULL)
			return;
		m = node_map();
		node_set(d->root, COMMENT_KEY, m);
	}
	k = find_key(d, m, ref);
	if (k < 0 || m->pairs[k].value->type != NODE_SEQ) {
		thread = node_seq();
		if (k < 0)
			node_set(m, path_format(ref, path, sizeof path), thread);
		else
			node_set(m, m->pairs[k].key, thread);
	} else {
		thread = m->pairs[k].value;
	}
	c = node_map();
	node_set(c, "author", node_scalar_str(author));
	node_set(c, "date", node_scalar_str(date));
	node_set(c, "text", node_scalar_str(text));
	node_set(c, "resolved", node_scalar_str("false"));
	node_push(thread, c);
	d->generation++;
}

bool
comment_resolve(struct document *d, const struct item_ref *ref, size_t n, struct error *err)
{
	struct node *thread = (struct node *)comment_thread(d, ref);
	char path[1024];

	path_format(ref, path, sizeof path);
	if (n == 0 || thread == NULL || n > thread->nitems ||
	    thread->items[n - 1]->type != NODE_MAP) {
		error_item(err, path, _("there is no comment %zu on this item"), n);
		return false;
	}
	node_set(thread->items[n - 1], "resolved", node_scalar_str("true"));
	d->generation++;
	return true;
}

size_t
comment_count(const struct document *d, size_t *open)
{
	const struct node *m = d != NULL ? node_get(d->root, COMMENT_KEY) : NULL;
	struct comment c;
	size_t i, k, n = 0, o = 0;

	for (i = 0; m != NULL && m->type == NODE_MAP && i < m->npairs; i++) {
		for (k = 0; comment_read(m->pairs[i].value, k, &c); k++) {
			n++;
			o += !c.resolved;
		}
	}
	if (open != NULL)
		*open = o;
	return n;
}

char *
comment_summary(const struct document *d, const struct item_ref *ref)
{
	const struct node *t = comment_thread(d, ref);
	struct strbuf b = STRBUF_INIT;
	struct comment c;
	size_t k, open = 0, done = 0;

	for (k = 0; comment_read(t, k, &c); k++) {
		if (c.resolved) {
			done++;
			continue;
		}
		strbuf_adds(&b, open++ == 0 ? _("Comments: ") : " / ");
		strbuf_addf(&b, "%s %s: %s", c.author, c.date, c.text);
	}
	if (open == 0 && done == 0)
		return NULL;
	if (done > 0)
		strbuf_addf(
		    &b, open > 0 ? _(" (%zu resolved)") : _("Comments: %zu resolved"), done);
	strbuf_adds(&b, ". ");
	return strbuf_detach(&b);
}

/* --- merging threads --- */

static bool
same_comment(const struct node *a, const struct node *b)
{
	return a->type == NODE_MAP && b->type == NODE_MAP &&
	    strcmp(field(a, "author"), field(b, "author")) == 0 &&
	    strcmp(field(a, "date"), field(b, "date")) == 0 &&
	    strcmp(field(a, "text"), field(b, "text")) == 0;
}

/* The entry of thread t that is the comment c, or NULL. */
static const struct node *
find_comment(const struct node *t, const struct node *c)
{
	size_t i;

	for (i = 0; t != NULL && t->type == NODE_SEQ && i < t->nitems; i++) {
		if (same_comment(t->items[i], c))
			return t->items[i];
	}
	return NULL;
}

static bool
resolved(const struct node *c)
{
	return c != NULL && node_is(node_get(c, "resolved"), "true");
}

/* Take c, a comment of one side, into out unless the other side removed it. */
static void
merge_one(struct node *out, const struct node *c, const struct node *base, const struct node *other)
{
	const struct node *b = find_comment(base, c), *o = find_comment(other, c);
	struct node *copy;

	if (b != NULL && o == NULL)
		return; /* removed on the other side */
	if (find_comment(out, c) != NULL)
		return;
	copy = node_clone(c);
	/* resolving is the news: whichever side resolved it wins */
	if (resolved(c) || resolved(o))
		node_set(copy, "resolved", node_scalar_str("true"));
	node_push(out, copy);
}

static struct node *
merge_thread(const struct node *b, const struct node *o, const struct node *t)
{
	struct node *out = node_seq();
	size_t i;

	for (i = 0; o != NULL && o->type == NODE_SEQ && i < o->nitems; i++)
		merge_one(out, o->items[i], b, t);
	for (i = 0; t != NULL && t->type == NODE_SEQ && i < t->nitems; i++)
		merge_one(out, t->items[i], b, o);
	return out;
}

static void
merge_key(struct node *out, const char *key, const struct node *base, const struct node *ours,
    const struct node *theirs)
{
	const struct node *b = node_get(base, key), *o = node_get(ours, key),
			  *t = node_get(theirs, key);
	struct node *m;

	if (node_get(out, key) != NULL)
		return;
	/* a thread that is not a list was written by hand: keep the side that has one */
	if ((o != NULL && o->type != NODE_SEQ) || (t != NULL && t->type != NODE_SEQ)) {
		node_set(out, key, node_clone(o != NULL ? o : t));
		return;
	}
	m = merge_thread(b, o, t);
	if (m->nitems > 0)
		node_set(out, key, m);
	else
		node_free(&m);
}

struct node *
comment_merge(const struct node *base, const struct node *ours, const struct node *theirs)
{
	struct node *out = node_map();
	size_t i;

	for (i = 0; ours != NULL && ours->type == NODE_MAP && i < ours->npairs; i++)
		merge_key(out, ours->pairs[i].key, base, ours, theirs);
	for (i = 0; theirs != NULL && theirs->type == NODE_MAP && i < theirs->npairs; i++)
		merge_key(out, theirs->pairs[i].key, base, ours, theirs);
	if (out->npairs == 0)
		node_free(&out);
	return out;
}
