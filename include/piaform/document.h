/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A document: the answers to one form, kept as a value tree so that nothing in the file is
 * ever dropped (unknown keys, values that break the rules). Items are reached through item
 * references; the tree is re-ordered into form order only when it is serialised. */
#ifndef PIAFORM_DOCUMENT_H
#define PIAFORM_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/error.h"
#include "piaform/form.h"
#include "piaform/formload.h"
#include "piaform/node.h"
#include "piaform/path.h"

#define DOCUMENT_FORMAT 1 /* the `piaform:` header value this version writes */

struct document {
	const struct form *form;
	struct node *root; /* the whole file */
	struct node *answers; /* root's "answers" mapping, owned by root */
	unsigned long generation; /* bumped on every change */
};

/* An empty document of form f. */
struct document *document_new(const struct form *f);
/* Adopt a parsed file: check its header and the shape of its answers against the form.
 * Takes root on success; on failure returns NULL with err naming file:line:column. */
struct document *
document_bind(const struct formset *fs, struct node *root, const char *name, struct error *err);
/* Free; accepts NULL and clears the pointer. */
void document_free(struct document **d);
/* The file's content in canonical order (header, answers in form order, unknown keys after
 * the known ones). A new tree. */
struct node *document_serialize(const struct document *d);

/* The stored answer of ref (an instance's title when ref names a titled instance), or NULL. */
const struct node *document_get(const struct document *d, const struct item_ref *ref);
/* Store value (taken over; NULL clears the answer). Containers are created as needed. */
void document_set(struct document *d, const struct item_ref *ref, struct node *value);
/* Instances of the repeat or per-file section ref->item (ref->idx gives the outer levels). */
size_t document_count(const struct document *d, const struct item_ref *ref);
/* The number of 特定個人情報ファイル: the longest per-file section, at least 1. */
size_t document_files(const struct document *d);
/* Insert an empty instance at pos of the repeat ref->item (for a per-file section: a file in
 * every per-file section). False with err when the form's maximum is reached. */
bool document_instance_add(
    struct document *d, const struct item_ref *ref, size_t pos, struct error *err);
/* Insert a copy of instance pos after it. */
bool document_instance_dup(
    struct document *d, const struct item_ref *ref, size_t pos, struct error *err);
/* Delete instance pos (later ones move up, as the forms renumber them). */
bool document_instance_remove(
    struct document *d, const struct item_ref *ref, size_t pos, struct error *err);
/* Move instance from to position to. */
bool document_instance_move(
    struct document *d, const struct item_ref *ref, size_t from, size_t to, struct error *err);
/* The mapping that holds ref->item's answer (or its instances), or NULL. For validation. */
const struct node *document_holder(const struct document *d, const struct item_ref *ref);

#endif
