/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The three-way merge of two versions of one document that share a base (what git asks of a
 * merge driver): item by item, repeated groups matched by identity as diff does, files by
 * position. An item changed on both sides, differently, is a conflict: the answer keeps
 * OURS and the document's top-level `conflicts:` mapping keeps all three until someone
 * picks one. */
#ifndef PIAFORM_MERGE_H
#define PIAFORM_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/document.h"
#include "piaform/error.h"
#include "piaform/node.h"
#include "piaform/path.h"

#define MERGE_CONFLICTS_KEY "conflicts" /* top-level key: path -> {base, ours, theirs} */

enum merge_side {
	MERGE_BASE,
	MERGE_OURS,
	MERGE_THEIRS,
};

/* Merge ours and theirs, two versions of base (all of one form; base may be an empty
 * document). A new document, with every conflict recorded under MERGE_CONFLICTS_KEY and
 * counted in *nconflicts (conflicts already in ours or theirs included). NULL with err set
 * when the documents are of different forms. */
struct document *merge_documents(const struct document *base, const struct document *ours,
    const struct document *theirs, size_t *nconflicts, struct error *err);

/* The side's name as the entries and commands write it: base, ours, theirs. */
const char *merge_side_name(enum merge_side s);
/* Parse a side's name. */
bool merge_side_parse(const char *name, enum merge_side *out);
/* The number of conflicts recorded in d. */
size_t merge_conflict_count(const struct document *d);
/* The conflict entry recorded for ref (a mapping with base, ours and theirs; a side that
 * had nothing there, or removed the instance, has no key), or NULL. */
const struct node *merge_conflict_get(const struct document *d, const struct item_ref *ref);
/* True when the entry is about a whole instance (or file), not one answer. */
bool merge_conflict_is_instance(const struct node *entry);
/* Forget ref's conflict: the answer as it now stands is the resolution. True when there
 * was one. */
bool merge_conflict_drop(struct document *d, const struct item_ref *ref);
/* After instance pos of the repeat (or per-file section) rep was removed, the conflicts and
 * comments kept for later instances follow them: their paths move up one. */
void merge_keys_renumber(struct document *d, const struct item_ref *rep, unsigned pos);
/* Settle the conflict recorded under key (an item path, or a key outside the form's items)
 * by taking side's answer, or side's instance (removing it when side had removed it). False
 * with err when there is no such conflict or the change is refused. */
bool merge_conflict_resolve(
    struct document *d, const char *key, enum merge_side side, struct error *err);
/* A combination of ours and theirs to start editing from: a textarea's two texts one after
 * the other, the union of two check lists. A new tree, or NULL when the kind has none. */
struct node *merge_conflict_combine(const struct form_item *it, const struct node *entry);
/* One side of an entry as one line for messages and menus (an answer's text, an instance's
 * name, "(not answered)" or "(removed)"), at most about max bytes. A new string. */
char *merge_conflict_side_text(const struct document *d, const char *key, const struct node *entry,
    enum merge_side s, size_t max);
/* The whole conflict in one line: ours 「…」, theirs 「…」 (base 「…」). A new string. */
char *merge_conflict_text(const struct document *d, const char *key, const struct node *entry);
/* For the editor's help pane: ref's conflict as one line, or NULL when it has none. */
char *merge_conflict_summary(const struct document *d, const struct item_ref *ref);

#endif
