/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML export: one self-contained page (no script, no external reference) that prints
 * on A4 like the official form: bordered label/answer tables, row groups spanning their
 * rows, a page per section. A review summary comes first: completion per section and every
 * open problem, linked to its item. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"
#include "piaform/answer.h"
#include "piaform/i18n.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"

struct html {
	struct strbuf body; /* the page below the summary, which needs the whole walk first */
	bool table; /* a form table is open */
	bool group; /* a row group's label waits for its first row */
	char group_label[1024];
	size_t group_rows;
	char *doc_title; /* the cover's last one-line item (評価書名), for the page title */
	char **anchors; /* item paths that have an anchor, for the summary's links */
	size_t nanchors;
};

static const char css[] =
    "@page { size: A4; margin: 14mm 12mm 16mm; }\n"
    "html { font-family: \"Noto Sans CJK JP\", \"Noto Sans JP\", \"Hiragino Kaku Gothic ProN\", "
    "\"Yu Gothic\", Meiryo, \"IPAexGothic\", sans-serif; font-size: 10pt; line-height: 1.45; "
    "color: #000; }\n"
    "body { margin: 0 auto; max-width: 186mm; padding: 6mm; }\n"
    "h1 { font-size: 16pt; text-align: center; margin: 1.5em 0 1em; }\n"
    "h2 { font-size: 13pt; margin: 0 0 .6em; padding-bottom: 2px; border-bottom: 2px solid #000; }\n"
    "h3 { font-size: 10.5pt; margin: 1em 0 0; padding: 2px 6px; border: 1px solid #000; "
    "border-bottom: none; background: #dde7f0; }\n"
    "h3 .flags { float: right; font-weight: normal; }\n"
    ".file { font-weight: bold; margin: 0 0 .6em; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 0 0 .2em; }\n"
    "th, td { border: 1px solid #000; padding: 2px 5px; vertical-align: top; text-align: left; }\n"
    "th { font-weight: normal; background: #eef3f8; }\n"
    "td, .box { white-space: pre-wrap; overflow-wrap: anywhere; }\n"
    "table.form col.g { width: 12%; } table.form col.l { width: 26%; }\n"
    "tr.sub th { background: #dde7f0; font-weight: bold; }\n"
    "tr.sub td { font-weight: bold; }\n"
    ".box { border: 1px solid #000; padding: 3px 6px; min-height: 1.4em; }\n"
    ".note { white-space: pre-wrap; border: 1px solid #000; border-bottom: none; margin: 0; "
    "padding: 2px 6px; }\n"
    ".sel { font-weight: bold; }\n"
    ".opts { display: block; font-size: 8.5pt; color: #222; margin-top: 2px; }\n"
    ".opts span { display: inline-block; margin-right: 1.2em; }\n"
    ".checks span { display: inline-block; min-width: 46%; margin-right: 1em; }\n"
    ".checks .on { font-weight: bold; }\n"
    ".na { color: #444; }\n"
    ".ctl { border: 1px dotted #b00; color: #b00; font-size: 85%; }\n"
    ".problem { display: block; color: #b00; font-weight: bold; white-space: normal; }\n"
    "tr.bad th, tr.bad td, .box.bad { background: #fff0e0; }\n"
    ".cover table { width: 70%; margin: 0 auto 1.5em; }\n"
    ".cover th { text-align: center; }\n"
    ".revision { text-align: right; margin-top: 2em; }\n"
    ".toc, .sheet { break-before: page; }\n"
    ".toc ol { list-style: none; padding-left: 1em; }\n"
    "table.henko th { text-align: center; }\n"
    "table.henko td { font-size: 9pt; }\n"
    "table.henko .nw { white-space: nowrap; }\n"
    "table.henko th { min-width: 5em; }\n"
    "tr, .box { break-inside: avoid; }\n"
    "h2, h3, tr.sub { break-after: avoid; }\n"
    ".summary { border: 2px solid #555; padding: 4mm; margin-bottom: 8mm; break-after: page; }\n"
    ".summary h2 { border: none; }\n"
    ".summary table { width: auto; min-width: 70%; }\n"
    ".summary td { white-space: normal; }\n"
    ".summary td.pct { white-space: nowrap; }\n"
    ".summary td.n { text-align: right; }\n"
    ".bar { display: inline-block; width: 6em; height: .7em; border: 1px solid #555; "
    "vertical-align: middle; margin-right: .4em; }\n"
    ".bar span { display: block; height: 100%; background: #4a7; }\n"
    ".summary ol { padding-left: 1.5em; }\n"
    ".summary li .sev { font-weight: bold; }\n"
    ".summary li.error .sev, .summary li.missing .sev { color: #b00; }\n"
    "a { color: inherit; }\n"
    "@media screen { html { background: #e8e8e8; } body { background: #fff; "
    "margin: 8px auto; box-shadow: 0 0 4px #999; } }\n"
    "@media print { a { text-decoration: none; } }\n";

