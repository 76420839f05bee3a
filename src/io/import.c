/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Import of published 評価書 text. The text is cut into rows of tab-separated cells and
 * each cell made plain (HTML, Markdown, entities, check-mark glyphs); then the rows are
 * walked with a cursor in the form's item order: a row whose first cell carries the label
 * (and number) of an entry of the form places the rest of the row there, later rows without
 * a label continue the open answer. Labels, option texts, instance names and fixed texts
 * all come from the loaded form definition. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/answer.h"
#include "piaform/i18n.h"
#include "piaform/import.h"
#include "piaform/path.h"
#include "piaform/strbuf.h"
#include "piaform/validate.h"
#include "piaform/wareki.h"
#include "piaform/xmalloc.h"

/* The form language's own marks, printed after labels; they are syntax, not labels. */
static const char *const label_marks[] = { "【任意】", "【行政機関等のみ】", "※" };
/* The heading that introduces a numbered option list, as every 様式 prints it. */
#define CHOICES_WORD "選択肢"

#define MAX_COLS 16 /* columns of a table row we keep */
#define IMPORT_MAX_NOTES 2000 /* notes kept; the rest are only counted */
#define FUZZY_MAX_CP 120 /* longer heads are never compared approximately */

/* ------------------------------------------------------------------------------------ */
/* UTF-8                                                                                */

/* Decode one code point; returns its length (1 for an invalid byte, with *cp = UINT32_MAX). */
static size_t
u8dec(const char *p, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t v, min;
	size_t k, i;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		k = 2, v = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		k = 3, v = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		k = 4, v = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = UINT32_MAX;
		return 1;
	}
	if (n < k) {
		*cp = UINT32_MAX;
		return 1;
	}
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = UINT32_MAX;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = UINT32_MAX;
		return 1;
	}
	*cp = v;
	return k;
}

static void
u8put(struct strbuf *b, uint32_t c)
{
	char o[4];

	if (c < 0x80) {
		strbuf_addc(b, (char)c);
	} else if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		strbuf_add(b, o, 2);
	} else if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		strbuf_add(b, o, 3);
	} else {
		o[0] = (char)(0xF0 | (c >> 18));
		o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[3] = (char)(0x80 | (c & 0x3F));
		strbuf_add(b, o, 4);
	}
}

/* The code point just before offset i of s (0 at the start). */
static uint32_t
u8prev(const char *s, size_t i)
{
	size_t k = i;
	uint32_t c;

	if (i == 0)
		return 0;
	k--;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80 && i - k < 4)
		k--;
	u8dec(s + k, i - k, &c);
	return c;
}

static bool
is_space_cp(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == 0xA0 || c == 0x3000 || c == 0x200B ||
	    c == 0xFEFF;
}

static bool
is_digit_cp(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static unsigned
digit_val(uint32_t c)
{
	return c >= 0xFF10 ? (unsigned)(c - 0xFF10) : (unsigned)(c - '0');
}

static bool
starts(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s, w, k) == 0;
}

/* ------------------------------------------------------------------------------------ */
/* cleaning a cell                                                                      */

/* Tags that end a line, tags that stand between table cells, tags that only style. */
static const char *const block_tags[] = { "p", "div", "li", "ul", "ol", "br", "tr", "table",
	"tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "dt", "dd", NULL };
static const char *const cell_tags[] = { "td", "th", NULL };
static const char *const inline_tags[] = { "b", "strong", "span", "em", "i", "u", "font", "sup",
	"sub", "a", "small", "big", "label", "center", "col", "colgroup", "s", "strike", "tt",
	"code", "mark", NULL };

static bool
in_list(const char *const *l, const char *name)
{
	for (; *l != NULL; l++) {
		if (strcmp(*l, name) == 0)
			return true;
	}
	return false;
}

/* An HTML tag at s (s[0] == '<'): its length, and what it stands for in *tok ('\n' block,
 * ' ' cell, 0 nothing, or a mark token). 0 when s is not a tag (Japanese text such as
 * <選択肢> or <ガバメントクラウドにおける措置> stays). */
static size_t
html_tag(const char *s, size_t n, char *tok)
{
	char name[16], attrs[512], quoted = 0;
	size_t i = 1, k = 0, a = 0;

	if (i < n && s[i] == '/')
		i++;
	while (i < n && k + 1 < sizeof name &&
	    ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		(k > 0 && s[i] >= '0' && s[i] <= '9'))) {
		name[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		i++;
	}
	name[k] = '\0';
	if (k == 0 || (i < n && s[i] != '>' && s[i] != ' ' && s[i] != '/' && s[i] != '\t'))
		return 0;
	for (; i < n && s[i] != '>' && s[i] != '<' && s[i] != '\n' && i < 1024; i++) {
		if (s[i] == '"' || s[i] == '\'')
			quoted = quoted == 0 ? s[i] : quoted == s[i] ? 0 : quoted;
		else if ((unsigned char)s[i] >= 0x80 && quoted == 0)
			return 0; /* <a 以上> is text: attributes are ASCII outside their quotes */
		if (a + 1 < sizeof attrs)
			attrs[a++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	}
	attrs[a] = '\0';
	if (i >= n || s[i] != '>')
		return 0;
	if (strcmp(name, "input") == 0) {
		if (strstr(attrs, "checked") != NULL)
			*tok = IMPORT_TOK_CHECKED;
		else if (strstr(attrs, "radio") != NULL)
			*tok = IMPORT_TOK_RADIO;
		else
			*tok = IMPORT_TOK_BOX;
	} else if (in_list(block_tags, name)) {
		*tok = '\n';
	} else if (in_list(cell_tags, name)) {
		*tok = ' ';
	} else if (in_list(inline_tags, name)) {
		*tok = 0;
	} else {
		/* any other markup (<section>, <h3 id=…>): a block; Japanese text in brackets
		 * never gets here, its name is not ASCII */
		*tok = '\n';
	}
	return i + 1;
}

/* An entity at s (s[0] == '&'): its length and code point, 0 when it is none. */
static size_t
html_entity(const char *s, size_t n, uint32_t *cp)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} named[] = { { "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", ' ' }, { "yen", 0xA5 }, { "times", 0xD7 } };
	size_t i = 1, k;
	uint32_t v = 0;

	if (i < n && s[i] == '#') {
		bool hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
		i += hex ? 2 : 1;
		for (k = 0; i < n && k < 8; i++, k++) {
			char c = s[i];
			if (c >= '0' && c <= '9')
				v = v * (hex ? 16 : 10) + (uint32_t)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				v = v * 16 + (uint32_t)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				v = v * 16 + (uint32_t)(c - 'A' + 10);
			else
				break;
		}
		if (k == 0 || i >= n || s[i] != ';' || v == 0 || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF) || (v < 0x20 && v != '\n'))
			return 0;
		*cp = v == 0xA0 ? ' ' : v;
		return i + 1;
	}
	for (k = 0; k < sizeof named / sizeof named[0]; k++) {
		size_t l = strlen(named[k].name);
		if (n >= l + 2 && memcmp(s + 1, named[k].name, l) == 0 && s[l + 1] == ';') {
			*cp = named[k].cp;
			return l + 2;
		}
	}
	return 0;
}

/* Markdown debris at the start of a line: heading hashes, list bullets, bold. */
static void
clean_line(const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0, j, dashes = 0;
	uint32_t c;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	/* a separator row of a Markdown or text table: ---, --|--, :--:, +===+ */
	for (j = i; j < n && strchr("-|:=+ \t", s[j]) != NULL; j++)
		dashes += s[j] == '-' || s[j] == '=';
	if (j == n && dashes >= 2)
		return;
	if (i < n && s[i] == '#') {
		j = i;
		while (j < n && s[j] == '#')
			j++;
		if (j == n || s[j] == ' ')
			i = j;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (n - i >= 2 && (s[i] == '-' || s[i] == '*') && s[i + 1] == ' ')
		for (i += 2; i < n && s[i] == ' '; i++)
			;
	for (j = i; j < n;) {
		size_t k = u8dec(s + j, n - j, &c);
		if (s[j] == '*' && j + 1 < n && s[j + 1] == '*') {
			j += 2;
			continue;
		}
		if (s[j] == '\\' && j + 1 < n && strchr("[]()*_#|<>`\\-.!{}+", s[j + 1]) != NULL) {
			strbuf_addc(out, s[j + 1]); /* a Markdown escape: \[ is [ */
			j += 2;
			continue;
		}
		if (c == 0xA0) /* no-break spaces are layout, never text */
			strbuf_addc(out, ' ');
		else
			strbuf_add(out, s + j, k);
		j += k;
	}
}

char *
import_clean_cell(const char *s, size_t len)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	size_t i = 0, start;
	uint32_t cp;

	if (s == NULL)
		return xstrdup("");
	while (i < len) {
		size_t k;
		char tok;
		unsigned char ch = (unsigned char)s[i];

		if (ch == '<' && (k = html_tag(s + i, len - i, &tok)) > 0) {
			if (tok != 0)
				strbuf_addc(&raw, tok);
			i += k;
		} else if (ch == '&' && (k = html_entity(s + i, len - i, &cp)) > 0) {
			u8put(&raw, cp);
			i += k;
		} else if (ch < 0x20 && ch != '\n' && ch != '\t') {
			i++; /* control bytes carry nothing (and must not pass for mark tokens) */
		} else {
			strbuf_addc(&raw, (char)ch);
			i++;
		}
	}
	/* line by line: Markdown, trimming, empty lines dropped */
	for (i = 0, start = 0; i <= raw.len; i++) {
		if (i == raw.len || raw.s[i] == '\n') {
			size_t before = out.len;
			if (out.len > 0)
				strbuf_addc(&out, '\n');
			size_t mark = out.len;
			clean_line(strbuf_str(&raw) + start, i - start, &out);
			if (out.len == mark) {
				out.len = before;
				if (out.s != NULL)
					out.s[out.len] = '\0';
			}
			start = i + 1;
		}
	}
	strbuf_free(&raw);
	return strbuf_detach(&out);
}

/* ------------------------------------------------------------------------------------ */
/* marks                                                                                */

static enum import_mark
glyph_mark(uint32_t c)
{
	switch (c) {
	case IMPORT_TOK_CHECKED:
	case 0x25CB: /* ○ */
	case 0x3007: /* 〇 */
	case 0x25EF: /* ◯ */
	case 0x25CF: /* ● */
	case 0x2713: /* ✓ */
	case 0x2714:
	case 'O':
	case 'o':
	case 0xFF2F: /* Ｏ */
	case 0x30EC: /* レ */
		return IMPORT_MARK_CHECKED;
	case IMPORT_TOK_RADIO:
		return IMPORT_MARK_RADIO;
	case IMPORT_TOK_BOX:
		return IMPORT_MARK_BOX;
	default:
		return IMPORT_MARK_NONE;
	}
}

enum import_mark
import_mark_at(const char *s, size_t len, size_t *used)
{
	size_t i = 0, k;
	uint32_t c;
	enum import_mark m = IMPORT_MARK_EMPTY;

	*used = 0;
	if (s == NULL || len == 0)
		return IMPORT_MARK_NONE;
	if (s[0] == IMPORT_TOK_CHECKED || s[0] == IMPORT_TOK_BOX || s[0] == IMPORT_TOK_RADIO) {
		*used = 1;
		return glyph_mark((unsigned char)s[0]);
	}
	k = u8dec(s, len, &c);
	if (c != '[' && c != 0xFF3B) /* [ ［ */
		return IMPORT_MARK_NONE;
	i = k;
	while (i < len && (k = u8dec(s + i, len - i, &c)) > 0 && is_space_cp(c))
		i += k;
	if (i < len) {
		k = u8dec(s + i, len - i, &c);
		if (glyph_mark(c) != IMPORT_MARK_NONE) {
			/* "O" is a mark only alone between the brackets */
			m = glyph_mark(c);
			i += k;
			while (i < len && (k = u8dec(s + i, len - i, &c)) > 0 && is_space_cp(c))
				i += k;
			if (i < len)
				u8dec(s + i, len - i, &c);
			if (i < len && (c == ']' || c == 0xFF3D)) {
				*used = i + (c == ']' ? 1 : 3);
				return m;
			}
			/* an unbalanced "[ <input>" still marks what follows it */
			if (m == IMPORT_MARK_CHECKED && (s[i - 1] == 'O' || s[i - 1] == 'o'))
				return IMPORT_MARK_NONE;
			*used = i;
			return m;
		}
		if (c == ']' || c == 0xFF3D) {
			*used = i + (c == ']' ? 1 : 3);
			return IMPORT_MARK_EMPTY;
		}
	}
	return IMPORT_MARK_NONE;
}

/* ------------------------------------------------------------------------------------ */
/* folding for comparison                                                               */

struct folded {
	char *s; /* the key */
	size_t len;
	size_t *end; /* for each byte of s: the offset just after its source character */
	size_t cap;
};

static void
fold_put(struct folded *f, const char *b, size_t n, size_t end)
{
	size_t i;

	if (f->len + n + 1 > f->cap) {
		size_t cap = f->cap == 0 ? 64 : f->cap;
		while (cap < f->len + n + 1)
			cap *= 2;
		f->s = xreallocarray(f->s, cap, 1);
		f->end = xreallocarray(f->end, cap, sizeof *f->end);
		f->cap = cap;
	}
	for (i = 0; i < n; i++) {
		f->s[f->len] = b[i];
		f->end[f->len++] = end;
	}
	f->s[f->len] = '\0';
}

