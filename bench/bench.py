# SPDX-License-Identifier: GPL-3.0-or-later
"""make bench: piaform against what a user would otherwise run on the same files, side by side
in one run, as ratios taken pair by pair (absolute times drift on shared machines; ratios of
runs made back to back hold). Prints a table and writes bench/results.md.

    bench.py PIAFORM SRCDIR BENCH_PARSE
Exit status 0 when every figure was measured (targets met or not), 1 when some could not be
(vim missing, a program that would not start)."""
import datetime
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptydrive  # noqa: E402

# The sentence typed into a multi-line answer, one character at a time, in both editors.
SENTENCE = "転入届の受付後、住民票の写しを窓口及びコンビニエンスストアで交付する。"
# The multi-line answer both editors type after, the same in every document.
ANSWER = "住民基本台帳法に基づく住民票の記載及び証明書の交付。\n転入届等の届出の受付。\n住民票の写しの交付。"
SIZES = [(80, 24), (120, 40)]
# the order of the table
GROUPS = ["first screen", "bytes per typed character", "keystroke cost", "check",
          "load + save round trip", "peak memory", "form loading"]
WORK = None  # where the documents are; the editors run on them and are then killed


def clear_journals():
    """Remove what killed editors leave beside the documents (piaform's journal, which would
    make the next start offer a recovery), so that every run starts the same way."""
    for name in os.listdir(WORK):
        if name.startswith(".") and name.endswith(".piaform-journal"):
            os.unlink(os.path.join(WORK, name))


def typing(*args, **kw):
    clear_journals()
    try:
        return ptydrive.typing(*args, **kw)
    finally:
        clear_journals()


def median_range(v):
    return statistics.median(v), min(v), max(v)


def fmt_mr(v, unit="", prec=1):
    if not v:
        return "—"
    m, lo, hi = median_range(v)
    return "%.*f%s [%.*f–%.*f]" % (prec, m, unit, prec, lo, prec, hi)


