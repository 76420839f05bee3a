# SPDX-License-Identifier: GPL-3.0-or-later
"""Golden screens of the editor's main views at 80x24, with East Asian ambiguous characters
drawn 1 column wide (xterm, tmux) and 2 columns wide (Tera Term), through the emulator in
vt.py. Besides the golden comparison, every screen is checked for alignment: no line wider
than the terminal, and the frame between outline and page in the same column on every row.
UPDATE_GOLDEN=1 rewrites the golden files."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from tmuxdrive import Suite  # noqa: E402
from vt import Pty, char_width  # noqa: E402

PIAFORM = os.path.abspath(os.environ.get("PIAFORM", "./piaform"))
TOP = os.environ.get("top_srcdir", ".")
GOLDEN = os.path.join(TOP, "tests", "data", "golden")
WORK = tempfile.mkdtemp(prefix="piaform-screens-")


def setup_doc():
    p = os.path.join(WORK, "screens.yaml")
    if os.path.exists(p):
        return p
    subprocess.run([PIAFORM, "new", "--form", "juten", p], check=True)
    for path, value in [("I-1-①", "国民年金事務"),
                        ("I-1-②", "国民年金法に基づく被保険者資格の管理、保険料免除申請の受付及び審査を行う。"),
                        ("I-1-③", "4"),
                        ("I-2-システム1-①", "国民年金システム"),
                        ("I-2-システム1-③", "庁内連携システム\nその他 (中間サーバー)"),
                        ("I-5-①", "実施する"),
                        ("II-4-委託の有無", "委託しない")]:
        subprocess.run([PIAFORM, "set", p, path, value], check=True)
    return p


def width(line, ambi):
    return sum(char_width(c, ambi) for c in line)


def check_alignment(text, ambi, cols=80):
    frame = None
    for n, line in enumerate(text.splitlines()):
        w = width(line, ambi)
        assert w <= cols, "line %d is %d columns wide: %r" % (n, w, line)
        for sep in ("│", "|"):
            if 0 < n < 17 and sep in line:
                col = width(line[:line.index(sep)], ambi)
                if frame is None:
                    frame = col
                assert col == frame, "frame at column %d on line %d, %d above: %r" % (
                    col, n, frame, line)


def golden(name, text):
    path = os.path.join(GOLDEN, name)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return
    with open(path, encoding="utf-8") as f:
        want = f.read()
    if want != text:
        import difflib
        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                            name, "actual"))
        raise AssertionError("screen differs from %s:\n%s" % (name, diff))


def view(name, goto, keys=b""):
    def test():
        doc = setup_doc()
        for ambi in (1, 2):
            p = Pty([PIAFORM, "--ambiwidth", str(ambi), "--goto", goto, os.path.basename(doc)],
                    80, 24, ambi, cwd=WORK)
            try:
                p.settle()
                if keys:
                    p.send(keys)
                    p.settle()
                text = p.screen.text()
                assert not p.screen.unknown, p.screen.unknown
                check_alignment(text, ambi)
                golden("screen-%s-ambi%d.txt" % (name, ambi), text)
            finally:
                p.close()
    test.__name__ = "test_screen_" + name
    return test


TESTS = [
    view("basic-info", "I-5-①"),
    view("checks", "I-2-システム1-③"),
    view("not-applicable", "II-4-件数"),
    view("help", "I-1-①", b"\x1bOP"),
]


def main():
    suite = Suite()
    for t in TESTS:
        suite.run(t)
    suite.finish()


if __name__ == "__main__":
    main()