static bool
fold_needs_nfkc(uint32_t c)
{
	if (c < 0xA0)
		return false;
	if (c >= 0x2460 && c <= 0x24FF) /* circled numbers stay: they are item numbers */
		return false;
	if (c >= 0x3000 && c <= 0x30FF) /* CJK punctuation and kana: NFKC leaves them */
		return false;
	if (c >= 0x3400 && c <= 0x9FFF)
		return false;
	return c < 0x3400 || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFFEF);
}

static void
fold_text(struct folded *f, const char *raw, size_t len)
{
	size_t i = 0, k, m;
	uint32_t c;

	f->len = 0;
	fold_put(f, "", 0, 0);
	while (i < len) {
		for (m = 0; m < sizeof label_marks / sizeof label_marks[0]; m++) {
			if (starts(raw + i, len - i, label_marks[m]))
				break;
		}
		if (m < sizeof label_marks / sizeof label_marks[0]) {
			i += strlen(label_marks[m]);
			continue;
		}
		k = u8dec(raw + i, len - i, &c);
		if (k == 0)
			break;
		if (is_space_cp(c) || c == '\n' || c == '*' || c == '#' || c == UINT32_MAX ||
		    (c >= 0x0E00 && c <= 0x0E7F) /* Thai */ || (c >= 0x0400 && c <= 0x04FF) ||
		    (c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7AF) /* Hangul */) {
			i += k;
			continue;
		}
		if (c >= 0xFF01 && c <= 0xFF5E) {
			char a = (char)(c - 0xFEE0);
			fold_put(f, &a, 1, i + k);
		} else if (c == 0x301C) {
			fold_put(f, "~", 1, i + k);
		} else if (fold_needs_nfkc(c)) {
			char *n = wareki_nfkc(raw + i, k);
			size_t j;
			for (j = 0; n[j] != '\0'; j++) {
				if (n[j] != ' ')
					fold_put(f, n + j, 1, i + k);
			}
			free(n);
		} else {
			fold_put(f, raw + i, k, i + k);
		}
		i += k;
	}
}

static void
folded_free(struct folded *f)
{
	free(f->s);
	free(f->end);
	memset(f, 0, sizeof *f);
}

char *
import_fold(const char *s, size_t len)
{
	struct folded f = { 0 };
	char *out;

	if (s == NULL)
		return xstrdup("");
	fold_text(&f, s, len);
	out = f.s;
	free(f.end);
	return out;
}

static char *
fold_str(const char *s)
{
	return import_fold(s, s != NULL ? strlen(s) : 0);
}

/* Code points of a folded key, for the edit distance. */
static size_t
to_cps(const char *s, uint32_t *out, size_t max)
{
	size_t i = 0, n = 0, len = strlen(s), k;
	uint32_t c;

	while (i < len && n < max) {
		k = u8dec(s + i, len - i, &c);
		out[n++] = c;
		i += k;
	}
	return i < len ? max + 1 : n;
}

