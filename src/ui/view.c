/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing. The page is laid out as a list of lines built fresh each frame from the rows;
 * only the visible part is painted, into stdscr, then one doupdate. Every string from a
 * document is drawn through put(), which turns control and format characters into visible
 * marks, so nothing from a file reaches the terminal raw. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <unicode/uchar.h>

#include "editor-int.h"
#include "keymap.h"
#include "piaform/answer.h"
#include "piaform/comment.h"
#include "piaform/i18n.h"
#include "piaform/merge.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"
#include "term.h"

enum role {
	ROLE_NORMAL,
	ROLE_TITLE,
	ROLE_HEADING,
	ROLE_LABEL,
	ROLE_FOCUS,
	ROLE_MISSING,
	ROLE_ERROR,
	ROLE_NA,
	ROLE_DIM,
	ROLE_OK,
	ROLE_COUNT
};

static attr_t attrs[ROLE_COUNT];

static void
theme(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	attrs[ROLE_NORMAL] = A_NORMAL;
	attrs[ROLE_TITLE] = A_REVERSE;
	attrs[ROLE_HEADING] = A_BOLD;
	attrs[ROLE_LABEL] = A_NORMAL;
	attrs[ROLE_FOCUS] = A_REVERSE;
	attrs[ROLE_MISSING] = A_UNDERLINE;
	attrs[ROLE_ERROR] = A_BOLD;
	attrs[ROLE_NA] = A_DIM;
	attrs[ROLE_DIM] = A_DIM;
	attrs[ROLE_OK] = A_NORMAL;
	if (term_has_color()) {
		init_pair(1, COLOR_YELLOW, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_BLUE, -1);
		init_pair(4, COLOR_GREEN, -1);
		init_pair(5, COLOR_WHITE, COLOR_BLUE);
		attrs[ROLE_MISSING] = COLOR_PAIR(1);
		attrs[ROLE_ERROR] = COLOR_PAIR(2) | A_BOLD;
		attrs[ROLE_HEADING] = COLOR_PAIR(3) | A_BOLD;
		attrs[ROLE_OK] = COLOR_PAIR(4);
		attrs[ROLE_TITLE] = COLOR_PAIR(5);
	}
}

/* --- text measuring and drawing --- */

static unsigned
decode(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	}
	if ((u[0] >> 5) == 6 && len >= 2) {
		*n = 2;
		return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
	}
	if ((u[0] >> 4) == 14 && len >= 3) {
		*n = 3;
		return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	}
	if ((u[0] >> 3) == 30 && len >= 4) {
		*n = 4;
		return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
		    (u[3] & 0x3Fu);
	}
	*n = 1;
	return 0xFFFD;
}

/* How a code point is shown: itself, or a visible stand-in for controls and invisible
 * format characters (bidi overrides and the like). */
static const char *
standin(unsigned cp, char *buf, size_t size)
{
	if (cp < 0x20 || cp == 0x7F) {
		snprintf(buf, size, "^%c", cp == 0x7F ? '?' : (char)(cp + 0x40));
		return buf;
	}
	if ((cp >= 0x80 && cp < 0xA0) ||
	    (cp > 0x7F && u_charType((UChar32)cp) == U_FORMAT_CHAR && cp != 0x200D) ||
	    cp == 0x2028 || cp == 0x2029) {
		snprintf(buf, size, "<U+%04X>", cp);
		return buf;
	}
	return NULL;
}

static int
cp_width(unsigned cp)
{
	char buf[16];
	const char *s = standin(cp, buf, sizeof buf);

	return s != NULL ? (int)strlen(s) : term_cp_width(cp);
}

int
view_width(const char *s, size_t len)
{
	size_t i = 0, n;
	int w = 0;

	while (i < len) {
		unsigned cp = decode(s + i, len - i, &n);
		w += cp == '\n' ? 0 : cp_width(cp);
		i += n;
	}
	return w;
}

/* Draw at most maxw columns of s at (y, x); returns the columns used. */
static int
put(int y, int x, int maxw, const char *s, size_t len, attr_t attr)
{
	size_t i = 0, n;
	int used = 0;
	char buf[16];

	attron(attr);
	move(y, x);
	while (i < len) {
		unsigned cp = decode(s + i, len - i, &n);
		const char *st = cp == '\n' ? NULL : standin(cp, buf, sizeof buf);
		int w = st != NULL ? (int)strlen(st) : term_cp_width(cp);

		if (cp == '\n') {
			i += n;
			continue;
		}
		if (used + w > maxw)
			break;
		if (st != NULL)
			addstr(st);
		else if (cp == 0xFFFD && s[i] != (char)0xEF)
			addstr("\xEF\xBF\xBD");
		else
			addnstr(s + i, (int)n);
		used += w;
		i += n;
	}
	attroff(attr);
	return used;
}

static int
puts_(int y, int x, int maxw, const char *s, attr_t attr)
{
	return put(y, x, maxw, s, strlen(s), attr);
}

