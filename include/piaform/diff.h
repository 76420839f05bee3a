/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 変更箇所 between two versions of one document: item by item, one row per changed answer,
 * with the proposed 提出時期 (事前 for a ※ item, a 重要な変更; 事後 otherwise). Repeated groups
 * are matched by position, as the official tables number them, or by identity, so that
 * inserting システム2 does not report every later システム. */
#ifndef PIAFORM_DIFF_H
#define PIAFORM_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "piaform/document.h"
#include "piaform/error.h"
#include "piaform/node.h"
#include "piaform/path.h"

#define DIFF_REMOVED_TEXT "(削除)" /* 変更後の記載 of a removed answer, as the seeds write it */

/* How the instances of a repeat (システム, 委託事項 …) are paired. Files (II[2] …) are always
 * paired by position: the official tables number them. */
enum diff_match {
	DIFF_MATCH_POSITION, /* instance n with instance n, as the official tables do */
	DIFF_MATCH_IDENTITY, /* by title or first text answer; unpaired ones are one row each */
};

enum diff_change {
	DIFF_CHANGED, /* an answer differs (or appeared, or went away) */
	DIFF_ADDED, /* a whole instance is new (identity matching only) */
	DIFF_REMOVED, /* a whole instance is gone (identity matching only) */
};

struct diff_row {
	char *path; /* short item path: I-2-システム1-① */
	char *title; /* official long style: I 基本情報 2. … システム1 ①システムの名称 */
	char *before; /* 変更前の記載, "" when the item was not answered */
	char *after; /* 変更後の記載, DIFF_REMOVED_TEXT when the answer went away */
	bool important; /* ※: a 重要な変更, 提出時期 事前 */
	enum diff_change change;
	struct item_ref ref; /* the item, numbered as in NEW (as in OLD for a removal) */
};

struct diff_list {
	struct diff_row *v;
	size_t n, cap;
};

/* Append the rows between older and newer to out, in form order. The 変更箇所 table and keys
 * that are not part of the form are not compared. False with err set when the documents are
 * not of the same form. */
bool diff_documents(const struct document *older, const struct document *newer,
    enum diff_match match, struct diff_list *out, struct error *err);
/* Free the rows' contents (the list itself may be reused). */
void diff_list_clear(struct diff_list *l);
/* The proposed 提出時期 of a row, as f's option text (事前 or 事後). */
const char *diff_jiki(const struct form *f, const struct diff_row *r);
/* An answer as a 変更箇所 cell: check lists on one line joined by 、, flags as [○] LABEL or
 * [ ] LABEL, everything else as answer_text. A new string; "" when unanswered. */
char *diff_answer_text(const struct form_item *it, const struct node *v);
/* The long 項目 of ref in d (I 基本情報 2. … システム1 ①システムの名称). A new string. */
char *diff_item_title(const struct document *d, const struct item_ref *ref);

/* How the instances of a repeat in two versions pair up (also used by the three-way merge). */
struct diff_pairing {
	long (*v)[2]; /* instance in the first list, in the second; -1 when absent there */
	size_t n, cap;
};

/* The identity of an instance: its title, else its first answered text. A new string, or
 * NULL when it has neither. */
char *diff_instance_key(const struct document *d, const struct item_ref *inst);
/* Pair two lists of instance keys (NULL keys match nothing): equal keys in order (their
 * longest common subsequence), then, when fill is set, what lies between two such anchors
 * position by position, so that a renamed instance still pairs; the rest alone. Appends to
 * p in order. */
void diff_pair_keys(
    struct diff_pairing *p, char *const *k0, size_t n0, char *const *k1, size_t n1, bool fill);
/* Free a pairing's contents (it may be reused). */
void diff_pairing_clear(struct diff_pairing *p);
/* The rows as d's 変更箇所 table rows (henko.rows entries), dated date (和暦 text), with an
 * empty 提出時期に係る説明; long selects the long 項目. A new sequence. */
struct node *diff_rows_node(
    const struct document *d, const struct diff_list *l, const char *date, bool long_style);

#endif
