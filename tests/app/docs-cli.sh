#!/bin/sh
# The document commands from the command line: new (never overwrites), set/get round trips
# for every kind of item, refusals (exit 1, the choices listed, the file unchanged), VALUE -
# from standard input, check's exit statuses on a kiso document filled in through set, and
# the しきい値判断 boundaries through the threshold command.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$tmp" || exit 99
P=$PIAFORM
TAB=$(printf '\t')

# --- new ---
expect_status 0 "$P" new --form juten j.yaml
[ "$(cat j.yaml)" = "# 特定個人情報保護評価書(重点項目評価書) [平成30年5月 様式3] (piaform)
piaform: 1
form: juten
revision: 平成30年5月 様式3
answers: {}" ] || fail "new wrote: $(cat j.yaml)"
cp j.yaml j.orig
"$P" new --form kiso j.yaml 2>err && fail "new overwrote a file"
[ $? = 2 ] || fail "new over a file: wrong exit status"
grep -q "already exists" err || fail "new over a file: $(cat err)"
cmp -s j.yaml j.orig || fail "new changed an existing file"
ln -s nowhere.yaml dangling.yaml
expect_status 2 "$P" new --form kiso dangling.yaml
[ -e nowhere.yaml ] && fail "new wrote through a dangling symlink"
expect_status 2 "$P" new --form nothing n.yaml
[ -e n.yaml ] && fail "new with an unknown form created a file"
expect_status 2 "$P" new n.yaml
expect_status 2 "$P" new --form kiso
expect_status 0 "$P" --form zenkomoku new z.yaml
grep -q '^form: zenkomoku$' z.yaml || fail "--form before new: $(cat z.yaml)"

# --- set/get round trips ---
roundtrip() { # PATH VALUE EXPECTED-GET-OUTPUT
	"$P" set j.yaml "$1" "$2" 2>err || fail "set $1 '$2': $(cat err)"
	got=$("$P" get j.yaml "$1") || fail "get $1"
	[ "$got" = "$3" ] || fail "get $1 after set '$2': '$got' (wanted '$3')"
}
roundtrip 'I-1-1' '  字下げも　全角空白も１２３ ' '  字下げも　全角空白も１２３ '
roundtrip 'I-1-①' '国民年金事務' '国民年金事務'
roundtrip 'I-1-③' '4' '10万人以上30万人未満'
roundtrip 'I-1-③' '２' '1,000人以上1万人未満'
roundtrip 'I-1-③' '１，０００人未満' '1,000人未満'
roundtrip 'II-3-①' '本人又は本人の代理人' '本人又は本人の代理人'
roundtrip 'II-3-①' '6（郵送）' 'その他 (郵送)'
roundtrip 'II-4-委託の有無' '委託する' '委託する'
roundtrip 'II-4-件数' '２件' '2'
roundtrip '表紙-公表日' 'R6.5.24' '令和6年5月24日'
roundtrip '表紙-公表日' '令和1年5月1日' '令和元年5月1日'
roundtrip 'II-2-⑤' 'H28.1' '平成28年1月'
roundtrip 'III-4-委託しない' '○' '○'
roundtrip 'III-4-委託しない' 'no' ''
grep -Eq "none: '?false'?$" j.yaml || fail "an unchecked flag is not stored as false"
roundtrip 'II-4-委託事項1' '国民年金システムの保守運用業務' '国民年金システムの保守運用業務'
roundtrip 'II-4-委託事項1-③' '株式会社A' '株式会社A'
roundtrip 'II[2]-1' '住民票ファイル' '住民票ファイル'
roundtrip 'II[2]-4-委託事項2-6' 'バックアップ' 'バックアップ'
roundtrip 'I-7' '—' '—'
roundtrip 'III-7-①' '—' '—'
[ "$("$P" get j.yaml 'II-1')" = "" ] || fail "II-1 is not empty"
[ "$("$P" get j.yaml 'I-2-システム5-①')" = "" ] || fail "an instance that does not exist is not empty"
# an empty choice or date clears the answer
roundtrip 'I-1-③' '' ''
grep -q 'taisho' j.yaml && fail "an empty choice left a key behind"
# multi-line answers from standard input, kept exactly (CRLF line ends become LF)
printf '一行目\n  二行目\n\n四行目\n' | "$P" set j.yaml 'I-1-②' - || fail "set - failed"
printf '一行目\n  二行目\n\n四行目\n' >want
"$P" get j.yaml 'I-1-②' >got && cmp -s got want || fail "textarea from stdin: $(cat got)"
grep -q '^      naiyo: |-$' j.yaml || fail "a multi-line answer is not a literal block: $(cat j.yaml)"
printf 'a\r\nb\r\n' | "$P" set j.yaml 'I-1-②' - || fail "set - with CRLF failed"
[ "$("$P" get j.yaml 'I-1-②')" = "$(printf 'a\nb')" ] || fail "CRLF was kept"
printf '1\n2: 市民課\n' | "$P" set j.yaml 'II-3-①' - || fail "checks from stdin"
[ "$("$P" get j.yaml 'II-3-①')" = "本人又は本人の代理人
評価実施機関内の他部署 (市民課)" ] || fail "checks from stdin: $("$P" get j.yaml 'II-3-①')"
# what set wrote reads back and saves to the same bytes
cp j.yaml j.before
"$P" set j.yaml 'I-1-①' '国民年金事務' || fail "set the same value"
cmp -s j.yaml j.before || fail "setting the same value changed the bytes"

# --- refusals: exit 1, a clear message, the file unchanged ---
refused() { # PATH VALUE MESSAGE-SUBSTRING [stdin text]
	cp j.yaml j.orig
	if [ $# -ge 4 ]; then
		printf '%s' "$4" | "$P" set j.yaml "$1" - >out 2>err
	else
		"$P" set j.yaml "$1" "$2" >out 2>err
	fi
	st=$?
	[ "$st" = 1 ] || fail "set $1 '$2': exit $st (wanted 1): $(cat err)"
	case $(cat err) in
	*"$3"*"(the file is unchanged)"*) ;;
	*) fail "set $1 '$2' said: $(cat err) (wanted: $3)" ;;
	esac
	cmp -s j.yaml j.orig || fail "refused set $1 changed the file"
}
refused 'I-1-③' '5' '"5" is not one of the choices: 1) 1,000人未満 2) 1,000人以上1万人未満 3) 1万人以上10万人未満 4) 10万人以上30万人未満'
refused 'II-4-委託の有無' 'たぶん' '1) 委託する 2) 委託しない'
refused 'II-3-①' '紙' '"紙" is not one of the choices: 1) 本人又は本人の代理人 2) 評価実施機関内の他部署 ( )'
refused 'II-3-①' '1 (本人)' 'has no ( ) part'
refused 'II-5-提供・移転の有無' - 'cannot be checked together' "$(printf '行っていない\n提供を行っている')"
refused 'II-3-①' - 'is listed twice' "$(printf '1\n本人又は本人の代理人')"
refused '表紙-公表日' '平成32年1月1日' '平成32年1月 is past the end of 平成: that is 令和2年1月1日'
refused '表紙-公表日' '令和6年2月30日' '2月 has no day 30'
refused '表紙-公表日' 'H28.1' 'the day is missing'
refused 'II-4-件数' '-1' 'a count is a whole number of 0 or more'
refused 'III-4-委託しない' 'maybe' 'a check box is answered yes or no'
refused 'I-1-①' - 'this item takes one line' "$(printf '一行目\n二行目')"
# not an answer at all: exit 2, unchanged
cp j.yaml j.orig
"$P" get j.yaml 'I-1' >out 2>err; st=$?
[ "$st" = 2 ] || fail "get of a heading: exit $st"
grep -q 'is a heading, not an item with an answer' err || fail "get of a heading: $(cat err)"
[ -s out ] && fail "get of a heading printed: $(cat out)"
expect_status 2 "$P" set j.yaml 'I-1' x
expect_status 2 "$P" set j.yaml 'II-2-全ての記録項目' x
expect_status 2 "$P" set j.yaml '別添2-変更箇所' x
expect_status 2 "$P" set j.yaml 'I-9-①' x
expect_status 2 "$P" get j.yaml 'I-9-①'
expect_status 2 "$P" set j.yaml 'I-2-システム21-①' x
expect_status 2 "$P" set j.yaml 'I-1-①'
expect_status 2 "$P" get j.yaml
cmp -s j.yaml j.orig || fail "a refused command changed the file"
ls -a | grep -q '^\.j\.yaml\.' && fail "a temporary file was left behind"

# --- check: 0 complete, 1 problems, 2 unreadable ---
# A complete 基礎項目評価書, filled through set: every required item that form-dump lists
# (table columns aside: a table with no rows is complete), then the answers that must agree
# with each other, then whatever check reports as answered but not applicable is cleared.
expect_status 0 "$P" new --form kiso k.yaml
"$P" form-dump kiso | awk -F'\t' '
	NR > 1 && $3 == "table" { table[$2] = 1 }
	NR > 1 && $3 ~ /^(text|textarea|choice|checks|count|date)/ && $4 !~ /optional/ {
		parent = $2; sub(/\.[^.]*$/, "", parent)
		if (!(parent in table)) print $1 "\t" $3
	}' >paths
[ "$(wc -l <paths)" -ge 30 ] || fail "form-dump kiso lists only $(wc -l <paths) required items"
while IFS="$TAB" read -r path kind; do
	case $kind in
	text | textarea) v='テスト' ;;
	choice* | checks*) v=1 ;;
	count*) v=0 ;;
	date*) v='令和6年4月1日' ;;
	esac
	"$P" set k.yaml "$path" "$v" 2>err || fail "set $path $v: $(cat err)"
