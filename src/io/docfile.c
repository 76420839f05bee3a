/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading and atomic saving of documents. Saving renders to memory first, parses the result
 * back and compares it with what was meant to be written, so a file is never replaced by
 * something that would not read back identically. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "piaform/docfile.h"
#include "piaform/i18n.h"
#include "piaform/xmalloc.h"
#include "piaform/yamlio.h"

struct document *
docfile_load(const struct formset *fs, const char *path, struct error *err)
{
	struct node *root = yamlio_load_file(path, err);
	struct document *d;

	if (root == NULL)
		return NULL;
	d = document_bind(fs, root, path, err);
	if (d == NULL)
		node_free(&root);
	return d;
}

bool
docfile_render(const struct document *d, struct strbuf *out, struct error *err)
{
	struct node *tree = document_serialize(d), *back;
	char comment[512];
	bool ok = false;

	snprintf(comment, sizeof comment, "%s [%s] (piaform)", d->form->title, d->form->revision);
	if (!yamlio_emit(tree, comment, out, err))
		goto out;
	back = yamlio_parse(out->s, out->len, "(output)", err);
	if (back == NULL)
		goto out;
	ok = node_equal(tree, back);
	if (!ok)
		error_item(err, NULL,
		    _("the saved text would not read back the same; nothing was written"));
	node_free(&back);
out:
	node_free(&tree);
	return ok;
}

static bool
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* The file a save really replaces: the target of a symlink, resolved deliberately. */
static char *
real_target(const char *path)
{
	char *resolved = realpath(path, NULL);

	if (resolved != NULL)
		return resolved;
	return xstrdup(path); /* a new file */
}

bool
docfile_write_atomic(const char *path, const char *data, size_t len, struct error *err)
{
	char *target = real_target(path), *dircopy = xstrdup(target), *dir, *tmp;
	struct stat st;
	bool have_old, ok = false;
	int fd = -1, dfd;

	dir = dirname(dircopy);
	tmp = xasprintf("%s/.%s.XXXXXX", dir, basename(target));
	have_old = stat(target, &st) == 0;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		error_at(err, path, 0, 0, _("cannot save: %s (the file on disk is unchanged)"),
		    strerror(errno));
		goto out;
	}
	if (have_old)
		(void)fchmod(fd, st.st_mode & 07777);
	else {
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	if (!write_all(fd, data, len) || fsync(fd) != 0) {
		error_at(err, path, 0, 0, _("cannot save: %s (the file on disk is unchanged)"),
		    strerror(errno));
		goto unlink;
	}
	if (close(fd) != 0) {
		fd = -1;
		error_at(err, path, 0, 0, _("cannot save: %s (the file on disk is unchanged)"),
		    strerror(errno));
		goto unlink;
	}
	fd = -1;
	if (rename(tmp, target) != 0) {
		error_at(err, path, 0, 0, _("cannot save: %s (the file on disk is unchanged)"),
		    strerror(errno));
		goto unlink;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	ok = true;
	goto out;
unlink:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	free(dircopy);
	free(target);
	return ok;
}

bool
docfile_save(const struct document *d, const char *path, struct error *err)
{
	struct strbuf out = STRBUF_INIT;
	bool ok = docfile_render(d, &out, err) && docfile_write_atomic(path, out.s, out.len, err);

	strbuf_free(&out);
	return ok;
}
