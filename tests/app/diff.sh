#!/bin/sh
# piaform diff: options, formats and errors; git difftool and external-diff arguments; YAML
# rows that a document takes as they are; then real rows of the seeds' 変更箇所 tables rebuilt
# from before/after documents: seed 000's (別添2) and seed 004's shifted システム (both
# matching modes). The seeds' texts are read from ../shared/seeds, so each row is compared
# with what was actually published (the seed part is skipped when the seeds are absent).
. "${top_srcdir:-.}/tests/lib.sh"
P=$PIAFORM

new() { "$P" new --form "${2:-juten}" "$1" || fail "new $1"; }
set_() { "$P" set "$1" "$2" "$3" >/dev/null || fail "set $1 $2 $3"; }
has() { # FILE LINE: the exact line is in FILE
	grep -F -x -q -- "$2" "$1" || { cat "$1" >&2; fail "no line: $2"; }
}
lines() { # FILE N
	[ "$(wc -l < "$1")" -eq "$2" ] || { cat "$1" >&2; fail "$1: not $2 lines"; }
}
T=$(printf '\t')

# --- usage and errors ---
new "$tmp/a.yaml"
new "$tmp/z.yaml" zenkomoku
expect_status 2 "$P" diff
expect_status 2 "$P" diff "$tmp/a.yaml"
expect_status 2 "$P" diff --format html "$tmp/a.yaml" "$tmp/a.yaml"
expect_status 2 "$P" diff --style medium "$tmp/a.yaml" "$tmp/a.yaml"
expect_status 2 "$P" diff --match name "$tmp/a.yaml" "$tmp/a.yaml"
expect_status 2 "$P" diff --date 平成32年1月1日 "$tmp/a.yaml" "$tmp/a.yaml"
expect_status 2 "$P" diff "$tmp/a.yaml" "$tmp/missing.yaml"
expect_status 2 "$P" diff "$tmp/a.yaml" "$tmp/z.yaml"
msg=$("$P" diff "$tmp/a.yaml" "$tmp/z.yaml" 2>&1)
case $msg in *juten*zenkomoku*) ;; *) fail "different forms: $msg" ;; esac
out=$("$P" diff "$tmp/a.yaml" "$tmp/a.yaml") || fail "diff of one file failed"
[ "$out" = "no changes" ] || fail "same file: $out"
[ -z "$("$P" diff --format tsv "$tmp/a.yaml" "$tmp/a.yaml")" ] || fail "tsv of no changes"
[ "$("$P" diff --format yaml "$tmp/a.yaml" "$tmp/a.yaml")" = "[]" ] || fail "yaml of no changes"

# --- formats ---
cp "$tmp/a.yaml" "$tmp/b.yaml"
set_ "$tmp/a.yaml" I-6-② "課長"
set_ "$tmp/b.yaml" I-6-② "国民年金課長"
set_ "$tmp/b.yaml" II-6-保管場所 "$(printf '鍵のかかる部屋\tサーバ\\室\n二行目')"
"$P" diff "$tmp/a.yaml" "$tmp/b.yaml" > "$tmp/out" || fail "diff exit status"
has "$tmp/out" "[事後] I-6-②"
has "$tmp/out" "  変更前の記載: 課長"
has "$tmp/out" "  変更後の記載: 国民年金課長"
has "$tmp/out" "[事前] II-6-保管場所"
has "$tmp/out" "    二行目"
has "$tmp/out" "2 changes: 1 事前, 1 事後"
"$P" diff --format tsv "$tmp/a.yaml" "$tmp/b.yaml" > "$tmp/out"
lines "$tmp/out" 2
has "$tmp/out" "I-6-②${T}課長${T}国民年金課長${T}事後${T}"
has "$tmp/out" "II-6-保管場所${T}${T}鍵のかかる部屋\\tサーバ\\\\室\\n二行目${T}事前${T}"
"$P" diff --format tsv --style long "$tmp/a.yaml" "$tmp/b.yaml" > "$tmp/out"
has "$tmp/out" "I 基本情報 6. 評価実施機関における担当部署 ②所属長の役職名${T}課長${T}国民年金課長${T}事後${T}"
# YAML rows, dated today unless --date says otherwise
"$P" diff --format yaml "$tmp/a.yaml" "$tmp/b.yaml" > "$tmp/out"
grep -q '^- date: 令和[0-9元]*年[0-9]*月[0-9]*日$' "$tmp/out" || fail "today's date: $(cat "$tmp/out")"
"$P" diff --format yaml --date R6.5.24 "$tmp/a.yaml" "$tmp/b.yaml" > "$tmp/rows"
has "$tmp/rows" "- date: 令和6年5月24日"
has "$tmp/rows" "  koumoku: I-6-②"
has "$tmp/rows" "  jiki: 事前"
# ... which the document takes as they are: appended under 変更箇所, check finds nothing wrong
# with them, and the table itself is never a change
cp "$tmp/b.yaml" "$tmp/c.yaml"
{ printf '  henko:\n    rows:\n'; sed 's/^/    /' "$tmp/rows"; } >> "$tmp/c.yaml"
"$P" check "$tmp/c.yaml" > "$tmp/out"
grep '^別添2' "$tmp/out" && fail "appended rows have problems"
"$P" diff --format tsv "$tmp/b.yaml" "$tmp/c.yaml" > "$tmp/out"
lines "$tmp/out" 0
# unknown keys are kept in a document but are not part of the 変更箇所
cp "$tmp/b.yaml" "$tmp/d.yaml"
printf 'memo: not a part of the form\n' >> "$tmp/d.yaml"
"$P" diff --format tsv "$tmp/b.yaml" "$tmp/d.yaml" > "$tmp/out" || fail "unknown key"
lines "$tmp/out" 0

