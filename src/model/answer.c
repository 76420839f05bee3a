/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Answers by kind. Typed input is forgiving (option numbers, full-width digits, 和暦 in
 * several spellings) but what is stored is always one canonical form, so documents compare
 * and diff cleanly. Free text is stored exactly as typed: it is never normalised. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/answer.h"
#include "piaform/i18n.h"
#include "piaform/strbuf.h"
#include "piaform/wareki.h"
#include "piaform/xmalloc.h"

bool
answer_is_none(const struct node *v)
{
	return node_is(v, ANSWER_NONE);
}

bool
answer_present(const struct node *v)
{
	if (v == NULL)
		return false;
	if (v->type == NODE_SCALAR)
		return v->len > 0;
	return true;
}

char *
answer_choices_text(const struct form_item *it)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	for (i = 0; it->options != NULL && i < it->options->n; i++)
		strbuf_addf(&b, "%s%zu) %s%s", i ? " " : "", i + 1, it->options->v[i].text,
		    it->options->v[i].free ? " ( )" : "");
	return strbuf_detach(&b);
}

/* Trim ASCII and ideographic spaces at both ends. */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')) {
		(*s)++;
		(*len)--;
	}
	while (*len >= 3 && strncmp(*s, "\u3000", 3) == 0) {
		*s += 3;
		*len -= 3;
	}
	while (*len > 0 &&
	    ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r' ||
		(*s)[*len - 1] == '\n'))
		(*len)--;
	while (*len >= 3 && strncmp(*s + *len - 3, "\u3000", 3) == 0)
		*len -= 3;
}

/* The option typed: its number ("2", "２", "2)") or its text (exact, or equal after NFKC). */
static int
find_option(const struct form_item *it, const char *s, size_t len)
{
	char *f = wareki_nfkc(s, len), *end;
	size_t i, flen;
	long n;
	int found = -1;

	flen = strlen(f);
	while (flen > 0 && (f[flen - 1] == ')' || f[flen - 1] == '.' || f[flen - 1] == ' '))
		f[--flen] = '\0';
	n = strtol(f, &end, 10);
	if (flen > 0 && *end == '\0' && n >= 1 && (size_t)n <= it->options->n) {
		free(f);
		return (int)n - 1;
	}
	free(f);
	found = form_option_index(it, s, len);
	if (found >= 0)
		return found;
	f = wareki_nfkc(s, len);
	for (i = 0; i < it->options->n && found < 0; i++) {
		char *o = wareki_nfkc(it->options->v[i].text, strlen(it->options->v[i].text));
		if (strcmp(o, f) == 0)
			found = (int)i;
		free(o);
	}
	free(f);
	return found;
}

static void
refuse_choice(const struct form_item *it, const char *s, size_t len, struct error *err)
{
	char *list = answer_choices_text(it);

	error_item(err, NULL, _("\"%.*s\" is not one of the choices: %s"), (int)len, s, list);
	free(list);
}

/* One line of a check-list answer: "その他 (中間サーバー)", "7: 中間サーバー", "庁内連携システム". */
static struct node *
parse_check_line(
    const struct form_item *it, const char *s, size_t len, int *index, struct error *err)
{
	const char *free_text = NULL;
	size_t free_len = 0, head = len, i;
	int k;

	/* split off a ( ) part or a ": " part */
	for (i = 0; i < len; i++) {
		if (s[i] == '(' || strncmp(s + i, "（", 3) == 0 || s[i] == ':' ||
		    strncmp(s + i, "：", 3) == 0) {
			size_t skip = (unsigned char)s[i] < 0x80 ? 1 : 3;
			head = i;
			free_text = s + i + skip;
			free_len = len - i - skip;
			if (s[i] == '(' || strncmp(s + i, "（", 3) == 0) {
				if (free_len > 0 && free_text[free_len - 1] == ')')
					free_len--;
				else if (free_len >= 3 &&
				    strncmp(free_text + free_len - 3, "）", 3) == 0)
					free_len -= 3;
			}
			break;
		}
	}
	/* an option text may itself contain ( ): try the whole line first */
	k = find_option(it, s, len);
	if (k >= 0) {
		free_text = NULL;
	} else {
		const char *h = s;
		size_t hl = head;
		trim(&h, &hl);
		k = find_option(it, h, hl);
	}
	if (k < 0) {
		refuse_choice(it, s, len, err);
		return NULL;
	}
	*index = k;
	if (free_text != NULL)
		trim(&free_text, &free_len);
	if (free_text != NULL && free_len > 0) {
		struct node *m;
		if (!it->options->v[k].free) {
			error_item(err, NULL, _("\"%s\" has no ( ) part to write in"),
			    it->options->v[k].text);
			return NULL;
		}
		m = node_map();
		node_set(m, it->options->v[k].text, node_scalar(free_text, free_len));
		return m;
	}
	return node_scalar_str(it->options->v[k].text);
}

