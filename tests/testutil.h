/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of the cmocka programs: the built-in forms loaded once per program, and item
 * references from paths that fail the test when a path does not parse. */
#ifndef PIAFORM_TESTUTIL_H
#define PIAFORM_TESTUTIL_H

#include "piaform/document.h"
#include "piaform/formload.h"
#include "piaform/path.h"

extern struct formset *testutil_fs; /* the built-in forms, after testutil_setup */
extern const struct form *juten, *kiso; /* two of them, for convenience */

/* Group setup and teardown for cmocka_run_group_tests. */
int testutil_setup(void **state);
int testutil_teardown(void **state);
/* The item at path in d's form; fails the test when path does not parse. */
struct item_ref ref_of(const struct document *d, const char *path);

#endif
