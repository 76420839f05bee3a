/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The export walk: the form and the document visited once, in printed order (cover, 項目一覧,
 * sections, per-file sections file by file, headings, repeat instances, items), deciding for
 * each item what the form prints (an answer, 「—」 for "none" and for what is not applicable,
 * a blank) and which problems belong to it. The renderers only lay the events out. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"
#include "piaform/answer.h"
#include "piaform/comment.h"
#include "piaform/i18n.h"
#include "piaform/path.h"
#include "piaform/strbuf.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"

bool
export_format_parse(const char *name, enum export_format *out)
{
	if (name == NULL)
		return false;
	if (strcmp(name, "text") == 0 || strcmp(name, "txt") == 0)
		*out = EXPORT_TEXT;
	else if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
		*out = EXPORT_MARKDOWN;
	else if (strcmp(name, "html") == 0)
		*out = EXPORT_HTML;
	else
		return false;
	return true;
}

/* --- helpers shared with the renderers --- */

const char *
export_scalar(const struct node *v, size_t *len)
{
	if (v == NULL || v->type != NODE_SCALAR) {
		*len = 0;
		return "";
	}
	*len = v->len;
	return v->str;
}

size_t
export_boxes(const struct export_item *it, struct export_box **out)
{
	const struct form_item *fi = it->item;
	const struct node *v = it->state == EXPORT_ANSWERED ? it->value : NULL;
	size_t nopt = fi->options != NULL ? fi->options->n : 0, n = nopt, i;
	struct export_box *b;

	if (v != NULL && v->type == NODE_SEQ)
		n += v->nitems;
	b = xcalloc(n > 0 ? n : 1, sizeof *b);
	for (i = 0; i < nopt; i++) {
		b[i].text = fi->options->v[i].text;
		b[i].free = fi->options->v[i].free;
	}
	n = nopt;
	if (v != NULL && v->type == NODE_SCALAR) {
		/* not a list at all (an error check reports): shown rather than hidden */
		b = xreallocarray(b, n + 1, sizeof *b);
		memset(&b[n], 0, sizeof b[n]);
		b[n].text = v->str;
		b[n].checked = true;
		n++;
	}
	for (i = 0; v != NULL && v->type == NODE_SEQ && i < v->nitems; i++) {
		const struct node *e = v->items[i];
		const char *ft;
		int k = answer_check_entry(fi, e, &ft);

		if (k >= 0) {
			b[k].checked = true;
			if (ft != NULL)
				b[k].free_text = ft;
			continue;
		}
		/* not one of the options: shown as checked so that nothing is hidden */
		b[n].checked = true;
		if (e->type == NODE_SCALAR) {
			b[n].text = e->str;
		} else if (e->type == NODE_MAP && e->npairs > 0) {
			b[n].text = e->pairs[0].key;
			b[n].free = true;
			b[n].free_text =
			    e->pairs[0].value->type == NODE_SCALAR ? e->pairs[0].value->str : NULL;
		} else {
			b[n].text = "?";
		}
		n++;
	}
	*out = b;
	return n;
}

const char *
export_severity(enum severity s)
{
	switch (s) {
	case SEVERITY_ERROR:
		return _("error");
	case SEVERITY_MISSING:
		return _("missing");
	default:
		return _("warning");
	}
}

char *
export_file_heading(const struct export_section *s)
{
	char num[32], wide[64];
	const char *name = s->file_name != NULL ? s->file_name : "";

	/* writers often number the name themselves, as the form's examples do: (1)住民基本台帳ファイル */
	snprintf(num, sizeof num, "(%zu)", s->file + 1);
	snprintf(wide, sizeof wide, "（%zu）", s->file + 1);
	if (strncmp(name, num, strlen(num)) == 0 || strncmp(name, wide, strlen(wide)) == 0)
		return xstrdup(name);
	return name[0] != '\0' ? xasprintf("%s %s", num, name) : xstrdup(num);
}

