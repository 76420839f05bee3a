#!/usr/bin/env bash
# Fails when a C file differs from what clang-format (with .clang-format) makes of it.
# tools/format-check.sh --fix rewrites the files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format-check: clang-format not installed, skipped"; exit 0; }
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find src include tests tools bench -name '*.[ch]')
[ ${#files[@]} -gt 0 ] || exit 0
if [ "${1:-}" = --fix ]; then clang-format -i "${files[@]}"; exit 0; fi
bad=0
for f in "${files[@]}"; do
	if ! clang-format "$f" | cmp -s - "$f"; then echo "format-check: $f is not formatted (tools/format-check.sh --fix)"; bad=1; fi
done
exit $bad
