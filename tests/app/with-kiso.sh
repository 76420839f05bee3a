#!/bin/sh
# piaform check --with-kiso KISO FILE: a 重点項目/全項目評価書 against its 基礎項目評価書 (the
# しきい値判断結果 and the answers both print), agreement and disagreement; and plain check of
# a 基礎項目評価書 whose III its II answers contradict.
. "${top_srcdir:-.}/tests/lib.sh"
P=$PIAFORM
T=$(printf '\t')

new() { "$P" new --form "$2" "$1" || fail "new $1"; }
set_() { "$P" set "$1" "$2" "$3" >/dev/null || fail "set $1 $2 $3"; }
warnings() { # CHECK-ARGS...: the warning lines of check, into $tmp/out
	"$P" check "$@" > "$tmp/all"
	st=$?
	[ "$st" = 0 ] || [ "$st" = 1 ] || fail "check $* exited $st"
	grep "${T}warning$T" "$tmp/all" > "$tmp/out"
}
has() { # PATH MESSAGE-PART
	grep -F -q -- "$1${T}warning$T" "$tmp/out" && grep -F "$1${T}warning$T" "$tmp/out" |
		grep -F -q -- "$2" || { cat "$tmp/out" >&2; fail "no warning at $1: $2"; }
}
hasnt() { # PATH
	! grep -F -q -- "$1${T}warning$T" "$tmp/out" || { cat "$tmp/out" >&2; fail "a warning at $1"; }
}

kiso_people=II-1-評価対象の事務の対象人数は何人か
kiso_staff=II-2-特定個人情報ファイル取扱者数は500人以上か
kiso_accident=II-3-過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか
kiso_result=III-しきい値判断結果

# a 基礎項目評価書: 1万人以上10万人未満, 500人以上 → 基礎項目評価及び重点項目評価
new "$tmp/kiso.yaml" kiso
set_ "$tmp/kiso.yaml" "$kiso_people" 1万人以上10万人未満
set_ "$tmp/kiso.yaml" "$kiso_staff" 500人以上
set_ "$tmp/kiso.yaml" "$kiso_accident" 発生なし
set_ "$tmp/kiso.yaml" "$kiso_result" 基礎項目評価及び重点項目評価の実施が義務付けられる
set_ "$tmp/kiso.yaml" I-1-① 国民年金事務
set_ "$tmp/kiso.yaml" I-2 年金情報ファイル
set_ "$tmp/kiso.yaml" I-4-① 実施しない
set_ "$tmp/kiso.yaml" I-5-① 市民協働部国保年金課
set_ "$tmp/kiso.yaml" I-5-② 国保年金課長
warnings "$tmp/kiso.yaml"
hasnt "$kiso_result"

# plain check: III that the II answers contradict
cp "$tmp/kiso.yaml" "$tmp/kiso-bad.yaml"
set_ "$tmp/kiso-bad.yaml" "$kiso_staff" 500人未満
warnings "$tmp/kiso-bad.yaml"
has "$kiso_result" "the answers to II give 「基礎項目評価の実施が義務付けられる」"
# … and every boundary of the table reaches check the same way
for case in "1,000人未満(任意実施)|500人以上|発生あり|特定個人情報保護評価の実施が義務付けられない" \
	"1,000人以上1万人未満|500人以上|発生あり|基礎項目評価の実施が義務付けられる" \
	"1万人以上10万人未満|500人未満|発生あり|基礎項目評価及び重点項目評価の実施が義務付けられる" \
	"10万人以上30万人未満|500人未満|発生なし|基礎項目評価及び重点項目評価の実施が義務付けられる" \
	"10万人以上30万人未満|500人以上|発生なし|基礎項目評価及び全項目評価の実施が義務付けられる" \
	"30万人以上|500人未満|発生なし|基礎項目評価及び全項目評価の実施が義務付けられる"; do
	IFS='|' read -r p s a r <<EOF
$case
EOF
	cp "$tmp/kiso.yaml" "$tmp/k.yaml"
	set_ "$tmp/k.yaml" "$kiso_people" "$p"
	set_ "$tmp/k.yaml" "$kiso_staff" "$s"
	set_ "$tmp/k.yaml" "$kiso_accident" "$a"
	set_ "$tmp/k.yaml" "$kiso_result" "$r"
	warnings "$tmp/k.yaml"
	hasnt "$kiso_result"
	set_ "$tmp/k.yaml" "$kiso_result" 4
	[ "$r" = 特定個人情報保護評価の実施が義務付けられない ] && continue
	warnings "$tmp/k.yaml"
	has "$kiso_result" "「$r」"
done
# an unanswered II decides nothing
cp "$tmp/kiso-bad.yaml" "$tmp/k.yaml"
"$P" set "$tmp/k.yaml" "$kiso_staff" "" >/dev/null || fail "clear"
warnings "$tmp/k.yaml"
hasnt "$kiso_result"

# a 重点項目評価書 that agrees with it: no warning from --with-kiso
new "$tmp/juten.yaml" juten
set_ "$tmp/juten.yaml" I-1-① 国民年金事務
set_ "$tmp/juten.yaml" I-1-③ 1万人以上10万人未満
set_ "$tmp/juten.yaml" I-3 年金情報ファイル
set_ "$tmp/juten.yaml" I-5-① 実施しない
set_ "$tmp/juten.yaml" I-6-① 市民協働部国保年金課
set_ "$tmp/juten.yaml" I-6-② 国保年金課長
set_ "$tmp/juten.yaml" V-1-② 基礎項目評価及び重点項目評価の実施が義務付けられる
"$P" check "$tmp/juten.yaml" > "$tmp/plain"
warnings --with-kiso "$tmp/kiso.yaml" "$tmp/juten.yaml"
cmp -s "$tmp/plain" "$tmp/all" || { diff "$tmp/plain" "$tmp/all" >&2; fail "agreement adds problems"; }