static struct html *
html_of(struct export_run *r)
{
	if (r->priv == NULL)
		r->priv = xcalloc(1, sizeof(struct html));
	return r->priv;
}

static struct strbuf *
body(struct export_run *r)
{
	return &html_of(r)->body;
}

/* Entities for the five characters that matter, in text and attribute values alike. */
static void
escape_raw(struct strbuf *out, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *e = NULL;
		switch (s[i]) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			continue;
		}
		strbuf_add(out, s + run, i - run);
		strbuf_adds(out, e);
		run = i + 1;
	}
	strbuf_add(out, s + run, len - run);
}

/* Document text: escaped, with controls and invisible format characters shown as marked
 * visible forms; newlines kept (cells are pre-wrap). */
static void
escape(struct strbuf *out, const char *s, size_t len)
{
	char vis[WIDTH_VISIBLE_MAX];
	size_t i = 0, run = 0, n;
	int32_t cp;

	while (i < len) {
		n = width_visible(s + i, len - i, WIDTH_KEEP_NEWLINE, vis);
		if (n == 0) {
			i += width_decode(s + i, len - i, &cp);
			continue;
		}
		escape_raw(out, s + run, i - run);
		strbuf_adds(out, "<span class=\"ctl\">");
		escape_raw(out, vis, strlen(vis));
		strbuf_adds(out, "</span>");
		i += n;
		run = i;
	}
	escape_raw(out, s + run, len - run);
}

/* Text inside <title>, where markup is not read: visible forms as plain text. */
static void
title_text(struct strbuf *out, const char *s)
{
	struct strbuf vis = STRBUF_INIT;

	width_sanitize(&vis, s, strlen(s), 0);
	escape_raw(out, strbuf_str(&vis), vis.len);
	strbuf_free(&vis);
}

static void
escapes(struct strbuf *out, const char *s)
{
	escape(out, s, strlen(s));
}

/* id="p-PATH": whitespace is not allowed in an id. */
static void
anchor_attr(struct strbuf *out, const char *prefix, const char *path)
{
	size_t i;

	strbuf_adds(out, prefix);
	for (i = 0; path[i] != '\0'; i++) {
		if (path[i] == ' ' || path[i] == '\t' || path[i] == '\n')
			strbuf_addc(out, '_');
		else
			escape_raw(out, path + i, 1);
	}
}

static void
add_anchor(struct export_run *r, const char *path)
{
	struct html *h = html_of(r);

	h->anchors = xreallocarray(h->anchors, h->nanchors + 1, sizeof *h->anchors);
	h->anchors[h->nanchors++] = xstrdup(path);
	strbuf_adds(body(r), " id=\"");
	anchor_attr(body(r), "p-", path);
	strbuf_addc(body(r), '"');
}