/* Split text into display lines of at most width columns: starts[i] .. starts[i+1]. */
static size_t
wrap(const char *s, size_t len, int width, size_t **starts)
{
	size_t cap = 8, n = 0, i = 0, k;
	int w = 0;

	*starts = xreallocarray(NULL, cap, sizeof **starts);
	(*starts)[n++] = 0;
	if (width < 2)
		width = 2;
	while (i < len) {
		unsigned cp = decode(s + i, len - i, &k);
		int cw = cp == '\n' ? 0 : cp_width(cp);

		if (cp == '\n' || (w + cw > width && cw > 0)) {
			if (n == cap)
				*starts = xreallocarray(*starts, cap *= 2, sizeof **starts);
			(*starts)[n++] = cp == '\n' ? i + k : i;
			w = cp == '\n' ? 0 : cw;
			i += k;
			continue;
		}
		w += cw;
		i += k;
	}
	return n;
}

bool
view_text_vmove(
    const char *text, size_t len, size_t cursor, int width, int dir, int *want, size_t *out)
{
	size_t *st, n = wrap(text, len, width, &st), line = 0, i, end, k;
	int col;
	bool ok = false;

	for (i = 0; i < n; i++) {
		if (st[i] <= cursor)
			line = i;
	}
	if (*want < 0)
		*want = view_width(text + st[line], cursor - st[line]);
	if ((dir < 0 && line == 0) || (dir > 0 && line + 1 >= n))
		goto out;
	line = dir < 0 ? line - 1 : line + 1;
	end = line + 1 < n ? st[line + 1] : len;
	if (end > st[line] && end <= len && line + 1 < n && text[end - 1] == '\n')
		end--;
	col = 0;
	for (i = st[line]; i < end;) {
		unsigned cp = decode(text + i, len - i, &k);
		int cw = cp_width(cp);
		if (col + cw > *want)
			break;
		col += cw;
		i += k;
	}
	*out = i;
	ok = true;
out:
	free(st);
	return ok;
}

/* --- the page --- */

struct vline {
	size_t row;
	char *text;
	int indent;
	int role;
	bool focus_bar; /* draw the focus marker */
};

struct vlines {
	struct vline *v;
	size_t n, cap;
};

static void
vl_add(struct vlines *vl, size_t row, const char *s, size_t len, int indent, int role)
{
	if (vl->n == vl->cap) {
		vl->cap = vl->cap ? vl->cap * 2 : 64;
		vl->v = xreallocarray(vl->v, vl->cap, sizeof *vl->v);
	}
	vl->v[vl->n].row = row;
	vl->v[vl->n].text = xstrndup(s, len);
	vl->v[vl->n].indent = indent;
	vl->v[vl->n].role = role;
	vl->v[vl->n].focus_bar = false;
	vl->n++;
}

static void
vl_wrapped(
    struct vlines *vl, size_t row, const char *s, size_t len, int indent, int width, int role)
{
	size_t *st, n = wrap(s, len, width, &st), i;

	for (i = 0; i < n; i++) {
		size_t end = i + 1 < n ? st[i + 1] : len;
		if (end > st[i] && s[end - 1] == '\n')
			end--;
		vl_add(vl, row, s + st[i], end - st[i], indent, role);
	}
	free(st);
}

bool
view_row_is_text(const struct editor *e, const struct row *r)
{
	(void)e;
	if (r->kind == ROW_INSTANCE)
		return r->ref.item->titled;
	if (r->kind != ROW_ITEM)
		return false;
	switch (r->ref.item->kind) {
	case FORM_TEXT:
	case FORM_TEXTAREA:
	case FORM_COUNT:
	case FORM_DATE:
		return true;
	default:
		return false;
	}
}

const struct problem *
view_row_problem(const struct editor *e, const struct row *r)
{
	size_t i;
	const struct problem *best = NULL;

	if (r->kind != ROW_ITEM && r->kind != ROW_INSTANCE && r->kind != ROW_ADD)
		return NULL;
	for (i = 0; i < e->probs.n; i++) {
		const struct problem *p = &e->probs.v[i];
		if (strcmp(p->path, r->path) != 0)
			continue;
		if (best == NULL || p->severity < best->severity)
			best = p;
	}
	return best;
}

size_t
view_page_open(const struct editor *e, size_t pg)
{
	const struct page *p = &e->pages[pg];
	size_t i, n = 0;

	for (i = 0; i < e->probs.n; i++) {
		const struct problem *pr = &e->probs.v[i];
		if (pr->ref.item == NULL || pr->severity == SEVERITY_WARNING)
			continue;
		if (form_item_section(pr->ref.item) != p->section)
			continue;
		if (p->section->per_file && (pr->ref.nidx == 0 || pr->ref.idx[0] != p->file))
			continue;
		n++;
	}
	return n;
}

int
view_text_width(const struct editor *e, int depth)
{
	int w = e->main_w - 4 - depth * 2;

	return w < 10 ? 10 : w;
}