/* Levenshtein distance of two folded keys, or limit+1 when it is larger than limit. */
static size_t
distance(const char *a, const char *b, size_t limit)
{
	uint32_t x[FUZZY_MAX_CP], y[FUZZY_MAX_CP];
	size_t row[FUZZY_MAX_CP + 1];
	size_t n = to_cps(a, x, FUZZY_MAX_CP), m = to_cps(b, y, FUZZY_MAX_CP), i, j;

	if (n > FUZZY_MAX_CP || m > FUZZY_MAX_CP)
		return limit + 1;
	if ((n > m ? n - m : m - n) > limit)
		return limit + 1;
	for (j = 0; j <= m; j++)
		row[j] = j;
	for (i = 1; i <= n; i++) {
		size_t prev = row[0], best;
		row[0] = i;
		best = row[0];
		for (j = 1; j <= m; j++) {
			size_t cur = row[j];
			size_t v = prev + (x[i - 1] == y[j - 1] ? 0 : 1);
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
	}
	return row[m];
}

static size_t
cp_count(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ------------------------------------------------------------------------------------ */
/* counts, option lists, choices, check lists                                           */

static bool
is_open_paren(uint32_t c)
{
	return c == '(' || c == 0xFF08;
}

static bool
is_close_paren(uint32_t c)
{
	return c == ')' || c == 0xFF09;
}

bool
import_count(const char *s, size_t len, long *n, size_t *start, size_t *end)
{
	size_t i, j, k;
	uint32_t c;

	if (s == NULL)
		return false;
	for (i = 0; i < len; i += k) {
		long v = -1;
		bool digits = false;
		k = u8dec(s + i, len - i, &c);
		if (k == 0)
			break;
		if (!is_open_paren(c))
			continue;
		j = i + k;
		while (j < len && (k = u8dec(s + j, len - j, &c)) > 0 && is_space_cp(c))
			j += k;
		while (j < len && (k = u8dec(s + j, len - j, &c)) > 0 && is_digit_cp(c)) {
			v = (v < 0 ? 0 : v) * 10 + (long)digit_val(c);
			if (v > 1000000)
				v = 1000000;
			digits = true;
			j += k;
		}
		while (j < len && (k = u8dec(s + j, len - j, &c)) > 0 && is_space_cp(c))
			j += k;
		if (j >= len || !is_close_paren(c)) {
			k = u8dec(s + i, len - i, &c);
			continue;
		}
		j += u8dec(s + j, len - j, &c);
		while (j < len && (k = u8dec(s + j, len - j, &c)) > 0 && is_space_cp(c))
			j += k;
		if (starts(s + j, len - j, "件")) {
			*n = digits ? v : -1;
			*start = i;
			*end = j + strlen("件");
			return true;
		}
		k = u8dec(s + i, len - i, &c);
	}
	return false;
}

/* Text with every count "( N ) 件" removed. */
static char *
without_counts(const char *s, size_t len)
{
	struct strbuf b = STRBUF_INIT;
	size_t off = 0, a, e;
	long n;

	while (import_count(s + off, len - off, &n, &a, &e)) {
		strbuf_add(&b, s + off, a);
		strbuf_addc(&b, ' ');
		off += e;
	}
	strbuf_add(&b, s + off, len - off);
	return strbuf_detach(&b);
}

/* An option list number "1)" or "1）" at s: its length, 0 when none. */
static size_t
option_number(const char *s, size_t len)
{
	size_t i = 0, k, nd = 0;
	uint32_t c;

	while (i < len && (k = u8dec(s + i, len - i, &c)) > 0 && is_digit_cp(c) && nd < 3) {
		i += k;
		nd++;
	}
	if (nd == 0 || i >= len)
		return 0;
	k = u8dec(s + i, len - i, &c);
	return is_close_paren(c) ? i + k : 0;
}

/* Where the <選択肢> heading starts in s (any bracket form), and its length. */
static bool
find_choices_word(const char *s, size_t len, size_t *at, size_t *wlen)
{
	const char *p = s, *e = s + len;
	size_t w = strlen(CHOICES_WORD);

	while (p < e) {
		const char *q = memmem(p, (size_t)(e - p), CHOICES_WORD, w);
		uint32_t c1, c2;
		size_t before, k;
		if (q == NULL)
			return false;
		before = (size_t)(q - s);
		c1 = u8prev(s, before);
		if (q + w < e)
			u8dec(q + w, (size_t)(e - q - w), &c2);
		else
			c2 = 0;
		if ((c1 == '<' || c1 == 0xFF1C || c1 == 0x3008) &&
		    (c2 == '>' || c2 == 0xFF1E || c2 == 0x3009)) {
			k = c1 == '<' ? 1 : 3;
			*at = before - k;
			*wlen = k + w + (c2 == '>' ? 1 : 3);
			return true;
		}
		p = q + w;
	}
	return false;
}

/* Index of the option whose folded text is the longest prefix of key (and the folded length
 * it covers), or -1. */
static int
option_prefix(const struct form_item *it, const char *key, size_t *covered)
{
	int best = -1;
	size_t i, bl = 0;

	if (it->options == NULL)
		return -1;
	for (i = 0; i < it->options->n; i++) {
		char *o = fold_str(it->options->v[i].text);
		size_t ol = strlen(o);
		if (ol > 0 && ol > bl && strncmp(key, o, ol) == 0) {
			best = (int)i;
			bl = ol;
		}
		free(o);
	}
	*covered = bl;
	return best;
}

/* The option that text names, allowing one slip (府内 for 庁内) in longer texts; -1 when
 * none. *approx tells that the match was not exact. */
static int
option_lookup(const struct form_item *it, const char *text, size_t len, bool whole, bool *approx)
{
	char *key = import_fold(text, len);
	size_t cov, i, kl = strlen(key);
	int k, best = -1;

	*approx = false;
	if (option_number(key, kl) > 0) {
		k = -1; /* "2) …": an entry of the printed list, not a value */
		goto out;
	}
	k = option_prefix(it, key, &cov);
	if (k >= 0 && (!whole || cov == kl))
		goto out;
	k = -1;
	if (it->options != NULL && kl > 0) {
		size_t bestd = SIZE_MAX;
		for (i = 0; i < it->options->n; i++) {
			char *o = fold_str(it->options->v[i].text);
			size_t n = cp_count(o), lim = n >= 5 ? 1 : 0, d;
			char *cut = NULL;
			if (!whole && kl > strlen(o)) {
				/* compare the option with the same number of characters of text */
				size_t j = 0, c = 0;
				while (key[j] != '\0' && c < n) {
					j++;
					while (((unsigned char)key[j] & 0xC0) == 0x80)
						j++;
					c++;
				}
				cut = xstrndup(key, j);
			}
			d = lim > 0 ? distance(cut != NULL ? cut : key, o, lim) : lim + 1;
			if (d <= lim && d < bestd) {
				bestd = d;
				best = (int)i;
			}
			free(cut);
			free(o);
		}
		if (best >= 0) {
			k = best;
			*approx = true;
		}
	}
out:
	free(key);
	return k;
}

static bool
is_none_text(const char *s, size_t len)
{
	char *t = import_fold(s, len);
	bool none = strcmp(t, "—") == 0 || strcmp(t, "-") == 0 || strcmp(t, "―") == 0 ||
	    strcmp(t, "ー") == 0 || strcmp(t, "--") == 0 || strcmp(t, "‐") == 0 ||
	    strcmp(t, "−") == 0;
	free(t);
	return none;
}

/* A piece of a value between two marks. */
struct seg {
	enum import_mark mark;
	bool bracket; /* the text was written inside [ ] */
	char *text;
};

struct segs {
	struct seg *v;
	size_t n, cap;
};

static void
segs_push(struct segs *l, enum import_mark m, bool bracket, const char *s, size_t n)
{
	size_t a = 0;

	while (a < n && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t'))
		a++;
	while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
		n--;
	if (m == IMPORT_MARK_NONE && !bracket && n == a)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].mark = m;
	l->v[l->n].bracket = bracket;
	l->v[l->n].text = xstrndup(s + a, n - a);
	l->n++;
}

static void
segs_free(struct segs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Cut cleaned text at its marks: each piece is the text that follows a mark. Text in
 * brackets that is no mark ([十分である]) is a piece of its own. */
static void
split_marks(const char *s, size_t len, struct segs *out)
{
	size_t i = 0, start = 0, used, k;
	enum import_mark cur = IMPORT_MARK_NONE;
	uint32_t c;

	while (i < len) {
		enum import_mark m = import_mark_at(s + i, len - i, &used);
		if (m != IMPORT_MARK_NONE) {
			segs_push(out, cur, false, s + start, i - start);
			cur = m;
			i += used;
			start = i;
			continue;
		}
		k = u8dec(s + i, len - i, &c);
		if (c == '[' || c == 0xFF3B) {
			size_t j = i + k, depth = 1, kk;
			uint32_t d = 0;
			/* brackets hold a mark or a short value: do not search far */
			while (j < len && depth > 0 && j - i < 512) {
				kk = u8dec(s + j, len - j, &d);
				if (d == '[' || d == 0xFF3B)
					depth++;
				else if (d == ']' || d == 0xFF3D)
					depth--;
				if (depth > 0)
					j += kk;
			}
			if (j < len && depth == 0) {
				size_t a = i + k, e = j, x;
				struct strbuf in = STRBUF_INIT;
				enum import_mark im = IMPORT_MARK_NONE;
				/* glyphs inside the brackets ([<input> 十分に行っている]) */
				for (x = a; x < e; x++) {
					if (s[x] == IMPORT_TOK_CHECKED || s[x] == IMPORT_TOK_BOX ||
					    s[x] == IMPORT_TOK_RADIO) {
						if (im == IMPORT_MARK_NONE ||
						    s[x] == IMPORT_TOK_CHECKED)
							im = glyph_mark((unsigned char)s[x]);
					} else {
						strbuf_addc(&in, s[x]);
					}
				}
				segs_push(out, cur, false, s + start, i - start);
				segs_push(out, im, true, strbuf_str(&in), in.len);
				strbuf_free(&in);
				cur = IMPORT_MARK_NONE;
				i = j + kk;
				start = i;
				continue;
			}
		}
		i += k;
	}
	segs_push(out, cur, false, s + start, len - start);
}

/* Remove the numbered option list of it from s ("1) する 2) しない"): whatever is left over
 * goes to rest. Returns how many listed texts were options of it. */
static size_t
drop_option_list(const struct form_item *it, const char *s, size_t len, struct strbuf *rest)
{
	size_t i = 0, found = 0, k, window = 16;
	bool after_option = false;
	uint32_t c;

	for (k = 0; it->options != NULL && k < it->options->n; k++) {
		if (window < 3 * strlen(it->options->v[k].text) + 16)
			window = 3 * strlen(it->options->v[k].text) + 16;
	}

	while (i < len) {
		size_t nl = option_number(s + i, len - i);
		uint32_t before = u8prev(s, i);
		/* a number starts an entry after a space, or right after the previous option */
		if (nl > 0 &&
		    (i == 0 || after_option || is_space_cp(before) || before == '\n' ||
			before == '>')) {
			size_t a = i + nl, j, cov;
			char *key;
			int o;
			while (a < len && (k = u8dec(s + a, len - a, &c)) > 0 && is_space_cp(c))
				a += k;
			/* option texts are short: fold a window, not the whole rest */
			size_t w = len - a < window ? len - a : window;
			key = import_fold(s + a, w);
			o = option_prefix(it, key, &cov);
			if (o >= 0) {
				/* skip the raw bytes that make the option's folded text */
				struct folded f = { 0 };
				fold_text(&f, s + a, w);
				j = a + (cov > 0 ? f.end[cov - 1] : 0);
				folded_free(&f);
				free(key);
				found++;
				i = j;
				after_option = true;
				continue;
			}
			free(key);
		}
		k = u8dec(s + i, len - i, &c);
		strbuf_add(rest, s + i, k);
		after_option = false;
		i += k;
	}
	return found;
}

int
import_choice(const struct form_item *it, const char *s, size_t len, char **what)
{
	struct strbuf pre = STRBUF_INIT, rest = STRBUF_INIT;
	struct segs sg = { 0 };
	size_t at, wl, i, nstrong = 0, nradio = 0, nother = 0;
	int found = -1, result = -1;
	bool several = false, approx;
	char *plain = NULL;

	*what = NULL;
	if (it == NULL || s == NULL || it->options == NULL)
		return -1;
	plain = without_counts(s, len);
	len = strlen(plain);
	if (is_none_text(plain, len)) {
		result = -4;
		goto out;
	}
	if (find_choices_word(plain, len, &at, &wl)) {
		strbuf_add(&pre, plain, at);
		/* the list after the heading; a second heading is a duplicate of the table */
		const char *p = plain + at + wl;
		size_t pl = len - at - wl;
		while (find_choices_word(p, pl, &at, &wl)) {
			drop_option_list(it, p, at, &rest);
			p += at + wl;
			pl -= at + wl;
		}
		drop_option_list(it, p, pl, &rest);
	} else {
		drop_option_list(it, plain, len, &pre);
	}
	strbuf_addc(&pre, ' ');
	strbuf_add(&pre, strbuf_str(&rest), rest.len);
	split_marks(strbuf_str(&pre), pre.len, &sg);
	for (i = 0; i < sg.n; i++) {
		if (sg.v[i].mark == IMPORT_MARK_CHECKED ||
		    (sg.v[i].bracket && sg.v[i].text[0] != 0))
			nstrong++;
		else if (sg.v[i].mark == IMPORT_MARK_RADIO)
			nradio++;
		else
			nother++;
	}
	for (i = 0; i < sg.n; i++) {
		struct seg *g = &sg.v[i];
		bool strong = g->mark == IMPORT_MARK_CHECKED || (g->bracket && g->text[0] != 0);
		int o;
		if (g->text[0] == '\0')
			continue;
		if (nstrong > 0 && !strong)
			continue;
		if (nstrong == 0 && nradio > 0 && nother > 0 && g->mark != IMPORT_MARK_RADIO)
			continue;
		o = option_lookup(it, g->text, strlen(g->text), true, &approx);
		if (o < 0 && is_none_text(g->text, strlen(g->text))) {
			result = -4;
			goto out;
		}
		if (o < 0) {
			if (*what == NULL)
				*what = xstrdup(g->text);
			continue;
		}
		if (found >= 0 && found != o)
			several = true;
		found = o;
	}
	if (several)
		result = -2;
	else if (found >= 0)
		result = found;
	else if (*what != NULL)
		result = -3;
out:
	if (result != -3) {
		free(*what);
		*what = NULL;
	}
	segs_free(&sg);
	strbuf_free(&pre);
	strbuf_free(&rest);
	free(plain);
	return result;
}

/* The text inside the balanced brackets that open s (after spaces), or NULL. */
static char *
paren_text(const char *s, size_t len)
{
	size_t i = 0, k, depth = 0, a = 0;
	uint32_t c;

	while (i < len && (k = u8dec(s + i, len - i, &c)) > 0 && is_space_cp(c))
		i += k;
	if (i >= len)
		return NULL;
	k = u8dec(s + i, len - i, &c);
	if (!is_open_paren(c))
		return NULL;
	for (; i < len; i += k) {
		k = u8dec(s + i, len - i, &c);
		if (is_open_paren(c)) {
			if (depth++ == 0)
				a = i + k;
		} else if (is_close_paren(c) && depth > 0 && --depth == 0) {
			size_t e = i;
			while (a < e && (s[a] == ' ' || s[a] == '\n'))
				a++;
			while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\n'))
				e--;
			/* full-width spaces are the writer's; only layout spaces go */
			return xstrndup(s + a, e - a);
		}
	}
	return NULL;
}

struct node *
import_checks(const struct form_item *it, const char *s, size_t len, char *why, size_t wsize)
{
	struct segs sg = { 0 };
	size_t i, nchecked = 0, nradio = 0, nbox = 0, nempty = 0, nopts;
	char **free_text = NULL;
	bool *ticked = NULL;
	struct node *out = NULL;
	char *plain = NULL;

	if (why != NULL && wsize > 0)
		why[0] = '\0';
	if (it == NULL || s == NULL || it->options == NULL) {
		if (why != NULL)
			snprintf(why, wsize, "%s", _("no options to tick"));
		return NULL;
	}
	plain = without_counts(s, len);
	if (is_none_text(plain, strlen(plain))) {
		out = node_scalar_str(ANSWER_NONE);
		goto done;
	}
	nopts = it->options->n;
	ticked = xcalloc(nopts, sizeof *ticked);
	free_text = xcalloc(nopts, sizeof *free_text);
	split_marks(plain, strlen(plain), &sg);
	for (i = 0; i < sg.n; i++) {
		switch (sg.v[i].mark) {
		case IMPORT_MARK_CHECKED:
			nchecked++;
			break;
		case IMPORT_MARK_RADIO:
			nradio++;
			break;
		case IMPORT_MARK_BOX:
			nbox++;
			break;
		case IMPORT_MARK_EMPTY:
			nempty++;
			break;
		default:
			break;
		}
	}
	if (nchecked == 0 && (nradio == 0 || nbox + nempty == 0)) {
		if (why != NULL)
			snprintf(why, wsize, "%s",
			    nbox > 0 && nempty > 0
				? _("the check marks are ambiguous (two kinds of empty box, none "
				    "ticked): review")
				: _("no option is ticked (the marks may have been lost): review"));
		goto done;
	}
	for (i = 0; i < sg.n; i++) {
		struct seg *g = &sg.v[i];
		bool on =
		    nchecked > 0 ? g->mark == IMPORT_MARK_CHECKED : g->mark == IMPORT_MARK_RADIO;
		char *key;
		size_t cov;
		int o;
		bool approx = false;
		if (!on)
			continue;
		key = import_fold(g->text, strlen(g->text));
		o = option_prefix(it, key, &cov);
		free(key);
		if (o < 0)
			o = option_lookup(it, g->text, strlen(g->text), false, &approx);
		if (o < 0) {
			if (why != NULL && why[0] == '\0')
				snprintf(
				    why, wsize, _("a ticked box is no option: %.80s"), g->text);
			continue;
		}
		ticked[o] = true;
		if (it->options->v[o].free && free_text[o] == NULL) {
			/* the ( ) part follows the option text */
			struct folded f = { 0 };
			size_t after;
			char *ofold = fold_str(it->options->v[o].text);
			fold_text(&f, g->text, strlen(g->text));
			after = f.len >= strlen(ofold) && strlen(ofold) > 0
			    ? f.end[strlen(ofold) - 1]
			    : 0;
			free_text[o] = paren_text(g->text + after, strlen(g->text) - after);
			free(ofold);
			folded_free(&f);
		}
	}
	out = node_seq();
	for (i = 0; i < nopts; i++) {
		if (!ticked[i])
			continue;
		if (free_text[i] != NULL && free_text[i][0] != '\0') {
			struct node *m = node_map();
			node_set(m, it->options->v[i].text, node_scalar_str(free_text[i]));
			node_push(out, m);
		} else {
			node_push(out, node_scalar_str(it->options->v[i].text));
		}
	}
	if (out->nitems == 0) {
		node_free(&out);
		if (why != NULL && why[0] == '\0')
			snprintf(why, wsize, "%s", _("no ticked option could be read"));
	}
done:
	for (i = 0; free_text != NULL && i < it->options->n; i++)
		free(free_text[i]);
	free(free_text);
	free(ticked);
	segs_free(&sg);
	free(plain);
	return out;
}

/* ------------------------------------------------------------------------------------ */
/* multi-line text                                                                      */

/* Should the spaces between s[a] and s[b] (a line of text) be a line break? */
static bool
break_here(const char *s, size_t len, size_t linestart, size_t a, size_t b)
{
	uint32_t p = u8prev(s, a), c, d;
	size_t k, j, nsp = 0, x;

	if (a == linestart || b >= len)
		return false;
	for (x = a; x < b; x++)
		nsp += s[x] == ' ';
	if (p == 0x3002) /* 。 */
		return true;
	if (nsp >= 2) /* a run of spaces is where a PDF line ended */
		return true;
	k = u8dec(s + b, len - b, &c);
	if ((c == '[' || c == 0xFF3B) && import_mark_at(s + b, len - b, &x) == IMPORT_MARK_NONE)
		return true; /* before a [基本情報] heading */
	if ((p == ']' || p == 0xFF3D) &&
	    (s[linestart] == '[' || starts(s + linestart, len - linestart, "［")))
		return true; /* after it */
	if (c == 0x30FB || c == 0x3000) /* ・ bullet, full-width indentation */
		return true;
	if ((p == '>' || p == 0xFF1E) &&
	    (s[linestart] == '<' || starts(s + linestart, len - linestart, "＜")))
		return true; /* after a <…における措置> heading */
	if (is_open_paren(c)) {
		j = b + k;
		size_t nd = 0;
		while (j < len && (k = u8dec(s + j, len - j, &d)) > 0 && is_digit_cp(d)) {
			j += k;
			nd++;
		}
		if (nd > 0 && j < len && (u8dec(s + j, len - j, &d), is_close_paren(d)))
			return true; /* (2) numbering */
		return false;
	}
	if (is_digit_cp(c)) {
		j = b;
		while (j < len && (k = u8dec(s + j, len - j, &d)) > 0 && is_digit_cp(d))
			j += k;
		if (j < len && s[j] == ' ' && j + 1 < len && s[j + 1] != ' ') {
			u8dec(s + j + 1, len - j - 1, &d);
			if (!is_digit_cp(d) && d != '(' && d >= 0x80)
				return true; /* "2 保険料免除…" numbering */
		}
	}
	return false;
}

char *
import_text_lines(const char *s, size_t len)
{
	struct strbuf out = STRBUF_INIT, line = STRBUF_INIT;
	size_t i = 0, ls = 0;

	if (s == NULL)
		return xstrdup("");
	while (i <= len) {
		if (i == len || s[i] == '\n') {
			strbuf_add(&line, s + ls, i - ls);
			/* trim and emit */
			{
				const char *t = strbuf_str(&line);
				size_t a = 0, e = line.len;
				while (a < e && (t[a] == ' ' || t[a] == '\t'))
					a++;
				while (e > a && (t[e - 1] == ' ' || t[e - 1] == '\t'))
					e--;
				if (e > a) {
					if (out.len > 0)
						strbuf_addc(&out, '\n');
					strbuf_add(&out, t + a, e - a);
				}
			}
			strbuf_reset(&line);
			i++;
			ls = i;
			continue;
		}
		if (s[i] == ' ') {
			size_t b = i;
			while (b < len && s[b] == ' ')
				b++;
			if (break_here(s, len, ls, i, b)) {
				strbuf_add(&line, s + ls, i - ls);
				{
					const char *t = strbuf_str(&line);
					size_t a = 0, e = line.len;
					while (a < e && t[a] == ' ')
						a++;
					if (e > a) {
						if (out.len > 0)
							strbuf_addc(&out, '\n');
						strbuf_add(&out, t + a, e - a);
					}
				}
				strbuf_reset(&line);
				ls = b;
			}
			i = b;
			continue;
		}
		i++;
	}
	strbuf_free(&line);
	return strbuf_detach(&out);
}

/* ------------------------------------------------------------------------------------ */
/* rows                                                                                 */

struct row {
	int line;
	char **cell; /* cleaned; "" for empty cells */
	size_t ncell;
};

static void
rows_free(struct row *r, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < r[i].ncell; j++)
			free(r[i].cell[j]);
		free(r[i].cell);
	}
	free(r);
}

static struct row *
make_rows(const char *buf, size_t len, size_t *nrows)
{
	struct row *rows = NULL;
	size_t n = 0, cap = 0, i = 0, ls = 0;
	int line = 1;

	while (i <= len) {
		if (i == len || buf[i] == '\n') {
			size_t e = i, a = ls, c;
			struct row r = { line, NULL, 0 };
			char sep = '\t';
			size_t t = a;
			if (e > a && buf[e - 1] == '\r')
				e--;
			/* a Markdown table row: | cell | cell | */
			while (t < e && buf[t] == ' ')
				t++;
			if (t < e && buf[t] == '|' && memchr(buf + t, '\t', e - t) == NULL) {
				sep = '|';
				a = t + 1;
				while (e > a && (buf[e - 1] == ' ' || buf[e - 1] == '|'))
					e--;
			}
			for (c = a; c <= e; c++) {
				if (c == e ||
				    (buf[c] == sep &&
					!(sep == '|' && c > a && buf[c - 1] == '\\'))) {
					if ((r.ncell & (r.ncell - 1)) == 0) /* 0, 1, 2, 4 … */
						r.cell = xreallocarray(r.cell,
						    r.ncell == 0 ? 1 : r.ncell * 2, sizeof *r.cell);
					r.cell[r.ncell++] = import_clean_cell(buf + a, c - a);
					a = c + 1;
				}
			}
			while (r.ncell > 0 && r.cell[r.ncell - 1][0] == '\0')
				free(r.cell[--r.ncell]);
			if (n == cap) {
				cap = cap == 0 ? 256 : cap * 2;
				rows = xreallocarray(rows, cap, sizeof *rows);
			}
			rows[n++] = r;
			line++;
			ls = i + 1;
		}
		i++;
	}
	*nrows = n;
	return rows;
}

/* ------------------------------------------------------------------------------------ */
/* the importer's state                                                                 */

struct key {
	char *label, *title, *inst; /* folded label, printed title, instance name */
};

struct deferred {
	struct item_ref ref;
	int line;
	char *reason;
};

struct trow {
	int line;
	struct strbuf col[MAX_COLS];
};

struct imp {
	const struct form *f;
	struct import_result *res;
	struct key *keys; /* per entry of f->all */
	size_t pos; /* the entry last matched */
	size_t sec; /* the current section (index into f->sections) */
	/* per-file sections, by section index */
	size_t *fcur, *fused;
	bool *fpending;
	char **fnames; /* names of the 特定個人情報ファイル, by file */
	size_t nfnames;
	int *inst; /* per entry of f->all: the current instance of a repeat, -1 none */
	/* the answer being read */
	const struct form_item *open;
	struct strbuf otext;
	int oline;
	/* a row of labels whose values come in the next row */
	const struct form_item *hz[MAX_COLS];
	size_t hzcol[MAX_COLS]; /* the cell each label stood in */
	size_t nhz;
	const struct form_item *last_choice;
	/* the 変更箇所 table */
	const struct form_item *table;
	int tcol[MAX_COLS]; /* column of each cell position, -1 none */
	bool tseen[MAX_COLS]; /* columns the table's header rows printed */
	bool in_table;
	struct trow *trows;
	size_t ntrows;
	char **silent; /* folded texts printed by the form itself: title, revision, notes */
	size_t nsilent;
	struct deferred *dfr; /* notes about blank answers, kept until the end */
	size_t ndfr, dcap;
	size_t dropped; /* notes beyond IMPORT_MAX_NOTES */
	size_t tcap; /* rows allocated in trows */
	const struct row *rows; /* the whole text, for looking ahead */
	size_t nrows, cur;
	struct node *imported;
};

static void note_add(struct imp *im, const char *path, int line, bool partial, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
note_add(struct imp *im, const char *path, int line, bool partial, const char *fmt, ...)
{
	struct import_result *r = im->res;
	struct import_note *n;
	char msg[600];
	va_list ap;

	r->partial += partial;
	/* a text of garbage could make millions: the first ones tell enough (the last slot
	 * says how many more there were) */
	if (r->nnotes >= IMPORT_MAX_NOTES && !(path == NULL && im->dropped > 0)) {
		im->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->nnotes == r->ncap) {
		r->ncap = r->ncap == 0 ? 32 : r->ncap * 2;
		r->notes = xreallocarray(r->notes, r->ncap, sizeof *r->notes);
	}
	n = &r->notes[r->nnotes++];
	n->path = xstrdup(path != NULL ? path : "");
	n->line = line;
	n->reason = xstrdup(msg);
	n->partial = partial;
}

/* A short quote of text for messages: at most about 40 characters, on one line. */
static void
quote(const char *s, char *buf, size_t size)
{
	size_t i = 0, o = 0, n = 0, len = strlen(s);
	uint32_t c;

	while (i < len && n < 40 && o + 5 < size) {
		size_t k = u8dec(s + i, len - i, &c);
		if (s[i] == '\n' || s[i] == '\t' || (unsigned char)s[i] < 0x20) {
			buf[o++] = ' ';
		} else {
			memcpy(buf + o, s + i, k);
			o += k;
		}
		i += k;
		n++;
	}
	if (i < len && o + 4 < size) {
		memcpy(buf + o, "…", 3);
		o += 3;
	}
	buf[o] = '\0';
}

static size_t
sec_lo(const struct imp *im, size_t s)
{
	return im->f->sections[s]->index;
}

static size_t
sec_hi(const struct imp *im, size_t s)
{
	return s + 1 < im->f->nsections ? im->f->sections[s + 1]->index : im->f->nall;
}

static size_t
section_of(const struct imp *im, const struct form_item *it)
{
	const struct form_item *s = form_item_section(it);
	size_t i;

	for (i = 0; i < im->f->nsections; i++) {
		if (im->f->sections[i] == s)
			return i;
	}
	return 0;
}

/* The item of a per-file section that holds the file's name (its first one-line text). */
static const struct form_item *
name_item(const struct form_item *sec)
{
	size_t i;

	for (i = 0; i < sec->nchildren; i++) {
		if (sec->children[i]->kind == FORM_TEXT)
			return sec->children[i];
	}
	return NULL;
}

/* The file a per-file section is at; a section just entered by its heading starts the next
 * file when its first answer is placed. */
static size_t
file_of(struct imp *im, size_t s)
{
	size_t i;

	if (im->fpending[s]) {
		im->fpending[s] = false;
		im->fcur[s] = im->fused[s]++;
		for (i = sec_lo(im, s); i < sec_hi(im, s); i++)
			im->inst[i] = -1;
	}
	return im->fcur[s];
}

/* Switch section s to file k (named by a subheading or by its name item). */
static void
file_set(struct imp *im, size_t s, size_t k)
{
	size_t i;

	if (im->fcur[s] != k || im->fpending[s]) {
		for (i = sec_lo(im, s); i < sec_hi(im, s); i++)
			im->inst[i] = -1;
	}
	im->fpending[s] = false;
	im->fcur[s] = k;
	if (im->fused[s] < k + 1)
		im->fused[s] = k + 1;
}

/* The file whose name the folded text is, or -1. */
static long
file_named(const struct imp *im, const char *text, size_t len)
{
	char *k = import_fold(text, len);
	long r = -1;
	size_t i;

	for (i = 0; i < im->nfnames && k[0] != '\0'; i++) {
		if (im->fnames[i] != NULL && strcmp(im->fnames[i], k) == 0) {
			r = (long)i;
			break;
		}
	}
	free(k);
	return r;
}

/* The reference of it (or of the instance of repeat it) at the current files and instances. */
static void
make_ref(struct imp *im, const struct form_item *it, bool instance, struct item_ref *ref)
{
	const struct form_item *chain[64];
	size_t n = 0;

	memset(ref, 0, sizeof *ref);
	ref->item = it;
	ref->instance = instance;
	for (const struct form_item *a = instance ? it : it->parent; a != NULL && n < 64;
	     a = a->parent)
		chain[n++] = a;
	while (n-- > 0 && ref->nidx < PATH_MAX_LEVELS) {
		const struct form_item *a = chain[n];
		if (a->per_file) {
			ref->idx[ref->nidx++] = (unsigned)file_of(im, section_of(im, a));
		} else if (a->kind == FORM_REPEAT) {
			if (im->inst[a->index] < 0)
				im->inst[a->index] = 0;
			ref->idx[ref->nidx++] = (unsigned)im->inst[a->index];
		}
	}
}

static void
record(struct imp *im, const struct item_ref *ref, int line)
{
	char path[1024], ln[32];
	struct node *m = node_map();

	path_format(ref, path, sizeof path);
	snprintf(ln, sizeof ln, "%d", line);
	node_set(m, "line", node_scalar_str(ln));
	node_set(m, "reviewed", node_scalar_str("false"));
	node_set(im->imported, path, m);
	im->res->placed++;
}

/* Store value (taken over) for it; never overwrites an answer placed earlier. */
static void
place(struct imp *im, const struct form_item *it, bool instance, struct node *value, int line)
{
	struct item_ref ref;
	char path[1024];
	const struct form_item *sec = form_item_section(it);
	size_t s = section_of(im, it);

	/* the name of a 特定個人情報ファイル tells which file a per-file section is about */
	if (sec->per_file && name_item(sec) == it && value->type == NODE_SCALAR) {
		long k = file_named(im, value->str, value->len);
		if (k >= 0 && (im->fpending[s] || (size_t)k != im->fcur[s]))
			file_set(im, s, (size_t)k);
	}
	make_ref(im, it, instance, &ref);
	path_format(&ref, path, sizeof path);
	if (document_get(im->res->doc, &ref) != NULL) {
		/* the same cells printed twice (an HTML table and its tab cells) say nothing new */
		if (!node_equal(document_get(im->res->doc, &ref), value))
			note_add(im, path, line, true, "%s",
			    _("already answered earlier in the text; this answer was not imported"));
		node_free(&value);
		return;
	}
	document_set(im->res->doc, &ref, value);
	record(im, &ref, line);
	if (sec->per_file && name_item(sec) == it && value->type == NODE_SCALAR) {
		size_t f = ref.idx[0];
		if (f >= im->nfnames) {
			im->fnames = xreallocarray(im->fnames, f + 1, sizeof *im->fnames);
			while (im->nfnames <= f)
				im->fnames[im->nfnames++] = NULL;
		}
		if (im->fnames[f] == NULL)
			im->fnames[f] = import_fold(value->str, value->len);
	}
}

/* Like make_ref, but without starting a file or an instance: for messages. */
static void
peek_ref(struct imp *im, const struct form_item *it, struct item_ref *ref)
{
	size_t n = 0;
	const struct form_item *a;

	memset(ref, 0, sizeof *ref);
	ref->item = it;
	for (a = it->parent; a != NULL; a = a->parent) {
		if (a->per_file || a->kind == FORM_REPEAT)
			n++;
	}
	if (n > PATH_MAX_LEVELS)
		return;
	ref->nidx = n;
	for (a = it->parent; a != NULL && n > 0; a = a->parent) {
		if (a->per_file) {
			size_t s = section_of(im, a);
			ref->idx[--n] = (unsigned)(im->fpending[s] ? im->fused[s] : im->fcur[s]);
		} else if (a->kind == FORM_REPEAT) {
			ref->idx[--n] = (unsigned)(im->inst[a->index] < 0 ? 0 : im->inst[a->index]);
		}
	}
}

static void
item_path(struct imp *im, const struct form_item *it, char *buf, size_t size)
{
	struct item_ref ref;

	peek_ref(im, it, &ref);
	path_format(&ref, buf, size);
}

/* A blank choice or check list matters only where the item applies, which is known once
 * the whole text is read: keep the note until then. */
static void
defer_note(struct imp *im, const struct form_item *it, int line, const char *reason)
{
	struct deferred *d;

	if (im->ndfr == im->dcap) {
		im->dcap = im->dcap == 0 ? 16 : im->dcap * 2;
		im->dfr = xreallocarray(im->dfr, im->dcap, sizeof *im->dfr);
	}
	d = &im->dfr[im->ndfr++];
	peek_ref(im, it, &d->ref);
	d->line = line;
	d->reason = xstrdup(reason);
}

/* ------------------------------------------------------------------------------------ */
/* reading one answer                                                                   */

/* Count answers in the text of a choice or check list go to the count items that follow it. */
static void
place_counts(struct imp *im, const struct form_item *it, const char *s, size_t len, int line)
{
	const struct form_item *p = it->parent;
	size_t i, off = 0, a, e;
	long n;
	bool after = false;

	if (p == NULL)
		return;
	for (i = 0; i < p->nchildren; i++) {
		const struct form_item *c = p->children[i];
		if (c == it) {
			after = true;
			continue;
		}
		if (!after || c->kind != FORM_COUNT)
			continue;
		if (!import_count(s + off, len - off, &n, &a, &e))
			break;
		off += e;
		if (n >= 0) {
			char v[32];
			snprintf(v, sizeof v, "%ld", n);
			place(im, c, false, node_scalar_str(v), line);
		}
	}
}

static bool
has_odd_script(const char *s)
{
	size_t i = 0, len = strlen(s), k;
	uint32_t c;

	while (i < len) {
		k = u8dec(s + i, len - i, &c);
		if ((c >= 0x0E00 && c <= 0x0E7F) || (c >= 0xAC00 && c <= 0xD7AF) ||
		    (c >= 0x0400 && c <= 0x04FF))
			return true;
		i += k;
	}
	return false;
}

/* One line of text from cleaned text: lines joined with a space. */
static char *
one_line(const char *s, size_t len)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			strbuf_addc(&b, ' ');
		else if (s[i] != IMPORT_TOK_CHECKED && s[i] != IMPORT_TOK_BOX &&
		    s[i] != IMPORT_TOK_RADIO)
			strbuf_addc(&b, s[i]);
	}
	return strbuf_detach(&b);
}