static void
problems(struct strbuf *out, const struct export_problems *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		strbuf_addf(
		    out, "<span class=\"problem\">%s: ", export_severity(ps->v[i]->severity));
		escapes(out, ps->v[i]->message);
		strbuf_adds(out, "</span>");
	}
}

static bool
bad(const struct export_run *r, const struct export_problems *ps)
{
	size_t i;

	for (i = 0; r->o->show_problems && i < ps->n; i++) {
		if (ps->v[i]->severity != SEVERITY_WARNING)
			return true;
	}
	return false;
}

static void
close_table(struct export_run *r)
{
	struct html *h = html_of(r);

	if (h->table)
		strbuf_adds(&h->body, "</table>\n");
	h->table = false;
}

static void
open_table(struct export_run *r)
{
	struct html *h = html_of(r);

	if (!h->table)
		strbuf_adds(&h->body,
		    "<table class=\"form\"><colgroup><col class=\"g\"><col "
		    "class=\"l\"><col class=\"v\"></colgroup>\n");
	h->table = true;
}

/* The answer, inside its cell or box. */
static void
value(struct export_run *r, const struct export_item *it)
{
	const struct form_item *fi = it->item;
	struct strbuf *out = body(r);
	size_t len, i;
	const char *s = export_scalar(it->value, &len);

	if (fi->kind == FORM_CHOICE) {
		strbuf_adds(out, "<span class=\"sel\">[ ");
		if (it->state == EXPORT_ANSWERED)
			escape(out, s, len);
		else if (it->state != EXPORT_EMPTY)
			strbuf_adds(out, ANSWER_NONE);
		strbuf_adds(out, it->state == EXPORT_EMPTY ? "]" : " ]");
		strbuf_adds(out, "</span><span class=\"opts\"><span>&lt;選択肢&gt;</span>");
		for (i = 0; fi->options != NULL && i < fi->options->n; i++) {
			strbuf_addf(out, "<span>%zu) ", i + 1);
			escapes(out, fi->options->v[i].text);
			strbuf_adds(out, "</span>");
		}
		strbuf_adds(out, "</span>");
	} else if (it->state == EXPORT_NA || it->state == EXPORT_NONE) {
		strbuf_adds(out, "<span class=\"na\">" ANSWER_NONE "</span>");
	} else if (fi->kind == FORM_CHECKS) {
		struct export_box *b;
		size_t n = export_boxes(it, &b);
		strbuf_adds(out, "<span class=\"checks\">");
		for (i = 0; i < n; i++) {
			strbuf_addf(out, "<span%s>%s ", b[i].checked ? " class=\"on\"" : "",
			    b[i].checked ? EXPORT_MARK_ON : EXPORT_MARK_OFF);
			escapes(out, b[i].text);
			if (b[i].free) {
				strbuf_adds(out, " (");
				if (b[i].free_text != NULL && b[i].free_text[0] != '\0') {
					strbuf_addc(out, ' ');
					escapes(out, b[i].free_text);
				}
				strbuf_adds(out, " )");
			}
			strbuf_adds(out, "</span>");
		}
		strbuf_adds(out, "</span>");
		free(b);
	} else if (fi->kind == FORM_COUNT) {
		strbuf_adds(out, "( ");
		escape(out, s, len);
		strbuf_adds(out, " ) 件");
	} else if (fi->kind == FORM_FLAG) {
		strbuf_adds(out, node_is(it->value, "true") ? EXPORT_MARK_ON : EXPORT_MARK_OFF);
	} else if (fi->kind == FORM_FIXED) {
		escapes(out, fi->fixed);
	} else if (it->state == EXPORT_ANSWERED) {
		if (it->value->type == NODE_SCALAR) {
			/* a literal block's final newline is not part of what is shown */
			while (len > 0 && s[len - 1] == '\n')
				len--;
			escape(out, s, len);
			if (fi->kind == FORM_DATE && fi->suffix != NULL)
				strbuf_addf(out, " %s", fi->suffix);
		} else {
			char *t = answer_text(fi, it->value);
			escapes(out, t);
			free(t);
		}
	}
	if (fi->note != NULL) {
		strbuf_adds(out, "\n");
		escapes(out, fi->note);
	}
	if (r->o->show_problems && it->state == EXPORT_NA && it->reason != NULL) {
		strbuf_addf(out, "<span class=\"problem na\">(%s: ", _("not applicable"));
		escapes(out, it->reason);
		strbuf_adds(out, ")</span>");
	}
	if (r->o->show_problems)
		problems(out, &it->problems);
}

