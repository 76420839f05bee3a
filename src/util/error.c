/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The error object: the first error reported wins, so low-level code can report the precise
 * place and callers further up need not overwrite it with something vaguer. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "piaform/error.h"

/* A message cut by the buffer's size must not end inside a UTF-8 character: it may quote
 * whatever a person typed, and it is printed to a terminal. */
static void
trim_partial_utf8(char *s, size_t size)
{
	size_t n = strlen(s), i, need;

	if (n + 1 < size || n == 0)
		return;
	i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i == 0 || ((unsigned char)s[i - 1] & 0x80) == 0)
		return;
	need = ((unsigned char)s[i - 1] & 0xE0) == 0xC0 ? 2
	    : ((unsigned char)s[i - 1] & 0xF0) == 0xE0  ? 3
							: 4;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

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
	trim_partial_utf8(e->message, sizeof e->message);
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
	trim_partial_utf8(e->message, sizeof e->message);
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
