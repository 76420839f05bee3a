#!/bin/sh
# piaform import: the real published 評価書 of ../shared/seeds become drafts that match the
# hand-checked documents of tests/data/docs item by item (compared through `piaform diff`,
# which lists every item whose answer differs; the 変更箇所 rows are compared row by row).
# Prints the share of the fixture's answered items recovered exactly, per seed, and fails if
# any answer lands on an item the fixture leaves empty or the share is below 95%. Also: a
# 変更箇所 sheet (seed 004) imports as 変更箇所 rows; empty, binary, non-UTF-8 files and a
# text of another kind are refused with exit 2; -o never overwrites; `imported:` survives.
. "${top_srcdir:-.}/tests/lib.sh"
seeds=${SHARED_DIR:-$top_srcdir/../shared}/seeds
docs=$top_srcdir/tests/data/docs
if [ ! -d "$seeds" ]; then
	echo "SKIP: no seeds in $seeds"
	exit 77
fi
date=令和6年1月1日

# rows of the 変更箇所 table of a piaform document, one per line (as piaform writes them)
table_rows() {
	awk '/^  henko:/ { inb = 1; next }
	inb && (/^[^ ]/ || /^  [^ ]/) { inb = 0 }
	inb && /^    - / { if (row != "") print row; row = $0; next }
	inb && row != "" { row = row "\\n" $0 }
	END { if (row != "") print row }' "$1"
}

for n in 000 002 003; do
	txt=$(ls "$seeds/${n}"_*.txt 2>/dev/null | head -n 1)
	[ -n "$txt" ] || fail "no seed $n in $seeds"
	"$PIAFORM" import -o "$tmp/$n.yaml" "$txt" 2>"$tmp/$n.err"
	status=$?
	[ "$status" = 0 ] || [ "$status" = 1 ] || { cat "$tmp/$n.err" >&2; fail "import $n: exit $status"; }
	# the draft is a document piaform reads back
	"$PIAFORM" check "$tmp/$n.yaml" >/dev/null 2>&1
	[ $? -le 1 ] || fail "check of the draft of $n failed"
	grep -q '^imported:' "$tmp/$n.yaml" || fail "no imported: mapping in the draft of $n"
	"$PIAFORM" check "$tmp/$n.yaml" | grep -q '"imported"' && fail "check reports imported:"
	# every problem line is PATH<TAB>reason
	grep -v '^piaform: ' "$tmp/$n.err" | grep -v '	' | grep -q . &&
	    fail "import $n: a problem line without a tab: $(grep -v '	' "$tmp/$n.err" | head -n 1)"
	fix=$docs/seed$n.pia.yaml
	if [ ! -f "$fix" ]; then
		echo "seed $n: no fixture $fix yet; imported without comparison"
		continue
	fi
	"$PIAFORM" diff --format tsv --date "$date" /dev/null "$fix" >"$tmp/ans.tsv" ||
	    fail "diff against an empty document failed"
	"$PIAFORM" diff --format tsv --date "$date" "$fix" "$tmp/$n.yaml" >"$tmp/diff.tsv" ||
	    fail "diff of the fixture and the draft of $n failed"
	answered=$(wc -l <"$tmp/ans.tsv")
	inexact=$(awk -F'\t' '$2 != ""' "$tmp/diff.tsv" | wc -l)
	awk -F'\t' '$2 == "" && $3 != ""' "$tmp/diff.tsv" >"$tmp/wrong.tsv"
	table_rows "$fix" | sort >"$tmp/rows-fix"
	table_rows "$tmp/$n.yaml" | sort >"$tmp/rows-imp"
	rows=$(wc -l <"$tmp/rows-fix")
	rows_same=$(comm -12 "$tmp/rows-fix" "$tmp/rows-imp" | wc -l)
	rows_extra=$(comm -13 "$tmp/rows-fix" "$tmp/rows-imp" | wc -l)
	awk -v n="$n" -v a="$answered" -v x="$inexact" -v r="$rows" -v s="$rows_same" \
	    -v e="$rows_extra" 'BEGIN {
		printf "seed %s: %d of %d answered items recovered exactly (%.1f%%); ", n, a - x, a,
		    a ? 100 * (a - x) / a : 100
		printf "変更箇所 rows: %d of %d (%.1f%%), %d more in the draft\n", s, r,
		    r ? 100 * s / r : 100, e }'
	if [ "$inexact" -gt 0 ]; then
		echo "  not recovered exactly (item, fixture, draft):"
		awk -F'\t' '$2 != "" { printf "    %s\t%.60s\t%.60s\n", $1, $2, $3 }' "$tmp/diff.tsv"
	fi
	if [ -s "$tmp/wrong.tsv" ]; then
		cut -f1,3 "$tmp/wrong.tsv" | cut -c1-160 >&2
		fail "seed $n: answers placed under items the fixture leaves empty"
	fi
	awk -v a="$answered" -v x="$inexact" -v r="$rows" -v s="$rows_same" \
	    'BEGIN { exit !(a > 0 && (a - x) * 100 >= 95 * a && s * 100 >= 95 * r) }' ||
	    fail "seed $n: below 95%"