/* Turn the text read for leaf it into its answer and place it. */
static void
place_leaf(struct imp *im, const struct form_item *it, const char *text, int line)
{
	size_t len = strlen(text);
	char path[1024], q[200], why[300];
	struct node *v = NULL;
	char *what = NULL;
	int o;

	if (len == 0)
		return;
	item_path(im, it, path, sizeof path);
	switch (it->kind) {
	case FORM_TEXT: {
		char *t = is_none_text(text, len) ? xstrdup(ANSWER_NONE) : one_line(text, len);
		if (t[0] != '\0')
			v = node_scalar_str(t);
		free(t);
		break;
	}
	case FORM_TEXTAREA: {
		char *t =
		    is_none_text(text, len) ? xstrdup(ANSWER_NONE) : import_text_lines(text, len);
		if (t[0] != '\0')
			v = node_scalar_str(t);
		free(t);
		break;
	}
	case FORM_CHOICE:
		o = import_choice(it, text, len, &what);
		if (o >= 0) {
			v = node_scalar_str(it->options->v[o].text);
		} else if (o == -4) {
			v = node_scalar_str(ANSWER_NONE);
		} else if (o == -2) {
			quote(text, q, sizeof q);
			note_add(im, path, line, true,
			    _("several choices are marked, none imported: %s"), q);
		} else if (o == -3) {
			quote(what, q, sizeof q);
			note_add(im, path, line, true,
			    _("\"%s\" is none of the choices; not imported"), q);
		} else {
			defer_note(im, it, line,
			    _("no choice is marked (the mark may have been lost); not imported"));
		}
		free(what);
		place_counts(im, it, text, len, line);
		im->last_choice = it;
		break;
	case FORM_CHECKS:
		v = import_checks(it, text, len, why, sizeof why);
		if (v == NULL)
			defer_note(im, it, line, why);
		else if (why[0] != '\0')
			note_add(im, path, line, true, "%s", why);
		place_counts(im, it, text, len, line);
		break;
	case FORM_DATE: {
		char out[64], *t = one_line(text, len);
		struct error err;
		size_t tl = strlen(t);
		error_clear(&err);
		if (it->suffix != NULL && tl >= strlen(it->suffix) &&
		    strcmp(t + tl - strlen(it->suffix), it->suffix) == 0)
			t[tl - strlen(it->suffix)] = '\0';
		if (is_none_text(t, strlen(t)))
			v = node_scalar_str(ANSWER_NONE);
		else if (wareki_parse(t, strlen(t), it->month, out, sizeof out, &err))
			v = node_scalar_str(out);
		else {
			quote(t, q, sizeof q);
			note_add(im, path, line, true, _("\"%s\" is not a date; not imported"), q);
		}
		free(t);
		break;
	}
	case FORM_COUNT: {
		long n;
		size_t a, e;
		char num[32];
		char *t = one_line(text, len), *d = wareki_nfkc(t, strlen(t));
		size_t dl = strlen(d);
		if (is_none_text(t, strlen(t))) {
			v = node_scalar_str(ANSWER_NONE);
		} else if (import_count(t, strlen(t), &n, &a, &e)) {
			if (n >= 0) {
				snprintf(num, sizeof num, "%ld", n);
				v = node_scalar_str(num);
			}
		} else if (dl > 0 && dl < 9 && strspn(d, "0123456789") == dl) {
			v = node_scalar_str(d);
		} else {
			quote(t, q, sizeof q);
			note_add(im, path, line, true, _("\"%s\" is not a count; not imported"), q);
		}
		free(d);
		free(t);
		break;
	}
	case FORM_FLAG: {
		size_t used;
		enum import_mark m = import_mark_at(text, len, &used);
		if (m == IMPORT_MARK_CHECKED || m == IMPORT_MARK_RADIO)
			v = node_scalar_str("true");
		else if (m == IMPORT_MARK_EMPTY || m == IMPORT_MARK_BOX)
			v = node_scalar_str("false");
		else {
			quote(text, q, sizeof q);
			note_add(im, path, line, true,
			    _("no check box found in \"%s\"; not imported"), q);
		}
		break;
	}
	default:
		break;
	}
	if (v == NULL)
		return;
	if (v->type == NODE_SCALAR && has_odd_script(v->str))
		note_add(im, path, line, false, "%s",
		    _("the text holds letters of another script (extraction noise?): review"));
	place(im, it, false, v, line);
}

