/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YAML in and out, through libyaml's event API, with limits against hostile files:
 * size, nesting depth, anchors and aliases, tags, duplicate keys, several documents. */
#ifndef PIAFORM_YAMLIO_H
#define PIAFORM_YAMLIO_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/error.h"
#include "piaform/node.h"
#include "piaform/strbuf.h"

#define YAMLIO_MAX_BYTES (16u * 1024 * 1024) /* refuse larger files before parsing */
#define YAMLIO_MAX_DEPTH 32 /* documents and forms need far less */

/* Parse len bytes of YAML into a tree. name is used in messages. NULL on error. */
struct node *yamlio_parse(const char *buf, size_t len, const char *name, struct error *err);
/* Read and parse a file (at most YAMLIO_MAX_BYTES). NULL on error. */
struct node *yamlio_load_file(const char *path, struct error *err);
/* Read a whole file into memory with a size limit. NULL on error. */
char *yamlio_read_file(const char *path, size_t max, size_t *len, struct error *err);

/* How a scalar is written. */
enum yamlio_style {
	YAMLIO_AUTO, /* plain when safe for every YAML reader, else quoted; literal if multi-line */
	YAMLIO_QUOTED, /* always quoted (or literal when multi-line) */
};

/* Emit a tree as one YAML document into out. A leading comment (without "# ") may be given.
 * Returns false with err set when libyaml refuses a value. */
bool
yamlio_emit(const struct node *root, const char *comment, struct strbuf *out, struct error *err);

#endif
