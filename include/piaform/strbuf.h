/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A growable byte string, always NUL-terminated, that may also hold NUL bytes. */
#ifndef PIAFORM_STRBUF_H
#define PIAFORM_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *s; /* the bytes, NUL-terminated; NULL until the first add */
	size_t len; /* bytes used, without the terminator */
	size_t cap; /* bytes allocated */
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Append n bytes. */
void strbuf_add(struct strbuf *b, const void *p, size_t n);
/* Append a NUL-terminated string. */
void strbuf_adds(struct strbuf *b, const char *s);
/* Append one byte. */
void strbuf_addc(struct strbuf *b, char c);
/* Append formatted text. */
void strbuf_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Forget the contents but keep the memory. */
void strbuf_reset(struct strbuf *b);
/* The contents ("" when empty, never NULL). */
const char *strbuf_str(const struct strbuf *b);
/* Hand over the contents (never NULL) and reset the buffer. */
char *strbuf_detach(struct strbuf *b);
/* Free the contents. */
void strbuf_free(struct strbuf *b);

#endif
