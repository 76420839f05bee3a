/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Item paths. Parsing folds both the input and every candidate segment the same way, then
 * matches segment by segment, longest first, so that labels may themselves contain '-'. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/i18n.h"
#include "piaform/path.h"
#include "piaform/strbuf.h"
#include "piaform/xmalloc.h"

static const char *const circled[] = { "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫",
	"⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳" };
static const char *const roman[] = { "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ" };
static const char *const roman_ascii[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
	"X" };

/* Fold s into out, which has room for 2 * strlen(s) + 1 bytes (no unit grows by more than
 * 4/3: Ⅷ is three bytes and VIII four). Writing into the caller's buffer lets comparisons
 * fold on the stack: the form loader compares every label with its siblings' labels. */
static void
fold_into(const char *s, char *out)
{
	size_t i, k, o = 0;

	for (i = 0; s[i] != '\0';) {
		const unsigned char *u = (const unsigned char *)s + i;
		/* ①-⑳ and Ⅰ-Ⅹ all start with 0xE2: skip the tables for every other byte */
		bool table = u[0] == 0xE2, done = false;

		for (k = 0; table && k < 20 && !done; k++) {
			size_t n = strlen(circled[k]);
			if (strncmp(s + i, circled[k], n) == 0) {
				o += (size_t)sprintf(out + o, "%zu", k + 1);
				i += n;
				done = true;
			}
		}
		for (k = 0; table && k < 10 && !done; k++) {
			size_t n = strlen(roman[k]);
			if (strncmp(s + i, roman[k], n) == 0) {
				memcpy(out + o, roman_ascii[k], strlen(roman_ascii[k]));
				o += strlen(roman_ascii[k]);
				i += n;
				done = true;
			}
		}
		if (done)
			continue;
		/* full-width digits and letters U+FF10..U+FF5A, full-width brackets and minus */
		if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0xBF) {
			if (u[2] <= 0x99) {
				out[o++] = (char)('0' + (u[2] - 0x90));
			} else if (u[2] >= 0xA1 && u[2] <= 0xBA) {
				out[o++] = (char)('A' + (u[2] - 0xA1));
			} else if (u[2] == 0xBB) {
				out[o++] = '[';
			} else if (u[2] == 0xBD) {
				out[o++] = ']';
			} else {
				memcpy(out + o, u, 3);
				o += 3;
			}
			i += 3;
			continue;
		}
		if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D) { /* － */
			out[o++] = '-';
			i += 3;
			continue;
		}
		if (u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92) { /* − */
			out[o++] = '-';
			i += 3;
			continue;
		}
		if (u[0] == 0xEF && u[1] == 0xBD && u[2] >= 0x81 && u[2] <= 0x9A) { /* ａ-ｚ */
			out[o++] = (char)('a' + (u[2] - 0x81));
			i += 3;
			continue;
		}
		if (u[0] == ' ' || (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)) {
			/* spaces carry no meaning in a path */
			i += u[0] == ' ' ? 1 : 3;
			continue;
		}
		out[o++] = s[i];
		i++;
	}
	out[o] = '\0';
}

char *
path_fold(const char *s)
{
	char *out = xmalloc(2 * strlen(s) + 1);

	fold_into(s, out);
	return out;
}

bool
path_segment_equal(const char *a, const char *b)
{
	char sa[256], sb[256];
	char *fa, *fb;
	bool eq;

	if (strlen(a) < 128 && strlen(b) < 128) {
		fold_into(a, sa);
		fold_into(b, sb);
		return strcmp(sa, sb) == 0;
	}
	fa = path_fold(a);
	fb = path_fold(b);
	eq = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return eq;
}

size_t
path_levels(const struct form_item *item, bool include_self)
{
	size_t n = 0;
	const struct form_item *it = include_self ? item : item->parent;

	for (; it != NULL; it = it->parent) {
		if (it->kind == FORM_REPEAT || it->per_file)
			n++;
	}
	return n;
}

const char *
path_format(const struct item_ref *ref, char *buf, size_t size)
{
	const struct form_item *chain[64];
	struct strbuf b = STRBUF_INIT;
	size_t n = 0, level = 0;
	const struct form_item *it;

	for (it = ref->item; it != NULL && n < 64; it = it->parent)
		chain[n++] = it;
	while (n-- > 0) {
		it = chain[n];
		bool self = n == 0;
		bool instance = !self || ref->instance;

		if (it->per_file) {
			unsigned k = level < ref->nidx ? ref->idx[level] : 0;
			if (b.len > 0)
				strbuf_addc(&b, '-');
			strbuf_adds(&b, it->segment);
			if (instance && k > 0)
				strbuf_addf(&b, "[%u]", k + 1);
			level++;
			continue;
		}
		if (it->kind == FORM_REPEAT) {
			if (it->num != NULL) {
				if (b.len > 0)
					strbuf_addc(&b, '-');
				strbuf_adds(&b, it->segment);
			}
			if (instance || it->num == NULL) {
				if (b.len > 0)
					strbuf_addc(&b, '-');
				strbuf_adds(&b, it->instance);
			}
			if (instance)
				strbuf_addf(
				    &b, "%u", (level < ref->nidx ? ref->idx[level] : 0) + 1);
			level++;
			continue;
		}
		if (b.len > 0)
			strbuf_addc(&b, '-');
		strbuf_adds(&b, it->segment);
	}
	snprintf(buf, size, "%s", strbuf_str(&b));
	strbuf_free(&b);
	return buf;
}

