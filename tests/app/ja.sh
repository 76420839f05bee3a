#!/bin/sh
# The Japanese UI: under a Japanese locale the messages of check, set, help keys and --help come
# from locale/ja.po, while the machine-readable parts (paths, severities) stay as they are; under
# C.UTF-8 (every other test) the same binary speaks English. The catalogue is compiled from
# ja.po here and found through PIAFORM_LOCALEDIR, since the build tree is not installed.
. "${top_srcdir:-.}/tests/lib.sh"
command -v msgfmt >/dev/null 2>&1 || { echo "skip: no msgfmt"; exit 77; }
locale -a 2>/dev/null | grep -qix 'ja_JP.utf-\{0,1\}8' || { echo "skip: no ja_JP.UTF-8 locale (locale-gen)"; exit 77; }
mkdir -p "$tmp/locale/ja/LC_MESSAGES"
msgfmt -o "$tmp/locale/ja/LC_MESSAGES/piaform.mo" "$top_srcdir/locale/ja.po" || fail "msgfmt"
PIAFORM_LOCALEDIR="$tmp/locale"
export PIAFORM_LOCALEDIR
ja() { LC_ALL=ja_JP.UTF-8 LANGUAGE= "$PIAFORM" "$@"; }
en() { LC_ALL=C.UTF-8 LANGUAGE= "$PIAFORM" "$@"; }
grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null ||
	{ echo "skip: built without native language support"; exit 77; }

doc="$tmp/doc.pia.yaml"
"$PIAFORM" new --form kiso "$doc" || fail "new"
"$PIAFORM" set "$doc" I-1-① 国民年金事務 || fail "set"

# check: the messages and the summary in Japanese, paths and severities unchanged
ja check "$doc" >"$tmp/ja.out" 2>&1
[ $? = 1 ] || fail "check of an unfinished document did not exit 1"
grep -q "	missing	未入力$" "$tmp/ja.out" || fail "no Japanese 未入力 in: $(head -n 3 "$tmp/ja.out")"
grep -q '^I-1-②	missing	' "$tmp/ja.out" || fail "paths or severities changed: $(head -n 3 "$tmp/ja.out")"
tail -n 1 "$tmp/ja.out" | grep -q "エラー 0 件、未入力 [0-9]* 件、警告 0 件" ||
	fail "summary: $(tail -n 1 "$tmp/ja.out")"
en check "$doc" >"$tmp/en.out" 2>&1
grep -q "	missing	not answered$" "$tmp/en.out" || fail "English lost under C.UTF-8: $(head -n 3 "$tmp/en.out")"
tail -n 1 "$tmp/en.out" | grep -q ": 0 errors, [0-9]* missing, 0 warnings$" || fail "English summary"

# a refused set explains itself in Japanese and leaves the file alone
cp "$doc" "$tmp/before"
msg=$(ja set "$doc" I-4-① どちらでもない 2>&1) && fail "set accepted a value outside the choices"
case $msg in *"受け付けられません"*"選択肢にありません"*"ファイルは変更していません"*) ;; *) fail "set message: $msg" ;; esac
cmp -s "$doc" "$tmp/before" || fail "a refused set changed the file"
msg=$(ja set "$doc" 表紙-公表日 令和6年13月1日 2>&1) && fail "set accepted a bad date"
case $msg in *"13 月はありません"*) ;; *) fail "date message: $msg" ;; esac
msg=$(ja get "$doc" I-99 2>&1) && fail "get of a missing item"
case $msg in *"そのような項目はありません"*) ;; *) fail "path message: $msg" ;; esac

# help: the key table, a command's usage, the global help
ja help keys | grep -q '^  F2      ^S     文書を保存$' || fail "help keys: $(ja help keys | head -n 4)"
ja check --help | grep -q '^使い方: piaform check ' || fail "check --help: $(ja check --help)"
ja --help | grep -q '^オプション:$' || fail "--help is not in Japanese"
# LANGUAGE picks the language too, as gettext documents
LC_ALL= LANG=ja_JP.UTF-8 LANGUAGE=ja "$PIAFORM" help keys | grep -q 'ヘルプ' || fail "LANG/LANGUAGE"
LC_ALL= LANG=C.UTF-8 LANGUAGE=ja "$PIAFORM" help keys | grep -q 'ヘルプ' || fail "LANGUAGE=ja LANG=C.UTF-8"
pass