static void
marks(const struct form_item *it, struct strbuf *b)
{
	if (it->marks & MARK_IMPORTANT || (it->important && form_kind_answerable(it->kind)))
		strbuf_adds(b, " ※");
	if (it->marks & MARK_OPTIONAL)
		strbuf_adds(b, "【任意】");
	if (it->marks & MARK_GOV_ONLY)
		strbuf_adds(b, "【行政機関等のみ】");
}

bool
view_row_unreviewed(const struct editor *e, const struct row *r)
{
	const struct node *imp = node_get(e->doc->root, "imported");
	const struct node *entry = node_get(imp, r->path);

	return entry != NULL && node_is(node_get(entry, "reviewed"), "false");
}

bool
view_row_changed(const struct editor *e, const struct row *r)
{
	size_t i;

	for (i = 0; e->since != NULL && i < e->since_diff.n; i++) {
		if (strcmp(e->since_diff.v[i].path, r->path) == 0)
			return true;
	}
	return false;
}

/* The label line of an item: number, label, marks, and whether an import awaits review. */
static void
label_line(const struct editor *e, const struct row *r, struct strbuf *b)
{
	char title[1024];

	form_item_title(r->ref.item, title, sizeof title);
	strbuf_adds(b, title);
	marks(r->ref.item, b);
	if (view_row_unreviewed(e, r))
		strbuf_adds(b, _(" [imported: review, F12]"));
	if (view_row_changed(e, r))
		strbuf_adds(b, _(" [changed]"));
}

static void
layout_choice(struct editor *e, struct vlines *vl, size_t ri, const struct row *r,
    const struct node *v, int ind, bool focused)
{
	const struct form_item *it = r->ref.item;
	char line[1024];
	size_t i;

	if (!focused) {
		if (answer_is_none(v))
			vl_add(vl, ri, ANSWER_NONE, strlen(ANSWER_NONE), ind, ROLE_NORMAL);
		else if (answer_present(v)) {
			snprintf(line, sizeof line, "[ %.*s ]", (int)v->len, v->str);
			vl_add(vl, ri, line, strlen(line), ind, ROLE_NORMAL);
		} else {
			const char *s = r->na ? _("(not applicable)") : _("(not chosen)");
			vl_add(vl, ri, s, strlen(s), ind, r->na ? ROLE_NA : ROLE_MISSING);
		}
		return;
	}
	for (i = 0; i < it->options->n; i++) {
		bool sel = v != NULL && v->type == NODE_SCALAR &&
		    strcmp(v->str, it->options->v[i].text) == 0;
		snprintf(line, sizeof line, "%s %zu) %s", sel ? "(●)" : "( )", i + 1,
		    it->options->v[i].text);
		vl_wrapped(
		    vl, ri, line, strlen(line), ind, view_text_width(e, r->depth), ROLE_NORMAL);
		if ((int)i == e->sub)
			vl->v[vl->n - 1].focus_bar = true;
	}
}

static void
layout_checks(struct editor *e, struct vlines *vl, size_t ri, const struct row *r,
    const struct node *v, int ind, bool focused)
{
	const struct form_item *it = r->ref.item;
	struct strbuf b = STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < it->options->n; i++) {
		const char *ft = NULL;
		bool on = false;

		for (k = 0; v != NULL && v->type == NODE_SEQ && k < v->nitems; k++) {
			const char *f;
			if (answer_check_entry(it, v->items[k], &f) == (int)i) {
				on = true;
				ft = f;
			}
		}
		if (!focused && !on)
			continue;
		strbuf_reset(&b);
		strbuf_addf(&b, "[%s] %s", on ? "○" : " ", it->options->v[i].text);
		if (it->options->v[i].free)
			strbuf_addf(&b, " ( %s )", ft != NULL ? ft : "");
		vl_wrapped(vl, ri, b.s, b.len, ind, view_text_width(e, r->depth), ROLE_NORMAL);
		if (focused && (int)i == e->sub)
			vl->v[vl->n - 1].focus_bar = true;
	}
	if (!focused && (v == NULL || v->type != NODE_SEQ || v->nitems == 0)) {
		const char *s = answer_is_none(v)      ? ANSWER_NONE
		    : v != NULL && v->type == NODE_SEQ ? _("(none checked)")
		    : r->na                            ? _("(not applicable)")
						       : _("(not answered)");
		vl_add(vl, ri, s, strlen(s), ind, v == NULL && !r->na ? ROLE_MISSING : ROLE_NA);
	}
	strbuf_free(&b);
}