static void
html_begin(struct export_run *r)
{
	struct strbuf *out = body(r);

	strbuf_adds(out, "<h1>");
	escapes(out, r->d->form->title);
	strbuf_adds(out, "</h1>\n");
}

static void
html_cover_table(struct export_run *r, const struct export_item *v, size_t n)
{
	struct strbuf *out = body(r);
	size_t i;

	if (n > 0 && v[n - 1].state == EXPORT_ANSWERED) {
		size_t len;
		const char *t = export_scalar(v[n - 1].value, &len);
		free(html_of(r)->doc_title);
		html_of(r)->doc_title = xstrndup(t, len);
	}
	strbuf_adds(out, "<table><tr>");
	for (i = 0; i < n; i++) {
		strbuf_adds(out, "<th>");
		escapes(out, v[i].label);
		strbuf_adds(out, "</th>");
	}
	strbuf_adds(out, "</tr>\n<tr>");
	for (i = 0; i < n; i++) {
		strbuf_adds(out, "<td");
		add_anchor(r, v[i].path);
		strbuf_adds(out, ">");
		value(r, &v[i]);
		strbuf_adds(out, "</td>");
	}
	strbuf_adds(out, "</tr></table>\n");
}

static void
html_contents(struct export_run *r)
{
	const struct form *f = r->d->form;
	struct strbuf *out = body(r);
	size_t i;

	close_table(r);
	strbuf_adds(out, "<p class=\"revision\">[");
	escapes(out, f->revision);
	strbuf_adds(out, "]</p>\n<nav class=\"toc\"><h2>項目一覧</h2><ol>\n");
	for (i = 0; i < f->nsections; i++) {
		char t[1024];
		if (export_is_cover(f->sections[i]))
			continue;
		strbuf_adds(out, "<li><a href=\"#");
		anchor_attr(out, "s-", f->sections[i]->segment);
		strbuf_adds(out, "\">");
		escapes(out, form_item_title(f->sections[i], t, sizeof t));
		strbuf_adds(out, "</a></li>\n");
	}
	strbuf_adds(out, "</ol></nav>\n");
}

static void
html_section(struct export_run *r, const struct export_section *s)
{
	struct strbuf *out = body(r);

	close_table(r);
	strbuf_addf(out, "<section class=\"%s\" id=\"", s->cover ? "cover" : "sheet");
	anchor_attr(out, "s-", s->path);
	strbuf_adds(out, "\">\n");
	if (s->cover)
		return;
	strbuf_adds(out, "<h2>");
	escapes(out, s->label);
	strbuf_adds(out, "</h2>\n");
	if (s->nfiles > 1) {
		char *f = export_file_heading(s);
		strbuf_adds(out, "<p class=\"file\">");
		escapes(out, f);
		strbuf_adds(out, "</p>\n");
		free(f);
	}
}

