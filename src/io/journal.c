/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The journal: a write-ahead log of the editor's changes, one checksummed text line per change,
 * appended with one write() each (the kernel keeps what a kill -9 interrupts) and flushed to
 * the disk on every committed answer and within two seconds of typing. Its header names the
 * document and the writing session, and the file is flock()ed while the session lives, so a
 * second piaform knows a live holder from a dead one even when a pid was reused. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/journal.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

#define MAGIC "piaform-journal"
#define FORMAT_VERSION "1"
#define PREALLOCATE (1u << 20) /* blocks reserved up front, so a full disk still takes records */

struct journal {
	int fd;
	char *path;
	char *doc; /* the document's absolute path */
	char *form;
	char *host, *user;
	long long started;
	off_t good; /* bytes known to be whole records */
	bool lost; /* a record could not be written: a snapshot must come next */
	bool pending; /* written but not yet flushed to the disk */
	struct timespec first_pending;
	char failure[2048]; /* the last write error, "" while all is well */
};

/* --- CRC-32 and the record format --- */

uint32_t
journal_crc32(uint32_t crc, const void *p, size_t n)
{
	static uint32_t table[256];
	static bool ready;
	const unsigned char *s = p;
	size_t i;

	if (!ready) {
		for (uint32_t k = 0; k < 256; k++) {
			uint32_t c = k;
			for (int b = 0; b < 8; b++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[k] = c;
		}
		ready = true;
	}
	crc = ~crc;
	for (i = 0; i < n; i++)
		crc = table[(crc ^ s[i]) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

static void
escape(struct strbuf *out, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *e = NULL;
		switch (s[i]) {
		case '\\':
			e = "\\\\";
			break;
		case '\t':
			e = "\\t";
			break;
		case '\n':
			e = "\\n";
			break;
		case '\r':
			e = "\\r";
			break;
		case '\0':
			e = "\\0";
			break;
		default:
			continue;
		}
		strbuf_add(out, s + run, i - run);
		strbuf_adds(out, e);
		run = i + 1;
	}
	strbuf_add(out, s + run, n - run);
}

void
journal_encode(
    struct strbuf *out, char type, size_t nfields, const char *const *fields, const size_t *lens)
{
	struct strbuf body = STRBUF_INIT;
	size_t i;

	strbuf_addc(&body, type);
	for (i = 0; i < nfields; i++) {
		strbuf_addc(&body, '\t');
		escape(&body, fields[i], lens != NULL ? lens[i] : strlen(fields[i]));
	}
	strbuf_addf(out, "%08" PRIx32 "\t", journal_crc32(0, body.s, body.len));
	strbuf_add(out, body.s, body.len);
	strbuf_addc(out, '\n');
	strbuf_free(&body);
}

bool
journal_decode(const char *line, size_t len, char *type, size_t *nfields, struct strbuf *store,
    size_t *off, size_t *lens)
{
	uint32_t want = 0;
	size_t i, n = 0;

	strbuf_reset(store);
	if (len < 10 || line[8] != '\t')
		return false;
	for (i = 0; i < 8; i++) {
		char c = line[i];
		unsigned v = c >= '0' && c <= '9' ? (unsigned)(c - '0')
		    : c >= 'a' && c <= 'f'        ? (unsigned)(c - 'a' + 10)
						  : 16u;
		if (v == 16)
			return false;
		want = want << 4 | v;
	}
	if (journal_crc32(0, line + 9, len - 9) != want)
		return false;
	*type = line[9];
	i = 10;
	while (i < len) {
		if (line[i] != '\t' || n == JOURNAL_MAX_FIELDS)
			return false;
		i++;
		off[n] = store->len;
		while (i < len && line[i] != '\t') {
			char c = line[i++];
			if (c == '\\') {
				if (i == len)
					return false;
				c = line[i++];
				c = c == '\\'  ? '\\'
				    : c == 't' ? '\t'
				    : c == 'n' ? '\n'
				    : c == 'r' ? '\r'
				    : c == '0' ? '\0'
					       : 1;
				if (c == 1)
					return false;
			} else if (c == '\n' || c == '\r') {
				return false;
			}
			strbuf_addc(store, c);
		}
		lens[n] = store->len - off[n];
		strbuf_addc(store, '\0');
		n++;
	}
	*nfields = n;
	return true;
}

/* --- files and places --- */

bool
journal_stamp_file(const char *path, struct journal_stamp *st, bool content, struct error *err)
{
	struct stat sb;
	char buf[65536];
	ssize_t n;
	int fd;

	memset(st, 0, sizeof *st);
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return true;
		error_at(err, path, 0, 0, "%s", strerror(errno));
		return false;
	}
	st->exists = true;
	st->dev = (unsigned long long)sb.st_dev;
	st->ino = (unsigned long long)sb.st_ino;
	st->size = (long long)sb.st_size;
	st->mtime_sec = (long long)sb.st_mtim.tv_sec;
	st->mtime_nsec = sb.st_mtim.tv_nsec;
	if (!content)
		return true;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_at(err, path, 0, 0, "%s", strerror(errno));
		return false;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_at(err, path, 0, 0, "%s", strerror(errno));
			close(fd);
			return false;
		}
		st->crc = journal_crc32(st->crc, buf, (size_t)n);
	}
	close(fd);
	return true;
}

