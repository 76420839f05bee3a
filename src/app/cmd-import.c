/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform import FILE.txt: a draft document from the text of a published 評価書, written to
 * standard output or (atomically, never over an existing file) to -o FILE. Whatever could not
 * be placed, or was unclear, is listed on standard error as PATH<TAB>reason, so that the
 * writer reviews exactly those items. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/import.h"
#include "piaform/yamlio.h"

static void
print_notes(struct cmd_ctx *ctx, const char *name, const struct import_result *r)
{
	size_t i;

	for (i = 0; i < r->nnotes; i++) {
		const struct import_note *n = &r->notes[i];
		if (n->path[0] != '\0')
			fprintf(ctx->err, "%s\t%s (%s:%d)\n", n->path, n->reason, name, n->line);
		else
			fprintf(ctx->err, "%s:%d\t%s\n", name, n->line, n->reason);
	}
}

int
cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "form", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *form_id = ctx->form_id, *in;
	struct formset *fs = NULL;
	const struct form *f = NULL;
	struct import_result *r = NULL;
	struct strbuf yaml = STRBUF_INIT;
	struct error err;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int c, status = 2;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			form_id = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	in = argv[optind];
	if (out != NULL && lstat(out, &st) == 0) {
		fprintf(ctx->err, _("piaform: %s already exists; import never overwrites a file\n"),
		    out);
		return 2;
	}
	if ((fs = command_load_forms(ctx)) == NULL)
		return 2;
	if (form_id != NULL && (f = formset_get(fs, form_id)) == NULL) {
		fprintf(
		    ctx->err, _("piaform: no form \"%s\" (piaform forms lists them)\n"), form_id);
		goto done;
	}
	error_clear(&err);
	if (strcmp(in, "-") == 0)
		buf = command_read_stdin(&len);
	else
		buf = yamlio_read_file(in, IMPORT_MAX_BYTES, &len, &err);
	if (buf == NULL) {
		command_print_error(ctx, &err);
		goto done;
	}
	if (f != NULL) {
		/* --form wins, but a text that is plainly of another form deserves a word */
		const struct form *seen = import_detect(fs, buf, len, &err);
		if (seen != NULL && seen != f)
			fprintf(ctx->err,
			    _("piaform: %s: the text looks like a %s (%s); read as %s\n"), in,
			    seen->title, seen->id, f->id);
		error_clear(&err);
	}
	r = import_text(fs, buf, len, f, in, &err);
	if (r == NULL) {
		command_print_error(ctx, &err);
		goto done;
	}
	print_notes(ctx, in, r);
	if (out != NULL) {
		if (!docfile_save(r->doc, out, &err)) {
			command_print_error(ctx, &err);
			goto done;
		}
	} else {
		if (!docfile_render(r->doc, &yaml, &err)) {
			command_print_error(ctx, &err);
			goto done;
		}
		fputs(strbuf_str(&yaml), ctx->out);
	}
	if (r->partial > 0)
		fprintf(ctx->err,
		    _("piaform: %s: %zu answers imported (%s); %zu places to review above: the "
		      "draft is partial\n"),
		    in, r->placed, r->doc->form->id, r->partial);
	else
		fprintf(ctx->err, _("piaform: %s: %zu answers imported (%s)\n"), in, r->placed,
		    r->doc->form->id);
	status = r->partial > 0 ? 1 : 0;
done:
	strbuf_free(&yaml);
	import_result_free(&r);
	free(buf);
	formset_free(&fs);
	return status;
usage:
	fprintf(ctx->err, _("usage: piaform import [--form ID] [-o DRAFT.yaml] FILE.txt\n"));
	return 2;
}