static void
html_heading(struct export_run *r, const struct export_heading *h)
{
	struct strbuf *out = body(r);
	size_t i;

	if (h->level <= 1 && !h->instance) {
		close_table(r);
		strbuf_adds(out, "<h3");
		add_anchor(r, h->path);
		strbuf_adds(out, ">");
		escapes(out, h->label);
		if (h->nflags > 0) {
			strbuf_adds(out, "<span class=\"flags\">");
			for (i = 0; i < h->nflags; i++) {
				strbuf_addf(out, "%s%s ", i ? "\u3000" : "",
				    node_is(h->flags[i].value, "true") ? EXPORT_MARK_ON
								       : EXPORT_MARK_OFF);
				escapes(out, h->flags[i].label);
			}
			strbuf_adds(out, "</span>");
		}
		strbuf_adds(out, "</h3>\n");
		if (h->item->note != NULL) {
			strbuf_adds(out, "<p class=\"note\">");
			escapes(out, h->item->note);
			strbuf_adds(out, "</p>\n");
		}
		if (r->o->show_problems && h->problems.n > 0) {
			strbuf_adds(out, "<p>");
			problems(out, &h->problems);
			strbuf_adds(out, "</p>\n");
		}
		return;
	}
	/* deeper headings and repeat instances are spanning rows of the table */
	open_table(r);
	strbuf_addf(out, "<tr class=\"sub%s\"", bad(r, &h->problems) ? " bad" : "");
	add_anchor(r, h->path);
	strbuf_adds(out, "><th colspan=\"");
	strbuf_adds(out, h->title != NULL || h->nflags > 0 ? "2" : "3");
	strbuf_adds(out, "\">");
	escapes(out, h->label);
	if (h->title == NULL && h->nflags == 0 && r->o->show_problems)
		problems(out, &h->problems);
	strbuf_adds(out, "</th>");
	if (h->title != NULL || h->nflags > 0) {
		strbuf_adds(out, "<td>");
		if (h->title != NULL && h->title->type == NODE_SCALAR)
			escape(out, h->title->str, h->title->len);
		for (i = 0; i < h->nflags; i++) {
			strbuf_addf(out, "%s%s ", i ? "\u3000" : "",
			    node_is(h->flags[i].value, "true") ? EXPORT_MARK_ON : EXPORT_MARK_OFF);
			escapes(out, h->flags[i].label);
		}
		if (r->o->show_problems)
			problems(out, &h->problems);
		strbuf_adds(out, "</td>");
	}
	strbuf_adds(out, "</tr>\n");
	if (h->item->note != NULL && !h->instance) {
		strbuf_adds(out, "<tr><td colspan=\"3\">");
		escapes(out, h->item->note);
		strbuf_adds(out, "</td></tr>\n");
	}
}

static void
html_group(struct export_run *r, const struct export_heading *h)
{
	struct html *x = html_of(r);

	open_table(r);
	/* the label spans the rows that follow; it is written with the first of them */
	x->group = true;
	snprintf(x->group_label, sizeof x->group_label, "%s", h->label);
	x->group_rows = h->nrows;
}

static void
html_item(struct export_run *r, const struct export_item *it)
{
	struct html *x = html_of(r);
	struct strbuf *out = &x->body;

	if (it->block) {
		close_table(r);
		strbuf_adds(out, "<h3");
		add_anchor(r, it->path);
		strbuf_adds(out, ">");
		escapes(out, it->label);
		strbuf_addf(
		    out, "</h3>\n<div class=\"box%s\">", bad(r, &it->problems) ? " bad" : "");
		value(r, it);
		strbuf_adds(out, "</div>\n");
		return;
	}
	open_table(r);
	if (it->wide && !it->in_group) {
		/* as printed: the long label across the table, the answer in the row below */
		strbuf_addf(out, "<tr%s", bad(r, &it->problems) ? " class=\"bad\"" : "");
		add_anchor(r, it->path);
		strbuf_adds(out, "><th colspan=\"3\">");
		escapes(out, it->label);
		strbuf_addf(out, "</th></tr>\n<tr%s><td colspan=\"3\">",
		    bad(r, &it->problems) ? " class=\"bad\"" : "");
		value(r, it);
		strbuf_adds(out, "</td></tr>\n");
		return;
	}
	strbuf_addf(out, "<tr%s", bad(r, &it->problems) ? " class=\"bad\"" : "");
	add_anchor(r, it->path);
	strbuf_adds(out, ">");
	if (it->in_group && x->group_rows > 0) {
		if (x->group) {
			strbuf_addf(out, "<th rowspan=\"%zu\">", x->group_rows);
			escapes(out, x->group_label);
			strbuf_adds(out, "</th>");
			x->group = false;
		}
		x->group_rows--;
		strbuf_adds(out, "<th>");
	} else {
		strbuf_adds(out, "<th colspan=\"2\">");
	}
	escapes(out, it->label);
	strbuf_adds(out, "</th><td>");
	value(r, it);
	strbuf_adds(out, "</td></tr>\n");
}

