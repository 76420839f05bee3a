/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command-line commands (piaform forms, form-dump, new, check, get, set …): one table,
 * from which --help is generated. */
#ifndef PIAFORM_COMMANDS_H
#define PIAFORM_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "piaform/document.h"
#include "piaform/formload.h"
#include "piaform/path.h"

/* What every command gets: the chosen form source and the global options. */
struct cmd_ctx {
	struct form_source src;
	const char *form_id; /* --form */
	const char *go_to; /* --goto */
	int ambiwidth; /* --ambiwidth, 0 = detect */
	bool plain; /* --plain */
	bool all_forms; /* load every form, not only the document's */
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

/* Commands defined in their own files (src/app/cmd-NAME.c). */
int cmd_diff(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_export(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_import(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_recover(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_help(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_merge(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_resolve(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_textconv(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_git_setup(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_comments(struct cmd_ctx *ctx, int argc, char **argv);
/* Print file as git's textconv wants it (cmd-git.c; also piaform diff --git FILE). */
int command_textconv(struct cmd_ctx *ctx, const char *file);

/* Print cmd's usage line and summary (piaform COMMAND --help). */
void command_usage(FILE *out, const struct command *cmd);
/* Write s on ctx->out; to a terminal, control and format characters are made visible
 * (keep: WIDTH_KEEP_NEWLINE / WIDTH_KEEP_TAB). */
void command_put(struct cmd_ctx *ctx, const char *s, unsigned keep);
/* Print "piaform: file:line:column: message" on ctx->err. */
void command_print_error(struct cmd_ctx *ctx, const struct error *err);
/* Load the forms and the document at path; on failure print why and return NULL. The
 * caller frees both (document_free, formset_free). */
struct document *command_open_document(struct cmd_ctx *ctx, struct formset **fs, const char *path);
/* Parse an item path of d's form, printing the error on failure. */
bool command_parse_path(
    struct cmd_ctx *ctx, const struct document *d, const char *path, struct item_ref *ref);
/* All of standard input (bounded), as a new string. */
char *command_read_stdin(size_t *len);

#endif
