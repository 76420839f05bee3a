/* SPDX-License-Identifier: GPL-3.0-or-later */
/* In-process timings of piaform's document and form work against the floor that any program
 * reading the same YAML pays: a bare libyaml event parse of the same bytes. Runs come in pairs
 * (bare parse, then piaform's work on the same file), and each ratio is taken within its pair,
 * so that drift on a shared machine cancels. Times are the process's CPU time. Built only by
 * `make bench`; run.sh reads its tab-separated output. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yaml.h>

#include "piaform/docfile.h"
#include "piaform/formload.h"
#include "piaform/validate.h"
#include "piaform/yamlio.h"

#define MAX_RUNS 101

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Every event of buf, as any reader of the file must at least do; false on a YAML error. */
static bool
bare_parse(const char *buf, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	bool ok = true, done = false;

	if (!yaml_parser_initialize(&parser))
		return false;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			ok = false;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ok;
}

/* Read the file and parse it bare: what the document figures are compared with. */
static bool
bare_parse_file(const char *path, struct error *err)
{
	size_t len;
	char *buf;
	bool ok;

	buf = yamlio_read_file(path, YAMLIO_MAX_BYTES, &len, err);
	if (buf == NULL)
		return false;
	ok = bare_parse(buf, len);
	if (!ok)
		error_at(err, path, 0, 0, "libyaml cannot parse it");
	free(buf);
	return ok;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One figure: "KIND<TAB>SUBJECT<TAB>NAME<TAB>median<TAB>min<TAB>max<TAB>runs". */
static void
report(const char *kind, const char *subject, const char *name, const double *v, int n)
{
	double s[MAX_RUNS], med;

	memcpy(s, v, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	printf("%s\t%s\t%s\t%.4f\t%.4f\t%.4f\t%d\n", kind, subject, name, med, s[0], s[n - 1], n);
}

static void
die(const char *what, const struct error *err)
{
	char buf[1024];

	/* the error names its file when it has one */
	if (err != NULL && err->file[0] != '\0')
		fprintf(stderr, "bench_parse: %s\n", error_format(err, buf, sizeof buf));
	else
		fprintf(stderr, "bench_parse: %s: %s\n", what,
		    err != NULL ? error_format(err, buf, sizeof buf) : "cannot be read");
	exit(2);
}

/* Figures for one document: bare parse, load, check (load + validate), validate alone, and
 * the load + save round trip (render: serialise, emit, re-parse and compare, as a save does
 * before it writes). */
static void
bench_document(const struct formset *fs, const char *path, int runs)
{
	double parse[MAX_RUNS], load[MAX_RUNS], check[MAX_RUNS], validate[MAX_RUNS],
	    render[MAX_RUNS], r_load[MAX_RUNS], r_check[MAX_RUNS], r_render[MAX_RUNS];
	size_t bytes = 0;

	for (int i = 0; i < runs; i++) {
		struct problem_list probs = { 0 };
		struct strbuf out = STRBUF_INIT;
		struct document *d;
		struct error err;
		double t0, t1;

		error_clear(&err);
		t0 = now_ms();
		if (!bare_parse_file(path, &err))
			die(path, &err);
		parse[i] = now_ms() - t0;

		t0 = now_ms();
		d = docfile_load(fs, path, &err);
		t1 = now_ms();
		if (d == NULL)
			die(path, &err);
		load[i] = t1 - t0;
		t0 = now_ms();
		validate_document(d, &probs);
		validate[i] = now_ms() - t0;
		check[i] = load[i] + validate[i];
		problem_list_clear(&probs);
		free(probs.v);

		t0 = now_ms();
		if (!docfile_render(d, &out, &err))
			die(path, &err);
		render[i] = load[i] + (now_ms() - t0);
		bytes = out.len;
		strbuf_free(&out);
		document_free(&d);

		r_load[i] = load[i] / parse[i];
		r_check[i] = check[i] / parse[i];
		r_render[i] = render[i] / parse[i];
	}
	report("ms", path, "parse", parse, runs);
	report("ms", path, "load", load, runs);
	report("ms", path, "validate", validate, runs);
	report("ms", path, "check", check, runs);
	report("ms", path, "roundtrip", render, runs);
	report("ratio", path, "load/parse", r_load, runs);
	report("ratio", path, "check/parse", r_check, runs);
	report("ratio", path, "roundtrip/parse", r_render, runs);
	printf("bytes\t%s\trendered\t%zu\n", path, bytes);
}

/* Loading every built-in form against a bare parse of the same files' bytes. */
static void
bench_forms(int runs)
{
	struct form_source src = { .files = builtin_form_files, .nfiles = builtin_form_nfiles };
	double parse[MAX_RUNS], load[MAX_RUNS], ratio[MAX_RUNS];
	size_t bytes = 0;

	for (size_t k = 0; k < builtin_form_nfiles; k++)
		bytes += builtin_form_files[k].len;
	for (int i = 0; i < runs; i++) {
		struct formset *fs;
		struct error err;
		double t0;

		error_clear(&err);
		t0 = now_ms();
		for (size_t k = 0; k < builtin_form_nfiles; k++) {
			if (!bare_parse(builtin_form_files[k].data, builtin_form_files[k].len))
				die(builtin_form_files[k].name, NULL);
		}
		parse[i] = now_ms() - t0;
		t0 = now_ms();
		fs = formset_load(&src, &err);
		load[i] = now_ms() - t0;
		if (fs == NULL)
			die("built-in forms", &err);
		formset_free(&fs);
		ratio[i] = load[i] / parse[i];
	}
	report("ms", "forms", "parse", parse, runs);
	report("ms", "forms", "load", load, runs);
	report("ratio", "forms", "load/parse", ratio, runs);
	printf("bytes\tforms\tfiles\t%zu\n", bytes);
	printf("version\tlibyaml\t%s\n", yaml_get_version_string());
}

static void
usage(void)
{
	fputs("usage: bench_parse [-r RUNS] forms | doc FILE... | once parse FILE\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	struct form_source src = { .files = builtin_form_files, .nfiles = builtin_form_nfiles };
	struct formset *fs = NULL;
	struct error err;
	int runs = 11, a = 1;

	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		runs = atoi(argv[2]);
		a = 3;
	}
	if (runs < 1 || runs > MAX_RUNS || a >= argc)
		usage();
	error_clear(&err);
	if (strcmp(argv[a], "forms") == 0) {
		bench_forms(runs);
	} else if (strcmp(argv[a], "doc") == 0) {
		if ((fs = formset_load(&src, &err)) == NULL)
			die("built-in forms", &err);
		for (int i = a + 1; i < argc; i++)
			bench_document(fs, argv[i], runs);
	} else if (strcmp(argv[a], "once") == 0 && a + 2 < argc) {
		/* one bare parse, as a whole process: what `piaform check` is timed against */
		if (strcmp(argv[a + 1], "parse") != 0)
			usage();
		if (!bare_parse_file(argv[a + 2], &err))
			die(argv[a + 2], &err);
	} else {
		usage();
	}
	formset_free(&fs);
	return 0;
}