done <paths
# 1,000人以上1万人未満, 500人未満, no accident: a 基礎項目評価書 only
"$P" set k.yaml 'II-1-評価対象の事務の対象人数は何人か' '1,000人以上1万人未満' &&
	"$P" set k.yaml 'II-2-特定個人情報ファイル取扱者数は500人以上か' '500人未満' &&
	"$P" set k.yaml 'II-3-過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか' '発生なし' &&
	"$P" set k.yaml 'III-しきい値判断結果' '基礎項目評価の実施が義務付けられる' &&
	"$P" set k.yaml 'IV-1-提出する特定個人情報保護評価書の種類' '基礎項目評価書' ||
	fail "setting the しきい値判断 answers failed"
"$P" check k.yaml >out; st=$?
[ "$st" = 1 ] || fail "check before clearing n/a answers: exit $st"
grep "${TAB}warning${TAB}answered, but not applicable" out | cut -f1 >na
while read -r path; do "$P" set k.yaml "$path" '' || fail "clear $path"; done <na
"$P" check k.yaml >out; st=$?
[ "$st" = 0 ] || fail "check of a complete document: exit $st: $(cat out)"
[ "$(cat out)" = "k.yaml: complete, no problems" ] || fail "check said: $(cat out)"
cp k.yaml k.complete
# one missing item: exit 1, a PATH<TAB>severity<TAB>message line and a summary
"$P" set k.yaml 'I-1-①' '' || fail "clear I-1-①"
"$P" check k.yaml >out; st=$?
[ "$st" = 1 ] || fail "check with a missing item: exit $st"
[ "$(sed -n 1p out)" = "I-1-①${TAB}missing${TAB}not answered" ] || fail "check line: $(cat out)"
[ "$(sed -n 2p out)" = "k.yaml: 0 errors, 1 missing, 0 warnings" ] || fail "summary: $(cat out)"
# a warning alone is a problem too
cp k.complete k.yaml
"$P" set k.yaml 'III-しきい値判断結果' '基礎項目評価及び重点項目評価の実施が義務付けられる' || fail set
"$P" check k.yaml >out; st=$?
[ "$st" = 1 ] || fail "check with a contradicting しきい値判断結果: exit $st"
grep -q "^III-しきい値判断結果${TAB}warning${TAB}" out || fail "no しきい値 warning: $(cat out)"
# an error: a value edited by hand outside the choices
cp k.complete k.yaml
sed -i 's/^\(    result: \).*/\1いつか/' k.yaml
"$P" check k.yaml >out; st=$?
[ "$st" = 1 ] || fail "check with an error: exit $st"
grep -q "^III-しきい値判断結果${TAB}error${TAB}\"いつか\" is not one of the choices" out ||
	fail "no error line: $(cat out)"
