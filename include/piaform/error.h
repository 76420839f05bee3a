/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recoverable errors: a message and the place it concerns, either a position in a file
 * (file:line:column) or an item path. Callers own the struct; functions fill it. */
#ifndef PIAFORM_ERROR_H
#define PIAFORM_ERROR_H

#include <stdbool.h>
#include <stddef.h>

struct error {
	char message[512]; /* what went wrong, one line */
	char file[256]; /* file name, or "" */
	int line; /* 1-based; 0 when unknown */
	int column; /* 1-based; 0 when unknown */
	char item[256]; /* item path, or "" */
	bool set; /* true once an error was recorded */
};

/* Reset to "no error". */
void error_clear(struct error *e);
/* Record an error at file:line:column (file may be NULL, line/column 0). First error wins. */
void error_at(struct error *e, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Record an error about an item path. First error wins. */
void error_item(struct error *e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Format as "file:line:column: message" or "path: message" into buf. */
const char *error_format(const struct error *e, char *buf, size_t size);

#endif