bool
journal_stamp_same_file(const struct journal_stamp *a, const struct journal_stamp *b)
{
	if (!a->exists || !b->exists)
		return a->exists == b->exists;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	    a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

bool
journal_stamp_same_content(const struct journal_stamp *a, const struct journal_stamp *b)
{
	if (!a->exists || !b->exists)
		return a->exists == b->exists;
	return a->size == b->size && a->crc == b->crc;
}

/* The document's absolute path with symlinks resolved (a save replaces the target), also
 * for a file that does not exist yet. */
static char *
doc_abspath(const char *doc_path)
{
	char *real = realpath(doc_path, NULL), *d, *b, *rd, *out;

	if (real != NULL)
		return real;
	d = xstrdup(doc_path);
	b = xstrdup(doc_path);
	rd = realpath(dirname(d), NULL);
	if (rd != NULL)
		out = xasprintf("%s/%s", strcmp(rd, "/") == 0 ? "" : rd, basename(b));
	else if (doc_path[0] == '/')
		out = xstrdup(doc_path);
	else {
		char cwd[PATH_MAX];
		out = getcwd(cwd, sizeof cwd) != NULL ? xasprintf("%s/%s", cwd, doc_path)
						      : xstrdup(doc_path);
	}
	free(rd);
	free(d);
	free(b);
	return out;
}

static char *
state_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/piaform", x);
	if (home == NULL || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/.local/state/piaform", home);
}

char *
journal_path_for(const char *doc_path, bool in_state_dir)
{
	char *abs = doc_abspath(doc_path), *d = xstrdup(abs), *b = xstrdup(abs), *out, *sd;

	if (!in_state_dir) {
		out = xasprintf("%s/.%s" JOURNAL_SUFFIX, dirname(d), basename(b));
	} else {
		/* one directory for every document: the name carries a hash of the full path */
		sd = state_dir();
		out = xasprintf("%s/%s.%08" PRIx32 JOURNAL_SUFFIX, sd, basename(b),
		    journal_crc32(0, abs, strlen(abs)));
		free(sd);
	}
	free(abs);
	free(d);
	free(b);
	return out;
}

static bool
mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *s;
	bool ok = true;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			ok = false;
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		ok = false;
	free(p);
	return ok;
}

static void
fsync_dir_of(const char *path)
{
	char *d = xstrdup(path);
	int fd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(d);
}

static char *
read_all(int fd, size_t *len, struct error *err, const char *path)
{
	struct strbuf b = STRBUF_INIT;
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_at(err, path, 0, 0, "%s", strerror(errno));
			strbuf_free(&b);
			return NULL;
		}
		strbuf_add(&b, chunk, (size_t)n);
		if (b.len > JOURNAL_MAX_BYTES) {
			error_at(err, path, 0, 0, _("the journal is larger than %u MiB"),
			    JOURNAL_MAX_BYTES >> 20);
			strbuf_free(&b);
			return NULL;
		}
	}
	*len = b.len;
	return strbuf_detach(&b);
}

/* --- the header --- */

static void
host_user(char **host, char **user)
{
	char h[256];
	struct passwd *pw = getpwuid(geteuid());

	if (gethostname(h, sizeof h) != 0)
		snprintf(h, sizeof h, "localhost");
	h[sizeof h - 1] = '\0';
	*host = xstrdup(h);
	*user = pw != NULL ? xstrdup(pw->pw_name) : xasprintf("%lu", (unsigned long)geteuid());
}

