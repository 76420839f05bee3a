#!/bin/sh
# piaform export: golden exports (text, Markdown, HTML) of a small 重点項目評価書 built here
# with new/set (every kind of item, two 特定個人情報ファイル, a "none" answer, items that are
# not applicable, control and bidi characters, markup and pipes in the text) and of the seed
# fixtures; the HTML is well-formed and self-contained; the text export shows the form's items
# in form order with the document's values, and beside the published text of a seed the same
# answers in the same order; options and errors.
. "${top_srcdir:-.}/tests/lib.sh"
gold=$top_srcdir/tests/data/golden
check_py=$top_srcdir/tests/app/export-check.py
python=
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
	python=python3
else
	echo "export.sh: python3 with yaml not found: well-formedness and order checks skipped"
fi

# build_doc FILE: the sample document, through the command line as a writer would
build_doc() {
	f=$1
	"$PIAFORM" new --form juten "$f" || fail "new"
	s() { "$PIAFORM" set "$f" "$1" "$2" || fail "set $1 $2"; }
	si() { "$PIAFORM" set "$f" "$1" - || fail "set $1 (from standard input)"; }
	s 表紙-評価書番号 8
	s 表紙-評価書名 '国民年金事務 重点項目評価書'
	printf 'いわき市は、国民年金事務における特定個人情報ファイルの取扱いにあたり、その取扱いが個人のプライバシー等の権利利益に影響を及ぼしかねないことを認識し、十分な措置を行い、もって個人のプライバシー等の権利利益の保護に取り組んでいることを宣言する。\n' |
		si 表紙-個人のプライバシー等の権利利益の保護の宣言
	s 表紙-特記事項 —
	s 表紙-評価実施機関名 いわき市長
	s 表紙-公表日 R6.5.24
	s I-1-① 国民年金事務
	printf '国民年金法に基づき、次の事務を行う。\n1. 被保険者資格の取得・喪失の届出の受付\n2. 保険料免除申請の受付及び審査\n' | si I-1-②
	s I-1-③ 4
	s I-2-システム1-① 国民年金システム
	s I-2-システム1-② '被保険者の資格記録を管理する。'
	printf '庁内連携システム\nその他 (中間サーバー)\n' | si I-2-システム1-③
	s I-2-システム2-① 可搬型窓口装置
	s I-2-システム2-② 被保険者記録の照会
	s I-3 '(1)年金情報ファイル (2)免除情報ファイル'
	s I-4-法令上の根拠 '番号法第9条第1項 別表第一の31の項'
	s I-5-① 実施しない
	s I-6-① '市民協働部 国保年金課'
	s I-6-② 国保年金課長
	s I-7 —
	s II-1 '(1)年金情報ファイル'
	s II-2-① システム用ファイル
	s II-2-② 3
	s II-2-③ 'いわき市に住民登録をしている国民年金第1号被保険者'
	s II-2-その必要性 '資格の管理に必要なため。'
	s II-2-④ 3
	printf '個人番号\n4情報(氏名、性別、生年月日、住所)\nその他 (基礎年金番号)\n' | si II-2-主な記録項目
	s II-2-その妥当性 '対象者を正確に特定するため。'
	s II-2-⑤ 平成28年1月
	s II-2-⑥ '市民協働部国保年金課'
	printf '評価実施機関内の他部署 (市民課、市民税課)\n行政機関・独立行政法人等 (日本年金機構)\n' | si II-3-①
	printf '紙\n専用線\n' | si II-3-②
	s II-3-③ '国民年金第1号被保険者の資格記録の管理'
	s II-3-④-使用部署 '市民協働部国保年金課'
	s II-3-④-使用者数 4
	s II-3-⑤ '届出を受け付け、資格を管理する。'
	s II-3-情報の突合 '住民票関係情報と突合する。'
	s II-3-⑥ 平成28年1月1日
	s II-4-委託の有無 委託する
	s II-4-件数 1
	s II-4-委託事項1 '国民年金システムの保守運用業務'
	s II-4-委託事項1-① '国民年金システムの保守運用業務'
	s II-4-委託事項1-② 2
	s II-4-委託事項1-③ '(株)FSK | 保守 <script>alert(1)</script> & co.'
	s II-4-委託事項1-④ 再委託しない
	s II-5-提供・移転の有無 行っていない
	printf '入退室管理を行っている部屋に設置したサーバ内に保管する。\033[31m赤\033[0m \342\200\256逆順\n' | si II-6-保管場所
	s 別添1-特定個人情報ファイル記録項目 '基礎年金番号、宛名番号、個人番号、氏名'
	s 'II[2]-1' '(2)免除情報ファイル'
	s 'II[2]-2-①' 2
	s III-1 '(1)年金情報ファイル'
	s III-2-リスクに対する措置の内容 '窓口で本人確認書類を確認する。'
	s III-2-リスクへの対策は十分か 十分である
	s III-3-リスク2-ユーザ認証の管理 行っている
	s III-3-リスク2-具体的な管理方法 'IDとパスワードによる認証を行っている。'
	s III-4-委託しない no
	s III-4-委託契約書中の特定個人情報ファイルの取扱いに関する規定 定めている
	s III-5-提供・移転しない yes
	s 'III-6-接続しない(入手)' yes
	s 'III-6-接続しない(提供)' yes
	s III-7-① 2
	s III-7-② 発生なし
	printf '自己点検\n内部監査\n' | si III-8-実施の有無
	s IV-1-① 'いわき市総務部総務課 970-8686 いわき市平字梅本21'
	s V-1-① 令和6年5月24日
	s V-1-② 1
	s V-2-① —
	# the 変更箇所 table has no set: its rows are written as YAML (answers is the last key)
	cat >> "$f" <<'EOF'
  henko:
    rows:
    - date: 令和6年5月24日
      koumoku: I-2-システム1-①
      before: ホストシステム
      after: 国民年金システム
      jiki: 事前
    - date: 令和6年5月24日
      koumoku: II-6-保管場所
      before: 入退室管理を行っている部屋に設置したサーバ内に保管。
      after: |
        <ガバメントクラウドにおける措置>
        ①サーバ等はクラウド事業者が保有・管理する環境に設置する。
      jiki: 事前
      setsumei: ガバメントクラウドへの移行 | 令和6年度
EOF
	"$PIAFORM" get "$f" 別添2-変更箇所 >/dev/null || fail "the sample document does not load"
}