static void
layout_row(struct editor *e, struct vlines *vl, size_t ri)
{
	const struct row *r = &e->rows[ri];
	const struct form_item *it = r->ref.item;
	bool focused = ri == e->focus;
	int ind = r->depth * 2, w = view_text_width(e, r->depth);
	struct strbuf b = STRBUF_INIT;
	const struct node *v;
	char title[1024];
	const struct problem *p;

	switch (r->kind) {
	case ROW_HEADING:
		form_item_title(it, title, sizeof title);
		strbuf_adds(&b, title);
		marks(it, &b);
		if (it->per_file && e->doc != NULL && document_files(e->doc) > 1)
			strbuf_addf(&b, " (%u)", e->pages[e->page].file + 1);
		vl_wrapped(vl, ri, b.s, b.len, ind, w + 2, ROLE_HEADING);
		if (it->note != NULL)
			vl_wrapped(vl, ri, it->note, strlen(it->note), ind + 2, w, ROLE_DIM);
		break;
	case ROW_FIXED:
		form_item_title(it, title, sizeof title);
		strbuf_addf(&b, "%s: %s", title, it->fixed);
		vl_wrapped(vl, ri, b.s, b.len, ind, w + 2, ROLE_DIM);
		break;
	case ROW_ADD:
		strbuf_addf(&b, _("[+] add %s (F4)"), it->instance);
		vl_add(vl, ri, b.s, b.len, ind, ROLE_DIM);
		break;
	case ROW_INSTANCE:
		strbuf_addf(&b, "%s%u", it->instance, r->ref.idx[r->ref.nidx - 1] + 1);
		if (!it->titled) {
			vl_add(vl, ri, b.s, b.len, ind, ROLE_HEADING);
			break;
		}
		v = focused && e->tb != NULL ? NULL : document_get(e->doc, &r->ref);
		if (focused && e->tb != NULL) {
			strbuf_adds(&b, "  ");
			strbuf_adds(&b, textbuf_text(e->tb));
		} else if (v != NULL && v->type == NODE_SCALAR) {
			strbuf_adds(&b, "  ");
			strbuf_add(&b, v->str, v->len);
		}
		vl_wrapped(vl, ri, b.s, b.len, ind, w + 2, ROLE_HEADING);
		break;
	case ROW_ITEM:
		form_item_title(it, title, sizeof title);
		if (it->kind == FORM_FLAG) {
			v = document_get(e->doc, &r->ref);
			strbuf_addf(&b, "[%s] %s", node_is(v, "true") ? "○" : " ", it->label);
			vl_add(vl, ri, b.s, b.len, ind, ROLE_LABEL);
			break;
		}
		label_line(e, r, &b);
		vl_wrapped(vl, ri, b.s, b.len, ind, w + 2, ROLE_LABEL);
		v = document_get(e->doc, &r->ref);
		if (r->na)
			vl_wrapped(vl, ri, r->reason, strlen(r->reason), ind + 2, w,
			    ROLE_NA); /* the reason, then any kept answer */
		if (it->kind == FORM_CHOICE) {
			layout_choice(e, vl, ri, r, v, ind + 2, focused);
		} else if (it->kind == FORM_CHECKS) {
			layout_checks(e, vl, ri, r, v, ind + 2, focused);
		} else if (it->kind == FORM_TABLE) {
			size_t k;
			for (k = 0; v != NULL && v->type == NODE_SEQ && k < v->nitems; k++) {
				const struct node *row = v->items[k];
				strbuf_reset(&b);
				strbuf_addf(&b, "%zu. ", k + 1);
				for (size_t c = 0; row->type == NODE_MAP && c < it->nchildren;
				     c++) {
					const struct node *cell =
					    node_get(row, it->children[c]->id);
					if (cell != NULL && cell->type == NODE_SCALAR)
						strbuf_addf(&b, "%s%s", c ? " | " : "", cell->str);
				}
				vl_wrapped(vl, ri, b.s, b.len, ind + 2, w, ROLE_NORMAL);
				if (focused && (int)k == e->sub)
					vl->v[vl->n - 1].focus_bar = true;
			}
			{
				const char *s =
				    _("[+] add a row (F4); Enter edits the row, F9 deletes it");
				vl_add(vl, ri, s, strlen(s), ind + 2, ROLE_DIM);
				if (focused && e->sub == (int)k)
					vl->v[vl->n - 1].focus_bar = true;
			}
		} else if (focused && e->tb != NULL) {
			const char *t = textbuf_text(e->tb);
			if (textbuf_len(e->tb) == 0)
				vl_add(vl, ri, "", 0, ind + 2, ROLE_NORMAL);
			else
				vl_wrapped(vl, ri, t, textbuf_len(e->tb), ind + 2, w, ROLE_NORMAL);
		} else if (answer_present(v) && v->type == NODE_SCALAR) {
			vl_wrapped(
			    vl, ri, v->str, v->len, ind + 2, w, r->na ? ROLE_NA : ROLE_NORMAL);
		} else if (!r->na) {
			const char *s = it->required ? _("(not answered)") : _("(optional)");
			vl_add(
			    vl, ri, s, strlen(s), ind + 2, it->required ? ROLE_MISSING : ROLE_DIM);
		}
		break;
	}
	p = view_row_problem(e, r);
	/* a missing answer already shows as (not answered) */
	if (p != NULL && p->severity != SEVERITY_MISSING) {
		strbuf_reset(&b);
		strbuf_addf(&b, "! %s", p->message);
		vl_wrapped(vl, ri, b.s, b.len, ind + 2, w,
		    p->severity == SEVERITY_ERROR         ? ROLE_ERROR
			: p->severity == SEVERITY_MISSING ? ROLE_MISSING
							  : ROLE_ERROR);
	}
	strbuf_free(&b);
}

