/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform help [keys|COMMAND] and piaform COMMAND --help: what a command takes and the keys of
 * the editor, printed from the tables the program itself runs on (the command table and the
 * key table), so that the help cannot drift from what the program does. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../ui/keymap.h"
#include "commands.h"
#include "piaform/i18n.h"

void
command_usage(FILE *out, const struct command *cmd)
{
	if (cmd->args[0] != '\0')
		fprintf(out, _("Usage: piaform %s %s\n"), cmd->name, cmd->args);
	else
		fprintf(out, _("Usage: piaform %s\n"), cmd->name);
	fprintf(out, "%s\n", _(cmd->summary));
	fprintf(out, _("More in the manual: man piaform.\n"));
}

int
cmd_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *cmd;
	size_t i;

	if (argc > 2) {
		fprintf(ctx->err, _("usage: piaform help [keys|COMMAND]\n"));
		return 2;
	}
	if (argc == 1) {
		fprintf(ctx->out,
		    _("piaform help keys      the keys of the full-screen editor\n"
		      "piaform help COMMAND   what a command takes (also: piaform COMMAND --help)\n"
		      "piaform --help         the commands and the options\n"
		      "man piaform            the manual\n\n"
		      "Commands:"));
		for (i = 0; commands[i].name != NULL; i++)
			fprintf(ctx->out, " %s", commands[i].name);
		fputc('\n', ctx->out);
		return 0;
	}
	if (strcmp(argv[1], "keys") == 0) {
		keymap_print(ctx->out);
		return 0;
	}
	if ((cmd = command_find(argv[1])) != NULL) {
		command_usage(ctx->out, cmd);
		return 0;
	}
	fprintf(ctx->err,
	    _("piaform: no help on \"%s\" (piaform help keys, or piaform help COMMAND)\n"),
	    argv[1]);
	return 2;
}