static struct node *
parse_checks(const struct form_item *it, const char *in, size_t len, struct error *err)
{
	struct node *seq = node_seq();
	bool seen[256] = { false };
	size_t start = 0, i;
	int k, exclusive = -1;

	for (i = 0; i <= len; i++) {
		const char *line;
		size_t n;
		struct node *e;

		if (i < len && in[i] != '\n')
			continue;
		line = in + start;
		n = i - start;
		start = i + 1;
		trim(&line, &n);
		if (n == 0)
			continue;
		e = parse_check_line(it, line, n, &k, err);
		if (e == NULL)
			goto bad;
		if (k < 256 && seen[k]) {
			error_item(err, NULL, _("\"%s\" is listed twice"), it->options->v[k].text);
			node_free(&e);
			goto bad;
		}
		if (k < 256)
			seen[k] = true;
		if (it->options->v[k].exclusive)
			exclusive = k;
		node_push(seq, e);
	}
	if (exclusive >= 0 && seq->nitems > 1) {
		error_item(err, NULL, _("\"%s\" cannot be checked together with other options"),
		    it->options->v[exclusive].text);
		goto bad;
	}
	/* keep the form's order, whatever order they were typed in */
	for (i = 1; i < seq->nitems; i++) {
		for (size_t j = i; j > 0; j--) {
			const char *ft;
			int a = answer_check_entry(it, seq->items[j - 1], &ft);
			int b = answer_check_entry(it, seq->items[j], &ft);
			if (a <= b)
				break;
			struct node *t = seq->items[j - 1];
			seq->items[j - 1] = seq->items[j];
			seq->items[j] = t;
		}
	}
	return seq;
bad:
	node_free(&seq);
	return NULL;
}

static struct node *
parse_count(const char *in, size_t len, struct error *err)
{
	char *f = wareki_nfkc(in, len);
	const char *s = f;
	size_t n = strlen(f), i;
	struct node *v = NULL;

	trim(&s, &n);
	if (n >= 3 && strncmp(s + n - 3, "件", 3) == 0)
		n -= 3;
	trim(&s, &n);
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			break;
	}
	if (n == 0 || i < n || n > 9) {
		error_item(err, NULL, _("a count is a whole number of 0 or more, such as 3"));
		goto out;
	}
	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	v = node_scalar(s, n);
out:
	free(f);
	return v;
}

static struct node *
parse_flag(const char *in, size_t len, struct error *err)
{
	static const char *const yes[] = { "true", "yes", "y", "1", "on", "○", "◯", "x", "X", "[○]",
		NULL };
	static const char *const no[] = { "false", "no", "n", "0", "off", "", "[ ]", "[]", NULL };
	size_t i;

	trim(&in, &len);
	for (i = 0; yes[i] != NULL; i++) {
		if (strlen(yes[i]) == len && strncmp(in, yes[i], len) == 0)
			return node_scalar_str("true");
	}
	for (i = 0; no[i] != NULL; i++) {
		if (strlen(no[i]) == len && strncmp(in, no[i], len) == 0)
			return node_scalar_str("false");
	}
	error_item(err, NULL, _("a check box is answered yes or no"));
	return NULL;
}