static void
close_open(struct imp *im)
{
	const struct form_item *it = im->open;

	if (it == NULL)
		return;
	im->open = NULL;
	place_leaf(im, it, strbuf_str(&im->otext), im->oline);
	strbuf_reset(&im->otext);
}

static void
open_leaf(struct imp *im, const struct form_item *it, int line)
{
	close_open(im);
	im->open = it;
	im->oline = line;
	strbuf_reset(&im->otext);
}

static void
open_add(struct imp *im, const char *s, size_t n)
{
	size_t a = 0;

	while (a < n && (s[a] == ' ' || s[a] == '\n'))
		a++;
	while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (n == a)
		return;
	if (im->otext.len > 0)
		strbuf_addc(&im->otext, '\n');
	strbuf_add(&im->otext, s + a, n - a);
}

/* ------------------------------------------------------------------------------------ */
/* recognising labels                                                                   */

enum quality {
	Q_NONE,
	Q_FUZZY,
	Q_STRIPPED, /* the label after a number that is not the item's */
	Q_LABEL_PREFIX,
	Q_TITLE_PREFIX,
	Q_LABEL,
	Q_TITLE,
};

struct hit {
	size_t idx; /* entry of f->all */
	enum quality q;
	size_t rest; /* offset in the head where the value starts */
	int inst; /* instance number (1-based) for a repeat's instance heading, else 0 */
	bool range; /* システム2~5: a heading printed for empty instances */
	bool back; /* found before the cursor in the current section */
};

/* Is the raw text at p a place where a label may end? */
static bool
label_boundary(const char *p, size_t n)
{
	uint32_t c;

	if (n == 0)
		return true;
	u8dec(p, n, &c);
	return is_space_cp(c) || c == '\n' || c == 0x203B || c == '[' || c == 0xFF3B || c == '(' ||
	    c == 0xFF08 || c == '<' || c == 0xFF1C || c == 0x3010 || c == ':' || c == 0xFF1A ||
	    c == IMPORT_TOK_CHECKED || c == IMPORT_TOK_BOX || c == IMPORT_TOK_RADIO;
}

static enum quality
match_key(const struct folded *h, const char *raw, size_t rawlen, const char *key, bool title,
    size_t *rest)
{
	size_t kl = key != NULL ? strlen(key) : 0, re;

	if (kl == 0 || h->len < kl || memcmp(h->s, key, kl) != 0)
		return Q_NONE;
	re = h->end[kl - 1];
	if (h->len == kl) {
		*rest = re;
		return title ? Q_TITLE : Q_LABEL;
	}
	if (!label_boundary(raw + re, rawlen - re))
		return Q_NONE;
	*rest = re;
	return title ? Q_TITLE_PREFIX : Q_LABEL_PREFIX;
}

/* The length of a number in front of a folded head: 1. ① III (別添1) (1) リスク1: */
static size_t
num_token(const char *h, size_t n)
{
	size_t i = 0;

	if (n >= 3 && (unsigned char)h[0] == 0xE2 &&
	    ((unsigned char)h[1] == 0x91 ||
		((unsigned char)h[1] == 0x92 && (unsigned char)h[2] <= 0xB3)))
		return 3; /* circled number */
	if (h[0] == '(') {
		for (i = 1; i < n && i < 40 && h[i] != ')'; i++)
			;
		return i < n && h[i] == ')' ? i + 1 : 0;
	}
	if (h[0] >= '0' && h[0] <= '9') {
		while (i < n && h[i] >= '0' && h[i] <= '9')
			i++;
		if (i < n && (h[i] == '.' || h[i] == ')'))
			return i + 1;
		return 0;
	}
	if (h[0] == 'I' || h[0] == 'V' || h[0] == 'X') {
		while (i < n && (h[i] == 'I' || h[i] == 'V' || h[i] == 'X'))
			i++;
		if (i < n && h[i] == '.')
			i++;
		return i < n && !((h[i] >= 'A' && h[i] <= 'Z') || (h[i] >= 'a' && h[i] <= 'z')) ? i
												: 0;
	}
	if (starts(h, n, "リスク")) {
		i = strlen("リスク");
		size_t d = i;
		while (i < n && h[i] >= '0' && h[i] <= '9')
			i++;
		if (i == d)
			return 0;
		if (i < n && h[i] == ':')
			i++;
		return i;
	}
	return 0;
}

static bool
eligible(const struct form_item *it)
{
	return it->kind != FORM_SECTION && it->kind != FORM_TABLE &&
	    !(it->parent != NULL && it->parent->kind == FORM_TABLE);
}

/* How well the head (folded h of raw) names entry idx. */
static enum quality
quality_of(struct imp *im, size_t idx, const struct folded *h, const char *raw, size_t rawlen,
    struct hit *hit)
{
	const struct form_item *it = im->f->all[idx];
	const struct key *k = &im->keys[idx];
	enum quality q = Q_NONE, q2;
	size_t rest = 0, r2 = 0, t;

	hit->inst = 0;
	hit->range = false;
	if (it->kind == FORM_REPEAT && k->inst != NULL) {
		size_t il = strlen(k->inst), j;
		if (h->len > il && memcmp(h->s, k->inst, il) == 0 && h->s[il] >= '0' &&
		    h->s[il] <= '9') {
			int n = 0;
			for (j = il; j < h->len && h->s[j] >= '0' && h->s[j] <= '9' && n < 10000;
			     j++)
				n = n * 10 + (h->s[j] - '0');
			if (j < h->len && (h->s[j] == '~' || h->s[j] == '-')) {
				hit->range = true;
				hit->rest = h->len > 0 ? h->end[h->len - 1] : rawlen;
				return Q_TITLE;
			}
			hit->inst = n;
			hit->rest = h->end[j - 1];
			return Q_TITLE;
		}
	}
	q = match_key(h, raw, rawlen, k->title, true, &rest);
	q2 = match_key(h, raw, rawlen, k->label, false, &r2);
	if (q2 > q) {
		q = q2;
		rest = r2;
	}
	if (q == Q_NONE && (t = num_token(h->s, h->len)) > 0 && t < h->len) {
		size_t kl = strlen(k->label);
		if (kl > 0 && h->len - t >= kl && memcmp(h->s + t, k->label, kl) == 0) {
			size_t re = h->end[t + kl - 1];
			if (h->len - t == kl || label_boundary(raw + re, rawlen - re)) {
				q = Q_STRIPPED;
				rest = re;
			}
		}
	}
	hit->rest = rest;
	return q;
}

/* Find the entry a head names, searching from the cursor: the rest of the current section,
 * then its beginning, then the sections after it, then those before. */
static bool
find_entry(struct imp *im, const char *raw, size_t rawlen, struct hit *out)
{
	struct folded h = { 0 };
	size_t lo = sec_lo(im, im->sec), hi = sec_hi(im, im->sec), ph, i;
	size_t from[4], to[4];
	enum quality need[4] = { Q_STRIPPED, Q_LABEL_PREFIX, Q_LABEL_PREFIX, Q_LABEL_PREFIX };
	bool found = false;

	fold_text(&h, raw, rawlen);
	if (h.len == 0)
		goto out;
	from[0] = im->pos + 1 < hi && im->pos + 1 > lo ? im->pos + 1 : lo + 1;
	to[0] = hi;
	from[1] = lo;
	to[1] = from[0];
	from[2] = hi;
	to[2] = im->f->nall;
	from[3] = 0;
	to[3] = lo;
	for (ph = 0; ph < 4 && !found; ph++) {
		struct hit best = { 0 };
		for (i = from[ph]; i < to[ph]; i++) {
			struct hit cur = { 0 };
			if (!eligible(im->f->all[i]))
				continue;
			cur.q = quality_of(im, i, &h, raw, rawlen, &cur);
			cur.idx = i;
			if (cur.q > best.q)
				best = cur;
		}
		if (best.q >= need[ph]) {
			*out = best;
			out->back = ph == 1;
			found = true;
		}
	}
	/* a slip in the label (事務に必要な for 事務に必要のない, a stray script): nearby only */
	if (!found && cp_count(h.s) >= 6 && cp_count(h.s) <= FUZZY_MAX_CP) {
		size_t bestd = SIZE_MAX, bi = 0;
		for (ph = 0; ph < 2; ph++) {
			for (i = from[ph]; i < to[ph]; i++) {
				const struct key *k = &im->keys[i];
				size_t n, lim, d1, d2;
				if (!eligible(im->f->all[i]) || im->f->all[i]->kind == FORM_REPEAT)
					continue;
				n = cp_count(k->label);
				if (n < 6)
					continue;
				lim = n / 6 > 1 ? n / 6 : 1;
				d1 = distance(h.s, k->label, lim);
				d2 = distance(h.s, k->title, lim);
				if (d2 < d1)
					d1 = d2;
				if (d1 <= lim && d1 < bestd) {
					bestd = d1;
					bi = i;
				}
			}
			if (bestd != SIZE_MAX)
				break;
		}
		if (bestd != SIZE_MAX) {
			out->idx = bi;
			out->q = Q_FUZZY;
			out->rest = rawlen;
			out->inst = 0;
			out->range = false;
			out->back = ph == 1;
			found = true;
		}
	}
out:
	folded_free(&h);
	return found;
}

