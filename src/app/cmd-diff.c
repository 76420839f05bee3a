/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform diff OLD NEW: the 変更箇所 rows between two versions of a document, as a text
 * table, TSV, or YAML rows to append to the document's 変更箇所 table. Also takes the
 * arguments git hands a difftool ($LOCAL $REMOTE) or an external diff (seven of them), where
 * /dev/null stands for a document that does not exist on one side. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "piaform/diff.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/strbuf.h"
#include "piaform/wareki.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

enum diff_format { FORMAT_TEXT, FORMAT_TSV, FORMAT_YAML };

struct diff_opts {
	enum diff_format format;
	enum diff_match match;
	bool long_style;
	char date[64]; /* 変更日 for YAML rows, 和暦 */
	const char *name; /* the file's name when git runs us as an external diff */
};

/* A label of the 変更箇所 table's columns, from the form (fallback for a form without one). */
static const char *
column_label(const struct form *f, const char *id, const char *fallback)
{
	char dotted[64];
	const struct form_item *it;

	snprintf(dotted, sizeof dotted, "henko.rows.%s", id);
	it = form_lookup(f, dotted);
	return it != NULL ? it->label : fallback;
}

/* Write s with its line breaks followed by indent, so that continuation lines line up. */
static void
put_indented(FILE *out, const char *s, const char *indent)
{
	for (; *s != '\0'; s++) {
		fputc(*s, out);
		if (*s == '\n' && s[1] != '\0')
			fputs(indent, out);
	}
}

static void
print_text(FILE *out, const struct form *f, const struct diff_list *l, const struct diff_opts *o)
{
	static const struct diff_row pre = { .important = true }, post = { .important = false };
	const char *lb = column_label(f, "before", "変更前の記載");
	const char *la = column_label(f, "after", "変更後の記載");
	size_t i, npre = 0;

	if (o->name != NULL)
		fprintf(out, "%s\n", o->name);
	for (i = 0; i < l->n; i++) {
		const struct diff_row *r = &l->v[i];

		fprintf(out, "%s[%s] %s\n", i > 0 ? "\n" : "", diff_jiki(f, r),
		    o->long_style ? r->title : r->path);
		fprintf(out, "  %s: ", lb);
		put_indented(out, r->before, "    ");
		fprintf(out, "\n  %s: ", la);
		put_indented(out, r->after, "    ");
		fputc('\n', out);
		npre += r->important;
	}
	if (l->n == 0)
		fprintf(out, _("no changes\n"));
	else
		fprintf(out, _("\n%zu changes: %zu %s, %zu %s\n"), l->n, npre, diff_jiki(f, &pre),
		    l->n - npre, diff_jiki(f, &post));
}

/* A TSV field: tabs, line breaks and backslashes escaped so that every row is one line. */
static void
put_field(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static void
print_tsv(FILE *out, const struct form *f, const struct diff_list *l, const struct diff_opts *o)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct diff_row *r = &l->v[i];

		put_field(out, o->long_style ? r->title : r->path);
		fputc('\t', out);
		put_field(out, r->before);
		fputc('\t', out);
		put_field(out, r->after);
		fprintf(out, "\t%s\t\n", diff_jiki(f, r)); /* 提出時期に係る説明: for the writer */
	}
}

static bool
print_yaml(struct cmd_ctx *ctx, const struct document *d, const struct diff_list *l,
    const struct diff_opts *o)
{
	struct node *rows = diff_rows_node(d, l, o->date, o->long_style);
	struct strbuf b = STRBUF_INIT;
	struct error err;
	bool ok;

	error_clear(&err);
	ok = yamlio_emit(rows, NULL, &b, &err);
	if (ok)
		fputs(strbuf_str(&b), ctx->out);
	else
		command_print_error(ctx, &err);
	strbuf_free(&b);
	node_free(&rows);
	return ok;
}

static bool
today(char *buf, size_t size)
{
	struct error err;
	struct tm tm;
	time_t now = time(NULL);
	char iso[32];

	if (localtime_r(&now, &tm) == NULL)
		return false;
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	error_clear(&err);
	return wareki_parse(iso, strlen(iso), false, buf, size, &err);
}