# disagreement: each shared answer, named by its path in FILE, in form order
cp "$tmp/juten.yaml" "$tmp/j.yaml"
set_ "$tmp/j.yaml" I-1-① 国民年金
set_ "$tmp/j.yaml" I-1-③ 1,000人以上1万人未満
set_ "$tmp/j.yaml" I-3 "年金情報ファイル
宛名ファイル"
set_ "$tmp/j.yaml" I-5-① 実施する
set_ "$tmp/j.yaml" I-6-① 国保年金課
set_ "$tmp/j.yaml" I-6-② 課長
set_ "$tmp/j.yaml" V-1-② "基礎項目評価の実施が義務付けられる(任意に重点項目評価を実施)"
warnings --with-kiso "$tmp/kiso.yaml" "$tmp/j.yaml"
has I-1-① "I-1-① says 「国民年金事務」"
has I-1-③ "II-1-評価対象の事務の対象人数は何人か says 「1万人以上10万人未満」"
has I-3 "I-2 says 「年金情報ファイル」"
has I-5-① "I-4-① says 「実施しない」"
has I-6-① "I-5-① says 「市民協働部国保年金課」"
has I-6-② "I-5-② says 「国保年金課長」"
has V-1-② "it would be 「基礎項目評価及び重点項目評価の実施が義務付けられる」"
order=$(grep -v '^V-1-②' "$tmp/out" | grep -E '^I-(1|3|5|6)' | cut -f1 | tr '\n' ' ')
[ "$order" = "I-1-① I-1-③ I-3 I-5-① I-6-① I-6-② " ] || fail "order: $order"
# blanks around a text are not a disagreement
set_ "$tmp/j.yaml" I-1-① " 国民年金事務 "
warnings --with-kiso "$tmp/kiso.yaml" "$tmp/j.yaml"
hasnt I-1-①

# the 基礎項目評価書 contradicts itself: said at FILE's V-1-②
warnings --with-kiso "$tmp/kiso-bad.yaml" "$tmp/juten.yaml"
has V-1-② "the 基礎項目評価書's II answers give 「基礎項目評価の実施が義務付けられる」, but its III says"
# its III unanswered: FILE is compared with what II gives
cp "$tmp/kiso-bad.yaml" "$tmp/k.yaml"
"$P" set "$tmp/k.yaml" "$kiso_result" "" >/dev/null || fail "clear III"
warnings --with-kiso "$tmp/k.yaml" "$tmp/juten.yaml"
has V-1-② "does not agree with the 基礎項目評価書 (「基礎項目評価の実施が義務付けられる」)"

# 全項目 required: a 重点項目評価書 cannot state it; a 全項目評価書 must
cp "$tmp/kiso.yaml" "$tmp/k.yaml"
set_ "$tmp/k.yaml" "$kiso_people" 30万人以上
set_ "$tmp/k.yaml" "$kiso_result" 基礎項目評価及び全項目評価の実施が義務付けられる
warnings --with-kiso "$tmp/k.yaml" "$tmp/juten.yaml"
has V-1-② "this form cannot state that result"
new "$tmp/zen.yaml" zenkomoku
set_ "$tmp/zen.yaml" I-1-① 国民年金事務
set_ "$tmp/zen.yaml" I-1-③ 30万人以上
set_ "$tmp/zen.yaml" I-7-② 国保年金課長
set_ "$tmp/zen.yaml" VI-1-② 基礎項目評価及び全項目評価の実施が義務付けられる
warnings --with-kiso "$tmp/k.yaml" "$tmp/zen.yaml"
hasnt VI-1-②
hasnt I-1-③
hasnt I-7-②
set_ "$tmp/zen.yaml" VI-1-② "基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)"
set_ "$tmp/zen.yaml" I-7-② 課長
warnings --with-kiso "$tmp/k.yaml" "$tmp/zen.yaml"
has VI-1-② "it would be 「基礎項目評価及び全項目評価の実施が義務付けられる」"
has I-7-② "I-5-② says 「国保年金課長」"

# wrong documents and usage: exit 2, nothing printed on standard output
expect_status 2 "$P" check --with-kiso "$tmp/juten.yaml" "$tmp/juten.yaml"
expect_status 2 "$P" check --with-kiso "$tmp/kiso.yaml" "$tmp/kiso.yaml"
expect_status 2 "$P" check --with-kiso "$tmp/missing.yaml" "$tmp/juten.yaml"
expect_status 2 "$P" check --with-kiso "$tmp/kiso.yaml"
expect_status 2 "$P" check --bogus "$tmp/juten.yaml"
msg=$("$P" check --with-kiso "$tmp/juten.yaml" "$tmp/zen.yaml" 2>&1 >/dev/null)
case $msg in *"基礎項目評価書 (form kiso), not a juten document"*) ;; *) fail "message: $msg" ;; esac
[ -z "$("$P" check --with-kiso "$tmp/juten.yaml" "$tmp/zen.yaml" 2>/dev/null)" ] ||
	fail "output on a refused check"
pass
