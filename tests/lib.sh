# Helpers for the shell tests: a temporary directory, failure reporting, golden files.
# UPDATE_GOLDEN=1 make check rewrites golden files instead of comparing.
set -u
: "${top_srcdir:=.}" "${PIAFORM:=./piaform}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE=
unset PIAFORM_FORMS_DIR
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: ${0##*/}"; exit 0; }
expect_status() { # STATUS CMD...
	want=$1; shift
	"$@" >/dev/null 2>&1; got=$?
	[ "$got" = "$want" ] || fail "exit $got (wanted $want): $*"
}
golden() { # ACTUAL GOLDEN
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then mkdir -p "$(dirname "$2")"; cp "$1" "$2"; return 0; fi
	[ -f "$2" ] || fail "no golden file $2 (run UPDATE_GOLDEN=1 make check)"
	diff -u "$2" "$1" >&2 || fail "differs from $2"
}
