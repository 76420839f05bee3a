/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform recover FILE: apply the journal that an editor killed, crashed or cut off by a
 * dropped connection left behind. Lists what the journal adds, item by item (変更前 → 変更後),
 * then saves the document atomically and removes the journal; --dry-run only lists. A
 * journal whose editor still runs is never touched. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "piaform/diff.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/journal.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"

/* Text from the document, shown with its control and format characters made visible: a
 * journal is as untrusted as the file it belongs to. */
static void
put_value(FILE *out, const char *s, const char *indent)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	if (s[0] == '\0') {
		fputs(_("(unanswered)"), out);
		return;
	}
	width_sanitize(&b, s, strlen(s), WIDTH_KEEP_NEWLINE);
	for (i = 0; i < b.len; i++) {
		fputc(b.s[i], out);
		if (b.s[i] == '\n' && i + 1 < b.len)
			fputs(indent, out);
	}
	strbuf_free(&b);
}

static void
started(const struct journal_info *info, char *buf, size_t size)
{
	time_t t = (time_t)info->started;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(buf, size, "?");
}

/* Refuse while the journal's editor may still run. */
static bool
held(struct cmd_ctx *ctx, const char *file, const struct journal_probe *p)
{
	char t[64];

	switch (p->holder) {
	case JOURNAL_LIVE:
	case JOURNAL_REMOTE:
		if (!p->have_info) {
			fprintf(ctx->err, _("piaform: another piaform is opening %s right now\n"),
			    file);
			return true;
		}
		started(&p->info, t, sizeof t);
		fprintf(ctx->err,
		    _("piaform: %s is being edited by %s on %s (pid %ld) since %s; recover "
		      "applies a journal once its editor has ended\n"),
		    file, p->info.user, p->info.host, p->info.pid, t);
		if (p->holder == JOURNAL_REMOTE)
			fprintf(ctx->err,
			    _("piaform: (a journal from another computer counts as in use until it "
			      "has been idle for 12 hours)\n"));
		return true;
	case JOURNAL_UNREADABLE:
		fprintf(ctx->err, _("piaform: the journal %s cannot be read: %s\n"), p->path,
		    _("another user's?"));
		return true;
	default:
		return false;
	}
}

static void
print_changes(FILE *out, const struct diff_list *dl)
{
	size_t i;

	for (i = 0; i < dl->n; i++) {
		const struct diff_row *r = &dl->v[i];
		put_value(out, r->path, "");
		fprintf(out, "\n  %s ", _("before:"));
		put_value(out, r->before, "    ");
		fprintf(out, "\n  %s ", _("after: "));
		put_value(out, r->after, "    ");
		fputc('\n', out);
	}
}

int
cmd_recover(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct journal_probe probe;
	struct journal_stamp stamp;
	struct journal_replay rp;
	struct diff_list dl = { 0 };
	struct formset *fs = NULL;
	struct document *doc = NULL, *base = NULL;
	const struct form *form;
	struct error err;
	const char *file;
	bool dry = false, force = false;
	size_t nchanges = 0;
	char t[64];
	int c, status = 2;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (c == 'n')
			dry = true;
		else if (c == 'f')
			force = true;
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	file = argv[optind];
	error_clear(&err);
	journal_find(file, &probe, &err);
	if (probe.holder == JOURNAL_ABSENT) {
		fprintf(ctx->out, _("%s: no journal, nothing to recover\n"), file);
		status = 0;
		goto out;
	}
	if (held(ctx, file, &probe)) {
		status = 1;
		goto out;
	}
	if (!probe.have_info) {
		fprintf(ctx->out, _("%s: the journal %s is empty or damaged: nothing to recover\n"),
		    file, probe.path);
		if (!dry && !journal_remove(probe.path, &err))
			command_print_error(ctx, &err);
		status = 0;
		goto out;
	}
	if ((fs = command_load_forms(ctx)) == NULL)
		goto out;
	if (!journal_stamp_file(file, &stamp, true, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	if (stamp.exists) {
		if ((doc = docfile_load(fs, file, &err)) == NULL ||
		    (base = docfile_load(fs, file, &err)) == NULL) {
			command_print_error(ctx, &err);
			goto out;
		}
	} else {
		/* a new document that was never saved */
		form = formset_get(fs, probe.info.form);
		if (form == NULL) {
			fprintf(ctx->err,
			    _("piaform: the journal is for form \"%s\", which this "
			      "piaform does not know\n"),
			    probe.info.form);
			goto out;
		}
		doc = document_new(form);
		base = document_new(form);
	}
	if (!journal_replay(probe.path, doc, &stamp, &rp, &err) && !rp.failed) {
		command_print_error(ctx, &err);
		goto out;
	}
	started(&probe.info, t, sizeof t);
	fprintf(ctx->out, _("%s: journal %s of %s on %s (pid %ld, started %s)\n"), file, probe.path,
	    probe.info.user, probe.info.host, probe.info.pid, t);
	if (!diff_documents(base, doc, DIFF_MATCH_POSITION, &dl, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	print_changes(ctx->out, &dl);
	nchanges = dl.n;
	if (dl.n == 0 && rp.applied > 0 && !node_equal(base->root, doc->root)) {
		fprintf(ctx->out,
		    _("(changes outside the form's items: the 変更箇所 table, review marks, comments)\n"));
		nchanges = 1;
	}
	fprintf(ctx->out, _("%zu journal records to apply, %zu already saved\n"), rp.applied,
	    rp.skipped);
	if (rp.failed) {
		fprintf(ctx->err, _("piaform: the journal stops fitting the document here: "));
		command_print_error(ctx, &err);
	}
	if (rp.mismatch)
		fprintf(ctx->err,
		    _("piaform: %s changed on disk after this journal began; its changes are "
		      "applied to the file as it is now\n"),
		    file);
	if (dry) {
		status = 0;
		goto out;
	}
	if ((rp.failed || rp.mismatch) && !force) {
		fprintf(ctx->err,
		    _("piaform: nothing changed; piaform recover --force %s applies "
		      "what fits\n"),
		    file);
		status = 1;
		goto out;
	}
	error_clear(&err);
	if (rp.applied > 0 && !docfile_save(doc, file, &err)) {
		/* the journal stays: nothing is lost */
		command_print_error(ctx, &err);
		goto out;
	}
	if (!journal_remove(probe.path, &err)) {
		command_print_error(ctx, &err);
		goto out;
	}
	if (rp.applied > 0)
		fprintf(ctx->out, _("%s: recovered %zu changed items\n"), file, nchanges);
	else
		fprintf(ctx->out, _("%s: nothing to recover (everything was saved)\n"), file);
	status = 0;
out:
	diff_list_clear(&dl);
	document_free(&base);
	document_free(&doc);
	formset_free(&fs);
	journal_probe_clear(&probe);
	return status;
usage:
	fprintf(ctx->err, _("usage: piaform recover [--dry-run] [--force] FILE\n"));
	return 2;
}
