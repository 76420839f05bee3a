#!/bin/sh
# piaform and git, in a real repository in a temporary directory: git-setup installs the merge
# driver and the textconv; two branches editing neighbouring items (a conflict for git's line
# merge) merge cleanly; the same item edited both ways leaves conflicts that check reports,
# piaform set and the editor resolve; システム3 added on one branch while システム2 is edited
# on another; git diff shows item paths and labels; review comments through the command,
# through a merge, and kept out of exports unless asked.
. "${top_srcdir:-.}/tests/lib.sh"
P=$PIAFORM
command -v git >/dev/null || { echo "git is not installed: skipped"; exit 77; }

# a git of our own: no user or system configuration
HOME=$tmp GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_DATE='2024-05-24T10:00:00' \
	GIT_COMMITTER_DATE='2024-05-24T10:00:00'
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset GIT_DIR GIT_WORK_TREE

set_() { "$P" set "$1" "$2" "$3" >/dev/null || fail "set $1 $2 $3"; }
get_is() { # FILE PATH VALUE
	got=$("$P" get "$1" "$2") || fail "get $1 $2"
	[ "$got" = "$3" ] || fail "$2 is \"$got\", wanted \"$3\""
}
has() { # FILE LINE: the exact line is in FILE
	grep -F -x -q -- "$2" "$1" || { cat "$1" >&2; fail "no line: $2"; }
}
commit() { git add -A && git commit -q -m "$1" || fail "commit $1"; }

# --- git-setup prints ---
"$P" git-setup > "$tmp/setup" || fail "git-setup"
has "$tmp/setup" "*.pia.yaml merge=piaform diff=piaform"
has "$tmp/setup" "git config merge.piaform.driver 'piaform merge --name %P %O %A %B'"
has "$tmp/setup" "git config diff.piaform.textconv 'piaform textconv'"
"$P" git-setup --pattern '*.yaml' --program '/opt/pia form/piaform' > "$tmp/setup" ||
	fail "git-setup --pattern"
has "$tmp/setup" "*.yaml merge=piaform diff=piaform"
has "$tmp/setup" "git config diff.piaform.textconv ''\\''/opt/pia form/piaform'\\'' textconv'"
expect_status 2 "$P" git-setup --pattern 'a b'
expect_status 2 "$P" git-setup extra
(cd "$tmp" && expect_status 2 "$P" git-setup --apply) # not a repository

# --- a repository with the driver installed ---
R=$tmp/repo
mkdir "$R" && cd "$R" || fail "mkdir"
git init -q . && git symbolic-ref HEAD refs/heads/main || fail "git init"
git config user.name "情報政策課" && git config user.email "joho@example.lg.jp" || fail "config"
"$P" git-setup --apply --program "$P" > "$tmp/out" || { cat "$tmp/out"; fail "git-setup --apply"; }
has .gitattributes "*.pia.yaml merge=piaform diff=piaform"
case $(git config merge.piaform.driver) in
*piaform*" merge --name %P %O %A %B") ;;
*) fail "driver: $(git config merge.piaform.driver)" ;;
esac
[ "$(git config diff.piaform.xfuncname)" = '^[^ ].*$' ] || fail "xfuncname"
"$P" git-setup --apply --program "$P" > /dev/null || fail "git-setup --apply twice"
[ "$(grep -c pia.yaml .gitattributes)" = 1 ] || fail "the attributes line was added twice"

D=report.pia.yaml
"$P" new --form juten $D || fail "new"
set_ $D I-1-① 国民年金事務
set_ $D I-1-② 被保険者の資格を管理する。
set_ $D I-2-システム1-① 国民年金システム
set_ $D I-2-システム2-① 窓口システム
set_ $D I-6-① 年金課
set_ $D I-6-② 課長
commit "first draft"

# --- neighbouring items on two branches: clean through the driver ---
git checkout -q -b busho main
set_ $D I-6-① 国民年金課
commit "busho"
git checkout -q -b shozokucho main
set_ $D I-6-② 国民年金課長
commit "shozokucho"
# git's own line merge would stop here: the two lines touch
git show main:$D > "$tmp/b" && git show busho:$D > "$tmp/o" && git show shozokucho:$D > "$tmp/t"
git merge-file -q -p "$tmp/o" "$tmp/b" "$tmp/t" > /dev/null && fail "a line merge would not conflict"
git checkout -q busho
git merge -q --no-edit shozokucho > "$tmp/out" 2>&1 || { cat "$tmp/out"; fail "merge busho+shozokucho"; }
get_is $D I-6-① 国民年金課
get_is $D I-6-② 国民年金課長
"$P" check $D | grep -q "	error	" && fail "a clean merge left errors"
[ -z "$(git status --porcelain)" ] || fail "the merge left changes"

