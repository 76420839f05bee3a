/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Growable strings: the one place where piaform builds text of unknown length. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"

static void
grow(struct strbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need < b->len)
		fatal("string too long");
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap * 2 > b->cap ? b->cap * 2 : need;
	b->s = xreallocarray(b->s, b->cap, 1);
}

void
strbuf_add(struct strbuf *b, const void *p, size_t n)
{
	grow(b, n);
	if (n > 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
strbuf_adds(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

void
strbuf_addc(struct strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

void
strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("bad format string %s", fmt);
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

const char *
strbuf_str(const struct strbuf *b)
{
	return b->s != NULL ? b->s : "";
}

char *
strbuf_detach(struct strbuf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
strbuf_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