static void
encode_header(struct strbuf *out, const char *doc, const char *form,
    const struct journal_stamp *base, long pid, const char *host, const char *user,
    long long started)
{
	char num[9][32];
	const char *f[15];

	snprintf(num[0], sizeof num[0], "%d", base->exists ? 1 : 0);
	snprintf(num[1], sizeof num[1], "%llu", base->dev);
	snprintf(num[2], sizeof num[2], "%llu", base->ino);
	snprintf(num[3], sizeof num[3], "%lld", base->size);
	snprintf(num[4], sizeof num[4], "%lld", base->mtime_sec);
	snprintf(num[5], sizeof num[5], "%ld", base->mtime_nsec);
	snprintf(num[6], sizeof num[6], "%08" PRIx32, base->crc);
	snprintf(num[7], sizeof num[7], "%ld", pid);
	snprintf(num[8], sizeof num[8], "%lld", started);
	f[0] = MAGIC;
	f[1] = FORMAT_VERSION;
	f[2] = doc;
	f[3] = form;
	for (int i = 0; i < 7; i++)
		f[4 + i] = num[i];
	f[11] = num[7];
	f[12] = host;
	f[13] = user;
	f[14] = num[8];
	journal_encode(out, 'H', 15, f, NULL);
}

static bool
parse_ull(const char *s, unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static bool
parse_ll(const char *s, long long *v)
{
	unsigned long long u;
	bool neg = *s == '-';

	if (!parse_ull(s + neg, &u) || u > (unsigned long long)LLONG_MAX)
		return false;
	*v = neg ? -(long long)u : (long long)u;
	return true;
}

static bool
decode_header(const char *line, size_t len, struct journal_info *info)
{
	struct strbuf st = STRBUF_INIT;
	size_t off[JOURNAL_MAX_FIELDS], lens[JOURNAL_MAX_FIELDS], n;
	unsigned long long u[3];
	long long l[5];
	char type, *end;
	bool ok = false;

	memset(info, 0, sizeof *info);
	if (!journal_decode(line, len, &type, &n, &st, off, lens) || type != 'H' || n < 15)
		goto out;
#define F(i) (st.s + off[i])
	if (strcmp(F(0), MAGIC) != 0 || strcmp(F(1), FORMAT_VERSION) != 0)
		goto out;
	if (!parse_ull(F(5), &u[0]) || !parse_ull(F(6), &u[1]) || !parse_ll(F(7), &l[0]) ||
	    !parse_ll(F(8), &l[1]) || !parse_ll(F(9), &l[2]) || !parse_ll(F(11), &l[3]) ||
	    !parse_ll(F(14), &l[4]))
		goto out;
	errno = 0;
	u[2] = strtoull(F(10), &end, 16);
	if (*end != '\0' || lens[10] != 8)
		goto out;
	info->doc = xstrdup(F(2));
	info->form = xstrdup(F(3));
	info->base.exists = strcmp(F(4), "1") == 0;
	info->base.dev = u[0];
	info->base.ino = u[1];
	info->base.size = l[0];
	info->base.mtime_sec = l[1];
	info->base.mtime_nsec = (long)l[2];
	info->base.crc = (uint32_t)u[2];
	info->pid = (long)l[3];
	info->host = xstrdup(F(12));
	info->user = xstrdup(F(13));
	info->started = l[4];
	ok = true;
#undef F
out:
	strbuf_free(&st);
	return ok;
}

void
journal_info_clear(struct journal_info *info)
{
	free(info->doc);
	free(info->form);
	free(info->host);
	free(info->user);
	memset(info, 0, sizeof *info);
}

void
journal_probe_clear(struct journal_probe *p)
{
	free(p->path);
	journal_info_clear(&p->info);
	memset(p, 0, sizeof *p);
}

/* The next line of buf from *pos: false at the end; *whole is false for a last line without
 * its '\n' (a write cut short). */
static bool
next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n, bool *whole)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*line = buf + *pos;
	nl = memchr(*line, '\n', len - *pos);
	*whole = nl != NULL;
	*n = nl != NULL ? (size_t)(nl - *line) : len - *pos;
	*pos += *n + (nl != NULL);
	return true;
}

/* --- finding a journal and its holder --- */

