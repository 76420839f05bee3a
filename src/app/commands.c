/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line commands that need no screen. Each prints results on ctx->out, problems on
 * ctx->err, and returns the exit status of SPEC §5. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "piaform/answer.h"
#include "piaform/crosscheck.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/merge.h"
#include "piaform/path.h"
#include "piaform/threshold.h"
#include "piaform/validate.h"
#include "piaform/wareki.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

static int cmd_forms(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_form_dump(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_new(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_check(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_get(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_set(struct cmd_ctx *ctx, int argc, char **argv);
static int cmd_threshold(struct cmd_ctx *ctx, int argc, char **argv);

const struct command commands[] = {
	{ "forms", "", N_("list the built-in forms"), cmd_forms },
	{ "form-dump", "ID",
	    N_("list every item path of a form with its id, kind, marks, label "
	       "and choices"),
	    cmd_form_dump },
	{ "new", "--form ID FILE", N_("start a new document without opening the editor"), cmd_new },
	{ "check", "[--with-kiso KISO] FILE", N_("list every problem of a document"), cmd_check },
	{ "get", "FILE PATH", N_("print one answer"), cmd_get },
	{ "set", "FILE PATH VALUE", N_("change one answer (VALUE - reads standard input)"),
	    cmd_set },
	{ "threshold", "--people N --staff N --accident yes|no",
	    N_("the しきい値判断 result and the forms it obliges"), cmd_threshold },
	{ "diff",
	    "[--format text|tsv|yaml] [--style short|long] [--match position|identity] "
	    "[--date DATE] OLD NEW",
	    N_("the 変更箇所 rows between two versions"), cmd_diff },
	{ "export",
	    "[--format text|markdown|html] [-o OUT] [--width N] [--ambiwidth 1|2] "
	    "[--only-section SECTION] [--show-problems] [--with-comments] FILE",
	    N_("lay a document out like the printed form"), cmd_export },
	{ "import", "[--form ID] [-o DRAFT.yaml] FILE.txt",
	    N_("a draft from the text of a published report"), cmd_import },
	{ "recover", "[--dry-run] [--force] FILE",
	    N_("apply the journal left by a crash or a dropped connection"), cmd_recover },
	{ "merge", "[-o OUT] [--name NAME] BASE OURS THEIRS",
	    N_("item-level three-way merge (a git merge driver)"), cmd_merge },
	{ "resolve", "FILE PATH ours|theirs|base", N_("settle a conflict left by merge"),
	    cmd_resolve },
	{ "textconv", "FILE", N_("one line per answer, for git diff (textconv)"), cmd_textconv },
	{ "git-setup", "[--apply] [--pattern '*.pia.yaml'] [--program PATH]",
	    N_("the git lines that install merge and textconv"), cmd_git_setup },
	{ "comments", "FILE [--open] | --add PATH TEXT [--author NAME] | --resolve PATH N",
	    N_("list, add or resolve review comments"), cmd_comments },
	{ "help", "[keys|COMMAND]", N_("the keys of the editor, or what one command takes"),
	    cmd_help },
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

/* --- documents --- */

void
command_put(struct cmd_ctx *ctx, const char *s, unsigned keep)
{
	struct strbuf b = STRBUF_INIT;

	/* text from a document reaches a terminal only in visible form; pipes get it exact */
	if (!isatty(fileno(ctx->out))) {
		fputs(s, ctx->out);
		return;
	}
	width_sanitize(&b, s, strlen(s), keep);
	fputs(strbuf_str(&b), ctx->out);
	strbuf_free(&b);
}

void
command_print_error(struct cmd_ctx *ctx, const struct error *err)
{
	char buf[1200];

	fprintf(ctx->err, "piaform: %s\n", error_format(err, buf, sizeof buf));
}

struct document *
command_open_document(struct cmd_ctx *ctx, struct formset **fs, const char *path)
{
	struct error err;
	struct document *d;

	error_clear(&err);
	if (ctx->all_forms) {
		if ((*fs = command_load_forms(ctx)) == NULL)
			return NULL;
	} else if ((*fs = formset_load_for(&ctx->src, path, &err)) == NULL) {
		command_print_error(ctx, &err);
		return NULL;
	}
	d = docfile_load(*fs, path, &err);
	if (d == NULL) {
		command_print_error(ctx, &err);
		formset_free(fs);
	}
	return d;
}

static int
cmd_new(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "form", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *form_id = ctx->form_id;
	struct formset *fs;
	const struct form *f;
	struct document *d;
	struct error err;
	struct stat st;
	int c, status = 2;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (c != 'f')
			goto usage;
		form_id = optarg;
	}
	if (form_id == NULL || optind != argc - 1)
		goto usage;
	if (lstat(argv[optind], &st) == 0) {
		fprintf(ctx->err, _("piaform: %s already exists; new never overwrites a file\n"),
		    argv[optind]);
		return 2;
	}
	if ((fs = command_load_forms(ctx)) == NULL)
		return 2;
	f = formset_get(fs, form_id);
	if (f == NULL) {
		fprintf(
		    ctx->err, _("piaform: no form \"%s\" (piaform forms lists them)\n"), form_id);
		formset_free(&fs);
		return 2;
	}
	d = document_new(f);
	error_clear(&err);
	if (docfile_save(d, argv[optind], &err))
		status = 0;
	else
		command_print_error(ctx, &err);
	document_free(&d);
	formset_free(&fs);
	return status;
usage:
	fprintf(ctx->err, _("usage: piaform new --form ID FILE\n"));
	return 2;
}

static int
cmd_check(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "with-kiso", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct problem_list probs = { 0 };
	struct formset *fs;
	struct document *d, *kiso = NULL;
	const char *kiso_path = NULL;
	struct error err;
	size_t i, ne, nm, nw;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (c != 'k')
			break;
		kiso_path = optarg;
	}
	if (c != -1 || optind != argc - 1) {
		fprintf(ctx->err, _("usage: piaform check [--with-kiso KISO] FILE\n"));
		return 2;
	}
	argv += optind - 1; /* argv[1] is FILE from here on */
	ctx->all_forms = kiso_path != NULL; /* the 基礎項目評価書 needs its own form too */
	if ((d = command_open_document(ctx, &fs, argv[1])) == NULL)
		return 2;
	error_clear(&err);
	if (kiso_path != NULL && (kiso = docfile_load(fs, kiso_path, &err)) == NULL) {
		command_print_error(ctx, &err);
		goto fail;
	}
	validate_document(d, &probs);
	if (!crosscheck_document(d, kiso, &probs, &err)) {
		command_print_error(ctx, &err);
		problem_list_clear(&probs);
		goto fail;
	}
	document_free(&kiso);
	for (i = 0; i < probs.n; i++) {
		command_put(ctx, probs.v[i].path, WIDTH_KEEP_TAB);
		fprintf(ctx->out, "\t%s\t", severity_name(probs.v[i].severity));
		command_put(ctx, probs.v[i].message, 0);
		fputc('\n', ctx->out);
	}
	ne = problem_list_count(&probs, SEVERITY_ERROR);
	nm = problem_list_count(&probs, SEVERITY_MISSING);
	nw = problem_list_count(&probs, SEVERITY_WARNING);
	if (probs.n == 0)
		fprintf(ctx->out, _("%s: complete, no problems\n"), argv[1]);
	else
		fprintf(ctx->out, _("%s: %zu errors, %zu missing, %zu warnings\n"), argv[1], ne, nm,
		    nw);
	problem_list_clear(&probs);
	document_free(&d);
	formset_free(&fs);
	return i == 0 ? 0 : 1;
fail:
	document_free(&kiso);
	document_free(&d);
	formset_free(&fs);
	return 2;
}

bool
command_parse_path(
    struct cmd_ctx *ctx, const struct document *d, const char *path, struct item_ref *ref)
{
	struct error err;

	error_clear(&err);
	if (path_parse(d->form, path, ref, &err))
		return true;
	command_print_error(ctx, &err);
	return false;
}

static int
cmd_get(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct formset *fs;
	struct document *d;
	struct item_ref ref;
	int status = 2;
	char *text;

	if (argc != 3) {
		fprintf(ctx->err, _("usage: piaform get FILE PATH\n"));
		return 2;
	}
	if ((d = command_open_document(ctx, &fs, argv[1])) == NULL)
		return 2;
	if (command_parse_path(ctx, d, argv[2], &ref)) {
		if (!form_kind_answerable(ref.item->kind) &&
		    !(ref.instance && ref.item->kind == FORM_REPEAT)) {
			fprintf(ctx->err,
			    _("piaform: %s is a heading, not an item with an answer\n"), argv[2]);
		} else {
			text = answer_text(ref.item, document_get(d, &ref));
			command_put(ctx, text, WIDTH_KEEP_NEWLINE | WIDTH_KEEP_TAB);
			if (text[0] != '\0' && text[strlen(text) - 1] != '\n')
				fputc('\n', ctx->out);
			free(text);
			status = 0;
		}
	}
	document_free(&d);
	formset_free(&fs);
	return status;
}

char *
command_read_stdin(size_t *len)
{
	struct strbuf b = STRBUF_INIT;
	char chunk[4096];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		strbuf_add(&b, chunk, n);
		if (b.len > YAMLIO_MAX_BYTES)
			break;
	}
	*len = b.len;
	return strbuf_detach(&b);
}

static int
cmd_set(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct formset *fs;
	struct document *d;
	struct item_ref ref;
	struct error err;
	struct node *v;
	const struct form_item *as;
	struct form_item title_item;
	char *input = NULL;
	size_t len;
	int status = 2;

	if (argc != 4) {
		fprintf(ctx->err,
		    _("usage: piaform set FILE PATH VALUE (VALUE - reads standard input)\n"));
		return 2;
	}
	if ((d = command_open_document(ctx, &fs, argv[1])) == NULL)
		return 2;
	if (!command_parse_path(ctx, d, argv[2], &ref))
		goto out;
	as = ref.item;
	if (ref.instance && ref.item->kind == FORM_REPEAT) {
		/* an instance's title is a one-line text */
		memset(&title_item, 0, sizeof title_item);
		title_item.kind = FORM_TEXT;
		title_item.label = ref.item->instance;
		as = &title_item;
	} else if (!form_kind_answerable(ref.item->kind) || ref.item->kind == FORM_TABLE) {
		fprintf(ctx->err, _("piaform: %s: this is not an item with one answer\n"), argv[2]);
		goto out;
	}
	if (strcmp(argv[3], "-") == 0)
		input = command_read_stdin(&len);
	else
		input = xstrdup(argv[3]), len = strlen(argv[3]);
	error_clear(&err);
	v = answer_parse(as, input, len, &err);
	if (v == NULL) {
		char buf[1200];
		path_format(&ref, buf, sizeof buf);
		fprintf(ctx->err, _("piaform: %s: refused: %s (the file is unchanged)\n"), buf,
		    err.message);
		status = 1;
		goto out;
	}
	if (v->type == NODE_SCALAR && v->len == 0)
		node_free(&v); /* an empty value means "not answered": the key goes */
	document_set(d, &ref, v);
	merge_conflict_drop(d, &ref); /* setting the answer settles a merge conflict on it */
	error_clear(&err);
	if (docfile_save(d, argv[1], &err))
		status = 0;
	else
		command_print_error(ctx, &err);
out:
	free(input);
	document_free(&d);
	formset_free(&fs);
	return status;
}

/* --- しきい値判断 --- */

static bool
parse_long(const char *s, long *out)
{
	char *f = wareki_nfkc(s, strlen(s)), *end;
	size_t i, j = 0;
	bool ok;

	for (i = 0; f[i] != '\0'; i++) {
		if (f[i] != ',' && f[i] != '_')
			f[j++] = f[i];
	}
	f[j] = '\0';
	errno = 0;
	*out = strtol(f, &end, 10);
	ok = j > 0 && *end == '\0' && errno == 0 && *out >= 0;
	free(f);
	return ok;
}

static int
cmd_threshold(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "people", required_argument, NULL, 'p' },
		{ "staff", required_argument, NULL, 's' },
		{ "accident", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const ids[] = { "kiso", "juten", "zenkomoku" };
	struct threshold_input in = { -1, -1, false };
	struct threshold_result r;
	struct formset *fs;
	bool have_accident = false;
	int c;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!parse_long(optarg, &in.people))
				goto usage;
			break;
		case 's':
			if (!parse_long(optarg, &in.staff))
				goto usage;
			break;
		case 'a':
			if (strcmp(optarg, "yes") == 0 || strcmp(optarg, "あり") == 0)
				in.accident = true;
			else if (strcmp(optarg, "no") != 0 && strcmp(optarg, "なし") != 0)
				goto usage;
			have_accident = true;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || in.people < 0 || in.staff < 0 || !have_accident)
		goto usage;
	r = threshold_decide(&in);
	if (!r.ok || (fs = command_load_forms(ctx)) == NULL)
		return 2;
	for (i = 0; i < 3; i++) {
		const struct form *f = formset_get(fs, ids[i]);
		const char *text = f != NULL ? threshold_option(f, &r) : NULL;
		if (i == 0 && text != NULL)
			fprintf(ctx->out, _("しきい値判断結果: %s\n"), text);
	}
	fprintf(ctx->out, _("required: %s%s%s%s\n"), r.kiso ? _("基礎項目評価書") : "",
	    r.juten ? _(" and 重点項目評価書") : "", r.zenkomoku ? _(" and 全項目評価書") : "",
	    !r.kiso ? _("none (an evaluation may still be done voluntarily)") : "");
	formset_free(&fs);
	return 0;
usage:
	fprintf(ctx->err, _("usage: piaform threshold --people N --staff N --accident yes|no\n"));
	return 2;
}
