#!/bin/sh
# Command-line behaviour: --version, --help, bad options, forms, form-dump golden files.
. "${top_srcdir:-.}/tests/lib.sh"
out=$("$PIAFORM" --version) || fail "--version failed"
case $out in "piaform "[0-9]*) ;; *) fail "--version printed: $out" ;; esac
"$PIAFORM" --help | grep -q '^  check .*FILE' || fail "--help does not list check"
"$PIAFORM" --help | grep -q 'form-dump ID' || fail "--help does not list form-dump"
expect_status 2 "$PIAFORM" --bogus
msg=$("$PIAFORM" --bogus 2>&1); [ "$(printf '%s\n' "$msg" | wc -l)" = 1 ] || fail "unknown option message is not one line: $msg"
expect_status 2 "$PIAFORM" form-dump nothing
"$PIAFORM" forms > "$tmp/forms" || fail "forms failed"
[ "$(cut -f1 "$tmp/forms" | tr '\n' ' ')" = "kiso juten zenkomoku " ] || fail "forms: $(cat "$tmp/forms")"
for id in kiso juten zenkomoku; do
	"$PIAFORM" form-dump "$id" > "$tmp/$id.dump" || fail "form-dump $id failed"
	golden "$tmp/$id.dump" "$top_srcdir/tests/data/golden/form-dump-$id.txt"
done
# the same forms read from the source directory give the same dump
PIAFORM_FORMS_DIR="$top_srcdir/forms" "$PIAFORM" form-dump juten > "$tmp/juten.dir" || fail "forms dir"
cmp -s "$tmp/juten.dir" "$tmp/juten.dump" || fail "form-dump differs between built-in and --forms-dir"
# a broken form in a forms directory is reported with file:line:column
mkdir "$tmp/fdir"; cp "$top_srcdir"/forms/*.yaml "$tmp/fdir/"
sed -i 's/^title: /titel: /' "$tmp/fdir/juten.yaml"
msg=$("$PIAFORM" --forms-dir "$tmp/fdir" forms 2>&1) && fail "broken form accepted"
case $msg in *"juten.yaml:"*":1: unknown key \"titel\" in a form definition"*) ;; *) fail "message: $msg" ;; esac
pass