# exports NAME DOC: the goldens of one document in the three formats, and the checks
exports() {
	name=$1 doc=$2
	"$PIAFORM" export "$doc" > "$tmp/$name.txt" || fail "export $name (text)"
	golden "$tmp/$name.txt" "$gold/export-$name.txt"
	"$PIAFORM" export --format markdown "$doc" > "$tmp/$name.md" || fail "export $name (markdown)"
	golden "$tmp/$name.md" "$gold/export-$name.md"
	"$PIAFORM" export --format html "$doc" > "$tmp/$name.html" || fail "export $name (html)"
	golden "$tmp/$name.html" "$gold/export-$name.html"
	grep -qi '<script' "$tmp/$name.html" && fail "$name.html has a script"
	grep -Eqi '(src|href)="(https?|file):' "$tmp/$name.html" && fail "$name.html refers outside"
	[ -z "$python" ] && return 0
	$python "$check_py" html "$tmp/$name.html" || fail "$name.html is not well-formed"
	"$PIAFORM" export --width 1000 "$doc" > "$tmp/$name.wide" || fail "export $name --width 1000"
	$python "$check_py" order "$PIAFORM" "$doc" "$tmp/$name.wide" 1000 >/dev/null ||
		fail "$name: the text export does not show the items in form order with their values"
}

doc=$tmp/sample.pia.yaml
build_doc "$doc"
exports sample "$doc"