static bool
pid_alive(long pid)
{
	if (pid <= 0 || (long)(pid_t)pid != pid)
		return false;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* Look at one journal file. False when there is none at path. */
static bool
probe_one(const char *path, struct journal_probe *p)
{
	struct error ignored;
	struct stat sb;
	size_t len = 0, pos = 0, n;
	const char *line;
	char *buf, *host = NULL, *user = NULL;
	bool locked = false, lock_known = true, whole;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0 && errno == ENOENT)
		return false;
	p->path = xstrdup(path);
	if (fd < 0) {
		/* another user's journal (mode 0600): someone may be editing */
		p->holder = JOURNAL_UNREADABLE;
		return true;
	}
	if (flock(fd, LOCK_SH | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			locked = true;
		else
			lock_known = false; /* a file system without locks (some NFS set-ups) */
	}
	error_clear(&ignored);
	buf = fstat(fd, &sb) == 0 ? read_all(fd, &len, &ignored, path) : NULL;
	close(fd);
	if (buf != NULL && next_line(buf, len, &pos, &line, &n, &whole) && whole &&
	    decode_header(line, n, &p->info)) {
		struct strbuf st = STRBUF_INIT;
		size_t off[JOURNAL_MAX_FIELDS], lens[JOURNAL_MAX_FIELDS], nf;
		char type;
		p->have_info = true;
		p->info.touched = (long long)sb.st_mtim.tv_sec;
		while (next_line(buf, len, &pos, &line, &n, &whole)) {
			if (!whole || !journal_decode(line, n, &type, &nf, &st, off, lens)) {
				p->torn = true;
				break;
			}
			if (type != 'W')
				p->records++;
		}
		strbuf_free(&st);
	}
	free(buf);
	host_user(&host, &user);
	p->remote = p->have_info && strcmp(p->info.host, host) != 0;
	if (locked) {
		p->holder = JOURNAL_LIVE;
	} else if (!p->have_info) {
		p->holder = JOURNAL_STALE; /* empty or damaged, and nobody holds it */
	} else if (!p->remote) {
		/* a free lock means the writer is gone, even if its pid now names another process */
		p->holder = !lock_known && pid_alive(p->info.pid) ? JOURNAL_LIVE : JOURNAL_STALE;
	} else {
		long long last =
		    p->info.touched > p->info.started ? p->info.touched : p->info.started;
		p->holder = (long long)time(NULL) - last < JOURNAL_REMOTE_STALE_SECONDS
		    ? JOURNAL_REMOTE
		    : JOURNAL_STALE;
	}
	free(host);
	free(user);
	return true;
}

bool
journal_find(const char *doc_path, struct journal_probe *p, struct error *err)
{
	int k;

	memset(p, 0, sizeof *p);
	p->holder = JOURNAL_ABSENT;
	for (k = 0; k < 2; k++) {
		char *path = journal_path_for(doc_path, k == 1);
		bool found = probe_one(path, p);
		free(path);
		if (found)
			return true;
	}
	(void)err;
	return true;
}

bool
journal_remove(const char *path, struct error *err)
{
	if (unlink(path) != 0 && errno != ENOENT) {
		error_at(err, path, 0, 0, _("cannot remove the journal: %s"), strerror(errno));
		return false;
	}
	return true;
}

/* --- replay --- */

struct record {
	char type;
	size_t start, end; /* bytes of the line in the journal, '\n' included */
	size_t nf;
	size_t off[JOURNAL_MAX_FIELDS], len[JOURNAL_MAX_FIELDS];
	char *store;
};

static bool
parse_size(const char *s, size_t *v)
{
	unsigned long long u;

	if (!parse_ull(s, &u) || u > SIZE_MAX)
		return false;
	*v = (size_t)u;
	return true;
}

/* A snapshot: the document becomes the one in the record, checked as a file is on load. */
static bool
replace_all(struct document *d, const char *text, size_t len, struct error *err)
{
	/* a set of the one form the document already has (the set only lends it) */
	struct form *forms[1] = { (struct form *)(uintptr_t)d->form };
	struct formset one = { forms, 1 };
	struct node *root = yamlio_parse(text, len, "journal", err);
	struct document *nd;

	if (root == NULL)
		return false;
	nd = document_bind(&one, root, "journal", err);
	if (nd == NULL) {
		node_free(&root);
		return false;
	}
	node_free(&d->root);
	d->root = nd->root;
	d->answers = nd->answers;
	d->generation++;
	nd->root = NULL;
	document_free(&nd);
	return true;
}

static bool
apply(struct document *d, const struct record *r, struct error *err)
{
	const char *f[JOURNAL_MAX_FIELDS];
	struct item_ref ref;
	size_t i, a, b;

	for (i = 0; i < r->nf; i++)
		f[i] = r->store + r->off[i];
	switch (r->type) {
	case 'S':
	case 'M': {
		struct node *v = NULL;
		if (r->nf != 2 || r->len[1] == 0)
			break;
		if (r->type == 'S' && !path_parse(d->form, f[0], &ref, err))
			break;
		/* the header and the answers are never replaced this way */
		if (r->type == 'M' &&
		    (strcmp(f[0], "answers") == 0 || strcmp(f[0], "piaform") == 0 ||
			strcmp(f[0], "form") == 0 || strcmp(f[0], "revision") == 0))
			break;
		if (f[1][0] == '=') {
			v = node_scalar(f[1] + 1, r->len[1] - 1);
		} else if (f[1][0] == 'Y') {
			v = yamlio_parse(f[1] + 1, r->len[1] - 1, "journal", err);
			if (v == NULL)
				return false;
		} else if (strcmp(f[1], "-") != 0) {
			break;
		}
		if (r->type == 'S')
			document_set(d, &ref, v);
		else if (v != NULL)
			node_set(d->root, f[0], v);
		else
			node_del(d->root, f[0]);
		d->generation++;
		return true;
	}
	case 'I':
		if (r->nf != 4 || !path_parse(d->form, f[0], &ref, err) || !parse_size(f[2], &a) ||
		    !parse_size(f[3], &b))
			break;
		if (ref.item->kind != FORM_REPEAT && !ref.item->per_file)
			break;
		/* the repeat itself: its own instance number is the operation's argument */
		ref.instance = false;
		ref.nidx = path_levels(ref.item, false);
		if (strcmp(f[1], "add") == 0)
			return document_instance_add(d, &ref, a, err);
		if (strcmp(f[1], "dup") == 0)
			return document_instance_dup(d, &ref, a, err);
		if (strcmp(f[1], "remove") == 0)
			return document_instance_remove(d, &ref, a, err);
		if (strcmp(f[1], "move") == 0)
			return document_instance_move(d, &ref, a, b, err);
		break;
	case 'D': {
		const struct node *cur;
		const char *text = "";
		size_t len = 0, del;
		struct strbuf nb = STRBUF_INIT;
		if (r->nf != 4 || !path_parse(d->form, f[0], &ref, err) || !parse_size(f[1], &a) ||
		    !parse_size(f[2], &del))
			break;
		cur = document_get(d, &ref);
		if (cur != NULL && cur->type != NODE_SCALAR)
			break;
		if (cur != NULL) {
			text = cur->str;
			len = cur->len;
		}
		if (a > len || del > len - a)
			break;
		strbuf_add(&nb, text, a);
		strbuf_add(&nb, f[3], r->len[3]);
		strbuf_add(&nb, text + a + del, len - a - del);
		/* an emptied field is unanswered, as the editor stores it */
		document_set(d, &ref, nb.len > 0 ? node_scalar(nb.s, nb.len) : NULL);
		strbuf_free(&nb);
		return true;
	}
	case 'W':
		return true;
	case 'F':
		if (r->nf != 1)
			break;
		return replace_all(d, f[0], r->len[0], err);
	default:
		break;
	}
	error_item(err, r->nf > 0 ? f[0] : NULL,
	    _("a journal record (%c) does not fit the document"), r->type);
	return false;
}

bool
journal_replay(const char *path, struct document *d, const struct journal_stamp *current,
    struct journal_replay *rp, struct error *err)
{
	struct record *recs = NULL;
	size_t nrec = 0, cap = 0, len = 0, pos = 0, n, i, start = 0, hlen;
	struct journal_info info;
	struct strbuf st = STRBUF_INIT;
	const char *line;
	char *buf = NULL;
	bool whole, ok = false;
	int fd;

	memset(rp, 0, sizeof *rp);
	memset(&info, 0, sizeof info);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		error_at(err, path, 0, 0, _("cannot read the journal: %s"), strerror(errno));
		return false;
	}
	buf = read_all(fd, &len, err, path);
	close(fd);
	if (buf == NULL)
		return false;
	if (!next_line(buf, len, &pos, &line, &n, &whole) || !whole ||
	    !decode_header(line, n, &info)) {
		error_at(err, path, 1, 0, _("the journal's first line is damaged"));
		goto out;
	}
	hlen = pos;
	if (strcmp(info.form, d->form->id) != 0) {
		error_at(err, path, 1, 0, _("the journal is for a document of form %s, not %s"),
		    info.form, d->form->id);
		goto out;
	}
	for (;;) {
		size_t at = pos;
		struct record r;
		if (!next_line(buf, len, &pos, &line, &n, &whole))
			break;
		memset(&r, 0, sizeof r);
		if (!whole || !journal_decode(line, n, &r.type, &r.nf, &st, r.off, r.len)) {
			rp->torn = true;
			break;
		}
		if (nrec == cap) {
			cap = cap ? cap * 2 : 64;
			recs = xreallocarray(recs, cap, sizeof *recs);
		}
		r.start = at;
		r.end = pos;
		r.store = strbuf_detach(&st);
		recs[nrec++] = r;
	}
	/* the last save that reached the disk: what came before it is in the file already */
	for (i = nrec; i > 0; i--) {
		struct record *r = &recs[i - 1];
		unsigned long long size;
		char *end;
		unsigned long crc;
		if (r->type != 'W' || r->nf != 2 || !parse_ull(r->store + r->off[1], &size))
			continue;
		crc = strtoul(r->store + r->off[0], &end, 16);
		if (*end == '\0' && current->exists && (long long)size == current->size &&
		    (uint32_t)crc == current->crc) {
			start = i;
			break;
		}
	}
	if (start == 0 && !journal_stamp_same_content(&info.base, current))
		rp->mismatch = true;
	for (i = 0; i < nrec; i++)
		rp->total += recs[i].type != 'W';
	for (i = 0; i < start; i++)
		rp->skipped += recs[i].type != 'W';
	/* an empty range sits where the pending records start */
	rp->from = rp->to = start < nrec ? recs[start].start : nrec > 0 ? recs[nrec - 1].end : hlen;
	for (i = start; i < nrec; i++) {
		if (!apply(d, &recs[i], err)) {
			rp->failed = true;
			break;
		}
		rp->applied += recs[i].type != 'W';
		rp->to = recs[i].end;
		if (recs[i].type == 'F')
			rp->mismatch = false; /* what follows no longer depends on the file */
	}
	ok = true;
out:
	for (i = 0; i < nrec; i++)
		free(recs[i].store);
	free(recs);
	strbuf_free(&st);
	journal_info_clear(&info);
	free(buf);
	return ok;
}

