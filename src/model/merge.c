/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The three-way merge. The three documents are walked along the one form as value trees,
 * each with its own item reference (instance numbers differ once repeats are matched), and
 * the result is built as a new tree. Each answer takes the side that changed it; a repeat's
 * instances are paired with the base's by identity (diff's matching), instances added on
 * both sides with the same name become one, and an instance removed on one side and changed
 * on the other is kept, as a conflict on the whole instance. Files pair by position. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/answer.h"
#include "piaform/comment.h"
#include "piaform/diff.h"
#include "piaform/i18n.h"
#include "piaform/merge.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"

enum { B, O, T, R }; /* base, ours, theirs, and the result (references only) */

struct merger {
	const struct document *d[3];
	struct node *conflicts; /* the result's new conflicts */
};

static const char *const side_names[] = { "base", "ours", "theirs" };

const char *
merge_side_name(enum merge_side s)
{
	return side_names[s <= MERGE_THEIRS ? s : MERGE_OURS];
}

bool
merge_side_parse(const char *name, enum merge_side *out)
{
	int k;

	for (k = 0; k < 3; k++) {
		if (name != NULL && strcmp(name, side_names[k]) == 0) {
			*out = (enum merge_side)k;
			return true;
		}
	}
	return false;
}

/* --- small helpers --- */

static const struct node *
as_map(const struct node *n)
{
	return n != NULL && n->type == NODE_MAP ? n : NULL;
}

static const struct node *
as_seq(const struct node *n)
{
	return n != NULL && n->type == NODE_SEQ ? n : NULL;
}

static const struct node *
seq_at(const struct node *seq, long i)
{
	seq = as_seq(seq);
	return seq != NULL && i >= 0 && (size_t)i < seq->nitems ? seq->items[i] : NULL;
}

static struct node *
clone_or_null(const struct node *n)
{
	return n != NULL ? node_clone(n) : NULL;
}

/* Nothing, or a mapping with nothing in it: an instance or file nobody wrote in. */
static bool
is_empty(const struct node *n)
{
	return n == NULL || (n->type == NODE_MAP && n->npairs == 0);
}

static bool
same_tree(const struct node *a, const struct node *b)
{
	return (is_empty(a) && is_empty(b)) || node_equal(a, b);
}

/* Do two answers of it say the same? An unanswered box is an empty box, and what reads the
 * same is the same ("1" and "01"). */
static bool
same_answer(const struct form_item *it, const struct node *a, const struct node *b)
{
	bool pa = answer_present(a), pb = answer_present(b);
	char *ta, *tb;
	bool same;

	if (it != NULL && it->kind == FORM_FLAG) {
		pa = pa && !node_is(a, "false");
		pb = pb && !node_is(b, "false");
		if (!pa || !pb)
			return pa == pb;
	}
	if (!pa || !pb)
		return pa == pb;
	if (node_equal(a, b))
		return true;
	if (it == NULL || !form_kind_answerable(it->kind) || it->kind == FORM_TABLE)
		return false;
	ta = diff_answer_text(it, a);
	tb = diff_answer_text(it, b);
	same = strcmp(ta, tb) == 0;
	free(ta);
	free(tb);
	return same;
}

static void
record(struct merger *mg, const char *key, const struct node *const v[3])
{
	struct node *entry = node_map();
	int k;

	for (k = 0; k < 3; k++) {
		if (v[k] != NULL)
			node_set(entry, side_names[k], node_clone(v[k]));
	}
	node_set(mg->conflicts, key, entry);
}

static void
record_ref(struct merger *mg, const struct item_ref *ref, const struct node *const v[3])
{
	char path[1024];

	record(mg, path_format(ref, path, sizeof path), v);
}

/* One value from three: the side that changed it, ours when both did (a conflict, recorded
 * under key when key is not NULL). */
static struct node *
merge_value(struct merger *mg, const struct form_item *it, const struct node *const v[3],
    const struct item_ref *ref, const char *key)
{
	const struct node *pick;

	if (same_answer(it, v[O], v[T]))
		pick = v[O];
	else if (same_answer(it, v[B], v[O]))
		pick = v[T];
	else if (same_answer(it, v[B], v[T]))
		pick = v[O];
	else {
		if (ref != NULL)
			record_ref(mg, ref, v);
		else
			record(mg, key, v);
		pick = v[O];
	}
	return pick != NULL && (pick->type != NODE_SCALAR || pick->len > 0) ? node_clone(pick)
									    : NULL;
}

/* A table (the 変更箇所 rows): rows appended on both sides are all kept (ours first);
 * anything else changed on both sides is a conflict on the whole table. */
static struct node *
merge_table(struct merger *mg, const struct form_item *it, const struct node *const v[3],
    const struct item_ref *ref)
{
	const struct node *b = as_seq(v[B]), *o = as_seq(v[O]), *t = as_seq(v[T]);
	size_t nb = b != NULL ? b->nitems : 0, i, k;
	struct node *out;

	if (o == NULL || t == NULL || node_equal(v[O], v[T]) || same_tree(v[B], v[O]) ||
	    same_tree(v[B], v[T]))
		return merge_value(mg, it, v, ref, NULL);
	for (i = 0; i < nb; i++) {
		if (i >= o->nitems || i >= t->nitems || !node_equal(b->items[i], o->items[i]) ||
		    !node_equal(b->items[i], t->items[i]))
			return merge_value(mg, it, v, ref, NULL);
	}
	out = node_clone(o);
	for (i = nb; i < t->nitems; i++) {
		for (k = nb; k < o->nitems && !node_equal(o->items[k], t->items[i]); k++)
			;
		if (k == o->nitems)
			node_push(out, node_clone(t->items[i]));
	}
	return out;
}