done

# a 変更箇所 sheet alone (004): a 重点項目評価書's rows, a page-break continuation joined
txt=$(ls "$seeds"/004_*.txt 2>/dev/null | head -n 1)
if [ -n "$txt" ]; then
	"$PIAFORM" import -o "$tmp/004.yaml" "$txt" 2>"$tmp/004.err"
	status=$?
	[ "$status" -le 1 ] || { cat "$tmp/004.err" >&2; fail "import 004: exit $status"; }
	grep -q '^form: juten$' "$tmp/004.yaml" || fail "004 is not read as a 重点項目評価書"
	table_rows "$tmp/004.yaml" >"$tmp/rows-004"
	[ "$(wc -l <"$tmp/rows-004")" = 16 ] || fail "004: $(wc -l <"$tmp/rows-004") rows, wanted 16"
	head -n 1 "$tmp/rows-004" | grep -q 'koumoku: I-2-システム2\\n' || fail "004: first row"
	tail -n 1 "$tmp/rows-004" | grep -q 'koumoku: Ⅲ-10 (1.特定個人情報ファイル名:(3) 送付先情報ファイル)' ||
	    fail "004: last row"
	sed -n 8p "$tmp/rows-004" | grep -q 'koumoku: II-6 (1.特定個人情報ファイル名:(1)住民基本台帳ファイル).*サーバ室に設置された中間サーバ' ||
	    fail "004: the continued row is not joined to II-6 (1)"
	[ "$(grep -c 'koumoku:' "$tmp/004.yaml")" = 16 ] || fail "004: a row without 項目"
	echo "seed 004: 16 変更箇所 rows"
fi

# --form gives the same draft as detection; the draft goes to standard output without -o
txt=$(ls "$seeds"/000_*.txt | head -n 1)
"$PIAFORM" import --form juten "$txt" >"$tmp/000-forced.yaml" 2>/dev/null
[ $? -le 1 ] || fail "import --form juten"
cmp -s "$tmp/000.yaml" "$tmp/000-forced.yaml" || fail "--form juten differs from detection"
# never over an existing file; nothing written on refusal
echo keep >"$tmp/exists.yaml"
expect_status 2 "$PIAFORM" import -o "$tmp/exists.yaml" "$txt"
[ "$(cat "$tmp/exists.yaml")" = keep ] || fail "-o overwrote a file"
# the imported: mapping survives an edit
"$PIAFORM" set "$tmp/000.yaml" 表紙-評価書名 "国民年金事務 重点項目評価書" || fail "set on a draft"
grep -q '^  I-6-②:$' "$tmp/000.yaml" || fail "imported: lost on save"

# what is not a report's text: a clear message and exit 2
: >"$tmp/empty.txt"
printf '\n \n\t\n' >"$tmp/blank.txt"
printf '%%PDF-1.7\n\000\001\002' >"$tmp/bin.txt"
printf '\223\301\222\350\214\302\220\154\217\356\225\361\n' >"$tmp/sjis.txt"
for f in empty blank bin sjis; do
	"$PIAFORM" import "$tmp/$f.txt" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" = 2 ] || fail "import $f: exit $status (wanted 2)"
	[ -s "$tmp/out" ] && fail "import $f wrote a draft"
	grep -q "$tmp/$f.txt" "$tmp/err" || fail "import $f: the message does not name the file"
done
grep -q empty "$tmp/err" 2>/dev/null || true
"$PIAFORM" import "$tmp/empty.txt" 2>&1 | grep -q 'empty' || fail "empty: no clear message"
"$PIAFORM" import "$tmp/bin.txt" 2>&1 | grep -q 'binary' || fail "binary: no clear message"
"$PIAFORM" import "$tmp/sjis.txt" 2>&1 | grep -q 'UTF-8' || fail "Shift_JIS: no clear message"
"$PIAFORM" import "$top_srcdir/doc/document-format.md" >/dev/null 2>"$tmp/err"
[ $? = 2 ] || fail "a text of another kind was imported"
grep -q '特定個人情報保護評価書' "$tmp/err" || fail "another kind: no clear message"
expect_status 2 "$PIAFORM" import "$tmp/does-not-exist.txt"
expect_status 2 "$PIAFORM" import
expect_status 2 "$PIAFORM" import --form nosuchform "$txt"
pass
