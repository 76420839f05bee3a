/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export: a document laid out the way the official 様式 prints it (cover, 項目一覧, sections
 * with their numbered items, [ 選んだ選択肢 ] with the <選択肢> list, [○] check lists, 「—」 for
 * items that are not applicable), as fixed-width text, Markdown or one self-contained HTML
 * file for review and printing. */
#ifndef PIAFORM_EXPORT_H
#define PIAFORM_EXPORT_H

#include <stdbool.h>

#include "piaform/document.h"
#include "piaform/error.h"
#include "piaform/strbuf.h"

enum export_format {
	EXPORT_TEXT, /* fixed-width, aligned by display width, wrapped */
	EXPORT_MARKDOWN, /* headings and tables, for git hosts */
	EXPORT_HTML, /* one self-contained page with print CSS for A4 and a review summary */
};

struct export_options {
	enum export_format format;
	int width; /* text: columns to wrap at; 0 means 80 */
	int ambiwidth; /* text: columns of East Asian ambiguous characters, 1 or 2; 0 means 1 */
	const char *only_section; /* a section's path segment ("II", "別添1") or id, or NULL */
	bool show_problems; /* mark missing, invalid and inconsistent items inline */
	bool with_comments; /* add the review comments (comments:) at the end */
};

/* The format called name: "text", "markdown" (or "md"), "html". */
bool export_format_parse(const char *name, enum export_format *out);
/* Lay d out as o asks, appending to out. False with err set (and out unchanged) when
 * o->only_section names no section of the form. */
bool export_document(const struct document *d, const struct export_options *o, struct strbuf *out,
    struct error *err);

#endif
