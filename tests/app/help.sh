#!/bin/sh
# Help from the program's own tables: every command answers --help (anywhere before "--") and
# piaform help COMMAND with its usage line and summary, exit 0 and nothing on standard error;
# piaform help keys prints every binding of the key table with the notes under it.
. "${top_srcdir:-.}/tests/lib.sh"
cmds=$("$PIAFORM" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p')
[ -n "$cmds" ] || fail "piaform --help lists no commands"
for c in $cmds; do
	"$PIAFORM" "$c" --help >"$tmp/out" 2>"$tmp/err" || fail "$c --help exited $?"
	[ ! -s "$tmp/err" ] || fail "$c --help wrote to standard error: $(cat "$tmp/err")"
	head -n 1 "$tmp/out" | grep -q "^Usage: piaform $c\( \|$\)" || fail "$c --help: $(head -n 1 "$tmp/out")"
	summary=$(sed -n 2p "$tmp/out")
	[ -n "$summary" ] && "$PIAFORM" --help | grep -qF -- " $summary" ||
		fail "$c --help does not show the summary of piaform --help: $summary"
	"$PIAFORM" help "$c" >"$tmp/help" || fail "help $c exited $?"
	cmp -s "$tmp/out" "$tmp/help" || fail "help $c differs from $c --help"
	"$PIAFORM" "$c" -h >"$tmp/h" || fail "$c -h exited $?"
	cmp -s "$tmp/out" "$tmp/h" || fail "$c -h differs from $c --help"
done
# --help after other arguments, but not after --
"$PIAFORM" set doc.yaml I-1-① --help | grep -q '^Usage: piaform set ' || fail "set ... --help"
expect_status 2 "$PIAFORM" get -- --help
expect_status 2 "$PIAFORM" help no-such-topic
expect_status 2 "$PIAFORM" help keys extra

# the key table: the bindings of src/ui/keymap.h, then the notes
"$PIAFORM" help keys >"$tmp/keys" || fail "help keys exited $?"
for k in F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 PgDn PgUp Tab S-Tab M-Up M-Down ^U ^Y ^K ^E ^W ^L ^Z; do
	grep -q "^  $k " "$tmp/keys" || fail "help keys lacks $k"
done
grep -q '^  F2      ^S     save the document$' "$tmp/keys" || fail "help keys: $(sed -n 3,4p "$tmp/keys")"
grep -q '^  F10     ^Q     quit' "$tmp/keys" || fail "help keys: no F10/^Q quit"
grep -q 'F8 walks the problems' "$tmp/keys" || fail "help keys lacks the notes"
n=$(grep -c '^	X(' "$top_srcdir/src/ui/keymap.h")
[ "$(grep -c '^  [^ ]' "$tmp/keys")" = "$n" ] || fail "help keys shows $(grep -c '^  [^ ]' "$tmp/keys") bindings, keymap.h has $n"
pass
