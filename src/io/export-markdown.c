/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Markdown export: sections and numbered headings as headings, each heading's items as a
 * two-column table (label | answer) the way the 様式 prints them, the 変更箇所 as a table.
 * Document text is escaped so that it can never turn into markup: table pipes, emphasis,
 * links, HTML, and block syntax at the start of a line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"
#include "piaform/answer.h"
#include "piaform/i18n.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"

struct md {
	bool table; /* an item table is open */
};

static struct md *
md_of(struct export_run *r)
{
	if (r->priv == NULL)
		r->priv = xcalloc(1, sizeof(struct md));
	return r->priv;
}

/* Escape one line of text (no '\n') for inline Markdown; at_start also escapes what would
 * start a block (# heading, > quote, - list, 1. list, indented code). */
static void
md_escape_line(struct strbuf *out, const char *s, size_t len, bool at_start)
{
	size_t i = 0;

	if (at_start) {
		size_t d = 0;
		while (i < len && s[i] == ' ') {
			strbuf_adds(out, "&#32;");
			i++;
		}
		while (i + d < len && s[i + d] >= '0' && s[i + d] <= '9')
			d++;
		if (d > 0 && i + d < len && (s[i + d] == '.' || s[i + d] == ')')) {
			strbuf_add(out, s + i, d);
			strbuf_addc(out, '\\');
			i += d;
		} else if (i < len && strchr("#>-+=", s[i]) != NULL) {
			strbuf_addc(out, '\\');
		}
	}
	for (; i < len; i++) {
		char c = s[i];
		switch (c) {
		case '&':
			strbuf_adds(out, "&amp;");
			break;
		case '<':
			strbuf_adds(out, "&lt;");
			break;
		case '>':
			strbuf_adds(out, "&gt;");
			break;
		case '\\':
		case '`':
		case '*':
		case '_':
		case '[':
		case ']':
		case '|':
		case '~':
		case '#':
			strbuf_addc(out, '\\');
			strbuf_addc(out, c);
			break;
		default:
			strbuf_addc(out, c);
			break;
		}
	}
}

/* Escape text that may span lines. In a table cell (block false) lines are joined with sep
 * ("<br>"); in a paragraph each line ends in a hard break and empty lines separate
 * paragraphs. */
static void
md_escape(struct strbuf *out, const char *s, size_t len, const char *sep, bool block)
{
	struct strbuf vis = STRBUF_INIT;
	size_t start = 0, i;
	bool first = true, prev_empty = false;

	width_sanitize(&vis, s, len, WIDTH_KEEP_NEWLINE);
	s = strbuf_str(&vis);
	len = vis.len;
	while (len > 0 && s[len - 1] == '\n')
		len--;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		if (!first && block)
			strbuf_adds(out, i == start || prev_empty ? "\n" : "\\\n");
		else if (!first)
			strbuf_adds(out, sep);
		md_escape_line(out, s + start, i - start, block);
		prev_empty = i == start;
		first = false;
		start = i + 1;
	}
	strbuf_free(&vis);
}

static void
md_escapes(struct strbuf *out, const char *s)
{
	md_escape(out, s, strlen(s), "<br>", false);
}

static void
close_table(struct export_run *r)
{
	struct md *m = md_of(r);

	if (m->table)
		strbuf_addc(r->out, '\n');
	m->table = false;
}

static void
open_table(struct export_run *r)
{
	struct md *m = md_of(r);

	if (!m->table)
		strbuf_adds(r->out, "| 項目 | 記載内容 |\n|---|---|\n");
	m->table = true;
}

static void
heading_line(struct export_run *r, int level, const char *text)
{
	int i;

	close_table(r);
	for (i = 0; i < level && i < 6; i++)
		strbuf_addc(r->out, '#');
	strbuf_addc(r->out, ' ');
	md_escapes(r->out, text);
	strbuf_adds(r->out, "\n\n");
}

static void
problems(struct export_run *r, const struct export_problems *ps, const char *sep)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		strbuf_addf(r->out, "%s**%s**: ", sep, export_severity(ps->v[i]->severity));
		md_escapes(r->out, ps->v[i]->message);
	}
}

