/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks across answers that the form's own rules cannot express: a 基礎項目評価書's
 * しきい値判断結果 against its II answers (特定個人情報保護評価指針 第5 2), and a 重点項目 or
 * 全項目評価書 against its 基礎項目評価書 (the しきい値判断 and the answers both print). */
#ifndef PIAFORM_CROSSCHECK_H
#define PIAFORM_CROSSCHECK_H

#include <stdbool.h>

#include "piaform/document.h"
#include "piaform/error.h"
#include "piaform/validate.h"

/* Add to out, in form order, the warnings of d that need more than one item: for a
 * 基礎項目評価書, a III that its II answers contradict; with kiso (may be NULL), for a 重点項目 or
 * 全項目評価書, disagreements with that 基礎項目評価書, named by d's item paths. False with err
 * set when kiso is not a 基礎項目評価書 or d is not a document it can be checked against. */
bool crosscheck_document(const struct document *d, const struct document *kiso,
    struct problem_list *out, struct error *err);

#endif
