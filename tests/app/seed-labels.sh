#!/bin/sh
# Every item label printed in the real published 評価書 of ../shared/seeds must exist in the form
# definitions, under the same section and numbered heading (and repeat, e.g. 委託事項).
#
# The embedded python3 (standard library only) parses the seed text: it walks the sections
# (I, II, (別添1) …), the numbered headings (1. …), the circled items (①②…), the unnumbered
# sub-rows (その必要性 …), the risk headings (リスク1: …), repeat headers (システム1, 委託事項2~5),
# header flags ([ ] 委託しない) and table headers (変更日 | 項目 | …), and leaves out answers:
# option lists, check boxes, sentences, bullets, dates, (別添) free text and 変更箇所 rows.
# Labels are compared with the titles `piaform form-dump FORM` prints, after NFKC, without the
# marks (※, 【任意】, 【行政機関等のみ】) and without any whitespace.
#
# Seed noise the forms must not copy is listed in EXCEPTIONS below, each with its reason. An
# exception that no longer occurs fails the test, so the list stays exact.
#
# PIAFORM_FORMS_DIR=DIR checks the forms in DIR instead of the built-in ones (to try an edit
# before rebuilding). SEED_LABELS_VERBOSE=1 lists every label found with its verdict.
forms_dir=${PIAFORM_FORMS_DIR:-}
. "${top_srcdir:-.}/tests/lib.sh"
seeds=${SHARED_DIR:-$top_srcdir/../shared}/seeds
if [ ! -d "$seeds" ]; then
	echo "SKIP: no seeds in $seeds"
	exit 77
fi
if [ -n "$forms_dir" ]; then
	export PIAFORM_FORMS_DIR="$forms_dir"
	echo "forms: $forms_dir"
fi
command -v python3 >/dev/null 2>&1 || fail "python3 is needed"
for id in juten zenkomoku; do
	"$PIAFORM" form-dump "$id" > "$tmp/$id.dump" || fail "form-dump $id failed"
done

status=0
python3 - "$seeds" "$tmp" "${forms_dir:-$top_srcdir/forms}" <<'EOF' || status=$?
import glob
import html
import os
import re
import sys
import unicodedata

SEEDS = [  # file, form
    ("000_9c334daf51b6d65f.txt", "juten"),
    ("002_6aad0df2adcb4af6.txt", "juten"),
    ("003_8198ed8bac5210ca.txt", "zenkomoku"),
]
MIN_LABELS = 60  # fewer labels from one seed means the parser no longer understands it