# --- システム3 added on one branch, システム2 edited on another ---
git checkout -q -b add3 main
set_ $D I-2-システム3-① 宛名システム
commit "add システム3"
git checkout -q -b edit2 main
set_ $D I-2-システム2-① 窓口支援システム
set_ $D I-2-システム2-② 窓口で申請を受け付ける。
commit "edit システム2"
git merge -q --no-edit add3 > "$tmp/out" 2>&1 || { cat "$tmp/out"; fail "merge add3 into edit2"; }
get_is $D I-2-システム1-① 国民年金システム
get_is $D I-2-システム2-① 窓口支援システム
get_is $D I-2-システム2-② 窓口で申請を受け付ける。
get_is $D I-2-システム3-① 宛名システム

# --- git diff through the textconv: item paths and labels ---
git diff main edit2 -- $D > "$tmp/diff" || fail "git diff"
has "$tmp/diff" "-I-2-システム2-①  ①システムの名称: 窓口システム"
has "$tmp/diff" "+I-2-システム2-①  ①システムの名称: 窓口支援システム"
has "$tmp/diff" "+I-2-システム3-①  ①システムの名称: 宛名システム"
grep -q "kihon:\|systems:" "$tmp/diff" && fail "git diff shows YAML keys"
"$P" textconv $D > "$tmp/tc" || fail "textconv"
"$P" diff --git $D > "$tmp/tc2" || fail "diff --git"
cmp -s "$tmp/tc" "$tmp/tc2" || fail "diff --git differs from textconv"
has "$tmp/tc" "I-1-①  ①事務の名称: 国民年金事務"
printf 'not: [a document\n' > "$tmp/raw.yaml"
"$P" textconv "$tmp/raw.yaml" > "$tmp/out" || fail "textconv of a broken file"
cmp -s "$tmp/raw.yaml" "$tmp/out" || fail "textconv of a broken file: not the bytes"
expect_status 2 "$P" textconv "$tmp/missing.yaml"
# and git difftool with piaform diff
git difftool -y --tool=piaform main edit2 -- $D > "$tmp/dt" 2>&1 || { cat "$tmp/dt"; fail "difftool"; }
grep -q "I-2-システム2-①" "$tmp/dt" || { cat "$tmp/dt"; fail "difftool rows"; }

# --- the same items edited both ways: conflicts for check, then set and the editor ---
git checkout -q -b ours main
set_ $D I-1-① 年金事務
set_ $D I-1-② 被保険者の資格を管理し、保険料を徴収する。
set_ $D I-6-② 課長補佐
set_ $D I-6-① 国民年金課
commit "ours"
git checkout -q -b theirs main
set_ $D I-1-① 国民年金の事務
set_ $D I-1-② 被保険者の資格と年金の給付を管理する。
set_ $D I-6-② 部長
commit "theirs"
git checkout -q ours
git merge -q --no-edit theirs > "$tmp/out" 2>&1 && fail "a conflicting merge succeeded"
grep -q "conflict at I-1-①" "$tmp/out" || { cat "$tmp/out"; fail "the driver did not name the conflict"; }
get_is $D I-1-① 年金事務 # ours until someone chooses
get_is $D I-6-① 国民年金課 # the clean change beside them is in
grep -q '^<<<<<<<' $D && fail "line conflict markers in the document"
"$P" check $D > "$tmp/check"
[ $? = 1 ] || fail "check of a conflicted document"
for p in I-1-① I-1-② I-6-②; do
	grep -q "^$p	error	merge conflict: " "$tmp/check" || { cat "$tmp/check"; fail "check: $p"; }
done
grep -q '"conflicts" is not part' "$tmp/check" && fail "conflicts reported as an unknown key"
"$P" textconv $D | grep -q "^I-1-①  merge conflict: ours 「年金事務」" || fail "textconv conflict"
# piaform set settles one
set_ $D I-6-② 国民年金課長
"$P" check $D | grep -q "^I-6-②	error" && fail "set did not settle the conflict"
# the editor settles the others (piaform resolve when there is no tmux)
if command -v tmux >/dev/null && command -v python3 >/dev/null; then
	PYTHONDONTWRITEBYTECODE=1 python3 "$top_srcdir/tests/e2e/resolve.py" "$R/$D" ||
		fail "the editor did not resolve"
	get_is $D I-1-① 国民年金の事務
	got=$("$P" get $D I-1-②)
	for want in 被保険者の資格を管理し、保険料を徴収する。 被保険者の資格と年金の給付を管理する。 （要確認）; do
		case $got in *"$want"*) ;; *) fail "I-1-② after both: $got" ;; esac
	done
else
	echo "tmux or python3 missing: the editor part is skipped"
	"$P" resolve $D I-1-① theirs || fail "resolve theirs"
	"$P" resolve $D I-1-② ours || fail "resolve ours"
	get_is $D I-1-① 国民年金の事務
