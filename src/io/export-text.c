/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text export: the 様式's label column and answer column side by side, aligned and
 * wrapped by display width (ambiguous characters as wide as --ambiwidth says), ASCII frames
 * for tables because box-drawing characters are ambiguous too. For less and for printing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"
#include "piaform/answer.h"
#include "piaform/i18n.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"

#define GAP 2 /* columns between the label and the answer */

/* A list of display lines. */
struct lines {
	char **v;
	size_t n;
};

static void
lines_push(struct lines *l, const char *s, size_t len)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrndup(s, len);
}

static void
lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Sanitised s wrapped to fit cols; continuation lines get hang spaces in front. */
static void
lines_wrap(struct export_run *r, struct lines *l, const char *s, size_t len, int cols, int hang)
{
	struct strbuf b = STRBUF_INIT;
	struct width_line *wl;
	size_t n, i;

	width_sanitize(&b, s, len, WIDTH_KEEP_NEWLINE);
	/* continuation lines must fit behind their hang: wrap everything that narrow */
	n = width_wrap(strbuf_str(&b), b.len, cols - hang, r->ambi, &wl);
	for (i = 0; i < n; i++) {
		const char *p = strbuf_str(&b) + wl[i].start;
		size_t m = wl[i].end - wl[i].start;
		if (i > 0 && hang > 0) {
			struct strbuf h = STRBUF_INIT;
			strbuf_addf(&h, "%*s", hang, "");
			strbuf_add(&h, p, m);
			lines_push(l, strbuf_str(&h), h.len);
			strbuf_free(&h);
		} else {
			lines_push(l, p, m);
		}
	}
	free(wl);
	strbuf_free(&b);
}

static int
lwidth(struct export_run *r, const char *s)
{
	return width_of(s, strlen(s), r->ambi);
}

static void
spaces(struct strbuf *out, int n)
{
	while (n-- > 0)
		strbuf_addc(out, ' ');
}

/* cells laid out in as many columns as fit, row by row as the form prints option lists */
static void
lines_grid(struct export_run *r, struct lines *l, char **cells, size_t n, int cols, int hang)
{
	int maxw = 0, w;
	size_t i, ncol;

	for (i = 0; i < n; i++) {
		w = lwidth(r, cells[i]);
		if (w > maxw)
			maxw = w;
	}
	if (maxw > cols) {
		for (i = 0; i < n; i++)
			lines_wrap(r, l, cells[i], strlen(cells[i]), cols, hang);
		return;
	}
	ncol = (size_t)((cols + GAP) / (maxw + GAP));
	if (ncol < 1)
		ncol = 1;
	for (i = 0; i < n; i += ncol) {
		struct strbuf b = STRBUF_INIT;
		size_t k;
		for (k = i; k < i + ncol && k < n; k++) {
			strbuf_adds(&b, cells[k]);
			if (k + 1 < i + ncol && k + 1 < n)
				spaces(&b, maxw - lwidth(r, cells[k]) + GAP);
		}
		lines_push(l, strbuf_str(&b), b.len);
		strbuf_free(&b);
	}
}

