/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain line mode: the editor's wizard as plain lines of text, for screen readers, dumb
 * terminals, slow links and pipes. One block per item (path, title, marks, the answer), then
 * one answer read from a line; no cursor movement, no colours, no control characters. */
#ifndef PIAFORM_PLAIN_H
#define PIAFORM_PLAIN_H

#include <stdio.h>

#include "piaform/editor.h"

/* Walk the document of opt item by item, reading answers from in and writing to out, until
 * :quit or the end of the input (which saves). When in is not a terminal nothing waits for a
 * confirmation. Returns the process exit status. */
int plain_run(const struct editor_options *opt, FILE *in, FILE *out);

#endif
