/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform diff: not built yet. */
#include "config.h"

#include "commands.h"
#include "piaform/i18n.h"

int
cmd_diff(struct cmd_ctx *ctx, int argc, char **argv)
{
	fprintf(ctx->err, _("piaform: %s: not built yet in this version\n"), argv[0]);
	return 2;
}
