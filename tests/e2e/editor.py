# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end tests of the editor: the real binary in tmux, checking the screen and the saved
YAML. Run by tests/e2e/editor.sh (make check)."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from tmuxdrive import Suite, Term  # noqa: E402

PIAFORM = os.environ.get("PIAFORM", "./piaform")
WORK = tempfile.mkdtemp(prefix="piaform-e2e-")


def doc(name):
    return os.path.join(WORK, name)


def run(*args):
    return subprocess.run([PIAFORM] + list(args), capture_output=True, text=True)


def get(path, item):
    r = run("get", path, item)
    assert r.returncode == 0, r.stderr
    return r.stdout.rstrip("\n")


def new(name, form="juten"):
    p = doc(name)
    r = run("new", "--form", form, p)
    assert r.returncode == 0, r.stderr
    return p


def editor(path, *extra, width=80, height=24):
    return Term([PIAFORM, "--ambiwidth", "1"] + list(extra) + [path], width, height)


def save_quit(t):
    t.keys("F2")
    t.wait_for("saved")
    t.keys("F10")
    assert t.exit_status() == 0


def test_one_line_and_multi_line_japanese():
    p = new("text.yaml")
    t = editor(p, "--goto", "I-1-①")
    try:
        t.wait_for("①事務の名称")
        t.text("国民年金事務")
        t.keys("Tab")
        t.wait_for("②事務の内容")
        t.text("国民年金法に基づく被保険者資格の管理")
        t.keys("Enter")
        t.text("保険料免除申請の受付及び審査")
        s = t.wait_for("保険料免除申請")
        assert "国民年金事務" in s
        save_quit(t)
    finally:
        t.close()
    assert get(p, "I-1-①") == "国民年金事務"
    assert get(p, "I-1-②") == "国民年金法に基づく被保険者資格の管理\n保険料免除申請の受付及び審査"
    with open(p, encoding="utf-8") as f:
        assert "naiyo: |-\n" in f.read()


def test_choice_by_number_and_by_list():
    p = new("choice.yaml")
    t = editor(p, "--goto", "I-1-③")
    try:
        t.wait_for("③対象人数")
        t.keys("4")
        t.wait_for("(●) 4) 10万人以上30万人未満")
        save_quit(t)
        assert get(p, "I-1-③") == "10万人以上30万人未満"
    finally:
        t.close()
    t = editor(p, "--goto", "I-5-①")
    try:
        t.wait_for("①実施の有無")
        t.keys("Enter")
        t.wait_for("1) 実施する")
        t.keys("Down", "Enter")
        t.wait_for("(●) 2) 実施しない")
        save_quit(t)
    finally:
        t.close()
    assert get(p, "I-5-①") == "実施しない"


def test_invalid_date_is_refused_inline():
    p = new("date.yaml")
    t = editor(p, "--goto", "V-1-①")
    try:
        t.wait_for("①実施日")
        t.text("平成32年1月1日")
        t.keys("Tab")
        s = t.wait_for("past the end")
        assert "令和2年1月1日" in s
        t.keys("BTab")
        t.wait_for("①実施日")
        t.keys("C-w")
        t.text("R6.5.24")
        t.keys("Tab")
        t.wait_gone("past the end")
        save_quit(t)
    finally:
        t.close()
    assert get(p, "V-1-①") == "令和6年5月24日"


def test_check_list_with_free_text():
    p = new("checks.yaml")
    subprocess.run([PIAFORM, "set", p, "I-2-システム1-①", "宛名システム"], check=True)
    t = editor(p, "--goto", "I-2-システム1-③")
    try:
        t.wait_for("③他のシステムとの接続")
        t.keys("2")  # 庁内連携システム
        t.wait_for("[○] 庁内連携システム")
        for _ in range(5):
            t.keys("Down")
        t.keys("Enter")  # その他 ( )
        t.wait_for("その他 ( ):")
        t.text("中間サーバー")
        t.keys("Enter")
        t.wait_for("[○] その他 ( 中間サーバー )")
        t.keys("Up", "Up", "Up", "Up", "Up", " ")  # untick 庁内連携システム
        t.wait_for("[ ] 庁内連携システム")
        save_quit(t)
    finally:
        t.close()
    assert get(p, "I-2-システム1-③") == "その他 (中間サーバー)"