/* Dates and choices (変更日, 提出時期) are short: kept on one line, the text columns share
 * the rest of the width. */
static bool
short_column(const struct form_item *col)
{
	return col->kind == FORM_DATE || col->kind == FORM_CHOICE || col->kind == FORM_COUNT;
}

static void
html_table(struct export_run *r, const struct export_item *it)
{
	const struct form_item *fi = it->item;
	const struct node *v = it->state == EXPORT_ANSWERED ? it->value : NULL;
	size_t nrows = v != NULL && v->type == NODE_SEQ ? v->nitems : 0, i, c;
	struct strbuf *out = body(r);

	close_table(r);
	strbuf_adds(out, "<h3");
	add_anchor(r, it->path);
	strbuf_adds(out, ">");
	escapes(out, it->label);
	strbuf_adds(out, "</h3>\n<table class=\"henko\"><thead><tr>");
	for (c = 0; c < fi->nchildren; c++) {
		strbuf_addf(out, "<th%s>", short_column(fi->children[c]) ? " class=\"nw\"" : "");
		escapes(out, fi->children[c]->label);
		strbuf_adds(out, "</th>");
	}
	strbuf_adds(out, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < nrows; i++) {
		strbuf_adds(out, "<tr>");
		for (c = 0; c < fi->nchildren; c++) {
			const struct node *cell = node_get(v->items[i], fi->children[c]->id);
			char *t = answer_is_none(cell) ? xstrdup(ANSWER_NONE)
						       : answer_text(fi->children[c], cell);
			size_t n = strlen(t);
			while (n > 0 && t[n - 1] == '\n')
				n--;
			strbuf_addf(
			    out, "<td%s>", short_column(fi->children[c]) ? " class=\"nw\"" : "");
			escape(out, t, n);
			strbuf_adds(out, "</td>");
			free(t);
		}
		strbuf_adds(out, "</tr>\n");
	}
	strbuf_adds(out, "</tbody></table>\n");
	if (r->o->show_problems && it->problems.n > 0) {
		strbuf_adds(out, "<p>");
		problems(out, &it->problems);
		strbuf_adds(out, "</p>\n");
	}
}

static void
html_section_end(struct export_run *r, const struct export_section *s)
{
	close_table(r);
	strbuf_adds(body(r), "</section>\n");
}

/* The anchor a problem links to: its own item, else the nearest enclosing one (a table for
 * its cells). NULL for problems of the document as a whole. */
static const char *
link_for(const struct html *h, const char *path)
{
	const char *best = NULL;
	size_t i, n, bn = 0;

	for (i = 0; i < h->nanchors; i++) {
		n = strlen(h->anchors[i]);
		if (strncmp(path, h->anchors[i], n) == 0 && (path[n] == '\0' || path[n] == '-') &&
		    n > bn) {
			best = h->anchors[i];
			bn = n;
		}
	}
	return best;
}

