/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The journal: every change the editor makes to a document, appended at once to a file beside
 * it (.NAME.piaform-journal, or under $XDG_STATE_HOME/piaform/ when the directory is not
 * writable), so that a kill -9, a dropped SSH connection or a crash loses nothing typed. Its
 * first line names the document and the session, and doubles as the lock. Records are text
 * lines with a CRC-32 each; replay stops at the first damaged one (a write torn by a crash). */
#ifndef PIAFORM_JOURNAL_H
#define PIAFORM_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "piaform/document.h"
#include "piaform/error.h"
#include "piaform/node.h"
#include "piaform/path.h"
#include "piaform/strbuf.h"

#define JOURNAL_SUFFIX ".piaform-journal"
#define JOURNAL_REMOTE_STALE_SECONDS                                                               \
	(12 * 3600) /* another host's journal idle this long is stale */
#define JOURNAL_SYNC_SECONDS 2 /* unsynced field edits reach the disk within this */
#define JOURNAL_MAX_BYTES (256u * 1024 * 1024) /* a journal larger than this is not read */
#define JOURNAL_MAX_FIELDS 16 /* fields of one record */

/* What identifies a file's version: where it is and what it holds. */
struct journal_stamp {
	bool exists;
	unsigned long long dev, ino;
	long long size;
	long long mtime_sec;
	long mtime_nsec;
	uint32_t crc; /* CRC-32 of the content, when it was read */
};

/* The header of a journal: the document and the session that writes it. */
struct journal_info {
	char *doc; /* the document's absolute path */
	char *form; /* its form id */
	struct journal_stamp base; /* the document the records apply to */
	long pid;
	char *host, *user;
	long long started; /* seconds since the epoch */
	long long touched; /* the journal file's last change */
};

/* Who holds an existing journal. */
enum journal_holder {
	JOURNAL_ABSENT, /* no journal: the document is free */
	JOURNAL_LIVE, /* a running piaform on this host (or one whose lock is still held) */
	JOURNAL_REMOTE, /* written from another host less than 12 hours ago: assumed live */
	JOURNAL_UNREADABLE, /* another user's journal that cannot be read: assumed live */
	JOURNAL_STALE, /* its writer is gone (dead process, or another host long idle) */
};

/* What journal_find saw. */
struct journal_probe {
	enum journal_holder holder;
	char *path; /* the journal file (NULL when absent) */
	bool have_info; /* the header could be read */
	struct journal_info info;
	size_t records; /* intact records after the header */
	bool torn; /* a damaged record ends the file */
	bool remote; /* written from another host */
};

/* What a replay did. */
struct journal_replay {
	size_t total; /* intact records in the journal */
	size_t skipped; /* records already in the document file (saved before the crash) */
	size_t applied; /* records applied */
	bool torn; /* a damaged record ended the journal (the last write of a crash) */
	bool mismatch; /* the document on disk is not the one the journal started from */
	bool failed; /* a record could not be applied: replay stopped there (see err) */
	size_t from, to; /* byte range of the applied records in the journal */
};

struct journal;

/* --- the record format, for tests and tools --- */

/* CRC-32 (IEEE 802.3) of n bytes, continuing from crc (start with 0). */
uint32_t journal_crc32(uint32_t crc, const void *p, size_t n);
/* Append one record line: "<crc32 hex>\t<type>\t<field>\t…\n", fields escaped (\\ \t \n \r
 * \0). */
void journal_encode(
    struct strbuf *out, char type, size_t nfields, const char *const *fields, const size_t *lens);
/* Decode one line (without its '\n'): its type and up to JOURNAL_MAX_FIELDS unescaped
 * fields (stored one after another in store, NUL-separated; field i starts at off[i] and is
 * len[i] long). False when the CRC or the escaping is wrong. */
bool journal_decode(const char *line, size_t len, char *type, size_t *nfields, struct strbuf *store,
    size_t *off, size_t *lens);

/* --- files --- */

/* The stamp of the file at path (content CRC only when content is true). A missing file is
 * not an error (exists = false). */