/* The answer, escaped, lines joined with sep. */
static void
value(struct export_run *r, const struct export_item *it, const char *sep, bool block)
{
	const struct form_item *fi = it->item;
	struct strbuf *out = r->out;
	size_t len, i;
	const char *s = export_scalar(it->value, &len);

	if (fi->kind == FORM_CHOICE) {
		strbuf_adds(out, "\\[ ");
		if (it->state == EXPORT_ANSWERED)
			md_escape(out, s, len, " ", false);
		else if (it->state != EXPORT_EMPTY)
			strbuf_adds(out, ANSWER_NONE);
		strbuf_adds(out, it->state == EXPORT_EMPTY ? "\\]" : " \\]");
		strbuf_adds(out, sep);
		strbuf_adds(out, "&lt;選択肢&gt;");
		for (i = 0; fi->options != NULL && i < fi->options->n; i++) {
			strbuf_addf(out, " %zu) ", i + 1);
			md_escapes(out, fi->options->v[i].text);
		}
	} else if (it->state == EXPORT_NA || it->state == EXPORT_NONE) {
		strbuf_adds(out, ANSWER_NONE);
	} else if (fi->kind == FORM_CHECKS) {
		struct export_box *b;
		size_t n = export_boxes(it, &b);
		for (i = 0; i < n; i++) {
			strbuf_addf(out, "%s\\[%s\\] ", i > 0 ? sep : "", b[i].checked ? "○" : " ");
			md_escapes(out, b[i].text);
			if (b[i].free) {
				strbuf_adds(out, " (");
				if (b[i].free_text != NULL && b[i].free_text[0] != '\0') {
					strbuf_addc(out, ' ');
					md_escapes(out, b[i].free_text);
				}
				strbuf_adds(out, " )");
			}
		}
		free(b);
	} else if (fi->kind == FORM_COUNT) {
		strbuf_adds(out, "( ");
		md_escape(out, s, len, " ", false);
		strbuf_adds(out, " ) 件");
	} else if (fi->kind == FORM_FLAG) {
		strbuf_adds(out, node_is(it->value, "true") ? "\\[○\\]" : "\\[ \\]");
	} else if (fi->kind == FORM_FIXED) {
		md_escape(out, fi->fixed, strlen(fi->fixed), sep, block);
	} else if (it->state == EXPORT_ANSWERED) {
		if (it->value->type == NODE_SCALAR) {
			md_escape(out, s, len, sep, block);
			if (fi->kind == FORM_DATE && fi->suffix != NULL)
				strbuf_addf(out, " %s", fi->suffix);
		} else {
			char *t = answer_text(fi, it->value);
			md_escape(out, t, strlen(t), sep, block);
			free(t);
		}
	}
	if (fi->note != NULL) {
		strbuf_adds(out, sep);
		md_escape(out, fi->note, strlen(fi->note), sep, block);
	}
	if (r->o->show_problems && it->state == EXPORT_NA && it->reason != NULL) {
		strbuf_addf(out, "%s(%s: ", sep, _("not applicable"));
		md_escapes(out, it->reason);
		strbuf_adds(out, ")");
	}
	if (r->o->show_problems)
		problems(r, &it->problems, sep);
}

static void
md_begin(struct export_run *r)
{
	md_of(r);
	heading_line(r, 1, r->d->form->title);
}

static void
md_cover_table(struct export_run *r, const struct export_item *v, size_t n)
{
	size_t i;

	strbuf_adds(r->out, "|");
	for (i = 0; i < n; i++) {
		strbuf_addc(r->out, ' ');
		md_escapes(r->out, v[i].label);
		strbuf_adds(r->out, " |");
	}
	strbuf_adds(r->out, "\n|");
	for (i = 0; i < n; i++)
		strbuf_adds(r->out, "---|");
	strbuf_adds(r->out, "\n|");
	for (i = 0; i < n; i++) {
		strbuf_addc(r->out, ' ');
		value(r, &v[i], "<br>", false);
		strbuf_adds(r->out, " |");
	}
	strbuf_adds(r->out, "\n\n");
}

static void
md_contents(struct export_run *r)
{
	const struct form *f = r->d->form;
	size_t i;

	close_table(r);
	strbuf_adds(r->out, "\\[");
	md_escapes(r->out, f->revision);
	strbuf_adds(r->out, "\\]\n\n");
	heading_line(r, 2, "項目一覧");
	for (i = 0; i < f->nsections; i++) {
		char t[1024];
		if (export_is_cover(f->sections[i]))
			continue;
		strbuf_adds(r->out, "- ");
		md_escapes(r->out, form_item_title(f->sections[i], t, sizeof t));
		strbuf_addc(r->out, '\n');
	}
	strbuf_addc(r->out, '\n');
}

