/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The strict form-definition loader. A definition is parsed into a node tree, then walked
 * with a fixed set of keys per entry; conditions are resolved once the whole tree exists.
 * Every complaint names file:line:column. */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/arena.h"
#include "piaform/formload.h"
#include "piaform/i18n.h"
#include "piaform/path.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

#define MAX_LIBS 8
#define MAX_USE_DEPTH 8

struct lib {
	char *name;
	struct node *root; /* owned unless it came from the loader's cache */
	bool shared;
	const struct node *options; /* mapping or NULL */
	const struct node *blocks; /* mapping or NULL */
};

struct pending {
	struct cond *c;
	const struct form_item *owner;
	const struct node *ref; /* scalar naming the item */
	const struct node *values;
	const char *file;
	struct pending *next;
};

/* Included files parsed once for a whole formset_load: every form includes common.yaml, and
 * parsing it again for each one cost a tenth of the loading time. */
struct libcache {
	char *name[MAX_LIBS];
	struct node *root[MAX_LIBS];
	size_t n;
};

struct loader {
	const struct form_source *src;
	struct libcache *cache; /* NULL: parse included files for this form alone */
	struct form *form;
	struct arena *a;
	struct error *err;
	const char *file; /* file being read */
	struct lib libs[MAX_LIBS];
	size_t nlibs;
	struct node *root; /* the form file's tree */
	const struct node *options; /* the form file's own options */
	const struct node *blocks;
	struct pending *pending;
	struct pending *counts_pending;
	int use_depth;
};

