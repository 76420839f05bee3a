/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation that never returns NULL: on exhaustion the terminal is restored through the
 * fatal hook and the process aborts. Multiplications are checked for overflow. */
#ifndef PIAFORM_XMALLOC_H
#define PIAFORM_XMALLOC_H

#include <stddef.h>

/* Allocate n bytes (n may be 0). */
void *xmalloc(size_t n);
/* Allocate nmemb zeroed elements of size bytes. */
void *xcalloc(size_t nmemb, size_t size);
/* Resize p to nmemb elements of size bytes, checking the product. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* Duplicate a NUL-terminated string. */
char *xstrdup(const char *s);
/* Duplicate at most n bytes of s and terminate the copy. */
char *xstrndup(const char *s, size_t n);
/* printf into a fresh allocation. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before aborting on a programmer error or exhaustion (the UI restores the terminal). */
void xmalloc_set_fatal_hook(void (*hook)(void));
/* Report a programmer error and abort. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