def test_systems_add_reorder_delete():
    p = new("systems.yaml")
    subprocess.run([PIAFORM, "set", p, "I-2-システム1-①", "国民年金システム"], check=True)
    t = editor(p, "--goto", "I-2-システム1-①", height=40, width=120)
    try:
        t.wait_for("国民年金システム")
        t.keys("F4")
        t.wait_for("システム2")
        t.keys("Tab")
        t.text("可搬型窓口装置")
        t.keys("Tab")
        t.keys("M-Up")  # Alt-Up on the instance: move システム2 up
        t.keys("BTab", "BTab", "BTab")
        t.settle()
        save_quit(t)
    finally:
        t.close()
    assert get(p, "I-2-システム2-①") in ("可搬型窓口装置", "国民年金システム")
    names = {get(p, "I-2-システム1-①"), get(p, "I-2-システム2-①")}
    assert names == {"国民年金システム", "可搬型窓口装置"}, names
    # delete システム1 with confirmation
    t = editor(p, "--goto", "I-2-システム1")
    try:
        t.wait_for("システム1")
        t.keys("F9")
        t.wait_for("Delete システム1")
        t.keys("y")
        t.wait_gone("システム2")
        save_quit(t)
    finally:
        t.close()
    assert get(p, "I-2-システム1-①") in names
    r = run("get", p, "I-2-システム2-①")
    assert r.stdout == "", r.stdout


def test_itaku_shinai_makes_items_not_applicable():
    p = new("itaku.yaml")
    subprocess.run([PIAFORM, "set", p, "II-4-委託事項1-①", "保守"], check=True)
    t = editor(p, "--goto", "II-4-委託の有無")
    try:
        t.wait_for("委託の有無")
        t.keys("2")
        t.keys("Tab")
        s = t.wait_for("「委託の有無」 is 「委託しない」")
        t.keys("Tab")
        s = t.wait_for("委託事項1")
        save_quit(t)
    finally:
        t.close()
    r = run("check", p)
    assert "II-4-委託事項1-①\twarning\tanswered, but not applicable" in r.stdout, r.stdout
    assert get(p, "II-4-委託事項1-①") == "保守"  # the answer is kept


def test_search_and_goto():
    p = new("search.yaml")
    t = editor(p, "--goto", "IV-2-①")
    try:
        t.wait_for("①連絡先")
        t.keys("C-f")
        t.wait_for("Search")
        t.text("所属長")
        t.keys("Enter")
        s = t.wait_for("found: I-6-②")
        assert "②所属長の役職名" in s
        t.keys("F5")
        t.wait_for("Search")
        t.keys("C-w") if False else None
        t.keys("BSpace", "BSpace", "BSpace")
        t.text("III-7-②")
        t.keys("Enter")
        t.wait_for("III-7-②")
        t.keys("F10")
        assert t.exit_status() == 0
    finally:
        t.close()


def test_f8_walks_problems():
    p = new("f8.yaml")
    t = editor(p)
    try:
        t.wait_for("評価書番号")
        t.keys("F8")
        s = t.wait_for("not answered")
        t.keys("F8")
        s2 = t.settle()
        assert s != s2
        t.keys("F10")
        assert t.exit_status() == 0
    finally:
        t.close()


def test_quit_with_unsaved_changes_asks():
    p = new("quit.yaml")
    t = editor(p, "--goto", "I-1-①")
    try:
        t.wait_for("①事務の名称")
        t.text("未保存の文字")
        t.keys("F10")
        t.wait_for("Save changes before quitting?")
        t.keys("c")
        t.wait_gone("Save changes before quitting?")
        t.keys("C-q")
        t.wait_for("Save changes before quitting?")
        t.keys("y")
        assert t.exit_status() == 0
    finally:
        t.close()
    assert get(p, "I-1-①") == "未保存の文字"