static void
free_cells(char **cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* "1) 特に力を入れている" … with the <選択肢> line before them. */
static void
choice_lines(struct export_run *r, struct lines *l, const struct form_item *it, int cols)
{
	size_t n = it->options != NULL ? it->options->n : 0, i;
	char **cells = xcalloc(n > 0 ? n : 1, sizeof *cells);

	lines_push(l, "<選択肢>", strlen("<選択肢>"));
	for (i = 0; i < n; i++)
		cells[i] = xasprintf("%zu) %s", i + 1, it->options->v[i].text);
	lines_grid(r, l, cells, n, cols, 3);
	free_cells(cells, n);
}

static void
boxes_lines(struct export_run *r, struct lines *l, const struct export_item *it, int cols)
{
	struct export_box *b;
	size_t n = export_boxes(it, &b), i;
	char **cells = xcalloc(n > 0 ? n : 1, sizeof *cells);

	for (i = 0; i < n; i++) {
		struct strbuf c = STRBUF_INIT, vis = STRBUF_INIT;
		strbuf_addf(
		    &c, "%s %s", b[i].checked ? EXPORT_MARK_ON : EXPORT_MARK_OFF, b[i].text);
		if (b[i].free && b[i].free_text != NULL && b[i].free_text[0] != '\0')
			strbuf_addf(&c, " ( %s )", b[i].free_text);
		else if (b[i].free)
			strbuf_adds(&c, " ( )");
		/* visible forms first, so that the grid measures what is printed */
		width_sanitize(&vis, c.s, c.len, 0);
		cells[i] = strbuf_detach(&vis);
		strbuf_free(&c);
	}
	lines_grid(r, l, cells, n, cols, 4);
	free_cells(cells, n);
	free(b);
}

static void
problem_lines(struct export_run *r, struct lines *l, const struct export_problems *ps, int cols)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		char *c =
		    xasprintf(">> %s: %s", export_severity(ps->v[i]->severity), ps->v[i]->message);
		lines_wrap(r, l, c, strlen(c), cols, 3);
		free(c);
	}
}

/* The answer column of an item. */
static void
value_lines(struct export_run *r, struct lines *l, const struct export_item *it, int cols)
{
	const struct form_item *fi = it->item;
	size_t len;
	const char *s = export_scalar(it->value, &len);

	if (fi->kind == FORM_CHOICE) {
		char *sel = it->state == EXPORT_ANSWERED ? xasprintf("[ %.*s ]", (int)len, s)
		    : it->state == EXPORT_EMPTY          ? xstrdup("[ ]")
							 : xstrdup("[ " ANSWER_NONE " ]");
		lines_wrap(r, l, sel, strlen(sel), cols, 2);
		free(sel);
		choice_lines(r, l, fi, cols);
		goto notes;
	}
	if (it->state == EXPORT_NA || it->state == EXPORT_NONE) {
		lines_push(l, ANSWER_NONE, strlen(ANSWER_NONE));
		goto notes;
	}
	switch (fi->kind) {
	case FORM_CHECKS:
		boxes_lines(r, l, it, cols);
		break;
	case FORM_COUNT: {
		char *c = it->state == EXPORT_EMPTY ? xstrdup("( ) 件")
						    : xasprintf("( %.*s ) 件", (int)len, s);
		lines_wrap(r, l, c, strlen(c), cols, 0);
		free(c);
		break;
	}
	case FORM_FLAG: {
		const char *m = node_is(it->value, "true") ? EXPORT_MARK_ON : EXPORT_MARK_OFF;
		lines_push(l, m, strlen(m));
		break;
	}
	case FORM_FIXED:
		lines_wrap(r, l, fi->fixed, strlen(fi->fixed), cols, 0);
		break;
	case FORM_DATE:
		if (it->state == EXPORT_ANSWERED) {
			char *c = xasprintf("%.*s%s%s", (int)len, s, fi->suffix ? " " : "",
			    fi->suffix ? fi->suffix : "");
			lines_wrap(r, l, c, strlen(c), cols, 0);
			free(c);
		}
		break;
	case FORM_REPEAT:
		break;
	default:
		if (it->state == EXPORT_ANSWERED) {
			if (it->value->type == NODE_SCALAR) {
				lines_wrap(r, l, s, len, cols, 0);
			} else {
				char *t = answer_text(fi, it->value);
				lines_wrap(r, l, t, strlen(t), cols, 0);
				free(t);
			}
		}
		break;
	}
notes:
	if (fi->note != NULL)
		lines_wrap(r, l, fi->note, strlen(fi->note), cols, 0);
	if (!r->o->show_problems)
		return;
	if (it->state == EXPORT_NA && it->reason != NULL) {
		char *c = xasprintf("(%s: %s)", _("not applicable"), it->reason);
		lines_wrap(r, l, c, strlen(c), cols, 0);
		free(c);
	}
	problem_lines(r, l, &it->problems, cols);
}

