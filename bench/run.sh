#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench: piaform against vim and against bare libyaml on the same files, in one run.
# Installs nothing; says what is missing. Usage: run.sh PIAFORM SRCDIR BENCH_PARSE
piaform=$1 srcdir=$2 bench_parse=$3
if ! command -v python3 >/dev/null 2>&1; then
	echo "make bench needs python3 (Debian: apt-get install python3)" >&2
	exit 1
fi
if ! command -v vim >/dev/null 2>&1; then
	echo "*** vim is not installed: the comparisons with vim will be skipped." >&2
	echo "*** Install it (Debian: apt-get install vim) for the full benchmark." >&2
fi
exec python3 -B "$srcdir/bench/bench.py" "$piaform" "$srcdir" "$bench_parse"