/* Keys that are not part of the form, one by one; a conflict is recorded as PREFIX/KEY (KEY
 * alone at the top). known(it, key) says which keys the walk handles itself. */
static void
merge_extra(struct merger *mg, struct node *out, const struct node *const m[3],
    bool (*known)(const struct form_item *, const char *), const struct form_item *it,
    const char *prefix)
{
	const struct node *side[2] = { m[O], m[T] };
	size_t i;
	int s;

	for (s = 0; s < 2; s++) {
		for (i = 0; as_map(side[s]) != NULL && i < side[s]->npairs; i++) {
			const char *key = side[s]->pairs[i].key;
			const struct node *v[3];
			struct node *mv;
			char *name;

			if (known(it, key) || node_find(out, key) >= 0)
				continue;
			v[B] = node_get(m[B], key);
			v[O] = node_get(m[O], key);
			v[T] = node_get(m[T], key);
			name = prefix != NULL ? xasprintf("%s/%s", prefix, key) : xstrdup(key);
			mv = merge_value(mg, NULL, v, NULL, name);
			free(name);
			if (mv != NULL)
				node_set(out, key, mv);
		}
	}
}

static bool
known_child(const struct form_item *it, const char *key)
{
	size_t i;

	if (it->titled && strcmp(key, "title") == 0)
		return true;
	for (i = 0; i < it->nchildren; i++) {
		if (strcmp(it->children[i]->id, key) == 0)
			return true;
	}
	return false;
}

/* --- repeats --- */

static struct node *merge_container(struct merger *mg, const struct form_item *it,
    const struct node *const m[3], const struct item_ref r[4]);

struct slot {
	long k[3]; /* the instance in base, ours, theirs; -1 when absent there */
	bool removed; /* one side removed it, the other changed it: kept, a conflict */
};

struct slots {
	struct slot *v;
	size_t n, cap;
};

static void
slot_insert(struct slots *s, size_t pos, long b, long o, long t, bool removed)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	memmove(&s->v[pos + 1], &s->v[pos], (s->n - pos) * sizeof *s->v);
	s->v[pos].k[B] = b;
	s->v[pos].k[O] = o;
	s->v[pos].k[T] = t;
	s->v[pos].removed = removed;
	s->n++;
}

/* The pairing p between lists of n0 and n1 as two maps (index -> partner, or -1). */
static void
pair_maps(const struct diff_pairing *p, long *to1, size_t n0, long *to0, size_t n1)
{
	size_t i;

	for (i = 0; i < n0; i++)
		to1[i] = -1;
	for (i = 0; i < n1; i++)
		to0[i] = -1;
	for (i = 0; i < p->n; i++) {
		if (p->v[i][0] >= 0 && p->v[i][1] >= 0) {
			to1[p->v[i][0]] = p->v[i][1];
			to0[p->v[i][1]] = p->v[i][0];
		}
	}
}

/* Decide which instances the result has, in which order: ours' order, with theirs' new
 * instances after the instance that precedes them in theirs. */