bool
export_section_shown(const struct export_run *r, const struct form_item *section)
{
	return r->only == NULL || r->only == section;
}

/* --- the walk --- */

struct walk {
	struct export_run *r;
	struct export_stat *stat; /* the current section's */
};

/* The number, label and marks as the form prints them. */
static void
printed_label(const struct form_item *it, char *buf, size_t size)
{
	size_t n;

	form_item_title(it, buf, size);
	n = strlen(buf);
	snprintf(buf + n, size - n, "%s%s%s", (it->marks & MARK_IMPORTANT) ? " ※" : "",
	    (it->marks & MARK_OPTIONAL) ? "【任意】" : "",
	    (it->marks & MARK_GOV_ONLY) ? "【行政機関等のみ】" : "");
}

/* Problems whose path is path (or, with prefix, lies below it). */
static struct export_problems
problems_at(struct walk *w, const char *path, bool prefix)
{
	struct export_problems ps = { NULL, 0 };
	const struct problem_list *l = &w->r->problems;
	size_t i, plen = strlen(path);

	if (!w->r->o->show_problems)
		return ps;
	for (i = 0; i < l->n; i++) {
		const char *pp = l->v[i].path;
		if (strcmp(pp, path) != 0 &&
		    !(prefix && strncmp(pp, path, plen) == 0 && pp[plen] == '-'))
			continue;
		ps.v = xreallocarray(ps.v, ps.n + 1, sizeof *ps.v);
		ps.v[ps.n++] = &l->v[i];
	}
	return ps;
}

static enum export_state
state_of(
    struct walk *w, const struct item_ref *ref, const struct node *v, char *reason, size_t size)
{
	if (validate_not_applicable(w->r->d, ref, reason, size))
		return EXPORT_NA;
	if (!answer_present(v))
		return EXPORT_EMPTY;
	return answer_is_none(v) ? EXPORT_NONE : EXPORT_ANSWERED;
}

/* A group whose rows the form prints under one spanning label (⑦使用の主体, ②保管期間):
 * numbered with a circled number and holding only answers. */
static bool
is_row_group(const struct form_item *it)
{
	size_t i;

	if (it->kind != FORM_GROUP || it->num == NULL || strncmp(it->num, "\xe2\x91", 2) != 0)
		return false;
	for (i = 0; i < it->nchildren; i++) {
		enum form_kind k = it->children[i]->kind;
		if ((!form_kind_answerable(k) && k != FORM_FIXED) || k == FORM_TABLE)
			return false;
	}
	return it->nchildren > 0;
}

static void walk_entry(struct walk *w, const struct form_item *it, const struct item_ref *ref,
    int level, bool in_group);

static void
emit_item(struct walk *w, const struct form_item *it, const struct item_ref *ref, int level,
    bool in_group)
{
	struct export_item x;
	char path[1024], reason[512];

	memset(&x, 0, sizeof x);
	x.item = it;
	x.ref = *ref;
	x.path = path_format(ref, path, sizeof path);
	printed_label(it, x.label, sizeof x.label);
	x.level = level;
	x.in_group = in_group;
	/* numbered answers straight under a section print their value below the heading; the
	 * long 「…におけるその他のリスク及びそのリスクに対する措置」 rows span the page */
	x.block = level == 1;
	x.wide = width_of(x.label, strlen(x.label), 1) > EXPORT_WIDE_LABEL;
	reason[0] = '\0';
	if (it->kind == FORM_FIXED) {
		x.state = validate_not_applicable(w->r->d, ref, reason, sizeof reason)
		    ? EXPORT_NA
		    : EXPORT_ANSWERED;
	} else {
		x.value = document_get(w->r->d, ref);
		x.state = state_of(w, ref, x.value, reason, sizeof reason);
	}
	x.reason = reason[0] != '\0' ? reason : NULL;
	x.problems = problems_at(w, path, it->kind == FORM_TABLE);
	if (w->stat != NULL && form_kind_answerable(it->kind) && it->kind != FORM_FLAG &&
	    it->kind != FORM_TABLE && it->required && x.state != EXPORT_NA) {
		w->stat->required++;
		w->stat->answered += x.state != EXPORT_EMPTY;
	}
	if (it->kind == FORM_TABLE)
		w->r->ops->table(w->r, &x);
	else
		w->r->ops->item(w->r, &x);
	free(x.problems.v);
}

