/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform export: a document laid out like the printed 様式, as text, Markdown or HTML, on
 * standard output or written atomically to a file (-o). Problems in the document never stop
 * an export: reviewers need to see drafts too. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "piaform/docfile.h"
#include "piaform/export.h"
#include "piaform/i18n.h"

static bool
parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* Without --format, the name of the output file decides (report.html, report.md). */
static enum export_format
format_from_name(const char *out)
{
	size_t n = out != NULL ? strlen(out) : 0;

	if (n >= 5 && strcmp(out + n - 5, ".html") == 0)
		return EXPORT_HTML;
	if (n >= 4 && strcmp(out + n - 4, ".htm") == 0)
		return EXPORT_HTML;
	if (n >= 3 && strcmp(out + n - 3, ".md") == 0)
		return EXPORT_MARKDOWN;
	return EXPORT_TEXT;
}

int
cmd_export(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "width", required_argument, NULL, 'w' },
		{ "ambiwidth", required_argument, NULL, 'a' },
		{ "only-section", required_argument, NULL, 's' },
		{ "show-problems", no_argument, NULL, 'p' },
		{ "with-comments", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_options o;
	struct strbuf buf = STRBUF_INIT;
	struct formset *fs = NULL;
	struct document *d = NULL;
	struct error err;
	const char *out = NULL;
	bool have_format = false;
	int c, status = 2;

	memset(&o, 0, sizeof o);
	o.ambiwidth = ctx->ambiwidth;
	optind = 0; /* reset getopt fully: options may follow FILE */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!export_format_parse(optarg, &o.format)) {
				fprintf(ctx->err,
				    _("piaform: export: no format \"%s\" (text, markdown, html)\n"),
				    optarg);
				return 2;
			}
			have_format = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 'w':
			if (!parse_int(optarg, 20, 100000, &o.width)) {
				fprintf(ctx->err,
				    _("piaform: export: --width takes a number of "
				      "columns from 20 up\n"));
				return 2;
			}
			break;
		case 'a':
			if (!parse_int(optarg, 1, 2, &o.ambiwidth)) {
				fprintf(ctx->err, _("piaform: --ambiwidth takes 1 or 2\n"));
				return 2;
			}
			break;
		case 's':
			o.only_section = optarg;
			break;
		case 'p':
			o.show_problems = true;
			break;
		case 'c':
			o.with_comments = true;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	if (out != NULL && strcmp(out, "-") == 0)
		out = NULL;
	if (!have_format)
		o.format = format_from_name(out);
	if ((d = command_open_document(ctx, &fs, argv[optind])) == NULL)
		return 2;
	error_clear(&err);
	if (!export_document(d, &o, &buf, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	if (out == NULL) {
		if (fwrite(strbuf_str(&buf), 1, buf.len, ctx->out) != buf.len ||
		    fflush(ctx->out) != 0) {
			fprintf(ctx->err, _("piaform: export: cannot write the output: %s\n"),
			    strerror(errno));
			goto out;
		}
	} else if (!docfile_write_atomic(out, strbuf_str(&buf), buf.len, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	status = 0;
out:
	strbuf_free(&buf);
	document_free(&d);
	formset_free(&fs);
	return status;
usage:
	fprintf(ctx->err,
	    _("usage: piaform export [--format text|markdown|html] [-o OUT] [--width N] "
	      "[--ambiwidth 1|2] [--only-section SECTION] [--show-problems] FILE\n"));
	return 2;
}