static void
plan_instances(
    char **const keys[3], const size_t n[3], const struct node *const seq[3], struct slots *out)
{
	struct diff_pairing pbo = { NULL, 0, 0 }, pbt = { NULL, 0, 0 }, padd = { NULL, 0, 0 };
	long *b2o = xcalloc(n[B] + 1, sizeof *b2o), *o2b = xcalloc(n[O] + 1, sizeof *o2b);
	long *b2t = xcalloc(n[B] + 1, sizeof *b2t), *t2b = xcalloc(n[T] + 1, sizeof *t2b);
	long *oa = xcalloc(n[O] + 1, sizeof *oa), *ta = xcalloc(n[T] + 1, sizeof *ta);
	long *o2t = xcalloc(n[O] + 1, sizeof *o2t);
	char **ka = xcalloc(n[O] + 1, sizeof *ka), **kt = xcalloc(n[T] + 1, sizeof *kt);
	size_t noa = 0, nta = 0, i, j;
	long anchor;

	diff_pair_keys(&pbo, keys[B], n[B], keys[O], n[O], true);
	diff_pair_keys(&pbt, keys[B], n[B], keys[T], n[T], true);
	pair_maps(&pbo, b2o, n[B], o2b, n[O]);
	pair_maps(&pbt, b2t, n[B], t2b, n[T]);
	/* instances new on both sides pair only when they are named the same */
	for (j = 0; j < n[O]; j++) {
		o2t[j] = -1;
		if (o2b[j] < 0) {
			oa[noa] = (long)j;
			ka[noa++] = keys[O][j];
		}
	}
	for (j = 0; j < n[T]; j++) {
		if (t2b[j] < 0) {
			ta[nta] = (long)j;
			kt[nta++] = keys[T][j];
		}
	}
	diff_pair_keys(&padd, ka, noa, kt, nta, false);
	for (i = 0; i < padd.n; i++) {
		if (padd.v[i][0] >= 0 && padd.v[i][1] >= 0)
			o2t[oa[padd.v[i][0]]] = ta[padd.v[i][1]];
	}
	for (j = 0; j < n[O]; j++) {
		long b = o2b[j];

		if (b < 0) {
			slot_insert(out, out->n, -1, (long)j, o2t[j], false);
		} else if (b2t[b] >= 0) {
			slot_insert(out, out->n, b, (long)j, b2t[b], false);
		} else if (!same_tree(seq_at(seq[B], b), seq_at(seq[O], (long)j))) {
			slot_insert(out, out->n, b, (long)j, -1, true);
		}
		/* else removed by theirs, untouched by ours: gone */
	}
	anchor = -1;
	for (j = 0; j < n[T]; j++) {
		long b = t2b[j];

		for (i = 0; i < out->n && out->v[i].k[T] != (long)j; i++)
			;
		if (i < out->n) {
			anchor = (long)i;
			continue;
		}
		if (b >= 0 && same_tree(seq_at(seq[B], b), seq_at(seq[T], (long)j)))
			continue; /* removed by ours, untouched by theirs */
		/* after what ours added at the same place: ours first */
		for (i = (size_t)(anchor + 1);
		     i < out->n && out->v[i].k[T] < 0 && out->v[i].k[B] < 0; i++)
			;
		slot_insert(out, i, b, -1, (long)j, b >= 0);
		anchor = (long)i;
	}
	diff_pairing_clear(&pbo);
	diff_pairing_clear(&pbt);
	diff_pairing_clear(&padd);
	free(b2o);
	free(o2b);
	free(b2t);
	free(t2b);
	free(oa);
	free(ta);
	free(o2t);
	free(ka);
	free(kt);
}

/* A repeat's instances. r[k] name the repeat (the outer levels set). */
static struct node *
merge_repeat(struct merger *mg, const struct form_item *it, const struct node *const seq[3],
    const struct item_ref r[4])
{
	struct slots plan = { NULL, 0, 0 };
	char **keys[3];
	size_t n[3], i, lv = r[R].nidx;
	struct node *out;
	int k;

	if (lv >= PATH_MAX_LEVELS)
		return clone_or_null(seq[O]);
	if (seq[O] != NULL && seq[O]->type != NODE_SEQ)
		return node_clone(seq[O]); /* not the form's shape: kept as ours has it */
	for (k = 0; k < 3; k++) {
		n[k] = as_seq(seq[k]) != NULL ? seq[k]->nitems : 0;
		keys[k] = xcalloc(n[k] + 1, sizeof *keys[k]);
		for (i = 0; i < n[k]; i++) {
			struct item_ref inst = r[k];
			inst.idx[inst.nidx++] = (unsigned)i;
			inst.instance = true;
			keys[k][i] = diff_instance_key(mg->d[k], &inst);
		}
	}
	plan_instances(keys, n, seq, &plan);
	out = node_seq();
	for (i = 0; i < plan.n; i++) {
		const struct slot *s = &plan.v[i];
		const struct node *m[3];
		struct item_ref ir[4];

		for (k = 0; k < 4; k++) {
			ir[k] = r[k];
			ir[k].idx[lv] = k == R ? (unsigned)i : s->k[k] >= 0 ? (unsigned)s->k[k] : 0;
			ir[k].nidx = lv + 1;
			ir[k].instance = true;
		}
		for (k = 0; k < 3; k++)
			m[k] = seq_at(seq[k], s->k[k]);
		if (s->removed) {
			const struct node *keep = m[O] != NULL ? m[O] : m[T];
			record_ref(mg, &ir[R], m);
			node_push(out, keep != NULL ? node_clone(keep) : node_map());
			continue;
		}
		if ((m[O] != NULL && m[O]->type != NODE_MAP) ||
		    (m[O] == NULL && m[T] != NULL && m[T]->type != NODE_MAP)) {
			node_push(out, node_clone(m[O] != NULL ? m[O] : m[T]));
			continue;
		}
		node_push(out, merge_container(mg, it, m, ir));
	}
	for (k = 0; k < 3; k++) {
		for (i = 0; i < n[k]; i++)
			free(keys[k][i]);
		free(keys[k]);
	}
	free(plan.v);
	if (out->nitems == 0 && seq[O] == NULL) {
		node_free(&out);
		return NULL;
	}
	return out;
}

/* --- sections, groups, instances --- */

/* The mapping of a section, group or repeat instance: r[k] name it (an instance with
 * instance set). */