/* Header check boxes of a heading group ([ ] 委託しない): the form prints them on the
 * heading's own line. */
static size_t
heading_flags(struct walk *w, const struct form_item *it, const struct item_ref *ref,
    struct export_item **out)
{
	struct export_item *v = NULL;
	size_t i, n = 0;
	char reason[512];

	for (i = 0; i < it->nchildren; i++) {
		const struct form_item *c = it->children[i];
		struct item_ref cr = *ref;
		struct export_item *x;

		if (c->kind != FORM_FLAG)
			continue;
		cr.item = c;
		cr.instance = false;
		v = xreallocarray(v, n + 1, sizeof *v);
		x = &v[n++];
		memset(x, 0, sizeof *x);
		x->item = c;
		x->ref = cr;
		printed_label(c, x->label, sizeof x->label);
		x->value = document_get(w->r->d, &cr);
		x->state = state_of(w, &cr, x->value, reason, sizeof reason);
	}
	*out = v;
	return n;
}

static void
walk_children(struct walk *w, const struct form_item *it, const struct item_ref *ref, int level,
    bool in_group, bool skip_flags)
{
	size_t i;

	for (i = 0; i < it->nchildren; i++) {
		struct item_ref c = *ref;

		if (skip_flags && it->children[i]->kind == FORM_FLAG)
			continue;
		c.item = it->children[i];
		c.instance = false;
		walk_entry(w, it->children[i], &c, level, in_group);
	}
}

static void
walk_group(struct walk *w, const struct form_item *it, const struct item_ref *ref, int level)
{
	struct export_heading h;
	struct export_item *flags = NULL;
	char path[1024], reason[512];
	bool rows = is_row_group(it);

	memset(&h, 0, sizeof h);
	h.item = it;
	h.path = path_format(ref, path, sizeof path);
	printed_label(it, h.label, sizeof h.label);
	h.level = level;
	h.state = validate_not_applicable(w->r->d, ref, reason, sizeof reason) ? EXPORT_NA
									       : EXPORT_ANSWERED;
	h.problems = problems_at(w, path, false);
	if (rows) {
		h.nrows = it->nchildren;
		w->r->ops->group(w->r, &h);
	} else {
		h.nflags = heading_flags(w, it, ref, &flags);
		h.flags = flags;
		w->r->ops->heading(w->r, &h);
	}
	free(h.problems.v);
	free(flags);
	walk_children(w, it, ref, level + 1, rows, !rows);
}

