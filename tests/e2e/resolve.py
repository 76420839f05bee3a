# SPDX-License-Identifier: GPL-3.0-or-later
"""Resolve merge conflicts in the real editor (run by tests/app/git.sh on the document a git
merge left): the help pane shows ours and theirs side by side, F11 picks theirs for I-1-①,
Ctrl-P keeps both texts of I-1-② to edit on, then the document is saved.
Usage: resolve.py FILE"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from tmuxdrive import Term  # noqa: E402

PIAFORM = os.environ.get("PIAFORM", "./piaform")


def main(path):
    t = Term([PIAFORM, "--ambiwidth", "1", "--goto", "I-1-①", path], 80, 24)
    try:
        s = t.wait_for("①事務の名称")
        # the help pane: the conflict, ours and theirs, and the key that resolves it
        s = t.wait_for("Merge conflict")
        assert "ours 「年金事務」" in s, s
        assert "theirs 「国民年金の事" in s, s  # the pane wraps
        assert "(F11 resolves)" in s, s
        t.keys("F11")
        s = t.wait_for("Resolve the merge conflict")
        assert "ours: 年金事務" in s and "theirs: 国民年金の事務" in s, s
        assert "base: 国民年金事務" in s, s
        t.text("2")
        t.wait_for("the merge conflict is resolved")
        s = t.settle()
        assert "Merge conflict" not in s, s
        # the next item, a textarea: both texts, one after the other, to edit on
        t.keys("Tab")
        t.wait_for("Merge conflict")
        t.keys("C-p")
        s = t.wait_for("both, to edit on")
        t.text("4")
        t.wait_for("the merge conflict is resolved")
        t.keys("End")
        t.text("（要確認）")
        t.keys("Tab")
        t.keys("F2")
        t.wait_for("saved")
        t.keys("F10")
        status = t.exit_status()
        assert status == 0, status
    finally:
        t.close()


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except AssertionError as exc:
        print("FAIL: %s" % exc)
        sys.exit(1)
    print("ok: resolved in the editor")
