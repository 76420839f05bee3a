# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end tests of what keeps typed work safe: the journal after a hang-up, SIGTERM and a
crash; SIGINT that does not quit; the lock held by a live editor and the one a dead editor
left; a file changed on disk before saving; a directory the journal cannot be written to; and
hostile text in a document reaching the terminal only in visible form. The real editor runs
in a pseudo-terminal (vt.py). Run by tests/e2e/journal.sh (make check)."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxdrive import Suite  # noqa: E402
from vt import Pty  # noqa: E402

PIAFORM = os.environ.get("PIAFORM", "./piaform")
WORK = tempfile.mkdtemp(prefix="piaform-journal-")
STATE = os.path.join(WORK, "state")  # never the real ~/.local/state
ENV = {"XDG_STATE_HOME": STATE, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": ""}

F2, F10 = b"\x1bOQ", b"\x1b[21~"
CTRL_S, CTRL_Q = b"\x13", b"\x11"


def doc(name):
    return os.path.join(WORK, name)


def run(*args, env=None, check=False):
    e = dict(os.environ)
    e.pop("PIAFORM_FORMS_DIR", None)
    e.update(ENV)
    e.update(env or {})
    r = subprocess.run([PIAFORM] + list(args), capture_output=True, env=e)
    # decoded by hand: text mode would turn a carriage return in an answer into a newline
    r.stdout = r.stdout.decode("utf-8", "replace")
    r.stderr = r.stderr.decode("utf-8", "replace")
    if check:
        assert r.returncode == 0, "%s: %s" % (" ".join(args), r.stderr)
    return r


def new(name, form="juten"):
    p = doc(name)
    if os.path.exists(p):
        os.unlink(p)
    run("new", "--form", form, p, check=True)
    return p


def get(path, item):
    r = run("get", path, item, check=True)
    return r.stdout.rstrip("\n")


def journal_beside(path):
    d, b = os.path.split(path)
    return os.path.join(d, "." + b + ".piaform-journal")


class Editor(Pty):
    """The editor in a pty, with its exit status."""

    def __init__(self, path, *extra, cols=100, rows=30, env=None, argv0=None):
        e = dict(ENV)
        e.update(env or {})
        argv = (argv0 or []) + [PIAFORM, "--ambiwidth", "1"] + list(extra) + [path]
        super().__init__(argv, cols, rows, 1, env=e)
        self.status = None
        self.closed = False

    def type(self, s):
        self.send(s.replace("\n", "\r"))

    def wait_exit(self, timeout=5.0):
        """The exit code (negative: the signal that ended it)."""
        end = time.time() + timeout
        while time.time() < end:
            if not self.closed:
                self.pump(0.02)
            else:
                time.sleep(0.02)
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(st)
                return self.status
        raise AssertionError("the editor did not end; screen:\n" + self.screen.text())

    def hang_up(self):
        """Close the terminal, as a dropped SSH connection does."""
        os.close(self.fd)
        self.closed = True

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.status = -9
        if not self.closed:
            os.close(self.fd)
            self.closed = True


def typed(path, item, text):
    """Start the editor at item, type text and wait until it is on the screen."""
    t = Editor(path, "--goto", item)
    t.wait_for(item)
    t.type(text)
    t.wait_for(text.split("\n")[0])
    t.settle(0.2)
    return t


# --- signals ---

def test_hangup_keeps_the_journal():
    p = new("hup.yaml")
    t = typed(p, "I-1-②", "回線が切れる前の文\n二行目")
    try:
        t.hang_up()
        assert t.wait_exit() == 1, t.status
    finally:
        t.close()
    assert os.path.exists(journal_beside(p))
    assert not [f for f in os.listdir(WORK) if f.endswith(".piaform-save")]
    r = run("recover", "--dry-run", p)
    assert r.returncode == 0 and "回線が切れる前の文" in r.stdout, r.stdout + r.stderr
    assert get(p, "I-1-②") == ""  # --dry-run changes nothing
    run("recover", p, check=True)
    assert get(p, "I-1-②") == "回線が切れる前の文\n二行目"
    assert not os.path.exists(journal_beside(p))


def test_sigterm_restores_the_terminal():
    p = new("term.yaml")
    t = typed(p, "I-1-①", "終了前")
    try:
        mark = len(t.raw)
        os.kill(t.pid, signal.SIGTERM)
        assert t.wait_exit() == 1, t.status
        tail = bytes(t.raw[mark:])
        assert b"\x1b[?2004l" in tail and b"\x1b[?1049l" in tail, tail
    finally:
        t.close()
    run("recover", p, check=True)
    assert get(p, "I-1-①") == "終了前"


def test_sigint_does_not_quit():
    p = new("int.yaml")
    t = typed(p, "I-1-①", "割り込み")
    try:
        os.kill(t.pid, signal.SIGINT)
        t.wait_for("Ctrl-C does not quit")
        t.type("後も")
        t.wait_for("割り込み後も")
        t.send(b"\x03")  # Ctrl-C as a key
        t.wait_for("Ctrl-C does not quit")
        t.type("続く")
        t.wait_for("割り込み後も続く")
        t.send(CTRL_S)
        t.wait_for("saved")
        t.send(CTRL_Q)
        assert t.wait_exit() == 0, t.status
    finally:
        t.close()
    assert get(p, "I-1-①") == "割り込み後も続く"
    assert not os.path.exists(journal_beside(p))


def test_crash_restores_the_terminal_and_dies():
    p = new("segv.yaml")
    t = typed(p, "I-1-②", "落ちる前")
    try:
        mark = len(t.raw)
        os.kill(t.pid, signal.SIGSEGV)
        st = t.wait_exit()
        assert st == -signal.SIGSEGV, st
        tail = bytes(t.raw[mark:])
        assert b"\x1b[?2004l" in tail and b"\x1b[?1049l" in tail, tail
    finally:
        t.close()
    run("recover", p, check=True)
    assert get(p, "I-1-②") == "落ちる前"


# --- locking ---

def test_live_holder_read_only_or_quit():
    p = new("live.yaml")
    a = typed(p, "I-1-①", "先の人")
    try:
        b = Editor(p)
        try:
            s = b.wait_for("is being edited by")
            assert "pid %d" % a.pid in s, s
            b.send(b"\r")  # open read-only
            b.wait_for("read-only")
            b.type("x")
            b.wait_for("another piaform is editing")
            b.send(F2)
            b.wait_for("read-only: nothing is saved")
            b.send(F10)
            assert b.wait_exit() == 0
        finally:
            b.close()
        b = Editor(p)
        try:
            b.wait_for("is being edited by")
            b.send(b"2")  # quit
            assert b.wait_exit() == 0
        finally:
            b.close()
        # the holder's journal is untouched and it saves normally
        assert os.path.exists(journal_beside(p))
        a.send(F2)
        a.wait_for("saved")
        a.send(F10)
        assert a.wait_exit() == 0
    finally:
        a.close()
    assert get(p, "I-1-①") == "先の人"
    assert not os.path.exists(journal_beside(p))


def test_dead_holder_offers_recovery():
    p = new("dead.yaml")
    a = typed(p, "I-1-②", "消えた編集\n二行目")
    a.close()  # kill -9
    b = Editor(p)
    try:
        s = b.wait_for("Unsaved work from a session that ended")
        assert "pid %d" % a.pid in s, s
        assert "I-1-②: (unanswered) → 「消えた編集⏎二行目」" in s, s
        b.send(b"\r")  # recover
        b.wait_for("recovered")
        b.send(F2)
        b.wait_for("saved")
        b.send(F10)
        assert b.wait_exit() == 0
    finally:
        b.close()
    assert get(p, "I-1-②") == "消えた編集\n二行目"
    assert not os.path.exists(journal_beside(p))
    # again, and discard this time
    a = typed(p, "I-1-①", "捨てる文")
    a.close()
    b = Editor(p)
    try:
        b.wait_for("Unsaved work")
        b.send(b"2")
        b.wait_for("Discard the unsaved changes for good?")
        b.send(b"y")
        b.wait_for("discarded")
        b.send(F10)
        assert b.wait_exit() == 0
    finally:
        b.close()
    assert get(p, "I-1-①") == ""
    assert not os.path.exists(journal_beside(p))


def test_recover_refuses_while_the_editor_runs():
    p = new("busy.yaml")
    a = typed(p, "I-1-①", "編集中")
    try:
        r = run("recover", p)
        assert r.returncode == 1 and "is being edited by" in r.stderr, r.stderr
        assert os.path.exists(journal_beside(p))
    finally:
        a.close()
    run("recover", p, check=True)
    assert get(p, "I-1-①") == "編集中"


def test_symlinked_document_shares_one_lock():
    """Opened through a symlink, the document is its target: one journal beside the target,
    one lock whichever name is used, and saving keeps the link."""
    real = new("target.yaml")
    sub = os.path.join(WORK, "links")
    os.makedirs(sub, exist_ok=True)
    link = os.path.join(sub, "link.yaml")
    os.symlink(real, link)
    a = typed(link, "I-1-①", "リンク経由")
    try:
        assert os.path.exists(journal_beside(real))
        assert not os.path.exists(journal_beside(link))
        b = Editor(real)
        try:
            b.wait_for("is being edited by")
            b.send(b"2")
            assert b.wait_exit() == 0
        finally:
            b.close()
    finally:
        a.close()
    run("recover", link, check=True)
    assert os.path.islink(link)
    assert get(real, "I-1-①") == "リンク経由"
    assert not os.path.exists(journal_beside(real))


# --- saving under failure ---

def test_changed_on_disk_is_not_overwritten_blindly():
    p = new("race.yaml")
    t = typed(p, "I-1-①", "こちらの変更")
    try:
        run("set", p, "I-6-②", "課長", check=True)
        t.send(F2)
        t.wait_for("changed on disk since it was opened")
        t.send(b"n")
        t.wait_for("not saved")
        assert get(p, "I-6-②") == "課長" and get(p, "I-1-①") == ""
        t.send(F2)
        t.wait_for("changed on disk since it was opened")
        t.send(b"y")
        t.wait_for("saved")
        t.send(F10)
        assert t.wait_exit() == 0
    finally:
        t.close()
    assert get(p, "I-1-①") == "こちらの変更" and get(p, "I-6-②") == ""
    # a touch alone (same bytes) is no change
    t = typed(p, "I-1-①", "追記")
    try:
        os.utime(p, (time.time() + 5, time.time() + 5))
        t.send(F2)
        t.wait_for("saved")
        t.send(F10)
        assert t.wait_exit() == 0
    finally:
        t.close()
    assert get(p, "I-1-①") == "こちらの変更追記"


def test_unwritable_directory_journals_in_state_dir():
    nobody = []
    if os.geteuid() == 0:
        # root writes anywhere: run the editor as nobody
        if shutil.which("setpriv") is None:
            print("setpriv missing: skipped")
            return
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    ro = os.path.join(WORK, "ro")
    state = os.path.join(WORK, "ro-state")
    os.makedirs(ro)
    os.makedirs(state)
    p = os.path.join(ro, "doc.yaml")
    run("new", "--form", "juten", p, check=True)
    os.chmod(WORK, 0o755)
    if nobody:
        os.chmod(p, 0o666)
        os.chown(state, 65534, 65534)
    else:
        os.chmod(ro, 0o555)
    env = {"XDG_STATE_HOME": state, "HOME": state}
    t = Editor(p, "--goto", "I-1-①", env=env, argv0=nobody)
    try:
        t.wait_for("I-1-①")
        t.type("読み取り専用の場所")
        t.wait_for("読み取り専用の場所")
        t.send(F2)
        t.wait_for("cannot save")
        s = t.wait_for("journal")
        found = os.listdir(os.path.join(state, "piaform"))
        assert len(found) == 1 and found[0].startswith("doc.yaml."), found
        assert not os.path.exists(journal_beside(p))
    finally:
        t.close()
    r = run("recover", "--dry-run", p, env=env)
    assert "読み取り専用の場所" in r.stdout, r.stdout + r.stderr
    os.chmod(ro, 0o755)


def test_disk_full_loses_nothing():
    """A full disk: the save fails and leaves the file as it was, the journal says it cannot
    write; once there is room again the journal catches up (a snapshot) and a kill -9 then
    loses nothing. Needs a small tmpfs, so root only."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        print("not root: the disk-full test needs a tmpfs (tests/io/test_journal injects it)")
        return
    mnt = os.path.join(WORK, "full")
    os.makedirs(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt]).returncode:
        print("cannot mount a tmpfs: skipped")
        return
    try:
        p = os.path.join(mnt, "doc.yaml")
        run("new", "--form", "juten", p, check=True)
        t = typed(p, "I-1-①", "満杯前")
        try:
            filler = os.path.join(mnt, "filler")
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                while os.write(fd, b"\0" * 4096) > 0:
                    pass
            except OSError:
                pass
            os.close(fd)
            big = "満" * 3000
            t.send(b"\x1b[200~" + big.encode() + b"\x1b[201~")
            t.wait_for("the journal cannot be written")
            t.send(F2)
            t.wait_for("cannot save")
            assert run("check", p).returncode != 2
            assert get(p, "I-1-①") == ""  # the file is as it was
            os.unlink(filler)
            t.type("続き")
            t.wait_for("続き")
            t.settle(0.2)
        finally:
            t.close()  # kill -9
        run("recover", p, check=True)
        assert get(p, "I-1-①") == "満杯前" + big + "続き"
    finally:
        # lazily if something still holds it open, so that no mount outlives the test
        if subprocess.run(["umount", mnt]).returncode:
            subprocess.run(["umount", "-l", mnt])


def test_new_document_never_saved():
    p = doc("never-saved.yaml")
    t = Editor(p, "--form", "kiso", "--goto", "I-1-①")
    try:
        t.wait_for("new document")
        t.type("新しい文書")
        t.wait_for("新しい文書")
        t.settle(0.2)
    finally:
        t.close()
    assert not os.path.exists(p)
    # the editor offers it back, and knows the form from the journal
    t = Editor(p)
    try:
        s = t.wait_for("Unsaved work")
        assert "基礎項目評価書" in s, s
        t.send(b"4")  # quit, keep it
        assert t.wait_exit() == 0
    finally:
        t.close()
    r = run("recover", p)
    assert r.returncode == 0, r.stderr
    r = run("check", p)
    assert r.returncode == 1 and "kiso" in open(p, encoding="utf-8").read(), r.stdout
    assert "新しい文書" in open(p, encoding="utf-8").read()


def test_recover_after_the_file_changed():
    p = new("changed.yaml")
    t = typed(p, "I-1-①", "日記")
    t.close()
    run("set", p, "I-6-②", "課長", check=True)
    r = run("recover", p)
    assert r.returncode == 1 and "changed on disk" in r.stderr, r.stderr
    assert get(p, "I-1-①") == ""
    r = run("recover", "--force", p)
    assert r.returncode == 0, r.stderr
    assert get(p, "I-1-①") == "日記" and get(p, "I-6-②") == "課長"


# --- hostile text ---

HOSTILE = ("T1\x1b]0;PWNED\x07T2\x1b[31mRED\x1b[0mNO\rOK\u202eRTL\u200bZW\u009b2J"
           "\u0085NEL\x07BEL\x08BS")
VISIBLE = ["^[]0;PWNED^G", "^[[31mRED^[[0m", "NO^MOK", "<U+202E>RTL", "<U+200B>ZW",
           "<U+009B>2J", "<U+0085>NEL", "^GBEL", "^HBS"]
RAW_FORBIDDEN = [b"\x1b]", b"\x07", b"\x1b[31mRED", b"NO\rOK", b"\x08BS",
                 "\u202e".encode(), "\u200b".encode(), "\u009b".encode(), "\u0085".encode()]


def yaml_quoted(s):
    """s as a YAML double-quoted scalar, every control and format character escaped."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7F or ord(ch) > 0x3000:
            out.append(ch)
        else:
            out.append("\\u%04x" % ord(ch))
    return '"' + "".join(out) + '"'


def hostile_doc(name):
    p = doc(name)
    with open(p, "w", encoding="utf-8") as f:
        f.write("piaform: 1\nform: juten\nrevision: 平成30年5月 様式3\nanswers:\n"
                "  cover:\n    title: %s\n    remarks: %s\n"
                % (yaml_quoted(HOSTILE), yaml_quoted("line1\n" + HOSTILE)))
    r = run("check", p)
    assert r.returncode == 1, r.stdout + r.stderr
    return p


def test_hostile_text_reaches_the_terminal_only_visibly():
    p = hostile_doc("hostile\x1b[7m.yaml")
    t = Editor(p, "--goto", "表紙-特記事項", cols=140, rows=40)
    try:
        t.wait_for("<U+0085>NEL")
        s = t.settle(0.3)
        for v in VISIBLE:
            assert v in s, (v, s)
        assert "hostile^[[7m.yaml" in s, s
        raw = bytes(t.raw)
        for bad in RAW_FORBIDDEN + [b"hostile\x1b[7m"]:
            assert bad not in raw, (bad, raw)
        # the terminal saw no sequence it could not draw (a title change, a bell …)
        assert not t.screen.unknown, t.screen.unknown
        t.send(F10)
        assert t.wait_exit() == 0
    finally:
        t.close()


def journal_record(kind, *fields):
    """One journal line, as src/io/journal.c writes it."""
    esc = [f.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
           .replace("\r", "\\r").replace("\0", "\\0") for f in fields]
    body = "\t".join([kind] + esc)
    return "%08x\t%s\n" % (zlib.crc32(body.encode()), body)


def test_recover_shows_hostile_text_visibly():
    p = new("hostile-journal.yaml")
    a = typed(p, "I-1-①", "安全")
    a.close()
    with open(journal_beside(p), "a", encoding="utf-8") as f:
        f.write(journal_record("S", "I-1-②", "=" + HOSTILE))
    r = run("recover", "--dry-run", p)
    assert r.returncode == 0, r.stderr
    for bad in ["\x1b", "\x07", "\r", "\u202e", "\u200b", "\u009b", "\u0085"]:
        assert bad not in r.stdout, (bad, r.stdout)
    assert "<U+202E>RTL" in r.stdout and "NO^MOK" in r.stdout, r.stdout
    run("recover", p, check=True)
    assert get(p, "I-1-②") == HOSTILE


def main():
    suite = Suite()
    try:
        for name, fn in list(globals().items()):
            if name.startswith("test_") and callable(fn):
                if len(sys.argv) > 1 and name not in sys.argv[1:]:
                    continue
                suite.run(fn)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    suite.finish()


if __name__ == "__main__":
    main()
