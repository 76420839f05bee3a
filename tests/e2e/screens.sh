#!/bin/sh
# Golden screens at 80x24 with ambiguous width 1 and 2 (tests/e2e/screens.py).
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
exec python3 "${top_srcdir:-.}/tests/e2e/screens.py" "$@"
