/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform merge BASE OURS THEIRS: the item-level three-way merge, shaped as a git merge
 * driver (`piaform merge %O %A %B`: the result replaces OURS, exit 0 when clean, 1 when
 * conflicts are left in the document for check and the editor); and piaform resolve, which
 * settles one of those conflicts from the command line. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/merge.h"
#include "piaform/strbuf.h"

/* git hands an empty file as the base of a file added on both sides. */
static bool
is_empty_file(const char *path)
{
	struct stat st;

	return strcmp(path, "/dev/null") == 0 ||
	    (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0);
}

static void
list_conflicts(struct cmd_ctx *ctx, const struct document *d, const char *name)
{
	const struct node *c = node_get(d->root, MERGE_CONFLICTS_KEY);
	size_t i;

	for (i = 0; c != NULL && c->type == NODE_MAP && i < c->npairs; i++) {
		char *t = merge_conflict_text(d, c->pairs[i].key, c->pairs[i].value);
		fprintf(ctx->err, _("piaform: %s: conflict at %s: %s\n"), name, c->pairs[i].key, t);
		free(t);
	}
}

int
cmd_merge(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct document *doc[3] = { NULL, NULL, NULL }, *res = NULL;
	struct formset *fs = NULL;
	struct strbuf buf = STRBUF_INIT;
	const char *out = NULL, *name = NULL, *path[3];
	struct error err;
	size_t nconf = 0;
	int c, k, status = 2;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 3)
		goto usage;
	for (k = 0; k < 3; k++)
		path[k] = argv[optind + k];
	if (out == NULL)
		out = path[1]; /* git's %A: the merge driver leaves its result there */
	if (name == NULL)
		name = path[1];
	if ((fs = command_load_forms(ctx)) == NULL)
		return 2;
	for (k = 0; k < 3; k++) {
		if (is_empty_file(path[k]))
			continue;
		error_clear(&err);
		if ((doc[k] = docfile_load(fs, path[k], &err)) == NULL) {
			command_print_error(ctx, &err);
			goto out;
		}
	}
	/* a side that is empty (git's base for a file added on both branches) is an empty
	 * document of the form the others have */
	for (k = 0; k < 3; k++) {
		if (doc[k] == NULL) {
			const struct document *any = doc[1] != NULL ? doc[1]
			    : doc[2] != NULL                        ? doc[2]
								    : doc[0];
			if (any == NULL) {
				fprintf(ctx->err, _("piaform: merge: all three files are empty\n"));
				goto out;
			}
			doc[k] = document_new(any->form);
		}
	}
	error_clear(&err);
	res = merge_documents(doc[0], doc[1], doc[2], &nconf, &err);
	if (res == NULL) {
		command_print_error(ctx, &err);
		goto out;
	}
	error_clear(&err);
	if (strcmp(out, "-") == 0) {
		if (!docfile_render(res, &buf, &err)) {
			command_print_error(ctx, &err);
			goto out;
		}
		fputs(strbuf_str(&buf), ctx->out);
	} else if (!docfile_save(res, out, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	if (nconf > 0) {
		list_conflicts(ctx, res, name);
		fprintf(ctx->err,
		    _("piaform: %s: %zu conflicts; the answers are ours until one is chosen "
		      "(piaform check lists them, piaform resolve or the editor settles them)\n"),
		    name, nconf);
	}
	status = nconf > 0 ? 1 : 0;
out:
	strbuf_free(&buf);
	document_free(&res);
	for (k = 0; k < 3; k++)
		document_free(&doc[k]);
	formset_free(&fs);
	return status;
usage:
	fprintf(ctx->err, _("usage: piaform merge [-o OUT] [--name NAME] BASE OURS THEIRS\n"));
	return 2;
}

int
cmd_resolve(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct formset *fs;
	struct document *d;
	enum merge_side side;
	struct error err;
	int status = 1;

	if (argc != 4 || !merge_side_parse(argv[3], &side)) {
		fprintf(ctx->err, _("usage: piaform resolve FILE PATH ours|theirs|base\n"));
		return 2;
	}
	if ((d = command_open_document(ctx, &fs, argv[1])) == NULL)
		return 2;
	error_clear(&err);
	if (!merge_conflict_resolve(d, argv[2], side, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	error_clear(&err);
	if (docfile_save(d, argv[1], &err)) {
		status = 0;
	} else {
		command_print_error(ctx, &err);
		status = 2;
	}
out:
	document_free(&d);
	formset_free(&fs);
	return status;
}