# Labels the seeds print that the forms deliberately do not have: (seeds, section, label as
# the seed prints it, reason). A reason starting with "note:" is checked against the `note:`
# texts of the form files: the form prints the text there, and form-dump does not list notes.
EXCEPTIONS = [
    ("000", "表紙", "いわき市長", "value: the answer to 評価実施機関名 on a line of its own"),
    ("002", "表紙", "藤沢市長", "value: the answer to 評価実施機関名 on a line of its own"),
    ("003", "表紙", "高知市長", "value: the answer to 評価実施機関名 on a line of its own"),
    ("000 002 003", "II", "再委託",
     "row-span cell over 委託事項 ④–⑥ (様式4 ⑦–⑨); kept flat to give SPEC §4 paths like "
     "II-4-委託事項2-⑥ (forms/README.md)"),
    ("000 002", "III", "リスク: 目的外の入手が行われるリスク",
     "note: III 2's single risk is the note of group III-2 (forms/README.md, juten)"),
    ("000 002", "III", "リスク: 委託先における不正な使用等のリスク",
     "note: III 4's single risk is the note of group III-4 (forms/README.md, juten)"),
    ("000 002", "III", "リスク: 不正な提供・移転が行われるリスク",
     "note: III 5's single risk is the note of group III-5 (forms/README.md, juten)"),
    ("002", "III", "リスク: 特定個人情報の漏えい・滅失・毀損リスク",
     "note: III 7's single risk is the note of group III-7 (forms/README.md, juten)"),
    ("003", "III",
     "委託先による特定個人情報の不正入手・不正な使用に関するリスク 委託先による特定個人情報の"
     "不正な提供に関するリスク 委託先による特定個人情報の保管・消去に関するリスク "
     "委託契約終了後の不正な使用等のリスク 再委託に関するリスク",
     "note: the five risks of III 4 are the note of group III-4 (forms/README.md, zenkomoku)"),
    ("000 003", "III", "リスク1: 目的を超えた紐付け、事務に必要な情報との紐付けが行われるリスク",
     "seed typo for 事務に必要のない情報 (002 prints it right; reference form-juten.md §5.2)"),
    ("000 003", "III", "ルール内容及びルール遵守の確認方法",
     "seed typo for ルールの内容及び… (reference form-juten.md §5.2, form-zenkomoku.md §6.4)"),
    ("003", "III", "委託先から他者への提供に関するルール内容及びルール遵守の確認方法",
     "seed typo for …ルールの内容及び… (file (4); reference form-zenkomoku.md §6.4)"),
    ("003", "III", "委託元と委託先間の提供に関するルール内容及びルール遵守の確認方法",
     "seed typo for …ルールの内容及び… (file (4); reference form-zenkomoku.md §6.4)"),
    ("003", "III", "委託契約書中の特定個人情報の取扱いに関する規定",
     "seed variant without ファイル (files (2)(3); files (1)(4) print the form's label; "
     "form-zenkomoku.md §6.4)"),
    ("002", "III",
     "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)における他のリスク及び"
     "そのリスクに対する措置",
     "seed typo: その dropped from …におけるその他のリスク… (reference form-juten.md §5.2)"),
    ("002", "III", "特定個人情報の使用における他のリスク及びそのリスクに対する措置",
     "seed typo: その dropped from …におけるその他のリスク… (reference form-juten.md §5.2)"),
    ("003", "III", "リスク3: 入手した特定個人情報ที่ไม่正確であるリスク",
     "extraction garbage: Thai ที่ไม่ for が不 (III 2 of files (1)(4), III 6 of file (1); "
     "form-zenkomoku.md §6.2)"),
]

# ------------------------------------------------------------------ normalisation

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def soft(s):
    """NFKC except the circled numbers, which NFKC would turn into plain digits."""
    return "".join(p if p in CIRCLED else unicodedata.normalize("NFKC", p)
                   for p in re.split("([" + CIRCLED + "])", s))


MARKS = re.compile(r"※\s*\([^)]*を除く。?\)|※|【任意】|【行政機関等のみ】")


