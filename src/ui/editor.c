/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor's event loop and actions. State changes go through the document model; after
 * each key the rows of the page are rebuilt when the document changed, the problems are
 * re-validated, and the screen is drawn once. */
#include "config.h"

#include <errno.h>
#include <time.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "editor-int.h"
#include "keymap.h"
#include "piaform/answer.h"
#include "piaform/diff.h"
#include "piaform/docfile.h"
#include "piaform/editor.h"
#include "piaform/i18n.h"
#include "piaform/merge.h"
#include "piaform/strbuf.h"
#include "piaform/wareki.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"
#include "term.h"

static void
message(struct editor *e, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
message(struct editor *e, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	e->message_error = error;
}

/* --- pages and rows --- */

static void
build_pages(struct editor *e)
{
	size_t i, files = document_files(e->doc), n = 0, f;

	free(e->pages);
	e->pages = xreallocarray(NULL, e->doc->form->nsections * files, sizeof *e->pages);
	for (i = 0; i < e->doc->form->nsections; i++) {
		const struct form_item *s = e->doc->form->sections[i];
		for (f = 0; f < (s->per_file ? files : 1); f++) {
			e->pages[n].section = s;
			e->pages[n].file = (unsigned)f;
			n++;
		}
	}
	e->npages = n;
	if (e->page >= n)
		e->page = n - 1;
}

struct rowvec {
	struct row *v;
	size_t n, cap;
};

static struct row *
row_add(struct rowvec *rv, enum row_kind kind, const struct item_ref *ref, int depth)
{
	struct row *r;

	if (rv->n == rv->cap) {
		rv->cap = rv->cap ? rv->cap * 2 : 64;
		rv->v = xreallocarray(rv->v, rv->cap, sizeof *rv->v);
	}
	r = &rv->v[rv->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->ref = *ref;
	r->depth = depth;
	return r;
}

static void
rows_of(struct editor *e, struct rowvec *rv, const struct form_item *it, struct item_ref *ref,
    int depth)
{
	struct item_ref r = *ref;
	size_t i, n;

	r.item = it;
	r.instance = false;
	switch (it->kind) {
	case FORM_SECTION:
	case FORM_GROUP:
		row_add(rv, ROW_HEADING, &r, depth);
		for (i = 0; i < it->nchildren; i++)
			rows_of(e, rv, it->children[i], &r,
			    it->kind == FORM_SECTION ? depth : depth + 1);
		break;
	case FORM_REPEAT:
		r.nidx = path_levels(it, false);
		row_add(rv, ROW_HEADING, &r, depth);
		n = document_count(e->doc, &r);
		for (i = 0; i < n && r.nidx < PATH_MAX_LEVELS; i++) {
			struct item_ref inst = r;
			inst.idx[inst.nidx++] = (unsigned)i;
			inst.instance = true;
			row_add(rv, ROW_INSTANCE, &inst, depth + 1);
			for (size_t k = 0; k < it->nchildren; k++)
				rows_of(e, rv, it->children[k], &inst, depth + 2);
		}
		row_add(rv, ROW_ADD, &r, depth + 1);
		break;
	case FORM_FIXED:
		row_add(rv, ROW_FIXED, &r, depth);
		break;
	default:
		row_add(rv, ROW_ITEM, &r, depth);
		break;
	}
}

/* Rebuild the current page's rows; keep the focus on the same item when it still exists. */
static void
build_rows(struct editor *e)
{
	struct rowvec rv = { 0 };
	struct item_ref ref;
	const struct page *p = &e->pages[e->page];
	char old[256] = "";
	enum row_kind oldkind = ROW_HEADING;
	size_t i;

	if (e->rows != NULL && e->focus < e->nrows) {
		snprintf(old, sizeof old, "%s", e->rows[e->focus].path);
		oldkind = e->rows[e->focus].kind;
	}
	memset(&ref, 0, sizeof ref);
	ref.item = p->section;
	if (p->section->per_file) {
		ref.idx[0] = p->file;
		ref.nidx = 1;
		ref.instance = true;
	}
	row_add(&rv, ROW_HEADING, &ref, 0);
	for (i = 0; i < p->section->nchildren; i++)
		rows_of(e, &rv, p->section->children[i], &ref, 0);
	for (i = 0; i < rv.n; i++) {
		struct row *r = &rv.v[i];
		path_format(&r->ref, r->path, sizeof r->path);
		if (r->kind == ROW_ADD) {
			/* distinct from the repeat's own heading */
			strncat(r->path, "+", sizeof r->path - strlen(r->path) - 1);
		}
		r->na = r->kind != ROW_HEADING &&
		    validate_not_applicable(e->doc, &r->ref, r->reason, sizeof r->reason);
	}
	free(e->rows);
	e->rows = rv.v;
	e->rows_version++;
	e->nrows = rv.n;
	e->focus = 0;
	for (i = 0; old[0] != '\0' && i < e->nrows; i++) {
		if (strcmp(e->rows[i].path, old) == 0 && e->rows[i].kind == oldkind) {
			e->focus = i;
			break;
		}
	}
}

static bool
focusable(const struct row *r)
{
	return r->kind == ROW_ITEM || r->kind == ROW_INSTANCE || r->kind == ROW_ADD;
}

static void
refresh_problems(struct editor *e)
{
	if (e->have_probs && e->probs_gen == e->doc->generation)
		return;
	problem_list_clear(&e->probs);
	validate_document(e->doc, &e->probs);
	e->probs_gen = e->doc->generation;
	e->have_probs = true;
	if (e->since != NULL && e->since_gen != e->doc->generation) {
		struct error err;
		diff_list_clear(&e->since_diff);
		error_clear(&err);
		diff_documents(e->since, e->doc, DIFF_MATCH_POSITION, &e->since_diff, &err);
		e->since_gen = e->doc->generation;
	}
}

/* An imported answer counts as reviewed once the writer edits or confirms it. */
static void
mark_reviewed(struct editor *e, const char *path)
{
	struct node *imp = node_get(e->doc->root, "imported");
	struct node *entry = node_get(imp, path);

	if (entry == NULL || entry->type != NODE_MAP ||
	    node_is(node_get(entry, "reviewed"), "true"))
		return;
	node_set(entry, "reviewed", node_scalar_str("true"));
	e->doc->generation++;
	e->dirty = true;
}

/* --- every change to the document goes through these (the journal hooks in here) --- */

static bool resync_journal(struct editor *e);

static void
edit_set(struct editor *e, const struct item_ref *ref, struct node *v)
{
	if (e->readonly) {
		node_free(&v);
		message(e, true, _("read-only: another piaform is editing this file"));
		return;
	}
	/* written ahead: once the change is in the document, it is in the journal too (after
	 * a failed write, the whole document first, so that replay does not depend on the
	 * record that was lost) */
	if (!journal_lost(e->journal) || resync_journal(e))
		journal_set(e->journal, ref, v);
	document_set(e->doc, ref, v);
	e->dirty = true;
	{
		char path[256];
		mark_reviewed(e, path_format(ref, path, sizeof path));
	}
}

enum edit_op { EDIT_ADD, EDIT_DUP, EDIT_REMOVE, EDIT_MOVE };

static bool
edit_instance(struct editor *e, const struct item_ref *rep, enum edit_op op, size_t a, size_t b,
    struct error *err)
{
	static const char *const names[] = { "add", "dup", "remove", "move" };
	bool ok = false;

	if (e->readonly) {
		error_item(err, NULL, _("read-only: another piaform is editing this file"));
		return false;
	}
	switch (op) {
	case EDIT_ADD:
		ok = document_instance_add(e->doc, rep, a, err);
		break;
	case EDIT_DUP:
		ok = document_instance_dup(e->doc, rep, a, err);
		break;
	case EDIT_REMOVE:
		ok = document_instance_remove(e->doc, rep, a, err);
		break;
	case EDIT_MOVE:
		ok = document_instance_move(e->doc, rep, a, b, err);
		break;
	}
	/* journaled once done: an operation the form refuses (the 20th システム) is not replayed */
	if (ok) {
		if (journal_lost(e->journal))
			resync_journal(e); /* the snapshot holds the operation too */
		else
			journal_instance(e->journal, rep, names[op], a, b);
		e->dirty = true;
	}
	return ok;
}

/* Remember the focused field's text as the journal has it, for the next delta. */
static void
field_track(struct editor *e)
{
	strbuf_reset(&e->jtext);
	if (e->tb != NULL)
		strbuf_add(&e->jtext, textbuf_text(e->tb), textbuf_len(e->tb));
}

/* The keys of the file outside the answers (review marks, merge conflicts, comments) are
 * changed by several actions directly; after each key they are compared with what the
 * journal has, and a key that differs is journaled whole (they are small). */
static bool
meta_key(const char *k)
{
	return strcmp(k, "answers") != 0 && strcmp(k, "piaform") != 0 && strcmp(k, "form") != 0 &&
	    strcmp(k, "revision") != 0;
}

static void
meta_track(struct editor *e)
{
	const struct node *root = e->doc->root;
	size_t i;

	node_free(&e->jmeta);
	e->jmeta = node_map();
	for (i = 0; i < root->npairs; i++) {
		if (meta_key(root->pairs[i].key))
			node_set(e->jmeta, root->pairs[i].key, node_clone(root->pairs[i].value));
	}
}

static void
edit_meta_check(struct editor *e)
{
	const struct node *root = e->doc->root;
	size_t i;

	if (e->journal == NULL || e->jmeta == NULL)
		return;
	if (journal_lost(e->journal)) {
		resync_journal(e);
		return;
	}
	for (i = 0; i < root->npairs; i++) {
		const struct node *was = node_get(e->jmeta, root->pairs[i].key);
		if (!meta_key(root->pairs[i].key) ||
		    (was != NULL && node_equal(was, root->pairs[i].value)))
			continue;
		if (journal_meta(e->journal, root->pairs[i].key, root->pairs[i].value))
			node_set(e->jmeta, root->pairs[i].key, node_clone(root->pairs[i].value));
	}
	for (i = e->jmeta->npairs; i > 0; i--) {
		const char *k = e->jmeta->pairs[i - 1].key;
		if (node_get(root, k) == NULL && journal_meta(e->journal, k, NULL))
			node_del(e->jmeta, k);
	}
}

/* After a failed write (a full disk that has room again): the whole document as a snapshot,
 * then the focused field's text as a delta from its committed value, so that the journal
 * holds everything again. True when it does. */
static bool
resync_journal(struct editor *e)
{
	if (!journal_snapshot(e->journal, e->doc))
		return false;
	meta_track(e);
	strbuf_reset(&e->jtext);
	if (e->tb != NULL && e->nrows > 0) {
		const struct node *v = document_get(e->doc, &e->rows[e->focus].ref);
		if (v != NULL && v->type == NODE_SCALAR)
			strbuf_add(&e->jtext, v->str, v->len);
		if (journal_delta(e->journal, &e->rows[e->focus].ref, strbuf_str(&e->jtext),
			e->jtext.len, textbuf_text(e->tb), textbuf_len(e->tb)))
			field_track(e);
	}
	return !journal_lost(e->journal);
}

/* Called after every change of the focused text field's buffer (typing, paste, undo …): the
 * journal gets the bytes that changed, so a keystroke costs a few bytes, not the whole text. */
static void
edit_field_changed(struct editor *e)
{
	const struct item_ref *ref;

	if (e->tb == NULL || e->nrows == 0)
		return;
	ref = &e->rows[e->focus].ref;
	if (journal_lost(e->journal)) {
		resync_journal(e); /* the field's text included */
		return;
	}
	/* a delta that could not be written is not forgotten: the next one spans it */
	if (journal_delta(e->journal, ref, strbuf_str(&e->jtext), e->jtext.len, textbuf_text(e->tb),
		textbuf_len(e->tb)))
		field_track(e);
}

/* --- the field being edited --- */

static struct row *
focused(struct editor *e)
{
	return e->nrows > 0 ? &e->rows[e->focus] : NULL;
}

/* Open the text buffer for the focused row when it is a text field. */
static void
field_open(struct editor *e)
{
	struct row *r = focused(e);
	const struct node *v;

	textbuf_free(&e->tb);
	e->sub = -1;
	e->want_col = -1;
	if (r == NULL)
		return;
	if (r->kind == ROW_ITEM &&
	    (r->ref.item->kind == FORM_CHOICE || r->ref.item->kind == FORM_CHECKS ||
		r->ref.item->kind == FORM_TABLE)) {
		e->sub = 0;
		if (r->ref.item->kind == FORM_CHOICE) {
			v = document_get(e->doc, &r->ref);
			if (v != NULL && v->type == NODE_SCALAR) {
				int k = form_option_index(r->ref.item, v->str, v->len);
				e->sub = k >= 0 ? k : 0;
			}
		}
		return;
	}
	if (!view_row_is_text(e, r) || e->readonly)
		return;
	v = document_get(e->doc, &r->ref);
	if (v != NULL && v->type == NODE_SCALAR)
		e->tb = textbuf_new(v->str, v->len);
	else
		e->tb = textbuf_new("", 0);
	field_track(e);
}

/* Store the text buffer's content. What does not parse is kept as typed (and reported), so
 * nothing typed is lost. */
static void
field_commit(struct editor *e)
{
	struct row *r = focused(e);
	struct form_item title_item;
	const struct form_item *as;
	struct error err;
	struct node *v;
	const char *t;
	size_t len;

	if (e->tb == NULL || r == NULL || !textbuf_changed(e->tb))
		return;
	as = r->ref.item;
	if (r->kind == ROW_INSTANCE) {
		memset(&title_item, 0, sizeof title_item);
		title_item.kind = FORM_TEXT;
		title_item.label = r->ref.item->instance;
		as = &title_item;
	}
	t = textbuf_text(e->tb);
	len = textbuf_len(e->tb);
	error_clear(&err);
	if (len == 0) {
		v = NULL;
	} else {
		v = answer_parse(as, t, len, &err);
		if (v == NULL) {
			v = node_scalar(t, len);
			message(e, true, "%s: %s", r->path, err.message);
		}
	}
	edit_set(e, &r->ref, v);
	e->dirty = true;
	/* the buffer now matches the document */
	{
		const struct node *now = document_get(e->doc, &r->ref);
		const char *ns = now != NULL && now->type == NODE_SCALAR ? now->str : "";
		size_t nl = now != NULL && now->type == NODE_SCALAR ? now->len : 0, i;
		size_t cursor = textbuf_cursor(e->tb);
		struct strbuf typed = STRBUF_INIT;
		/* line breaks typed at the end are not stored (answer_parse), but the writer may
		 * still be in the field (a save while typing): they stay in the buffer, so the
		 * next line is not joined to this one. The journal holds the stored value; the
		 * breaks reach it with the next character typed after them. */
		strbuf_add(&typed, ns, nl);
		if (len > nl && memcmp(t, ns, nl) == 0) {
			for (i = nl; i < len && (t[i] == '\n' || t[i] == '\r'); i++)
				;
			if (i == len)
				strbuf_add(&typed, t + nl, len - nl);
		}
		textbuf_free(&e->tb);
		e->tb = textbuf_new(strbuf_str(&typed), typed.len);
		textbuf_set_cursor(e->tb, cursor);
		strbuf_reset(&e->jtext);
		strbuf_add(&e->jtext, ns, nl);
		strbuf_free(&typed);
	}
}

static void
set_focus(struct editor *e, size_t i)
{
	field_commit(e);
	e->focus = i;
	field_open(e);
}

static void
changed(struct editor *e)
{
	e->dirty = true;
	build_pages(e);
	build_rows(e);
	refresh_problems(e);
}

static void
go_page(struct editor *e, size_t p, bool first_focusable)
{
	size_t i;

	field_commit(e);
	if (e->doc->generation != e->probs_gen)
		refresh_problems(e);
	e->page = p;
	e->scroll = 0;
	free(e->rows);
	e->rows = NULL;
	e->nrows = 0;
	build_rows(e);
	if (first_focusable) {
		for (i = 0; i < e->nrows && !focusable(&e->rows[i]); i++)
			;
		e->focus = i < e->nrows ? i : 0;
	}
	field_open(e);
}

/* Move the focus to the item with that path (any page). */
static bool
go_path(struct editor *e, const char *path)
{
	struct item_ref ref;
	struct error err;
	size_t p, i;
	char canon[256];

	error_clear(&err);
	if (!path_parse(e->doc->form, path, &ref, &err))
		return false;
	path_format(&ref, canon, sizeof canon);
	for (p = 0; p < e->npages; p++) {
		const struct page *pg = &e->pages[p];
		if (pg->section != form_item_section(ref.item))
			continue;
		if (pg->section->per_file && ref.nidx > 0 && ref.idx[0] != pg->file)
			continue;
		go_page(e, p, true);
		for (i = 0; i < e->nrows; i++) {
			if (strcmp(e->rows[i].path, canon) == 0) {
				set_focus(e, i);
				return true;
			}
		}
		return true;
	}
	return false;
}

/* --- actions --- */

static void
next_field(struct editor *e, int dir)
{
	size_t i = e->focus;

	for (;;) {
		if (dir > 0 && i + 1 >= e->nrows) {
			if (e->page + 1 < e->npages) {
				go_page(e, e->page + 1, true);
			}
			return;
		}
		if (dir < 0 && i == 0) {
			if (e->page > 0) {
				go_page(e, e->page - 1, false);
				for (i = e->nrows; i > 0 && !focusable(&e->rows[i - 1]); i--)
					;
				set_focus(e, i > 0 ? i - 1 : 0);
				e->sub = e->rows[e->focus].kind == ROW_ITEM &&
					e->rows[e->focus].ref.item->options
				    ? (int)e->rows[e->focus].ref.item->options->n - 1
				    : e->sub;
			}
			return;
		}
		i = dir > 0 ? i + 1 : i - 1;
		if (focusable(&e->rows[i])) {
			set_focus(e, i);
			return;
		}
	}
}

/* True when the file on disk is no longer what was loaded or last saved (a touch alone, with
 * the same bytes, does not count). */
static bool
changed_on_disk(struct editor *e)
{
	struct journal_stamp now;
	struct error err;

	error_clear(&err);
	if (!journal_stamp_file(e->file, &now, false, &err))
		return true;
	if (journal_stamp_same_file(&now, &e->stamp))
		return false;
	return !now.exists || !journal_stamp_file(e->file, &now, true, &err) ||
	    !journal_stamp_same_content(&now, &e->stamp);
}

static bool
save(struct editor *e)
{
	struct strbuf out = STRBUF_INIT;
	struct journal_stamp saved;
	struct error err;
	char buf[1024];
	uint32_t crc;
	bool ok = false;

	field_commit(e);
	if (e->readonly) {
		message(e, true,
		    _("read-only: nothing is saved (another piaform is editing this file)"));
		return false;
	}
	if (changed_on_disk(e)) {
		snprintf(buf, sizeof buf,
		    _("%s changed on disk since it was opened (another program or person?). "
		      "Overwrite it? (y/n)"),
		    e->file);
		if (view_ask(e, buf, false) != 'y') {
			message(e, true,
			    _("not saved: %s is as the other change left it; your "
			      "changes are still here and in the journal"),
			    e->file);
			return false;
		}
	}
	error_clear(&err);
	if (!docfile_render(e->doc, &out, &err))
		goto out;
	/* the journal learns what the new file will hold before it replaces the old one: a
	 * crash between the two then replays nothing twice */
	crc = journal_crc32(0, out.s, out.len);
	journal_saving(e->journal, crc, out.len);
	if (!docfile_write_atomic(e->file, out.s, out.len, &err))
		goto out;
	if (!journal_stamp_file(e->file, &saved, false, &err))
		memset(&saved, 0, sizeof saved);
	saved.crc = crc;
	e->stamp = saved;
	journal_saved(e->journal, &saved);
	e->dirty = false;
	refresh_problems(e);
	message(e, false, _("saved %s"), e->file);
	ok = true;
out:
	if (!ok && journal_failure(e->journal) != NULL)
		message(e, true,
		    _("%s (your changes are only in this session: the journal cannot be written "
		      "either; free some space and save again)"),
		    error_format(&err, buf, sizeof buf));
	else if (!ok)
		message(e, true, _("%s (your changes are still here and in the journal)"),
		    error_format(&err, buf, sizeof buf));
	strbuf_free(&out);
	return ok;
}

static void
next_problem(struct editor *e)
{
	size_t i, start = 0;
	const char *cur = focused(e) ? focused(e)->path : "";

	refresh_problems(e);
	if (e->probs.n == 0) {
		message(e, false, _("no problems"));
		return;
	}
	/* the first problem after the current item, in form order, wrapping around */
	for (i = 0; i < e->probs.n; i++) {
		if (strcmp(e->probs.v[i].path, cur) == 0) {
			start = i + 1;
			while (start < e->probs.n && strcmp(e->probs.v[start].path, cur) == 0)
				start++;
			break;
		}
	}
	for (i = 0; i < e->probs.n; i++) {
		const struct problem *p = &e->probs.v[(start + i) % e->probs.n];
		if (p->ref.item != NULL && go_path(e, p->path)) {
			message(e, p->severity == SEVERITY_ERROR, "%s: %s", p->path, p->message);
			return;
		}
	}
	message(e, false, _("no problem can be shown on an item"));
}

static void
problems_list(struct editor *e)
{
	const char **items;
	char **owned;
	size_t i, n;
	int k;

	refresh_problems(e);
	n = e->probs.n;
	if (n == 0) {
		message(e, false, _("no problems"));
		return;
	}
	items = xcalloc(n, sizeof *items);
	owned = xcalloc(n, sizeof *owned);
	for (i = 0; i < n; i++) {
		owned[i] = xasprintf("%s  %s  %s", e->probs.v[i].path,
		    severity_name(e->probs.v[i].severity), e->probs.v[i].message);
		items[i] = owned[i];
	}
	k = view_menu(e, _("Problems"), items, n, 0);
	if (k >= 0)
		go_path(e, e->probs.v[k].path);
	for (i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(items);
}

static void
search(struct editor *e)
{
	char *q =
	    view_prompt(e, _("Search (label or path):"), e->last_search ? e->last_search : "");
	size_t p, i, start;
	char *fq;

	if (q == NULL)
		return;
	if (q[0] == '\0') {
		free(q);
		return;
	}
	free(e->last_search);
	e->last_search = q;
	/* a path first */
	if (go_path(e, q)) {
		message(e, false, "%s", q);
		return;
	}
	fq = path_fold(q);
	/* then labels, from the item after the focus on, over every page */
	start = e->page;
	for (p = 0; p < e->npages; p++) {
		size_t pg = (start + p) % e->npages;
		size_t from = p == 0 ? e->focus + 1 : 0;
		if (pg != e->page)
			go_page(e, pg, false);
		for (i = from; i < e->nrows; i++) {
			char title[1024], *ft;
			bool hit;
			if (!focusable(&e->rows[i]) && e->rows[i].kind != ROW_HEADING)
				continue;
			form_item_title(e->rows[i].ref.item, title, sizeof title);
			ft = path_fold(title);
			hit = strstr(ft, fq) != NULL;
			free(ft);
			if (hit) {
				set_focus(e, i);
				message(e, false, _("found: %s"), e->rows[i].path);
				free(fq);
				return;
			}
		}
	}
	free(fq);
	message(e, true, _("\"%s\" not found"), q);
}

static void
outline(struct editor *e)
{
	const char **items = xcalloc(e->npages + 2, sizeof *items);
	char **owned = xcalloc(e->npages, sizeof *owned);
	size_t i, n = e->npages;
	int k;

	for (i = 0; i < e->npages; i++) {
		const struct page *p = &e->pages[i];
		size_t open = view_page_open(e, i);
		char t[512];
		form_item_title(p->section, t, sizeof t);
		if (p->section->per_file)
			owned[i] = xasprintf("%s (%u)  %s", t, p->file + 1, open ? "" : "ok");
		else
			owned[i] = xasprintf("%s  %s", t, open ? "" : "ok");
		items[i] = owned[i];
	}
	items[n++] = _("+ add a 特定個人情報ファイル");
	if (document_files(e->doc) > 1)
		items[n++] = _("- delete this page's 特定個人情報ファイル");
	k = view_menu(e, _("Sections"), items, n, e->page);
	if (k >= 0 && (size_t)k < e->npages) {
		go_page(e, (size_t)k, true);
	} else if (k == (int)e->npages || k == (int)e->npages + 1) {
		struct item_ref r;
		struct error err;
		size_t i2;
		memset(&r, 0, sizeof r);
		for (i2 = 0; i2 < e->doc->form->nsections && !e->doc->form->sections[i2]->per_file;
		     i2++)
			;
		if (i2 < e->doc->form->nsections) {
			r.item = e->doc->form->sections[i2];
			error_clear(&err);
			field_commit(e);
			if (k == (int)e->npages) {
				if (edit_instance(e, &r, EDIT_ADD, document_files(e->doc), 0, &err))
					message(e, false, _("added 特定個人情報ファイル (%zu)"),
					    document_files(e->doc));
				else
					message(e, true, "%s", err.message);
			} else if (e->pages[e->page].section->per_file &&
			    view_ask(e,
				_("Delete this 特定個人情報ファイル and all its answers? (y/n)"),
				false) == 'y') {
				if (!edit_instance(
					e, &r, EDIT_REMOVE, e->pages[e->page].file, 0, &err))
					message(e, true, "%s", err.message);
			}
			changed(e);
			field_open(e);
		}
	}
	for (i = 0; i < e->npages; i++)
		free(owned[i]);
	free(owned);
	free(items);
}

/* The repeat and instance index the focus is on (an instance row, the add row, or any row
 * inside an instance). */
static bool
focus_instance(struct editor *e, struct item_ref *rep, size_t *pos, bool *on_add)
{
	struct row *r = focused(e);
	const struct form_item *it;
	size_t lv;

	if (r == NULL)
		return false;
	*on_add = r->kind == ROW_ADD;
	if (r->kind == ROW_ADD) {
		*rep = r->ref;
		*pos = document_count(e->doc, &r->ref);
		return true;
	}
	for (it = r->kind == ROW_INSTANCE ? r->ref.item : r->ref.item->parent; it != NULL;
	     it = it->parent) {
		if (it->kind == FORM_REPEAT)
			break;
	}
	if (it == NULL)
		return false;
	lv = path_levels(it, false);
	*rep = r->ref;
	rep->item = it;
	rep->nidx = lv;
	rep->instance = false;
	*pos = r->ref.idx[lv];
	return true;
}

static void
instance_action(struct editor *e, enum action a)
{
	struct item_ref rep, target;
	size_t pos, count;
	struct error err;
	bool on_add, ok = false;
	char canon[256];

	if (!focus_instance(e, &rep, &pos, &on_add)) {
		message(e, true, _("this is not inside a repeated group (システム, 委託事項 …)"));
		return;
	}
	field_commit(e);
	count = document_count(e->doc, &rep);
	error_clear(&err);
	target = rep;
	target.instance = true;
	target.nidx = rep.nidx + 1;
	switch (a) {
	case ACTION_ADD:
		pos = on_add ? count : pos + 1;
		ok = edit_instance(e, &rep, EDIT_ADD, pos, 0, &err);
		break;
	case ACTION_DUP:
		if (on_add) {
			if (count == 0)
				break;
			pos = count - 1;
		}
		ok = edit_instance(e, &rep, EDIT_DUP, pos, 0, &err);
		pos++;
		break;
	case ACTION_DELETE:
		if (on_add)
			break;
		{
			char q[256];
			snprintf(q, sizeof q, _("Delete %s%zu and all its answers? (y/n)"),
			    rep.item->instance, pos + 1);
			if (view_ask(e, q, false) != 'y')
				return;
		}
		ok = edit_instance(e, &rep, EDIT_REMOVE, pos, 0, &err);
		if (ok) /* comments and conflicts of later instances move up with them */
			merge_keys_renumber(e->doc, &rep, (unsigned)pos);
		if (pos > 0 && pos >= count - 1)
			pos--;
		break;
	case ACTION_MOVE_UP:
		if (on_add || pos == 0)
			break;
		ok = edit_instance(e, &rep, EDIT_MOVE, pos, pos - 1, &err);
		pos--;
		break;
	case ACTION_MOVE_DOWN:
		if (on_add || pos + 1 >= count)
			break;
		ok = edit_instance(e, &rep, EDIT_MOVE, pos, pos + 1, &err);
		pos++;
		break;
	default:
		break;
	}
	if (!ok) {
		if (err.set)
			message(e, true, "%s", err.message);
		return;
	}
	textbuf_free(&e->tb);
	changed(e);
	target.idx[rep.nidx] = (unsigned)pos;
	if (document_count(e->doc, &rep) > 0) {
		path_format(&target, canon, sizeof canon);
		for (size_t i = 0; i < e->nrows; i++) {
			if (e->rows[i].kind == ROW_INSTANCE &&
			    strcmp(e->rows[i].path, canon) == 0) {
				e->focus = i;
				break;
			}
		}
	}
	field_open(e);
}

static void
external_editor(struct editor *e)
{
	struct row *r = focused(e);
	const char *ed = getenv("VISUAL") ? getenv("VISUAL")
	    : getenv("EDITOR")            ? getenv("EDITOR")
					  : "vi";
	char tmp[] = "/tmp/piaform-edit-XXXXXX";
	struct error err;
	char *cmd, *buf;
	size_t len;
	int fd, st;

	if (r == NULL || e->tb == NULL) {
		message(e, true, _("Ctrl-E edits text items"));
		return;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		message(e, true, "%s", strerror(errno));
		return;
	}
	if (write(fd, textbuf_text(e->tb), textbuf_len(e->tb)) < 0) {
		close(fd);
		unlink(tmp);
		return;
	}
	close(fd);
	term_pause();
	cmd = xasprintf("%s '%s'", ed, tmp);
	st = system(cmd);
	free(cmd);
	term_resume();
	error_clear(&err);
	buf = yamlio_read_file(tmp, 1 << 20, &len, &err);
	unlink(tmp);
	if (buf == NULL || st != 0) {
		message(e, true, _("the editor failed; the answer is unchanged"));
		free(buf);
		return;
	}
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	textbuf_replace(e->tb, buf, len);
	free(buf);
	field_commit(e);
	changed(e);
	field_open(e);
}

static void
clear_answer(struct editor *e)
{
	struct row *r = focused(e);

	if (r == NULL || (r->kind != ROW_ITEM && r->kind != ROW_INSTANCE))
		return;
	if (e->tb != NULL) {
		textbuf_replace(e->tb, "", 0);
		return;
	}
	edit_set(e, &r->ref, NULL);
	changed(e);
}

static bool
quit(struct editor *e)
{
	int a;

	field_commit(e);
	if (!e->dirty)
		return true;
	a = view_ask(e, _("Save changes before quitting? (y)es / (n)o / (c)ancel"), true);
	if (a == 'y')
		return save(e);
	return a == 'n';
}

/* Ctrl-B: the rows of what changed since the published version, appended to the 変更箇所
 * table with today's date, for the writer to review there. */
static void
append_changes(struct editor *e)
{
	const struct form *f = e->doc->form;
	const struct form_item *table = NULL;
	struct item_ref ref;
	struct node *rows, *all;
	char today[64], iso[16];
	struct error err;
	time_t t = time(NULL);
	size_t i;

	if (e->since == NULL) {
		message(e, true, _("start with --since PUBLISHED.yaml to list the changes"));
		return;
	}
	field_commit(e);
	refresh_problems(e);
	if (e->since_diff.n == 0) {
		message(e, false, _("nothing changed since the published version"));
		return;
	}
	for (i = 0; i < f->nall && table == NULL; i++) {
		if (f->all[i]->kind == FORM_TABLE)
			table = f->all[i];
	}
	if (table == NULL)
		return;
	strftime(iso, sizeof iso, "%Y-%m-%d", localtime(&t));
	error_clear(&err);
	if (!wareki_parse(iso, strlen(iso), false, today, sizeof today, &err))
		snprintf(today, sizeof today, "%s", iso);
	rows = diff_rows_node(e->doc, &e->since_diff, today, true);
	memset(&ref, 0, sizeof ref);
	ref.item = table;
	all = node_clone(document_get(e->doc, &ref));
	if (all == NULL || all->type != NODE_SEQ) {
		node_free(&all);
		all = node_seq();
	}
	for (i = 0; rows != NULL && i < rows->nitems; i++)
		node_push(all, node_clone(rows->items[i]));
	message(e, false, _("%zu rows appended to the 変更箇所 table: review them there"),
	    rows != NULL ? rows->nitems : 0);
	node_free(&rows);
	edit_set(e, &ref, all);
	changed(e);
}

/* --- keys on the focused row --- */

static void
choose(struct editor *e, struct row *r, int k)
{
	const struct form_item *it = r->ref.item;

	if (k < 0 || (size_t)k >= it->options->n)
		return;
	edit_set(e, &r->ref, node_scalar_str(it->options->v[k].text));
	e->sub = k;
	changed(e);
}

static void
toggle(struct editor *e, struct row *r, int k)
{
	const struct form_item *it = r->ref.item;
	const struct node *v = document_get(e->doc, &r->ref);
	struct node *nv = node_seq();
	size_t i;
	bool found = false;

	if (k < 0 || (size_t)k >= it->options->n) {
		node_free(&nv);
		return;
	}
	/* rebuild in form order: toggled option on or off, exclusive options respected */
	for (i = 0; i < it->options->n; i++) {
		const char *ft = NULL;
		bool on = false;
		for (size_t j = 0; v != NULL && v->type == NODE_SEQ && j < v->nitems; j++) {
			const char *f;
			if (answer_check_entry(it, v->items[j], &f) == (int)i) {
				on = true;
				ft = f;
			}
		}
		if ((int)i == k) {
			on = !on;
			found = on;
		} else if (found || (it->options->v[k].exclusive) || it->options->v[i].exclusive) {
			/* checking an exclusive option clears the others, and the reverse */
			if (!((int)i < k && !it->options->v[k].exclusive &&
				!it->options->v[i].exclusive))
				on = on &&
				    !(it->options->v[k].exclusive || it->options->v[i].exclusive);
		}
		if (!on)
			continue;
		if (ft != NULL && ft[0] != '\0') {
			struct node *m = node_map();
			node_set(m, it->options->v[i].text, node_scalar_str(ft));
			node_push(nv, m);
		} else {
			node_push(nv, node_scalar_str(it->options->v[i].text));
		}
	}
	edit_set(e, &r->ref, nv);
	changed(e);
}

static void
edit_free_text(struct editor *e, struct row *r, int k)
{
	const struct form_item *it = r->ref.item;
	const struct node *v = document_get(e->doc, &r->ref);
	struct node *nv;
	const char *cur = "";
	char label[512];
	char *text;
	size_t i;
	bool on = false;

	if (k < 0 || (size_t)k >= it->options->n || !it->options->v[k].free)
		return;
	for (i = 0; v != NULL && v->type == NODE_SEQ && i < v->nitems; i++) {
		const char *f;
		if (answer_check_entry(it, v->items[i], &f) == k) {
			on = true;
			cur = f != NULL ? f : "";
		}
	}
	snprintf(label, sizeof label, "%s ( ):", it->options->v[k].text);
	text = view_prompt(e, label, cur);
	if (text == NULL)
		return;
	if (!on) {
		toggle(e, r, k);
		r = focused(e); /* the rows were rebuilt */
	}
	v = document_get(e->doc, &r->ref);
	nv = node_clone(v);
	for (i = 0; nv != NULL && i < nv->nitems; i++) {
		const char *f;
		if (answer_check_entry(it, nv->items[i], &f) == k) {
			node_free(&nv->items[i]);
			if (text[0] != '\0') {
				nv->items[i] = node_map();
				node_set(
				    nv->items[i], it->options->v[k].text, node_scalar_str(text));
			} else {
				nv->items[i] = node_scalar_str(it->options->v[k].text);
			}
		}
	}
	free(text);
	edit_set(e, &r->ref, nv);
	changed(e);
}

/* The 変更箇所 table: rows edited column by column in prompts. */
static void
table_edit_row(struct editor *e, struct row *r, size_t k)
{
	const struct form_item *it = r->ref.item;
	const struct node *v = document_get(e->doc, &r->ref);
	struct node *nv = v != NULL && v->type == NODE_SEQ ? node_clone(v) : node_seq(), *row;
	size_t c;

	while (nv->nitems <= k)
		node_push(nv, node_map());
	row = nv->items[k];
	if (row->type != NODE_MAP) {
		node_free(&nv);
		return;
	}
	for (c = 0; c < it->nchildren; c++) {
		const struct form_item *col = it->children[c];
		const struct node *cell = node_get(row, col->id);
		struct error err;
		struct node *cv;
		char label[512], *text;

		if (col->kind == FORM_CHOICE) {
			const char **items = xcalloc(col->options->n, sizeof *items);
			size_t i;
			int pick;
			for (i = 0; i < col->options->n; i++)
				items[i] = col->options->v[i].text;
			pick = view_menu(e, col->label, items, col->options->n, 0);
			free(items);
			if (pick >= 0)
				node_set(row, col->id, node_scalar_str(col->options->v[pick].text));
			continue;
		}
		snprintf(label, sizeof label, "%zu. %s:", k + 1, col->label);
		text = view_prompt(
		    e, label, cell != NULL && cell->type == NODE_SCALAR ? cell->str : "");
		if (text == NULL)
			break;
		error_clear(&err);
		if (text[0] == '\0') {
			node_del(row, col->id);
		} else if ((cv = answer_parse(col, text, strlen(text), &err)) != NULL) {
			node_set(row, col->id, cv);
		} else {
			node_set(row, col->id, node_scalar_str(text));
			message(e, true, "%s: %s", col->label, err.message);
		}
		free(text);
	}
	edit_set(e, &r->ref, nv);
	e->sub = (int)k;
	changed(e);
}

static bool
table_key(struct editor *e, struct row *r, int c)
{
	const struct node *v = document_get(e->doc, &r->ref);
	size_t n = v != NULL && v->type == NODE_SEQ ? v->nitems : 0;

	if (c == KEY_DOWN && e->sub < (int)n) {
		e->sub++;
		return true;
	}
	if (c == KEY_UP && e->sub > 0) {
		e->sub--;
		return true;
	}
	if (c == '\r' || c == '\n' || c == KEY_ENTER) {
		table_edit_row(e, r, e->sub >= 0 ? (size_t)e->sub : n);
		return true;
	}
	return false;
}

static void
table_action(struct editor *e, struct row *r, enum action a)
{
	const struct node *v = document_get(e->doc, &r->ref);
	size_t n = v != NULL && v->type == NODE_SEQ ? v->nitems : 0;
	struct node *nv;

	if (a == ACTION_ADD) {
		table_edit_row(e, r, n);
		return;
	}
	if (a == ACTION_DELETE && e->sub >= 0 && (size_t)e->sub < n) {
		char q[128];
		snprintf(q, sizeof q, _("Delete row %d of the table? (y/n)"), e->sub + 1);
		if (view_ask(e, q, false) != 'y')
			return;
		nv = node_clone(v);
		node_remove(nv, (size_t)e->sub);
		edit_set(e, &r->ref, nv);
		changed(e);
	}
}

/* Keys that mean something on a choice, check list, flag or add row. */
static bool
row_key(struct editor *e, int c)
{
	struct row *r = focused(e);
	const struct form_item *it;

	if (r == NULL)
		return false;
	it = r->ref.item;
	if (r->kind == ROW_ADD) {
		if (c == '\r' || c == '\n' || c == KEY_ENTER || c == ' ' || c == '+') {
			instance_action(e, ACTION_ADD);
			return true;
		}
		return false;
	}
	if (r->kind != ROW_ITEM)
		return false;
	if (it->kind == FORM_TABLE)
		return table_key(e, r, c);
	if (it->kind == FORM_FLAG && (c == ' ' || c == '\r' || c == '\n' || c == KEY_ENTER)) {
		const struct node *v = document_get(e->doc, &r->ref);
		edit_set(e, &r->ref, node_scalar_str(node_is(v, "true") ? "false" : "true"));
		changed(e);
		return true;
	}
	if (it->kind == FORM_CHOICE) {
		if (c >= '1' && c <= '9') {
			choose(e, r, c - '1');
			return true;
		}
		if (c == ' ') {
			const struct node *v = document_get(e->doc, &r->ref);
			int k = v != NULL && v->type == NODE_SCALAR
			    ? form_option_index(it, v->str, v->len)
			    : -1;
			choose(e, r, (k + 1) % (int)it->options->n);
			return true;
		}
		if (c == KEY_LEFT && e->sub > 0) {
			e->sub--;
			return true;
		}
		if (c == KEY_RIGHT && e->sub + 1 < (int)it->options->n) {
			e->sub++;
			return true;
		}
		if (c == '\r' || c == '\n' || c == KEY_ENTER) {
			const char **items = xcalloc(it->options->n, sizeof *items);
			char **owned = xcalloc(it->options->n, sizeof *owned);
			size_t i;
			int k;
			for (i = 0; i < it->options->n; i++) {
				owned[i] = xasprintf("%zu) %s", i + 1, it->options->v[i].text);
				items[i] = owned[i];
			}
			k = view_menu(
			    e, it->label, items, it->options->n, e->sub > 0 ? (size_t)e->sub : 0);
			if (k >= 0)
				choose(e, r, k);
			for (i = 0; i < it->options->n; i++)
				free(owned[i]);
			free(owned);
			free(items);
			return true;
		}
		if (c == KEY_BACKSPACE || c == KEY_DC || c == 127) {
			edit_set(e, &r->ref, NULL);
			changed(e);
			return true;
		}
		return false;
	}
	if (it->kind == FORM_CHECKS) {
		if (c == ' ') {
			toggle(e, r, e->sub);
			return true;
		}
		if (c >= '1' && c <= '9') {
			e->sub = c - '1';
			toggle(e, r, c - '1');
			return true;
		}
		if (c == '\r' || c == '\n' || c == KEY_ENTER) {
			if (e->sub >= 0 && it->options->v[e->sub].free)
				edit_free_text(e, r, e->sub);
			else
				toggle(e, r, e->sub);
			return true;
		}
		if (c == KEY_DOWN && e->sub + 1 < (int)it->options->n) {
			e->sub++;
			return true;
		}
		if (c == KEY_UP && e->sub > 0) {
			e->sub--;
			return true;
		}
		return false;
	}
	return false;
}

/* Keys in a text field. */
static bool
text_key(struct editor *e, int c)
{
	struct row *r = focused(e);
	size_t to;
	bool multi;

	if (e->tb == NULL || r == NULL)
		return false;
	multi = r->kind == ROW_ITEM && r->ref.item->kind == FORM_TEXTAREA;
	if (c != KEY_UP && c != KEY_DOWN)
		e->want_col = -1;
	switch (c) {
	case KEY_LEFT:
		textbuf_left(e->tb);
		return true;
	case KEY_RIGHT:
		textbuf_right(e->tb);
		return true;
	case KEY_HOME:
	case 1: /* Ctrl-A */
		textbuf_home(e->tb);
		return true;
	case KEY_END:
		textbuf_end(e->tb);
		return true;
	case KEY_CTRL_LEFT:
	case KEY_ALT_B:
		textbuf_word_left(e->tb);
		return true;
	case KEY_CTRL_RIGHT:
	case KEY_ALT_F:
		textbuf_word_right(e->tb);
		return true;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		textbuf_backspace(e->tb);
		return true;
	case KEY_DC:
		textbuf_delete(e->tb);
		return true;
	case KEY_UP:
	case KEY_DOWN:
		if (!multi)
			return false;
		if (view_text_vmove(textbuf_text(e->tb), textbuf_len(e->tb), textbuf_cursor(e->tb),
			view_text_width(e, r->depth), c == KEY_UP ? -1 : 1, &e->want_col, &to)) {
			textbuf_set_cursor(e->tb, to);
			return true;
		}
		return false;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (multi) {
			textbuf_insert(e->tb, "\n", 1);
			return true;
		}
		next_field(e, 1);
		return true;
	default:
		return false;
	}
}

/* Settle the focused item's merge conflict (piaform merge): one side's answer, both to edit
 * on (a textarea's two texts, a check list's union), or the answer as it now stands. For a
 * whole instance removed on one side: keep it, or remove it. */
static void
resolve_conflict(struct editor *e)
{
	static const enum merge_side order[] = { MERGE_OURS, MERGE_THEIRS, MERGE_BASE };
	static const char *const names[] = { N_("base"), N_("ours"), N_("theirs") };
	struct row *r = focused(e);
	const struct node *c;
	struct node *both = NULL;
	char *owned[5], path[1024];
	const char *items[5];
	int what[5], k;
	size_t n = 0, i;
	bool inst, removed = false;

	if (r == NULL || (c = merge_conflict_get(e->doc, &r->ref)) == NULL) {
		message(e, false, _("no merge conflict on this item"));
		return;
	}
	field_commit(e);
	path_format(&r->ref, path, sizeof path);
	inst = merge_conflict_is_instance(c);
	for (i = 0; i < 3; i++) {
		char *t;
		if (inst && order[i] == MERGE_BASE)
			continue; /* an instance is kept or removed here; piaform resolve does more */
		t = merge_conflict_side_text(e->doc, path, c, order[i], 200);
		owned[n] = xasprintf("%s: %s", _(names[order[i]]), t);
		what[n++] = (int)order[i];
		free(t);
	}
	if (!inst && (both = merge_conflict_combine(r->ref.item, c)) != NULL) {
		owned[n] = xstrdup(_("both, to edit on"));
		what[n++] = 3;
	}
	if (!inst) {
		owned[n] = xstrdup(_("the answer as it is now"));
		what[n++] = 4;
	}
	for (i = 0; i < n; i++)
		items[i] = owned[i];
	k = view_menu(e, _("Resolve the merge conflict"), items, n, 0);
	if (k >= 0 && what[k] <= MERGE_THEIRS) {
		const struct node *v = node_get(c, merge_side_name((enum merge_side)what[k]));
		if (inst && v == NULL) {
			struct item_ref rep = r->ref, gone = r->ref;
			unsigned pos = r->ref.idx[r->ref.nidx - 1];
			struct error err;

			rep.instance = false;
			rep.nidx--;
			error_clear(&err);
			if (!edit_instance(e, &rep, EDIT_REMOVE, pos, 0, &err)) {
				message(e, true, "%s", err.message);
				k = -1;
			} else {
				/* dropped before the later instances' entries move up to its path */
				merge_conflict_drop(e->doc, &gone);
				merge_keys_renumber(e->doc, &rep, pos);
				removed = true;
			}
		} else if (!inst) {
			edit_set(e, &r->ref, answer_present(v) ? node_clone(v) : NULL);
		}
	} else if (k >= 0 && what[k] == 3) {
		edit_set(e, &r->ref, both);
		both = NULL;
	}
	if (k >= 0) {
		if (!removed)
			merge_conflict_drop(e->doc, &r->ref);
		textbuf_free(&e->tb);
		changed(e);
		if (e->focus >= e->nrows)
			e->focus = e->nrows > 0 ? e->nrows - 1 : 0;
		field_open(e);
		message(e, false, _("%s: the merge conflict is resolved"), path);
	}
	node_free(&both);
	for (i = 0; i < n; i++)
		free(owned[i]);
}

static void
action(struct editor *e, enum action a)
{
	struct row *r = focused(e);

	switch (a) {
	case ACTION_HELP:
		view_help(e);
		break;
	case ACTION_SAVE:
		save(e);
		break;
	case ACTION_OUTLINE:
		outline(e);
		break;
	case ACTION_ADD:
	case ACTION_DUP:
	case ACTION_DELETE:
	case ACTION_MOVE_UP:
	case ACTION_MOVE_DOWN:
		if (r != NULL && r->kind == ROW_ITEM && r->ref.item->kind == FORM_TABLE)
			table_action(e, r, a);
		else
			instance_action(e, a);
		break;
	case ACTION_SEARCH:
		search(e);
		break;
	case ACTION_PROBLEMS:
		problems_list(e);
		break;
	case ACTION_NEXT_PROBLEM:
		next_problem(e);
		break;
	case ACTION_QUIT:
		if (quit(e))
			e->quit = true;
		break;
	case ACTION_NEXT_SECTION:
		if (e->page + 1 < e->npages)
			go_page(e, e->page + 1, true);
		break;
	case ACTION_PREV_SECTION:
		if (e->page > 0)
			go_page(e, e->page - 1, true);
		break;
	case ACTION_NEXT_FIELD:
		next_field(e, 1);
		break;
	case ACTION_PREV_FIELD:
		next_field(e, -1);
		break;
	case ACTION_UNDO:
		if (e->tb == NULL || !textbuf_undo(e->tb))
			message(e, false, _("nothing to undo in this field"));
		break;
	case ACTION_REDO:
		if (e->tb == NULL || !textbuf_redo(e->tb))
			message(e, false, _("nothing to redo in this field"));
		break;
	case ACTION_KILL_LINE:
		if (e->tb != NULL)
			textbuf_kill_line(e->tb);
		break;
	case ACTION_EXTERNAL:
		external_editor(e);
		break;
	case ACTION_CLEAR:
		clear_answer(e);
		break;
	case ACTION_REPAINT:
		clearok(curscr, TRUE);
		break;
	case ACTION_RESOLVE:
		resolve_conflict(e);
		break;
	case ACTION_APPEND_CHANGES:
		append_changes(e);
		break;
	case ACTION_REVIEWED:
		if (r != NULL && view_row_unreviewed(e, r)) {
			mark_reviewed(e, r->path);
			message(e, false, _("marked as reviewed: %s"), r->path);
		}
		break;
	case ACTION_SUSPEND:
		field_commit(e);
		journal_sync(e->journal); /* a suspended session may never come back */
		term_pause();
		kill(0, SIGTSTP);
		term_resume();
		break;
	default:
		break;
	}
	(void)r;
}

/* Typed text (one character, or a whole paste) goes into the focused text field. */
static void
insert_text(struct editor *e, const char *s, size_t n, bool paste)
{
	struct row *r = focused(e);
	struct strbuf b = STRBUF_INIT;
	size_t i;

	if (e->tb == NULL || r == NULL) {
		if (e->readonly)
			message(e, true, _("read-only: another piaform is editing this file"));
		else if (paste)
			message(e, true, _("paste into a text item"));
		return;
	}
	/* a one-line item takes a pasted block as one line */
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\r')
			c = '\n';
		if (c == '\n' && !(r->kind == ROW_ITEM && r->ref.item->kind == FORM_TEXTAREA))
			c = ' ';
		if (c == '\n' && i + 1 < n && s[i] == '\r' && s[i + 1] == '\n')
			i++;
		strbuf_addc(&b, c);
	}
	textbuf_insert(e->tb, b.s, b.len);
	strbuf_free(&b);
}

/* --- opening --- */

static bool
input_pending(void)
{
	struct pollfd p = { 0, POLLIN, 0 };

	p.fd = fileno(stdin);
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

static const struct form *
ask_form(struct editor *e, const struct formset *fs)
{
	static const char *const desc[] = {
		N_("基礎項目評価書 (様式2): every evaluation; alone when 対象人数 is under 10,000 …"),
		N_("重点項目評価書 (様式3): 10万人以上30万人未満, or 1万人以上 with 500 handlers or an accident"),
		N_("全項目評価書 (様式4): 30万人以上, or 10万人以上 with 500 handlers or an accident"),
	};
	const char *items[8];
	size_t i, n = fs->n < 8 ? fs->n : 8;
	int k;

	for (i = 0; i < n; i++)
		items[i] = i < 3 ? _(desc[i]) : fs->forms[i]->title;
	k = view_menu(e, _("New document: which form?"), items, n, 1);
	return k >= 0 ? fs->forms[k] : NULL;
}

static void
first_missing(struct editor *e)
{
	size_t i;

	refresh_problems(e);
	for (i = 0; i < e->probs.n; i++) {
		if (e->probs.v[i].severity == SEVERITY_MISSING && e->probs.v[i].ref.item != NULL &&
		    go_path(e, e->probs.v[i].path))
			return;
	}
	go_page(e, 0, true);
}

/* --- the journal: locking and recovery when the editor starts --- */

static void
idle(void *arg)
{
	struct editor *e = arg;

	journal_tick(e->journal);
}

static void
when(long long t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL || strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, size, "?");
}

/* A change as one menu line: PATH: 「before」 → 「after」, line breaks shown as ⏎. */
static char *
change_line(const struct diff_row *r)
{
	struct strbuf b = STRBUF_INIT;
	const char *const parts[2] = { r->before, r->after };

	strbuf_addf(&b, "%s: ", r->path);
	for (int k = 0; k < 2; k++) {
		const char *s = parts[k];
		if (k == 1)
			strbuf_adds(&b, " → ");
		if (s[0] == '\0') {
			strbuf_adds(&b, _("(unanswered)"));
			continue;
		}
		strbuf_adds(&b, "「");
		for (size_t i = 0; s[i] != '\0' && i < 400; i++) {
			if (s[i] == '\n')
				strbuf_adds(&b, "⏎");
			else
				strbuf_addc(&b, s[i]);
		}
		strbuf_adds(&b, "」");
	}
	return strbuf_detach(&b);
}

/* Start (or take over) the journal; without one the editor still runs, and says so. */
static void
journal_start(struct editor *e, const struct journal_probe *p, const struct journal_replay *keep)
{
	struct error err;
	char buf[1200];

	error_clear(&err);
	e->journal = journal_open(e->file, e->doc, &e->stamp, p, keep, &err);
	meta_track(e);
	if (e->journal == NULL)
		message(e, true, _("no journal (%s): a crash would lose unsaved work; save often"),
		    error_format(&err, buf, sizeof buf));
	term_set_idle(idle, e);
}

/* Another piaform holds the document: read-only or quit. Returns false to quit. */
static bool
held_elsewhere(struct editor *e, const struct journal_probe *p)
{
	const char *items[2] = { _("Open read-only (no changes, nothing saved)"), _("Quit") };
	char title[1024], t[64];

	if (p->have_info)
		when(p->info.started, t, sizeof t);
	if (p->holder == JOURNAL_UNREADABLE)
		snprintf(title, sizeof title,
		    _("%s is locked by a journal that cannot be read (%s): someone else may be "
		      "editing it"),
		    e->file, p->path);
	else if (!p->have_info)
		snprintf(
		    title, sizeof title, _("another piaform is opening %s right now"), e->file);
	else if (p->holder == JOURNAL_REMOTE)
		snprintf(title, sizeof title,
		    _("%s is being edited by %s on %s (pid %ld) since %s; a journal from another "
		      "computer counts as in use until it has been idle for 12 hours"),
		    e->file, p->info.user, p->info.host, p->info.pid, t);
	else
		snprintf(title, sizeof title, _("%s is being edited by %s (pid %ld) since %s"),
		    e->file, p->info.user, p->info.pid, t);
	if (view_menu(e, title, items, 2, 0) != 0)
		return false;
	e->readonly = true;
	textbuf_free(&e->tb);
	message(e, true, _("read-only: %s is being edited elsewhere"), e->file);
	return true;
}

/* What is left of the journal of a session that ended without saving: show it, then
 * recover, discard, open read-only or quit. Returns false to quit. */
static bool
offer_recovery(struct editor *e, const struct journal_probe *p)
{
	struct diff_list dl = { 0 };
	struct journal_replay rp;
	struct document *copy;
	struct error err;
	const char **items = NULL;
	char **owned = NULL, title[1024], t[64], buf[1200];
	size_t n = 0, i, nchanges = 0;
	bool go_on = true, replayed;
	int k;

	error_clear(&err);
	copy = e->stamp.exists ? document_bind(e->fs, node_clone(e->doc->root), e->file, &err)
			       : document_new(e->doc->form);
	if (copy == NULL) {
		/* cannot happen with a document that was just loaded; never lose the journal */
		e->readonly = true;
		message(e, true, "%s", err.message);
		return true;
	}
	replayed = journal_replay(p->path, copy, &e->stamp, &rp, &err);
	if (replayed && rp.applied == 0 && !rp.failed) {
		/* everything was saved before the session ended: the lock alone was left */
		document_free(&copy);
		journal_start(e, p, NULL);
		return true;
	}
	if (replayed)
		diff_documents(e->doc, copy, DIFF_MATCH_POSITION, &dl, &err);
	items = xcalloc(dl.n + 8, sizeof *items);
	owned = xcalloc(dl.n + 8, sizeof *owned);
	items[n++] = _("Recover these changes (then F2 saves them)");
	items[n++] = _("Discard them");
	items[n++] = _("Open read-only (keep them for later)");
	items[n++] = _("Quit (keep them for later)");
	if (!replayed || rp.failed) {
		owned[n] = xasprintf(_("! part of the journal cannot be used: %s"),
		    error_format(&err, buf, sizeof buf));
		items[n] = owned[n];
		n++;
	}
	if (rp.mismatch) {
		owned[n] = xasprintf(_("! %s changed on disk after this session began; the changes "
				       "are applied to it as it is now"),
		    e->file);
		items[n] = owned[n];
		n++;
	}
	for (i = 0; i < dl.n; i++) {
		owned[n] = change_line(&dl.v[i]);
		items[n] = owned[n];
		n++;
	}
	nchanges = dl.n;
	if (replayed && dl.n == 0 && !node_equal(e->doc->root, copy->root)) {
		items[n++] = _(
		    "(changes outside the form's items: the 変更箇所 table, review marks, comments)");
		nchanges = 1;
	}
	when(p->have_info ? p->info.started : 0, t, sizeof t);
	snprintf(title, sizeof title,
	    _("Unsaved work from a session that ended (%s, pid %ld, %s): %zu changes"),
	    p->have_info ? p->info.user : "?", p->have_info ? p->info.pid : 0L, t, nchanges);
	for (;;) {
		k = view_menu(e, title, items, n, 0);
		if (k == 0 && replayed) {
			document_free(&e->doc);
			e->doc = copy;
			copy = NULL;
			e->dirty = true;
			textbuf_free(&e->tb);
			build_pages(e);
			build_rows(e);
			refresh_problems(e);
			journal_start(e, p, &rp);
			message(e, false, _("recovered %zu changes; F2 saves them"), nchanges);
			break;
		}
		if (k == 1) {
			if (view_ask(e, _("Discard the unsaved changes for good? (y/n)"), false) !=
			    'y')
				continue;
			journal_start(e, p, NULL);
			message(e, false, _("the unsaved changes were discarded"));
			break;
		}
		if (k == 2) {
			e->readonly = true;
			textbuf_free(&e->tb);
			message(e, true,
			    _("read-only: the unsaved changes stay in %s (piaform recover %s applies "
			      "them)"),
			    p->path, e->file);
			break;
		}
		if (k == 3 || k < 0) {
			go_on = false;
			break;
		}
	}
	for (i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(items);
	diff_list_clear(&dl);
	document_free(&copy);
	return go_on;
}

/* Lock the document and start its journal, or not. False when the user chose to quit. */
static bool
safety_start(struct editor *e, const struct journal_probe *p)
{
	switch (p->holder) {
	case JOURNAL_LIVE:
	case JOURNAL_REMOTE:
	case JOURNAL_UNREADABLE:
		return held_elsewhere(e, p);
	case JOURNAL_STALE:
		if (p->have_info && p->records > 0)
			return offer_recovery(e, p);
		journal_start(e, p, NULL);
		return true;
	case JOURNAL_ABSENT:
		break;
	}
	journal_start(e, NULL, NULL);
	return true;
}

/* One key (or one byte of a UTF-8 character) in the main view. */
static void
handle_key(struct editor *e, int c, struct strbuf *utfp)
{
	struct strbuf utf = *utfp;
	if (c >= 0x80 && c < 0x100) {
		/* collect a UTF-8 character byte by byte */
		unsigned char c0;
		size_t need;
		strbuf_addc(&utf, (char)c);
		c0 = (unsigned char)utf.s[0];
		need = (c0 >> 5) == 6 ? 2 : (c0 >> 4) == 14 ? 3 : (c0 >> 3) == 30 ? 4 : 1;
		if (utf.len >= need) {
			insert_text(e, utf.s, utf.len, false);
			strbuf_reset(&utf);
		}
		goto out;
	}
	strbuf_reset(&utf);
	{
		bool text = e->tb != NULL;
		enum action a = keymap_lookup(c, text);
		if (a != ACTION_NONE && !(a == ACTION_NEXT_FIELD && c == KEY_DOWN)) {
			action(e, a);
			goto out;
		}
		if (text && text_key(e, c))
			goto out;
		if (!text && row_key(e, c))
			goto out;
		if (c == KEY_DOWN) {
			next_field(e, 1);
			goto out;
		}
		if (c == KEY_UP) {
			next_field(e, -1);
			goto out;
		}
		if ((text || e->readonly) && c >= 0x20 && c < 0x7F) {
			char ch = (char)c; /* read-only: says why nothing happens */
			insert_text(e, &ch, 1, false);
			goto out;
		}
		if (c == 27)
			goto out;
	}
out:
	*utfp = utf;
}

static bool
is_new_file(const char *path)
{
	struct stat st;

	return stat(path, &st) != 0;
}

int
editor_run(const struct editor_options *opt)
{
	struct editor ed, *e = &ed;
	struct error err;
	struct stat st;
	char why[512], buf[1200];
	struct strbuf utf = STRBUF_INIT, paste = STRBUF_INIT;
	struct journal_probe probe;
	bool pasting = false, is_new;
	const struct textbuf *tb_before;
	unsigned long tb_version;
	int ambi = opt->ambiwidth, status = 0;

	memset(e, 0, sizeof *e);
	e->file = xstrdup(opt->file);
	error_clear(&err);
	e->fs = is_new_file(opt->file) ? formset_load(opt->src, &err)
				       : formset_load_for(opt->src, opt->file, &err);
	if (e->fs == NULL) {
		fprintf(stderr, "piaform: %s\n", error_format(&err, buf, sizeof buf));
		free(e->file);
		return 2;
	}
	is_new = stat(opt->file, &st) != 0;
	/* what the file was when loaded, to notice another program's change before saving */
	if (!journal_stamp_file(opt->file, &e->stamp, true, &err))
		memset(&e->stamp, 0, sizeof e->stamp);
	journal_find(opt->file, &probe, &err);
	if (!is_new) {
		e->doc = docfile_load(e->fs, opt->file, &err);
		if (e->doc == NULL) {
			fprintf(stderr, "piaform: %s\n", error_format(&err, buf, sizeof buf));
			formset_free(&e->fs);
			free(e->file);
			journal_probe_clear(&probe);
			return 2;
		}
	} else if (probe.have_info && formset_get(e->fs, probe.info.form) != NULL) {
		/* a new document that was never saved: its journal knows the form */
		e->doc = document_new(formset_get(e->fs, probe.info.form));
	} else if (opt->form_id != NULL) {
		const struct form *f = formset_get(e->fs, opt->form_id);
		if (f == NULL) {
			fprintf(stderr, _("piaform: no form \"%s\" (piaform forms lists them)\n"),
			    opt->form_id);
			formset_free(&e->fs);
			free(e->file);
			journal_probe_clear(&probe);
			return 2;
		}
		e->doc = document_new(f);
	}
	if (opt->since != NULL && e->doc != NULL) {
		e->since = docfile_load(e->fs, opt->since, &err);
		if (e->since == NULL || e->since->form != e->doc->form) {
			fprintf(stderr,
			    e->since == NULL ? "piaform: %s\n"
					     : _("piaform: %s is not the same form\n"),
			    e->since == NULL ? error_format(&err, buf, sizeof buf) : opt->since);
			document_free(&e->since);
			document_free(&e->doc);
			formset_free(&e->fs);
			free(e->file);
			journal_probe_clear(&probe);
			return 2;
		}
		e->since_gen = ~0UL; /* not computed yet */
	}
	if (ambi == 0)
		ambi = term_probe_ambiwidth();
	if (!term_open(ambi, why, sizeof why)) {
		fprintf(stderr, _("piaform: cannot start the full-screen editor: %s\n"), why);
		document_free(&e->doc);
		formset_free(&e->fs);
		free(e->file);
		journal_probe_clear(&probe);
		return 2;
	}
	e->ambi = ambi;
	if (e->doc == NULL) {
		/* the form list needs a document behind it to draw on: a placeholder */
		e->doc = document_new(e->fs->forms[0]);
		build_pages(e);
		build_rows(e);
		const struct form *f = ask_form(e, e->fs);
		document_free(&e->doc);
		if (f == NULL) {
			term_close();
			formset_free(&e->fs);
			free(e->rows);
			free(e->pages);
			free(e->file);
			journal_probe_clear(&probe);
			return 0;
		}
		e->doc = document_new(f);
	}
	if (is_new) {
		e->dirty = true;
		message(e, false, _("new document: F2 saves it as %s"), e->file);
	}
	build_pages(e);
	build_rows(e);
	refresh_problems(e);
	if (!safety_start(e, &probe)) {
		e->quit = true;
		goto out;
	}
	if (opt->go_to == NULL || !go_path(e, opt->go_to)) {
		if (opt->go_to != NULL)
			message(
			    e, true, _("no item %s; opened at the first missing item"), opt->go_to);
		first_missing(e);
	}
	while (!e->quit) {
		int c;

		journal_tick(e->journal);
		if (e->message[0] == '\0' && journal_failure(e->journal) != NULL)
			message(e, true, _("%s: save with F2 now"), journal_failure(e->journal));
		if (e->doc->generation != e->probs_gen)
			refresh_problems(e);
		/* while keys are waiting (typing fast, a paste without markers), draw later */
		if (!input_pending())
			view_draw(e);
		c = term_getch();
		if (c == ERR)
			break; /* a hang-up, a signal to end, or the terminal is gone */
		if (c == KEY_RESIZE)
			continue; /* curses has the new size; the next draw uses it */
		if (c == KEY_INTERRUPT || (c == 3 && !pasting)) {
			message(e, false,
			    _("Ctrl-C does not quit here: F10 or Ctrl-Q does (what you type is "
			      "journaled as you type it)"));
			continue;
		}
		if (pasting) {
			if (c == KEY_PASTE_END) {
				pasting = false;
				tb_before = e->tb;
				tb_version = e->tb != NULL ? textbuf_version(e->tb) : 0;
				insert_text(e, paste.s ? paste.s : "", paste.len, true);
				strbuf_reset(&paste);
				if (e->tb != NULL && e->tb == tb_before &&
				    textbuf_version(e->tb) != tb_version)
					edit_field_changed(e);
				edit_meta_check(e);
			} else if (c >= 0 && c < 0x100 && paste.len < 1 << 20) {
				strbuf_addc(&paste, (char)c);
			}
			continue;
		}
		if (c == KEY_PASTE_BEGIN) {
			pasting = true;
			continue;
		}
		e->message[0] = '\0';
		tb_before = e->tb;
		tb_version = e->tb != NULL ? textbuf_version(e->tb) : 0;
		handle_key(e, c, &utf);
		if (e->tb != NULL && e->tb == tb_before && textbuf_version(e->tb) != tb_version)
			edit_field_changed(e);
		edit_meta_check(e);
	}
	field_commit(e);
	edit_meta_check(e);
	journal_sync(e->journal);
out:
	term_close();
	if (!e->quit) {
		/* a hang-up or a signal: the journal keeps everything, the next start offers it */
		status = 1;
		if (e->dirty && e->journal != NULL) {
			fprintf(stderr,
			    _("piaform: the session ended before saving; the changes are kept in %s "
			      "and piaform %s offers to recover them\n"),
			    journal_file(e->journal), e->file);
		} else if (e->dirty && !e->readonly) {
			/* no journal could be written: the last resort is a copy beside the file */
			char *rescue = xasprintf("%s.piaform-save", e->file);
			error_clear(&err);
			if (docfile_save(e->doc, rescue, &err))
				fprintf(stderr, _("piaform: unsaved changes were written to %s\n"),
				    rescue);
			free(rescue);
		}
	}
	/* quit (saved, or the user said not to save) or nothing unsaved: the journal can go */
	journal_close(&e->journal, e->quit || !e->dirty);
	term_set_idle(NULL, NULL);
	journal_probe_clear(&probe);
	strbuf_free(&e->jtext);
	node_free(&e->jmeta);
	view_forget();
	strbuf_free(&utf);
	strbuf_free(&paste);
	textbuf_free(&e->tb);
	problem_list_clear(&e->probs);
	free(e->rows);
	free(e->pages);
	free(e->last_search);
	document_free(&e->doc);
	document_free(&e->since);
	diff_list_clear(&e->since_diff);
	formset_free(&e->fs);
	free(e->file);
	return status;
}