# options: narrow, ambiguous characters two columns wide, problems marked inline
"$PIAFORM" export --width 60 --ambiwidth 2 --show-problems "$doc" > "$tmp/w60.txt" || fail "--width 60"
golden "$tmp/w60.txt" "$gold/export-sample-w60-ambi2-problems.txt"
"$PIAFORM" --ambiwidth 2 export --width 60 --show-problems "$doc" | cmp -s - "$tmp/w60.txt" ||
	fail "the global --ambiwidth is not used by export"
grep -q '>> missing: not answered' "$tmp/w60.txt" || fail "--show-problems marks nothing"
grep -q '>> missing' "$tmp/sample.txt" && fail "problems are marked without --show-problems"
"$PIAFORM" export --format markdown --show-problems "$doc" | grep -q '\*\*missing\*\*: not answered' ||
	fail "--show-problems marks nothing in Markdown"
"$PIAFORM" export --show-problems --format html "$doc" > "$tmp/p.html" || fail "html --show-problems"
grep -q 'class="problem">missing: not answered' "$tmp/p.html" || fail "--show-problems marks nothing in HTML"
[ -n "$python" ] && { $python "$check_py" html "$tmp/p.html" || fail "p.html is not well-formed"; }
# -o: written atomically; the format follows the name when --format is not given
"$PIAFORM" export -o "$tmp/out.html" "$doc" || fail "export -o out.html"
cmp -s "$tmp/out.html" "$tmp/sample.html" || fail "-o out.html is not the HTML export"
"$PIAFORM" export "$doc" -o "$tmp/out.md" || fail "export FILE -o out.md"
cmp -s "$tmp/out.md" "$tmp/sample.md" || fail "-o out.md is not the Markdown export"
"$PIAFORM" export --format text -o - "$doc" | cmp -s - "$tmp/sample.txt" || fail "-o - is not standard output"
# --only-section
"$PIAFORM" export --only-section II "$doc" > "$tmp/II.txt" || fail "--only-section II"
grep -q '^II 特定個人情報ファイルの概要$' "$tmp/II.txt" || fail "--only-section II: no section II"
grep -q '^I 基本情報$\|^項目一覧$\|^III リスク対策' "$tmp/II.txt" && fail "--only-section II shows other sections"
[ "$(grep -c '^II 特定個人情報ファイルの概要$' "$tmp/II.txt")" = 2 ] || fail "--only-section II: not both files"
"$PIAFORM" export --only-section 別添2 --format markdown "$doc" | grep -q '^| 令和6年5月24日 | I-2-システム1-① |' ||
	fail "--only-section 別添2: no 変更箇所 table"
# errors: exit 2, one message, nothing written
expect_status 2 "$PIAFORM" export --format pdf "$doc"
expect_status 2 "$PIAFORM" export --width 5 "$doc"
expect_status 2 "$PIAFORM" export --ambiwidth 3 "$doc"
expect_status 2 "$PIAFORM" export "$doc" "$doc"
expect_status 2 "$PIAFORM" export "$tmp/missing.yaml"
msg=$("$PIAFORM" export --only-section XIV -o "$tmp/none.txt" "$doc" 2>&1) && fail "--only-section XIV accepted"
case $msg in *XIV*) ;; *) fail "--only-section XIV: $msg" ;; esac
[ -e "$tmp/none.txt" ] && fail "a refused export wrote its output"

# the seed fixtures (real published 評価書 transcribed as documents); their text export placed
# beside the published text shows the same answers in the same order
seeds=${SHARED_DIR:-$top_srcdir/../shared}/seeds
for n in 000 002 003; do
	f=$top_srcdir/tests/data/docs/seed$n.pia.yaml
	[ -f "$f" ] || continue
	exports "seed$n" "$f"
	seed=$(ls "$seeds/${n}_"*.txt 2>/dev/null | head -n 1)
	if [ -n "$python" ] && [ -n "$seed" ]; then
		$python "$check_py" beside "$PIAFORM" "$f" "$tmp/seed$n.wide" 1000 "$seed" ||
			fail "seed$n: the export does not match the published text"
	fi
done
pass