/* Where the cursor of the focused text field is, in page lines. */
static void
text_cursor(struct editor *e, struct vlines *vl, int *line, int *col)
{
	const struct row *r = &e->rows[e->focus];
	size_t first = 0, i, *st, n, k, c = textbuf_cursor(e->tb);
	const char *t = textbuf_text(e->tb);
	int w = view_text_width(e, r->depth);

	for (i = 0; i < vl->n; i++) {
		if (vl->v[i].row == e->focus) {
			first = i;
			break;
		}
	}
	if (r->kind == ROW_INSTANCE) {
		char head[64];
		snprintf(head, sizeof head, "%s%u  ", r->ref.item->instance,
		    r->ref.idx[r->ref.nidx - 1] + 1);
		*line = (int)first;
		*col = r->depth * 2 + view_width(head, strlen(head)) + view_width(t, c);
		return;
	}
	/* label lines come first */
	{
		struct strbuf b = STRBUF_INIT;
		size_t *ls, nl;
		label_line(e, r, &b);
		nl = wrap(b.s, b.len, w + 2, &ls);
		free(ls);
		strbuf_free(&b);
		first += nl;
		if (r->na) {
			nl = wrap(r->reason, strlen(r->reason), w, &ls);
			free(ls);
			first += nl;
		}
	}
	n = wrap(t, textbuf_len(e->tb), w, &st);
	for (k = 0; k + 1 < n && st[k + 1] <= c; k++)
		;
	/* a cursor right after a hard line break sits at the start of the next line */
	*line = (int)(first + k);
	*col = r->depth * 2 + 2 + view_width(t + st[k], c - st[k]);
	free(st);
}

static void
draw_outline(struct editor *e, int top, int h, int w)
{
	size_t i;
	int y = top;
	char buf[600], title[512];

	for (i = 0; i < e->npages && y < top + h; i++, y++) {
		const struct page *p = &e->pages[i];
		size_t open = view_page_open(e, i);

		if (p->section->num != NULL)
			snprintf(title, sizeof title, "%s %s", p->section->num,
			    strcmp(p->section->num, p->section->label) ? p->section->label : "");
		else
			snprintf(title, sizeof title, "%s", p->section->label);
		if (p->section->per_file && document_files(e->doc) > 1)
			snprintf(buf, sizeof buf, "%s(%u)", title, p->file + 1);
		else
			snprintf(buf, sizeof buf, "%s", title);
		mvaddstr(y, 0, i == e->page ? ">" : " ");
		puts_(y, 1, w - 5, buf, i == e->page ? A_BOLD : A_NORMAL);
		if (open == 0)
			snprintf(buf, sizeof buf, "ok");
		else
			snprintf(buf, sizeof buf, "%zu", open);
		puts_(y, w - 1 - view_width(buf, strlen(buf)), 4, buf,
		    open == 0 ? attrs[ROLE_OK] : attrs[ROLE_MISSING]);
	}
}

static void
hline_at(int y, int x, int w)
{
	int i;

	move(y, x);
	for (i = 0; i < w; i++)
		addch(term_ambiwidth() == 2 ? '-' : ACS_HLINE);
}

static void
vline_at(int y, int x, int h)
{
	int i;

	for (i = 0; i < h; i++)
		mvaddch(y + i, x, term_ambiwidth() == 2 ? '|' : ACS_VLINE);
}

/* Laid-out lines of each row, kept from frame to frame: a key pressed in one field lays out
 * that field again, not the whole page. A row is laid out again when the document, the
 * page, the width or its focus changed. */
struct row_lines {
	struct vline *v;
	size_t n;
	unsigned long gen, probs_gen;
	int width;
	bool focused, valid;
};

static struct {
	struct row_lines *rows;
	size_t n;
	unsigned long rows_version;
	const struct editor *owner;
} cache;

static void
cache_drop_row(struct row_lines *rl)
{
	size_t i;

	for (i = 0; i < rl->n; i++)
		free(rl->v[i].text);
	free(rl->v);
	memset(rl, 0, sizeof *rl);
}

static void
cache_reset(const struct editor *e)
{
	size_t i;

	for (i = 0; i < cache.n; i++)
		cache_drop_row(&cache.rows[i]);
	free(cache.rows);
	cache.rows = NULL;
	cache.n = 0;
	if (e != NULL) {
		cache.rows = xcalloc(e->nrows + 1, sizeof *cache.rows);
		cache.n = e->nrows;
		cache.rows_version = e->rows_version;
	}
	cache.owner = e;
}

void
view_forget(void)
{
	cache_reset(NULL);
}