static void
walk_repeat(struct walk *w, const struct form_item *it, const struct item_ref *ref, int level)
{
	struct item_ref outer = *ref;
	struct export_heading h;
	char path[1024], reason[512];
	size_t n, i;
	bool na;

	outer.nidx = path_levels(it, false);
	outer.instance = false;
	n = document_count(w->r->d, &outer);
	na = validate_not_applicable(w->r->d, &outer, reason, sizeof reason);
	if (it->num != NULL) {
		/* a numbered repeat (2. …使用するシステム) is a heading of its own */
		memset(&h, 0, sizeof h);
		h.item = it;
		h.path = path_format(&outer, path, sizeof path);
		printed_label(it, h.label, sizeof h.label);
		h.level = level;
		h.state = na ? EXPORT_NA : EXPORT_ANSWERED;
		h.problems = problems_at(w, path, false);
		w->r->ops->heading(w->r, &h);
		free(h.problems.v);
		level++;
	}
	if (n == 0 && it->num != NULL)
		return; /* the heading stands alone, with its problems */
	if (n == 0) {
		struct export_item x;

		/* no instance: one row that says so (「—」 when not applicable) */
		memset(&x, 0, sizeof x);
		x.item = it;
		x.ref = outer;
		x.path = path_format(&outer, path, sizeof path);
		printed_label(it, x.label, sizeof x.label);
		x.level = level;
		x.state = na ? EXPORT_NA : EXPORT_EMPTY;
		x.reason = na ? reason : NULL;
		x.problems = problems_at(w, path, false);
		w->r->ops->item(w->r, &x);
		free(x.problems.v);
		return;
	}
	for (i = 0; i < n && outer.nidx < PATH_MAX_LEVELS; i++) {
		struct item_ref inst = outer;

		inst.idx[inst.nidx++] = (unsigned)i;
		inst.instance = true;
		memset(&h, 0, sizeof h);
		h.item = it;
		h.path = path_format(&inst, path, sizeof path);
		snprintf(h.label, sizeof h.label, "%s%zu", it->instance, i + 1);
		h.level = level;
		h.instance = true;
		h.title = it->titled ? document_get(w->r->d, &inst) : NULL;
		h.state = na ? EXPORT_NA : EXPORT_ANSWERED;
		h.problems = problems_at(w, path, false);
		/* the repeat's own problems (too few, too many) go with its first instance */
		if (i == 0 && w->r->o->show_problems) {
			char rp[1024];
			struct export_problems more =
			    problems_at(w, path_format(&outer, rp, sizeof rp), false);
			if (more.n > 0) {
				h.problems.v = xreallocarray(
				    h.problems.v, h.problems.n + more.n, sizeof *h.problems.v);
				memcpy(
				    h.problems.v + h.problems.n, more.v, more.n * sizeof *more.v);
				h.problems.n += more.n;
			}
			free(more.v);
		}
		w->r->ops->heading(w->r, &h);
		free(h.problems.v);
		walk_children(w, it, &inst, level + 1, false, false);
	}
}

static void
walk_entry(struct walk *w, const struct form_item *it, const struct item_ref *ref, int level,
    bool in_group)
{
	switch (it->kind) {
	case FORM_GROUP:
		walk_group(w, it, ref, level);
		break;
	case FORM_REPEAT:
		walk_repeat(w, it, ref, level);
		break;
	case FORM_SECTION:
		break;
	default:
		emit_item(w, it, ref, level, in_group);
		break;
	}
}

/* The file's name as II 1 gives it: the first one-line item of the first per-file section. */
static const char *
file_name(const struct document *d, size_t file)
{
	const struct form *f = d->form;
	size_t i, k;

	for (i = 0; i < f->nsections; i++) {
		const struct form_item *s = f->sections[i];
		if (!s->per_file)
			continue;
		for (k = 0; k < s->nchildren; k++) {
			struct item_ref ref;
			const struct node *v;

			if (s->children[k]->kind != FORM_TEXT)
				continue;
			memset(&ref, 0, sizeof ref);
			ref.item = s->children[k];
			ref.nidx = 1;
			ref.idx[0] = (unsigned)file;
			v = document_get(d, &ref);
			if (v != NULL && v->type == NODE_SCALAR && v->len > 0 && !answer_is_none(v))
				return v->str;
			return NULL;
		}
		return NULL;
	}
	return NULL;
}

bool
export_is_cover(const struct form_item *sec)
{
	/* the cover is the section the forms give the id "cover" (a stable document key) */
	return sec->parent == NULL && strcmp(sec->id, "cover") == 0;
}

