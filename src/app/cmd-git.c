/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Git integration: piaform textconv FILE (also piaform diff --git FILE) prints a document as
 * one line per answer, `PATH  label: value`, so that git diff shows items instead of YAML
 * keys; piaform git-setup prints, or with --apply writes, the .gitattributes line and the
 * git configuration that install the merge driver and the textconv. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "piaform/answer.h"
#include "piaform/comment.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/merge.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

#define GIT_DRIVER "piaform" /* the merge driver's and the diff driver's name */

/* --- textconv --- */

/* Write "PATH  label: value", continuation lines indented so that git's hunk headers (the
 * xfuncname git-setup installs) name the item a changed line belongs to. */
static void
put_line(FILE *out, const char *path, const char *label, const char *value)
{
	const char *s;

	fprintf(out, "%s  %s: ", path, label);
	for (s = value; *s != '\0'; s++) {
		fputc(*s, out);
		if (*s == '\n' && s[1] != '\0')
			fputs("    ", out);
	}
	if (s == value || s[-1] != '\n')
		fputc('\n', out);
}

static void
conv_table(FILE *out, const struct document *d, const struct item_ref *ref, const char *path,
    const char *label)
{
	const struct node *v = document_get(d, ref);
	size_t i, c;

	for (i = 0; v != NULL && v->type == NODE_SEQ && i < v->nitems; i++) {
		struct strbuf b = STRBUF_INIT;
		char name[1200];

		for (c = 0; c < ref->item->nchildren; c++) {
			const struct form_item *col = ref->item->children[c];
			const struct node *cell = node_get(v->items[i], col->id);
			char *t;

			if (!answer_present(cell))
				continue;
			t = answer_text(col, cell);
			strbuf_addf(&b, "%s%s %s", b.len > 0 ? "\n" : "", col->label, t);
			free(t);
		}
		snprintf(name, sizeof name, "%s %zu", label, i + 1);
		put_line(out, path, name, strbuf_str(&b));
		strbuf_free(&b);
	}
}

static void conv_item(FILE *out, const struct document *d, struct item_ref *ref);

static void
conv_children(FILE *out, const struct document *d, const struct item_ref *ref)
{
	size_t i;

	for (i = 0; i < ref->item->nchildren; i++) {
		struct item_ref c = *ref;
		c.item = ref->item->children[i];
		c.instance = false;
		conv_item(out, d, &c);
	}
}

static void
conv_item(FILE *out, const struct document *d, struct item_ref *ref)
{
	const struct form_item *it = ref->item;
	char path[1024], title[1024];
	size_t n, i;

	if (it->kind == FORM_FIXED)
		return;
	if (it->per_file || it->kind == FORM_REPEAT) {
		struct item_ref outer = *ref;

		outer.nidx = path_levels(it, false);
		if (outer.nidx >= PATH_MAX_LEVELS)
			return;
		n = document_count(d, &outer);
		for (i = 0; i < n; i++) {
			struct item_ref inst = outer;
			const struct node *t;

			inst.idx[inst.nidx++] = (unsigned)i;
			inst.instance = true;
			t = it->titled ? document_get(d, &inst) : NULL;
			if (t != NULL && t->type == NODE_SCALAR && t->len > 0) {
				char *s = xstrndup(t->str, t->len), name[256];
				snprintf(name, sizeof name, "%s%zu", it->instance, i + 1);
				put_line(out, path_format(&inst, path, sizeof path), name, s);
				free(s);
			}
			conv_children(out, d, &inst);
		}
		return;
	}
	path_format(ref, path, sizeof path);
	form_item_title(it, title, sizeof title);
	if (it->kind == FORM_TABLE) {
		conv_table(out, d, ref, path, title);
		return;
	}
	if (form_kind_answerable(it->kind)) {
		const struct node *v = document_get(d, ref);
		char *t;

		if (!answer_present(v))
			return;
		if (it->kind == FORM_FLAG && !answer_is_none(v))
			t = xstrdup(node_is(v, "true") ? "[○]" : "[ ]");
		else
			t = answer_text(it, v);
		put_line(out, path, title, t);
		free(t);
		return;
	}
	conv_children(out, d, ref);
}