/* --- writing --- */

static void
now_mono(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static bool
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static void
fail(struct journal *j, const char *what)
{
	snprintf(j->failure, sizeof j->failure, "%s: %s", what, strerror(errno));
}

/* Append one whole record. A record cut short (disk full) is cut off again, so that the
 * records after it, once there is room, are not hidden behind a damaged line. */
static bool
append(struct journal *j, const struct strbuf *line)
{
	if (j == NULL)
		return false;
	if (j->failure[0] != '\0' && ftruncate(j->fd, j->good) != 0) {
		fail(j, _("the journal cannot be repaired"));
		return false;
	}
	if (!write_all(j->fd, line->s, line->len)) {
		fail(j, _("the journal cannot be written"));
		(void)!ftruncate(j->fd, j->good);
		j->lost = true;
		return false;
	}
	j->failure[0] = '\0';
	j->good += (off_t)line->len;
	if (!j->pending) {
		j->pending = true;
		now_mono(&j->first_pending);
	}
	return true;
}

/* Take the lock, waiting a little for a prober that holds a shared lock while it reads; a file
 * system without locks is used without (the pid in the header still tells). */
static void
lock_hard(int fd)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 100; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK)
			return;
		nanosleep(&pause, NULL);
	}
}

/* Reserve blocks beyond the end (the size stays), so that records still fit on a full disk. */
static void
preallocate(int fd)
{
#ifdef FALLOC_FL_KEEP_SIZE
	(void)fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, PREALLOCATE);