static bool fail(struct loader *l, const struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool
fail(struct loader *l, const struct node *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_at(l->err, l->file, n != NULL ? n->line : 0, n != NULL ? n->column : 0, "%s", msg);
	return false;
}

static bool fail_key(struct loader *l, const struct node *m, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool
fail_key(struct loader *l, const struct node *m, size_t i, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_at(l->err, l->file, m->pairs[i].line, m->pairs[i].column, "%s", msg);
	return false;
}

/* Reject keys outside the allowed list. */
static bool
check_keys(struct loader *l, const struct node *m, const char *const *allowed, const char *what)
{
	size_t i, k;

	for (i = 0; i < m->npairs; i++) {
		for (k = 0; allowed[k] != NULL; k++) {
			if (strcmp(m->pairs[i].key, allowed[k]) == 0)
				break;
		}
		if (allowed[k] == NULL)
			return fail_key(
			    l, m, i, _("unknown key \"%s\" in %s"), m->pairs[i].key, what);
	}
	return true;
}

static const char *
scalar(struct loader *l, const struct node *m, const char *key, bool required, const char *what)
{
	const struct node *n = node_get(m, key);

	if (n == NULL) {
		if (required)
			fail(l, m, _("%s needs \"%s\""), what, key);
		return NULL;
	}
	if (n->type != NODE_SCALAR || n->len == 0 || memchr(n->str, '\0', n->len) != NULL) {
		fail(l, n, _("\"%s\" must be non-empty text"), key);
		return NULL;
	}
	return arena_strndup(l->a, n->str, n->len);
}

/* -1 error, 0 absent/false, 1 true */
static int
boolean(struct loader *l, const struct node *m, const char *key)
{
	const struct node *n = node_get(m, key);

	if (n == NULL)
		return 0;
	if (node_is(n, "true"))
		return 1;
	if (node_is(n, "false"))
		return 0;
	fail(l, n, _("\"%s\" must be true or false"), key);
	return -1;
}

static bool
integer(struct loader *l, const struct node *m, const char *key, int *out)
{
	const struct node *n = node_get(m, key);
	char *end;
	long v;

	if (n == NULL)
		return true;
	if (n->type != NODE_SCALAR || n->len == 0)
		return fail(l, n, _("\"%s\" must be a whole number"), key);
	v = strtol(n->str, &end, 10);
	if (*end != '\0' || v < 0 || v > 1000)
		return fail(l, n, _("\"%s\" must be a whole number from 0 to 1000"), key);
	*out = (int)v;
	return true;
}

/* --- libraries --- */

static struct node *
read_source(struct loader *l, const char *name, struct error *err)
{
	size_t i, len;
	char *path, *buf;
	struct node *n;

	if (strchr(name, '/') != NULL || name[0] == '.') {
		error_at(
		    err, l->file, 0, 0, _("\"%s\": only plain file names can be included"), name);
		return NULL;
	}
	if (l->src == NULL) {
		error_at(err, name, 0, 0, _("no form directory to read it from"));
		return NULL;
	}
	if (l->src->dir == NULL) {
		for (i = 0; i < l->src->nfiles; i++) {
			if (strcmp(l->src->files[i].name, name) == 0)
				return yamlio_parse(
				    l->src->files[i].data, l->src->files[i].len, name, err);
		}
		error_at(err, name, 0, 0, _("no such built-in form file"));
		return NULL;
	}
	path = xasprintf("%s/%s", l->src->dir, name);
	buf = yamlio_read_file(path, YAMLIO_MAX_BYTES, &len, err);
	n = buf != NULL ? yamlio_parse(buf, len, path, err) : NULL;
	free(buf);
	free(path);
	return n;
}

static bool
load_include(struct loader *l, const struct node *name)
{
	static const char *const keys[] = { "library", "options", "blocks", NULL };
	struct lib *lib;
	const char *saved = l->file;
	bool ok;

	if (name->type != NODE_SCALAR)
		return fail(l, name, _("include names files"));
	if (l->nlibs == MAX_LIBS)
		return fail(l, name, _("too many included files"));
	lib = &l->libs[l->nlibs];
	lib->root = NULL;
	lib->shared = false;
	for (size_t i = 0; l->cache != NULL && i < l->cache->n && lib->root == NULL; i++) {
		if (strcmp(l->cache->name[i], name->str) == 0) {
			lib->root = l->cache->root[i];
			lib->shared = true;
		}
	}
	if (lib->root == NULL) {
		lib->root = read_source(l, name->str, l->err);
		if (lib->root == NULL)
			return false;
		if (l->cache != NULL && l->cache->n < MAX_LIBS) {
			l->cache->name[l->cache->n] = xstrdup(name->str);
			l->cache->root[l->cache->n++] = lib->root;
			lib->shared = true;
		}
	}
	lib->name = xstrdup(name->str);
	l->nlibs++;
	l->file = arena_strdup(l->a, name->str);
	ok = lib->root->type == NODE_MAP
	    ? check_keys(l, lib->root, keys, _("an included file"))
	    : fail(l, lib->root, _("an included file must be a mapping"));
	if (ok && node_get(lib->root, "options") != NULL &&
	    node_get(lib->root, "options")->type != NODE_MAP)
		ok = fail(l, node_get(lib->root, "options"), _("\"options\" must be a mapping"));
	if (ok && node_get(lib->root, "blocks") != NULL &&
	    node_get(lib->root, "blocks")->type != NODE_MAP)
		ok = fail(l, node_get(lib->root, "blocks"), _("\"blocks\" must be a mapping"));
	lib->options = node_get(lib->root, "options");
	lib->blocks = node_get(lib->root, "blocks");
	l->file = saved;
	return ok;
}

/* --- option lists --- */

static struct form_optlist *
parse_optlist(struct loader *l, const struct node *n, const char *name)
{
	static const char *const keys[] = { "text", "free", "exclusive", NULL };
	struct form_optlist *ol;
	size_t i, j;

	if (n->type != NODE_SEQ || n->nitems == 0) {
		fail(l, n, _("an option list must be a non-empty list"));
		return NULL;
	}
	ol = arena_alloc(l->a, sizeof *ol);
	ol->name = name;
	ol->n = n->nitems;
	ol->v = arena_array(l->a, n->nitems, sizeof *ol->v);
	for (i = 0; i < n->nitems; i++) {
		const struct node *o = n->items[i];
		struct form_option *opt = &ol->v[i];
		int b;

		if (o->type == NODE_SCALAR) {
			if (o->len == 0) {
				fail(l, o, _("an option text cannot be empty"));
				return NULL;
			}
			opt->text = arena_strndup(l->a, o->str, o->len);
		} else if (o->type == NODE_MAP) {
			if (!check_keys(l, o, keys, _("an option")))
				return NULL;
			opt->text = scalar(l, o, "text", true, _("an option"));
			if (opt->text == NULL)
				return NULL;
			if ((b = boolean(l, o, "free")) < 0)
				return NULL;
			opt->free = b;
			if ((b = boolean(l, o, "exclusive")) < 0)
				return NULL;
			opt->exclusive = b;
		} else {
			fail(l, o, _("an option is its text or a mapping with \"text\""));
			return NULL;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(ol->v[j].text, opt->text) == 0) {
				fail(l, o, _("option \"%s\" appears twice"), opt->text);
				return NULL;
			}
		}
	}
	return ol;
}

/* $name: the form's own lists first, then each included file's. */
static const struct form_optlist *
named_optlist(struct loader *l, const struct node *ref)
{
	const char *name = ref->str + 1;
	const struct node *def = NULL;
	const char *saved = l->file;
	struct form_optlist *ol;
	size_t i;

	def = node_get(l->options, name);
	for (i = 0; def == NULL && i < l->nlibs; i++) {
		def = node_get(l->libs[i].options, name);
		if (def != NULL)
			l->file = arena_strdup(l->a, l->libs[i].name);
	}
	if (def == NULL) {
		fail(l, ref, _("no option list named \"%s\""), name);
		return NULL;
	}
	ol = parse_optlist(l, def, arena_strdup(l->a, name));
	l->file = saved;
	return ol;
}

/* --- items --- */

static const char *const item_keys[] = { "id", "num", "label", "kind", "items", "important",
	"except", "optional", "gov_only", "required", "note", "help", "path", "na_if", "warn_if",
	"options", "counts", "month", "suffix", "text", "template", "instance", "min", "max",
	"title", "columns", "per_file", NULL };

static const struct {
	const char *name;
	enum form_kind kind;
} kinds[] = {
	{ "group", FORM_GROUP },
	{ "text", FORM_TEXT },
	{ "textarea", FORM_TEXTAREA },
	{ "choice", FORM_CHOICE },
	{ "checks", FORM_CHECKS },
	{ "count", FORM_COUNT },
	{ "date", FORM_DATE },
	{ "flag", FORM_FLAG },
	{ "fixed", FORM_FIXED },
	{ "repeat", FORM_REPEAT },
	{ "table", FORM_TABLE },
};

static bool
valid_id(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (s++; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	}
	return true;
}

struct itemvec {
	struct form_item **v;
	size_t n, cap;
};

static void
itemvec_push(struct itemvec *iv, struct form_item *it)
{
	if (iv->n == iv->cap) {
		iv->cap = iv->cap ? iv->cap * 2 : 8;
		iv->v = xreallocarray(iv->v, iv->cap, sizeof *iv->v);
	}
	iv->v[iv->n++] = it;
}

static bool parse_items(struct loader *l, const struct node *list, struct form_item *parent,
    struct itemvec *out, bool columns);

static struct cond *
parse_cond(struct loader *l, const struct form_item *owner, const struct node *n, bool list_is_any);

static struct cond *
parse_cond(struct loader *l, const struct form_item *owner, const struct node *n, bool list_is_any)
{
	static const char *const keys[] = { "item", "is", "is_not", "has", "lacks", "answered",
		"all", "any", "not", "reason", NULL };
	static const char *const ops[] = { "is", "is_not", "has", "lacks", "answered", "all", "any",
		"not" };
	struct cond *c = arena_alloc(l->a, sizeof *c);
	const struct node *opnode = NULL;
	size_t i, nops = 0;

	c->flag = -1;
	if (n->type == NODE_SEQ && list_is_any) {
		c->op = COND_ANY;
		opnode = n;
		goto operands;
	}
	if (n->type != NODE_MAP) {
		fail(l, n, _("a condition must be a mapping"));
		return NULL;
	}
	if (!check_keys(l, n, keys, _("a condition")))
		return NULL;
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if (node_get(n, ops[i]) != NULL) {
			nops++;
			c->op = (enum cond_op)i;
			opnode = node_get(n, ops[i]);
		}
	}
	if (nops != 1) {
		fail(l, n,
		    _("a condition needs exactly one of is, is_not, has, lacks, answered, all, "
		      "any, not"));
		return NULL;
	}
	if (node_get(n, "reason") != NULL)
		c->reason = scalar(l, n, "reason", true, _("a condition"));
	if (c->op <= COND_ANSWERED) {
		struct pending *p = arena_alloc(l->a, sizeof *p);
		const struct node *ref = node_get(n, "item");

		if (ref == NULL || ref->type != NODE_SCALAR) {
			fail(l, n, _("a condition with \"%s\" needs \"item\""), ops[c->op]);
			return NULL;
		}
		p->c = c;
		p->owner = owner;
		p->ref = ref;
		p->values = opnode;
		p->file = l->file;
		p->next = l->pending;
		l->pending = p;
		return c;
	}
	if (node_get(n, "item") != NULL) {
		fail(l, node_get(n, "item"), _("\"item\" does not go with \"%s\""), ops[c->op]);
		return NULL;
	}
	if (c->op == COND_NOT) {
		c->nsub = 1;
		c->sub = arena_alloc(l->a, sizeof *c->sub);
		c->sub[0] = parse_cond(l, owner, opnode, false);
		return c->sub[0] != NULL ? c : NULL;
	}
operands:
	if (opnode->type != NODE_SEQ || opnode->nitems == 0) {
		fail(l, opnode, _("all/any take a non-empty list of conditions"));
		return NULL;
	}
	c->nsub = opnode->nitems;
	c->sub = arena_array(l->a, c->nsub, sizeof *c->sub);
	for (i = 0; i < c->nsub; i++) {
		c->sub[i] = parse_cond(l, owner, opnode->items[i], false);
		if (c->sub[i] == NULL)
			return NULL;
	}
	return c;
}