/* Does folded text s start with folded segment seg, followed by '-', '[' or the end? */
static size_t
match_prefix(const char *s, const char *seg)
{
	size_t n = strlen(seg);

	if (n == 0 || strncmp(s, seg, n) != 0)
		return 0;
	if (s[n] != '\0' && s[n] != '-' && s[n] != '[')
		return 0;
	return n;
}

static bool
parse_number(const char **sp, unsigned *out)
{
	const char *s = *sp;
	unsigned v = 0;

	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 10000)
			return false;
		s++;
	}
	*sp = s;
	*out = v;
	return true;
}

/* Match the children of parent (or the sections) against s; depth-first with backtracking
 * is not needed because folded sibling segments are unique (the loader checks). */
bool
path_parse(const struct form *f, const char *path, struct item_ref *ref, struct error *err)
{
	char *folded = path_fold(path);
	const char *s = folded;
	const struct form_item *parent = NULL;
	bool ok = false;

	memset(ref, 0, sizeof *ref);
	if (*s == '\0') {
		error_item(err, path, _("empty item path"));
		goto out;
	}
	for (;;) {
		struct form_item *const *kids = parent ? parent->children : f->sections;
		size_t nkids = parent ? parent->nchildren : f->nsections, i, best = 0;
		const struct form_item *hit = NULL;
		bool via_instance = false;

		for (i = 0; i < nkids; i++) {
			const struct form_item *c = kids[i];
			char *seg = NULL;
			size_t n;

			if (c->kind == FORM_FIXED)
				continue;
			/* a repeat without a number is named by its instance name alone */
			seg = path_fold(
			    c->kind == FORM_REPEAT && c->num == NULL ? c->instance : c->segment);
			n = match_prefix(s, seg);
			if (c->kind == FORM_REPEAT && c->num == NULL && n == 0) {
				size_t k = strlen(seg);
				if (strncmp(s, seg, k) == 0 && s[k] >= '0' && s[k] <= '9') {
					n = k;
					if (n > best) {
						best = n;
						hit = c;
						via_instance = true;
					}
				}
			}
			if (n > best) {
				best = n;
				hit = c;
				via_instance = false;
			}
			free(seg);
		}
		if (hit == NULL)
			break;
		s += best;
		ref->item = hit;
		ref->instance = false;
		if (hit->per_file) {
			unsigned k = 1;
			if (*s == '[') {
				s++;
				if (!parse_number(&s, &k) || *s != ']' || k < 1) {
					error_item(
					    err, path, _("a file number is written [2], [3] …"));
					goto out;
				}
				s++;
			}
			if (ref->nidx == PATH_MAX_LEVELS)
				break;
			ref->idx[ref->nidx++] = k - 1;
			ref->instance = true;
		}
		if (hit->kind == FORM_REPEAT) {
			/* an instance: "システム3" after "2-", or "委託事項2" for an unnumbered repeat */
			char *inst = path_fold(hit->instance);
			size_t k = strlen(inst);
			unsigned v;
			bool has_instance = false;

			if (via_instance) {
				has_instance = true;
			} else if (hit->num != NULL && s[0] == '-' &&
			    strncmp(s + 1, inst, k) == 0 && s[1 + k] >= '0' && s[1 + k] <= '9') {
				s += 1 + k;
				has_instance = true;
			}
			free(inst);
			if (has_instance) {
				if (!parse_number(&s, &v) || v < 1) {
					error_item(err, path,
					    _("\"%s\" needs its number (%s1, %s2 …)"),
					    hit->instance, hit->instance, hit->instance);
					goto out;
				}
				if ((int)v > hit->max) {
					error_item(err, path, _("%s%u: at most %d are allowed"),
					    hit->instance, v, hit->max);
					goto out;
				}
				if (ref->nidx == PATH_MAX_LEVELS)
					break;
				ref->idx[ref->nidx++] = v - 1;
				ref->instance = true;
			}
		}

		if (*s == '\0') {
			ok = true;
			break;
		}
		if (*s != '-')
			break;
		s++;
		if (hit->nchildren == 0 || hit->kind == FORM_TABLE)
			break;
		if (hit->kind == FORM_REPEAT && !ref->instance)
			break;
		parent = hit;
	}
	if (!ok)
		error_item(err, path,
		    _("no such item in %s (piaform form-dump %s lists the paths)"), f->id, f->id);
out:
	free(folded);
	return ok;
}
