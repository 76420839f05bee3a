#!/bin/sh
# The bash completion (tools/bash-completion/piaform), driven the way bash drives it: COMP_WORDS
# and COMP_CWORD set, the function called, COMPREPLY read. Item paths for get/set/--goto come
# from form-dump of the form the document names; commands and options from piaform itself.
. "${top_srcdir:-.}/tests/lib.sh"
command -v bash >/dev/null 2>&1 || { echo "skip: no bash"; exit 77; }
script="$top_srcdir/tools/bash-completion/piaform"
cd "$tmp" || exit 99
"$PIAFORM" new --form juten doc.pia.yaml || fail "new"
"$PIAFORM" new --form kiso kiso.pia.yaml || fail "new kiso"
mkdir sub
# comp WORD...: the candidates for the last word, one per line
cat >comp.bash <<'EOS'
source "$1" || exit 3
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_piaform
printf '%s\n' "${COMPREPLY[@]}"
EOS
comp() { bash --norc --noprofile comp.bash "$script" "$PIAFORM" "$@"; }
# want CANDIDATE WORD...: the candidate is offered for the last word
want() {
	cand=$1; shift
	out=$(comp "$@") || fail "completion failed for: $*"
	printf '%s\n' "$out" | grep -qxF -- "$cand" || fail "no \"$cand\" for: $* (got: $(printf '%s' "$out" | tr '\n' ' ' | head -c 300))"
}
none() {
	out=$(comp "$@") || fail "completion failed for: $*"
	[ -z "$out" ] || fail "offers something for: $* (got: $out)"
}

# commands, options, files
want check ""
want check ch
want help he
want doc.pia.yaml ""
want sub/ s
want --goto --g
want --with-kiso check --w
want --show-problems export doc.pia.yaml --show
want --help recover --
# form ids, option values
want juten --form ""
want zenkomoku form-dump z
want markdown export --format m
want identity diff --match ""
want yes threshold --people 5 --staff 1 --accident ""
want keys help ""
# item paths for set and get, from the document's form (juten), under what is typed
want 'I-1-①' set doc.pia.yaml I-1-
want 'I-2-システム1-②' get doc.pia.yaml I-2-
out=$(comp set doc.pia.yaml I-1-)
printf '%s\n' "$out" | grep -qv '^I-1-' && fail "set offers paths outside I-1-: $out"
# the kiso form has its own paths
want '表紙-公表日' set kiso.pia.yaml 表紙-公
# another instance or file number keeps its number
want 'I-2-システム3-②' set doc.pia.yaml I-2-システム3-
want 'II\[2\]-1' set doc.pia.yaml 'II[2]-'
# --goto reads the document named on the line
want 'I-1-③' doc.pia.yaml --goto I-1-
# paths for comments --add, files for --since, the global options from --help
want 'I-1-①' comments doc.pia.yaml --add I-1-
want kiso.pia.yaml --since k
want --version --v
# the value of a choice item: its options
want '10万人以上30万人未満' set doc.pia.yaml I-1-③ 10万
# nothing for a free value, nothing for a missing document
none set doc.pia.yaml I-1-① ""
none set missing.yaml I-1-
pass
