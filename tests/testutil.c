/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of the cmocka programs (see testutil.h). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

struct formset *testutil_fs;
const struct form *juten, *kiso;

int
testutil_setup(void **state)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	struct error e;

	(void)state;
	error_clear(&e);
	testutil_fs = formset_load(&src, &e);
	if (testutil_fs == NULL)
		return -1;
	juten = formset_get(testutil_fs, "juten");
	kiso = formset_get(testutil_fs, "kiso");
	return 0;
}

int
testutil_teardown(void **state)
{
	(void)state;
	formset_free(&testutil_fs);
	return 0;
}

struct item_ref
ref_of(const struct document *d, const char *path)
{
	struct item_ref r;
	struct error e;

	error_clear(&e);
	if (!path_parse(d->form, path, &r, &e))
		fail_msg("%s: %s", path, e.message);
	return r;
}