#else
	(void)fd;
#endif
}

static bool
start_file(struct journal *j, int fd, const struct journal_stamp *base, const char *keep,
    size_t keeplen, struct error *err)
{
	struct strbuf h = STRBUF_INIT;
	bool ok;

	encode_header(&h, j->doc, j->form, base, (long)getpid(), j->host, j->user, j->started);
	ok = write_all(fd, h.s, h.len) && write_all(fd, keep, keeplen) && fdatasync(fd) == 0;
	if (!ok)
		error_at(err, j->path, 0, 0, _("cannot write the journal: %s"), strerror(errno));
	j->good = (off_t)(h.len + keeplen);
	strbuf_free(&h);
	return ok;
}

/* Replace the stale journal at path, keeping bytes [from, to) of its records. */
static int
replace_stale(struct journal *j, const char *path, const struct journal_stamp *base,
    const struct journal_replay *keep, struct error *err)
{
	char *tmp = xasprintf("%s.XXXXXX", path), *old = NULL;
	size_t oldlen = 0;
	int fd = -1, ofd;

	if (keep != NULL && keep->to > keep->from) {
		ofd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (ofd >= 0) {
			old = read_all(ofd, &oldlen, err, path);
			close(ofd);
		}
		if (old == NULL || oldlen < keep->to) {
			error_at(err, path, 0, 0, _("the journal changed while it was read"));
			goto fail;
		}
	}
	fd = mkostemp(tmp, O_CLOEXEC | O_APPEND);
	if (fd < 0) {
		error_at(err, path, 0, 0, _("cannot write the journal: %s"), strerror(errno));
		goto fail;
	}
	(void)fchmod(fd, 0600);
	lock_hard(fd);
	if (!start_file(j, fd, base, old != NULL ? old + keep->from : "",
		old != NULL ? keep->to - keep->from : 0, err))
		goto fail;
	if (rename(tmp, path) != 0) {
		error_at(err, path, 0, 0, _("cannot write the journal: %s"), strerror(errno));
		goto fail;
	}
	fsync_dir_of(path);
	free(tmp);
	free(old);
	return fd;
fail:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(old);
	return -1;
}

