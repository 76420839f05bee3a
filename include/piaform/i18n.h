/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Translation macros: _() translates now, N_() marks a string for later translation. */
#ifndef PIAFORM_I18N_H
#define PIAFORM_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
