/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libyaml glue. Reading builds a node tree event by event and enforces the limits as events
 * arrive; writing chooses each scalar's style so that the output is stable, readable in
 * git diff, and read back identically by any YAML 1.1 or 1.2 reader. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "piaform/i18n.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

/* Line and column (1-based) of a byte offset, for reader errors that carry no mark. */
static void
offset_to_place(const char *buf, size_t len, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static void
parser_error(yaml_parser_t *p, const char *buf, size_t len, const char *name, struct error *err)
{
	int line, col;
	const char *what = p->problem != NULL ? p->problem : _("unreadable YAML");

	if (p->error == YAML_READER_ERROR) {
		offset_to_place(buf, len, p->problem_offset, &line, &col);
		error_at(err, name, line, col, _("%s (not valid UTF-8 text?)"), what);
	} else if (p->context != NULL && p->problem_mark.line == 0 && p->context_mark.line > 0) {
		error_at(err, name, (int)p->context_mark.line + 1, (int)p->context_mark.column + 1,
		    "%s %s", p->context, what);
	} else {
		error_at(err, name, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1,
		    "%s%s%s", p->context != NULL ? p->context : "", p->context != NULL ? ": " : "",
		    what);
	}
}

struct frame {
	struct node *n;
	char *key; /* pending key of a mapping, NULL when a key is expected */
	int key_line, key_col;
};

static bool
check_props(const yaml_event_t *ev, const char *name, struct error *err)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	int implicit = 1;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		implicit = ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor != NULL) {
		error_at(err, name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		    _("anchors (&%s) are not allowed"), (const char *)anchor);
		return false;
	}
	if (tag != NULL && !(implicit && strcmp((const char *)tag, "!") == 0) &&
	    strcmp((const char *)tag, "tag:yaml.org,2002:str") != 0) {
		error_at(err, name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		    _("tags (%s) are not allowed"), (const char *)tag);
		return false;
	}
	return true;
}

struct node *
yamlio_parse(const char *buf, size_t len, const char *name, struct error *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct frame stack[YAMLIO_MAX_DEPTH + 1];
	size_t depth = 0, i;
	struct node *root = NULL, *n;
	int docs = 0;
	bool done = false, ok = false;

	if (len > YAMLIO_MAX_BYTES) {
		error_at(err, name, 0, 0, _("file too large (%zu bytes; the limit is %u)"), len,
		    YAMLIO_MAX_BYTES);
		return NULL;
	}
	/* documents are UTF-8; libyaml would also read UTF-16 behind its BOM (a UTF-8 BOM is
	 * fine and skipped) */
	if (len >= 2 &&
	    (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
		((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF))) {
		error_at(err, name, 1, 1, _("the file is UTF-16; piaform reads UTF-8 text only"));
		return NULL;
	}
	if (!yaml_parser_initialize(&p))
		fatal("libyaml parser initialisation failed");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	memset(stack, 0, sizeof stack);

	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(&p, buf, len, name, err);
			goto out;
		}
		int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;

		if (!check_props(&ev, name, err)) {
			yaml_event_delete(&ev);
			goto out;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				error_at(
				    err, name, line, col, _("only one YAML document is allowed"));
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			error_at(err, name, line, col, _("aliases (*%s) are not allowed"),
			    (const char *)ev.data.alias.anchor);
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT:
			n = node_scalar((const char *)ev.data.scalar.value, ev.data.scalar.length);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= YAMLIO_MAX_DEPTH) {
				error_at(err, name, line, col, _("nested deeper than %d levels"),
				    YAMLIO_MAX_DEPTH);
				yaml_event_delete(&ev);
				goto out;
			}
			n = ev.type == YAML_SEQUENCE_START_EVENT ? node_seq() : node_map();
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			n = stack[depth].n;
			stack[depth].n = NULL;
			break;
		default:
			break;
		}
		if (n != NULL && ev.type != YAML_SEQUENCE_END_EVENT &&
		    ev.type != YAML_MAPPING_END_EVENT) {
			n->line = line;
			n->column = col;
		}
		if (n != NULL &&
		    (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)) {
			/* attach when closed; remember it until then */
			stack[depth].n = n;
			stack[depth].key = NULL;
			depth++;
			/* but the parent's pending key belongs to it: handled at close */
			yaml_event_delete(&ev);
			continue;
		}
		yaml_event_delete(&ev);
		if (n == NULL)
			continue;
		/* attach n (a scalar, or a closed collection) to its parent */
		if (depth == 0) {
			root = n;
			continue;
		}
		struct frame *f = &stack[depth - 1];
		if (f->n->type == NODE_SEQ) {
			node_push(f->n, n);
		} else if (f->key == NULL) {
			if (n->type != NODE_SCALAR) {
				error_at(err, name, n->line, n->column,
				    _("a mapping key must be plain text"));
				node_free(&n);
				goto out;
			}
			if (memchr(n->str, '\0', n->len) != NULL) {
				error_at(
				    err, name, n->line, n->column, _("a key holds a NUL byte"));
				node_free(&n);
				goto out;
			}
			long dup = node_find(f->n, n->str);
			if (dup >= 0) {
				error_at(err, name, n->line, n->column,
				    _("duplicate key \"%s\" (first at line %d)"), n->str,
				    f->n->pairs[dup].line);
				node_free(&n);
				goto out;
			}
			f->key = n->str;
			f->key_line = n->line;
			f->key_col = n->column;
			n->str = NULL;
			node_free(&n);
		} else {
			node_set(f->n, f->key, n);
			f->n->pairs[f->n->npairs - 1].line = f->key_line;
			f->n->pairs[f->n->npairs - 1].column = f->key_col;
			free(f->key);
			f->key = NULL;
		}
	}
	if (root == NULL) {
		error_at(err, name, 1, 1, _("the file is empty"));
		goto out;
	}
	ok = true;