# --- git: difftool ($LOCAL $REMOTE), external diff (7 arguments), a new file (/dev/null) ---
if command -v git >/dev/null 2>&1; then
	g="$tmp/repo"
	mkdir "$g" && cd "$g" || fail "cd"
	git init -q . && git config user.email t@example.invalid && git config user.name t ||
		fail "git init"
	cp "$tmp/a.yaml" doc.yaml && git add doc.yaml && git commit -qm one || fail "commit"
	cp "$tmp/b.yaml" doc.yaml
	git -c difftool.pia.cmd="\"$P\" diff --format tsv \"\$LOCAL\" \"\$REMOTE\"" \
		difftool -y --tool=pia -- doc.yaml > "$tmp/out" 2>&1 || fail "difftool"
	has "$tmp/out" "I-6-②${T}課長${T}国民年金課長${T}事後${T}"
	GIT_EXTERNAL_DIFF="\"$P\" diff" git diff > "$tmp/out" || fail "external diff"
	has "$tmp/out" "doc.yaml"
	has "$tmp/out" "[事後] I-6-②"
	cp "$tmp/b.yaml" new.yaml && git add new.yaml
	GIT_EXTERNAL_DIFF="\"$P\" diff --format tsv" git diff --cached -- new.yaml > "$tmp/out" ||
		fail "external diff of a new file"
	has "$tmp/out" "I-6-②${T}${T}国民年金課長${T}事後${T}"
	cd "$tmp" || fail "cd"
fi
"$P" diff --format tsv /dev/null "$tmp/b.yaml" > "$tmp/out" || fail "/dev/null OLD"
has "$tmp/out" "I-6-②${T}${T}国民年金課長${T}事後${T}"
"$P" diff --format tsv "$tmp/b.yaml" /dev/null > "$tmp/out" || fail "/dev/null NEW"
has "$tmp/out" "I-6-②${T}国民年金課長${T}(削除)${T}事後${T}"
"$P" diff /dev/null /dev/null > "$tmp/out" || fail "/dev/null twice"

# --- seed 000 (いわき市 国民年金事務, 別添2): rows rebuilt from before/after documents ---
seeds=${SHARED_DIR:-$top_srcdir/../shared}/seeds
if [ ! -d "$seeds" ]; then
	echo "SKIP: no seeds in $seeds"
	exit 77
fi
seed000="$seeds/000_9c334daf51b6d65f.txt"
seed004="$seeds/004_e0928fe5223c0abd.txt"
[ -f "$seed000" ] && [ -f "$seed004" ] || fail "seed 000 or 004 is missing"