/* Print d as textconv lines. */
static void
textconv(FILE *out, const struct document *d)
{
	const struct node *m;
	size_t i, k;

	fprintf(out, "# %s [%s]\n", d->form->title, d->form->revision);
	for (i = 0; i < d->form->nsections; i++) {
		struct item_ref r;
		memset(&r, 0, sizeof r);
		r.item = d->form->sections[i];
		conv_item(out, d, &r);
	}
	m = node_get(d->root, COMMENT_KEY);
	for (i = 0; m != NULL && m->type == NODE_MAP && i < m->npairs; i++) {
		struct comment c;
		for (k = 0; comment_read(m->pairs[i].value, k, &c); k++) {
			char label[512];
			snprintf(label, sizeof label, "%s %zu %s %s%s", _("comment"), k + 1,
			    c.author, c.date, c.resolved ? _(" (resolved)") : "");
			put_line(out, m->pairs[i].key, label, c.text);
		}
	}
	m = node_get(d->root, MERGE_CONFLICTS_KEY);
	for (i = 0; m != NULL && m->type == NODE_MAP && i < m->npairs; i++) {
		char *t = merge_conflict_text(d, m->pairs[i].key, m->pairs[i].value);
		put_line(out, m->pairs[i].key, _("merge conflict"), t);
		free(t);
	}
}

int
command_textconv(struct cmd_ctx *ctx, const char *file)
{
	struct formset *fs;
	struct document *d;
	struct error err;
	size_t len;
	char *raw;

	if ((fs = command_load_forms(ctx)) == NULL)
		return 2;
	error_clear(&err);
	d = docfile_load(fs, file, &err);
	if (d != NULL) {
		textconv(ctx->out, d);
		document_free(&d);
		formset_free(&fs);
		return 0;
	}
	formset_free(&fs);
	/* what is not a document (yet) still diffs: git gets the bytes as they are */
	error_clear(&err);
	raw = yamlio_read_file(file, YAMLIO_MAX_BYTES, &len, &err);
	if (raw == NULL) {
		command_print_error(ctx, &err);
		return 2;
	}
	fwrite(raw, 1, len, ctx->out);
	free(raw);
	return 0;
}

int
cmd_textconv(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(ctx->err, _("usage: piaform textconv FILE\n"));
		return 2;
	}
	return command_textconv(ctx, argv[1]);
}

/* --- git-setup --- */

/* A word for git's shell (git runs drivers through sh): quoted unless plainly safe. */
static char *
sh_word(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	if (s[0] != '\0' &&
	    strspn(s,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		"/._-+") == strlen(s))
		return xstrdup(s);
	strbuf_addc(&b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			strbuf_adds(&b, "'\\''");
		else
			strbuf_addc(&b, *s);
	}
	strbuf_addc(&b, '\'');
	return strbuf_detach(&b);
}

struct git_setting {
	const char *key;
	char *value;
};

/* Run git with args; its exit status, or -1 when it could not run. With out set, its
 * standard output (first line) goes there. */
