#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's quick start. On a fresh Debian 12 machine it installs the build and test
# dependencies (with apt-get, as root or through sudo), builds piaform, then
#   ./quickstart.sh [FILE]   opens the editor on FILE (default: a new draft, draft.pia.yaml)
#   ./quickstart.sh test     runs every test: a -Werror build with make check and distcheck,
#                            an ASan+UBSan build with make check, a clang libFuzzer build
#                            with make fuzz-smoke (20 s per target), and the format check.
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD
jobs=$(nproc 2>/dev/null || echo 2)

install_deps() {
	local pkgs missing=()
	read -r -a pkgs < .ci/packages
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	echo "quickstart: installing ${missing[*]}"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# ja_JP.UTF-8 lets the tests see the Japanese UI
ensure_locale() {
	locale -a 2>/dev/null | grep -qi '^ja_JP.utf-\?8$' && return 0
	[ "$(id -u)" = 0 ] || return 0
	sed -i 's/^# *\(ja_JP.UTF-8\)/\1/' /etc/locale.gen 2>/dev/null || true
	grep -q '^ja_JP.UTF-8' /etc/locale.gen 2>/dev/null || echo 'ja_JP.UTF-8 UTF-8' >> /etc/locale.gen
	locale-gen >/dev/null 2>&1 || true
}

build() { # DIR CONFIGURE-ARGS...
	local dir=$1; shift
	mkdir -p "$dir"
	( cd "$dir" && "$top/configure" -q "$@" && make -s -j"$jobs" )
}

install_deps
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi

case "${1:-}" in
test)
	ensure_locale
	status=0
	build build/normal --enable-werror
	( cd build/normal && make -s -j"$jobs" check ) || status=1
	if [ $status = 0 ]; then
		( cd build/normal && make -s -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror \
			>distcheck.log 2>&1 ) || { tail -n 60 build/normal/distcheck.log; status=1; }
	fi
	build build/asan --enable-asan --enable-ubsan
	( cd build/asan && ASAN_OPTIONS=detect_leaks=1 make -s -j"$jobs" check ) || status=1
	build build/fuzz CC=clang --enable-fuzzing --enable-asan --enable-ubsan
	( cd build/fuzz && make -s fuzz-smoke ) || status=1
	if ! tools/format-check.sh; then status=1; fi
	pass=0; fail=0
	for log in build/normal/test-suite.log build/asan/test-suite.log; do
		[ -f "$log" ] || continue
		p=$(sed -n 's/^# PASS: *//p' "$log" | head -n1); f=$(sed -n 's/^# FAIL: *//p' "$log" | head -n1)
		e=$(sed -n 's/^# ERROR: *//p' "$log" | head -n1)
		pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0} + ${e:-0}))
		if [ "${f:-0}" != 0 ] || [ "${e:-0}" != 0 ]; then cat "$log"; fi
	done
	[ $status = 0 ] || [ $fail != 0 ] || fail=1
	echo "$pass passed, $fail failed"
	exit $status
	;;
*)
	build build/normal
	exec build/normal/piaform "${1:-draft.pia.yaml}"
	;;
esac
