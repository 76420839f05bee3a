/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between the export walk (export.c) and its renderers (export-text.c, export-markdown.c,
 * export-html.c): the walk visits the form and the document once, in printed order, and
 * hands each renderer the same events; renderers only decide how things look. */
#ifndef PIAFORM_EXPORT_INT_H
#define PIAFORM_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/export.h"
#include "piaform/validate.h"

#define EXPORT_MARK_ON "[○]"
#define EXPORT_WIDE_LABEL 60 /* columns: longer labels get a row of their own, as printed */
#define EXPORT_MARK_OFF "[ ]"

enum export_state {
	EXPORT_ANSWERED, /* has an answer (also a fixed text) */
	EXPORT_NONE, /* answered "none": printed 「—」 */
	EXPORT_NA, /* not applicable: printed 「—」 */
	EXPORT_EMPTY, /* not answered yet: printed blank */
};

/* Problems of one place, when --show-problems asks for them. */
struct export_problems {
	const struct problem **v;
	size_t n;
};

/* One item with its answer. */
struct export_item {
	const struct form_item *item;
	struct item_ref ref;
	const char *path; /* canonical path, also the HTML anchor */
	char label[1024]; /* number, label and marks as printed: "①ファイルの種類 ※" */
	const struct node *value;
	enum export_state state;
	const char *reason; /* why it is not applicable, or NULL */
	int level; /* 1 for a section's direct children, deeper inside headings */
	bool in_group; /* a row under a row group (⑦使用の主体 › 使用部署) */
	bool block; /* the form prints the value under the label, across the page */
	bool wide; /* a label too long for the label column: a row of its own, value below */
	struct export_problems problems;
};

/* A heading: a numbered group, a risk block, a repeat or one of its instances. */
struct export_heading {
	const struct form_item *item;
	const char *path;
	char label[1024]; /* "1. 特定個人情報ファイルを取り扱う事務", "システム2", "委託事項1" */
	int level;
	bool instance; /* an instance of the repeat item */
	const struct node *title; /* the instance's one-line title, or NULL */
	enum export_state state; /* EXPORT_NA when the whole block is not applicable */
	const struct export_item *flags; /* header check boxes ([ ] 委託しない) */
	size_t nflags;
	size_t nrows; /* row groups: the rows that follow */
	struct export_problems problems;
};

/* One section, or one file's copy of a per-file section. */
struct export_section {
	const struct form_item *item;
	const char *path;
	char label[1024]; /* "II 特定個人情報ファイルの概要" */
	size_t file, nfiles; /* 0-based file and the number of files (1 when not per file) */
	const char *file_name; /* the file's name (II 1), or NULL */
	bool cover;
};

/* Completion of one section (all its files). */
struct export_stat {
	const struct form_item *section;
	size_t required, answered; /* applicable required items, and those answered */
	size_t errors, missing, warnings;
};

struct export_run;

struct export_ops {
	/* before anything: the document's title */
	void (*begin)(struct export_run *r);
	/* the cover's first one-line items side by side (評価書番号 | 評価書名) */
	void (*cover_table)(struct export_run *r, const struct export_item *v, size_t n);
	/* the revision footer and the 項目一覧 */
	void (*contents)(struct export_run *r);
	void (*section)(struct export_run *r, const struct export_section *s);
	void (*heading)(struct export_run *r, const struct export_heading *h);
	/* a row group's label; its nrows items follow with in_group set */
	void (*group)(struct export_run *r, const struct export_heading *h);
	void (*item)(struct export_run *r, const struct export_item *it);
	void (*table)(struct export_run *r, const struct export_item *it);
	void (*section_end)(struct export_run *r, const struct export_section *s);
	/* after everything (the HTML page puts its summary together here) */
	void (*end)(struct export_run *r);
};

struct export_run {
	const struct document *d;
	const struct export_options *o;
	const struct export_ops *ops;
	struct strbuf *out;
	int width, ambi; /* text layout, defaults applied */
	const struct form_item *only; /* the only section to show, or NULL */
	struct problem_list problems; /* every problem of the document, in form order */
	struct export_stat *stats; /* one per section of the form */
	size_t nstats;
	void *priv; /* the renderer's own state */
};

extern const struct export_ops export_text_ops;
extern const struct export_ops export_markdown_ops;
extern const struct export_ops export_html_ops;

/* Helpers the renderers share. */

/* The one-line scalar text of a value ("" for anything else). */
const char *export_scalar(const struct node *v, size_t *len);
/* One box of a check list: an option, or an entry the form does not know (kept, shown). */
struct export_box {
	const char *text;
	bool checked;
	bool free; /* has a ( ) part */
	const char *free_text; /* what is written in it, or NULL */
};
/* The boxes of a check-list item, options in form order then unknown entries. A new array. */
size_t export_boxes(const struct export_item *it, struct export_box **out);
/* The severity as a short word for inline marks ("missing", "error", "warning"). */
const char *export_severity(enum severity s);
/* "(2) 本人確認情報ファイル": the heading of one file's copy of a per-file section (the name
 * alone when the writer already numbered it). A new string. */
char *export_file_heading(const struct export_section *s);
/* True for the cover (表紙), which prints its own way and is not in the 項目一覧. */
bool export_is_cover(const struct form_item *section);
/* True when the section is shown (no --only-section, or it is the one). */
bool export_section_shown(const struct export_run *r, const struct form_item *section);

#endif
