#!/bin/sh
# The message catalogues: locale/ja.po compiles with msgfmt --check and is complete (no fuzzy,
# no untranslated entries), and locale/POTFILES.in lists exactly the source files that hold
# translatable strings, so that no message can be left out of the catalogue.
. "${top_srcdir:-.}/tests/lib.sh"
command -v msgfmt >/dev/null 2>&1 || { echo "skip: no msgfmt"; exit 77; }
po="$top_srcdir/locale/ja.po"
stats=$(msgfmt --check --statistics -o "$tmp/ja.mo" "$po" 2>&1) || fail "msgfmt --check: $stats"
echo "ja.po: $stats"
case $stats in
*fuzzy* | *untranslated*) fail "ja.po is not complete: $stats" ;;
*" translated message"*) ;;
*) fail "unexpected msgfmt output: $stats" ;;
esac
# every source file with _("…") or N_("…") is in POTFILES.in, and every entry exists
potfiles=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top_srcdir/locale/POTFILES.in")
(cd "$top_srcdir" && grep -rlE '\bN?_\("' src include) | sort > "$tmp/with-strings"
for f in $(cat "$tmp/with-strings"); do
	printf '%s\n' "$potfiles" | grep -qx "$f" || fail "$f has translatable strings but is not in locale/POTFILES.in"
done
for f in $potfiles; do
	[ -f "$top_srcdir/$f" ] || fail "locale/POTFILES.in lists $f, which does not exist"
done
# the catalogue holds every message of the sources (the .pot is not stale against ja.po)
if command -v xgettext >/dev/null 2>&1; then
	(cd "$top_srcdir" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$tmp/new.pot" \
		$potfiles) || fail "xgettext failed"
	msgcmp "$po" "$tmp/new.pot" >"$tmp/msgcmp" 2>&1 ||
		fail "messages in the sources that ja.po lacks (make -C locale update-po, then translate): $(head -n 20 "$tmp/msgcmp")"
fi
pass
