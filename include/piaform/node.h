/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A plain tree of scalars, mappings and sequences: the shape of a YAML file without YAML.
 * Documents keep their answers in it (so unknown keys survive), and loaders read it. Each
 * node remembers where it came from for messages. */
#ifndef PIAFORM_NODE_H
#define PIAFORM_NODE_H

#include <stdbool.h>
#include <stddef.h>

enum node_type { NODE_SCALAR, NODE_MAP, NODE_SEQ };

struct node;

struct node_pair {
	char *key; /* NUL-terminated key text */
	struct node *value; /* owned */
	int line, column; /* where the key stood, 0 when built in memory */
};

struct node {
	enum node_type type;
	int line, column; /* source position, 0 when built in memory */
	char *str; /* scalar text (may contain NUL; use len) */
	size_t len; /* scalar length in bytes */
	struct node_pair *pairs; /* mapping entries in order */
	size_t npairs, pcap;
	struct node **items; /* sequence items in order */
	size_t nitems, icap;
};

/* A scalar holding n bytes of s. */
struct node *node_scalar(const char *s, size_t n);
/* A scalar holding the string s. */
struct node *node_scalar_str(const char *s);
/* An empty mapping. */
struct node *node_map(void);
/* An empty sequence. */
struct node *node_seq(void);
/* Free a tree; accepts NULL and clears the pointer. */
void node_free(struct node **n);
/* A deep copy. */
struct node *node_clone(const struct node *n);
/* True when both trees hold the same content (positions ignored). */
bool node_equal(const struct node *a, const struct node *b);

/* The value of key in mapping m, or NULL (also when m is not a mapping). */
struct node *node_get(const struct node *m, const char *key);
/* The index of key in m, or -1. */
long node_find(const struct node *m, const char *key);
/* Set key to value (taking ownership), replacing the old value in place or appending. */
void node_set(struct node *m, const char *key, struct node *value);
/* Insert key at position pos (clamped), taking ownership of value. */
void node_insert_pair(struct node *m, size_t pos, const char *key, struct node *value);
/* Remove key; returns true when it was there. */
bool node_del(struct node *m, const char *key);
/* Append to a sequence, taking ownership. */
void node_push(struct node *s, struct node *item);
/* Insert into a sequence at pos (clamped), taking ownership. */
void node_insert(struct node *s, size_t pos, struct node *item);
/* Remove and free item pos of a sequence. */
void node_remove(struct node *s, size_t pos);
/* Detach item pos of a sequence without freeing it. */
struct node *node_take(struct node *s, size_t pos);
/* True for a scalar whose text equals s. */
bool node_is(const struct node *n, const char *s);

#endif