static bool
parse_warns(struct loader *l, struct form_item *it, const struct node *n)
{
	static const char *const keys[] = { "if", "message", NULL };
	size_t i;

	if (n->type != NODE_SEQ || n->nitems == 0)
		return fail(l, n, _("warn_if must be a list of {if, message}"));
	it->nwarns = n->nitems;
	it->warns = arena_array(l->a, n->nitems, sizeof *it->warns);
	for (i = 0; i < n->nitems; i++) {
		const struct node *w = n->items[i];
		if (w->type != NODE_MAP)
			return fail(
			    l, w, _("warn_if entries are mappings with \"if\" and \"message\""));
		if (!check_keys(l, w, keys, _("a warn_if entry")))
			return false;
		if (node_get(w, "if") == NULL)
			return fail(l, w, _("a warn_if entry needs \"if\""));
		it->warns[i].message = scalar(l, w, "message", true, _("a warn_if entry"));
		if (it->warns[i].message == NULL)
			return false;
		it->warns[i].cond = parse_cond(l, it, node_get(w, "if"), false);
		if (it->warns[i].cond == NULL)
			return false;
	}
	return true;
}

static bool
parse_kind(struct loader *l, const struct node *m, struct form_item *it, bool top)
{
	const struct node *k = node_get(m, "kind");
	size_t i;

	if (top) {
		if (k != NULL)
			return fail(l, k, _("a section has no \"kind\""));
		it->kind = FORM_SECTION;
		return true;
	}
	if (k == NULL) {
		if (node_get(m, "items") == NULL)
			return fail(l, m, _("an item needs \"kind\" (or \"items\" for a group)"));
		it->kind = FORM_GROUP;
		return true;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (node_is(k, kinds[i].name)) {
			it->kind = kinds[i].kind;
			return true;
		}
	}
	return fail(l, k, _("unknown kind \"%s\""), k->type == NODE_SCALAR ? k->str : "?");
}