static struct node *
merge_container(struct merger *mg, const struct form_item *it, const struct node *const m[3],
    const struct item_ref r[4])
{
	struct node *out = node_map();
	const struct node *mm[3];
	char path[1024];
	size_t i;
	int k;

	for (k = 0; k < 3; k++)
		mm[k] = as_map(m[k]);
	if (it->titled && it->kind == FORM_REPEAT) {
		const struct node *v[3] = { node_get(mm[B], "title"), node_get(mm[O], "title"),
			node_get(mm[T], "title") };
		struct node *t = merge_value(mg, NULL, v, &r[R], NULL);
		if (t != NULL)
			node_set(out, "title", t);
	}
	for (i = 0; i < it->nchildren; i++) {
		const struct form_item *c = it->children[i];
		const struct node *v[3];
		struct item_ref cr[4];
		struct node *mv = NULL;

		for (k = 0; k < 4; k++) {
			cr[k] = r[k];
			cr[k].item = c;
			cr[k].instance = false;
		}
		for (k = 0; k < 3; k++)
			v[k] = node_get(mm[k], c->id);
		if (v[O] == NULL && v[T] == NULL && v[B] == NULL)
			continue;
		if (c->kind == FORM_REPEAT) {
			mv = merge_repeat(mg, c, v, cr);
		} else if (c->kind == FORM_TABLE) {
			mv = merge_table(mg, c, v, &cr[R]);
		} else if (c->kind == FORM_SECTION || c->kind == FORM_GROUP) {
			if (v[O] != NULL && v[O]->type != NODE_MAP) {
				mv = node_clone(v[O]);
			} else {
				mv = merge_container(mg, c, v, cr);
				if (mv->npairs == 0)
					node_free(&mv);
			}
		} else {
			mv = merge_value(mg, c, v, &cr[R], NULL);
		}
		if (mv != NULL)
			node_set(out, c->id, mv);
	}
	merge_extra(mg, out, mm, known_child, it, path_format(&r[R], path, sizeof path));
	return out;
}

/* --- files --- */

/* The per-file sections' mappings of file f of document k, as one mapping section id ->
 * file mapping (what a conflict on a whole file keeps). */
static struct node *
file_content(const struct document *d, long f)
{
	struct node *out = node_map();
	size_t i;

	for (i = 0; d != NULL && i < d->form->nsections; i++) {
		const struct form_item *s = d->form->sections[i];
		const struct node *e = seq_at(node_get(d->answers, s->id), f);
		if (s->per_file && e != NULL)
			node_set(out, s->id, node_clone(e));
	}
	return out;
}

static bool
file_changed(const struct document *base, long fb, const struct document *d, long f)
{
	size_t i;

	for (i = 0; i < d->form->nsections; i++) {
		const struct form_item *s = d->form->sections[i];
		if (s->per_file &&
		    !same_tree(seq_at(node_get(base->answers, s->id), fb),
			seq_at(node_get(d->answers, s->id), f)))
			return true;
	}
	return false;
}

static const struct form_item *
first_per_file(const struct form *f)
{
	size_t i;

	for (i = 0; i < f->nsections; i++) {
		if (f->sections[i]->per_file)
			return f->sections[i];
	}
	return NULL;
}

/* The per-file sections: file n with file n (the official tables number them); a file
 * removed on one side and changed on the other is kept, as a conflict on the whole file. */
static void
merge_files(struct merger *mg, struct node *answers)
{
	const struct form *f = mg->d[O]->form;
	const struct form_item *first = first_per_file(f);
	struct slots plan = { NULL, 0, 0 };
	size_t nf[3], most = 0, i, s;
	int k;

	if (first == NULL)
		return;
	for (k = 0; k < 3; k++) {
		bool any = false;
		for (s = 0; s < f->nsections; s++)
			any = any ||
			    (f->sections[s]->per_file &&
				node_get(mg->d[k]->answers, f->sections[s]->id) != NULL);
		nf[k] = any ? document_files(mg->d[k]) : 0;
		if (nf[k] > most)
			most = nf[k];
	}
	for (i = 0; i < most; i++) {
		bool in[3] = { i < nf[B], i < nf[O], i < nf[T] };
		long fi = (long)i;

		if (in[O] && in[T])
			slot_insert(&plan, plan.n, in[B] ? fi : -1, fi, fi, false);
		else if (in[O] && !in[B])
			slot_insert(&plan, plan.n, -1, fi, -1, false);
		else if (in[T] && !in[B])
			slot_insert(&plan, plan.n, -1, -1, fi, false);
		else if (in[O] && file_changed(mg->d[B], fi, mg->d[O], fi))
			slot_insert(&plan, plan.n, fi, fi, -1, true);
		else if (in[T] && file_changed(mg->d[B], fi, mg->d[T], fi))
			slot_insert(&plan, plan.n, fi, -1, fi, true);
	}
	for (s = 0; s < f->nsections; s++) {
		const struct form_item *sec = f->sections[s];
		const struct node *seq[3];
		struct node *out;
		size_t keep = 0;

		if (!sec->per_file)
			continue;
		for (k = 0; k < 3; k++)
			seq[k] = node_get(mg->d[k]->answers, sec->id);
		if (seq[B] == NULL && seq[O] == NULL && seq[T] == NULL)
			continue;
		if (seq[O] != NULL && seq[O]->type != NODE_SEQ) {
			node_set(answers, sec->id, node_clone(seq[O]));
			continue;
		}
		out = node_seq();
		for (i = 0; i < plan.n; i++) {
			const struct slot *sl = &plan.v[i];
			const struct node *m[3];
			struct item_ref r[4];
			bool had = false;

			for (k = 0; k < 4; k++) {
				memset(&r[k], 0, sizeof r[k]);
				r[k].item = sec;
				r[k].nidx = 1;
				r[k].idx[0] = k == R ? (unsigned)i
				    : sl->k[k] >= 0  ? (unsigned)sl->k[k]
						     : 0;
			}
			for (k = 0; k < 3; k++) {
				m[k] = seq_at(seq[k], sl->k[k]);
				had = had || m[k] != NULL;
			}
			if (sl->removed) {
				const struct node *keep_m = m[O] != NULL ? m[O] : m[T];
				node_push(out, keep_m != NULL ? node_clone(keep_m) : node_map());
			} else {
				node_push(out, merge_container(mg, sec, m, r));
			}
			/* a file's empty entries at the end, that no side wrote, are left out */
			if (had || !is_empty(out->items[out->nitems - 1]))
				keep = out->nitems;
		}
		while (out->nitems > keep)
			node_remove(out, out->nitems - 1);
		node_set(answers, sec->id, out);
	}
	/* the conflicts on whole files, named after the first per-file section (II[2]) */
	for (i = 0; i < plan.n; i++) {
		const struct slot *sl = &plan.v[i];
		struct node *v[3] = { NULL, NULL, NULL };
		struct item_ref r;

		if (!sl->removed)
			continue;
		for (k = 0; k < 3; k++) {
			if (sl->k[k] >= 0)
				v[k] = file_content(mg->d[k], sl->k[k]);
		}
		memset(&r, 0, sizeof r);
		r.item = first;
		r.nidx = 1;
		r.idx[0] = (unsigned)i;
		r.instance = true;
		record_ref(mg, &r, (const struct node *const *)v);
		for (k = 0; k < 3; k++)
			node_free(&v[k]);
	}
	free(plan.v);
}