static int
create_fresh(
    struct journal *j, const char *path, const struct journal_stamp *base, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return -1;
	/* lock before the header exists: a prober seeing an empty file knows it is in use */
	lock_hard(fd);
	if (!start_file(j, fd, base, "", 0, err)) {
		close(fd);
		unlink(path);
		return -2;
	}
	fsync_dir_of(path);
	return fd;
}

struct journal *
journal_open(const char *doc_path, const struct document *d, const struct journal_stamp *base,
    const struct journal_probe *p, const struct journal_replay *keep, struct error *err)
{
	struct journal *j = xcalloc(1, sizeof *j);
	int fd = -1, k;

	j->doc = doc_abspath(doc_path);
	j->form = xstrdup(d->form->id);
	host_user(&j->host, &j->user);
	j->started = (long long)time(NULL);
	if (p != NULL && p->holder == JOURNAL_STALE && p->path != NULL) {
		j->path = xstrdup(p->path);
		fd = replace_stale(j, j->path, base, keep, err);
	} else {
		for (k = 0; k < 2 && fd == -1; k++) {
			int e;
			free(j->path);
			j->path = journal_path_for(doc_path, k == 1);
			if (k == 1) {
				char *dir = xstrdup(j->path);
				(void)mkdir_p(dirname(dir));
				free(dir);
			}
			fd = create_fresh(j, j->path, base, err);
			e = errno;
			if (fd == -1 && e == EEXIST) {
				error_at(err, j->path, 0, 0,
				    _("another piaform started on this document just now"));
				fd = -2;
			} else if (fd == -1 && k == 1) {
				error_at(err, j->path, 0, 0, _("cannot create the journal: %s"),
				    strerror(e));
			} else if (fd == -1 && e != EACCES && e != EPERM && e != EROFS) {
				error_at(err, j->path, 0, 0, _("cannot create the journal: %s"),
				    strerror(e));
				fd = -2;
			}
		}
	}
	if (fd < 0) {
		j->fd = -1;
		journal_close(&j, false);
		return NULL;
	}
	j->fd = fd;
	preallocate(fd);
	return j;
}

/* A record naming a place (an item path, a top-level key) and a value: "-" for none, "=" and
 * the bytes for a scalar (kept exactly, whatever they hold), "Y" and YAML for the rest. */
static bool
put_value(struct journal *j, char type, const char *place, const struct node *v)
{
	struct strbuf line = STRBUF_INIT, val = STRBUF_INIT;
	struct error err;
	const char *f[2];
	size_t lens[2];
	bool ok;

	error_clear(&err);
	if (v == NULL) {
		strbuf_adds(&val, "-");
	} else if (v->type == NODE_SCALAR) {
		strbuf_addc(&val, '=');
		strbuf_add(&val, v->str, v->len);
	} else {
		strbuf_addc(&val, 'Y');
		if (!yamlio_emit(v, NULL, &val, &err)) {
			snprintf(j->failure, sizeof j->failure, "%s: %s", place, err.message);
			j->lost = true;
			strbuf_free(&val);
			return false;
		}
	}
	f[0] = place;
	lens[0] = strlen(place);
	f[1] = val.s;
	lens[1] = val.len;
	journal_encode(&line, type, 2, f, lens);
	ok = append(j, &line) && journal_sync(j);
	strbuf_free(&line);
	strbuf_free(&val);
	return ok;
}

bool
journal_set(struct journal *j, const struct item_ref *ref, const struct node *v)
{
	char path[1024];

	if (j == NULL)
		return false;
	path_format(ref, path, sizeof path);
	return put_value(j, 'S', path, v);
}

bool
journal_meta(struct journal *j, const char *key, const struct node *v)
{
	return j != NULL && put_value(j, 'M', key, v);
}

bool
journal_instance(struct journal *j, const struct item_ref *rep, const char *op, size_t a, size_t b)
{
	struct strbuf line = STRBUF_INIT;
	struct item_ref r;
	char path[1024], na[32], nb[32];
	const char *f[4];
	bool ok;

	if (j == NULL)
		return false;
	r = *rep;
	r.instance = false;
	path_format(&r, path, sizeof path);
	snprintf(na, sizeof na, "%zu", a);
	snprintf(nb, sizeof nb, "%zu", b);
	f[0] = path;
	f[1] = op;
	f[2] = na;
	f[3] = nb;
	journal_encode(&line, 'I', 4, f, NULL);
	ok = append(j, &line) && journal_sync(j);
	strbuf_free(&line);
	return ok;
}

