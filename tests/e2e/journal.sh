#!/bin/sh
# End-to-end tests of the journal, locking, signals and hostile text (tests/e2e/journal.py).
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
exec python3 "${top_srcdir:-.}/tests/e2e/journal.py" "$@"