/* Keys that only make sense for some kinds. */
static bool
check_kind_keys(struct loader *l, const struct node *m, const struct form_item *it)
{
	static const struct {
		const char *key;
		unsigned kinds;
	} only[] = {
		{ "items", 1u << FORM_SECTION | 1u << FORM_GROUP | 1u << FORM_REPEAT },
		{ "options", 1u << FORM_CHOICE | 1u << FORM_CHECKS },
		{ "counts", 1u << FORM_COUNT },
		{ "month", 1u << FORM_DATE },
		{ "suffix", 1u << FORM_DATE | 1u << FORM_COUNT },
		{ "text", 1u << FORM_FIXED },
		{ "template", 1u << FORM_TEXTAREA | 1u << FORM_TEXT },
		{ "instance", 1u << FORM_REPEAT },
		{ "min", 1u << FORM_REPEAT },
		{ "max", 1u << FORM_REPEAT },
		{ "title", 1u << FORM_REPEAT },
		{ "columns", 1u << FORM_TABLE },
		{ "per_file", 1u << FORM_SECTION },
		{ "except", 1u << FORM_SECTION | 1u << FORM_GROUP | 1u << FORM_REPEAT },
	};
	size_t i;
	long at;

	for (i = 0; i < sizeof only / sizeof only[0]; i++) {
		at = node_find(m, only[i].key);
		if (at >= 0 && !(only[i].kinds & (1u << it->kind)))
			return fail_key(l, m, (size_t)at, _("\"%s\" does not apply to a %s"),
			    only[i].key, form_kind_name(it->kind));
	}
	return true;
}

static struct form_item *
parse_item(struct loader *l, const struct node *m, struct form_item *parent, bool columns)
{
	struct form_item *it = arena_alloc(l->a, sizeof *it);
	const struct node *n;
	int b;

	it->parent = parent;
	it->line = m->line;
	it->column = m->column;
	it->file = l->file;
	it->required = true;
	if (!check_keys(l, m, item_keys, _("an item")))
		return NULL;
	if ((it->id = scalar(l, m, "id", true, parent == NULL ? "a section" : "an item")) == NULL)
		return NULL;
	if (!valid_id(it->id)) {
		fail(l, node_get(m, "id"),
		    _("id \"%s\" must be lower-case ASCII letters, digits and _,"
		      " starting with a letter"),
		    it->id);
		return NULL;
	}
	if (node_get(m, "num") != NULL && (it->num = scalar(l, m, "num", true, "")) == NULL)
		return NULL;
	if ((it->label = scalar(l, m, "label", true, _("an item"))) == NULL)
		return NULL;
	if (!parse_kind(l, m, it, parent == NULL && !columns))
		return NULL;
	if (columns && !form_kind_answerable(it->kind)) {
		fail(l, m, _("a table column must hold an answer"));
		return NULL;
	}
	if (columns && (it->kind == FORM_TABLE || it->kind == FORM_FLAG)) {
		fail(l, m, _("a table column cannot be a %s"), form_kind_name(it->kind));
		return NULL;
	}
	if (!check_kind_keys(l, m, it))
		return NULL;
	if (node_get(m, "path") != NULL && (it->segment = scalar(l, m, "path", true, "")) == NULL)
		return NULL;
	if (it->segment == NULL)
		it->segment = it->num != NULL ? it->num : it->label;
	if ((b = boolean(l, m, "important")) < 0)
		return NULL;
	if (b)
		it->marks |= MARK_IMPORTANT;
	if ((b = boolean(l, m, "optional")) < 0)
		return NULL;
	if (b)
		it->marks |= MARK_OPTIONAL;
	if ((b = boolean(l, m, "gov_only")) < 0)
		return NULL;
	if (b)
		it->marks |= MARK_GOV_ONLY;
	n = node_get(m, "required");
	if (n != NULL) {
		if ((b = boolean(l, m, "required")) < 0)
			return NULL;
		it->required = b;
	}
	if ((b = boolean(l, m, "per_file")) < 0)
		return NULL;
	it->per_file = b;
	if ((b = boolean(l, m, "month")) < 0)
		return NULL;
	it->month = b;
	if ((b = boolean(l, m, "title")) < 0)
		return NULL;
	it->titled = b;
	if (node_get(m, "note") != NULL && (it->note = scalar(l, m, "note", true, "")) == NULL)
		return NULL;
	if (node_get(m, "help") != NULL && (it->help = scalar(l, m, "help", true, "")) == NULL)
		return NULL;
	if (node_get(m, "suffix") != NULL &&
	    (it->suffix = scalar(l, m, "suffix", true, "")) == NULL)
		return NULL;
	if (node_get(m, "template") != NULL &&
	    (it->tmpl = scalar(l, m, "template", true, "")) == NULL)
		return NULL;
	if (it->kind == FORM_FIXED &&
	    (it->fixed = scalar(l, m, "text", true, _("a fixed item"))) == NULL)
		return NULL;

	if (it->kind == FORM_CHOICE || it->kind == FORM_CHECKS) {
		n = node_get(m, "options");
		if (n == NULL) {
			fail(l, m, _("a %s needs \"options\""), form_kind_name(it->kind));
			return NULL;
		}
		if (n->type == NODE_SCALAR && n->len > 1 && n->str[0] == '$')
			it->options = named_optlist(l, n);
		else
			it->options = parse_optlist(l, n, NULL);
		if (it->options == NULL)
			return NULL;
		if (it->kind == FORM_CHOICE) {
			for (size_t i = 0; i < it->options->n; i++) {
				if (it->options->v[i].free || it->options->v[i].exclusive) {
					fail(l, n,
					    _("free and exclusive options belong to check lists"));
					return NULL;
				}
			}
		}
	}
	if (it->kind == FORM_REPEAT) {
		it->min = 0;
		it->max = 20;
		if (!integer(l, m, "min", &it->min) || !integer(l, m, "max", &it->max))
			return NULL;
		if (it->max < 1) {
			fail(l, node_get(m, "max"), _("a repeat needs max of at least 1"));
			return NULL;
		}
		if (it->min > it->max) {
			fail(l, node_get(m, "min"), _("min (%d) is larger than max (%d)"), it->min,
			    it->max);
			return NULL;
		}
		if ((it->instance = scalar(l, m, "instance", true, _("a repeat"))) == NULL)
			return NULL;
	}
	if (it->kind == FORM_COUNT) {
		n = node_get(m, "counts");
		if (n != NULL) {
			struct pending *p = arena_alloc(l->a, sizeof *p);
			if (n->type != NODE_SCALAR) {
				fail(l, n, _("\"counts\" names a repeat"));
				return NULL;
			}
			p->owner = it;
			p->ref = n;
			p->file = l->file;
			p->next = l->counts_pending;
			l->counts_pending = p;
		}
	}

	/* children */
	n = node_get(m, it->kind == FORM_TABLE ? "columns" : "items");
	if (it->kind == FORM_SECTION || it->kind == FORM_GROUP || it->kind == FORM_REPEAT ||
	    it->kind == FORM_TABLE) {
		struct itemvec iv = { 0 };
		if (n == NULL) {
			fail(l, m, _("a %s needs \"%s\""), form_kind_name(it->kind),
			    it->kind == FORM_TABLE ? "columns" : "items");
			return NULL;
		}
		if (!parse_items(l, n, it, &iv, it->kind == FORM_TABLE)) {
			free(iv.v);
			return NULL;
		}
		if (iv.n == 0) {
			free(iv.v);
			fail(l, n, _("an empty list of items"));
			return NULL;
		}
		it->nchildren = iv.n;
		it->children = arena_array(l->a, iv.n, sizeof *it->children);
		memcpy(it->children, iv.v, iv.n * sizeof *iv.v);
		free(iv.v);
		if (it->kind == FORM_REPEAT && it->titled) {
			for (size_t i = 0; i < it->nchildren; i++) {
				if (strcmp(it->children[i]->id, "title") == 0) {
					fail(l, m,
					    _("\"title\" is reserved for the instance title"));
					return NULL;
				}
			}
		}
	}

	n = node_get(m, "na_if");
	if (n != NULL && (it->na_if = parse_cond(l, it, n, true)) == NULL)
		return NULL;
	n = node_get(m, "warn_if");
	if (n != NULL && !parse_warns(l, it, n))
		return NULL;
	return it;
}

