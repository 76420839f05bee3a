/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform comments FILE: the review comments of a document, item by item; --add writes one
 * (dated today, 和暦), --resolve marks one settled. Comments ride in the document, so they
 * reach the other writers through git like the answers do. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "piaform/comment.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/wareki.h"
#include "piaform/xmalloc.h"

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

static void
list(struct cmd_ctx *ctx, const struct document *d, bool open_only)
{
	const struct node *m = node_get(d->root, COMMENT_KEY);
	size_t i, k, total, open;

	for (i = 0; m != NULL && m->type == NODE_MAP && i < m->npairs; i++) {
		struct comment c;
		for (k = 0; comment_read(m->pairs[i].value, k, &c); k++) {
			const char *s;

			if (open_only && c.resolved)
				continue;
			fprintf(ctx->out, "%s #%zu [%s] %s %s\n", m->pairs[i].key, k + 1,
			    c.resolved ? _("resolved") : _("open"), c.author, c.date);
			fputs("  ", ctx->out);
			for (s = c.text; *s != '\0'; s++) {
				fputc(*s, ctx->out);
				if (*s == '\n' && s[1] != '\0')
					fputs("  ", ctx->out);
			}
			if (s == c.text || s[-1] != '\n')
				fputc('\n', ctx->out);
		}
	}
	total = comment_count(d, &open);
	fprintf(ctx->out, _("%zu comments, %zu open\n"), total, open);
}

int
cmd_comments(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "add", required_argument, NULL, 'a' },
		{ "author", required_argument, NULL, 'u' },
		{ "date", required_argument, NULL, 'd' },
		{ "resolve", required_argument, NULL, 'r' },
		{ "open", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *add = NULL, *resolve = NULL, *author = NULL, *file, *text = NULL;
	char date[64] = "", *input = NULL;
	struct formset *fs = NULL;
	struct document *d = NULL;
	struct item_ref ref;
	struct error err;
	bool open_only = false;
	unsigned long n = 0;
	int c, status = 2;
	size_t len;

	optind = 0; /* options may follow FILE */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			add = optarg;
			break;
		case 'u':
			author = optarg;
			break;
		case 'd':
			error_clear(&err);
			if (!wareki_parse(optarg, strlen(optarg), false, date, sizeof date, &err)) {
				fprintf(
				    ctx->err, _("piaform: --date %s: %s\n"), optarg, err.message);
				return 2;
			}
			break;
		case 'r':
			resolve = optarg;
			break;
		case 'o':
			open_only = true;
			break;
		default:
			goto usage;
		}
	}
	/* FILE, then TEXT with --add or N with --resolve */
	if (add != NULL && resolve != NULL)
		goto usage;
	if (argc - optind != (add != NULL || resolve != NULL ? 2 : 1))
		goto usage;
	file = argv[optind];
	if (resolve != NULL) {
		char *end;
		n = strtoul(argv[optind + 1], &end, 10);
		if (*end != '\0' || n == 0)
			goto usage;
	}
	if (add != NULL) {
		text = argv[optind + 1];
		if (strcmp(text, "-") == 0) {
			input = command_read_stdin(&len);
			while (len > 0 && input[len - 1] == '\n')
				input[--len] = '\0';
			text = input;
		}
		if (text[0] == '\0') {
			fprintf(ctx->err, _("piaform: comments: the comment is empty\n"));
			goto out;
		}
		if (author == NULL)
			author =
			    getenv("PIAFORM_AUTHOR") ? getenv("PIAFORM_AUTHOR") : getenv("USER");
		if (author == NULL || author[0] == '\0') {
			fprintf(ctx->err, _("piaform: comments: who writes? give --author NAME\n"));
			goto out;
		}
		if (date[0] == '\0' && !today(date, sizeof date)) {
			fprintf(ctx->err, _("piaform: today's date is not known; give --date\n"));
			goto out;
		}
	}
	if ((d = command_open_document(ctx, &fs, file)) == NULL)
		goto out;
	if (add == NULL && resolve == NULL) {
		list(ctx, d, open_only);
		status = 0;
		goto out;
	}
	if (!command_parse_path(ctx, d, add != NULL ? add : resolve, &ref))
		goto out;
	error_clear(&err);
	if (add != NULL) {
		comment_add(d, &ref, author, date, text);
	} else if (!comment_resolve(d, &ref, n, &err)) {
		command_print_error(ctx, &err);
		status = 1;
		goto out;
	}
	error_clear(&err);
	if (docfile_save(d, file, &err))
		status = 0;
	else
		command_print_error(ctx, &err);
out:
	free(input);
	document_free(&d);
	formset_free(&fs);
	return status;
usage:
	fprintf(ctx->err,
	    _("usage: piaform comments FILE [--open] | --add PATH TEXT [--author NAME] "
	      "[--date DATE] | --resolve PATH N\n"));
	return 2;
}