struct node *
answer_parse(const struct form_item *it, const char *in, size_t len, struct error *err)
{
	const char *t = in;
	size_t tl = len;
	char buf[128];
	int k;

	if (in == NULL) {
		in = t = "";
		len = tl = 0;
	}
	/* a trailing newline from a pipe or an editor is not part of the answer */
	while (len > 0 && (in[len - 1] == '\n' || in[len - 1] == '\r'))
		len--;
	trim(&t, &tl);
	if (form_kind_answerable(it->kind) && it->kind != FORM_TABLE && tl == strlen(ANSWER_NONE) &&
	    strncmp(t, ANSWER_NONE, tl) == 0)
		return node_scalar_str(ANSWER_NONE);
	switch (it->kind) {
	case FORM_TEXT:
		if (memchr(in, '\n', len) != NULL) {
			error_item(err, NULL, _("this item takes one line"));
			return NULL;
		}
		return node_scalar(in, len);
	case FORM_TEXTAREA: {
		/* CRLF from a Windows editor or a paste is a line end, not content: stored as
		 * it is, the file would hold "\r\n" escapes instead of a literal block */
		struct node *v = node_scalar(in, len);
		size_t i, j = 0;
		for (i = 0; i < v->len; i++) {
			if (!(v->str[i] == '\r' && i + 1 < v->len && v->str[i + 1] == '\n'))
				v->str[j++] = v->str[i];
		}
		v->str[j] = '\0';
		v->len = j;
		return v;
	}
	case FORM_CHOICE:
		if (tl == 0)
			return node_scalar("", 0);
		k = find_option(it, t, tl);
		if (k < 0) {
			refuse_choice(it, t, tl, err);
			return NULL;
		}
		return node_scalar_str(it->options->v[k].text);
	case FORM_CHECKS:
		return parse_checks(it, in, len, err);
	case FORM_COUNT:
		return parse_count(in, len, err);
	case FORM_DATE:
		if (tl == 0)
			return node_scalar("", 0);
		if (!wareki_parse(t, tl, it->month, buf, sizeof buf, err))
			return NULL;
		return node_scalar_str(buf);
	case FORM_FLAG:
		return parse_flag(in, len, err);
	default:
		error_item(err, NULL, _("a %s holds no single answer"), form_kind_name(it->kind));
		return NULL;
	}
}

int
answer_check_entry(const struct form_item *it, const struct node *e, const char **free_text)
{
	*free_text = NULL;
	if (e->type == NODE_SCALAR)
		return form_option_index(it, e->str, e->len);
	if (e->type == NODE_MAP && e->npairs == 1 && e->pairs[0].value->type == NODE_SCALAR) {
		*free_text = e->pairs[0].value->str;
		return form_option_index(it, e->pairs[0].key, strlen(e->pairs[0].key));
	}
	return -1;
}

bool
answer_has(const struct form_item *it, const struct node *v, const char *text)
{
	size_t i;
	const char *ft;

	if (v == NULL || v->type != NODE_SEQ)
		return false;
	for (i = 0; i < v->nitems; i++) {
		int k = answer_check_entry(it, v->items[i], &ft);
		if (k >= 0 && strcmp(it->options->v[k].text, text) == 0)
			return true;
	}
	return false;
}

char *
answer_text_joined(const struct form_item *it, const struct node *v, const char *sep)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	if (v == NULL)
		return xstrdup("");
	if (v->type == NODE_SCALAR) {
		if (it->kind == FORM_FLAG)
			return xstrdup(node_is(v, "true") ? "○" : "");
		return xstrndup(v->str, v->len);
	}
	if (v->type == NODE_SEQ && it->kind == FORM_CHECKS) {
		for (i = 0; i < v->nitems; i++) {
			const char *ft;
			const struct node *e = v->items[i];
			if (i > 0)
				strbuf_adds(&b, sep);
			if (e->type == NODE_SCALAR) {
				strbuf_add(&b, e->str, e->len);
			} else if (e->type == NODE_MAP && e->npairs == 1) {
				answer_check_entry(it, e, &ft);
				strbuf_addf(&b, "%s (%s)", e->pairs[0].key, ft != NULL ? ft : "");
			}
		}
		return strbuf_detach(&b);
	}
	return xstrdup("");
}