bool
journal_stamp_file(const char *path, struct journal_stamp *st, bool content, struct error *err);
/* True when a and b are the same version of the same file, by device, inode, size and time. */
bool journal_stamp_same_file(const struct journal_stamp *a, const struct journal_stamp *b);
/* True when a and b hold the same content (both missing counts as the same). */
bool journal_stamp_same_content(const struct journal_stamp *a, const struct journal_stamp *b);
/* Where the journal of the document at doc_path lives: beside it, or (state_dir) in
 * $XDG_STATE_HOME/piaform/ under a name that carries a hash of the full path. A new string. */
char *journal_path_for(const char *doc_path, bool state_dir);
/* Look for a journal of the document at doc_path and tell who holds it. */
bool journal_find(const char *doc_path, struct journal_probe *p, struct error *err);
/* Free what a probe holds. */
void journal_probe_clear(struct journal_probe *p);
/* Free what an info holds. */
void journal_info_clear(struct journal_info *info);
/* Read the journal at path and apply its pending records to d (the document as it is on disk,
 * whose stamp is current, content CRC included). The records that the file already holds (a
 * save finished just before a crash) are skipped. On a record that cannot be applied, replay
 * stops there with r->failed and err set; d then holds the records before it. */
bool journal_replay(const char *path, struct document *d, const struct journal_stamp *current,
    struct journal_replay *r, struct error *err);
/* Remove the journal file at path. */
bool journal_remove(const char *path, struct error *err);

/* --- writing (the editor) --- */

/* Start the journal of the document d at doc_path, whose file is as in base. When p found a
 * stale journal, it is replaced; keep names the byte range of its records to carry over (the
 * records that were recovered into d), or is NULL. The journal is created beside the document
 * or, when that directory is not writable, in $XDG_STATE_HOME/piaform/. NULL with err set. */
struct journal *
journal_open(const char *doc_path, const struct document *d, const struct journal_stamp *base,
    const struct journal_probe *p, const struct journal_replay *keep, struct error *err);
/* Record that ref was set to v (NULL: cleared). */
bool journal_set(struct journal *j, const struct item_ref *ref, const struct node *v);
/* Record an instance operation on the repeat (or per-file section) rep: "add", "dup",
 * "remove" (at a) or "move" (from a to b). */
bool
journal_instance(struct journal *j, const struct item_ref *rep, const char *op, size_t a, size_t b);
/* Record that the text of ref changed from old to now, as the bytes between their common
 * prefix and suffix. */
bool journal_delta(struct journal *j, const struct item_ref *ref, const char *old, size_t oldlen,
    const char *now, size_t nowlen);
/* Record that the document's top-level key (outside the answers: review marks, merge
 * conflicts, comments) now holds v (NULL: removed). */
bool journal_meta(struct journal *j, const char *key, const struct node *v);
/* True when a record could not be written (disk full, quota, I/O error) since the last
 * snapshot or save: the records after the lost one would not replay, so the next change
 * must begin with journal_snapshot. */
bool journal_lost(const struct journal *j);
/* The whole document as one record: what follows replays onto it, whatever was lost before.
 * Written after a failure only (it is as large as the file). */
bool journal_snapshot(struct journal *j, const struct document *d);
/* Record, before a save replaces the document, what the new file will hold. */
bool journal_saving(struct journal *j, uint32_t crc, size_t size);
/* The document was saved as in base: start over with no records. */
bool journal_saved(struct journal *j, const struct journal_stamp *base);
/* Flush written records to the disk now. */
bool journal_sync(struct journal *j);
/* Flush when unsynced records are older than JOURNAL_SYNC_SECONDS (call often). */
void journal_tick(struct journal *j);
/* The journal file. */
const char *journal_file(const struct journal *j);
/* The last write error, or NULL while everything is written. */
const char *journal_failure(const struct journal *j);
/* Close; the file is removed when remove is true (the work is saved or discarded). Accepts
 * NULL and clears the pointer. */
void journal_close(struct journal **j, bool remove);

#endif
