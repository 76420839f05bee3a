#!/bin/sh
# End-to-end tests of the editor in tmux (tests/e2e/editor.py).
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
command -v tmux >/dev/null || { echo "tmux missing: skipped"; exit 77; }
exec python3 "${top_srcdir:-.}/tests/e2e/editor.py" "$@"