/* A section heading: the section's printed title, possibly followed by a remark
 * (※(7. ②を除く。)), or its label after a number that contains its own ((別添2-別紙)). */
static bool
find_section(struct imp *im, const char *raw, size_t rawlen, size_t *sec)
{
	struct folded h = { 0 };
	size_t s, rest, t;
	bool found = false;

	fold_text(&h, raw, rawlen);
	for (s = 0; s < im->f->nsections && !found; s++) {
		const struct form_item *it = im->f->sections[s];
		const struct key *k = &im->keys[it->index];
		enum quality q = match_key(&h, raw, rawlen, k->title, true, &rest);
		if (q == Q_TITLE || q == Q_TITLE_PREFIX) {
			*sec = s;
			found = true;
		}
	}
	for (s = 0; s < im->f->nsections && !found && h.len > 0; s++) {
		const struct form_item *it = im->f->sections[s];
		const struct key *k = &im->keys[it->index];
		char *num = fold_str(it->num);
		size_t nl = strlen(num), kl = strlen(k->label);
		t = num_token(h.s, h.len);
		if (t > 2 && h.s[0] == '(' && nl > 0 && t - 2 >= nl &&
		    memcmp(h.s + 1, num, nl) == 0 && !(h.s[1 + nl] >= '0' && h.s[1 + nl] <= '9') &&
		    h.len - t >= kl && kl > 0 && memcmp(h.s + t, k->label, kl) == 0) {
			*sec = s;
			found = true;
		}
		free(num);
	}
	folded_free(&h);
	return found;
}

/* ------------------------------------------------------------------------------------ */
/* the 変更箇所 table                                                                   */

/* A column label of the table in a header cell ("変更前(令和7年12月まで…)の記載" is 変更前の
 * 記載): parenthesised remarks and whatever follows ※ are left out. */
static int
table_column(const struct form_item *table, const char *cell)
{
	struct strbuf b = STRBUF_INIT;
	size_t i = 0, len = strlen(cell), k, depth = 0;
	uint32_t c;
	char *key;
	int r = -1;

	while (i < len) {
		k = u8dec(cell + i, len - i, &c);
		if (c == 0x203B)
			break;
		if (is_open_paren(c))
			depth++;
		else if (is_close_paren(c) && depth > 0)
			depth--;
		else if (depth == 0)
			strbuf_add(&b, cell + i, k);
		i += k;
	}
	key = import_fold(strbuf_str(&b), b.len);
	for (i = 0; i < table->nchildren && key[0] != '\0'; i++) {
		char *l = fold_str(table->children[i]->label);
		if (strcmp(l, key) == 0)
			r = (int)i;
		free(l);
		if (r >= 0)
			break;
	}
	free(key);
	strbuf_free(&b);
	return r;
}

static bool
table_header(struct imp *im, const struct row *r)
{
	size_t i, j, ne = 0;
	int map[MAX_COLS];

	for (i = 0; i < im->f->nall; i++) {
		const struct form_item *t = im->f->all[i];
		bool ok = true;
		if (t->kind != FORM_TABLE)
			continue;
		ne = 0;
		for (j = 0; j < MAX_COLS; j++)
			map[j] = -1;
		for (j = 0; j < r->ncell && ok; j++) {
			if (r->cell[j][0] == '\0')
				continue;
			if (j >= MAX_COLS || (map[j] = table_column(t, r->cell[j])) < 0)
				ok = false;
			ne++;
		}
		if (!ok || ne < 2)
			continue;
		close_open(im);
		if (!im->in_table || im->table != t) {
			im->table = t;
			im->sec = section_of(im, t);
			im->pos = t->index;
		}
		memcpy(im->tcol, map, sizeof map);
		for (j = 0; j < MAX_COLS; j++) {
			if (map[j] >= 0 && map[j] < MAX_COLS)
				im->tseen[map[j]] = true;
		}
		im->in_table = true;
		return true;
	}
	return false;
}

/* A row of the table: true when it was taken. */
static bool
table_row(struct imp *im, const struct row *r)
{
	size_t i, ne = 0, keyfilled = 0, extra = 0;
	struct trow *t;

	for (i = 0; i < r->ncell; i++)
		ne += r->cell[i][0] != '\0';
	if (ne == 0)
		return true;
	if (ne == 1) {
		size_t s;
		for (i = 0; r->cell[i][0] == '\0'; i++)
			;
		if (find_section(im, r->cell[i], strlen(r->cell[i]), &s)) {
			if (im->f->sections[s] != form_item_section(im->table))
				im->in_table = false;
			return !im->in_table;
		}
	}
	/* the one-line columns (変更日, 項目, 提出時期) start a row; a row that only continues
	 * the long texts was cut by a page break */
	for (i = 0; i < r->ncell && i < MAX_COLS; i++) {
		if (im->tcol[i] < 0 || im->table->children[im->tcol[i]]->kind == FORM_TEXTAREA)
			continue;
		keyfilled += r->cell[i][0] != '\0';
	}
	if (keyfilled == 0 && im->ntrows > 0) {
		t = &im->trows[im->ntrows - 1]; /* a row continued over a page break */
	} else {
		if (im->ntrows == im->tcap) {
			im->tcap = im->tcap == 0 ? 32 : im->tcap * 2;
			im->trows = xreallocarray(im->trows, im->tcap, sizeof *im->trows);
		}
		t = &im->trows[im->ntrows++];
		memset(t, 0, sizeof *t);
		t->line = r->line;
	}
	for (i = 0; i < r->ncell; i++) {
		if (r->cell[i][0] == '\0')
			continue;
		if (i >= MAX_COLS || im->tcol[i] < 0) {
			char q[200];
			if (extra++ > 0)
				continue; /* one note per row is enough */
			quote(r->cell[i], q, sizeof q);
			note_add(
			    im, "", r->line, true, _("a cell outside the table's columns: %s"), q);
			continue;
		}
		if (t->col[im->tcol[i]].len > 0)
			strbuf_addc(&t->col[im->tcol[i]], '\n');
		strbuf_adds(&t->col[im->tcol[i]], r->cell[i]);
	}
	return true;
}

static void
finish_table(struct imp *im)
{
	const struct form_item *tab = im->table;
	struct node *rows;
	struct item_ref ref;
	size_t i, c;
	char path[1024];

	if (tab == NULL || im->ntrows == 0)
		goto out;
	rows = node_seq();
	make_ref(im, tab, false, &ref);
	path_format(&ref, path, sizeof path);
	for (i = 0; i < im->ntrows; i++) {
		struct trow *t = &im->trows[i];
		struct node *m = node_map();
		for (c = 0; c < tab->nchildren && c < MAX_COLS; c++) {
			const struct form_item *col = tab->children[c];
			const char *text = strbuf_str(&t->col[c]);
			size_t len = t->col[c].len;
			char *v = NULL, q[200], out[64];
			if (len == 0)
				continue;
			switch (col->kind) {
			case FORM_DATE: {
				struct error err;
				char *l = one_line(text, len);
				error_clear(&err);
				if (wareki_parse(l, strlen(l), col->month, out, sizeof out, &err)) {
					v = xstrdup(out);
					free(l);
				} else {
					v = l;
					quote(l, q, sizeof q);
					note_add(im, path, t->line, true,
					    _("row %zu: %s \"%s\" is not a date"), i + 1,
					    col->label, q);
				}
				break;
			}
			case FORM_CHOICE: {
				bool approx;
				char *l = one_line(text, len);
				int o = option_lookup(col, l, strlen(l), true, &approx);
				if (o >= 0) {
					v = xstrdup(col->options->v[o].text);
					free(l);
				} else {
					v = l;
					quote(l, q, sizeof q);
					note_add(im, path, t->line, true,
					    _("row %zu: %s \"%s\" is none of the choices"), i + 1,
					    col->label, q);
				}
				break;
			}
			case FORM_TEXTAREA:
				v = import_text_lines(text, len);
				break;
			default:
				v = one_line(text, len);
				break;
			}
			if (v[0] != '\0')
				node_set(m, col->id, node_scalar_str(v));
			free(v);
		}
		/* a row whose 項目 or 変更日 was printed empty (the rest may belong to another
		 * row) */
		for (c = 0; c < tab->nchildren && c < MAX_COLS; c++) {
			const struct form_item *col = tab->children[c];
			if (im->tseen[c] && col->required && col->kind != FORM_TEXTAREA &&
			    node_get(m, col->id) == NULL)
				note_add(im, path, t->line, true,
				    _("row %zu: %s is empty in the text"), i + 1, col->label);
		}
		node_push(rows, m);
	}
	if (document_get(im->res->doc, &ref) != NULL) {
		node_free(&rows);
		note_add(im, path, im->trows[0].line, true, "%s",
		    _("already answered earlier in the text; this answer was not imported"));
	} else {
		document_set(im->res->doc, &ref, rows);
		record(im, &ref, im->trows[0].line);
		im->res->placed += im->ntrows - 1;
	}
out:
	for (i = 0; i < im->ntrows; i++) {
		for (c = 0; c < MAX_COLS; c++)
			strbuf_free(&im->trows[i].col[c]);
	}
	free(im->trows);
	im->trows = NULL;
	im->ntrows = im->tcap = 0;
}

/* ------------------------------------------------------------------------------------ */
/* rows                                                                                 */

/* The text of cells a..n of a row, one cell per line. */
static void
cells_text(const struct row *r, size_t a, struct strbuf *b)
{
	size_t i;

	for (i = a; i < r->ncell; i++) {
		if (r->cell[i][0] == '\0')
			continue;
		if (b->len > 0)
			strbuf_addc(b, '\n');
		strbuf_adds(b, r->cell[i]);
	}
}

/* The value part after a label: leading spaces and marks (※) go. */
static const char *
skip_marks(const char *s)
{
	size_t m;
	bool again = true;

	while (again) {
		again = false;
		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		for (m = 0; m < sizeof label_marks / sizeof label_marks[0]; m++) {
			if (strncmp(s, label_marks[m], strlen(label_marks[m])) == 0) {
				s += strlen(label_marks[m]);
				again = true;
			}
		}
		if (strncmp(s, "：", strlen("：")) == 0) {
			s += strlen("：");
			again = true;
		} else if (*s == ':') {
			s++;
			again = true;
		}
	}
	return s;
}

static bool is_silent(struct imp *im, const char *text, size_t len);

/* Header flags of a group ([ ] 委託しない) in the text after its heading. */
static bool
group_flags(struct imp *im, const struct form_item *g, const char *s, int line)
{
	struct segs sg = { 0 };
	size_t i, j;
	bool any = false;

	split_marks(s, strlen(s), &sg);
	for (i = 0; i < sg.n; i++) {
		enum import_mark m = sg.v[i].mark;
		if (m == IMPORT_MARK_NONE)
			continue;
		for (j = 0; j < g->nchildren; j++) {
			const struct form_item *c = g->children[j];
			char *key, *lab;
			bool hit;
			if (c->kind != FORM_FLAG)
				continue;
			key = import_fold(sg.v[i].text, strlen(sg.v[i].text));
			lab = fold_str(c->label);
			hit = lab[0] != '\0' && strncmp(key, lab, strlen(lab)) == 0;
			free(key);
			free(lab);
			if (!hit)
				continue;
			place(im, c, false,
			    node_scalar_str(m == IMPORT_MARK_CHECKED || m == IMPORT_MARK_RADIO
				    ? "true"
				    : "false"),
			    line);
			any = true;
			break;
		}
	}
	segs_free(&sg);
	return any;
}

static void take(struct imp *im, const struct row *r, size_t c, const char *head,
    const struct hit *h, int depth);

/* Is the first line of s the label of another item of it's group? Then s is no answer. */
static bool
sibling_label(struct imp *im, const struct form_item *it, const char *s)
{
	const struct form_item *p = it->parent;
	const char *e = strchr(s, '\n');
	char *k;
	size_t i;
	bool hit = false;

	if (p == NULL || *s == '\0')
		return false;
	k = import_fold(s, e != NULL ? (size_t)(e - s) : strlen(s));
	for (i = 0; i < p->nchildren && !hit; i++) {
		const struct form_item *c = p->children[i];
		hit = c != it && form_kind_answerable(c->kind) &&
		    (strcmp(k, im->keys[c->index].label) == 0 ||
			strcmp(k, im->keys[c->index].title) == 0);
	}
	free(k);
	return hit;
}

/* Where, in the text read for it, a line starts that is the label of an item after it in the
 * same group (its length when there is none). */
