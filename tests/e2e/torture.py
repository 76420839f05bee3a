# SPDX-License-Identifier: GPL-3.0-or-later
"""The kill -9 torture test. The real editor, in a pseudo-terminal, types a known Japanese text
into a multi-line answer in bursts (some ending with Ctrl-S, so that kills also land inside
saves) and is killed with SIGKILL at a random moment; then `piaform recover` must restore
exactly what had been typed, and the document must parse, before and after recovery.

What "exactly" means. A burst is written to the terminal in one go. Before the next burst is
written, the test waits until the editor's screen shows everything typed so far: those
characters were received and processed ("confirmed"). The last burst of a run is in flight
when the kill comes: written whole or in part (possibly cut inside a UTF-8 character), then
killed at once, a little later, or after it too was confirmed. Recovery must give the text
T[:m] for some m with len(confirmed) <= m <= len(sent): every confirmed character is back,
nothing was invented or reordered, and of the burst in flight only a tail may be missing (the
characters still in the terminal's input queue, or read but not yet processed).

Seeded and reproducible in its choices (PIAFORM_TORTURE_SEED, PIAFORM_TORTURE_RUNS); the kill
timing itself is up to the machine, which is the point. Run by tests/e2e/torture.sh."""
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vt import Pty  # noqa: E402

try:
    import yaml
except ImportError:
    yaml = None

PIAFORM = os.environ.get("PIAFORM", "./piaform")
SEED = int(os.environ.get("PIAFORM_TORTURE_SEED", "20240524"))
RUNS = int(os.environ.get("PIAFORM_TORTURE_RUNS", "60"))
ITEM = "I-1-②"
RESET_EVERY = 4  # runs on one document before starting a fresh one
TEXT = (
    "特定個人情報保護評価は、個人番号を含む特定個人情報ファイルを保有しようとする又は保有する"
    "行政機関等が、個人のプライバシー等の権利利益に与える影響を予測した上で、特定個人情報の"
    "漏えいその他の事態を発生させるリスクを分析し、リスクを軽減するための適切な措置を講ずる"
    "ことを宣言するものである。\n"
    "国民年金法に基づく被保険者資格の管理、保険料免除申請の受付及び審査を行う。\n"
    "住民基本台帳ネットワークシステムを通じて本人確認情報を照会する（𠮷野家の「吉」ではない）。\n"
)
WORK = tempfile.mkdtemp(prefix="piaform-torture-")
ENV = {"XDG_STATE_HOME": os.path.join(WORK, "state"), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
       "LANGUAGE": ""}
CTRL_S = b"\x13"


def piaform(*args):
    e = dict(os.environ)
    e.pop("PIAFORM_FORMS_DIR", None)
    e.update(ENV)
    r = subprocess.run([PIAFORM] + list(args), capture_output=True, env=e)
    r.stdout = r.stdout.decode("utf-8", "replace")
    r.stderr = r.stderr.decode("utf-8", "replace")
    return r


ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
           "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\u0085",
           "_": "\u00a0", "L": "\u2028", "P": "\u2029"}


def unquote(s):
    """A YAML double-quoted scalar written on one line (libyaml quotes text with 𠮷)."""
    out, i = [], 0
    while i < len(s):
        if s[i] != "\\":
            out.append(s[i])
            i += 1
            continue
        e = s[i + 1]
        if e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            out.append(chr(int(s[i + 2:i + 2 + n], 16)))
            i += 2 + n
        else:
            out.append(ESCAPES[e])
            i += 2
    return "".join(out)


