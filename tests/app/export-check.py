#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks of piaform export output that a golden file cannot make:
#   export-check.py html FILE.html
#       well-formed (every element closed in order), no <script>, no external reference
#       (http:, https:, file:, // in src/href/…, url( or @import in CSS), ids unique, every
#       #link pointing at an id of the page.
#   export-check.py order PIAFORM DOC.yaml EXPORT.txt WIDTH
#       the text export (written with --width WIDTH) shows every item of the form, in form
#       order (repeats and per-file sections expanded as the document has them), each with
#       the document's value: [ choice ], [○] boxes, ( n ) 件, text, 「—」 for none and for
#       what check reports as not applicable.
#   export-check.py beside PIAFORM DOC.yaml EXPORT.txt WIDTH SEED.txt
#       the same export placed beside the published text the document was transcribed
#       from: its text answers are found there, in the same order.
import bisect
import html
import html.parser
import re
import subprocess
import sys
import unicodedata

import yaml

NONE = "\u2014"


def fail(msgs):
    for m in msgs[:40]:
        print("export-check: " + m, file=sys.stderr)
    if len(msgs) > 40:
        print("export-check: … and %d more" % (len(msgs) - 40), file=sys.stderr)
    sys.exit(1)


# --- html ---------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
URL_ATTRS = {"src", "href", "action", "formaction", "data", "poster", "srcset", "background",
             "cite", "manifest"}
EXTERNAL = re.compile(r"^\s*(https?:|file:|ftp:|//|javascript:)", re.I)


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids, self.links = [], [], set(), []
        self.in_style, self.style = False, []

    def where(self):
        return "line %d" % self.getpos()[0]

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.errors.append("%s: <script>" % self.where())
        for k, v in attrs:
            if k.startswith("on"):
                self.errors.append("%s: event handler %s" % (self.where(), k))
            if k in URL_ATTRS and v is not None:
                if EXTERNAL.match(v):
                    self.errors.append("%s: external reference %s=%s" % (self.where(), k, v))
                if k == "href" and v.startswith("#"):
                    self.links.append((self.where(), v[1:]))
            if k == "id":
                if v in self.ids:
                    self.errors.append("%s: duplicate id %s" % (self.where(), v))
                self.ids.add(v)
            if k == "style" and v is not None and ("url(" in v or "@import" in v):
                self.errors.append("%s: url() in a style attribute" % self.where())
        if tag == "link":
            self.errors.append("%s: <link> loads another file" % self.where())
        if tag not in VOID:
            self.stack.append((tag, self.where()))
        self.in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        self.in_style = False
        if tag in VOID:
            self.errors.append("%s: </%s> closes a void element" % (self.where(), tag))
            return
        if not self.stack:
            self.errors.append("%s: </%s> closes nothing" % (self.where(), tag))
            return
        top, at = self.stack.pop()
        if top != tag:
            self.errors.append("%s: </%s> closes <%s> opened at %s" % (self.where(), tag, top, at))

    def handle_data(self, data):
        if self.in_style:
            self.style.append(data)


def check_html(path):
    text = open(path, encoding="utf-8").read()
    c = Checker()
    c.feed(text)
    c.close()
    errors = c.errors
    if not text.startswith("<!DOCTYPE html>"):
        errors.append("no <!DOCTYPE html> at the start")
    for tag, at in c.stack:
        errors.append("<%s> opened at %s is never closed" % (tag, at))
    css = "".join(c.style)
    if "url(" in css or "@import" in css:
        errors.append("the style sheet refers to another file")
    if "@page" not in css:
        errors.append("no print CSS (@page)")
    for at, target in c.links:
        if target not in c.ids:
            errors.append("%s: link to #%s, which is not on the page" % (at, target))
    if errors:
        fail([path + ": " + e for e in errors])


# --- order --------------------------------------------------------------------------------