static void
walk_cover(struct walk *w, const struct form_item *sec)
{
	struct export_section s;
	struct export_item cells[8];
	struct item_ref ref;
	char paths[8][1024], reason[512];
	size_t i, n = 0;

	memset(&s, 0, sizeof s);
	memset(&ref, 0, sizeof ref);
	ref.item = sec;
	s.item = sec;
	s.path = sec->segment;
	printed_label(sec, s.label, sizeof s.label);
	s.nfiles = 1;
	s.cover = true;
	w->r->ops->section(w->r, &s);
	/* the leading one-line items print side by side (評価書番号 | 評価書名) */
	while (n < sec->nchildren && n < 8 && sec->children[n]->kind == FORM_TEXT)
		n++;
	if (n < 2)
		n = 0;
	for (i = 0; i < n; i++) {
		struct export_item *x = &cells[i];
		struct item_ref cr = ref;

		cr.item = sec->children[i];
		memset(x, 0, sizeof *x);
		x->item = cr.item;
		x->ref = cr;
		x->path = path_format(&cr, paths[i], sizeof paths[i]);
		printed_label(cr.item, x->label, sizeof x->label);
		x->value = document_get(w->r->d, &cr);
		x->state = state_of(w, &cr, x->value, reason, sizeof reason);
		x->level = 1;
		x->problems = problems_at(w, x->path, false);
		if (cr.item->required && x->state != EXPORT_NA) {
			w->stat->required++;
			w->stat->answered += x->state != EXPORT_EMPTY;
		}
	}
	if (n > 0)
		w->r->ops->cover_table(w->r, cells, n);
	for (i = 0; i < n; i++)
		free(cells[i].problems.v);
	for (i = n; i < sec->nchildren; i++) {
		struct item_ref cr = ref;
		cr.item = sec->children[i];
		walk_entry(w, cr.item, &cr, 1, false);
	}
	w->r->ops->contents(w->r);
	w->r->ops->section_end(w->r, &s);
}

static void
walk_section(struct walk *w, const struct form_item *sec)
{
	size_t nfiles = sec->per_file ? document_files(w->r->d) : 1, f;

	for (f = 0; f < nfiles; f++) {
		struct export_section s;
		struct item_ref ref;
		char path[1024];

		memset(&s, 0, sizeof s);
		memset(&ref, 0, sizeof ref);
		ref.item = sec;
		if (sec->per_file) {
			ref.nidx = 1;
			ref.idx[0] = (unsigned)f;
			ref.instance = true;
		}
		s.item = sec;
		s.path = path_format(&ref, path, sizeof path);
		printed_label(sec, s.label, sizeof s.label);
		s.file = f;
		s.nfiles = nfiles;
		s.file_name = sec->per_file ? file_name(w->r->d, f) : NULL;
		w->r->ops->section(w->r, &s);
		walk_children(w, sec, &ref, 1, false, false);
		w->r->ops->section_end(w->r, &s);
	}
}

/* The section a problem belongs to, from its item or else from its path's first segment. */
static struct export_stat *
stat_of(struct export_run *r, const struct problem *p)
{
	size_t i, n;

	for (i = 0; i < r->nstats; i++) {
		const struct form_item *s = r->stats[i].section;
		if (p->ref.item != NULL) {
			if (form_item_section(p->ref.item) == s)
				return &r->stats[i];
			continue;
		}
		n = strlen(s->segment);
		if (strncmp(p->path, s->segment, n) == 0 &&
		    (p->path[n] == '-' || p->path[n] == '[' || p->path[n] == '\0'))
			return &r->stats[i];
	}
	return NULL;
}

static const struct form_item *
find_section(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nsections; i++) {
		const struct form_item *s = f->sections[i];
		if (strcmp(s->id, name) == 0 || path_segment_equal(s->segment, name))
			return s;
	}
	return NULL;
}

/* The review comments (--with-comments, never by default): one closing section with an entry
 * per commented item, its thread as the text, through the same events as the form's items
 * so that every renderer lays it out. */
