/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain line mode: the wizard without a screen. The document is flattened into steps in the
 * editor's order (sections in form order, per-file sections once per file, repeats instance
 * by instance); the walk prints each step as a block of plain lines and reads one answer from
 * a line. Changes go through the model's functions only, and every byte printed goes through
 * the sanitiser, so hostile text in a document never reaches the terminal as a control
 * sequence. Plain stdio: no curses here, although this is a user interface. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "piaform/answer.h"
#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/journal.h"
#include "piaform/plain.h"
#include "piaform/strbuf.h"
#include "piaform/validate.h"
#include "piaform/width.h"
#include "piaform/xmalloc.h"

enum step_kind {
	STEP_HEADING, /* a section, group or repeat title: printed on the way */
	STEP_FIXED, /* fixed text of the form: printed on the way */
	STEP_INSTANCE, /* システム1 …: a header, or a question when the repeat has titles */
	STEP_ITEM, /* an item that takes an answer */
	STEP_SHOW, /* an item shown but not asked here (a table) */
	STEP_ADD, /* the question whether to add another instance */
};

struct step {
	enum step_kind kind;
	struct item_ref ref;
	char path[256]; /* canonical path; the add step's ends in "+" */
	bool na; /* not applicable */
	char reason[256]; /* why not applicable */
};

struct plain {
	FILE *in, *out;
	bool tty; /* input from a terminal: questions wait for their answer */
	struct formset *fs;
	struct document *doc;
	const char *file;
	bool dirty; /* changed since the last save */
	struct step *steps; /* the whole document, in the editor's order */
	size_t nsteps, cap;
	unsigned long steps_gen; /* document generation the steps belong to */
	size_t cur; /* the step asked now; nsteps at the end of the form */
	bool shown; /* the current step's block was printed */
	const struct form_item *page_section; /* the section heading printed last */
	unsigned page_file;
	struct problem_list probs;
	unsigned long probs_gen;
	bool have_probs;
	char *buf; /* getline's buffer */
	size_t bufcap;
	bool eof, quit;
	int status;
	struct journal *journal; /* every answer is written here at once (NULL: none) */
	struct journal_stamp stamp; /* the file as loaded or last saved */
};

static volatile sig_atomic_t plain_signal;

static void
on_signal(int sig)
{
	plain_signal = sig;
}

/* --- output: everything goes through the sanitiser --- */

static void
put_clean(struct plain *p, const char *s, size_t len, unsigned flags)
{
	struct strbuf b = STRBUF_INIT;

	width_sanitize(&b, s, len, flags);
	if (b.len > 0)
		fwrite(b.s, 1, b.len, p->out);
	strbuf_free(&b);
}

/* Text from the document or a form: one line, whatever it holds. */
static void
put(struct plain *p, const char *s, size_t len)
{
	put_clean(p, s, len, 0);
}

static void
puts_(struct plain *p, const char *s)
{
	put_clean(p, s, strlen(s), 0);
}