# One row per line: OUR-PATH|KIND|SEED 変更日|SEED 項目|OUR 提出時期|LONG. KIND says how the
# seed's text is typed in (count: without the seed's 件数: prefix; checks: 、 between options;
# title: an instance's title). LONG is "same" when our long 項目 is the seed's word for word
# (the others were written against older labels, e.g. 「I 6 ②所属長」). OUR 提出時期 follows the
# ※ marks of 様式3; the seed filed some non-※ rows 事前 together with a 重要な変更 of the same
# day (令和6年5月24日), and some ※ rows 事後 (平成28年9月2日 III 3, 平成31年2月12日 I 4).
spec() {
	cat <<'EOF'
h28a|I-6-②|text|平成28年4月1日|I 6 ②所属長|事後|
h28b|III-3-リスク2-具体的な管理方法|text|平成28年9月2日|III リスク対策 3. 特定個人情報の使用 リスク2 具体的な管理方法|事前|
h28b|V-1-①|text|平成28年9月2日|V 評価実施手続 1. 基礎項目評価 ①実施日|事後|same
h31|I-4-法令上の根拠|text|平成31年2月12日|I 4法令上の根拠|事前|
h31|I-6-②|text|平成31年2月12日|I 6 ②所属長の役職名|事後|
h31|III-7-②|text|平成31年2月12日|III 7② 過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか|事後|
r5|II-3-④-使用者数|text|令和5年2月21日|II 特定個人情報ファイルの概要 3. 特定個人情報の入手・使用 ④使用の主体|事後|
r5|II-5-提供先1-④|text|令和5年2月21日|II 特定個人情報ファイルの概要 5. 特定個人情報の提供・移転 提供先1 ④提供する情報の対象となる本人の数|事後|
r5|V-1-①|text|令和5年2月21日|V 評価実施手続 1. 基礎項目評価 ①実施日|事後|same
r6|I-2-システム1-①|text|令和6年5月24日|I 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム システム1 ①システムの名称|事後|same
r6|I-2-システム1-②|text|令和6年5月24日|I 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム システム1 ②システムの機能|事後|same
r6|I-2-システム2-①|text|令和6年5月24日|I 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム システム2 ①システムの名称|事後|same
r6|I-2-システム2-②|text|令和6年5月24日|I 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム システム2 ②システムの機能|事後|same
r6|II-2-④|text|令和6年5月24日|II 特定個人情報ファイルの概要 2. 基本情報 ④記録される項目|事後|same
r6|II-3-②|checks|令和6年5月24日|II 特定個人情報ファイルの概要 3. 特定個人情報の入手・使用 ②入手方法|事後|same
r6|II-4-委託事項1|title|令和6年5月24日|II 特定個人情報ファイルの概要 4. 特定個人情報ファイルの取扱いの委託 委託事項1|事後|same
r6|II-4-委託事項1-①|text|令和6年5月24日|II 特定個人情報ファイルの概要 4. 特定個人情報ファイルの取扱いの委託 ①委託内容|事後|
r6|II-6-保管場所|text|令和6年5月24日|II 特定個人情報ファイルの概要 6. 特定個人情報の保管・消去 保管場所|事前|same
r6|III-5-特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)におけるその他のリスク及びそのリスクに対する措置|text|令和6年5月24日|Ⅲリスク対策 5. 特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。) 特定個人情報の保管・消去におけるその他のリスク及びそのリスクに対する措置|事前|
r6|III-10|text|令和6年5月24日|Ⅲリスク対策 10. その他のリスク対策|事前|
r6|別添1-特定個人情報ファイル記録項目|text|令和6年5月24日|(別添1)特定個人情報ファイルの記録項目|事後|
h27|II-5-移転件数|count|平成27年12月21日|II 特定個人情報ファイルの概要 5. 特定個人情報の提供・移転 移転件数|事後|
EOF
}
cell() { # DATE KOUMOKU FIELD: a cell of the seed's first row with that 変更日 and 項目
	awk -F'\t' -v d="$1" -v k="$2" -v f="$3" '$1 == d && $2 == k { print $f; exit }' "$seed000"
}
typed() { # KIND TEXT: the text as set takes it
	case $1 in
	count) printf '%s' "$2" | sed 's/^件数://' ;;
	checks) printf '%s' "$2" | sed 's/、/\n/g' ;;
	*) printf '%s' "$2" ;;
	esac
}
shown() { # KIND TEXT: the text as diff prints it
	case $1 in
	count) printf '%s' "$2" | sed 's/^件数://' ;;
	*) printf '%s' "$2" ;;
	esac
}
groups=$(spec | cut -d'|' -f1 | uniq)
for grp in $groups; do
	new "$tmp/$grp-old.yaml"
	new "$tmp/$grp-new.yaml"
	spec | grep "^$grp|" > "$tmp/$grp.spec"
	while IFS='|' read -r _ path kind date koumoku jiki long; do
		before=$(cell "$date" "$koumoku" 3)
		after=$(cell "$date" "$koumoku" 4)
		[ -n "$after" ] || fail "seed 000 has no row $date $koumoku"
		[ -z "$before" ] || set_ "$tmp/$grp-old.yaml" "$path" "$(typed "$kind" "$before")"
		set_ "$tmp/$grp-new.yaml" "$path" "$(typed "$kind" "$after")"
	done < "$tmp/$grp.spec"
	"$P" diff --format tsv "$tmp/$grp-old.yaml" "$tmp/$grp-new.yaml" > "$tmp/$grp.tsv" ||
		fail "diff $grp"
	"$P" diff --format tsv --style long "$tmp/$grp-old.yaml" "$tmp/$grp-new.yaml" \
		> "$tmp/$grp.long" || fail "diff --style long $grp"
	lines "$tmp/$grp.tsv" "$(wc -l < "$tmp/$grp.spec")"
	while IFS='|' read -r _ path kind date koumoku jiki long; do
		before=$(shown "$kind" "$(cell "$date" "$koumoku" 3)")
		after=$(shown "$kind" "$(cell "$date" "$koumoku" 4)")
		has "$tmp/$grp.tsv" "$path$T$before$T$after$T$jiki$T"
		[ "$long" != same ] || has "$tmp/$grp.long" "$koumoku$T$before$T$after$T$jiki$T"
	done < "$tmp/$grp.spec"
