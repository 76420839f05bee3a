#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Pictures of the HTML export for looking at the layout (make screenshots; not part of make
# check): the start of the page (review summary and cover) and the start of each section,
# rendered by headless Chromium (Debian's chromium: apt-get install -y chromium, plus
# fonts-noto-cjk for the Japanese text) at about the proportions of an A4 page.
# usage: tools/screenshots.sh PIAFORM DOC OUTDIR
set -eu
piaform=$1 doc=$2 out=$3
chromium=${CHROMIUM:-chromium}
if [ ! -f "$doc" ]; then
	echo "screenshots: $doc does not exist; nothing to render"
	exit 0
fi
command -v "$chromium" >/dev/null 2>&1 ||
	{ echo "screenshots: $chromium is not installed (apt-get install -y chromium)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ImageMagick cuts the tall pictures into A4-sized pages when it is there
cut=
if command -v convert >/dev/null 2>&1 && convert -version 2>/dev/null | grep -q ImageMagick; then
	cut=convert
fi

# shot NAME PAGES [EXPORT-OPTION...]: export, then render the first PAGES screen pages of it
shot() {
	name=$1 pages=$2; shift 2
	"$piaform" export --format html -o "$out/$name.html" "$@" "$doc"
	rm -f "$out/$name.png" "$out/$name"-p*.png
	"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
	    --no-first-run --hide-scrollbars --user-data-dir="$out/.chromium" \
	    --window-size=1000,$((1414 * pages)) --screenshot="$out/$name.png" \
	    "file://$out/$name.html" >"$out/$name.log" 2>&1 || true
	[ -s "$out/$name.png" ] || { echo "screenshots: chromium wrote no $name.png (see $out/$name.log)" >&2; exit 1; }
	echo "  $out/$name.png"
	if [ -n "$cut" ] && [ "$pages" -gt 1 ]; then
		$cut "$out/$name.png" -crop 1000x1414 +repage "$out/$name-p%d.png" &&
			echo "    (cut into $pages pages: $name-p0.png …)"
	fi
}

shot export 3
shot export-problems 3 --show-problems
form=$(sed -n 's/^form: *//p' "$doc")
i=0
for s in $("$piaform" form-dump "$form" | awk -F'\t' '$3 ~ /^section/ && $1 !~ / / {print $1}'); do
	i=$((i + 1))
	shot "export-$(printf %02d "$i")-$s" 4 --only-section "$s"
done