/* Print lines at indent, dropping trailing spaces. */
static void
put_lines(struct export_run *r, int indent, const struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i][0] != '\0')
			spaces(r->out, indent);
		strbuf_adds(r->out, l->v[i]);
		strbuf_addc(r->out, '\n');
	}
}

static int
label_col(struct export_run *r)
{
	int lw = r->width / 3;

	return lw < 12 ? 12 : lw;
}

static int
indent_of(int level)
{
	return level > 1 ? 2 * (level - 1) : 0;
}

static void
text_begin(struct export_run *r)
{
	const char *t = r->d->form->title;
	struct lines l = { NULL, 0 };
	size_t i;

	lines_wrap(r, &l, t, strlen(t), r->width, 0);
	for (i = 0; i < l.n; i++) {
		spaces(r->out, (r->width - lwidth(r, l.v[i])) / 2);
		strbuf_adds(r->out, l.v[i]);
		strbuf_addc(r->out, '\n');
	}
	lines_free(&l);
}

/* An ASCII-framed table with cells wrapped to share the width. Columns marked in keep
 * (dates, choices) stay unwrapped while that leaves the others room. */
static void
text_grid(struct export_run *r, int indent, size_t ncols, char **head, char ***raw, size_t nrows,
    const bool *keep)
{
	char ***rows = xcalloc(nrows > 0 ? nrows : 1, sizeof *rows);
	int *nat = xcalloc(ncols, sizeof *nat), *w = xcalloc(ncols, sizeof *w);
	bool *fixed = xcalloc(ncols, sizeof *fixed);
	int avail = r->width - indent - (int)(3 * ncols + 1), left = (int)ncols, sum = 0;
	size_t c, k, i;
	bool changed;

	/* visible forms first, so that widths are measured on what is printed */
	for (k = 0; k < nrows; k++) {
		rows[k] = xcalloc(ncols, sizeof **rows);
		for (c = 0; c < ncols; c++) {
			struct strbuf b = STRBUF_INIT;
			width_sanitize(&b, raw[k][c], strlen(raw[k][c]), WIDTH_KEEP_NEWLINE);
			rows[k][c] = strbuf_detach(&b);
		}
	}
	for (c = 0; c < ncols; c++) {
		struct width_line *wl;
		for (k = 0; k <= nrows; k++) {
			const char *s = k == 0 ? head[c] : rows[k - 1][c];
			size_t n = width_wrap(s, strlen(s), 1 << 20, r->ambi, &wl);
			for (i = 0; i < n; i++)
				nat[c] = wl[i].width > nat[c] ? wl[i].width : nat[c];
			free(wl);
		}
		if (nat[c] < 1)
			nat[c] = 1;
		sum += nat[c];
	}
	if (avail < 4 * (int)ncols) {
		/* too narrow for a grid (less than two wide characters a column): one record
		 * per row, each cell under its column's label */
		for (k = 0; k < nrows; k++) {
			struct lines l = { NULL, 0 };
			char *no = xasprintf("(%zu)", k + 1);
			lines_wrap(r, &l, no, strlen(no), r->width - indent, 0);
			free(no);
			put_lines(r, indent, &l);
			lines_free(&l);
			for (c = 0; c < ncols; c++) {
				lines_wrap(
				    r, &l, head[c], strlen(head[c]), r->width - indent - 2, 0);
				put_lines(r, indent + 2, &l);
				lines_free(&l);
				lines_wrap(r, &l, rows[k][c], strlen(rows[k][c]),
				    r->width - indent - 4, 0);
				put_lines(r, indent + 4, &l);
				lines_free(&l);
			}
		}
		goto out;
	}
	if (sum <= avail) {
		memcpy(w, nat, ncols * sizeof *w);
	} else {
		/* short columns keep their width; the wide ones share what is left */
		for (c = 0; c < ncols && keep != NULL; c++) {
			if (keep[c] && nat[c] <= avail / 4) {
				w[c] = nat[c];
				fixed[c] = true;
				avail -= nat[c];
				left--;
			}
		}
		do {
			changed = false;
			for (c = 0; c < ncols && left > 0; c++) {
				if (!fixed[c] && nat[c] <= avail / left) {
					w[c] = nat[c];
					fixed[c] = true;
					avail -= nat[c];
					left--;
					changed = true;
				}
			}
		} while (changed && left > 0);
		for (c = 0; c < ncols; c++) {
			if (!fixed[c]) {
				w[c] = avail / left;
				avail -= w[c];
				left--;
				if (w[c] < 2)
					w[c] = 2;
			}
		}
	}
	for (k = 0; k <= nrows + 1; k++) {
		struct lines *cl = xcalloc(ncols, sizeof *cl);
		size_t h = 0;

		/* the frame line above the header, each row and (k == nrows + 1) the end */
		spaces(r->out, indent);
		for (c = 0; c < ncols; c++) {
			strbuf_addc(r->out, '+');
			for (i = 0; i < (size_t)w[c] + 2; i++)
				strbuf_addc(r->out, k == 1 ? '=' : '-');
		}
		strbuf_adds(r->out, "+\n");
		if (k == nrows + 1) {
			free(cl);
			break;
		}
		for (c = 0; c < ncols; c++) {
			const char *s = k == 0 ? head[c] : rows[k - 1][c];
			lines_wrap(r, &cl[c], s, strlen(s), w[c], 0);
			if (cl[c].n > h)
				h = cl[c].n;
		}
		for (i = 0; i < h; i++) {
			spaces(r->out, indent);
			for (c = 0; c < ncols; c++) {
				const char *s = i < cl[c].n ? cl[c].v[i] : "";
				strbuf_adds(r->out, "| ");
				strbuf_adds(r->out, s);
				spaces(r->out, w[c] - lwidth(r, s) + 1);
			}
			strbuf_adds(r->out, "|\n");
		}
		for (c = 0; c < ncols; c++)
			lines_free(&cl[c]);
		free(cl);
	}
out:
	for (k = 0; k < nrows; k++)
		free_cells(rows[k], ncols);
	free(rows);
	free(nat);
	free(w);
	free(fixed);
}

