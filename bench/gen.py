# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark documents: the 全項目 fixture (1x) and synthetic 全項目評価書 N times its size.

A synthetic document answers every item of `piaform form-dump zenkomoku`, fills every repeated
group to its limit with long answers, and grows by adding 特定個人情報ファイル (the per-file
sections II, 別添2 and III), the way real documents grow. The text is real prose taken from
the fixture, so that widths, line lengths and the mix of characters are those of real answers.
Choices avoid the values that make other items not applicable, so that everything is checked.
The YAML written here is then saved once by piaform itself, which makes it canonical.

    gen.py PIAFORM FORMS_DIR FIXTURE OUTDIR SCALE...     (SCALE 1 copies the fixture)
Prints one line per document: scale, path, bytes."""
import json
import os
import random
import re
import shutil
import subprocess
import sys

MAX_BYTES = 16 * 1024 * 1024  # YAMLIO_MAX_BYTES: piaform refuses larger files
SIZE_MARGIN = 0.97  # stay this far under it, so a canonical save cannot cross it

# When there is no fixture (and for the sentences below): a few real-looking answers.
FALLBACK_TEXT = (
    "住民基本台帳法に基づき、住民の居住関係を公証する住民票を作成し、記載事項の変更を管理する。",
    "転入届、転居届、転出届等の届出を受け付け、住民票の記載、削除又は記載の修正を行う。",
    "特定個人情報ファイルへのアクセスは、生体認証とパスワードによる二要素認証で利用者を確認する。",
    "委託先とは秘密保持契約を締結し、作業場所、作業者及び取り扱う情報の範囲を限定している。",
    "バックアップは暗号化した上で、施錠された保管庫に保管し、保存期間を過ぎたものは消去する。",
)


def form_dump(piaform):
    """The rows of form-dump zenkomoku: dicts with path, id, kind, lo, hi, marks, options."""
    out = subprocess.run([piaform, "form-dump", "zenkomoku"], check=True,
                         capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        f = line.split("\t")
        kind, lo, hi = f[2], 0, 0
        m = re.match(r"(\w+)\((\d+)\.\.(\d+)\)", kind)
        per_file = kind.endswith("(per-file)")
        if m:
            kind, lo, hi = m.group(1), int(m.group(2)), int(m.group(3))
        month = kind == "date(month)"
        kind = re.sub(r"\(.*\)", "", kind)
        rows.append({"path": f[0], "id": f[1], "kind": kind, "lo": lo, "hi": hi,
                     "per_file": per_file, "month": month, "marks": f[3],
                     "extra": f[5:]})
    return rows


def form_conditions(forms_dir):
    """Values named by the form's conditions: {item id: set of values to avoid} (na_if … is:)
    and {item id: set of check options to tick} (… lacks:), read from the form's text."""
    avoid, tick = {}, {}
    for name in ("zenkomoku.yaml", "common.yaml"):
        try:
            with open(os.path.join(forms_dir, name), encoding="utf-8") as f:
                text = f.read()
        except OSError:
            continue
        for item, op, value in re.findall(r"\{item: *([\w.]+), *(is|lacks): *([^}]+?)\s*\}", text):
            (avoid if op == "is" else tick).setdefault(item, set()).add(value.strip())
    return avoid, tick


