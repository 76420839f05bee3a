/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A form definition in memory: the official 様式 as a tree of sections, groups, repeats and
 * items, with their option lists, marks, conditions and guidance. Read-only once loaded;
 * everything lives in one arena owned by the form. */
#ifndef PIAFORM_FORM_H
#define PIAFORM_FORM_H

#include <stdbool.h>
#include <stddef.h>

enum form_kind {
	FORM_SECTION,
	FORM_GROUP,
	FORM_TEXT,
	FORM_TEXTAREA,
	FORM_CHOICE,
	FORM_CHECKS,
	FORM_COUNT,
	FORM_DATE,
	FORM_FLAG,
	FORM_FIXED,
	FORM_REPEAT,
	FORM_TABLE,
};

enum form_mark {
	MARK_IMPORTANT = 1 << 0, /* ※ printed on this item or a container */
	MARK_OPTIONAL = 1 << 1, /* 【任意】 */
	MARK_GOV_ONLY = 1 << 2, /* 【行政機関等のみ】 */
};

struct form_option {
	const char *text; /* exact option text */
	bool free; /* has a ( ) free-text part */
	bool exclusive; /* excludes every other option of a check list */
};

struct form_optlist {
	const char *name; /* $name, or NULL for an inline list */
	struct form_option *v;
	size_t n;
};

enum cond_op {
	COND_IS,
	COND_IS_NOT,
	COND_HAS,
	COND_LACKS,
	COND_ANSWERED,
	COND_ALL,
	COND_ANY,
	COND_NOT
};

struct form_item;

struct cond {
	enum cond_op op;
	const struct form_item *ref; /* the item tested (leaf conditions) */
	const char **values; /* option texts for is/is_not/has/lacks */
	size_t nvalues;
	int flag; /* for flags and answered: 1 true, 0 false, -1 unused */
	struct cond **sub; /* operands of all/any/not */
	size_t nsub;
	const char *reason; /* shown to the user, or NULL */
};

struct form_warn {
	const struct cond *cond;
	const char *message;
};

struct form_item {
	const char *id; /* ASCII id, unique among siblings */
	const char *num; /* official number (I, 1, ①, リスク1) or NULL */
	const char *label; /* exact label, without number and marks */
	const char *segment; /* path segment: path, else num, else label */
	const char *help; /* guidance, or NULL */
	const char *note; /* fixed text printed under the label, or NULL */
	const char *fixed; /* text of a FORM_FIXED item */
	const char *tmpl; /* suggested first draft of a textarea */
	const char *instance; /* repeat instance name (システム) */
	const char *suffix; /* printed after a date (時点) */
	enum form_kind kind;
	unsigned marks; /* marks printed on this very entry (enum form_mark) */
	bool important; /* ※ applies (own mark or inherited from a container) */
	bool required; /* must be answered unless not applicable */
	bool per_file; /* a section repeated per 特定個人情報ファイル */
	bool month; /* a date that may omit the day */
	bool titled; /* repeat instances carry a one-line title */
	int min, max; /* repeat limits */
	const struct form_optlist *options;
	struct form_item **children; /* items, or a table's columns */
	size_t nchildren;
	struct form_item *parent; /* NULL for sections */
	const struct form_item *counts; /* for FORM_COUNT: the repeat counted */
	const struct cond *na_if; /* not applicable when true, or NULL */
	struct form_warn *warns;
	size_t nwarns;
	size_t index; /* position in the form's preorder list */
	int line, column;
	const char *file;
};

struct form {
	const char *id;
	const char *title;
	const char *revision;
	const char *source; /* file it was loaded from */
	struct form_item **sections;
	size_t nsections;
	struct form_item **all; /* every entry in preorder (sections included) */
	size_t nall;
	struct arena *arena;
};

/* Free a form; accepts NULL and clears the pointer. */
void form_free(struct form **f);
/* True for kinds that hold an answer. */
bool form_kind_answerable(enum form_kind k);
/* The kind's name as written in definitions ("choice"). */
const char *form_kind_name(enum form_kind k);
/* A child of it by id, or NULL. For a form's sections pass it = NULL. */
const struct form_item *
form_child(const struct form *f, const struct form_item *it, const char *id);
/* Resolve a dotted id path ("gaiyo.itaku.umu"), or NULL. */
const struct form_item *form_lookup(const struct form *f, const char *dotted);
/* The dotted id path of an item into buf. */
const char *form_item_dotted(const struct form_item *it, char *buf, size_t size);
/* Index of an option text in an item's options, or -1. */
int form_option_index(const struct form_item *it, const char *text, size_t len);
/* The nearest enclosing repeat or per-file section of it (excluding it), or NULL. */
const struct form_item *form_item_repeat_parent(const struct form_item *it);
/* The label with its number as the form prints it ("1. 基本情報", "①事務の名称", "I 基本情報",
 * "(別添1) 事務の内容", "リスク1: …") into buf. */
const char *form_item_title(const struct form_item *it, char *buf, size_t size);
/* The section an item belongs to. */
const struct form_item *form_item_section(const struct form_item *it);

#endif
