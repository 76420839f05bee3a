#!/bin/sh
# Hostile documents (tests/data/baddocs, plus an empty and an oversized file made here):
# `piaform check` and `piaform set` refuse each with exit 2, name the expected place and
# problem, never crash (sanitizer reports count as crashes), and leave the file byte for byte.
# Each corpus file's first line is `# expect: LINE:COL: message` (read through a BOM, UTF-16
# NULs and CR line ends, so the files that test those can carry it too).
. "${top_srcdir:-.}/tests/lib.sh"
cd "$tmp" || exit 99
n=0
crashed() { grep -q 'Sanitizer\|runtime error\|Segmentation\|Aborted' "$1"; }

# refuse NAME EXPECT_PLACE EXPECT_MESSAGE: run check and set on $tmp/NAME (a copy of the
# original in $tmp/NAME.orig) and compare.
refuse() {
	name=$1 place=$2 msg=$3
	for cmd in check set get; do
		case $cmd in
		check) "$PIAFORM" check "$name" >out 2>err ;;
		set) "$PIAFORM" set "$name" 'I-1-①' '国民年金事務' >out 2>err ;;
		get) "$PIAFORM" get "$name" 'I-1-①' >out 2>err ;;
		esac
		st=$?
		crashed err && fail "$name: $cmd crashed: $(cat err)"
		[ "$st" = 2 ] || fail "$name: $cmd exit $st (wanted 2): $(cat out err)"
		[ -s out ] && fail "$name: $cmd printed on stdout: $(cat out)"
		got=$(cat err)
		case $got in
		"piaform: $name$place: $msg"*) ;;
		*) fail "$name: $cmd said: $got (wanted: $name$place: $msg)" ;;
		esac
		[ "$(printf '%s\n' "$got" | wc -l)" = 1 ] || fail "$name: $cmd message is not one line: $got"
		cmp -s "$name" "$name.orig" || fail "$name: $cmd changed the file"
	done
	ls -a | grep -q "^\.$name\." && fail "$name: a temporary file was left behind"
	n=$((n + 1))
}

for src in "$top_srcdir"/tests/data/baddocs/*.yaml; do
	name=${src##*/}
	cp "$src" "$name" && cp "$src" "$name.orig" || fail "copy $src"
	expect=$(LC_ALL=C tr -d '\000' <"$src" | LC_ALL=C tr '\r' '\n' |
		LC_ALL=C sed -n '1{s/^\xef\xbb\xbf//;s/^\xff\xfe//;s/^\xfe\xff//;p;q;}')
	case $expect in
	"# expect: "[0-9]*:[0-9]*": "?*) ;;
	*) fail "$name: first line is not '# expect: LINE:COL: message': $expect" ;;
	esac
	expect=${expect#\# expect: }
	place=${expect%%: *}
	refuse "$name" ":$place" "${expect#*: }"
	rm -f "$name" "$name.orig"
done
[ "$n" -ge 40 ] || fail "only $n documents in tests/data/baddocs"

# an empty file
: >empty.yaml && cp empty.yaml empty.yaml.orig
refuse empty.yaml ":1:1" "the file is empty"
# larger than 16 MiB (made here: too big to keep in the repository)
{ printf 'piaform: 1\nform: juten\nanswers:\n  cover:\n    title: '
	head -c 16777300 /dev/zero | tr '\000' 'a'
	printf '\n'; } >huge.yaml
cp huge.yaml huge.yaml.orig
refuse huge.yaml "" "file too large (the limit is 16777216 bytes)"
rm -f huge.yaml huge.yaml.orig
# not a file at all, or no file
mkdir adir.yaml
"$PIAFORM" check adir.yaml >out 2>err; st=$?
[ "$st" = 2 ] || fail "a directory: exit $st"
grep -q '^piaform: adir.yaml: cannot read: ' err || fail "a directory: $(cat err)"
"$PIAFORM" set adir.yaml 'I-1-①' x >out 2>err; st=$?
[ "$st" = 2 ] || fail "set on a directory: exit $st"
[ -d adir.yaml ] || fail "set replaced a directory"
"$PIAFORM" check nothing.yaml >out 2>err; st=$?
[ "$st" = 2 ] || fail "a missing file: exit $st"
grep -q '^piaform: nothing.yaml: cannot open: ' err || fail "a missing file: $(cat err)"
"$PIAFORM" set nothing.yaml 'I-1-①' x >out 2>err; st=$?
[ "$st" = 2 ] && [ ! -e nothing.yaml ] || fail "set on a missing file: exit $st"
echo "baddocs: $((n + 2)) documents refused"
pass
