/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the importer: any bytes, read as the text of a report, once with the
 * form detected and once for each built-in form. Built with ./configure --enable-fuzzing
 * (clang); run as tests/fuzz/fuzz_import CORPUS_DIR (the seeds make a good corpus). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "piaform/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct formset *fs;
	struct import_result *r;
	struct error err;
	size_t i;

	if (fs == NULL) {
		struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
		error_clear(&err);
		fs = formset_load(&src, &err);
		if (fs == NULL)
			abort();
	}
	error_clear(&err);
	r = import_text(fs, (const char *)data, size, NULL, "fuzz", &err);
	import_result_free(&r);
	for (i = 0; i < fs->n; i++) {
		error_clear(&err);
		r = import_text(fs, (const char *)data, size, fs->forms[i], "fuzz", &err);
		import_result_free(&r);
	}
	return 0;
}
