/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Review comments: a thread per item (a 第三者点検 committee's remark, a question from the
 * 情報政策課), kept in the document under the top-level `comments:` mapping, item path ->
 * list of {author, date, text, resolved}. They travel with the document through git and
 * never reach an export unless asked. */
#ifndef PIAFORM_COMMENT_H
#define PIAFORM_COMMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/document.h"
#include "piaform/error.h"
#include "piaform/node.h"
#include "piaform/path.h"

#define COMMENT_KEY "comments" /* top-level key: path -> list of comments */

/* One comment, read from the document (the strings belong to it). */
struct comment {
	const char *author; /* "" when missing */
	const char *date; /* 和暦, "" when missing */
	const char *text;
	bool resolved;
};

/* The thread of ref (a list of comment mappings), or NULL when it has none. */
const struct node *comment_thread(const struct document *d, const struct item_ref *ref);
/* Read entry n of a thread; false when it is not a comment mapping. */
bool comment_read(const struct node *thread, size_t n, struct comment *out);
/* Append a comment to ref's thread. */
void comment_add(struct document *d, const struct item_ref *ref, const char *author,
    const char *date, const char *text);
/* Mark comment n (1-based, as listed) of ref's thread resolved. False with err when there
 * is no such comment. */
bool comment_resolve(struct document *d, const struct item_ref *ref, size_t n, struct error *err);
/* The number of comments in d, and of those not resolved (open may be NULL). */
size_t comment_count(const struct document *d, size_t *open);
/* For the editor's help pane: ref's open comments in one line, or NULL when none. */
char *comment_summary(const struct document *d, const struct item_ref *ref);
/* The three-way merge of two comment mappings (path -> thread) from a common base: a
 * comment is its author, date and text; added on either side it is kept, removed on one
 * side and untouched on the other it goes, resolved on either side it is resolved. A new
 * mapping, or NULL when there are none. */
struct node *
comment_merge(const struct node *base, const struct node *ours, const struct node *theirs);

#endif