static size_t
sibling_line(struct imp *im, const struct form_item *it, const char *s)
{
	const struct form_item *p = it->parent;
	const char *l = strchr(s, '\n');
	size_t i;

	if (p == NULL)
		return strlen(s);
	while (l != NULL) {
		const char *e = strchr(l + 1, '\n');
		size_t n = e != NULL ? (size_t)(e - l - 1) : strlen(l + 1);
		char *k = import_fold(l + 1, n);
		bool after = false, hit = false;
		for (i = 0; i < p->nchildren && !hit && k[0] != '\0'; i++) {
			const struct form_item *c = p->children[i];
			if (c == it) {
				after = true;
				continue;
			}
			if (after &&
			    (strcmp(k, im->keys[c->index].label) == 0 ||
				strcmp(k, im->keys[c->index].title) == 0))
				hit = true;
		}
		free(k);
		if (hit)
			return (size_t)(l + 1 - s);
		l = e;
	}
	return strlen(s);
}

/* Try the cells from c on as label cells. */
static bool
match_cells(struct imp *im, const struct row *r, size_t c, int depth)
{
	size_t tries;

	for (tries = 0; tries < 2 && c < r->ncell; tries++) {
		const char *cell = r->cell[c];
		const char *nl = strchr(cell, '\n');
		size_t hl = nl != NULL ? (size_t)(nl - cell) : strlen(cell);
		struct hit h;
		size_t next;

		if (hl > 0 && find_entry(im, cell, hl, &h)) {
			take(im, r, c, cell, &h, depth);
			return true;
		}
		/* (備考): a label in brackets */
		if (hl > 2 && (cell[0] == '(' || starts(cell, hl, "（"))) {
			size_t a = cell[0] == '(' ? 1 : 3, e = hl;
			if (cell[e - 1] == ')')
				e--;
			else if (e >= 3 && starts(cell + e - 3, 3, "）"))
				e -= 3;
			if (e < hl && e > a && find_entry(im, cell + a, e - a, &h) &&
			    h.q >= Q_LABEL) {
				h.rest = hl - a; /* nothing after the bracket */
				take(im, r, c, cell + a, &h, depth);
				return true;
			}
		}
		/* a short cell that is no label (再委託, the row-span heading) before one that is */
		for (next = c + 1; next < r->ncell && r->cell[next][0] == '\0'; next++)
			;
		if (tries > 0 || next >= r->ncell || cp_count(cell) > 6 ||
		    strchr(cell, '\n') != NULL)
			break;
		c = next;
	}
	return false;
}

/* Place what follows a recognised head. */
static void
take(
    struct imp *im, const struct row *r, size_t c, const char *head, const struct hit *h, int depth)
{
	const struct form_item *it = im->f->all[h->idx];
	const char *rest = skip_marks(head + h->rest);
	size_t s = section_of(im, it), next;
	struct strbuf b = STRBUF_INIT;
	char path[1024];

	close_open(im);
	if (s != im->sec) {
		im->sec = s;
		if (im->f->sections[s]->per_file && im->fused[s] == 0)
			im->fpending[s] = true;
	}
	/* the name of a 特定個人情報ファイル again, without the section's heading: the next file */
	if (h->back && im->f->sections[s]->per_file && it == name_item(im->f->sections[s]) &&
	    im->fused[s] > 0)
		im->fpending[s] = true;
	if (h->q == Q_FUZZY) {
		char q[200];
		item_path(im, it, path, sizeof path);
		quote(head, q, sizeof q);
		note_add(im, path, r->line, false, _("label read as this item: %s"), q);
	}
	for (next = c + 1; next < r->ncell && r->cell[next][0] == '\0'; next++)
		;
	switch (it->kind) {
	case FORM_GROUP:
		im->pos = h->idx;
		strbuf_adds(&b, rest);
		if (next < r->ncell) {
			strbuf_addc(&b, ' ');
			strbuf_adds(&b, r->cell[next]);
		}
		if (group_flags(im, it, strbuf_str(&b), r->line)) {
			size_t k;
			/* flags may take several cells */
			for (k = next; k < r->ncell; k++) {
				size_t used;
				if (r->cell[k][0] != '\0' &&
				    import_mark_at(r->cell[k], strlen(r->cell[k]), &used) ==
					IMPORT_MARK_NONE)
					break;
				if (k > next)
					group_flags(im, it, r->cell[k], r->line);
			}
			next = k;
		} else if (*rest != '\0' && !is_silent(im, rest, strlen(rest))) {
			char q[200];
			struct hit h2;
			size_t rl = strlen(rest);
			const char *nl = strchr(rest, '\n');
			if (depth < 8 &&
			    find_entry(im, rest, nl != NULL ? (size_t)(nl - rest) : rl, &h2)) {
				struct row one = { r->line, (char **)&rest, 1 };
				take(im, &one, 0, rest, &h2, depth + 1);
			} else {
				quote(rest, q, sizeof q);
				item_path(im, it, path, sizeof path);
				note_add(im, path, r->line, true,
				    _("text after the heading not placed: %s"), q);
			}
		}
		if (next < r->ncell && depth < 4)
			if (!match_cells(im, r, next, depth + 1)) {
				strbuf_reset(&b);
				cells_text(r, next, &b);
				if (b.len > 0 && !is_silent(im, b.s, b.len)) {
					char q[200];
					quote(b.s, q, sizeof q);
					item_path(im, it, path, sizeof path);
					note_add(im, path, r->line, true,
					    _("text after the heading not placed: %s"), q);
				}
			}
		break;
	case FORM_REPEAT:
		if (h->range)
			break; /* システム2~5: printed even when empty */
		im->pos = h->idx;
		if (h->inst > 0) {
			if (h->inst > it->max) {
				item_path(im, it, path, sizeof path);
				note_add(im, path, r->line, true,
				    _("instance %d is beyond the form's %d"), h->inst, it->max);
				break;
			}
			/* a new file starts its repeats from the top */
			if (form_item_section(it)->per_file)
				(void)file_of(im, s);
			im->inst[h->idx] = h->inst - 1;
			strbuf_adds(&b, rest);
			if (b.len == 0 && next < r->ncell)
				strbuf_adds(&b, r->cell[next]);
			if (it->titled && b.len > 0) {
				char *t = one_line(b.s, b.len);
				if (t[0] != '\0')
					place(im, it, true, node_scalar_str(t), r->line);
				free(t);
			}
		}
		break;
	case FORM_FIXED: {
		im->pos = h->idx;
		strbuf_adds(&b, rest);
		cells_text(r, next, &b);
		if (b.len > 0 && !is_silent(im, b.s, b.len)) {
			char q[200];
			quote(b.s, q, sizeof q);
			item_path(im, it, path, sizeof path);
			note_add(im, path, r->line, false,
			    _("the form prints fixed text here; not imported: %s"), q);
		}
		break;
	}
	default: {
		size_t split;
		im->pos = h->idx;
		if (sibling_label(im, it, rest)) {
			/* 評価書番号 評価書名 in one cell, values below: spaces cannot tell them */
			char q[200];
			quote(rest, q, sizeof q);
			item_path(im, it, path, sizeof path);
			note_add(im, path, r->line, true,
			    _("a row of labels (%s); the values under it are not placed"), q);
			break;
		}
		open_leaf(im, it, r->line);
		/* the rest of the head cell, the other lines of it, the following cells */
		strbuf_adds(&b, rest);
		cells_text(r, c + 1, &b);
		split = sibling_line(im, it, strbuf_str(&b));
		open_add(im, strbuf_str(&b), split);
		if (it->kind != FORM_TEXTAREA && it->kind != FORM_TEXT && im->otext.len > 0)
			close_open(im); /* one-row answers */
		if (split < b.len && depth < 8) {
			/* a cell that holds the next item too (期間 … その妥当性 …) */
			char *tail = b.s + split;
			struct row one = { r->line, &tail, 1 };
			match_cells(im, &one, 0, depth + 1);
		}
		break;
	}
	}
	strbuf_free(&b);
}

/* Texts the form itself prints: its title, its revision, the risk notes of groups. */
static bool
is_silent(struct imp *im, const char *text, size_t len)
{
	char *k = import_fold(text, len);
	size_t i;
	bool r = false;

	for (i = 0; i < im->nsilent && !r; i++)
		r = strcmp(k, im->silent[i]) == 0;
	if (!r && strcmp(k, "<" CHOICES_WORD ">") == 0)
		r = true;
	free(k);
	return r;
}

/* A row with a numbered option list: the value of a choice whose label came earlier or
 * comes later, or the option table printed a second time. */
static bool
orphan_choice(struct imp *im, const struct row *r)
{
	struct strbuf b = STRBUF_INIT, rest = STRBUF_INIT;
	const struct form_item *target = NULL;
	size_t at, wl, i, lim;
	bool word, done = false;
	char *what = NULL;
	int sel;

	cells_text(r, 0, &b);
	word = find_choices_word(b.s, b.len, &at, &wl);
	/* a list with at least two numbered options of some choice */
	if (im->open != NULL && im->open->kind == FORM_CHOICE && im->otext.len == 0 &&
	    drop_option_list(im->open, b.s, b.len, &rest) >= 2) {
		open_add(im, b.s, b.len);
		close_open(im);
		done = true;
		goto out;
	}
	strbuf_reset(&rest);
	if (im->last_choice != NULL && drop_option_list(im->last_choice, b.s, b.len, &rest) >= 1) {
		sel = import_choice(im->last_choice, b.s, b.len, &what);
		free(what);
		what = NULL;
		if (sel == -1) {
			done = true; /* the same list again */
			goto out;
		}
	}
	if (!word)
		goto out;
	lim = sec_hi(im, im->sec);
	for (i = im->pos + 1; i < lim && i < im->pos + 12 && target == NULL; i++) {
		const struct form_item *it = im->f->all[i];
		struct item_ref ref;
		strbuf_reset(&rest);
		if (it->kind != FORM_CHOICE || it->options == NULL || it->options->n < 2)
			continue;
		if (drop_option_list(it, b.s, b.len, &rest) < it->options->n)
			continue;
		(void)ref;
		target = it;
	}
	if (target == NULL)
		goto out;
	close_open(im);
	place_leaf(im, target, b.s, r->line);
	done = true;
out:
	strbuf_free(&b);
	strbuf_free(&rest);
	return done;
}

/* More of the open answer. */
static bool
continue_open(struct imp *im, const struct row *r)
{
	struct strbuf b = STRBUF_INIT;
	const struct form_item *it = im->open;
	bool took = false;

	if (it == NULL)
		return false;
	cells_text(r, 0, &b);
	switch (it->kind) {
	case FORM_TEXTAREA:
		took = true;
		break;
	case FORM_TEXT:
		took = im->otext.len == 0;
		break;
	case FORM_DATE:
		if (im->otext.len == 0) {
			char out[64], *l = one_line(b.s, b.len);
			struct error err;
			error_clear(&err);
			took = is_none_text(l, strlen(l)) ||
			    wareki_parse(l, strlen(l), it->month, out, sizeof out, &err);
			free(l);
		}
		break;
	default:
		took = im->otext.len == 0;
		break;
	}
	if (took) {
		open_add(im, b.s, b.len);
		if (it->kind != FORM_TEXTAREA)
			close_open(im);
	}
	strbuf_free(&b);
	return took;
}

/* A section's only answer (別添1 記録項目) is read from the rows after its heading. */
static const struct form_item *
sole_answer(const struct form_item *sec)
{
	const struct form_item *found = NULL;
	size_t i;

	for (i = 0; i < sec->nchildren; i++) {
		const struct form_item *c = sec->children[i];
		if (!form_kind_answerable(c->kind) || c->kind == FORM_TABLE)
			return NULL;
		if (found != NULL)
			return NULL;
		found = c;
	}
	return found != NULL && found->kind == FORM_TEXTAREA ? found : NULL;
}

static void
enter_section(struct imp *im, size_t s, int line)
{
	const struct form_item *sec = im->f->sections[s], *one;

	close_open(im);
	im->sec = s;
	im->pos = sec->index;
	im->in_table = false;
	if (sec->per_file)
		im->fpending[s] = true;
	if ((one = sole_answer(sec)) != NULL) {
		open_leaf(im, one, line);
		im->pos = one->index;
	}
}

/* The caption of the cover's list of sections (項目一覧): a one-line row followed by at
 * least three section titles. */
static bool
toc_caption(struct imp *im)
{
	size_t i, n = 0, s, c;

	for (i = im->cur + 1; i < im->nrows && n < 3; i++) {
		const struct row *r = &im->rows[i];
		size_t ne = 0, first = 0;
		for (c = 0; c < r->ncell; c++) {
			if (r->cell[c][0] != '\0' && ne++ == 0)
				first = c;
		}
		if (ne == 0)
			continue;
		if (ne != 1 || !find_section(im, r->cell[first], strlen(r->cell[first]), &s))
			return false;
		n++;
	}
	return n == 3;
}

