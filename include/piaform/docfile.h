/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Documents on disk: loading with every check, and atomic saving (the file is always either
 * the old or the new complete document). */
#ifndef PIAFORM_DOCFILE_H
#define PIAFORM_DOCFILE_H

#include <stdbool.h>

#include "piaform/document.h"
#include "piaform/strbuf.h"

/* Load and bind a document file. NULL with err naming file:line:column. */
struct document *docfile_load(const struct formset *fs, const char *path, struct error *err);
/* The bytes of d as saved: deterministic, re-read and compared before use. */
bool docfile_render(const struct document *d, struct strbuf *out, struct error *err);
/* Save d to path atomically: a temporary file in the same directory, written, fsynced,
 * renamed over the original (through a symlink to its target), directory fsynced; the
 * original's permissions are kept. On failure the original is untouched. */
bool docfile_save(const struct document *d, const char *path, struct error *err);
/* Write bytes to path atomically, as docfile_save does. */
bool docfile_write_atomic(const char *path, const char *data, size_t len, struct error *err);

#endif
