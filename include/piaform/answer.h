/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One answer: how each kind of item stores its value in the document tree, how what a
 * person types becomes that value, and how a stored value is shown and checked.
 *
 * Stored shapes: text, textarea, choice (the option text), date (和暦 text), count (digits)
 * and flag (true/false) are scalars; a check list is a sequence whose entries are option
 * texts, or one-pair mappings {option: free text} for options with a ( ) part; "—" (U+2014)
 * is the answer "none" (the forms' 「—」) for any kind. */
#ifndef PIAFORM_ANSWER_H
#define PIAFORM_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/error.h"
#include "piaform/form.h"
#include "piaform/node.h"

#define ANSWER_NONE "—" /* U+2014 EM DASH: answered, and the answer is "none" */

/* True when v holds an answer (the "none" answer included). */
bool answer_present(const struct node *v);
/* True when v is the "none" answer. */
bool answer_is_none(const struct node *v);
/* Turn typed input into the value to store (a new tree). Refuses, with err set, what the
 * form forbids; the message lists the allowed choices where there are any. */
struct node *
answer_parse(const struct form_item *it, const char *in, size_t len, struct error *err);
/* The answer as text: option texts, check lists one per line with their ( ) text, dates as
 * stored, flags as ○ or empty. A new string; "" when unanswered. */
char *answer_text(const struct form_item *it, const struct node *v);
/* The same, with check-list entries joined by sep instead of line breaks (「紙、専用線」). */
char *answer_text_joined(const struct form_item *it, const struct node *v, const char *sep);
/* Check a stored value against the form. False with a message when the form forbids it. */
bool answer_valid(const struct form_item *it, const struct node *v, char *msg, size_t size);
/* The index of a check-list entry's option (or -1), and its free text (or NULL). */
int
answer_check_entry(const struct form_item *it, const struct node *entry, const char **free_text);
/* The choices of an item as one line: "1) する 2) しない". A new string. */
char *answer_choices_text(const struct form_item *it);
/* Does the check list v have option text checked? */
bool answer_has(const struct form_item *it, const struct node *v, const char *text);

#endif