bool
journal_delta(struct journal *j, const struct item_ref *ref, const char *old, size_t oldlen,
    const char *now, size_t nowlen)
{
	struct strbuf line = STRBUF_INIT;
	size_t pre = 0, suf = 0, lens[4];
	char path[1024], off[32], del[32];
	const char *f[4];
	bool ok;

	if (j == NULL)
		return false;
	while (pre < oldlen && pre < nowlen && old[pre] == now[pre])
		pre++;
	while (suf < oldlen - pre && suf < nowlen - pre &&
	    old[oldlen - 1 - suf] == now[nowlen - 1 - suf])
		suf++;
	if (pre == oldlen && pre == nowlen)
		return true;
	path_format(ref, path, sizeof path);
	snprintf(off, sizeof off, "%zu", pre);
	snprintf(del, sizeof del, "%zu", oldlen - pre - suf);
	f[0] = path;
	f[1] = off;
	f[2] = del;
	f[3] = now + pre;
	lens[0] = strlen(path);
	lens[1] = strlen(off);
	lens[2] = strlen(del);
	lens[3] = nowlen - pre - suf;
	journal_encode(&line, 'D', 4, f, lens);
	ok = append(j, &line);
	strbuf_free(&line);
	return ok;
}

bool
journal_lost(const struct journal *j)
{
	return j != NULL && j->lost;
}

bool
journal_snapshot(struct journal *j, const struct document *d)
{
	struct strbuf line = STRBUF_INIT, doc = STRBUF_INIT;
	struct error err;
	const char *f[1];
	size_t lens[1];
	bool ok;

	if (j == NULL)
		return false;
	error_clear(&err);
	if (!docfile_render(d, &doc, &err)) {
		snprintf(j->failure, sizeof j->failure, "%s", err.message);
		strbuf_free(&doc);
		return false;
	}
	f[0] = doc.s;
	lens[0] = doc.len;
	journal_encode(&line, 'F', 1, f, lens);
	ok = append(j, &line) && journal_sync(j);
	if (ok)
		j->lost = false;
	strbuf_free(&line);
	strbuf_free(&doc);
	return ok;
}

bool
journal_saving(struct journal *j, uint32_t crc, size_t size)
{
	struct strbuf line = STRBUF_INIT;
	char c[16], s[32];
	const char *f[2] = { c, s };
	bool ok;

	if (j == NULL)
		return false;
	snprintf(c, sizeof c, "%08" PRIx32, crc);
	snprintf(s, sizeof s, "%zu", size);
	journal_encode(&line, 'W', 2, f, NULL);
	ok = append(j, &line) && journal_sync(j);
	strbuf_free(&line);
	return ok;
}

bool
journal_saved(struct journal *j, const struct journal_stamp *base)
{
	struct error err;

	if (j == NULL)
		return false;
	error_clear(&err);
	/* a crash between these two leaves an empty journal: nothing to recover, as is right */
	if (ftruncate(j->fd, 0) != 0) {
		fail(j, _("the journal cannot be emptied"));
		return false;
	}
	if (!start_file(j, j->fd, base, "", 0, &err)) {
		snprintf(j->failure, sizeof j->failure, "%s", err.message);
		return false;
	}
	j->failure[0] = '\0';
	j->pending = false;
	j->lost = false; /* the saved file holds everything */
	preallocate(j->fd);
	return true;
}

bool
journal_sync(struct journal *j)
{
	if (j == NULL)
		return false;
	if (!j->pending)
		return j->failure[0] == '\0';
	if (fdatasync(j->fd) != 0) {
		/* not retried: after a failed flush the kernel may have dropped the pages */
		fail(j, _("the journal cannot be flushed to the disk"));
		j->pending = false;
		return false;
	}
	j->pending = false;
	return true;
}

void
journal_tick(struct journal *j)
{
	struct timespec now;

	if (j == NULL || !j->pending)
		return;
	now_mono(&now);
	if (now.tv_sec - j->first_pending.tv_sec >= JOURNAL_SYNC_SECONDS)
		journal_sync(j);
}

const char *
journal_file(const struct journal *j)
{
	return j != NULL ? j->path : NULL;
}

const char *
journal_failure(const struct journal *j)
{
	return j != NULL && j->failure[0] != '\0' ? j->failure : NULL;
}

void
journal_close(struct journal **jp, bool remove)
{
	struct journal *j = jp != NULL ? *jp : NULL;

	if (j == NULL)
		return;
	if (j->fd >= 0) {
		if (remove)
			(void)unlink(j->path);
		else
			journal_sync(j);
		close(j->fd);
	}
	free(j->path);
	free(j->doc);
	free(j->form);
	free(j->host);
	free(j->user);
	free(j);
	*jp = NULL;
}
