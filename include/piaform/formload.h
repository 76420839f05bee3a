/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading form definitions (the files of forms/) strictly, from the copies built into the binary or
 * from a directory, and keeping the loaded set. */
#ifndef PIAFORM_FORMLOAD_H
#define PIAFORM_FORMLOAD_H

#include <stddef.h>

#include "piaform/error.h"
#include "piaform/form.h"

/* One file of a form source: a name ("juten.yaml") and its bytes. */
struct form_file {
	const char *name;
	const char *data;
	size_t len;
};

/* Where form files come from: a directory, or an array (the built-in copies). */
struct form_source {
	const char *dir; /* read NAME from this directory, or */
	const struct form_file *files; /* look NAME up here */
	size_t nfiles;
};

/* Load the form file NAME (and the libraries it includes) from src. NULL with err set. */
struct form *formload_file(const struct form_source *src, const char *name, struct error *err);
/* Load a form from bytes already in memory (libraries still come from src, which may be NULL). */
struct form *formload_buffer(const struct form_source *src, const char *name, const char *buf,
    size_t len, struct error *err);

/* The forms piaform knows. */
struct formset {
	struct form **forms;
	size_t n;
};

/* Load every form of src (files that declare `form:`), in the order kiso, juten, zenkomoku,
 * then others by name. NULL with err set if any of them is broken. */
struct formset *formset_load(const struct form_source *src, struct error *err);
/* Load only the form the document file names in its `form:` line (all forms when it names
 * none or an unknown one): what opening one document needs, at a third of the cost. */
struct formset *
formset_load_for(const struct form_source *src, const char *document, struct error *err);
/* The form with that id, or NULL. */
const struct form *formset_get(const struct formset *fs, const char *id);
/* Free the set; accepts NULL and clears the pointer. */
void formset_free(struct formset **fs);

/* The copies of forms/ compiled into the binary. */
extern const struct form_file builtin_form_files[];
extern const size_t builtin_form_nfiles;

/* The source chosen by --forms-dir (dir, may be NULL), else $PIAFORM_FORMS_DIR, else built in. */
struct form_source formload_default_source(const char *dir);

#endif