fi
"$P" check $D | grep -q "merge conflict" && fail "conflicts left after resolving"
grep -q '^conflicts:' $D && fail "the conflicts key stayed"
git add $D && git commit -q --no-edit || fail "commit the merge"

# --- piaform resolve and merge by hand ---
expect_status 2 "$P" resolve $D I-1-① mine
expect_status 1 "$P" resolve $D I-1-① ours # no conflict there
expect_status 2 "$P" merge
expect_status 2 "$P" merge a b
git show main:$D > "$tmp/b" && git show theirs:$D > "$tmp/t" || fail "git show"
"$P" merge -o "$tmp/m" "$tmp/b" "$tmp/b" "$tmp/t" || fail "merge -o"
cmp -s "$tmp/t" "$tmp/m" || fail "merge of an unchanged ours is not theirs"
"$P" merge -o - "$tmp/b" "$tmp/t" "$tmp/b" > "$tmp/m2" || fail "merge -o -"
cmp -s "$tmp/t" "$tmp/m2" || fail "merge to standard output"
: > "$tmp/empty"
"$P" merge -o "$tmp/m" "$tmp/empty" "$tmp/t" "$tmp/t" || fail "merge with an empty base"
cmp -s "$tmp/t" "$tmp/m" || fail "add/add of the same file"
"$P" new --form zenkomoku "$tmp/z.yaml"
expect_status 2 "$P" merge -o "$tmp/m" "$tmp/b" "$tmp/t" "$tmp/z.yaml"
cp "$tmp/t" "$tmp/t.keep"
expect_status 2 "$P" merge "$tmp/b" "$tmp/t" "$tmp/raw.yaml"
cmp -s "$tmp/t" "$tmp/t.keep" || fail "a failed merge changed OURS"

# --- review comments ---
git checkout -q main
expect_status 2 "$P" comments
expect_status 2 "$P" comments $D --add I-1-①
"$P" comments $D --add I-1-① "事務の名称は評価書名と揃えること。" --author 第三者点検委員会 \
	--date 2024-05-24 || fail "comments --add"
PIAFORM_AUTHOR=担当課 "$P" comments $D --add I-2-システム1-① "$(printf '接続先を\n確認する')" \
	--date R6.5.27 || fail "comments --add (author from PIAFORM_AUTHOR)"
expect_status 2 "$P" comments $D --add I-99 "x" --author a
"$P" comments $D > "$tmp/c" || fail "comments"
has "$tmp/c" "I-1-① #1 [open] 第三者点検委員会 令和6年5月24日"
has "$tmp/c" "  事務の名称は評価書名と揃えること。"
has "$tmp/c" "I-2-システム1-① #1 [open] 担当課 令和6年5月27日"
has "$tmp/c" "  確認する"
has "$tmp/c" "2 comments, 2 open"
"$P" comments $D --resolve I-1-1 1 || fail "comments --resolve"
expect_status 1 "$P" comments $D --resolve I-1-① 2
"$P" comments $D --open > "$tmp/c"
grep -q "事務の名称は" "$tmp/c" && fail "--open lists a resolved comment"
has "$tmp/c" "2 comments, 1 open"
"$P" check $D | grep -q "comments" && fail "check reports the comments"
for f in text markdown html; do
	"$P" export --format $f $D > "$tmp/e" || fail "export $f"
	grep -q "接続先を\|事務の名称は評価書名" "$tmp/e" && fail "export $f shows comments"
	"$P" export --format $f --with-comments $D > "$tmp/e" || fail "export $f --with-comments"
	grep -q "接続先を" "$tmp/e" || fail "export $f --with-comments: no comment"
	grep -q "第三者点検委員会" "$tmp/e" || fail "export $f --with-comments: no author"
done
commit "comments"
git diff HEAD~1 HEAD -- $D | grep -q "^+I-1-①  comment 1 第三者点検委員会 令和6年5月24日 (resolved): " ||
	fail "git diff does not show the comment"
# comments merge: one branch resolves, the other answers
git checkout -q -b answer main
"$P" comments $D --add I-2-システム1-① "確認しました" --author 情報政策課 --date R6.5.28 ||
	fail "comment on a branch"
commit "answer"
git checkout -q -b close main
"$P" comments $D --resolve I-2-システム1-① 1 || fail "resolve on a branch"
commit "close"
git merge -q --no-edit answer > "$tmp/out" 2>&1 || { cat "$tmp/out"; fail "merge comments"; }
"$P" comments $D > "$tmp/c"
has "$tmp/c" "I-2-システム1-① #1 [resolved] 担当課 令和6年5月27日"
has "$tmp/c" "I-2-システム1-① #2 [open] 情報政策課 令和6年5月28日"
pass
