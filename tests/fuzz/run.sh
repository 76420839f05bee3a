#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs libFuzzer targets (make fuzz-smoke, make fuzz-long) for SECONDS each, one after the
# other, on their committed seed corpus. New inputs go to a work corpus in the build tree,
# never into the source tree; a finding stops with the input's path and how to replay it.
#   run.sh BUILDDIR SRCDIR SECONDS TARGET...
set -u
builddir=$1 srcdir=$2 seconds=$3
shift 3
status=0
for t in "$@"; do
	bin=$builddir/tests/fuzz/$t
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin is missing; run make first (configured with --enable-fuzzing)" >&2
		status=1
		continue
	fi
	work=$builddir/tests/fuzz/work/$t
	mkdir -p "$work/corpus" "$work/artifacts"
	dict=
	[ -f "$srcdir/tests/fuzz/$t.dict" ] && dict=-dict=$srcdir/tests/fuzz/$t.dict
	log=$work/log
	: >"$work/started" # what is newer in artifacts/ comes from this run
	# room for the largest seed (a whole form, a document, a part of a report), no more
	case $t in
	fuzz_form) max=102400 ;;
	fuzz_document) max=70000 ;;
	fuzz_import) max=16384 ;; # an import of 16 kB takes a tenth of a second under ASan
	fuzz_textbuf) max=4096 ;;
	*) max=1024 ;;
	esac
	"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 -max_len=$max \
		-print_final_stats=1 -artifact_prefix="$work/artifacts/" ${dict:+"$dict"} \
		"$work/corpus" "$srcdir/tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	# the last status line: executions, cov: (edges), ft: (features), corpus, exec/s
	final=$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	[ -n "$final" ] || final=$(grep -aE '^#[0-9]+' "$log" | tail -n 1)
	printf 'fuzz: %-14s %s\n' "$t" "$final"
	if [ $rc != 0 ]; then
		status=1
		tail -n 60 "$log"
		find "$work/artifacts" -type f -newer "$work/started" | while read -r a; do
			echo "fuzz: $t found $a; replay: $bin $a"
		done
	fi
done
exit $status