/* Our own messages; newlines in the format are kept, everything else made visible. */
static void say(struct plain *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(struct plain *p, const char *fmt, ...)
{
	va_list ap, ap2;
	char small[512], *s = small;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small) {
		s = xmalloc((size_t)n + 1);
		vsnprintf(s, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	va_end(ap);
	if (n > 0)
		put_clean(p, s, (size_t)n, WIDTH_KEEP_NEWLINE);
	if (s != small)
		free(s);
}

/* A multi-line value, each line indented. */
static void
put_lines(struct plain *p, const char *indent, const char *s, size_t len)
{
	size_t start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		fputs(indent, p->out);
		put(p, s + start, i - start);
		fputc('\n', p->out);
		start = i + 1;
	}
}

static void
put_marks(struct plain *p, const struct form_item *it)
{
	if (it->marks & MARK_IMPORTANT || (it->important && form_kind_answerable(it->kind)))
		puts_(p, " ※");
	if (it->marks & MARK_OPTIONAL)
		puts_(p, "【任意】");
	if (it->marks & MARK_GOV_ONLY)
		puts_(p, "【行政機関等のみ】");
}

static void
put_title(struct plain *p, const struct form_item *it)
{
	char title[1024];

	puts_(p, form_item_title(it, title, sizeof title));
	put_marks(p, it);
}

/* --- steps: the document in the editor's order --- */

static struct step *
step_add(struct plain *p, enum step_kind kind, const struct item_ref *ref)
{
	struct step *s;

	if (p->nsteps == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->steps = xreallocarray(p->steps, p->cap, sizeof *p->steps);
	}
	s = &p->steps[p->nsteps++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->ref = *ref;
	return s;
}

/* The same walk as the editor's rows_of(), over every page at once. */
static void
steps_of(struct plain *p, const struct form_item *it, const struct item_ref *ref)
{
	struct item_ref r = *ref;
	size_t i, k, n;

	r.item = it;
	r.instance = false;
	switch (it->kind) {
	case FORM_SECTION:
	case FORM_GROUP:
		step_add(p, STEP_HEADING, &r);
		for (i = 0; i < it->nchildren; i++)
			steps_of(p, it->children[i], &r);
		break;
	case FORM_REPEAT:
		r.nidx = path_levels(it, false);
		step_add(p, STEP_HEADING, &r);
		n = document_count(p->doc, &r);
		for (i = 0; i < n && r.nidx < PATH_MAX_LEVELS; i++) {
			struct item_ref inst = r;
			inst.idx[inst.nidx++] = (unsigned)i;
			inst.instance = true;
			step_add(p, STEP_INSTANCE, &inst);
			for (k = 0; k < it->nchildren; k++)
				steps_of(p, it->children[k], &inst);
		}
		if ((long)n < (long)it->max)
			step_add(p, STEP_ADD, &r);
		break;
	case FORM_FIXED:
		step_add(p, STEP_FIXED, &r);
		break;
	case FORM_TABLE:
		step_add(p, STEP_SHOW, &r);
		break;
	default:
		step_add(p, STEP_ITEM, &r);
		break;
	}
}

static void
build_steps(struct plain *p)
{
	const struct form *f = p->doc->form;
	size_t i, k, file, files = document_files(p->doc);

	p->nsteps = 0;
	for (i = 0; i < f->nsections; i++) {
		const struct form_item *s = f->sections[i];
		for (file = 0; file < (s->per_file ? files : 1); file++) {
			struct item_ref ref;
			memset(&ref, 0, sizeof ref);
			ref.item = s;
			if (s->per_file) {
				ref.idx[0] = (unsigned)file;
				ref.nidx = 1;
				ref.instance = true;
			}
			step_add(p, STEP_HEADING, &ref);
			for (k = 0; k < s->nchildren; k++)
				steps_of(p, s->children[k], &ref);
		}
	}
	for (i = 0; i < p->nsteps; i++) {
		struct step *s = &p->steps[i];
		path_format(&s->ref, s->path, sizeof s->path);
		if (s->kind == STEP_ADD)
			strncat(s->path, "+", sizeof s->path - strlen(s->path) - 1);
		s->na = validate_not_applicable(p->doc, &s->ref, s->reason, sizeof s->reason);
	}
	p->steps_gen = p->doc->generation;
}

static size_t
find_step(const struct plain *p, enum step_kind kind, const char *path)
{
	size_t i;

	for (i = 0; i < p->nsteps; i++) {
		if (p->steps[i].kind == kind && strcmp(p->steps[i].path, path) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* The first step with that path, whatever its kind (never the add question). */
static size_t
find_path(const struct plain *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->nsteps; i++) {
		if (p->steps[i].kind != STEP_ADD && strcmp(p->steps[i].path, path) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* Rebuild the steps after a change, keeping the current step where it still exists. */
static void
steps_sync(struct plain *p)
{
	enum step_kind kind = STEP_HEADING;
	char path[256] = "";
	size_t i;

	if (p->steps != NULL && p->steps_gen == p->doc->generation)
		return;
	if (p->cur < p->nsteps) {
		kind = p->steps[p->cur].kind;
		snprintf(path, sizeof path, "%s", p->steps[p->cur].path);
	}
	build_steps(p);
	i = path[0] != '\0' ? find_step(p, kind, path) : SIZE_MAX;
	if (i != SIZE_MAX)
		p->cur = i;
	else if (p->cur > p->nsteps)
		p->cur = p->nsteps;
}

static void
refresh_problems(struct plain *p)
{
	if (p->have_probs && p->probs_gen == p->doc->generation)
		return;
	problem_list_clear(&p->probs);
	validate_document(p->doc, &p->probs);
	p->probs_gen = p->doc->generation;
	p->have_probs = true;
}

static bool
asks(const struct step *s)
{
	return s->kind == STEP_ITEM || s->kind == STEP_ADD ||
	    (s->kind == STEP_INSTANCE && s->ref.item->titled);
}

/* Is step s inside the container step box (same instances)? */
static bool
inside(const struct step *s, const struct step *box)
{
	const struct form_item *a;
	size_t i;

	for (a = s->ref.item; a != NULL && a != box->ref.item; a = a->parent)
		;
	if (a == NULL || s->ref.nidx < box->ref.nidx)
		return false;
	for (i = 0; i < box->ref.nidx; i++) {
		if (s->ref.idx[i] != box->ref.idx[i])
			return false;
	}
	return true;
}

/* --- every change to the document goes through these two (the journal hooks in here) --- */

static void
change_set(struct plain *p, const struct item_ref *ref, struct node *v)
{
	if (journal_lost(p->journal))
		journal_snapshot(p->journal, p->doc);
	journal_set(p->journal, ref, v);
	journal_sync(p->journal);
	document_set(p->doc, ref, v);
	p->dirty = true;
}

static bool
change_add(struct plain *p, const struct item_ref *rep, size_t pos, struct error *err)
{
	if (!document_instance_add(p->doc, rep, pos, err))
		return false;
	journal_instance(p->journal, rep, "add", pos, 0);
	journal_sync(p->journal);
	p->dirty = true;
	return true;
}

/* --- printing the steps --- */

static void
print_page(struct plain *p, const struct step *s)
{
	const struct form_item *sec = form_item_section(s->ref.item);
	unsigned file = sec->per_file && s->ref.nidx > 0 ? s->ref.idx[0] : 0;

	if (sec == p->page_section && file == p->page_file)
		return;
	p->page_section = sec;
	p->page_file = file;
	say(p, "\n== ");
	put_title(p, sec);
	if (sec->per_file && document_files(p->doc) > 1)
		say(p, _(" (特定個人情報ファイル %u)"), file + 1);
	say(p, " ==\n");
	if (sec->note != NULL)
		put_lines(p, "  ", sec->note, strlen(sec->note));
}

static void
print_na(struct plain *p, const struct step *s)
{
	say(p, "  %s: ", _("not applicable"));
	puts_(p, s->reason);
	say(p, "\n");
}

static void
print_instance_name(struct plain *p, const struct step *s)
{
	say(p, "%s%u", s->ref.item->instance, s->ref.idx[s->ref.nidx - 1] + 1);
}

static void
print_table(struct plain *p, const struct step *s, const struct node *v)
{
	const struct form_item *it = s->ref.item;
	size_t k, c;

	for (k = 0; v != NULL && v->type == NODE_SEQ && k < v->nitems; k++) {
		const struct node *row = v->items[k];
		say(p, "   ");
		for (c = 0; row->type == NODE_MAP && c < it->nchildren; c++) {
			const struct node *cell = node_get(row, it->children[c]->id);
			say(p, "%s", c ? " | " : " ");
			if (cell != NULL && cell->type == NODE_SCALAR)
				put(p, cell->str, cell->len);
		}
		say(p, "\n");
	}
	if (v == NULL || v->type != NODE_SEQ || v->nitems == 0)
		say(p, "  %s\n", _("(no rows)"));
	say(p, "  %s\n", _("(tables are edited with piaform set or in the full-screen editor)"));
}

/* What a step passed over on the way prints: headings, fixed text, items not applicable. */
static void
print_passing(struct plain *p, const struct step *s)
{
	switch (s->kind) {
	case STEP_HEADING:
		if (s->ref.item->kind == FORM_SECTION)
			break; /* print_page did it */
		say(p, "\n-- ");
		put_title(p, s->ref.item);
		say(p, " --\n");
		if (s->ref.item->note != NULL)
			put_lines(p, "  ", s->ref.item->note, strlen(s->ref.item->note));
		if (s->na)
			print_na(p, s);
		break;
	case STEP_FIXED:
		say(p, "%s  ", s->path);
		put_title(p, s->ref.item);
		say(p, ": ");
		puts_(p, s->ref.item->fixed != NULL ? s->ref.item->fixed : "");
		say(p, "\n");
		break;
	case STEP_INSTANCE:
		say(p, "\n-- ");
		print_instance_name(p, s);
		say(p, " --\n");
		if (s->na)
			print_na(p, s);
		break;
	case STEP_SHOW:
		say(p, "\n%s  ", s->path);
		put_title(p, s->ref.item);
		say(p, "\n");
		print_table(p, s, document_get(p->doc, &s->ref));
		break;
	case STEP_ITEM:
		say(p, "\n%s  ", s->path);
		put_title(p, s->ref.item);
		say(p, "\n");
		print_na(p, s);
		break;
	case STEP_ADD:
		break;
	}
}

/* Move to the first step from i on that asks something, printing what lies on the way. The
 * first step is asked even when not applicable when it was asked for by name (first_na). */
static void
walk_from(struct plain *p, size_t i, bool first_na)
{
	size_t start = i, box = SIZE_MAX;

	for (; i < p->nsteps; i++) {
		const struct step *s = &p->steps[i];
		print_page(p, s);
		if (asks(s) && (!s->na || (first_na && i == start))) {
			p->cur = i;
			p->shown = false;
			return;
		}
		/* inside a heading already shown as not applicable: say nothing more */
		if (box != SIZE_MAX && inside(s, &p->steps[box]))
			continue;
		box = SIZE_MAX;
		print_passing(p, s);
		if (s->na && (s->kind == STEP_HEADING || s->kind == STEP_INSTANCE))
			box = i;
	}
	p->cur = p->nsteps;
	p->shown = false;
}

/* After the current step was answered. */
static void
next(struct plain *p)
{
	steps_sync(p);
	walk_from(p, p->cur < p->nsteps ? p->cur + 1 : p->nsteps, false);
}

static const struct problem *
problem_of(struct plain *p, const char *path, bool with_missing)
{
	size_t i;

	refresh_problems(p);
	for (i = 0; i < p->probs.n; i++) {
		const struct problem *q = &p->probs.v[i];
		if (strcmp(q->path, path) == 0 && (with_missing || q->severity != SEVERITY_MISSING))
			return q;
	}
	return NULL;
}

static void
print_problem(struct plain *p, const char *path, bool with_missing)
{
	const struct problem *q = problem_of(p, path, with_missing);

	if (q != NULL) {
		say(p, "  ! ");
		puts_(p, q->message);
		say(p, "\n");
	}
}

static const char *
hint(const struct form_item *it)
{
	switch (it->kind) {
	case FORM_TEXT:
		return _("One line.");
	case FORM_TEXTAREA:
		return _("Several lines; end with a line holding only a dot (.).");
	case FORM_CHOICE:
		return _("Type the number or the exact text of one choice.");
	case FORM_CHECKS:
		return _("Type the numbers to check, separated by spaces, a ( ) text after a colon "
			 "(2 7:中間サーバー); this replaces the whole list.");
	case FORM_COUNT:
		return _("A whole number (件).");
	case FORM_DATE:
		return it->month ? _("A year and month (令和6年5月, R6.5) or a full date.")
				 : _("A date: 令和6年5月24日, R6.5.24 or 2024-05-24.");
	case FORM_FLAG:
		return _("y (checked) or n (not checked).");
	default:
		return "";
	}
}

static void
print_answer(struct plain *p, const struct step *s, const struct node *v)
{
	const struct form_item *it = s->ref.item;
	char *text;
	size_t i, k;

	if (it->kind == FORM_CHOICE || it->kind == FORM_CHECKS) {
		for (i = 0; i < it->options->n; i++) {
			const char *ft = NULL;
			bool on = false;
			for (k = 0; it->kind == FORM_CHECKS && v != NULL && v->type == NODE_SEQ &&
			     k < v->nitems;
			     k++) {
				const char *f;
				if (answer_check_entry(it, v->items[k], &f) == (int)i) {
					on = true;
					ft = f;
				}
			}
			if (it->kind == FORM_CHECKS)
				say(p, "  [%s] ", on ? "○" : " ");
			else
				say(p, "   ");
			say(p, "%zu) ", i + 1);
			puts_(p, it->options->v[i].text);
			if (it->options->v[i].free && it->kind == FORM_CHECKS && on) {
				say(p, " (");
				puts_(p, ft != NULL ? ft : "");
				say(p, ")");
			} else if (it->options->v[i].free) {
				say(p, " ( )");
			}
			say(p, "\n");
		}
		if (it->kind == FORM_CHECKS && answer_present(v) && !answer_is_none(v))
			return; /* the marks are the answer */
	}
	if (!answer_present(v)) {
		say(p, "  %s\n",
		    s->na                                      ? _("(not applicable)")
			: it->required && s->kind == STEP_ITEM ? _("(not answered)")
							       : _("(optional, not answered)"));
		return;
	}
	if (it->kind == FORM_FLAG && s->kind == STEP_ITEM) {
		say(p, "  %s %s\n", _("Answer:"), node_is(v, "true") ? "[○]" : "[ ]");
		return;
	}
	if (v->type == NODE_SCALAR && s->kind == STEP_ITEM && it->kind == FORM_TEXTAREA &&
	    memchr(v->str, '\n', v->len) != NULL) {
		say(p, "  %s\n", _("Answer:"));
		put_lines(p, "    ", v->str, v->len);
		return;
	}
	text = s->kind == STEP_ITEM
	    ? answer_text(it, v)
	    : xstrndup(v->type == NODE_SCALAR ? v->str : "", v->type == NODE_SCALAR ? v->len : 0);
	say(p, "  %s ", _("Answer:"));
	if (it->kind == FORM_CHOICE && v->type == NODE_SCALAR) {
		int n = form_option_index(it, v->str, v->len);
		if (n >= 0)
			say(p, "%d) ", n + 1);
	}
	put(p, text, strlen(text));
	if (it->kind == FORM_DATE && it->suffix != NULL && s->kind == STEP_ITEM) {
		say(p, " ");
		puts_(p, it->suffix);
	}
	say(p, "\n");
	free(text);
}

/* The block of the step asked now. */
static void
print_block(struct plain *p, const struct step *s)
{
	const struct form_item *it = s->ref.item;
	size_t n;

	print_page(p, s);
	/* the add question is about the repeat: its path without the "+" */
	say(p, "\n%.*s  ", (int)(strlen(s->path) - (s->kind == STEP_ADD)), s->path);
	switch (s->kind) {
	case STEP_ITEM:
		put_title(p, it);
		say(p, "\n");
		if (it->note != NULL)
			put_lines(p, "  ", it->note, strlen(it->note));
		if (s->na)
			print_na(p, s);
		print_answer(p, s, document_get(p->doc, &s->ref));
		print_problem(p, s->path, false);
		say(p, "  (%s)\n", hint(it));
		break;
	case STEP_INSTANCE:
		print_instance_name(p, s);
		say(p, "  %s\n", _("(its title)"));
		if (s->na)
			print_na(p, s);
		print_answer(p, s, document_get(p->doc, &s->ref));
		say(p, "  (%s)\n", _("One line."));
		break;
	case STEP_ADD:
		n = document_count(p->doc, &s->ref);
		put_title(p, it);
		say(p, "\n");
		say(p, _("  %zu %s so far (at least %d, at most %d)\n"), n, it->instance, it->min,
		    it->max);
		{
			char path[256];
			snprintf(path, sizeof path, "%.*s", (int)strlen(s->path) - 1, s->path);
			print_problem(p, path, true); /* "at least 1 システム needed" */
		}
		say(p, _("  Add %s%zu? (y/n, Enter: %s)\n"), it->instance, n + 1,
		    (long)n < (long)it->min ? _("yes") : _("no"));
		break;
	default:
		break;
	}
}

/* --- input --- */

/* One line of input, without its line end, in p->buf. False at the end of the input or on
 * a signal. Without a terminal the line is echoed, so that the output reads as a session. */
static bool
read_line(struct plain *p, const char *prompt, size_t *len)
{
	ssize_t n;

	if (p->eof || plain_signal)
		return false;
	say(p, "%s", prompt);
	fflush(p->out);
	for (;;) {
		errno = 0;
		n = getline(&p->buf, &p->bufcap, p->in);
		if (plain_signal)
			return false;
		if (n >= 0)
			break;
		if (errno == EINTR) {
			clearerr(p->in);
			continue;
		}
		p->eof = true;
		say(p, "\n");
		return false;
	}
	while (n > 0 && (p->buf[n - 1] == '\n' || p->buf[n - 1] == '\r'))
		p->buf[--n] = '\0';
	*len = (size_t)n;
	if (!p->tty) {
		put(p, p->buf, *len);
		say(p, "\n");
	}
	return true;
}

static bool
is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* A leading backslash lets an answer start with what would be a command: \- \< \? \: \. */
static void
unescape(const char **s, size_t *len)
{
	if (*len >= 2 && (*s)[0] == '\\' && strchr(".:-<?\\", (*s)[1]) != NULL) {
		(*s)++;
		(*len)--;
	}
}

/* --- commands --- */

static bool
save(struct plain *p)
{
	struct error err;
	char buf[1024];

	struct strbuf text = STRBUF_INIT;
	struct journal_stamp saved;
	uint32_t crc;

	error_clear(&err);
	if (!docfile_render(p->doc, &text, &err)) {
		say(p, "%s %s\n", _("Not saved:"), error_format(&err, buf, sizeof buf));
		strbuf_free(&text);
		p->status = 1;
		return false;
	}
	/* the journal learns what the file will hold before it is replaced */
	crc = journal_crc32(0, text.s, text.len);
	journal_saving(p->journal, crc, text.len);
	if (!docfile_write_atomic(p->file, text.s, text.len, &err)) {
		say(p, "%s %s\n", _("Not saved:"), error_format(&err, buf, sizeof buf));
		strbuf_free(&text);
		p->status = 1;
		return false;
	}
	strbuf_free(&text);
	if (!journal_stamp_file(p->file, &saved, false, &err))
		memset(&saved, 0, sizeof saved);
	saved.crc = crc;
	p->stamp = saved;
	journal_saved(p->journal, &saved);
	p->dirty = false;
	p->status = 0;
	say(p, _("Saved %s.\n"), p->file);
	return true;
}

static void
quit(struct plain *p, bool force)
{
	size_t len;

	if (force || !p->dirty) {
		if (p->dirty)
			say(p, "%s\n", _("Quit without saving."));
		p->dirty = false;
		p->quit = true;
		return;
	}
	if (!p->tty) {
		/* nobody to ask: what was piped in is kept */
		if (save(p))
			p->quit = true;
		return;
	}
	for (;;) {
		if (!read_line(
			p, _("Save changes before quitting? (y)es / (n)o / (c)ancel: "), &len))
			return; /* the end of the input saves */
		if (is(p->buf, len, "y") || is(p->buf, len, "yes")) {
			if (save(p))
				p->quit = true;
			return;
		}
		if (is(p->buf, len, "n") || is(p->buf, len, "no")) {
			p->dirty = false;
			p->quit = true;
			return;
		}
		if (is(p->buf, len, "c") || is(p->buf, len, "cancel") || len == 0)
			return;
	}
}

static bool
go_to(struct plain *p, const char *path)
{
	struct item_ref ref;
	struct error err;
	char canon[256], buf[1024];
	size_t i;

	error_clear(&err);
	if (!path_parse(p->doc->form, path, &ref, &err)) {
		say(p, "%s\n", error_format(&err, buf, sizeof buf));
		return false;
	}
	path_format(&ref, canon, sizeof canon);
	i = find_path(p, canon);
	if (i == SIZE_MAX) {
		say(p, _("%s is not in this document (add the instance or file first).\n"), canon);
		return false;
	}
	walk_from(p, i, true);
	return true;
}

static void
next_missing(struct plain *p)
{
	size_t i, best = SIZE_MAX, first = SIZE_MAX;

	refresh_problems(p);
	for (i = 0; i < p->probs.n; i++) {
		const struct problem *q = &p->probs.v[i];
		size_t k;
		if (q->severity != SEVERITY_MISSING || q->ref.item == NULL)
			continue;
		k = find_path(p, q->path);
		if (k == SIZE_MAX)
			continue;
		if (k < first)
			first = k;
		if (k > p->cur && k < best)
			best = k;
	}
	if (best == SIZE_MAX)
		best = first;
	if (best == SIZE_MAX) {
		say(p, "%s\n", _("Nothing is missing."));
		return;
	}
	walk_from(p, best, true);
}

static void
add_file(struct plain *p)
{
	const struct form *f = p->doc->form;
	struct item_ref r;
	struct error err;
	char path[256];
	size_t i, n;

	memset(&r, 0, sizeof r);
	for (i = 0; i < f->nsections && !f->sections[i]->per_file; i++)
		;
	if (i == f->nsections) {
		say(p, "%s\n", _("This form has no per-file sections."));
		return;
	}
	r.item = f->sections[i];
	n = document_files(p->doc);
	error_clear(&err);
	if (!change_add(p, &r, n, &err)) {
		say(p, "%s\n", err.message);
		return;
	}
	steps_sync(p);
	r.idx[0] = (unsigned)n;
	r.nidx = 1;
	r.instance = true;
	path_format(&r, path, sizeof path);
	say(p, _("Added 特定個人情報ファイル %zu.\n"), n + 1);
	i = find_step(p, STEP_HEADING, path);
	if (i != SIZE_MAX)
		walk_from(p, i, false);
}

static void
guidance(struct plain *p)
{
	const struct step *s = p->cur < p->nsteps ? &p->steps[p->cur] : NULL;
	const char *h = s != NULL ? s->ref.item->help : NULL;

	if (h != NULL && h[0] != '\0') {
		say(p, "\n");
		put_lines(p, "  ", h, strlen(h) - (h[strlen(h) - 1] == '\n'));
	} else {
		say(p, "  %s\n", _("(no guidance for this item)"));
	}
	say(p, "  %s\n", _("Enter keeps, - clears, < goes back; :help lists the commands."));
}

static void
go_back(struct plain *p)
{
	size_t i = p->cur;

	while (i > 0) {
		i--;
		if (asks(&p->steps[i]) && !p->steps[i].na) {
			p->cur = i;
			p->shown = false;
			return;
		}
	}
	say(p, "%s\n", _("This is the first item."));
}

static void cmd_help(struct plain *p, const char *arg);

static void
cmd_goto(struct plain *p, const char *arg)
{
	if (*arg == '\0')
		say(p, "%s\n", _("usage: :goto PATH"));
	else
		go_to(p, arg);
}

static void
cmd_next_missing(struct plain *p, const char *arg)
{
	(void)arg;
	next_missing(p);
}

static void
cmd_add_file(struct plain *p, const char *arg)
{
	(void)arg;
	add_file(p);
}

static void
cmd_save(struct plain *p, const char *arg)
{
	(void)arg;
	save(p);
}

static void
cmd_quit(struct plain *p, const char *arg)
{
	(void)arg;
	quit(p, false);
}

static void
cmd_quit_now(struct plain *p, const char *arg)
{
	(void)arg;
	quit(p, true);
}

/* The commands, from which :help is generated. */
static const struct plain_cmd {
	const char *name, *alias, *args;
	const char *help; /* translatable */
	void (*run)(struct plain *p, const char *arg);
} cmds[] = {
	{ "goto", "g", " PATH", N_("go to an item (I-2-システム1-②, II-4-委託事項2-6)"), cmd_goto },
	{ "next-missing", "n", "", N_("go to the next item still missing an answer"),
	    cmd_next_missing },
	{ "add-file", NULL, "", N_("add a 特定個人情報ファイル (the per-file sections once more)"),
	    cmd_add_file },
	{ "save", "w", "", N_("save now"), cmd_save },
	{ "quit", "q", "", N_("end, saving the changes (at a terminal: asks first)"), cmd_quit },
	{ "quit!", "q!", "", N_("end without saving"), cmd_quit_now },
	{ "help", "h", "", N_("this list"), cmd_help },
};

static void
cmd_help(struct plain *p, const char *arg)
{
	size_t i;

	(void)arg;
	say(p, "  Enter          %s\n", _("keep the current answer and go on"));
	say(p, "  -              %s\n", _("clear the answer"));
	say(p, "  <              %s\n", _("go back one item"));
	say(p, "  ?              %s\n", _("show the guidance for this item"));
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		char head[64];
		snprintf(head, sizeof head, ":%s%s", cmds[i].name, cmds[i].args);
		say(p, "  %-14s %s\n", head, _(cmds[i].help));
	}
	say(p, "  %s\n",
	    _("A line starting with \\ answers with what follows it (\\- is the answer \"-\")."));
}

/* The command a line names (":goto I-1-①"), with its argument, or NULL. */
static const struct plain_cmd *
find_cmd(const char *s, size_t len, const char **arg)
{
	size_t i, wl;

	if (len < 2 || s[0] != ':')
		return NULL;
	s++;
	len--;
	for (wl = 0; wl < len && s[wl] != ' '; wl++)
		;
	for (*arg = s + wl; **arg == ' '; (*arg)++)
		;
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (is(s, wl, cmds[i].name) || (cmds[i].alias != NULL && is(s, wl, cmds[i].alias)))
			return &cmds[i];
	}
	return NULL;
}

/* What works at every prompt. True when the line was one of them. */
static bool
common(struct plain *p, const char *s, size_t len)
{
	const struct plain_cmd *c;
	const char *arg;
	char *copy;

	if (is(s, len, "?")) {
		guidance(p);
		return true;
	}
	if (is(s, len, "<")) {
		go_back(p);
		return true;
	}
	if (len == 0 || s[0] != ':')
		return false;
	c = find_cmd(s, len, &arg);
	if (c == NULL) {
		say(p,
		    _("Unknown command %.*s (:help lists them; \\: starts an answer with a "
		      "colon).\n"),
		    (int)len, s);
		return true;
	}
	/* the command may read more lines, which reuse the line buffer */
	copy = xstrdup(arg);
	c->run(p, copy);
	free(copy);
	return true;
}

/* "2 7:中間サーバー" as the lines answer_parse() takes for a check list: words separated by
 * spaces outside ( ); a word that does not start with a digit continues the entry before it
 * when that entry has a ( ) or colon text, and is an option text of its own otherwise. */
static char *
checks_lines(const char *s, size_t len)
{
	struct strbuf b = STRBUF_INIT;
	size_t i = 0, start;
	int32_t cp;
	int depth;
	bool open_text = false;

	while (i < len) {
		bool digit, cont;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i + 3 <= len && memcmp(s + i, "\u3000", 3) == 0) {
			i += 3;
			continue;
		}
		if (i >= len)
			break;
		start = i;
		depth = 0;
		while (i < len) {
			if (s[i] == '(' || (i + 3 <= len && memcmp(s + i, "（", 3) == 0))
				depth++;
			else if ((s[i] == ')' || (i + 3 <= len && memcmp(s + i, "）", 3) == 0)) &&
			    depth > 0)
				depth--;
			else if (depth == 0 &&
			    (s[i] == ' ' || s[i] == '\t' ||
				(i + 3 <= len && memcmp(s + i, "\u3000", 3) == 0)))
				break;
			i += width_decode(s + i, len - i, &cp);
		}
		digit = (s[start] >= '0' && s[start] <= '9') ||
		    (start + 3 <= len && memcmp(s + start, "\xEF\xBC", 2) == 0 &&
			(unsigned char)s[start + 2] >= 0x90 && (unsigned char)s[start + 2] <= 0x99);
		cont = b.len > 0 &&
		    (s[start] == '(' || (start + 3 <= len && memcmp(s + start, "（", 3) == 0) ||
			(!digit && open_text));
		if (cont) {
			strbuf_addc(&b, ' ');
		} else {
			if (b.len > 0)
				strbuf_addc(&b, '\n');
			open_text = false;
		}
		strbuf_add(&b, s + start, i - start);
		for (size_t k = start; k < i; k++) {
			if (s[k] == ':' || s[k] == '(' ||
			    (k + 3 <= i && memcmp(s + k, "：", 3) == 0))
				open_text = true;
		}
	}
	return strbuf_detach(&b);
}

/* The value for an answer typed to item it, or NULL with err set. */
static struct node *
parse_answer(const struct form_item *it, const char *s, size_t len, struct error *err)
{
	struct node *v;
	struct error err2;
	char *lines;

	v = answer_parse(it, s, len, err);
	if (v != NULL || it->kind != FORM_CHECKS)
		return v;
	/* not one entry: several, separated by spaces */
	lines = checks_lines(s, len);
	error_clear(&err2);
	v = answer_parse(it, lines, strlen(lines), &err2);
	free(lines);
	if (v != NULL)
		error_clear(err);
	else if (memchr(s, ' ', len) != NULL || strstr(s, "\u3000") != NULL)
		*err = err2;
	return v;
}

/* The rest of a multi-line answer, up to a line holding only "." or the end of the input.
 * A command (":save") ends the text too and is handed back in cmd, to run once the answer is
 * stored; "\\:" starts a line of text with a colon. */
static void
read_more_lines(struct plain *p, struct strbuf *text, struct strbuf *cmd)
{
	const char *arg;
	size_t len;

	while (read_line(p, "| ", &len)) {
		const char *s = p->buf;
		if (is(s, len, "."))
			return;
		if (find_cmd(s, len, &arg) != NULL) {
			strbuf_add(cmd, s, len);
			return;
		}
		unescape(&s, &len);
		strbuf_addc(text, '\n');
		strbuf_add(text, s, len);
	}
}

static void
answer_item(struct plain *p, const struct step *s, const char *line, size_t len)
{
	struct form_item title_item;
	const struct form_item *as = s->ref.item;
	struct strbuf text = STRBUF_INIT, cmd = STRBUF_INIT;
	struct error err;
	struct node *v;
	char path[256];

	snprintf(path, sizeof path, "%s", s->path);
	if (s->kind == STEP_INSTANCE) {
		memset(&title_item, 0, sizeof title_item);
		title_item.kind = FORM_TEXT;
		title_item.label = s->ref.item->instance;
		as = &title_item;
	}
	/* "." alone on the first line of a text of several lines is an empty ending: keep */
	if (len == 0 || (as->kind == FORM_TEXTAREA && is(line, len, "."))) {
		next(p);
		return;
	}
	if (is(line, len, "-")) {
		change_set(p, &s->ref, NULL);
		next(p);
		return;
	}
	unescape(&line, &len);
	strbuf_add(&text, line, len);
	if (as->kind == FORM_TEXTAREA)
		read_more_lines(p, &text, &cmd);
	error_clear(&err);
	v = parse_answer(as, strbuf_str(&text), text.len, &err);
	if (v == NULL) {
		say(p, "  %s ", _("Refused:"));
		puts_(p, err.message);
		say(p, "\n");
		if (p->eof)
			say(p, "  %s\n", _("(the end of the input: the answer is left as it was)"));
		goto out;
	}
	change_set(p, &s->ref, v);
	steps_sync(p);
	/* kept, but the form has something to say about it */
	print_problem(p, path, false);
	next(p);
out:
	if (cmd.len > 0)
		common(p, cmd.s, cmd.len);
	strbuf_free(&cmd);
	strbuf_free(&text);
}

static void
answer_add(struct plain *p, const struct step *s, const char *line, size_t len)
{
	struct item_ref rep = s->ref, inst;
	size_t n = document_count(p->doc, &rep), i;
	struct error err;
	char path[256];
	bool yes;

	if (len == 0)
		yes = (long)n < (long)s->ref.item->min;
	else if (is(line, len, "y") || is(line, len, "yes") || is(line, len, "はい"))
		yes = true;
	else if (is(line, len, "n") || is(line, len, "no") || is(line, len, "いいえ"))
		yes = false;
	else {
		say(p, "  %s\n", _("Answer y or n."));
		return;
	}
	if (!yes) {
		walk_from(p, p->cur + 1, false);
		return;
	}
	error_clear(&err);
	if (!change_add(p, &rep, n, &err)) {
		say(p, "  %s\n", err.message);
		return;
	}
	inst = rep;
	inst.idx[inst.nidx++] = (unsigned)n;
	inst.instance = true;
	path_format(&inst, path, sizeof path);
	steps_sync(p);
	i = find_step(p, STEP_INSTANCE, path);
	walk_from(p, i != SIZE_MAX ? i : p->cur, false);
}

static void
at_end(struct plain *p)
{
	size_t len;

	if (!p->shown) {
		refresh_problems(p);
		say(p, "\n");
		say(p, _("The end of the form: %zu missing, %zu errors, %zu warnings.\n"),
		    problem_list_count(&p->probs, SEVERITY_MISSING),
		    problem_list_count(&p->probs, SEVERITY_ERROR),
		    problem_list_count(&p->probs, SEVERITY_WARNING));
		say(p, "%s\n",
		    _("Enter ends (saving the changes), < goes back, :next-missing jumps to what is "
		      "missing."));
		p->shown = true;
	}
	if (!read_line(p, "> ", &len))
		return;
	if (common(p, p->buf, len))
		return;
	if (len == 0)
		quit(p, false);
	else
		say(p, "%s\n", _("The form ends here; :help lists the commands."));
}

static void
ask(struct plain *p)
{
	const struct step *s = &p->steps[p->cur];
	size_t len;

	if (!p->shown) {
		print_block(p, s);
		p->shown = true;
	}
	if (!read_line(p, "> ", &len))
		return;
	if (common(p, p->buf, len))
		return;
	if (s->kind == STEP_ADD)
		answer_add(p, s, p->buf, len);
	else
		answer_item(p, s, p->buf, len);
}

/* --- opening --- */

static const struct form *
choose_form(struct plain *p)
{
	size_t i, len;
	char *end;
	long k;

	say(p, _("%s does not exist yet. Which form?\n"), p->file);
	for (i = 0; i < p->fs->n; i++) {
		say(p, "  %zu) ", i + 1);
		puts_(p, p->fs->forms[i]->title);
		say(p, " [");
		puts_(p, p->fs->forms[i]->revision);
		say(p, "]\n");
	}
	while (read_line(p, "> ", &len)) {
		for (i = 0; i < p->fs->n; i++) {
			if (is(p->buf, len, p->fs->forms[i]->id))
				return p->fs->forms[i];
		}
		k = strtol(p->buf, &end, 10);
		if (len > 0 && *end == '\0' && k >= 1 && (size_t)k <= p->fs->n)
			return p->fs->forms[k - 1];
		say(p, "%s\n", _("Type the number of a form."));
	}
	return NULL;
}

static size_t
first_missing(struct plain *p)
{
	size_t i, k;

	refresh_problems(p);
	for (i = 0; i < p->probs.n; i++) {
		if (p->probs.v[i].severity != SEVERITY_MISSING || p->probs.v[i].ref.item == NULL)
			continue;
		k = find_path(p, p->probs.v[i].path);
		if (k != SIZE_MAX)
			return k;
	}
	return 0;
}

int
plain_run(const struct editor_options *opt, FILE *in, FILE *out)
{
	struct plain pl, *p = &pl;
	struct sigaction sa, old_hup, old_term, old_int;
	struct error err;
	struct stat st;
	char buf[1200];
	bool is_new;

	memset(p, 0, sizeof *p);
	p->in = in;
	p->out = out;
	p->tty = isatty(fileno(in)) == 1;
	p->file = opt->file;
	error_clear(&err);
	p->fs = formset_load(opt->src, &err);
	if (p->fs == NULL) {
		fprintf(stderr, "piaform: %s\n", error_format(&err, buf, sizeof buf));
		return 2;
	}
	is_new = stat(opt->file, &st) != 0;
	if (!is_new) {
		p->doc = docfile_load(p->fs, opt->file, &err);
		if (p->doc == NULL) {
			fprintf(stderr, "piaform: %s\n", error_format(&err, buf, sizeof buf));
			p->status = 2;
			goto out;
		}
	} else if (opt->form_id != NULL) {
		const struct form *f = formset_get(p->fs, opt->form_id);
		if (f == NULL) {
			fprintf(stderr, _("piaform: no form \"%s\" (piaform forms lists them)\n"),
			    opt->form_id);
			p->status = 2;
			goto out;
		}
		p->doc = document_new(f);
	} else if (!p->tty) {
		fprintf(stderr,
		    _("piaform: %s does not exist; --form ID says which form to start\n"),
		    opt->file);
		p->status = 2;
		goto out;
	} else {
		const struct form *f = choose_form(p);
		if (f == NULL)
			goto out;
		p->doc = document_new(f);
	}
	p->dirty = is_new;

	/* one writer at a time, and nothing of a crashed session overwritten unseen */
	{
		struct journal_probe probe;
		memset(&probe, 0, sizeof probe);
		journal_find(opt->file, &probe, &err);
		if (probe.holder == JOURNAL_LIVE || probe.holder == JOURNAL_REMOTE ||
		    probe.holder == JOURNAL_UNREADABLE) {
			fprintf(stderr, _("piaform: %s is being edited by another piaform\n"),
			    opt->file);
			journal_probe_clear(&probe);
			p->status = 2;
			goto out;
		}
		if (probe.holder == JOURNAL_STALE && probe.records > 0) {
			fprintf(stderr,
			    _("piaform: unsaved work of an earlier session is in the journal: run "
			      "piaform recover %s first\n"),
			    opt->file);
			journal_probe_clear(&probe);
			p->status = 2;
			goto out;
		}
		if (!journal_stamp_file(opt->file, &p->stamp, true, &err))
			memset(&p->stamp, 0, sizeof p->stamp);
		error_clear(&err);
		p->journal = journal_open(opt->file, p->doc, &p->stamp, &probe, NULL, &err);
		if (p->journal == NULL)
			fprintf(stderr, _("piaform: no journal (%s): save often\n"),
			    error_format(&err, buf, sizeof buf));
		journal_probe_clear(&probe);
	}

	/* a hang-up, kill or Ctrl-C ends the read; the loop then keeps the work */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	plain_signal = 0;
	sigaction(SIGHUP, &sa, &old_hup);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGINT, &sa, &old_int);

	say(p, "piaform: ");
	puts_(p, p->file);
	say(p, "  ");
	puts_(p, p->doc->form->title);
	say(p, " [");
	puts_(p, p->doc->form->revision);
	say(p, "]\n");
	if (is_new)
		say(p,
		    _("A new document: it is saved as %s by :save, :quit or the end of the "
		      "input.\n"),
		    p->file);
	say(p, "%s\n",
	    _("Enter keeps an answer, - clears it, < goes back, ? shows the guidance, :help lists "
	      "the commands."));
	build_steps(p);
	if (opt->go_to != NULL) {
		if (!go_to(p, opt->go_to))
			walk_from(p, 0, false);
	} else {
		walk_from(p, is_new ? 0 : first_missing(p), !is_new);
	}
	while (!p->quit && !p->eof && !plain_signal) {
		steps_sync(p);
		if (p->cur >= p->nsteps)
			at_end(p);
		else
			ask(p);
	}
	if (plain_signal) {
		/* the terminal went away or we were told to stop: the journal has every answer
		 * (piaform recover applies it); without one, keep the work beside the document */
		if (p->dirty && p->journal != NULL) {
			journal_sync(p->journal);
			fprintf(stderr,
			    _("piaform: unsaved answers are in the journal: piaform recover "
			      "%s applies them\n"),
			    p->file);
		} else if (p->dirty) {
			char *rescue = xasprintf("%s.piaform-save", p->file);
			error_clear(&err);
			if (docfile_save(p->doc, rescue, &err))
				fprintf(stderr, _("piaform: unsaved changes were written to %s\n"),
				    rescue);
			else
				fprintf(
				    stderr, "piaform: %s\n", error_format(&err, buf, sizeof buf));
			free(rescue);
		}
		p->status = 1;
	} else if (p->eof && p->dirty) {
		say(p, "%s\n", _("The end of the input."));
		save(p);
	}
	fflush(p->out);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGINT, &old_int, NULL);
	/* saved, or nothing changed: the journal has done its work */
	journal_close(&p->journal, !plain_signal && (p->quit || !p->dirty));
out:
	journal_close(&p->journal, false);
	problem_list_clear(&p->probs);
	free(p->steps);
	free(p->buf);
	document_free(&p->doc);
	formset_free(&p->fs);
	return p->status;
}