out:
	for (i = 0; i < depth; i++) {
		free(stack[i].key);
		node_free(&stack[i].n);
	}
	yaml_parser_delete(&p);
	if (!ok)
		node_free(&root);
	return root;
}

char *
yamlio_read_file(const char *path, size_t max, size_t *lenp, struct error *err)
{
	struct strbuf b = STRBUF_INIT;
	char chunk[65536];
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_at(err, path, 0, 0, _("cannot open: %s"), strerror(errno));
		return NULL;
	}
	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			error_at(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		if (b.len + (size_t)r > max) {
			error_at(
			    err, path, 0, 0, _("file too large (the limit is %zu bytes)"), max);
			goto fail;
		}
		strbuf_add(&b, chunk, (size_t)r);
	}
	close(fd);
	*lenp = b.len;
	return strbuf_detach(&b);
fail:
	close(fd);
	strbuf_free(&b);
	return NULL;
}

struct node *
yamlio_load_file(const char *path, struct error *err)
{
	struct node *n;
	size_t len;
	char *buf = yamlio_read_file(path, YAMLIO_MAX_BYTES, &len, err);

	if (buf == NULL)
		return NULL;
	n = yamlio_parse(buf, len, path, err);
	free(buf);
	return n;
}

/* --- writing --- */

static int
write_handler(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

/* Plain style is used only when every YAML reader (1.1 and 1.2) reads the text back as the
 * same string: no indicators, no numbers, booleans or nulls in any spelling. */
static bool
plain_safe(const char *s, size_t len)
{
	static const char *const words[] = { "y", "n", "yes", "no", "on", "off", "true", "false",
		"null", "~", NULL };
	unsigned char c0;
	size_t i;

	if (len == 0)
		return false;
	/* check-box answers: written as the YAML booleans they mean */
	if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 5 && memcmp(s, "false", 5) == 0))
		return true;
	c0 = (unsigned char)s[0];
	/* whole numbers without a leading zero read back as the same digits everywhere */
	if (c0 >= '1' && c0 <= '9') {
		for (i = 1; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == len && len < 16)
			return true;
	}
	if (strchr("-?:,[]{}#&*!|>'\"%@`.+0123456789 \t", c0) != NULL)
		return false;
	if (s[len - 1] == ' ' || s[len - 1] == ':')
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return false;
		if (c == ':' && i + 1 < len && s[i + 1] == ' ')
			return false;
		if (c == '#' && i > 0 && s[i - 1] == ' ')
			return false;
		/* U+0085, U+2028, U+2029, U+FEFF make libyaml quote anyway */
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85)
			return false;
		if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
			return false;
		if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBB &&
		    (unsigned char)s[i + 2] == 0xBF)
			return false;
	}
	for (i = 0; words[i] != NULL; i++) {
		if (strlen(words[i]) == len && strncasecmp(s, words[i], len) == 0)
			return false;
	}
	return true;
}

