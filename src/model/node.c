/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The value tree. Mappings keep insertion order and are searched linearly: documents have
 * a few dozen keys per mapping, where a scan beats any hash. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "piaform/node.h"
#include "piaform/xmalloc.h"

static struct node *
node_new(enum node_type type)
{
	struct node *n = xcalloc(1, sizeof *n);

	n->type = type;
	return n;
}

struct node *
node_scalar(const char *s, size_t len)
{
	struct node *n = node_new(NODE_SCALAR);

	n->str = xmalloc(len + 1);
	if (len > 0)
		memcpy(n->str, s, len);
	n->str[len] = '\0';
	n->len = len;
	return n;
}

struct node *
node_scalar_str(const char *s)
{
	return node_scalar(s, strlen(s));
}

struct node *
node_map(void)
{
	return node_new(NODE_MAP);
}

struct node *
node_seq(void)
{
	return node_new(NODE_SEQ);
}

void
node_free(struct node **np)
{
	struct node *n;
	size_t i;

	if (np == NULL || *np == NULL)
		return;
	n = *np;
	for (i = 0; i < n->npairs; i++) {
		free(n->pairs[i].key);
		node_free(&n->pairs[i].value);
	}
	for (i = 0; i < n->nitems; i++)
		node_free(&n->items[i]);
	free(n->pairs);
	free(n->items);
	free(n->str);
	free(n);
	*np = NULL;
}

struct node *
node_clone(const struct node *n)
{
	struct node *c;
	size_t i;

	if (n == NULL)
		return NULL;
	if (n->type == NODE_SCALAR)
		c = node_scalar(n->str, n->len);
	else
		c = node_new(n->type);
	c->line = n->line;
	c->column = n->column;
	for (i = 0; i < n->npairs; i++) {
		node_set(c, n->pairs[i].key, node_clone(n->pairs[i].value));
		c->pairs[i].line = n->pairs[i].line;
		c->pairs[i].column = n->pairs[i].column;
	}
	for (i = 0; i < n->nitems; i++)
		node_push(c, node_clone(n->items[i]));
	return c;
}

bool
node_equal(const struct node *a, const struct node *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case NODE_SCALAR:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case NODE_MAP:
		if (a->npairs != b->npairs)
			return false;
		for (i = 0; i < a->npairs; i++) {
			if (strcmp(a->pairs[i].key, b->pairs[i].key) != 0 ||
			    !node_equal(a->pairs[i].value, b->pairs[i].value))
				return false;
		}
		return true;
	case NODE_SEQ:
		if (a->nitems != b->nitems)
			return false;
		for (i = 0; i < a->nitems; i++) {
			if (!node_equal(a->items[i], b->items[i]))
				return false;
		}
		return true;
	}
	return false;
}

long
node_find(const struct node *m, const char *key)
{
	size_t i;

	if (m == NULL || m->type != NODE_MAP)
		return -1;
	for (i = 0; i < m->npairs; i++) {
		if (strcmp(m->pairs[i].key, key) == 0)
			return (long)i;
	}
	return -1;
}

struct node *
node_get(const struct node *m, const char *key)
{
	long i = node_find(m, key);

	return i < 0 ? NULL : m->pairs[i].value;
}

void
node_insert_pair(struct node *m, size_t pos, const char *key, struct node *value)
{
	if (m->npairs == m->pcap) {
		m->pcap = m->pcap ? m->pcap * 2 : 8;
		m->pairs = xreallocarray(m->pairs, m->pcap, sizeof *m->pairs);
	}
	if (pos > m->npairs)
		pos = m->npairs;
	memmove(&m->pairs[pos + 1], &m->pairs[pos], (m->npairs - pos) * sizeof *m->pairs);
	m->pairs[pos].key = xstrdup(key);
	m->pairs[pos].value = value;
	m->pairs[pos].line = m->pairs[pos].column = 0;
	m->npairs++;
}

void
node_set(struct node *m, const char *key, struct node *value)
{
	long i = node_find(m, key);

	if (i >= 0) {
		node_free(&m->pairs[i].value);
		m->pairs[i].value = value;
		return;
	}
	node_insert_pair(m, m->npairs, key, value);
}

bool
node_del(struct node *m, const char *key)
{
	long i = node_find(m, key);

	if (i < 0)
		return false;
	free(m->pairs[i].key);
	node_free(&m->pairs[i].value);
	memmove(&m->pairs[i], &m->pairs[i + 1], (m->npairs - (size_t)i - 1) * sizeof *m->pairs);
	m->npairs--;
	return true;
}

void
node_insert(struct node *s, size_t pos, struct node *item)
{
	if (s->nitems == s->icap) {
		s->icap = s->icap ? s->icap * 2 : 4;
		s->items = xreallocarray(s->items, s->icap, sizeof *s->items);
	}
	if (pos > s->nitems)
		pos = s->nitems;
	memmove(&s->items[pos + 1], &s->items[pos], (s->nitems - pos) * sizeof *s->items);
	s->items[pos] = item;
	s->nitems++;
}

void
node_push(struct node *s, struct node *item)
{
	node_insert(s, s->nitems, item);
}

struct node *
node_take(struct node *s, size_t pos)
{
	struct node *n;

	if (pos >= s->nitems)
		return NULL;
	n = s->items[pos];
	memmove(&s->items[pos], &s->items[pos + 1], (s->nitems - pos - 1) * sizeof *s->items);
	s->nitems--;
	return n;
}

void
node_remove(struct node *s, size_t pos)
{
	struct node *n = node_take(s, pos);

	node_free(&n);
}

bool
node_is(const struct node *n, const char *s)
{
	size_t len = strlen(s);

	return n != NULL && n->type == NODE_SCALAR && n->len == len && memcmp(n->str, s, len) == 0;
}
