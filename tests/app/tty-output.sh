#!/bin/sh
# Text from a document reaches a terminal only in visible form: get and check on a document
# holding ESC sequences, BEL, CR and a bidi override, run in a pseudo-terminal, print none
# of them raw; through a pipe the answer comes out exactly as stored.
. "${top_srcdir:-.}/tests/lib.sh"
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
doc="$tmp/hostile.yaml"
"$PIAFORM" new --form juten "$doc" || fail "new"
printf 'x\033]0;owned\007y\rz\342\200\256w\033[2J' > "$tmp/value"
"$PIAFORM" set "$doc" I-1-① - < "$tmp/value" || fail "set"
"$PIAFORM" set "$doc" I-1-③ "$(cat "$tmp/value")" 2>/dev/null
# through a pipe: exact bytes
"$PIAFORM" get "$doc" I-1-① > "$tmp/piped"
printf '\n' >> "$tmp/value"
cmp -s "$tmp/piped" "$tmp/value" || fail "get through a pipe changed the bytes"
python3 - "$PIAFORM" "$doc" <<'PY' || fail "raw control characters reached the terminal"
import os, pty, sys
prog, doc = sys.argv[1], sys.argv[2]
for args in (["get", doc, "I-1-①"], ["check", doc]):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(prog, [prog] + args)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    for bad in (b"\x1b", b"\x07", "\u202e".encode()):
        if bad in out:
            print("raw %r in the output of %s: %r" % (bad, args[0], out[:300]))
            sys.exit(1)
    if args[0] == "get" and b"^[" not in out:
        print("no visible ^[ in: %r" % out)
        sys.exit(1)
PY
pass