static bool
parse_items(struct loader *l, const struct node *list, struct form_item *parent,
    struct itemvec *out, bool columns)
{
	size_t i, j;

	if (list->type != NODE_SEQ)
		return fail(l, list, _("expected a list of items"));
	for (i = 0; i < list->nitems; i++) {
		const struct node *m = list->items[i];
		const struct node *use;

		if (m->type != NODE_MAP)
			return fail(l, m, _("an item must be a mapping"));
		use = node_get(m, "use");
		if (use != NULL) {
			const struct node *block = NULL;
			const char *saved = l->file;
			bool ok;

			if (m->npairs != 1)
				return fail(l, m, _("\"use\" stands alone in its entry"));
			if (use->type != NODE_SCALAR)
				return fail(l, use, _("\"use\" names a block"));
			block = node_get(l->blocks, use->str);
			for (j = 0; block == NULL && j < l->nlibs; j++) {
				block = node_get(l->libs[j].blocks, use->str);
				if (block != NULL)
					l->file = arena_strdup(l->a, l->libs[j].name);
			}
			if (block == NULL)
				return fail(l, use, _("no block named \"%s\""), use->str);
			if (++l->use_depth > MAX_USE_DEPTH) {
				l->file = saved;
				return fail(l, use, _("blocks used inside each other too deeply"));
			}
			ok = parse_items(l, block, parent, out, columns);
			l->use_depth--;
			l->file = saved;
			if (!ok)
				return false;
			continue;
		}
		struct form_item *it = parse_item(l, m, parent, columns);
		if (it == NULL)
			return false;
		for (j = 0; j < out->n; j++) {
			if (strcmp(out->v[j]->id, it->id) == 0)
				return fail(l, node_get(m, "id"),
				    _("duplicate id \"%s\" (first at line %d)"), it->id,
				    out->v[j]->line);
			/* fixed text has no path of its own, so it may repeat a label */
			if (it->kind != FORM_FIXED && out->v[j]->kind != FORM_FIXED &&
			    path_segment_equal(out->v[j]->segment, it->segment))
				return fail(l, m,
				    _("path segment \"%s\" is used twice here (first at line "
				      "%d); give one a \"path\""),
				    it->segment, out->v[j]->line);
		}
		itemvec_push(out, it);
	}
	return true;
}

/* --- second pass --- */

static bool
resolve_values(struct loader *l, struct pending *p)
{
	struct cond *c = p->c;
	const struct form_item *ref = c->ref;
	const struct node *v = p->values;
	size_t i;

	if (c->op == COND_ANSWERED) {
		if (node_is(v, "true"))
			c->flag = 1;
		else if (node_is(v, "false"))
			c->flag = 0;
		else
			return fail(l, v, _("\"answered\" must be true or false"));
		return true;
	}
	if (ref->kind == FORM_FLAG) {
		if (c->op != COND_IS && c->op != COND_IS_NOT)
			return fail(l, v, _("a flag is tested with is: true or is: false"));
		if (node_is(v, "true"))
			c->flag = 1;
		else if (node_is(v, "false"))
			c->flag = 0;
		else
			return fail(l, v, _("a flag is tested with is: true or is: false"));
		return true;
	}
	if ((c->op == COND_IS || c->op == COND_IS_NOT) && ref->kind != FORM_CHOICE)
		return fail(l, v, _("is/is_not test a choice or a flag; \"%s\" is a %s"),
		    ref->label, form_kind_name(ref->kind));
	if ((c->op == COND_HAS || c->op == COND_LACKS) && ref->kind != FORM_CHECKS)
		return fail(l, v, _("has/lacks test a check list; \"%s\" is a %s"), ref->label,
		    form_kind_name(ref->kind));
	if (v->type == NODE_SCALAR) {
		c->nvalues = 1;
		c->values = arena_alloc(l->a, sizeof *c->values);
		c->values[0] = arena_strndup(l->a, v->str, v->len);
	} else if (v->type == NODE_SEQ && v->nitems > 0) {
		c->nvalues = v->nitems;
		c->values = arena_array(l->a, v->nitems, sizeof *c->values);
		for (i = 0; i < v->nitems; i++) {
			if (v->items[i]->type != NODE_SCALAR)
				return fail(l, v->items[i], _("option texts expected"));
			c->values[i] = arena_strndup(l->a, v->items[i]->str, v->items[i]->len);
		}
	} else {
		return fail(l, v, _("an option text or a list of them expected"));
	}
	for (i = 0; i < c->nvalues; i++) {
		if (form_option_index(ref, c->values[i], strlen(c->values[i])) < 0) {
			const struct node *at = v->type == NODE_SEQ ? v->items[i] : v;
			return fail(
			    l, at, _("\"%s\" has no option \"%s\""), ref->label, c->values[i]);
		}
	}
	return true;
}