done

# 平成27年12月21日: 移転先2-6 added, one row each (by identity), as the seed lists them; the
# reverse is 平成28年9月2日's 「件数:6 → 件数:1 移転先2～6 削除」
set_ "$tmp/h27-old.yaml" II-5-移転先1 "国民健康保険課"
set_ "$tmp/h27-new.yaml" II-5-移転先1 "国民健康保険課"
for n in 2 3 4 5 6; do
	[ -n "$(cell 平成27年12月21日 "II 特定個人情報ファイルの概要 5. 特定個人情報の提供・移転 移転先$n" 4)" ] ||
		fail "seed 000 has no 移転先$n row"
	set_ "$tmp/h27-new.yaml" "II-5-移転先$n" "移転先の部署$n"
done
"$P" diff --format tsv --match identity "$tmp/h27-old.yaml" "$tmp/h27-new.yaml" > "$tmp/out"
lines "$tmp/out" 6
has "$tmp/out" "II-5-移転件数${T}1${T}6${T}事後${T}"
for n in 2 3 4 5 6; do has "$tmp/out" "II-5-移転先$n$T${T}移転先の部署$n${T}事後${T}"; done
"$P" diff --format tsv --match identity "$tmp/h27-new.yaml" "$tmp/h27-old.yaml" > "$tmp/out"
[ "$(cell 平成28年9月2日 "II 特定個人情報ファイルの概要 5. 特定個人情報の提供・移転 移転件数 移転先2～6" 3)" = 件数:6 ] ||
	fail "seed 000 has no 平成28年9月2日 移転件数 row"
has "$tmp/out" "II-5-移転件数${T}6${T}1${T}事後${T}"
for n in 2 3 4 5 6; do has "$tmp/out" "II-5-移転先$n${T}移転先の部署$n${T}(削除)${T}事後${T}"; done

# --- seed 004: システム2 deleted, システム3-7 move up (and 7 goes too); files (2) ---
row004() { # KEY FIELD: a cell of seed 004's row whose 項目 is KEY
	awk -F'\t' -v k="$1" -v f="$2" '$1 == k { print $f; exit }' "$seed004"
}
sysname() { # CELL: the システムの名称 in a cell 「①システムの名称 X ②システムの機能 …」
	printf '%s' "$1" | sed -n 's/^①システムの名称 \(.*\) ②システムの機能.*/\1/p'
}
new "$tmp/s-old.yaml"
new "$tmp/s-new.yaml"
set_ "$tmp/s-old.yaml" I-2-システム1-① 住民記録システム
set_ "$tmp/s-new.yaml" I-2-システム1-① 住民記録システム
for n in 2 3 4 5 6 7; do
	old=$(sysname "$(row004 "I-2-システム$n" 2)")
	[ -n "$old" ] || fail "seed 004: no システム$n"
	set_ "$tmp/s-old.yaml" "I-2-システム$n-①" "$old"
	eval "old$n=\$old"
	newv=$(row004 "I-2-システム$n" 3)
	if [ "$newv" = "(削除)" ]; then
		eval "new$n='(削除)'"
	else
		newv=$(sysname "$newv")
		set_ "$tmp/s-new.yaml" "I-2-システム$n-①" "$newv"
		eval "new$n=\$newv"
	fi
