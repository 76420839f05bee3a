/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bump allocation in chunks; large requests get a chunk of their own. */
#include "config.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/arena.h"
#include "piaform/xmalloc.h"

#define CHUNK_SIZE (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct chunk *head;
};

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena **ap)
{
	struct chunk *c, *next;

	if (ap == NULL || *ap == NULL)
		return;
	for (c = (*ap)->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(*ap);
	*ap = NULL;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct chunk *c = a->head;
	size_t size;
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	if (c == NULL || c->size - c->used < n) {
		size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
		c = xmalloc(sizeof *c + size);
		c->used = 0;
		c->size = size;
		if (n > CHUNK_SIZE / 4 && a->head != NULL) {
			/* keep filling the current chunk; park the big one behind it */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

void *
arena_array(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatal("arena allocation overflow (%zu x %zu)", n, size);
	return arena_alloc(a, n * size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}
