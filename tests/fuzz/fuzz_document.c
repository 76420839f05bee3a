/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the document loader: any bytes, parsed as YAML and bound to the
 * built-in forms; a document that loads is validated and must survive the save round trip
 * (serialise, emit, parse back to the same tree, bind again), or a user could not save it.
 * Built with ./configure --enable-fuzzing (clang); `make fuzz-smoke` runs it. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "piaform/document.h"
#include "piaform/formload.h"
#include "piaform/strbuf.h"
#include "piaform/validate.h"
#include "piaform/yamlio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which, show the text that broke it, and let libFuzzer keep the input. */
static void
broken(const char *what, const struct error *err, const struct strbuf *text)
{
	char buf[1200];

	fprintf(stderr, "fuzz_document: %s\n", what);
	if (err != NULL && err->set)
		fprintf(stderr, "  %s\n", error_format(err, buf, sizeof buf));
	if (text != NULL && text->s != NULL)
		fprintf(stderr, "--- emitted ---\n%.*s--- end ---\n", (int)text->len, text->s);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct formset *fs;
	struct problem_list problems = { NULL, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	struct node *root, *tree = NULL, *back = NULL;
	struct document *d, *again = NULL;
	struct error err;

	if (fs == NULL) {
		struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
		error_clear(&err);
		fs = formset_load(&src, &err);
		if (fs == NULL)
			broken("the built-in forms do not load", &err, NULL);
	}
	error_clear(&err);
	root = yamlio_parse((const char *)data, size, "fuzz.yaml", &err);
	if (root == NULL)
		return 0;
	d = document_bind(fs, root, "fuzz.yaml", &err);
	if (d == NULL) {
		node_free(&root);
		return 0;
	}
	validate_document(d, &problems);
	problem_list_clear(&problems);

	tree = document_serialize(d);
	error_clear(&err);
	if (!yamlio_emit(tree, "fuzz", &out, &err))
		broken("a loaded document cannot be written", &err, NULL);
	back = yamlio_parse(out.s, out.len, "(output)", &err);
	if (back == NULL)
		broken("the written document does not parse", &err, &out);
	if (!node_equal(tree, back))
		broken("the written document reads back different", NULL, &out);
	again = document_bind(fs, back, "(output)", &err);
	if (again == NULL)
		broken("the written document does not load", &err, &out);
	back = NULL; /* owned by again */

	document_free(&again);
	node_free(&tree);
	strbuf_free(&out);
	document_free(&d);
	return 0;
}
