#!/bin/sh
# The kill -9 torture test of the journal (tests/e2e/torture.py).
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
exec python3 "${top_srcdir:-.}/tests/e2e/torture.py" "$@"
