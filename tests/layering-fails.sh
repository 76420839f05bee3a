#!/bin/sh
# Shows that the layering test can fail: a copy of the tree with a curses include planted in
# src/model must be rejected.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/model" "$tmp/src/ui" "$tmp/include"
printf '#include <curses.h>\n' > "$tmp/src/model/bad.c"
printf '#include <curses.h>\n' > "$tmp/src/ui/fine.c"
if sh "${top_srcdir:-.}/tests/layering.sh" "$tmp" >/dev/null; then
	echo "layering test accepted curses in src/model"; exit 1
fi
rm "$tmp/src/model/bad.c"
sh "${top_srcdir:-.}/tests/layering.sh" "$tmp" >/dev/null || { echo "layering test rejected src/ui"; exit 1; }
echo "layering-fails: ok"
