/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the form-definition loader: any bytes, loaded as a form file whose
 * includes come from the built-in forms. A form that loads must give every item a path that
 * parses back to that item, since 変更箇所 tables and the command line name items so.
 * Built with ./configure --enable-fuzzing (clang); `make fuzz-smoke` runs it. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "piaform/formload.h"
#include "piaform/path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each item of a loaded form, reached by its own path. */
static void
check_paths(const struct form *f)
{
	char buf[4096];
	struct item_ref ref, back;
	struct error err;
	size_t i;

	for (i = 0; i < f->nall; i++) {
		const struct form_item *it = f->all[i], *up;

		/* fixed texts and table columns have no path of their own */
		for (up = it->parent; up != NULL && up->kind != FORM_TABLE; up = up->parent)
			;
		if (it->kind == FORM_FIXED || up != NULL)
			continue;
		/* the first instance of every repeat above it */
		ref = (struct item_ref){ .item = it, .nidx = path_levels(it, false) };
		if (ref.nidx > PATH_MAX_LEVELS) {
			fprintf(stderr, "fuzz_form: item %s is under %zu repeats; paths name %d\n",
			    it->id, ref.nidx, PATH_MAX_LEVELS);
			abort();
		}
		path_format(&ref, buf, sizeof buf);
		error_clear(&err);
		if (!path_parse(f, buf, &back, &err) || back.item != it) {
			fprintf(stderr, "fuzz_form: item %s: path \"%s\" does not name it (%s)\n",
			    it->id, buf, err.set ? err.message : "another item");
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct form *f;
	struct error err;

	error_clear(&err);
	f = formload_buffer(&src, "fuzz.yaml", (const char *)data, size, &err);
	if (f == NULL) {
		if (!err.set) {
			fprintf(stderr, "fuzz_form: refused without a message\n");
			abort();
		}
		return 0;
	}
	check_paths(f);
	form_free(&f);
	return 0;
}