static char *
cell_text(const struct export_item *it)
{
	size_t len;
	const char *s;

	if (it->state == EXPORT_NA || it->state == EXPORT_NONE)
		return xstrdup(ANSWER_NONE);
	s = export_scalar(it->value, &len);
	return xstrndup(s, len);
}

static void
text_cover_table(struct export_run *r, const struct export_item *v, size_t n)
{
	char **head = xcalloc(n, sizeof *head), **row = xcalloc(n, sizeof *row);
	size_t i;

	strbuf_addc(r->out, '\n');
	for (i = 0; i < n; i++) {
		head[i] = xstrdup(v[i].label);
		row[i] = cell_text(&v[i]);
	}
	text_grid(r, 0, n, head, &row, 1, NULL);
	for (i = 0; i < n; i++) {
		struct lines l = { NULL, 0 };
		problem_lines(r, &l, &v[i].problems, r->width - 2);
		put_lines(r, 2, &l);
		lines_free(&l);
	}
	free_cells(head, n);
	free_cells(row, n);
}

static void
text_contents(struct export_run *r)
{
	const struct form *f = r->d->form;
	char *rev = xasprintf("[%s]", f->revision);
	struct lines l = { NULL, 0 };
	size_t i;

	strbuf_addc(r->out, '\n');
	lines_wrap(r, &l, rev, strlen(rev), r->width, 0);
	for (i = 0; i < l.n; i++) {
		spaces(r->out, r->width - lwidth(r, l.v[i]));
		strbuf_adds(r->out, l.v[i]);
		strbuf_addc(r->out, '\n');
	}
	lines_free(&l);
	free(rev);
	strbuf_adds(r->out, "\n項目一覧\n");
	for (i = 0; i < f->nsections; i++) {
		char t[1024];
		if (export_is_cover(f->sections[i]))
			continue;
		form_item_title(f->sections[i], t, sizeof t);
		lines_wrap(r, &l, t, strlen(t), r->width - 2, 2);
	}
	put_lines(r, 2, &l);
	lines_free(&l);
}

