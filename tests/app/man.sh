#!/bin/sh
# The manual pages: doc/piaform.1 and doc/piaform.ja.1 render with groff without a single
# warning (-ww), the way man(1) renders them (tbl, preconv; ja.tmac for the Japanese page), and
# both cover every command, every option of every command, every key of the editor and the
# environment, read from the program itself (--help, COMMAND --help, help keys).
. "${top_srcdir:-.}/tests/lib.sh"
command -v groff >/dev/null 2>&1 || { echo "skip: no groff (apt-get install groff-base)"; exit 77; }
for page in piaform.1 piaform.ja.1; do
	src="$top_srcdir/doc/$page"
	case $page in *.ja.1) mja=-mja ;; *) mja= ;; esac
	# -k: preconv (UTF-8 input), -t: tbl, -rcR=1: one long page, as man(1) does on a terminal
	groff -k -t $mja -ww -man -Tutf8 -rcR=1 "$src" >"$tmp/$page.txt" 2>"$tmp/$page.err" ||
		fail "groff failed on $page: $(cat "$tmp/$page.err")"
	[ ! -s "$tmp/$page.err" ] || fail "groff warns on $page: $(head -n 5 "$tmp/$page.err")"
	# man -l, when man-db is there (it picks its own options)
	if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings; then
		MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$src" >/dev/null 2>"$tmp/$page.man" ||
			fail "man -l failed on $page: $(cat "$tmp/$page.man")"
		[ ! -s "$tmp/$page.man" ] || fail "man -l warns on $page: $(head -n 5 "$tmp/$page.man")"
	fi
	# the rendered text without overstrikes, one line per word for grep -x
	sed -e 's/.\x08//g' -e 's/[][ \t,()|、。「」]\{1,\}/\n/g' "$tmp/$page.txt" >"$tmp/$page.words"
	has() { grep -qxF -- "$1" "$tmp/$page.words" || fail "$page does not mention $1"; }
	cmds=$("$PIAFORM" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p')
	[ -n "$cmds" ] || fail "no commands in piaform --help"
	for c in $cmds; do
		has "$c"
		for o in $("$PIAFORM" "$c" --help | sed -n '1s/^Usage: //p' |
			grep -oE -- '(^|[[ ])--?[a-z][a-z-]*' | tr -d '[ '); do
			has "$o"
		done
	done
	for o in $("$PIAFORM" --help | sed -n '/^Options:/,/^$/s/^  \(-[^ ]*\).*/\1/p' |
		grep -oE -- '--?[a-zA-Z][a-z-]*'); do
		has "$o"
	done
	for k in $("$PIAFORM" help keys | sed -n 's/^  \([^ ]*\) .*/\1/p'); do
		has "$k"
	done
	for v in LANG LC_MESSAGES NO_COLOR TERM ESCDELAY EDITOR VISUAL PIAFORM_FORMS_DIR XDG_STATE_HOME; do
		has "$v"
	done
	grep -q 'piaform-journal' "$tmp/$page.words" || fail "$page does not describe the journal"
done
pass