static void
summary(struct export_run *r, struct strbuf *out)
{
	struct html *h = html_of(r);
	size_t i, shown = 0;

	strbuf_adds(out, "<header class=\"summary\">\n<h2>");
	escapes(out, _("Review summary"));
	strbuf_adds(out, "</h2>\n<table>\n<tr><th>");
	escapes(out, _("Section"));
	strbuf_adds(out, "</th><th>");
	escapes(out, _("Answered"));
	strbuf_adds(out, "</th><th>");
	escapes(out, _("Missing"));
	strbuf_adds(out, "</th><th>");
	escapes(out, _("Errors"));
	strbuf_adds(out, "</th><th>");
	escapes(out, _("Warnings"));
	strbuf_adds(out, "</th></tr>\n");
	for (i = 0; i < r->nstats; i++) {
		const struct export_stat *s = &r->stats[i];
		char t[1024];
		unsigned pct = s->required > 0 ? (unsigned)(s->answered * 100 / s->required) : 100;

		if (!export_section_shown(r, s->section))
			continue;
		strbuf_adds(out, "<tr><td><a href=\"#");
		anchor_attr(out, "s-", s->section->segment);
		strbuf_adds(out, "\">");
		escapes(out, form_item_title(s->section, t, sizeof t));
		strbuf_addf(out,
		    "</a></td><td class=\"pct\"><span class=\"bar\"><span style=\"width:%u%%\"></span></span>"
		    "%u%% (%zu/%zu)</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
		    "<td class=\"n\">%zu</td></tr>\n",
		    pct, pct, s->answered, s->required, s->missing, s->errors, s->warnings);
	}
	strbuf_adds(out, "</table>\n<h2>");
	escapes(out, _("Open problems"));
	strbuf_adds(out, "</h2>\n");
	for (i = 0; i < r->problems.n; i++) {
		const struct problem *p = &r->problems.v[i];
		const char *a = link_for(h, p->path);

		/* with --only-section: the problems of the page's section */
		if (r->only != NULL && a == NULL)
			continue;
		if (shown++ == 0)
			strbuf_adds(out, "<ol>\n");
		strbuf_addf(out, "<li class=\"%s\">", severity_name(p->severity));
		if (a != NULL) {
			strbuf_adds(out, "<a href=\"#");
			anchor_attr(out, "p-", a);
			strbuf_adds(out, "\">");
		}
		escapes(out, p->path);
		strbuf_adds(out, a != NULL ? "</a> " : " ");
		strbuf_addf(out, "<span class=\"sev\">%s</span> ", export_severity(p->severity));
		escapes(out, p->message);
		strbuf_adds(out, "</li>\n");
	}
	if (shown > 0) {
		strbuf_adds(out, "</ol>\n");
	} else {
		strbuf_adds(out, "<p>");
		escapes(out, _("None: the document is complete."));
		strbuf_adds(out, "</p>\n");
	}
	strbuf_adds(out, "</header>\n");
}

static void
html_end(struct export_run *r)
{
	struct html *h = html_of(r);
	struct strbuf *out = r->out;
	size_t i;

	close_table(r);
	strbuf_adds(out,
	    "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"generator\" content=\"piaform\">\n<title>");
	if (h->doc_title != NULL && h->doc_title[0] != '\0') {
		title_text(out, h->doc_title);
		strbuf_adds(out, " - ");
	}
	title_text(out, r->d->form->title);
	strbuf_adds(out, "</title>\n<style>\n");
	strbuf_adds(out, css);
	strbuf_adds(out, "</style>\n</head>\n<body>\n");
	summary(r, out);
	strbuf_adds(out, "<main>\n");
	strbuf_add(out, strbuf_str(&h->body), h->body.len);
	strbuf_adds(out, "</main>\n</body>\n</html>\n");
	for (i = 0; i < h->nanchors; i++)
		free(h->anchors[i]);
	free(h->anchors);
	free(h->doc_title);
	strbuf_free(&h->body);
	free(h);
	r->priv = NULL;
}

const struct export_ops export_html_ops = {
	html_begin,
	html_cover_table,
	html_contents,
	html_section,
	html_heading,
	html_group,
	html_item,
	html_table,
	html_section_end,
	html_end,
};
