/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the item-path parser: any bytes, read as a path of each built-in
 * form. A path that parses must format to the canonical path, and that must parse to the
 * same item and instances. Built with ./configure --enable-fuzzing (clang). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/formload.h"
#include "piaform/path.h"
#include "piaform/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
same_ref(const struct item_ref *a, const struct item_ref *b)
{
	size_t i;

	if (a->item != b->item || a->nidx != b->nidx || a->instance != b->instance)
		return false;
	for (i = 0; i < a->nidx; i++) {
		if (a->idx[i] != b->idx[i])
			return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct formset *fs;
	char *path, canon[4096];
	struct item_ref ref, back;
	struct error err;
	size_t i;

	if (fs == NULL) {
		struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
		error_clear(&err);
		fs = formset_load(&src, &err);
		if (fs == NULL)
			abort();
	}
	/* paths are C strings: a NUL ends one, as it would on the command line */
	path = xstrndup((const char *)data, size);
	for (i = 0; i < fs->n; i++) {
		const struct form *f = fs->forms[i];

		error_clear(&err);
		if (!path_parse(f, path, &ref, &err)) {
			if (!err.set)
				abort();
			continue;
		}
		path_format(&ref, canon, sizeof canon);
		error_clear(&err);
		if (!path_parse(f, canon, &back, &err)) {
			fprintf(stderr,
			    "fuzz_path: %s: \"%s\" gave \"%s\", which does not parse: %s\n", f->id,
			    path, canon, err.message);
			abort();
		}
		if (!same_ref(&ref, &back)) {
			fprintf(stderr,
			    "fuzz_path: %s: \"%s\" gave \"%s\", which names another item\n", f->id,
			    path, canon);
			abort();
		}
	}
	free(path);
	return 0;
}