static bool
is_null_file(const char *path)
{
	return strcmp(path, "/dev/null") == 0;
}

int
cmd_diff(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "style", required_argument, NULL, 's' },
		{ "match", required_argument, NULL, 'm' },
		{ "date", required_argument, NULL, 'd' },
		{ "git", no_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	struct diff_opts o = { FORMAT_TEXT, DIFF_MATCH_POSITION, false, "", NULL };
	struct diff_list rows = { NULL, 0, 0 };
	struct document *doc[2] = { NULL, NULL };
	const char *path[2];
	struct formset *fs = NULL;
	struct error err;
	bool git = false;
	int c, k, status = 2;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o.format = FORMAT_TEXT;
			else if (strcmp(optarg, "tsv") == 0)
				o.format = FORMAT_TSV;
			else if (strcmp(optarg, "yaml") == 0)
				o.format = FORMAT_YAML;
			else
				goto usage;
			break;
		case 's':
			if (strcmp(optarg, "short") != 0 && strcmp(optarg, "long") != 0)
				goto usage;
			o.long_style = strcmp(optarg, "long") == 0;
			break;
		case 'm':
			if (strcmp(optarg, "position") == 0)
				o.match = DIFF_MATCH_POSITION;
			else if (strcmp(optarg, "identity") == 0)
				o.match = DIFF_MATCH_IDENTITY;
			else
				goto usage;
			break;
		case 'd':
			error_clear(&err);
			if (!wareki_parse(
				optarg, strlen(optarg), false, o.date, sizeof o.date, &err)) {
				fprintf(
				    ctx->err, _("piaform: --date %s: %s\n"), optarg, err.message);
				return 2;
			}
			break;
		case 'g':
			git = true;
			break;
		default:
			goto usage;
		}
	}
	/* --git FILE: the one-file form git's textconv runs (cmd-git.c) */
	if (git && argc - optind == 1)
		return command_textconv(ctx, argv[optind]);
	if (git)
		goto usage;
	if (argc - optind == 2) {
		path[0] = argv[optind];
		path[1] = argv[optind + 1];
	} else if (argc - optind == 7) {
		/* git's external diff: NAME OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE */
		o.name = argv[optind];
		path[0] = argv[optind + 1];
		path[1] = argv[optind + 4];
	} else {
		goto usage;
	}
	if (o.date[0] == '\0' && !today(o.date, sizeof o.date)) {
		fprintf(ctx->err, _("piaform: today's date is not known; give --date\n"));
		return 2;
	}
	if ((fs = command_load_forms(ctx)) == NULL)
		return 2;
	for (k = 0; k < 2; k++) {
		if (is_null_file(path[k]))
			continue;
		error_clear(&err);
		doc[k] = docfile_load(fs, path[k], &err);
		if (doc[k] == NULL) {
			command_print_error(ctx, &err);
			goto out;
		}
	}
	/* a file that is new (or deleted) in git is compared with an empty document */
	for (k = 0; k < 2; k++) {
		if (doc[k] == NULL && doc[1 - k] != NULL)
			doc[k] = document_new(doc[1 - k]->form);
	}
	if (doc[0] == NULL) {
		status = 0; /* /dev/null against /dev/null */
		goto out;
	}
	error_clear(&err);
	if (!diff_documents(doc[0], doc[1], o.match, &rows, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	status = 0;
	switch (o.format) {
	case FORMAT_TEXT:
		print_text(ctx->out, doc[1]->form, &rows, &o);
		break;
	case FORMAT_TSV:
		print_tsv(ctx->out, doc[1]->form, &rows, &o);
		break;
	case FORMAT_YAML:
		if (!print_yaml(ctx, doc[1], &rows, &o))
			status = 2;
		break;
	}
out:
	diff_list_clear(&rows);
	document_free(&doc[0]);
	document_free(&doc[1]);
	formset_free(&fs);
	return status;
usage:
	fprintf(ctx->err,
	    _("usage: piaform diff [--format text|tsv|yaml] [--style short|long] "
	      "[--match position|identity] [--date DATE] OLD NEW\n"));
	return 2;
}
