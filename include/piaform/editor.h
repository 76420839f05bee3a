/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The full-screen editor: a wizard over one document, section by section. */
#ifndef PIAFORM_EDITOR_H
#define PIAFORM_EDITOR_H

#include "piaform/formload.h"

struct editor_options {
	const char *file; /* the document (created when missing) */
	const char *form_id; /* form of a new document, or NULL to ask */
	const char *go_to; /* item path to open at, or NULL */
	int ambiwidth; /* 1 or 2; 0 = ask the terminal */
	const struct form_source *src;
	const char *since; /* the published version: changed items are marked, or NULL */
};

/* Run the editor until the user quits. Returns the process exit status. */
int editor_run(const struct editor_options *opt);

#endif