def stored_text(path):
    """The answer at ITEM, read from the YAML itself: `piaform get` cannot tell "text" from
    "text\\n", and a kill may well land just after a line break."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^( *)naiyo: ?(.*)$", line)
        if not m:
            continue
        key_indent, v = len(m.group(1)), m.group(2)
        if v.startswith("|"):
            chomp = "-" if "-" in v else "+" if "+" in v else ""
            digits = re.sub(r"\D", "", v)
            body = []
            for k in range(i + 1, len(lines)):
                nxt = lines[k]
                if nxt.strip() and len(nxt) - len(nxt.lstrip(" ")) <= key_indent:
                    break
                if k == len(lines) - 1 and nxt == "":
                    break  # the file's own last line break
                body.append(nxt)
            indent = key_indent + int(digits) if digits else min(
                (len(b) - len(b.lstrip(" ")) for b in body if b.strip()), default=0)
            full = "".join(b[indent:] + "\n" for b in body)
            if chomp == "+":
                return full
            text = full.rstrip("\n")
            return text + ("\n" if chomp == "" and text else "")
        if v.startswith("'"):
            return v[1:-1].replace("''", "'")
        if v.startswith('"'):
            return unquote(v[1:-1])
        return v
    return ""


def screen_field(screen):
    """The focused multi-line answer as drawn: wrapped lines joined, line breaks lost, and
    spaces dropped (the text has none, so a blank cell left over by a redraw cannot hide a
    difference)."""
    out = []
    for line in screen.split("\n"):
        if line.startswith(">    "):
            out.append(line[5:])
    return "".join(out).replace(" ", "")


class Run:
    def __init__(self, path):
        self.t = Pty([PIAFORM, "--ambiwidth", "1", "--goto", ITEM, path], 60, 40, 1, env=ENV)

    def shows(self, text, timeout=5.0):
        """Wait until the screen shows text in the field: it was received and processed."""
        want = text.replace("\n", "").replace(" ", "")
        end = time.time() + timeout
        while time.time() < end:
            self.t.pump(0.02)
            if screen_field(self.t.screen.text()) == want:
                return
        raise AssertionError("the editor does not show %r; screen:\n%s"
                             % (text, self.t.screen.text()))

    def write(self, data):
        os.write(self.t.fd, data)

    def kill(self):
        os.kill(self.t.pid, signal.SIGKILL)
        os.waitpid(self.t.pid, 0)
        try:
            while self.t.pump(0.01):
                pass
        finally:
            os.close(self.t.fd)


def main():
    rng = random.Random(SEED)
    path = os.path.join(WORK, "torture.yaml")
    current = ""  # the answer as the document and its journal hold it
    stream = 0  # where the next burst starts in TEXT (cyclically)
    stats = {"now": 0, "soon": 0, "split": 0, "settled": 0, "saves": 0, "lost": 0}
    failures = 0
    t0 = time.time()
    for run in range(RUNS):
        if run % RESET_EVERY == 0:
            if os.path.exists(path):
                os.unlink(path)
            r = piaform("new", "--form", "juten", path)
            assert r.returncode == 0, r.stderr
            current, stream = "", rng.randrange(len(TEXT))
        ed = Run(path)
        try:
            ed.t.wait_for(ITEM)
            ed.shows(current)
            sent = confirmed = current
            bursts = rng.randint(1, 4)
            for b in range(bursts):
                n = rng.randint(1, 12)
                chunk = "".join(TEXT[(stream + k) % len(TEXT)] for k in range(n))
                stream += n
                save = rng.random() < 0.2
                stats["saves"] += save
                data = chunk.replace("\n", "\r").encode() + (CTRL_S if save else b"")
                if b < bursts - 1:
                    ed.write(data)
                    sent += chunk
                    ed.shows(sent)
                    confirmed = sent
                    continue
                mode = rng.choice(["now", "soon", "split", "settled"])
                stats[mode] += 1
                if mode == "split":
                    cut = rng.randint(1, len(data) - 1) if len(data) > 1 else 1
                    part = data[:cut]
                    ed.write(part)
                    # a character cut in two is not typed yet
                    sent += part.replace(b"\r", b"\n").replace(CTRL_S, b"").decode(
                        "utf-8", "ignore")
                    time.sleep(rng.uniform(0, 0.01))
                else:
                    ed.write(data)
                    sent += chunk
                    if mode == "soon":
                        time.sleep(rng.uniform(0, 0.03))
                    elif mode == "settled":
                        ed.shows(sent)
                        confirmed = sent
            ed.kill()
        except Exception:
            ed.kill()
            raise
        # the file parses even when the kill came in the middle of a save
        r = piaform("check", path)
        assert r.returncode != 2, "run %d: the document does not parse: %s" % (run, r.stderr)
        r = piaform("recover", path)
        assert r.returncode == 0, "run %d: recover failed: %s%s" % (run, r.stdout, r.stderr)
        r = piaform("check", path)
        assert r.returncode != 2, "run %d: recovered document does not parse: %s" % (
            run, r.stderr)
        got = stored_text(path)
        if yaml is not None:  # the small reader above agrees with a real one
            with open(path, encoding="utf-8") as f:
                tree = yaml.safe_load(f)
            want = tree["answers"].get("kihon", {}).get("jimu", {}).get("naiyo", "")
            assert got == want, "run %d: read %r, PyYAML reads %r" % (run, got, want)
        ok = sent.startswith(got) and len(got) >= len(confirmed)
        if not ok:
            failures += 1
            print("FAIL run %d (seed %d): recovered %r\n  confirmed %r\n  sent      %r"
                  % (run, SEED, got, confirmed, sent))
        else:
            stats["lost"] += len(sent) - len(got)
        current = got
        leftovers = [f for f in os.listdir(WORK) if f.endswith(".piaform-journal")]
        assert not leftovers, "run %d: recover left %s" % (run, leftovers)
    print("%d runs in %.1f s, seed %d: kills %s; %d saves; %d characters of bursts in flight "
          "not yet received" % (RUNS, time.time() - t0, SEED,
                                ", ".join("%s %d" % (k, stats[k])
                                          for k in ("now", "soon", "split", "settled")),
                                stats["saves"], stats["lost"]))
    print("%d passed, %d failed" % (RUNS - failures, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    try:
        main()
    finally:
        subprocess.run(["rm", "-rf", WORK])