static void
rule(struct export_run *r, char c)
{
	int i;

	for (i = 0; i < r->width; i++)
		strbuf_addc(r->out, c);
	strbuf_addc(r->out, '\n');
}

static void
text_section(struct export_run *r, const struct export_section *s)
{
	struct lines l = { NULL, 0 };

	if (s->cover)
		return;
	strbuf_addc(r->out, '\n');
	rule(r, '=');
	lines_wrap(r, &l, s->label, strlen(s->label), r->width, 0);
	put_lines(r, 0, &l);
	lines_free(&l);
	if (s->nfiles > 1) {
		char *h = export_file_heading(s);
		lines_wrap(r, &l, h, strlen(h), r->width, 0);
		put_lines(r, 0, &l);
		lines_free(&l);
		free(h);
	}
	rule(r, '=');
}

/* Append unit to the last of lines when it fits in cols, else start a new line (hang). */
static void
lines_append_unit(struct export_run *r, struct lines *l, const char *unit, int cols, int hang)
{
	struct strbuf b = STRBUF_INIT;

	width_sanitize(&b, unit, strlen(unit), 0);
	if (l->n > 0 && lwidth(r, l->v[l->n - 1]) + GAP + lwidth(r, b.s) <= cols) {
		char *joined = xasprintf("%s%*s%s", l->v[l->n - 1], GAP, "", b.s);
		free(l->v[l->n - 1]);
		l->v[l->n - 1] = joined;
	} else {
		lines_wrap(r, l, b.s, b.len, cols - hang, 0);
		if (hang > 0) {
			char *h = xasprintf("%*s%s", hang, "", l->v[l->n - 1]);
			free(l->v[l->n - 1]);
			l->v[l->n - 1] = h;
		}
	}
	strbuf_free(&b);
}

static void
text_heading(struct export_run *r, const struct export_heading *h)
{
	struct strbuf b = STRBUF_INIT;
	struct lines l = { NULL, 0 }, more = { NULL, 0 };
	int indent = indent_of(h->level), cols = r->width - indent;
	size_t i;

	strbuf_adds(&b, h->label);
	if (h->title != NULL && h->title->type == NODE_SCALAR) {
		strbuf_adds(&b, "  ");
		strbuf_add(&b, h->title->str, h->title->len);
	}
	if (h->level <= 2)
		strbuf_addc(r->out, '\n');
	lines_wrap(r, &l, b.s, b.len, cols, 2);
	/* header check boxes stay whole: on the heading's line when they fit */
	for (i = 0; i < h->nflags; i++) {
		char *f = xasprintf("%s %s",
		    node_is(h->flags[i].value, "true") ? EXPORT_MARK_ON : EXPORT_MARK_OFF,
		    h->flags[i].label);
		lines_append_unit(r, &l, f, cols, 2);
		free(f);
	}
	put_lines(r, indent, &l);
	if (h->item->note != NULL && !h->instance)
		lines_wrap(r, &more, h->item->note, strlen(h->item->note), cols - 2, 0);
	if (r->o->show_problems)
		problem_lines(r, &more, &h->problems, cols - 2);
	put_lines(r, indent + 2, &more);
	lines_free(&l);
	lines_free(&more);
	strbuf_free(&b);
}