def key(s):
    """What is compared: NFKC, the marks removed, no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", MARKS.sub("", soft(s))))


HTML_TAG = re.compile(r"</?(?:p|ul|ol|li|b|strong|i|em|u|div|span|table|tr|td|th|tbody|thead"
                      r"|br|font|a|h[1-6])\b[^>]*>", re.I)


def clean(cell):
    """A table cell: HTML tags out (check boxes become ☑/☐), entities decoded, Markdown
    heading and bold marks out, soft-normalised, trimmed. <…における措置> text is kept."""
    s = re.sub(r"<input\b[^>]*>", lambda m: "☑" if "checked" in m.group(0) else "☐", cell)
    s = html.unescape(HTML_TAG.sub(" ", s))
    s = soft(s).strip()
    s = re.sub(r"^#+\s+", "", s)
    return re.sub(r"^\*\*(.*?)\*\*", r"\1", s).strip()


# ------------------------------------------------------------------ what a cell is

VALUE_FIRST = "[<「【(・-—―‐－─○〇☐☑✓※〒…'\"*/"
EMPTY_WORDS = {"非該当", "なし", "無し", "該当なし"}


def value_shaped(s):
    """An answer (or debris), never a label: empty markers, bullets, brackets, check boxes,
    numbers, dates, sentences (a 。 outside parentheses), very long text."""
    if not s or s[0] in VALUE_FIRST or "0" <= s[0] <= "9":
        return True
    if s in EMPTY_WORDS or re.match(r"^(令和|平成|昭和)(元|\d+)年", s):
        return True
    return "。" in re.sub(r"\([^()]*\)", "", s) or len(s) > 120


SECTION = re.compile(r"^(?:(?P<rom>I|II|III|IV|V|VI|VII|VIII|IX|X)\s+\S.*"
                     r"|\((?P<bet>別添\d+)\)\s*\S.*)$")
RISK = re.compile(r"^リスク\s*\d*\s*:\s*\S")
HEADING = re.compile(r"^(\d+)\.\s*\S")
ITEM = re.compile(r"^([" + CIRCLED + r"])\s*(\S.*)$")
INSTANCE = re.compile(r"^([^\d\s" + CIRCLED + r":()\[\]<>、。]+?)\d+(?:\s*[~～〜]\s*\d+)?$")
FLAG = re.compile(r"\[\s*[○〇Oo☑☐✓✔]?\s*\]\s*([^\[\]]+)")
FOOTER = re.compile(r"^\[.*様式.*\]$")
PAREN_LABEL = re.compile(r"^\(([^()\d]{1,20})\)$")


def glued(s):
    """A label with its answer glued on after a space (「使用部署 ※ 市民協働部」,
    「変更の妥当性 非該当」, 「使用者数 [ 10人未満 ] …」): the label, or None."""
    m = re.match(r"^(\S+?)\s*※\s+\S", s)
    if m and not value_shaped(m.group(1)) and len(m.group(1)) <= 40:
        return m.group(1)
    m = re.match(r"^(\S+)\s+(\S.*)$", s)
    if (m and value_shaped(m.group(2)) and not value_shaped(m.group(1))
            and len(m.group(1)) <= 20 and "、" not in m.group(1)):
        return m.group(1)
    return None


# ------------------------------------------------------------------ the seed parser


class Seed:
    """Walks one seed and collects its label cells. Each label is (line, scope, kind, text):
    scope is (section, heading number or None, repeat name or None)."""

    def __init__(self, path):
        self.path = path
        self.labels = []
        self.section = "表紙"   # the cover, up to 項目一覧
        self.free = False       # in a (別添N) sheet: free text, a change table
        self.toc = None         # the entries of 項目一覧 while reading it
        self.heading = 0        # the last "N." heading of this section
        self.item = 0           # the last circled number under it
        self.instance = None    # the repeat being read (システム, 委託事項 …)
        self.pending = False    # a heading whose answer is printed on the next line
        self.started = False
        self.lineno = 0

    def add(self, kind, text, section=None):
        scope = (self.section if section is None else section, self.heading or None,
                 self.instance)
        self.labels.append((self.lineno, scope, kind, text))

    def enter(self, text, m):
        self.section = m.group("rom") or m.group("bet")
        self.free = self.section.startswith("別添")
        self.heading, self.item, self.instance, self.pending = 0, 0, None, False
        self.add("section", text)

    def label_cell(self, s, single, rest):
        """Record the label-position cell s; False when it is an answer."""
        if RISK.match(s):
            self.item = 0
            self.add("risk", s)
            return True
        m = HEADING.match(s)
        if m:
            n = int(m.group(1))
            if n <= self.heading:
                return False            # 「1. 物理的対策」 in an answer is not a heading
            self.heading, self.item, self.instance = n, 0, None
            cut = s.find("[")
            head, tail = (s, "") if cut < 0 else (s[:cut], s[cut:])
            flags = [f.group(1).strip() for c in [tail] + rest for f in FLAG.finditer(c)]
            self.add("heading", head.strip())
            for f in flags:
                self.add("flag", f)     # [ ] 委託しない
            self.pending = single and not flags
            return True
        m = ITEM.match(s)
        if m:
            n = CIRCLED.index(m.group(1)) + 1
            if value_shaped(m.group(2)) or (single and n <= self.item):
                return False            # 「①サーバ等は…。」 in an answer
            self.item = n
            self.add("item", glued(s) or s)
            return True
        m = INSTANCE.match(s)
        if m:
            self.item, self.instance = 0, m.group(1)
            self.add("instance", m.group(1))
            return True
        g = glued(s)
        if g or not value_shaped(s):
            self.add("label", g or s)
            return True
        return False

    def line(self, raw):
        self.lineno += 1
        cells = [c for c in (clean(x) for x in raw.rstrip("\n").split("\t")) if c]
        if not cells:
            return
        single, first = len(cells) == 1, cells[0]
        if not self.started:            # the form's title
            self.started = True
            self.add("title", first)
            return
        sm = SECTION.match(first) if single else None
        if self.toc is not None:        # 項目一覧: the section titles once more
            if sm and key(first) not in self.toc:
                self.toc.add(key(first))
                self.add("section", first, section="*")
                return
            self.toc = None
            if not sm and self.section == "表紙":
                self.section = "I"      # I's heading is lost, its items follow
        if sm:
            self.enter(first, sm)
            return
        if single and key(first) == "項目一覧":
            self.toc = set()
            return
        if self.section == "表紙" or self.free:
            if not single and not any(value_shaped(c) for c in cells):
                for c in cells:         # 評価書番号 | 評価書名, 変更日 | 項目 | …
                    self.add("label", c)
            elif self.section == "表紙" and single and FOOTER.match(first):
                self.add("revision", first)
            elif self.section == "表紙" and not value_shaped(first):
                self.add("label", first)
            elif self.free and single and PAREN_LABEL.match(first):
                self.add("label", PAREN_LABEL.match(first).group(1))  # (備考)
            return
        if self.pending:
            self.pending = False
            h = HEADING.match(first)
            if single and not (RISK.match(first) or ITEM.match(first) or INSTANCE.match(first)
                               or (h and int(h.group(1)) > self.heading)):
                return                  # the heading's answer: a file name, —, …
        if not self.label_cell(first, single, cells[1:]) or single or HEADING.match(first):
            return
        second = cells[1]               # a nested label: ④使用の主体 | 使用部署 | …
        if len(cells) >= 3 and not value_shaped(second):
            self.add("item" if ITEM.match(second) else "label", glued(second) or second)
        elif len(cells) == 2 and re.match(r"^\S+?\s*※\s+\S", second) and glued(second):
            self.add("label", glued(second))  # ⑦使用の主体 | 使用部署 ※ 市民協働部

    def parse(self):
        with open(self.path, encoding="utf-8") as f:
            for raw in f:
                self.line(raw)
        return self.labels


# ------------------------------------------------------------------ the form


class Form:
    def __init__(self, dump):
        self.items = []                 # (path, title key)
        with open(dump, encoding="utf-8") as f:
            for ln in f:
                cols = ln.rstrip("\n").split("\t")
                if ln.startswith("# "):
                    self.id, self.title, self.revision = cols[0][2:], cols[1], cols[2]
                else:
                    self.items.append((cols[0], key(cols[4])))

    def paths(self, k):
        return [p for p, t in self.items if t == k]

    def in_scope(self, path, scope):
        section, heading, instance = scope
        segs = path.split("-")
        if segs[0] != section:
            return False
        if instance is not None:
            return instance + "1" in segs[1:]
        return heading is None or path == "%s-%d" % (section, heading) or \
            path.startswith("%s-%d-" % (section, heading))

    def match(self, scope, kind, text):
        k = key(text)
        if kind == "title":
            return k == key(self.title)
        if kind == "revision":
            return k == key(self.revision)
        if kind == "section":
            return any("-" not in p for p in self.paths(k))
        if kind == "instance":
            return any(self.in_scope(p, (scope[0], None, None)) and k + "1" in p.split("-")
                       for p, _ in self.items)
        return any(self.in_scope(p, scope) for p in self.paths(k))


def form_notes(forms_dir):
    """The `note:` texts of the form files (plain, quoted or block scalars), as keys."""
    notes = []
    for name in sorted(glob.glob(os.path.join(forms_dir, "*.yaml"))):
        lines = open(name, encoding="utf-8").read().split("\n")
        for i, ln in enumerate(lines):
            m = re.match(r"^(\s*)note:\s*(.*)$", ln)
            if not m:
                continue
            value = m.group(2).strip()
            if value in ("|", ">", "|-", ">-"):
                body = []
                for nxt in lines[i + 1:]:
                    if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= len(m.group(1)):
                        break
                    body.append(nxt)
                value = "\n".join(body)
            notes.append(key(value.strip("\"'")))
    return notes


# ------------------------------------------------------------------ the check

seeds_dir, tmp, forms_dir = sys.argv[1:4]
verbose = os.environ.get("SEED_LABELS_VERBOSE") == "1"
notes = form_notes(forms_dir)
exceptions = {}
for seeds, section, label, reason in EXCEPTIONS:
    for s in seeds.split():
        exceptions[(s, section, key(label))] = [reason, False]
failures = 0


def problem(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


for name, form_id in SEEDS:
    path = os.path.join(seeds_dir, name)
    if not os.path.exists(path):
        problem("%s: no such seed" % path)
        continue
    form = Form(os.path.join(tmp, form_id + ".dump"))
    seen = {}
    labels = Seed(path).parse()
    ncells = len(labels)
    for lineno, scope, kind, text in labels:
        seen.setdefault((scope, kind, key(text)), (lineno, text))
    counts = {"matched": 0, "excepted": 0, "unmatched": 0}
    for (scope, kind, k), (lineno, text) in sorted(seen.items(), key=lambda e: e[1][0]):
        section, heading, instance = scope
        where = "%s:%d [%s]" % (name[:3], lineno, "-".join(
            str(x) for x in (section, instance or heading) if x is not None))
        exc = exceptions.get((name[:3], scope[0], k))
        if form.match(scope, kind, text):
            verdict = "matched"
        elif exc:
            verdict = "excepted"
            exc[1] = True
            if exc[0].startswith("note:") and not any(k in n for n in notes):
                problem("%s %s 「%s」 is excepted as a note, but no note: in %s holds it"
                        % (where, kind, text, forms_dir))
        else:
            verdict = "unmatched"
            elsewhere = sorted({p for p in form.paths(k)})
            problem("%s %s 「%s」 is not in form %s%s" % (
                where, kind, text, form_id,
                " at this place (it is at %s)" % ", ".join(elsewhere[:4]) if elsewhere else ""))
        counts[verdict] += 1
        if verbose:
            print("  %-9s %s %s %s" % (verdict, where, kind, text))
    print("%s (%s): %d labels (%d cells), %d matched, %d excepted, %d unmatched" % (
        name, form_id, len(seen), ncells, counts["matched"], counts["excepted"],
        counts["unmatched"]))
    if len(seen) < MIN_LABELS:
        problem("%s: only %d labels found (at least %d expected): has the seed format changed?"
                % (name, len(seen), MIN_LABELS))

for (seed, section, k), (reason, used) in sorted(exceptions.items()):
    if not used:
        problem("exception no longer needed for seed %s [%s] %s (%s): remove it from %s"
                % (seed, section, k, reason, "tests/app/seed-labels.sh"))
sys.exit(1 if failures else 0)
EOF
[ "$status" = 0 ] || fail "seed labels missing from the forms, or a stale exception (see above)"
pass
