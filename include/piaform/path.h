/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Item paths as the 変更箇所 tables write them (I-1-①, I-2-システム3-②, II[2]-6-①):
 * generated from the form definition and parsed back, accepting ASCII digits for circled
 * numbers and ASCII Roman numerals. */
#ifndef PIAFORM_PATH_H
#define PIAFORM_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/error.h"
#include "piaform/form.h"

#define PATH_MAX_LEVELS 8 /* repeats and per-file sections above one item */

/* One item of a document: the definition plus the instance chosen in every repeat or
 * per-file section above it (outermost first, 0-based). When `instance` is set the item is a
 * repeat (or per-file section) and idx[nidx-1] picks one of its instances. */
struct item_ref {
	const struct form_item *item;
	unsigned idx[PATH_MAX_LEVELS];
	size_t nidx;
	bool instance;
};

/* The canonical path of ref into buf (never longer than size-1 bytes). */
const char *path_format(const struct item_ref *ref, char *buf, size_t size);
/* Parse a path of form f. False with err set (naming the path) when nothing matches. */
bool path_parse(const struct form *f, const char *path, struct item_ref *ref, struct error *err);
/* True when two path segments name the same thing once digits, circled numbers and Roman
 * numerals are folded. */
bool path_segment_equal(const char *a, const char *b);
/* Fold a path or segment for comparison (circled/full-width digits, Roman numerals, dashes). */
char *path_fold(const char *s);
/* The number of repeat/per-file levels above item (and including it when it is one). */
size_t path_levels(const struct form_item *item, bool include_self);

#endif
