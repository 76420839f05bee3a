/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bump allocator for data that lives and dies together (a loaded form, a parsed file).
 * One arena_free releases everything. */
#ifndef PIAFORM_ARENA_H
#define PIAFORM_ARENA_H

#include <stddef.h>

struct arena;

/* A new, empty arena. */
struct arena *arena_new(void);
/* Release every allocation and the arena; accepts NULL and clears the pointer. */
void arena_free(struct arena **a);
/* n zeroed bytes, aligned for any type. */
void *arena_alloc(struct arena *a, size_t n);
/* n zeroed elements of size bytes (checked multiplication). */
void *arena_array(struct arena *a, size_t n, size_t size);
/* Copy n bytes of s and terminate them. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Copy a NUL-terminated string (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);

#endif
