#!/bin/sh
# The layers depend one way: app -> ui -> io -> model -> util. Only src/ui may include curses;
# model and util include neither libyaml nor curses. Fails naming the offending lines.
# With an argument, checks that directory instead of the source tree (used to show it can fail).
root=${1:-${top_srcdir:-.}}
status=0
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?cursesw?|ncursesw/[a-z]+|curses|term|panel|form|menu)\.h[>"]' \
	"$root/src" "$root/include" 2>/dev/null | grep -v "^$root/src/ui/")
if [ -n "$hits" ]; then
	echo "curses included outside src/ui:"; echo "$hits"; status=1
fi
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]yaml\.h[>"]' "$root/src/model" "$root/src/util" 2>/dev/null)
if [ -n "$hits" ]; then
	echo "libyaml included in model or util:"; echo "$hits"; status=1
fi
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(\.\./)*(ui|app)/' "$root/src/model" "$root/src/util" "$root/src/io" 2>/dev/null)
if [ -n "$hits" ]; then
	echo "lower layers include ui or app headers:"; echo "$hits"; status=1
fi
[ $status = 0 ] && echo "layering: ok"
exit $status