def titled_repeats(forms_dir):
    """Ids (last segment) of repeats whose instances carry a title."""
    ids = set()
    try:
        with open(os.path.join(forms_dir, "zenkomoku.yaml"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return {"jiko", "teikyosaki", "itensaki"}
    for block in re.split(r"\n\s*- id: ", text):
        head = block.split("\n", 1)[0].strip()
        body = block.split("\n- ")[0]
        if "kind: repeat" in body and "title: true" in body:
            ids.add(head)
    return ids


def sentences(fixture):
    """Japanese sentences from the fixture's answers."""
    found = []
    try:
        with open(fixture, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                line = re.sub(r"^(- )?[\w]+: *(\|-?)?", "", line).strip("'\" ")
                for s in re.split(r"(?<=。)", line):
                    s = s.strip()
                    if len(s) >= 12 and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", s):
                        found.append(s)
    except OSError:
        pass
    found = sorted(set(found))
    return found if len(found) >= 20 else list(FALLBACK_TEXT)


class Builder:
    def __init__(self, rows, avoid, tick, titled, corpus, seed):
        self.rows = rows
        self.by_id = {r["id"]: r for r in rows}
        self.children = {}
        for r in rows:
            parent = r["id"].rsplit(".", 1)[0] if "." in r["id"] else None
            self.children.setdefault(parent, []).append(r)
        self.avoid, self.tick, self.titled = avoid, tick, titled
        self.corpus = corpus
        self.rng = random.Random(seed)

    def text(self, n):
        return "".join(self.rng.choice(self.corpus) for _ in range(n))

    def options(self, r):
        """(option text, has a ( ) part, exclusive) of a choice or check list."""
        opts = []
        for e in r["extra"]:
            m = re.match(r"\d+\) (.*)$", e)
            if not m:
                continue
            t = m.group(1)
            excl = t.endswith(" (exclusive)")
            t = t[:-len(" (exclusive)")] if excl else t
            paren = t.endswith(" ( )")
            opts.append((t[:-4] if paren else t, paren, excl))
        return opts

    def value(self, r, repeat_counts):
        k = r["kind"]
        if k == "text":
            return self.text(1)
        if k == "textarea":
            return "\n".join(self.text(self.rng.randint(1, 2))
                             for _ in range(self.rng.randint(3, 7)))
        if k == "choice":
            bad = self.avoid.get(r["id"], set())
            opts = [o for o in self.options(r) if not o[1]]
            good = [o for o in opts if o[0] not in bad]
            # conditions name both values of some items: then the first, the active one
            return self.rng.choice(good)[0] if good else opts[0][0] if opts else None
        if k == "checks":
            opts = [o for o in self.options(r) if not o[2]]
            want = self.tick.get(r["id"], set())
            picked = [o for o in opts if o[0] in want or self.rng.random() < 0.4] or opts[:1]
            return [{o[0]: self.text(1)[:40]} if o[1] else o[0] for o in picked]
        if k == "date":
            y, m, d = self.rng.randint(2, 6), self.rng.randint(1, 12), self.rng.randint(1, 28)
            return "令和%d年%d月" % (y, m) if r["month"] else "令和%d年%d月%d日" % (y, m, d)
        if k == "count":
            target = r["extra"][0].split(" ", 1)[1] if r["extra"] else ""
            return repeat_counts.get(target, 1)
        if k == "flag":  # the section is answered, not switched off
            return False
        return None  # fixed text, and anything new: left unanswered

    def mapping(self, parent_id, repeats):
        out = {}
        kids = self.children.get(parent_id, [])
        counts = {r["id"]: repeats for r in kids if r["kind"] == "repeat"}
        for r in kids:
            key = r["id"].rsplit(".", 1)[-1]
            k = r["kind"]
            if k in ("group", "section"):
                out[key] = self.mapping(r["id"], repeats)
            elif k in ("repeat", "table"):
                n = max(r["lo"], min(r["hi"] or repeats, repeats)) if k == "repeat" else repeats
                inst = []
                for _ in range(n):
                    m = {}
                    if key in self.titled:
                        m["title"] = self.text(1)[:60]
                    m.update(self.mapping(r["id"], repeats))
                    inst.append(m)
                out[key] = inst
            else:
                v = self.value(r, counts)
                if v is not None:
                    out[key] = v
        return out

    def document(self, files, repeats):
        answers = {}
        for r in self.children.get(None, []):
            if r["kind"] != "section":
                continue
            if r["per_file"]:
                answers[r["id"]] = [self.mapping(r["id"], repeats) for _ in range(files)]
            else:
                answers[r["id"]] = self.mapping(r["id"], repeats)
        return {"piaform": 1, "form": "zenkomoku", "answers": answers}


def emit(v, indent=0, out=None):
    """Block-style YAML; strings double-quoted (JSON strings are YAML) or literal blocks."""
    pad = "  " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append("%s%s:\n" % (pad, k))
                emit(x, indent + 1, out)
            else:
                out.append("%s%s: %s\n" % (pad, k, scalar(x, indent + 1)))
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = []
                emit(x, indent + 1, sub)
                first = sub[0][len("  " * (indent + 1)):]
                out.append("%s- %s" % (pad, first))
                out.extend(sub[1:])
            else:
                out.append("%s- %s\n" % (pad, scalar(x, indent + 1)))
    return out


def scalar(x, indent):
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, dict) and not x:
        return "{}"
    if isinstance(x, list) and not x:
        return "[]"
    if "\n" in x:
        pad = "  " * indent
        return "|-\n" + "\n".join(pad + line for line in x.split("\n"))
    return json.dumps(x, ensure_ascii=False)


def write_canonical(piaform, path, doc):
    """Write doc as piaform saves it; its size, or None when it would be too large to load."""
    text = "".join(emit(doc, 0, [])).encode("utf-8")
    if len(text) > MAX_BYTES:
        return None
    with open(path, "wb") as f:
        f.write(text)
    # any set rewrites the whole file the way piaform saves it (and proves it loads)
    subprocess.run([piaform, "set", path, "表紙-評価書番号", "1"], check=True,
                   capture_output=True)
    return os.path.getsize(path)


def synthetic(piaform, forms_dir, corpus, path, target_bytes, repeats=20):
    rows = form_dump(piaform)
    avoid, tick = form_conditions(forms_dir)
    titled = titled_repeats(forms_dir)

    def build(files):
        return Builder(rows, avoid, tick, titled, corpus, seed=files).document(files, repeats)

    # the size grows by the same amount per file: measure one and two, then solve
    one = write_canonical(piaform, path, build(1))
    two = write_canonical(piaform, path, build(2))
    per_file = max(two - one, 1)
    files = max(1, round((target_bytes - (one - per_file)) / per_file))
    files = min(files, int((MAX_BYTES * SIZE_MARGIN - (one - per_file)) // per_file))
    while True:
        size = write_canonical(piaform, path, build(files))
        if size is not None and size <= MAX_BYTES or files == 1:
            return size, files
        files -= 1


def main(argv):
    piaform, forms_dir, fixture, outdir = argv[1:5]
    scales = [int(s) for s in argv[5:]] or [1, 10, 100]
    os.makedirs(outdir, exist_ok=True)
    corpus = sentences(fixture)
    base = os.path.join(outdir, "doc-1x.pia.yaml")
    if os.path.exists(fixture):
        shutil.copyfile(fixture, base)
        base_size = os.path.getsize(base)
    else:  # a full 全項目 document of ordinary size: four files, three of each repeat
        rows = form_dump(piaform)
        b = Builder(rows, *form_conditions(forms_dir), titled_repeats(forms_dir), corpus, 1)
        base_size = write_canonical(piaform, base, b.document(4, 3))
    for s in scales:
        path = os.path.join(outdir, "doc-%dx.pia.yaml" % s)
        if s == 1:
            size, files = base_size, None
        else:
            size, files = synthetic(piaform, forms_dir, corpus, path, base_size * s)
        print("%d\t%s\t%d\t%s" % (s, path, size, files if files is not None else "-"))


if __name__ == "__main__":
    main(sys.argv)