static void
walk_comments(struct export_run *r)
{
	const struct node *m = node_get(r->d->root, COMMENT_KEY);
	struct form_item fi;
	struct export_section s;
	size_t i, k;

	if (m == NULL || m->type != NODE_MAP || m->npairs == 0)
		return;
	memset(&fi, 0, sizeof fi);
	fi.id = "comment";
	fi.kind = FORM_TEXTAREA;
	memset(&s, 0, sizeof s);
	s.path = "comments";
	snprintf(s.label, sizeof s.label, "%s", _("Review comments"));
	s.nfiles = 1;
	r->ops->section(r, &s);
	for (i = 0; i < m->npairs; i++) {
		struct strbuf t = STRBUF_INIT;
		struct export_item it;
		struct item_ref ref;
		struct comment c;
		struct error err;
		char title[800];
		struct node *v;

		for (k = 0; comment_read(m->pairs[i].value, k, &c); k++)
			strbuf_addf(&t, "%s%s %s%s: %s", k > 0 ? "\n" : "", c.author, c.date,
			    c.resolved ? _(" (resolved)") : "", c.text);
		if (t.len == 0)
			continue;
		memset(&it, 0, sizeof it);
		fi.label = m->pairs[i].key;
		it.item = &fi;
		it.path = m->pairs[i].key;
		error_clear(&err);
		if (path_parse(r->d->form, m->pairs[i].key, &ref, &err))
			snprintf(it.label, sizeof it.label, "%s %s", m->pairs[i].key,
			    form_item_title(ref.item, title, sizeof title));
		else
			snprintf(it.label, sizeof it.label, "%s", m->pairs[i].key);
		v = node_scalar(strbuf_str(&t), t.len);
		it.value = v;
		it.state = EXPORT_ANSWERED;
		it.level = 1;
		it.block = true;
		r->ops->item(r, &it);
		node_free(&v);
		strbuf_free(&t);
	}
	r->ops->section_end(r, &s);
}

bool
export_document(
    const struct document *d, const struct export_options *o, struct strbuf *out, struct error *err)
{
	struct export_run r;
	struct walk w;
	const struct form *f = d->form;
	size_t i;

	memset(&r, 0, sizeof r);
	r.d = d;
	r.o = o;
	r.out = out;
	r.width = o->width > 0 ? o->width : 80;
	r.ambi = o->ambiwidth == 2 ? 2 : 1;
	switch (o->format) {
	case EXPORT_MARKDOWN:
		r.ops = &export_markdown_ops;
		break;
	case EXPORT_HTML:
		r.ops = &export_html_ops;
		break;
	default:
		r.ops = &export_text_ops;
		break;
	}
	if (o->only_section != NULL) {
		r.only = find_section(f, o->only_section);
		if (r.only == NULL) {
			error_item(err, o->only_section, _("no section \"%s\" in %s"),
			    o->only_section, f->title);
			return false;
		}
	}
	validate_document(d, &r.problems);
	r.nstats = f->nsections;
	r.stats = xcalloc(r.nstats > 0 ? r.nstats : 1, sizeof *r.stats);
	for (i = 0; i < f->nsections; i++)
		r.stats[i].section = f->sections[i];
	for (i = 0; i < r.problems.n; i++) {
		struct export_stat *st = stat_of(&r, &r.problems.v[i]);
		if (st == NULL)
			continue;
		switch (r.problems.v[i].severity) {
		case SEVERITY_ERROR:
			st->errors++;
			break;
		case SEVERITY_MISSING:
			st->missing++;
			break;
		default:
			st->warnings++;
			break;
		}
	}
	w.r = &r;
	w.stat = NULL;
	r.ops->begin(&r);
	for (i = 0; i < f->nsections; i++) {
		const struct form_item *sec = f->sections[i];

		w.stat = &r.stats[i];
		if (export_is_cover(sec)) {
			if (export_section_shown(&r, sec))
				walk_cover(&w, sec);
			continue;
		}
		if (i == 0 && r.only == NULL)
			r.ops->contents(&r);
		if (export_section_shown(&r, sec))
			walk_section(&w, sec);
	}
	if (o->with_comments)
		walk_comments(&r);
	r.ops->end(&r);
	problem_list_clear(&r.problems);
	free(r.stats);
	return true;
}
