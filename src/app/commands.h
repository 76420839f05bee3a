/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command-line commands (piaform forms, form-dump, new, check, get, set …): one table,
 * from which --help is generated. */
#ifndef PIAFORM_COMMANDS_H
#define PIAFORM_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "piaform/formload.h"

/* What every command gets: the chosen form source and the global options. */
struct cmd_ctx {
	struct form_source src;
	const char *form_id; /* --form */
	const char *go_to; /* --goto */
	int ambiwidth; /* --ambiwidth, 0 = detect */
	bool plain; /* --plain */
	FILE *out, *err;
};

struct command {
	const char *name;
	const char *args; /* argument synopsis */
	const char *summary; /* one line, translatable */
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
};

/* The command table, terminated by a NULL name. */
extern const struct command commands[];
/* The command named name, or NULL. */
const struct command *command_find(const char *name);
/* Load the forms for ctx, printing the error on failure. NULL on failure. */
struct formset *command_load_forms(struct cmd_ctx *ctx);

#endif
