/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line commands that need no screen. Each prints results on ctx->out, problems on
 * ctx->err, and returns the exit status of SPEC §5. */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "piaform/i18n.h"
#include "piaform/path.h"

static int cmd_forms(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_form_dump(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_not_yet(struct cmd_ctx *ctx, int argc, char **argv);

const struct command commands[] = {
	{ "forms", "", N_("list the built-in forms"), cmd_forms },
	{ "form-dump", "ID",
	    N_("list every item path of a form with its id, kind, marks, label "
	       "and choices"),
	    cmd_form_dump },
	{ "new", "--form ID FILE", N_("start a new document without opening the editor"),
	    cmd_not_yet },
	{ "check", "FILE", N_("list every problem of a document"), cmd_not_yet },
	{ "get", "FILE PATH", N_("print one answer"), cmd_not_yet },
	{ "set", "FILE PATH VALUE", N_("change one answer (VALUE - reads standard input)"),
	    cmd_not_yet },
	{ "threshold", "--people N --staff N --accident yes|no",
	    N_("the しきい値判断 result and the forms it obliges"), cmd_not_yet },
	{ "diff", "OLD NEW", N_("the 変更箇所 rows between two versions"), cmd_not_yet },
	{ "export", "--format text|markdown|html FILE",
	    N_("lay a document out like the printed form"), cmd_not_yet },
	{ "import", "FILE.txt", N_("a draft from the text of a published report"), cmd_not_yet },
	{ "recover", "FILE", N_("apply the journal left by a crash"), cmd_not_yet },
	{ NULL, NULL, NULL, NULL },
};

const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; commands[i].name != NULL; i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

struct formset *
command_load_forms(struct cmd_ctx *ctx)
{
	struct error err;
	char buf[1024];
	struct formset *fs;

	error_clear(&err);
	fs = formset_load(&ctx->src, &err);
	if (fs == NULL)
		fprintf(ctx->err, "piaform: %s\n", error_format(&err, buf, sizeof buf));
	return fs;
}

static int
cmd_not_yet(struct cmd_ctx *ctx, int argc, char **argv)
{
	fprintf(ctx->err, _("piaform: %s: not built yet in this version\n"), argv[0]);
	return 2;
}

static int
cmd_forms(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct formset *fs;
	size_t i;

	if (argc != 1) {
		fprintf(ctx->err, _("usage: piaform forms\n"));
		return 2;
	}
	if ((fs = command_load_forms(ctx)) == NULL)
		return 2;
	for (i = 0; i < fs->n; i++)
		fprintf(ctx->out, "%s\t%s\t[%s]\n", fs->forms[i]->id, fs->forms[i]->title,
		    fs->forms[i]->revision);
	formset_free(&fs);
	return 0;
}

static void
dump_marks(FILE *out, const struct form_item *it)
{
	bool any = false;

	if (it->marks & MARK_IMPORTANT || (it->important && form_kind_answerable(it->kind))) {
		fputs("※", out);
		any = true;
	}
	if (it->marks & MARK_OPTIONAL) {
		fputs("【任意】", out);
		any = true;
	}
	if (it->marks & MARK_GOV_ONLY) {
		fputs("【行政機関等のみ】", out);
		any = true;
	}
	if (form_kind_answerable(it->kind)) {
		fputs(it->required ? "" : (any ? ",optional" : "optional"), out);
		any = any || !it->required;
	}
	if (it->na_if != NULL) {
		fputs(any ? ",conditional" : "conditional", out);
		any = true;
	}
	if (!any)
		fputc('-', out);
}

static void
dump_item(FILE *out, const struct form_item *it)
{
	struct item_ref ref;
	char path[1024], dotted[512], title[1024];
	size_t i;

	memset(&ref, 0, sizeof ref);
	ref.item = it;
	ref.nidx = path_levels(it, false);
	fprintf(out, "%s\t%s\t%s", path_format(&ref, path, sizeof path),
	    form_item_dotted(it, dotted, sizeof dotted), form_kind_name(it->kind));
	if (it->kind == FORM_REPEAT)
		fprintf(out, "(%d..%d)", it->min, it->max);
	if (it->per_file)
		fputs("(per-file)", out);
	if (it->kind == FORM_DATE && it->month)
		fputs("(month)", out);
	fputc('\t', out);
	dump_marks(out, it);
	fprintf(out, "\t%s", form_item_title(it, title, sizeof title));
	if (it->kind == FORM_FIXED)
		fprintf(out, "\t= %s", it->fixed);
	if (it->kind == FORM_COUNT && it->counts != NULL)
		fprintf(out, "\tcounts %s", form_item_dotted(it->counts, dotted, sizeof dotted));
	for (i = 0; it->options != NULL && i < it->options->n; i++) {
		const struct form_option *o = &it->options->v[i];
		fprintf(out, "\t%zu) %s%s%s", i + 1, o->text, o->free ? " ( )" : "",
		    o->exclusive ? " (exclusive)" : "");
	}
	fputc('\n', out);
	for (i = 0; i < it->nchildren; i++)
		dump_item(out, it->children[i]);
}

static int
cmd_form_dump(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct formset *fs;
	const struct form *f;
	size_t i;

	if (argc != 2) {
		fprintf(ctx->err, _("usage: piaform form-dump ID\n"));
		return 2;
	}
	if ((fs = command_load_forms(ctx)) == NULL)
		return 2;
	f = formset_get(fs, argv[1]);
	if (f == NULL) {
		fprintf(
		    ctx->err, _("piaform: no form \"%s\" (piaform forms lists them)\n"), argv[1]);
		formset_free(&fs);
		return 2;
	}
	fprintf(ctx->out, "# %s\t%s\t[%s]\n", f->id, f->title, f->revision);
	for (i = 0; i < f->nsections; i++)
		dump_item(ctx->out, f->sections[i]);
	formset_free(&fs);
	return 0;
}