/* --- the whole document --- */

static bool
known_top(const struct form_item *it, const char *key)
{
	static const char *const keys[] = { "piaform", "form", "answers", COMMENT_KEY,
		MERGE_CONFLICTS_KEY };
	size_t i;

	(void)it;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(keys[i], key) == 0)
			return true;
	}
	return false;
}

static struct node *
merge_answers(struct merger *mg)
{
	const struct form *f = mg->d[O]->form;
	const struct node *m[3] = { mg->d[B]->answers, mg->d[O]->answers, mg->d[T]->answers };
	struct node *out = node_map();
	size_t i;
	int k;

	for (i = 0; i < f->nsections; i++) {
		const struct form_item *s = f->sections[i];
		const struct node *v[3];
		struct item_ref r[4];
		struct node *mv;

		if (s->per_file)
			continue;
		for (k = 0; k < 4; k++) {
			memset(&r[k], 0, sizeof r[k]);
			r[k].item = s;
		}
		for (k = 0; k < 3; k++)
			v[k] = node_get(m[k], s->id);
		if (v[B] == NULL && v[O] == NULL && v[T] == NULL)
			continue;
		if (v[O] != NULL && v[O]->type != NODE_MAP) {
			node_set(out, s->id, node_clone(v[O]));
			continue;
		}
		mv = merge_container(mg, s, v, r);
		if (mv->npairs > 0)
			node_set(out, s->id, mv);
		else
			node_free(&mv);
	}
	merge_files(mg, out);
	/* keys beside the sections: any that is not one */
	{
		const struct node *side[2] = { m[O], m[T] };
		int s;
		for (s = 0; s < 2; s++) {
			for (i = 0; i < side[s]->npairs; i++) {
				const char *key = side[s]->pairs[i].key;
				const struct node *v[3];
				struct node *mv;
				char *name;

				if (form_child(f, NULL, key) != NULL || node_find(out, key) >= 0)
					continue;
				for (k = 0; k < 3; k++)
					v[k] = node_get(m[k], key);
				name = xasprintf("answers/%s", key);
				mv = merge_value(mg, NULL, v, NULL, name);
				free(name);
				if (mv != NULL)
					node_set(out, key, mv);
			}
		}
	}
	return out;
}

/* The conflicts of the result: those still open in ours or theirs, then this merge's. */
static struct node *
all_conflicts(struct merger *mg)
{
	struct node *out = node_map();
	size_t i;
	int k;

	for (k = O; k <= T; k++) {
		const struct node *c = as_map(node_get(mg->d[k]->root, MERGE_CONFLICTS_KEY));
		for (i = 0; c != NULL && i < c->npairs; i++) {
			if (node_find(out, c->pairs[i].key) < 0)
				node_set(out, c->pairs[i].key, node_clone(c->pairs[i].value));
		}
	}
	for (i = 0; i < mg->conflicts->npairs; i++)
		node_set(
		    out, mg->conflicts->pairs[i].key, node_clone(mg->conflicts->pairs[i].value));
	return out;
}