def test_resize_mid_edit():
    p = new("resize.yaml")
    t = editor(p, "--goto", "I-1-②", width=120, height=40)
    try:
        t.wait_for("②事務の内容")
        t.text("サイズ変更の前に書いた文")
        t.resize(80, 24)
        t.settle()
        t.text("と後で書いた文")
        s = t.wait_for("と後で書いた文")
        for line in s.splitlines():
            assert len(line) <= 80
        save_quit(t)
    finally:
        t.close()
    assert get(p, "I-1-②") == "サイズ変更の前に書いた文と後で書いた文"


def test_long_paste():
    p = new("paste.yaml")
    text = ("国民年金の被保険者資格を管理する。" * 300)[:5000]
    t = editor(p, "--goto", "I-1-②")
    try:
        t.wait_for("②事務の内容")
        t.paste(text)
        t.settle()
        save_quit(t)
    finally:
        t.close()
    assert get(p, "I-1-②") == text


def test_ambiwidth_two_uses_ascii_frames():
    p = new("ambi.yaml")
    t = Term([PIAFORM, "--ambiwidth", "2", p], 80, 24)
    try:
        s = t.wait_for("評価書番号")
        assert "│" not in s and "─" not in s, s
        assert "|" in s
        t.keys("F10")
        assert t.exit_status() == 0
    finally:
        t.close()


def test_change_table_rows():
    p = new("table.yaml")
    t = editor(p, "--goto", "別添2-変更箇所", height=30)
    try:
        t.wait_for("add a row")
        t.keys("F4")
        t.wait_for("1. 変更日:")
        t.text("R6.5.24")
        t.keys("Enter")
        t.wait_for("1. 項目:")
        t.text("I-6-②")
        t.keys("Enter")
        t.wait_for("1. 変更前の記載:")
        t.text("課長")
        t.keys("Enter")
        t.wait_for("1. 変更後の記載:")
        t.text("国民年金課長")
        t.keys("Enter")
        t.wait_for("事前")
        t.keys("Down", "Enter")
        t.wait_for("1. 提出時期に係る説明:")
        t.keys("Enter")
        t.wait_for("1. 令和6年5月24日 | I-6-② | 課長 | 国民年金課長 | 事後")
        save_quit(t)
    finally:
        t.close()
    with open(p, encoding="utf-8") as f:
        text = f.read()
    assert "- date: 令和6年5月24日\n      koumoku: I-6-②" in text, text


def test_since_marks_changes_and_appends_rows():
    pub = new("published.yaml")
    subprocess.run([PIAFORM, "set", pub, "I-6-②", "課長"], check=True)
    subprocess.run([PIAFORM, "set", pub, "I-4-法令上の根拠", "番号法第9条"], check=True)
    draft = doc("draft.yaml")
    with open(pub, "rb") as f, open(draft, "wb") as g:
        g.write(f.read())
    subprocess.run([PIAFORM, "set", draft, "I-6-②", "国民年金課長"], check=True)
    subprocess.run([PIAFORM, "set", draft, "I-4-法令上の根拠", "番号法第9条第1項"], check=True)
    t = editor(draft, "--since", pub, "--goto", "I-6-②")
    try:
        t.wait_for("②所属長の役職名 [changed]")
        t.keys("C-b")
        t.wait_for("2 rows appended")
        save_quit(t)
    finally:
        t.close()
    with open(draft, encoding="utf-8") as f:
        text = f.read()
    assert "before: 課長\n" in text and "after: 国民年金課長\n" in text, text
    assert "jiki: 事前" in text and "jiki: 事後" in text, text


def main():
    suite = Suite()
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            if len(sys.argv) > 1 and name not in sys.argv[1:]:
                continue
            suite.run(fn)
    suite.finish()


if __name__ == "__main__":
    main()