static void
layout_page(struct editor *e, struct vlines *vl)
{
	size_t k, i;

	if (cache.owner != e || cache.rows_version != e->rows_version || cache.n != e->nrows)
		cache_reset(e);
	for (k = 0; k < e->nrows; k++) {
		struct row_lines *rl = &cache.rows[k];
		bool focused = k == e->focus;

		if (!rl->valid || focused || rl->focused || rl->gen != e->doc->generation ||
		    rl->probs_gen != e->probs_gen || rl->width != e->main_w) {
			struct vlines one = { 0 };
			cache_drop_row(rl);
			layout_row(e, &one, k);
			rl->v = one.v;
			rl->n = one.n;
			rl->gen = e->doc->generation;
			rl->probs_gen = e->probs_gen;
			rl->width = e->main_w;
			rl->focused = focused;
			rl->valid = true;
		}
		for (i = 0; i < rl->n; i++) {
			if (vl->n == vl->cap) {
				vl->cap = vl->cap ? vl->cap * 2 : 64;
				vl->v = xreallocarray(vl->v, vl->cap, sizeof *vl->v);
			}
			vl->v[vl->n] = rl->v[i];
			vl->v[vl->n].row = k;
			vl->n++;
		}
	}
}

void
view_draw(struct editor *e)
{
	struct vlines vl = { 0 };
	int H = LINES, W = COLS, ow, mx, mh, helph = 3, i, y;
	size_t k;
	struct strbuf b = STRBUF_INIT;
	char buf[1024];
	const struct row *fr = e->nrows > 0 ? &e->rows[e->focus] : NULL;

	theme();
	erase();
	e->cursor_y = e->cursor_x = -1;
	if (H < 12 || W < 40) {
		puts_(0, 0, W, _("The terminal is too small (40x12 at least)."), A_BOLD);
		goto out;
	}
	ow = W >= 100 ? 24 : W >= 70 ? 18 : 0;
	mx = ow > 0 ? ow + 1 : 0;
	mh = H - 3 - helph - 1;
	e->main_h = mh;
	e->main_w = W - mx - 1;

	/* title bar */
	strbuf_addf(&b, " piaform  %s [%s]  %s  %s", e->doc->form->title, e->doc->form->revision,
	    e->file,
	    e->readonly    ? _("read-only")
		: e->dirty ? _("unsaved")
			   : _("saved"));
	attron(attrs[ROLE_TITLE]);
	mvhline(0, 0, ' ', W);
	attroff(attrs[ROLE_TITLE]);
	put(0, 0, W, b.s, b.len, attrs[ROLE_TITLE]);

	if (ow > 0) {
		draw_outline(e, 1, mh, ow);
		vline_at(1, ow, mh);
	}
	/* the page */
	layout_page(e, &vl);
	{
		int first = -1, last = -1, cl = -1, cc = 0;
		for (k = 0; k < vl.n; k++) {
			if (vl.v[k].row == e->focus) {
				if (first < 0)
					first = (int)k;
				last = (int)k;
			}
		}
		if (e->tb != NULL && first >= 0)
			text_cursor(e, &vl, &cl, &cc);
		/* keep the focused row (and the text cursor) on screen */
		if (cl >= 0) {
			if (cl < e->scroll)
				e->scroll = cl;
			if (cl >= e->scroll + mh)
				e->scroll = cl - mh + 1;
		}
		if (first >= 0 && last - first < mh) {
			if (last >= e->scroll + mh)
				e->scroll = last - mh + 1;
			if (first < e->scroll)
				e->scroll = first;
		} else if (first >= 0 && cl < 0 && (first < e->scroll || first >= e->scroll + mh)) {
			e->scroll = first;
		}
		if (e->scroll > (int)vl.n - 1)
			e->scroll = vl.n > 0 ? (int)vl.n - 1 : 0;
		if (e->scroll < 0)
			e->scroll = 0;
		for (i = 0; i < mh && e->scroll + i < (int)vl.n; i++) {
			struct vline *l = &vl.v[e->scroll + i];
			attr_t attr = attrs[l->role];
			bool focus = l->row == e->focus;
			y = 1 + i;
			if (focus &&
			    (l->focus_bar ||
				(e->tb == NULL && (int)(e->scroll + i) == first && e->sub < 0)))
				attr |= A_REVERSE;
			if (focus)
				mvaddstr(y, mx, ">");
			put(y, mx + 1 + l->indent, e->main_w - 1 - l->indent, l->text,
			    strlen(l->text), attr);
		}
		/* the item's path, right-aligned on its first line */
		if (fr != NULL && first >= e->scroll && first < e->scroll + mh &&
		    fr->kind != ROW_HEADING) {
			int pw = view_width(fr->path, strlen(fr->path));
			int lw = view_width(vl.v[first].text, strlen(vl.v[first].text)) +
			    vl.v[first].indent;
			if (lw + pw + 4 < e->main_w)
				puts_(1 + first - e->scroll, mx + e->main_w - pw, pw, fr->path,
				    attrs[ROLE_DIM]);
		}
		if (cl >= e->scroll && cl < e->scroll + mh) {
			e->cursor_y = 1 + cl - e->scroll;
			e->cursor_x = mx + 1 + cc;
			if (e->cursor_x >= W)
				e->cursor_x = W - 1;
		}
	}
	/* help pane */
	hline_at(1 + mh, 0, W);
	strbuf_reset(&b);
	if (fr != NULL && fr->kind != ROW_HEADING) {
		form_item_title(fr->ref.item, buf, sizeof buf);
		strbuf_addf(&b, "%s (%s): ", buf, fr->path);
		if (fr->na)
			strbuf_addf(&b, _("not applicable: %s. "), fr->reason);
		/* a merge conflict and review comments come before the guidance */
		{
			char *conflict = merge_conflict_summary(e->doc, &fr->ref);
			char *comments = comment_summary(e->doc, &fr->ref);
			if (conflict != NULL)
				strbuf_addf(&b, _("%s (%s resolves). "), conflict,
				    action_table[ACTION_RESOLVE].key);
			if (comments != NULL)
				strbuf_adds(&b, comments);
			free(conflict);
			free(comments);
		}
		if (fr->ref.item->help != NULL)
			strbuf_adds(&b, fr->ref.item->help);
		else if (fr->kind == ROW_ADD)
			strbuf_addf(&b, _("Enter or F4 adds a %s (at most %d)."),
			    fr->ref.item->instance, fr->ref.item->max);
		else if (fr->kind == ROW_INSTANCE)
			strbuf_adds(&b, _("F4 add, F6 duplicate, F9 delete, Alt-Up/Down move."));
	}
	{
		size_t *st, n = wrap(b.s ? b.s : "", b.len, W - 1, &st);
		for (k = 0; k < n && (int)k < helph; k++) {
			size_t end = k + 1 < n ? st[k + 1] : b.len;
			put(H - 2 - helph + (int)k, 0, W - 1, b.s + st[k], end - st[k], A_NORMAL);
		}
		free(st);
	}
	/* status line */
	{
		size_t nm = problem_list_count(&e->probs, SEVERITY_MISSING);
		size_t ne = problem_list_count(&e->probs, SEVERITY_ERROR);
		size_t nw = problem_list_count(&e->probs, SEVERITY_WARNING);
		int x;
		snprintf(buf, sizeof buf, _("missing %zu  errors %zu  warnings %zu"), nm, ne, nw);
		x = W - view_width(buf, strlen(buf)) - 1;
		put(H - 2, 0, x - 1, e->message, strlen(e->message),
		    e->message_error ? attrs[ROLE_ERROR] : A_NORMAL);
		puts_(H - 2, x, W - x, buf,
		    ne       ? attrs[ROLE_ERROR]
			: nm ? attrs[ROLE_MISSING]
			     : attrs[ROLE_OK]);
	}
	/* key bar, from the key table */
	{
		int x = 0;
		for (k = 0; keymap_bar[k] != ACTION_NONE; k++) {
			const struct action_info *a = &action_table[keymap_bar[k]];
			int kw;
			snprintf(buf, sizeof buf, "%s", a->key);
			kw = view_width(buf, strlen(buf));
			if (x + kw + view_width(_(a->label), strlen(_(a->label))) + 1 > W)
				break;
			x += puts_(H - 1, x, W - x, buf, A_REVERSE);
			x += puts_(H - 1, x, W - x, _(a->label), A_NORMAL);
			x += puts_(H - 1, x, W - x, " ", A_NORMAL);
		}
	}
out:
	free(vl.v); /* the lines' text belongs to the cache */
	strbuf_free(&b);
	if (e->cursor_y >= 0) {
		curs_set(1);
		move(e->cursor_y, e->cursor_x);
	} else {
		curs_set(0);
		move(H - 1, W - 1);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* --- dialogs --- */

int
view_menu(struct editor *e, const char *title, const char *const *items, size_t n, size_t initial)
{
	size_t sel = initial < n ? initial : 0, top = 0, i;
	int h, w, y0, x0, c;

	for (;;) {
		int maxw = view_width(title, strlen(title)) + 4;
		for (i = 0; i < n; i++) {
			int iw = view_width(items[i], strlen(items[i])) + 6;
			if (iw > maxw)
				maxw = iw;
		}
		w = maxw < COLS - 4 ? maxw : COLS - 4;
		h = (int)n + 2 < LINES - 4 ? (int)n + 2 : LINES - 4;
		y0 = (LINES - h) / 2;
		x0 = (COLS - w) / 2;
		if (sel < top)
			top = sel;
		if (sel >= top + (size_t)(h - 2))
			top = sel - (size_t)(h - 2) + 1;
		view_draw(e);
		for (i = 0; i < (size_t)h; i++)
			mvhline(y0 + (int)i, x0, ' ', w);
		if (term_ambiwidth() == 2) {
			mvhline(y0, x0, '-', w);
			mvhline(y0 + h - 1, x0, '-', w);
		} else {
			mvhline(y0, x0, ACS_HLINE, w);
			mvhline(y0 + h - 1, x0, ACS_HLINE, w);
		}
		puts_(y0, x0 + 2, w - 4, title, A_BOLD);
		for (i = 0; i < (size_t)(h - 2) && top + i < n; i++)
			puts_(y0 + 1 + (int)i, x0 + 2, w - 4, items[top + i],
			    top + i == sel ? A_REVERSE : A_NORMAL);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		c = term_getch();
		if (c == KEY_UP && sel > 0)
			sel--;
		else if (c == KEY_DOWN && sel + 1 < n)
			sel++;
		else if (c == KEY_PPAGE)
			sel = sel > 10 ? sel - 10 : 0;
		else if (c == KEY_NPAGE)
			sel = sel + 10 < n ? sel + 10 : n - 1;
		else if (c == '\r' || c == '\n' || c == KEY_ENTER)
			return (int)sel;
		else if (c == 27 || c == 7 || c == 'q' || c == ERR)
			return -1;
		else if (c >= '1' && c <= '9' && (size_t)(c - '1') < n)
			return c - '1';
	}
}

char *
view_prompt(struct editor *e, const char *label, const char *initial)
{
	struct textbuf *tb = textbuf_new(initial, strlen(initial));
	int c, lw;
	char *out = NULL;
	struct strbuf pending = STRBUF_INIT;

	for (;;) {
		view_draw(e);
		mvhline(LINES - 2, 0, ' ', COLS);
		lw = puts_(LINES - 2, 0, COLS / 2, label, A_BOLD);
		put(LINES - 2, lw + 1, COLS - lw - 2, textbuf_text(tb), textbuf_len(tb), A_NORMAL);
		curs_set(1);
		move(LINES - 2, lw + 1 + view_width(textbuf_text(tb), textbuf_cursor(tb)));
		wnoutrefresh(stdscr);
		doupdate();
		c = term_getch();
		if (c == ERR || c == 27 || c == 7)
			break;
		if (c == '\r' || c == '\n' || c == KEY_ENTER) {
			out = xstrdup(textbuf_text(tb));
			break;
		}
		if (c == KEY_BACKSPACE || c == 127 || c == 8)
			textbuf_backspace(tb);
		else if (c == KEY_LEFT)
			textbuf_left(tb);
		else if (c == KEY_RIGHT)
			textbuf_right(tb);
		else if (c == KEY_HOME || c == 1)
			textbuf_home(tb);
		else if (c == KEY_END)
			textbuf_end(tb);
		else if (c >= 0x20 && c < 0x100) {
			strbuf_addc(&pending, (char)c);
			/* a whole UTF-8 character collected? */
			unsigned char c0 = (unsigned char)pending.s[0];
			size_t need = c0 < 0x80 ? 1 : (c0 >> 5) == 6 ? 2 : (c0 >> 4) == 14 ? 3 : 4;
			if (pending.len >= need) {
				textbuf_insert(tb, pending.s, pending.len);
				strbuf_reset(&pending);
			}
		}
	}
	strbuf_free(&pending);
	textbuf_free(&tb);
	return out;
}

int
view_ask(struct editor *e, const char *question, bool cancel)
{
	int c;

	for (;;) {
		view_draw(e);
		mvhline(LINES - 2, 0, ' ', COLS);
		puts_(LINES - 2, 0, COLS - 1, question, A_BOLD);
		wnoutrefresh(stdscr);
		doupdate();
		c = term_getch();
		if (c == 'y' || c == 'Y')
			return 'y';
		if (c == 'n' || c == 'N')
			return 'n';
		if (c == ERR || c == 27 || c == 7 || (c == 'c' && cancel))
			return 0;
	}
}

void
view_help(struct editor *e)
{
	int top = 0, c, y;
	size_t i, n = ACTION_COUNT;

	while (keymap_notes[n - ACTION_COUNT] != NULL)
		n++;
	for (;;) {
		erase();
		puts_(0, 0, COLS, _("piaform keys (any key returns; arrows scroll)"), A_BOLD);
		for (y = 1, i = (size_t)top; i < n && y < LINES - 1; i++, y++) {
			char buf[512];
			if (i < ACTION_COUNT) {
				const struct action_info *a = &action_table[i];
				snprintf(
				    buf, sizeof buf, "%-6s %-6s %s", a->key, a->alias, _(a->desc));
			} else {
				snprintf(buf, sizeof buf, "%s", _(keymap_notes[i - ACTION_COUNT]));
			}
			puts_(y, 1, COLS - 2, buf, A_NORMAL);
		}
		wnoutrefresh(stdscr);
		doupdate();
		c = term_getch();
		if (c == KEY_DOWN && top + LINES - 2 < (int)n)
			top++;
		else if (c == KEY_UP && top > 0)
			top--;
		else
			break;
	}
	(void)e;
}