struct document *
merge_documents(const struct document *base, const struct document *ours,
    const struct document *theirs, size_t *nconflicts, struct error *err)
{
	struct merger mg;
	struct document *res;
	struct node *root, *c;
	const struct node *m[3];
	int k;

	if (base == NULL || ours == NULL || theirs == NULL) {
		error_item(err, NULL, _("nothing to merge"));
		return NULL;
	}
	if (strcmp(base->form->id, ours->form->id) != 0 ||
	    strcmp(theirs->form->id, ours->form->id) != 0) {
		error_item(err, NULL,
		    _("the documents are of different forms (%s, %s and %s); a merge joins "
		      "versions of one document"),
		    base->form->id, ours->form->id, theirs->form->id);
		return NULL;
	}
	mg.d[B] = base;
	mg.d[O] = ours;
	mg.d[T] = theirs;
	mg.conflicts = node_map();
	res = document_new(ours->form);
	root = res->root; /* piaform and form are set; the rest follows */
	for (k = 0; k < 3; k++)
		m[k] = mg.d[k]->root;
	{
		const struct node *v[3] = { node_get(m[B], "revision"), node_get(m[O], "revision"),
			node_get(m[T], "revision") };
		struct node *rev = merge_value(&mg, NULL, v, NULL, "revision");
		node_set(
		    root, "revision", rev != NULL ? rev : node_scalar_str(ours->form->revision));
	}
	node_set(root, "answers", merge_answers(&mg));
	res->answers = node_get(root, "answers");
	merge_extra(&mg, root, m, known_top, NULL, NULL);
	c = comment_merge(
	    node_get(m[B], COMMENT_KEY), node_get(m[O], COMMENT_KEY), node_get(m[T], COMMENT_KEY));
	if (c != NULL)
		node_set(root, COMMENT_KEY, c);
	c = all_conflicts(&mg);
	if (c->npairs > 0)
		node_set(root, MERGE_CONFLICTS_KEY, c);
	else
		node_free(&c);
	node_free(&mg.conflicts);
	if (nconflicts != NULL)
		*nconflicts = merge_conflict_count(res);
	return res;
}

/* --- conflicts in a document --- */

size_t
merge_conflict_count(const struct document *d)
{
	const struct node *c = d != NULL ? as_map(node_get(d->root, MERGE_CONFLICTS_KEY)) : NULL;

	return c != NULL ? c->npairs : 0;
}

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

/* The index of the entry for ref (or named key when ref is NULL), or -1. A key written
 * another way (ASCII digits) is found too. */
static long
find_entry(const struct document *d, const struct item_ref *ref, const char *key)
{
	const struct node *c = as_map(node_get(d->root, MERGE_CONFLICTS_KEY));
	struct item_ref want, r;
	struct error err;
	char path[1024];
	long k;
	size_t i;

	if (c == NULL)
		return -1;
	if (ref == NULL) {
		if ((k = node_find(c, key)) >= 0)
			return k;
		error_clear(&err);
		if (!path_parse(d->form, key, &want, &err))
			return -1;
		ref = &want;
	}
	if ((k = node_find(c, path_format(ref, path, sizeof path))) >= 0)
		return k;
	for (i = 0; i < c->npairs; i++) {
		error_clear(&err);
		if (path_parse(d->form, c->pairs[i].key, &r, &err) && ref_equal(&r, ref))
			return (long)i;
	}
	return -1;
}

const struct node *
merge_conflict_get(const struct document *d, const struct item_ref *ref)
{
	long k = d != NULL && ref != NULL ? find_entry(d, ref, NULL) : -1;

	return k >= 0 ? node_get(d->root, MERGE_CONFLICTS_KEY)->pairs[k].value : NULL;
}

bool
merge_conflict_is_instance(const struct node *entry)
{
	int k;

	for (k = 0; k < 3; k++) {
		const struct node *v = node_get(entry, side_names[k]);
		if (v != NULL && v->type == NODE_MAP)
			return true;
	}
	return false;
}

static void
drop_index(struct document *d, long k)
{
	struct node *c = node_get(d->root, MERGE_CONFLICTS_KEY);

	node_del(c, c->pairs[k].key);
	if (c->npairs == 0)
		node_del(d->root, MERGE_CONFLICTS_KEY);
	d->generation++;
}

bool
merge_conflict_drop(struct document *d, const struct item_ref *ref)
{
	long k = d != NULL && ref != NULL ? find_entry(d, ref, NULL) : -1;

	if (k < 0)
		return false;
	drop_index(d, k);
	return true;
}

/* After instance pos of repeat rep went, the keys of map that name later instances move up
 * one, as the form renumbers them. */
static void
renumber(struct document *d, struct node *map, const struct item_ref *rep, unsigned pos)
{
	size_t i, lv = rep->nidx, j;

	for (i = 0; map != NULL && map->type == NODE_MAP && i < map->npairs; i++) {
		struct item_ref r;
		struct error err;
		const struct form_item *a;
		char path[1024];
		bool under = false;

		error_clear(&err);
		if (!path_parse(d->form, map->pairs[i].key, &r, &err) || r.nidx <= lv)
			continue;
		for (a = r.item; a != NULL && !under; a = a->parent)
			under = a == rep->item || (rep->item->per_file && a->per_file);
		for (j = 0; under && j < lv; j++)
			under = r.idx[j] == rep->idx[j];
		if (!under || r.idx[lv] <= pos)
			continue;
		r.idx[lv]--;
		free(map->pairs[i].key);
		map->pairs[i].key = xstrdup(path_format(&r, path, sizeof path));
	}
}