static bool
resolve(struct loader *l)
{
	struct pending *p;

	for (p = l->pending; p != NULL; p = p->next) {
		l->file = p->file;
		p->c->ref = form_lookup(l->form, p->ref->str);
		if (p->c->ref == NULL)
			return fail(l, p->ref,
			    _("no item \"%s\" (write the ids from the section down, "
			      "joined by dots)"),
			    p->ref->str);
		if (!form_kind_answerable(p->c->ref->kind))
			return fail(l, p->ref, _("\"%s\" is a %s and holds no answer"), p->ref->str,
			    form_kind_name(p->c->ref->kind));
		if (!resolve_values(l, p))
			return false;
	}
	for (p = l->counts_pending; p != NULL; p = p->next) {
		const struct form_item *r = form_lookup(l->form, p->ref->str);
		l->file = p->file;
		if (r == NULL || r->kind != FORM_REPEAT)
			return fail(l, p->ref,
			    _("\"counts\" must name a repeat; \"%s\" is not one"), p->ref->str);
		((struct form_item *)p->owner)->counts = r;
	}
	return true;
}

/* ※ and required-ness flow down the tree; `except` switches ※ off for a subtree. */
static void
propagate(struct form_item *it, bool important, bool optional)
{
	size_t i;

	it->important = important || (it->marks & MARK_IMPORTANT);
	if (optional || (it->marks & MARK_OPTIONAL))
		it->required = false;
	for (i = 0; i < it->nchildren; i++)
		propagate(it->children[i], it->important, !it->required);
}

static bool
apply_except(struct loader *l, struct form_item *it, const struct node *m)
{
	const struct node *ex = node_get(m, "except");
	size_t i;

	if (ex == NULL)
		return true;
	if (!(it->marks & MARK_IMPORTANT))
		return fail(l, ex, _("\"except\" goes with important: true"));
	if (ex->type != NODE_SEQ)
		return fail(l, ex, _("\"except\" is a list of ids below this entry"));
	for (i = 0; i < ex->nitems; i++) {
		const struct node *e = ex->items[i];
		char dotted[512];
		const struct form_item *t;

		if (e->type != NODE_SCALAR)
			return fail(l, e, _("\"except\" lists ids"));
		form_item_dotted(it, dotted, sizeof dotted);
		strncat(dotted, ".", sizeof dotted - strlen(dotted) - 1);
		strncat(dotted, e->str, sizeof dotted - strlen(dotted) - 1);
		t = form_lookup(l->form, dotted);
		if (t == NULL)
			return fail(l, e, _("no item \"%s\" below \"%s\""), e->str, it->label);
		/* clear ※ on the subtree unless marked there explicitly */
		struct form_item *stack[256];
		size_t sp = 0;
		stack[sp++] = (struct form_item *)t;
		while (sp > 0) {
			struct form_item *x = stack[--sp];
			x->important = (x->marks & MARK_IMPORTANT) != 0;
			for (size_t k = 0; k < x->nchildren && sp < 256; k++)
				stack[sp++] = x->children[k];
		}
	}
	return true;
}

/* The except lists need the source nodes; walk definitions and items in parallel. */
static bool
apply_excepts(struct loader *l, struct form_item **items, size_t n, const struct node *list);

static bool
apply_excepts_block(
    struct loader *l, struct form_item **items, size_t n, size_t *pos, const struct node *list)
{
	size_t i, j;

	for (i = 0; i < list->nitems && *pos <= n; i++) {
		const struct node *m = list->items[i];
		const struct node *use = node_get(m, "use");
		if (use != NULL) {
			const struct node *block = node_get(l->blocks, use->str);
			for (j = 0; block == NULL && j < l->nlibs; j++)
				block = node_get(l->libs[j].blocks, use->str);
			if (block != NULL && !apply_excepts_block(l, items, n, pos, block))
				return false;
			continue;
		}
		if (*pos >= n)
			return true;
		struct form_item *it = items[(*pos)++];
		if (!apply_except(l, it, m))
			return false;
		const struct node *kids = node_get(m, it->kind == FORM_TABLE ? "columns" : "items");
		if (kids != NULL && !apply_excepts(l, it->children, it->nchildren, kids))
			return false;
	}
	return true;
}

static bool
apply_excepts(struct loader *l, struct form_item **items, size_t n, const struct node *list)
{
	size_t pos = 0;

	return apply_excepts_block(l, items, n, &pos, list);
}