/* Label and answer side by side; long labels and numbered answers as a block. */
static void
text_item(struct export_run *r, const struct export_item *it)
{
	struct lines lab = { NULL, 0 }, val = { NULL, 0 };
	int indent = indent_of(it->level), lw = label_col(r) - indent, vw, i, n;
	bool block = it->block || r->width < 40;

	if (lw < 8)
		lw = 8;
	if (!block && (it->wide || lwidth(r, it->label) > 3 * lw))
		block = true;
	if (block) {
		if (it->level <= 1)
			strbuf_addc(r->out, '\n');
		lines_wrap(r, &lab, it->label, strlen(it->label), r->width - indent, 0);
		put_lines(r, indent, &lab);
		value_lines(r, &val, it, r->width - indent - 2);
		put_lines(r, indent + 2, &val);
		goto out;
	}
	vw = r->width - indent - lw - GAP;
	lines_wrap(r, &lab, it->label, strlen(it->label), lw, 0);
	value_lines(r, &val, it, vw);
	n = (int)(lab.n > val.n ? lab.n : val.n);
	for (i = 0; i < n; i++) {
		const char *a = (size_t)i < lab.n ? lab.v[i] : "";
		const char *b = (size_t)i < val.n ? val.v[i] : "";
		spaces(r->out, indent);
		strbuf_adds(r->out, a);
		if (b[0] != '\0') {
			int pad = lw - lwidth(r, a);
			spaces(r->out, (pad > 0 ? pad : 0) + GAP);
			strbuf_adds(r->out, b);
		}
		/* a label line may end in spaces of the label itself: keep lines clean */
		while (r->out->len > 0 && r->out->s[r->out->len - 1] == ' ')
			r->out->len--;
		strbuf_addc(r->out, '\n');
	}
out:
	lines_free(&lab);
	lines_free(&val);
}

static void
text_group(struct export_run *r, const struct export_heading *h)
{
	struct lines l = { NULL, 0 };
	int indent = indent_of(h->level);

	lines_wrap(r, &l, h->label, strlen(h->label), label_col(r) - indent, 0);
	if (r->o->show_problems)
		problem_lines(r, &l, &h->problems, r->width - indent);
	put_lines(r, indent, &l);
	lines_free(&l);
}

static void
text_table(struct export_run *r, const struct export_item *it)
{
	const struct form_item *fi = it->item;
	const struct node *v = it->state == EXPORT_ANSWERED ? it->value : NULL;
	size_t nrows = v != NULL && v->type == NODE_SEQ ? v->nitems : 0, ncols = fi->nchildren;
	char **head = xcalloc(ncols > 0 ? ncols : 1, sizeof *head);
	char ***rows = xcalloc(nrows > 0 ? nrows : 1, sizeof *rows);
	bool *keep = xcalloc(ncols > 0 ? ncols : 1, sizeof *keep);
	struct lines l = { NULL, 0 };
	size_t i, c;

	strbuf_addc(r->out, '\n');
	lines_wrap(r, &l, it->label, strlen(it->label), r->width, 0);
	put_lines(r, 0, &l);
	lines_free(&l);
	if (ncols == 0)
		goto out;
	for (c = 0; c < ncols; c++) {
		enum form_kind k = fi->children[c]->kind;
		head[c] = xstrdup(fi->children[c]->label);
		keep[c] = k == FORM_DATE || k == FORM_CHOICE || k == FORM_COUNT;
	}
	for (i = 0; i < nrows; i++) {
		rows[i] = xcalloc(ncols, sizeof **rows);
		for (c = 0; c < ncols; c++) {
			const struct node *cell = node_get(v->items[i], fi->children[c]->id);
			rows[i][c] = answer_is_none(cell) ? xstrdup(ANSWER_NONE)
							  : answer_text(fi->children[c], cell);
		}
	}
	text_grid(r, 0, ncols, head, rows, nrows, keep);
	if (r->o->show_problems) {
		problem_lines(r, &l, &it->problems, r->width - 2);
		put_lines(r, 2, &l);
		lines_free(&l);
	}
out:
	for (i = 0; i < nrows; i++)
		free_cells(rows[i], ncols);
	free(rows);
	free(keep);
	free_cells(head, ncols);
}

static void
text_section_end(struct export_run *r, const struct export_section *s)
{
}

static void
text_end(struct export_run *r)
{
}

const struct export_ops export_text_ops = {
	text_begin,
	text_cover_table,
	text_contents,
	text_section,
	text_heading,
	text_group,
	text_item,
	text_table,
	text_section_end,
	text_end,
};