static int
run_git(const char *const args[], char *out, size_t size)
{
	int fd[2] = { -1, -1 }, st;
	pid_t pid;

	if (out != NULL && pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		if (out != NULL) {
			close(fd[0]);
			close(fd[1]);
		}
		return -1;
	}
	if (pid == 0) {
		if (out != NULL) {
			dup2(fd[1], 1);
			close(fd[0]);
			close(fd[1]);
		}
		execvp("git", (char *const *)args);
		_exit(127);
	}
	if (out != NULL) {
		size_t n = 0;
		ssize_t r;

		close(fd[1]);
		while (n + 1 < size && (r = read(fd[0], out + n, size - 1 - n)) != 0) {
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				break;
			n += (size_t)r;
		}
		out[n] = '\0';
		out[strcspn(out, "\n")] = '\0';
		close(fd[0]);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Add line to the .gitattributes at the top of the work tree, unless it is there. */
static bool
apply_attributes(struct cmd_ctx *ctx, const char *line)
{
	const char *const args[] = { "git", "rev-parse", "--show-toplevel", NULL };
	char top[4096], *file, *old = NULL;
	struct strbuf b = STRBUF_INIT;
	struct error err;
	size_t len = 0;
	bool ok = false;

	if (run_git(args, top, sizeof top) != 0 || top[0] == '\0') {
		fprintf(ctx->err, _("piaform: git-setup --apply: not inside a git work tree\n"));
		return false;
	}
	file = xasprintf("%s/.gitattributes", top);
	if (access(file, F_OK) == 0) {
		error_clear(&err);
		old = yamlio_read_file(file, YAMLIO_MAX_BYTES, &len, &err);
		if (old == NULL) {
			command_print_error(ctx, &err);
			goto out;
		}
	}
	if (old != NULL) {
		const char *p = old;
		size_t n = strlen(line);

		for (; p != NULL && *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
			if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0')) {
				fprintf(ctx->out, _("%s already has: %s\n"), file, line);
				ok = true;
				goto out;
			}
		}
		strbuf_add(&b, old, len);
		if (len > 0 && old[len - 1] != '\n')
			strbuf_addc(&b, '\n');
	}
	strbuf_addf(&b, "%s\n", line);
	error_clear(&err);
	if (!docfile_write_atomic(file, strbuf_str(&b), b.len, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	fprintf(ctx->out, _("%s: added %s\n"), file, line);
	ok = true;
out:
	free(old);
	free(file);
	strbuf_free(&b);
	return ok;
}

int
cmd_git_setup(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "apply", no_argument, NULL, 'a' },
		{ "pattern", required_argument, NULL, 'p' },
		{ "program", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pattern = "*.pia.yaml", *program = "piaform";
	struct git_setting set[5];
	char *prog, *line;
	bool apply = false;
	size_t i, n = 0;
	int c, status = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			apply = true;
			break;
		case 'p':
			pattern = optarg;
			break;
		case 'P':
			program = optarg;
			break;
		default:
			goto usage;
		}
	}
	/* a pattern with a blank would be two patterns in .gitattributes */
	if (optind != argc || pattern[0] == '\0' || strpbrk(pattern, " \t\n") != NULL ||
	    program[0] == '\0')
		goto usage;
	prog = sh_word(program);
	set[n].key = "merge." GIT_DRIVER ".name";
	set[n++].value = xstrdup("piaform item-level merge");
	set[n].key = "merge." GIT_DRIVER ".driver";
	set[n++].value = xasprintf("%s merge --name %%P %%O %%A %%B", prog);
	set[n].key = "diff." GIT_DRIVER ".textconv";
	set[n++].value = xasprintf("%s textconv", prog);
	set[n].key = "diff." GIT_DRIVER ".xfuncname";
	set[n++].value = xstrdup("^[^ ].*$");
	set[n].key = "difftool." GIT_DRIVER ".cmd";
	set[n++].value = xasprintf("%s diff \"$LOCAL\" \"$REMOTE\"", prog);
	line = xasprintf("%s merge=%s diff=%s", pattern, GIT_DRIVER, GIT_DRIVER);
	if (!apply) {
		fprintf(ctx->out, _("# .gitattributes, at the top of the repository:\n%s\n"), line);
		fprintf(ctx->out,
		    _("# git configuration (each clone: git config is not part of the "
		      "repository):\n"));
		for (i = 0; i < n; i++) {
			char *v = sh_word(set[i].value);
			fprintf(ctx->out, "git config %s %s\n", set[i].key, v);
			free(v);
		}
		fprintf(ctx->out,
		    _("# then: git difftool --tool=%s shows the 変更箇所 of a change\n"),
		    GIT_DRIVER);
	} else {
		for (i = 0; i < n && status == 0; i++) {
			const char *const args[] = { "git", "config", "--local", set[i].key,
				set[i].value, NULL };
			int st = run_git(args, NULL, 0);
			if (st != 0) {
				fprintf(ctx->err,
				    _("piaform: git-setup --apply: git config %s failed (%d)\n"),
				    set[i].key, st);
				status = 2;
			}
		}
		if (status == 0 && !apply_attributes(ctx, line))
			status = 2;
		if (status == 0)
			fprintf(ctx->out, _("git now merges and diffs %s item by item\n"), pattern);
	}
	for (i = 0; i < n; i++)
		free(set[i].value);
	free(line);
	free(prog);
	return status;
usage:
	fprintf(ctx->err,
	    _("usage: piaform git-setup [--apply] [--pattern '*.pia.yaml'] [--program PATH]\n"));
	return 2;
}
