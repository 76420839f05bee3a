/* SPDX-License-Identifier: GPL-3.0-or-later */
/* piaform's entry point: global options, then either a command (piaform check FILE …) or a
 * document to open in the editor. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "piaform/editor.h"
#include "piaform/i18n.h"
#include "piaform/plain.h"

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out,
	    _("Usage: piaform [OPTION]... FILE\n"
	      "       piaform COMMAND [ARG]...\n"
	      "Write 特定個人情報保護評価書 (My Number PIA reports) on the official forms.\n\n"));
	fprintf(out, _("Commands:\n"));
	for (i = 0; commands[i].name != NULL; i++) {
		char head[256];
		snprintf(head, sizeof head, "%s %s", commands[i].name, commands[i].args);
		/* a long synopsis gets a line of its own, the summary under it */
		if (strlen(head) > 40)
			fprintf(out, "  %s\n  %-40s %s\n", head, "", _(commands[i].summary));
		else
			fprintf(out, "  %-40s %s\n", head, _(commands[i].summary));
	}
	fprintf(out,
	    _("\nOptions:\n"
	      "  --form ID            the form of a new document (kiso, juten, zenkomoku)\n"
	      "  --goto PATH          open the editor at this item\n"
	      "  --since PUBLISHED    mark what changed since the published version (Ctrl-B\n"
	      "                       appends the 変更箇所 rows)\n"
	      "  --forms-dir DIR      read form definitions from DIR instead of the built-in ones\n"
	      "  --ambiwidth 1|2      columns taken by ambiguous characters such as ○ ① ※\n"
	      "  --plain              ask item by item on plain lines, without a full screen\n"
	      "  -h, --help           show this help and exit\n"
	      "  -V, --version        show the version and exit\n\n"
	      "Environment: PIAFORM_FORMS_DIR, NO_COLOR, LANG/LC_MESSAGES.\n"));
	fprintf(out,
	    _("piaform COMMAND --help tells what one command takes; piaform help keys lists "
	      "the keys of the editor; man piaform is the manual.\n"));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "form", required_argument, NULL, 'f' },
		{ "goto", required_argument, NULL, 'g' },
		{ "since", required_argument, NULL, 's' },
		{ "forms-dir", required_argument, NULL, 'D' },
		{ "ambiwidth", required_argument, NULL, 'a' },
		{ "plain", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_ctx ctx;
	const struct command *cmd;
	const char *forms_dir = NULL, *since = NULL;
	int c;

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	{
		/* catalogues of a tree that is not installed where it was built for (the tests) */
		const char *ld = getenv("PIAFORM_LOCALEDIR");
		bindtextdomain(PACKAGE, ld != NULL && ld[0] == '/' ? ld : LOCALEDIR);
		textdomain(PACKAGE);
	}
#endif
	memset(&ctx, 0, sizeof ctx);
	ctx.out = stdout;
	ctx.err = stderr;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			ctx.form_id = optarg;
			break;
		case 'g':
			ctx.go_to = optarg;
			break;
		case 's':
			since = optarg;
			break;
		case 'D':
			forms_dir = optarg;
			break;
		case 'a':
			if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0) {
				fprintf(stderr, _("piaform: --ambiwidth takes 1 or 2\n"));
				return 2;
			}
			ctx.ambiwidth = atoi(optarg);
			break;
		case 'p':
			ctx.plain = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("piaform %s\n", PACKAGE_VERSION);
			return 0;
		default:
			if (optopt != 0)
				fprintf(stderr,
				    _("piaform: unknown option -%c (try piaform --help)\n"),
				    optopt);
			else
				fprintf(stderr,
				    _("piaform: unknown option %s (try piaform --help)\n"),
				    argv[optind - 1]);
			return 2;
		}
	}
	ctx.src = formload_default_source(forms_dir);
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = command_find(argv[optind]);
	if (cmd != NULL) {
		/* piaform COMMAND --help, for every command: --help anywhere before "--", or -h
		 * right after the command (elsewhere -h may be an answer to set) */
		for (c = optind + 1; c < argc && strcmp(argv[c], "--") != 0; c++) {
			if (strcmp(argv[c], "--help") == 0 ||
			    (c == optind + 1 && strcmp(argv[c], "-h") == 0)) {
				command_usage(stdout, cmd);
				return 0;
			}
		}
		return cmd->run(&ctx, argc - optind, argv + optind);
	}
	if (optind != argc - 1) {
		fprintf(stderr, _("piaform: one document at a time (try piaform --help)\n"));
		return 2;
	}
	{
		struct editor_options eo = { argv[optind], ctx.form_id, ctx.go_to, ctx.ambiwidth,
			&ctx.src, since };
		const char *term = getenv("TERM");
		/* no terminal to draw on (a pipe, a dumb console): the same wizard as lines */
		if (!ctx.plain &&
		    (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0 ||
			!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
			fprintf(stderr, _("piaform: no full-screen terminal; using --plain\n"));
		else if (!ctx.plain)
			return editor_run(&eo);
		return plain_run(&eo, stdin, stdout);
	}
}