done
# システム4 (番号連携サーバ) gains 住民基本台帳ネットワークシステムとの接続 as システム3
set_ "$tmp/s-old.yaml" I-2-システム4-③ 庁内連携システム
printf '庁内連携システム\n住民基本台帳ネットワークシステム\n' | "$P" set "$tmp/s-new.yaml" I-2-システム3-③ - ||
	fail "set checks"
# three files; the 委託事項1 of file (1), II-6 and III-10 of file (2)
for f in s-old s-new; do
	set_ "$tmp/$f.yaml" II-1 住民基本台帳ファイル
	set_ "$tmp/$f.yaml" "II[2]-1" 本人確認情報ファイル
	set_ "$tmp/$f.yaml" "II[3]-1" 送付先情報ファイル
done
k1="II-4-委託事項1 (1.特定個人情報ファイル名:(1)住民基本台帳ファイル)"
k2="II-6 (1.特定個人情報ファイル名:(2)本人確認情報ファイル)"
k3="Ⅲ-10 (1.特定個人情報ファイル名:(2)本人確認情報ファイル)"
set_ "$tmp/s-old.yaml" II-4-委託事項1 "$(row004 "$k1" 2)"
set_ "$tmp/s-new.yaml" II-4-委託事項1 "$(row004 "$k1" 3)"
set_ "$tmp/s-old.yaml" "II[2]-6-保管場所" "$(row004 "$k2" 2)"
set_ "$tmp/s-new.yaml" "II[2]-6-保管場所" "$(row004 "$k2" 3)"
[ "$(row004 "$k3" 2)" = "(空欄)" ] || fail "seed 004: III-10 (2) was not empty"
set_ "$tmp/s-new.yaml" "III[2]-10" "$(row004 "$k3" 3)"
# by position, as the official table (and seed 004) does: every later システム is a row
"$P" diff --format tsv "$tmp/s-old.yaml" "$tmp/s-new.yaml" > "$tmp/out" || fail "diff 004"
lines "$tmp/out" 11
for n in 2 3 4 5 6 7; do
	eval "has \"\$tmp/out\" \"I-2-システム$n-①\$T\$old$n\$T\$new$n\${T}事後\$T\""
done
has "$tmp/out" "I-2-システム3-③${T}${T}庁内連携システム、住民基本台帳ネットワークシステム${T}事後${T}"
has "$tmp/out" "I-2-システム4-③${T}庁内連携システム${T}(削除)${T}事後${T}"
has "$tmp/out" "II-4-委託事項1$T$(row004 "$k1" 2)$T$(row004 "$k1" 3)${T}事後${T}"
has "$tmp/out" "II[2]-6-保管場所$T$(row004 "$k2" 2)$T$(row004 "$k2" 3)${T}事前${T}"
has "$tmp/out" "III[2]-10$T$T$(row004 "$k3" 3)${T}事前${T}"
"$P" diff --format tsv --style long "$tmp/s-old.yaml" "$tmp/s-new.yaml" > "$tmp/out"
grep -q "^III リスク対策 10. その他のリスク対策 (1. 特定個人情報ファイル名:(2)本人確認情報ファイル)$T" \
	"$tmp/out" || fail "long 項目 of III[2]-10"
# by identity: the deleted システム2 and 7 are one row each, the renamed one is a change
"$P" diff --format tsv --match identity "$tmp/s-old.yaml" "$tmp/s-new.yaml" > "$tmp/out"
lines "$tmp/out" 7
has "$tmp/out" "I-2-システム2$T$old2$T(削除)${T}事後${T}"
has "$tmp/out" "I-2-システム3-①$T$old4$T$new3${T}事後${T}"
has "$tmp/out" "I-2-システム3-③${T}庁内連携システム${T}庁内連携システム、住民基本台帳ネットワークシステム${T}事後${T}"
has "$tmp/out" "I-2-システム7$T$old7$T(削除)${T}事後${T}"
pass