void
merge_keys_renumber(struct document *d, const struct item_ref *rep, unsigned pos)
{
	if (d == NULL || rep == NULL)
		return;
	renumber(d, node_get(d->root, MERGE_CONFLICTS_KEY), rep, pos);
	renumber(d, node_get(d->root, COMMENT_KEY), rep, pos);
}

/* The mapping named by a conflict key's prefix (PATH/KEY), or NULL. */
static struct node *
container_of(struct document *d, const char *prefix)
{
	struct item_ref r;
	struct error err;
	struct node *h, *v;

	if (strcmp(prefix, "answers") == 0)
		return d->answers;
	error_clear(&err);
	if (!path_parse(d->form, prefix, &r, &err))
		return NULL;
	h = (struct node *)document_holder(d, &r);
	v = h != NULL ? node_get(h, r.item->id) : NULL;
	if (r.instance) {
		if (v == NULL || v->type != NODE_SEQ || r.idx[r.nidx - 1] >= v->nitems)
			return NULL;
		v = v->items[r.idx[r.nidx - 1]];
	}
	return v != NULL && v->type == NODE_MAP ? v : NULL;
}

/* Replace instance ref (of a repeat, or a whole file) by value, or remove it. */
static bool
resolve_instance(
    struct document *d, const struct item_ref *ref, const struct node *value, struct error *err)
{
	struct item_ref rep = *ref;
	unsigned pos = ref->idx[ref->nidx - 1];
	size_t s;

	rep.instance = false;
	rep.nidx = ref->nidx - 1;
	if (value == NULL) {
		if (!document_instance_remove(d, &rep, pos, err))
			return false;
		merge_keys_renumber(d, &rep, pos);
		return true;
	}
	for (s = 0; s < d->form->nsections || s == 0; s++) {
		struct item_ref one = rep;
		const struct node *h, *want = value;
		struct node *seq;

		if (ref->item->per_file) {
			if (s >= d->form->nsections)
				break;
			if (!d->form->sections[s]->per_file)
				continue;
			one.item = d->form->sections[s];
			want = node_get(value, one.item->id);
		}
		h = document_holder(d, &one);
		seq = h != NULL ? node_get(h, one.item->id) : NULL;
		if (seq != NULL && seq->type == NODE_SEQ && pos < seq->nitems) {
			node_remove(seq, pos);
			node_insert(seq, pos, want != NULL ? node_clone(want) : node_map());
		}
		if (!ref->item->per_file)
			break;
	}
	d->generation++;
	return true;
}

bool
merge_conflict_resolve(struct document *d, const char *key, enum merge_side side, struct error *err)
{
	long k = d != NULL && key != NULL ? find_entry(d, NULL, key) : -1;
	struct node *entry, *c;
	const struct node *v;
	struct item_ref ref;
	struct error perr;
	const char *slash;
	char *name;
	bool ok = true;

	if (k < 0) {
		error_item(
		    err, key, _("there is no merge conflict here (piaform check lists them)"));
		return false;
	}
	/* taken out first: removing an instance renumbers the entries after it */
	c = node_get(d->root, MERGE_CONFLICTS_KEY);
	name = xstrdup(c->pairs[k].key);
	entry = node_clone(c->pairs[k].value);
	drop_index(d, k);
	v = node_get(entry, side_names[side]);
	error_clear(&perr);
	if (path_parse(d->form, name, &ref, &perr)) {
		if (merge_conflict_is_instance(entry) && ref.instance && ref.nidx > 0)
			ok = resolve_instance(d, &ref, v, err);
		else
			document_set(
			    d, &ref, v != NULL && answer_present(v) ? node_clone(v) : NULL);
	} else if ((slash = strrchr(name, '/')) != NULL) {
		char *prefix = xstrndup(name, (size_t)(slash - name));
		struct node *m = container_of(d, prefix);

		free(prefix);
		if (m == NULL) {
			error_item(err, name, _("the place of this conflict is gone"));
			ok = false;
		} else if (v != NULL) {
			node_set(m, slash + 1, node_clone(v));
		} else {
			node_del(m, slash + 1);
		}
	} else if (known_top(NULL, name)) {
		error_item(err, name, _("this key is not one a merge changes"));
		ok = false;
	} else if (v != NULL) {
		node_set(d->root, name, node_clone(v));
	} else {
		node_del(d->root, name);
	}
	if (!ok) {
		/* refused: the conflict stays as it was */
		c = node_get(d->root, MERGE_CONFLICTS_KEY);
		if (c == NULL) {
			c = node_map();
			node_set(d->root, MERGE_CONFLICTS_KEY, c);
		}
		node_set(c, name, entry);
		entry = NULL;
	}
	node_free(&entry);
	free(name);
	d->generation++;
	return ok;
}

/* --- how conflicts read --- */