static void
do_row(struct imp *im, const struct row *r)
{
	size_t c0, s, ne = 0, i;
	char q[200];
	struct strbuf b = STRBUF_INIT;

	for (c0 = 0; c0 < r->ncell && r->cell[c0][0] == '\0'; c0++)
		;
	if (c0 == r->ncell)
		return;
	for (i = c0; i < r->ncell; i++)
		ne += r->cell[i][0] != '\0';
	if (table_header(im, r))
		goto out;
	if (im->in_table && table_row(im, r))
		goto out;
	if (ne == 1 && find_section(im, r->cell[c0], strlen(r->cell[c0]), &s)) {
		enter_section(im, s, r->line);
		goto out;
	}
	cells_text(r, c0, &b);
	/* a subheading naming one of the 特定個人情報ファイル */
	if (ne == 1 && im->f->sections[im->sec]->per_file &&
	    !(im->open != NULL && im->open == name_item(im->f->sections[im->sec]))) {
		long k = file_named(im, b.s, b.len);
		if (k >= 0) {
			const struct form_item *one = sole_answer(im->f->sections[im->sec]);
			close_open(im);
			file_set(im, im->sec, (size_t)k);
			if (one != NULL)
				open_leaf(im, one, r->line);
			goto out;
		}
	}
	if (is_silent(im, b.s, b.len))
		goto out;
	/* values under a row of labels */
	if (im->nhz > 0) {
		size_t k = 0;
		struct hit h;
		const char *nl = strchr(r->cell[c0], '\n');
		size_t hl = nl != NULL ? (size_t)(nl - r->cell[c0]) : strlen(r->cell[c0]);
		if (!find_entry(im, r->cell[c0], hl, &h) || h.q < Q_LABEL) {
			for (k = 0; k < im->nhz; k++) {
				if (im->hzcol[k] >= r->ncell)
					continue;
				open_leaf(im, im->hz[k], r->line);
				open_add(im, r->cell[im->hzcol[k]], strlen(r->cell[im->hzcol[k]]));
				close_open(im);
			}
			im->nhz = 0;
			goto out;
		}
		im->nhz = 0;
	}
	/* a row of labels only (評価書番号 評価書名) */
	if (ne >= 2 && ne <= MAX_COLS) {
		size_t k = 0;
		for (i = c0; i < r->ncell; i++) {
			struct hit h;
			if (r->cell[i][0] == '\0')
				continue;
			if (!find_entry(im, r->cell[i], strlen(r->cell[i]), &h) || h.q < Q_LABEL ||
			    !form_kind_answerable(im->f->all[h.idx]->kind) ||
			    im->f->all[h.idx]->kind == FORM_FLAG)
				break;
			im->hzcol[k] = i;
			im->hz[k++] = im->f->all[h.idx];
		}
		if (i == r->ncell && k >= 2) {
			close_open(im);
			im->nhz = k;
			im->pos = im->hz[k - 1]->index;
			goto out;
		}
	}
	if (match_cells(im, r, c0, 0))
		goto out;
	if (orphan_choice(im, r))
		goto out;
	if (continue_open(im, r))
		goto out;
	if (toc_caption(im))
		goto out;
	quote(b.s, q, sizeof q);
	note_add(im, "", r->line, true, _("text not placed: %s"), q);
out:
	strbuf_free(&b);
}

/* ------------------------------------------------------------------------------------ */
/* set-up, detection, the whole import                                                  */

struct note_at {
	struct import_note n;
	size_t i; /* position before sorting, so that the sort is stable */
};

static int
note_cmp(const void *a, const void *b)
{
	const struct note_at *x = a, *y = b;

	if (x->n.line != y->n.line)
		return x->n.line < y->n.line ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Notes in text order (the deferred ones came last). */
static void
sort_notes(struct import_result *r)
{
	struct note_at *tmp;
	size_t i;

	if (r->nnotes < 2)
		return;
	tmp = xcalloc(r->nnotes, sizeof *tmp);
	for (i = 0; i < r->nnotes; i++) {
		tmp[i].n = r->notes[i];
		tmp[i].i = i;
	}
	qsort(tmp, r->nnotes, sizeof *tmp, note_cmp);
	for (i = 0; i < r->nnotes; i++)
		r->notes[i] = tmp[i].n;
	free(tmp);
}

static void
keys_init(struct imp *im)
{
	const struct form *f = im->f;
	size_t i;
	char title[2048];

	im->keys = xcalloc(f->nall, sizeof *im->keys);
	for (i = 0; i < f->nall; i++) {
		const struct form_item *it = f->all[i];
		struct key *k = &im->keys[i];
		k->label = fold_str(it->label);
		k->title = fold_str(form_item_title(it, title, sizeof title));
		if (it->kind == FORM_REPEAT && it->instance != NULL)
			k->inst = fold_str(it->instance);
		if (it->note != NULL) {
			const char *p = it->note;
			im->silent = xreallocarray(im->silent, im->nsilent + 1, sizeof *im->silent);
			im->silent[im->nsilent++] = fold_str(it->note);
			while (strchr(p, '\n') != NULL) {
				const char *e = strchr(p, '\n');
				im->silent =
				    xreallocarray(im->silent, im->nsilent + 1, sizeof *im->silent);
				im->silent[im->nsilent++] = import_fold(p, (size_t)(e - p));
				p = e + 1;
			}
			if (p != it->note && *p != '\0') {
				im->silent =
				    xreallocarray(im->silent, im->nsilent + 1, sizeof *im->silent);
				im->silent[im->nsilent++] = fold_str(p);
			}
		}
		if (it->kind == FORM_FIXED && it->fixed != NULL) {
			im->silent = xreallocarray(im->silent, im->nsilent + 1, sizeof *im->silent);
			im->silent[im->nsilent++] = fold_str(it->fixed);
		}
	}
	im->silent = xreallocarray(im->silent, im->nsilent + 3, sizeof *im->silent);
	im->silent[im->nsilent++] = fold_str(f->title);
	snprintf(title, sizeof title, "[%s]", f->revision);
	im->silent[im->nsilent++] = fold_str(title);
	im->silent[im->nsilent++] = fold_str(f->revision);
}

static void
keys_free(struct imp *im)
{
	size_t i;

	for (i = 0; im->keys != NULL && i < im->f->nall; i++) {
		free(im->keys[i].label);
		free(im->keys[i].title);
		free(im->keys[i].inst);
	}
	free(im->keys);
	for (i = 0; i < im->nsilent; i++)
		free(im->silent[i]);
	free(im->silent);
}

/* Refuse what is no text: empty, NUL bytes, not UTF-8. */
static bool
readable(const char *buf, size_t len, const char *name, struct error *err)
{
	size_t i = 0, k, nonspace = 0;
	uint32_t c;

	if (buf == NULL || len == 0) {
		error_at(err, name, 0, 0, "%s", _("the file is empty: there is nothing to import"));
		return false;
	}
	if (len > IMPORT_MAX_BYTES) {
		error_at(err, name, 0, 0, _("the file is larger than %u MiB; not a report's text"),
		    IMPORT_MAX_BYTES / (1024 * 1024));
		return false;
	}
	if (memchr(buf, '\0', len) != NULL) {
		error_at(err, name, 0, 0, "%s",
		    _("the file is binary (it holds NUL bytes); import reads the text extracted "
		      "from a report, not the PDF or Excel file itself"));
		return false;
	}
	while (i < len) {
		k = u8dec(buf + i, len - i, &c);
		if (c == UINT32_MAX) {
			/* the first bad byte is where the message points */
			int line = 1, col = 1;
			size_t j;
			for (j = 0; j < i; j++) {
				line += buf[j] == '\n';
				col = buf[j] == '\n' ? 1 : col + 1;
			}
			error_at(err, name, line, col, "%s",
			    _("the file is not UTF-8 text; convert it first (for example "
			      "iconv -f SHIFT_JIS -t UTF-8)"));
			return false;
		}
		if (!is_space_cp(c) && c != '\n')
			nonspace++;
		i += k;
	}
	if (nonspace == 0) {
		error_at(err, name, 0, 0, "%s", _("the file is empty: there is nothing to import"));
		return false;
	}
	return true;
}

/* How much of form f a text shows: its title and revision count most, then section
 * headings, then distinct labels. The first rows tell: long texts are not read to the end. */
static long
form_score(const struct form *f, const struct row *rows, size_t nrows)
{
	struct imp im = { 0 };
	char *title, *frev;
	size_t i, j, s, *cand, ncand = 0, maxlen = 0;
	long score = 0;
	bool *seen;

	im.f = f;
	keys_init(&im);
	title = fold_str(f->title);
	frev = fold_str(f->revision);
	seen = xcalloc(f->nall, sizeof *seen);
	cand = xcalloc(f->nall, sizeof *cand);
	for (s = 0; s < f->nall; s++) {
		if (eligible(f->all[s]) && cp_count(im.keys[s].label) >= 4) {
			cand[ncand++] = s;
			if (strlen(im.keys[s].label) > maxlen)
				maxlen = strlen(im.keys[s].label);
		}
	}
	for (i = 0; i < nrows && i < 5000; i++) {
		for (j = 0; j < rows[i].ncell; j++) {
			const char *c = rows[i].cell[j];
			size_t k, kl;
			char *key;
			if (c[0] == '\0')
				continue;
			key = import_fold(c, strlen(c) < 4096 ? strlen(c) : 4096);
			kl = strlen(key);
			if (strstr(key, title) != NULL)
				score += 1000;
			if (frev[0] != '\0' && strstr(key, frev) != NULL)
				score += 500;
			if (j == 0 && find_section(&im, c, strlen(c), &s) &&
			    !seen[f->sections[s]->index]) {
				seen[f->sections[s]->index] = true;
				score += 20;
			}
			for (k = 0; k < ncand && kl <= maxlen; k++) {
				if (!seen[cand[k]] && strcmp(key, im.keys[cand[k]].label) == 0) {
					seen[cand[k]] = true;
					score += 1;
				}
			}
			free(key);
		}
	}
	free(cand);
	free(seen);
	free(title);
	free(frev);
	keys_free(&im);
	return score;
}

static const struct form *
detect(const struct formset *fs, const struct row *rows, size_t nrows, struct error *err,
    const char *name)
{
	const struct form *best = NULL;
	long bs = 0, second = 0;
	size_t i;

	for (i = 0; fs != NULL && i < fs->n; i++) {
		long s = form_score(fs->forms[i], rows, nrows);
		if (s > bs) {
			second = bs;
			bs = s;
			best = fs->forms[i];
		} else if (s > second) {
			second = s;
		}
	}
	if (best == NULL || bs < 3) {
		error_at(err, name, 0, 0, "%s",
		    _("this text is not a 特定個人情報保護評価書: no form title, section heading or "
		      "item label of a known form was found (give --form to force one)"));
		return NULL;
	}
	return best;
}

const struct form *
import_detect(const struct formset *fs, const char *buf, size_t len, struct error *err)
{
	struct row *rows;
	size_t n;
	const struct form *f;

	if (!readable(buf, len, NULL, err))
		return NULL;
	rows = make_rows(buf, len, &n);
	f = detect(fs, rows, n, err, NULL);
	rows_free(rows, n);
	return f;
}

struct import_result *
import_text(const struct formset *fs, const char *buf, size_t len, const struct form *f,
    const char *name, struct error *err)
{
	struct imp im = { 0 };
	struct import_result *res = NULL;
	struct row *rows = NULL;
	size_t nrows = 0, i, ns;

	if (!readable(buf, len, name, err))
		return NULL;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3; /* a byte-order mark, as Windows tools write them */
		len -= 3;
	}
	rows = make_rows(buf, len, &nrows);
	if (f == NULL && (f = detect(fs, rows, nrows, err, name)) == NULL)
		goto out;
	res = xcalloc(1, sizeof *res);
	res->doc = document_new(f);
	im.f = f;
	im.res = res;
	keys_init(&im);
	ns = f->nsections;
	im.fcur = xcalloc(ns + 1, sizeof *im.fcur);
	im.fused = xcalloc(ns + 1, sizeof *im.fused);
	im.fpending = xcalloc(ns + 1, sizeof *im.fpending);
	im.inst = xcalloc(f->nall + 1, sizeof *im.inst);
	for (i = 0; i < f->nall; i++)
		im.inst[i] = -1;
	im.imported = node_map();
	im.rows = rows;
	im.nrows = nrows;
	for (i = 0; i < nrows; i++) {
		im.cur = i;
		do_row(&im, &rows[i]);
	}
	close_open(&im);
	finish_table(&im);
	for (i = 0; i < im.ndfr; i++) {
		struct deferred *d = &im.dfr[i];
		char path[1024];
		if (!validate_not_applicable(res->doc, &d->ref, NULL, 0)) {
			path_format(&d->ref, path, sizeof path);
			note_add(&im, path, d->line, true, "%s", d->reason);
		}
		free(d->reason);
	}
	free(im.dfr);
	sort_notes(res);
	if (im.dropped > 0)
		note_add(
		    &im, NULL, (int)nrows, false, _("%zu more problems not listed"), im.dropped);
	if (im.imported->npairs > 0)
		node_set(res->doc->root, "imported", im.imported);
	else
		node_free(&im.imported);
	if (res->placed == 0) {
		error_at(err, name, 0, 0,
		    _("nothing in this text could be placed in the form %s: it is not the text of "
		      "a 特定個人情報保護評価書 of that form"),
		    f->id);
		import_result_free(&res);
	}
	keys_free(&im);
	free(im.fcur);
	free(im.fused);
	free(im.fpending);
	free(im.inst);
	for (i = 0; i < im.nfnames; i++)
		free(im.fnames[i]);
	free(im.fnames);
	strbuf_free(&im.otext);
out:
	rows_free(rows, nrows);
	return res;
}

void
import_result_free(struct import_result **r)
{
	size_t i;

	if (r == NULL || *r == NULL)
		return;
	for (i = 0; i < (*r)->nnotes; i++) {
		free((*r)->notes[i].path);
		free((*r)->notes[i].reason);
	}
	free((*r)->notes);
	document_free(&(*r)->doc);
	free(*r);
	*r = NULL;
}
