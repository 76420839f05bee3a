/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The error object: the first error reported wins, so low-level code can report the precise
 * place and callers further up need not overwrite it with something vaguer. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "piaform/error.h"

void
error_clear(struct error *e)
{
	if (e != NULL)
		memset(e, 0, sizeof *e);
}

void
error_at(struct error *e, const char *file, int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL || e->set)
		return;
	memset(e, 0, sizeof *e);
	e->set = true;
	if (file != NULL)
		snprintf(e->file, sizeof e->file, "%s", file);
	e->line = line;
	e->column = column;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

void
error_item(struct error *e, const char *path, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL || e->set)
		return;
	memset(e, 0, sizeof *e);
	e->set = true;
	if (path != NULL)
		snprintf(e->item, sizeof e->item, "%s", path);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

const char *
error_format(const struct error *e, char *buf, size_t size)
{
	if (e == NULL || !e->set)
		snprintf(buf, size, "no error");
	else if (e->file[0] != '\0' && e->line > 0)
		snprintf(buf, size, "%s:%d:%d: %s", e->file, e->line, e->column, e->message);
	else if (e->file[0] != '\0')
		snprintf(buf, size, "%s: %s", e->file, e->message);
	else if (e->item[0] != '\0')
		snprintf(buf, size, "%s: %s", e->item, e->message);
	else
		snprintf(buf, size, "%s", e->message);
	return buf;
}
