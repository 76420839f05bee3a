#!/bin/sh
# make install and make uninstall with DESTDIR: the binary, the forms, the manual pages (man1 and
# ja/man1), the bash completion and the Japanese catalogue land under the prefix; the installed
# tree, moved elsewhere and run from / with an empty environment, works without the source or
# build tree (the forms are built in, and the installed copies load with --forms-dir); uninstall
# leaves no file behind.
. "${top_srcdir:-.}/tests/lib.sh"
dest="$tmp/dest"
# A make of its own, not a job of the make that runs the tests. The program is installed as
# it was built for this test run: make install would relink it first when a source changed
# since, under the other tests that run it, so the install is done here by the targets that
# make install runs once the build is current (-o: the program counts as current).
mk() { (cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ${MAKE:-make} -s "$@"); }
{ mk -C locale install DESTDIR="$dest" &&
	mk -o piaform -o libpiaform.a -o config.h install-exec-am install-data-am DESTDIR="$dest"; } \
	>"$tmp/install.log" 2>&1 || fail "make install: $(tail -n 20 "$tmp/install.log")"
one() { # PATTERN: the one installed file whose path matches
	f=$(find "$dest" -path "$1" -type f)
	[ -n "$f" ] && [ "$(printf '%s\n' "$f" | wc -l)" = 1 ] || fail "installed files matching $1: ${f:-none}"
	printf '%s\n' "$f"
}
bin=$(one '*/bin/piaform') || exit 1
forms=$(one '*/share/piaform/forms/juten.yaml') || exit 1
one '*/share/piaform/forms/kiso.yaml' >/dev/null || exit 1
one '*/share/piaform/forms/zenkomoku.yaml' >/dev/null || exit 1
one '*/share/piaform/forms/common.yaml' >/dev/null || exit 1
man=$(one '*/man/man1/piaform.1') || exit 1
manja=$(one '*/man/ja/man1/piaform.1') || exit 1
# (unless configured --with-bash-completion-dir=no)
if grep -q '^bashcompletiondir = no$' "$top_builddir/Makefile"; then
	comp=
else
	comp=$(one '*/bash-completion/completions/*') || exit 1
	[ "${comp##*/}" = piaform ] || fail "the completion is installed as $comp"
fi
mo=$(one '*/locale/ja/LC_MESSAGES/piaform.mo') || exit 1
[ -x "$bin" ] || fail "$bin is not executable"
cmp -s "$man" "$top_srcdir/doc/piaform.1" || fail "man1/piaform.1 is not doc/piaform.1"
cmp -s "$manja" "$top_srcdir/doc/piaform.ja.1" || fail "ja/man1/piaform.1 is not doc/piaform.ja.1"

# the tree moved away from where it was installed and from the source: still whole
mv "$dest" "$tmp/moved"
rel() { printf '%s\n' "$tmp/moved${1#"$dest"}"; }
bin=$(rel "$bin"); formsdir=$(dirname "$(rel "$forms")"); mo=$(rel "$mo")
[ -z "$comp" ] || comp=$(rel "$comp")
# where the system lets us, the source and build trees are really gone: empty file systems
# mounted over them in a namespace of our own (unshare -rm), the build tree first, as it may
# lie inside the source tree
if unshare -rm true 2>/dev/null; then
	run() {
		unshare -rm sh -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" &&
			[ -z "$(ls -A "$2")" ] && shift 2 && cd / &&
			exec env -i PATH=/usr/bin:/bin HOME=/ LC_ALL=C.UTF-8 "$@"' \
			sh "$top_builddir" "$top_srcdir" "$bin" "$@"
	}
	echo "the source and build trees are hidden while the installed piaform runs"
else
	run() { (cd / && env -i PATH=/usr/bin:/bin HOME=/ LC_ALL=C.UTF-8 "$bin" "$@"); }
fi
run forms >"$tmp/forms" || fail "installed piaform forms failed"
"$PIAFORM" forms >"$tmp/forms.built" || fail "piaform forms"
cmp -s "$tmp/forms" "$tmp/forms.built" || fail "installed forms differ: $(cat "$tmp/forms")"
[ "$(cut -f1 "$tmp/forms" | tr '\n' ' ')" = "kiso juten zenkomoku " ] || fail "forms: $(cat "$tmp/forms")"
for id in kiso juten zenkomoku; do
	run --forms-dir "$formsdir" form-dump "$id" >"$tmp/$id.installed" ||
		fail "the installed forms do not load: $(run --forms-dir "$formsdir" forms 2>&1)"
	run form-dump "$id" >"$tmp/$id.builtin" || fail "form-dump $id"
	cmp -s "$tmp/$id.installed" "$tmp/$id.builtin" || fail "installed $id.yaml differs from the built-in form"
done
run new --form kiso "$tmp/doc.pia.yaml" || fail "installed piaform cannot write a document"
run check "$tmp/doc.pia.yaml" >/dev/null
[ $? = 1 ] || fail "installed piaform check"
# the installed catalogue speaks Japanese (when the system has the locale)
if locale -a 2>/dev/null | grep -qix 'ja_JP.utf-\{0,1\}8' && grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h"; then
	(cd / && env -i PATH=/usr/bin:/bin LC_ALL=ja_JP.UTF-8 PIAFORM_LOCALEDIR="${mo%/ja/LC_MESSAGES/piaform.mo}" \
		"$bin" help keys) | grep -q '文書を保存' || fail "the installed catalogue is not used"
fi
# the installed completion completes with the installed binary
if [ -n "$comp" ] && command -v bash >/dev/null 2>&1; then
	out=$(bash --norc --noprofile -c 'source "$1"; COMP_WORDS=("$2" form-d); COMP_CWORD=1; _piaform
		printf "%s\n" "${COMPREPLY[@]}"' sh "$comp" "$bin") || fail "installed completion"
	[ "$out" = form-dump ] || fail "installed completion offers: $out"
fi

# uninstall takes every file away again
mv "$tmp/moved" "$dest"
mk uninstall DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1 ||
	fail "make uninstall: $(tail -n 20 "$tmp/uninstall.log")"
left=$(find "$dest" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
pass
