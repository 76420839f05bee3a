/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Queries on a loaded form definition. Loading lives in io/formload.c. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "piaform/arena.h"
#include "piaform/form.h"

static const char *const kind_names[] = {
	[FORM_SECTION] = "section",
	[FORM_GROUP] = "group",
	[FORM_TEXT] = "text",
	[FORM_TEXTAREA] = "textarea",
	[FORM_CHOICE] = "choice",
	[FORM_CHECKS] = "checks",
	[FORM_COUNT] = "count",
	[FORM_DATE] = "date",
	[FORM_FLAG] = "flag",
	[FORM_FIXED] = "fixed",
	[FORM_REPEAT] = "repeat",
	[FORM_TABLE] = "table",
};

void
form_free(struct form **f)
{
	struct arena *a;

	if (f == NULL || *f == NULL)
		return;
	a = (*f)->arena; /* the form itself lives in its arena */
	arena_free(&a);
	*f = NULL;
}

bool
form_kind_answerable(enum form_kind k)
{
	switch (k) {
	case FORM_TEXT:
	case FORM_TEXTAREA:
	case FORM_CHOICE:
	case FORM_CHECKS:
	case FORM_COUNT:
	case FORM_DATE:
	case FORM_FLAG:
	case FORM_TABLE:
		return true;
	default:
		return false;
	}
}

const char *
form_kind_name(enum form_kind k)
{
	if ((size_t)k < sizeof kind_names / sizeof kind_names[0])
		return kind_names[k];
	return "?";
}

const struct form_item *
form_child(const struct form *f, const struct form_item *it, const char *id)
{
	struct form_item *const *v = it != NULL ? it->children : f->sections;
	size_t n = it != NULL ? it->nchildren : f->nsections, i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->id, id) == 0)
			return v[i];
	}
	return NULL;
}

const struct form_item *
form_lookup(const struct form *f, const char *dotted)
{
	const struct form_item *it = NULL;
	char part[128];
	const char *p = dotted, *dot;
	size_t n;

	do {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (n == 0 || n >= sizeof part)
			return NULL;
		memcpy(part, p, n);
		part[n] = '\0';
		it = form_child(f, it, part);
		if (it == NULL)
			return NULL;
		p = dot != NULL ? dot + 1 : NULL;
	} while (p != NULL);
	return it;
}

const char *
form_item_dotted(const struct form_item *it, char *buf, size_t size)
{
	const struct form_item *chain[64];
	size_t n = 0, off = 0;

	buf[0] = '\0';
	for (; it != NULL && n < 64; it = it->parent)
		chain[n++] = it;
	while (n-- > 0) {
		int w = snprintf(buf + off, size - off, "%s%s", off ? "." : "", chain[n]->id);
		if (w < 0 || (size_t)w >= size - off)
			break;
		off += (size_t)w;
	}
	return buf;
}

int
form_option_index(const struct form_item *it, const char *text, size_t len)
{
	size_t i;

	if (it->options == NULL)
		return -1;
	for (i = 0; i < it->options->n; i++) {
		const char *o = it->options->v[i].text;
		if (strlen(o) == len && memcmp(o, text, len) == 0)
			return (int)i;
	}
	return -1;
}

const struct form_item *
form_item_repeat_parent(const struct form_item *it)
{
	for (it = it->parent; it != NULL; it = it->parent) {
		if (it->kind == FORM_REPEAT || it->per_file)
			return it;
	}
	return NULL;
}

const struct form_item *
form_item_section(const struct form_item *it)
{
	while (it->parent != NULL)
		it = it->parent;
	return it;
}

static bool
ascii_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
	}
	return true;
}

const char *
form_item_title(const struct form_item *it, char *buf, size_t size)
{
	const char *num = it->num;

	if (num == NULL || strcmp(num, it->label) == 0)
		snprintf(buf, size, "%s", it->label);
	else if (ascii_digits(num))
		snprintf(buf, size, "%s. %s", num, it->label);
	else if (it->kind == FORM_SECTION && strncmp(num, "別添", strlen("別添")) == 0)
		snprintf(buf, size, "(%s) %s", num, it->label);
	else if (it->kind == FORM_SECTION || ((unsigned char)num[0] < 0x80))
		snprintf(buf, size, "%s %s", num, it->label);
	else if (strncmp(num, "\xe2\x91", 2) == 0 || strncmp(num, "\xe2\x92", 2) == 0)
		snprintf(buf, size, "%s%s", num, it->label); /* circled numbers: ①事務の名称 */
	else
		snprintf(buf, size, "%s: %s", num, it->label);
	return buf;
}