static bool
emit(yaml_emitter_t *e, yaml_event_t *ev, struct error *err)
{
	if (!yaml_emitter_emit(e, ev)) {
		error_at(err, NULL, 0, 0, _("cannot write YAML: %s"),
		    e->problem != NULL ? e->problem : _("unknown emitter error"));
		return false;
	}
	return true;
}

static bool
emit_scalar(yaml_emitter_t *e, const char *s, size_t len, struct error *err)
{
	yaml_event_t ev;
	yaml_scalar_style_t style;

	if (memchr(s, '\n', len) != NULL)
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (plain_safe(s, len))
		style = YAML_PLAIN_SCALAR_STYLE;
	else
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	if (!yaml_scalar_event_initialize(
		&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)len, 1, 1, style)) {
		error_at(err, NULL, 0, 0, _("a value is not valid UTF-8 text and cannot be saved"));
		return false;
	}
	return emit(e, &ev, err);
}

static bool
emit_node(yaml_emitter_t *e, const struct node *n, struct error *err)
{
	yaml_event_t ev;
	size_t i;

	switch (n->type) {
	case NODE_SCALAR:
		return emit_scalar(e, n->str, n->len, err);
	case NODE_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		if (!emit(e, &ev, err))
			return false;
		for (i = 0; i < n->npairs; i++) {
			if (!emit_scalar(e, n->pairs[i].key, strlen(n->pairs[i].key), err) ||
			    !emit_node(e, n->pairs[i].value, err))
				return false;
		}
		yaml_mapping_end_event_initialize(&ev);
		return emit(e, &ev, err);
	case NODE_SEQ:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    n->nitems == 0 ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
		if (!emit(e, &ev, err))
			return false;
		for (i = 0; i < n->nitems; i++) {
			if (!emit_node(e, n->items[i], err))
				return false;
		}
		yaml_sequence_end_event_initialize(&ev);
		return emit(e, &ev, err);
	}
	return false;
}

bool
yamlio_emit(const struct node *root, const char *comment, struct strbuf *out, struct error *err)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	struct strbuf body = STRBUF_INIT;
	bool ok = false;

	if (!yaml_emitter_initialize(&e))
		fatal("libyaml emitter initialisation failed");
	yaml_emitter_set_output(&e, write_handler, &body);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_indent(&e, 2);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (!emit(&e, &ev, err))
		goto out;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (!emit(&e, &ev, err) || !emit_node(&e, root, err))
		goto out;
	yaml_document_end_event_initialize(&ev, 1);
	if (!emit(&e, &ev, err))
		goto out;
	yaml_stream_end_event_initialize(&ev);
	if (!emit(&e, &ev, err) || !yaml_emitter_flush(&e))
		goto out;
	if (comment != NULL)
		strbuf_addf(out, "# %s\n", comment);
	strbuf_add(out, body.s, body.len);
	ok = true;
out:
	strbuf_free(&body);
	yaml_emitter_delete(&e);
	return ok;
}