char *
answer_text(const struct form_item *it, const struct node *v)
{
	return answer_text_joined(it, v, "\n");
}

bool
answer_valid(const struct form_item *it, const struct node *v, char *msg, size_t size)
{
	struct error e;
	char buf[128];
	size_t i;

	msg[0] = '\0';
	if (v == NULL || answer_is_none(v))
		return true;
	switch (it->kind) {
	case FORM_TEXT:
	case FORM_TEXTAREA:
		if (v->type != NODE_SCALAR) {
			snprintf(msg, size, _("text was expected here"));
			return false;
		}
		/* a hand-edited file can hold what set refuses */
		if (it->kind == FORM_TEXT && memchr(v->str, '\n', v->len) != NULL) {
			snprintf(msg, size, _("this item takes one line"));
			return false;
		}
		return true;
	case FORM_CHOICE:
		if (v->type != NODE_SCALAR) {
			snprintf(msg, size, _("one choice was expected here"));
			return false;
		}
		if (v->len == 0 || form_option_index(it, v->str, v->len) >= 0)
			return true;
		{
			char *list = answer_choices_text(it);
			snprintf(
			    msg, size, _("\"%s\" is not one of the choices: %s"), v->str, list);
			free(list);
		}
		return false;
	case FORM_CHECKS: {
		int exclusive = -1;
		if (v->type != NODE_SEQ) {
			snprintf(msg, size, _("a list of checked options was expected here"));
			return false;
		}
		for (i = 0; i < v->nitems; i++) {
			const char *ft;
			int k = answer_check_entry(it, v->items[i], &ft);
			if (k < 0) {
				const struct node *bad = v->items[i];
				char *list = answer_choices_text(it);
				snprintf(msg, size, _("\"%s\" is not one of the options: %s"),
				    bad->type == NODE_SCALAR ? bad->str
					: bad->type == NODE_MAP && bad->npairs > 0
					? bad->pairs[0].key
					: "?",
				    list);
				free(list);
				return false;
			}
			if (ft != NULL && !it->options->v[k].free) {
				snprintf(msg, size, _("\"%s\" has no ( ) part to write in"),
				    it->options->v[k].text);
				return false;
			}
			for (size_t j = 0; j < i; j++) {
				const char *ft2;
				if (answer_check_entry(it, v->items[j], &ft2) == k) {
					snprintf(msg, size, _("\"%s\" is listed twice"),
					    it->options->v[k].text);
					return false;
				}
			}
			if (it->options->v[k].exclusive)
				exclusive = k;
		}
		if (exclusive >= 0 && v->nitems > 1) {
			snprintf(msg, size,
			    _("\"%s\" cannot be checked together with other options"),
			    it->options->v[exclusive].text);
			return false;
		}
		return true;
	}
	case FORM_COUNT:
		if (v->type != NODE_SCALAR) {
			snprintf(msg, size, _("a count was expected here"));
			return false;
		}
		for (i = 0; i < v->len; i++) {
			if (v->str[i] < '0' || v->str[i] > '9') {
				snprintf(msg, size,
				    _("a count is a whole number of 0 or more, not \"%s\""),
				    v->str);
				return false;
			}
		}
		return true;
	case FORM_DATE:
		if (v->type != NODE_SCALAR) {
			snprintf(msg, size, _("a date was expected here"));
			return false;
		}
		if (v->len == 0)
			return true;
		error_clear(&e);
		if (!wareki_parse(v->str, v->len, it->month, buf, sizeof buf, &e)) {
			snprintf(msg, size, "\"%s\": %s", v->str, e.message);
			return false;
		}
		return true;
	case FORM_FLAG:
		if (!node_is(v, "true") && !node_is(v, "false")) {
			snprintf(msg, size, _("a check box holds true or false"));
			return false;
		}
		return true;
	case FORM_TABLE:
		if (v->type != NODE_SEQ) {
			snprintf(msg, size, _("a list of rows was expected here"));
			return false;
		}
		return true;
	default:
		return true;
	}
}