static void
number(struct form *f, struct form_item *it, struct itemvec *all)
{
	size_t i;

	it->index = all->n;
	itemvec_push(all, it);
	for (i = 0; i < it->nchildren; i++)
		number(f, it->children[i], all);
}

static struct form *
load(struct loader *l, const char *name, struct node *root)
{
	static const char *const keys[] = { "form", "title", "revision", "include", "options",
		"blocks", "sections", NULL };
	const struct node *n;
	struct itemvec iv = { 0 }, all = { 0 };
	struct form *f;
	size_t i;

	l->a = arena_new();
	f = arena_alloc(l->a, sizeof *f);
	f->arena = l->a;
	l->form = f;
	l->root = root;
	l->file = arena_strdup(l->a, name);
	f->source = l->file;
	if (root->type != NODE_MAP) {
		fail(l, root, _("a form definition must be a mapping"));
		goto bad;
	}
	if (!check_keys(l, root, keys, _("a form definition")))
		goto bad;
	if ((f->id = scalar(l, root, "form", true, _("a form definition"))) == NULL ||
	    (f->title = scalar(l, root, "title", true, _("a form definition"))) == NULL ||
	    (f->revision = scalar(l, root, "revision", true, _("a form definition"))) == NULL)
		goto bad;
	if (!valid_id(f->id)) {
		fail(
		    l, node_get(root, "form"), _("form id \"%s\" must be lower-case ASCII"), f->id);
		goto bad;
	}
	n = node_get(root, "options");
	if (n != NULL && n->type != NODE_MAP) {
		fail(l, n, _("\"options\" must be a mapping of named lists"));
		goto bad;
	}
	l->options = n;
	n = node_get(root, "blocks");
	if (n != NULL && n->type != NODE_MAP) {
		fail(l, n, _("\"blocks\" must be a mapping of named item lists"));
		goto bad;
	}
	l->blocks = n;
	n = node_get(root, "include");
	if (n != NULL) {
		if (n->type != NODE_SEQ) {
			fail(l, n, _("\"include\" is a list of file names"));
			goto bad;
		}
		for (i = 0; i < n->nitems; i++) {
			if (!load_include(l, n->items[i]))
				goto bad;
		}
	}
	/* named lists are checked even when unused, so a typo never hides */
	for (i = 0; l->options != NULL && i < l->options->npairs; i++) {
		if (parse_optlist(l, l->options->pairs[i].value, l->options->pairs[i].key) == NULL)
			goto bad;
	}
	n = node_get(root, "sections");
	if (n == NULL) {
		fail(l, root, _("a form definition needs \"sections\""));
		goto bad;
	}
	if (!parse_items(l, n, NULL, &iv, false))
		goto bad;
	if (iv.n == 0) {
		fail(l, n, _("a form needs at least one section"));
		goto bad;
	}
	f->nsections = iv.n;
	f->sections = arena_array(l->a, iv.n, sizeof *f->sections);
	memcpy(f->sections, iv.v, iv.n * sizeof *iv.v);
	if (!resolve(l))
		goto bad;
	l->file = f->source;
	for (i = 0; i < f->nsections; i++)
		propagate(f->sections[i], false, false);
	if (!apply_excepts(l, f->sections, f->nsections, n))
		goto bad;
	for (i = 0; i < f->nsections; i++)
		number(f, f->sections[i], &all);
	f->nall = all.n;
	f->all = arena_array(l->a, all.n, sizeof *f->all);
	memcpy(f->all, all.v, all.n * sizeof *all.v);
	free(all.v);
	free(iv.v);
	return f;
bad:
	free(iv.v);
	free(all.v);
	arena_free(&l->a);
	return NULL;
}

static void
loader_done(struct loader *l)
{
	size_t i;

	for (i = 0; i < l->nlibs; i++) {
		free(l->libs[i].name);
		if (!l->libs[i].shared)
			node_free(&l->libs[i].root);
	}
}

static void
libcache_clear(struct libcache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->name[i]);
		node_free(&c->root[i]);
	}
	c->n = 0;
}

struct form *
formload_buffer(
    const struct form_source *src, const char *name, const char *buf, size_t len, struct error *err)
{
	struct loader l;
	struct node *root;
	struct form *f;

	memset(&l, 0, sizeof l);
	l.src = src;
	l.err = err;
	root = yamlio_parse(buf, len, name, err);
	if (root == NULL)
		return NULL;
	f = load(&l, name, root);
	loader_done(&l);
	node_free(&root);
	return f;
}

static struct form *
load_file(
    const struct form_source *src, const char *name, struct libcache *cache, struct error *err)
{
	struct loader l;
	struct node *root;
	struct form *f;

	memset(&l, 0, sizeof l);
	l.src = src;
	l.cache = cache;
	l.err = err;
	l.file = name;
	root = read_source(&l, name, err);
	if (root == NULL)
		return NULL;
	f = load(&l, src->dir != NULL ? name : name, root);
	if (f != NULL && src->dir != NULL) {
		char *path = xasprintf("%s/%s", src->dir, name);
		f->source = arena_strdup(f->arena, path);
		free(path);
	}
	loader_done(&l);
	node_free(&root);
	return f;
}

struct form *
formload_file(const struct form_source *src, const char *name, struct error *err)
{
	return load_file(src, name, NULL, err);
}

/* --- the set of forms --- */

static int
order_of(const char *id)
{
	static const char *const order[] = { "kiso", "juten", "zenkomoku" };
	int i;

	for (i = 0; i < 3; i++) {
		if (strcmp(order[i], id) == 0)
			return i;
	}
	return 3;
}