struct node *
merge_conflict_combine(const struct form_item *it, const struct node *entry)
{
	const struct node *o = node_get(entry, "ours"), *t = node_get(entry, "theirs");
	struct node *out;
	size_t i;

	if (it == NULL || entry == NULL || o == NULL || t == NULL)
		return NULL;
	if (it->kind == FORM_TEXTAREA && o->type == NODE_SCALAR && t->type == NODE_SCALAR) {
		struct strbuf b = STRBUF_INIT;
		char *s;

		strbuf_add(&b, o->str, o->len);
		strbuf_addc(&b, '\n');
		strbuf_add(&b, t->str, t->len);
		s = strbuf_detach(&b);
		out = node_scalar(s, o->len + 1 + t->len);
		free(s);
		return out;
	}
	if (it->kind == FORM_CHECKS && o->type == NODE_SEQ && t->type == NODE_SEQ) {
		out = node_clone(o);
		for (i = 0; i < t->nitems; i++) {
			const char *ft;
			int opt = answer_check_entry(it, t->items[i], &ft);
			size_t j;
			bool have = false;

			for (j = 0; j < o->nitems && !have; j++) {
				have = node_equal(o->items[j], t->items[i]) ||
				    (opt >= 0 && answer_check_entry(it, o->items[j], &ft) == opt);
			}
			if (!have)
				node_push(out, node_clone(t->items[i]));
		}
		return out;
	}
	return NULL;
}

/* An instance's name: its title, else its first one-line or longer text. */
static char *
instance_name(const struct form_item *it, const struct node *m)
{
	const struct node *v = it->titled ? node_get(m, "title") : NULL;
	size_t i;

	if (v != NULL && v->type == NODE_SCALAR && v->len > 0)
		return xstrndup(v->str, v->len);
	for (i = 0; i < it->nchildren; i++) {
		const struct form_item *c = it->children[i];
		if (c->kind != FORM_TEXT && c->kind != FORM_TEXTAREA)
			continue;
		v = node_get(m, c->id);
		if (v != NULL && v->type == NODE_SCALAR && v->len > 0)
			return xstrndup(v->str, v->len);
	}
	return NULL;
}

/* One line, at most max bytes (cut on a character boundary, marked …). */
static char *
one_line(char *s, size_t max)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		/* checked at the start of a character only, so none is cut */
		if (b.len >= max && ((unsigned char)s[i] & 0xC0) != 0x80) {
			strbuf_adds(&b, "…");
			break;
		}
		if (s[i] == '\n')
			strbuf_adds(&b, s[i + 1] != '\0' ? " / " : "");
		else
			strbuf_addc(&b, s[i]);
	}
	free(s);
	return strbuf_detach(&b);
}

char *
merge_conflict_side_text(const struct document *d, const char *key, const struct node *entry,
    enum merge_side s, size_t max)
{
	const struct node *v = node_get(entry, side_names[s <= MERGE_THEIRS ? s : MERGE_OURS]);
	struct item_ref ref;
	struct error err;
	char *t = NULL;

	error_clear(&err);
	if (d == NULL || key == NULL || !path_parse(d->form, key, &ref, &err)) {
		if (v == NULL)
			return xstrdup(_("(none)"));
		if (v->type == NODE_SCALAR)
			return one_line(xstrndup(v->str, v->len), max);
		return xstrdup(_("(a structure)"));
	}
	if (merge_conflict_is_instance(entry)) {
		if (v == NULL)
			return xstrdup(_("(removed)"));
		if (ref.item->per_file) {
			const struct form_item *first = first_per_file(d->form);
			const struct node *fm = first != NULL ? node_get(v, first->id) : NULL;
			t = first != NULL && fm != NULL ? instance_name(first, fm) : NULL;
		} else {
			t = instance_name(ref.item, v);
		}
		if (t == NULL)
			t = xasprintf("%s%u", ref.item->per_file ? _("file ") : ref.item->instance,
			    ref.idx[ref.nidx - 1] + 1);
		return one_line(t, max);
	}
	if (!answer_present(v))
		return xstrdup(_("(not answered)"));
	if (ref.instance || !form_kind_answerable(ref.item->kind) || ref.item->kind == FORM_TABLE)
		t = v->type == NODE_SCALAR ? xstrndup(v->str, v->len) : xstrdup(_("(a table)"));
	else
		t = diff_answer_text(ref.item, v);
	return one_line(t, max);
}

char *
merge_conflict_text(const struct document *d, const char *key, const struct node *entry)
{
	char *s[3], *out;
	int k;

	for (k = 0; k < 3; k++)
		s[k] = merge_conflict_side_text(d, key, entry, (enum merge_side)k, 160);
	out = xasprintf(_("ours 「%s」 / theirs 「%s」 / base 「%s」"), s[O], s[T], s[B]);
	for (k = 0; k < 3; k++)
		free(s[k]);
	return out;
}

char *
merge_conflict_summary(const struct document *d, const struct item_ref *ref)
{
	long k = d != NULL && ref != NULL ? find_entry(d, ref, NULL) : -1;
	const struct node_pair *p;
	char *t, *out;

	if (k < 0)
		return NULL;
	p = &node_get(d->root, MERGE_CONFLICTS_KEY)->pairs[k];
	t = merge_conflict_text(d, p->key, p->value);
	out = xasprintf(_("Merge conflict: %s"), t);
	free(t);
	return out;
}