def run_process(argv):
    """(wall s, CPU s, exit status) of one run, from the kernel's own account."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    return wall, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)


def peak_rss(argv, scratch):
    """Peak resident memory (MiB) of a command, as /usr/bin/time -v reports it; None without
    /usr/bin/time. (Not os.wait4 here: a child of this big Python process starts with its
    parent's high-water mark, which survives the exec.)"""
    if not os.access("/usr/bin/time", os.X_OK):
        return None
    subprocess.run(["/usr/bin/time", "-v", "-o", scratch] + argv, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with open(scratch) as f:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
    return int(m.group(1)) / 1024 if m else None


class Bench:
    def __init__(self, piaform, srcdir, bench_parse):
        self.piaform, self.srcdir, self.bench_parse = piaform, srcdir, bench_parse
        self.work = os.path.join(os.path.dirname(bench_parse), "work")
        global WORK
        WORK = self.work
        self.vim = shutil.which("vim")
        self.rows = []  # (group, figure, piaform, other, ratio text, target, verdict)
        self.notes = []
        self.missing = []
        self.docs = {}  # scale -> (path, bytes)
        self.typing_docs = {}  # scale -> (path, line of the answer's last line)

    # --- helpers ---

    def add(self, group, figure, ours, theirs, ratio, target, ok):
        verdict = "—" if ok is None else ("met" if ok else "MISSED")
        self.rows.append((group, figure, ours, theirs, ratio, target, verdict))

    def say(self, text):
        print(text, flush=True)

    def pia(self, *args, stdin=None):
        return subprocess.run([self.piaform] + list(args), input=stdin, capture_output=True,
                              text=True)

    def vim_argv(self, *args):
        # no vimrc but vim's defaults.vim (what a user without a vimrc gets), no swap file,
        # no viminfo: nothing from earlier runs changes a run
        return [self.vim, "-u", "DEFAULTS", "-N", "-n", "-i", "NONE"] + list(args)

    # --- documents ---

    def make_docs(self):
        fixture = os.path.join(self.srcdir, "tests", "data", "docs", "seed003.pia.yaml")
        forms = os.path.join(self.srcdir, "forms")
        self.fixture_name = "tests/data/docs/seed003.pia.yaml (seed 003's content)"
        if not os.path.exists(fixture):
            self.fixture_name = "generated (seed003.pia.yaml missing)"
            self.notes.append("tests/data/docs/seed003.pia.yaml is missing: the 1× document "
                              "is a generated full 全項目評価書 (4 files, 3 of each repeat).")
        out = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen.py"),
                              self.piaform, forms, fixture, self.work, "1", "10", "100"],
                             check=True, capture_output=True, text=True).stdout
        base = None
        for line in out.splitlines():
            scale, path, size, files = line.split("\t")
            self.docs[int(scale)] = (path, int(size))
            if scale == "1":
                base = int(size)
            else:
                self.notes.append(
                    "%s× document: %d 特定個人情報ファイル, every repeat at 20, %.1f MB = %.1f× the "
                    "fixture." % (scale, int(files), int(size) / 1e6, int(size) / base))
        big = self.docs[100][1] / base
        if big < 95:
            self.notes.append(
                "The \"100×\" document is %.0f× the fixture, not 100×: piaform refuses files "
                "over 16 MiB (YAMLIO_MAX_BYTES, doc/document-format.md), and a 100× 全項目評価書 "
                "would be %.1f MB. Its figures are per size as measured." % (big, base * 100 / 1e6))
        # typing copies: the same multi-line answer in I-1-② of every size
        for scale, (path, _) in self.docs.items():
            tp = os.path.join(self.work, "type-%dx.pia.yaml" % scale)
            shutil.copyfile(path, tp)
            r = self.pia("set", tp, "I-1-②", "-", stdin=ANSWER)
            if r.returncode != 0:
                raise RuntimeError("cannot set I-1-② in %s: %s" % (tp, r.stderr))
            self.typing_docs[scale] = (tp, answer_last_line(tp))

    # --- figures ---

    def forms_and_documents(self):
        """In-process: form loading and the document operations against bare libyaml."""
        self.say("form loading and documents (in-process, CPU time) …")
        out = subprocess.run([self.bench_parse, "-r", "21", "forms"], check=True,
                             capture_output=True, text=True).stdout
        for scale, runs in ((1, 21), (10, 11), (100, 5)):
            out += subprocess.run([self.bench_parse, "-r", str(runs), "doc", self.docs[scale][0]],
                                  check=True, capture_output=True, text=True).stdout
        res = {}
        for line in out.splitlines():
            f = line.split("\t")
            if f[0] in ("ms", "ratio"):
                res[(f[1], f[2])] = tuple(float(x) for x in f[3:6]) + (int(f[6]),)
            elif f[0] == "version":
                self.libyaml = f[2]
        self.inproc = res

        def mr(key, unit=" ms", prec=2):
            m, lo, hi, _ = res[key]
            return "%.*f%s [%.*f–%.*f]" % (prec, m, unit, prec, lo, prec, hi)

        r = res[("forms", "load/parse")]
        self.add("form loading", "all built-in forms vs bare libyaml parse of forms/*.yaml",
                 mr(("forms", "load")), mr(("forms", "parse")), mr(("forms", "load/parse"), "×"),
                 "≤ 2×", r[0] <= 2.0)
        self.add("form loading", "all built-in forms, absolute (issue 3)", mr(("forms", "load")),
                 "", "", "< 5 ms", res[("forms", "load")][0] < 5.0)
        for scale in (1, 10, 100):
            path = self.docs[scale][0]
            r = res[(path, "check/parse")]
            self.add("check", "%d× load + validate vs bare parse of the file" % scale,
                     mr((path, "check")), mr((path, "parse")), mr((path, "check/parse"), "×"),
                     "≤ 2×", r[0] <= 2.0)
        for what, key in (("check", "check"), ("load + save round trip", "roundtrip")):
            t = {s: res[(self.docs[s][0], key)][0] for s in (1, 10, 100)}
            size = {s: self.docs[s][1] for s in (1, 10, 100)}
            per_mb = " / ".join("%.1f" % (t[s] / (size[s] / 1e6)) for s in (1, 10, 100))
            slope = math.log(t[100] / t[10]) / math.log(size[100] / size[10])
            self.add(what, "growth 10× → 100×: time ∝ size^k (ms/MB at 1×/10×/100×: %s)"
                     % per_mb, "k = %.2f" % slope, "", "", "linear (k ≤ 1.15)", slope <= 1.15)

    def check_process(self):
        """`piaform check FILE` as a user runs it, against a process that only parses FILE."""
        self.say("check as a command …")
        for scale, runs in ((1, 11), (10, 5), (100, 3)):
            path = self.docs[scale][0]
            ours, theirs, ratio, rss = [], [], [], []
            for _ in range(runs):
                w1, _, rc = run_process([self.piaform, "check", path])
                w2, _, _ = run_process([self.bench_parse, "once", "parse", path])
                if rc not in (0, 1):
                    raise RuntimeError("piaform check %s: exit status %d" % (path, rc))
                ours.append(w1 * 1000)
                theirs.append(w2 * 1000)
                ratio.append(w1 / w2)
            m = peak_rss([self.piaform, "check", path], os.path.join(self.work, "time.out"))
            if m is not None:
                rss.append(m)
            self.add("check", "%d× `piaform check` process vs a process that only parses it "
                     "(wall; includes loading the forms)" % scale, fmt_mr(ours, " ms"),
                     fmt_mr(theirs, " ms"), fmt_mr(ratio, "×", 2), "(for information)", None)
            if not rss:
                if scale == 1:
                    self.missing.append("peak memory of check: /usr/bin/time is not installed "
                                        "(Debian: apt-get install time).")
            elif scale == 1:
                self.add("peak memory", "`piaform check` on the 1× document (max RSS)",
                         fmt_mr(rss, " MiB"), "", "", "≤ 16 MiB", max(rss) <= 16)
            else:
                self.add("peak memory", "`piaform check` on the %d× document (max RSS)" % scale,
                         fmt_mr(rss, " MiB"), "", "", "(for information)", None)

    def first_screen(self):
        self.say("time to the first complete screen …")
        doc = self.docs[1][0]
        plans = [((80, 24), 1, 11), ((120, 40), 1, 11), ((80, 24), 10, 5), ((80, 24), 100, 3)]
        for (cols, rows), scale, runs in plans:
            doc = self.docs[scale][0]
            pw, pc, vw, vc, ratio, cratio = [], [], [], [], [], []
            for _ in range(runs):
                a = screen_run([self.piaform, "--ambiwidth", "1", doc], cols, rows)
                b = screen_run(self.vim_argv(doc), cols, rows)
                pw.append(a[0] * 1000)
                pc.append(a[1] * 1000)
                vw.append(b[0] * 1000)
                vc.append(b[1] * 1000)
                ratio.append(a[0] / b[0])
                cratio.append(a[1] / b[1])
            target = scale == 1
            self.add("first screen", "%d× document, %d×%d terminal, wall" % (scale, cols, rows),
                     fmt_mr(pw, " ms"), fmt_mr(vw, " ms"), fmt_mr(ratio, "×", 2),
                     "≤ 0.5× vim" if target else "(for information)",
                     statistics.median(ratio) <= 0.5 if target else None)
            self.add("first screen", "%d× document, %d×%d terminal, CPU until then"
                     % (scale, cols, rows), fmt_mr(pc, " ms"), fmt_mr(vc, " ms"),
                     fmt_mr(cratio, "×", 2), "(for information)", None)
            if scale == 1 and cols == 80:
                # what a user gets without --ambiwidth: the width is asked of the terminal
                dw = [screen_run([self.piaform, doc], cols, rows)[0] * 1000 for _ in range(5)]
                self.add("first screen", "1× document, 80×24, width detected (CPR answered)",
                         fmt_mr(dw, " ms"), "", "", "(for information)", None)

    def typing_bytes(self):
        self.say("terminal bytes per typed character …")
        tp, line = self.typing_docs[1]
        for cols, rows in SIZES:
            ours, theirs, ok = [], [], True
            for _ in range(3):
                a = typing([self.piaform, "--ambiwidth", "1", "--goto", "I-1-②", tp],
                                    cols, rows, [], SENTENCE, quiet=0.1)
                b = typing(self.vim_argv("+%d" % line, tp), cols, rows, [b"A"],
                                    SENTENCE, quiet=0.1)
                ok = ok and a["echoed"] and b["echoed"]
                ours.append(sum(a["bytes"]) / a["chars"])
                theirs.append(sum(b["bytes"]) / b["chars"])
            ratio = [x / y for x, y in zip(ours, theirs)]
            self.add("bytes per typed character",
                     "%d characters typed into I-1-② (3 lines), %d×%d" % (len(SENTENCE), cols, rows),
                     fmt_mr(ours, " B"), fmt_mr(theirs, " B"), fmt_mr(ratio, "×", 2),
                     "≤ vim", statistics.median(ours) <= statistics.median(theirs))
            if not ok:
                self.notes.append("In a typing run the typed characters did not all come back "
                                  "on the screen: the bytes-per-character figure is suspect.")

    def keystroke_cost(self):
        self.say("CPU per typed character vs document size …")
        text = SENTENCE * 2
        cost = {}
        vcost = {}
        for scale in (1, 10, 100):
            tp, line = self.typing_docs[scale]
            ours, theirs = [], []
            for _ in range(3):
                a = typing([self.piaform, "--ambiwidth", "1", "--goto", "I-1-②", tp],
                                    80, 24, [], text, gap=0.03)
                b = typing(self.vim_argv("+%d" % line, tp), 80, 24, [b"A"], text,
                                    gap=0.03)
                ours.append(a["cpu"] * 1000 / a["chars"])
                theirs.append(b["cpu"] * 1000 / b["chars"])
            cost[scale], vcost[scale] = ours, theirs
            self.add("keystroke cost", "%d× document: CPU per typed character" % scale,
                     fmt_mr(ours, " ms", 3), fmt_mr(theirs, " ms", 3), "", "(for information)",
                     None)
        m1 = statistics.median(cost[1])
        for scale in (10, 100):
            r = statistics.median(cost[scale]) / m1
            self.add("keystroke cost", "%d× vs 1× (piaform; vim: %.2f×)"
                     % (scale, statistics.median(vcost[scale]) / statistics.median(vcost[1])),
                     "%.2f×" % r, "", "", "≤ 1.2× at 100×" if scale == 100 else "(for information)",
                     r <= 1.2 if scale == 100 else None)

    def editor_memory(self):
        self.say("peak memory of the editors …")
        doc = self.docs[1][0]
        ours = [editor_peak([self.piaform, "--ambiwidth", "1", doc]) for _ in range(3)]
        theirs = [editor_peak(self.vim_argv(doc)) for _ in range(3)]
        self.add("peak memory", "editor open on the 1× document (VmHWM)", fmt_mr(ours, " MiB"),
                 fmt_mr(theirs, " MiB"), fmt_mr([a / b for a, b in zip(ours, theirs)], "×", 2),
                 "≤ 16 MiB", max(ours) <= 16)

    # --- output ---

    def machine(self):
        cpu = ""
        try:
            with open("/proc/cpuinfo") as f:
                cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")),
                           "")
        except OSError:
            pass
        mem = ""
        try:
            with open("/proc/meminfo") as f:
                mem = "%.1f GiB" % (int(f.readline().split()[1]) / 1048576)
        except (OSError, ValueError, IndexError):
            pass
        try:
            rev = subprocess.run(["git", "-C", self.srcdir, "describe", "--always", "--dirty"],
                                 capture_output=True, text=True).stdout.strip()
        except OSError:
            rev = ""
        rev = rev or "not a git checkout"
        vimv = subprocess.run([self.vim, "--version"], capture_output=True,
                              text=True).stdout.splitlines()[0] if self.vim else "missing"
        return [
            ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
            ("machine", "%s %s, %s, %d CPUs, %s" % (platform.system(), platform.release(), cpu,
                                                    os.cpu_count() or 0, mem)),
            ("load average at start", " ".join("%.2f" % x for x in self.load)),
            ("piaform", "%s (%s)" % (self.pia("--version").stdout.strip(), rev)),
            ("vim", vimv),
            ("libyaml", getattr(self, "libyaml", "?")),
            ("1× document", "%s, %d bytes" % (self.fixture_name, self.docs[1][1])
             if 1 in self.docs else "—"),
        ]

    def report(self):
        self.rows.sort(key=lambda r: GROUPS.index(r[0]))  # stable: runs keep their order
        lines = []
        w = [0] * 6
        body = [("figure", "piaform", "other", "ratio", "target", "")] + [
            (r[0] + ": " + r[1], r[2], r[3], r[4], r[5], r[6]) for r in self.rows]
        for r in body:
            for i, c in enumerate(r):
                w[i] = max(w[i], len(c))
        for r in body:
            lines.append("  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip())
        self.say("")
        self.say("\n".join(lines))
        for n in self.notes:
            self.say("note: " + n)
        for m in self.missing:
            self.say("NOT MEASURED: " + m)

        md = ["# piaform benchmarks", "",
              "Written by `make bench` (bench/run.sh). Every comparison runs both programs back "
              "to back on the same file in the same run; ratios are taken pair by pair, then "
              "the median of the ratios is given with its range. Figures are medians [min–max].",
              "", "| | |", "|---|---|"]
        md += ["| %s | %s |" % kv for kv in self.machine()]
        md += ["", "| figure | piaform | compared with | ratio | target | |",
               "|---|---|---|---|---|---|"]
        for r in self.rows:
            md.append("| **%s**: %s | %s | %s | %s | %s | %s |" % r)
        md += ["", "## How each figure is taken", ""] + [
            "- **first screen**: bench/ptydrive.py starts the program in a pseudo-terminal of the "
            "given size (TERM=xterm-256color, LANG=C.UTF-8) and records every byte it writes; "
            "the screen is complete when nothing more is written for 300 ms, and the figure is "
            "the time from fork to the last byte before that quiet. vim is `vim -u DEFAULTS -N "
            "-n -i NONE FILE` (defaults.vim: syntax highlighting and filetype detection on, "
            "no swap file, no viminfo); piaform runs with `--ambiwidth 1`. The driver answers "
            "cursor position requests as a terminal would, and nothing else.",
            "- **bytes per typed character**: after the first screen, piaform opens at "
            "`--goto I-1-②`, vim at the last line of that answer with `A`; then the sentence "
            "「%s」 is typed one character at a time, waiting each time until the output has been "
            "quiet for 100 ms; the figure is all bytes written while typing / characters typed."
            % SENTENCE,
            "- **keystroke cost**: the sentence twice, one character every 30 ms; CPU time of "
            "the editor process over the typing (/proc/PID/schedstat, nanoseconds) / characters.",
            "- **check, round trip, form loading** (bench/bench_parse.c): CPU time in one "
            "process; each run parses the file bare with libyaml (every event, nothing kept), "
            "then does piaform's work on the same file: `load` is docfile_load, `check` is "
            "docfile_load + validate_document, `round trip` is docfile_load + docfile_render "
            "(serialise, emit, re-parse and compare, as a save does before writing). Form "
            "loading is formset_load of the built-in forms against a bare parse of the same "
            "bytes.",
            "- **peak memory**: the Maximum resident set size that `/usr/bin/time -v` reports "
            "for `piaform check FILE`; VmHWM of the editor process once its first screen is "
            "complete (vim the same way).",
        ]
        if self.notes:
            md += ["", "## Notes", ""] + ["- " + n for n in self.notes]
        if self.missing:
            md += ["", "## Not measured", ""] + ["- " + m for m in self.missing]
        path = os.path.join(self.srcdir, "bench", "results.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(md) + "\n")
        self.say("written: %s" % path)


def answer_last_line(path):
    """The 1-based line of the last line of kihon.jimu.naiyo (I-1-②) in a saved document."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = next(k for k, l in enumerate(lines) if l == "    jimu:")
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith("      naiyo:"))
    k = j
    while k + 1 < len(lines) and lines[k + 1].startswith("        "):
        k += 1
    return k + 1


def screen_run(argv, cols, rows):
    """(wall s to the first complete screen, CPU s spent by then)."""
    clear_journals()
    s = ptydrive.Session(argv, cols, rows)
    try:
        t = s.settle(quiet=0.3, timeout=30, need_bytes=1)
        if t is None:
            raise RuntimeError("%s drew no screen within 30 s; it wrote: %r"
                               % (" ".join(argv), s.output()[-400:]))
        return t, s.cpu_seconds()
    finally:
        s.close()
        clear_journals()


def editor_peak(argv):
    """Peak resident memory (MiB) of an editor once its first screen is up."""
    clear_journals()
    s = ptydrive.Session(argv, 80, 24)
    try:
        s.settle(quiet=0.3, timeout=30, need_bytes=1)
        with open("/proc/%d/status" % s.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")
    finally:
        s.close()
        clear_journals()


def main(argv):
    piaform, srcdir, bench_parse = argv[1:4]
    b = Bench(piaform, srcdir, bench_parse)
    b.load = os.getloadavg()
    t0 = time.monotonic()
    b.make_docs()
    b.forms_and_documents()
    b.check_process()
    if b.vim is None:
        b.missing.append("vim is not installed, so nothing could be compared with it (first "
                         "screen, bytes per character, keystroke cost, editor memory). Install "
                         "it (Debian: apt-get install vim) and run make bench again.")
    else:
        b.first_screen()
        b.typing_bytes()
        b.keystroke_cost()
        b.editor_memory()
    b.notes.append("The whole run took %.0f s." % (time.monotonic() - t0))
    b.report()
    return 1 if b.missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
