#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the Debian package of piaform and check it, outside the source tree:
#
#   tools/build-deb.sh [--no-check] [-o DIR]
#
# The tracked and new (not ignored) files of this checkout are copied to a temporary directory,
# built there with dpkg-buildpackage -us -uc -b (debian/rules: dh with autoreconf, configure,
# make, make check unless --no-check, make install), checked with lintian (any error or warning
# fails), then unpacked and run from / with an empty environment, to show that the binary
# needs nothing from the source tree. The .deb is left in DIR (default: ./deb).
#
# Needs: dpkg-dev debhelper lintian and the Build-Depends of debian/control
#   sudo apt-get install dpkg-dev debhelper lintian
#   sudo apt-get build-dep ./        (or the packages listed in debian/control)
# To install the result, on this machine or on an offline LGWAN terminal after copying the file:
#   sudo apt install ./piaform_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=$top/deb
check=yes
while [ $# -gt 0 ]; do
	case $1 in
	--no-check) check=no ;;
	-o) out=$2; shift ;;
	-h | --help) sed -n '3,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "usage: tools/build-deb.sh [--no-check] [-o DIR]" >&2; exit 2 ;;
	esac
	shift
done
for tool in dpkg-buildpackage dh lintian; do
	command -v "$tool" >/dev/null || {
		echo "build-deb: $tool is missing (apt-get install dpkg-dev debhelper lintian)" >&2
		exit 2
	}
done
dpkg-checkbuilddeps || {
	echo "build-deb: install the build dependencies above (apt-get build-dep ./)" >&2
	exit 2
}
version=$(dpkg-parsechangelog -S Version)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/piaform-$version

# the source: what git tracks plus new files it does not ignore, never a build directory
mkdir "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
		[ -e "$f" ] && printf '%s\0' "$f"
	done | xargs -0 cp --parents -a -t "$src"
else
	tar -C "$top" --exclude=./build --exclude=./deb --exclude=./autom4te.cache -cf - . |
		tar -C "$src" -xf -
fi

echo "build-deb: building piaform $version in $src"
(
	cd "$src"
	if [ $check = no ]; then export DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}"; fi
	dpkg-buildpackage -us -uc -b
) >"$work/build.log" 2>&1 || {
	tail -n 60 "$work/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed (the log above)" >&2
	exit 1
}
grep -E '^# (TOTAL|PASS|SKIP|FAIL|ERROR):' "$work/build.log" | sed 's/^/build-deb: make check: /' || true
deb=$(ls "$work"/piaform_"$version"_*.deb)
changes=$(ls "$work"/piaform_"$version"_*.changes)

echo "build-deb: lintian $(basename "$deb")"
lintian --fail-on error,warning --info "$changes"

# the packaged binary, unpacked and run with nothing from here
mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
run() { (cd / && env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$work/root/usr/bin/piaform" "$@"); }
run --version
run forms >/dev/null
run --forms-dir "$work/root/usr/share/piaform/forms" form-dump juten >/dev/null
run new --form kiso "$work/smoke.pia.yaml"
status=0
run check "$work/smoke.pia.yaml" >/dev/null || status=$?
[ $status = 1 ] || { echo "build-deb: check of a new document exited $status, not 1" >&2; exit 1; }
dpkg-deb -c "$deb" >"$work/contents"
for f in /usr/bin/piaform /usr/share/man/man1/piaform.1.gz /usr/share/man/ja/man1/piaform.1.gz \
	/usr/share/bash-completion/completions/piaform /usr/share/locale/ja/LC_MESSAGES/piaform.mo \
	/usr/share/piaform/forms/juten.yaml; do
	grep -q " \.$f\$" "$work/contents" || { echo "build-deb: $f is not in the package" >&2; exit 1; }
done

mkdir -p "$out"
cp "$deb" "$out/"
echo "build-deb: $out/$(basename "$deb")"