static int
cmp_forms(const void *a, const void *b)
{
	const struct form *x = *(struct form *const *)a, *y = *(struct form *const *)b;
	int ox = order_of(x->id), oy = order_of(y->id);

	return ox != oy ? ox - oy : strcmp(x->id, y->id);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A form file declares `form:`; libraries do not. Checked on the text to avoid a parse. */
static bool
declares_form(const char *buf, size_t len, const char *only)
{
	size_t i = 0, n = only != NULL ? strlen(only) : 0;

	while (i < len) {
		if (len - i >= 5 && memcmp(buf + i, "form:", 5) == 0) {
			size_t j = i + 5;
			if (only == NULL)
				return true;
			while (j < len && buf[j] == ' ')
				j++;
			return len - j >= n && memcmp(buf + j, only, n) == 0 &&
			    (j + n == len || buf[j + n] == '\n' || buf[j + n] == ' ' ||
				buf[j + n] == '\r');
		}
		while (i < len && buf[i] != '\n')
			i++;
		i++;
	}
	return false;
}

static struct formset *load_set(const struct form_source *src, const char *only, struct error *err);

struct formset *
formset_load(const struct form_source *src, struct error *err)
{
	return load_set(src, NULL, err);
}

struct formset *
formset_load_for(const struct form_source *src, const char *document, struct error *err)
{
	char head[4096], id[64];
	size_t n = 0, i, k;
	FILE *f = fopen(document, "rb");

	/* the form a document names sits in its first lines: load only that one */
	if (f != NULL) {
		n = fread(head, 1, sizeof head - 1, f);
		fclose(f);
	}
	head[n] = '\0';
	for (i = 0; i < n; i = k + 1) {
		for (k = i; k < n && head[k] != '\n'; k++)
			;
		if (k - i > 6 && memcmp(head + i, "form: ", 6) == 0 && k - i - 6 < sizeof id) {
			struct formset *fs;
			memcpy(id, head + i + 6, k - i - 6);
			id[k - i - 6] = '\0';
			fs = load_set(src, id, err);
			if (fs == NULL || fs->n > 0)
				return fs;
			formset_free(&fs);
			break;
		}
	}
	return load_set(src, NULL, err);
}

static struct formset *
load_set(const struct form_source *src, const char *only, struct error *err)
{
	struct formset *fs = xcalloc(1, sizeof *fs);
	struct libcache cache = { .n = 0 };
	char **names = NULL;
	size_t nnames = 0, i;

	if (src->dir != NULL) {
		DIR *d = opendir(src->dir);
		struct dirent *de;

		if (d == NULL) {
			error_at(err, src->dir, 0, 0, _("cannot read the forms directory"));
			free(fs);
			return NULL;
		}
		while ((de = readdir(d)) != NULL) {
			size_t n = strlen(de->d_name);
			if (n > 5 && strcmp(de->d_name + n - 5, ".yaml") == 0 &&
			    de->d_name[0] != '.') {
				names = xreallocarray(names, nnames + 1, sizeof *names);
				names[nnames++] = xstrdup(de->d_name);
			}
		}
		closedir(d);
		qsort(names, nnames, sizeof *names, cmp_names);
	} else {
		for (i = 0; i < src->nfiles; i++) {
			names = xreallocarray(names, nnames + 1, sizeof *names);
			names[nnames++] = xstrdup(src->files[i].name);
		}
	}
	for (i = 0; i < nnames; i++) {
		size_t len;
		char *buf = NULL;
		bool is_form;

		if (src->dir != NULL) {
			char *path = xasprintf("%s/%s", src->dir, names[i]);
			buf = yamlio_read_file(path, YAMLIO_MAX_BYTES, &len, err);
			free(path);
			if (buf == NULL)
				goto bad;
			is_form = declares_form(buf, len, only);
			free(buf);
		} else {
			is_form = declares_form(src->files[i].data, src->files[i].len, only);
		}
		if (!is_form)
			continue;
		struct form *f = load_file(src, names[i], &cache, err);
		if (f == NULL)
			goto bad;
		if (formset_get(fs, f->id) != NULL) {
			error_at(err, f->source, 1, 1, _("a second form with id \"%s\""), f->id);
			form_free(&f);
			goto bad;
		}
		fs->forms = xreallocarray(fs->forms, fs->n + 1, sizeof *fs->forms);
		fs->forms[fs->n++] = f;
	}
	if (fs->n > 1)
		qsort(fs->forms, fs->n, sizeof *fs->forms, cmp_forms);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	libcache_clear(&cache);
	return fs;
bad:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	libcache_clear(&cache);
	formset_free(&fs);
	return NULL;
}

const struct form *
formset_get(const struct formset *fs, const char *id)
{
	size_t i;

	for (i = 0; fs != NULL && i < fs->n; i++) {
		if (strcmp(fs->forms[i]->id, id) == 0)
			return fs->forms[i];
	}
	return NULL;
}

void
formset_free(struct formset **fsp)
{
	size_t i;

	if (fsp == NULL || *fsp == NULL)
		return;
	for (i = 0; i < (*fsp)->n; i++)
		form_free(&(*fsp)->forms[i]);
	free((*fsp)->forms);
	free(*fsp);
	*fsp = NULL;
}

struct form_source
formload_default_source(const char *dir)
{
	struct form_source src = { NULL, builtin_form_files, builtin_form_nfiles };
	const char *env = getenv("PIAFORM_FORMS_DIR");

	if (dir != NULL && dir[0] != '\0')
		src.dir = dir;
	else if (env != NULL && env[0] != '\0')
		src.dir = env;
	return src;
}