def visible(s):
    """What the exporter prints for document text (the width module's sanitiser)."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif o < 0x20:
            out.append("^" + chr(o + 0x40))
        elif o == 0x7F:
            out.append("^?")
        elif 0x80 <= o < 0xA0 or (unicodedata.category(ch) in ("Cf", "Zl", "Zp") and o != 0x200D):
            out.append("<U+%04X>" % o)
        else:
            out.append(ch)
    return "".join(out)


def squeeze(s):
    """Text compared without the spaces and line ends that wrapping may move or drop."""
    return re.sub(r"\s+", "", s)


def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF"
               else 1 for c in s)


class Node:
    def __init__(self, path, dotted, kind, marks, title):
        self.path, self.dotted, self.kind, self.marks, self.title = path, dotted, kind, marks, title
        self.id = dotted.split(".")[-1]
        self.children = []


def form_tree(piaform, form):
    dump = subprocess.run([piaform, "form-dump", form], check=True, capture_output=True,
                          text=True).stdout.splitlines()[1:]
    root, by_dotted = Node("", "", "root", "", ""), {}
    for line in dump:
        f = line.split("\t")
        n = Node(f[0], f[1], f[2], f[3], f[4])
        parent = by_dotted.get(n.dotted.rsplit(".", 1)[0]) if "." in n.dotted else root
        if parent is None:
            continue  # a table's columns: the table is checked as a whole
        if parent.kind == "table":
            continue
        parent.children.append(n)
        by_dotted[n.dotted] = n
    return root


def expand(root, answers):
    """The leaf items in printed order: (path, node, value)."""
    items = []
    nfiles = 1
    for s in root.children:
        seq = answers.get(s.id) if isinstance(answers, dict) else None
        if "per-file" in s.kind and isinstance(seq, list):
            nfiles = max(nfiles, len(seq))

    def sub(template, pairs):
        best = None
        for tp, ap in pairs:
            if template.startswith(tp) and (best is None or len(tp) > len(best[0])):
                best = (tp, ap)
        return template if best is None else best[1] + template[len(best[0]):]

    def walk(n, m, pairs):
        m = m if isinstance(m, dict) else {}
        if n.kind.startswith("repeat"):
            seq = m.get(n.id)
            seq = seq if isinstance(seq, list) else []
            if not n.children:
                return
            # instances are named in their children's paths: I-2-システム1-①, II-4-委託事項1-①
            m2 = re.match(re.escape(n.path) + r"(-[^-]*?)?1-", n.children[0].path)
            if m2 is None:
                return
            for k, inst in enumerate(seq):
                ap = sub(n.path, pairs) + (m2.group(1) or "") + str(k + 1) + "-"
                for c in n.children:
                    walk(c, inst, pairs + [(m2.group(0), ap)])
            return
        if n.kind in ("group", "section") or n.kind.startswith("section"):
            for c in n.children:
                walk(c, m.get(n.id), pairs)
            return
        if n.kind == "flag":
            return  # printed in its heading's line
        items.append((sub(n.path, pairs), n, m.get(n.id)))

    for s in root.children:
        if "per-file" in s.kind:
            seq = answers.get(s.id) if isinstance(answers, dict) else None
            seq = seq if isinstance(seq, list) else []
            for f in range(nfiles):
                m = {s.id: seq[f]} if f < len(seq) else {}
                ap = s.path if f == 0 else "%s[%d]" % (s.path, f + 1)
                fake = Node(s.path, s.dotted, "group", s.marks, s.title)
                fake.children = s.children
                walk(fake, m, [(s.path + "-", ap + "-"), (s.path, ap)])
        else:
            walk(s, answers, [])
    return items


def na_paths(piaform, doc):
    out = subprocess.run([piaform, "check", doc], capture_output=True, text=True).stdout
    return {l.split("\t")[0] for l in out.splitlines()
            if "\t" in l and "not applicable" in l.split("\t")[-1]}


MARKS = re.compile(r"^( ※)?(【任意】)?(【行政機関等のみ】)?")


def read_export(piaform, doc, export, cols):
    """The document's items and what the text export shows for each, in form order:
    [(path, node, value, shown lines, line number)]; errors for items not found in order."""
    answers = yaml.load(open(doc, encoding="utf-8"), Loader=yaml.BaseLoader)
    items = expand(form_tree(piaform, answers.get("form")), answers.get("answers") or {})
    lines = open(export, encoding="utf-8").read().split("\n")
    valcol = max(12, cols // 3) + 2
    out, errors, cursor = [], [], 0

    # the cover's leading one-line items are the 評価書番号 | 評価書名 table, not label rows
    skip = set()
    for path, n, v in items:
        if not n.dotted.startswith("cover.") or n.kind != "text":
            break
        skip.add(path)
    if len(skip) < 2:
        skip = set()
    for path, n, v in items:
        if path in skip:
            grid = [l for l in lines[:60] if l.startswith("| ")]
            if v and not any(squeeze(visible(v)) in squeeze(l) for l in grid):
                errors.append("%s: %r is not in the cover table" % (path, v))
            continue
        title = n.title
        found = None
        for i in range(cursor, len(lines)):
            s = lines[i].lstrip(" ")
            if not s.startswith(title):
                continue
            rest = s[len(title):]
            m = MARKS.match(rest)
            rest = rest[m.end():]
            if rest == "" or rest.startswith("  "):
                found = (i, len(lines[i]) - len(s), rest.strip(" "))
                break
        if found is None:
            errors.append("%s: %s not found after line %d (order or missing item)"
                          % (path, title, cursor + 1))
            continue
        i, indent, rest = found
        value = []
        if rest:
            value.append(rest)
            j = i + 1
            while j < len(lines) and lines[j].startswith(" " * valcol) and lines[j].strip():
                value.append(lines[j].strip(" "))
                j += 1
        else:
            j = i + 1
            while j < len(lines) and lines[j].startswith(" " * (indent + 2)) and \
                    not lines[j].startswith(" " * (indent + 3)) and lines[j].strip():
                value.append(lines[j][indent + 2:])
                j += 1
        cursor = i + 1
        out.append((path, n, v, value, i + 1))
    return out, errors


def check_order(piaform, doc, export, cols):
    shown, errors = read_export(piaform, doc, export, cols)
    na = na_paths(piaform, doc)
    for path, n, v, value, line in shown:
        why = judge(n, v, value, path in na)
        if why:
            errors.append("%s (line %d): %s" % (path, line, why))
    if errors:
        fail(errors)
    print("export-check: %d items in form order with their values" % len(shown))


def check_beside(piaform, doc, export, cols, seed):
    """The export beside the published text it was transcribed from: the distinctive text
    answers the export shows are found in the seed's text, in the same order (extraction
    noise allowed for: the seed text lost and moved some blocks)."""
    shown, errors = read_export(piaform, doc, export, cols)
    if errors:
        fail(errors)

    def norm(t):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", t))

    raw = open(seed, encoding="utf-8").read()
    text = norm(html.unescape(re.sub(r"<[^>]+>", "", raw)))
    tested, found, tails = 0, 0, []
    missing = []
    for path, n, v, value, line in shown:
        key = norm("".join(value))
        if n.kind not in ("text", "textarea") or len(key) < 8 or key == norm(NONE):
            continue
        tested += 1
        hits = [m.start() for m in re.finditer(re.escape(key[:12]), text)]
        if not hits:
            missing.append(path)
            continue
        found += 1
        # longest chain of increasing positions, one position per answer
        for x in sorted(hits, reverse=True):
            k = bisect.bisect_left(tails, x)
            if k == len(tails):
                tails.append(x)
            else:
                tails[k] = x
    inorder = len(tails)
    print("export-check: %s: %d text answers; %d found in the seed text, %d of them in the "
          "export's order" % (seed.rsplit("/", 1)[-1], tested, found, inorder))
    if tested == 0 or found < 0.85 * tested or inorder < 0.95 * found:
        fail(["%s: too few answers found in the seed text in order (missing: %s)"
              % (seed, ", ".join(missing[:10]))])


def judge(n, v, value, na):
    """Why value (the export's lines) does not show answer v, or None."""
    shown = "\n".join(value)
    first = value[0] if value else ""
    kind = n.kind.split("(")[0]
    empty = v is None or v == "" or v == []
    if kind in ("fixed", "table"):
        return None  # fixed text; the 変更箇所 table is compared by the golden files
    if kind == "choice":
        if empty:
            return None if first in ("[ ]", "[ %s ]" % NONE) else "shows %r for no answer" % first
        if v == NONE or (na and first == "[ %s ]" % NONE):
            return None if first == "[ %s ]" % NONE else "shows %r for none" % first
        want = "[ %s ]" % visible(v)
        return None if squeeze(first) == squeeze(want) or squeeze("".join(value)).startswith(
            squeeze(want)) else "shows %r, the document has %r" % (first, v)
    if shown == NONE:
        return None if (empty or v == NONE or na) else "shows 「—」 for %r" % (v,)
    if kind == "checks":
        if v == NONE:
            return "shows boxes for none"
        cells = set()
        for line in value:
            for c in re.split(r"  +", line):
                if c.startswith("[○] "):
                    cells.add(squeeze(c))
        want = set()
        for e in (v if isinstance(v, list) else []):
            if isinstance(e, dict):
                for k, t in e.items():
                    want.add(squeeze(visible("[○] %s ( %s )" % (k, t) if t else "[○] %s ( )" % k)))
            else:
                want.add(squeeze(visible("[○] " + e)))
        return None if cells == want else "checked %s, the document has %s" % (
            sorted(cells), sorted(want))
    if kind == "count":
        want = "( ) 件" if empty else "( %s ) 件" % v
        return None if first == want else "shows %r, wanted %r" % (first, want)
    if empty:
        return None if shown == "" else "shows %r for no answer" % shown
    if v == NONE:
        return "shows %r for none" % shown
    if not isinstance(v, str):
        return "the document has %r" % (v,)
    if squeeze(shown) == squeeze(visible(v)):
        return None
    if kind == "date" and squeeze(shown).startswith(squeeze(v)):
        return None  # a suffix such as 時点 follows the date
    return "shows %r, the document has %r" % (shown[:80], v[:80])


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "html":
        check_html(sys.argv[2])
    elif len(sys.argv) == 6 and sys.argv[1] == "order":
        check_order(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif len(sys.argv) == 7 and sys.argv[1] == "beside":
        check_beside(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    else:
        print(__doc__ or "usage: export-check.py html FILE | order PIAFORM DOC EXPORT WIDTH",
              file=sys.stderr)
        sys.exit(2)


main()
