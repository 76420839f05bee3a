/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checking a document against its form: what is missing, what the form forbids, what is
 * answered but not applicable, and the form's own consistency rules. */
#ifndef PIAFORM_VALIDATE_H
#define PIAFORM_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/document.h"

enum severity {
	SEVERITY_ERROR, /* a value the form forbids */
	SEVERITY_MISSING, /* required and unanswered */
	SEVERITY_WARNING, /* answered but not applicable, inconsistent, or not in the form */
};

struct problem {
	char *path; /* item path, or the form id for the document as a whole */
	enum severity severity;
	char *message;
	struct item_ref ref; /* the item (ref.item is NULL for document-level problems) */
};

struct problem_list {
	struct problem *v;
	size_t n, cap;
};

/* Append every problem of d to out, in form order. */
void validate_document(const struct document *d, struct problem_list *out);
/* Free the problems' contents (the list itself may be reused). */
void problem_list_clear(struct problem_list *l);
/* The severity's name as check prints it: error, missing, warning. */
const char *severity_name(enum severity s);
/* Is ref not applicable? If so the reason is written to reason (may be NULL). */
bool validate_not_applicable(
    const struct document *d, const struct item_ref *ref, char *reason, size_t size);
/* Does condition c hold, seen from ref (same instances where ref and c share repeats)? */
bool validate_cond(const struct document *d, const struct cond *c, const struct item_ref *ref);
/* Count problems of one severity. */
size_t problem_list_count(const struct problem_list *l, enum severity s);

#endif