static void
md_section(struct export_run *r, const struct export_section *s)
{
	char *h;

	if (s->cover)
		return;
	if (s->nfiles > 1) {
		char *f = export_file_heading(s);
		h = xasprintf("%s %s", s->label, f);
		free(f);
	} else {
		h = xstrdup(s->label);
	}
	heading_line(r, 2, h);
	free(h);
}

static void
md_heading(struct export_run *r, const struct export_heading *h)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_adds(&b, h->label);
	if (h->title != NULL && h->title->type == NODE_SCALAR) {
		strbuf_addc(&b, ' ');
		strbuf_add(&b, h->title->str, h->title->len);
	}
	for (i = 0; i < h->nflags; i++)
		strbuf_addf(&b, " %s %s",
		    node_is(h->flags[i].value, "true") ? EXPORT_MARK_ON : EXPORT_MARK_OFF,
		    h->flags[i].label);
	heading_line(r, h->level + 2, strbuf_str(&b));
	strbuf_free(&b);
	if (h->item->note != NULL && !h->instance) {
		md_escape(r->out, h->item->note, strlen(h->item->note), "\\\n", true);
		strbuf_adds(r->out, "\n\n");
	}
	if (r->o->show_problems && h->problems.n > 0) {
		problems(r, &h->problems, "");
		strbuf_adds(r->out, "\n\n");
	}
}

static void
md_group(struct export_run *r, const struct export_heading *h)
{
	open_table(r);
	strbuf_adds(r->out, "| ");
	md_escapes(r->out, h->label);
	strbuf_adds(r->out, " | ");
	if (r->o->show_problems)
		problems(r, &h->problems, "");
	strbuf_adds(r->out, " |\n");
}

static void
md_item(struct export_run *r, const struct export_item *it)
{
	if (it->block) {
		size_t before;
		heading_line(r, 3, it->label);
		before = r->out->len;
		value(r, it, "\\\n", true);
		if (r->out->len > before)
			strbuf_adds(r->out, "\n\n");
		return;
	}
	open_table(r);
	strbuf_adds(r->out, "| ");
	if (it->in_group)
		strbuf_adds(r->out, "\u3000");
	md_escapes(r->out, it->label);
	strbuf_adds(r->out, " | ");
	value(r, it, "<br>", false);
	strbuf_adds(r->out, " |\n");
}

static void
md_table(struct export_run *r, const struct export_item *it)
{
	const struct form_item *fi = it->item;
	const struct node *v = it->state == EXPORT_ANSWERED ? it->value : NULL;
	size_t nrows = v != NULL && v->type == NODE_SEQ ? v->nitems : 0, i, c;

	heading_line(r, 3, it->label);
	strbuf_adds(r->out, "|");
	for (c = 0; c < fi->nchildren; c++) {
		strbuf_addc(r->out, ' ');
		md_escapes(r->out, fi->children[c]->label);
		strbuf_adds(r->out, " |");
	}
	strbuf_adds(r->out, "\n|");
	for (c = 0; c < fi->nchildren; c++)
		strbuf_adds(r->out, "---|");
	strbuf_addc(r->out, '\n');
	for (i = 0; i < nrows; i++) {
		strbuf_adds(r->out, "|");
		for (c = 0; c < fi->nchildren; c++) {
			const struct node *cell = node_get(v->items[i], fi->children[c]->id);
			char *t = answer_is_none(cell) ? xstrdup(ANSWER_NONE)
						       : answer_text(fi->children[c], cell);
			strbuf_addc(r->out, ' ');
			md_escapes(r->out, t);
			strbuf_adds(r->out, " |");
			free(t);
		}
		strbuf_addc(r->out, '\n');
	}
	strbuf_addc(r->out, '\n');
	if (r->o->show_problems && it->problems.n > 0) {
		problems(r, &it->problems, "\\\n");
		strbuf_adds(r->out, "\n\n");
	}
}

static void
md_section_end(struct export_run *r, const struct export_section *s)
{
	close_table(r);
}

static void
md_end(struct export_run *r)
{
	close_table(r);
	/* no blank line at the very end */
	while (r->out->len > 1 && r->out->s[r->out->len - 1] == '\n' &&
	    r->out->s[r->out->len - 2] == '\n')
		r->out->len--;
	free(r->priv);
	r->priv = NULL;
}

const struct export_ops export_markdown_ops = {
	md_begin,
	md_cover_table,
	md_contents,
	md_section,
	md_heading,
	md_group,
	md_item,
	md_table,
	md_section_end,
	md_end,
};