# unreadable
printf 'piaform: 1\nform: kiso\nanswers: [\n' >bad.yaml
expect_status 2 "$P" check bad.yaml
expect_status 2 "$P" check nothing.yaml
expect_status 2 "$P" check
expect_status 2 "$P" check k.yaml k.yaml

# --- しきい値判断 at the boundaries ---
level() { # PEOPLE STAFF ACCIDENT EXPECTED-required-LINE
	out=$("$P" threshold --people "$1" --staff "$2" --accident "$3") ||
		fail "threshold $1 $2 $3 failed"
	case $out in
	*"required: $4") ;;
	*) fail "threshold $1 $2 $3: $out (wanted required: $4)" ;;
	esac
}
none='none (an evaluation may still be done voluntarily)'
k='基礎項目評価書' j='基礎項目評価書 and 重点項目評価書' z='基礎項目評価書 and 全項目評価書'
# PEOPLE, then the level with 499 staff and no accident, with 500 staff, with an accident
while read -r people calm many accident; do
	eval "calm=\$$calm many=\$$many accident=\$$accident"
	level "$people" 499 no "$calm"
	level "$people" 500 no "$many"
	level "$people" 499 yes "$accident"
done <<'EOF'
0 none none none
999 none none none
1000 k k k
9999 k k k
10000 k j j
99999 k j j
100000 j z z
299999 j z z
300000 z z z
EOF
out=$("$P" threshold --people 10000 --staff 0 --accident no) || fail threshold
[ "$(printf '%s\n' "$out" | sed -n 1p)" = "しきい値判断結果: 基礎項目評価の実施が義務付けられる" ] ||
	fail "threshold result line: $out"
level '１，０００' 0 なし "$k"
level 300,000 0 no "$z"
expect_status 2 "$P" threshold --people -1 --staff 0 --accident no
expect_status 2 "$P" threshold --people 10 --staff 0
expect_status 2 "$P" threshold --people 10 --staff 0 --accident maybe
expect_status 2 "$P" threshold --people ten --staff 0 --accident no
pass
